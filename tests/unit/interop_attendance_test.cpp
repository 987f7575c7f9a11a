#include "interop/attendance.hpp"
#include "interop/csv.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <iterator>

using namespace quorum::interop;

namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(QUORUM_FIXTURES) + "/interop/" + name, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "missing fixture " << name);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

AttendanceFile read(const std::string& name) {
    auto file = read_attendance(fixture(name));
    BOOST_REQUIRE_MESSAGE(file, name << ": " << (file ? "" : file.error().message));
    return *file;
}

const AttendanceRecord& person(const AttendanceFile& file, const std::string& name) {
    for (const AttendanceRecord& record : file.people) {
        if (record.name == name) {
            return record;
        }
    }
    BOOST_FAIL("nobody named " << name);
    throw std::logic_error("unreachable");
}

} // namespace

BOOST_AUTO_TEST_SUITE(interop_attendance_test)

BOOST_AUTO_TEST_CASE(zoom_participants_report_with_header_block_merges_rejoins) {
    AttendanceFile file = read("zoom-participants.csv");
    BOOST_CHECK(file.format == AttendanceFormat::ZoomParticipants);
    BOOST_CHECK_EQUAL(file.people.size(), 5u);
    const AttendanceRecord& emilien = person(file, "emilien");
    BOOST_CHECK_EQUAL(emilien.rows, 2);
    BOOST_CHECK_EQUAL(*emilien.minutes, 39 + 76);
    BOOST_CHECK_EQUAL(emilien.joined, "2021-03-10T09:01:05");
    BOOST_CHECK_EQUAL(emilien.left, "2021-03-10T11:00:10");
    BOOST_REQUIRE_EQUAL(emilien.other_names.size(), 1u);
    BOOST_CHECK_EQUAL(emilien.other_names[0], "Émilien Gruet");
    const AttendanceRecord& lyne = person(file, "Lyne Nantel");
    BOOST_CHECK_EQUAL(lyne.email, "lyne.nantel@example.org");
    BOOST_CHECK_EQUAL(lyne.joined, "2021-03-10T08:58:40"); // 08:58 AM, March 10 (US order)
    BOOST_CHECK_EQUAL(lyne.line, 5);
}

BOOST_AUTO_TEST_CASE(day_first_locale_with_bom_and_crlf) {
    AttendanceFile file = read("zoom-participants-eu.csv");
    BOOST_CHECK(file.format == AttendanceFormat::ZoomParticipants);
    BOOST_CHECK_EQUAL(file.encoding, "utf-8 (bom)");
    const AttendanceRecord& karim = person(file, "Karim Benali");
    BOOST_CHECK_EQUAL(karim.rows, 2);
    BOOST_CHECK_EQUAL(*karim.minutes, 111);
    BOOST_CHECK_EQUAL(karim.joined, "2021-03-10T14:05:00"); // 10/03 is the 10th of March here
    BOOST_CHECK_EQUAL(karim.left, "2021-03-10T16:01:00");
}

BOOST_AUTO_TEST_CASE(zoom_unique_users_variant) {
    AttendanceFile file = read("zoom-unique-users.csv");
    BOOST_CHECK(file.format == AttendanceFormat::ZoomUniqueUsers);
    BOOST_CHECK_EQUAL(file.people.size(), 3u);
    BOOST_CHECK_EQUAL(*person(file, "Émilien Gruet").minutes, 115);
    BOOST_CHECK(person(file, "Émilien Gruet").joined.empty());
}

BOOST_AUTO_TEST_CASE(zoom_webinar_reads_every_attended_table_and_skips_no_shows) {
    AttendanceFile file = read("zoom-webinar.csv");
    BOOST_CHECK(file.format == AttendanceFormat::ZoomWebinar);
    BOOST_CHECK_EQUAL(file.people.size(), 3u); // host, panelist, one attendee on two rows; Bob did not attend
    const AttendanceRecord& grace = person(file, "grace a");
    BOOST_CHECK_EQUAL(*grace.minutes, 55);
    BOOST_CHECK_EQUAL(grace.other_names.at(0), "Grace Adeyemi");
    BOOST_CHECK_EQUAL(grace.joined, "2021-03-11T13:01:00");
    BOOST_CHECK_EQUAL(person(file, "Priya Raman").joined, "2021-03-11T12:50:10");
    BOOST_REQUIRE_EQUAL(file.notes.size(), 1u);
}

