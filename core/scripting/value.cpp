#include "scripting/value.hpp"

#include "util/text.hpp"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <cmath>
#include <cstdio>

namespace quorum::scripting {

namespace {

constexpr int k_max_depth = 32;

Expected<Value> read(lua_State* state, int index, int depth) {
    index = lua_absindex(state, index);
    switch (lua_type(state, index)) {
    case LUA_TNIL:
    case LUA_TNONE:
        return Value();
    case LUA_TBOOLEAN:
        return Value(static_cast<bool>(lua_toboolean(state, index)));
    case LUA_TNUMBER:
        if (lua_isinteger(state, index)) {
            return Value(static_cast<std::int64_t>(lua_tointeger(state, index)));
        }
        return Value(static_cast<double>(lua_tonumber(state, index)));
    case LUA_TSTRING: {
        size_t length = 0;
        const char* text = lua_tolstring(state, index, &length);
        return Value(std::string(text, length));
    }
    case LUA_TTABLE:
        break;
    default:
        std::string type = luaL_typename(state, index);
        return make_error("plugin_value", Phrase{"a " + type + " is not plain data",
                                                 "une valeur de type " + type + " n’est pas une donnée simple"});
    }
    if (depth >= k_max_depth) {
        return make_error("plugin_value", Phrase{"tables nested deeper than 32 levels (or a cycle)",
                                                 "tables imbriquées sur plus de 32 niveaux (ou un cycle)"});
    }
    luaL_checkstack(state, 4, "to_value");
    lua_Integer length = static_cast<lua_Integer>(lua_rawlen(state, index));
    bool is_array = true;
    bool is_empty = true;
    lua_Integer count = 0;
    lua_pushnil(state);
    while (lua_next(state, index)) {
        is_empty = false;
        ++count;
        if (!lua_isinteger(state, -2) || lua_tointeger(state, -2) < 1 || lua_tointeger(state, -2) > length) {
            is_array = false;
        }
        lua_pop(state, 1);
    }
    if (is_empty) {
        return Value(Value::Object{});
    }
    if (is_array && count == length) {
        Value::Array array;
        array.reserve(static_cast<size_t>(length));
        for (lua_Integer i = 1; i <= length; ++i) {
            lua_rawgeti(state, index, i);
            auto element = read(state, -1, depth + 1);
            lua_pop(state, 1);
            if (!element) {
                return element.error();
            }
            array.push_back(std::move(*element));
        }
        return Value(std::move(array));
    }
    Value::Object object;
    lua_pushnil(state);
    while (lua_next(state, index)) {
        if (lua_type(state, -2) != LUA_TSTRING) {
            lua_pop(state, 2);
            return make_error("plugin_value", Phrase{"a table mixes list entries and named fields",
                                                     "une table mêle des éléments de liste et des champs nommés"});
        }
        std::string key = lua_tostring(state, -2);
        auto element = read(state, -1, depth + 1);
        lua_pop(state, 1);
        if (!element) {
            lua_pop(state, 1);
            return element.error();
        }
        object.emplace(std::move(key), std::move(*element));
    }
    return Value(std::move(object));
}

void write_string(std::string& out, const std::string& text) {
    text::append_json_string(out, text);
}

void write(std::string& out, const Value& value) {
    std::visit(
        [&](const auto& data) {
            using T = std::decay_t<decltype(data)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                out += "null";
            } else if constexpr (std::is_same_v<T, bool>) {
                out += data ? "true" : "false";
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                out += std::to_string(data);
            } else if constexpr (std::is_same_v<T, double>) {
                if (!std::isfinite(data)) {
                    out += "null";
                } else {
                    char number[32];
                    std::snprintf(number, sizeof number, "%.17g", data);
                    out += number;
                    if (std::string_view(number).find_first_of(".eE") == std::string_view::npos) {
                        out += ".0"; // stays a float when read back
                    }
                }
            } else if constexpr (std::is_same_v<T, std::string>) {
                write_string(out, data);
            } else if constexpr (std::is_same_v<T, Value::Array>) {
                out += '[';
                for (size_t i = 0; i < data.size(); ++i) {
                    out += i ? "," : "";
                    write(out, data[i]);
                }
                out += ']';
            } else {
                out += '{';
                bool first = true;
                for (const auto& [key, element] : data) {
                    out += first ? "" : ",";
                    first = false;
                    write_string(out, key);
                    out += ':';
                    write(out, element);
                }
                out += '}';
            }
        },
        value.data);
}

Value from_var(const Poco::Dynamic::Var& var) {
    if (var.isEmpty()) {
        return Value();
    }
    if (var.type() == typeid(Poco::JSON::Object::Ptr)) {
        Value::Object object;
        auto ptr = var.extract<Poco::JSON::Object::Ptr>();
        for (const auto& [key, element] : *ptr) {
            object.emplace(key, from_var(element));
        }
        return Value(std::move(object));
    }
    if (var.type() == typeid(Poco::JSON::Array::Ptr)) {
        Value::Array array;
        auto ptr = var.extract<Poco::JSON::Array::Ptr>();
        for (const auto& element : *ptr) {
            array.push_back(from_var(element));
        }
        return Value(std::move(array));
    }
    if (var.isBoolean()) {
        return Value(var.convert<bool>());
    }
    if (var.isInteger()) {
        return Value(var.convert<std::int64_t>());
    }
    if (var.isNumeric()) {
        return Value(var.convert<double>());
    }
    return Value(var.convert<std::string>());
}

} // namespace

const Value& Value::operator[](const std::string& key) const {
    static const Value k_null;
    if (const Object* fields = object()) {
        auto found = fields->find(key);
        if (found != fields->end()) {
            return found->second;
        }
    }
    return k_null;
}

void push_value(lua_State* state, const Value& value) {
    luaL_checkstack(state, 3, "push_value");
    std::visit(
        [&](const auto& data) {
            using T = std::decay_t<decltype(data)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                lua_pushnil(state);
            } else if constexpr (std::is_same_v<T, bool>) {
                lua_pushboolean(state, data);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                lua_pushinteger(state, static_cast<lua_Integer>(data));
            } else if constexpr (std::is_same_v<T, double>) {
                lua_pushnumber(state, data);
            } else if constexpr (std::is_same_v<T, std::string>) {
                lua_pushlstring(state, data.data(), data.size());
            } else if constexpr (std::is_same_v<T, Value::Array>) {
                lua_createtable(state, static_cast<int>(data.size()), 0);
                for (size_t i = 0; i < data.size(); ++i) {
                    push_value(state, data[i]);
                    lua_rawseti(state, -2, static_cast<lua_Integer>(i + 1));
                }
            } else {
                lua_createtable(state, 0, static_cast<int>(data.size()));
                for (const auto& [key, element] : data) {
                    push_value(state, element);
                    lua_setfield(state, -2, key.c_str());
                }
            }
        },
        value.data);
}

Expected<Value> to_value(lua_State* state, int index) {
    return read(state, index, 0);
}

std::string to_json(const Value& value) {
    std::string out;
    write(out, value);
    return out;
}

Expected<Value> from_json(const std::string& text) {
    try {
        Poco::JSON::Parser parser;
        return from_var(parser.parse(text));
    } catch (const Poco::Exception& error) {
        // one language: Poco's parser text, for plugin authors
        return make_error("bad_json", error.displayText());
    }
}

} // namespace quorum::scripting
