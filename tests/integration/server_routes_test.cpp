// Every route, used as a client would, against the real server.

#include "harness.hpp"

#include <boost/test/unit_test.hpp>

#include "store/tokens.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace harness;

BOOST_AUTO_TEST_SUITE(server_routes_test)

BOOST_AUTO_TEST_CASE(health_answers_without_a_token) {
    TestServer server;
    auto reply = server.get("/api/v1/health");
    BOOST_TEST(reply.status == 200);
    BOOST_TEST(reply.json()->getValue<std::string>("status") == "ok");
}

BOOST_AUTO_TEST_CASE(a_meeting_is_created_and_read_back_with_its_key) {
    TestServer server;
    auto created = server.post(
        "/api/v1/meetings",
        R"({"title":"Board","date":"2026-10-01","start":"09:30","end":"11:00","location":"Jitsi","language":"en"})");
    BOOST_TEST(created.status == 201);
    std::string id = created.json()->getValue<std::string>("id");
    std::string key = created.json()->getValue<std::string>("facilitator_key");
    BOOST_TEST(key.size() >= 22u); // ≥ 128 bits in base64url
    auto meeting = server.get("/api/v1/meetings/" + id, key);
    BOOST_TEST(meeting.status == 200);
    BOOST_TEST(meeting.json()->getValue<std::string>("title") == "Board");
    BOOST_TEST(meeting.json()->getValue<std::string>("start") == "09:30");

    BOOST_TEST(server.patch("/api/v1/meetings/" + id, R"({"location":"Salle 2"})", key).status == 200);
    BOOST_TEST(server.get("/api/v1/meetings/" + id, key).json()->getValue<std::string>("location") == "Salle 2");
}

