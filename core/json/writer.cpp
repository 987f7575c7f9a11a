#include "json/writer.hpp"

#include "util/text.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <charconv>
#include <sstream>

namespace quorum::json {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

struct Style {
    bool pretty = false;
    int depth = 0;
};

void append_value(std::string& out, const Poco::Dynamic::Var& value, Style style);

void newline(std::string& out, int depth) {
    out += '\n';
    out.append(static_cast<size_t>(depth) * 2, ' ');
}

void append_object(std::string& out, const Object& object, Style style) {
    if (style.pretty && object.size() == 0) {
        out += "{}";
        return;
    }
    out += '{';
    // getNames gives the keys in the order Poco writes them: insertion order for an
    // object made with JSON_PRESERVE_KEY_ORDER, sorted otherwise. The values come
    // from the (sorted) map; in the common sorted case its iterator simply follows.
    Object::NameList names = object.getNames();
    auto next = object.begin();
    bool first = true;
    for (const std::string& name : names) {
        auto found = next;
        if (found == object.end() || found->first != name) {
            found = std::lower_bound(object.begin(), object.end(), name,
                                     [](const auto& entry, const std::string& key) { return entry.first < key; });
            if (found == object.end() || found->first != name) {
                continue;
            }
        }
        next = std::next(found);
        if (!first) {
            out += ',';
        }
        first = false;
        if (style.pretty) {
            newline(out, style.depth + 1);
        }
        append_string(out, name);
        out += style.pretty ? ": " : ":";
        append_value(out, found->second, Style{style.pretty, style.depth + 1});
    }
    if (style.pretty) {
        newline(out, style.depth);
    }
    out += '}';
}

void append_array(std::string& out, const Array& array, Style style) {
    if (style.pretty && array.size() == 0) {
        out += "[]";
        return;
    }
    out += '[';
    bool first = true;
    for (auto it = array.begin(); it != array.end(); ++it) {
        if (!first) {
            out += ',';
        }
        first = false;
        if (style.pretty) {
            newline(out, style.depth + 1);
        }
        append_value(out, *it, Style{style.pretty, style.depth + 1});
    }
    if (style.pretty) {
        newline(out, style.depth);
    }
    out += ']';
}

template <typename Integer> void append_integer(std::string& out, Integer value) {
    char buffer[24];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

} // namespace

void append_string(std::string& out, std::string_view text) {
    text::append_json_string(out, text);
}

namespace {

void append_value(std::string& out, const Poco::Dynamic::Var& value, Style style) {
    const std::type_info& type = value.type();
    if (type == typeid(Object::Ptr)) {
        const Object::Ptr& object = value.extract<Object::Ptr>();
        if (object) {
            append_object(out, *object, style);
        } else {
            out += style.pretty ? "{}" : "null";
        }
    } else if (type == typeid(Array::Ptr)) {
        const Array::Ptr& array = value.extract<Array::Ptr>();
        if (array) {
            append_array(out, *array, style);
        } else {
            out += style.pretty ? "[]" : "null";
        }
    } else if (type == typeid(std::string)) {
        append_string(out, value.extract<std::string>());
    } else if (value.isEmpty()) {
        out += "null";
    } else if (type == typeid(bool)) {
        out += value.extract<bool>() ? "true" : "false";
    } else if (value.isInteger() && !value.isBoolean()) {
        if (value.isSigned()) {
            append_integer(out, value.convert<Poco::Int64>());
        } else {
            append_integer(out, value.convert<Poco::UInt64>());
        }
    } else if (type == typeid(Object)) {
        append_object(out, value.extract<Object>(), style);
    } else if (type == typeid(Array)) {
        append_array(out, value.extract<Array>(), style);
    } else if (style.pretty && value.isNumeric()) {
        char buffer[64];
        auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value.convert<double>());
        out.append(buffer, error == std::errc() ? end : buffer);
    } else if (style.pretty) {
        append_string(out, value.convert<std::string>());
    } else {
        // Floating point and anything rarer: exactly as Poco writes it.
        std::ostringstream text;
        Poco::JSON::Stringifier::condense(value, text);
        out += text.str();
    }
}

} // namespace

void append(std::string& out, const Poco::Dynamic::Var& value) {
    append_value(out, value, Style{});
}

std::string pretty(const Poco::Dynamic::Var& value) {
    std::string out;
    out.reserve(4096);
    append_value(out, value, Style{true, 0});
    out += '\n';
    return out;
}

std::string condense(const Poco::Dynamic::Var& value) {
    std::string out;
    out.reserve(256);
    append(out, value);
    return out;
}

} // namespace quorum::json
