#include "util/value.hpp"

#include "util/text.hpp"

#include <charconv>
#include <cmath>
#include <limits>

namespace quorum {

double Value::as_double() const {
    if (const auto* i = std::get_if<std::int64_t>(&m_data)) {
        return static_cast<double>(*i);
    }
    return std::get<double>(m_data);
}

const Value* Value::find(std::string_view key) const {
    const auto* object = std::get_if<Object>(&m_data);
    if (object == nullptr) {
        return nullptr;
    }
    const auto it = object->find(key);
    return it == object->end() ? nullptr : &it->second;
}

std::int64_t Value::int_or(std::string_view key, std::int64_t fallback) const {
    const Value* v = find(key);
    return v != nullptr && v->is_int() ? v->as_int() : fallback;
}

bool Value::bool_or(std::string_view key, bool fallback) const {
    const Value* v = find(key);
    return v != nullptr && v->is_bool() ? v->as_bool() : fallback;
}

std::string Value::string_or(std::string_view key, std::string_view fallback) const {
    const Value* v = find(key);
    return v != nullptr && v->is_string() ? v->as_string() : std::string(fallback);
}

Value& Value::operator[](std::string_view key) {
    if (is_null()) {
        m_data = Object{};
    }
    auto& object = std::get<Object>(m_data);
    const auto it = object.find(key);
    if (it != object.end()) {
        return it->second;
    }
    return object.emplace(std::string(key), Value()).first->second;
}

void Value::push_back(Value v) {
    if (is_null()) {
        m_data = Array{};
    }
    std::get<Array>(m_data).push_back(std::move(v));
}

namespace {

void write_string(std::string& out, std::string_view raw) {
    if (text::is_valid_utf8(raw)) {
        text::append_json_string(out, raw);
    } else {
        text::append_json_string(out, text::sanitize_utf8(raw));
    }
}

void write(std::string& out, const Value& v) {
    if (v.is_null()) {
        out += "null";
    } else if (v.is_bool()) {
        out += v.as_bool() ? "true" : "false";
    } else if (v.is_int()) {
        out += std::to_string(v.as_int());
    } else if (v.is_double()) {
        const double d = v.as_double();
        if (!std::isfinite(d)) {
            out += "null";
            return;
        }
        char buffer[32];
        const auto result = std::to_chars(buffer, buffer + sizeof buffer, d);
        std::string_view number(buffer, static_cast<size_t>(result.ptr - buffer));
        out += number;
        // "2" would read back as an int64: keep doubles doubles.
        if (number.find_first_of(".eEn") == std::string_view::npos) {
            out += ".0";
        }
    } else if (v.is_string()) {
        write_string(out, v.as_string());
    } else if (v.is_array()) {
        out += '[';
        bool first = true;
        for (const auto& item : v.as_array()) {
            if (!first) {
                out += ',';
            }
            first = false;
            write(out, item);
        }
        out += ']';
    } else {
        out += '{';
        bool first = true;
        for (const auto& [key, item] : v.as_object()) {
            if (!first) {
                out += ',';
            }
            first = false;
            write_string(out, key);
            out += ':';
            write(out, item);
        }
        out += '}';
    }
}

class Parser {
public:
    Parser(std::string_view text, int max_depth) : m_text(text), m_max_depth(max_depth) {}

    Expected<Value> run() {
        if (!text::is_valid_utf8(m_text)) {
            // one language: parse_json's callers log it, nobody reads it
            return make_error("invalid", "JSON text is not valid UTF-8");
        }
        skip_space();
        Value v;
        if (!value(v, 0)) {
            return failure();
        }
        skip_space();
        if (m_pos != m_text.size()) {
            fail("unexpected characters after the JSON value");
            return failure();
        }
        return v;
    }

private:
    // one language: parse_json's callers log it, nobody reads it
    Error failure() const { return make_error("invalid", m_error + " at byte " + std::to_string(m_error_pos)); }

    bool fail(std::string message) {
        if (m_error.empty()) {
            m_error = std::move(message);
            m_error_pos = m_pos;
        }
        return false;
    }

    void skip_space() {
        while (m_pos < m_text.size() &&
               (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n' || m_text[m_pos] == '\r')) {
            ++m_pos;
        }
    }

    bool literal(std::string_view word) {
        if (m_text.substr(m_pos, word.size()) != word) {
            return fail("unexpected token");
        }
        m_pos += word.size();
        return true;
    }

    bool value(Value& out, int depth) {
        if (m_pos >= m_text.size()) {
            return fail("unexpected end of input");
        }
        const char c = m_text[m_pos];
        if (c == '{' || c == '[') {
            if (depth >= m_max_depth) {
                return fail("nesting deeper than " + std::to_string(m_max_depth));
            }
            return c == '{' ? object(out, depth + 1) : array(out, depth + 1);
        }
        if (c == '"') {
            std::string s;
            if (!string(s)) {
                return false;
            }
            out = Value(std::move(s));
            return true;
        }
        if (c == 't') {
            out = Value(true);
            return literal("true");
        }
        if (c == 'f') {
            out = Value(false);
            return literal("false");
        }
        if (c == 'n') {
            out = Value();
            return literal("null");
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number(out);
        }
        return fail("unexpected character");
    }

    bool object(Value& out, int depth) {
        ++m_pos; // {
        Value::Object members;
        skip_space();
        if (m_pos < m_text.size() && m_text[m_pos] == '}') {
            ++m_pos;
            out = Value(std::move(members));
            return true;
        }
        while (true) {
            skip_space();
            if (m_pos >= m_text.size() || m_text[m_pos] != '"') {
                return fail("expected a string key");
            }
            const size_t key_pos = m_pos;
            std::string key;
            if (!string(key)) {
                return false;
            }
            skip_space();
            if (m_pos >= m_text.size() || m_text[m_pos] != ':') {
                return fail("expected ':'");
            }
            ++m_pos;
            skip_space();
            Value member;
            if (!value(member, depth)) {
                return false;
            }
            if (!members.emplace(std::move(key), std::move(member)).second) {
                m_pos = key_pos;
                return fail("duplicate key");
            }
            skip_space();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == '}') {
                ++m_pos;
                out = Value(std::move(members));
                return true;
            }
            return fail("expected ',' or '}'");
        }
    }

