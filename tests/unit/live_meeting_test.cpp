#include "live/meeting.hpp"

#include "live_fixture.hpp"
#include "util/value.hpp"

#include <boost/test/unit_test.hpp>

using namespace live_fixture;
using quorum::parse_json;
using quorum::to_json;
using quorum::Value;
using quorum::text::Language;

namespace {

// The seed meeting's scale: 32 people, a 2-hour agenda with a 20-minute tour d'écran.
Meeting seed_meeting() {
    Meeting m;
    m.roster(32);
    m.plan({{"1", "Accueil", 600},
            {"2", "Tour d'écran", 1200},
            {"3", "Budget", 1800},
            {"4", "Projets", 1800},
            {"5", "Divers", 600}});
    return m;
}

// Replays a log the way the server restores it: each event through JSON and back.
LiveMeeting replay(const std::vector<Event>& log) {
    LiveMeeting fresh;
    for (const auto& event : log) {
        const auto data = parse_json(to_json(event.data));
        BOOST_REQUIRE(data.has_value());
        fresh.apply(Event{event.type, event.at_ms, *data});
    }
    return fresh;
}

} // namespace

BOOST_AUTO_TEST_SUITE(live_meeting_test)

BOOST_AUTO_TEST_CASE(replaying_a_long_scenario_rebuilds_an_equal_state) {
    Meeting m = seed_meeting();
    m.say("budget 6 min");
    m.say("time speakers at 2m");
    m.say("start meeting");
    // Item 1: the queue, with every entry type, a reorder and a last word.
    m.say("q+ to say welcome", participant("p2"));
    m.say("qq+", participant("p3"));
    m.say("point of order", participant("p4"));
    m.say("q?", participant("p5"));
    m.say("ack next");
    m.advance(50 * k_second);
    m.say("ack next");
    m.advance(2 * k_minute + 10 * k_second); // speaker overtime
    m.say("q-", participant("p3"));
    m.say("close the queue");
    m.say("last word Person 07");
    m.say("ack next");
    m.advance(30 * k_second);
    m.say("ack next");
    m.advance(40 * k_second);
    m.say("ack next");
    m.say("open the queue");
    m.advance(8 * k_minute); // item 1 overtime
    m.say("+2 min");
    m.advance(3 * k_minute);
    // Item 2: the tour d'écran, 20 min for 32 people, shuffled and auto-advancing.
    m.say("point suivant", facilitator(), Language::French);
    m.say("tour de table 20 min au total aléatoire auto graine 2021", facilitator(), Language::French);
    for (int i = 0; i < 10; ++i) {
        m.advance(37 * k_second);
    }
    const std::string current = *m.live.rounds().running()->current;
    m.say("pass", participant(current));
    m.say("move to end");
    m.say("pause");
    m.advance(5 * k_minute);
    m.say("resume");
    for (int i = 0; i < 40; ++i) {
        m.advance(37 * k_second);
    }
    BOOST_TEST(!m.live.rounds().running().has_value());
    // Item 3: a reversed round by hand, then a re-plan.
    m.say("next item");
    m.say("round 45s reverse");
    for (int i = 0; i < 10; ++i) {
        m.advance(20 * k_second);
        m.say("next speaker");
    }
    m.advance(10 * k_minute);
    m.say("replan");
    m.say("skip item");
    m.advance(k_minute);
    // Snapshot mid-meeting with a round running, then end it.
    const LiveMeeting middle = replay(m.log);
    BOOST_TEST((middle == m.live));
    BOOST_TEST((middle.snapshot(m.now) == m.live.snapshot(m.now)));
    // Acks wait while a round runs; ending the meeting credits the round's speaker.
    m.say("q+", participant("p9"));
    BOOST_TEST(m.refuse(command(CommandKind::AckNext)).code == "conflict");
    m.advance(k_minute);
    m.say("end meeting");

    BOOST_TEST(m.log.size() > 150u);
    const LiveMeeting rebuilt = replay(m.log);
    BOOST_TEST((rebuilt == m.live));
    BOOST_TEST(to_json(rebuilt.snapshot(m.now)) == to_json(m.live.snapshot(m.now)));
    // Everyone present spoke in the tour d'écran, except whoever passed.
    BOOST_TEST(m.live.not_yet_spoken(m.now).size() <= 2u);
}

