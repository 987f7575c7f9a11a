// The quorum command line: summarize minutes, render Markdown, list and test plugins.

#include "extract/plugin_tests.hpp"
#include "extract/process.hpp"
#include "markdown/guard.hpp"
#include "markdown/render.hpp"
#include "scripting/events.hpp"
#include "scripting/plugin.hpp"
#include "summary/summary.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

constexpr const char* k_usage = R"(quorum — meeting orchestration for working groups

Usage:
  quorum summarize FILE [--format md|html|json|txt] [-o OUT] [--lang fr|en]
                        [--plugins DIR]... [--templates DIR]
  quorum render FILE [-o OUT]          Markdown to safe HTML, as summaries render it
  quorum plugins list [--plugins DIR]...
  quorum plugins test [NAME] [--plugins DIR]...
  quorum events                       the plugin events
  quorum version

FILE may be '-' for standard input. The shipped plugins and templates are found
next to the executable (../plugins, ../templates), or through QUORUM_HOME.
)";

struct Arguments {
    std::vector<std::string> positional;
    std::string format = "md";
    std::string output;
    std::string language;
    std::vector<fs::path> plugin_dirs;
    fs::path templates_dir;
};

[[noreturn]] void usage_error(const std::string& message) {
    std::cerr << "quorum: " << message << "\n\n" << k_usage;
    std::exit(2);
}

Arguments parse_arguments(int argc, char** argv, int first) {
    Arguments arguments;
    for (int i = first; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&](const char* name) -> std::string {
            if (i + 1 >= argc) {
                usage_error(std::string(name) + " needs a value");
            }
            return argv[++i];
        };
        if (arg == "--format" || arg == "-f") {
            arguments.format = value("--format");
        } else if (arg.starts_with("--format=")) {
            arguments.format = arg.substr(9);
        } else if (arg == "-o" || arg == "--output") {
            arguments.output = value("-o");
        } else if (arg == "--lang" || arg == "--language") {
            arguments.language = value("--lang");
            if (arguments.language != "fr" && arguments.language != "en") {
                usage_error("--lang takes fr or en");
            }
        } else if (arg == "--plugins") {
            arguments.plugin_dirs.push_back(value("--plugins"));
        } else if (arg == "--templates") {
            arguments.templates_dir = value("--templates");
        } else if (arg == "-h" || arg == "--help") {
            std::cout << k_usage;
            std::exit(0);
        } else if (arg.size() > 1 && arg[0] == '-' ) {
            usage_error("unknown option " + arg);
        } else {
            arguments.positional.push_back(arg);
        }
    }
    return arguments;
}

fs::path executable_dir() {
    std::error_code error;
    fs::path self = fs::read_symlink("/proc/self/exe", error);
    return error ? fs::current_path() : self.parent_path();
}

// Shipped resources: $QUORUM_HOME/<name>, then beside the executable
// (build/quorum → ../<name>, installed bin/quorum → ../share/quorum/<name>), then
// the source tree the binary was built from.
fs::path resource_dir(const std::string& name) {
    std::vector<fs::path> candidates;
    if (const char* home = std::getenv("QUORUM_HOME")) {
        candidates.push_back(fs::path(home) / name);
    }
    fs::path exe = executable_dir();
    candidates.push_back(exe.parent_path() / name);
    candidates.push_back(exe.parent_path() / "share" / "quorum" / name);
    candidates.push_back(fs::path(QUORUM_SOURCE_DIR) / name);
    for (const fs::path& candidate : candidates) {
        if (fs::is_directory(candidate)) {
            return candidate;
        }
    }
    return candidates.back();
}

