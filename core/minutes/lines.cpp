// The line model: the document's blocks as logical lines, the front matter's extent,
// "Label : value" splitting.

#include "minutes/reader_state.hpp"

#include <algorithm>
#include <cctype>

namespace quorum::minutes::detail {

namespace {

constexpr size_t k_short_line = 160;

// Most lines hold no tab, no double space and no special space: skip the copy.
bool needs_normalizing(std::string_view s) {
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '\t' || c == 0xC2 || c == 0xE2 || (c == ' ' && i + 1 < s.size() && s[i + 1] == ' ')) {
            return true;
        }
    }
    return false;
}

std::vector<std::string> split_cells(std::string_view s) {
    std::vector<std::string> cells;
    for (const std::string& cell : text::split(s, '\t')) {
        cells.push_back(text::trim_copy(cell));
    }
    while (!cells.empty() && cells.back().empty()) {
        cells.pop_back();
    }
    return cells;
}

} // namespace

// "key: value" as front matter writes it: a short identifier, then ':' or '='.
bool is_front_matter_key_line(std::string_view s) {
    size_t i = 0;
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '-')) {
        ++i;
    }
    if (i == 0 || i > 40) {
        return false;
    }
    while (i < s.size() && s[i] == ' ') {
        ++i;
    }
    return i < s.size() && (s[i] == ':' || s[i] == '=');
}

// The last source line of the metadata at the top of a static-site page, or 0.
// YAML: "---" on line 1 (a thematic break), "key: value" lines and "- item" lists, up to
// the closing "---" (a break, or the underline that makes the last lines a heading).
// TOML: "+++" on line 1 up to the next "+++" line.
int front_matter_end(const markdown::Document& document) {
    const auto& blocks = document.blocks;
    if (blocks.empty() || blocks[0].line != 1) {
        return 0;
    }
    if (blocks[0].kind == BlockKind::Paragraph && blocks[0].text.starts_with("+++")) {
        size_t close = blocks[0].text.find("\n+++");
        if (close == std::string::npos) {
            return 0;
        }
        return blocks[0].line + static_cast<int>(std::count(blocks[0].text.begin(),
                                                            blocks[0].text.begin() + static_cast<long>(close), '\n')) +
               1;
    }
    if (blocks[0].kind != BlockKind::Break || blocks.size() < 2 || blocks[1].line != 2 ||
        !is_front_matter_key_line(blocks[1].text)) {
        return 0;
    }
    int last = 1;
    for (size_t b = 1; b < blocks.size() && b < 200; ++b) {
        const Block& block = blocks[b];
        if (block.line > last + 2) {
            return 0;
        }
        if (block.kind == BlockKind::Break) {
            return block.line;
        }
        if (block.kind == BlockKind::Heading) {
            return block.end_line > 0 ? block.end_line : block.line + 1;
        }
        if (block.kind != BlockKind::ListItem && !is_front_matter_key_line(block.text)) {
            return 0;
        }
        last = std::max(block.line, block.end_line);
    }
    return 0;
}

std::vector<Line> make_lines(const markdown::Document& document, int skip_until) {
    std::vector<Line> lines;
    lines.reserve(document.blocks.size() * 2);
    for (size_t b = 0; b < document.blocks.size(); ++b) {
        const Block& block = document.blocks[b];
        if (block.kind == BlockKind::Break) {
            continue;
        }
        if (skip_until > 0 && std::max(block.line, block.end_line) <= skip_until) {
            continue;
        }
        if (block.kind == BlockKind::TableRow) {
            Line line;
            line.number = block.line;
            line.block = b;
            line.kind = block.kind;
            for (const std::string& cell : block.cells) {
                line.cells.push_back(text::trim_copy(text::normalize_spaces(cell)));
            }
            line.header_row = block.is_header_row;
            for (size_t i = 0; i < line.cells.size(); ++i) {
                line.text += (i ? "\t" : "") + line.cells[i];
            }
            lines.push_back(std::move(line));
            continue;
        }
        if (block.kind == BlockKind::Code || block.kind == BlockKind::Html) {
            continue; // code and raw HTML blocks carry no meeting structure
        }
        // A list item whose text holds tabs is one pasted table row: the raw HTML
        // inside its first cell ("<ul>a. …b. …") stays with it.
        bool keep_whole = block.kind == BlockKind::ListItem && has_tab(block.text);
        if (block.kind == BlockKind::Paragraph && has_tab(block.text)) {
            keep_whole = std::count(block.text.begin(), block.text.end(), '\n') > 0 &&
                         text::split(block.text, '\n').front().find('\t') != std::string::npos &&
                         !has_tab(text::split(block.text, '\n').back());
        }
        std::vector<std::string> pieces;
        if (keep_whole) {
            pieces.push_back(block.text);
        } else {
            pieces = text::split(block.text, '\n');
        }
        int offset = 0;
        bool first = true;
        for (std::string& piece : pieces) {
            std::string normalized = text::trim_copy(piece);
            int number = block.line + offset;
            offset += keep_whole ? 0 : 1;
            if (normalized.empty() || (skip_until > 0 && number <= skip_until)) {
                continue;
            }
            Line line;
            line.number = number;
            line.block = b;
            line.kind = block.kind;
            line.first_of_block = first;
            if (block.kind == BlockKind::Heading) {
                line.heading_level = block.level;
            }
            if (block.kind == BlockKind::ListItem && first) {
                line.is_item = true;
                line.ordered = block.ordered;
                line.item_number = block.number;
                line.checked = block.checked;
                line.depth = block.level;
            } else if (block.kind == BlockKind::ListItem) {
                line.depth = block.level;
            }
            if (has_tab(normalized)) {
                // Cells are separated by tabs; in a pasted row kept whole, the first
                // cell keeps the pieces (sub-items, descriptions) that raw HTML put on
                // further lines.
                line.cells = split_cells(normalized);
            }
            line.text = needs_normalizing(normalized) ? text::normalize_spaces(normalized) : std::move(normalized);
            // Labels, headings and names are short: long lines never need a key.
            if (line.text.size() <= k_short_line) {
                line.key = text::fold_key(line.text);
            }
            first = false;
            lines.push_back(std::move(line));
        }
    }
    return lines;
}

// Splits "Label : value" (French spacing allowed). The label must be short and
// must not be a URL scheme.
bool split_label(std::string_view line, std::string& label, std::string& value) {
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 80) {
        return false;
    }
    if (line.substr(colon).starts_with("://") || line.substr(colon).starts_with(":/")) {
        return false;
    }
    std::string_view left = text::trim(line.substr(0, colon));
    // Strip list and emphasis leftovers: "- **Date**".
    while (!left.empty() && (left.front() == '-' || left.front() == '*' || left.front() == ' ')) {
        left.remove_prefix(1);
    }
    if (left.empty() || std::count(left.begin(), left.end(), ' ') > 8) {
        return false;
    }
    label = std::string(left);
    value = text::trim_copy(line.substr(colon + 1));
    return true;
}

} // namespace quorum::minutes::detail