BOOST_AUTO_TEST_CASE(minutes_import_into_a_meeting_with_agenda_people_notes_and_items) {
    TestServer server;
    std::ifstream file(std::string(QUORUM_EXAMPLES) + "/gt-numerique-2026-11.md");
    std::stringstream minutes;
    minutes << file.rdbuf();
    auto created = server.send({"POST", "/api/v1/meetings/import", minutes.str(), "", "text/markdown"});
    BOOST_REQUIRE(created.status == 201);
    std::string id = created.json()->getValue<std::string>("id");
    std::string key = created.json()->getValue<std::string>("facilitator_key");
    auto meeting = server.get("/api/v1/meetings/" + id, key).json();
    BOOST_TEST(meeting->getValue<std::string>("date") == "2026-11-12");
    BOOST_TEST(meeting->getArray("agenda")->size() == 5u);
    BOOST_TEST(meeting->getArray("notes")->size() >= 4u);
    BOOST_TEST(server.get("/api/v1/meetings/" + id + "/participants", key).array()->size() >= 12u);
    BOOST_TEST(server.get("/api/v1/meetings/" + id + "/items", key).array()->size() > 0u);
    auto summary = server.get("/api/v1/meetings/" + id + "/summary?format=md", key);
    BOOST_TEST(summary.status == 200);
    BOOST_TEST(summary.body.find("Hébergement mutualisé") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_agenda_is_edited_nested_and_reordered) {
    TestServer server;
    MeetingFixture m(server);
    auto added =
        server.post(m.base() + "/agenda", R"({"title":"Varia","type":"Information","duration_seconds":300})", m.key);
    BOOST_TEST(added.status == 201);
    std::int64_t varia = added.json()->getValue<std::int64_t>("id");
    BOOST_TEST(
        server.patch(m.base() + "/agenda/" + std::to_string(varia), R"({"title":"Varia et suites"})", m.key).status ==
        200);
    std::string order = R"({"items":[{"id":)" + std::to_string(varia) + R"(},{"id":)" + std::to_string(m.agenda_item) +
                        R"(},{"id":)" + std::to_string(m.child_item) + R"(,"parent_id":)" +
                        std::to_string(m.agenda_item) + "}]}";
    BOOST_TEST(server.put(m.base() + "/agenda/reorder", order, m.key).status == 200);
    auto agenda = server.get(m.base(), m.key).json()->getArray("agenda");
    BOOST_TEST(agenda->getObject(0)->getValue<std::string>("title") == "Varia et suites");
    BOOST_TEST(agenda->getObject(1)->getArray("children")->size() == 1u);
    BOOST_TEST(server.del(m.base() + "/agenda/" + std::to_string(varia), m.key).status == 200);
    BOOST_TEST(server.get(m.base(), m.key).json()->getArray("agenda")->size() == 1u);
    BOOST_TEST(server.del(m.base() + "/agenda/" + std::to_string(varia), m.key).status == 404);
}

BOOST_AUTO_TEST_CASE(participants_check_in_and_out_and_are_marked) {
    TestServer server;
    MeetingFixture m(server);
    std::string self = std::to_string(m.participants["participant"]);
    BOOST_TEST(server.post(m.base() + "/participants/" + self + "/check-in", "", m.tokens["participant"]).status ==
               200);
    BOOST_TEST(server.post(m.base() + "/participants/" + self + "/check-out", "", m.tokens["participant"]).status ==
               200);
    // Someone else's attendance is the facilitator's to mark.
    std::string other = std::to_string(m.participants["observer"]);
    BOOST_TEST(server.post(m.base() + "/participants/" + other + "/check-in", "", m.tokens["participant"]).status ==
               403);
    BOOST_TEST(server.put(m.base() + "/participants/" + other + "/status", R"({"status":"excused"})", m.key).status ==
               200);
    auto people = server.get(m.base() + "/participants", m.tokens["observer"]).array();
    bool excused = false, checked = false;
    for (size_t i = 0; i < people->size(); ++i) {
        auto person = people->getObject(static_cast<unsigned>(i));
        excused |= person->getValue<std::string>("status") == "excused";
        checked |= !person->isNull("checked_out_at");
    }
    BOOST_TEST(excused);
    BOOST_TEST(checked);
}

BOOST_AUTO_TEST_CASE(a_new_personal_token_replaces_the_old_one) {
    TestServer server;
    MeetingFixture m(server);
    std::string old = m.tokens["participant"];
    auto issued =
        server.post(m.base() + "/participants/" + std::to_string(m.participants["participant"]) + "/token", "", m.key);
    BOOST_TEST(issued.status == 201);
    BOOST_TEST(server.get(m.base(), old).status == 401);
    BOOST_TEST(server.get(m.base(), issued.json()->getValue<std::string>("token")).status == 200);
}

BOOST_AUTO_TEST_CASE(notes_are_revisions_with_history_and_a_409_on_a_stale_base) {
    TestServer server;
    MeetingFixture m(server);
    std::string notes = m.base() + "/notes/" + std::to_string(m.child_item);
    BOOST_TEST(server.get(notes, m.key).json()->getValue<int>("revision") == 0);
    auto first = server.put(notes, R"({"base_revision":0,"text":"Alice présente."})", m.tokens["note-taker"]);
    BOOST_TEST(first.status == 200);
    BOOST_TEST(first.json()->getValue<int>("revision") == 1);
    BOOST_TEST(server.put(notes, R"({"base_revision":1,"text":"Alice présente le projet."})", m.key).status == 200);

    // Two editors started from revision 1; the second save must not overwrite.
    auto stale = server.put(notes, R"({"base_revision":1,"text":"Ma version"})", m.tokens["note-taker"]);
    BOOST_TEST(stale.status == 409);
    BOOST_TEST(stale.error_code() == "stale_revision");
    BOOST_TEST(stale.json()->getObject("current")->getValue<int>("revision") == 2);
    BOOST_TEST(stale.json()->getObject("current")->getValue<std::string>("text") == "Alice présente le projet.");
    BOOST_TEST(stale.json()->getObject("yours")->getValue<std::string>("text") == "Ma version");
    BOOST_TEST(server.get(notes, m.key).json()->getValue<std::string>("text") == "Alice présente le projet.");

    auto history = server.get(notes + "/revisions", m.tokens["observer"]);
    BOOST_TEST(history.array()->size() == 2u);
    auto one = server.get(notes + "/revisions/1", m.tokens["observer"]);
    BOOST_TEST(one.json()->getValue<std::string>("text") == "Alice présente.");
    BOOST_TEST(server.get(notes + "/revisions/9", m.key).status == 404);
    // A base from the future is stale too.
    BOOST_TEST(server.put(notes, R"({"base_revision":7,"text":"x"})", m.key).status == 409);
}

BOOST_AUTO_TEST_CASE(extracted_items_are_accepted_rejected_and_edited) {
    TestServer server;
    MeetingFixture m(server);
    auto items = server.get(m.base() + "/items", m.key).array();
    BOOST_REQUIRE(items->size() >= 2u);
    auto first = items->getObject(0);
    BOOST_TEST(first->getValue<std::int64_t>("agenda_item_id") == m.agenda_item);
    BOOST_TEST(first->getValue<int>("line") >= 1);
    std::string a = std::to_string(first->getValue<std::int64_t>("id"));
    std::string b = std::to_string(items->getObject(1)->getValue<std::int64_t>("id"));
    BOOST_TEST(server.post(m.base() + "/items/" + a + "/accept", "", m.tokens["note-taker"]).status == 200);
    BOOST_TEST(server.post(m.base() + "/items/" + b + "/reject", "", m.key).status == 200);
    BOOST_TEST(server.patch(m.base() + "/items/" + a, R"({"text":"Envoyer le devis signé","due":"2026-11-21"})", m.key)
                   .status == 200);
    items = server.get(m.base() + "/items", m.key).array();
    BOOST_TEST(items->getObject(0)->getValue<std::string>("state") == "edited");
    BOOST_TEST(items->getObject(0)->getValue<std::string>("text") == "Envoyer le devis signé");
    BOOST_TEST(items->getObject(1)->getValue<std::string>("state") == "rejected");
    BOOST_TEST(server.post(m.base() + "/items/999/accept", "", m.key).status == 404);
}

BOOST_AUTO_TEST_CASE(the_summary_comes_in_every_format_and_follows_changes) {
    TestServer server;
    MeetingFixture m(server);
    for (const auto& [format, type] : std::vector<std::pair<std::string, std::string>>{
             {"md", "text/markdown"}, {"html", "text/html"}, {"json", "application/json"}, {"txt", "text/plain"}}) {
        auto reply = server.get(m.base() + "/summary?format=" + format, m.tokens["observer"]);
        BOOST_TEST(reply.status == 200);
        BOOST_TEST(reply.content_type.find(type) == 0u);
    }
    BOOST_TEST(server.get(m.base() + "/summary?format=pdf", m.key).status == 422);
    auto before = server.get(m.base() + "/summary?format=md", m.key).body;
    BOOST_TEST(server.get(m.base() + "/summary?format=md", m.key).body == before); // cached
    server.patch(m.base(), R"({"title":"GT numérique et communs"})", m.key);
    auto after = server.get(m.base() + "/summary?format=md", m.key).body;
    BOOST_TEST(after.find("GT numérique et communs") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(share_links_serve_the_summary_until_revoked) {
    TestServer server;
    MeetingFixture m(server);
    auto page = server.get("/s/" + m.share_token);
    BOOST_TEST(page.status == 200);
    BOOST_TEST(page.content_type.find("text/html") == 0u);
    BOOST_TEST(server.get("/s/" + m.share_token + "?format=json").content_type.find("application/json") == 0u);
    BOOST_TEST(server.get(m.base() + "/share-links", m.key).array()->size() == 1u);
    BOOST_TEST(server.del(m.base() + "/share-links/" + std::to_string(m.share_link), m.key).status == 200);
    BOOST_TEST(server.get("/s/" + m.share_token).status == 404);
    BOOST_TEST(server.get("/s/not-a-token").status == 404);
}

BOOST_AUTO_TEST_CASE(participants_only_links_need_a_members_token) {
    TestServer server;
    MeetingFixture m(server);
    MeetingFixture other(server);
    auto shared = server.post(m.base() + "/share-links", R"({"visibility":"participants"})", m.key).json();
    std::string path = "/s/" + shared->getValue<std::string>("token");
    BOOST_TEST(server.get(path).status == 401);
    BOOST_TEST(server.get(path, other.key).status == 403);
    BOOST_TEST(server.get(path, m.tokens["observer"]).status == 200);
    // The API refuses a link that is already expired (422): one that expired
    // since is made in the store directly.
    quorum::store::Principal facilitator{m.id, quorum::store::Role::Facilitator, std::nullopt, {}};
    auto expired = server.store().create_share_link(facilitator, "public", "2000-01-01T00:00:00.000Z");
    BOOST_REQUIRE(expired.has_value());
    BOOST_TEST(server.get("/s/" + expired->token).status == 404);
}

BOOST_AUTO_TEST_CASE(the_event_log_records_every_command_and_erase_removes_all) {
    TestServer server;
    MeetingFixture m(server);
    auto events = server.get(m.base() + "/events", m.key).array();
    BOOST_TEST(events->size() >= 10u);
    BOOST_TEST(events->getObject(0)->getValue<std::string>("type") == "meeting/created");
    BOOST_TEST(server.del(m.base(), m.key).status == 200);
    BOOST_TEST(server.get(m.base(), m.key).status == 401);
    BOOST_TEST(!server.store().meeting_exists(m.id));
}

namespace {

std::string file_bytes(const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::stringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
}

// The mode's permission bits, 0600 and the like.
unsigned mode_of(const fs::path& path) {
    return static_cast<unsigned>(fs::status(path).permissions() & fs::perms::mask);
}

} // namespace

BOOST_AUTO_TEST_CASE(an_erased_meeting_leaves_no_bytes_in_the_database_or_its_wal) {
    TestServer server;
    MeetingFixture m(server);
    MeetingFixture kept(server); // another meeting, written after, stays readable
    const std::string marker = "Zanzibarquetzal";
    for (int revision = 0; revision < 5; ++revision) {
        std::string body = R"({"base_revision":)" + std::to_string(revision + 1) + R"(,"text":"- )" + marker +
                           " revision " + std::to_string(revision) + R"( by mail@)" + marker + R"(.org"})";
        BOOST_REQUIRE_EQUAL(server.put(m.base() + "/notes/" + std::to_string(m.agenda_item), body, m.key).status,
                            200);
    }
    BOOST_REQUIRE_EQUAL(
        server.post(m.base() + "/participants", R"({"name":")" + marker + R"( Person","email":"x@)" + marker +
                                                    R"(.org","role":"participant"})",
                    m.key)
            .status,
        201);
    fs::path db = server.dir() / "quorum.db", wal = server.dir() / "quorum.db-wal";
    BOOST_REQUIRE(file_bytes(db).find(marker) != std::string::npos ||
                  file_bytes(wal).find(marker) != std::string::npos); // the test can see it when it is there

    BOOST_REQUIRE_EQUAL(server.del(m.base(), m.key).status, 200);
    BOOST_CHECK(file_bytes(db).find(marker) == std::string::npos);
    BOOST_CHECK(file_bytes(wal).find(marker) == std::string::npos);
    BOOST_CHECK_EQUAL(server.get(kept.base(), kept.key).status, 200);
}

