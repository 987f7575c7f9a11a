#include "live/queue.hpp"

#include <algorithm>

namespace quorum::live {

namespace {

int rank(EntryType type) {
    return static_cast<int>(type); // the enum is declared in priority order
}

} // namespace

std::optional<size_t> SpeakerQueue::position_of(std::int64_t entry_id) const {
    for (size_t i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].entry_id == entry_id) {
            return i;
        }
    }
    return std::nullopt;
}

bool SpeakerQueue::has_last_word() const {
    return std::any_of(m_entries.begin(), m_entries.end(),
                       [](const QueueEntry& e) { return e.type == EntryType::LastWord; });
}

size_t SpeakerQueue::insert_position(EntryType type) const {
    for (size_t i = 0; i < m_entries.size(); ++i) {
        if (rank(m_entries[i].type) > rank(type)) {
            return i;
        }
    }
    return m_entries.size();
}

std::int64_t SpeakerQueue::speaking_ms(std::int64_t effective_now) const {
    if (!m_speaker) {
        return 0;
    }
    return std::max<std::int64_t>(0, effective_now - m_speaker->started_ms - m_speaker->paused_ms);
}

void SpeakerQueue::shift(std::int64_t paused_ms) {
    if (!m_speaker) {
        return;
    }
    m_speaker->paused_ms += paused_ms;
    if (m_speaker->deadline_ms) {
        *m_speaker->deadline_ms += paused_ms;
    }
}

void SpeakerQueue::apply(const Event& event) {
    if (event.type == "meeting/ended") {
        m_speaker.reset();
        m_closed = true;
        return;
    }
    if (event.type != "queue/changed") {
        return;
    }
    const Value& data = event.data;
    const std::string action = data.string_or("action", "");
    if (action == "raised" || action == "last-word") {
        QueueEntry entry;
        entry.entry_id = data.int_or("entry_id", m_next_entry_id);
        entry.participant_id = data.string_or("participant_id", "");
        entry.type = action == "last-word" ? EntryType::LastWord
                                           : parse_entry_type(data.string_or("type", "")).value_or(EntryType::NewTopic);
        entry.note = data.string_or("note", "");
        entry.raised_ms = event.at_ms;
        const auto position = static_cast<size_t>(
            std::clamp<std::int64_t>(data.int_or("position", static_cast<std::int64_t>(m_entries.size())), 0,
                                     static_cast<std::int64_t>(m_entries.size())));
        m_entries.insert(m_entries.begin() + static_cast<std::ptrdiff_t>(position), entry);
        m_next_entry_id = std::max(m_next_entry_id, entry.entry_id + 1);
        if (action == "last-word") {
            // Nobody may speak after the last word: the queue closes now.
            m_closed = true;
        }
    } else if (action == "lowered") {
        const Value* ids = data.find("entry_ids");
        if (ids != nullptr && ids->is_array()) {
            for (const auto& id : ids->as_array()) {
                if (const auto position = id.is_int() ? position_of(id.as_int()) : std::nullopt) {
                    m_entries.erase(m_entries.begin() + static_cast<std::ptrdiff_t>(*position));
                }
            }
        }
    } else if (action == "moved") {
        const auto from = position_of(data.int_or("entry_id", 0));
        if (!from) {
            return;
        }
        QueueEntry entry = m_entries[*from];
        m_entries.erase(m_entries.begin() + static_cast<std::ptrdiff_t>(*from));
        const auto to = static_cast<size_t>(
            std::clamp<std::int64_t>(data.int_or("position", 0), 0, static_cast<std::int64_t>(m_entries.size())));
        m_entries.insert(m_entries.begin() + static_cast<std::ptrdiff_t>(to), std::move(entry));
    } else if (action == "closed") {
        m_closed = true;
    } else if (action == "opened") {
        m_closed = false;
    } else if (action == "acked") {
        const std::int64_t entry_id = data.int_or("entry_id", 0);
        if (const auto position = position_of(entry_id)) {
            m_entries.erase(m_entries.begin() + static_cast<std::ptrdiff_t>(*position));
        }
        QueueSpeaker speaker;
        speaker.participant_id = data.string_or("participant_id", "");
        speaker.entry_id = entry_id;
        speaker.type = parse_entry_type(data.string_or("type", "")).value_or(EntryType::NewTopic);
        speaker.note = data.string_or("note", "");
        speaker.started_ms = event.at_ms;
        speaker.deadline_ms = optional_int(data, "deadline_ms");
        m_speaker = std::move(speaker);
    } else if (action == "speaker-done") {
        m_speaker.reset();
    } else if (action == "speaker-overtime") {
        if (m_speaker) {
            m_speaker->overtime_fired = true;
        }
    } else if (action == "time-limit") {
        const auto seconds = optional_int(data, "seconds");
        m_limit_seconds = seconds ? std::optional<int>(static_cast<int>(*seconds)) : std::nullopt;
    }
}

} // namespace quorum::live
