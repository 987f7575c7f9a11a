#include "scripting/sandbox.hpp"
#include "scripting/text_library.hpp"

#include <condition_variable>
#include <cstdlib>
#include <map>
#include <mutex>
#include <thread>

namespace quorum::scripting {

namespace {

void* counting_alloc(void* ud, void* ptr, size_t old_size, size_t new_size) {
    auto* memory = static_cast<Sandbox::Memory*>(ud);
    // When ptr is null, old_size encodes the object type, not a size.
    size_t old_bytes = ptr ? old_size : 0;
    if (new_size == 0) {
        std::free(ptr);
        memory->used -= old_bytes;
        return nullptr;
    }
    if (new_size > old_bytes && memory->used - old_bytes + new_size > memory->limit) {
        return nullptr; // Lua turns this into a "not enough memory" error
    }
    void* grown = std::realloc(ptr, new_size);
    if (grown) {
        memory->used = memory->used - old_bytes + new_size;
    }
    return grown;
}

void timeout_hook(lua_State* state, lua_Debug*);

// Arms the timeout hook only once a call's deadline has passed, so normal running
// pays nothing for it (an always-on count hook doubles the cost of tight loops).
// lua_sethook is the one Lua function that may be called from another thread.
class Watchdog {
public:
    static Watchdog& instance() {
        static Watchdog watchdog;
        return watchdog;
    }

    using Clock = std::chrono::steady_clock;

    uint64_t arm(lua_State* state, Clock::time_point deadline) {
        std::lock_guard lock(m_mutex);
        uint64_t id = ++m_next_id;
        m_calls.emplace(id, Entry{state, deadline, false});
        // Woken only when this deadline comes before the one it sleeps until:
        // calls in a row (every note save runs several) cost no thread switch.
        if (deadline < m_sleeping_until) {
            m_sleeping_until = deadline;
            m_wakeup.notify_one();
        }
        return id;
    }

    // The hook found the budget not spent (the thread had waited): the calls of
    // `state` whose hook fired are watched again until `deadline`.
    void rearm(lua_State* state, Clock::time_point deadline) {
        std::lock_guard lock(m_mutex);
        for (auto& [id, entry] : m_calls) {
            if (entry.state == state && entry.fired) {
                entry.fired = false;
                entry.deadline = deadline;
            }
        }
        if (deadline < m_sleeping_until) {
            m_sleeping_until = deadline;
            m_wakeup.notify_one();
        }
    }

    // Returns whether the hook fired (the deadline passed during the call).
    bool disarm(uint64_t id) {
        std::lock_guard lock(m_mutex);
        auto found = m_calls.find(id);
        bool fired = false;
        if (found != m_calls.end()) {
            fired = found->second.fired;
            if (fired) {
                lua_sethook(found->second.state, nullptr, 0, 0);
            }
            m_calls.erase(found);
        }
        return fired;
    }

    ~Watchdog() {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wakeup.notify_one();
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }

private:
    struct Entry {
        lua_State* state;
        Clock::time_point deadline;
        bool fired;
    };

    Watchdog() : m_thread([this] { run(); }) {}

