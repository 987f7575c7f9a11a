#pragma once

#include <string>
#include <string_view>

namespace quorum::markdown {

// Renders Markdown to HTML with cmark-gfm (table, tasklist, autolink,
// strikethrough) in safe mode: raw HTML is omitted and javascript:, vbscript:,
// file: and data: (except images) URLs are dropped. The input goes through the
// same guard as parsing (see guard.hpp), so hostile input renders in linear time.
std::string render_html(std::string_view markdown);

// Renders inline-only Markdown (one line, no block structure) to safe HTML
// without the surrounding <p>.
std::string render_inline_html(std::string_view markdown);

} // namespace quorum::markdown
