#pragma once

#include "scripting/value.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace quorum::scripting {

enum class LogLevel { Info, Warn, Error };
const char* log_level_name(LogLevel level);

// What plugins may ask of the application, behind the `quorum.*` Lua namespace.
// The server implements it over the store (server/meetings.cpp); MemoryHost below
// serves `quorum summarize` and plugin tests. Every call names its meeting; `plugin`
// is the caller, for provenance, the key-value namespace and the log.
//
// Failures the plugin should handle (an unknown meeting, a rejected command) are
// Errors, which the binding returns to Lua as `nil, message`.
class Host {
public:
    virtual ~Host() = default;

    // Reading. Results are plain data (see docs/plugins.md for their fields).
    virtual Expected<Value> meeting_get(const std::string& meeting_id) = 0;
    virtual Expected<Value> agenda_get(const std::string& meeting_id) = 0;
    virtual Expected<Value> attendance_get(const std::string& meeting_id) = 0;
    // Notes of one agenda item, or of every item when `item_id` is empty.
    virtual Expected<Value> notes_get(const std::string& meeting_id, const std::string& item_id) = 0;
    // Extracted items, of one kind ("action", "decision", "suggestion", "resource") or all.
    virtual Expected<Value> items_get(const std::string& meeting_id, const std::string& kind) = 0;

    // Writing.
    virtual Expected<Value> item_add(const std::string& plugin, const std::string& meeting_id, const Value& item) = 0;
    virtual Expected<Value> note_add(const std::string& plugin, const std::string& meeting_id,
                                     const std::string& item_id, const std::string& text) = 0;
    virtual Expected<bool> section_add(const std::string& plugin, const std::string& meeting_id,
                                       const std::string& title, const std::string& markdown) = 0;
    // A live facilitation command, in the live command grammar ("/next", "/timer 5m"…).
    virtual Expected<Value> command_send(const std::string& plugin, const std::string& meeting_id,
                                         const std::string& text) = 0;

    // The per-plugin key-value store (values are JSON text). Quotas are the binding's.
    virtual Expected<std::optional<std::string>> store_get(const std::string& plugin, const std::string& key) = 0;
    virtual Expected<bool> store_set(const std::string& plugin, const std::string& key, const std::string& value) = 0;
    virtual Expected<bool> store_del(const std::string& plugin, const std::string& key) = 0;
    // Bytes of keys and values the plugin holds now.
    virtual size_t store_bytes(const std::string& plugin) = 0;

    virtual void log(const std::string& plugin, LogLevel level, const std::string& message) = 0;
    // The meeting clock, in milliseconds since the epoch (a fake clock in tests).
    virtual std::int64_t clock_now() = 0;
    // Seeds each plugin's random generator (fixed in tests, so runs repeat).
    virtual std::uint64_t random_seed() = 0;
    // Options set for one meeting (option name → text), overriding the server's.
    virtual std::map<std::string, std::string> meeting_options(const std::string& meeting_id,
                                                               const std::string& plugin) = 0;
};

// A Host over plain data in memory: meetings are Values set by the caller; what
// plugins add is recorded for the caller to read. The clock only moves when told.
class MemoryHost : public Host {
public:
    struct Meeting {
        Value meeting;                                                     // {id, title, date, language, state, ...}
        Value agenda;                                                      // [{id, title, timebox_seconds, ...}]
        Value attendance;                                                  // [{name, affiliation, role, present}]
        Value notes;                                                       // [{item, text, revision}]
        Value items;                                                       // [{kind, text, owner, due, ...}]
        std::map<std::string, std::map<std::string, std::string>> options; // plugin → option → text
    };
    struct Section {
        std::string plugin, meeting_id, title, markdown;
    };
    struct Command {
        std::string plugin, meeting_id, text;
    };
    struct LogEntry {
        std::string plugin;
        LogLevel level;
        std::string message;
    };

    std::map<std::string, Meeting> meetings;
    std::vector<Section> sections;
    std::vector<Command> commands;
    std::vector<LogEntry> logs;
    std::map<std::string, std::map<std::string, std::string>> key_values; // plugin → key → JSON
    std::int64_t now = 0;
    std::uint64_t seed = 0x5eed;
    // Where commands go; by default they are recorded and accepted.
    std::function<Expected<Value>(const std::string& meeting_id, const std::string& text)> command_handler;
    // Whether log lines are also written to stderr (the CLI wants them, tests do not).
    bool echo_logs = false;

    Expected<Value> meeting_get(const std::string& meeting_id) override;
    Expected<Value> agenda_get(const std::string& meeting_id) override;
    Expected<Value> attendance_get(const std::string& meeting_id) override;
    Expected<Value> notes_get(const std::string& meeting_id, const std::string& item_id) override;
    Expected<Value> items_get(const std::string& meeting_id, const std::string& kind) override;
    Expected<Value> item_add(const std::string& plugin, const std::string& meeting_id, const Value& item) override;
    Expected<Value> note_add(const std::string& plugin, const std::string& meeting_id, const std::string& item_id,
                             const std::string& text) override;
    Expected<bool> section_add(const std::string& plugin, const std::string& meeting_id, const std::string& title,
                               const std::string& markdown) override;
    Expected<Value> command_send(const std::string& plugin, const std::string& meeting_id,
                                 const std::string& text) override;
    Expected<std::optional<std::string>> store_get(const std::string& plugin, const std::string& key) override;
    Expected<bool> store_set(const std::string& plugin, const std::string& key, const std::string& value) override;
    Expected<bool> store_del(const std::string& plugin, const std::string& key) override;
    size_t store_bytes(const std::string& plugin) override;
    void log(const std::string& plugin, LogLevel level, const std::string& message) override;
    std::int64_t clock_now() override { return now; }
    std::uint64_t random_seed() override { return seed; }
    std::map<std::string, std::string> meeting_options(const std::string& meeting_id,
                                                       const std::string& plugin) override;

private:
    Expected<Meeting*> find(const std::string& meeting_id);
};

} // namespace quorum::scripting
