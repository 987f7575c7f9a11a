// Attendance imports and the export URLs over real HTTP: access rules,
// malformed files (4xx naming the line, nothing written), and the round trip.

#include "harness.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <iterator>

using namespace harness;

namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(QUORUM_SOURCE_ROOT) + "/tests/fixtures/interop/" + name, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "missing fixture " << name);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Reply post_csv(TestServer& server, const std::string& path, const std::string& body, const std::string& token) {
    return server.send({"POST", path, body, token, "text/csv"});
}

std::int64_t version(TestServer& server, const MeetingFixture& m) {
    return server.get(m.base(), m.key).json()->getValue<std::int64_t>("version");
}

Object::Ptr participant(TestServer& server, const MeetingFixture& m, const std::string& name) {
    auto list = server.get(m.base() + "/participants", m.key).array();
    for (size_t i = 0; i < list->size(); ++i) {
        if (list->getObject(static_cast<unsigned>(i))->getValue<std::string>("name") == name) {
            return list->getObject(static_cast<unsigned>(i));
        }
    }
    return nullptr;
}

const std::string k_roster =
    "name,email\nPerson note-taker,nt@example.org\nperson OBSERVER,\nVisitor Vee,vee@example.org\n";

} // namespace

BOOST_AUTO_TEST_SUITE(interop_routes_test)

BOOST_AUTO_TEST_CASE(preview_shows_the_merge_and_writes_nothing) {
    TestServer server;
    MeetingFixture m(server);
    std::int64_t before = version(server, m);
    auto reply = post_csv(server, m.base() + "/attendance/preview", k_roster, m.key);
    BOOST_REQUIRE_EQUAL(reply.status, 200);
    auto body = reply.json();
    BOOST_CHECK_EQUAL(body->getValue<std::string>("format"), "csv");
    BOOST_CHECK_EQUAL(body->getArray("matched")->size(), 2u);
    BOOST_CHECK_EQUAL(body->getArray("unmatched")->size(), 1u);
    BOOST_CHECK_EQUAL(body->getArray("missing")->size(), 3u);
    BOOST_CHECK_EQUAL(version(server, m), before);
}

BOOST_AUTO_TEST_CASE(apply_records_attendance_in_one_event) {
    TestServer server;
    MeetingFixture m(server);
    std::int64_t before = version(server, m);
    auto reply = post_csv(server, m.base() + "/attendance", fixture("zoom-participants-eu.csv"), m.key);
    BOOST_REQUIRE_EQUAL(reply.status, 200);
    BOOST_CHECK_EQUAL(reply.json()->getValue<int>("added"), 2);
    BOOST_CHECK_EQUAL(version(server, m), before + 1);
    auto karim = participant(server, m, "Karim Benali");
    BOOST_REQUIRE(karim);
    BOOST_CHECK_EQUAL(karim->getValue<int>("minutes"), 111);
    BOOST_CHECK_EQUAL(karim->getValue<std::string>("status"), "present");
}

BOOST_AUTO_TEST_CASE(unmatched_people_can_be_left_out) {
    TestServer server;
    MeetingFixture m(server);
    auto reply = post_csv(server, m.base() + "/attendance?unmatched=skip", k_roster, m.key);
    BOOST_REQUIRE_EQUAL(reply.status, 200);
    BOOST_CHECK_EQUAL(reply.json()->getValue<int>("updated"), 2);
    BOOST_CHECK_EQUAL(reply.json()->getValue<int>("added"), 0);
    BOOST_CHECK(!participant(server, m, "Visitor Vee"));
    BOOST_CHECK_EQUAL(post_csv(server, m.base() + "/attendance?unmatched=maybe", k_roster, m.key).status, 422);
}

