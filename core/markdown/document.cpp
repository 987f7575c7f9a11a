#include "markdown/document.hpp"

#include "markdown/cmark.hpp"
#include "markdown/guard.hpp"
#include "util/text.hpp"

#include <cmark-gfm-core-extensions.h>

#include <algorithm>
#include <cstring>
#include <thread>

namespace quorum::markdown {

std::string_view kind_name(BlockKind kind) {
    switch (kind) {
    case BlockKind::Paragraph:
        return "paragraph";
    case BlockKind::Heading:
        return "heading";
    case BlockKind::ListItem:
        return "list_item";
    case BlockKind::TableRow:
        return "table_row";
    case BlockKind::Code:
        return "code";
    case BlockKind::Html:
        return "html";
    case BlockKind::Break:
        return "break";
    }
    return "paragraph";
}

namespace {

// Raw HTML tags that word processors leave between the parts of one cell or line.
bool is_block_like_tag(std::string_view tag) {
    size_t i = 0;
    while (i < tag.size() && (tag[i] == '<' || tag[i] == '/')) {
        ++i;
    }
    size_t start = i;
    while (i < tag.size() && std::isalnum(static_cast<unsigned char>(tag[i]))) {
        ++i;
    }
    std::string name = text::to_lower(tag.substr(start, i - start));
    static constexpr std::string_view k_names[] = {"p",  "ul", "ol", "li", "br", "div", "tr",
                                                   "td", "th", "h1", "h2", "h3", "h4",  "table"};
    return std::find(std::begin(k_names), std::end(k_names), name) != std::end(k_names);
}

std::string_view type_string(cmark_node* node) {
    const char* name = cmark_node_get_type_string(node);
    return name ? std::string_view(name) : std::string_view();
}

class Flattener {
public:
    explicit Flattener(Document& document) : m_document(document) {}

    void run(cmark_node* root) {
        cmark_iter* iter = cmark_iter_new(root);
        cmark_event_type event;
        while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
            cmark_node* node = cmark_iter_get_node(iter);
            if (event == CMARK_EVENT_ENTER) {
                enter(node);
            } else {
                exit(node);
            }
        }
        cmark_iter_free(iter);
    }

private:
    struct PendingItem {
        bool ordered = false;
        int number = 0;
        std::optional<bool> checked;
        int depth = 0;
        int line = 0;
        bool emitted = false;
    };

    void start_block(cmark_node* node, BlockKind kind) {
        m_current = Block{};
        m_current.kind = kind;
        m_current.line = cmark_node_get_start_line(node);
        m_current.end_line = std::max(cmark_node_get_end_line(node), m_current.line);
        m_current.in_quote = m_quote_depth > 0;
        m_collecting = true;
        m_newlines = 0;
        m_link_starts.clear();
    }

    void finish_block() {
        m_collecting = false;
        // Trailing separators left by raw HTML at the end of a line carry nothing.
        while (!m_current.text.empty() && m_current.text.back() == '\n') {
            m_current.text.pop_back();
        }
        m_document.blocks.push_back(std::move(m_current));
        m_current = Block{};
    }

    void enter(cmark_node* node) {
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_LIST:
            ++m_list_depth;
            return;
        case CMARK_NODE_BLOCK_QUOTE:
            ++m_quote_depth;
            return;
        case CMARK_NODE_ITEM: {
            PendingItem item;
            cmark_node* list = cmark_node_parent(node);
            item.ordered = list && cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
            if (item.ordered) {
                // cmark only stores the list's start number: count the siblings before.
                int number = cmark_node_get_list_start(list);
                for (cmark_node* sibling = cmark_node_previous(node); sibling; sibling = cmark_node_previous(sibling)) {
                    ++number;
                }
                item.number = number;
            }
            if (type_string(node) == "tasklist") {
                item.checked = cmark_gfm_extensions_get_tasklist_item_checked(node);
            }
            item.depth = m_list_depth;
            item.line = cmark_node_get_start_line(node);
            m_items.push_back(item);
            return;
        }
        case CMARK_NODE_PARAGRAPH: {
            if (m_in_table_cell) {
                return;
            }
            if (!m_items.empty() && !m_items.back().emitted) {
                PendingItem& item = m_items.back();
                start_block(node, BlockKind::ListItem);
                m_current.ordered = item.ordered;
                m_current.number = item.number;
                m_current.checked = item.checked;
                m_current.level = item.depth;
                item.emitted = true;
            } else {
                start_block(node, BlockKind::Paragraph);
                m_current.level = m_list_depth;
            }
            return;
        }
        case CMARK_NODE_HEADING:
            start_block(node, BlockKind::Heading);
            m_current.level = cmark_node_get_heading_level(node);
            return;
        case CMARK_NODE_CODE_BLOCK:
        case CMARK_NODE_HTML_BLOCK: {
            emit_empty_item_if_needed(node);
            start_block(node, cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK ? BlockKind::Code : BlockKind::Html);
            const char* literal = cmark_node_get_literal(node);
            m_current.text = literal ? literal : "";
            finish_block();
            return;
        }
        case CMARK_NODE_THEMATIC_BREAK:
            start_block(node, BlockKind::Break);
            finish_block();
            return;
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            if (m_collecting) {
                const char* literal = cmark_node_get_literal(node);
                if (literal) {
                    append(literal);
                }
            }
            return;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            if (m_collecting) {
                append("\n");
            }
            return;
        case CMARK_NODE_HTML_INLINE:
            if (m_collecting) {
                const char* literal = cmark_node_get_literal(node);
                if (literal && is_block_like_tag(literal) && !target().empty() && target().back() != '\n') {
                    append("\n");
                }
            }
            return;
        case CMARK_NODE_STRONG:
            if (m_collecting) {
                m_current.has_strong = true;
            }
            return;
        case CMARK_NODE_LINK:
        case CMARK_NODE_IMAGE:
            if (m_collecting) {
                m_link_starts.push_back(target().size());
            }
            return;
        default:
            break;
        }
        std::string_view type = type_string(node);
        if (type == "table_row" || type == "table_header") {
            start_block(node, BlockKind::TableRow);
            m_current.is_header_row = type == "table_header" || cmark_gfm_extensions_get_table_row_is_header(node);
        } else if (type == "table_cell") {
            m_in_table_cell = true;
            m_current.cells.emplace_back();
        }
    }

