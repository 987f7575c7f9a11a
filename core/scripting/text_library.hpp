#pragma once

#include <lua.hpp>

#include <string>
#include <vector>

namespace quorum::scripting {

// The `text` library every plugin gets: the host's own text helpers, so plugins
// share one tested implementation (and C speed) instead of each copying its own.
//
//   text.fold(s)      lower case, accents removed, curly apostrophes straight;
//                     punctuation and spaces kept ("Décision :" → "decision :")
//   text.lower(s)     lower case keeping accents ("ÉTÉ" → "été")
//   text.key(s)       a name's key: folded, punctuation and hyphens as single
//                     spaces, trimmed ("Marie-Ève  Roy" → "marie eve roy")
//   text.trim(s)      without leading and trailing white space (U+00A0 and
//                     U+202F included)
//   text.collapse(s)  every run of white space one plain space, trimmed
//   text.plain_spaces(s)  U+00A0, U+202F and U+2009 as plain spaces
//   text.find(s, needle [, init])  string.find(s, needle, init, true), from
//                     the needle's two rarest bytes
//
// Each takes one string (a number is read as its text) and returns a string.
void open_text_library(lua_State* state);

// "text.fold", … for the API snapshot.
std::vector<std::string> text_library_names();

} // namespace quorum::scripting
