// Every route × every role: a table walk over the router's own route table, so
// a route added without its role check fails here.

#include "harness.hpp"

#include <boost/test/unit_test.hpp>

#include <set>

using namespace harness;
using quorum::store::Role;

namespace {

// Which roles each protected route admits. Kept by hand on purpose: it is the
// specification the router's access table is checked against.
const std::map<std::string, std::set<std::string>>& expected_access() {
    static const std::set<std::string> all = {"facilitator-key", "facilitator", "note-taker",
                                              "timekeeper",      "participant", "observer"};
    static const std::set<std::string> facilitators = {"facilitator-key", "facilitator"};
    static const std::set<std::string> writers = {"facilitator-key", "facilitator", "note-taker"};
    static const std::map<std::string, std::set<std::string>> table = {
        {"GET /api/v1/meetings/{id}", all},
        {"PATCH /api/v1/meetings/{id}", facilitators},
        {"DELETE /api/v1/meetings/{id}", facilitators},
        {"GET /api/v1/meetings/{id}/events", facilitators},
        {"POST /api/v1/meetings/{id}/agenda", facilitators},
        {"PUT /api/v1/meetings/{id}/agenda/reorder", facilitators},
        {"PATCH /api/v1/meetings/{id}/agenda/{item}", facilitators},
        {"DELETE /api/v1/meetings/{id}/agenda/{item}", facilitators},
        {"GET /api/v1/meetings/{id}/participants", all},
        {"POST /api/v1/meetings/{id}/participants", facilitators},
        {"POST /api/v1/meetings/{id}/participants/{participant}/token", facilitators},
        {"POST /api/v1/meetings/{id}/participants/{participant}/check-in", all},
        {"POST /api/v1/meetings/{id}/participants/{participant}/check-out", all},
        {"PUT /api/v1/meetings/{id}/participants/{participant}/status", facilitators},
        {"PUT /api/v1/meetings/{id}/participants/{participant}/record", all},
        {"GET /api/v1/meetings/{id}/me", all},
        {"POST /api/v1/meetings/{id}/preview", all},
        {"GET /api/v1/meetings/{id}/notes/{item}", all},
        {"PUT /api/v1/meetings/{id}/notes/{item}", writers},
        {"GET /api/v1/meetings/{id}/notes/{item}/revisions", all},
        {"GET /api/v1/meetings/{id}/notes/{item}/revisions/{revision}", all},
        {"GET /api/v1/meetings/{id}/items", all},
        {"POST /api/v1/meetings/{id}/items/{item}/accept", writers},
        {"POST /api/v1/meetings/{id}/items/{item}/reject", writers},
        {"PATCH /api/v1/meetings/{id}/items/{item}", writers},
        {"GET /api/v1/meetings/{id}/summary", all},
        {"GET /api/v1/meetings/{id}/share-links", facilitators},
        {"POST /api/v1/meetings/{id}/share-links", facilitators},
        {"DELETE /api/v1/meetings/{id}/share-links/{link}", facilitators},
        // Every member may send commands; which ones each role may run is checked
        // per command (server_live_test).
        {"POST /api/v1/meetings/{id}/commands", all},
        {"GET /api/v1/meetings/{id}/live/state", all},
        {"GET /api/v1/meetings/{id}/plugins/{plugin}/options", all},
        {"PUT /api/v1/meetings/{id}/plugins/{plugin}/options", facilitators},
        {"POST /api/v1/meetings/{id}/attendance/preview", facilitators},
        {"POST /api/v1/meetings/{id}/attendance", facilitators},
        {"POST /api/v1/meetings/{id}/aliases", facilitators},
    };
    return table;
}

const std::set<std::string> k_public = {"GET /api/v1/health", "GET /api/v1/openapi.json", "POST /api/v1/meetings",
                                        "POST /api/v1/meetings/import", "GET /s/{token}",
                                        // Export URLs check a bearer token or a share link themselves
                                        // (tests/integration/interop_routes_test.cpp walks them).
                                        "GET /export/meeting/{id}.json", "GET /export/meeting/{id}.ics",
                                        "GET /export/meeting/{id}.md", "GET /export/meeting/{id}.html",
                                        "GET /export/meeting/{id}.csv", "GET /export/series/{id}.ics",
                                        // Checks its own token (query or header): WebSocket clients cannot set headers.
                                        "GET /api/v1/meetings/{id}/live"};

std::string body_for(const std::string& key) {
    static const std::map<std::string, std::string> bodies = {
        {"PATCH /api/v1/meetings/{id}", R"({"location":"Salle 3"})"},
        {"POST /api/v1/meetings/{id}/agenda", R"({"title":"Varia"})"},
        {"PATCH /api/v1/meetings/{id}/agenda/{item}", R"({"title":"Renamed"})"},
        {"POST /api/v1/meetings/{id}/participants", R"({"name":"Zoé"})"},
        {"PUT /api/v1/meetings/{id}/participants/{participant}/status", R"({"status":"late"})"},
        {"PUT /api/v1/meetings/{id}/participants/{participant}/record", R"({"record":false})"},
        {"POST /api/v1/meetings/{id}/preview", R"({"text":"**bold**"})"},
        {"PUT /api/v1/meetings/{id}/notes/{item}", R"({"base_revision":1,"text":"revised"})"},
        {"PATCH /api/v1/meetings/{id}/items/{item}", R"({"owner":"Zoé"})"},
        {"POST /api/v1/meetings/{id}/share-links", R"({"visibility":"public"})"},
        {"POST /api/v1/meetings/{id}/commands", R"({"command":"help"})"},
        {"PUT /api/v1/meetings/{id}/plugins/{plugin}/options", R"({"options":{}})"},
        {"POST /api/v1/meetings/{id}/attendance/preview", "Person note-taker\nPerson observer\n"},
        {"POST /api/v1/meetings/{id}/attendance", "Person note-taker\nPerson observer\n"},
        {"POST /api/v1/meetings/{id}/aliases", R"({"name":"P. Observer","participant_id":3})"},
    };
    auto found = bodies.find(key);
    return found == bodies.end() ? std::string() : found->second;
}

std::string fill(const std::string& pattern, const MeetingFixture& m, std::int64_t participant) {
    std::string path = pattern;
    auto replace = [&](const std::string& from, const std::string& to) {
        if (auto at = path.find(from); at != std::string::npos) {
            path.replace(at, from.size(), to);
        }
    };
    replace("{id}", m.id);
    // Notes live on the first agenda item, which has revision 1.
    replace("{item}",
            pattern.find("/items/") != std::string::npos ? std::to_string(m.item) : std::to_string(m.agenda_item));
    replace("{participant}", std::to_string(participant));
    replace("{revision}", "1");
    replace("{link}", std::to_string(m.share_link));
    replace("{plugin}", "markers");
    return path;
}

} // namespace