    void exit(cmark_node* node) {
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_LIST:
            --m_list_depth;
            return;
        case CMARK_NODE_BLOCK_QUOTE:
            --m_quote_depth;
            return;
        case CMARK_NODE_ITEM:
            emit_empty_item_if_needed(node);
            m_items.pop_back();
            return;
        case CMARK_NODE_PARAGRAPH:
            if (!m_in_table_cell && m_collecting) {
                finish_block();
            }
            return;
        case CMARK_NODE_HEADING:
            if (m_collecting) {
                finish_block();
            }
            return;
        case CMARK_NODE_LINK:
        case CMARK_NODE_IMAGE: {
            if (!m_collecting || m_link_starts.empty()) {
                return;
            }
            size_t start = m_link_starts.back();
            m_link_starts.pop_back();
            Link link;
            const char* url = cmark_node_get_url(node);
            link.url = url ? url : "";
            const std::string& text = target();
            link.text = text.substr(std::min(start, text.size()));
            link.line = m_current.line + m_newlines;
            link.is_image = cmark_node_get_type(node) == CMARK_NODE_IMAGE;
            link.is_autolink = !link.url.empty() && (link.url == link.text || link.url == "mailto:" + link.text ||
                                                     link.url == "http://" + link.text);
            m_current.links.push_back(std::move(link));
            return;
        }
        default:
            break;
        }
        std::string_view type = type_string(node);
        if (type == "table_row" || type == "table_header") {
            std::string joined;
            for (size_t i = 0; i < m_current.cells.size(); ++i) {
                if (i > 0) {
                    joined += '\t';
                }
                joined += m_current.cells[i];
            }
            m_current.text = std::move(joined);
            finish_block();
        } else if (type == "table_cell") {
            m_in_table_cell = false;
        }
    }

    // A list item that holds no paragraph ("- " alone, or an item that opens with
    // a code block) still counts as an item.
    void emit_empty_item_if_needed(cmark_node* node) {
        if (m_items.empty() || m_items.back().emitted) {
            return;
        }
        PendingItem& item = m_items.back();
        Block block;
        block.kind = BlockKind::ListItem;
        block.line = item.line;
        block.end_line = std::max(item.line, cmark_node_get_start_line(node));
        block.level = item.depth;
        block.ordered = item.ordered;
        block.number = item.number;
        block.checked = item.checked;
        block.in_quote = m_quote_depth > 0;
        m_document.blocks.push_back(std::move(block));
        item.emitted = true;
    }

    std::string& target() { return m_in_table_cell ? m_current.cells.back() : m_current.text; }

    void append(const char* piece) {
        target() += piece;
        if (!m_in_table_cell) {
            // Counted as text arrives, so a link's line is known without rescanning
            // the paragraph (a paragraph of 60,000 links stays linear).
            for (const char* c = piece; *c; ++c) {
                m_newlines += *c == '\n';
            }
        }
        if (m_in_table_cell && std::strchr(piece, '\n')) {
            // Cells are single-line; a break inside one (from raw <br>) reads as a space.
            std::replace(target().begin(), target().end(), '\n', ' ');
        }
    }

    Document& m_document;
    Block m_current;
    bool m_collecting = false;
    int m_newlines = 0; // '\n' in m_current.text so far
    bool m_in_table_cell = false;
    int m_list_depth = 0;
    int m_quote_depth = 0;
    std::vector<PendingItem> m_items;
    std::vector<size_t> m_link_starts;
};

