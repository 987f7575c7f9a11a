#include "live/round.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace quorum::live {

std::uint64_t SplitMix64::next() {
    m_state += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = m_state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

std::uint64_t SplitMix64::below(std::uint64_t bound) {
    // Values at or past the last whole multiple of bound would favour small results.
    const std::uint64_t limit =
        std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % bound;
    while (true) {
        const std::uint64_t x = next();
        if (x < limit) {
            return x % bound;
        }
    }
}

std::vector<std::string> order_speakers(const std::vector<RosterEntry>& speakers, RoundOrder order, std::uint64_t seed,
                                        const std::vector<std::string>& last_order) {
    std::vector<size_t> index(speakers.size());
    std::iota(index.begin(), index.end(), 0);
    switch (order) {
    case RoundOrder::Listed:
        break;
    case RoundOrder::Alphabetical: {
        std::vector<std::string> keys;
        keys.reserve(speakers.size());
        for (const auto& s : speakers) {
            keys.push_back(text::fold_key(s.name));
        }
        std::stable_sort(index.begin(), index.end(), [&](size_t a, size_t b) {
            if (keys[a] != keys[b]) {
                return keys[a] < keys[b];
            }
            return speakers[a].id < speakers[b].id;
        });
        break;
    }
    case RoundOrder::Arrival:
        std::stable_sort(index.begin(), index.end(), [&](size_t a, size_t b) {
            const auto& x = speakers[a].arrived_ms;
            const auto& y = speakers[b].arrived_ms;
            if (x.has_value() != y.has_value()) {
                return x.has_value();
            }
            return x.has_value() && *x < *y;
        });
        break;
    case RoundOrder::Shuffled: {
        SplitMix64 random(seed);
        for (size_t i = index.size(); i > 1; --i) {
            const auto j = static_cast<size_t>(random.below(i));
            std::swap(index[i - 1], index[j]);
        }
        break;
    }
    case RoundOrder::Reverse: {
        std::vector<size_t> reversed;
        std::vector<bool> taken(speakers.size(), false);
        for (auto it = last_order.rbegin(); it != last_order.rend(); ++it) {
            for (size_t i = 0; i < speakers.size(); ++i) {
                if (!taken[i] && speakers[i].id == *it) {
                    reversed.push_back(i);
                    taken[i] = true;
                    break;
                }
            }
        }
        for (size_t i = 0; i < speakers.size(); ++i) {
            if (!taken[i]) {
                reversed.push_back(i);
            }
        }
        index = std::move(reversed);
        break;
    }
    }
    std::vector<std::string> out;
    out.reserve(index.size());
    for (const size_t i : index) {
        out.push_back(speakers[i].id);
    }
    return out;
}

std::int64_t Rounds::turn_ms(std::int64_t effective_now) const {
    if (!m_running || !m_running->current) {
        return 0;
    }
    return std::max<std::int64_t>(0, effective_now - m_running->turn_started_ms - m_running->turn_paused_ms);
}

void Rounds::shift(std::int64_t paused_ms) {
    if (!m_running || !m_running->current) {
        return;
    }
    m_running->turn_paused_ms += paused_ms;
    if (m_running->turn_deadline_ms) {
        *m_running->turn_deadline_ms += paused_ms;
    }
}

namespace {

void remove_from(std::deque<std::string>& list, const std::string& id) {
    const auto it = std::find(list.begin(), list.end(), id);
    if (it != list.end()) {
        list.erase(it);
    }
}

void end_turn(Round& round) {
    round.current.reset();
    round.turn_started_ms = 0;
    round.turn_paused_ms = 0;
    round.turn_seconds.reset();
    round.turn_deadline_ms.reset();
    round.turn_expired = false;
}

} // namespace

void Rounds::apply(const Event& event) {
    const Value& data = event.data;
    if (event.type == "round/started") {
        Round round;
        round.round_id = data.int_or("round_id", m_next_round_id);
        if (const Value* order = data.find("order"); order != nullptr && order->is_array()) {
            for (const auto& id : order->as_array()) {
                if (id.is_string()) {
                    round.order.push_back(id.as_string());
                }
            }
        }
        round.pending.assign(round.order.begin(), round.order.end());
        round.order_kind = parse_round_order(data.string_or("order_kind", "")).value_or(RoundOrder::Listed);
        if (const Value* seed = data.find("seed"); seed != nullptr && seed->is_string()) {
            // Seeds travel as decimal strings: JSON numbers cannot hold every uint64.
            round.seed = std::stoull(seed->as_string());
        }
        const auto per = optional_int(data, "per_speaker_seconds");
        const auto total = optional_int(data, "total_seconds");
        round.per_speaker_seconds = per ? std::optional<int>(static_cast<int>(*per)) : std::nullopt;
        round.total_seconds = total ? std::optional<int>(static_cast<int>(*total)) : std::nullopt;
        round.auto_advance = data.bool_or("auto_advance", false);
        m_next_round_id = std::max(m_next_round_id, round.round_id + 1);
        m_last_order = round.order;
        m_running = std::move(round);
        return;
    }
    if (event.type == "meeting/ended" && m_running) {
        ++m_finished;
        m_running.reset();
        return;
    }
    if (!m_running) {
        return;
    }
    Round& round = *m_running;
    const std::string participant = data.string_or("participant_id", "");
    if (event.type == "round/turn-started") {
        remove_from(round.pending, participant);
        round.current = participant;
        round.turn_started_ms = event.at_ms;
        round.turn_paused_ms = 0;
        const auto seconds = optional_int(data, "seconds");
        round.turn_seconds = seconds ? std::optional<int>(static_cast<int>(*seconds)) : std::nullopt;
        round.turn_deadline_ms = optional_int(data, "deadline_ms");
        round.turn_expired = false;
    } else if (event.type == "round/turn-expired") {
        round.turn_expired = true;
    } else if (event.type == "round/turn-ended") {
        round.spoken.push_back(participant);
        end_turn(round);
    } else if (event.type == "round/passed") {
        if (round.current == participant) {
            end_turn(round);
        }
        remove_from(round.pending, participant);
        round.passed.push_back(participant);
    } else if (event.type == "round/moved-to-end") {
        if (round.current == participant) {
            end_turn(round);
        }
        remove_from(round.pending, participant);
        round.pending.push_back(participant);
    } else if (event.type == "round/finished") {
        ++m_finished;
        m_running.reset();
    }
}

} // namespace quorum::live
