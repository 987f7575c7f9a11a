// The quorum command line: summarize minutes, render Markdown, list and test plugins,
// serve the meeting API, export, import and erase stored meetings.

#include "extract/plugin_bench.hpp"
#include "extract/plugin_tests.hpp"
#include "extract/process.hpp"
#include "interop/stored.hpp"
#include "markdown/guard.hpp"
#include "markdown/render.hpp"
#include "scripting/events.hpp"
#include "scripting/plugin.hpp"
#include "server/server.hpp"
#include "store/store.hpp"
#include "summary/summary.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

constexpr const char* k_usage = R"(quorum — meeting orchestration for working groups

Usage:
  quorum summarize FILE [--format md|html|json|txt] [-o OUT] [--lang fr|en]
                        [--plugins DIR]... [--templates DIR]
  quorum render FILE [-o OUT]          Markdown to safe HTML, as summaries render it
  quorum plugins list [--plugins DIR]...  name, version, status, hooks, options
  quorum plugins test [NAME] [--plugins DIR]...
  quorum plugins check DIR            load one plugin folder in the sandbox, report problems
  quorum plugins bench [--plugins DIR]...
  quorum events                       the plugin events
  quorum serve [--data DIR] [--port N] [--bind ADDR] [--config FILE] [--demo FILE]
               [--creation open|closed] [--trusted-proxies LIST]
               [--plugins DIR]...
  quorum export --meeting ID [--data DIR] [-o OUT] [--format json|ics|md|html|csv]
                [--table attendance|actions] [--series] [--timezone ZONE]
  quorum import FILE [--data DIR]      an export (JSON) or Markdown minutes
  quorum erase --meeting ID [--data DIR]
  quorum import-attendance --meeting ID FILE [--data DIR] [--apply]
                [--alias "Name=participant id"]... [--skip-unmatched]
                                       Zoom, BigBlueButton, CSV or a list of names
  quorum import-log FILE [--format md|html|json|txt] [-o OUT] [--data DIR]
                                       an IRC log (W3C scribe, MeetBot) as a meeting
  quorum version

FILE may be '-' for standard input. The shipped plugins and templates are found
next to the executable (../plugins, ../templates), or through QUORUM_HOME.
The database is DIR/quorum.db (DIR: --data, else QUORUM_DATA, else ./data).
)";

struct Arguments {
    std::vector<std::string> positional;
    std::string format = "md";
    std::string output;
    std::string language;
    std::vector<fs::path> plugin_dirs;
    fs::path templates_dir;
};

