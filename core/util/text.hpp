#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quorum::text {

enum class Language { French, English };

std::string_view language_code(Language language); // "fr" / "en"

// Whitespace trimming that also removes non-breaking (U+00A0) and narrow
// non-breaking (U+202F) spaces, which French typography puts before ':' and in "9 h 30".
// Thin spaces (U+2009) are trimmed too, as normalize_spaces treats them as spaces.
std::string_view trim(std::string_view s);
std::string trim_copy(std::string_view s);

// Replaces U+00A0, U+202F, U+2009 and tabs by plain spaces and collapses runs of spaces.
std::string normalize_spaces(std::string_view s);

// A key for comparing names and words: lower case, accents removed (Latin-1
// Supplement and Latin Extended-A folded to ASCII), punctuation and hyphens turned
// into single spaces, trimmed. "Émilien  Gruet" and "emilien gruet" give the same key.
std::string fold_key(std::string_view s);

// For comparing words in running text: lower case, accents removed (as
// fold_key), curly apostrophes made straight; punctuation and spaces are kept
// as written, so "Décision :" gives "decision :". Invalid bytes are kept.
std::string fold(std::string_view s);

// Every run of white space (ASCII, U+00A0, U+202F, U+2009) becomes one plain
// space, and the ends are trimmed.
std::string collapse_spaces(std::string_view s);

// Lower-cases ASCII and the common accented Latin letters (É → é), keeping accents.
std::string to_lower(std::string_view s);

bool is_valid_utf8(std::string_view s);

// Replaces each invalid UTF-8 sequence by U+FFFD; valid input is returned unchanged.
std::string sanitize_utf8(std::string_view s);

// Text saved as Windows-1252 (Latin-1 with ’ “ ” – … œ € in 0x80–0x9F), as older
// Windows editors, Excel and many word-processor exports do, converted to UTF-8
// (the five bytes it leaves undefined become U+FFFD). Only for input that is not
// UTF-8 at all: nothing when it holds a valid multi-byte UTF-8 sequence (then it is
// UTF-8 with a few bad bytes, for sanitize_utf8).
std::optional<std::string> windows_1252_to_utf8(std::string_view s);

// Bytes from outside (a file, a request body) as UTF-8: `out` is left alone when
// they already are; else it receives them converted from Windows-1252 when they
// are that, or with each invalid sequence replaced by U+FFFD.
enum class Decoding { Utf8, Windows1252, Repaired };
Decoding to_utf8(std::string_view s, std::string& out);

// A short plain excerpt of a text: line breaks become spaces, and a text longer
// than `max_bytes` is cut at the last space before the limit (or at a character
// boundary, never inside a UTF-8 sequence) and ends with "…".
std::string excerpt(std::string_view s, size_t max_bytes);

// Keeps empty fields: "a,,b" gives {"a", "", "b"}, and "" gives {""}.
std::vector<std::string> split(std::string_view s, char separator);

bool starts_with_ci(std::string_view s, std::string_view prefix); // ASCII case-insensitive

// Appends `s` as a JSON string literal, quotes included: `"` and `\\` escaped,
// \b \f \n \r \t by name, other control characters as \u00XX (upper-case hex,
// as Poco writes them), everything else (UTF-8 included) as it is.
void append_json_string(std::string& out, std::string_view s);

// Guesses the language of a text from common function words. Defaults to English
// when there is no evidence either way.
Language detect_language(std::string_view s);

} // namespace quorum::text
