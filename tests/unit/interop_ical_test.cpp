#include "interop/ical.hpp"
#include "util/text.hpp"
#include "util/timezone.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace quorum;
using namespace quorum::interop;
using quorum::timezone::local_to_utc;
using quorum::timezone::utc_offset;

namespace {

// Calendars the tests write are also read by an independent parser
// (tests/interop/validate_ics.py, python3-icalendar) in the ctest entry
// interop_ical_python, which compares them with the .expected.json beside them.
void keep_for_python(const std::string& name, const std::string& calendar, Poco::JSON::Array::Ptr expected) {
    const char* dir = std::getenv("QUORUM_ICS_OUT");
    if (!dir) {
        return;
    }
    std::filesystem::create_directories(dir);
    std::ofstream(std::string(dir) + "/" + name + ".ics", std::ios::binary) << calendar;
    std::ofstream out(std::string(dir) + "/" + name + ".expected.json", std::ios::binary);
    Poco::JSON::Stringifier::stringify(expected, out, 2);
}

Poco::JSON::Object::Ptr expect(const std::string& uid, const std::string& summary, const std::string& start,
                               const std::string& end, const std::string& description,
                               const std::string& location = {}) {
    Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
    object->set("uid", uid);
    object->set("summary", summary);
    object->set("dtstart", start);
    object->set("dtend", end);
    object->set("description", description);
    object->set("location", location);
    return object;
}

Meeting sample() {
    Meeting meeting;
    meeting.title = "GT numérique; séance de novembre, avec un titre assez long pour être plié sur deux lignes";
    meeting.date = "2021-11-12";
    meeting.start = "13:30";
    meeting.end = "15:30";
    meeting.location = "Salle 3, Montréal";
    AgendaItem first;
    first.number = "1";
    first.title = "Accueil";
    first.duration_seconds = 300;
    AgendaItem second;
    second.number = "2";
    second.title = "Hébergement mutualisé";
    AgendaItem child;
    child.number = "2.a";
    child.title = "Présentation";
    second.children.push_back(child);
    meeting.agenda = {first, second};
    return meeting;
}

bool lines_are_folded(const std::string& calendar) {
    size_t start = 0;
    while (start < calendar.size()) {
        size_t end = calendar.find("\r\n", start);
        if (end == std::string::npos) {
            return false; // a line without CRLF
        }
        std::string line = calendar.substr(start, end - start);
        if (line.size() > 75 || line.find('\n') != std::string::npos || !text::is_valid_utf8(line)) {
            return false;
        }
        start = end + 2;
    }
    return true;
}

} // namespace

BOOST_AUTO_TEST_SUITE(interop_ical_test)