BOOST_AUTO_TEST_CASE(bigbluebutton_dashboard_with_talk_time) {
    AttendanceFile file = read("bigbluebutton.csv");
    BOOST_CHECK(file.format == AttendanceFormat::BigBlueButton);
    const AttendanceRecord& priya = person(file, "Priya Raman");
    BOOST_CHECK_EQUAL(*priya.speaking_seconds, 12 * 60 + 30);
    BOOST_CHECK_EQUAL(*priya.minutes, 93);
    BOOST_CHECK_EQUAL(priya.joined, "2026-10-14T09:28:00");
    BOOST_CHECK_EQUAL(*person(file, "Rafael Ibanez").speaking_seconds, 0);
}

BOOST_AUTO_TEST_CASE(plain_csv_with_excel_quoting) {
    AttendanceFile file = read("plain.csv");
    BOOST_CHECK(file.format == AttendanceFormat::PlainCsv);
    BOOST_REQUIRE_EQUAL(file.people.size(), 3u);
    BOOST_CHECK_EQUAL(file.people[1].name, "Jean \"Johnny\" Dupont");
    // The cell's line break is layout: the organisation is stored on one line.
    BOOST_CHECK_EQUAL(file.people[1].affiliation, "Ville de Montréal");
    BOOST_CHECK_EQUAL(file.people[2].affiliation, "Coop, services numériques");
    BOOST_CHECK_EQUAL(file.people[2].line, 5);
}

BOOST_AUTO_TEST_CASE(list_of_names_one_per_line) {
    AttendanceFile file = read("names.txt");
    BOOST_CHECK(file.format == AttendanceFormat::NameList);
    BOOST_CHECK_EQUAL(file.people.size(), 4u);
    BOOST_CHECK_EQUAL(file.people[3].line, 5);
}

BOOST_AUTO_TEST_CASE(latin1_semicolon_export_is_converted) {
    AttendanceFile file = read("excel-latin1.csv");
    BOOST_CHECK_EQUAL(file.encoding, "windows-1252");
    BOOST_CHECK_EQUAL(file.delimiter, ';');
    BOOST_REQUIRE_EQUAL(file.people.size(), 2u);
    BOOST_CHECK_EQUAL(file.people[0].name, "Émilie Côté");
    BOOST_CHECK_EQUAL(file.people[1].affiliation, "Société d'habitation");
}

BOOST_AUTO_TEST_CASE(tab_separated_file_with_other_header_names) {
    AttendanceFile file = read("tabs.csv");
    BOOST_CHECK_EQUAL(file.delimiter, '\t');
    BOOST_CHECK_EQUAL(file.people.at(1).email, "karim@example.org");
    BOOST_CHECK_EQUAL(file.people.at(1).affiliation, "Coop Lantern");
}

BOOST_AUTO_TEST_CASE(malformed_files_fail_with_their_line) {
    struct Case {
        const char* file;
        const char* message;
    };
    for (const Case& c : {Case{"broken-missing-columns.csv", "line 3: 3 cells where the header (line 1) has 6"},
                          Case{"broken-quote.csv", "line 3: a quoted field never ends"},
                          Case{"broken-date.csv", "line 3: the join time '13/45/2021 09:05:00' is not a date and time"},
                          Case{"broken-no-name.csv", "line 1: the header has no name column"}}) {
        auto file = read_attendance(fixture(c.file));
        BOOST_TEST_CONTEXT(c.file) {
            BOOST_REQUIRE(!file);
            BOOST_CHECK_EQUAL(file.error().message, c.message);
        }
    }
}

BOOST_AUTO_TEST_CASE(binary_and_empty_files_are_refused) {
    BOOST_CHECK(!read_attendance(std::string("a\0b", 3)));
    BOOST_CHECK(!read_attendance("\n\n"));
}

