#pragma once

#include "live/clock.hpp"
#include "live/command.hpp"
#include "live/event.hpp"
#include "live/queue.hpp"
#include "live/round.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace quorum::live {

struct SpeakingTime {
    std::string participant_id;
    std::string name;
    std::int64_t ms = 0; // queue turns and round turns, the current one included
};

// One live meeting: roster, agenda clock, speaker queue, rounds, speaking times.
//
// Event sourced. execute() checks a command against the state and the actor's role
// and returns the events it caused, already applied; a failed command changes
// nothing. apply() is the only way state changes, so the server persists the events
// execute() and tick() return and, after a restart, rebuilds the exact state by
// apply()ing them in order to a fresh LiveMeeting. Nothing here reads a clock:
// every time-dependent call takes `now_ms` (server time, ms since the epoch).
//
// Time alone causes events (an item's timebox passes, a round turn or a speaker's
// time runs out, a round advances by itself): the server arms one timer for
// next_deadline() and calls tick(now) when it fires (and after every command, and
// once after a restart so that deadlines passed while down are handled).
//
// While the meeting is paused no deadline passes, and commands that start a timed
// turn (agenda navigation, acks, round turns) are refused until it resumes.
//
// Not thread-safe: one LiveMeeting per meeting, driven from one thread (or a lock).
class LiveMeeting {
public:
    // Validates and performs a command. On success, the events it caused (at least one:
    // a command that would change nothing is a "conflict" error instead), already applied
    // and stamped `now_ms`; the caller persists them in order. On failure nothing changed.
    // Error codes: "forbidden" (the actor's role), "invalid" (a bad argument; `field`
    // names it), "conflict" (not now: meeting not started, paused, queue closed, no round
    // running...), "not_mine" (Command::is_for_server() kinds). Messages are in `lang`.
    // Call tick(now_ms) first, so that deadlines already passed are handled before it.
    Expected<std::vector<Event>> execute(const Command& command, const Actor& actor, std::int64_t now_ms,
                                         Language lang = Language::English);

    // Applies one event, from execute(), tick() or the log. Unknown types are ignored,
    // so that a log written by a later version still replays.
    void apply(const Event& event);

    // The events time alone causes up to now_ms, already applied, in order.
    std::vector<Event> tick(std::int64_t now_ms);

    // When tick() next has something to do; nothing while paused or idle.
    std::optional<std::int64_t> next_deadline() const;

    // Everything a client needs to render the meeting now (see meeting.cpp for the shape).
    Value snapshot(std::int64_t now_ms) const;

    // Reads.
    const std::vector<RosterEntry>& roster() const { return m_roster; }
    const RosterEntry* participant(std::string_view id) const;
    const AgendaClock& clock() const { return m_clock; }
    const SpeakerQueue& queue() const { return m_queue; }
    const Rounds& rounds() const { return m_rounds; }
    bool paused() const { return m_paused_at.has_value(); }
    Schedule schedule(std::int64_t now_ms) const;
    ReplanProposal replan_proposal(std::int64_t now_ms) const;
    // Everyone who spoke, longest first, the ongoing speech included.
    std::vector<SpeakingTime> speaking_times(std::int64_t now_ms) const;
    // Present participants who have not spoken yet, in roster order.
    std::vector<std::string> not_yet_spoken(std::int64_t now_ms) const;
    // Per-person speaking budget (seconds), and what someone has left of it.
    std::optional<int> budget_seconds() const { return m_budget_seconds; }
    std::optional<std::int64_t> budget_left_ms(std::string_view participant_id, std::int64_t now_ms) const;

    // The shortest length a re-plan gives an item (default 60 s); not part of the state.
    void set_replan_minimum_seconds(int seconds) { m_replan_minimum_seconds = seconds; }

    bool operator==(const LiveMeeting&) const = default;

private:
    class Run;
    friend class Run;

    std::int64_t effective_now(std::int64_t now_ms) const { return m_paused_at ? *m_paused_at : now_ms; }
    void credit(const Value& spoke);

    std::vector<RosterEntry> m_roster;
    AgendaClock m_clock;
    SpeakerQueue m_queue;
    Rounds m_rounds;
    std::optional<std::int64_t> m_paused_at;
    struct Notice {
        std::string text;
        std::int64_t at_ms = 0;
        bool operator==(const Notice&) const = default;
    };
    std::optional<Notice> m_notice; // the last `notice` / `annonce`, for the snapshot
    std::map<std::string, std::int64_t, std::less<>> m_spoken_ms;
    std::optional<int> m_budget_seconds;
    std::map<std::string, std::int64_t, std::less<>> m_budget_used_ms;
    int m_replan_minimum_seconds = 60;
};

} // namespace quorum::live
