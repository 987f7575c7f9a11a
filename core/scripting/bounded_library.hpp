#pragma once

#include <lua.hpp>

#include <chrono>
#include <cstddef>

namespace quorum::scripting {

// What one call into a plugin may still spend inside a single C function, where Lua
// hooks never fire. A Sandbox keeps one and points its state's extra space at it.
struct CallBudget {
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
    const size_t* memory_used = nullptr; // the counting allocator's figures, when there is one
    const size_t* memory_limit = nullptr;
};

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
