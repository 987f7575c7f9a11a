#include "markdown/guard.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

namespace quorum::markdown {

Expected<bool> check_input(std::string_view input) {
    if (input.size() > k_max_document_bytes) {
        return make_error("too_large", Phrase{"the document is larger than 16 MiB", "le document dépasse 16\u00a0Mio"},
                          "document");
    }
    if (std::memchr(input.data(), '\0', input.size()) != nullptr) {
        return make_error("binary",
                          Phrase{"the document contains NUL bytes: it looks like a binary file, not text",
                                 "le document contient des octets NUL\u00a0: il semble s’agir d’un fichier binaire, "
                                 "pas de texte"},
                          "document");
    }
    return true;
}

// defuse() works on the raw text, before cmark-gfm sees it, and only ever
// *inserts* bytes: a backslash before an ASCII punctuation character (which
// CommonMark renders as the character itself) or, for e-mail runs, a zero-width
// space. It never inserts or removes '\n' or '\r', so every line keeps its index.
//
// cmark-gfm 0.29.0.gfm.6 (Debian bookworm, no security backports) has these
// super-linear spots, each measured with scripts/bench-pathological; every rule
// below says which one it bounds and why its threshold leaves real minutes alone.
// The analysis is deliberately conservative: whenever the guard cannot know how
// cmark will read a line (containers, code spans, table cells...) it assumes the
// more expensive reading, so the bounds hold whatever cmark decides.
//
// Measured linear in this build and left alone: emphasis and strikethrough runs,
// nested brackets, backtick runs, unclosed links, many reference definitions
// (cmark's own 0.29 fixes). They still cost a few hundred milliseconds per MiB of
// dense markup, like any document that makes that many nodes.
namespace {

// --- Thresholds ---------------------------------------------------------------

// Inline raw HTML: an opener (<?, <!X, <![CDATA[, <!--) whose closer is not the
// next thing of its kind makes cmark scan to the closer or the end of the
// paragraph, then fail; N such openers cost N x paragraph. Openers that are each
// closed before the next one scan disjoint ranges. A real document never has more
// than a handful of openers stacked before a closer. (<!-- is linear here, the
// 0.29 comment scanner stops at the next "--", but the CVE-2023-22484 fix made
// comments scan to "-->"; inline, a stacked <!-- is plain text in 0.29 anyway.)
constexpr size_t k_max_stacked_html_openers = 8;

// Images (CVE-2023-22486): every link that closes walks back over all image
// openers still on the bracket stack. "Simple" images (![alt] with no bracket,
// backtick, '<', '\' or '|' in the alt) are popped at their own ']' and never sit
// on the stack; only the others ("complex" openers) are counted, per block of
// lines between blank lines (an inline parse never crosses a blank line).
constexpr size_t k_max_complex_image_openers = 16;

// Containers: cmark walks from the deepest open container to the root on every
// line (blocks.c, add_text_to_container), so a deep nest followed by many short
// lazy or blank lines is quadratic. Each enclosing container uses at least one
// column of the line that opens a deeper one, so refusing container markers at
// or beyond this column bounds the depth by k_max_container_column + 1, whether
// the nest is built on one line ("> > > ...") or with indentation over many lines.
// Column 32 is the 9th level of a list indented by four spaces; even then a
// million blank lines under such a nest cost about as much as the whole parse of
// a plain 1 MiB list.
constexpr int k_max_container_column = 32;

// Tables: row_from_string appends each cell to a linked list by walking it
// (quadratic in the pipes of a line), every delimiter-like line in a paragraph
// re-parses the whole paragraph looking for a header, short rows are padded to the
// header's width for free, and the HTML renderer finds each cell's column by
// walking its siblings (quadratic in the columns of a row). All of it is charged
// to a per-document budget: for a delimiter-like line, the paragraph re-scan
// (bytes + pipes^2 of each line above in the block); for each possible row,
// columns^2 + columns + bytes + pipes^2. A 20-column table of one-character cells
// costs about 22 per byte, so real tables stay well inside; when a block of lines
// goes over, every delimiter row of the block is escaped ("\|---|") and the block
// is rendered as plain paragraphs. There is no fixed column cap: without a
// delimiter row nothing is charged, and escaping the pipes of a long line that is
// not a table made it 30 times slower to parse (each "\|" is a text node).
constexpr uint64_t k_table_budget_per_byte = 32;
constexpr uint64_t k_table_budget_slack = uint64_t{1} << 20;

// Table cells: the steps above are linear, but cmark-gfm allocates a node, its
// extension data and a content buffer for every row and every cell, padding
// included (measured: about 500 bytes a row plus 250 a cell, and a
// microsecond or so each), so "x|" rows cost a kilobyte of memory per 3 bytes
// of input. The cells a document's tables may produce, each row counted as one
// more cell (rows x (header columns + 1)), are capped for the whole document at
// k_table_cells_floor plus one per k_bytes_per_table_cell of input: a table that
// would go over is broken whole, like one over the step budget (its delimiter
// rows escaped, its lines plain paragraph text), and the cells it would have
// made are given back to the tables after it. Real minutes' tables (a few hundred
// rows of tens of columns, a few thousand cells each) are far inside; the cap
// keeps what tables may add to a parse to about 40 MB, plus 10 bytes per byte
// of input.
constexpr uint64_t k_table_cells_floor = 100'000;
constexpr uint64_t k_bytes_per_table_cell = 32;

// Autolinks (extension): each "www." or "://" trigger scans to the next
// whitespace, and trailing ')' are stripped one at a time with a full rescan of
// the link for each. Limits per whitespace-delimited token: triggers beyond the
// first k are escaped ("www\." and "\://" read the same); a token with more
// ')' than a URL ever has is not linkified at all.
constexpr size_t k_max_autolink_triggers = 8;
constexpr size_t k_max_autolink_parens = 16;

// E-mail autolinks (extension postprocess): for every '@' of a text node the
// whole run of [alnum.-_@] around it is rescanned (up to 1000 '@' per node), so a
// long "a@a@a@..." run is about 1000 x its length. A real token holds one or two
// '@'; beyond this count the run is broken with an invisible zero-width space
// every k '@' (a backslash would not help: escapes are gone from text nodes).
constexpr size_t k_max_at_signs = 16;

// Link reference definitions: 0.29.0.gfm.6 has no limit on reference expansion,
// so one long definition used N times renders N copies (a 1 MiB note can ask for
// gigabytes, and cmark aborts the process past 1 GiB). The expansion is bounded by
// (number of ']' in the document) x (size of the largest definition); definitions
// larger than budget / ']' count lose their ':' (escaped) and stay plain text.
constexpr uint64_t k_reference_budget_per_byte = 32;
constexpr uint64_t k_reference_budget_floor = 64 * 1024;

constexpr std::string_view k_backslash = "\\";
constexpr std::string_view k_zero_width_space = "\xE2\x80\x8B";

// --- Character helpers ----------------------------------------------------------

bool is_line_end(char c) {
    return c == '\n' || c == '\r';
}
bool is_space_or_tab(char c) {
    return c == ' ' || c == '\t';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_ascii_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_hex_digit(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Whitespace for the autolink extension (cmark_isspace).
bool is_token_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// spacechar in the table scanners (ext_scanners.re).
bool is_table_space(char c) {
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

// True when the character at `index` is backslash-escaped (odd run of backslashes).
bool is_escaped(std::string_view text, size_t index) {
    size_t run = 0;
    while (run < index && text[index - run - 1] == '\\') {
        ++run;
    }
    return run % 2 == 1;
}

// Start of the run of backslashes right before `index` (or `index`).
size_t backslash_run_start(std::string_view text, size_t index) {
    while (index > 0 && text[index - 1] == '\\') {
        --index;
    }
    return index;
}

// Matches the table extension's delimiter row: [|]? marker ([|] marker)* [|]? spacechar*
// with marker = spacechar* :? -+ :? spacechar*.
bool is_delimiter_row(std::string_view line) {
    size_t i = 0;
    const size_t size = line.size();
    if (i < size && line[i] == '|') {
        ++i;
    }
    bool any_marker = false;
    while (true) {
        while (i < size && is_table_space(line[i])) {
            ++i;
        }
        if (i == size) {
            return any_marker;
        }
        if (line[i] == ':') {
            ++i;
        }
        size_t dashes = 0;
        while (i < size && line[i] == '-') {
            ++i;
            ++dashes;
        }
        if (dashes == 0) {
            return false;
        }
        any_marker = true;
        if (i < size && line[i] == ':') {
            ++i;
        }
        while (i < size && is_table_space(line[i])) {
            ++i;
        }
        if (i == size) {
            return true;
        }
        if (line[i] != '|') {
            return false;
        }
        ++i;
    }
}

// Length of an HTML entity at `at` that decodes to '@' (&#64; &#x40; &commat;), or 0.
size_t at_sign_entity_length(std::string_view text, size_t at) {
    if (text.substr(at, 8) == "&commat;") {
        return 8;
    }
    if (text.substr(at, 2) != "&#") {
        return 0;
    }
    size_t i = at + 2;
    const bool hex = i < text.size() && (text[i] == 'x' || text[i] == 'X');
    if (hex) {
        ++i;
    }
    uint32_t value = 0;
    size_t digits = 0;
    while (i < text.size() && digits < 8 && (hex ? is_hex_digit(text[i]) : is_digit(text[i]))) {
        const char c = text[i];
        const uint32_t digit = is_digit(c) ? uint32_t(c - '0') : uint32_t((c | 0x20) - 'a' + 10);
        value = value * (hex ? 16 : 10) + digit;
        ++i;
        ++digits;
    }
    if (digits == 0 || i >= text.size() || text[i] != ';' || value != '@') {
        return 0;
    }
    return i + 1 - at;
}

struct Line {
    size_t begin = 0;
    size_t end = 0;  // excludes the line ending
    size_t next = 0; // start of the following line
};

// cmark ends lines at "\n", "\r\n" and a lone "\r".
Line line_at(std::string_view text, size_t begin) {
    Line line{begin, begin, begin};
    size_t i = begin;
    while (i < text.size() && !is_line_end(text[i])) {
        ++i;
    }
    line.end = i;
    if (i < text.size()) {
        i += (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
    }
    line.next = i;
    return line;
}

bool is_blank(std::string_view text, const Line& line) {
    for (size_t i = line.begin; i < line.end; ++i) {
        if (!is_space_or_tab(text[i])) {
            return false;
        }
    }
    return true;
}

// --- The guard --------------------------------------------------------------------

// Which rules can possibly fire, from cheap counts over the whole input. A rule
// whose trigger is rarer than its threshold is skipped outright.
struct Gates {
    bool html = false;
    bool images = false;
    bool tokens = false;
    size_t close_brackets = 0; // unescaped ']' (upper bound on reference uses)
    bool references = false;
};

Gates compute_gates(std::string_view text) {
    size_t html_openers = 0;
    size_t image_openers = 0;
    size_t at_like = 0;
    size_t autolink_triggers = 0;
    size_t reference_colons = 0;
    Gates gates;
    size_t backslashes = 0; // length of the backslash run before the current byte
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool escaped = backslashes % 2 == 1;
        switch (c) {
        case '<':
            if (i + 1 < text.size() && (text[i + 1] == '?' || text[i + 1] == '!')) {
                ++html_openers;
            }
            break;
        case '!':
            if (i + 1 < text.size() && text[i + 1] == '[') {
                ++image_openers;
            }
            break;
        case '@':
        case '&':
            ++at_like;
            break;
        case ']':
            if (!escaped) {
                ++gates.close_brackets;
                if (i + 1 < text.size() && text[i + 1] == ':') {
                    ++reference_colons;
                }
            }
            break;
        case ':':
            if (text.substr(i, 3) == "://") {
                ++autolink_triggers;
            }
            break;
        case 'w':
            if (text.substr(i, 4) == "www.") {
                ++autolink_triggers;
            }
            break;
        default:
            break;
        }
        backslashes = c == '\\' ? backslashes + 1 : 0;
    }
    gates.html = html_openers > k_max_stacked_html_openers;
    gates.images = image_openers > k_max_complex_image_openers;
    gates.tokens = at_like > k_max_at_signs || autolink_triggers > 0;
    gates.references = reference_colons > 0;
    return gates;
}

class Defuser {
public:
    explicit Defuser(std::string_view text) : text_(text), gates_(compute_gates(text)) {
        table_budget_ = k_table_budget_per_byte * text.size() + k_table_budget_slack;
        table_cell_budget_ = k_table_cells_floor + text.size() / k_bytes_per_table_cell;
    }

    std::string run() {
        for (size_t begin = 0; begin < text_.size();) {
            const Line line = line_at(text_, begin);
            process_line(line);
            begin = line.next;
        }
        if (gates_.references) {
            guard_reference_definitions();
        }
        return apply();
    }

private:
    enum HtmlKind { k_processing_instruction, k_declaration, k_cdata, k_comment, k_html_kinds };

    struct TableBlock {
        std::vector<size_t> delimiter_rows; // content start of each delimiter-like line
        uint64_t charged = 0;
        uint64_t paragraph_cost = 0; // what a header re-scan of the block costs so far
        uint64_t paid_paragraph = 0; // paragraph_cost already charged to sure headers
        uint64_t columns = 0;        // widest possible table so far (0: none yet)
        uint64_t cells = 0;          // cells charged to the cell budget by this block
        uint64_t row_cells = 0;      // cells a row of the widest possible table makes, with the row itself
        bool broken = false;
        bool has_previous = false;
        bool previous_cells_sure = false;
        uint64_t previous_cells = 0;
        bool header_may_fail = false; // a lone '\r' ending makes row_from_string fail
    };

    struct Insertion {
        size_t position;
        std::string_view text;
    };

    // Every rule inserts in increasing positions within its own stream, so the
    // output merges a few sorted streams instead of sorting everything.
    enum Stream {
        k_container_stream,
        k_delimiter_stream,
        k_html_stream, // one per HtmlKind, from here
        k_image_stream = k_html_stream + k_html_kinds,
        k_token_stream,
        k_reference_stream,
        k_streams
    };

    void insert(Stream stream, size_t position, std::string_view text) { streams_[stream].push_back({position, text}); }

    void process_line(const Line& line) {
        if (is_blank(text_, line)) {
            end_block();
            return;
        }
        const size_t content = guard_container_prefix(line);
        guard_table_line(line, content);
        if (gates_.html) {
            guard_html(content, line.end);
        }
        if (gates_.images) {
            guard_images(content, line.end);
        }
        if (gates_.tokens) {
            guard_tokens(line);
        }
    }

    // A blank line ends every paragraph, table and inline parse: no scan started
    // above it goes further.
    void end_block() {
        table_ = TableBlock{};
        complex_images_ = 0;
        html_pending_.fill(std::string_view::npos);
    }

    // --- Containers ---------------------------------------------------------------

    // Start of the longest suffix of the line made of one of '-', '*', '_' and
    // spaces or tabs (line.end if none), and that character.
    std::pair<size_t, char> thematic_suffix(const Line& line) const {
        size_t j = line.end;
        while (j > line.begin && is_space_or_tab(text_[j - 1])) {
            --j;
        }
        if (j == line.begin || std::strchr("-*_", text_[j - 1]) == nullptr) {
            return {line.end, '\0'};
        }
        const char marker = text_[j - 1];
        while (j > line.begin && (text_[j - 1] == marker || is_space_or_tab(text_[j - 1]))) {
            --j;
        }
        return {j, marker};
    }

    // True when text[from, end) is a thematic break, which cmark prefers to a list
    // item; only called once the rest of the line is known to be made of the
    // marker and blanks, so at most three times per line.
    bool has_three_markers(size_t from, size_t end) const {
        size_t count = 0;
        for (size_t i = from; i < end && count < 3; ++i) {
            count += text_[i] == text_[from] ? 1 : 0;
        }
        return count >= 3;
    }

    // Skips indentation and container markers (">", "-", "+", "*", "1.", "1)") and
    // returns where the line's content starts. A marker at or beyond
    // k_max_container_column is escaped and becomes the start of the content.
    size_t guard_container_prefix(const Line& line) {
        size_t i = line.begin;
        int column = 0;
        std::pair<size_t, char> thematic{std::string_view::npos, '\0'};
        while (i < line.end) {
            const char c = text_[i];
            if (c == ' ') {
                ++column;
                ++i;
                continue;
            }
            if (c == '\t') {
                column += 4 - column % 4;
                ++i;
                continue;
            }
            size_t marker_end = 0;
            size_t escape_at = 0;
            if (c == '>') {
                marker_end = i + 1;
                escape_at = i;
            } else if (c == '-' || c == '*' || c == '+') {
                if (i + 1 < line.end && !is_space_or_tab(text_[i + 1])) {
                    break;
                }
                if (thematic.first == std::string_view::npos) {
                    thematic = thematic_suffix(line);
                }
                if (c == thematic.second && i >= thematic.first && has_three_markers(i, line.end)) {
                    break;
                }
                marker_end = i + 1;
                escape_at = i;
            } else if (is_digit(c)) {
                size_t j = i;
                while (j < line.end && is_digit(text_[j]) && j - i <= 9) {
                    ++j;
                }
                if (j - i > 9 || j == line.end || (text_[j] != '.' && text_[j] != ')')) {
                    break;
                }
                if (j + 1 < line.end && !is_space_or_tab(text_[j + 1])) {
                    break;
                }
                marker_end = j + 1;
                escape_at = j;
            } else {
                break;
            }
            if (column >= k_max_container_column) {
                insert(k_container_stream, escape_at, k_backslash);
                return i;
            }
            column += int(marker_end - i);
            i = marker_end;
        }
        return i;
    }

    // --- Tables -----------------------------------------------------------------------

    // Cells row_from_string finds in a line: pipes + 1, less a leading pipe and a
    // trailing one (followed by spacechars only); "|" alone has none (no row).
    uint64_t count_cells(size_t content, size_t end, uint64_t pipes) const {
        size_t last = end;
        while (last > content && is_table_space(text_[last - 1])) {
            --last;
        }
        if (last == content) {
            return 0;
        }
        const bool leading = text_[content] == '|';
        if (leading && last == content + 1) {
            return 0;
        }
        const bool trailing = last - 1 > content && text_[last - 1] == '|' && text_[last - 2] != '\\';
        return pipes + 1 - (leading ? 1 : 0) - (trailing ? 1 : 0);
    }

    void guard_table_line(const Line& line, size_t content) {
        // Delimiter pipes: for the table scanner any pipe right after a backslash is
        // part of a cell.
        uint64_t pipes = 0;
        bool has_colon_or_pipe = false;
        bool has_vertical_space = false;
        for (size_t i = content; i < line.end; ++i) {
            const char c = text_[i];
            if (c == '|' && (i == 0 || text_[i - 1] != '\\')) {
                ++pipes;
            }
            has_colon_or_pipe = has_colon_or_pipe || c == ':' || c == '|';
            has_vertical_space = has_vertical_space || c == '\v' || c == '\f' || c == '\0';
        }
        // Lines of dashes and spaces only are setext underlines, thematic breaks or
        // list items for cmark and never reach the table extension, unless a
        // vertical tab or form feed keeps them from being one.
        const bool delimiter =
            (has_colon_or_pipe || has_vertical_space) && is_delimiter_row(text_.substr(content, line.end - content));

        // cmark may read list markers the guard skipped as text (a lazy "2. |a|"),
        // which only matters for the leading pipe.
        size_t first_nonspace = line.begin;
        while (first_nonspace < line.end && is_space_or_tab(text_[first_nonspace])) {
            ++first_nonspace;
        }
        const bool cells_sure = content == first_nonspace || content == line.end || text_[content] != '|';
        const uint64_t cells = count_cells(content, line.end, pipes);

        const uint64_t length = line.end - line.begin;
        const uint64_t parse_cost = length + pipes * pipes;
        if (delimiter) {
            if (table_.broken) {
                insert(k_delimiter_stream, content, k_backslash);
            } else {
                table_.delimiter_rows.push_back(content);
                // The header check re-parses the paragraph above (header row = the
                // previous line). If the cell counts surely match, the check opens a
                // table and consumes the paragraph, so all such checks together
                // re-parse each line at most once: charge what is new since the last
                // one. Otherwise the paragraph may go on and be re-parsed again.
                const bool sure_header = table_.has_previous && table_.previous_cells_sure && cells_sure &&
                                         table_.previous_cells == cells && !table_.header_may_fail;
                if (sure_header) {
                    charge_table(table_.paragraph_cost - table_.paid_paragraph + parse_cost);
                    table_.paid_paragraph = table_.paragraph_cost;
                } else {
                    charge_table(table_.paragraph_cost + parse_cost);
                }
                table_.columns = std::max(table_.columns, pipes + 1);
                // Every row has as many cells as the header, which has as many as
                // the delimiter row (else no table); one more when a leading pipe
                // may be text, and one for the row itself. The delimiter row is
                // charged below as a row, for the header.
                table_.row_cells = std::max(table_.row_cells, cells + (cells_sure ? 1 : 2));
            }
        }
        if (table_.columns > 0 && !table_.broken) {
            charge_table(table_.columns * table_.columns + table_.columns + parse_cost);
            if (!table_.broken) {
                charge_cells(table_.row_cells);
            }
        }
        table_.paragraph_cost += parse_cost;
        table_.has_previous = true;
        table_.previous_cells = cells;
        table_.previous_cells_sure = cells_sure;
        if (line.next == line.end + 1 && text_[line.end] == '\r') {
            table_.header_may_fail = true;
        }
    }

    void charge_table(uint64_t cost) {
        table_.charged += cost;
        table_spent_ += cost;
        if (table_spent_ > table_budget_) {
            break_table_block();
        }
    }

    void charge_cells(uint64_t cells) {
        table_.cells += cells;
        table_cells_spent_ += cells;
        if (table_cells_spent_ > table_cell_budget_) {
            break_table_block();
        }
    }

    // Over a budget: no table in this block, and none of its work happens.
    void break_table_block() {
        for (size_t row : table_.delimiter_rows) {
            insert(k_delimiter_stream, row, k_backslash);
        }
        table_spent_ -= table_.charged;
        table_cells_spent_ -= table_.cells;
        table_.delimiter_rows.clear();
        table_.charged = 0;
        table_.cells = 0;
        table_.columns = 0;
        table_.row_cells = 0;
        table_.broken = true;
    }

    // --- Inline raw HTML ----------------------------------------------------------------

    void open_html(HtmlKind kind, size_t at, size_t length) {
        if (html_pending_[kind] != std::string_view::npos) {
            // The pending opener's scan reaches past this one: it overlaps.
            if (++html_stacked_[kind] > k_max_stacked_html_openers) {
                insert(Stream(int(k_html_stream) + int(kind)), html_pending_[kind], k_backslash);
            }
        }
        html_pending_[kind] = at;
        html_open_end_[kind] = at + length;
    }

    void close_html(HtmlKind kind, size_t at) {
        if (html_pending_[kind] != std::string_view::npos && at >= html_open_end_[kind]) {
            html_pending_[kind] = std::string_view::npos;
        }
    }

    // Scans the content of a line for openers and the closers that end their scan
    // for sure: "?>" not after '?', "]]>" not after ']', "-->", and '>' for
    // declarations ('>' in the container prefix is not content, hence `content`).
    void guard_html(size_t content, size_t end) {
        for (size_t i = content; i < end; ++i) {
            const char c = text_[i];
            if (c == '<' && i + 1 < end && !is_escaped(text_, i)) {
                const std::string_view rest = text_.substr(i, end - i);
                if (rest[1] == '?') {
                    open_html(k_processing_instruction, i, 2);
                } else if (rest.starts_with("<![CDATA[")) {
                    open_html(k_cdata, i, 9);
                } else if (rest.starts_with("<!--")) {
                    open_html(k_comment, i, 4);
                } else if (rest.size() > 2 && rest[1] == '!' && is_ascii_letter(rest[2])) {
                    open_html(k_declaration, i, 2);
                }
            } else if (c == '>') {
                close_html(k_declaration, i);
                if (i >= 1 && text_[i - 1] == '?' && (i < 2 || text_[i - 2] != '?')) {
                    close_html(k_processing_instruction, i - 1);
                }
                if (i >= 2 && text_[i - 1] == ']' && text_[i - 2] == ']' && (i < 3 || text_[i - 3] != ']')) {
                    close_html(k_cdata, i - 2);
                }
                if (i >= 2 && text_[i - 1] == '-' && text_[i - 2] == '-') {
                    close_html(k_comment, i - 2);
                }
            }
        }
    }

    // --- Images -----------------------------------------------------------------------------

    void guard_images(size_t content, size_t end) {
        for (size_t i = content; i + 1 < end; ++i) {
            if (text_[i] != '!' || text_[i + 1] != '[' || is_escaped(text_, i)) {
                continue;
            }
            // Simple image: the ']' comes before anything that could nest, hide it
            // or split the inline parse.
            size_t j = i + 2;
            while (j < end && std::strchr("[]`<\\|", text_[j]) == nullptr) {
                ++j;
            }
            if (j < end && text_[j] == ']') {
                i = j;
                continue;
            }
            if (++complex_images_ > k_max_complex_image_openers) {
                insert(k_image_stream, i + 1, k_backslash);
            }
        }
    }

    // --- Autolinks and e-mail runs ----------------------------------------------------------

    void guard_tokens(const Line& line) {
        size_t i = line.begin;
        while (i < line.end) {
            while (i < line.end && is_token_space(text_[i])) {
                ++i;
            }
            size_t token_end = i;
            while (token_end < line.end && !is_token_space(text_[token_end])) {
                ++token_end;
            }
            if (token_end > i) {
                guard_token(i, token_end);
            }
            i = token_end;
        }
    }

    void guard_token(size_t begin, size_t end) {
        size_t triggers = 0;
        size_t parens = 0;
        size_t at_signs = 0;
        for (size_t i = begin; i < end; ++i) {
            const char c = text_[i];
            if (c == 'w' && text_.substr(i, 4) == "www." && i + 4 <= end) {
                ++triggers;
            } else if (c == ':' && i + 3 <= end && text_.substr(i, 3) == "://" && !is_escaped(text_, i)) {
                ++triggers;
            } else if (c == ')' && !is_escaped(text_, i)) {
                ++parens;
            } else if (c == '@' || (c == '&' && at_sign_entity_length(text_, i) > 0)) {
                ++at_signs;
            }
        }
        if (triggers > k_max_autolink_triggers || (triggers > 0 && parens > k_max_autolink_parens) ||
            at_signs > k_max_at_signs) {
            rewrite_token(begin, end, triggers > 0 && parens > k_max_autolink_parens, at_signs > k_max_at_signs);
        }
    }

    // cap_parens: escape every trigger; otherwise those beyond the first k.
    void rewrite_token(size_t begin, size_t end, bool cap_parens, bool split_at_signs) {
        size_t triggers = 0;
        size_t at_signs = 0;
        for (size_t i = begin; i < end; ++i) {
            const char c = text_[i];
            if (c == 'w' && text_.substr(i, 4) == "www." && i + 4 <= end) {
                // "www\." no longer starts an extended autolink and still reads "www.".
                if (++triggers > k_max_autolink_triggers || cap_parens) {
                    insert(k_token_stream, i + 3, k_backslash);
                }
            } else if (c == ':' && i + 3 <= end && text_.substr(i, 3) == "://" && !is_escaped(text_, i)) {
                if (++triggers > k_max_autolink_triggers || cap_parens) {
                    insert(k_token_stream, i, k_backslash);
                }
            } else if (c == '@' || (c == '&' && at_sign_entity_length(text_, i) > 0)) {
                if (at_signs > 0 && at_signs % k_max_at_signs == 0 && split_at_signs) {
                    // Before any backslash run, so that "\@" stays an escape.
                    insert(k_token_stream, backslash_run_start(text_, i), k_zero_width_space);
                }
                ++at_signs;
            }
        }
    }

    // --- Reference definitions --------------------------------------------------------------

    // Size of the definition whose label ends with "]:" at `colon - 1`, counted up
    // to `limit` (destination plus title; a title may span lines, not blank ones).
    size_t definition_size(size_t colon, size_t limit) const {
        const size_t size = text_.size();
        size_t i = colon + 1;
        auto skip_spaces_and_one_newline = [&] {
            while (i < size && is_space_or_tab(text_[i])) {
                ++i;
            }
            if (i < size && is_line_end(text_[i])) {
                i += (text_[i] == '\r' && i + 1 < size && text_[i + 1] == '\n') ? 2 : 1;
                while (i < size && is_space_or_tab(text_[i])) {
                    ++i;
                }
            }
        };
        skip_spaces_and_one_newline();
        size_t total = 0;
        if (i < size && text_[i] == '<') {
            while (i < size && total <= limit && text_[i] != '>' && !is_line_end(text_[i])) {
                ++i;
                ++total;
            }
        } else {
            while (i < size && total <= limit && !is_token_space(text_[i])) {
                ++i;
                ++total;
            }
        }
        if (total > limit) {
            return total;
        }
        skip_spaces_and_one_newline();
        if (i >= size || (text_[i] != '"' && text_[i] != '\'' && text_[i] != '(')) {
            return total;
        }
        const char closer = text_[i] == '(' ? ')' : text_[i];
        size_t title = 1;
        bool line_has_text = true;
        for (size_t j = i + 1; j < size && total + title <= limit; ++j, ++title) {
            const char c = text_[j];
            if (c == closer && !is_escaped(text_, j)) {
                return total + title + 1;
            }
            if (c == '\n' && text_[j - 1] == '\r') {
                continue; // second half of "\r\n"
            }
            if (is_line_end(c)) {
                if (!line_has_text) {
                    return total; // a blank line ends the paragraph: no title
                }
                line_has_text = false;
            } else if (!is_space_or_tab(c)) {
                line_has_text = true;
            }
        }
        return total + title;
    }

    void guard_reference_definitions() {
        const uint64_t budget =
            k_reference_budget_per_byte * std::max<uint64_t>(text_.size(), k_reference_budget_floor);
        const uint64_t limit = budget / std::max<size_t>(gates_.close_brackets, 1);
        for (size_t i = 1; i < text_.size(); ++i) {
            if (text_[i] == ':' && text_[i - 1] == ']' && !is_escaped(text_, i - 1)) {
                if (definition_size(i, size_t(limit)) > limit) {
                    insert(k_reference_stream, i, k_backslash);
                }
            }
        }
    }

    // --- Output -------------------------------------------------------------------------------

    std::string apply() {
        size_t extra = 0;
        for (const std::vector<Insertion>& stream : streams_) {
            for (const Insertion& insertion : stream) {
                extra += insertion.text.size();
            }
        }
        if (extra == 0) {
            return std::string(text_);
        }
        std::string out;
        out.reserve(text_.size() + extra);
        std::array<size_t, k_streams> next{};
        std::vector<size_t> active;
        for (size_t stream = 0; stream < k_streams; ++stream) {
            if (!streams_[stream].empty()) {
                active.push_back(stream);
            }
        }
        size_t copied = 0;
        size_t last_position = std::string_view::npos;
        std::string_view last_text;
        while (true) {
            const Insertion* smallest = nullptr;
            size_t smallest_stream = 0;
            for (size_t stream : active) {
                if (next[stream] < streams_[stream].size() &&
                    (smallest == nullptr || streams_[stream][next[stream]].position < smallest->position)) {
                    smallest = &streams_[stream][next[stream]];
                    smallest_stream = stream;
                }
            }
            if (smallest == nullptr) {
                break;
            }
            ++next[smallest_stream];
            // Two rules may pick the same spot; one backslash is enough, and two
            // would escape each other.
            if (smallest->position == last_position && smallest->text == last_text) {
                continue;
            }
            out.append(text_.substr(copied, smallest->position - copied));
            out.append(smallest->text);
            copied = smallest->position;
            last_position = smallest->position;
            last_text = smallest->text;
        }
        out.append(text_.substr(copied));
        return out;
    }

    std::string_view text_;
    Gates gates_;
    std::array<std::vector<Insertion>, k_streams> streams_;

    TableBlock table_;
    uint64_t table_budget_ = 0;
    uint64_t table_spent_ = 0;
    uint64_t table_cell_budget_ = 0;
    uint64_t table_cells_spent_ = 0;

    std::array<size_t, k_html_kinds> html_pending_{std::string_view::npos, std::string_view::npos,
                                                   std::string_view::npos, std::string_view::npos};
    std::array<size_t, k_html_kinds> html_open_end_{};
    std::array<size_t, k_html_kinds> html_stacked_{};

    size_t complex_images_ = 0;
};

} // namespace

std::string defuse(std::string_view input) {
    return Defuser(input).run();
}

} // namespace quorum::markdown
