#pragma once

#include "live/command.hpp"
#include "live/event.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace quorum::live {

struct QueueEntry {
    std::int64_t entry_id = 0; // unique in the meeting, never reused
    std::string participant_id;
    EntryType type = EntryType::NewTopic;
    std::string note;
    std::int64_t raised_ms = 0;
    bool operator==(const QueueEntry&) const = default;
};

// Whoever has the floor from the queue. `started_ms` is when they got it; pauses
// move the deadline and add to `paused_ms`, which their speaking time excludes.
struct QueueSpeaker {
    std::string participant_id;
    std::int64_t entry_id = 0;
    EntryType type = EntryType::NewTopic;
    std::string note;
    std::int64_t started_ms = 0;
    std::int64_t paused_ms = 0;
    std::optional<std::int64_t> deadline_ms;
    bool overtime_fired = false;
    bool operator==(const QueueSpeaker&) const = default;
};

// The speaker queue's state; it changes only through apply() of queue/changed.
class SpeakerQueue {
public:
    void apply(const Event& event);
    void shift(std::int64_t paused_ms);

    const std::vector<QueueEntry>& entries() const { return m_entries; }
    const std::optional<QueueSpeaker>& speaker() const { return m_speaker; }
    bool closed() const { return m_closed; }
    std::optional<int> limit_seconds() const { return m_limit_seconds; }
    std::int64_t next_entry_id() const { return m_next_entry_id; }
    std::optional<size_t> position_of(std::int64_t entry_id) const;
    bool has_last_word() const;

    // Where a new entry of this type goes: before the first entry of lower priority,
    // so types keep TCQ's order and each type stays first come, first served.
    size_t insert_position(EntryType type) const;

    // The current speaker's time so far, pauses excluded.
    std::int64_t speaking_ms(std::int64_t effective_now) const;

    bool operator==(const SpeakerQueue&) const = default;

private:
    std::vector<QueueEntry> m_entries;
    std::optional<QueueSpeaker> m_speaker;
    bool m_closed = false;
    std::optional<int> m_limit_seconds;
    std::int64_t m_next_entry_id = 1;
};

} // namespace quorum::live
