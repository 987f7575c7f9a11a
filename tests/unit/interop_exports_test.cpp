#include "interop/csv.hpp"
#include "interop/exports.hpp"

#include <boost/test/unit_test.hpp>

using namespace quorum;
using namespace quorum::interop;

namespace {

Meeting sample() {
    Meeting meeting;
    meeting.title = "Conseil d'administration";
    meeting.date = "2026-09-17";
    meeting.start = "18:30";
    meeting.end = "20:30";
    meeting.location = "Local de la coop";
    Participant chair;
    chair.name = "Marie Tremblay";
    chair.affiliation = "Coop";
    chair.roles = {"facilitator"};
    Participant away;
    away.name = "Karim Benali";
    away.status = AttendanceStatus::Excused;
    meeting.participants = {chair, away};
    AgendaItem item;
    item.number = "1";
    item.title = "Budget";
    item.type = "Décision";
    item.duration_seconds = 900;
    meeting.agenda = {item};
    ActionItem action;
    action.text = "envoyer le budget";
    action.owner = "Marie Tremblay";
    action.due = "2026-09-24";
    action.source = {4, "Budget"};
    ActionItem loose;
    loose.text = "=SUM(A1)";
    loose.owner = "Karim Benali";
    meeting.action_items = {action, loose};
    Decision decision;
    decision.text = "Le budget est adopté.";
    meeting.decisions = {decision};
    return meeting;
}

} // namespace

BOOST_AUTO_TEST_SUITE(interop_exports_test)

BOOST_AUTO_TEST_CASE(attendance_csv_has_one_row_per_person_with_empty_unknowns) {
    std::string csv = attendance_csv(
        {{"Marie Tremblay", "Coop, Montréal", "present", "2026-09-17T18:29:00", "2026-09-17T20:31:00", 122, 300},
         {"Karim Benali", "", "excused", "", "", std::nullopt, std::nullopt}});
    BOOST_CHECK_EQUAL(csv,
                      "name,affiliation,status,join,leave,minutes,speaking_seconds\r\n"
                      "Marie Tremblay,\"Coop, Montréal\",present,2026-09-17T18:29:00,2026-09-17T20:31:00,122,300\r\n"
                      "Karim Benali,,excused,,,,\r\n");
}

BOOST_AUTO_TEST_CASE(actions_csv_names_the_source_and_defuses_formulas) {
    std::string csv = actions_csv(sample());
    auto table = parse_csv(decode_text(csv).text, ',');
    BOOST_REQUIRE(table);
    BOOST_REQUIRE_EQUAL(table->rows.size(), 3u);
    BOOST_CHECK(table->rows[0].cells == std::vector<std::string>({"owner", "text", "due", "state", "source"}));
    BOOST_CHECK(table->rows[1].cells == std::vector<std::string>({"Marie Tremblay", "envoyer le budget", "2026-09-24",
                                                                  "marked", "Budget, line 4"}));
    BOOST_CHECK_EQUAL(table->rows[2].cells[1], "'=SUM(A1)");
    BOOST_CHECK_EQUAL(table->rows[2].cells[4], "minutes");
}

BOOST_AUTO_TEST_CASE(minutes_carry_header_people_agenda_notes_and_loose_items) {
    std::string md = write_minutes(sample(), {{0, "Marie : le budget est présenté.\n"}});
    BOOST_CHECK(md.starts_with("# Conseil d'administration\n\nDate: 2026-09-17\nTime: 18:30-20:30\n"
                               "Location: Local de la coop\nChair: Marie Tremblay\n"));
    BOOST_CHECK(md.find("Present: Marie Tremblay (Coop)\nRegrets: Karim Benali\n") != std::string::npos);
    BOOST_CHECK(md.find("## Agenda\n\n1. Budget (Décision, 15 min)\n") != std::string::npos);
    BOOST_CHECK(md.find("## 1. Budget\n\nMarie : le budget est présenté.\n") != std::string::npos);
    // Only items without a place in the notes are written again.
    BOOST_CHECK(md.find("ACTION: =SUM(A1) (owner: Karim Benali)") != std::string::npos);
    BOOST_CHECK(md.find("envoyer le budget") == std::string::npos);
    BOOST_CHECK(md.find("RESOLVED: Le budget est adopté.") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
