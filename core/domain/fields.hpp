#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace quorum {

// One policy for the text fields of a meeting, whatever path writes them (the
// API, an attendance file, an import): the same length limits, and the same
// characters refused.

inline constexpr size_t k_max_title_bytes = 500;
inline constexpr size_t k_max_location_bytes = 1000;
inline constexpr size_t k_max_name_bytes = 200;
inline constexpr size_t k_max_affiliation_bytes = 300;
inline constexpr size_t k_max_email_bytes = 254; // RFC 5321's path limit

// What a text field may hold. A single-line field (a title, a name, a place)
// refuses every control character (U+0000-U+001F and U+007F: tabs too, and
// CR/LF, which would inject lines into the Markdown export); a multi-line one
// (a note, a description) keeps tabs and line breaks and refuses the other
// controls, NUL included.
enum class Lines { one, many };

// The first character `lines` refuses in `value`, as "U+000A", or nothing.
std::optional<std::string> refused_character(std::string_view value, Lines lines);

} // namespace quorum
