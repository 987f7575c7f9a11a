#include "scripting/text_library.hpp"

#include "util/search.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

namespace quorum::scripting {

namespace {

std::string_view argument(lua_State* state) {
    size_t length = 0;
    const char* data = luaL_checklstring(state, 1, &length);
    return {data, length};
}

int push(lua_State* state, std::string_view value) {
    lua_pushlstring(state, value.data(), value.size());
    return 1;
}

int fold(lua_State* state) {
    return push(state, text::fold(argument(state)));
}

int lower(lua_State* state) {
    return push(state, text::to_lower(argument(state)));
}

int key(lua_State* state) {
    return push(state, text::fold_key(argument(state)));
}

int trim(lua_State* state) {
    std::string_view value = argument(state);
    std::string_view trimmed = text::trim(value);
    if (trimmed.size() == value.size()) {
        lua_settop(state, 1);
        return 1; // the same string: no copy
    }
    return push(state, trimmed);
}

int collapse(lua_State* state) {
    return push(state, text::collapse_spaces(argument(state)));
}

int plain_spaces(lua_State* state) {
    std::string_view value = argument(state);
    if (value.find("\xC2\xA0") == std::string_view::npos && value.find("\xE2\x80") == std::string_view::npos) {
        lua_settop(state, 1);
        return 1;
    }
    std::string out;
    out.reserve(value.size());
    for (size_t i = 0; i < value.size(); ++i) {
        if (value.compare(i, 2, "\xC2\xA0") == 0) {
            out += ' ';
            i += 1;
        } else if (value.compare(i, 3, "\xE2\x80\xAF") == 0 || value.compare(i, 3, "\xE2\x80\x89") == 0) {
            out += ' ';
            i += 2;
        } else {
            out += value[i];
        }
    }
    return push(state, out);
}

// text.find(s, needle [, init]): as string.find(s, needle, init, true).
int find(lua_State* state) {
    std::string_view haystack = argument(state);
    size_t length = 0;
    const char* raw = luaL_checklstring(state, 2, &length);
    const std::string_view needle(raw, length);
    lua_Integer init = luaL_optinteger(state, 3, 1);
    if (init < 0) {
        init = std::max<lua_Integer>(1, static_cast<lua_Integer>(haystack.size()) + init + 1);
    } else if (init == 0) {
        init = 1;
    }
    if (init > static_cast<lua_Integer>(haystack.size()) + 1) {
        lua_pushnil(state);
        return 1;
    }
    const std::string_view rest = haystack.substr(static_cast<size_t>(init - 1));
    const char* found = needle.empty() ? rest.data() : text::find_plain(rest, needle);
    if (found == nullptr) {
        lua_pushnil(state);
        return 1;
    }
    const auto start = static_cast<lua_Integer>(found - haystack.data()) + 1;
    lua_pushinteger(state, start);
    lua_pushinteger(state, start + static_cast<lua_Integer>(needle.size()) - 1);
    return 2;
}

constexpr luaL_Reg k_functions[] = {
    {"fold", fold}, {"lower", lower},       {"key", key},
    {"trim", trim}, {"collapse", collapse}, {"plain_spaces", plain_spaces},
    {"find", find},
};

} // namespace

void open_text_library(lua_State* state) {
    lua_createtable(state, 0, static_cast<int>(std::size(k_functions)));
    for (const luaL_Reg& function : k_functions) {
        lua_pushcfunction(state, function.func);
        lua_setfield(state, -2, function.name);
    }
    lua_setglobal(state, "text");
}

std::vector<std::string> text_library_names() {
    std::vector<std::string> names;
    for (const luaL_Reg& function : k_functions) {
        names.push_back(std::string("text.") + function.name);
    }
    return names;
}

} // namespace quorum::scripting
