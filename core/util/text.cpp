#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace quorum::text {

namespace {

// Result of looking at the UTF-8 sequence starting at some position. When `ok` is
// false, `length` is the maximal invalid subpart (at least 1 byte): replacing each
// such subpart by one U+FFFD is what the Unicode standard recommends, and it keeps
// the number of replacement characters independent of how the decoder is written.
struct Decoded {
    char32_t code_point = 0;
    size_t length = 1;
    bool ok = false;
};

Decoded decode_at(std::string_view s, size_t pos) {
    const auto b0 = static_cast<unsigned char>(s[pos]);
    if (b0 < 0x80) {
        return {b0, 1, true};
    }
    size_t need = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    char32_t cp = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
        cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        cp = b0 & 0x0F;
        if (b0 == 0xE0) {
            lo = 0xA0; // overlong below
        } else if (b0 == 0xED) {
            hi = 0x9F; // surrogates above
        }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        cp = b0 & 0x07;
        if (b0 == 0xF0) {
            lo = 0x90; // overlong below
        } else if (b0 == 0xF4) {
            hi = 0x8F; // beyond U+10FFFF above
        }
    } else {
        return {0, 1, false}; // stray continuation byte, C0/C1, F5..FF
    }
    size_t i = 1;
    for (; i <= need; ++i) {
        if (pos + i >= s.size()) {
            return {0, i, false};
        }
        const auto b = static_cast<unsigned char>(s[pos + i]);
        const unsigned char low = (i == 1) ? lo : 0x80;
        const unsigned char high = (i == 1) ? hi : 0xBF;
        if (b < low || b > high) {
            return {0, i, false};
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    return {cp, need + 1, true};
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool is_ascii_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Latin-1 Supplement letters U+00C0..U+00FF; nullptr for × and ÷.
constexpr std::array<const char*, 64> k_latin1_fold = {
    "a", "a", "a", "a", "a", "a", "ae", "c",     "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  nullptr, "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c",     "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  nullptr, "o", "u", "u", "u", "u", "y", "th", "y",
};

struct FoldRange {
    char32_t first;
    char32_t last;
    const char* ascii;
};

// Latin Extended-A U+0100..U+017F, in runs of letters sharing a base letter.
constexpr std::array<FoldRange, 22> k_extended_a_fold = {{
    {0x100, 0x105, "a"}, {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"},  {0x112, 0x11B, "e"},  {0x11C, 0x123, "g"},
    {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x132, 0x133, "ij"}, {0x134, 0x135, "j"},  {0x136, 0x138, "k"},
    {0x139, 0x142, "l"}, {0x143, 0x14B, "n"}, {0x14C, 0x151, "o"},  {0x152, 0x153, "oe"}, {0x154, 0x159, "r"},
    {0x15A, 0x161, "s"}, {0x162, 0x167, "t"}, {0x168, 0x173, "u"},  {0x174, 0x175, "w"},  {0x176, 0x178, "y"},
    {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"},
}};

enum class FoldKind {
    Letter,    // the ASCII folding was appended
    Separator, // punctuation or space: becomes a word break
    Ignored,   // combining marks, variation selectors: vanish
    Keep,      // a letter of another script: kept as written
};

FoldKind fold_code_point(char32_t cp, std::string& out) {
    if (cp < 0x80) {
        const char c = static_cast<char>(cp);
        if (is_ascii_alnum(c)) {
            out += ascii_lower(c);
            return FoldKind::Letter;
        }
        return FoldKind::Separator;
    }
    if (cp < 0xC0) {
        // ª and º are letters (1º, Nª); the rest of the block is punctuation and signs.
        if (cp == 0xAA) {
            out += 'a';
            return FoldKind::Letter;
        }
        if (cp == 0xBA) {
            out += 'o';
            return FoldKind::Letter;
        }
        return FoldKind::Separator;
    }
    if (cp < 0x100) {
        const char* folded = k_latin1_fold[cp - 0xC0];
        if (folded == nullptr) {
            return FoldKind::Separator;
        }
        out += folded;
        return FoldKind::Letter;
    }
    if (cp < 0x180) {
        for (const auto& range : k_extended_a_fold) {
            if (cp >= range.first && cp <= range.last) {
                out += range.ascii;
                return FoldKind::Letter;
            }
        }
        return FoldKind::Keep; // not reached: the table covers the block
    }
    // Romanian comma-below letters are common enough in names to deserve folding.
    if (cp == 0x218 || cp == 0x219) {
        out += 's';
        return FoldKind::Letter;
    }
    if (cp == 0x21A || cp == 0x21B) {
        out += 't';
        return FoldKind::Letter;
    }
    // Decomposed accents (text pasted from macOS) fold like their precomposed forms.
    if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0x200B || cp == 0x200D || cp == 0xAD) {
        return FoldKind::Ignored;
    }
    if (cp == 0x2BC || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x2E00 && cp <= 0x2E7F) ||
        (cp >= 0x3000 && cp <= 0x303F) || cp == 0xFEFF || cp == 0xFFFD) {
        return FoldKind::Separator;
    }
    return FoldKind::Keep;
}

// The spaces French typography and word processors put in text.
size_t space_length(std::string_view s, size_t pos) {
    const char c = s[pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        return 1;
    }
    if (c == '\xC2' && pos + 1 < s.size() && s[pos + 1] == '\xA0') {
        return 2; // U+00A0
    }
    if (c == '\xE2' && pos + 2 < s.size() && s[pos + 1] == '\x80' && (s[pos + 2] == '\xAF' || s[pos + 2] == '\x89')) {
        return 3; // U+202F, U+2009
    }
    return 0;
}

// Length of a space character ending just before `end`, or 0.
size_t space_length_before(std::string_view s, size_t end) {
    if (end == 0) {
        return 0;
    }
    if (space_length(s, end - 1) == 1) {
        return 1;
    }
    if (end >= 2 && space_length(s, end - 2) == 2) {
        return 2;
    }
    if (end >= 3 && space_length(s, end - 3) == 3) {
        return 3;
    }
    return 0;
}

template <size_t N> std::array<std::string_view, N> sorted_copy(std::array<std::string_view, N> words) {
    std::sort(words.begin(), words.end());
    return words;
}

} // namespace

std::string_view language_code(Language language) {
    return language == Language::French ? "fr" : "en";
}

std::string_view trim(std::string_view s) {
    size_t begin = 0;
    while (begin < s.size()) {
        const size_t length = space_length(s, begin);
        if (length == 0) {
            break;
        }
        begin += length;
    }
    size_t end = s.size();
    while (end > begin) {
        const size_t length = space_length_before(s, end);
        if (length == 0) {
            break;
        }
        end -= length;
    }
    return s.substr(begin, end - begin);
}

std::string trim_copy(std::string_view s) {
    return std::string(trim(s));
}

std::string normalize_spaces(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        size_t length = 0;
        if (s[i] == ' ' || s[i] == '\t') {
            length = 1;
        } else if (s[i] == '\xC2' || s[i] == '\xE2') {
            length = space_length(s, i); // only the multi-byte spaces can match here
        }
        if (length > 0) {
            if (out.empty() || out.back() != ' ') {
                out += ' ';
            }
            i += length;
        } else {
            out += s[i];
            ++i;
        }
    }
    return out;
}

std::string fold_key(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending_space = false; // a separator was seen since the last letter
    for (size_t i = 0; i < s.size();) {
        const Decoded d = decode_at(s, i);
        if (!d.ok) {
            pending_space = true; // garbage separates words but never reaches the key
            i += d.length;
            continue;
        }
        const size_t before = out.size();
        const FoldKind kind = fold_code_point(d.code_point, out);
        if (kind == FoldKind::Keep) {
            out.append(s.substr(i, d.length));
        }
        if (kind == FoldKind::Letter || kind == FoldKind::Keep) {
            // The space goes in only now, so that the key is trimmed and separators collapse.
            if (pending_space && before > 0) {
                out.insert(before, 1, ' ');
            }
            pending_space = false;
        } else if (kind == FoldKind::Separator) {
            pending_space = true;
        }
        i += d.length;
    }
    return out;
}

std::string fold(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            out += ascii_lower(static_cast<char>(b));
            ++i;
            continue;
        }
        const Decoded d = decode_at(s, i);
        if (!d.ok) {
            out.append(s.substr(i, d.length));
            i += d.length;
            continue;
        }
        if (d.code_point == 0x2019 || d.code_point == 0x2018) {
            out += '\'';
            i += d.length;
            continue;
        }
        const size_t before = out.size();
        const FoldKind kind = fold_code_point(d.code_point, out);
        if (kind == FoldKind::Separator || kind == FoldKind::Keep) {
            out.resize(before);
            out.append(s.substr(i, d.length));
        }
        i += d.length;
    }
    return out;
}

