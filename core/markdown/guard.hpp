#pragma once

#include "util/error.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace quorum::markdown {

// The largest Markdown document quorum accepts (a whole set of minutes, or one note).
inline constexpr size_t k_max_document_bytes = 16 * 1024 * 1024;

// The largest note (one agenda item's Markdown, the unit the server stores and
// re-parses on every save). Within it, any input, hostile or not, parses and
// renders in well under 250 ms here (scripts/bench pathological measures it);
// real notes are a few KB, a whole meeting's minutes rarely 50 KB.
inline constexpr size_t k_max_note_bytes = 256 * 1024;

// Checks size and encoding: empty input is fine, input over k_max_document_bytes
// or containing NUL bytes (a binary file) is an Error. Invalid UTF-8 is not an error
// here: it is repaired by the caller with text::sanitize_utf8.
Expected<bool> check_input(std::string_view input);

// Returns the input with the constructs that make cmark-gfm 0.29 parse in
// super-linear time neutralised (backslash-escaped or broken up), keeping every
// line where it was so that source positions stay true. Documents without such
// constructs come back byte-for-byte identical.
std::string defuse(std::string_view input);

} // namespace quorum::markdown
