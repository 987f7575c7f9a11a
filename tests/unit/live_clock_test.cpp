#include "live/clock.hpp"

#include "live_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <numeric>

using namespace live_fixture;
using quorum::text::Language;

namespace {

// A one-hour meeting: 10 + 20 + 20 + 10 minutes, started at 09:00 UTC.
Meeting hour_meeting() {
    Meeting m;
    m.roster(4);
    m.plan({{"1", "Welcome", 600}, {"2", "Budget", 1200}, {"3", "Projects", 1200}, {"4", "Misc", 600}});
    m.say("start meeting");
    return m;
}

} // namespace

BOOST_AUTO_TEST_SUITE(live_clock_test)

BOOST_AUTO_TEST_CASE(starting_the_meeting_starts_the_first_item_with_a_deadline) {
    Meeting m;
    m.plan({{"1", "Welcome", 600}, {"2", "Budget", 1200}});
    const auto events = m.say("start meeting");
    BOOST_TEST((types(events) == std::vector<std::string>{"meeting/started", "agenda/item-started"}));
    BOOST_TEST(events[0].data.int_or("planned_end_ms", 0) == k_t0 + 30 * k_minute);
    BOOST_TEST(events[1].data.int_or("deadline_ms", 0) == k_t0 + 10 * k_minute);
    const auto snapshot = m.live.snapshot(m.now);
    BOOST_TEST(snapshot.find("current_item")->string_or("id", "") == "1");
}

BOOST_AUTO_TEST_CASE(running_late_by_7_min_gives_the_projected_end) {
    Meeting m = hour_meeting();
    m.advance(17 * k_minute); // item 1 (10 min) runs 17 min
    const Schedule s = m.live.schedule(m.now);
    BOOST_TEST(s.late_by_seconds == 7 * 60);
    BOOST_TEST(s.projected_end_ms == k_t0 + 67 * k_minute);
    BOOST_TEST(s.planned_end_ms == k_t0 + 60 * k_minute);
    // 09:00 UTC + 1 h (Paris in March) + 67 min = 11:07.
    BOOST_TEST(format_schedule(s, Language::French, 60) == "en retard de 7 min, fin prévue à 11 h 07");
    BOOST_TEST(format_schedule(s, Language::English, 60) == "running late by 7 min, projected end 11:07 am");
    BOOST_TEST(format_schedule(s, Language::English, 0) == "running late by 7 min, projected end 10:07 am");
}

BOOST_AUTO_TEST_CASE(the_formatter_says_ahead_on_time_and_hours) {
    Schedule s;
    s.started = true;
    s.planned_end_ms = k_t0;
    s.projected_end_ms = k_t0 + 3 * 3600 * k_second + 37 * k_minute; // 12:37 UTC
    s.late_by_seconds = -3 * 60;
    BOOST_TEST(format_schedule(s, Language::English, 0) == "ahead by 3 min, projected end 12:37 pm");
    BOOST_TEST(format_schedule(s, Language::French, 0) == "en avance de 3 min, fin prévue à 12 h 37");
    s.late_by_seconds = 20; // rounds to 0
    BOOST_TEST(format_schedule(s, Language::French, 0) == "à l’heure, fin prévue à 12 h 37");
    BOOST_TEST(format_schedule(s, Language::English, 0) == "on time, projected end 12:37 pm");
    s.late_by_seconds = 65 * 60;
    BOOST_TEST(format_schedule(s, Language::French, -60) == "en retard de 1 h 05, fin prévue à 11 h 37");
    BOOST_TEST(format_schedule(s, Language::English, -720) == "running late by 1 h 5 min, projected end 12:37 am");
}

BOOST_AUTO_TEST_CASE(paused_time_is_not_counted) {
    Meeting m = hour_meeting();
    m.advance(4 * k_minute);
    m.say("pause");
    BOOST_TEST(m.live.next_deadline().has_value() == false);
    // Thirty minutes of pause: no overtime fires, elapsed stays at 4 min.
    BOOST_TEST(m.advance(30 * k_minute).empty());
    const auto during = m.live.snapshot(m.now);
    BOOST_TEST(during.find("current_item")->int_or("elapsed_ms", 0) == 4 * k_minute);
    const auto resumed = m.say("resume");
    BOOST_TEST(resumed[0].data.int_or("paused_ms", 0) == 30 * k_minute);
    // The deadline moved by the pause: 10 min of item time from the start, 40 in wall time.
    BOOST_TEST(*m.live.next_deadline() == k_t0 + 40 * k_minute);
    m.advance(5 * k_minute);
    BOOST_TEST(m.live.snapshot(m.now).find("current_item")->int_or("elapsed_ms", 0) == 9 * k_minute);
    BOOST_TEST(m.advance(59 * k_second).empty());
    BOOST_TEST(count(m.advance(1 * k_second), "agenda/item-overtime") == 1);
    // The pause pushed the projected end 30 min later than planned.
    BOOST_TEST(m.live.schedule(m.now).late_by_seconds == 30 * 60);
}

