#include "server/meetings.hpp"

#include "extract/pipeline.hpp"
#include "extract/process.hpp"
#include "markdown/document.hpp"
#include "scripting/events.hpp"
#include "util/text.hpp"
#include "json/writer.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <random>
#include <sstream>

namespace quorum::server {

namespace {

template <typename Ptr> scripting::Value to_value(const Ptr& json) {
    auto value = scripting::from_json(json::condense(json));
    return value ? *value : scripting::Value();
}

} // namespace

// The plugin host API over the store: what the server's plugins read and keep.
// Writes into a meeting (items, notes, summary sections) wait for their commands in
// the store; they are refused with a message the plugin can log.
class StoreHost : public scripting::Host {
public:
    explicit StoreHost(store::Store& store) : m_store(store) {}

    Meetings::CommandHandler command_handler;

    Expected<scripting::Value> meeting_get(const std::string& meeting_id) override {
        QUORUM_TRY(json, m_store.meeting_json(meeting_id));
        return to_value(json);
    }
    Expected<scripting::Value> agenda_get(const std::string& meeting_id) override {
        QUORUM_TRY(meeting, meeting_get(meeting_id));
        const scripting::Value& agenda = meeting["agenda"];
        return agenda.array() ? agenda : scripting::Value(scripting::Value::Array{});
    }
    Expected<scripting::Value> attendance_get(const std::string& meeting_id) override {
        QUORUM_TRY(json, m_store.participants_json(meeting_id));
        return to_value(json);
    }
    Expected<scripting::Value> notes_get(const std::string& meeting_id, const std::string& item_id) override {
        QUORUM_TRY(notes, m_store.notes_by_item(meeting_id));
        scripting::Value::Array list;
        for (const auto& [item, text] : notes) {
            if (item_id.empty() || std::to_string(item) == item_id) {
                list.push_back(scripting::Value::Object{{"item", std::to_string(item)}, {"text", text}});
            }
        }
        return scripting::Value(std::move(list));
    }
    Expected<scripting::Value> items_get(const std::string& meeting_id, const std::string& kind) override {
        QUORUM_TRY(json, m_store.items_json(meeting_id));
        scripting::Value all = to_value(json);
        scripting::Value::Array list;
        if (const auto* items = all.array()) {
            for (const auto& item : *items) {
                const std::string* item_kind = item["kind"].string();
                if (kind.empty() || (item_kind && *item_kind == kind)) {
                    list.push_back(item);
                }
            }
        }
        return scripting::Value(std::move(list));
    }
    // A plugin's item is "suggested": a facilitator or note-taker accepts it.
    Expected<scripting::Value> item_add(const std::string& plugin, const std::string& meeting_id,
                                        const scripting::Value& item) override {
        auto text_of = [&](const char* key) {
            const std::string* value = item[key].string();
            return value ? *value : std::string();
        };
        store::ExtractedItem added;
        added.kind = text_of("kind");
        added.state = "suggested";
        added.text = text_of("text");
        added.owner = text_of("owner");
        added.due = text_of("due");
        added.url = text_of("url");
        added.plugin = plugin;
        added.rule = "plugin";
        std::optional<std::int64_t> agenda_item;
        if (std::string on = text_of("item"); !on.empty()) {
            try {
                agenda_item = std::stoll(on);
            } catch (const std::exception&) {
                return make_error(
                    "invalid",
                    Phrase{"item is an agenda item id", "item est l’identifiant d’un point de l’ordre du jour"},
                    "item");
            }
        }
        QUORUM_TRY(id, m_store.add_item(as_plugin(plugin, meeting_id), agenda_item, added));
        return scripting::Value(scripting::Value::Object{{"id", std::to_string(id)}, {"state", "suggested"}});
    }
    // Notes are saved once the handler has returned (extraction runs the plugins,
    // which are busy while one of them calls this): see Meetings::run_deferred_notes.
    Expected<scripting::Value> note_add(const std::string& plugin, const std::string& meeting_id,
                                        const std::string& item_id, const std::string& text) override {
        std::int64_t item = 0;
        try {
            item = std::stoll(item_id);
        } catch (const std::exception&) {
            return make_error("invalid",
                              Phrase{"on the server, notes belong to an agenda item: give item = its id",
                                     "sur le serveur, les notes appartiennent à un point de l’ordre du jour\u00a0: "
                                     "donnez item = son identifiant"},
                              "item");
        }
        std::lock_guard lock(m_deferred_mutex);
        m_deferred.push_back(DeferredNote{plugin, meeting_id, item, text});
        return scripting::Value(scripting::Value::Object{{"item", item_id}, {"queued", true}});
    }
    Expected<bool> section_add(const std::string& plugin, const std::string& meeting_id, const std::string& title,
                               const std::string& markdown) override {
        return m_store.set_summary_section(as_plugin(plugin, meeting_id), plugin, title, markdown);
    }

