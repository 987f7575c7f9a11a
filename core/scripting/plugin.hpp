#pragma once

#include "scripting/host.hpp"
#include "scripting/options.hpp"
#include "scripting/sandbox.hpp"
#include "scripting/value.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace quorum::scripting {

class PluginHost;

// Option texts from the configuration: plugin → option → text
// (quorum.properties: plugin.<name>.<option> = <text>).
using OptionTexts = std::map<std::string, std::map<std::string, std::string>>;

enum class PluginStatus { Loaded, Disabled };

// One loaded plugin: its own sandbox, the hooks, options and dependencies its
// init.lua declared.
class Plugin {
public:
    // Reads <dir>/init.lua (the host reads files; the plugin cannot) and runs it in a
    // fresh sandbox. The plugin's name is the folder's name. `owner` gives the plugin
    // its host API, timers and configured options; without one (a bare load) the
    // quorum.* functions that need a host raise an error.
    static Expected<std::unique_ptr<Plugin>> load(const std::filesystem::path& dir, Limits limits = {},
                                                  PluginHost* owner = nullptr);

    const std::string& name() const { return m_name; }
    const std::string& version() const { return m_version; }
    const std::filesystem::path& directory() const { return m_directory; }
    // True while init.lua runs: the only time require() may read a module.
    bool loading() const { return m_loading; }
    Sandbox& sandbox() { return *m_sandbox; }
    lua_State* state() { return m_sandbox->state(); }
    PluginHost* owner() const { return m_owner; }
    Host* host() const;

    struct Hook {
        std::string event;
        int function_ref = 0;
        int priority = 0;
    };
    const std::vector<Hook>& hooks() const { return m_hooks; }
    bool has_hook(std::string_view event) const;

    // Names given to plugin:depends{…}, in order.
    const std::vector<std::string>& depends() const { return m_depends; }

    const std::vector<OptionSpec>& options() const { return m_options; }
    // The server-wide value of an option (configured, else the default); null if undeclared.
    Value option_value(const std::string& name) const;
    // The value for one meeting: the meeting's override when it has one, checked the same way.
    Value option_value(const std::string& name, const std::string& meeting_id);

    // A plugin is disabled after Limits::max_failures failures in a row; it then
    // receives nothing until it is reloaded.
    PluginStatus status() const { return m_status; }
    const std::string& status_reason() const { return m_status_reason; }
    int consecutive_failures() const { return m_consecutive_failures; }

    // Calls every handler this plugin registered for `event`, highest priority
    // first. `push_arguments` pushes the handler's arguments and returns their count;
    // `take_result` reads the handler's one result at the top of the stack (it must
    // not pop it). Each call is protected and budgeted and counts towards the
    // failure limit; the first failure is returned.
    Expected<bool> call_hooks(std::string_view event, const std::function<int(lua_State*)>& push_arguments,
                              const std::function<Expected<bool>(lua_State*)>& take_result,
                              std::chrono::milliseconds deadline);

    // The one way into the plugin: the function and its arguments are on the stack.
    // A failure is logged through the host with the plugin, `what` (the event) and the
    // traceback, and counted; success resets the count.
    Expected<bool> protected_call(std::string_view what, int nargs, int nresults, std::chrono::milliseconds deadline);
    Expected<bool> protected_call(std::string_view what, int nargs, int nresults) {
        return protected_call(what, nargs, nresults, m_sandbox->limits().call_deadline);
    }

    // Used by the Lua bindings (plugin:hook, plugin:depends, plugin:option_*).
    void add_hook(std::string event, int function_ref, int priority);
    void add_dependency(std::string name) { m_depends.push_back(std::move(name)); }
    // Declares an option and returns its configured value (logging a bad one).
    Value declare_option(OptionSpec spec);
    std::mt19937_64& random() { return m_random; }

    // Counts a failure (and disables the plugin at the limit). Logged through the host
    // unless the caller reports it itself: extraction runs plugins on several threads
    // and turns failures into summary warnings.
    enum class FailureLog { Yes, No };
    void record_failure(std::string_view what, const std::string& message, FailureLog log = FailureLog::Yes);

private:
    Plugin() = default;
    void record_success() { m_consecutive_failures = 0; }

