#include "summary/display.hpp"

#include <Poco/JSON/Array.h>

#include <cmath>
#include <cstdio>
#include <vector>

namespace quorum::summary::display {

namespace {

constexpr int k_minutes_per_day = 24 * 60;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Reads the value at a dotted path; an empty Var when any step is missing.
Poco::Dynamic::Var lookup(const Poco::JSON::Object::Ptr& root, std::string_view path) {
    Poco::JSON::Object::Ptr object = root;
    Poco::Dynamic::Var value;
    size_t start = 0;
    while (object) {
        size_t dot = path.find('.', start);
        std::string key(path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (!object->has(key)) {
            return {};
        }
        value = object->get(key);
        if (dot == std::string_view::npos) {
            return value;
        }
        start = dot + 1;
        object = value.type() == typeid(Poco::JSON::Object::Ptr) ? value.extract<Poco::JSON::Object::Ptr>() : nullptr;
    }
    return {};
}

std::string two_digits(int value) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%02d", value);
    return buffer;
}

// One time of day through labels.format: "{h} h {mm}" (French, 24-hour clock) or
// "{h}:{mm}" plus "am"/"pm" (English, 12-hour clock).
struct ClockText {
    std::string time;     // without the meridiem
    std::string meridiem; // empty on a 24-hour clock
};

ClockText format_clock(int minutes, const Labels& labels) {
    int hour = (minutes / 60) % 24;
    int minute = minutes % 60;
    ClockText out;
    if (labels.get("format.clock") == "12") {
        out.meridiem = labels.get(hour < 12 ? "format.am" : "format.pm");
        hour = hour % 12 == 0 ? 12 : hour % 12;
    }
    std::string pattern = labels.get("format.time");
    if (minute == 0 && !labels.get("format.time_on_the_hour").empty()) {
        pattern = labels.get("format.time_on_the_hour");
    }
    if (pattern.empty()) {
        pattern = "{hh}:{mm}";
    }
    out.time = fill(pattern, {{"h", std::to_string(hour)}, {"hh", two_digits(hour)}, {"mm", two_digits(minute)}});
    return out;
}

std::string with_meridiem(const std::string& time, const std::string& meridiem, const Labels& labels) {
    if (meridiem.empty()) {
        return time;
    }
    std::string pattern = labels.get("format.time_meridiem");
    return fill(pattern.empty() ? "{time} {meridiem}" : pattern, {{"time", time}, {"meridiem", meridiem}});
}

bool is_leading_space(char c) {
    return c == ' ' || c == '\t';
}

} // namespace

Labels::Labels(Poco::JSON::Object::Ptr root) : m_root(std::move(root)) {
    if (!m_root) {
        m_root = new Poco::JSON::Object;
    }
}

std::string Labels::get(std::string_view path) const {
    Poco::Dynamic::Var value = lookup(m_root, path);
    if (value.isEmpty() || !value.isString()) {
        return {};
    }
    return value.convert<std::string>();
}

bool Labels::get_bool(std::string_view path) const {
    Poco::Dynamic::Var value = lookup(m_root, path);
    return !value.isEmpty() && value.isBoolean() && value.extract<bool>();
}

std::string Labels::get_item(std::string_view path, size_t index) const {
    Poco::Dynamic::Var value = lookup(m_root, path);
    if (value.isEmpty() || value.type() != typeid(Poco::JSON::Array::Ptr)) {
        return {};
    }
    auto array = value.extract<Poco::JSON::Array::Ptr>();
    if (!array || index >= array->size() || !array->get(static_cast<unsigned>(index)).isString()) {
        return {};
    }
    return array->getElement<std::string>(static_cast<unsigned>(index));
}

std::optional<CalendarDate> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (!is_digit(text[i])) {
            return std::nullopt;
        }
    }
    auto number = [&](size_t pos, size_t len) {
        int value = 0;
        for (size_t i = pos; i < pos + len; ++i) {
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    CalendarDate date{number(0, 4), number(5, 2), number(8, 2)};
    static constexpr int k_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > k_days[date.month - 1]) {
        return std::nullopt;
    }
    bool leap = (date.year % 4 == 0 && date.year % 100 != 0) || date.year % 400 == 0;
    if (date.month == 2 && date.day == 29 && !leap) {
        return std::nullopt;
    }
    return date;
}