BOOST_AUTO_TEST_CASE(overtime_fires_once_per_timebox) {
    Meeting m = hour_meeting();
    BOOST_TEST(*m.live.next_deadline() == k_t0 + 10 * k_minute);
    BOOST_TEST(m.advance(9 * k_minute).empty());
    const auto fired = m.advance(2 * k_minute);
    BOOST_TEST((types(fired) == std::vector<std::string>{"agenda/item-overtime"}));
    BOOST_TEST(fired[0].data.int_or("deadline_ms", 0) == k_t0 + 10 * k_minute);
    BOOST_TEST(m.advance(1 * k_minute).empty());
    BOOST_TEST(m.advance(10 * k_minute).empty());
    BOOST_TEST(!m.live.next_deadline().has_value());
}

BOOST_AUTO_TEST_CASE(extending_moves_the_deadline_and_rearms_overtime) {
    Meeting m = hour_meeting();
    m.advance(5 * k_minute);
    const auto extended = m.say("+5 min");
    BOOST_TEST(extended[0].type == "agenda/item-extended");
    BOOST_TEST(extended[0].data.int_or("deadline_ms", 0) == k_t0 + 15 * k_minute);
    BOOST_TEST(m.advance(9 * k_minute).empty()); // 14 min
    BOOST_TEST(count(m.advance(1 * k_minute), "agenda/item-overtime") == 1);
    // Past the timebox, "give this item 10 minutes" means ten minutes from now.
    m.advance(3 * k_minute); // 18 min
    const auto again = m.say("give this item 10 minutes");
    BOOST_TEST(again[0].data.int_or("deadline_ms", 0) == k_t0 + 28 * k_minute);
    BOOST_TEST(again[0].data.int_or("seconds", 0) == 13 * 60);
    BOOST_TEST(count(m.advance(10 * k_minute), "agenda/item-overtime") == 1);
    const auto item = m.live.clock().items()[0];
    BOOST_TEST(item.extended_seconds == 18 * 60);
}

BOOST_AUTO_TEST_CASE(each_item_records_start_end_elapsed_and_overrun) {
    Meeting m = hour_meeting();
    m.advance(12 * k_minute);
    const auto next = m.say("next item");
    BOOST_TEST((types(next) == std::vector<std::string>{"agenda/item-ended", "agenda/item-started"}));
    BOOST_TEST(next[0].data.int_or("elapsed_ms", 0) == 12 * k_minute);
    BOOST_TEST(next[0].data.int_or("overrun_ms", 0) == 2 * k_minute);
    m.advance(15 * k_minute);
    m.say("skip item"); // item 2 skipped after 15 min, item 3 starts
    m.advance(1 * k_minute);
    m.say("previous item", facilitator(), Language::English);
    const auto& items = m.live.clock().items();
    BOOST_TEST((items[0].status == ItemStatus::Done));
    BOOST_TEST(*items[0].started_at_ms == k_t0);
    BOOST_TEST(*items[0].ended_at_ms == k_t0 + 12 * k_minute);
    BOOST_TEST((items[1].status == ItemStatus::Running)); // reopened
    BOOST_TEST((items[2].status == ItemStatus::Done));
    // A reopened item goes on from its elapsed time: 20 - 15 = 5 min left.
    BOOST_TEST(*items[1].deadline_ms == m.now + 5 * k_minute);
    m.advance(2 * k_minute);
    BOOST_TEST(m.live.snapshot(m.now).find("current_item")->int_or("elapsed_ms", 0) == 17 * k_minute);
}

BOOST_AUTO_TEST_CASE(navigation_errors_are_conflicts) {
    Meeting m;
    m.plan({{"1", "Only", 600}});
    BOOST_TEST(m.refuse(command(CommandKind::NextItem)).code == "conflict"); // not started
    m.say("start meeting");
    BOOST_TEST(m.refuse(command(CommandKind::NextItem)).code == "conflict");
    BOOST_TEST(m.refuse(command(CommandKind::PreviousItem)).code == "conflict");
    Command go = command(CommandKind::StartItem);
    go.item_id = "9";
    const auto e = m.refuse(go);
    BOOST_TEST(e.code == "invalid");
    BOOST_TEST(e.field == "item_id");
    BOOST_TEST(m.refuse(command(CommandKind::StartMeeting)).code == "conflict");
}

