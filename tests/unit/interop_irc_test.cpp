#include "interop/irc.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>

using namespace quorum;
using namespace quorum::interop;

namespace {

LogMeeting read_fixture(const std::string& name) {
    std::ifstream in(std::string(QUORUM_FIXTURES) + "/interop/" + name, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "missing fixture " << name);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto log = read_log(text);
    BOOST_REQUIRE(log);
    return *log;
}

const Participant* find(const Meeting& meeting, const std::string& name) {
    for (const Participant& participant : meeting.participants) {
        if (participant.name == name) {
            return &participant;
        }
    }
    return nullptr;
}

bool has_role(const Participant* participant, const std::string& role) {
    return participant &&
           std::find(participant->roles.begin(), participant->roles.end(), role) != participant->roles.end();
}

} // namespace

BOOST_AUTO_TEST_SUITE(interop_irc_test)

BOOST_AUTO_TEST_CASE(w3c_scribe_header_people_and_roles) {
    Meeting meeting = read_fixture("w3c-scribe.log").meeting;
    BOOST_CHECK_EQUAL(meeting.title, "Open Minutes Community Group");
    BOOST_CHECK_EQUAL(meeting.date, "2026-10-14");
    BOOST_CHECK_EQUAL(meeting.start, "09:30");
    BOOST_CHECK_EQUAL(meeting.end, "09:37");
    BOOST_CHECK(has_role(find(meeting, "Priya Raman"), "facilitator"));
    BOOST_CHECK(has_role(find(meeting, "tomas"), "note-taker"));
    BOOST_CHECK(find(meeting, "Alice Whitford"));
    BOOST_CHECK(find(meeting, "dan")); // a bare present+ names whoever typed it
    const Participant* jonas = find(meeting, "Jonas Lindqvist");
    BOOST_REQUIRE(jonas);
    BOOST_CHECK(jonas->status == AttendanceStatus::Excused);
}

