#pragma once

#include "scripting/bounded_library.hpp"
#include "util/error.hpp"

#include <lua.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace quorum::scripting {

struct Limits {
    size_t memory_bytes = 32 * 1024 * 1024;
    std::chrono::milliseconds call_deadline{50}; // processor time per call (see CallBudget)
    int max_failures = 5;                        // failures in a row before a plugin is disabled
    size_t store_quota_bytes = 256 * 1024;       // the per-plugin key-value store
    size_t max_timers = 64;                      // pending timers per plugin
};

// A lua_State built from an allow-list, with a counting allocator capped at
// Limits::memory_bytes. One per plugin: plugins share nothing.
//
// Allowed: base (without dofile, loadfile, collectgarbage, print; `load` is
// text-only and defaults to the plugin's environment), string (without dump),
// table, math, utf8, coroutine. No io, os, package, require, debug. The string
// metatable is hidden from getmetatable and reading an undefined global raises
// an error.
//
// Budgets: the counting allocator refuses to go past the cap; each call has a
// deadline enforced by a watchdog that arms a hook only once it has passed (so
// normal running pays nothing), by a count hook on every coroutine (hooks are per
// thread in Lua 5.4), and, inside single C calls where no hook ever fires (patterns,
// string.rep, table.concat/insert/remove/move), by the bounded library.
class Sandbox {
public:
    explicit Sandbox(Limits limits = {});
    ~Sandbox();
    Sandbox(const Sandbox&) = delete;
    Sandbox& operator=(const Sandbox&) = delete;

    lua_State* state() const { return m_state; }
    size_t memory_used() const { return m_memory.used; }
    size_t memory_limit() const { return m_memory.limit; }
    const Limits& limits() const { return m_limits; }

    // Loads text-only Lua source as a chunk and leaves the function on the stack.
    Expected<bool> load(std::string_view source, const std::string& chunk_name);

    // Calls the function below `nargs` arguments on the stack through one protected
    // call with the deadline armed; on success leaves `nresults` results. On failure
    // the Error's message holds the Lua message and a traceback; the stack is
    // restored to what it was below the function.
    Expected<bool> call(int nargs, int nresults, std::chrono::milliseconds deadline);
    Expected<bool> call(int nargs, int nresults) { return call(nargs, nresults, m_limits.call_deadline); }

    // Forbids new undefined-global reads from now on (plugins may define globals
    // while loading their own file; after that, typos fail loudly).
    void seal_globals();

    // Raises the memory cap for the duration of one call, for a filter whose input
    // is proportional to a document: the limit comes back when the scope ends.
    class ScopedMemoryLimit {
    public:
        ScopedMemoryLimit(Sandbox& sandbox, size_t limit) : m_sandbox(sandbox), m_saved(sandbox.m_memory.limit) {
            sandbox.m_memory.limit = std::max(limit, m_saved);
        }
        ~ScopedMemoryLimit() { m_sandbox.m_memory.limit = m_saved; }
        ScopedMemoryLimit(const ScopedMemoryLimit&) = delete;
        ScopedMemoryLimit& operator=(const ScopedMemoryLimit&) = delete;

    private:
        Sandbox& m_sandbox;
        size_t m_saved;
    };

    struct Memory {
        size_t used = 0;
        size_t limit = 0;
    };

private:
    lua_State* m_state = nullptr;
    Limits m_limits;
    Memory m_memory;
    CallBudget m_budget;
};

} // namespace quorum::scripting