    std::string m_name;
    std::string m_version;
    std::filesystem::path m_directory;
    std::unique_ptr<Sandbox> m_sandbox;
    PluginHost* m_owner = nullptr;
    std::vector<Hook> m_hooks;
    std::vector<std::string> m_depends;
    std::vector<OptionSpec> m_options;
    std::map<std::string, Value> m_option_values;
    PluginStatus m_status = PluginStatus::Loaded;
    std::string m_status_reason;
    std::string m_status_reason_fr; // the same in French, for the plugin_disabled error
    int m_consecutive_failures = 0;
    bool m_loading = false;
    std::mt19937_64 m_random;
};

// The plugins of one run, in load order: folders alphabetically, each plugin after
// the plugins it depends on. Owns the timers; dispatches events.
class PluginHost {
public:
    // Without a host, the plugins get an in-memory one (quorum summarize, tests).
    PluginHost();
    explicit PluginHost(Host& host);
    ~PluginHost();
    PluginHost(const PluginHost&) = delete;
    PluginHost& operator=(const PluginHost&) = delete;

    Host& host() { return *m_host; }
    // Points every plugin at another host (plugin tests use a fresh MemoryHost).
    void set_host(Host& host) { m_host = &host; }
    MemoryHost* memory_host() { return m_own_host.get(); }

    // Option texts and budgets for the plugins loaded from now on.
    void set_option_texts(OptionTexts texts) { m_option_texts = std::move(texts); }
    const OptionTexts& option_texts() const { return m_option_texts; }
    void set_limits(Limits limits) { m_limits = limits; }
    const Limits& limits() const { return m_limits; }

    // Loads every folder with an init.lua under `dir`, then orders all loaded plugins
    // by their dependencies. A plugin that fails to load, a missing dependency and a
    // dependency cycle are Errors naming the plugins: a broken plugin folder is a
    // configuration mistake. `limits` overrides set_limits when given.
    Expected<bool> load_directory(const std::filesystem::path& dir, std::optional<Limits> limits = {});
    std::vector<std::unique_ptr<Plugin>>& plugins() { return m_plugins; }
    Plugin* find(std::string_view name);

    // Notification event: every enabled plugin's handlers, in load order, get a
    // fresh copy of `payload`; return values are ignored and failures logged.
    void emit(std::string_view event, const Value& payload);
    // Filter event: each handler's returned table (plain data) is passed to
    // `take`, which checks it; a rejected result counts as a failure.
    void filter(std::string_view event, const Value& payload,
                const std::function<Expected<bool>(Plugin&, const Value&)>& take);

    // Timers (quorum.timer_after): due ones run, in due order, when the host calls
    // run_timers with the clock moved on. Returns how many ran.
    Expected<std::uint64_t> timer_add(Plugin& plugin, std::int64_t delay_ms, int function_ref);
    bool timer_cancel(Plugin& plugin, std::uint64_t id);
    size_t timer_count(const Plugin& plugin) const;
    size_t run_timers();

    // Unload removes the plugin with everything it registered (hooks, timers); a
    // plugin others depend on stays. Reload reads the folder again; the old state's
    // plugin/save result is handed to the new state's plugin/restore; if the new code
    // does not load, the old plugin stays.
    Expected<bool> unload(std::string_view name);
    Expected<bool> reload(std::string_view name);

    // Cancels every pending timer of `plugin`.
    void drop_timers(const Plugin& plugin);

private:
    Expected<bool> order();

    std::unique_ptr<MemoryHost> m_own_host;
    Host* m_host = nullptr;
    OptionTexts m_option_texts;
    Limits m_limits;
    std::vector<std::unique_ptr<Plugin>> m_plugins;

    struct Timer {
        std::uint64_t id;
        Plugin* plugin;
        int function_ref;
        std::int64_t due;
    };
    std::vector<Timer> m_timers;
    std::uint64_t m_next_timer = 0;
};

// Reads a whole file into a string; an Error if it cannot be read.
Expected<std::string> read_file(const std::filesystem::path& path);

// The names a plugin sees: "plugin:hook", "quorum.timer_after"…, sorted (for the API
// snapshot test and docs).
std::vector<std::string> exported_api();

} // namespace quorum::scripting
