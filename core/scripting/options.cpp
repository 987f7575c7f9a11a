#include "scripting/options.hpp"

#include "util/datetime.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace quorum::scripting {

namespace {

std::string trim(std::string_view text) {
    size_t begin = 0;
    size_t end = text.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) {
        ++begin;
    }
    while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) {
        --end;
    }
    return std::string(text.substr(begin, end - begin));
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::optional<std::int64_t> parse_integer(const std::string& text) {
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
        return std::nullopt;
    }
    return value;
}

} // namespace

const char* option_type_name(OptionType type) {
    switch (type) {
    case OptionType::String:
        return "string";
    case OptionType::Integer:
        return "integer";
    case OptionType::Boolean:
        return "boolean";
    case OptionType::Enum:
        return "enum";
    case OptionType::Duration:
        return "duration";
    }
    return "string";
}

std::optional<std::int64_t> parse_duration_ms(std::string_view input) {
    std::string text = lower(trim(input));
    if (text.empty()) {
        return std::nullopt;
    }
    if (auto seconds = parse_integer(text)) {
        return *seconds * 1000;
    }
    // number unit [number unit]…, units ms, s, m, h (and their long forms).
    std::int64_t total = 0;
    size_t i = 0;
    bool any = false;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') {
            ++i;
        }
        size_t start = i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
            ++i;
        }
        if (start == i || i - start > 9) {
            break;
        }
        std::int64_t number = std::stoll(text.substr(start, i - start));
        while (i < text.size() && text[i] == ' ') {
            ++i;
        }
        size_t unit_start = i;
        while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) {
            ++i;
        }
        std::string unit = text.substr(unit_start, i - unit_start);
        std::int64_t scale = 0;
        if (unit == "ms") {
            scale = 1;
        } else if (unit == "s" || unit == "sec" || unit == "secs" || unit == "second" || unit == "seconds") {
            scale = 1000;
        } else if (unit == "m" || unit == "min" || unit == "mins" || unit == "minute" || unit == "minutes" ||
                   unit == "mn") {
            scale = 60 * 1000;
        } else if (unit == "h" || unit == "hour" || unit == "hours" || unit == "heure" || unit == "heures") {
            scale = 60 * 60 * 1000;
        } else if (unit.empty() && any && i == text.size()) {
            // "1h30": the trailing number is minutes.
            scale = 60 * 1000;
        } else {
            any = false;
            break;
        }
        total += number * scale;
        any = true;
    }
    if (any && i == text.size()) {
        return total;
    }
    if (auto seconds = datetime::parse_duration(input)) {
        return std::int64_t{*seconds} * 1000;
    }
    return std::nullopt;
}

OptionValue parse_option(const OptionSpec& spec, std::string_view input) {
    std::string text = trim(input);
    auto bad = [&](const std::string& why) {
        return OptionValue{spec.default_value, "option " + spec.name + ": " + why + "; using the default " +
                                                   describe_option_value(spec, spec.default_value)};
    };
    switch (spec.type) {
    case OptionType::String:
        return {Value(text), {}};
    case OptionType::Integer: {
        auto number = parse_integer(text);
        if (!number) {
            return bad("'" + text + "' is not an integer");
        }
        if (*number < spec.min || *number > spec.max) {
            std::int64_t clamped = std::clamp(*number, spec.min, spec.max);
            return {Value(clamped), "option " + spec.name + ": " + text + " is out of [" + std::to_string(spec.min) +
                                        ", " + std::to_string(spec.max) + "]; using " + std::to_string(clamped)};
        }
        return {Value(*number), {}};
    }
    case OptionType::Boolean: {
        std::string word = lower(text);
        if (word == "true" || word == "yes" || word == "on" || word == "1") {
            return {Value(true), {}};
        }
        if (word == "false" || word == "no" || word == "off" || word == "0") {
            return {Value(false), {}};
        }
        return bad("'" + text + "' is not true or false");
    }
    case OptionType::Enum: {
        if (std::find(spec.values.begin(), spec.values.end(), text) != spec.values.end()) {
            return {Value(text), {}};
        }
        std::string allowed;
        for (const auto& value : spec.values) {
            allowed += (allowed.empty() ? "" : ", ") + value;
        }
        return bad("'" + text + "' is not one of " + allowed);
    }
    case OptionType::Duration: {
        auto ms = parse_duration_ms(text);
        if (!ms || *ms < 0) {
            return bad("'" + text + "' is not a duration (\"2m\", \"90 s\", \"1h30\")");
        }
        return {Value(*ms), {}};
    }
    }
    return {spec.default_value, {}};
}

std::string describe_option_value(const OptionSpec& spec, const Value& value) {
    if (const auto* text = value.string()) {
        return *text;
    }
    if (const auto* flag = std::get_if<bool>(&value.data)) {
        return *flag ? "true" : "false";
    }
    if (const auto* number = std::get_if<std::int64_t>(&value.data)) {
        if (spec.type == OptionType::Duration) {
            if (*number % 60000 == 0) {
                return std::to_string(*number / 60000) + "m";
            }
            if (*number % 1000 == 0) {
                return std::to_string(*number / 1000) + "s";
            }
            return std::to_string(*number) + "ms";
        }
        return std::to_string(*number);
    }
    return to_json(value);
}

} // namespace quorum::scripting