std::optional<int> parse_clock(std::string_view text) {
    size_t i = 0;
    auto skip_spaces = [&] {
        while (i < text.size() && text[i] == ' ') {
            ++i;
        }
    };
    auto read_number = [&](size_t max_digits) -> std::optional<int> {
        size_t begin = i;
        int value = 0;
        while (i < text.size() && is_digit(text[i]) && i - begin < max_digits) {
            value = value * 10 + (text[i] - '0');
            ++i;
        }
        if (i == begin) {
            return std::nullopt;
        }
        return value;
    };
    skip_spaces();
    auto hour = read_number(2);
    if (!hour || *hour > 23) {
        return std::nullopt;
    }
    skip_spaces();
    if (i >= text.size() || (text[i] != ':' && text[i] != 'h' && text[i] != 'H')) {
        return std::nullopt;
    }
    bool colon = text[i] == ':';
    ++i;
    skip_spaces();
    int minute = 0;
    if (i < text.size()) {
        size_t begin = i;
        auto read = read_number(2);
        if (!read || i - begin != 2 || *read > 59) {
            return std::nullopt;
        }
        minute = *read;
    } else if (colon) {
        return std::nullopt; // "9:" is not a time
    }
    skip_spaces();
    if (i != text.size()) {
        return std::nullopt;
    }
    return *hour * 60 + minute;
}

std::optional<int> span_minutes(std::string_view start, std::string_view end) {
    auto from = parse_clock(start);
    auto to = parse_clock(end);
    if (!from || !to || *from == *to) {
        return std::nullopt;
    }
    int span = *to - *from;
    return span < 0 ? span + k_minutes_per_day : span;
}

std::string fill(std::string_view pattern, const std::map<std::string, std::string>& values) {
    std::string out;
    out.reserve(pattern.size());
    size_t i = 0;
    while (i < pattern.size()) {
        if (pattern[i] == '{') {
            size_t close = pattern.find('}', i + 1);
            if (close != std::string_view::npos) {
                auto found = values.find(std::string(pattern.substr(i + 1, close - i - 1)));
                if (found != values.end()) {
                    out += found->second;
                    i = close + 1;
                    continue;
                }
            }
        }
        out += pattern[i];
        ++i;
    }
    return out;
}

std::string format_date(std::string_view iso, const Labels& labels) {
    auto date = parse_iso_date(iso);
    std::string month = date ? labels.get_item("format.months", static_cast<size_t>(date->month - 1)) : "";
    std::string pattern = labels.get("format.date");
    if (!date || month.empty() || pattern.empty()) {
        return std::string(iso);
    }
    std::string day = std::to_string(date->day);
    if (date->day == 1 && !labels.get("format.first_day").empty()) {
        day = labels.get("format.first_day"); // "1er mars"
    }
    return fill(pattern, {{"day", day}, {"month", month}, {"year", std::to_string(date->year)}});
}

std::string format_time_range(std::string_view start, std::string_view end, const Labels& labels) {
    auto from = parse_clock(start);
    auto to = parse_clock(end);
    std::string range = labels.get("format.time_range");
    if (range.empty()) {
        range = "{start}–{end}";
    }
    auto one = [&](std::string_view raw, std::optional<int> minutes) -> std::string {
        if (!minutes) {
            return std::string(raw);
        }
        ClockText clock = format_clock(*minutes, labels);
        return with_meridiem(clock.time, clock.meridiem, labels);
    };
    if (start.empty() && end.empty()) {
        return {};
    }
    if (end.empty()) {
        return one(start, from);
    }
    if (start.empty()) {
        return one(end, to);
    }
    if (from && to) {
        ClockText a = format_clock(*from, labels);
        ClockText b = format_clock(*to, labels);
        if (a.meridiem == b.meridiem) {
            // "9:30–11:30 am": the shared meridiem is said once.
            return with_meridiem(fill(range, {{"start", a.time}, {"end", b.time}}), a.meridiem, labels);
        }
    }
    return fill(range, {{"start", one(start, from)}, {"end", one(end, to)}});
}

std::string format_number(double value, const Labels& labels) {
    double rounded = std::round(value * 100.0) / 100.0;
    if (std::fabs(rounded - std::round(rounded)) < 1e-9) {
        return std::to_string(static_cast<long long>(std::llround(rounded)));
    }
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.2f", rounded);
    std::string text = buffer;
    while (!text.empty() && text.back() == '0') {
        text.pop_back();
    }
    std::string separator = labels.get("format.decimal_separator");
    if (!separator.empty()) {
        if (size_t dot = text.find('.'); dot != std::string::npos) {
            text.replace(dot, 1, separator);
        }
    }
    return text;
}