    bool array(Value& out, int depth) {
        ++m_pos; // [
        Value::Array items;
        skip_space();
        if (m_pos < m_text.size() && m_text[m_pos] == ']') {
            ++m_pos;
            out = Value(std::move(items));
            return true;
        }
        while (true) {
            skip_space();
            Value item;
            if (!value(item, depth)) {
                return false;
            }
            items.push_back(std::move(item));
            skip_space();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == ']') {
                ++m_pos;
                out = Value(std::move(items));
                return true;
            }
            return fail("expected ',' or ']'");
        }
    }

    bool hex4(unsigned& out) {
        if (m_pos + 4 > m_text.size()) {
            return fail("truncated \\u escape");
        }
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_text[m_pos + i];
            out <<= 4;
            if (c >= '0' && c <= '9') {
                out |= static_cast<unsigned>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                out |= static_cast<unsigned>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                out |= static_cast<unsigned>(c - 'A' + 10);
            } else {
                return fail("bad \\u escape");
            }
        }
        m_pos += 4;
        return true;
    }

    static void append_utf8(std::string& out, unsigned cp) {
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

    bool string(std::string& out) {
        ++m_pos; // opening quote
        while (true) {
            if (m_pos >= m_text.size()) {
                return fail("unterminated string");
            }
            const char c = m_text[m_pos];
            if (c == '"') {
                ++m_pos;
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                return fail("control character in string");
            }
            if (c != '\\') {
                out += c;
                ++m_pos;
                continue;
            }
            ++m_pos;
            if (m_pos >= m_text.size()) {
                return fail("unterminated string");
            }
            const char e = m_text[m_pos++];
            switch (e) {
            case '"':
            case '\\':
            case '/':
                out += e;
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                unsigned cp = 0;
                if (!hex4(cp)) {
                    return false;
                }
                if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return fail("lone low surrogate");
                }
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    unsigned low = 0;
                    if (m_text.substr(m_pos, 2) != "\\u") {
                        return fail("lone high surrogate");
                    }
                    m_pos += 2;
                    if (!hex4(low)) {
                        return false;
                    }
                    if (low < 0xDC00 || low > 0xDFFF) {
                        return fail("lone high surrogate");
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                append_utf8(out, cp);
                break;
            }
            default:
                --m_pos;
                return fail("bad escape");
            }
        }
    }

    bool number(Value& out) {
        const size_t start = m_pos;
        auto digit = [&](size_t p) { return p < m_text.size() && m_text[p] >= '0' && m_text[p] <= '9'; };
        if (m_text[m_pos] == '-') {
            ++m_pos;
        }
        if (!digit(m_pos)) {
            return fail("expected a digit");
        }
        if (m_text[m_pos] == '0' && digit(m_pos + 1)) {
            return fail("leading zero");
        }
        while (digit(m_pos)) {
            ++m_pos;
        }
        bool integral = true;
        if (m_pos < m_text.size() && m_text[m_pos] == '.') {
            integral = false;
            ++m_pos;
            if (!digit(m_pos)) {
                return fail("expected a digit after '.'");
            }
            while (digit(m_pos)) {
                ++m_pos;
            }
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
            integral = false;
            ++m_pos;
            if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) {
                ++m_pos;
            }
            if (!digit(m_pos)) {
                return fail("expected a digit in the exponent");
            }
            while (digit(m_pos)) {
                ++m_pos;
            }
        }
        const char* first = m_text.data() + start;
        const char* last = m_text.data() + m_pos;
        if (integral) {
            std::int64_t i = 0;
            const auto result = std::from_chars(first, last, i);
            if (result.ec == std::errc() && result.ptr == last) {
                out = Value(i);
                return true;
            }
        }
        double d = 0;
        const auto result = std::from_chars(first, last, d);
        if (result.ec != std::errc() || result.ptr != last || !std::isfinite(d)) {
            m_pos = start;
            return fail("number out of range");
        }
        out = Value(d);
        return true;
    }

    std::string_view m_text;
    int m_max_depth;
    size_t m_pos = 0;
    std::string m_error;
    size_t m_error_pos = 0;
};

} // namespace

std::string to_json(const Value& value) {
    std::string out;
    write(out, value);
    return out;
}

Expected<Value> parse_json(std::string_view text, int max_depth) {
    return Parser(text, max_depth).run();
}

} // namespace quorum
