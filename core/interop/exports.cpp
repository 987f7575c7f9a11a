#include "interop/exports.hpp"

#include "interop/csv.hpp"
#include "util/text.hpp"

#include <algorithm>

namespace quorum::interop {

namespace {

std::string optional_number(const std::optional<std::int64_t>& value) {
    return value ? std::to_string(*value) : std::string();
}

std::string person(const Participant& participant) {
    return participant.affiliation.empty() ? participant.name : participant.name + " (" + participant.affiliation + ")";
}

std::string agenda_title(const AgendaItem& item) {
    std::string title = item.title;
    std::vector<std::string> tail;
    if (!item.type.empty()) {
        tail.push_back(item.type);
    }
    if (item.duration_seconds) {
        int seconds = *item.duration_seconds;
        tail.push_back(seconds % 60 == 0 ? std::to_string(seconds / 60) + " min" : std::to_string(seconds) + " s");
    }
    if (!tail.empty()) {
        title += " (";
        for (size_t i = 0; i < tail.size(); ++i) {
            title += (i ? ", " : "") + tail[i];
        }
        title += ")";
    }
    return title;
}

void write_children(const std::vector<AgendaItem>& items, int depth, std::string& out) {
    for (const AgendaItem& item : items) {
        out += std::string(static_cast<size_t>(depth) * 3, ' ') + "- " + agenda_title(item) + "\n";
        write_children(item.children, depth + 1, out);
    }
}

} // namespace

std::string attendance_csv(const std::vector<AttendanceRow>& rows) {
    std::string out = csv_row({"name", "affiliation", "status", "join", "leave", "minutes", "speaking_seconds"});
    for (const AttendanceRow& row : rows) {
        out += csv_row({row.name, row.affiliation, row.status, row.joined, row.left, optional_number(row.minutes),
                        optional_number(row.speaking_seconds)});
    }
    return out;
}

std::string actions_csv(const Meeting& meeting) {
    std::string out = csv_row({"owner", "text", "due", "state", "source"});
    for (const ActionItem& action : meeting.action_items) {
        std::string source = "minutes";
        if (action.source.line > 0) {
            source = (action.source.section.empty() ? std::string() : action.source.section + ", ") + "line " +
                     std::to_string(action.source.line);
        }
        out += csv_row(
            {action.owner, action.text, action.due.empty() ? action.due_text : action.due, action.state, source});
    }
    return out;
}

std::string write_minutes(const Meeting& meeting, const std::map<size_t, std::string>& notes) {
    std::string out = "# " + (meeting.title.empty() ? std::string("Meeting") : meeting.title) + "\n\n";
    if (!meeting.date.empty()) {
        out += "Date: " + meeting.date + "\n";
    }
    if (!meeting.start.empty()) {
        out += "Time: " + meeting.start + (meeting.end.empty() ? "" : "-" + meeting.end) + "\n";
    }
    if (!meeting.location.empty()) {
        out += "Location: " + meeting.location + "\n";
    }
    static const std::pair<const char*, const char*> k_roles[] = {
        {"facilitator", "Chair"}, {"note-taker", "Scribe"}, {"timekeeper", "Timekeeper"}};
    for (const auto& [role, label] : k_roles) {
        std::vector<std::string> names;
        for (const Participant& participant : meeting.participants) {
            if (std::find(participant.roles.begin(), participant.roles.end(), role) != participant.roles.end()) {
                names.push_back(participant.name);
            }
        }
        if (!names.empty()) {
            out += std::string(label) + ": ";
            for (size_t i = 0; i < names.size(); ++i) {
                out += (i ? ", " : "") + names[i];
            }
            out += "\n";
        }
    }
    static const std::pair<AttendanceStatus, const char*> k_lists[] = {{AttendanceStatus::Present, "Present"},
                                                                       {AttendanceStatus::Excused, "Regrets"},
                                                                       {AttendanceStatus::Absent, "Absent"}};
    bool wrote_list = false;
    for (const auto& [status, label] : k_lists) {
        std::vector<std::string> people;
        for (const Participant& participant : meeting.participants) {
            if (participant.status == status) {
                people.push_back(person(participant));
            }
        }
        if (people.empty()) {
            continue;
        }
        if (!wrote_list) {
            out += "\n";
            wrote_list = true;
        }
        out += std::string(label) + ": ";
        for (size_t i = 0; i < people.size(); ++i) {
            out += (i ? ", " : "") + people[i];
        }
        out += "\n";
    }
    if (!meeting.agenda.empty()) {
        out += "\n## Agenda\n\n";
        for (size_t i = 0; i < meeting.agenda.size(); ++i) {
            const AgendaItem& item = meeting.agenda[i];
            out += std::to_string(i + 1) + ". " + agenda_title(item) + "\n";
            write_children(item.children, 1, out);
        }
    }
    for (size_t i = 0; i < meeting.agenda.size(); ++i) {
        auto note = notes.find(i);
        if (note == notes.end() || text::trim(note->second).empty()) {
            continue;
        }
        out += "\n## " + std::to_string(i + 1) + ". " + meeting.agenda[i].title + "\n\n";
        out += note->second;
        if (out.back() != '\n') {
            out += '\n';
        }
    }
    // Items the notes do not hold (imported outside any agenda item).
    std::string loose;
    for (const ActionItem& action : meeting.action_items) {
        if (action.source.line > 0 || action.state == "suggested") {
            continue;
        }
        // "(owner: X)" is read wherever it stands, whatever X looks like.
        std::string line = "ACTION: " + action.text;
        if (!action.owner.empty()) {
            line += " (owner: " + action.owner + ")";
        }
        if (!action.due.empty()) {
            line += " due " + action.due;
        }
        loose += line + "\n\n";
    }
    for (const Decision& decision : meeting.decisions) {
        if (decision.source.line > 0 || decision.state == "suggested") {
            continue;
        }
        loose += "RESOLVED: " + decision.text + "\n\n";
    }
    if (!loose.empty()) {
        out += "\n## Actions and decisions\n\n" + loose;
        out.pop_back();
    }
    return out;
}

} // namespace quorum::interop
