#include "scripting/sandbox.hpp"

#include <boost/test/unit_test.hpp>

using namespace quorum;
using namespace std::chrono_literals;

namespace {

// Runs a chunk; returns the error code ("" on success) and leaves one result in `out`.
std::string run(scripting::Sandbox& sandbox, std::string_view source, std::string* out = nullptr,
                std::chrono::milliseconds deadline = 50ms) {
    auto loaded = sandbox.load(source, "=test");
    if (!loaded) {
        return loaded.error().code;
    }
    auto called = sandbox.call(0, 1, deadline);
    if (!called) {
        if (out) {
            *out = called.error().message;
        }
        return called.error().code;
    }
    if (out) {
        const char* value = lua_tostring(sandbox.state(), -1);
        *out = value ? value : "";
    }
    lua_pop(sandbox.state(), 1);
    return "";
}

} // namespace

BOOST_AUTO_TEST_SUITE(scripting_sandbox_test)

BOOST_AUTO_TEST_CASE(dangerous_libraries_are_absent) {
    scripting::Sandbox sandbox;
    std::string out;
    BOOST_CHECK_EQUAL(run(sandbox,
                          "return tostring(io) .. tostring(os) .. tostring(package) .. tostring(debug) .. "
                          "tostring(require) .. tostring(dofile) .. tostring(loadfile) .. "
                          "tostring(collectgarbage) .. tostring(print) .. tostring(string.dump)",
                          &out),
                      "");
    BOOST_CHECK_EQUAL(out, "nilnilnilnilnilnilnilnilnilnil");
}

BOOST_AUTO_TEST_CASE(allowed_libraries_work) {
    scripting::Sandbox sandbox;
    std::string out;
    BOOST_CHECK_EQUAL(run(sandbox,
                          "return string.upper('é') .. table.concat({1,2}, ',') .. math.max(1, 3) .. "
                          "utf8.char(233) .. tostring(coroutine.wrap(function() coroutine.yield(7) end)())",
                          &out),
                      "");
    BOOST_CHECK_EQUAL(out, "é1,23é7");
}

BOOST_AUTO_TEST_CASE(binary_chunks_are_refused) {
    scripting::Sandbox sandbox;
    std::string out;
    // A precompiled chunk starts with "\27Lua"; load must refuse it whatever mode is asked for.
    BOOST_CHECK_EQUAL(
        run(sandbox, "local f, err = load('\\27Lua\\84\\0', 'x', 'b') return tostring(f) .. ' ' .. err", &out), "");
    BOOST_CHECK(out.starts_with("nil "));
    BOOST_CHECK(out.find("binary") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(text_load_runs_in_the_plugin_environment) {
    scripting::Sandbox sandbox;
    std::string out;
    BOOST_CHECK_EQUAL(run(sandbox, "x = 41 return load('return x + 1')()", &out), "");
    BOOST_CHECK_EQUAL(out, "42");
}

BOOST_AUTO_TEST_CASE(string_metatable_is_hidden) {
    scripting::Sandbox sandbox;
    std::string out;
    BOOST_CHECK_EQUAL(run(sandbox, "return tostring(getmetatable(''))", &out), "");
    BOOST_CHECK_EQUAL(out, "protected");
    BOOST_CHECK_EQUAL(run(sandbox, "getmetatable('').__index = {} return 1", &out), "plugin_error");
}

BOOST_AUTO_TEST_CASE(undefined_globals_fail_once_sealed) {
    scripting::Sandbox sandbox;
    sandbox.seal_globals();
    std::string out;
    BOOST_CHECK_EQUAL(run(sandbox, "return undefined_thing", &out), "plugin_error");
    BOOST_CHECK(out.find("undefined global 'undefined_thing'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(infinite_loop_hits_the_deadline) {
    scripting::Sandbox sandbox;
    BOOST_CHECK_EQUAL(run(sandbox, "while true do end"), "plugin_timeout");
}

BOOST_AUTO_TEST_CASE(pcall_cannot_swallow_the_deadline) {
    scripting::Sandbox sandbox;
    BOOST_CHECK_EQUAL(run(sandbox, "while true do pcall(function() while true do end end) end"), "plugin_timeout");
}

BOOST_AUTO_TEST_CASE(coroutine_loop_hits_the_deadline) {
    scripting::Sandbox sandbox;
    BOOST_CHECK_EQUAL(run(sandbox, "local co = coroutine.wrap(function() while true do coroutine.yield() end end) "
                                   "while true do co() end"),
                      "plugin_timeout");
}

BOOST_AUTO_TEST_CASE(memory_bomb_hits_the_cap) {
    scripting::Limits limits;
    limits.memory_bytes = 4 * 1024 * 1024;
    scripting::Sandbox sandbox(limits);
    BOOST_CHECK_EQUAL(run(sandbox, "local s = string.rep('x', 64 * 1024 * 1024) return #s", nullptr, 1000ms),
                      "plugin_memory");
    BOOST_CHECK_EQUAL(run(sandbox, "local t = {} for i = 1, 1e8 do t[i] = i end return #t", nullptr, 5000ms),
                      "plugin_memory");
    BOOST_CHECK_LT(sandbox.memory_used(), limits.memory_bytes);
}

BOOST_AUTO_TEST_CASE(the_state_keeps_working_after_a_failure) {
    scripting::Sandbox sandbox;
    BOOST_CHECK_EQUAL(run(sandbox, "while true do end"), "plugin_timeout");
    std::string out;
    BOOST_CHECK_EQUAL(run(sandbox, "local n = 0 for i = 1, 1000 do n = n + i end return n", &out), "");
    BOOST_CHECK_EQUAL(out, "500500");
}

BOOST_AUTO_TEST_CASE(deep_recursion_is_an_error_not_a_crash) {
    scripting::Sandbox sandbox;
    std::string code = run(sandbox, "local function f(n) return f(n + 1) + 1 end return f(1)", nullptr, 2000ms);
    BOOST_CHECK(code == "plugin_error" || code == "plugin_memory" || code == "plugin_timeout");
}

BOOST_AUTO_TEST_SUITE_END()
