#include "scripting/plugin.hpp"

#include "scripting/api.hpp"
#include "scripting/events.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <functional>
#include <sstream>

namespace quorum::scripting {

Expected<std::string> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_error("not_found", Phrase{"cannot read " + path.string(), "impossible de lire " + path.string()},
                          "path");
    }
    std::ostringstream contents;
    contents << in.rdbuf();
    return contents.str();
}

// --- require: a plugin's own modules ----------------------------------------

constexpr const char* k_modules_key = "quorum.modules";
constexpr size_t k_max_module_bytes = 1024 * 1024; // as load's chunk cap

// "rules.fr" → lib/rules/fr.lua; letters, digits and '_' between dots only.
bool is_module_name(std::string_view name) {
    if (name.empty() || name.size() > 64 || name.front() == '.' || name.back() == '.') {
        return false;
    }
    char previous = '.';
    for (char c : name) {
        const bool word = std::isalnum(static_cast<unsigned char>(c)) || c == '_';
        if (!(word || (c == '.' && previous != '.'))) {
            return false;
        }
        if (previous == '.' && std::isdigit(static_cast<unsigned char>(c))) {
            return false;
        }
        previous = c;
    }
    return true;
}

// require(name): runs the plugin's lib/<name>.lua once, while the plugin loads,
// in the plugin's own environment, and returns what it returned (true for
// nothing). After load only modules already loaded are given: no file is
// opened once the plugin runs. No other path, no other plugin's files.
int plugin_require(lua_State* state) {
    auto* plugin = static_cast<Plugin*>(lua_touserdata(state, lua_upvalueindex(1)));
    size_t length = 0;
    const char* raw = luaL_checklstring(state, 1, &length);
    const std::string name(raw, length);
    if (!is_module_name(name)) {
        return luaL_error(state, "require: '%s' is not a module name (letters, digits and '_', dots between: "
                                 "\"rules.fr\" is lib/rules/fr.lua)", name.c_str());
    }
    lua_getfield(state, LUA_REGISTRYINDEX, k_modules_key);
    if (!lua_istable(state, -1)) {
        lua_pop(state, 1);
        lua_newtable(state);
        lua_pushvalue(state, -1);
        lua_setfield(state, LUA_REGISTRYINDEX, k_modules_key);
    }
    const int modules = lua_gettop(state);
    lua_getfield(state, modules, name.c_str());
    if (lua_toboolean(state, -1)) {
        return 1;
    }
    if (!lua_isnil(state, -1)) {
        return luaL_error(state, "require: '%s' requires itself (a cycle)", name.c_str());
    }
    lua_pop(state, 1);
    if (!plugin->loading()) {
        return luaL_error(state, "require: '%s' was not loaded while the plugin loaded (require modules at the "
                                 "top of init.lua)", name.c_str());
    }
    std::string relative = name;
    std::replace(relative.begin(), relative.end(), '.', '/');
    const std::filesystem::path path = plugin->directory() / "lib" / (relative + ".lua");
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (error || !std::filesystem::is_regular_file(path, error)) {
        return luaL_error(state, "require: no module '%s' (looked for %s/lib/%s.lua)", name.c_str(),
                          plugin->name().c_str(), relative.c_str());
    }
    if (size > k_max_module_bytes) {
        return luaL_error(state, "require: lib/%s.lua is larger than 1 MiB", relative.c_str());
    }
    auto source = read_file(path);
    if (!source) {
        return luaL_error(state, "require: cannot read lib/%s.lua", relative.c_str());
    }
    lua_pushboolean(state, 0); // loading: a second require of it is a cycle
    lua_setfield(state, modules, name.c_str());
    const std::string chunk = "@" + plugin->name() + "/lib/" + relative + ".lua";
    if (luaL_loadbufferx(state, source->data(), source->size(), chunk.c_str(), "t") != LUA_OK) {
        return lua_error(state);
    }
    lua_pushstring(state, name.c_str());
    lua_call(state, 1, 1);
    if (lua_isnil(state, -1)) {
        lua_pop(state, 1);
        lua_pushboolean(state, 1);
    }
    lua_pushvalue(state, -1);
    lua_setfield(state, modules, name.c_str());
    return 1;
}

// --- Plugin ------------------------------------------------------------------

namespace {

struct TakeCall {
    const std::function<Expected<bool>(lua_State*)>* take;
    Expected<bool> result;
};

// Runs a take_result callback inside a protected call: (call, result) on the stack.
int take_trampoline(lua_State* state) {
    auto* call = static_cast<TakeCall*>(lua_touserdata(state, 1));
    lua_remove(state, 1);
    call->result = (*call->take)(state);
    return 0;
}

} // namespace

