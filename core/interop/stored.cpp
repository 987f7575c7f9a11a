#include "interop/stored.hpp"

#include "interop/exports.hpp"
#include "util/text.hpp"

#include <chrono>
#include <ctime>

namespace quorum::interop {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

std::string text_of(const Object::Ptr& object, const std::string& key) {
    if (!object->has(key) || object->isNull(key)) {
        return {};
    }
    return object->getValue<std::string>(key);
}

std::optional<std::int64_t> integer_of(const Object::Ptr& object, const std::string& key) {
    if (!object->has(key) || object->isNull(key)) {
        return std::nullopt;
    }
    return object->getValue<Poco::Int64>(key);
}

} // namespace

Expected<AttendancePreview> preview_attendance(store::Store& store, const std::string& meeting_id,
                                               std::string_view file, const std::vector<store::AliasEntry>& extra) {
    QUORUM_TRY(participants, store.participants_json(meeting_id));
    QUORUM_TRY(stored_aliases, store.aliases(meeting_id));
    QUORUM_TRY(read, read_attendance(file));
    std::vector<Invitee> invitees;
    for (size_t i = 0; i < participants->size(); ++i) {
        Object::Ptr participant = participants->getObject(static_cast<unsigned>(i));
        invitees.push_back(Invitee{participant->getValue<Poco::Int64>("id"), text_of(participant, "name"),
                                   text_of(participant, "email"), text_of(participant, "affiliation")});
    }
    std::vector<ConfirmedAlias> aliases;
    for (const auto& list : {stored_aliases, extra}) {
        for (const store::AliasEntry& alias : list) {
            aliases.push_back(ConfirmedAlias{alias.written, alias.participant_id});
        }
    }
    return match_attendance(read, invitees, aliases);
}

Expected<AttendanceApplied> apply_attendance(store::Store& store, const store::Principal& who, std::string_view file,
                                             const std::vector<store::AliasEntry>& extra, Unmatched unmatched,
                                             const std::string& source, const std::set<std::string>& skip) {
    QUORUM_TRY(preview, preview_attendance(store, who.meeting_id, file, extra));
    std::vector<store::AttendanceEntry> entries;
    auto entry_of = [](const AttendanceMatch& match) {
        store::AttendanceEntry entry;
        entry.participant_id = match.participant_id;
        entry.name = match.record.name;
        entry.email = match.record.email;
        entry.affiliation = match.record.affiliation;
        entry.joined = match.record.joined;
        entry.left = match.record.left;
        if (match.record.minutes) {
            entry.minutes = *match.record.minutes;
        }
        if (match.record.speaking_seconds) {
            entry.speaking_seconds = *match.record.speaking_seconds;
        }
        return entry;
    };
    for (const AttendanceMatch& match : preview.matched) {
        entries.push_back(entry_of(match));
    }
    if (unmatched == Unmatched::Add) {
        for (const AttendanceMatch& match : preview.unmatched) {
            if (!skip.count(match.record.name)) {
                entries.push_back(entry_of(match));
            }
        }
    }
    QUORUM_TRY(recorded, store.record_attendance(who, entries, extra, source));
    return AttendanceApplied{std::move(preview), recorded};
}

Expected<store::AliasEntry> parse_alias(std::string_view text) {
    size_t equals = text.rfind('=');
    if (equals == std::string_view::npos || equals == 0) {
        return make_error("invalid",
                          Phrase{"an alias is \"Name as written=participant id\"",
                                 "un alias s’écrit «\u00a0Nom tel qu’écrit=identifiant de participant·e\u00a0»"},
                          "alias");
    }
    std::string name = text::trim_copy(text.substr(0, equals));
    std::string id = text::trim_copy(text.substr(equals + 1));
    if (name.empty() || id.empty() || id.size() > 15 ||
        !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return make_error("invalid",
                          Phrase{"an alias is \"Name as written=participant id\"",
                                 "un alias s’écrit «\u00a0Nom tel qu’écrit=identifiant de participant·e\u00a0»"},
                          "alias");
    }
    return store::AliasEntry{name, std::stoll(id)};
}

