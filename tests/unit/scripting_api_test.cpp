#include "scripting/events.hpp"
#include "scripting/plugin.hpp"
#include "scripting/sandbox.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

using namespace quorum;

namespace {

// What a plugin can see: functions and events, one per line, sorted.
std::vector<std::string> exported() {
    std::vector<std::string> lines = scripting::exported_api();
    for (const auto& event : scripting::events()) {
        lines.push_back("event " + std::string(event.name) + " " +
                        (event.kind == scripting::EventKind::Filter ? "filter" : "notification"));
    }
    std::sort(lines.begin(), lines.end());
    return lines;
}

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

BOOST_AUTO_TEST_SUITE(scripting_api_test)

// docs/plugin-api.txt is the committed snapshot of the plugin API. Adding a
// function or an event means adding its line there (and documenting it); removing
// or renaming one breaks plugins and fails here.
BOOST_AUTO_TEST_CASE(the_api_matches_the_committed_snapshot) {
    std::istringstream snapshot(read(QUORUM_DOCS "/plugin-api.txt"));
    std::vector<std::string> expected;
    for (std::string line; std::getline(snapshot, line);) {
        if (!line.empty() && line[0] != '#') {
            expected.push_back(line);
        }
    }
    std::vector<std::string> actual = exported();
    for (const auto& name : expected) {
        BOOST_CHECK_MESSAGE(std::find(actual.begin(), actual.end(), name) != actual.end(),
                            "removed or renamed: " << name);
    }
    for (const auto& name : actual) {
        BOOST_CHECK_MESSAGE(std::find(expected.begin(), expected.end(), name) != expected.end(),
                            "not in docs/plugin-api.txt: " << name);
    }
}

BOOST_AUTO_TEST_CASE(every_function_and_event_is_documented) {
    std::string docs = read(QUORUM_DOCS "/plugins.md");
    for (const auto& name : scripting::exported_api()) {
        BOOST_CHECK_MESSAGE(docs.find("`" + name) != std::string::npos, "undocumented: " << name);
    }
    for (const auto& event : scripting::events()) {
        BOOST_CHECK_MESSAGE(docs.find("`" + std::string(event.name) + "`") != std::string::npos,
                            "undocumented event: " << event.name);
    }
}

BOOST_AUTO_TEST_CASE(a_loaded_plugin_exports_exactly_the_listed_functions) {
    scripting::PluginHost host;
    BOOST_REQUIRE(host.load_directory(QUORUM_PLUGINS));
    lua_State* state = host.plugins().front()->state();
    std::vector<std::string> seen;
    for (const char* table : {"plugin", "quorum", "text"}) {
        lua_getglobal(state, table);
        lua_pushnil(state);
        while (lua_next(state, -2)) {
            if (lua_iscfunction(state, -1)) {
                seen.push_back(std::string(table) + (table[0] == 'p' ? ":" : ".") + lua_tostring(state, -2));
            }
            lua_pop(state, 1);
        }
        lua_pop(state, 1);
    }
    std::sort(seen.begin(), seen.end());
    BOOST_CHECK((seen == scripting::exported_api()));
}

// The text library is the host's own helpers, as plugins need them for running text.
BOOST_AUTO_TEST_CASE(the_text_library_folds_trims_and_collapses) {
    scripting::Sandbox sandbox(scripting::Limits{});
    const std::string script = R"lua(
        local nbsp, nnbsp = "\u{A0}", "\u{202F}"
        return table.concat({
          text.fold("Décision" .. nnbsp .. ": L’ÉTÉ, Œuvre & Ça"),
          text.lower("ÉTÉ À Noël"),
          text.key("  Marie-Ève   Roy (TIESS) "),
          "[" .. text.trim(nbsp .. " \t a b \n") .. "]",
          "[" .. text.collapse(" a \n\t b" .. nbsp .. nnbsp .. "c  ") .. "]",
          text.plain_spaces("9" .. nnbsp .. "h" .. nbsp .. "30"),
          text.fold(12),
          tostring(pcall(text.fold, {})),
        }, "|")
    )lua";
    BOOST_REQUIRE(sandbox.load(script, "=text"));
    BOOST_REQUIRE(sandbox.call(0, 1));
    std::string result = lua_tostring(sandbox.state(), -1);
    BOOST_TEST(result == "decision\u202f: l'ete, oeuvre & ca|été à noël|marie eve roy tiess|[a b]|[a b c]|9 h 30|12|false");
}

// text.find is string.find(s, needle, init, true), whatever byte it probes first.
BOOST_AUTO_TEST_CASE(text_find_is_a_plain_find) {
    scripting::Sandbox sandbox(scripting::Limits{});
    const std::string script = R"lua(
        local s = "on relance la relance. " .. string.rep("x", 100) .. " relance!"
        local out = {}
        for _, case in ipairs({ {" relance ", 1}, {"relance", 5}, {"relance", -8}, {"zz", 1}, {"", 4},
                                {"a.", 1}, {"%a", 1}, {" relance!", 1}, {string.rep("x", 40), 1}, {"x", 200} }) do
          local a, b = text.find(s, case[1], case[2])
          local c, d = string.find(s, case[1], case[2], true)
          out[#out + 1] = (a == c and b == d) and "=" or (tostring(a) .. "/" .. tostring(c))
        end
        return table.concat(out)
    )lua";
    BOOST_REQUIRE(sandbox.load(script, "=find"));
    BOOST_REQUIRE(sandbox.call(0, 1));
    BOOST_TEST(std::string(lua_tostring(sandbox.state(), -1)) == "==========");
}

BOOST_AUTO_TEST_SUITE_END()
