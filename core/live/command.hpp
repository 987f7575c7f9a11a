#pragma once

#include "live/event.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quorum::live {

// Speaker queue entry types, highest priority first (TCQ's order). The last word
// is not raised by anyone: the facilitator grants it, and it always stays last.
enum class EntryType { PointOfOrder, Clarify, Reply, NewTopic, LastWord };
std::string_view entry_type_name(EntryType type); // "point-of-order", "clarify", "reply", "topic", "last-word"
std::optional<EntryType> parse_entry_type(std::string_view name);

// How a round orders its speakers.
enum class RoundOrder { Listed, Alphabetical, Arrival, Shuffled, Reverse };
std::string_view round_order_name(RoundOrder order); // "listed", "alphabetical", "arrival", "shuffled", "reverse"
std::optional<RoundOrder> parse_round_order(std::string_view name);

enum class CommandKind {
    // Speaker queue.
    RaiseHand,    // entry_type, text = note; participant_id lets a facilitator add someone else
    LowerHand,    // the actor's entries (or participant_id's, for a facilitator)
    AckNext,      // the next entry speaks; the current speaker's time is credited
    CloseQueue,   //
    OpenQueue,    //
    MoveEntry,    // entry_id to position (0-based)
    LastWord,     // name or participant_id gets the last word; the queue closes
    SpeakerLimit, // seconds per speaker for queue acks and untimed rounds; absent clears
    // Rounds.
    StartRound,  // seconds per speaker or total_seconds, order, seed, auto_advance, participant_ids
    NextSpeaker, // next turn of the running round; with no round running, the same as AckNext
    Pass,        // the actor (or name / participant_id) passes their turn
    MoveToEnd,   // the current speaker (or name / participant_id) goes to the end of the round
    SetBudget,   // per-person speaking budget in seconds across agenda items; absent clears
    // Agenda clock.
    StartMeeting, // planned_end_ms optionally fixes the planned end (else now + the planned durations)
    EndMeeting,   //
    StartItem,    // item_id
    NextItem,     //
    PreviousItem, //
    SkipItem,     // the current item, or item_id if given (a pending item)
    ExtendItem,   // seconds
    Pause,        // the whole meeting: item clock, speaker and round deadlines
    Resume,       //
    Replan,       // applies the current re-plan proposal (LiveMeeting::replan_proposal)
    Notice,       // text: a message for the room (projector, participants), e.g. a timebox reminder
    // Set by the server, not typed.
    SetRoster,  // roster: the full list of participants (replaces)
    PlanAgenda, // plan: the agenda, flattened
    // Not for LiveMeeting: parsed here, handled by the caller (see Command::is_for_server).
    AddAgendaItem, // text = title
    MarkPresent,   // text = name
    MarkRegrets,   // text = name
    Help,          // the caller answers with help_text(lang)
};

std::string_view command_kind_name(CommandKind kind); // "raise-hand", "ack-next", ...

struct RosterEntry {
    std::string id;
    std::string name;
    bool present = true;
    std::optional<std::int64_t> arrived_ms;
    bool operator==(const RosterEntry&) const = default;
};

struct PlannedItem {
    std::string id;
    std::string title;
    int planned_seconds = 0; // 0: no timebox
    bool operator==(const PlannedItem&) const = default;
};

// A parsed or constructed command. Only the fields its kind uses are read.
struct Command {
    CommandKind kind = CommandKind::Help;
    EntryType entry_type = EntryType::NewTopic;
    std::string text; // queue note, agenda title, or a person's name as typed
    std::optional<std::string> participant_id;
    std::vector<std::string> participant_ids; // StartRound over a chosen list (empty: present participants)
    std::string item_id;
    std::optional<int> seconds;       // per speaker, extension, limit, budget
    std::optional<int> total_seconds; // StartRound: divided by the number of speakers
    RoundOrder order = RoundOrder::Listed;
    std::optional<std::uint64_t> seed; // StartRound/Shuffled: absent draws one from the time
    bool auto_advance = false;         // StartRound: the next turn starts when a turn expires
    std::int64_t entry_id = 0;
    int position = 0;
    std::optional<std::int64_t> planned_end_ms;
    std::vector<RosterEntry> roster;
    std::vector<PlannedItem> plan;

    // What the actor's role must allow. NextSpeaker needs Timekeeping here, and
    // Facilitation when no round is running (it then acks the queue): execute checks that.
    Permission permission() const;

    // True for the kinds LiveMeeting does not execute: agenda+, present+, regrets+
    // (they change the store: the server adds the item or marks attendance, then
    // hands LiveMeeting the new plan or roster with PlanAgenda / SetRoster) and help.
    // LiveMeeting::execute answers them with an error of code "not_mine".
    bool is_for_server() const;
};

// Parses one typed command, French or English, case- and accent-insensitive:
// see help_text() for the grammar. Errors: "unknown_command" (with the closest known
// commands, by edit distance, in `lang`), "ambiguous_command" (a prefix of several),
// "invalid" (a known command with a bad argument, field "text").
Expected<Command> parse_command(std::string_view text, Language lang = Language::English);

// The grammar, one command per line, in the given language.
std::string help_text(Language lang);

// Parses "2m", "90 s", "1 h 10", "10 minutes", "2'" into seconds; a bare number is minutes.
std::optional<int> parse_spoken_duration(std::string_view text);

} // namespace quorum::live