BOOST_AUTO_TEST_CASE(the_database_and_its_wal_are_readable_by_their_owner_only) {
    TestServer server;
    MeetingFixture m(server);
    BOOST_CHECK(mode_of(server.dir() / "quorum.db") == 0600u);
    BOOST_CHECK(mode_of(server.dir() / "quorum.db-wal") == 0600u);
    BOOST_CHECK(mode_of(server.dir() / "quorum.db-shm") == 0600u);
}

BOOST_AUTO_TEST_CASE(a_data_folder_made_by_quorum_is_its_owners_only) {
    fs::path data = fs::temp_directory_path() / ("quorum-modes-" + std::to_string(::getpid())) / "data";
    fs::remove_all(data.parent_path());
    // Any command that opens the store makes the folder; this one then finds no meeting.
    std::string command = std::string(QUORUM_BINARY) + " erase --data " + data.string() + " --meeting none >/dev/null 2>&1";
    BOOST_TEST(std::system(command.c_str()) != 0);
    BOOST_TEST(mode_of(data) == 0700u);
    BOOST_TEST(mode_of(data / "quorum.db") == 0600u);
    // A folder that exists keeps its mode.
    fs::path existing = data.parent_path() / "existing";
    fs::create_directories(existing);
    fs::permissions(existing, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
    command = std::string(QUORUM_BINARY) + " erase --data " + existing.string() + " --meeting none >/dev/null 2>&1";
    BOOST_TEST(std::system(command.c_str()) != 0);
    BOOST_TEST(mode_of(existing) == 0750u);
    BOOST_TEST(mode_of(existing / "quorum.db") == 0600u);
    fs::remove_all(data.parent_path());
}

BOOST_AUTO_TEST_CASE(the_demo_link_file_is_its_owners_only_and_says_it_holds_the_key) {
    fs::path data = fs::temp_directory_path() / ("quorum-demo-" + std::to_string(::getpid()));
    fs::remove_all(data);
    fs::create_directories(data);
    // A file left by an earlier version, readable by all: rewritten, and 0600.
    std::ofstream(data / "demo-meeting.json") << "{}";
    fs::permissions(data / "demo-meeting.json", fs::perms::owner_read | fs::perms::owner_write |
                                                    fs::perms::group_read | fs::perms::others_read);
    int out[2];
    BOOST_REQUIRE(::pipe(out) == 0);
    pid_t child = ::fork();
    if (child == 0) {
        ::dup2(out[1], STDOUT_FILENO);
        ::close(out[0]);
        ::close(out[1]);
        ::setenv("QUORUM_HOME", QUORUM_SOURCE_ROOT, 1);
        std::string demo = std::string(QUORUM_EXAMPLES) + "/gt-numerique-2026-11.md";
        ::execl(QUORUM_BINARY, QUORUM_BINARY, "serve", "--data", data.c_str(), "--port", "0", "--bind", "127.0.0.1",
                "--demo", demo.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(out[1]);
    // The demo's last line ("API: curl …") comes once its file is written.
    FILE* stream = ::fdopen(out[0], "r");
    char line[1024];
    bool printed = false;
    while (std::fgets(line, sizeof line, stream)) {
        if (std::string(line).find("API: curl") != std::string::npos) {
            printed = true;
            break;
        }
    }
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    std::fclose(stream);
    BOOST_REQUIRE(printed);
    BOOST_TEST(mode_of(data / "demo-meeting.json") == 0600u);
    std::string kept = file_bytes(data / "demo-meeting.json");
    BOOST_TEST(kept.find("readable by its owner only (0600)") != std::string::npos);
    BOOST_TEST(kept.find("facilitator_key") != std::string::npos);
    fs::remove_all(data);
}

BOOST_AUTO_TEST_CASE(exports_and_the_event_log_carry_no_token_hash) {
    TestServer server;
    MeetingFixture m(server);
    BOOST_REQUIRE_EQUAL(server.post(m.base() + "/participants/" + std::to_string(m.participants["participant"]) +
                                        "/token",
                                    "", m.key)
                            .status,
                        201);
    auto exported = server.get("/export/meeting/" + m.id + ".json", m.key);
    BOOST_REQUIRE_EQUAL(exported.status, 200);
    BOOST_CHECK(exported.body.find("hash") == std::string::npos);
    auto events = server.get(m.base() + "/events", m.key);
    BOOST_REQUIRE_EQUAL(events.status, 200);
    BOOST_CHECK(events.body.find("hash") == std::string::npos);
    // The hashes themselves are nowhere in either.
    for (const std::string& token : {m.key, m.share_token, m.tokens["observer"]}) {
        std::string hash = quorum::store::hash_token(token);
        BOOST_CHECK(exported.body.find(hash) == std::string::npos);
        BOOST_CHECK(events.body.find(hash) == std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()
