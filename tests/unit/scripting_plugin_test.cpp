#include "scripting/plugin.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <unistd.h>

using namespace quorum;
using scripting::Value;

namespace {

// A folder of plugins written for one test, removed at the end.
struct Folder {
    std::filesystem::path root;
    Folder(std::initializer_list<std::pair<const std::string, std::string>> plugins) {
        char pattern[] = "/tmp/quorum-plugin-test-XXXXXX";
        root = mkdtemp(pattern);
        for (const auto& [name, source] : plugins) {
            write(name, source);
        }
    }
    void write(const std::string& name, const std::string& source) {
        std::filesystem::create_directories(root / name);
        std::ofstream(root / name / "init.lua") << source;
    }
    ~Folder() { std::filesystem::remove_all(root); }
};

// Calls a global function of a plugin and returns its result as text.
std::string call(scripting::Plugin& plugin, const std::string& expression) {
    lua_State* state = plugin.state();
    auto loaded = plugin.sandbox().load("return " + expression, "=call");
    BOOST_REQUIRE(loaded);
    auto called = plugin.sandbox().call(0, 1);
    if (!called) {
        return "error: " + called.error().message;
    }
    size_t length = 0;
    const char* text = luaL_tolstring(state, -1, &length);
    std::string out(text, length);
    lua_pop(state, 2);
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(scripting_plugin_test)

// A plugin splits its rules into files of its own: require("rules.fr") runs
// lib/rules/fr.lua once, while the plugin loads, and nothing outside lib/.
BOOST_AUTO_TEST_CASE(require_reads_the_plugins_own_modules_while_it_loads) {
    Folder folder({{"rules", R"lua(
plugin.version = "1"
local fr = require("rules.fr")
local again = require "rules.fr"
local helpers = require("helpers")
counted = loads_of_fr
same = (fr == again)
word = fr.words[1] .. "/" .. helpers.shout("oui")
empty = tostring(require("empty"))
function late(name) return select(2, pcall(require, name)) end
)lua"}});
    std::filesystem::create_directories(folder.root / "rules" / "lib" / "rules");
    std::ofstream(folder.root / "rules" / "lib" / "rules" / "fr.lua")
        << "loads_of_fr = (loads_of_fr or 0) + 1\nreturn { words = { 'adopté' } }\n";
    std::ofstream(folder.root / "rules" / "lib" / "helpers.lua")
        << "local M = {}\nfunction M.shout(s) return text.lower(s):upper() end\nreturn M\n";
    std::ofstream(folder.root / "rules" / "lib" / "empty.lua") << "local x = 1\n";
    std::ofstream(folder.root / "rules" / "lib" / "other.lua") << "return 1\n";
    scripting::PluginHost host;
    BOOST_REQUIRE(host.load_directory(folder.root));
    scripting::Plugin& plugin = *host.plugins().front();
    BOOST_TEST(call(plugin, "counted") == "1");
    BOOST_TEST(call(plugin, "same") == "true");
    BOOST_TEST(call(plugin, "word") == "adopté/OUI");
    BOOST_TEST(call(plugin, "empty") == "true");
    // Once loaded, a module already read is given; no file is opened any more.
    BOOST_TEST(call(plugin, "late('helpers') ~= nil") == "true");
    BOOST_TEST(call(plugin, "late('other')").find("was not loaded while the plugin loaded") != std::string::npos);
    // Names are module names, never paths.
    for (const char* name : {"../init", "/etc/passwd", "rules/fr", "os", "a..b", ".x", "x.", "9lives"}) {
        BOOST_TEST(call(plugin, std::string("late('") + name + "')").find("require:") != std::string::npos, name);
    }
}

BOOST_AUTO_TEST_CASE(require_refuses_cycles_paths_and_missing_modules_at_load) {
    struct Case {
        const char* init;
        const char* message;
    };
    for (const Case& c : {Case{"require('loop')", "requires itself"}, Case{"require('../secret')", "is not a module name"},
                          Case{"require('absent')", "no module 'absent'"},
                          Case{"require('broken')", "broken.lua"}}) {
        Folder folder({{"p", std::string("plugin.version = '1'\n") + c.init + "\n"}});
        std::filesystem::create_directories(folder.root / "p" / "lib");
        std::ofstream(folder.root / "p" / "lib" / "loop.lua") << "return require('loop')\n";
        std::ofstream(folder.root / "p" / "lib" / "broken.lua") << "return {\n";
        std::ofstream(folder.root / "secret.lua") << "return 42\n";
        scripting::PluginHost host;
        auto loaded = host.load_directory(folder.root);
        BOOST_TEST_CONTEXT(c.init) {
            BOOST_REQUIRE(!loaded);
            BOOST_TEST(loaded.error().message.find(c.message) != std::string::npos, loaded.error().message);
        }
    }
}

BOOST_AUTO_TEST_CASE(options_take_configured_values_within_bounds) {
    Folder folder({{"opt", R"lua(
plugin.version = "1"
limit = plugin:option_integer("limit", 10, 1, 100)
too_big = plugin:option_integer("too_big", 10, 1, 100)
not_a_number = plugin:option_integer("not_a_number", 10, 1, 100)
flag = plugin:option_boolean("flag", false)
mode = plugin:option_enum("mode", "short", {"short", "long"})
bad_mode = plugin:option_enum("bad_mode", "short", {"short", "long"})
reminder = plugin:option_duration("reminder", "2m")
spoken = plugin:option_duration("spoken", "1m")
greeting = plugin:option_string("greeting", "Bonjour")
plugin:hook("notes/saved", function() end)
)lua"}});
    scripting::PluginHost host;
    host.set_option_texts({{"opt",
                            {{"limit", "42"},
                             {"too_big", "1000"},
                             {"not_a_number", "many"},
                             {"flag", "yes"},
                             {"mode", "long"},
                             {"bad_mode", "medium"},
                             {"spoken", "90 s"}}}});
    BOOST_REQUIRE(host.load_directory(folder.root));
    scripting::Plugin& plugin = *host.find("opt");
    BOOST_CHECK_EQUAL(call(plugin, "limit"), "42");
    BOOST_CHECK_EQUAL(call(plugin, "too_big"), "100");
    BOOST_CHECK_EQUAL(call(plugin, "not_a_number"), "10");
    BOOST_CHECK_EQUAL(call(plugin, "flag"), "true");
    BOOST_CHECK_EQUAL(call(plugin, "mode"), "long");
    BOOST_CHECK_EQUAL(call(plugin, "bad_mode"), "short");
    BOOST_CHECK_EQUAL(call(plugin, "reminder"), "120000");
    BOOST_CHECK_EQUAL(call(plugin, "spoken"), "90000");
    BOOST_CHECK_EQUAL(call(plugin, "greeting"), "Bonjour");
    // Each bad value was logged, none was fatal.
    BOOST_CHECK_EQUAL(host.memory_host()->logs.size(), 3u);
    BOOST_CHECK_NE(host.memory_host()->logs[0].message.find("plugin.opt.option too_big"), std::string::npos);
    BOOST_CHECK_EQUAL(plugin.options().size(), 9u);
}

BOOST_AUTO_TEST_CASE(a_meeting_overrides_an_option) {
    Folder folder({{"opt", R"lua(
plugin.version = "1"
plugin:option_integer("limit", 10, 1, 100)
function limit_for(id) return quorum.option_get(id, "limit") end
plugin:hook("notes/saved", function() end)
)lua"}});
    scripting::PluginHost host;
    host.memory_host()->meetings["m1"].options["opt"]["limit"] = "7";
    host.memory_host()->meetings["m2"].options["opt"]["limit"] = "700";
    host.memory_host()->meetings["m3"];
    BOOST_REQUIRE(host.load_directory(folder.root));
    scripting::Plugin& plugin = *host.find("opt");
    BOOST_CHECK_EQUAL(call(plugin, "limit_for('m1')"), "7");
    BOOST_CHECK_EQUAL(call(plugin, "limit_for('m2')"), "100");
    BOOST_CHECK_EQUAL(call(plugin, "limit_for('m3')"), "10");
}

BOOST_AUTO_TEST_CASE(durations_read_the_usual_spellings) {
    BOOST_CHECK_EQUAL(*scripting::parse_duration_ms("2m"), 120000);
    BOOST_CHECK_EQUAL(*scripting::parse_duration_ms("90 s"), 90000);
    BOOST_CHECK_EQUAL(*scripting::parse_duration_ms("1h30"), 5400000);
    BOOST_CHECK_EQUAL(*scripting::parse_duration_ms("500ms"), 500);
    BOOST_CHECK_EQUAL(*scripting::parse_duration_ms("45"), 45000);
    BOOST_CHECK_EQUAL(*scripting::parse_duration_ms("1 h 10 min"), 4200000);
    BOOST_CHECK(!scripting::parse_duration_ms("soon"));
}

BOOST_AUTO_TEST_CASE(plugins_load_after_what_they_depend_on) {
    Folder folder({{"alpha", "plugin.version = '1' plugin:depends{'zeta'}"},
                   {"beta", "plugin.version = '1'"},
                   {"zeta", "plugin.version = '1' plugin:depends{'beta'}"}});
    scripting::PluginHost host;
    BOOST_REQUIRE(host.load_directory(folder.root));
    std::vector<std::string> order;
    for (auto& plugin : host.plugins()) {
        order.push_back(plugin->name());
    }
    BOOST_CHECK((order == std::vector<std::string>{"beta", "zeta", "alpha"}));
}

BOOST_AUTO_TEST_CASE(a_dependency_cycle_is_an_error_naming_the_chain) {
    Folder folder({{"a", "plugin:depends{'b'}"}, {"b", "plugin:depends{'c'}"}, {"c", "plugin:depends{'a'}"}});
    scripting::PluginHost host;
    auto loaded = host.load_directory(folder.root);
    BOOST_REQUIRE(!loaded);
    BOOST_CHECK_EQUAL(loaded.error().code, "plugin_cycle");
    BOOST_CHECK_NE(loaded.error().message.find("a → b → c → a"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_missing_dependency_is_an_error_naming_the_chain) {
    Folder folder({{"a", "plugin:depends{'b'}"}, {"b", "plugin:depends{'ghost'}"}});
    scripting::PluginHost host;
    auto loaded = host.load_directory(folder.root);
    BOOST_REQUIRE(!loaded);
    BOOST_CHECK_EQUAL(loaded.error().code, "plugin_missing");
    BOOST_CHECK_NE(loaded.error().message.find("a → b → ghost"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(unload_removes_hooks_and_timers) {
    Folder folder({{"ticker", R"lua(
plugin:hook("notes/saved", function() quorum.store_set("saved", true) end)
plugin:hook("meeting/started", function() quorum.timer_after(1000, function() quorum.log_info("tick") end) end)
)lua"},
                   {"user", "plugin:depends{'ticker'}"}});
    scripting::PluginHost host;
    BOOST_REQUIRE(host.load_directory(folder.root));
    BOOST_CHECK(!host.unload("ticker")); // user depends on it
    BOOST_REQUIRE(host.unload("user"));
    host.emit("meeting/started", Value::Object{});
    BOOST_CHECK_EQUAL(host.timer_count(*host.find("ticker")), 1u);
    BOOST_REQUIRE(host.unload("ticker"));
    BOOST_CHECK(host.plugins().empty());
    host.memory_host()->now += 5000;
    BOOST_CHECK_EQUAL(host.run_timers(), 0u);
    host.emit("notes/saved", Value::Object{});
    BOOST_CHECK(host.memory_host()->logs.empty());
    BOOST_CHECK(host.memory_host()->key_values["ticker"].empty());
}

BOOST_AUTO_TEST_CASE(reload_keeps_state_through_save_and_restore) {
    Folder folder({{"counter", R"lua(
plugin.version = "1"
count = 0
plugin:hook("notes/saved", function() count = count + 1 end)
plugin:hook("plugin/save", function() return { count = count } end)
plugin:hook("plugin/restore", function(saved) count = saved.count end)
)lua"}});
    scripting::PluginHost host;
    BOOST_REQUIRE(host.load_directory(folder.root));
    host.emit("notes/saved", Value::Object{});
    host.emit("notes/saved", Value::Object{});
    folder.write("counter", R"lua(
plugin.version = "2"
count = 0
plugin:hook("notes/saved", function() count = count + 10 end)
plugin:hook("plugin/save", function() return { count = count } end)
plugin:hook("plugin/restore", function(saved) count = saved.count end)
)lua");
    BOOST_REQUIRE(host.reload("counter"));
    scripting::Plugin& plugin = *host.find("counter");
    BOOST_CHECK_EQUAL(plugin.version(), "2");
    BOOST_CHECK_EQUAL(call(plugin, "count"), "2");
    host.emit("notes/saved", Value::Object{});
    BOOST_CHECK_EQUAL(call(plugin, "count"), "12");
}

BOOST_AUTO_TEST_CASE(a_reload_that_fails_keeps_the_old_plugin) {
    Folder folder({{"p", "plugin.version = '1' plugin:hook('notes/saved', function() end)"}});
    scripting::PluginHost host;
    BOOST_REQUIRE(host.load_directory(folder.root));
    folder.write("p", "this is not lua");
    BOOST_CHECK(!host.reload("p"));
    BOOST_CHECK_EQUAL(host.find("p")->version(), "1");
}

BOOST_AUTO_TEST_CASE(timers_fire_when_the_clock_passes_them) {
    Folder folder({{"t", R"lua(
fired = ""
plugin:hook("meeting/started", function()
  quorum.timer_after(3000, function() fired = fired .. "b" end)
  quorum.timer_after(1000, function() fired = fired .. "a" end)
  local id = quorum.timer_after(2000, function() fired = fired .. "x" end)
  quorum.timer_cancel(id)
end)
)lua"}});
    scripting::PluginHost host;
    BOOST_REQUIRE(host.load_directory(folder.root));
    host.emit("meeting/started", Value::Object{});
    host.memory_host()->now += 999;
    BOOST_CHECK_EQUAL(host.run_timers(), 0u);
    host.memory_host()->now += 5000;
    BOOST_CHECK_EQUAL(host.run_timers(), 2u);
    BOOST_CHECK_EQUAL(call(*host.find("t"), "fired"), "ab");
}

BOOST_AUTO_TEST_CASE(the_key_value_store_keeps_plain_data_within_a_quota) {
    Folder folder({{"kv", R"lua(
function roundtrip()
  assert(quorum.store_set("k", { list = {1, 2, 3}, name = "x", flag = true }))
  local v = quorum.store_get("k")
  return #v.list .. v.name .. tostring(v.flag)
end
function overflow()
  return select(2, quorum.store_set("big", string.rep("x", 300 * 1024)))
end
function functions_refused() return quorum.store_set("f", function() end) end
)lua"}});
    scripting::PluginHost host;
    BOOST_REQUIRE(host.load_directory(folder.root));
    scripting::Plugin& plugin = *host.find("kv");
    BOOST_CHECK_EQUAL(call(plugin, "roundtrip()"), "3xtrue");
    BOOST_CHECK_NE(call(plugin, "overflow()").find("quota"), std::string::npos);
    BOOST_CHECK_NE(call(plugin, "functions_refused()").find("not plain data"), std::string::npos);
    BOOST_CHECK_EQUAL(call(plugin, "quorum.store_del('k')"), "true");
    BOOST_CHECK_EQUAL(call(plugin, "quorum.store_get('k')"), "nil");
}

BOOST_AUTO_TEST_CASE(unknown_option_keys_are_errors_and_refusals_are_values) {
    Folder folder({{"api", "plugin.version = '1'"}});
    scripting::PluginHost host;
    host.memory_host()->meetings["m1"].meeting = Value::Object{{"title", "Board"}};
    BOOST_REQUIRE(host.load_directory(folder.root));
    scripting::Plugin& plugin = *host.find("api");
    BOOST_CHECK_NE(call(plugin, "quorum.items_get('m1', {knd = 'action'})").find("unknown option 'knd'"),
                   std::string::npos);
    BOOST_CHECK_EQUAL(call(plugin, "quorum.meeting_get('m1').title"), "Board");
    BOOST_CHECK_EQUAL(call(plugin, "select(2, quorum.meeting_get('nope'))"), "no meeting nope");
    BOOST_CHECK_EQUAL(call(plugin, "quorum.item_add('m1', {kind = 'action', text = 'Send it', owner = 'Ana'}).id"),
                      "item-1");
    BOOST_CHECK_NE(call(plugin, "quorum.item_add('m1', {kind = 'chore', text = 'x'})").find("kind must be"),
                   std::string::npos);
    BOOST_CHECK_EQUAL(call(plugin, "quorum.command_send('m1', '/next').accepted"), "true");
    BOOST_CHECK_EQUAL(host.memory_host()->commands.at(0).text, "/next");
}

BOOST_AUTO_TEST_CASE(random_numbers_repeat_with_the_seed) {
    Folder folder({{"r", "function draw() local t = {} for i = 1, 5 do t[i] = quorum.random_int(1, 100) end "
                         "return table.concat(t, ',') end"}});
    scripting::PluginHost first, second;
    BOOST_REQUIRE(first.load_directory(folder.root));
    BOOST_REQUIRE(second.load_directory(folder.root));
    BOOST_CHECK_EQUAL(call(*first.find("r"), "draw()"), call(*second.find("r"), "draw()"));
}

BOOST_AUTO_TEST_CASE(a_success_resets_the_failure_count) {
    Folder folder({{"flaky", R"lua(
n = 0
plugin:hook("notes/saved", function() n = n + 1 if n % 2 == 0 then error("even") end end)
)lua"}});
    scripting::PluginHost host;
    BOOST_REQUIRE(host.load_directory(folder.root));
    for (int i = 0; i < 20; ++i) {
        host.emit("notes/saved", Value::Object{});
    }
    BOOST_CHECK(host.find("flaky")->status() == scripting::PluginStatus::Loaded);
    BOOST_CHECK_EQUAL(host.memory_host()->logs.size(), 10u);
}

BOOST_AUTO_TEST_CASE(an_extractor_that_keeps_failing_is_disabled) {
    Folder folder({{"broken", "plugin:hook('extract/document', function() error('no') end)"}});
    scripting::PluginHost host;
    BOOST_REQUIRE(host.load_directory(folder.root));
    scripting::Plugin& plugin = *host.find("broken");
    auto push = [](lua_State* state) {
        lua_newtable(state);
        return 1;
    };
    auto take = [](lua_State*) -> Expected<bool> { return true; };
    for (int i = 0; i < 5; ++i) {
        BOOST_CHECK(!plugin.call_hooks("extract/document", push, take, std::chrono::milliseconds(50)));
    }
    BOOST_CHECK(plugin.status() == scripting::PluginStatus::Disabled);
    auto refused = plugin.call_hooks("extract/document", push, take, std::chrono::milliseconds(50));
    BOOST_CHECK_EQUAL(refused.error().code, "plugin_disabled");
}

BOOST_AUTO_TEST_SUITE_END()
