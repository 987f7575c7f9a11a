#pragma once

#include "live/command.hpp"
#include "live/event.hpp"

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace quorum::live {

// SplitMix64 (Steele, Lea, Flood 2014), written out here so that a seed gives the
// same sequence on every platform and standard library: std::shuffle and the std
// distributions leave their algorithms unspecified.
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next();
    // Uniform in [0, bound), without modulo bias (rejection sampling). bound > 0.
    std::uint64_t below(std::uint64_t bound);

private:
    std::uint64_t m_state;
};

// Orders a round's speakers. `speakers` come as listed; Alphabetical compares names
// with text::fold_key (accents and case ignored, ties by id); Arrival puts the earliest
// arrivals first (unknown arrival last, ties as listed); Shuffled is a Fisher–Yates
// shuffle driven by SplitMix64(seed); Reverse walks `last_order` backwards, keeping
// those in `speakers`, then appends newcomers as listed.
std::vector<std::string> order_speakers(const std::vector<RosterEntry>& speakers, RoundOrder order, std::uint64_t seed,
                                        const std::vector<std::string>& last_order);

struct Round {
    std::int64_t round_id = 0;
    std::vector<std::string> order; // as drawn when the round started
    RoundOrder order_kind = RoundOrder::Listed;
    std::optional<std::uint64_t> seed;
    std::optional<int> per_speaker_seconds; // the turn length announced (absent: untimed)
    std::optional<int> total_seconds;       // when the round was given a total
    bool auto_advance = false;
    std::deque<std::string> pending; // still to speak, in order
    std::vector<std::string> spoken; // had their turn
    std::vector<std::string> passed; // passed, or had no budget left
    // The current turn.
    std::optional<std::string> current;
    std::int64_t turn_started_ms = 0;
    std::int64_t turn_paused_ms = 0;
    std::optional<int> turn_seconds;
    std::optional<std::int64_t> turn_deadline_ms;
    bool turn_expired = false;

    bool operator==(const Round&) const = default;
};

// Rounds: the one running (if any) and the order of the last one, for Reverse.
// Changes only through apply() of round/* events.
class Rounds {
public:
    void apply(const Event& event);
    void shift(std::int64_t paused_ms);

    const std::optional<Round>& running() const { return m_running; }
    const std::vector<std::string>& last_order() const { return m_last_order; }
    std::int64_t next_round_id() const { return m_next_round_id; }
    std::int64_t finished_count() const { return m_finished; }
    // The current turn's time so far, pauses excluded.
    std::int64_t turn_ms(std::int64_t effective_now) const;

    bool operator==(const Rounds&) const = default;

private:
    std::optional<Round> m_running;
    std::vector<std::string> m_last_order;
    std::int64_t m_next_round_id = 1;
    std::int64_t m_finished = 0;
};

} // namespace quorum::live
