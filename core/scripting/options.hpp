#pragma once

#include "scripting/value.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quorum::scripting {

enum class OptionType { String, Integer, Boolean, Enum, Duration };
const char* option_type_name(OptionType type);

// One option a plugin declared with plugin:option_*(…): its type, default and bounds.
struct OptionSpec {
    std::string name;
    OptionType type = OptionType::String;
    Value default_value;
    std::int64_t min = INT64_MIN; // integers
    std::int64_t max = INT64_MAX;
    std::vector<std::string> values; // enums
};

struct OptionValue {
    Value value;
    std::string warning; // set when the text was bad and the value was clamped or defaulted
};

// Reads the configured text of an option. A bad value is never fatal: an integer out
// of bounds is clamped, anything unreadable gives the default, and `warning` says so.
// Durations are milliseconds.
OptionValue parse_option(const OptionSpec& spec, std::string_view text);

// "2m", "90 s", "1h30", "1 h 10 min", "500ms", "45" (seconds) → milliseconds.
std::optional<std::int64_t> parse_duration_ms(std::string_view text);

// The value as people write it in quorum.properties ("2m" → "120 s" stays "2m"...).
std::string describe_option_value(const OptionSpec& spec, const Value& value);

} // namespace quorum::scripting
