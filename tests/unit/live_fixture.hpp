#pragma once

// A live meeting on a fake clock, shared by the tests/unit/live_*_test.cpp suites.

#include "live/meeting.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace live_fixture {

using namespace quorum::live;

// 2026-03-10 09:00:00 UTC.
constexpr std::int64_t k_t0 = 1773133200000;
constexpr std::int64_t k_second = 1000;
constexpr std::int64_t k_minute = 60 * k_second;

inline Actor facilitator() {
    return Actor{std::string("p1"), Role::Facilitator};
}
inline Actor participant(std::string id) {
    return Actor{std::move(id), Role::Participant};
}

struct Meeting {
    LiveMeeting live;
    std::int64_t now = k_t0;
    std::vector<Event> log; // every event, in order, as the server would persist them

    std::vector<Event> run(const Command& command, const Actor& actor = facilitator()) {
        auto result = live.execute(command, actor, now);
        BOOST_REQUIRE_MESSAGE(result.has_value(), "command failed: " + (result ? "" : result.error().message));
        log.insert(log.end(), result->begin(), result->end());
        return *result;
    }

    std::vector<Event> say(std::string_view text, const Actor& actor = facilitator(),
                           quorum::text::Language lang = quorum::text::Language::English) {
        auto parsed = parse_command(text, lang);
        BOOST_REQUIRE_MESSAGE(parsed.has_value(), std::string(text) + ": " + (parsed ? "" : parsed.error().message));
        auto result = live.execute(*parsed, actor, now);
        BOOST_REQUIRE_MESSAGE(result.has_value(),
                              std::string(text) + " failed: " + (result ? "" : result.error().message));
        log.insert(log.end(), result->begin(), result->end());
        return *result;
    }

    quorum::Error refuse(const Command& command, const Actor& actor = facilitator()) {
        auto result = live.execute(command, actor, now);
        BOOST_REQUIRE(!result.has_value());
        return result.error();
    }

    std::vector<Event> advance(std::int64_t ms) {
        now += ms;
        auto events = live.tick(now);
        log.insert(log.end(), events.begin(), events.end());
        return events;
    }

    // Participants p1..pN named "Person 01".., present, arriving one second apart.
    void roster(int n) {
        Command c;
        c.kind = CommandKind::SetRoster;
        for (int i = 1; i <= n; ++i) {
            RosterEntry e;
            e.id = "p" + std::to_string(i);
            char name[32];
            std::snprintf(name, sizeof name, "Person %02d", i);
            e.name = name;
            e.arrived_ms = k_t0 + i * k_second;
            c.roster.push_back(e);
        }
        run(c);
    }

    void roster(std::vector<RosterEntry> entries) {
        Command c;
        c.kind = CommandKind::SetRoster;
        c.roster = std::move(entries);
        run(c);
    }

    void plan(std::vector<PlannedItem> items) {
        Command c;
        c.kind = CommandKind::PlanAgenda;
        c.plan = std::move(items);
        run(c);
    }
};

inline Command command(CommandKind kind) {
    Command c;
    c.kind = kind;
    return c;
}

inline std::vector<std::string> types(const std::vector<Event>& events) {
    std::vector<std::string> out;
    for (const auto& e : events) {
        out.push_back(e.type);
    }
    return out;
}

inline int count(const std::vector<Event>& events, std::string_view type) {
    int n = 0;
    for (const auto& e : events) {
        n += e.type == type ? 1 : 0;
    }
    return n;
}

} // namespace live_fixture