std::string collapse_spaces(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending = false;
    for (size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        size_t space = 0;
        if (b == ' ' || (b >= '\t' && b <= '\r')) {
            space = 1;
        } else if (b == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
            space = 2;
        } else if (b == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(s[i + 2]) == 0xAF || static_cast<unsigned char>(s[i + 2]) == 0x89)) {
            space = 3;
        }
        if (space > 0) {
            pending = !out.empty();
            i += space;
            continue;
        }
        if (pending) {
            out += ' ';
            pending = false;
        }
        out += s[i];
        ++i;
    }
    return out;
}

std::string to_lower(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            out += ascii_lower(static_cast<char>(b));
            ++i;
            continue;
        }
        const Decoded d = decode_at(s, i);
        if (!d.ok) {
            out.append(s.substr(i, d.length)); // not ours to repair; see sanitize_utf8
            i += d.length;
            continue;
        }
        char32_t cp = d.code_point;
        if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) {
            cp += 0x20;
        } else if (cp == 0x130) {
            cp = 'i'; // İ: the dotted capital I lower-cases to plain i
        } else if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) {
            cp |= 1; // upper case at even code points
        } else if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) {
            if (cp % 2 == 1) {
                cp += 1; // upper case at odd code points
            }
        } else if (cp == 0x178) {
            cp = 0xFF; // Ÿ → ÿ, which lives in Latin-1
        }
        append_utf8(out, cp);
        i += d.length;
    }
    return out;
}