BOOST_AUTO_TEST_CASE(deadlines_resume_after_a_restart) {
    Meeting m = seed_meeting();
    m.say("start meeting");
    m.say("next item");
    m.say("round 30s auto");
    m.advance(10 * k_second);
    // The server stops here and comes back 25 s later.
    LiveMeeting restarted = replay(m.log);
    BOOST_TEST(*restarted.next_deadline() == k_t0 + 30 * k_second);
    const auto events = restarted.tick(k_t0 + 35 * k_second);
    BOOST_TEST(count(events, "round/turn-expired") == 1);
    BOOST_TEST(count(events, "round/turn-started") == 1);
}

BOOST_AUTO_TEST_CASE(the_last_notice_stays_in_the_state_and_survives_a_replay) {
    Meeting m = seed_meeting();
    BOOST_TEST(m.live.snapshot(m.now)["notice"].is_null());
    m.say("start meeting");
    m.say("notice Pause de 10 minutes à 10 h 30");
    m.advance(5 * k_second);
    m.say("notice Reprise à 10 h 40");
    Value notice = m.live.snapshot(m.now)["notice"];
    BOOST_TEST(notice["text"].as_string() == "Reprise à 10 h 40");
    BOOST_TEST(notice["at_ms"].as_int() == m.now);
    BOOST_TEST(to_json(replay(m.log).snapshot(m.now)) == to_json(m.live.snapshot(m.now)));
}

BOOST_AUTO_TEST_CASE(roles_are_enforced) {
    Meeting m = seed_meeting();
    const Actor observer{std::nullopt, Role::Observer};
    const Actor timekeeper{std::string("p3"), Role::Timekeeper};
    const Actor note_taker{std::string("p4"), Role::NoteTaker};
    BOOST_TEST(m.refuse(command(CommandKind::StartMeeting), participant("p2")).code == "forbidden");
    BOOST_TEST(m.refuse(command(CommandKind::StartMeeting), timekeeper).code == "forbidden");
    m.say("start meeting");
    // Observers do nothing, not even raise a hand.
    BOOST_TEST(m.refuse(command(CommandKind::RaiseHand), observer).code == "forbidden");
    // Participants manage their own hand only.
    m.say("q+", participant("p2"));
    Command for_other = command(CommandKind::RaiseHand);
    for_other.participant_id = "p5";
    BOOST_TEST(m.refuse(for_other, participant("p2")).code == "forbidden");
    BOOST_TEST(m.refuse(command(CommandKind::AckNext), participant("p2")).code == "forbidden");
    BOOST_TEST(m.refuse(command(CommandKind::NextItem), participant("p2")).code == "forbidden");
    // The timekeeper drives the clock and rounds, not the queue.
    m.say("next item", timekeeper);
    m.say("+5 min", timekeeper);
    m.say("round 1m", timekeeper);
    m.say("next speaker", timekeeper);
    BOOST_TEST(m.refuse(command(CommandKind::CloseQueue), timekeeper).code == "forbidden");
    BOOST_TEST(m.refuse(command(CommandKind::EndMeeting), timekeeper).code == "forbidden");
    // Note-takers take attendance (a server command) but do not drive the clock.
    BOOST_TEST(m.refuse(command(CommandKind::NextItem), note_taker).code == "forbidden");
    // Without a round, "next speaker" acks the queue, which is the facilitator's.
    for (int i = 0; i < 31; ++i) {
        m.say("next speaker", timekeeper);
    }
    BOOST_TEST(!m.live.rounds().running().has_value());
    BOOST_TEST(m.refuse(command(CommandKind::NextSpeaker), timekeeper).code == "forbidden");
    // Messages come in the actor's language.
    const auto fr = m.live.execute(command(CommandKind::CloseQueue), timekeeper, m.now, Language::French);
    BOOST_REQUIRE(!fr.has_value());
    BOOST_TEST(fr.error().message.find("ne peut pas") != std::string::npos, fr.error().message);
}

