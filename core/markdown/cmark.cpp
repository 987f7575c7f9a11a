#include "markdown/cmark.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>

#include <mutex>

namespace quorum::markdown {

ParserPtr make_parser(int options) {
    static std::once_flag registered;
    std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
    ParserPtr parser(cmark_parser_new(options));
    for (const char* name : {"table", "tasklist", "autolink", "strikethrough"}) {
        if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name)) {
            cmark_parser_attach_syntax_extension(parser.get(), extension);
        }
    }
    return parser;
}

Parsed parse_tree(std::string_view guarded_text, int options) {
    Parsed parsed{make_parser(options), nullptr};
    cmark_parser_feed(parsed.parser.get(), guarded_text.data(), guarded_text.size());
    parsed.root.reset(cmark_parser_finish(parsed.parser.get()));
    return parsed;
}

} // namespace quorum::markdown
