// The quorum command line: summarize minutes, render Markdown, list and test plugins,
// serve the meeting API, export, import and erase stored meetings.

#include "extract/plugin_tests.hpp"
#include "extract/process.hpp"
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
  quorum plugins list [--plugins DIR]...
  quorum plugins test [NAME] [--plugins DIR]...
  quorum events                       the plugin events
  quorum serve [--data DIR] [--port N] [--bind ADDR] [--config FILE] [--demo FILE]
  quorum export --meeting ID [--data DIR] [-o OUT]
  quorum import FILE [--data DIR]      an export (JSON) or Markdown minutes
  quorum erase --meeting ID [--data DIR]
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
    render_options.templates_dir =
        arguments.templates_dir.empty() ? resource_dir("templates") : arguments.templates_dir;
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
                    std::cout << "FAIL " << result.plugin << ": " << result.name << "\n     " << result.message << "\n";
                }
            }
        }
        std::cout << passed << " passed, " << failed << " failed\n";
        return failed == 0 && passed > 0 ? 0 : 1;
    }
    usage_error("plugins takes list or test");
}

// Options of the commands that use the database. Precedence: built-in
// defaults, then the --config file, then QUORUM_* environment, then flags.
struct StoreArguments {
    fs::path data_dir = "data";
    std::string meeting;
    std::string output;
    std::string demo;
    std::vector<std::string> positional;
    quorum::server::ServerConfig server;
};

StoreArguments parse_store_arguments(int argc, char** argv, int first) {
    StoreArguments arguments;
    std::string config_file, data, port, bind;
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
        } else if (arg == "--meeting") {
            arguments.meeting = value("--meeting");
        } else if (arg == "--demo") {
            arguments.demo = value("--demo");
        } else if (arg == "-o" || arg == "--output") {
            arguments.output = value("-o");
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
                                                         "plugins"};
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
        if (!setting("plugins").empty()) {
            server.plugin_dirs.push_back(setting("plugins"));
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
    fs::create_directories(arguments.data_dir, error);
    if (error) {
        throw quorum::Fatal("cannot create " + arguments.data_dir.string() + ": " + error.message());
    }
    try {
        return quorum::store::Store::open(arguments.data_dir / "quorum.db");
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
            std::cerr << "quorum: demo: " << created.error().message << "\n";
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
        object->set("id", id);
        object->set("facilitator_key", key);
        object->set("share_token", share);
        mode_t previous = ::umask(077);
        write_output(keep.string(), json_text(object));
        ::umask(previous);
    }
    std::cout << "quorum: demo meeting " << id << "\n";
    if (!share.empty()) {
        std::cout << "  summary (public share link): " << base_url << "/s/" << share << "\n";
    }
    std::cout << "  facilitator: curl -H 'Authorization: Bearer " << key << "' " << base_url << "/api/v1/meetings/"
              << id << "\n";
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
    auto started = server.start();
    if (!started) {
        std::cerr << "quorum: " << started.error().message << "\n";
        return 2;
    }
    std::string host = config.bind == "0.0.0.0" || config.bind == "::" ? "localhost" : config.bind;
    if (host.find(':') != std::string::npos) {
        host = "[" + host + "]";
    }
    std::string base_url = "http://" + host + ":" + std::to_string(server.port());
    std::cout << "quorum: serving " << base_url << "/api/v1 (data: " << (arguments.data_dir / "quorum.db").string()
              << ")\n";
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

int export_command(int argc, char** argv) {
    StoreArguments arguments = parse_store_arguments(argc, argv, 2);
    if (arguments.meeting.empty()) {
        usage_error("export needs --meeting ID");
    }
    auto store = open_store(arguments);
    auto exported = store->export_meeting(arguments.meeting);
    if (!exported) {
        std::cerr << "quorum: " << exported.error().message << "\n";
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
            std::cerr << "quorum: " << imported.error().message << "\n";
            return 1;
        }
        std::cout << "quorum: imported meeting " << *imported << "\n";
        return 0;
    }
    quorum::server::Meetings meetings(*store, resource_dir("templates"));
    auto loaded = meetings.load_plugins({resource_dir("plugins")});
    if (!loaded) {
        std::cerr << "quorum: " << loaded.error().message << "\n";
        return 2;
    }
    auto created = meetings.import_markdown(*input, "cli");
    if (!created) {
        std::cerr << "quorum: " << created.error().message << "\n";
        return 1;
    }
    std::cout << "quorum: created meeting " << created->meeting_id << "\n"
              << "facilitator key (shown once): " << created->facilitator_key << "\n";
    return 0;
}

int erase_command(int argc, char** argv) {
    StoreArguments arguments = parse_store_arguments(argc, argv, 2);
    if (arguments.meeting.empty()) {
        usage_error("erase needs --meeting ID");
    }
    auto store = open_store(arguments);
    auto erased = store->erase_meeting(arguments.meeting);
    if (!erased) {
        std::cerr << "quorum: " << erased.error().message << "\n";
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
