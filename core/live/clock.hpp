#pragma once

#include "domain/meeting.hpp"
#include "live/command.hpp"
#include "live/event.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace quorum::live {

enum class ItemStatus { Pending, Running, Done, Skipped };
std::string_view item_status_name(ItemStatus status); // "pending", "running", "done", "skipped"

// One agenda item as planned and as it went. Times are server ms since the epoch.
// "Effective" times exclude pauses: a run's clock starts at the effective start and
// every pause moves it (and the deadline) later by the paused time.
struct ItemRecord {
    PlannedItem plan;         // planned_seconds may change with a re-plan
    int original_seconds = 0; // as first planned, for the record
    ItemStatus status = ItemStatus::Pending;
    std::optional<std::int64_t> started_at_ms; // first actual start
    std::optional<std::int64_t> ended_at_ms;   // last actual end
    std::int64_t elapsed_ms = 0;               // closed runs, pauses excluded
    std::int64_t run_started_ms = 0;           // the open run's effective start
    std::int64_t run_paused_ms = 0;            // pauses during the open run
    int extended_seconds = 0;
    std::optional<std::int64_t> deadline_ms; // while running, when the timebox has a length
    bool overtime_fired = false;             // agenda/item-overtime sent for the current deadline

    int timebox_seconds() const { return plan.planned_seconds + extended_seconds; }
    bool operator==(const ItemRecord&) const = default;
};

// The running schedule against the plan.
struct Schedule {
    bool started = false;
    bool ended = false;
    std::int64_t planned_end_ms = 0;
    std::int64_t projected_end_ms = 0;
    std::int64_t late_by_seconds = 0; // negative: ahead of the plan
};

// "running late by 7 min, projected end 11:37 am" / "en retard de 7 min, fin prévue à 11 h 37".
// Local time is UTC plus `utc_offset_minutes`; minutes are rounded to the nearest.
std::string format_schedule(const Schedule& schedule, Language lang, int utc_offset_minutes);

struct ReplanItem {
    std::string id;
    std::string title;
    int planned_seconds = 0;
    int proposed_seconds = 0;
};

// A proposal to fit the items not yet started into the time left before the planned
// end. `needed` is false when they already fit (then proposed == planned). When they do
// not, each is shrunk in proportion to its planned length but never below the minimum
// (nor above its plan), and the proposed lengths add up to exactly `available_seconds`;
// `feasible` is false when even the minimums do not fit (each then gets its minimum).
struct ReplanProposal {
    std::vector<ReplanItem> items;
    std::int64_t available_seconds = 0;
    bool needed = false;
    bool feasible = true;
};

// Shrinks `planned` (seconds) proportionally to add up to `available`, each at least
// min(planned, minimum): the arithmetic of ReplanProposal, exposed for tests.
std::vector<int> shrink_to_fit(const std::vector<int>& planned, std::int64_t available, int minimum);

// The agenda clock's state. It changes only through apply(); LiveMeeting decides which
// events to emit. `effective_now` is now, or the moment the meeting was paused.
class AgendaClock {
public:
    // agenda/planned, agenda/item-*, agenda/replanned, meeting/started, meeting/ended.
    void apply(const Event& event);
    // agenda/resumed: every running clock and deadline moves by the paused time.
    void shift(std::int64_t paused_ms);

    const std::vector<ItemRecord>& items() const { return m_items; }
    std::optional<size_t> current() const { return m_current; }
    std::optional<size_t> index_of(std::string_view id) const;
    bool started() const { return m_started_at.has_value(); }
    bool ended() const { return m_ended_at.has_value(); }
    std::optional<std::int64_t> started_at() const { return m_started_at; }
    std::optional<std::int64_t> ended_at() const { return m_ended_at; }
    std::int64_t planned_end_ms() const { return m_planned_end_ms; }
    std::int64_t planned_total_seconds() const;

    // The item's elapsed time, pauses excluded, counting the open run.
    std::int64_t elapsed_ms(const ItemRecord& item, std::int64_t effective_now) const;
    Schedule schedule(std::int64_t now, std::int64_t effective_now) const;
    ReplanProposal replan(std::int64_t now, std::int64_t effective_now, int minimum_seconds) const;

    bool operator==(const AgendaClock&) const = default;

private:
    void close_run(ItemRecord& item, std::int64_t at_ms, ItemStatus status, std::int64_t elapsed_ms);

    std::vector<ItemRecord> m_items;
    std::optional<size_t> m_current;
    std::optional<std::int64_t> m_started_at;
    std::optional<std::int64_t> m_ended_at;
    std::int64_t m_planned_end_ms = 0;
};

// Flattens a meeting's agenda for the clock: leaves in reading order (a parent with
// sub-items is replaced by them); ids are the written numbers, or the position when
// an item has none; items without a duration get no timebox.
std::vector<PlannedItem> flatten_agenda(const std::vector<AgendaItem>& agenda);

} // namespace quorum::live