BOOST_AUTO_TEST_CASE(server_commands_are_not_mine) {
    Meeting m = seed_meeting();
    for (const char* text : {"agenda+ Budget", "présent+ Person 01", "excusé+ Person 02", "aide"}) {
        const auto parsed = parse_command(text, Language::French);
        BOOST_REQUIRE(parsed.has_value());
        const auto result = m.live.execute(*parsed, facilitator(), m.now, Language::French);
        BOOST_REQUIRE(!result.has_value());
        BOOST_TEST(result.error().code == "not_mine", text);
    }
}

BOOST_AUTO_TEST_CASE(a_failed_command_changes_nothing) {
    Meeting m = seed_meeting();
    m.say("start meeting");
    const LiveMeeting before = m.live;
    Command round = command(CommandKind::StartRound);
    round.participant_ids = {"p1", "p2", "nobody"};
    BOOST_TEST(m.refuse(round).code == "invalid");
    BOOST_TEST(m.refuse(parse_command("last word Nobody Here").value()).field == "text");
    BOOST_TEST((m.live == before));
}

BOOST_AUTO_TEST_CASE(the_roster_keeps_arrival_times_and_absent_people_are_not_called) {
    Meeting m;
    m.roster({{"a", "Ana", true, std::nullopt}, {"b", "Bo", false, std::nullopt}, {"c", "Cy", true, std::nullopt}});
    BOOST_TEST(*m.live.participant("a")->arrived_ms == k_t0);
    BOOST_TEST(!m.live.participant("b")->arrived_ms.has_value());
    m.now += k_minute;
    m.roster({{"a", "Ana", true, std::nullopt}, {"b", "Bo", true, std::nullopt}, {"c", "Cy", true, std::nullopt}});
    BOOST_TEST(*m.live.participant("a")->arrived_ms == k_t0);
    BOOST_TEST(*m.live.participant("b")->arrived_ms == k_t0 + k_minute);
    m.roster({{"a", "Ana", true, std::nullopt}, {"b", "Bo", true, std::nullopt}, {"c", "Cy", false, std::nullopt}});
    m.plan({{"1", "Only", 600}});
    m.say("start meeting");
    m.say("round 1m arrival");
    BOOST_TEST((m.live.rounds().running()->order == std::vector<std::string>{"a", "b"}));
    // An attendance event from elsewhere (the store) updates one person in place.
    Value data = Value::object();
    Value person = Value::object();
    person["id"] = "d";
    person["name"] = "Dee";
    person["present"] = true;
    person["arrived_ms"] = m.now;
    data["participants"].push_back(person);
    m.live.apply(Event{"attendance/changed", m.now, data});
    BOOST_TEST(m.live.roster().size() == 4u);
}

BOOST_AUTO_TEST_CASE(the_snapshot_has_what_a_client_renders) {
    Meeting m = seed_meeting();
    m.say("start meeting");
    m.say("time speakers at 1m");
    m.say("q+ to say hello", participant("p2"));
    m.say("q+", participant("p3"));
    m.say("ack");
    m.advance(20 * k_second);
    const Value s = m.live.snapshot(m.now);
    const Value* item = s.find("current_item");
    BOOST_TEST(item->string_or("title", "") == "Accueil");
    BOOST_TEST(item->int_or("started_at_ms", 0) == k_t0);
    BOOST_TEST(item->int_or("deadline_ms", 0) == k_t0 + 10 * k_minute);
    BOOST_TEST(item->int_or("elapsed_ms", 0) == 20 * k_second);
    BOOST_TEST(s.find("schedule")->int_or("late_by_seconds", 1) == 0);
    const Value* speaker = s.find("queue")->find("speaker");
    BOOST_TEST(speaker->string_or("name", "") == "Person 02");
    BOOST_TEST(speaker->string_or("note", "") == "hello");
    BOOST_TEST(speaker->int_or("deadline_ms", 0) == k_t0 + k_minute);
    BOOST_TEST(s.find("queue")->find("entries")->as_array().size() == 1u);
    BOOST_TEST(s.find("speaking")->find("not_yet_spoken")->as_array().size() == 31u);
    BOOST_TEST(s.int_or("next_deadline_ms", 0) == k_t0 + k_minute);
    BOOST_TEST(s.find("agenda")->as_array().size() == 5u);
    // Serializable as it is.
    BOOST_TEST(parse_json(to_json(s)).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
