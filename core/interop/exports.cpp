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

// The labels the minutes reader knows, in the meeting's language, so that a
// French group keeps French minutes in git.
struct Labels {
    const char *date, *time, *location, *chair, *scribe, *timekeeper, *present, *regrets, *absent, *agenda, *loose;
};

const Labels& labels_for(const std::string& language) {
    static const Labels k_english = {"Date",
                                     "Time",
                                     "Location",
                                     "Chair",
                                     "Scribe",
                                     "Timekeeper",
                                     "Present",
                                     "Regrets",
                                     "Absent",
                                     "Agenda",
                                     "Actions and decisions"};
    static const Labels k_french = {
        "Date",     "Heure",   "Lieu",    "Animation",     "Secrétariat",         "Gardien du temps",
        "Présents", "Excusés", "Absents", "Ordre du jour", "Actions et décisions"};
    return language == "fr" ? k_french : k_english;
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
    const Labels& labels = labels_for(meeting.language);
    std::string out = "# " + (meeting.title.empty() ? std::string("Meeting") : meeting.title) + "\n\n";
    if (!meeting.date.empty()) {
        out += std::string(labels.date) + ": " + meeting.date + "\n";
    }
    if (!meeting.start.empty()) {
        out += std::string(labels.time) + ": " + meeting.start + (meeting.end.empty() ? "" : "-" + meeting.end) + "\n";
    }
    if (!meeting.location.empty()) {
        out += std::string(labels.location) + ": " + meeting.location + "\n";
    }
    const std::pair<const char*, const char*> roles[] = {
        {"facilitator", labels.chair}, {"note-taker", labels.scribe}, {"timekeeper", labels.timekeeper}};
    for (const auto& [role, label] : roles) {
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
    const std::pair<AttendanceStatus, const char*> lists[] = {{AttendanceStatus::Present, labels.present},
                                                              {AttendanceStatus::Excused, labels.regrets},
                                                              {AttendanceStatus::Absent, labels.absent}};
    bool wrote_list = false;
    for (const auto& [status, label] : lists) {
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
        out += "\n## " + std::string(labels.agenda) + "\n\n";
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
        std::string_view text = note->second;
        while (!text.empty() && (text.front() == '\n' || text.front() == '\r')) {
            text.remove_prefix(1);
        }
        out += text;
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
        out += "\n## " + std::string(labels.loose) + "\n\n" + loose;
        out.pop_back();
    }
    return out;
}

} // namespace quorum::interop
