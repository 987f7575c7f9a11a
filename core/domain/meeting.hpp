#pragma once

#include "util/error.hpp"

#include <optional>
#include <string>
#include <vector>

namespace quorum {

enum class AttendanceStatus { Present, Excused, Absent };
std::string_view status_name(AttendanceStatus status); // "present", "excused", "absent"

struct Participant {
    std::string name;
    std::string affiliation;
    std::vector<std::string> roles; // "facilitator", "note-taker", "timekeeper", "chair", "scribe"
    AttendanceStatus status = AttendanceStatus::Present;
    int line = 0; // where the minutes name this person first
    // Measured by live facilitation (queue turns and round turns); absent when
    // the meeting was not run live.
    std::optional<int> speaking_seconds;
    // The stored participant's id, for a meeting read from the store; empty for
    // minutes read from a file.
    std::string store_id;
};

struct AgendaItem {
    std::string number; // "1", "3.a", as written
    std::string title;
    std::string type;        // "Information", "Discussion", "Décision", ... as written
    std::string description; // free text that came with the item
    std::optional<int> duration_seconds;
    std::vector<AgendaItem> children;
    int line = 0;
};

// A stretch of the notes. `agenda_index` points into Meeting::agenda when the
// section repeats an agenda item's number or title.
struct Section {
    std::string title;
    std::optional<size_t> agenda_index;
    // A lettered sub-section under an agenda item ("a. Veille collaborative" under
    // item 3) that matches one of its sub-items: that sub-item's number ("3.a").
    std::string sub_item_number;
    int first_line = 0;
    int last_line = 0;
    bool is_chat = false;
    std::vector<std::string> speakers; // people who spoke in this section, in order of first words
    std::string excerpt;               // the first sentences of the notes, plain text
};

struct Source {
    int line = 0;
    std::string section; // the section title the line belongs to
};

// Extracted items. `state` is "marked" for explicit markers (authoritative) and
// "suggested" for free-text candidates a person has to confirm.
struct ActionItem {
    std::string text;
    std::string owner; // the participant's name when matched, else as written
    std::string owner_as_written;
    bool owner_matched = false;
    std::string due;      // ISO date when resolved
    std::string due_text; // as written
    std::string state = "marked";
    std::string rule; // which plugin rule fired
    std::string plugin;
    Source source;
};

struct Decision {
    std::string text;
    std::string state = "marked";
    std::string rule;
    std::string plugin;
    std::string votes; // "For: 7, against: 1, abstain: 2" when the minutes record a vote
    Source source;
};

struct Suggestion {
    std::string kind; // "action" or "decision"
    std::string text;
    std::string owner;
    std::string speaker; // who said it, when the paragraph names them
    std::string rule;
    std::string plugin;
    std::string state = "suggested";
    Source source;
};

struct Resource {
    std::string url; // empty when the link has no usable target
    std::string title;
    std::string kind; // "link", "document", "citation"
    bool missing_url = false;
    std::string plugin;
    std::vector<Source> mentions;
};

struct Meeting {
    std::string title;
    std::string date;  // ISO, empty when unknown
    std::string start; // "09:30"
    std::string end;   // "11:30"
    std::string location;
    std::string language; // "fr" / "en"
    std::vector<Participant> participants;
    std::vector<AgendaItem> agenda;
    std::vector<Section> sections;
    std::vector<std::string> chat; // chat messages, in order
    std::vector<Phrase> warnings;  // what the reader could not make sense of, in both languages

    std::vector<ActionItem> action_items;
    std::vector<Decision> decisions;
    std::vector<Suggestion> suggestions;
    std::vector<Resource> resources;
    // Extra summary sections added by plugins (title, Markdown body).
    std::vector<std::pair<std::string, std::string>> extra_sections;
};

} // namespace quorum