std::string format_count(std::string_view what, long count, const Labels& labels) {
    std::string base = "counts." + std::string(what);
    // French treats 0 like 1 ("0 décision"); English does not ("0 decisions").
    bool singular = count == 1 || (count == 0 && labels.get_bool("format.zero_is_singular"));
    std::string pattern = labels.get(base + (singular ? ".one" : ".other"));
    if (pattern.empty()) {
        pattern = "{n}";
    }
    return fill(pattern, {{"n", std::to_string(count)}});
}

std::string markdown_escape(std::string_view value) {
    // Flatten first: a line break inside a value would let it start a block.
    std::string flat;
    flat.reserve(value.size());
    for (char c : value) {
        flat += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    }
    size_t begin = flat.find_first_not_of(' ');
    if (begin == std::string::npos) {
        return {};
    }
    size_t last = flat.find_last_not_of(' ');
    std::string_view text(flat.data() + begin, last - begin + 1);

    std::string out;
    out.reserve(text.size() + 8);
    // A value often lands at the start of a list item or heading, where "# ", "- ",
    // "+ " or "1. " would open a block of its own; only then is the marker escaped,
    // so "1.5 min" or "-5 °C" stay as written. ('>' is escaped wherever it stands.)
    size_t i = 0;
    auto ends_marker = [&](size_t pos) { return pos >= text.size() || text[pos] == ' '; };
    if (text[0] == '#') {
        size_t hashes = text.find_first_not_of('#');
        if (hashes == std::string_view::npos || (hashes <= 6 && ends_marker(hashes))) {
            out += '\\';
        }
    } else if (text[0] == '-' || text[0] == '+') {
        if (ends_marker(1) || text[1] == text[0]) {
            out += '\\';
        }
    } else if (is_digit(text[0])) {
        size_t digits = 0;
        while (digits < text.size() && is_digit(text[digits])) {
            ++digits;
        }
        if (digits < text.size() && (text[digits] == '.' || text[digits] == ')') && ends_marker(digits + 1)) {
            out.append(text.substr(0, digits));
            out += '\\';
            i = digits;
        }
    }
    for (; i < text.size(); ++i) {
        char c = text[i];
        switch (c) {
        case '\\':
        case '`':
        case '*':
        case '_':
        case '[':
        case ']':
        case '<':
        case '>':
        case '|':
        case '~':
        case '&':
            out += '\\';
            break;
        default:
            break;
        }
        out += c;
    }
    return out;
}

