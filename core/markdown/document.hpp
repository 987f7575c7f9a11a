#pragma once

#include "util/error.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quorum::markdown {

enum class BlockKind { Paragraph, Heading, ListItem, TableRow, Code, Html, Break };
std::string_view kind_name(BlockKind kind); // "paragraph", "heading", "list_item", "table_row", "code", "html", "break"

struct Link {
    std::string url;  // as written; empty for [text]() ; "#" kept as is
    std::string text; // the link text, plain
    int line = 0;
    bool is_autolink = false; // <https://…> or a bare URL picked up by the autolink extension
    bool is_image = false;
};

// One leaf block of the document, flattened out of cmark's tree in reading order.
// A list item's first paragraph is the ListItem block itself; its later paragraphs
// follow as Paragraph blocks with the same depth.
struct Block {
    BlockKind kind = BlockKind::Paragraph;
    int line = 0;     // first source line (1-based)
    int end_line = 0; // last source line
    int level = 0;    // heading level (1..6); list nesting depth for list items (1 = top level)
    bool in_quote = false;
    // Plain text of the inline content. Soft and hard line breaks are '\n', so the
    // n-th '\n' separates source line `line + n` from the next. Block-like raw HTML
    // tags (<p>, <ul>, <li>, <br>, <div>, …) inside a paragraph also become '\n'
    // when they stand between words, which is how pasted word-processor text
    // separates its parts.
    std::string text;
    // List items: "1." / "1)" for ordered items, "-" "*" "+" for bullets; the item's number.
    bool ordered = false;
    int number = 0;
    std::optional<bool> checked;    // GFM task list item: [x] → true, [ ] → false
    std::vector<std::string> cells; // table rows
    bool is_header_row = false;
    std::vector<Link> links;
    bool has_strong = false; // the block contains **bold** text
};

struct Document {
    std::vector<Block> blocks;
    int line_count = 0;
    bool repaired_utf8 = false;     // invalid UTF-8 sequences were replaced by U+FFFD
    bool from_windows_1252 = false; // the input was not UTF-8 but Windows-1252, converted
};

// Documents from this size up are parsed in two halves on two threads when a
// safe cut exists (see find_split in document.cpp); the result is the same.
inline constexpr size_t k_parallel_parse_bytes = 1024 * 1024;

// Parses Markdown (cmark-gfm with table, tasklist, autolink, strikethrough) into
// the flat block model. Checks the input (size, binary) and defuses constructs
// that would make cmark-gfm slow; a Windows-1252 file is converted, other invalid
// UTF-8 is repaired, not refused.
Expected<Document> parse(std::string_view markdown, size_t parallel_threshold = k_parallel_parse_bytes);

} // namespace quorum::markdown