BOOST_AUTO_TEST_CASE(skipping_ahead_marks_a_pending_item) {
    Meeting m = hour_meeting();
    Command skip = command(CommandKind::SkipItem);
    skip.item_id = "3";
    const auto events = m.run(skip);
    BOOST_TEST((types(events) == std::vector<std::string>{"agenda/item-skipped"}));
    // The skipped item leaves the projection: 20 min ahead of the plan at once.
    BOOST_TEST(m.live.schedule(m.now).late_by_seconds == -20 * 60);
    m.say("next item");
    m.say("next item");
    BOOST_TEST((m.live.clock().items()[3].status == ItemStatus::Running));
}

BOOST_AUTO_TEST_CASE(the_replan_proposal_sums_to_the_remaining_time) {
    Meeting m = hour_meeting();
    m.advance(25 * k_minute); // item 1 overran by 15 min
    const ReplanProposal p = m.live.replan_proposal(m.now);
    BOOST_TEST(p.needed);
    BOOST_TEST(p.feasible);
    BOOST_TEST(p.available_seconds == 35 * 60);
    BOOST_REQUIRE(p.items.size() == 3u);
    int sum = 0;
    for (const auto& item : p.items) {
        sum += item.proposed_seconds;
        BOOST_TEST(item.proposed_seconds <= item.planned_seconds);
        BOOST_TEST(item.proposed_seconds >= 60);
    }
    BOOST_TEST(sum == 35 * 60);
    // Proportional: 20/20/10 of 50 minutes fit in 35: 14/14/7.
    BOOST_TEST(p.items[0].proposed_seconds == 14 * 60);
    BOOST_TEST(p.items[2].proposed_seconds == 7 * 60);
    // Nothing changes until the explicit command; then the meeting ends on time.
    BOOST_TEST(m.live.clock().items()[1].plan.planned_seconds == 1200);
    m.say("next item");
    m.say("replan");
    BOOST_TEST(m.live.clock().items()[2].plan.planned_seconds < 1200);
    BOOST_TEST(m.live.schedule(m.now).late_by_seconds == 0);
    BOOST_TEST(m.refuse(command(CommandKind::Replan)).code == "conflict"); // on time now
}

BOOST_AUTO_TEST_CASE(shrinking_respects_the_minimum_and_adds_up) {
    const std::vector<int> planned = {1800, 120, 600, 95};
    const auto out = shrink_to_fit(planned, 1000, 90);
    BOOST_TEST(std::accumulate(out.begin(), out.end(), 0) == 1000);
    for (size_t i = 0; i < out.size(); ++i) {
        BOOST_TEST(out[i] >= std::min(planned[i], 90));
        BOOST_TEST(out[i] <= planned[i]);
    }
    // Odd totals still add up to the second.
    const auto odd = shrink_to_fit({700, 700, 700}, 1001, 60);
    BOOST_TEST(std::accumulate(odd.begin(), odd.end(), 0) == 1001);
    // Not even the minimums fit: each gets its minimum.
    const auto tight = shrink_to_fit({600, 600, 600}, 100, 60);
    BOOST_TEST((tight == std::vector<int>{60, 60, 60}));
    // Already fits: unchanged.
    BOOST_TEST((shrink_to_fit({60, 60}, 500, 60) == std::vector<int>{60, 60}));
}

BOOST_AUTO_TEST_CASE(an_agenda_is_flattened_with_unique_ids) {
    quorum::AgendaItem parent;
    parent.number = "2";
    parent.title = "Projects";
    quorum::AgendaItem a;
    a.number = "2.a";
    a.title = "A";
    a.duration_seconds = 300;
    quorum::AgendaItem b;
    b.title = "B";
    parent.children = {a, b};
    quorum::AgendaItem first;
    first.number = "1";
    first.title = "Welcome";
    first.duration_seconds = 600;
    const auto flat = flatten_agenda({first, parent});
    BOOST_REQUIRE(flat.size() == 3u);
    BOOST_TEST(flat[0].id == "1");
    BOOST_TEST(flat[1].id == "2.a");
    BOOST_TEST(flat[1].planned_seconds == 300);
    BOOST_TEST(flat[2].id == "3");
    BOOST_TEST(flat[2].planned_seconds == 0);
}

BOOST_AUTO_TEST_SUITE_END()
