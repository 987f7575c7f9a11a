#include "live/round.hpp"

#include "live_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>

#include <set>

using namespace live_fixture;
using quorum::text::Language;

namespace {

std::vector<RosterEntry> people() {
    return {
        {"a", "Zoé Martin", true, k_t0 + 5000},  {"b", "émile Roy", true, k_t0 + 1000},
        {"c", "Eric Blanc", true, std::nullopt}, {"d", "Élodie Caron", true, k_t0 + 3000},
        {"e", "ana Diaz", true, k_t0 + 3000},
    };
}

Meeting started_with(std::vector<RosterEntry> roster) {
    Meeting m;
    m.roster(std::move(roster));
    m.plan({{"1", "Tour", 1800}, {"2", "Suite", 1800}});
    m.say("start meeting");
    return m;
}

std::vector<std::string> order_of(const Meeting& m) {
    return m.live.rounds().running()->order;
}

} // namespace

BOOST_AUTO_TEST_SUITE(live_round_test)

BOOST_AUTO_TEST_CASE(splitmix64_matches_the_reference_sequence) {
    // SplitMix64 seeded with 1234567, as computed by the published reference C code.
    SplitMix64 random(1234567);
    BOOST_TEST(random.next() == 6457827717110365317ULL);
    BOOST_TEST(random.next() == 3203168211198807973ULL);
    BOOST_TEST(random.next() == 9817491932198370423ULL);
}

BOOST_AUTO_TEST_CASE(listed_order_is_the_roster_order) {
    BOOST_TEST(
        (order_speakers(people(), RoundOrder::Listed, 0, {}) == std::vector<std::string>{"a", "b", "c", "d", "e"}));
}

BOOST_AUTO_TEST_CASE(alphabetical_order_ignores_accents_and_case) {
    BOOST_TEST((order_speakers(people(), RoundOrder::Alphabetical, 0, {}) ==
                std::vector<std::string>{"e", "d", "b", "c", "a"}));
}

BOOST_AUTO_TEST_CASE(arrival_order_puts_unknown_arrivals_last) {
    // b at +1 s, d and e tie at +3 s (kept as listed), a at +5 s, c unknown.
    BOOST_TEST(
        (order_speakers(people(), RoundOrder::Arrival, 0, {}) == std::vector<std::string>{"b", "d", "e", "a", "c"}));
}

BOOST_AUTO_TEST_CASE(a_seeded_shuffle_is_reproducible_and_depends_on_the_seed) {
    std::vector<RosterEntry> many;
    for (int i = 0; i < 32; ++i) {
        many.push_back({"p" + std::to_string(i), "P" + std::to_string(i), true, std::nullopt});
    }
    const auto one = order_speakers(many, RoundOrder::Shuffled, 42, {});
    BOOST_TEST((one == order_speakers(many, RoundOrder::Shuffled, 42, {})));
    BOOST_TEST((one != order_speakers(many, RoundOrder::Shuffled, 43, {})));
    BOOST_TEST((one != order_speakers(many, RoundOrder::Listed, 0, {})));
    BOOST_TEST(std::set<std::string>(one.begin(), one.end()).size() == 32u);
    // Pinned: the algorithm is ours, so the order must never change across platforms.
    const auto five = order_speakers(people(), RoundOrder::Shuffled, 7, {});
    BOOST_TEST((five == order_speakers(people(), RoundOrder::Shuffled, 7, {})));
}

// 32 people at 1 min each in a 20-minute item: the round starts, and says it cannot fit and
// what would (37 s each); a round that fits says nothing of the kind.
BOOST_AUTO_TEST_CASE(a_round_that_does_not_fit_the_item_says_so_and_what_would) {
    Meeting m;
    m.roster(32);
    m.plan({{"1", "Tour de table", 1200}, {"2", "Suite", 1800}});
    m.say("start meeting");
    const auto events = m.say("round 1m");
    const auto started = std::find_if(events.begin(), events.end(), [](const Event& e) { return e.type == "round/started"; });
    BOOST_REQUIRE(started != events.end());
    const auto* over = started->data.find("does_not_fit");
    BOOST_REQUIRE(over != nullptr);
    BOOST_TEST(over->int_or("needed_seconds", 0) == 32 * 60);
    BOOST_TEST(over->int_or("item_left_seconds", 0) == 1200);
    BOOST_TEST(over->int_or("fitting_seconds", 0) == 37);

    Meeting small = started_with(people());
    const auto fits = small.say("round 1m");
    const auto small_started = std::find_if(fits.begin(), fits.end(), [](const Event& e) { return e.type == "round/started"; });
    BOOST_REQUIRE(small_started != fits.end());
    BOOST_TEST(small_started->data.find("does_not_fit") == nullptr);
}

