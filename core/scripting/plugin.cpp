#include "scripting/plugin.hpp"

#include "scripting/events.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace quorum::scripting {

namespace {

Plugin* plugin_from_upvalue(lua_State* state) {
    return static_cast<Plugin*>(lua_touserdata(state, lua_upvalueindex(1)));
}

// plugin:hook(event, fn [, priority])
int lua_plugin_hook(lua_State* state) {
    Plugin* plugin = plugin_from_upvalue(state);
    luaL_checktype(state, 1, LUA_TTABLE);
    const char* event = luaL_checkstring(state, 2);
    luaL_checktype(state, 3, LUA_TFUNCTION);
    lua_Integer priority = luaL_optinteger(state, 4, 0);
    if (!find_event(event)) {
        return luaL_error(state, "unknown event '%s' (see docs/plugins.md for the list)", event);
    }
    lua_pushvalue(state, 3);
    int ref = luaL_ref(state, LUA_REGISTRYINDEX);
    plugin->add_hook(event, ref, static_cast<int>(priority));
    return 0;
}

} // namespace

Expected<std::string> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_error("not_found", "cannot read " + path.string(), "path");
    }
    std::ostringstream contents;
    contents << in.rdbuf();
    return contents.str();
}

Expected<std::unique_ptr<Plugin>> Plugin::load(const std::filesystem::path& dir, Limits limits) {
    std::unique_ptr<Plugin> plugin(new Plugin());
    plugin->m_directory = dir;
    plugin->m_name = dir.filename().string();
    if (plugin->m_name.empty()) {
        plugin->m_name = dir.parent_path().filename().string();
    }
    plugin->m_sandbox = std::make_unique<Sandbox>(limits);
    lua_State* state = plugin->state();

    // The `plugin` global: the plugin's handle on the host.
    lua_newtable(state);
    lua_pushstring(state, plugin->m_name.c_str());
    lua_setfield(state, -2, "name");
    lua_pushlightuserdata(state, plugin.get());
    lua_pushcclosure(state, lua_plugin_hook, 1);
    lua_setfield(state, -2, "hook");
    lua_setglobal(state, "plugin");
    lua_newtable(state);
    lua_setglobal(state, "quorum");

    QUORUM_TRY(source, read_file(dir / "init.lua"));
    std::string chunk_name = "@" + plugin->m_name + "/init.lua";
    auto loaded = plugin->m_sandbox->load(source, chunk_name);
    if (!loaded) {
        return make_error("plugin_load", plugin->m_name + ": " + loaded.error().message, "plugin");
    }
    auto ran = plugin->m_sandbox->call(0, 0);
    if (!ran) {
        return make_error("plugin_load", plugin->m_name + ": " + ran.error().message, "plugin");
    }
    lua_getglobal(state, "plugin");
    lua_getfield(state, -1, "version");
    if (lua_type(state, -1) == LUA_TSTRING) {
        plugin->m_version = lua_tostring(state, -1);
    }
    lua_pop(state, 2);
    plugin->m_sandbox->seal_globals();
    return plugin;
}

void Plugin::add_hook(std::string event, int function_ref, int priority) {
    m_hooks.push_back(Hook{std::move(event), function_ref, priority});
    std::stable_sort(m_hooks.begin(), m_hooks.end(),
                     [](const Hook& a, const Hook& b) { return a.priority > b.priority; });
}

bool Plugin::has_hook(std::string_view event) const {
    return std::any_of(m_hooks.begin(), m_hooks.end(), [&](const Hook& hook) { return hook.event == event; });
}

Expected<bool> Plugin::call_hooks(std::string_view event, const std::function<int(lua_State*)>& push_arguments,
                                  const std::function<Expected<bool>(lua_State*)>& take_result,
                                  std::chrono::milliseconds deadline) {
    lua_State* state = this->state();
    for (const Hook& hook : m_hooks) {
        if (hook.event != event) {
            continue;
        }
        int top = lua_gettop(state);
        lua_rawgeti(state, LUA_REGISTRYINDEX, hook.function_ref);
        int nargs = push_arguments(state);
        auto called = m_sandbox->call(nargs, 1, deadline);
        if (!called) {
            lua_settop(state, top);
            Error error = called.error();
            error.message = m_name + " (" + std::string(event) + "): " + error.message;
            return error;
        }
        auto taken = take_result(state);
        lua_settop(state, top);
        if (!taken) {
            Error error = taken.error();
            error.message = m_name + " (" + std::string(event) + "): " + error.message;
            return error;
        }
    }
    return true;
}

Expected<bool> PluginHost::load_directory(const std::filesystem::path& dir, Limits limits) {
    std::error_code error;
    if (!std::filesystem::is_directory(dir, error)) {
        return make_error("not_found", "plugin folder " + dir.string() + " does not exist", "plugins");
    }
    std::vector<std::filesystem::path> folders;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
        if (entry.is_directory() && std::filesystem::exists(entry.path() / "init.lua")) {
            folders.push_back(entry.path());
        }
    }
    std::sort(folders.begin(), folders.end());
    for (const auto& folder : folders) {
        if (find(folder.filename().string())) {
            return make_error("plugin_duplicate", "two plugins are named " + folder.filename().string(), "plugins");
        }
        QUORUM_TRY(plugin, Plugin::load(folder, limits));
        m_plugins.push_back(std::move(plugin));
    }
    return true;
}

Plugin* PluginHost::find(std::string_view name) {
    for (auto& plugin : m_plugins) {
        if (plugin->name() == name) {
            return plugin.get();
        }
    }
    return nullptr;
}

} // namespace quorum::scripting
