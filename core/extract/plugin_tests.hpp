#pragma once

#include "scripting/plugin.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace quorum::extract {

struct PluginTestResult {
    std::string plugin;
    std::string name;
    bool passed = false;
    std::string message;
};

// Runs <plugin dir>/<name>.test.lua inside the plugin's own sandbox, after its
// init.lua. The file returns a table of test functions (name → function). Tests get
// a `test` table:
//   test.document(markdown [, {language=}])  the doc a handler would receive
//   test.extract(markdown [, {language=}])   runs this plugin's extract/document
//                                            handler over it and returns its result
//   test.equal(actual, expected [, message]) deep comparison
//   test.find(list, fields)                  first entry whose fields equal `fields`
//   test.is_true(value [, message]) / test.is_nil(value [, message])
std::vector<PluginTestResult> run_plugin_tests(scripting::Plugin& plugin);

} // namespace quorum::extract
