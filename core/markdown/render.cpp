#include "markdown/render.hpp"

#include "markdown/cmark.hpp"
#include "markdown/guard.hpp"
#include "util/text.hpp"

#include <cmark-gfm-extension_api.h>

#include <cstdlib>

namespace quorum::markdown {

namespace {

std::string to_html(cmark_node* node, cmark_parser* parser) {
    // Safe mode is cmark-gfm's default (no CMARK_OPT_UNSAFE): raw HTML becomes a
    // comment and dangerous URL schemes are emptied.
    char* html = cmark_render_html(node, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser));
    std::string out = html ? html : "";
    std::free(html);
    return out;
}

} // namespace

std::string render_html(std::string_view markdown) {
    std::string clean = text::sanitize_utf8(markdown);
    Parsed parsed = parse_tree(defuse(clean), CMARK_OPT_DEFAULT);
    return to_html(parsed.root.get(), parsed.parser.get());
}

std::string render_inline_html(std::string_view markdown) {
    std::string html = render_html(markdown);
    // A single paragraph renders as "<p>...</p>\n"; anything else is returned whole.
    if (html.starts_with("<p>") && html.ends_with("</p>\n") && html.find("<p>", 3) == std::string::npos) {
        return html.substr(3, html.size() - 3 - 5);
    }
    return html;
}

} // namespace quorum::markdown