    void run() {
        std::unique_lock lock(m_mutex);
        while (!m_stopping) {
            Clock::time_point next = Clock::time_point::max();
            Clock::time_point now = Clock::now();
            for (auto& [id, entry] : m_calls) {
                if (entry.fired) {
                    continue;
                }
                if (entry.deadline <= now) {
                    entry.fired = true;
                    lua_sethook(entry.state, timeout_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
                } else {
                    next = std::min(next, entry.deadline);
                }
            }
            m_sleeping_until = next;
            if (next == Clock::time_point::max()) {
                m_wakeup.wait(lock);
            } else {
                m_wakeup.wait_until(lock, next);
            }
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_wakeup;
    std::map<uint64_t, Entry> m_calls;
    Clock::time_point m_sleeping_until = Clock::time_point::max(); // what run() sleeps until (under m_mutex)
    uint64_t m_next_id = 0;
    bool m_stopping = false;
    std::thread m_thread;
};

void timeout_hook(lua_State* state, lua_Debug*) {
    CallBudget* budget = *static_cast<CallBudget**>(lua_getextraspace(state));
    if (budget && !budget_spent(*budget)) {
        // The deadline passed while the thread was not running: the rest of the
        // budget runs without the hook, watched again until the moved deadline.
        lua_sethook(state, nullptr, 0, 0);
        Watchdog::instance().rearm(state, budget->deadline);
        return;
    }
    // Stays armed: a pcall inside the plugin may catch this error, but the very next
    // instruction raises it again, so the timeout always reaches the host.
    luaL_error(state, "time budget exceeded");
}

// The thread's processor time as read at most 1 ms ago: reading it is a system
// call (0.7 µs here, twice the cost of a whole handler call), and a reading a little
// old only counts up to 1 ms of what ran before the call against the call.
std::chrono::nanoseconds recent_thread_cpu_time(std::chrono::steady_clock::time_point now) {
    thread_local std::chrono::steady_clock::time_point read_at{};
    thread_local std::chrono::nanoseconds cpu{0};
    if (now - read_at > std::chrono::milliseconds(1)) {
        cpu = thread_cpu_time();
        read_at = now;
    }
    return cpu;
}

int message_handler(lua_State* state) {
    const char* message = lua_tostring(state, 1);
    if (!message) {
        message = luaL_typename(state, 1);
    }
    luaL_traceback(state, state, message, 1);
    return 1;
}

// load(chunk [, chunkname [, mode [, env]]]) restricted to text chunks; the
// environment defaults to the plugin's globals.
int safe_load(lua_State* state) {
    int top = lua_gettop(state);
    // Compiling is one C call, where no hook fires: a 16 MiB chunk would take the
    // parser a good part of a second. Plugins have no business loading that much.
    constexpr size_t k_max_chunk = 1024 * 1024;
    if (lua_type(state, 1) == LUA_TSTRING && lua_rawlen(state, 1) > k_max_chunk) {
        lua_pushnil(state);
        lua_pushliteral(state, "load: a chunk is at most 1 MiB of text");
        return 2;
    }
    lua_pushvalue(state, lua_upvalueindex(1)); // the original load
    lua_pushvalue(state, 1);
    if (top >= 2 && !lua_isnil(state, 2)) {
        lua_pushvalue(state, 2);
    } else {
        lua_pushliteral(state, "=(load)");
    }
    lua_pushliteral(state, "t");
    if (top >= 4) {
        lua_pushvalue(state, 4);
    } else {
        lua_pushglobaltable(state);
    }
    lua_call(state, 4, 2);
    return 2;
}

// Coroutines run on their own Lua thread, and hooks are per thread: the watchdog's
// hook on the main thread never fires inside coroutine.resume. Every coroutine gets
// a count hook that looks at the current call's deadline every 1000 instructions.
void coroutine_hook(lua_State* state, lua_Debug*) {
    CallBudget* budget = *static_cast<CallBudget**>(lua_getextraspace(state));
    if (budget && budget_spent(*budget)) {
        luaL_error(state, "time budget exceeded");
    }
}

constexpr int k_coroutine_hook_count = 1000;

int hooked_create(lua_State* state) {
    lua_pushvalue(state, lua_upvalueindex(1));
    lua_insert(state, 1);
    lua_call(state, lua_gettop(state) - 1, 1);
    if (lua_State* thread = lua_tothread(state, -1)) {
        lua_sethook(thread, coroutine_hook, LUA_MASKCOUNT, k_coroutine_hook_count);
    }
    return 1;
}

int hooked_wrap(lua_State* state) {
    lua_pushvalue(state, lua_upvalueindex(1));
    lua_insert(state, 1);
    lua_call(state, lua_gettop(state) - 1, 1);
    // The wrapper's first upvalue is its coroutine.
    if (lua_getupvalue(state, -1, 1)) {
        if (lua_State* thread = lua_tothread(state, -1)) {
            lua_sethook(thread, coroutine_hook, LUA_MASKCOUNT, k_coroutine_hook_count);
        }
        lua_pop(state, 1);
    }
    return 1;
}

// setmetatable without finalizers: a __gc runs when the collector decides, possibly
// outside any call into the plugin (no deadline armed) or in lua_close when the
// plugin is unloaded, where `while true do end` would hang the host.
int safe_setmetatable(lua_State* state) {
    if (lua_istable(state, 2)) {
        lua_getfield(state, 2, "__gc");
        bool has_finalizer = !lua_isnil(state, -1);
        lua_pop(state, 1);
        if (has_finalizer) {
            return luaL_error(state, "__gc metamethods are not allowed in plugins");
        }
    }
    lua_pushvalue(state, lua_upvalueindex(1));
    lua_insert(state, 1);
    lua_call(state, lua_gettop(state) - 1, 1);
    return 1;
}

int undefined_global(lua_State* state) {
    const char* name = lua_tostring(state, 2);
    return luaL_error(state, "undefined global '%s'", name ? name : "?");
}

} // namespace

Sandbox::Sandbox(Limits limits) : m_limits(limits) {
    m_memory.limit = limits.memory_bytes;
    m_state = lua_newstate(counting_alloc, &m_memory);
    if (!m_state) {
        throw Fatal("cannot create a Lua state");
    }
    m_budget.memory_used = &m_memory.used;
    m_budget.memory_limit = &m_memory.limit;
    set_call_budget(m_state, &m_budget);
    static const luaL_Reg k_libraries[] = {
        {LUA_GNAME, luaopen_base},       {LUA_STRLIBNAME, luaopen_string}, {LUA_TABLIBNAME, luaopen_table},
        {LUA_MATHLIBNAME, luaopen_math}, {LUA_UTF8LIBNAME, luaopen_utf8},  {LUA_COLIBNAME, luaopen_coroutine},
    };
    for (const luaL_Reg& library : k_libraries) {
        luaL_requiref(m_state, library.name, library.func, 1);
        lua_pop(m_state, 1);
    }
    lua_pushglobaltable(m_state);
    for (const char* name : {"dofile", "loadfile", "collectgarbage", "print"}) {
        lua_pushnil(m_state);
        lua_setfield(m_state, -2, name);
    }
    lua_getfield(m_state, -1, "load");
    lua_pushcclosure(m_state, safe_load, 1);
    lua_setfield(m_state, -2, "load");
    lua_getfield(m_state, -1, "setmetatable");
    lua_pushcclosure(m_state, safe_setmetatable, 1);
    lua_setfield(m_state, -2, "setmetatable");
    lua_getfield(m_state, -1, "string");
    lua_pushnil(m_state);
    lua_setfield(m_state, -2, "dump");
    lua_pop(m_state, 1);
    lua_getfield(m_state, -1, "coroutine");
    lua_getfield(m_state, -1, "create");
    lua_pushcclosure(m_state, hooked_create, 1);
    lua_setfield(m_state, -2, "create");
    lua_getfield(m_state, -1, "wrap");
    lua_pushcclosure(m_state, hooked_wrap, 1);
    lua_setfield(m_state, -2, "wrap");
    lua_pop(m_state, 1);
    lua_pop(m_state, 1);
    open_bounded_library(m_state);
    open_text_library(m_state);

    // Hide the string metatable: getmetatable("") returns a plain string.
    lua_pushliteral(m_state, "");
    if (lua_getmetatable(m_state, -1)) {
        lua_pushliteral(m_state, "protected");
        lua_setfield(m_state, -2, "__metatable");
        lua_pop(m_state, 1);
    }
    lua_pop(m_state, 1);
}

Sandbox::~Sandbox() {
    if (m_state) {
        lua_close(m_state);
    }
}

void Sandbox::seal_globals() {
    lua_pushglobaltable(m_state);
    lua_newtable(m_state);
    lua_pushcfunction(m_state, undefined_global);
    lua_setfield(m_state, -2, "__index");
    lua_pushliteral(m_state, "protected");
    lua_setfield(m_state, -2, "__metatable");
    lua_setmetatable(m_state, -2);
    lua_pop(m_state, 1);
}

Expected<bool> Sandbox::load(std::string_view source, const std::string& chunk_name) {
    int status = luaL_loadbufferx(m_state, source.data(), source.size(), chunk_name.c_str(), "t");
    if (status != LUA_OK) {
        std::string message = lua_tostring(m_state, -1) ? lua_tostring(m_state, -1) : "cannot load chunk";
        lua_pop(m_state, 1);
        return make_error("plugin_syntax", message);
    }
    return true;
}

namespace {

// QUORUM_PLUGIN_TIME_SCALE=N (1-1000) multiplies every plugin time budget: for
// measuring under valgrind, which runs code some fifty times slower. Unset, 1.
int time_scale() {
    static const int scale = [] {
        const char* text = std::getenv("QUORUM_PLUGIN_TIME_SCALE");
        const int value = text ? std::atoi(text) : 1;
        return value >= 1 && value <= 1000 ? value : 1;
    }();
    return scale;
}

} // namespace

Expected<bool> Sandbox::call(int nargs, int nresults, std::chrono::milliseconds budget) {
    const std::chrono::milliseconds deadline = budget * time_scale();
    int function_index = lua_gettop(m_state) - nargs;
    lua_pushcfunction(m_state, message_handler);
    lua_insert(m_state, function_index);
    // `deadline` is processor time (see CallBudget). A nested call (a test helper
    // calling a handler) never outlives the outer one.
    const CallBudget saved = m_budget;
    const auto now = Watchdog::Clock::now();
    const std::chrono::nanoseconds cpu = recent_thread_cpu_time(now);
    m_budget.deadline = now + deadline;
    m_budget.wall_limit = now + deadline * k_wall_factor;
    m_budget.cpu_start = cpu;
    m_budget.cpu_limit = deadline;
    if (saved.cpu_limit.count() != 0) {
        std::chrono::nanoseconds outer_left = saved.cpu_limit - (cpu - saved.cpu_start);
        m_budget.cpu_limit = std::max(std::chrono::nanoseconds(0), std::min(m_budget.cpu_limit, outer_left));
        m_budget.deadline = std::min({m_budget.deadline, saved.deadline, now + m_budget.cpu_limit});
        m_budget.wall_limit = std::min(m_budget.wall_limit, saved.wall_limit);
    }
    uint64_t watch = Watchdog::instance().arm(m_state, m_budget.deadline);
    int status = lua_pcall(m_state, nargs, nresults, function_index);
    bool timed_out = Watchdog::instance().disarm(watch);
    // Inside a single C call the bounded library raises the error itself, possibly
    // before the watchdog thread has woken up.
    timed_out = timed_out || (status != LUA_OK && budget_spent(m_budget));
    m_budget = saved;
    lua_remove(m_state, function_index);
    if (status != LUA_OK) {
        std::string message = lua_tostring(m_state, -1) ? lua_tostring(m_state, -1) : "error object is not a string";
        lua_pop(m_state, 1);
        if (timed_out) {
            std::string ms = std::to_string(deadline.count());
            return make_error("plugin_timeout",
                              Phrase{"time budget of " + ms + " ms exceeded: " + message,
                                     "budget de temps de " + ms + "\u00a0ms dépassé\u00a0: " + message});
        }
        // The bounded library refuses a result too large before allocating it; that
        // is the memory budget too.
        if (status == LUA_ERRMEM || message.find("exceeds the memory budget") != std::string::npos) {
            std::string mib = std::to_string(m_limits.memory_bytes / (1024 * 1024));
            return make_error("plugin_memory", Phrase{"memory budget of " + mib + " MiB exceeded",
                                                      "budget de mémoire de " + mib + "\u00a0Mio dépassé"});
        }
        return make_error("plugin_error", message);
    }
    return true;
}

} // namespace quorum::scripting
