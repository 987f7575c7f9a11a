#include "live/queue.hpp"

#include "live_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace live_fixture;
using quorum::text::Language;

namespace {

std::vector<std::string> queue_order(const Meeting& m) {
    std::vector<std::string> out;
    for (const auto& e : m.live.queue().entries()) {
        out.push_back(e.participant_id + ":" + std::string(entry_type_name(e.type)));
    }
    return out;
}

Meeting started(int people = 8) {
    Meeting m;
    m.roster(people);
    m.plan({{"1", "Discussion", 3600}});
    m.say("start meeting");
    return m;
}

} // namespace

BOOST_AUTO_TEST_SUITE(live_queue_test)

BOOST_AUTO_TEST_CASE(entries_follow_tcq_priority_and_fifo_within_a_type) {
    Meeting m = started();
    m.say("q+ to say something", participant("p2"));
    m.say("q+", participant("p3"));
    m.say("qq+", participant("p4"));
    m.say("q?", participant("p5"));
    m.say("point of order", participant("p6"));
    m.say("qq+", participant("p7"));
    m.say("clarify+", participant("p8"));
    BOOST_TEST((queue_order(m) == std::vector<std::string>{"p6:point-of-order", "p5:clarify", "p8:clarify", "p4:reply",
                                                           "p7:reply", "p2:topic", "p3:topic"}));
    BOOST_TEST(m.live.queue().entries()[5].note == "something");
}

BOOST_AUTO_TEST_CASE(ack_gives_the_floor_and_credits_the_previous_speaker) {
    Meeting m = started();
    m.say("q+", participant("p2"));
    m.say("q+", participant("p3"));
    const auto first = m.say("ack next");
    BOOST_TEST(first[0].data.string_or("action", "") == "acked");
    BOOST_TEST(m.live.queue().speaker()->participant_id == "p2");
    m.advance(90 * k_second);
    const auto second = m.say("ack");
    const auto& spoke = second[0].data.find("spoke")->as_array();
    BOOST_REQUIRE(spoke.size() == 1u);
    BOOST_TEST(spoke[0].string_or("participant_id", "") == "p2");
    BOOST_TEST(spoke[0].int_or("ms", 0) == 90 * k_second);
    m.advance(30 * k_second);
    // The queue is empty: ack ends the current speech.
    const auto done = m.say("ack next");
    BOOST_TEST(done[0].data.string_or("action", "") == "speaker-done");
    BOOST_TEST(!m.live.queue().speaker().has_value());
    BOOST_TEST(m.refuse(command(CommandKind::AckNext)).code == "conflict");
    const auto times = m.live.speaking_times(m.now);
    BOOST_REQUIRE(times.size() == 2u);
    BOOST_TEST(times[0].participant_id == "p2");
    BOOST_TEST(times[0].ms == 90 * k_second);
    BOOST_TEST(times[1].ms == 30 * k_second);
}

BOOST_AUTO_TEST_CASE(lowering_a_hand_removes_your_entries_only) {
    Meeting m = started();
    m.say("q+", participant("p2"));
    m.say("q?", participant("p2"));
    m.say("q+", participant("p3"));
    m.say("q-", participant("p2"));
    BOOST_TEST((queue_order(m) == std::vector<std::string>{"p3:topic"}));
    const auto e = m.refuse(command(CommandKind::LowerHand), participant("p2"));
    BOOST_TEST(e.code == "conflict");
}

// "q+ Person 05 pour dire …" from the facilitator raises that person's hand; a note that names
// nobody stays the facilitator's own.
BOOST_AUTO_TEST_CASE(the_facilitator_raises_a_hand_for_someone_by_name) {
    Meeting m = started();
    m.say("q+ Person 05 pour dire le budget", facilitator(), Language::French);
    m.say("qq+ Person 06: a quick reply");
    m.say("q+ the budget first");
    BOOST_TEST((queue_order(m) == std::vector<std::string>{"p6:reply", "p5:topic", "p1:topic"}));
    BOOST_TEST(m.live.queue().entries()[1].note == "le budget");
    BOOST_TEST(m.live.queue().entries()[0].note == "a quick reply");
    BOOST_TEST(m.live.queue().entries()[2].note == "the budget first");
    // A participant typing a name raises their own hand, with the name as the note
    m.say("q+ Person 07 said it well", participant("p3"));
    BOOST_TEST(m.live.queue().entries().back().participant_id == "p3");
}

// "passe Person 04": the facilitator passes someone's turn in a round.
BOOST_AUTO_TEST_CASE(the_facilitator_passes_for_someone_by_name) {
    Meeting m = started(4);
    m.say("tour de table 1 min", facilitator(), Language::French);
    m.say("passe Person 04", facilitator(), Language::French);
    const auto& pending = m.live.rounds().running()->pending;
    BOOST_TEST((std::find(pending.begin(), pending.end(), "p4") == pending.end()));
}