// An error's message in the terminal's language: French when LC_ALL, LC_MESSAGES
// or LANG (the first one set) starts with "fr", else English.
const std::string& said(const quorum::Error& error) {
    static const bool french = [] {
        for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
            const char* value = std::getenv(name);
            if (value && *value) {
                return std::string_view(value).starts_with("fr");
            }
        }
        return false;
    }();
    return error.message_in(french);
}

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
        } else if (arg.size() > 1 && arg[0] == '-') {
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
        std::cerr << "quorum: " << said(contents.error()) << "\n";
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
    // Plugin log lines (quorum.log_*, failing handlers) go to stderr.
    if (auto* memory = host.memory_host()) {
        memory->echo_logs = true;
    }
    std::vector<fs::path> dirs = {resource_dir("plugins")};
    dirs.insert(dirs.end(), arguments.plugin_dirs.begin(), arguments.plugin_dirs.end());
    for (const fs::path& dir : dirs) {
        auto loaded = host.load_directory(dir);
        if (!loaded) {
            std::cerr << "quorum: " << said(loaded.error()) << "\n";
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
        usage_error(said(format.error()));
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
        std::cerr << "quorum: " << arguments.positional[0] << ": " << said(meeting.error()) << "\n";
        return 1;
    }
    for (const quorum::Phrase& warning : meeting->warnings) {
        std::cerr << "quorum: warning: " << said(quorum::make_error("warning", warning)) << "\n";
    }
    quorum::summary::RenderOptions render_options;
    render_options.format = *format;
    render_options.language = arguments.language;
    render_options.templates_dir =
        arguments.templates_dir.empty() ? resource_dir("templates") : arguments.templates_dir;
    auto started = std::chrono::steady_clock::now();
    auto rendered = quorum::summary::render(*meeting, render_options);
    if (!rendered) {
        std::cerr << "quorum: " << said(rendered.error()) << "\n";
        return 1;
    }
    bool written = write_output(arguments.output, *rendered);
    if (std::getenv("QUORUM_PROFILE")) {
        std::fprintf(stderr, "quorum: profile: %-8s %8.1f ms\n", "render",
                     std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
    }
    // The output is written and flushed; freeing a large meeting and three Lua
    // states piece by piece would only delay the exit (a third of the run on a
    // 10 MB document). The operating system takes the memory back at once.
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(written ? 0 : 1);
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
        std::cerr << "quorum: " << said(checked.error()) << "\n";
        return 1;
    }
    return write_output(arguments.output, quorum::markdown::render_html(*input)) ? 0 : 1;
}

// One line per option: name=value (type[, bounds]).
std::string describe_options(const quorum::scripting::Plugin& plugin) {
    using quorum::scripting::OptionType;
    std::string text;
    for (const auto& spec : plugin.options()) {
        text += (text.empty() ? "" : "; ") + spec.name + "=" +
                quorum::scripting::describe_option_value(spec, plugin.option_value(spec.name)) + " (" +
                quorum::scripting::option_type_name(spec.type);
        if (spec.type == OptionType::Integer) {
            text += " " + std::to_string(spec.min) + ".." + std::to_string(spec.max);
        } else if (spec.type == OptionType::Enum) {
            std::string values;
            for (const auto& value : spec.values) {
                values += (values.empty() ? "" : "|") + value;
            }
            text += " " + values;
        }
        text += ")";
    }
    return text.empty() ? "-" : text;
}

int run_tests(quorum::scripting::PluginHost& host, const std::string& only) {
    int failed = 0, passed = 0;
    for (auto& plugin : host.plugins()) {
        if (!only.empty() && plugin->name() != only) {
            continue;
        }
        for (const auto& result : quorum::extract::run_plugin_tests(*plugin)) {
            if (result.passed) {
                ++passed;
                std::cout << "ok   " << result.plugin << ": " << result.name << "\n";
            } else {
                ++failed;
                std::cout << "FAIL " << result.plugin << ": " << result.name << "\n     " << result.message << "\n";
            }
        }
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    return failed == 0 && passed > 0 ? 0 : 1;
}

// quorum plugins check DIR: loads the folder's plugin in the sandbox, beside the
// shipped ones (for its dependencies), and reports what a reviewer would flag.
int check_plugin(const fs::path& dir) {
    int problems = 0;
    auto problem = [&](const std::string& text) {
        ++problems;
        std::cout << "problem: " << text << "\n";
    };
    if (!fs::exists(dir / "init.lua")) {
        problem(dir.string() + " has no init.lua");
        return 1;
    }
    std::string name = fs::absolute(dir).lexically_normal().filename().string();
    if (name.empty()) {
        name = fs::absolute(dir).lexically_normal().parent_path().filename().string();
    }
    quorum::scripting::PluginHost host;
    host.memory_host()->echo_logs = true;
    for (const auto& entry : fs::directory_iterator(resource_dir("plugins"))) {
        if (entry.is_directory() && entry.path().filename() != name && fs::exists(entry.path() / "init.lua")) {
            auto loaded = quorum::scripting::Plugin::load(entry.path(), {}, &host);
            if (loaded) {
                host.plugins().push_back(std::move(*loaded));
            }
        }
    }
    auto loaded = quorum::scripting::Plugin::load(dir, {}, &host);
    if (!loaded) {
        problem(said(loaded.error()));
        return 1;
    }
    quorum::scripting::Plugin& plugin = **loaded;
    std::cout << "loaded " << plugin.name() << " " << (plugin.version().empty() ? "-" : plugin.version()) << " ("
              << plugin.sandbox().memory_used() / 1024 << " KiB)\n";
    if (plugin.version().empty()) {
        problem("plugin.version is not set");
    }
    if (plugin.hooks().empty()) {
        problem("no hooks: the plugin never runs");
    }
    for (const auto& hook : plugin.hooks()) {
        const auto* event = quorum::scripting::find_event(hook.event);
        std::cout << "hook " << hook.event << (event && !event->is_emitted ? " (declared: not raised yet)" : "")
                  << "\n";
    }
    for (const auto& dependency : plugin.depends()) {
        if (!host.find(dependency)) {
            problem("depends on '" + dependency + "', which is not a shipped plugin (give its folder with --plugins)");
        }
    }
    std::cout << "options " << describe_options(plugin) << "\n";
    for (const char* file : {"README.md"}) {
        if (!fs::exists(dir / file)) {
            problem(std::string("no ") + file);
        }
    }
    if (!fs::exists(dir / (plugin.name() + ".test.lua"))) {
        problem("no " + plugin.name() + ".test.lua");
    } else {
        host.plugins().push_back(std::move(*loaded));
        if (run_tests(host, name) != 0) {
            problem("tests fail");
        }
    }
    std::cout << (problems == 0 ? "ok" : std::to_string(problems) + " problem(s)") << "\n";
    return problems == 0 ? 0 : 1;
}

int plugins_command(int argc, char** argv) {
    if (argc < 3) {
        usage_error("plugins takes list, test, check or bench");
    }
    std::string verb = argv[2];
    Arguments arguments = parse_arguments(argc, argv, 3);
    if (verb == "check") {
        if (arguments.positional.size() != 1) {
            usage_error("plugins check takes one DIR");
        }
        return check_plugin(arguments.positional[0]);
    }
    if (verb == "bench") {
        std::vector<fs::path> dirs = {resource_dir("plugins")};
        dirs.insert(dirs.end(), arguments.plugin_dirs.begin(), arguments.plugin_dirs.end());
        return quorum::extract::run_plugin_bench(dirs, std::cout);
    }
    quorum::scripting::PluginHost host;
    if (!load_plugins(host, arguments)) {
        return 2;
    }
    if (verb == "list") {
        for (auto& plugin : host.plugins()) {
            bool is_disabled = plugin->status() == quorum::scripting::PluginStatus::Disabled;
            std::cout << plugin->name() << "\t" << (plugin->version().empty() ? "-" : plugin->version()) << "\t"
                      << (is_disabled ? "disabled: " + plugin->status_reason() : "loaded") << "\t";
            std::string hooks;
            for (const auto& hook : plugin->hooks()) {
                hooks += (hooks.empty() ? "" : ",") + hook.event;
            }
            std::cout << (hooks.empty() ? "-" : hooks) << "\t" << describe_options(*plugin) << "\n";
        }
        return 0;
    }
    if (verb == "test") {
        return run_tests(host, arguments.positional.empty() ? std::string() : arguments.positional[0]);
    }
    usage_error("plugins takes list, test, check or bench");
}

// Options of the commands that use the database. Precedence: built-in
// defaults, then the --config file, then QUORUM_* environment, then flags.
struct StoreArguments {
    fs::path data_dir = "data";
    // quorum.check_in_opens_minutes: self check-in opens this long before the planned start
    int check_in_opens_minutes = 30;
    std::string meeting;
    std::string output;
    std::string demo;
    std::vector<std::string> positional;
    quorum::server::ServerConfig server;
    // export, import-attendance, import-log
    std::string format;
    std::string table = "attendance";
    std::string timezone;
    bool series = false;
    bool apply = false;
    bool skip_unmatched = false;
    std::vector<std::string> aliases;
    // plugin.<name>.<option> = <text> in the config file.
    quorum::scripting::OptionTexts plugin_options;
};

StoreArguments parse_store_arguments(int argc, char** argv, int first) {
    StoreArguments arguments;
    std::string config_file, data, port, bind, creation, trusted_proxies;
    bool trusted_proxies_given = false;
    for (int i = first; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&](const char* name) -> std::string {
            if (i + 1 >= argc) {
                usage_error(std::string(name) + " needs a value");
            }
            return argv[++i];
        };
        if (arg == "--data") {
            data = value("--data");
        } else if (arg == "--port") {
            port = value("--port");
        } else if (arg == "--bind") {
            bind = value("--bind");
        } else if (arg == "--config") {
            config_file = value("--config");
        } else if (arg == "--creation") {
            creation = value("--creation");
        } else if (arg == "--trusted-proxies") {
            trusted_proxies = value("--trusted-proxies");
            trusted_proxies_given = true;
        } else if (arg == "--meeting") {
            arguments.meeting = value("--meeting");
        } else if (arg == "--demo") {
            arguments.demo = value("--demo");
        } else if (arg == "--plugins") {
            arguments.server.plugin_dirs.push_back(value("--plugins"));
        } else if (arg == "-o" || arg == "--output") {
            arguments.output = value("-o");
        } else if (arg == "--format" || arg == "-f") {
            arguments.format = value("--format");
        } else if (arg == "--table") {
            arguments.table = value("--table");
        } else if (arg == "--timezone") {
            arguments.timezone = value("--timezone");
        } else if (arg == "--series") {
            arguments.series = true;
        } else if (arg == "--apply") {
            arguments.apply = true;
        } else if (arg == "--skip-unmatched") {
            arguments.skip_unmatched = true;
        } else if (arg == "--alias") {
            arguments.aliases.push_back(value("--alias"));
        } else if (arg == "-h" || arg == "--help") {
            std::cout << k_usage;
            std::exit(0);
        } else if (arg.size() > 1 && arg[0] == '-') {
            usage_error("unknown option " + arg);
        } else {
            arguments.positional.push_back(arg);
        }
    }
    quorum::server::ServerConfig& server = arguments.server;
    auto to_int = [](const std::string& text, const std::string& name, long min, long max) {
        try {
            size_t used = 0;
            long number = std::stol(text, &used);
            if (used != text.size() || number < min || number > max) {
                throw std::out_of_range(name);
            }
            return number;
        } catch (const std::exception&) {
            throw quorum::Fatal(name + " must be a number between " + std::to_string(min) + " and " +
                                std::to_string(max) + ", not '" + text + "'");
        }
    };
    auto to_creation = [](const std::string& text, const std::string& name) {
        if (text == "open") {
            return quorum::server::ServerConfig::Creation::Open;
        }
        if (text == "closed") {
            return quorum::server::ServerConfig::Creation::Closed;
        }
        throw quorum::Fatal(name + " must be open or closed, not '" + text + "'");
    };
    if (!config_file.empty()) {
        Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> config;
        try {
            config = new Poco::Util::PropertyFileConfiguration(config_file);
        } catch (const Poco::Exception& error) {
            throw quorum::Fatal("cannot read " + config_file + ": " + error.displayText());
        }
        static const std::vector<std::string> k_known = {"data",
                                                         "bind",
                                                         "port",
                                                         "threads",
                                                         "max_connections",
                                                         "timeout_seconds",
                                                         "keep_alive_timeout_seconds",
                                                         "max_keep_alive_requests",
                                                         "max_body_bytes",
                                                         "max_headers",
                                                         "log_requests",
                                                         "plugins",
                                                         "creation",
                                                         "creation_token",
                                                         "anonymous_import_max_bytes",
                                                         "creation_burst",
                                                         "creation_refill_seconds",
                                                         "rate_limit_addresses",
                                                         "trusted_proxies",
                                                         "check_in_opens_minutes"};
        Poco::Util::AbstractConfiguration::Keys keys;
        config->keys("quorum", keys);
        for (const std::string& key : keys) {
            if (std::find(k_known.begin(), k_known.end(), key) == k_known.end()) {
                throw quorum::Fatal(config_file + ": unknown setting quorum." + key);
            }
        }
        auto setting = [&](const std::string& key) { return config->getString("quorum." + key, ""); };
        if (!setting("data").empty()) {
            arguments.data_dir = setting("data");
        }
        if (!setting("bind").empty()) {
            server.bind = setting("bind");
        }
        if (!setting("port").empty()) {
            server.port = static_cast<int>(to_int(setting("port"), "quorum.port", 0, 65535));
        }
        if (!setting("threads").empty()) {
            server.threads = static_cast<int>(to_int(setting("threads"), "quorum.threads", 1, 1024));
        }
        if (!setting("max_connections").empty()) {
            server.max_connections =
                static_cast<int>(to_int(setting("max_connections"), "quorum.max_connections", 16, 1000000));
        }
        if (!setting("timeout_seconds").empty()) {
            server.timeout =
                std::chrono::seconds(to_int(setting("timeout_seconds"), "quorum.timeout_seconds", 1, 3600));
        }
        if (!setting("keep_alive_timeout_seconds").empty()) {
            server.keep_alive_timeout = std::chrono::seconds(
                to_int(setting("keep_alive_timeout_seconds"), "quorum.keep_alive_timeout_seconds", 1, 3600));
        }
        if (!setting("max_keep_alive_requests").empty()) {
            server.max_keep_alive_requests = static_cast<int>(
                to_int(setting("max_keep_alive_requests"), "quorum.max_keep_alive_requests", 1, 1000000));
        }
        if (!setting("max_body_bytes").empty()) {
            server.max_body_bytes =
                static_cast<size_t>(to_int(setting("max_body_bytes"), "quorum.max_body_bytes", 1024, 16 << 20));
        }
        if (!setting("max_headers").empty()) {
            server.max_headers = static_cast<size_t>(to_int(setting("max_headers"), "quorum.max_headers", 8, 100));
        }
        server.log_requests = config->getBool("quorum.log_requests", false);
        if (!setting("creation").empty()) {
            server.creation = to_creation(setting("creation"), "quorum.creation");
        }
        server.creation_token = setting("creation_token");
        if (!setting("anonymous_import_max_bytes").empty()) {
            server.anonymous_import_max_bytes = static_cast<size_t>(
                to_int(setting("anonymous_import_max_bytes"), "quorum.anonymous_import_max_bytes", 1024, 16 << 20));
        }
        if (!setting("creation_burst").empty()) {
            server.creation_burst =
                static_cast<unsigned>(to_int(setting("creation_burst"), "quorum.creation_burst", 0, 1000000));
        }
        if (!setting("creation_refill_seconds").empty()) {
            server.creation_refill = std::chrono::seconds(
                to_int(setting("creation_refill_seconds"), "quorum.creation_refill_seconds", 1, 86400));
        }
        if (!setting("rate_limit_addresses").empty()) {
            server.rate_limit_addresses = static_cast<size_t>(
                to_int(setting("rate_limit_addresses"), "quorum.rate_limit_addresses", 1, 10000000));
        }
        server.trusted_proxies = setting("trusted_proxies");
        if (!setting("check_in_opens_minutes").empty()) {
            arguments.check_in_opens_minutes = static_cast<int>(
                to_int(setting("check_in_opens_minutes"), "quorum.check_in_opens_minutes", 0, 24 * 60));
        }
        if (!setting("plugins").empty()) {
            server.plugin_dirs.push_back(setting("plugins"));
        }
        // Plugin options: checked (and clamped or defaulted, with a log line) by the
        // plugin host when the plugin declares them.
        Poco::Util::AbstractConfiguration::Keys plugin_names;
        config->keys("plugin", plugin_names);
        for (const std::string& plugin : plugin_names) {
            Poco::Util::AbstractConfiguration::Keys options;
            config->keys("plugin." + plugin, options);
            for (const std::string& option : options) {
                arguments.plugin_options[plugin][option] = config->getString("plugin." + plugin + "." + option);
            }
        }
    }
    if (const char* env = std::getenv("QUORUM_DATA"); env && *env) {
        arguments.data_dir = env;
    }
    if (const char* env = std::getenv("QUORUM_PORT"); env && *env) {
        server.port = static_cast<int>(to_int(env, "QUORUM_PORT", 0, 65535));
    }
    if (const char* env = std::getenv("QUORUM_BIND"); env && *env) {
        server.bind = env;
    }
    if (const char* env = std::getenv("QUORUM_CREATION_TOKEN"); env && *env) {
        server.creation_token = env;
    }
    if (!creation.empty()) {
        server.creation = to_creation(creation, "--creation");
    }
    if (trusted_proxies_given) {
        server.trusted_proxies = trusted_proxies;
    }
    if (!server.creation_token.empty() && server.creation_token.size() < 32) {
        throw quorum::Fatal("the creation token must be at least 32 characters (a long random string)");
    }
    if (!data.empty()) {
        arguments.data_dir = data;
    }
    if (!port.empty()) {
        server.port = static_cast<int>(to_int(port, "--port", 0, 65535));
    }
    if (!bind.empty()) {
        server.bind = bind;
    }
    return arguments;
}

std::unique_ptr<quorum::store::Store> open_store(const StoreArguments& arguments) {
    std::error_code error;
    // A data folder made here is 0700 (it holds the database); one that exists
    // keeps its mode.
    bool made = fs::create_directories(arguments.data_dir, error);
    if (error) {
        throw quorum::Fatal("cannot create " + arguments.data_dir.string() + ": " + error.message());
    }
    if (made) {
        fs::permissions(arguments.data_dir, fs::perms::owner_all, fs::perm_options::replace, error);
    }
    try {
        auto store = quorum::store::Store::open(arguments.data_dir / "quorum.db");
        store->set_check_in_opens(std::chrono::minutes(arguments.check_in_opens_minutes));
        return store;
    } catch (const quorum::store::SqliteError& failure) {
        throw quorum::Fatal(failure.what());
    }
}

std::string json_text(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(value, out, 2);
    out << "\n";
    return out.str();
}

// The demo meeting of scripts/serve: imported on the first start, its key kept
// (mode 0600) beside the database so that later starts can print the link again.
void load_demo(quorum::server::Meetings& meetings, const StoreArguments& arguments, const std::string& base_url) {
    fs::path keep = arguments.data_dir / "demo-meeting.json";
    std::string id, key, share;
    if (auto saved = quorum::scripting::read_file(keep)) {
        try {
            Poco::JSON::Parser parser;
            auto object = parser.parse(*saved).extract<Poco::JSON::Object::Ptr>();
            id = object->getValue<std::string>("id");
            key = object->getValue<std::string>("facilitator_key");
            share = object->optValue<std::string>("share_token", "");
        } catch (const Poco::Exception&) {
            id.clear();
        }
    }
    if (id.empty() || !meetings.store().meeting_exists(id)) {
        auto input = read_input(arguments.demo);
        if (!input) {
            return;
        }
        auto created = meetings.import_markdown(*input, "demo");
        if (!created) {
            std::cerr << "quorum: demo: " << said(created.error()) << "\n";
            return;
        }
        id = created->meeting_id;
        key = created->facilitator_key;
        // A public share link, so the summary opens in a browser without a token.
        if (auto facilitator = meetings.store().authenticate(key)) {
            if (auto shared = meetings.store().create_share_link(*facilitator, "public", std::nullopt)) {
                share = shared->token;
            }
        }
        Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
        object->set("about", "The demo meeting's facilitator key, in clear so that each start can print its links "
                             "again. This file is readable by its owner only (0600); delete it, and the demo "
                             "meeting with `quorum erase`, to drop the key.");
        object->set("id", id);
        object->set("facilitator_key", key);
        object->set("share_token", share);
        mode_t previous = ::umask(077);
        write_output(keep.string(), json_text(object));
        ::umask(previous);
    }
    // 0600 even when an earlier file was wider (the umask only shapes a new file).
    std::error_code ignored;
    fs::permissions(keep, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ignored);
    // The facilitator's links carry the key in the fragment: browsers never send it.
    std::cout << "quorum: demo meeting " << id << "\n";
    std::cout << "  set up (facilitator): " << base_url << "/m/" << id << "/setup#t=" << key << "\n";
    std::cout << "  run it (facilitator): " << base_url << "/m/" << id << "/console#t=" << key << "\n";
    if (!share.empty()) {
        std::cout << "  projector (view-only): " << base_url << "/m/" << id << "/projector#t=" << share << "\n";
        std::cout << "  summary (public share link): " << base_url << "/s/" << share << "\n";
    }
    std::cout << "  API: curl -H 'Authorization: Bearer " << key << "' " << base_url << "/api/v1/meetings/" << id
              << "\n";
}

int serve_command(int argc, char** argv) {
    StoreArguments arguments = parse_store_arguments(argc, argv, 2);
    // Blocked before any thread starts, so every server thread inherits the mask
    // and SIGINT/SIGTERM reach only the sigwait below: a clean stop, never a
    // signal landing in the middle of a transaction.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    auto store = open_store(arguments);
    quorum::server::ServerConfig config = arguments.server;
    config.templates_dir = resource_dir("templates");
    config.plugin_dirs.insert(config.plugin_dirs.begin(), resource_dir("plugins"));
    quorum::server::Server server(*store, config);
    server.meetings().set_plugin_options(arguments.plugin_options);
    auto started = server.start();
    if (!started) {
        std::cerr << "quorum: " << said(started.error()) << "\n";
        return 2;
    }
    std::string host = config.bind == "0.0.0.0" || config.bind == "::" ? "localhost" : config.bind;
    if (host.find(':') != std::string::npos) {
        host = "[" + host + "]";
    }
    std::string base_url = "http://" + host + ":" + std::to_string(server.port());
    std::cout << "quorum: serving " << base_url << "/ (web) and " << base_url
              << "/api/v1 (data: " << (arguments.data_dir / "quorum.db").string() << ")\n";
    if (!arguments.demo.empty()) {
        load_demo(server.meetings(), arguments, base_url);
    }
    std::cout.flush();
    int received = 0;
    sigwait(&signals, &received);
    std::cout << "quorum: stopping (" << (received == SIGINT ? "SIGINT" : "SIGTERM") << ")\n";
    server.stop();
    return 0;
}

// The other export formats: calendar, Markdown minutes, summary HTML, CSV.
int export_as(quorum::store::Store& store, const StoreArguments& arguments) {
    const std::string& id = arguments.meeting;
    quorum::Expected<std::string> output = std::string();
    if (arguments.format == "ics") {
        quorum::interop::CalendarOptions options;
        options.dtstamp = quorum::interop::ical_now();
        options.timezone = arguments.timezone;
        if (const char* zone = std::getenv("QUORUM_TIMEZONE"); options.timezone.empty() && zone) {
            options.timezone = zone;
        }
        std::vector<std::string> ids = {id};
        if (arguments.series) {
            auto series = store.series_meetings(id);
            if (!series) {
                std::cerr << "quorum: " << said(series.error()) << "\n";
                return 1;
            }
            ids = *series;
        }
        if (auto header = store.meeting_json(id)) {
            options.name = (*header)->getValue<std::string>("title");
        }
        output = quorum::interop::stored_calendar(store, ids, options);
    } else if (arguments.format == "md") {
        output = quorum::interop::stored_minutes(store, id);
    } else if (arguments.format == "csv") {
        if (arguments.table != "attendance" && arguments.table != "actions") {
            usage_error("--table takes attendance or actions");
        }
        output = arguments.table == "actions" ? quorum::interop::stored_actions_csv(store, id)
                                              : quorum::interop::stored_attendance_csv(store, id);
    } else if (arguments.format == "html") {
        quorum::server::Meetings meetings(store, resource_dir("templates"));
        output = meetings.summary(id, quorum::summary::Format::Html, "");
    } else {
        usage_error("export --format takes json, ics, md, html or csv");
    }
    if (!output) {
        std::cerr << "quorum: " << said(output.error()) << "\n";
        return 1;
    }
    return write_output(arguments.output, *output) ? 0 : 1;
}

int export_command(int argc, char** argv) {
    StoreArguments arguments = parse_store_arguments(argc, argv, 2);
    if (arguments.meeting.empty()) {
        usage_error("export needs --meeting ID");
    }
    auto store = open_store(arguments);
    if (!arguments.format.empty() && arguments.format != "json") {
        return export_as(*store, arguments);
    }
    auto exported = store->export_meeting(arguments.meeting);
    if (!exported) {
        std::cerr << "quorum: " << said(exported.error()) << "\n";
        return 1;
    }
    return write_output(arguments.output, json_text(*exported)) ? 0 : 1;
}

int import_command(int argc, char** argv) {
    StoreArguments arguments = parse_store_arguments(argc, argv, 2);
    if (arguments.positional.size() != 1) {
        usage_error("import takes one FILE");
    }
    auto input = read_input(arguments.positional[0]);
    if (!input) {
        return 1;
    }
    auto store = open_store(arguments);
    Poco::JSON::Object::Ptr document;
    try {
        Poco::JSON::Parser parser;
        auto parsed = parser.parse(*input);
        if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) {
            document = parsed.extract<Poco::JSON::Object::Ptr>();
        }
    } catch (const Poco::Exception&) {
        // Not JSON: Markdown minutes.
    }
    if (document) {
        auto imported = store->import_export(document);
        if (!imported) {
            std::cerr << "quorum: " << said(imported.error()) << "\n";
            return 1;
        }
        std::cout << "quorum: imported meeting " << imported->meeting_id << "\n"
                  << "facilitator key (shown once): " << imported->facilitator_key << "\n"
                  << "personal and share links are not carried by exports: issue them again\n";
        return 0;
    }
    quorum::server::Meetings meetings(*store, resource_dir("templates"));
    auto loaded = meetings.load_plugins({resource_dir("plugins")});
    if (!loaded) {
        std::cerr << "quorum: " << said(loaded.error()) << "\n";
        return 2;
    }
    auto created = meetings.import_markdown(*input, "cli");
    if (!created) {
        std::cerr << "quorum: " << said(created.error()) << "\n";
        return 1;
    }
    std::cout << "quorum: created meeting " << created->meeting_id << "\n"
              << "facilitator key (shown once): " << created->facilitator_key << "\n";
    return 0;
}