// A file stores nothing a request could not: the API's limits and characters
// for names, e-mail addresses and organisations, refused with the line.
BOOST_AUTO_TEST_CASE(fields_over_the_apis_limits_are_refused_with_their_line) {
    const std::string huge(900000, 'n');
    auto long_name = read_attendance("Name,Email\nAna Roy,ana@example.org\n" + huge + ",x@example.org\n");
    BOOST_REQUIRE(!long_name);
    BOOST_CHECK_EQUAL(long_name.error().message, "line 3: the name is longer than 200 bytes");
    auto list = read_attendance("Ana Roy\n" + std::string(201, 'b') + "\n");
    BOOST_REQUIRE(!list);
    BOOST_CHECK_EQUAL(list.error().message, "line 2: the name is longer than 200 bytes");
    BOOST_CHECK(read_attendance("Ana Roy\n" + std::string(200, 'b') + "\n")); // at the limit
    // A quoted cell may hold a line break: the name is kept on one line (a line
    // break would add lines to the export); other control characters are refused.
    auto wrapped = read_attendance("Name,Organisation\n\"Bo\r\n  Li\",Coop\n");
    BOOST_REQUIRE(wrapped);
    BOOST_CHECK_EQUAL(wrapped->people[0].name, "Bo Li");
    auto broken = read_attendance("Name,Organisation\n\"Bo\x1b[2J\",Coop\n");
    BOOST_REQUIRE(!broken);
    BOOST_CHECK_EQUAL(broken.error().message, "line 2: the name holds a control character (U+001B)");
    auto organisation = read_attendance("Name,Organisation\nBo Li," + std::string(301, 'o') + "\n");
    BOOST_REQUIRE(!organisation);
    BOOST_CHECK_EQUAL(organisation.error().message, "line 2: the organisation is longer than 300 bytes");
}

BOOST_AUTO_TEST_CASE(matching_by_email_then_name_then_alias) {
    AttendanceFile file = read("zoom-participants.csv");
    std::vector<Invitee> invitees = {{11, "Lyne Nantel", "LYNE.NANTEL@example.org", "INRS"},
                                     {12, "Émilien Gruet", "", ""},
                                     {13, "Jessica Leblanc", "", "TIESS"},
                                     {14, "Jean Dupont", "", ""},
                                     {15, "Absent Person", "", ""}};
    AttendancePreview preview = match_attendance(file, invitees, {{"dupont jean", 14}});
    BOOST_REQUIRE_EQUAL(preview.matched.size(), 4u);
    BOOST_CHECK(preview.matched[0].matched_by == MatchedBy::Email);
    BOOST_CHECK_EQUAL(preview.matched[1].participant_name, "Émilien Gruet"); // through "(Original Name)"
    BOOST_CHECK(preview.matched[1].matched_by == MatchedBy::Name);
    BOOST_CHECK_EQUAL(preview.matched[2].participant_name, "Jessica Leblanc"); // JESSICA LEBLANC
    BOOST_CHECK(preview.matched[3].matched_by == MatchedBy::Alias);
    BOOST_CHECK_EQUAL(*preview.matched[3].participant_id, 14);
    BOOST_REQUIRE_EQUAL(preview.unmatched.size(), 1u);
    BOOST_CHECK_EQUAL(preview.unmatched[0].record.name, "Téléphone 514-555-0199");
    BOOST_REQUIRE_EQUAL(preview.missing.size(), 1u);
    BOOST_CHECK_EQUAL(preview.missing[0].id, 15);
}

BOOST_AUTO_TEST_CASE(two_people_of_the_file_matching_one_participant_become_one) {
    auto file = read_attendance("name,email\nLyne N,lyne@x.org\nLyne Nantel,\n");
    BOOST_REQUIRE(file);
    BOOST_REQUIRE_EQUAL(file->people.size(), 2u);
    AttendancePreview preview = match_attendance(*file, {{1, "Lyne Nantel", "lyne@x.org", ""}}, {});
    BOOST_REQUIRE_EQUAL(preview.matched.size(), 1u);
    BOOST_CHECK_EQUAL(preview.matched[0].record.rows, 2);
    BOOST_CHECK(preview.unmatched.empty());
}

BOOST_AUTO_TEST_CASE(preview_json_lists_every_group) {
    AttendanceFile file = read("names.txt");
    auto json = preview_json(match_attendance(file, {{1, "Lyne Nantel", "", ""}}, {}));
    BOOST_CHECK_EQUAL(json->getValue<std::string>("format"), "names");
    BOOST_CHECK_EQUAL(json->getArray("matched")->size(), 1u);
    BOOST_CHECK_EQUAL(json->getArray("unmatched")->size(), 3u);
    BOOST_CHECK_EQUAL(json->getArray("missing")->size(), 0u);
}

BOOST_AUTO_TEST_SUITE_END()