Host* Plugin::host() const {
    return m_owner ? &m_owner->host() : nullptr;
}

Expected<std::unique_ptr<Plugin>> Plugin::load(const std::filesystem::path& dir, Limits limits, PluginHost* owner) {
    std::unique_ptr<Plugin> plugin(new Plugin());
    plugin->m_directory = dir;
    plugin->m_name = dir.filename().string();
    if (plugin->m_name.empty()) {
        plugin->m_name = dir.parent_path().filename().string();
    }
    plugin->m_owner = owner;
    plugin->m_sandbox = std::make_unique<Sandbox>(limits);
    std::uint64_t seed = owner ? owner->host().random_seed() : 0x5eed;
    plugin->m_random.seed(seed ^ std::hash<std::string>{}(plugin->m_name));
    install_api(*plugin);

    lua_pushlightuserdata(plugin->state(), plugin.get());
    lua_pushcclosure(plugin->state(), plugin_require, 1);
    lua_setglobal(plugin->state(), "require");

    QUORUM_TRY(source, read_file(dir / "init.lua"));
    std::string chunk_name = "@" + plugin->m_name + "/init.lua";
    auto loaded = plugin->m_sandbox->load(source, chunk_name);
    if (!loaded) {
        Phrase reason = loaded.error().phrase();
        return make_error("plugin_load",
                          Phrase{plugin->m_name + ": " + reason.en, plugin->m_name + "\u00a0: " + reason.fr}, "plugin");
    }
    plugin->m_loading = true;
    auto ran = plugin->m_sandbox->call(0, 0);
    plugin->m_loading = false;
    if (!ran) {
        Phrase reason = ran.error().phrase();
        return make_error("plugin_load",
                          Phrase{plugin->m_name + ": " + reason.en, plugin->m_name + "\u00a0: " + reason.fr}, "plugin");
    }
    lua_State* state = plugin->state();
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

Value Plugin::declare_option(OptionSpec spec) {
    Value value = spec.default_value;
    if (m_owner) {
        const auto& texts = m_owner->option_texts();
        if (auto plugin = texts.find(m_name); plugin != texts.end()) {
            if (auto text = plugin->second.find(spec.name); text != plugin->second.end()) {
                OptionValue parsed = parse_option(spec, text->second);
                if (!parsed.warning.empty()) {
                    m_owner->host().log(m_name, LogLevel::Warn, "plugin." + m_name + "." + parsed.warning);
                }
                value = parsed.value;
            }
        }
    }
    m_option_values[spec.name] = value;
    m_options.push_back(std::move(spec));
    return value;
}

Value Plugin::option_value(const std::string& name) const {
    auto found = m_option_values.find(name);
    return found == m_option_values.end() ? Value() : found->second;
}

Value Plugin::option_value(const std::string& name, const std::string& meeting_id) {
    auto spec = std::find_if(m_options.begin(), m_options.end(), [&](const OptionSpec& o) { return o.name == name; });
    if (spec == m_options.end()) {
        return Value();
    }
    if (Host* host = this->host()) {
        auto overrides = host->meeting_options(meeting_id, m_name);
        if (auto text = overrides.find(name); text != overrides.end()) {
            OptionValue parsed = parse_option(*spec, text->second);
            if (!parsed.warning.empty()) {
                host->log(m_name, LogLevel::Warn, "meeting " + meeting_id + ": " + parsed.warning);
                // A bad per-meeting value falls back to the server's, not the default.
                if (parsed.value == spec->default_value) {
                    return option_value(name);
                }
            }
            return parsed.value;
        }
    }
    return option_value(name);
}

void Plugin::record_failure(std::string_view what, const std::string& message, FailureLog log) {
    ++m_consecutive_failures;
    Host* host = log == FailureLog::Yes ? this->host() : nullptr;
    if (host) {
        host->log(m_name, LogLevel::Error, std::string(what) + ": " + message);
    }
    int limit = m_sandbox->limits().max_failures;
    if (m_status == PluginStatus::Loaded && limit > 0 && m_consecutive_failures >= limit) {
        m_status = PluginStatus::Disabled;
        std::string failures = std::to_string(m_consecutive_failures);
        std::string last = message.substr(0, message.find('\n'));
        m_status_reason =
            "disabled after " + failures + " failures in a row; last (" + std::string(what) + "): " + last;
        m_status_reason_fr = "désactivée après " + failures + " échecs consécutifs\u00a0; dernier échec (" +
                             std::string(what) + ")\u00a0: " + last;
        if (host) {
            host->log(m_name, LogLevel::Error, m_status_reason);
        }
    }
}

Expected<bool> Plugin::protected_call(std::string_view what, int nargs, int nresults,
                                      std::chrono::milliseconds deadline) {
    auto called = m_sandbox->call(nargs, nresults, deadline);
    if (!called) {
        record_failure(what, called.error().message);
        return called;
    }
    record_success();
    return true;
}

Expected<bool> Plugin::call_hooks(std::string_view event, const std::function<int(lua_State*)>& push_arguments,
                                  const std::function<Expected<bool>(lua_State*)>& take_result,
                                  std::chrono::milliseconds deadline) {
    if (m_status == PluginStatus::Disabled) {
        return make_error("plugin_disabled", Phrase{m_name + ": " + m_status_reason,
                                                    "l’extension " + m_name + " est " + m_status_reason_fr});
    }
    lua_State* state = this->state();
    for (const Hook& hook : m_hooks) {
        if (hook.event != event) {
            continue;
        }
        int top = lua_gettop(state);
        lua_rawgeti(state, LUA_REGISTRYINDEX, hook.function_ref);
        int nargs = push_arguments(state);
        // Counted, not logged: this path runs plugins on several threads at once and
        // its caller reports the failure itself.
        auto called = m_sandbox->call(nargs, 1, deadline);
        if (!called) {
            lua_settop(state, top);
            record_failure(event, called.error().message, FailureLog::No);
            Error error = called.error();
            Phrase reason = error.phrase();
            error.message = m_name + " (" + std::string(event) + "): " + reason.en;
            error.message_fr = m_name + " (" + std::string(event) + ")\u00a0: " + reason.fr;
            return error;
        }
        // Reading the result may run the plugin's metamethods (__index on a returned
        // table): that is a call into Lua too, so it goes through the protected call.
        TakeCall take{&take_result, true};
        lua_pushcfunction(state, take_trampoline);
        lua_pushlightuserdata(state, &take);
        lua_pushvalue(state, -3);
        auto read = m_sandbox->call(2, 0, deadline);
        Expected<bool> taken = read ? take.result : Expected<bool>(read.error());
        lua_settop(state, top);
        if (!taken) {
            record_failure(event, taken.error().message, FailureLog::No);
            Error error = taken.error();
            Phrase reason = error.phrase();
            error.message = m_name + " (" + std::string(event) + "): " + reason.en;
            error.message_fr = m_name + " (" + std::string(event) + ")\u00a0: " + reason.fr;
            return error;
        }
        m_consecutive_failures = 0;
    }
    return true;
}

// --- PluginHost ----------------------------------------------------------------

PluginHost::PluginHost() : m_own_host(std::make_unique<MemoryHost>()), m_host(m_own_host.get()) {}

PluginHost::PluginHost(Host& host) : m_host(&host) {}

PluginHost::~PluginHost() = default;

Expected<bool> PluginHost::load_directory(const std::filesystem::path& dir, std::optional<Limits> limits) {
    std::error_code error;
    if (!std::filesystem::is_directory(dir, error)) {
        return make_error("not_found",
                          Phrase{"plugin folder " + dir.string() + " does not exist",
                                 "le dossier d’extensions " + dir.string() + " n’existe pas"},
                          "plugins");
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
            std::string name = folder.filename().string();
            return make_error("plugin_duplicate",
                              Phrase{"two plugins are named " + name, "deux extensions portent le nom " + name},
                              "plugins");
        }
        QUORUM_TRY(plugin, Plugin::load(folder, limits.value_or(m_limits), this));
        m_plugins.push_back(std::move(plugin));
    }
    return order();
}