BOOST_AUTO_TEST_CASE(reverse_walks_the_last_round_backwards_and_appends_newcomers) {
    auto speakers = people();
    speakers.push_back({"f", "Fanny", true, std::nullopt});
    BOOST_TEST((order_speakers(speakers, RoundOrder::Reverse, 0, {"c", "a", "x", "e", "b", "d"}) ==
                std::vector<std::string>{"d", "b", "e", "a", "c", "f"}));
}

BOOST_AUTO_TEST_CASE(rounds_through_the_meeting_in_each_order) {
    Meeting m = started_with(people());
    m.say("round 1m alphabetical");
    BOOST_TEST((order_of(m) == std::vector<std::string>{"e", "d", "b", "c", "a"}));
    for (int i = 0; i < 5; ++i) {
        m.say("next speaker");
    }
    BOOST_TEST(!m.live.rounds().running().has_value());
    m.say("tour de table 1 min inverse", facilitator(), Language::French);
    BOOST_TEST((order_of(m) == std::vector<std::string>{"a", "c", "b", "d", "e"}));
    for (int i = 0; i < 5; ++i) {
        m.say("au suivant", facilitator(), Language::French);
    }
    // c came with no arrival time: the roster records when it first saw them present
    // (t0), before everyone else's.
    m.say("round 1m arrival");
    BOOST_TEST((order_of(m) == std::vector<std::string>{"c", "b", "d", "e", "a"}));
    for (int i = 0; i < 5; ++i) {
        m.say("next speaker");
    }
    const auto started = m.say("round 1m shuffle seed 99");
    BOOST_TEST(started[0].data.string_or("seed", "") == "99");
    BOOST_TEST((order_of(m) == order_speakers(people(), RoundOrder::Shuffled, 99, {})));
}

BOOST_AUTO_TEST_CASE(twenty_minutes_for_32_people_is_37_seconds_each) {
    Meeting m;
    m.roster(32);
    m.plan({{"1", "Tour d'écran", 1200}});
    m.say("début de la réunion", facilitator(), Language::French);
    const auto events = m.say("tour de table 20 min au total", facilitator(), Language::French);
    BOOST_REQUIRE(events.size() >= 2u);
    BOOST_TEST(events[0].type == "round/started");
    // Announced before the first turn starts.
    BOOST_TEST(events[0].data.int_or("per_speaker_seconds", 0) == 37);
    BOOST_TEST(events[0].data.int_or("total_seconds", 0) == 1200);
    BOOST_TEST(events[0].data.find("order")->as_array().size() == 32u);
    BOOST_TEST(events[1].type == "round/turn-started");
    BOOST_TEST(events[1].data.int_or("deadline_ms", 0) == m.now + 37 * k_second);
}

BOOST_AUTO_TEST_CASE(a_speaker_can_pass_or_be_moved_to_the_end) {
    Meeting m = started_with(people());
    m.say("round 2m");
    BOOST_TEST(*m.live.rounds().running()->current == "a");
    m.advance(20 * k_second);
    // The current speaker passes: the next turn starts.
    const auto passed = m.say("pass", participant("a"));
    BOOST_TEST((types(passed) == std::vector<std::string>{"round/passed", "round/turn-started"}));
    BOOST_TEST(*m.live.rounds().running()->current == "b");
    // Someone waiting passes ahead of their turn.
    m.say("je passe", participant("d"), Language::French);
    // The current speaker goes to the end.
    m.say("move to end");
    const auto& round = *m.live.rounds().running();
    BOOST_TEST(*round.current == "c");
    BOOST_TEST(
        (std::vector<std::string>(round.pending.begin(), round.pending.end()) == std::vector<std::string>{"e", "b"}));
    BOOST_TEST((round.passed == std::vector<std::string>{"a", "d"}));
    // A participant cannot pass for someone else; d has no turn left.
    BOOST_TEST(m.refuse(parse_command("pass Eric").value(), participant("e")).code == "forbidden");
    BOOST_TEST(m.refuse(command(CommandKind::Pass), participant("d")).code == "conflict");
    m.say("next speaker");
    m.say("next speaker");
    const auto last = m.say("next speaker");
    BOOST_TEST((types(last) == std::vector<std::string>{"round/turn-ended", "round/finished"}));
    // a spoke 20 s before passing; d never had the floor.
    const auto times = m.live.speaking_times(m.now);
    BOOST_REQUIRE(times.size() == 1u);
    BOOST_TEST(times[0].participant_id == "a");
    BOOST_TEST(times[0].ms == 20 * k_second);
}

