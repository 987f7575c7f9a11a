#pragma once

#include <lua.hpp>

#include <chrono>
#include <cstddef>

namespace quorum::scripting {

// What one call into a plugin may spend. A Sandbox keeps one and points its state's
// extra space at it; the checks inside single C functions (where Lua hooks never
// fire) read it too.
//
// The budget is the processor time the call's thread spends, not the time on the
// clock: a plugin cannot sleep or wait (it has no I/O), so time it did not run was
// the machine's doing (other threads, other processes), and a busy server must not
// time out, then disable, plugins that did nothing wrong. `deadline` is when the
// budget would be spent if the thread ran all along; once it passes, budget_spent()
// reads the thread's processor time and moves the deadline by what is left, or says
// the budget is spent. A call still ends after k_wall_factor times its budget on
// the clock, however little it ran.
struct CallBudget {
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
    std::chrono::steady_clock::time_point wall_limit = std::chrono::steady_clock::time_point::max();
    std::chrono::nanoseconds cpu_start{0}; // the thread's processor time when the call began
    std::chrono::nanoseconds cpu_limit{0}; // zero: no call is running
    const size_t* memory_used = nullptr;   // the counting allocator's figures, when there is one
    const size_t* memory_limit = nullptr;
};

inline constexpr int k_wall_factor = 20;

// The calling thread's processor time.
std::chrono::nanoseconds thread_cpu_time();

// Whether the call `budget` belongs to has spent it (see CallBudget). Runs on the
// call's own thread. Cheap until the deadline has passed.
bool budget_spent(CallBudget& budget);

// Points `state` (and every coroutine made from it later) at `budget`; nullptr for none.
void set_call_budget(lua_State* state, CallBudget* budget);

// Replaces, in an opened state, the library functions that can run for a long time
// in one C call with bounded ones:
//   string.find, string.match, string.gmatch, string.gsub: our own implementation of
//     Lua 5.4 patterns (same semantics as lstrlib: classes, sets, captures, %b, %f,
//     anchors, position captures) with a step counter that checks the call's deadline
//     and raises "pattern matching exceeded the time budget" when it has passed;
//   string.rep, table.concat: refuse a result larger than the memory left before
//     allocating it;
//   table.insert, table.remove, table.move: the deadline is checked while they shift
//     elements (a __len of 2^50 would otherwise loop for days).
void open_bounded_library(lua_State* state);

// The bounded pattern functions on their own, for the differential tests.
int bounded_find(lua_State* state);
int bounded_match(lua_State* state);
int bounded_gmatch(lua_State* state);
int bounded_gsub(lua_State* state);

} // namespace quorum::scripting