Expected<bool> PluginHost::order() {
    // Depth-first, in the current order, so that plugins without dependencies keep
    // their alphabetical order (and extraction results their merge order).
    std::map<std::string, int> state; // 1 visiting, 2 done
    std::vector<std::string> path;
    std::vector<std::unique_ptr<Plugin>> ordered;
    std::map<std::string, std::unique_ptr<Plugin>*> by_name;
    for (auto& plugin : m_plugins) {
        by_name[plugin->name()] = &plugin;
    }
    auto chain = [&](const std::string& last) {
        std::string text;
        for (const auto& name : path) {
            text += name + " → ";
        }
        return text + last;
    };
    std::function<Expected<bool>(const std::string&)> visit = [&](const std::string& name) -> Expected<bool> {
        if (state[name] == 2) {
            return true;
        }
        if (state[name] == 1) {
            auto start = std::find(path.begin(), path.end(), name);
            std::string text;
            for (auto it = start; it != path.end(); ++it) {
                text += *it + " → ";
            }
            return make_error("plugin_cycle",
                              Phrase{"plugin dependency cycle: " + text + name,
                                     "cycle de dépendances entre extensions\u00a0: " + text + name},
                              "plugins");
        }
        auto found = by_name.find(name);
        if (found == by_name.end()) {
            return make_error(
                "plugin_missing",
                Phrase{"plugin " + path.front() + " needs '" + name + "', which is not installed (" + chain(name) + ")",
                       "l’extension " + path.front() + " a besoin de «\u00a0" + name +
                           "\u00a0», qui n’est pas installée (" + chain(name) + ")"},
                "plugins");
        }
        state[name] = 1;
        path.push_back(name);
        for (const std::string& dependency : (*found->second)->depends()) {
            QUORUM_TRY(visited, visit(dependency));
            (void)visited;
        }
        path.pop_back();
        state[name] = 2;
        ordered.push_back(std::move(*found->second));
        return true;
    };
    std::vector<std::string> names;
    for (auto& plugin : m_plugins) {
        names.push_back(plugin->name());
    }
    for (const auto& name : names) {
        auto visited = visit(name);
        if (!visited) {
            // Put back what was moved out, so the host stays usable.
            for (auto& slot : ordered) {
                by_name[slot->name()]->swap(slot);
            }
            return visited.error();
        }
    }
    m_plugins = std::move(ordered);
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

void PluginHost::emit(std::string_view event, const Value& payload) {
    for (auto& plugin : m_plugins) {
        if (plugin->status() == PluginStatus::Disabled || !plugin->has_hook(event)) {
            continue;
        }
        lua_State* state = plugin->state();
        // Copied: a handler may register more hooks while we walk them.
        std::vector<Plugin::Hook> hooks = plugin->hooks();
        for (const auto& hook : hooks) {
            if (hook.event != event || plugin->status() == PluginStatus::Disabled) {
                continue;
            }
            int top = lua_gettop(state);
            lua_rawgeti(state, LUA_REGISTRYINDEX, hook.function_ref);
            push_value(state, payload);
            (void)plugin->protected_call(event, 1, 0);
            lua_settop(state, top);
        }
    }
}

void PluginHost::filter(std::string_view event, const Value& payload,
                        const std::function<Expected<bool>(Plugin&, const Value&)>& take) {
    for (auto& plugin : m_plugins) {
        if (plugin->status() == PluginStatus::Disabled || !plugin->has_hook(event)) {
            continue;
        }
        lua_State* state = plugin->state();
        std::vector<Plugin::Hook> hooks = plugin->hooks();
        for (const auto& hook : hooks) {
            if (hook.event != event || plugin->status() == PluginStatus::Disabled) {
                continue;
            }
            int top = lua_gettop(state);
            lua_rawgeti(state, LUA_REGISTRYINDEX, hook.function_ref);
            push_value(state, payload);
            if (plugin->protected_call(event, 1, 1)) {
                auto result = to_value(state, -1);
                if (!result) {
                    plugin->record_failure(event, "returned " + result.error().message);
                } else if (!result->is_null()) {
                    auto taken = take(*plugin, *result);
                    if (!taken) {
                        plugin->record_failure(event, taken.error().message);
                    }
                }
            }
            lua_settop(state, top);
        }
    }
}

Expected<std::uint64_t> PluginHost::timer_add(Plugin& plugin, std::int64_t delay_ms, int function_ref) {
    if (timer_count(plugin) >= plugin.sandbox().limits().max_timers) {
        std::string most = std::to_string(plugin.sandbox().limits().max_timers);
        return make_error("plugin_timers", Phrase{"too many pending timers (" + most + " at most)",
                                                  "trop de minuteurs en attente (" + most + " au plus)"});
    }
    std::uint64_t id = ++m_next_timer;
    m_timers.push_back(Timer{id, &plugin, function_ref, m_host->clock_now() + std::max<std::int64_t>(delay_ms, 0)});
    return id;
}

bool PluginHost::timer_cancel(Plugin& plugin, std::uint64_t id) {
    auto found = std::find_if(m_timers.begin(), m_timers.end(),
                              [&](const Timer& timer) { return timer.id == id && timer.plugin == &plugin; });
    if (found == m_timers.end()) {
        return false;
    }
    luaL_unref(plugin.state(), LUA_REGISTRYINDEX, found->function_ref);
    m_timers.erase(found);
    return true;
}

size_t PluginHost::timer_count(const Plugin& plugin) const {
    return static_cast<size_t>(
        std::count_if(m_timers.begin(), m_timers.end(), [&](const Timer& timer) { return timer.plugin == &plugin; }));
}

size_t PluginHost::run_timers() {
    std::int64_t now = m_host->clock_now();
    std::vector<Timer> due;
    for (const Timer& timer : m_timers) {
        if (timer.due <= now) {
            due.push_back(timer);
        }
    }
    std::sort(due.begin(), due.end(),
              [](const Timer& a, const Timer& b) { return a.due != b.due ? a.due < b.due : a.id < b.id; });
    size_t ran = 0;
    for (const Timer& timer : due) {
        // An earlier timer may have cancelled this one.
        auto found = std::find_if(m_timers.begin(), m_timers.end(), [&](const Timer& t) { return t.id == timer.id; });
        if (found == m_timers.end()) {
            continue;
        }
        m_timers.erase(found);
        Plugin& plugin = *timer.plugin;
        lua_State* state = plugin.state();
        lua_rawgeti(state, LUA_REGISTRYINDEX, timer.function_ref);
        luaL_unref(state, LUA_REGISTRYINDEX, timer.function_ref);
        if (plugin.status() == PluginStatus::Disabled) {
            lua_pop(state, 1);
            continue;
        }
        (void)plugin.protected_call("timer", 0, 0);
        ++ran;
    }
    return ran;
}

void PluginHost::drop_timers(const Plugin& plugin) {
    std::erase_if(m_timers, [&](const Timer& timer) { return timer.plugin == &plugin; });
}

Expected<bool> PluginHost::unload(std::string_view name) {
    auto found = std::find_if(m_plugins.begin(), m_plugins.end(), [&](const auto& p) { return p->name() == name; });
    if (found == m_plugins.end()) {
        return make_error(
            "not_found", Phrase{"no plugin named " + std::string(name), "aucune extension nommée " + std::string(name)},
            "plugin");
    }
    for (const auto& other : m_plugins) {
        const auto& depends = other->depends();
        if (other.get() != found->get() && std::find(depends.begin(), depends.end(), name) != depends.end()) {
            return make_error("plugin_needed",
                              Phrase{"cannot unload " + std::string(name) + ": " + other->name() + " depends on it",
                                     "impossible de décharger l’extension " + std::string(name) +
                                         "\u00a0: " + other->name() + " en dépend"},
                              "plugin");
        }
    }
    drop_timers(**found);
    m_plugins.erase(found); // its lua_State, and with it every hook, goes too
    return true;
}

Expected<bool> PluginHost::reload(std::string_view name) {
    auto found = std::find_if(m_plugins.begin(), m_plugins.end(), [&](const auto& p) { return p->name() == name; });
    if (found == m_plugins.end()) {
        return make_error(
            "not_found", Phrase{"no plugin named " + std::string(name), "aucune extension nommée " + std::string(name)},
            "plugin");
    }
    Plugin& old = **found;
    Value saved;
    for (const auto& hook : old.hooks()) {
        if (hook.event != "plugin/save") {
            continue;
        }
        lua_State* state = old.state();
        int top = lua_gettop(state);
        lua_rawgeti(state, LUA_REGISTRYINDEX, hook.function_ref);
        if (old.protected_call("plugin/save", 0, 1)) {
            auto value = to_value(state, -1);
            if (value) {
                saved = std::move(*value);
            } else {
                old.record_failure("plugin/save", value.error().message);
            }
        }
        lua_settop(state, top);
    }
    QUORUM_TRY(fresh, Plugin::load(old.directory(), old.sandbox().limits(), this));
    for (const auto& hook : fresh->hooks()) {
        if (hook.event != "plugin/restore") {
            continue;
        }
        lua_State* state = fresh->state();
        int top = lua_gettop(state);
        lua_rawgeti(state, LUA_REGISTRYINDEX, hook.function_ref);
        push_value(state, saved);
        (void)fresh->protected_call("plugin/restore", 1, 0);
        lua_settop(state, top);
    }
    drop_timers(old);
    *found = std::move(fresh);
    return order();
}

} // namespace quorum::scripting