bool is_valid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        const Decoded d = decode_at(s, i);
        if (!d.ok) {
            return false;
        }
        i += d.length;
    }
    return true;
}

std::string sanitize_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    size_t clean_from = 0; // start of the run of valid bytes not yet copied
    for (size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        const Decoded d = decode_at(s, i);
        if (d.ok) {
            i += d.length;
            continue;
        }
        out.append(s.substr(clean_from, i - clean_from));
        out += "\xEF\xBF\xBD";
        i += d.length;
        clean_from = i;
    }
    out.append(s.substr(clean_from));
    return out;
}

std::optional<std::string> windows_1252_to_utf8(std::string_view s) {
    // 0x80–0x9F; 0 where Windows-1252 defines nothing.
    static constexpr char16_t k_high[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                            0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                            0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                            0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
    for (size_t i = 0; i < s.size();) {
        const auto byte = static_cast<unsigned char>(s[i]);
        if (byte < 0x80) {
            ++i;
            continue;
        }
        if (decode_at(s, i).ok) {
            return std::nullopt; // real UTF-8 in it: not a single-byte file
        }
        ++i;
    }
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (char c : s) {
        const auto byte = static_cast<unsigned char>(c);
        char32_t code = byte < 0x80 ? byte : byte >= 0xA0 ? byte : k_high[byte - 0x80] ? k_high[byte - 0x80] : 0xFFFD;
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        }
    }
    return out;
}

Decoding to_utf8(std::string_view s, std::string& out) {
    if (is_valid_utf8(s)) {
        return Decoding::Utf8;
    }
    if (auto converted = windows_1252_to_utf8(s)) {
        out = std::move(*converted);
        return Decoding::Windows1252;
    }
    out = sanitize_utf8(s);
    return Decoding::Repaired;
}

std::vector<std::string> split(std::string_view s, char separator) {
    std::vector<std::string> parts;
    size_t begin = 0;
    while (true) {
        const size_t end = s.find(separator, begin);
        if (end == std::string_view::npos) {
            parts.emplace_back(s.substr(begin));
            break;
        }
        parts.emplace_back(s.substr(begin, end - begin));
        begin = end + 1;
    }
    return parts;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (prefix.size() > s.size()) {
        return false;
    }
    for (size_t i = 0; i < prefix.size(); ++i) {
        if (ascii_lower(s[i]) != ascii_lower(prefix[i])) {
            return false;
        }
    }
    return true;
}