std::optional<std::string> read_input(const std::string& path) {
    if (path == "-") {
        std::string contents((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
        return contents;
    }
    std::error_code error;
    if (fs::is_directory(path, error)) {
        std::cerr << "quorum: " << path << " is a directory, not a file\n";
        return std::nullopt;
    }
    auto size = fs::file_size(path, error);
    if (!error && size > quorum::markdown::k_max_document_bytes) {
        std::cerr << "quorum: " << path << " is larger than 16 MiB; split the minutes or trim attachments\n";
        return std::nullopt;
    }
    auto contents = quorum::scripting::read_file(path);
    if (!contents) {
        std::cerr << "quorum: " << contents.error().message << "\n";
        return std::nullopt;
    }
    return *contents;
}

// Writes through a temporary file and a rename so that a failed run never leaves
// half a summary where a good one was.
bool write_output(const std::string& path, const std::string& contents) {
    if (path.empty() || path == "-") {
        std::cout << contents;
        std::cout.flush();
        return bool(std::cout);
    }
    fs::path target(path);
    fs::path temporary = target;
    temporary += ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << contents;
        out.flush();
        if (!out) {
            std::cerr << "quorum: cannot write " << temporary.string() << "\n";
            std::error_code ignored;
            fs::remove(temporary, ignored);
            return false;
        }
    }
    std::error_code error;
    fs::rename(temporary, target, error);
    if (error) {
        std::cerr << "quorum: cannot write " << path << ": " << error.message() << "\n";
        fs::remove(temporary, error);
        return false;
    }
    return true;
}

bool load_plugins(quorum::scripting::PluginHost& host, const Arguments& arguments) {
    std::vector<fs::path> dirs = {resource_dir("plugins")};
    dirs.insert(dirs.end(), arguments.plugin_dirs.begin(), arguments.plugin_dirs.end());
    for (const fs::path& dir : dirs) {
        auto loaded = host.load_directory(dir);
        if (!loaded) {
            std::cerr << "quorum: " << loaded.error().message << "\n";
            return false;
        }
    }
    return true;
}

int summarize(const Arguments& arguments) {
    if (arguments.positional.size() != 1) {
        usage_error("summarize takes one FILE");
    }
    auto format = quorum::summary::parse_format(arguments.format);
    if (!format) {
        usage_error(format.error().message);
    }
    auto input = read_input(arguments.positional[0]);
    if (!input) {
        return 1;
    }
    quorum::scripting::PluginHost host;
    if (!load_plugins(host, arguments)) {
        return 2;
    }
    quorum::extract::ProcessOptions options;
    auto meeting = quorum::extract::process(*input, options, host);
    if (!meeting) {
        std::cerr << "quorum: " << arguments.positional[0] << ": " << meeting.error().message << "\n";
        return 1;
    }
    for (const std::string& warning : meeting->warnings) {
        std::cerr << "quorum: warning: " << warning << "\n";
    }
    quorum::summary::RenderOptions render_options;
    render_options.format = *format;
    render_options.language = arguments.language;
    render_options.templates_dir = arguments.templates_dir.empty() ? resource_dir("templates")
                                                                   : arguments.templates_dir;
    auto started = std::chrono::steady_clock::now();
    auto rendered = quorum::summary::render(*meeting, render_options);
    if (!rendered) {
        std::cerr << "quorum: " << rendered.error().message << "\n";
        return 1;
    }
    bool written = write_output(arguments.output, *rendered);
    if (std::getenv("QUORUM_PROFILE")) {
        std::fprintf(stderr, "quorum: profile: %-8s %8.1f ms\n", "render",
                     std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
    }
    return written ? 0 : 1;
}

int render(const Arguments& arguments) {
    if (arguments.positional.size() != 1) {
        usage_error("render takes one FILE");
    }
    auto input = read_input(arguments.positional[0]);
    if (!input) {
        return 1;
    }
    auto checked = quorum::markdown::check_input(*input);
    if (!checked) {
        std::cerr << "quorum: " << checked.error().message << "\n";
        return 1;
    }
    return write_output(arguments.output, quorum::markdown::render_html(*input)) ? 0 : 1;
}

int plugins_command(int argc, char** argv) {
    if (argc < 3) {
        usage_error("plugins takes list or test");
    }
    std::string verb = argv[2];
    Arguments arguments = parse_arguments(argc, argv, 3);
    quorum::scripting::PluginHost host;
    if (!load_plugins(host, arguments)) {
        return 2;
    }
    if (verb == "list") {
        for (auto& plugin : host.plugins()) {
            std::cout << plugin->name() << "\t" << (plugin->version().empty() ? "-" : plugin->version()) << "\t"
                      << "loaded\t";
            std::string hooks;
            for (const auto& hook : plugin->hooks()) {
                hooks += (hooks.empty() ? "" : ",") + hook.event;
            }
            std::cout << hooks << "\n";
        }
        return 0;
    }
    if (verb == "test") {
        int failed = 0, passed = 0;
        for (auto& plugin : host.plugins()) {
            if (!arguments.positional.empty() && plugin->name() != arguments.positional[0]) {
                continue;
            }
            for (const auto& result : quorum::extract::run_plugin_tests(*plugin)) {
                if (result.passed) {
                    ++passed;
                    std::cout << "ok   " << result.plugin << ": " << result.name << "\n";
                } else {
                    ++failed;
                    std::cout << "FAIL " << result.plugin << ": " << result.name << "\n     " << result.message
                              << "\n";
                }
            }
        }
        std::cout << passed << " passed, " << failed << " failed\n";
        return failed == 0 && passed > 0 ? 0 : 1;
    }
    usage_error("plugins takes list or test");
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << k_usage;
        return 2;
    }
    std::string command = argv[1];
    try {
        if (command == "summarize") {
            return summarize(parse_arguments(argc, argv, 2));
        }
        if (command == "render") {
            return render(parse_arguments(argc, argv, 2));
        }
        if (command == "plugins") {
            return plugins_command(argc, argv);
        }
        if (command == "events") {
            for (const auto& event : quorum::scripting::events()) {
                std::cout << event.name << "\t"
                          << (event.kind == quorum::scripting::EventKind::Filter ? "filter" : "notification")
                          << "\t" << (event.is_emitted ? "emitted" : "declared") << "\t" << event.description
                          << "\n";
            }
            return 0;
        }
        if (command == "version" || command == "--version") {
            std::cout << "quorum " << QUORUM_VERSION << "\n";
            return 0;
        }
        if (command == "help" || command == "--help" || command == "-h") {
            std::cout << k_usage;
            return 0;
        }
    } catch (const quorum::Fatal& fatal) {
        std::cerr << "quorum: " << fatal.what() << "\n";
        return 2;
    } catch (const std::exception& error) {
        std::cerr << "quorum: unexpected error: " << error.what() << "\n";
        return 1;
    }
    usage_error("unknown command " + command);
}
