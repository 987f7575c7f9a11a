#pragma once

#include <cmark-gfm.h>

#include <memory>
#include <string_view>

namespace quorum::markdown {

struct NodeDeleter {
    void operator()(cmark_node* node) const { cmark_node_free(node); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;

struct ParserDeleter {
    void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
using ParserPtr = std::unique_ptr<cmark_parser, ParserDeleter>;

// cmark-gfm options used everywhere: safe rendering and source positions. No
// CMARK_OPT_VALIDATE_UTF8: every caller repairs the text with text::sanitize_utf8
// first, so cmark would only check it a second time.
inline constexpr int k_cmark_options = CMARK_OPT_DEFAULT | CMARK_OPT_SOURCEPOS;

// A parser with the GFM extensions quorum relies on: table, tasklist, autolink,
// strikethrough. Feeding and finishing are left to the caller.
ParserPtr make_parser(int options = k_cmark_options);

// Parses already-guarded text into a document tree. The parser is returned too
// because rendering needs its extension list.
struct Parsed {
    ParserPtr parser;
    NodePtr root;
};
Parsed parse_tree(std::string_view guarded_text, int options = k_cmark_options);

} // namespace quorum::markdown
