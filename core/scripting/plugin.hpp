#pragma once

#include "scripting/sandbox.hpp"
#include "util/error.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace quorum::scripting {

// One loaded plugin: its own sandbox, the hooks its init.lua registered.
class Plugin {
public:
    // Reads <dir>/init.lua (the host reads files; the plugin cannot) and runs it in a
    // fresh sandbox. The plugin's name is the folder's name.
    static Expected<std::unique_ptr<Plugin>> load(const std::filesystem::path& dir, Limits limits = {});

    const std::string& name() const { return m_name; }
    const std::string& version() const { return m_version; }
    const std::filesystem::path& directory() const { return m_directory; }
    Sandbox& sandbox() { return *m_sandbox; }
    lua_State* state() { return m_sandbox->state(); }

    struct Hook {
        std::string event;
        int function_ref = 0;
        int priority = 0;
    };
    const std::vector<Hook>& hooks() const { return m_hooks; }
    bool has_hook(std::string_view event) const;

    // Calls every handler this plugin registered for `event`, highest priority
    // first. `push_arguments` pushes the handler's arguments and returns their count;
    // `take_result` reads the handler's one result at the top of the stack (it must
    // not pop it). Each call is protected and budgeted; the first failure is returned.
    Expected<bool> call_hooks(std::string_view event, const std::function<int(lua_State*)>& push_arguments,
                              const std::function<Expected<bool>(lua_State*)>& take_result,
                              std::chrono::milliseconds deadline);

    // Used by the Lua binding of plugin:hook.
    void add_hook(std::string event, int function_ref, int priority);

private:
    Plugin() = default;

    std::string m_name;
    std::string m_version;
    std::filesystem::path m_directory;
    std::unique_ptr<Sandbox> m_sandbox;
    std::vector<Hook> m_hooks;
};

// The plugins of one run, in load order (folder names, sorted).
class PluginHost {
public:
    // Loads every folder with an init.lua under `dir`. A plugin that fails to load
    // is an Error naming it: a broken plugin folder is a configuration mistake.
    Expected<bool> load_directory(const std::filesystem::path& dir, Limits limits = {});
    std::vector<std::unique_ptr<Plugin>>& plugins() { return m_plugins; }
    Plugin* find(std::string_view name);

private:
    std::vector<std::unique_ptr<Plugin>> m_plugins;
};

// Reads a whole file into a string; an Error if it cannot be read.
Expected<std::string> read_file(const std::filesystem::path& path);

} // namespace quorum::scripting
