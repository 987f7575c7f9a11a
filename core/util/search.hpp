#pragma once

#include <cstddef>
#include <string_view>

namespace quorum::text {

// The first occurrence of `needle` in `haystack` (as std::string_view::find, or
// Lua's plain string.find), or nullptr; an empty needle is found at the start.
//
// Built for the plugins' way of searching: many short needles, each looked for
// through a batch of text where its letters are common. Candidates are the places
// where the needle's two rarest bytes (by their frequency in French and English)
// both stand, 16 places at a time; only those are compared in full. A call costs
// at most 32 compares per byte of text: needles longer than 32 bytes go to memmem.
const char* find_plain(std::string_view haystack, std::string_view needle);

} // namespace quorum::text