int import_attendance_command(int argc, char** argv) {
    StoreArguments arguments = parse_store_arguments(argc, argv, 2);
    if (arguments.meeting.empty() || arguments.positional.size() != 1) {
        usage_error("import-attendance needs --meeting ID and one FILE");
    }
    auto input = read_input(arguments.positional[0]);
    if (!input) {
        return 1;
    }
    std::vector<quorum::store::AliasEntry> aliases;
    for (const std::string& text : arguments.aliases) {
        auto alias = quorum::interop::parse_alias(text);
        if (!alias) {
            usage_error(said(alias.error()));
        }
        aliases.push_back(*alias);
    }
    auto store = open_store(arguments);
    auto fail = [&](const quorum::Error& error) {
        std::cerr << "quorum: " << arguments.positional[0] << ": " << said(error) << "\n";
        return 1;
    };
    if (!arguments.apply) {
        auto preview = quorum::interop::preview_attendance(*store, arguments.meeting, *input, aliases);
        if (!preview) {
            return fail(preview.error());
        }
        std::cout << quorum::interop::preview_text(*preview)
                  << "\nnothing written: run again with --apply to record this attendance\n";
        return 0;
    }
    // The CLI acts as the meeting's facilitator: whoever holds the data directory does.
    quorum::store::Principal cli{arguments.meeting, quorum::store::Role::Facilitator, std::nullopt, {}};
    auto applied = quorum::interop::apply_attendance(
        *store, cli, *input, aliases,
        arguments.skip_unmatched ? quorum::interop::Unmatched::Skip : quorum::interop::Unmatched::Add, "cli");
    if (!applied) {
        return fail(applied.error());
    }
    std::cout << quorum::interop::preview_text(applied->preview) << "\nrecorded: " << applied->recorded.updated
              << " participant(s) present, " << applied->recorded.added << " added, " << applied->recorded.aliases
              << " alias(es)\n";
    return 0;
}

