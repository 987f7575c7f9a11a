#include "extract/plugin_tests.hpp"

#include "extract/pipeline.hpp"
#include "markdown/document.hpp"
#include "minutes/reader.hpp"
#include "scripting/events.hpp"

#include <chrono>
#include <list>
#include <memory>

namespace quorum::extract {

namespace {

// Everything one test's documents need to stay alive until the test ends.
struct Held {
    markdown::Document document;
    Meeting meeting;
    scripting::DocumentView view;
    std::unique_ptr<scripting::DocumentBinding> binding;
};

struct TestContext {
    scripting::Plugin* plugin = nullptr;
    std::list<Held> held;
    std::unique_ptr<scripting::MemoryHost> host;
};

TestContext* context_of(lua_State* state) {
    return static_cast<TestContext*>(lua_touserdata(state, lua_upvalueindex(1)));
}

// Builds a document from Markdown exactly as `quorum summarize` does and pushes it.
int push_document(lua_State* state, TestContext& context) {
    size_t length = 0;
    const char* markdown = luaL_checklstring(state, 1, &length);
    minutes::ReadOptions options;
    if (lua_istable(state, 2)) {
        lua_getfield(state, 2, "language");
        if (lua_isstring(state, -1)) {
            options.language = lua_tostring(state, -1);
        }
        lua_pop(state, 1);
    }
    auto parsed = markdown::parse(std::string_view(markdown, length));
    if (!parsed) {
        return luaL_error(state, "%s", parsed.error().message.c_str());
    }
    Held& held = context.held.emplace_back();
    held.document = std::move(*parsed);
    held.meeting = minutes::read(held.document, options);
    held.view = make_view(held.document, held.meeting);
    held.binding = std::make_unique<scripting::DocumentBinding>(held.view);
    return held.binding->push(state);
}

int lua_test_document(lua_State* state) {
    return push_document(state, *context_of(state));
}

int lua_test_extract(lua_State* state) {
    TestContext& context = *context_of(state);
    push_document(state, context);
    int doc = lua_gettop(state);
    lua_pushnil(state);
    for (const auto& hook : context.plugin->hooks()) {
        if (hook.event != "extract/document") {
            continue;
        }
        lua_pop(state, 1);
        lua_rawgeti(state, LUA_REGISTRYINDEX, hook.function_ref);
        lua_pushvalue(state, doc);
        lua_call(state, 1, 1);
        break;
    }
    return 1;
}

// Runs this plugin's summary/building handler over a document, as `quorum
// summarize` would (without the other plugins' extraction), and returns its result.
int lua_test_summary(lua_State* state) {
    TestContext& context = *context_of(state);
    push_document(state, context);
    int doc = lua_gettop(state);
    const Held& held = context.held.back();
    lua_pushnil(state);
    for (const auto& hook : context.plugin->hooks()) {
        if (hook.event != "summary/building") {
            continue;
        }
        lua_pop(state, 1);
        lua_rawgeti(state, LUA_REGISTRYINDEX, hook.function_ref);
        scripting::push_value(state, summary_payload(held.meeting));
        lua_pushvalue(state, doc);
        lua_call(state, 2, 1);
        break;
    }
    return 1;
}

// test.emit(event, payload): this plugin's handlers for a notification event, each
// through the one protected call; returns true, or false and the failure.
int lua_test_emit(lua_State* state) {
    TestContext& context = *context_of(state);
    const char* event = luaL_checkstring(state, 1);
    if (!scripting::find_event(event)) {
        return luaL_error(state, "unknown event '%s'", event);
    }
    lua_settop(state, 2);
    bool is_ok = true;
    {
        std::vector<scripting::Plugin::Hook> hooks = context.plugin->hooks();
        for (const auto& hook : hooks) {
            if (hook.event != event) {
                continue;
            }
            lua_rawgeti(state, LUA_REGISTRYINDEX, hook.function_ref);
            lua_pushvalue(state, 2);
            auto called = context.plugin->protected_call(event, 1, 0);
            if (!called) {
                lua_pushboolean(state, 0);
                lua_pushstring(state, called.error().message.c_str());
                is_ok = false;
                break;
            }
        }
    }
    if (!is_ok) {
        return 2;
    }
    lua_pushboolean(state, 1);
    return 1;
}

// test.meeting(id, {meeting =, agenda =, attendance =, notes =, items =, options =})
// puts a meeting in the test host for quorum.*_get to read.
int lua_test_meeting(lua_State* state) {
    TestContext& context = *context_of(state);
    const char* id = luaL_checkstring(state, 1);
    luaL_checktype(state, 2, LUA_TTABLE);
    auto value = scripting::to_value(state, 2);
    if (!value) {
        lua_pushstring(state, value.error().message.c_str());
        return lua_error(state);
    }
    scripting::MemoryHost::Meeting meeting;
    meeting.meeting = (*value)["meeting"];
    meeting.agenda = (*value)["agenda"];
    meeting.attendance = (*value)["attendance"];
    meeting.notes = (*value)["notes"];
    meeting.items = (*value)["items"];
    if (const auto* options = (*value)["options"].object()) {
        for (const auto& [name, text] : *options) {
            meeting.options[context.plugin->name()][name] = text.string() ? *text.string() : scripting::to_json(text);
        }
    }
    context.host->meetings[id] = std::move(meeting);
    return 0;
}

// test.advance(ms): moves the test host's clock on and runs the timers now due.
int lua_test_advance(lua_State* state) {
    TestContext& context = *context_of(state);
    lua_Integer ms = luaL_checkinteger(state, 1);
    context.host->now += ms;
    size_t ran = context.plugin->owner() ? context.plugin->owner()->run_timers() : 0;
    lua_pushinteger(state, static_cast<lua_Integer>(ran));
    return 1;
}

// test.recorded(): what the plugin did through the test host so far:
// {commands = {{meeting, text}}, sections = {{meeting, title, markdown}},
//  logs = {{level, message}}, items = {{meeting, kind, text…}}, store = {key = value}}.
int lua_test_recorded(lua_State* state) {
    TestContext& context = *context_of(state);
    using scripting::Value;
    Value::Array commands, sections, logs, items;
    for (const auto& command : context.host->commands) {
        commands.push_back(Value::Object{{"meeting", command.meeting_id}, {"text", command.text}});
    }
    for (const auto& section : context.host->sections) {
        sections.push_back(
            Value::Object{{"meeting", section.meeting_id}, {"title", section.title}, {"markdown", section.markdown}});
    }
    for (const auto& entry : context.host->logs) {
        logs.push_back(Value::Object{{"level", scripting::log_level_name(entry.level)}, {"message", entry.message}});
    }
    for (const auto& [id, meeting] : context.host->meetings) {
        if (const auto* list = meeting.items.array()) {
            for (Value item : *list) {
                if (auto* fields = item.object()) {
                    (*fields)["meeting"] = id;
                }
                items.push_back(std::move(item));
            }
        }
    }
    Value::Object store;
    for (const auto& [key, json] : context.host->key_values[context.plugin->name()]) {
        auto value = scripting::from_json(json);
        store[key] = value ? *value : Value();
    }
    scripting::push_value(
        state,
        Value::Object{
            {"commands", commands}, {"sections", sections}, {"logs", logs}, {"items", items}, {"store", Value(store)}});
    return 1;
}

// Assertion helpers, in Lua so that their failures carry the caller's line.
constexpr const char* k_helpers = R"lua(
local test = ...
local function describe(value, depth)
  depth = depth or 0
  if type(value) == "string" then return string.format("%q", value) end
  if type(value) ~= "table" or depth > 2 then return tostring(value) end
  local parts = {}
  for k, v in pairs(value) do
    parts[#parts + 1] = tostring(k) .. "=" .. describe(v, depth + 1)
    if #parts > 12 then parts[#parts + 1] = "…"; break end
  end
  table.sort(parts)
  return "{" .. table.concat(parts, ", ") .. "}"
end
local function deep_equal(a, b)
  if type(a) ~= type(b) then return false end
  if type(a) ~= "table" then return a == b end
  for k, v in pairs(a) do if not deep_equal(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end
function test.equal(actual, expected, message)
  if not deep_equal(actual, expected) then
    error((message and (message .. ": ") or "") .. "expected " .. describe(expected) ..
          ", got " .. describe(actual), 2)
  end
end
function test.is_true(value, message)
  if not value then error(message or "expected a true value", 2) end
end
function test.is_nil(value, message)
  if value ~= nil then error((message or "expected nil") .. ", got " .. describe(value), 2) end
end
function test.find(list, fields)
  for _, entry in ipairs(list or {}) do
    local matches = true
    for k, v in pairs(fields) do
      if entry[k] ~= v then matches = false; break end
    end
    if matches then return entry end
  end
  return nil
end
test.describe = describe
)lua";

} // namespace

std::vector<PluginTestResult> run_plugin_tests(scripting::Plugin& plugin) {
    std::vector<PluginTestResult> results;
    std::filesystem::path file = plugin.directory() / (plugin.name() + ".test.lua");
    auto source = scripting::read_file(file);
    if (!source) {
        return results;
    }
    lua_State* state = plugin.state();
    TestContext context;
    context.plugin = &plugin;
    auto fail_all = [&](const std::string& message) {
        results.push_back({plugin.name(), "(load)", false, message});
        return results;
    };

    // The test table.
    lua_newtable(state);
    lua_pushlightuserdata(state, &context);
    lua_pushcclosure(state, lua_test_document, 1);
    lua_setfield(state, -2, "document");
    lua_pushlightuserdata(state, &context);
    lua_pushcclosure(state, lua_test_extract, 1);
    lua_setfield(state, -2, "extract");
    static const luaL_Reg k_host_helpers[] = {{"summary", lua_test_summary},
                                              {"emit", lua_test_emit},
                                              {"meeting", lua_test_meeting},
                                              {"advance", lua_test_advance},
                                              {"recorded", lua_test_recorded}};
    for (const luaL_Reg& helper : k_host_helpers) {
        lua_pushlightuserdata(state, &context);
        lua_pushcclosure(state, helper.func, 1);
        lua_setfield(state, -2, helper.name);
    }
    int test_table = luaL_ref(state, LUA_REGISTRYINDEX);

    if (auto loaded = plugin.sandbox().load(k_helpers, "=test-helpers"); !loaded) {
        return fail_all(loaded.error().message);
    }
    lua_rawgeti(state, LUA_REGISTRYINDEX, test_table);
    if (auto ran = plugin.sandbox().call(1, 0); !ran) {
        return fail_all(ran.error().message);
    }
    // The sandbox is sealed after init.lua; the test file sees `test` as an upvalue-free
    // global through its own environment table.
    if (auto loaded = plugin.sandbox().load(*source, "@" + plugin.name() + "/" + plugin.name() + ".test.lua");
        !loaded) {
        return fail_all(loaded.error().message);
    }
    // Give the chunk an environment that has `test` on top of the plugin's globals.
    lua_newtable(state);
    lua_rawgeti(state, LUA_REGISTRYINDEX, test_table);
    lua_setfield(state, -2, "test");
    lua_newtable(state);
    lua_pushglobaltable(state);
    lua_setfield(state, -2, "__index");
    lua_setmetatable(state, -2);
    if (!lua_setupvalue(state, -2, 1)) {
        lua_pop(state, 1);
    }
    if (auto ran = plugin.sandbox().call(0, 1); !ran) {
        return fail_all(ran.error().message);
    }
    if (!lua_istable(state, -1)) {
        lua_pop(state, 1);
        return fail_all("the test file must return a table of test functions");
    }
    int tests = lua_gettop(state);
    std::vector<std::string> names;
    lua_pushnil(state);
    while (lua_next(state, tests)) {
        if (lua_type(state, -2) == LUA_TSTRING && lua_isfunction(state, -1)) {
            names.push_back(lua_tostring(state, -2));
        }
        lua_pop(state, 1);
    }
    std::sort(names.begin(), names.end());
    // Each test gets a fresh in-memory host (clock at 2026-11-12 09:00 UTC, a fixed
    // seed) and no pending timers from the one before.
    scripting::PluginHost* owner = plugin.owner();
    scripting::Host* saved_host = owner ? &owner->host() : nullptr;
    for (const std::string& name : names) {
        context.host = std::make_unique<scripting::MemoryHost>();
        context.host->now = 1'794'474'000'000;
        if (owner) {
            owner->set_host(*context.host);
        }
        lua_getfield(state, tests, name.c_str());
        auto ran = plugin.sandbox().call(0, 0, std::chrono::milliseconds(5000));
        results.push_back({plugin.name(), name, bool(ran), ran ? std::string() : ran.error().message});
        context.held.clear();
        if (owner) {
            owner->drop_timers(plugin);
        }
    }
    if (owner && saved_host) {
        owner->set_host(*saved_host);
    }
    lua_pop(state, 1);
    luaL_unref(state, LUA_REGISTRYINDEX, test_table);
    return results;
}

} // namespace quorum::extract
