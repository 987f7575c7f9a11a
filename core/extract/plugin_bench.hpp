#pragma once

#include <filesystem>
#include <ostream>
#include <vector>

namespace quorum::extract {

// `quorum plugins bench` (scripts/bench plugins): the cost of dispatching one event
// to one plugin and to 20 (µs per handler call), the memory of an idle plugin state,
// and the time to load the plugin suite in `dirs`. Writes a small report; returns
// the process status.
int run_plugin_bench(const std::vector<std::filesystem::path>& dirs, std::ostream& out);

} // namespace quorum::extract