Expected<std::string> stored_minutes(store::Store& store, const std::string& meeting_id) {
    QUORUM_TRY(meeting, store.load_meeting(meeting_id));
    QUORUM_TRY(header, store.meeting_json(meeting_id));
    QUORUM_TRY(notes, store.notes_by_item(meeting_id));
    // Notes of an item and of its sub-items go under the top-level item, in agenda order.
    std::map<size_t, std::string> by_index;
    Array::Ptr agenda = header->getArray("agenda");
    std::function<void(const Array::Ptr&, size_t)> collect = [&](const Array::Ptr& items, size_t top) {
        for (size_t i = 0; i < items->size(); ++i) {
            Object::Ptr item = items->getObject(static_cast<unsigned>(i));
            auto found = notes.find(item->getValue<Poco::Int64>("id"));
            if (found != notes.end() && !text::trim(found->second).empty()) {
                std::string& text = by_index[top];
                if (!text.empty()) {
                    text += "\n### " + text_of(item, "title") + "\n\n";
                }
                text += found->second;
                if (!text.empty() && text.back() != '\n') {
                    text += '\n';
                }
            }
            collect(item->getArray("children"), top);
        }
    };
    for (size_t i = 0; i < agenda->size(); ++i) {
        Array::Ptr one = new Array;
        one->add(agenda->getObject(static_cast<unsigned>(i)));
        collect(one, i);
    }
    return write_minutes(meeting, by_index);
}

Expected<std::string> stored_attendance_csv(store::Store& store, const std::string& meeting_id) {
    QUORUM_TRY(participants, store.participants_json(meeting_id));
    std::vector<AttendanceRow> rows;
    for (size_t i = 0; i < participants->size(); ++i) {
        Object::Ptr participant = participants->getObject(static_cast<unsigned>(i));
        AttendanceRow row;
        row.name = text_of(participant, "name");
        row.affiliation = text_of(participant, "affiliation");
        row.status = text_of(participant, "status");
        // An import's times, else the check-in's.
        row.joined = text_of(participant, "joined");
        if (row.joined.empty()) {
            row.joined = text_of(participant, "checked_in_at");
        }
        row.left = text_of(participant, "left");
        if (row.left.empty()) {
            row.left = text_of(participant, "checked_out_at");
        }
        row.minutes = integer_of(participant, "minutes");
        row.speaking_seconds = integer_of(participant, "speaking_seconds");
        rows.push_back(std::move(row));
    }
    return attendance_csv(rows);
}

Expected<std::string> stored_actions_csv(store::Store& store, const std::string& meeting_id) {
    QUORUM_TRY(meeting, store.load_meeting(meeting_id));
    return actions_csv(meeting);
}

Expected<std::string> stored_calendar(store::Store& store, const std::vector<std::string>& meeting_ids,
                                      const CalendarOptions& options, const std::map<std::string, std::string>& urls) {
    std::vector<CalendarEntry> entries;
    for (const std::string& id : meeting_ids) {
        QUORUM_TRY(meeting, store.load_meeting(id));
        CalendarEntry entry;
        entry.id = id;
        entry.meeting = std::move(meeting);
        entry.sequence = store.meeting_version(id).value_or(0);
        entry.timezone = store.timezone(id);
        if (auto url = urls.find(id); url != urls.end()) {
            entry.url = url->second;
        }
        entries.push_back(std::move(entry));
    }
    return write_calendar(entries, options);
}

Expected<store::Created> store_log(store::Store& store, const LogMeeting& log, const std::string& actor) {
    std::vector<store::ImportedNote> notes;
    for (const LogNote& note : log.notes) {
        store::ImportedNote imported;
        imported.agenda_item_id = static_cast<std::int64_t>(note.agenda_index);
        imported.text = note.text;
        notes.push_back(std::move(imported));
    }
    // The items keep the log's line numbers, so they are stored beside the
    // notes rather than inside them.
    std::vector<store::ExtractedItem> items;
    const Meeting& meeting = log.meeting;
    for (const ActionItem& action : meeting.action_items) {
        store::ExtractedItem item;
        item.kind = "action";
        item.state = action.state;
        item.text = action.text;
        item.owner = action.owner;
        item.due = action.due.empty() ? action.due_text : action.due;
        item.rule = action.rule;
        item.plugin = action.plugin;
        items.push_back(std::move(item));
    }
    for (const Decision& decision : meeting.decisions) {
        store::ExtractedItem item;
        item.kind = "decision";
        item.state = decision.state;
        item.text = decision.text;
        item.rule = decision.rule;
        item.plugin = decision.plugin;
        items.push_back(std::move(item));
    }
    for (const Suggestion& suggestion : meeting.suggestions) {
        store::ExtractedItem item;
        item.kind = suggestion.kind;
        item.state = "suggested";
        item.text = suggestion.text;
        item.owner = suggestion.owner;
        item.rule = suggestion.rule;
        item.plugin = suggestion.plugin;
        items.push_back(std::move(item));
    }
    for (const Resource& resource : meeting.resources) {
        store::ExtractedItem item;
        item.kind = "resource";
        item.state = "marked";
        item.text = resource.title.empty() ? resource.url : resource.title;
        item.url = resource.url;
        item.plugin = resource.plugin;
        items.push_back(std::move(item));
    }
    return store.import_meeting(meeting, notes, items, actor);
}

std::string ical_now() {
    std::time_t seconds = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &tm);
    return buffer;
}

} // namespace quorum::interop