BOOST_AUTO_TEST_SUITE(server_roles_test)

BOOST_AUTO_TEST_CASE(the_table_covers_every_route) {
    TestServer server;
    for (const auto& route : server.server().router().routes()) {
        std::string key = route.method + " " + route.pattern;
        BOOST_TEST_INFO(key);
        BOOST_TEST((expected_access().count(key) + k_public.count(key)) == 1u);
        BOOST_TEST(route.access.is_public == (k_public.count(key) == 1u));
    }
}

BOOST_AUTO_TEST_CASE(every_protected_route_checks_the_callers_role) {
    TestServer server;
    const std::vector<std::string> callers = {"none",        "bad-token",  "other-meeting", "facilitator-key",
                                              "facilitator", "note-taker", "timekeeper",    "participant",
                                              "observer"};
    for (const auto& route : server.server().router().routes()) {
        std::string key = route.method + " " + route.pattern;
        if (k_public.count(key)) {
            continue;
        }
        const auto& allowed = expected_access().at(key);
        for (const std::string& caller : callers) {
            // A fresh meeting each time: an allowed call may delete what it names.
            MeetingFixture m(server);
            std::string token;
            std::int64_t participant = m.participants["note-taker"];
            if (caller == "bad-token") {
                token = m.key;
                token[0] = token[0] == 'x' ? 'y' : 'x';
            } else if (caller == "other-meeting") {
                token = MeetingFixture(server).key;
            } else if (caller == "facilitator-key") {
                token = m.key;
            } else if (caller != "none") {
                token = m.tokens[caller];
                participant = m.participants[caller]; // self-service routes act on oneself
            }
            std::string body = body_for(key);
            if (key == "PUT /api/v1/meetings/{id}/agenda/reorder") {
                body = R"({"items":[{"id":)" + std::to_string(m.agenda_item) + R"(},{"id":)" +
                       std::to_string(m.child_item) + "}]}";
            }
            auto reply = server.send({route.method, fill(route.pattern, m, participant), body, token,
                                      route.media_types.empty() ? "application/json" : route.media_types.front()});
            BOOST_TEST_CONTEXT(key << " as " << caller << " → " << reply.status << " " << reply.body)
            if (caller == "none" || caller == "bad-token") {
                BOOST_TEST(reply.status == 401);
                BOOST_TEST(reply.error_code() == "unauthorized");
            } else if (caller == "other-meeting" || !allowed.count(caller)) {
                BOOST_TEST(reply.status == 403);
                BOOST_TEST(reply.error_code() == "forbidden");
            } else {
                BOOST_TEST((reply.status >= 200 && reply.status < 300));
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