Language detect_language(std::string_view s) {
    // Function words only: they are frequent in any text and rarely shared between the
    // two languages. Words that exist in both ("on", "a"/"à", "or", "an", "son", "but",
    // "plus", "as") are left out because they would count for both sides.
    static constexpr std::array<std::string_view, 48> k_french = {
        "au",   "aux",   "avec", "ce",    "ces",   "cette", "comme", "dans", "de",   "des", "donc", "du",
        "elle", "elles", "en",   "entre", "est",   "et",    "ete",   "etre", "il",   "ils", "je",   "l",
        "la",   "le",    "les",  "leur",  "leurs", "mais",  "ne",    "nous", "ou",   "par", "pas",  "pour",
        "qu",   "que",   "qui",  "sa",    "se",    "ses",   "sont",  "sur",  "tres", "un",  "une",  "vous",
    };
    static constexpr std::array<std::string_view, 42> k_english = {
        "about", "all",  "and",    "are",   "at",   "be",    "been",  "by",   "can",   "for", "from",
        "has",   "have", "he",     "her",   "his",  "if",    "in",    "is",   "it",    "not", "of",
        "our",   "she",  "should", "that",  "the",  "their", "there", "they", "this",  "to",  "was",
        "we",    "were", "what",   "which", "will", "with",  "would", "you",  "these",
    };
    static const auto french = sorted_copy(k_french);
    static const auto english = sorted_copy(k_english);
    constexpr size_t k_longest = 6; // longer words cannot be in either list

    long french_count = 0;
    long english_count = 0;
    std::string word;
    bool too_long = false;
    auto finish_word = [&]() {
        if (!word.empty() && !too_long) {
            if (std::binary_search(french.begin(), french.end(), std::string_view(word))) {
                ++french_count;
            } else if (std::binary_search(english.begin(), english.end(), std::string_view(word))) {
                ++english_count;
            }
        }
        word.clear();
        too_long = false;
    };
    for (size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            // The ASCII fast path: most of any text.
            if (is_ascii_alnum(static_cast<char>(b))) {
                if (word.size() < k_longest) {
                    word += ascii_lower(static_cast<char>(b));
                } else {
                    too_long = true;
                }
            } else {
                finish_word();
            }
            ++i;
            continue;
        }
        const Decoded d = decode_at(s, i);
        if (!d.ok) {
            finish_word();
            i += d.length;
            continue;
        }
        std::string folded;
        const FoldKind kind = fold_code_point(d.code_point, folded);
        if (kind == FoldKind::Letter) {
            if (word.size() + folded.size() <= k_longest) {
                word += folded;
            } else {
                too_long = true;
            }
        } else if (kind == FoldKind::Keep) {
            too_long = true; // a word with letters of another script is in neither list
        } else if (kind == FoldKind::Separator) {
            finish_word();
        }
        i += d.length;
    }
    finish_word();
    return french_count > english_count ? Language::French : Language::English;
}

std::string excerpt(std::string_view s, size_t max_bytes) {
    std::string flat = normalize_spaces(s);
    std::replace(flat.begin(), flat.end(), '\n', ' ');
    std::replace(flat.begin(), flat.end(), '\r', ' ');
    flat = trim_copy(flat);
    if (flat.size() <= max_bytes) {
        return flat;
    }
    size_t cut = flat.rfind(' ', max_bytes);
    if (cut == std::string::npos || cut < max_bytes / 2) {
        cut = max_bytes;
        while (cut > 0 && (static_cast<unsigned char>(flat[cut]) & 0xC0) == 0x80) {
            --cut; // back to the first byte of a UTF-8 sequence
        }
    }
    return trim_copy(std::string_view(flat).substr(0, cut)) + "\u2026";
}

void append_json_string(std::string& out, std::string_view s) {
    static const char* const k_hex = "0123456789ABCDEF";
    out += '"';
    size_t run = 0; // start of the bytes copied as they are
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            out += "\\u00";
            out += k_hex[c >> 4];
            out += k_hex[c & 0xF];
        }
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
}

} // namespace quorum::text