BOOST_AUTO_TEST_CASE(a_closed_queue_refuses_participants_but_not_the_facilitator) {
    Meeting m = started();
    m.say("close the queue");
    Command raise = command(CommandKind::RaiseHand);
    const auto e = m.refuse(raise, participant("p2"));
    BOOST_TEST(e.code == "conflict");
    // The facilitator can still add someone.
    raise.participant_id = "p2";
    m.run(raise);
    BOOST_TEST(m.live.queue().entries().size() == 1u);
    BOOST_TEST(m.refuse(command(CommandKind::CloseQueue)).code == "conflict");
}

BOOST_AUTO_TEST_CASE(reopening_lets_participants_in_again) {
    Meeting m = started();
    m.say("fermer la file", facilitator(), Language::French);
    m.say("ouvrir la file", facilitator(), Language::French);
    m.say("q+", participant("p2"));
    BOOST_TEST(!m.live.queue().closed());
    BOOST_TEST(m.live.queue().entries().size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_last_word_goes_last_and_closes_the_queue) {
    Meeting m = started();
    m.say("q+", participant("p2"));
    m.say("last word Person 05");
    BOOST_TEST(m.live.queue().closed());
    BOOST_TEST(m.refuse(command(CommandKind::RaiseHand), participant("p3")).code == "conflict");
    // A facilitator's point of order still goes before the last word.
    Command po = command(CommandKind::RaiseHand);
    po.entry_type = EntryType::PointOfOrder;
    m.run(po);
    BOOST_TEST((queue_order(m) == std::vector<std::string>{"p1:point-of-order", "p2:topic", "p5:last-word"}));
    m.say("ack");
    m.say("ack");
    m.say("ack");
    BOOST_TEST(m.live.queue().speaker()->participant_id == "p5");
    m.say("ack"); // the last word ends: nobody is left and the queue stays closed
    BOOST_TEST(m.live.queue().closed());
    BOOST_TEST(m.live.queue().entries().empty());
}

BOOST_AUTO_TEST_CASE(the_facilitator_reorders_entries) {
    Meeting m = started();
    m.say("q+", participant("p2"));
    m.say("q+", participant("p3"));
    m.say("q+", participant("p4"));
    const auto id = m.live.queue().entries()[2].entry_id;
    m.say("move " + std::to_string(id) + " to 1");
    BOOST_TEST((queue_order(m) == std::vector<std::string>{"p4:topic", "p2:topic", "p3:topic"}));
    Command bad = command(CommandKind::MoveEntry);
    bad.entry_id = id;
    bad.position = 3;
    BOOST_TEST(m.refuse(bad).field == "position");
}

BOOST_AUTO_TEST_CASE(a_speaker_limit_gives_a_deadline_and_overtime_fires_once) {
    Meeting m = started();
    m.say("time speakers at 2m");
    BOOST_TEST(*m.live.queue().limit_seconds() == 120);
    m.say("q+", participant("p2"));
    m.advance(10 * k_minute); // the item's own deadline is much later
    m.say("ack next");
    BOOST_TEST(*m.live.queue().speaker()->deadline_ms == m.now + 2 * k_minute);
    BOOST_TEST(*m.live.next_deadline() == m.now + 2 * k_minute);
    const auto fired = m.advance(2 * k_minute);
    BOOST_REQUIRE(fired.size() == 1u);
    BOOST_TEST(fired[0].data.string_or("action", "") == "speaker-overtime");
    BOOST_TEST(m.advance(k_minute).empty());
    m.say("no time limit");
    BOOST_TEST(!m.live.queue().limit_seconds().has_value());
}

BOOST_AUTO_TEST_CASE(speaking_time_accumulates_and_lists_who_has_not_spoken) {
    Meeting m = started(5);
    for (int turn = 0; turn < 3; ++turn) {
        m.say("q+", participant("p2"));
        m.say("ack");
        m.advance(40 * k_second);
        m.say("ack");
    }
    m.say("q+", participant("p3"));
    m.say("ack");
    m.advance(15 * k_second);
    // Live: the ongoing speech counts.
    const auto times = m.live.speaking_times(m.now);
    BOOST_REQUIRE(times.size() == 2u);
    BOOST_TEST(times[0].participant_id == "p2");
    BOOST_TEST(times[0].ms == 120 * k_second);
    BOOST_TEST(times[1].participant_id == "p3");
    BOOST_TEST(times[1].ms == 15 * k_second);
    BOOST_TEST((m.live.not_yet_spoken(m.now) == std::vector<std::string>{"p1", "p4", "p5"}));
    const auto snapshot = m.live.snapshot(m.now);
    BOOST_TEST(snapshot.find("speaking")->find("times")->as_array().size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_speaking_budget_caps_a_queue_turn) {
    Meeting m = started();
    m.say("budget 3 min");
    m.say("time speakers at 2m");
    m.say("q+", participant("p2"));
    m.say("ack");
    m.advance(150 * k_second); // past the 2-minute limit: 30 s of budget left
    m.say("q+", participant("p2"));
    m.say("ack");
    BOOST_TEST(*m.live.queue().speaker()->deadline_ms == m.now + 30 * k_second);
    BOOST_TEST(*m.live.budget_left_ms("p2", m.now) == 30 * k_second);
}

BOOST_AUTO_TEST_SUITE_END()