// The web page's choice per unmatched name (add one, skip another, say a third
// is someone invited) goes in one request, so it is one transaction.
BOOST_AUTO_TEST_CASE(choices_per_name_apply_together) {
    TestServer server;
    MeetingFixture m(server);
    std::string observer = std::to_string(m.participants["observer"]);
    std::string note_taker = std::to_string(m.participants["note-taker"]);
    const std::string file = "name\nVisitor Vee\nGuest Gus\nP. O.\nN. T.\n";
    auto reply = post_csv(server,
                          m.base() + "/attendance?unmatched=add&skip=Guest%20Gus&alias=P.%20O.%3D" + observer +
                              "&alias=N.%20T.%3D" + note_taker,
                          file, m.key);
    BOOST_REQUIRE_EQUAL(reply.status, 200);
    BOOST_CHECK_EQUAL(reply.json()->getValue<int>("aliases"), 2);
    BOOST_CHECK_EQUAL(reply.json()->getValue<int>("updated"), 2);
    BOOST_CHECK_EQUAL(reply.json()->getValue<int>("added"), 1);
    BOOST_CHECK(participant(server, m, "Visitor Vee"));
    BOOST_CHECK(!participant(server, m, "Guest Gus"));
    // A bad alias among good ones: nothing at all is written.
    std::int64_t before = version(server, m);
    BOOST_CHECK_EQUAL(
        post_csv(server, m.base() + "/attendance?alias=P.%20O.%3D" + observer + "&alias=nonsense", file, m.key).status,
        422);
    BOOST_CHECK_EQUAL(version(server, m), before);
}

BOOST_AUTO_TEST_CASE(a_malformed_file_is_a_422_naming_the_line_and_nothing_is_written) {
    TestServer server;
    MeetingFixture m(server);
    std::int64_t before = version(server, m);
    std::string participants_before = server.get(m.base() + "/participants", m.key).body;
    for (const char* name : {"broken-missing-columns.csv", "broken-quote.csv", "broken-date.csv"}) {
        auto reply = post_csv(server, m.base() + "/attendance", fixture(name), m.key);
        BOOST_TEST_CONTEXT(name << " → " << reply.body) {
            BOOST_CHECK_EQUAL(reply.status, 422);
            BOOST_CHECK(reply.json()->getObject("error")->getValue<std::string>("message").starts_with("line 3: "));
        }
    }
    BOOST_CHECK_EQUAL(version(server, m), before);
    BOOST_CHECK_EQUAL(server.get(m.base() + "/participants", m.key).body, participants_before);
}

BOOST_AUTO_TEST_CASE(attendance_takes_csv_or_plain_text_only) {
    TestServer server;
    MeetingFixture m(server);
    BOOST_CHECK_EQUAL(server.send({"POST", m.base() + "/attendance", k_roster, m.key, "text/plain"}).status, 200);
    BOOST_CHECK_EQUAL(server.send({"POST", m.base() + "/attendance", k_roster, m.key, "application/json"}).status, 415);
}

BOOST_AUTO_TEST_CASE(a_confirmed_alias_matches_later_imports) {
    TestServer server;
    MeetingFixture m(server);
    std::int64_t observer = m.participants["observer"];
    auto confirmed = server.post(m.base() + "/aliases",
                                 R"({"name":"P. O.","participant_id":)" + std::to_string(observer) + "}", m.key);
    BOOST_REQUIRE_EQUAL(confirmed.status, 201);
    auto preview = post_csv(server, m.base() + "/attendance/preview", "P. O.\n", m.key).json();
    BOOST_REQUIRE_EQUAL(preview->getArray("matched")->size(), 1u);
    auto match = preview->getArray("matched")->getObject(0);
    BOOST_CHECK_EQUAL(match->getValue<std::string>("matched_by"), "alias");
    BOOST_CHECK_EQUAL(match->getValue<std::int64_t>("participant_id"), observer);
    BOOST_CHECK_EQUAL(server.post(m.base() + "/aliases", R"({"name":"X","participant_id":999})", m.key).status, 404);
}

BOOST_AUTO_TEST_CASE(an_alias_given_with_the_import_is_kept) {
    TestServer server;
    MeetingFixture m(server);
    std::string id = std::to_string(m.participants["observer"]);
    auto reply = post_csv(server, m.base() + "/attendance?unmatched=skip&alias=P.%20O.%3D" + id, "P. O.\n", m.key);
    BOOST_REQUIRE_EQUAL(reply.status, 200);
    BOOST_CHECK_EQUAL(reply.json()->getValue<int>("aliases"), 1);
    BOOST_CHECK_EQUAL(reply.json()->getValue<int>("updated"), 1);
    auto later = post_csv(server, m.base() + "/attendance/preview", "p. o.\n", m.key).json();
    BOOST_CHECK_EQUAL(later->getArray("matched")->getObject(0)->getValue<std::string>("matched_by"), "alias");
    BOOST_CHECK_EQUAL(post_csv(server, m.base() + "/attendance?alias=nonsense", "P. O.\n", m.key).status, 422);
}