int import_log_command(int argc, char** argv) {
    StoreArguments arguments = parse_store_arguments(argc, argv, 2);
    if (arguments.positional.size() != 1) {
        usage_error("import-log takes one FILE");
    }
    // Stored only when asked: --data names where.
    bool store_it = false;
    for (int i = 2; i < argc; ++i) {
        store_it = store_it || std::string(argv[i]) == "--data";
    }
    auto input = read_input(arguments.positional[0]);
    if (!input) {
        return 1;
    }
    auto log = quorum::interop::read_log(*input);
    if (!log) {
        std::cerr << "quorum: " << arguments.positional[0] << ": " << said(log.error()) << "\n";
        return 1;
    }
    if (store_it) {
        auto store = open_store(arguments);
        auto created = quorum::interop::store_log(*store, *log, "cli");
        if (!created) {
            std::cerr << "quorum: " << said(created.error()) << "\n";
            return 1;
        }
        std::cout << "quorum: created meeting " << created->meeting_id << "\n"
                  << "facilitator key (shown once): " << created->facilitator_key << "\n";
        return 0;
    }
    auto format = quorum::summary::parse_format(arguments.format.empty() ? "md" : arguments.format);
    if (!format) {
        usage_error(said(format.error()));
    }
    quorum::summary::RenderOptions options;
    options.format = *format;
    options.templates_dir = resource_dir("templates");
    auto rendered = quorum::summary::render(log->meeting, options);
    if (!rendered) {
        std::cerr << "quorum: " << said(rendered.error()) << "\n";
        return 1;
    }
    return write_output(arguments.output, *rendered) ? 0 : 1;
}

int erase_command(int argc, char** argv) {
    StoreArguments arguments = parse_store_arguments(argc, argv, 2);
    if (arguments.meeting.empty()) {
        usage_error("erase needs --meeting ID");
    }
    auto store = open_store(arguments);
    auto erased = store->erase_meeting(arguments.meeting);
    if (!erased) {
        std::cerr << "quorum: " << said(erased.error()) << "\n";
        return 1;
    }
    std::cout << "quorum: erased meeting " << arguments.meeting << "\n";
    return 0;
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
                          << (event.kind == quorum::scripting::EventKind::Filter ? "filter" : "notification") << "\t"
                          << (event.is_emitted ? "emitted" : "declared") << "\t" << event.description << "\n";
            }
            return 0;
        }
        if (command == "serve") {
            return serve_command(argc, argv);
        }
        if (command == "export") {
            return export_command(argc, argv);
        }
        if (command == "import") {
            return import_command(argc, argv);
        }
        if (command == "erase") {
            return erase_command(argc, argv);
        }
        if (command == "import-attendance") {
            return import_attendance_command(argc, argv);
        }
        if (command == "import-log") {
            return import_log_command(argc, argv);
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
