#include "scripting/api.hpp"

#include "scripting/events.hpp"
#include "scripting/plugin.hpp"
#include "scripting/text_library.hpp"

#include <algorithm>
#include <initializer_list>

// The Lua side of the plugin API. Conventions, the same for every function:
// - names are noun_verb; a function takes explicit ids, then at most one options
//   table whose unknown keys are errors;
// - a mistake in the call (a wrong type, an unknown option) raises an error;
// - a refusal by the host (an unknown meeting, a rejected command, a full store)
//   returns nil and a message, for the plugin to handle.
// Errors are raised only after every C++ object of the frame is gone (lua_error
// is a longjmp): each binding is `impl` returning -1 with the message pushed.

namespace quorum::scripting {

namespace {

Plugin& self(lua_State* state) {
    return *static_cast<Plugin*>(lua_touserdata(state, lua_upvalueindex(1)));
}

using Impl = int (*)(lua_State*, std::string&);

template <Impl F> int guarded(lua_State* state) {
    int results = 0;
    {
        std::string error;
        results = F(state, error);
        if (results < 0) {
            lua_pushlstring(state, error.data(), error.size());
        }
    }
    if (results < 0) {
        return lua_error(state);
    }
    return results;
}

int fail(std::string& error, std::string message) {
    error = std::move(message);
    return -1;
}

// Returns nil, message: a refusal the plugin may handle.
int refuse(lua_State* state, const Error& error) {
    lua_pushnil(state);
    lua_pushlstring(state, error.message.data(), error.message.size());
    return 2;
}

// Checks that the table at `index` (or nothing) has only `allowed` keys.
bool check_options(lua_State* state, int index, const char* function, std::initializer_list<const char*> allowed,
                   std::string& error) {
    if (lua_isnoneornil(state, index)) {
        return true;
    }
    if (!lua_istable(state, index)) {
        error = std::string("quorum.") + function + ": the options must be a table";
        return false;
    }
    lua_pushnil(state);
    while (lua_next(state, index)) {
        lua_pop(state, 1);
        const char* key = lua_type(state, -1) == LUA_TSTRING ? lua_tostring(state, -1) : nullptr;
        bool known = key && std::any_of(allowed.begin(), allowed.end(),
                                        [&](const char* name) { return std::string_view(name) == key; });
        if (!known) {
            std::string names;
            for (const char* name : allowed) {
                names += (names.empty() ? "" : ", ") + std::string(name);
            }
            error = std::string("quorum.") + function + ": unknown option '" + (key ? key : "?") +
                    "' (allowed: " + (names.empty() ? "none" : names) + ")";
            lua_pop(state, 1);
            return false;
        }
    }
    return true;
}

// A string field of the options table; empty when absent. False on a wrong type.
bool string_option(lua_State* state, int index, const char* key, std::string& out, std::string& error,
                   const char* function, bool is_required = false) {
    if (lua_isnoneornil(state, index)) {
        if (is_required) {
            error = std::string("quorum.") + function + ": '" + key + "' is required";
            return false;
        }
        return true;
    }
    lua_getfield(state, index, key);
    bool ok = true;
    if (lua_type(state, -1) == LUA_TSTRING || lua_type(state, -1) == LUA_TNUMBER) {
        out = lua_tostring(state, -1);
    } else if (!lua_isnil(state, -1)) {
        error = std::string("quorum.") + function + ": '" + key + "' must be a string";
        ok = false;
    } else if (is_required) {
        error = std::string("quorum.") + function + ": '" + key + "' is required";
        ok = false;
    }
    lua_pop(state, 1);
    return ok;
}

Host* host_of(Plugin& plugin, const char* function, std::string& error) {
    Host* host = plugin.host();
    if (!host) {
        error = std::string("quorum.") + function + ": no host (this plugin was loaded on its own)";
    }
    return host;
}

std::string checked_id(lua_State* state, int index) {
    size_t length = 0;
    const char* id = luaL_checklstring(state, index, &length);
    return std::string(id, length);
}

int push_result(lua_State* state, const Expected<Value>& result) {
    if (!result) {
        return refuse(state, result.error());
    }
    push_value(state, *result);
    return 1;
}

// --- plugin:* ---

int plugin_hook(lua_State* state, std::string& error) {
    Plugin& plugin = self(state);
    luaL_checktype(state, 1, LUA_TTABLE);
    const char* event = luaL_checkstring(state, 2);
    luaL_checktype(state, 3, LUA_TFUNCTION);
    lua_Integer priority = luaL_optinteger(state, 4, 0);
    if (!find_event(event)) {
        return fail(error, std::string("unknown event '") + event + "' (see docs/plugins.md for the list)");
    }
    lua_pushvalue(state, 3);
    int ref = luaL_ref(state, LUA_REGISTRYINDEX);
    plugin.add_hook(event, ref, static_cast<int>(priority));
    return 0;
}

int plugin_depends(lua_State* state, std::string& error) {
    Plugin& plugin = self(state);
    luaL_checktype(state, 1, LUA_TTABLE);
    if (lua_type(state, 2) == LUA_TSTRING) {
        plugin.add_dependency(lua_tostring(state, 2));
        return 0;
    }
    if (!lua_istable(state, 2)) {
        return fail(error, "plugin:depends takes a list of plugin names");
    }
    lua_Integer count = luaL_len(state, 2);
    for (lua_Integer i = 1; i <= count; ++i) {
        lua_geti(state, 2, i);
        if (lua_type(state, -1) != LUA_TSTRING) {
            return fail(error, "plugin:depends takes a list of plugin names");
        }
        plugin.add_dependency(lua_tostring(state, -1));
        lua_pop(state, 1);
    }
    return 0;
}

// Common to plugin:option_*: the name (unique), then the typed rest.
int declare(lua_State* state, std::string& error, OptionSpec spec) {
    Plugin& plugin = self(state);
    for (const auto& existing : plugin.options()) {
        if (existing.name == spec.name) {
            return fail(error, "option '" + spec.name + "' is declared twice");
        }
    }
    push_value(state, plugin.declare_option(std::move(spec)));
    return 1;
}

OptionSpec named_spec(lua_State* state, OptionType type) {
    luaL_checktype(state, 1, LUA_TTABLE);
    OptionSpec spec;
    spec.name = luaL_checkstring(state, 2);
    spec.type = type;
    return spec;
}

int option_string(lua_State* state, std::string& error) {
    const char* fallback = luaL_optstring(state, 3, "");
    OptionSpec spec = named_spec(state, OptionType::String);
    spec.default_value = Value(fallback);
    return declare(state, error, std::move(spec));
}

int option_integer(lua_State* state, std::string& error) {
    lua_Integer fallback = luaL_checkinteger(state, 3);
    lua_Integer min = luaL_optinteger(state, 4, LUA_MININTEGER);
    lua_Integer max = luaL_optinteger(state, 5, LUA_MAXINTEGER);
    OptionSpec spec = named_spec(state, OptionType::Integer);
    if (min > max || fallback < min || fallback > max) {
        return fail(error, "option '" + spec.name + "': the default must lie within [min, max]");
    }
    spec.default_value = Value(static_cast<std::int64_t>(fallback));
    spec.min = min;
    spec.max = max;
    return declare(state, error, std::move(spec));
}

int option_boolean(lua_State* state, std::string& error) {
    luaL_checktype(state, 3, LUA_TBOOLEAN);
    bool fallback = lua_toboolean(state, 3);
    OptionSpec spec = named_spec(state, OptionType::Boolean);
    spec.default_value = Value(fallback);
    return declare(state, error, std::move(spec));
}

int option_enum(lua_State* state, std::string& error) {
    const char* fallback = luaL_checkstring(state, 3);
    luaL_checktype(state, 4, LUA_TTABLE);
    OptionSpec spec = named_spec(state, OptionType::Enum);
    lua_Integer count = luaL_len(state, 4);
    for (lua_Integer i = 1; i <= count; ++i) {
        lua_geti(state, 4, i);
        if (lua_type(state, -1) != LUA_TSTRING) {
            return fail(error, "option '" + spec.name + "': the values must be strings");
        }
        spec.values.emplace_back(lua_tostring(state, -1));
        lua_pop(state, 1);
    }
    if (std::find(spec.values.begin(), spec.values.end(), fallback) == spec.values.end()) {
        return fail(error, "option '" + spec.name + "': the default must be one of the values");
    }
    spec.default_value = Value(fallback);
    return declare(state, error, std::move(spec));
}

int option_duration(lua_State* state, std::string& error) {
    OptionSpec spec = named_spec(state, OptionType::Duration);
    if (lua_isinteger(state, 3)) {
        spec.default_value = Value(static_cast<std::int64_t>(lua_tointeger(state, 3)));
    } else if (lua_type(state, 3) == LUA_TSTRING) {
        auto ms = parse_duration_ms(lua_tostring(state, 3));
        if (!ms) {
            return fail(error, "option '" + spec.name + "': the default is not a duration");
        }
        spec.default_value = Value(*ms);
    } else {
        return fail(error, "option '" + spec.name + "': the default is a duration (\"2m\") or milliseconds");
    }
    return declare(state, error, std::move(spec));
}

// --- quorum.* reading ---

int meeting_get(lua_State* state, std::string& error) {
    std::string id = checked_id(state, 1);
    if (!check_options(state, 2, "meeting_get", {}, error)) {
        return -1;
    }
    Host* host = host_of(self(state), "meeting_get", error);
    return host ? push_result(state, host->meeting_get(id)) : -1;
}

int agenda_get(lua_State* state, std::string& error) {
    std::string id = checked_id(state, 1);
    if (!check_options(state, 2, "agenda_get", {}, error)) {
        return -1;
    }
    Host* host = host_of(self(state), "agenda_get", error);
    return host ? push_result(state, host->agenda_get(id)) : -1;
}

int attendance_get(lua_State* state, std::string& error) {
    std::string id = checked_id(state, 1);
    if (!check_options(state, 2, "attendance_get", {}, error)) {
        return -1;
    }
    Host* host = host_of(self(state), "attendance_get", error);
    return host ? push_result(state, host->attendance_get(id)) : -1;
}

int notes_get(lua_State* state, std::string& error) {
    std::string id = checked_id(state, 1);
    std::string item;
    if (!check_options(state, 2, "notes_get", {"item"}, error) ||
        !string_option(state, 2, "item", item, error, "notes_get")) {
        return -1;
    }
    Host* host = host_of(self(state), "notes_get", error);
    return host ? push_result(state, host->notes_get(id, item)) : -1;
}

int items_get(lua_State* state, std::string& error) {
    std::string id = checked_id(state, 1);
    std::string kind;
    if (!check_options(state, 2, "items_get", {"kind"}, error) ||
        !string_option(state, 2, "kind", kind, error, "items_get")) {
        return -1;
    }
    Host* host = host_of(self(state), "items_get", error);
    return host ? push_result(state, host->items_get(id, kind)) : -1;
}

// --- quorum.* writing ---

int item_add(lua_State* state, std::string& error) {
    std::string id = checked_id(state, 1);
    luaL_checktype(state, 2, LUA_TTABLE);
    if (!check_options(state, 2, "item_add", {"kind", "text", "owner", "due", "item", "url"}, error)) {
        return -1;
    }
    Value::Object item;
    for (const char* key : {"kind", "text", "owner", "due", "item", "url"}) {
        std::string value;
        bool is_required = std::string_view(key) == "kind" || std::string_view(key) == "text";
        if (!string_option(state, 2, key, value, error, "item_add", is_required)) {
            return -1;
        }
        if (!value.empty()) {
            item[key] = value;
        }
    }
    static const char* k_kinds[] = {"action", "decision", "suggestion", "resource"};
    if (std::none_of(std::begin(k_kinds), std::end(k_kinds),
                     [&](const char* kind) { return *item["kind"].string() == kind; })) {
        return fail(error, "quorum.item_add: kind must be action, decision, suggestion or resource");
    }
    Plugin& plugin = self(state);
    Host* host = host_of(plugin, "item_add", error);
    return host ? push_result(state, host->item_add(plugin.name(), id, Value(std::move(item)))) : -1;
}

int note_add(lua_State* state, std::string& error) {
    std::string id = checked_id(state, 1);
    luaL_checktype(state, 2, LUA_TTABLE);
    std::string item, text;
    if (!check_options(state, 2, "note_add", {"item", "text"}, error) ||
        !string_option(state, 2, "item", item, error, "note_add") ||
        !string_option(state, 2, "text", text, error, "note_add", true)) {
        return -1;
    }
    Plugin& plugin = self(state);
    Host* host = host_of(plugin, "note_add", error);
    return host ? push_result(state, host->note_add(plugin.name(), id, item, text)) : -1;
}

int section_add(lua_State* state, std::string& error) {
    std::string id = checked_id(state, 1);
    luaL_checktype(state, 2, LUA_TTABLE);
    std::string title, markdown;
    if (!check_options(state, 2, "section_add", {"title", "markdown"}, error) ||
        !string_option(state, 2, "title", title, error, "section_add", true) ||
        !string_option(state, 2, "markdown", markdown, error, "section_add", true)) {
        return -1;
    }
    Plugin& plugin = self(state);
    Host* host = host_of(plugin, "section_add", error);
    if (!host) {
        return -1;
    }
    auto added = host->section_add(plugin.name(), id, title, markdown);
    if (!added) {
        return refuse(state, added.error());
    }
    lua_pushboolean(state, 1);
    return 1;
}

int command_send(lua_State* state, std::string& error) {
    std::string id = checked_id(state, 1);
    std::string text = checked_id(state, 2);
    if (!check_options(state, 3, "command_send", {}, error)) {
        return -1;
    }
    Plugin& plugin = self(state);
    Host* host = host_of(plugin, "command_send", error);
    return host ? push_result(state, host->command_send(plugin.name(), id, text)) : -1;
}

// --- timers ---

int timer_after(lua_State* state, std::string& error) {
    lua_Integer delay = luaL_checkinteger(state, 1);
    luaL_checktype(state, 2, LUA_TFUNCTION);
    Plugin& plugin = self(state);
    if (!plugin.owner()) {
        return fail(error, "quorum.timer_after: no host (this plugin was loaded on its own)");
    }
    lua_pushvalue(state, 2);
    int ref = luaL_ref(state, LUA_REGISTRYINDEX);
    auto added = plugin.owner()->timer_add(plugin, delay, ref);
    if (!added) {
        luaL_unref(state, LUA_REGISTRYINDEX, ref);
        return refuse(state, added.error());
    }
    lua_pushinteger(state, static_cast<lua_Integer>(*added));
    return 1;
}

int timer_cancel(lua_State* state, std::string&) {
    lua_Integer id = luaL_checkinteger(state, 1);
    Plugin& plugin = self(state);
    bool cancelled = plugin.owner() && plugin.owner()->timer_cancel(plugin, static_cast<std::uint64_t>(id));
    lua_pushboolean(state, cancelled);
    return 1;
}

// --- key-value store ---

int store_get(lua_State* state, std::string& error) {
    std::string key = checked_id(state, 1);
    Plugin& plugin = self(state);
    Host* host = host_of(plugin, "store_get", error);
    if (!host) {
        return -1;
    }
    auto stored = host->store_get(plugin.name(), key);
    if (!stored) {
        return refuse(state, stored.error());
    }
    if (!*stored) {
        lua_pushnil(state);
        return 1;
    }
    auto value = from_json(**stored);
    if (!value) {
        return refuse(state, value.error());
    }
    push_value(state, *value);
    return 1;
}

int store_set(lua_State* state, std::string& error) {
    std::string key = checked_id(state, 1);
    luaL_checkany(state, 2);
    auto value = to_value(state, 2);
    if (!value) {
        return fail(error, "quorum.store_set: " + value.error().message);
    }
    Plugin& plugin = self(state);
    Host* host = host_of(plugin, "store_set", error);
    if (!host) {
        return -1;
    }
    std::string text = to_json(*value);
    size_t quota = plugin.sandbox().limits().store_quota_bytes;
    auto previous = host->store_get(plugin.name(), key);
    size_t freed = previous && *previous ? key.size() + (*previous)->size() : 0;
    size_t used = host->store_bytes(plugin.name());
    if (used - std::min(used, freed) + key.size() + text.size() > quota) {
        std::string kib = std::to_string(quota / 1024);
        return refuse(state,
                      make_error("plugin_quota", Phrase{"quorum.store_set: the store quota of " + kib + " KiB is full",
                                                        "quorum.store_set\u00a0: le stockage a atteint son quota de " +
                                                            kib + "\u00a0Kio"}));
    }
    auto stored = host->store_set(plugin.name(), key, text);
    if (!stored) {
        return refuse(state, stored.error());
    }
    lua_pushboolean(state, 1);
    return 1;
}

int store_del(lua_State* state, std::string& error) {
    std::string key = checked_id(state, 1);
    Plugin& plugin = self(state);
    Host* host = host_of(plugin, "store_del", error);
    if (!host) {
        return -1;
    }
    auto deleted = host->store_del(plugin.name(), key);
    if (!deleted) {
        return refuse(state, deleted.error());
    }
    lua_pushboolean(state, *deleted);
    return 1;
}

// --- log, clock, random, options ---

template <LogLevel Level> int log_at(lua_State* state, std::string& error) {
    size_t length = 0;
    const char* message = luaL_tolstring(state, 1, &length);
    Plugin& plugin = self(state);
    Host* host = host_of(plugin, "log", error);
    if (!host) {
        return -1;
    }
    // A plugin logging in a loop must not flood the server's log.
    constexpr size_t k_max_line = 2000;
    host->log(plugin.name(), Level, std::string(message, std::min(length, k_max_line)));
    return 0;
}

int clock_now(lua_State* state, std::string& error) {
    Host* host = host_of(self(state), "clock_now", error);
    if (!host) {
        return -1;
    }
    lua_pushinteger(state, static_cast<lua_Integer>(host->clock_now()));
    return 1;
}

int random_int(lua_State* state, std::string& error) {
    lua_Integer low = luaL_checkinteger(state, 1);
    lua_Integer high = luaL_checkinteger(state, 2);
    if (low > high) {
        return fail(error, "quorum.random_int: min is greater than max");
    }
    std::uniform_int_distribution<lua_Integer> distribution(low, high);
    lua_pushinteger(state, distribution(self(state).random()));
    return 1;
}

int option_get(lua_State* state, std::string& error) {
    std::string id = checked_id(state, 1);
    std::string name = checked_id(state, 2);
    Plugin& plugin = self(state);
    if (std::none_of(plugin.options().begin(), plugin.options().end(),
                     [&](const OptionSpec& spec) { return spec.name == name; })) {
        return fail(error, "quorum.option_get: no option named '" + name + "'");
    }
    push_value(state, plugin.option_value(name, id));
    return 1;
}

struct Binding {
    const char* name;
    lua_CFunction function;
};

constexpr Binding k_plugin_methods[] = {
    {"hook", guarded<plugin_hook>},
    {"depends", guarded<plugin_depends>},
    {"option_string", guarded<option_string>},
    {"option_integer", guarded<option_integer>},
    {"option_boolean", guarded<option_boolean>},
    {"option_enum", guarded<option_enum>},
    {"option_duration", guarded<option_duration>},
};

constexpr Binding k_quorum_functions[] = {
    {"meeting_get", guarded<meeting_get>},
    {"agenda_get", guarded<agenda_get>},
    {"attendance_get", guarded<attendance_get>},
    {"notes_get", guarded<notes_get>},
    {"items_get", guarded<items_get>},
    {"item_add", guarded<item_add>},
    {"note_add", guarded<note_add>},
    {"section_add", guarded<section_add>},
    {"command_send", guarded<command_send>},
    {"timer_after", guarded<timer_after>},
    {"timer_cancel", guarded<timer_cancel>},
    {"store_get", guarded<store_get>},
    {"store_set", guarded<store_set>},
    {"store_del", guarded<store_del>},
    {"log_info", guarded<log_at<LogLevel::Info>>},
    {"log_warn", guarded<log_at<LogLevel::Warn>>},
    {"log_error", guarded<log_at<LogLevel::Error>>},
    {"clock_now", guarded<clock_now>},
    {"random_int", guarded<random_int>},
    {"option_get", guarded<option_get>},
};

} // namespace

void install_api(Plugin& plugin) {
    lua_State* state = plugin.state();
    lua_newtable(state);
    lua_pushstring(state, plugin.name().c_str());
    lua_setfield(state, -2, "name");
    for (const Binding& binding : k_plugin_methods) {
        lua_pushlightuserdata(state, &plugin);
        lua_pushcclosure(state, binding.function, 1);
        lua_setfield(state, -2, binding.name);
    }
    lua_setglobal(state, "plugin");
    lua_newtable(state);
    for (const Binding& binding : k_quorum_functions) {
        lua_pushlightuserdata(state, &plugin);
        lua_pushcclosure(state, binding.function, 1);
        lua_setfield(state, -2, binding.name);
    }
    lua_setglobal(state, "quorum");
}

std::vector<std::string> exported_api() {
    std::vector<std::string> names;
    for (const Binding& binding : k_plugin_methods) {
        names.push_back(std::string("plugin:") + binding.name);
    }
    for (const Binding& binding : k_quorum_functions) {
        names.push_back(std::string("quorum.") + binding.name);
    }
    for (std::string& name : text_library_names()) {
        names.push_back(std::move(name));
    }
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace quorum::scripting
