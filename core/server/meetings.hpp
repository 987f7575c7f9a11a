#pragma once

#include "scripting/plugin.hpp"
#include "store/store.hpp"
#include "summary/summary.hpp"
#include "util/error.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace quorum::server {

class StoreHost;

// What the server and the CLI do with meetings beyond storing them: reading
// minutes into a new meeting, running extraction on a saved note, rendering
// (and caching) summaries. Thread-safe.
class Meetings {
public:
    Meetings(store::Store& store, std::filesystem::path templates_dir);
    const std::filesystem::path& templates_dir() const { return m_templates_dir; }
    ~Meetings();

    // Loads the extraction plugins (the shipped ones, then a group's own).
    Expected<bool> load_plugins(const std::vector<std::filesystem::path>& dirs);
    // Option texts from the configuration (plugin.<name>.<option>), before load_plugins.
    void set_plugin_options(scripting::OptionTexts texts);

    // Where quorum.command_send goes: the live command grammar, once the server plugs
    // it in. Until then plugins get `nil, "live commands are not available"`. The
    // plugin's name goes with the command: the event log records it as the actor.
    using CommandHandler = std::function<Expected<scripting::Value>(
        const std::string& plugin, const std::string& meeting_id, const std::string& text)>;
    void set_command_handler(CommandHandler handler);

    // Raises a notification event in every plugin (in load order; failures are
    // logged and counted, never returned). Thread-safe; plugins take turns.
    void notify(std::string_view event, const scripting::Value& payload);
    // The plugin events for what the store just committed: note/saved → notes/saved,
    // participant/* and attendance/recorded → attendance/changed, share/created →
    // summary/published. Call it off the store's observer (which must only queue).
    void notify_store_events(const std::vector<store::Store::Notice>& notices);
    // Runs the plugins' due timers (quorum.timer_after); call it on a tick.
    size_t run_plugin_timers();
    // The options a loaded plugin declares (name and type), or not_found.
    Expected<std::vector<std::pair<std::string, std::string>>> plugin_options(const std::string& plugin);

    // Saves the notes plugins added during their handlers (notify and the timers call it).
    void run_deferred_notes();

    store::Store& store() { return m_store; }

    // Speaking time per participant id (seconds), from live facilitation; the
    // summary shows it when the meeting ran live.
    using SpeakingTimes = std::function<std::map<std::string, int>(const std::string& meeting_id)>;
    void set_speaking_times(SpeakingTimes provider) { m_speaking_times = std::move(provider); }

    // Minutes (Markdown or pasted text) → a new meeting: header, participants,
    // agenda, each agenda item's notes as its first revision, extracted items.
    Expected<store::Created> import_markdown(std::string_view markdown, const std::string& actor,
                                             const std::string& timezone = {});

    // Runs the extraction plugins over one note, matching owners against the
    // meeting's participants and resolving due dates against its date.
    Expected<std::vector<store::ExtractedItem>> extract_note(const std::string& meeting_id, std::string_view text);

    // The summary in one format, rendered from the stored meeting. Kept until the
    // meeting changes (its version moves).
    Expected<std::string> summary(const std::string& meeting_id, summary::Format format, const std::string& language);

private:
    void add_plugin_sections(const std::string& meeting_id, Meeting& meeting);

    store::Store& m_store;
    std::filesystem::path m_templates_dir;
    SpeakingTimes m_speaking_times;
    // Lua states are single-threaded: extraction takes turns on the one host.
    std::mutex m_plugins_mutex;
    std::unique_ptr<StoreHost> m_host; // what quorum.* does on the server
    scripting::PluginHost m_plugins;

    struct Cached {
        std::int64_t version = -1;
        std::string text;
    };
    std::mutex m_cache_mutex;
    std::map<std::tuple<std::string, int, std::string>, Cached> m_cache;
};

// Items of an extracted meeting record, as the store keeps them.
std::vector<store::ExtractedItem> extracted_items(const Meeting& meeting);

} // namespace quorum::server