BOOST_AUTO_TEST_CASE(auto_advance_moves_on_when_a_turn_expires) {
    Meeting m = started_with(people());
    m.say("round 30s auto");
    BOOST_TEST(*m.live.next_deadline() == m.now + 30 * k_second);
    BOOST_TEST(m.advance(29 * k_second).empty());
    // The timer fires late: the turn is still credited 30 s, the next starts now.
    const auto fired = m.advance(3 * k_second);
    BOOST_TEST(
        (types(fired) == std::vector<std::string>{"round/turn-expired", "round/turn-ended", "round/turn-started"}));
    BOOST_TEST(fired[1].data.find("spoke")->as_array()[0].int_or("ms", 0) == 30 * k_second);
    BOOST_TEST(fired[2].data.int_or("deadline_ms", 0) == m.now + 30 * k_second);
    // A server down for ten minutes advances one turn per tick, not the whole round at once.
    const auto late = m.advance(10 * k_minute);
    BOOST_TEST(count(late, "round/turn-started") == 1);
    m.advance(30 * k_second);
    m.advance(30 * k_second);
    const auto finished = m.advance(30 * k_second);
    BOOST_TEST(count(finished, "round/finished") == 1);
    BOOST_TEST(!m.live.rounds().running().has_value());
}

BOOST_AUTO_TEST_CASE(without_auto_advance_an_expired_turn_waits_for_next) {
    Meeting m = started_with(people());
    m.say("round 30s");
    const auto fired = m.advance(31 * k_second);
    BOOST_TEST((types(fired) == std::vector<std::string>{"round/turn-expired"}));
    BOOST_TEST(m.advance(30 * k_second).empty());
    BOOST_TEST(*m.live.rounds().running()->current == "a");
    const auto next = m.say("next speaker");
    BOOST_TEST(next[0].data.find("spoke")->as_array()[0].int_or("ms", 0) == 61 * k_second);
}

BOOST_AUTO_TEST_CASE(pausing_a_round_stops_its_clock) {
    Meeting m = started_with(people());
    m.say("round 1m auto");
    m.advance(20 * k_second);
    m.say("pause");
    BOOST_TEST(m.advance(5 * k_minute).empty());
    BOOST_TEST(m.refuse(command(CommandKind::NextSpeaker)).code == "conflict");
    m.say("resume");
    BOOST_TEST(*m.live.next_deadline() == m.now + 40 * k_second);
    BOOST_TEST(m.live.rounds().turn_ms(m.now) == 20 * k_second);
}

BOOST_AUTO_TEST_CASE(a_speaking_budget_spans_items_and_caps_turns) {
    Meeting m = started_with(people());
    m.say("budget 3 min");
    m.say("round 2m");
    m.advance(2 * k_minute); // a speaks 2 min: 1 min left
    for (int i = 0; i < 5; ++i) {
        m.say("next speaker");
    }
    m.say("next item");
    // Next item, next round: a's turn is cut to what is left of the budget.
    const auto events = m.say("round 2m");
    BOOST_TEST(events[1].data.string_or("participant_id", "") == "a");
    BOOST_TEST(events[1].data.int_or("seconds", 0) == 60);
    BOOST_TEST(*m.live.budget_left_ms("a", m.now) == 60 * k_second);
    m.advance(60 * k_second);
    m.say("next speaker");
    BOOST_TEST(*m.live.budget_left_ms("a", m.now) == 0);
    for (int i = 0; i < 4; ++i) {
        m.say("next speaker");
    }
    // A third round: a has nothing left and is passed over.
    const auto third = m.say("round 2m");
    BOOST_TEST(third[1].type == "round/passed");
    BOOST_TEST(third[1].data.string_or("reason", "") == "budget");
    BOOST_TEST(third[2].data.string_or("participant_id", "") == "b");
}

BOOST_AUTO_TEST_CASE(a_round_over_a_chosen_list) {
    Meeting m = started_with(people());
    Command c = command(CommandKind::StartRound);
    c.participant_ids = {"d", "b"};
    c.seconds = 45;
    m.run(c);
    BOOST_TEST((order_of(m) == std::vector<std::string>{"d", "b"}));
    c.participant_ids = {"zz"};
    m.say("next speaker");
    m.say("next speaker");
    BOOST_TEST(m.refuse(c).field == "participant_ids");
}

BOOST_AUTO_TEST_CASE(round_conflicts) {
    Meeting m = started_with(people());
    BOOST_TEST(m.refuse(parse_command("round 1m reverse").value()).code == "conflict"); // no previous round
    BOOST_TEST(m.refuse(command(CommandKind::Pass), participant("a")).code == "conflict");
    m.say("round 1m");
    BOOST_TEST(m.refuse(parse_command("round 1m").value()).code == "conflict");
}

BOOST_AUTO_TEST_SUITE_END()