BOOST_AUTO_TEST_CASE(export_urls_check_the_caller) {
    TestServer server;
    MeetingFixture m(server);
    MeetingFixture other(server);
    auto shared_participants = server.post(m.base() + "/share-links", R"({"visibility":"participants"})", m.key).json();
    std::string members_only = shared_participants->getValue<std::string>("token");
    auto revoked = server.post(m.base() + "/share-links", R"({"visibility":"public"})", m.key).json();
    server.del(m.base() + "/share-links/" + std::to_string(revoked->getValue<std::int64_t>("id")), m.key);
    std::string revoked_token = revoked->getValue<std::string>("token");

    for (const std::string ext : {"json", "ics", "md", "html", "csv"}) {
        std::string path = "/export/meeting/" + m.id + "." + ext;
        BOOST_TEST_CONTEXT(path) {
            BOOST_CHECK_EQUAL(server.get(path).status, 401);
            BOOST_CHECK_EQUAL(server.get(path, "not-a-token").status, 401);
            BOOST_CHECK_EQUAL(server.get(path, other.key).status, 403);
            BOOST_CHECK_EQUAL(server.get(path, m.key).status, 200);
            BOOST_CHECK_EQUAL(server.get(path, m.tokens["observer"]).status, 200);
            int shared = server.get(path + "?token=" + m.share_token).status;
            BOOST_CHECK_EQUAL(shared, ext == "csv" ? 403 : 200); // attendance times are for members
            BOOST_CHECK_EQUAL(server.get(path + "?token=" + other.share_token).status, 404);
            BOOST_CHECK_EQUAL(server.get(path + "?token=" + revoked_token).status, 404);
            BOOST_CHECK_EQUAL(server.get(path + "?token=" + members_only).status, 401);
            BOOST_CHECK_EQUAL(server.get(path + "?token=" + members_only, m.tokens["participant"]).status, 200);
        }
    }
    BOOST_CHECK_EQUAL(server.get("/export/meeting/" + m.id + ".csv?table=actions&token=" + m.share_token).status, 200);
    BOOST_CHECK_EQUAL(server.get("/export/meeting/nosuchmeeting.ics", m.key).status, 403);
    BOOST_CHECK_EQUAL(server.get("/export/meeting/BAD!.ics", m.key).status, 400);
    BOOST_CHECK_EQUAL(server.get("/export/meeting/" + m.id + ".pdf", m.key).status, 404);
}

BOOST_AUTO_TEST_CASE(each_format_has_its_content) {
    TestServer server;
    MeetingFixture m(server);
    std::string base = "/export/meeting/" + m.id;
    auto ics = server.get(base + ".ics", m.key);
    BOOST_CHECK(ics.content_type.starts_with("text/calendar"));
    BOOST_CHECK(ics.body.find("UID:" + m.id + "@quorum\r\n") != std::string::npos);
    BOOST_CHECK(ics.body.find("DTSTART;VALUE=DATE:20261112\r\n") != std::string::npos);
    // Through a share link, the calendar names that link.
    auto shared_ics = server.get(base + ".ics?token=" + m.share_token);
    BOOST_CHECK(shared_ics.body.find("/s/" + m.share_token.substr(0, 20)) != std::string::npos);

    // The facilitator's JSON is the whole export; anyone else's is the summary.
    BOOST_CHECK_EQUAL(server.get(base + ".json", m.key).json()->getValue<std::string>("format"),
                      "quorum-meeting-export");
    auto summary = server.get(base + ".json", m.tokens["participant"]).json();
    BOOST_CHECK(!summary->has("events"));
    BOOST_CHECK(!server.get(base + ".json?token=" + m.share_token).json()->has("events"));

    auto md = server.get(base + ".md", m.tokens["note-taker"]);
    BOOST_CHECK(md.content_type.starts_with("text/markdown"));
    BOOST_CHECK(md.body.starts_with("# GT numérique\n"));
    BOOST_CHECK(md.body.find("## 1. Hébergement") != std::string::npos);
    BOOST_CHECK(md.body.find("envoyer le devis") != std::string::npos); // the notes themselves

    auto html = server.get(base + ".html", m.key);
    BOOST_CHECK(html.content_type.starts_with("text/html"));
    auto csv = server.get(base + ".csv", m.key);
    BOOST_CHECK(csv.body.starts_with("name,affiliation,status,join,leave,minutes,speaking_seconds\r\n"));
    auto actions = server.get(base + ".csv?table=actions", m.key);
    BOOST_CHECK(actions.body.starts_with("owner,text,due,state,source\r\n"));
    BOOST_CHECK(actions.body.find("Person note-taker") != std::string::npos);
    BOOST_CHECK_EQUAL(server.get(base + ".ics?tz=Nowhere/Land", m.key).status, 422);
}