BOOST_AUTO_TEST_CASE(text_is_escaped) {
    BOOST_CHECK_EQUAL(escape_ical_text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
}

BOOST_AUTO_TEST_CASE(long_lines_fold_at_75_octets_without_splitting_characters) {
    std::string line = "DESCRIPTION:" + std::string(40, 'x');
    for (int i = 0; i < 60; ++i) {
        line += "é";
    }
    std::string folded = fold_content_line(line);
    BOOST_CHECK(lines_are_folded(folded));
    // Unfolding (remove CRLF + one space) gives the line back.
    std::string unfolded;
    for (size_t i = 0; i < folded.size(); ++i) {
        if (folded.compare(i, 3, "\r\n ") == 0) {
            i += 2;
            continue;
        }
        unfolded += folded[i];
    }
    BOOST_CHECK_EQUAL(unfolded, line + "\r\n");
    BOOST_CHECK_EQUAL(fold_content_line("SHORT"), "SHORT\r\n");
}

BOOST_AUTO_TEST_CASE(local_times_convert_through_zoneinfo) {
    // 2021-11-12 13:30 in Montreal is EST (UTC-5); 2021-07-01 13:30 is EDT (UTC-4).
    long long november = 1636723800LL; // 2021-11-12T13:30:00 as if UTC
    BOOST_CHECK_EQUAL(*local_to_utc("America/Montreal", november), november + 5 * 3600);
    long long july = 1625146200LL; // 2021-07-01T13:30:00 as if UTC
    BOOST_CHECK_EQUAL(*local_to_utc("America/Montreal", july), july + 4 * 3600);
    BOOST_CHECK_EQUAL(*utc_offset("Europe/Paris", july), 7200);
    BOOST_CHECK(!utc_offset("Not/AZone", july));
    BOOST_CHECK(!utc_offset("../../etc/passwd", july));
}

BOOST_AUTO_TEST_CASE(a_meeting_in_a_zone_becomes_a_utc_event) {
    CalendarEntry entry{"abc123", sample(), 7, "https://quorum.example.org/s/tok"};
    CalendarOptions options{"America/Montreal", "20261129T030000Z", "GT numérique"};
    auto calendar = write_calendar({entry}, options);
    BOOST_REQUIRE(calendar);
    const std::string& ics = *calendar;
    BOOST_CHECK(lines_are_folded(ics));
    BOOST_CHECK(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
    BOOST_CHECK(ics.ends_with("END:VCALENDAR\r\n"));
    BOOST_CHECK(ics.find("UID:abc123@quorum\r\n") != std::string::npos);
    BOOST_CHECK(ics.find("DTSTAMP:20261129T030000Z\r\n") != std::string::npos);
    BOOST_CHECK(ics.find("SEQUENCE:7\r\n") != std::string::npos);
    BOOST_CHECK(ics.find("DTSTART:20211112T183000Z\r\n") != std::string::npos);
    BOOST_CHECK(ics.find("DTEND:20211112T203000Z\r\n") != std::string::npos);
    BOOST_CHECK(ics.find("LOCATION:Salle 3\\, Montréal\r\n") != std::string::npos);
    BOOST_CHECK(ics.find("URL:https://quorum.example.org/s/tok\r\n") != std::string::npos);
    Poco::JSON::Array::Ptr expected = new Poco::JSON::Array;
    expected->add(expect("abc123@quorum", sample().title, "2021-11-12T18:30:00+00:00", "2021-11-12T20:30:00+00:00",
                         "Agenda:\n1. Accueil (5 min)\n2. Hébergement mutualisé\n  2.a. Présentation\n\n"
                         "Summary: https://quorum.example.org/s/tok",
                         "Salle 3, Montréal"));
    keep_for_python("meeting-utc", ics, expected);
}

// A meeting's own zone is what its times are in: it wins over the caller's.
BOOST_AUTO_TEST_CASE(a_meetings_own_zone_wins_over_the_callers) {
    CalendarEntry paris{"paris1", sample(), 1, "", "Europe/Paris"};
    CalendarEntry unzoned{"plain1", sample(), 1, "", ""};
    CalendarOptions options{"America/Montreal", "20261129T030000Z", "GT"};
    auto calendar = write_calendar({paris, unzoned}, options);
    BOOST_REQUIRE(calendar);
    const std::string& ics = *calendar;
    size_t second = ics.find("UID:plain1@quorum");
    BOOST_REQUIRE(second != std::string::npos);
    // 13:30 in Paris in November is UTC+1; the meeting without a zone takes Montreal's.
    BOOST_CHECK(ics.find("DTSTART:20211112T123000Z\r\n") < second);
    BOOST_CHECK(ics.find("DTSTART:20211112T183000Z\r\n", second) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_series_keeps_dated_meetings_floating_all_day_or_timed) {
    Meeting timed = sample();
    timed.end.clear(); // no end: the agenda's planned five minutes
    Meeting all_day = sample();
    all_day.title = "Journée d'étude";
    all_day.start.clear();
    all_day.agenda.clear();
    all_day.date = "2026-12-03";
    Meeting undated = sample();
    undated.date.clear();
    CalendarOptions options{"", "20261129T030000Z", ""};
    auto calendar = write_calendar({{"m1", timed, 1, ""}, {"m2", all_day, 2, ""}, {"m3", undated, 3, ""}}, options);
    BOOST_REQUIRE(calendar);
    BOOST_CHECK(lines_are_folded(*calendar));
    BOOST_CHECK(calendar->find("DTSTART:20211112T133000\r\n") != std::string::npos);
    BOOST_CHECK(calendar->find("DTEND:20211112T133500\r\n") != std::string::npos);
    BOOST_CHECK(calendar->find("DTSTART;VALUE=DATE:20261203\r\n") != std::string::npos);
    BOOST_CHECK(calendar->find("DTEND;VALUE=DATE:20261204\r\n") != std::string::npos);
    BOOST_CHECK(calendar->find("m3@quorum") == std::string::npos);
    Poco::JSON::Array::Ptr expected = new Poco::JSON::Array;
    expected->add(expect("m1@quorum", timed.title, "2021-11-12T13:30:00", "2021-11-12T13:35:00",
                         "Agenda:\n1. Accueil (5 min)\n2. Hébergement mutualisé\n  2.a. Présentation",
                         "Salle 3, Montréal"));
    expected->add(expect("m2@quorum", "Journée d'étude", "2026-12-03", "2026-12-04", "", "Salle 3, Montréal"));
    keep_for_python("series-floating", *calendar, expected);
}

BOOST_AUTO_TEST_CASE(nothing_dated_or_an_unknown_zone_is_an_error) {
    Meeting undated = sample();
    undated.date.clear();
    BOOST_CHECK(!write_calendar({{"m", undated, 0, ""}}, {"", "20261129T030000Z", ""}));
    BOOST_CHECK(!write_calendar({{"m", sample(), 0, ""}}, {"Mars/Olympus", "20261129T030000Z", ""}));
}

BOOST_AUTO_TEST_SUITE_END()
