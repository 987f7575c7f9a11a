#include "scripting/bounded_library.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace quorum;

namespace {

// A plain Lua state holding both the real lstrlib functions (find, match, …) and
// ours (bfind, bmatch, …), to run the same calls through both.
struct Both {
    lua_State* state = luaL_newstate();
    Both() {
        scripting::set_call_budget(state, nullptr);
        luaL_openlibs(state);
        lua_register(state, "bfind", scripting::bounded_find);
        lua_register(state, "bmatch", scripting::bounded_match);
        lua_register(state, "bgmatch", scripting::bounded_gmatch);
        lua_register(state, "bgsub", scripting::bounded_gsub);
    }
    ~Both() { lua_close(state); }

    // Runs a chunk returning a string; the string, or the error.
    std::string run(const std::string& source) {
        if (luaL_dostring(state, source.c_str()) != LUA_OK) {
            std::string error = lua_tostring(state, -1);
            lua_pop(state, 1);
            return "error: " + error;
        }
        std::string out = lua_tostring(state, -1) ? lua_tostring(state, -1) : "";
        lua_pop(state, 1);
        return out;
    }
};

// Compares the real and the bounded functions on `cases` (a Lua expression giving
// a list of {subject, pattern [, init]}); returns "" or the first difference.
constexpr const char* k_compare = R"lua(
local cases = ...
local function strip(message)
  return (tostring(message):gsub("^[^:]*:%d+: ", ""))
end
local function pack(ok, ...)
  local t = { ok = ok, n = select("#", ...), ... }
  if not ok then t[1] = strip(t[1]); t.n = 1 end
  return t
end
local function show(t)
  local parts = { tostring(t.ok) }
  for i = 1, t.n do parts[#parts + 1] = type(t[i]) .. ":" .. tostring(t[i]) end
  return table.concat(parts, "|")
end
local function all(it_maker, s, p, init)
  local ok, it = pcall(it_maker, s, p, init)
  if not ok then return { ok = false, n = 1, strip(it) } end
  local out = { ok = true, n = 0 }
  for _ = 1, 200 do
    local r = pack(pcall(it))
    if not r.ok then out[#out + 1] = "E" .. r[1]; break end
    if r[1] == nil then break end
    for i = 1, r.n do out[#out + 1] = tostring(r[i]) end
    out[#out + 1] = ";"
  end
  out.n = #out
  return out
end
local repl_table = { a = "A", ["1"] = "one", x = false }
local function repl_function(a, b) if a == "b" then return nil end return "<" .. tostring(a) .. tostring(b) .. ">" end
local count = 0
for _, case in ipairs(cases) do
  local s, p, init = case[1], case[2], case[3]
  local pairs_to_check = {
    { "find", pack(pcall(string.find, s, p, init)), pack(pcall(bfind, s, p, init)) },
    { "find plain", pack(pcall(string.find, s, p, init, true)), pack(pcall(bfind, s, p, init, true)) },
    { "match", pack(pcall(string.match, s, p, init)), pack(pcall(bmatch, s, p, init)) },
    { "gmatch", all(string.gmatch, s, p, init), all(bgmatch, s, p, init) },
    { "gsub string", pack(pcall(string.gsub, s, p, "[%0|%1]")), pack(pcall(bgsub, s, p, "[%0|%1]")) },
    { "gsub table", pack(pcall(string.gsub, s, p, repl_table)), pack(pcall(bgsub, s, p, repl_table)) },
    { "gsub function", pack(pcall(string.gsub, s, p, repl_function, 3)), pack(pcall(bgsub, s, p, repl_function, 3)) },
  }
  for _, check in ipairs(pairs_to_check) do
    local a, b = show(check[2]), show(check[3])
    if a ~= b then
      return string.format("%s(%q, %q, %s): lua %s, ours %s", check[1], s, p, tostring(init), a, b)
    end
    count = count + 1
  end
end
return "ok " .. count
)lua";

std::string compare(Both& both, const std::string& cases) {
    std::string source = std::string("return (function(...) ") + k_compare + " end)(" + cases + ")";
    return both.run(source);
}

} // namespace

BOOST_AUTO_TEST_SUITE(scripting_bounded_library_test)

BOOST_AUTO_TEST_CASE(patterns_give_the_same_results_as_lua) {
    Both both;
    std::string result = compare(both, R"lua({
      {"hello world", "o"}, {"hello world", "o", 6}, {"hello world", "o", -3}, {"hello", "l+"},
      {"hello", "^h"}, {"hello", "^e"}, {"hello", "o$"}, {"hello", "l*"}, {"hello", "l-"}, {"hello", "x?h"},
      {"  trim me  ", "^%s*(.-)%s*$"}, {"key = value", "(%w+)%s*=%s*(%w+)"}, {"a,b,,c", "([^,]*)"},
      {"THE (quick) fox", "%((%a+)%)"}, {"f(a(b)c)d", "%b()"}, {"[[x]]", "%b[]"}, {"no balance (", "%b()"},
      {"THE (quick) fox", "%f[%a]%a+"}, {"hello.world", "%."}, {"x = 1.5e10", "%d+%.?%d*"},
      {"abcabc", "(a)(b)(c)%1"}, {"abab", "(ab)%1"}, {"hello", "()ll()"}, {"hello", "()"},
      {"", ""}, {"", "^$"}, {"abc", ""}, {"abc", "$"}, {"a.b", "."}, {"aaa", "a-b"}, {"aaab", "a-b"},
      {"Ünïcödé", "[\128-\255]+"}, {"tab\there", "%c"}, {"MiXeD", "%u%l"}, {"MiXeD", "[%U]"},
      {"0x1F", "%x+"}, {"a-b", "[a-]"}, {"a]b", "[]]"}, {"a^b", "[%^]"}, {"a^b", "[^^]"}, {"x%y", "%%"},
      {"hello", "(h)(e)(l)(l)(o)"}, {"hello", "((l)(l))"}, {"abc", "%"}, {"abc", "[a"}, {"abc", "(a"},
      {"abc", "a)"}, {"abc", "%1"}, {"abc", "%b"}, {"abc", "%f"}, {"abc", "%fa"}, {"abc", "%g"},
      {"a\0b", "%z"}, {"a\0b", "\0"}, {"a\0b", "[\0]"}, {"a+b", "+"}, {"ab", "*"}, {"hello", "l", 10},
      {"hello", "l", 0}, {"hello", "", 6}, {"hello", "", 7}, {"word word word", "%f[%w]%w+"},
      {"THE END", "%f[%z]"}, {"12 apples, 3 pears", "(%d+) (%a+)"}, {"x", "[%a-z]"}, {"-", "[a%-z]"},
      {"aaa", "^(a*)(a)$"}, {"((a))", "%b()"}, {"ab", "(()a)"}, {"key=val;k2=v2", "(%w+)=(%w+)"},
    })lua");
    BOOST_CHECK_EQUAL(result.substr(0, 3), "ok ");
    BOOST_TEST_MESSAGE(result);
}

BOOST_AUTO_TEST_CASE(random_patterns_give_the_same_results_as_lua) {
    Both both;
    // Patterns assembled from every kind of item, subjects from a small alphabet so
    // that they match often; math.randomseed fixes the run.
    std::string result = compare(both, R"lua((function()
      math.randomseed(20261129)
      local atoms = { "a", "b", ".", "%a", "%d", "%s", "%W", "[ab]", "[^a]", "[a-c]", "%(", "%b()", "%f[%w]",
                      "(", ")", "()", "%1", "x" }
      local suffixes = { "", "", "*", "+", "-", "?" }
      local letters = { "a", "b", "c", "(", ")", "1", " ", ".", "x" }
      local cases = {}
      for _ = 1, 3000 do
        local p = {}
        if math.random() < 0.2 then p[1] = "^" end
        for _ = 1, math.random(1, 6) do
          p[#p + 1] = atoms[math.random(#atoms)] .. suffixes[math.random(#suffixes)]
        end
        if math.random() < 0.2 then p[#p + 1] = "$" end
        local s = {}
        for _ = 1, math.random(0, 24) do s[#s + 1] = letters[math.random(#letters)] end
        local init = math.random() < 0.3 and math.random(-5, 12) or nil
        cases[#cases + 1] = { table.concat(s), table.concat(p), init }
      end
      return cases
    end)())lua");
    BOOST_CHECK_EQUAL(result.substr(0, 3), "ok ");
    BOOST_TEST_MESSAGE(result);
}

// Every class letter over every byte, bracket classes (remembered per match, and
// more of them in one pattern than are remembered), and plain searches through
// texts longer than the window between two looks at the clock.
BOOST_AUTO_TEST_CASE(classes_brackets_and_long_plain_searches_give_the_same_results_as_lua) {
    Both both;
    std::string result = compare(both, R"lua((function()
      local bytes = {}
      for c = 0, 255 do bytes[#bytes + 1] = string.char(c) end
      local all = table.concat(bytes)
      local cases = {}
      for letter in ("acdglpsuwxzACDGLPSUWXZy%."):gmatch(".") do
        cases[#cases + 1] = { all, "%" .. letter .. "+" }
        cases[#cases + 1] = { all, "[%" .. letter .. "]+" }
        cases[#cases + 1] = { all, "[^%" .. letter .. "_]+" }
      end
      for _, p in ipairs({ "[%a_%-]+", "[^%s%p]+", "[\192-\255][\128-\191]", "[a-c][b-d][c-e][d-f][e-g][f-h]",
                           "%f[%a][%a'][%a'%-]*%f[%A]", "[%w_][%w_%.%-]*@[%w]+", "([^%s]+)%s+$", "^[%(%[]*(.-)[%.,;:%)%]!]*$" }) do
        cases[#cases + 1] = { all, p }
        cases[#cases + 1] = { "l'abcdef-ghi jkl_m, (x) [y]! a.b@c  ", p }
      end
      local long = string.rep("ab", 5000) .. "needle" .. string.rep("c", 10)
      cases[#cases + 1] = { long, "needle" }
      cases[#cases + 1] = { long, "needle", 4000 }
      cases[#cases + 1] = { long, "needle", 10001 }
      cases[#cases + 1] = { long, "needles" }
      cases[#cases + 1] = { long, "ba", 4095 }
      cases[#cases + 1] = { string.rep("a", 9000) .. "b", string.rep("a", 20) .. "b" }
      cases[#cases + 1] = { string.rep("a", 9000) .. "b", string.rep("a", 40) .. "b" }
      cases[#cases + 1] = { string.rep("a", 4096) .. "bc", "abc" }
      return cases
    end)())lua");
    BOOST_CHECK_EQUAL(result.substr(0, 3), "ok ");
    BOOST_TEST_MESSAGE(result);
}

BOOST_AUTO_TEST_CASE(a_catastrophic_pattern_stops_at_the_deadline) {
    Both both;
    scripting::CallBudget budget;
    budget.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(30);
    scripting::set_call_budget(both.state, &budget);
    // lstrlib takes ~20 s over this: every start position tries every split.
    std::string result = both.run("return tostring(bfind(string.rep('a', 500), '.-.-.-b'))");
    BOOST_CHECK_EQUAL(result.find("error:"), 0u);
    BOOST_CHECK_NE(result.find("exceeded the time budget"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(gmatch_and_gsub_stop_at_the_deadline) {
    Both both;
    scripting::CallBudget budget;
    budget.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(30);
    scripting::set_call_budget(both.state, &budget);
    BOOST_CHECK_NE(both.run("for x in bgmatch(string.rep('a', 400), '.-.-.-b') do end return 'done'")
                       .find("exceeded the time budget"),
                   std::string::npos);
    BOOST_CHECK_NE(both.run("return (bgsub(string.rep('(', 30000), '%b()', ''))").find("exceeded the time budget"),
                   std::string::npos);
}

BOOST_AUTO_TEST_CASE(without_a_budget_patterns_run_to_the_end) {
    Both both;
    BOOST_CHECK_EQUAL(both.run("return tostring(bfind(string.rep('a', 40), '.-.-b'))"), "nil");
}

BOOST_AUTO_TEST_SUITE_END()