BOOST_AUTO_TEST_CASE(a_series_calendar_lists_the_meetings_sharing_the_key) {
    TestServer server;
    MeetingFixture first(server);
    MeetingFixture second(server);
    MeetingFixture outsider(server);
    const std::string key = R"({"series":"gt-numerique-2026-secret"})";
    BOOST_REQUIRE_EQUAL(server.patch(first.base(), key, first.key).status, 200);
    BOOST_REQUIRE_EQUAL(server.patch(second.base(), key, second.key).status, 200);
    BOOST_CHECK_EQUAL(server.patch(outsider.base(), R"({"series":"short"})", outsider.key).status, 422);
    auto calendar = server.get("/export/series/" + first.id + ".ics?token=" + first.share_token);
    BOOST_REQUIRE_EQUAL(calendar.status, 200);
    BOOST_CHECK(calendar.body.find("UID:" + first.id + "@quorum") != std::string::npos);
    BOOST_CHECK(calendar.body.find("UID:" + second.id + "@quorum") != std::string::npos);
    BOOST_CHECK(calendar.body.find("UID:" + outsider.id + "@quorum") == std::string::npos);
    BOOST_CHECK(calendar.body.find("gt-numerique-2026-secret") == std::string::npos);
    BOOST_CHECK_EQUAL(server.get("/export/series/" + first.id + ".ics").status, 401);
}

BOOST_AUTO_TEST_CASE(exported_json_imports_as_the_same_meeting) {
    TestServer server;
    MeetingFixture m(server);
    BOOST_REQUIRE_EQUAL(post_csv(server, m.base() + "/attendance", k_roster, m.key).status, 200);
    auto exported = server.get("/export/meeting/" + m.id + ".json", m.key);
    std::string csv = server.get("/export/meeting/" + m.id + ".csv", m.key).body;
    std::string md = server.get("/export/meeting/" + m.id + ".md", m.key).body;

    TestServer elsewhere;
    auto imported = elsewhere.store().import_export(exported.json());
    BOOST_REQUIRE(imported);
    BOOST_CHECK_EQUAL(imported->meeting_id, m.id);
    // The export carries no token hash: a new facilitator key, returned once by
    // the import, opens the meeting there; the old key and links do not.
    std::string key = imported->facilitator_key;
    BOOST_CHECK(key != m.key);
    BOOST_CHECK_EQUAL(elsewhere.get("/export/meeting/" + m.id + ".csv", m.key).status, 401);
    BOOST_CHECK_EQUAL(elsewhere.get("/export/meeting/" + m.id + ".csv", m.tokens["participant"]).status, 401);
    BOOST_CHECK_EQUAL(elsewhere.get("/s/" + m.share_token).status, 404);
    // The exports read the same.
    BOOST_CHECK_EQUAL(elsewhere.get("/export/meeting/" + m.id + ".csv", key).body, csv);
    BOOST_CHECK_EQUAL(elsewhere.get("/export/meeting/" + m.id + ".md", key).body, md);
    // A personal link issued again works there.
    auto reissued = elsewhere.post("/api/v1/meetings/" + m.id + "/participants/" +
                                       std::to_string(m.participants["participant"]) + "/token",
                                   "", key);
    BOOST_REQUIRE_EQUAL(reissued.status, 201);
    BOOST_CHECK_EQUAL(
        elsewhere.get("/export/meeting/" + m.id + ".md", reissued.json()->getValue<std::string>("token")).status, 200);
}

BOOST_AUTO_TEST_SUITE_END()