    struct DeferredNote {
        std::string plugin, meeting_id;
        std::int64_t item = 0;
        std::string text;
    };
    std::vector<DeferredNote> take_deferred() {
        std::lock_guard lock(m_deferred_mutex);
        std::vector<DeferredNote> out;
        out.swap(m_deferred);
        return out;
    }
    static store::Principal as_plugin(const std::string& plugin, const std::string& meeting_id) {
        store::Principal who{meeting_id, store::Role::NoteTaker, std::nullopt, {}};
        who.label = "plugin:" + plugin;
        return who;
    }
    Expected<scripting::Value> command_send(const std::string& plugin, const std::string& meeting_id,
                                            const std::string& text) override {
        if (!command_handler) {
            return make_error("not_supported", Phrase{"live commands are not available",
                                                      "les commandes en direct ne sont pas disponibles"});
        }
        log(plugin, scripting::LogLevel::Info, "command " + text + " in meeting " + meeting_id);
        return command_handler(plugin, meeting_id, text);
    }
    Expected<std::optional<std::string>> store_get(const std::string& plugin, const std::string& key) override {
        return m_store.plugin_value(plugin, key);
    }
    Expected<bool> store_set(const std::string& plugin, const std::string& key, const std::string& value) override {
        return m_store.set_plugin_value(plugin, key, value);
    }
    Expected<bool> store_del(const std::string& plugin, const std::string& key) override {
        return m_store.delete_plugin_value(plugin, key);
    }
    size_t store_bytes(const std::string& plugin) override {
        return static_cast<size_t>(m_store.plugin_value_bytes(plugin));
    }
    void log(const std::string& plugin, scripting::LogLevel level, const std::string& message) override {
        std::cerr << "quorum: plugin " << plugin << ": " << scripting::log_level_name(level) << ": " << message << "\n";
    }
    std::int64_t clock_now() override {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
    std::uint64_t random_seed() override { return std::random_device{}(); }
    std::map<std::string, std::string> meeting_options(const std::string& meeting_id,
                                                       const std::string& plugin) override {
        return m_store.plugin_options(meeting_id, plugin);
    }

private:
    store::Store& m_store;
    std::mutex m_deferred_mutex;
    std::vector<DeferredNote> m_deferred;
};

Meetings::Meetings(store::Store& store, std::filesystem::path templates_dir)
    : m_store(store), m_templates_dir(std::move(templates_dir)), m_host(std::make_unique<StoreHost>(store)),
      m_plugins(*m_host) {}

Meetings::~Meetings() = default;

void Meetings::set_command_handler(CommandHandler handler) {
    std::lock_guard lock(m_plugins_mutex);
    m_host->command_handler = std::move(handler);
}

void Meetings::notify(std::string_view event, const scripting::Value& payload) {
    {
        std::lock_guard lock(m_plugins_mutex);
        m_plugins.emit(event, payload);
    }
    run_deferred_notes();
}

// Notes plugins added (quorum.note_add) while their handlers ran: each is appended
// to its agenda item's notes as a new revision, extracted like a person's save.
void Meetings::run_deferred_notes() {
    for (auto& note : m_host->take_deferred()) {
        store::Principal who = StoreHost::as_plugin(note.plugin, note.meeting_id);
        for (int attempt = 0; attempt < 3; ++attempt) {
            auto current = m_store.note_json(note.meeting_id, note.item);
            if (!current) {
                std::cerr << "quorum: plugin " << note.plugin << ": note_add: " << current.error().message << "\n";
                break;
            }
            std::int64_t revision = (*current)->optValue<Poco::Int64>("revision", 0);
            std::string text = (*current)->optValue<std::string>("text", "");
            text += (text.empty() ? "" : "\n\n") + note.text;
            auto items = extract_note(note.meeting_id, text);
            if (!items) {
                std::cerr << "quorum: plugin " << note.plugin << ": note_add: " << items.error().message << "\n";
                break;
            }
            auto saved = m_store.save_note(who, note.item, revision, text, *items);
            if (saved && !saved->conflict) {
                break; // a conflict means a person saved meanwhile: append to theirs
            }
            if (!saved) {
                std::cerr << "quorum: plugin " << note.plugin << ": note_add: " << saved.error().message << "\n";
                break;
            }
        }
    }
}

void Meetings::notify_store_events(const std::vector<store::Store::Notice>& notices) {
    for (const auto& notice : notices) {
        scripting::Value::Object payload{{"meeting_id", notice.meeting_id}};
        if (notice.type == "note/saved") {
            if (notice.payload) {
                payload["item"] = std::to_string(notice.payload->optValue<Poco::Int64>("agenda_item_id", 0));
                payload["revision"] = static_cast<std::int64_t>(notice.payload->optValue<Poco::Int64>("revision", 0));
            }
            notify("notes/saved", payload);
        } else if ((notice.type.starts_with("participant/") && notice.type != "participant/token-issued") ||
                   notice.type == "attendance/recorded") {
            notify("attendance/changed", payload);
        } else if (notice.type == "share/created") {
            notify("summary/published", payload);
        } else if (notice.payload && notice.payload->has("live") && scripting::find_event(notice.type)) {
            // Live facilitation's events (meeting/started, agenda/item-overtime,
            // round/turn-started…) reach plugins under their own names, with their data.
            if (auto value = scripting::from_json(json::condense(notice.payload->get("data")))) {
                payload["data"] = *value;
            }
            payload["at_ms"] = static_cast<std::int64_t>(notice.payload->optValue<Poco::Int64>("at_ms", 0));
            if (notice.type == "agenda/item-started") {
                // The item as plugins read it: its id, title and whole timebox.
                Poco::JSON::Object::Ptr data = notice.payload->getObject("data");
                std::string item_id = data ? data->optValue<std::string>("item_id", "") : "";
                scripting::Value::Object item{{"id", item_id}};
                item["timebox_seconds"] = static_cast<std::int64_t>(data->optValue<Poco::Int64>("planned_seconds", 0) +
                                                                    data->optValue<Poco::Int64>("extended_seconds", 0));
                if (auto agenda_found = m_store.agenda(notice.meeting_id)) {
                    Poco::JSON::Array::Ptr agenda = *agenda_found;
                    for (size_t i = 0; agenda && i < agenda->size(); ++i) {
                        Poco::JSON::Object::Ptr entry = agenda->getObject(static_cast<unsigned>(i));
                        if (std::to_string(entry->getValue<Poco::Int64>("id")) == item_id) {
                            item["title"] = entry->getValue<std::string>("title");
                        }
                    }
                }
                payload["item"] = scripting::Value(item);
            }
            notify(notice.type, payload);
        }
    }
}

Expected<std::vector<std::pair<std::string, std::string>>> Meetings::plugin_options(const std::string& plugin) {
    std::lock_guard lock(m_plugins_mutex);
    scripting::Plugin* found = m_plugins.find(plugin);
    if (!found) {
        return make_error(
            "not_found",
            Phrase{"no plugin named " + plugin + " is loaded", "aucune extension nommée " + plugin + " n’est chargée"},
            "plugin");
    }
    std::vector<std::pair<std::string, std::string>> options;
    for (const auto& spec : found->options()) {
        options.emplace_back(spec.name, std::string(scripting::option_type_name(spec.type)));
    }
    return options;
}

size_t Meetings::run_plugin_timers() {
    size_t ran = 0;
    {
        std::lock_guard lock(m_plugins_mutex);
        ran = m_plugins.run_timers();
    }
    run_deferred_notes();
    return ran;
}

void Meetings::set_plugin_options(scripting::OptionTexts texts) {
    std::lock_guard lock(m_plugins_mutex);
    m_plugins.set_option_texts(std::move(texts));
}

Expected<bool> Meetings::load_plugins(const std::vector<std::filesystem::path>& dirs) {
    std::lock_guard lock(m_plugins_mutex);
    for (const auto& dir : dirs) {
        QUORUM_TRY(loaded, m_plugins.load_directory(dir));
        (void)loaded;
    }
    return true;
}

std::vector<store::ExtractedItem> extracted_items(const Meeting& meeting) {
    std::vector<store::ExtractedItem> items;
    for (const ActionItem& action : meeting.action_items) {
        store::ExtractedItem item;
        item.kind = "action";
        item.state = action.state;
        item.text = action.text;
        item.owner = action.owner;
        item.due = action.due.empty() ? action.due_text : action.due;
        item.rule = action.rule;
        item.plugin = action.plugin;
        item.line = action.source.line;
        items.push_back(std::move(item));
    }
    for (const Decision& decision : meeting.decisions) {
        store::ExtractedItem item;
        item.kind = "decision";
        item.state = decision.state;
        item.text = decision.text;
        item.votes = decision.votes;
        item.rule = decision.rule;
        item.plugin = decision.plugin;
        item.line = decision.source.line;
        items.push_back(std::move(item));
    }
    for (const Suggestion& suggestion : meeting.suggestions) {
        store::ExtractedItem item;
        item.kind = suggestion.kind == "decision" ? "decision" : "action";
        item.state = "suggested";
        item.text = suggestion.text;
        item.owner = suggestion.owner;
        item.rule = suggestion.rule;
        item.plugin = suggestion.plugin;
        item.line = suggestion.source.line;
        items.push_back(std::move(item));
    }
    for (const Resource& resource : meeting.resources) {
        store::ExtractedItem item;
        item.kind = "resource";
        item.state = "marked";
        item.text = resource.title.empty() ? resource.url : resource.title;
        item.url = resource.url;
        item.plugin = resource.plugin;
        item.line = resource.mentions.empty() ? 0 : resource.mentions.front().line;
        items.push_back(std::move(item));
    }
    return items;
}

Expected<store::Created> Meetings::import_markdown(std::string_view bytes, const std::string& actor,
                                                   const std::string& timezone) {
    // What is stored (the notes are slices of it) is UTF-8, whatever was sent.
    std::string decoded;
    const std::string_view markdown =
        text::to_utf8(bytes, decoded) == text::Decoding::Utf8 ? bytes : std::string_view(decoded);
    Meeting meeting;
    {
        std::lock_guard lock(m_plugins_mutex);
        QUORUM_TRY(processed, extract::process(markdown, {}, m_plugins));
        meeting = std::move(processed);
    }
    // Each top-level agenda item takes the first section of notes mapped to it;
    // the section's heading line stays out of the note.
    std::vector<std::string_view> lines;
    {
        size_t start = 0;
        while (start <= markdown.size()) {
            size_t end = markdown.find('\n', start);
            if (end == std::string_view::npos) {
                lines.push_back(markdown.substr(start));
                break;
            }
            lines.push_back(markdown.substr(start, end - start));
            start = end + 1;
        }
    }
    struct Slice {
        size_t agenda_index;
        int first_line, last_line;
    };
    std::vector<Slice> slices;
    for (const Section& section : meeting.sections) {
        if (!section.agenda_index || section.is_chat) {
            continue;
        }
        bool taken = std::any_of(slices.begin(), slices.end(),
                                 [&](const Slice& slice) { return slice.agenda_index == *section.agenda_index; });
        if (!taken && section.last_line > section.first_line) {
            slices.push_back(Slice{*section.agenda_index, section.first_line, section.last_line});
        }
    }
    std::vector<store::ImportedNote> notes;
    for (const Slice& slice : slices) {
        store::ImportedNote note;
        note.agenda_item_id = static_cast<std::int64_t>(slice.agenda_index);
        for (int line = slice.first_line + 1; line <= slice.last_line && line <= static_cast<int>(lines.size());
             ++line) {
            note.text += lines[static_cast<size_t>(line - 1)];
            note.text += '\n';
        }
        notes.push_back(std::move(note));
    }
    std::vector<store::ExtractedItem> loose;
    for (store::ExtractedItem& item : extracted_items(meeting)) {
        auto slice = std::find_if(slices.begin(), slices.end(),
                                  [&](const Slice& s) { return item.line > s.first_line && item.line <= s.last_line; });
        if (slice == slices.end()) {
            loose.push_back(std::move(item));
            continue;
        }
        item.line -= slice->first_line;
        notes[static_cast<size_t>(slice - slices.begin())].items.push_back(std::move(item));
    }
    return m_store.import_meeting(meeting, notes, loose, actor, timezone);
}

Expected<std::vector<store::ExtractedItem>> Meetings::extract_note(const std::string& meeting_id,
                                                                   std::string_view text) {
    QUORUM_TRY(meeting, m_store.load_meeting(meeting_id, true));
    QUORUM_TRY(document, markdown::parse(text));
    // Only what this note yields: the stored items are the store's to merge.
    meeting.action_items.clear();
    meeting.decisions.clear();
    meeting.suggestions.clear();
    meeting.resources.clear();
    meeting.sections.clear();
    {
        std::lock_guard lock(m_plugins_mutex);
        extract::run(document, text.size(), meeting, m_plugins);
    }
    return extracted_items(meeting);
}

// summary/building on the server: plugins read the stored notes as one document
// (each agenda item's notes under its title), as `quorum summarize` gives them the
// minutes, and their sections join those added with quorum.section_add.
void Meetings::add_plugin_sections(const std::string& meeting_id, Meeting& meeting) {
    {
        std::lock_guard lock(m_plugins_mutex);
        bool wanted = std::any_of(m_plugins.plugins().begin(), m_plugins.plugins().end(),
                                  [](const auto& plugin) { return plugin->has_hook("summary/building"); });
        if (!wanted) {
            return;
        }
    }
    auto agenda = m_store.agenda(meeting_id);
    auto notes = m_store.notes_by_item(meeting_id);
    if (!agenda || !notes) {
        return;
    }
    std::string markdown = "# " + meeting.title + "\n\n";
    std::function<void(const Poco::JSON::Array::Ptr&, int)> walk = [&](const Poco::JSON::Array::Ptr& items, int depth) {
        for (size_t i = 0; items && i < items->size(); ++i) {
            Poco::JSON::Object::Ptr item = items->getObject(static_cast<unsigned>(i));
            std::int64_t id = item->getValue<Poco::Int64>("id");
            markdown += std::string(static_cast<size_t>(std::min(depth + 2, 6)), '#') + " " +
                        item->getValue<std::string>("title") + "\n\n";
            if (auto found = notes->find(id); found != notes->end() && !found->second.empty()) {
                markdown += found->second + "\n\n";
            }
            walk(item->getArray("children"), depth + 1);
        }
    };
    walk(*agenda, 0);
    auto document = markdown::parse(markdown);
    if (!document) {
        return;
    }
    std::lock_guard lock(m_plugins_mutex);
    extract::build_summary(extract::make_view(*document, meeting), markdown.size(), meeting, m_plugins);
}

Expected<std::string> Meetings::summary(const std::string& meeting_id, summary::Format format,
                                        const std::string& language) {
    auto version = m_store.meeting_version(meeting_id);
    if (!version) {
        return make_error("not_found", Phrase{"meeting not found", "rencontre introuvable"});
    }
    auto key = std::make_tuple(meeting_id, static_cast<int>(format), language);
    {
        std::lock_guard lock(m_cache_mutex);
        auto found = m_cache.find(key);
        if (found != m_cache.end() && found->second.version == *version) {
            return found->second.text;
        }
    }
    QUORUM_TRY(meeting, m_store.load_meeting(meeting_id));
    if (m_speaking_times) {
        auto times = m_speaking_times(meeting_id);
        if (!times.empty()) {
            for (Participant& person : meeting.participants) {
                // By id: an off-the-record person's time counts under the name the
                // summary gives them.
                auto found = times.find(person.store_id);
                person.speaking_seconds = found == times.end() ? 0 : found->second;
            }
        }
    }
    add_plugin_sections(meeting_id, meeting);
    summary::RenderOptions options;
    options.format = format;
    options.language = language;
    options.templates_dir = m_templates_dir;
    QUORUM_TRY(rendered, summary::render(meeting, options));
    std::lock_guard lock(m_cache_mutex);
    // The version read before loading: if the meeting moved meanwhile, the next
    // request renders again rather than serving this one forever.
    m_cache[key] = Cached{*version, rendered};
    return rendered;
}

} // namespace quorum::server
