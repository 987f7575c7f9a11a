#pragma once

#include "util/error.hpp"

#include <lua.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace quorum::scripting {

// Plain data crossing between the host and a plugin: what event payloads, host API
// results, saved plugin state and key-value entries are made of. No functions, no
// userdata, no cycles: a Value can be copied into any lua_State and stored as JSON.
struct Value {
    using Array = std::vector<Value>;
    using Object = std::map<std::string, Value>;
    std::variant<std::monostate, bool, std::int64_t, double, std::string, Array, Object> data;

    Value() = default;
    Value(std::nullptr_t) {}
    Value(bool value) : data(value) {}
    Value(int value) : data(std::int64_t{value}) {}
    Value(std::int64_t value) : data(value) {}
    Value(double value) : data(value) {}
    Value(const char* value) : data(std::string(value)) {}
    Value(std::string value) : data(std::move(value)) {}
    Value(Array value) : data(std::move(value)) {}
    Value(Object value) : data(std::move(value)) {}

    bool is_null() const { return std::holds_alternative<std::monostate>(data); }
    const Object* object() const { return std::get_if<Object>(&data); }
    Object* object() { return std::get_if<Object>(&data); }
    const Array* array() const { return std::get_if<Array>(&data); }
    Array* array() { return std::get_if<Array>(&data); }
    const std::string* string() const { return std::get_if<std::string>(&data); }
    // A field of an object, or null.
    const Value& operator[](const std::string& key) const;

    bool operator==(const Value& other) const { return data == other.data; }
};

// Pushes `value` as a fresh Lua value (objects and arrays become tables).
void push_value(lua_State* state, const Value& value);

// Reads the Lua value at `index` as plain data: nil, booleans, numbers, strings, and
// tables whose keys are all strings (an object) or 1..n (an array). Functions,
// userdata, cycles, mixed keys and nesting deeper than 32 are errors.
Expected<Value> to_value(lua_State* state, int index);

// JSON text, and back (for the key-value store and saved state).
std::string to_json(const Value& value);
Expected<Value> from_json(const std::string& text);

} // namespace quorum::scripting
