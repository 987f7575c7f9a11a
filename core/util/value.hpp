#pragma once

#include "util/error.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace quorum {

// A tiny dependency-free JSON-shaped value: null, bool, int64, double, string,
// array, object (a sorted map, so that serialization is canonical and two equal
// values always print the same). Live events carry their data as a Value, so the
// server can store, send and restore any event without knowing its type.
class Value {
public:
    using Array = std::vector<Value>;
    using Object = std::map<std::string, Value, std::less<>>;

    Value() = default; // null
    Value(std::nullptr_t) {}
    Value(bool b) : m_data(b) {}
    Value(int i) : m_data(static_cast<std::int64_t>(i)) {}
    Value(std::int64_t i) : m_data(i) {}
    Value(double d) : m_data(d) {}
    Value(const char* s) : m_data(std::string(s)) {}
    Value(std::string s) : m_data(std::move(s)) {}
    Value(std::string_view s) : m_data(std::string(s)) {}
    Value(Array a) : m_data(std::move(a)) {}
    Value(Object o) : m_data(std::move(o)) {}

    static Value array() { return Value(Array{}); }
    static Value object() { return Value(Object{}); }

    bool is_null() const { return std::holds_alternative<std::nullptr_t>(m_data); }
    bool is_bool() const { return std::holds_alternative<bool>(m_data); }
    bool is_int() const { return std::holds_alternative<std::int64_t>(m_data); }
    bool is_double() const { return std::holds_alternative<double>(m_data); }
    bool is_number() const { return is_int() || is_double(); }
    bool is_string() const { return std::holds_alternative<std::string>(m_data); }
    bool is_array() const { return std::holds_alternative<Array>(m_data); }
    bool is_object() const { return std::holds_alternative<Object>(m_data); }

    // Typed reads. The checked accessors throw std::bad_variant_access on a type
    // mismatch; the *_or forms return the fallback instead and never throw.
    bool as_bool() const { return std::get<bool>(m_data); }
    std::int64_t as_int() const { return std::get<std::int64_t>(m_data); }
    double as_double() const; // an int64 reads as a double too
    const std::string& as_string() const { return std::get<std::string>(m_data); }
    const Array& as_array() const { return std::get<Array>(m_data); }
    Array& as_array() { return std::get<Array>(m_data); }
    const Object& as_object() const { return std::get<Object>(m_data); }
    Object& as_object() { return std::get<Object>(m_data); }

    // Object member lookup; nullptr when this is not an object or has no such key.
    const Value* find(std::string_view key) const;
    bool has(std::string_view key) const { return find(key) != nullptr; }
    std::int64_t int_or(std::string_view key, std::int64_t fallback) const;
    bool bool_or(std::string_view key, bool fallback) const;
    std::string string_or(std::string_view key, std::string_view fallback) const;

    // Builds objects: a null value becomes an empty object on first use.
    Value& operator[](std::string_view key);
    // Appends to an array: a null value becomes an empty array on first use.
    void push_back(Value v);

    bool operator==(const Value& other) const = default;

private:
    std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, Array, Object> m_data;
};

// Compact JSON. Strings are written as UTF-8 with only the characters JSON requires
// escaped; invalid UTF-8 is replaced by U+FFFD so that the output is always valid.
// Doubles are written in their shortest round-trip form; NaN and infinities as null.
std::string to_json(const Value& value);

// Strict RFC 8259 JSON: no comments, trailing commas, single quotes, leading zeros
// or bare NaN; duplicate object keys and lone surrogate escapes are errors; the
// text must be valid UTF-8; nesting deeper than `max_depth` is refused (so hostile
// input cannot exhaust the stack). Integers that fit an int64 (no fraction, no
// exponent) read as int64, other numbers as double. Errors have code "invalid" and
// a message giving the byte offset.
Expected<Value> parse_json(std::string_view text, int max_depth = 64);

} // namespace quorum