BOOST_AUTO_TEST_CASE(w3c_topics_speakers_continuations_and_corrections) {
    LogMeeting log = read_fixture("w3c-scribe.log");
    const Meeting& meeting = log.meeting;
    BOOST_REQUIRE_EQUAL(meeting.agenda.size(), 2u);
    BOOST_CHECK_EQUAL(meeting.agenda[0].title, "Duration property");
    BOOST_CHECK_EQUAL(meeting.agenda[1].title, "Test suite");
    BOOST_REQUIRE_EQUAL(meeting.sections.size(), 2u);
    BOOST_CHECK_EQUAL(meeting.sections[0].speakers.at(0), "Alice Whitford"); // "Alice:" is the one Alice present
    BOOST_REQUIRE(!log.notes.empty());
    const std::string& notes = log.notes[0].text;
    // The continuation joins Alice's line; s/integres/integers/ corrected Dan's.
    BOOST_CHECK(notes.find("Alice Whitford: PR 212 adds a duration property to agenda items values are ISO 8601") !=
                std::string::npos);
    BOOST_CHECK(notes.find("plain integers") != std::string::npos);
    BOOST_CHECK(notes.find("integres") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(w3c_actions_in_three_spellings_decisions_and_links) {
    Meeting meeting = read_fixture("w3c-scribe.log").meeting;
    BOOST_REQUIRE_EQUAL(meeting.action_items.size(), 3u);
    BOOST_CHECK_EQUAL(meeting.action_items[0].owner, "Alice Whitford");
    BOOST_CHECK_EQUAL(meeting.action_items[0].text, "update the examples in section 4.2");
    BOOST_CHECK_EQUAL(meeting.action_items[0].source.section, "Duration property");
    BOOST_CHECK_EQUAL(meeting.action_items[1].owner, "dan");
    BOOST_CHECK_EQUAL(meeting.action_items[1].text, "write the duration tests");
    BOOST_CHECK_EQUAL(meeting.action_items[2].owner, "Priya Raman");
    BOOST_CHECK_EQUAL(meeting.action_items[2].text, "Publish the implementation report");
    BOOST_CHECK_EQUAL(meeting.action_items[2].due, "2026-10-28");
    BOOST_REQUIRE_EQUAL(meeting.decisions.size(), 2u);
    BOOST_CHECK_EQUAL(meeting.decisions[0].text, "merge PR 212 as it stands");
    BOOST_CHECK_EQUAL(meeting.decisions[1].text, "the test suite moves to the main repository");
    BOOST_REQUIRE_EQUAL(meeting.resources.size(), 2u); // the agenda and the pull request
    BOOST_CHECK_EQUAL(meeting.resources[1].url, "https://example.org/pr/212");
    BOOST_CHECK_EQUAL(meeting.resources[1].title, "Pull request 212");
}

BOOST_AUTO_TEST_CASE(meetbot_commands) {
    Meeting meeting = read_fixture("meetbot.log").meeting;
    BOOST_CHECK_EQUAL(meeting.title, "Coop infra weekly");
    BOOST_CHECK_EQUAL(meeting.start, "14:00");
    BOOST_CHECK_EQUAL(meeting.end, "14:09");
    BOOST_CHECK(has_role(find(meeting, "karim"), "facilitator"));
    BOOST_CHECK(has_role(find(meeting, "marie"), "facilitator"));
    BOOST_CHECK(find(meeting, "nadia"));
    BOOST_REQUIRE_EQUAL(meeting.agenda.size(), 2u);
    BOOST_CHECK_EQUAL(meeting.agenda[1].title, "Mail relay");
    BOOST_REQUIRE_EQUAL(meeting.action_items.size(), 2u);
    BOOST_CHECK_EQUAL(meeting.action_items[0].owner, "marie");
    BOOST_CHECK_EQUAL(meeting.action_items[0].text, "rotate the old snapshots");
    BOOST_CHECK_EQUAL(meeting.action_items[1].owner, "nadia");
    BOOST_REQUIRE_EQUAL(meeting.decisions.size(), 1u);
    BOOST_CHECK_EQUAL(meeting.decisions[0].text, "keep 14 daily snapshots");
    BOOST_REQUIRE_EQUAL(meeting.resources.size(), 1u);
    BOOST_CHECK_EQUAL(meeting.resources[0].title, "Backup runbook");
    BOOST_REQUIRE_EQUAL(meeting.suggestions.size(), 1u);
    BOOST_CHECK_EQUAL(meeting.suggestions[0].speaker, "nadia");
}

BOOST_AUTO_TEST_CASE(lines_after_endmeeting_are_not_minutes) {
    LogMeeting log = read_fixture("meetbot.log");
    for (const LogNote& note : log.notes) {
        BOOST_CHECK(note.text.find("bye") == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(bare_nick_lines_without_times) {
    Meeting meeting = read_fixture("plain-irc.log").meeting;
    BOOST_CHECK_EQUAL(meeting.agenda.at(0).title, "Budget");
    BOOST_REQUIRE_EQUAL(meeting.action_items.size(), 1u);
    BOOST_CHECK_EQUAL(meeting.action_items[0].owner, "Bob");
    BOOST_CHECK_EQUAL(meeting.decisions.at(0).text, "keep the current host until March");
    BOOST_CHECK(meeting.start.empty());
}

BOOST_AUTO_TEST_CASE(line_formats_are_recognised) {
    auto log = read_log("[09:30] <alice> Topic: One\n09:31:02 <bob> hello\n[09:32:10] <@carol> hi\n"
                        "2026-10-14 09:33:00 <dave> late\n-!- eve has quit\n* alice waves\n");
    BOOST_REQUIRE(log);
    BOOST_CHECK_EQUAL(log->meeting.start, "09:30");
    BOOST_CHECK_EQUAL(log->meeting.end, "09:33");
    const std::string& notes = log->notes.at(0).text;
    BOOST_CHECK(notes.find("carol: hi") != std::string::npos);
    BOOST_CHECK(notes.find("dave: late") != std::string::npos);
    BOOST_CHECK(notes.find("eve") == std::string::npos);
    BOOST_CHECK(notes.find("waves") == std::string::npos);
}

// How people queued (Zakim) and what they asked the bots is not what they said.
BOOST_AUTO_TEST_CASE(the_speaker_queue_and_bot_commands_are_not_minutes) {
    auto log = read_log("<s> Scribe: s\n<s> Topic: One\n<bob> q+\n<carol> q+ to ask about dates\n<s> ack bob\n"
                        "<s> bob: we should ship\n<dan> Q-\n<s> zakim, close the queue\n<s> RRSAgent: make minutes\n"
                        "<erin> q?\n<s> ack, that one is wrong\n");
    BOOST_REQUIRE(log);
    const std::string& notes = log->notes.at(0).text;
    BOOST_CHECK(notes.find("we should ship") != std::string::npos);
    BOOST_CHECK(notes.find("ack, that one is wrong") != std::string::npos); // a person's words
    for (const char* machinery : {"q+", "ask about dates", "ack bob", "Q-", "close the queue", "make minutes", "q?"}) {
        BOOST_CHECK_MESSAGE(notes.find(machinery) == std::string::npos, machinery << " in: " << notes);
    }
}

BOOST_AUTO_TEST_CASE(labels_are_not_speakers) {
    auto log = read_log("<s> Scribe: s\n<s> Topic: One\n<s> PROPOSED: adopt the charter\n<s> Note: the room changes\n");
    BOOST_REQUIRE(log);
    BOOST_CHECK(log->meeting.sections.at(0).speakers.empty());
    BOOST_CHECK(log->notes.at(0).text.find("PROPOSED: adopt the charter") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(binary_input_is_refused) {
    BOOST_CHECK(!read_log(std::string("<a> b\0c", 7)));
}

BOOST_AUTO_TEST_SUITE_END()

// A long "Regrets:" line and a long run of present+ read as many people, each
// once: a name said again (in another case) or by first name alone is the same
// person. (Thousands of names used to take minutes: every name rebuilt the name
// index; scripts/bench pathological measures the time.)
BOOST_AUTO_TEST_CASE(long_attendance_lines_name_each_person_once) {
    std::string log = "<chair> Meeting: Long lists\n<chair> Regrets: ";
    for (int i = 0; i < 3000; ++i) {
        log += "Absent" + std::to_string(i) + " Person, ";
    }
    log += "\n";
    for (int i = 0; i < 2000; ++i) {
        log += "<chair> present+ Here" + std::to_string(i) + " Someone\n";
    }
    log += "<chair> present+ HERE7 someone\n<chair> present+ Solo Cellist\n<chair> present+ Solo\n";
    auto read = read_log(log);
    BOOST_REQUIRE(read);
    const auto& people = read->meeting.participants;
    BOOST_TEST(people.size() == 3000u + 2000u + 1u);
    size_t excused = std::count_if(people.begin(), people.end(),
                                   [](const Participant& p) { return p.status == AttendanceStatus::Excused; });
    BOOST_TEST(excused == 3000u);
    BOOST_REQUIRE(find(read->meeting, "Here7 Someone"));
    BOOST_TEST(!find(read->meeting, "HERE7 someone"));
    BOOST_TEST(find(read->meeting, "Solo Cellist"));
    BOOST_TEST(!find(read->meeting, "Solo"));
}