std::string markdown_destination(std::string_view url) {
    std::string out;
    for (unsigned char c : url) {
        if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '\\') {
            char buffer[4];
            std::snprintf(buffer, sizeof buffer, "%%%02X", c);
            out += buffer;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

bool is_linkable_url(std::string_view url) {
    auto has_prefix = [&](std::string_view prefix) {
        if (url.size() <= prefix.size()) {
            return false;
        }
        for (size_t i = 0; i < prefix.size(); ++i) {
            char c = url[i];
            if (c >= 'A' && c <= 'Z') {
                c = static_cast<char>(c - 'A' + 'a');
            }
            if (c != prefix[i]) {
                return false;
            }
        }
        return true;
    };
    if (!has_prefix("http://") && !has_prefix("https://") && !has_prefix("mailto:")) {
        return false;
    }
    for (unsigned char c : url) {
        if (c <= 0x20 || c == 0x7f) {
            return false;
        }
    }
    return true;
}

size_t display_width(std::string_view text) {
    size_t width = 0;
    for (unsigned char c : text) {
        if ((c & 0xC0) != 0x80) {
            ++width;
        }
    }
    return width;
}

std::string wrap_text(std::string_view text, size_t width) {
    std::string out;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t newline = text.find('\n', pos);
        std::string_view line =
            text.substr(pos, newline == std::string_view::npos ? std::string_view::npos : newline - pos);
        if (display_width(line) <= width) {
            out.append(line);
        } else {
            // The prefix (indentation and list marker) stays on the first line; the
            // continuation lines hang under the text that follows it.
            size_t indent = 0;
            while (indent < line.size() && is_leading_space(line[indent])) {
                ++indent;
            }
            size_t prefix = indent;
            for (std::string_view marker : {"- ", "* ", "\u2022 "}) {
                if (line.substr(indent).starts_with(marker)) {
                    prefix = indent + marker.size();
                    break;
                }
            }
            std::string hang(display_width(line.substr(0, prefix)), ' ');
            std::string current(line.substr(0, prefix));
            size_t current_width = display_width(current);
            bool line_has_word = false;
            size_t i = prefix;
            while (i < line.size()) {
                size_t space = line.find(' ', i);
                std::string_view word =
                    line.substr(i, space == std::string_view::npos ? std::string_view::npos : space - i);
                i = space == std::string_view::npos ? line.size() : space + 1;
                if (word.empty()) {
                    continue;
                }
                size_t word_width = display_width(word);
                if (line_has_word && current_width + 1 + word_width > width) {
                    out += current;
                    out += '\n';
                    current = hang;
                    current_width = hang.size();
                    line_has_word = false;
                }
                if (line_has_word) {
                    current += ' ';
                    ++current_width;
                }
                current.append(word);
                current_width += word_width;
                line_has_word = true;
            }
            out += current;
        }
        if (newline == std::string_view::npos) {
            break;
        }
        out += '\n';
        pos = newline + 1;
    }
    return out;
}

std::string tidy_lines(std::string_view text, bool keep_hard_breaks) {
    std::vector<std::string_view> lines;
    std::vector<bool> hard_break;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t newline = text.find('\n', pos);
        std::string_view line =
            text.substr(pos, newline == std::string_view::npos ? std::string_view::npos : newline - pos);
        size_t end = line.find_last_not_of(" \t\r");
        std::string_view kept = end == std::string_view::npos ? std::string_view{} : line.substr(0, end + 1);
        lines.push_back(kept);
        hard_break.push_back(!kept.empty() && line.size() >= kept.size() + 2 && line.ends_with("  "));
        if (newline == std::string_view::npos) {
            break;
        }
        pos = newline + 1;
    }
    std::string out;
    bool previous_blank = true; // also drops blank lines at the very top
    for (size_t i = 0; i < lines.size(); ++i) {
        bool blank = lines[i].empty();
        if (blank && previous_blank) {
            continue;
        }
        out.append(lines[i]);
        // A Markdown hard break ("  " at the end) only means something before
        // another line of the same paragraph.
        if (keep_hard_breaks && hard_break[i] && i + 1 < lines.size() && !lines[i + 1].empty()) {
            out += "  ";
        }
        out += '\n';
        previous_blank = blank;
    }
    while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') {
        out.pop_back();
    }
    return out;
}

std::string fold_standalone_tags(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::string pending; // tags from standalone lines, waiting for the next line
    size_t pos = 0;
    while (pos < text.size()) {
        size_t newline = text.find('\n', pos);
        size_t line_end = newline == std::string_view::npos ? text.size() : newline;
        size_t first = text.find_first_not_of(" \t", pos);
        bool standalone = false;
        if (first != std::string_view::npos && first + 2 < text.size() && text.compare(first, 2, "{{") == 0 &&
            (text[first + 2] == '#' || text[first + 2] == '^' || text[first + 2] == '/' || text[first + 2] == '!')) {
            size_t close = text.find("}}", first + 2);
            if (close != std::string_view::npos) {
                size_t after = text.find_first_not_of(" \t\r", close + 2);
                if (after == std::string_view::npos || text[after] == '\n') {
                    // A comment may span lines; it renders to nothing either way.
                    if (text[first + 2] != '!') {
                        pending.append(text.substr(first, close + 2 - first));
                    }
                    pos = after == std::string_view::npos ? text.size() : after + 1;
                    standalone = true;
                }
            }
        }
        if (standalone) {
            continue;
        }
        std::string_view line = text.substr(pos, line_end - pos);
        out += pending;
        if (!pending.empty() && line.find_first_not_of(" \t\r") == std::string_view::npos) {
            out += k_keep_line;
        }
        pending.clear();
        out.append(line);
        if (newline != std::string_view::npos) {
            out += '\n';
        }
        pos = line_end + 1;
    }
    out += pending;
    return out;
}

std::string strip_markers(std::string_view rendered) {
    std::string out;
    out.reserve(rendered.size());
    for (char c : rendered) {
        if (c != k_keep_line) {
            out += c;
        }
    }
    return out;
}

} // namespace quorum::summary::display
