#include "extract/plugin_bench.hpp"

#include "scripting/plugin.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <unistd.h>

namespace quorum::extract {

namespace {

using Clock = std::chrono::steady_clock;

double micros_since(Clock::time_point start) {
    return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

// A plugin that does what a typical notification handler does: read the payload,
// keep a little state.
constexpr const char* k_handler = R"lua(
plugin.version = "1.0"
local seen = 0
local last_item
plugin:hook("notes/saved", function(event)
  seen = seen + 1
  last_item = event.item
end)
)lua";

std::filesystem::path make_suite(size_t count) {
    char pattern[] = "/tmp/quorum-bench-XXXXXX";
    std::filesystem::path root = mkdtemp(pattern);
    for (size_t i = 0; i < count; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "bench%02zu", i);
        std::filesystem::create_directories(root / name);
        std::ofstream(root / name / "init.lua") << k_handler;
    }
    return root;
}

double dispatch_micros_per_call(size_t plugins, int events) {
    std::filesystem::path root = make_suite(plugins);
    scripting::PluginHost host;
    auto loaded = host.load_directory(root);
    std::filesystem::remove_all(root);
    if (!loaded) {
        return -1;
    }
    scripting::Value payload =
        scripting::Value::Object{{"meeting", "m-1"}, {"item", "a-2"}, {"revision", 3}, {"author", "Alice"}};
    for (int i = 0; i < 1000; ++i) {
        host.emit("notes/saved", payload);
    }
    auto started = Clock::now();
    for (int i = 0; i < events; ++i) {
        host.emit("notes/saved", payload);
    }
    return micros_since(started) / (static_cast<double>(events) * static_cast<double>(plugins));
}

} // namespace

int run_plugin_bench(const std::vector<std::filesystem::path>& dirs, std::ostream& out) {
    constexpr int k_events = 100000;
    double one = dispatch_micros_per_call(1, k_events);
    double twenty = dispatch_micros_per_call(20, k_events / 10);
    char line[200];
    std::snprintf(line, sizeof line, "dispatch, 1 plugin:    %6.2f µs per handler call (%d events)\n", one, k_events);
    out << line;
    std::snprintf(line, sizeof line, "dispatch, 20 plugins:  %6.2f µs per handler call (%d events)\n", twenty,
                  k_events / 10);
    out << line;

    {
        std::filesystem::path root = make_suite(1);
        scripting::PluginHost host;
        auto loaded = host.load_directory(root);
        std::filesystem::remove_all(root);
        if (loaded) {
            std::snprintf(line, sizeof line, "idle state, minimal plugin: %6.1f KiB\n",
                          host.plugins().front()->sandbox().memory_used() / 1024.0);
            out << line;
        }
    }

    constexpr int k_loads = 20;
    double total_ms = 0;
    scripting::PluginHost last;
    for (int i = 0; i < k_loads; ++i) {
        scripting::PluginHost host;
        auto started = Clock::now();
        for (const auto& dir : dirs) {
            auto loaded = host.load_directory(dir);
            if (!loaded) {
                out << "cannot load " << dir.string() << ": " << loaded.error().message << "\n";
                return 1;
            }
        }
        total_ms += micros_since(started) / 1000.0;
        if (i == k_loads - 1) {
            for (auto& plugin : host.plugins()) {
                std::snprintf(line, sizeof line, "idle state, %-22s %6.1f KiB\n", plugin->name().c_str(),
                              plugin->sandbox().memory_used() / 1024.0);
                out << line;
            }
            std::snprintf(line, sizeof line, "load the suite (%zu plugins): %6.2f ms (mean of %d)\n",
                          host.plugins().size(), total_ms / k_loads, k_loads);
            out << line;
        }
    }
    return 0;
}

} // namespace quorum::extract
