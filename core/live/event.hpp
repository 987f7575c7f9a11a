#pragma once

#include "util/text.hpp"
#include "util/value.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quorum::live {

using text::Language;

// One fact of a live meeting. `type` is a noun/verb name ("agenda/item-started"),
// shared with the plugin event registry (scripting/events.cpp) where it applies;
// `at_ms` is the server time it happened (milliseconds since the Unix epoch); `data`
// holds results, never inputs to recompute (deadlines are absolute times, orders
// are the drawn order), so replaying the events rebuilds the exact state even after
// a restart or a change of code that computes them. The server stores `data` with
// to_json() and restores it with parse_json().
//
// Events and their data (ids are strings; times are ms since the epoch; "spoke" is an
// array of {participant_id, ms} speaking time to credit, present on any event that ends
// someone's speech):
//   attendance/changed   {participants: [{id, name, present, arrived_ms|null}], replace: bool}
//   agenda/planned       {items: [{id, title, planned_seconds}]}
//   meeting/started      {planned_end_ms}
//   meeting/ended        {spoke}
//   agenda/item-started  {item_id, index, planned_seconds, extended_seconds, elapsed_ms, deadline_ms|null}
//   agenda/item-ended    {item_id, status: "done"|"skipped", elapsed_ms, overrun_ms}
//   agenda/item-skipped  {item_id}                      (a pending item skipped ahead of time)
//   agenda/item-overtime {item_id, deadline_ms}
//   agenda/item-extended {item_id, seconds, deadline_ms|null}
//   agenda/paused        {}
//   agenda/resumed       {paused_ms}                    (every running deadline moves by paused_ms)
//   agenda/replanned     {items: [{id, planned_seconds}], available_seconds}
//   queue/changed        {action, ...}: raised {entry_id, participant_id, type, note, position},
//                        lowered {entry_ids}, moved {entry_id, position}, closed {}, opened {},
//                        last-word {entry_id, participant_id, position}, acked {entry_id, participant_id,
//                        type, note, deadline_ms|null, spoke}, speaker-done {spoke}, time-limit {seconds|null},
//                        speaker-overtime {participant_id, deadline_ms}
//   round/started        {round_id, order, order_kind, seed|null, per_speaker_seconds|null,
//                         total_seconds|null, auto_advance}
//   round/turn-started   {round_id, participant_id, seconds|null, deadline_ms|null}
//   round/turn-expired   {round_id, participant_id, deadline_ms}
//   round/turn-ended     {round_id, participant_id, spoke}
//   round/passed         {round_id, participant_id, reason: "pass"|"budget", spoke}
//   round/moved-to-end   {round_id, participant_id, spoke}
//   round/finished       {round_id}
//   meeting/notice       {text}                         (a message for the room; changes no state)
//   round/budget-set     {seconds|null}                 (per-person speaking budget across items; null clears)
struct Event {
    std::string type;
    std::int64_t at_ms = 0;
    Value data;

    bool operator==(const Event&) const = default;
};

// Who may do what. Facilitators do everything; timekeepers drive the agenda clock
// and rounds; note-takers record attendance; participants raise and lower their own
// hand and pass their own turn; observers only watch.
enum class Role { Facilitator, NoteTaker, Timekeeper, Participant, Observer };

enum class Permission {
    Anyone,       // help
    SelfService,  // q+, q-, pass: about the actor themself
    Attendance,   // present+, regrets+
    Timekeeping,  // agenda clock, rounds, speaker time limits, budgets
    Facilitation, // queue management, start and end the meeting, agenda+
};

bool allows(Role role, Permission permission);
std::string_view role_name(Role role); // "facilitator", "note-taker", "timekeeper", "participant", "observer"
std::optional<Role> parse_role(std::string_view name);

// Helpers for event data: an optional integer reads back from int or null.
inline std::optional<std::int64_t> optional_int(const Value& data, std::string_view key) {
    const Value* v = data.find(key);
    if (v == nullptr || !v->is_int()) {
        return std::nullopt;
    }
    return v->as_int();
}

template <typename T> Value optional_value(const std::optional<T>& v) {
    return v ? Value(static_cast<std::int64_t>(*v)) : Value();
}

struct Actor {
    std::optional<std::string> participant_id; // absent for a plugin or an account that is not on the roster
    Role role = Role::Observer;
};

} // namespace quorum::live
