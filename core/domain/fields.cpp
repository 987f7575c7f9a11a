#include "domain/fields.hpp"

#include <cstdio>

namespace quorum {

std::optional<std::string> refused_character(std::string_view value, Lines lines) {
    for (char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte != 0x7F) {
            continue;
        }
        if (lines == Lines::many && (c == '\t' || c == '\n' || c == '\r')) {
            continue;
        }
        char name[8];
        std::snprintf(name, sizeof name, "U+%04X", byte);
        return std::string(name);
    }
    return std::nullopt;
}

} // namespace quorum