// Where a large document can be cut in two and each half parsed on its own core
// with the same result: at a line starting in column 0 right after a blank line,
// which always opens a new top-level block, unless the cut falls inside a fenced
// code block or after a raw-HTML block that may run past blank lines. Documents
// with link reference definitions are never cut (a reference may be used in the
// other half). Returns 0 when there is no safe cut.
size_t find_split(std::string_view text) {
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    auto starts_with_ci = [](std::string_view s, std::string_view prefix) {
        if (s.size() < prefix.size()) {
            return false;
        }
        for (size_t i = 0; i < prefix.size(); ++i) {
            if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) {
                return false;
            }
        }
        return true;
    };
    size_t target = text.size() / 2;
    char fence = 0;
    size_t fence_length = 0;
    bool previous_blank = false;
    size_t split = 0;
    for (size_t start = 0; start < text.size();) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view line = text.substr(start, end - start);
        size_t indent = 0;
        while (indent < line.size() && indent < 4 && line[indent] == ' ') {
            ++indent;
        }
        std::string_view body = line.substr(indent);
        bool blank = std::all_of(line.begin(), line.end(), is_space);
        if (indent < 4) {
            // Fenced code: ``` or ~~~ (three or more), closed by a run at least as long.
            if (!body.empty() && (body[0] == '`' || body[0] == '~')) {
                size_t run = 0;
                while (run < body.size() && body[run] == body[0]) {
                    ++run;
                }
                if (run >= 3) {
                    if (fence == 0) {
                        fence = body[0];
                        fence_length = run;
                    } else if (body[0] == fence && run >= fence_length &&
                               std::all_of(body.begin() + static_cast<long>(run), body.end(), is_space)) {
                        fence = 0;
                    }
                }
            }
            if (fence == 0) {
                // A reference definition: the whole document must be parsed as one.
                if (body.starts_with("[") && body.find("]:") != std::string_view::npos &&
                    body.find("]:") < body.find("](")) {
                    return 0;
                }
                // Raw HTML blocks of kinds 1 to 5 end at their closer, not at a blank line.
                if (body.starts_with("<!") || body.starts_with("<?") || starts_with_ci(body, "<script") ||
                    starts_with_ci(body, "<pre") || starts_with_ci(body, "<style") ||
                    starts_with_ci(body, "<textarea")) {
                    if (split == 0) {
                        return 0; // it may run past any blank line after it
                    }
                    // After the cut it lies wholly in the second half: still safe.
                }
            }
        }
        if (split == 0 && start >= target && fence == 0 && previous_blank && !line.empty() && !is_space(line[0])) {
            split = start;
            // Keep scanning for reference definitions, which forbid any cut.
        }
        previous_blank = blank;
        start = end + 1;
    }
    return split;
}

void flatten_into(Document& document, std::string_view text) {
    std::string guarded = defuse(text);
    Parsed parsed = parse_tree(guarded);
    Flattener(document).run(parsed.root.get());
}

} // namespace

Expected<Document> parse(std::string_view markdown, size_t parallel_threshold) {
    QUORUM_TRY(checked, check_input(markdown));
    (void)checked;
    Document document;
    std::string clean;
    std::string_view input = markdown;
    const text::Decoding decoding = text::to_utf8(markdown, clean);
    if (decoding != text::Decoding::Utf8) {
        input = clean;
        document.from_windows_1252 = decoding == text::Decoding::Windows1252;
        document.repaired_utf8 = decoding == text::Decoding::Repaired;
    }
    document.line_count = static_cast<int>(std::count(input.begin(), input.end(), '\n')) +
                          (input.empty() || input.back() == '\n' ? 0 : 1);
    size_t split = input.size() >= parallel_threshold ? find_split(input) : 0;
    if (split == 0) {
        flatten_into(document, input);
        return document;
    }
    // Two halves on two cores; the second half's lines are shifted back into place.
    Document second;
    std::thread worker([&] { flatten_into(second, input.substr(split)); });
    flatten_into(document, input.substr(0, split));
    worker.join();
    int offset = static_cast<int>(std::count(input.begin(), input.begin() + static_cast<long>(split), '\n'));
    document.blocks.reserve(document.blocks.size() + second.blocks.size());
    for (Block& block : second.blocks) {
        block.line += offset;
        block.end_line += offset;
        for (Link& link : block.links) {
            link.line += offset;
        }
        document.blocks.push_back(std::move(block));
    }
    return document;
}

} // namespace quorum::markdown
