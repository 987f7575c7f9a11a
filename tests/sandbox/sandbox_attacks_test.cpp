// Every Lua escape and budget attack we know, against the real sandbox and plugin
// host: each must be refused within its budget while the host keeps serving (the
// same plugin answers the next call; the other plugins never notice). The Redis Lua
// CVEs (CVE-2022-0543: package.loadlib reachable; CVE-2015-4335: bytecode through
// load) are the model of what gets through when one of these is skipped.

#include "scripting/plugin.hpp"
#include "scripting/sandbox.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

using namespace quorum;
using namespace std::chrono_literals;

namespace {

struct Outcome {
    std::string code; // "" on success
    std::string message;
    std::string value;
};

Outcome run(scripting::Sandbox& sandbox, std::string_view source, std::chrono::milliseconds deadline = 50ms) {
    Outcome outcome;
    auto loaded = sandbox.load(source, "=attack");
    if (!loaded) {
        outcome.code = loaded.error().code;
        outcome.message = loaded.error().message;
        return outcome;
    }
    auto called = sandbox.call(0, 1, deadline);
    if (!called) {
        outcome.code = called.error().code;
        outcome.message = called.error().message;
        return outcome;
    }
    size_t length = 0;
    const char* text = luaL_tolstring(sandbox.state(), -1, &length);
    outcome.value.assign(text, length);
    lua_pop(sandbox.state(), 2);
    return outcome;
}

// After an attack, the same state still serves an ordinary call.
void still_serves(scripting::Sandbox& sandbox) {
    Outcome after = run(sandbox, "local t = {} for i = 1, 100 do t[i] = i end return #t");
    BOOST_CHECK_EQUAL(after.code, "");
    BOOST_CHECK_EQUAL(after.value, "100");
}

void refused(const char* name, std::string_view source, const std::string& code,
             std::chrono::milliseconds deadline = 50ms) {
    BOOST_TEST_CONTEXT(name) {
        scripting::Sandbox sandbox;
        Outcome outcome = run(sandbox, source, deadline);
        BOOST_CHECK_EQUAL(outcome.code, code);
        BOOST_TEST_MESSAGE(name << ": " << outcome.code << " " << outcome.message.substr(0, 120));
        still_serves(sandbox);
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(sandbox_attacks_test)

BOOST_AUTO_TEST_CASE(package_loadlib_is_unreachable) {
    refused("package.loadlib", "return package.loadlib('/lib/x86_64-linux-gnu/libc.so.6', 'system')", "plugin_error");
    refused("require", "return require('os')", "plugin_error");
    // Not through the registry either: _LOADED is not reachable without debug.
    refused("registry", "return debug.getregistry()._LOADED.package", "plugin_error");
}

BOOST_AUTO_TEST_CASE(io_and_os_are_unreachable) {
    refused("io.open", "return io.open('/etc/passwd'):read('a')", "plugin_error");
    refused("os.execute", "return os.execute('touch /tmp/quorum-pwned')", "plugin_error");
    refused("os.getenv", "return os.getenv('HOME')", "plugin_error");
    BOOST_CHECK(!std::filesystem::exists("/tmp/quorum-pwned"));
}

BOOST_AUTO_TEST_CASE(debug_is_unreachable) {
    refused("debug.sethook", "debug.sethook() return 1", "plugin_error");
    refused("debug.getupvalue", "return debug.getupvalue(load, 1)", "plugin_error");
}

BOOST_AUTO_TEST_CASE(bytecode_never_loads) {
    refused("string.dump", "return string.dump(function() end)", "plugin_error");
    // A precompiled chunk (the ESC 'Lua' signature) given as text.
    refused("binary load", "local f, err = load('\\27Lua\\84\\0') assert(f, err) return f()", "plugin_error");
    refused("mode b", "local f, err = load('return 1', 'x', 'b') assert(f, err) return f()", "");
    // load with mode "b" is forced to text: the chunk runs as text, a binary one fails.
    scripting::Sandbox sandbox;
    Outcome outcome = run(sandbox, "return select(2, load('\\27Lua', 'x', 'b'))");
    BOOST_CHECK_NE(outcome.value.find("binary"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_string_metatable_cannot_be_tampered_with) {
    refused("getmetatable", "local mt = getmetatable('') mt.__index = {} return 1", "plugin_error");
    refused("setmetatable", "return setmetatable('', {})", "plugin_error");
    scripting::Sandbox sandbox;
    BOOST_CHECK_EQUAL(run(sandbox, "return getmetatable('')").value, "protected");
    BOOST_CHECK_EQUAL(run(sandbox, "return ('abc'):upper()").value, "ABC");
}

BOOST_AUTO_TEST_CASE(collectgarbage_and_print_are_absent) {
    refused("collectgarbage", "collectgarbage('stop') return 1", "plugin_error");
    refused("print", "print('x') return 1", "plugin_error");
    refused("dofile", "return dofile('/etc/passwd')", "plugin_error");
    refused("loadfile", "return loadfile('/etc/passwd')", "plugin_error");
}

BOOST_AUTO_TEST_CASE(an_infinite_loop_stops_at_the_deadline) {
    refused("while true", "while true do end", "plugin_timeout");
    refused("goto loop", "::top:: goto top", "plugin_timeout");
}

// The budget is processor time: a call whose thread waited (a busy machine; here a
// C function that sleeps) is not timed out for it, while the same budget still stops
// a loop, and a call that only waits ends at 20 times its budget on the clock.
BOOST_AUTO_TEST_CASE(time_the_thread_spent_waiting_is_not_the_plugins) {
    scripting::Sandbox sandbox;
    auto wait = [](lua_State* state) -> int {
        std::this_thread::sleep_for(std::chrono::milliseconds(lua_tointeger(state, 1)));
        return 0;
    };
    auto call = [&](const char* source, std::chrono::milliseconds budget) {
        BOOST_REQUIRE(sandbox.load(source, "=waiting"));
        lua_pushcfunction(sandbox.state(), wait);
        auto called = sandbox.call(1, 1, budget);
        if (called) {
            lua_pop(sandbox.state(), 1);
        }
        return called;
    };
    // 3 × 40 ms asleep between bits of work: 120 ms on the clock, far under 50 ms of processor.
    auto waited = call("local wait = ... local n = 0 for i = 1, 3 do wait(40) for j = 1, 1000 do n = n + j end end "
                       "return n",
                       50ms);
    BOOST_TEST(waited.has_value(), (waited ? "" : waited.error().message));
    auto looped = call("local wait = ... wait(60) while true do end", 50ms);
    BOOST_REQUIRE(!looped);
    BOOST_TEST(looped.error().code == "plugin_timeout");
    // Without the limit on the clock this would never end (ctest's timeout would say so).
    auto dozing = call("local wait = ... while true do wait(5) end", 10ms);
    BOOST_REQUIRE(!dozing);
    BOOST_TEST(dozing.error().code == "plugin_timeout");
    still_serves(sandbox);
}

BOOST_AUTO_TEST_CASE(pcall_cannot_swallow_the_timeout) {
    refused("pcall loop", "while true do pcall(function() while true do end end) end", "plugin_timeout");
    refused("error handler", "while true do xpcall(function() while true do end end, function() return 1 end) end",
            "plugin_timeout");
}

BOOST_AUTO_TEST_CASE(a_loop_inside_a_coroutine_stops_at_the_deadline) {
    // Hooks are per thread: the watchdog's hook on the main thread never fires
    // inside the coroutine, its own count hook does.
    refused("coroutine.wrap", "coroutine.wrap(function() while true do end end)() return 1", "plugin_timeout");
    refused("coroutine.resume",
            "local co = coroutine.create(function() while true do end end) "
            "while true do coroutine.resume(co) end",
            "plugin_timeout");
    // Stopped inside the coroutine, resume returns false and the message, unless the
    // watchdog stops the whole call first: either way the loop ends.
    scripting::Sandbox sandbox;
    Outcome outcome =
        run(sandbox, "local co = coroutine.create(function() while true do end end) return coroutine.resume(co)");
    BOOST_CHECK(outcome.code == "plugin_timeout" || outcome.value == "false");
    still_serves(sandbox);
}

BOOST_AUTO_TEST_CASE(a_coroutine_made_at_load_time_is_bounded_later) {
    scripting::Sandbox sandbox;
    BOOST_CHECK_EQUAL(run(sandbox, "spin = coroutine.create(function() while true do end end) return 1").code, "");
    // The coroutine's count hook stops it; the main thread's watchdog then stops the
    // call too, unless the call returns first.
    Outcome outcome = run(sandbox, "local ok, err = coroutine.resume(spin) return err");
    BOOST_CHECK(outcome.code == "plugin_timeout" || outcome.value.find("time budget") != std::string::npos);
    BOOST_CHECK_EQUAL(run(sandbox, "return coroutine.status(spin)").value, "dead");
    still_serves(sandbox);
}

BOOST_AUTO_TEST_CASE(memory_bombs_hit_the_cap) {
    refused("string.rep", "return #string.rep('x', 1 << 30)", "plugin_memory");
    refused("string.rep with a separator", "return #string.rep('x', 1 << 20, string.rep('y', 100))", "plugin_memory");
    refused("doubling", "local s = 'x' while true do s = s .. s end", "plugin_memory", 2000ms);
    refused("table growth", "local t = {} local i = 0 while true do i = i + 1 t[i] = i end", "plugin_memory", 2000ms);
    refused("table.concat",
            "local t = {} for i = 1, 100 do t[i] = string.rep('x', 1 << 18) end "
            "local parts = {} for i = 1, 20 do parts[i] = table.concat(t) end return 1",
            "plugin_memory", 2000ms);
    // lstrlib loops 2^62 times over empty pieces.
    refused("string.rep of nothing", "return #string.rep('', 1 << 62)", "");
}

BOOST_AUTO_TEST_CASE(single_c_calls_stop_at_the_deadline) {
    refused("catastrophic find", "return string.find(string.rep('a', 500), '.-.-.-b')", "plugin_timeout");
    refused("catastrophic match", "return string.match(string.rep('a', 64 * 1024), '(.-)%s*$x')", "plugin_timeout");
    refused("catastrophic gsub", "return string.gsub(string.rep('(', 64 * 1024), '%b()', '')", "plugin_timeout");
    refused("catastrophic gmatch", "for w in string.gmatch(string.rep('a', 64 * 1024), 'a-a-a-b') do end return 1",
            "plugin_timeout");
    refused("pcall around a pattern", "while true do pcall(string.find, string.rep('a', 500), '.-.-.-b') end",
            "plugin_timeout");
    refused("table.move over nothing", "return table.move({}, 1, 1 << 50, 2)", "plugin_timeout");
    refused("table.insert with a huge __len",
            "local t = setmetatable({}, {__len = function() return 1 << 50 end}) table.insert(t, 1, 'x')",
            "plugin_timeout");
    refused("table.remove with a huge __len",
            "local t = setmetatable({}, {__len = function() return 1 << 50 end}) table.remove(t, 1)", "plugin_timeout");
}

BOOST_AUTO_TEST_CASE(deep_recursion_is_an_error_not_a_crash) {
    // The Lua stack reaches the memory cap before Lua's own stack limit.
    refused("recursion", "local function f(n) return 1 + f(n + 1) end return f(1)", "plugin_memory", 2000ms);
    refused("recursion through pcall", "local function f() return pcall(f) end return f()", "", 2000ms);
    refused("pattern recursion", "return string.find(string.rep('a', 100000), string.rep('(a)?', 31))", "");
    refused("nested tables", "local t = {} for i = 1, 1e5 do t = {t} end return 1", "", 2000ms);
}

BOOST_AUTO_TEST_CASE(a_huge_chunk_is_not_compiled) {
    scripting::Limits limits;
    limits.memory_bytes = 64 * 1024 * 1024;
    scripting::Sandbox sandbox(limits);
    Outcome outcome = run(sandbox, "return select(2, load(string.rep('x = 1 ', 256 * 1024)))");
    BOOST_CHECK_EQUAL(outcome.value, "load: a chunk is at most 1 MiB of text");
    still_serves(sandbox);
}

BOOST_AUTO_TEST_CASE(finalizers_are_refused) {
    // A __gc would run outside any budgeted call: in a collection step, or in
    // lua_close when the plugin is unloaded, where this loop would hang the host.
    refused("__gc", "setmetatable({}, {__gc = function() while true do end end}) return 1", "plugin_error");
    scripting::Sandbox sandbox;
    BOOST_CHECK_EQUAL(run(sandbox, "return getmetatable(setmetatable({}, {__index = {a = 1}})).__index.a").value, "1");
}

BOOST_AUTO_TEST_CASE(a_result_with_hostile_metamethods_is_read_under_protection) {
    // The host reads a filter's result after the handler returned; an __index that
    // raises or loops must not escape (a Lua error outside a protected call aborts).
    char pattern[] = "/tmp/quorum-sandbox-XXXXXX";
    std::filesystem::path root = mkdtemp(pattern);
    std::filesystem::create_directories(root / "tricky");
    std::ofstream(root / "tricky" / "init.lua")
        << "plugin:hook('extract/document', function(doc) return setmetatable({}, {__index = function(t, k) "
           "if k == 'decisions' then while true do end end error('boom') end}) end)\n";
    scripting::PluginHost host;
    auto loaded = host.load_directory(root);
    std::filesystem::remove_all(root);
    BOOST_REQUIRE(loaded);
    scripting::Plugin& plugin = *host.find("tricky");
    auto called = plugin.call_hooks(
        "extract/document",
        [](lua_State* state) {
            lua_newtable(state);
            return 1;
        },
        [](lua_State* state) -> Expected<bool> {
            lua_getfield(state, -1, "action_items");
            lua_pop(state, 1);
            return true;
        },
        50ms);
    BOOST_CHECK(!called);
    BOOST_CHECK_NE(called.error().message.find("boom"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_hostile_plugin_is_disabled_and_the_others_go_on) {
    char pattern[] = "/tmp/quorum-sandbox-XXXXXX";
    std::filesystem::path root = mkdtemp(pattern);
    std::filesystem::create_directories(root / "good");
    std::filesystem::create_directories(root / "hostile");
    std::ofstream(root / "good" / "init.lua") << "plugin.version = '1'\n"
                                                 "local seen = 0\n"
                                                 "plugin:hook('notes/saved', function(e) seen = seen + 1 "
                                                 "quorum.store_set('seen', seen) end)\n";
    std::ofstream(root / "hostile" / "init.lua")
        << "plugin.version = '1'\n"
           "plugin:hook('notes/saved', function(e) while true do pcall(string.find, "
           "string.rep('a', 500), '.-.-.-b') end end)\n";
    scripting::PluginHost host;
    scripting::Limits limits;
    limits.max_failures = 3;
    host.set_limits(limits);
    auto loaded = host.load_directory(root);
    std::filesystem::remove_all(root);
    BOOST_REQUIRE(loaded);
    for (int i = 0; i < 5; ++i) {
        host.emit("notes/saved", scripting::Value::Object{{"meeting", "m"}});
    }
    scripting::Plugin* hostile = host.find("hostile");
    BOOST_CHECK(hostile->status() == scripting::PluginStatus::Disabled);
    BOOST_CHECK_NE(hostile->status_reason().find("3 failures in a row"), std::string::npos);
    BOOST_CHECK_EQUAL(host.memory_host()->key_values["good"]["seen"], "5");
    // Each failure was logged with the plugin, the event and a traceback.
    const auto& logs = host.memory_host()->logs;
    BOOST_REQUIRE(!logs.empty());
    BOOST_CHECK_EQUAL(logs.front().plugin, "hostile");
    BOOST_CHECK_NE(logs.front().message.find("notes/saved"), std::string::npos);
    BOOST_CHECK_NE(logs.front().message.find("stack traceback"), std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
