// The web interface's server side: page shells and assets from templates/web
// under a strict Content-Security-Policy, the routes the pages need (who am I,
// Markdown preview, consent), and the live socket's state view.

#include "harness.hpp"
#include "live_client.hpp"

#include <boost/test/unit_test.hpp>

#include <regex>

using namespace harness;
using namespace std::chrono_literals;

namespace {

const std::vector<std::string> k_pages = {"setup", "console", "join", "notes", "projector"};

std::int64_t version(TestServer& server, const MeetingFixture& m) {
    return server.get(m.base(), m.key).json()->getValue<std::int64_t>("version");
}

Reply command(TestServer& server, const MeetingFixture& m, const std::string& token, const std::string& text) {
    Object::Ptr body = new Object;
    body->set("command", text);
    std::ostringstream out;
    body->stringify(out);
    return server.post(m.base() + "/commands", out.str(), token);
}

// Reads messages until one of `type` arrives whose `accept` holds.
template <typename Accept>
Object::Ptr wait_for(WebSocketClient& ws, const std::string& type, Accept accept, int limit = 40) {
    for (int i = 0; i < limit; ++i) {
        auto message = ws.message(3s);
        if (!message) {
            return nullptr;
        }
        if (message->getValue<std::string>("type") == type && accept(message)) {
            return message;
        }
    }
    return nullptr;
}

} // namespace

BOOST_AUTO_TEST_SUITE(server_web_test)

BOOST_AUTO_TEST_CASE(pages_and_assets_are_served_under_a_strict_policy) {
    TestServer server;
    MeetingFixture m(server);
    auto home = server.get("/");
    BOOST_TEST(home.status == 200);
    BOOST_TEST(home.content_type.rfind("text/html", 0) == 0u);
    const std::string policy = home.headers.get("Content-Security-Policy", "");
    BOOST_TEST(policy.find("script-src 'self'") != std::string::npos);
    BOOST_TEST(policy.find("unsafe-inline") == std::string::npos);
    BOOST_TEST(policy.find("frame-ancestors 'none'") != std::string::npos);
    BOOST_TEST(home.headers.get("Referrer-Policy", "") == "no-referrer");
    for (const auto& page : k_pages) {
        BOOST_TEST_CONTEXT(page) {
            auto reply = server.get("/m/" + m.id + "/" + page);
            BOOST_TEST(reply.status == 200);
            BOOST_TEST(reply.content_type.rfind("text/html", 0) == 0u);
        }
    }
    auto script = server.get("/assets/app.js");
    BOOST_TEST(script.status == 200);
    BOOST_TEST(script.content_type.rfind("text/javascript", 0) == 0u);
    BOOST_TEST(server.get("/assets/app.css").content_type.rfind("text/css", 0) == 0u);

    // Nothing but plain asset names is looked up on disk.
    for (const std::string& path : std::vector<std::string>{
             "/assets/..%2Fhome.html", "/assets/../home.html", "/assets/App.js", "/assets/app.js.bak",
             "/assets/.app.js", "/assets/nope.js", "/m/" + m.id + "/nope", "/m/bad%20id/console", "/home.html"}) {
        BOOST_TEST_CONTEXT(path) {
            BOOST_TEST(server.get(path).status == 404);
        }
    }
    // The share page: the summary alone, no script, never framed, no Referer.
    auto shared = server.get("/s/" + m.share_token);
    BOOST_TEST(shared.status == 200);
    BOOST_TEST(shared.headers.get("Content-Security-Policy", "").find("default-src 'none'") != std::string::npos);
    BOOST_TEST(shared.headers.get("Referrer-Policy", "") == "no-referrer");
    BOOST_TEST(shared.body.find("<script") == std::string::npos);

    // The API keeps its JSON errors; writes to a page are not pages.
    BOOST_TEST(server.get("/api/v1/nope").error_code() == "not_found");
    BOOST_TEST(server.post("/", "{}").status == 404);
}

// The policy forbids inline script and style: a page that used them would be
// broken in the browser, so every shell is checked here, and every asset it names
// must exist.
BOOST_AUTO_TEST_CASE(every_page_loads_only_its_own_assets) {
    TestServer server;
    MeetingFixture m(server);
    std::vector<std::string> paths = {"/"};
    for (const auto& page : k_pages) {
        paths.push_back("/m/" + m.id + "/" + page);
    }
    const std::regex asset(R"re((?:src|href)="([^"]*)")re");
    const std::regex inline_script(R"re(<script(?![^>]*\bsrc=)[^>]*>)re");
    const std::regex handler(R"re(\son[a-z]+\s*=)re");
    const std::regex style_attribute(R"re(\sstyle\s*=)re");
    for (const auto& path : paths) {
        BOOST_TEST_CONTEXT(path) {
            auto page = server.get(path);
            BOOST_REQUIRE_EQUAL(page.status, 200);
            BOOST_TEST(!std::regex_search(page.body, inline_script));
            BOOST_TEST(!std::regex_search(page.body, handler));
            BOOST_TEST(!std::regex_search(page.body, style_attribute));
            BOOST_TEST(page.body.find("<html lang=") != std::string::npos);
            int scripts = 0;
            for (std::sregex_iterator it(page.body.begin(), page.body.end(), asset), end; it != end; ++it) {
                std::string target = (*it)[1];
                if (target.rfind("/assets/", 0) != 0) {
                    BOOST_TEST_CONTEXT(target) {
                        // Only in-page anchors and our own pages; never another host.
                        BOOST_TEST((target.rfind("#", 0) == 0 || target.rfind("/", 0) == 0));
                        BOOST_TEST(target.rfind("//", 0) != 0);
                    }
                    continue;
                }
                scripts += target.ends_with(".js");
                BOOST_TEST_CONTEXT(target) {
                    BOOST_TEST(server.get(target).status == 200);
                }
            }
            BOOST_TEST(scripts >= 1);
        }
    }
}

BOOST_AUTO_TEST_CASE(me_names_the_role_and_the_participant) {
    TestServer server;
    MeetingFixture m(server);
    auto facilitator = server.get(m.base() + "/me", m.key).json();
    BOOST_TEST(facilitator->getValue<std::string>("role") == "facilitator");
    BOOST_TEST(facilitator->get("participant").isEmpty());
    auto note_taker = server.get(m.base() + "/me", m.tokens["note-taker"]).json();
    BOOST_TEST(note_taker->getValue<std::string>("role") == "note-taker");
    BOOST_TEST(note_taker->getObject("participant")->getValue<std::int64_t>("id") == m.participants["note-taker"]);
    BOOST_TEST(note_taker->getObject("participant")->getValue<std::string>("name") == "Person note-taker");
    BOOST_TEST(server.get(m.base() + "/me").status == 401);
}

BOOST_AUTO_TEST_CASE(preview_renders_notes_as_safe_html_and_stores_nothing) {
    TestServer server;
    MeetingFixture m(server);
    const std::int64_t before = version(server, m);
    auto reply = server.post(
        m.base() + "/preview",
        R"({"text":"## Suivi\n- [x] fait\n\n<script>alert(1)</script>\n\n[lien](javascript:alert(1)) https://exemple.org"})",
        m.tokens["note-taker"]);
    BOOST_REQUIRE_EQUAL(reply.status, 200);
    std::string html = reply.json()->getValue<std::string>("html");
    BOOST_TEST(html.find("<h2>Suivi</h2>") != std::string::npos);
    BOOST_TEST(html.find("checkbox") != std::string::npos);
    BOOST_TEST(html.find("<script") == std::string::npos);
    BOOST_TEST(html.find("javascript:") == std::string::npos);
    BOOST_TEST(html.find(R"(<a href="https://exemple.org">)") != std::string::npos);
    BOOST_TEST(version(server, m) == before);
    // Members read the notes, so they may see them rendered; outsiders may not.
    BOOST_TEST(server.post(m.base() + "/preview", R"({"text":"x"})", m.tokens["participant"]).status == 200);
    BOOST_TEST(server.post(m.base() + "/preview", R"({"text":"x"})").status == 401);
    BOOST_TEST(server.post(m.base() + "/preview", R"({"text":3})", m.key).status == 422);
}

BOOST_AUTO_TEST_CASE(only_the_facilitator_sees_everyones_email) {
    TestServer server;
    MeetingFixture m(server);
    BOOST_REQUIRE_EQUAL(
        server.post(m.base() + "/participants", R"({"name":"Zoé","email":"zoe@exemple.org"})", m.key).status, 201);
    auto emails = [&](const std::string& token) {
        int count = 0;
        auto people = server.get(m.base() + "/participants", token).array();
        for (size_t i = 0; i < people->size(); ++i) {
            count += people->getObject(static_cast<unsigned>(i))->has("email");
        }
        return count;
    };
    BOOST_TEST(emails(m.key) == 6);
    BOOST_TEST(emails(m.tokens["facilitator"]) == 6);
    BOOST_TEST(emails(m.tokens["participant"]) == 1); // their own
    BOOST_TEST(emails(m.tokens["observer"]) == 1);
}

BOOST_AUTO_TEST_CASE(a_participant_off_the_record_is_counted_not_named) {
    TestServer server;
    MeetingFixture m(server);
    const std::string self = m.base() + "/participants/" + std::to_string(m.participants["participant"]) + "/record";
    BOOST_TEST(server.put(self, R"({"record":"no"})", m.tokens["participant"]).status == 422);
    BOOST_TEST(server.put(self, R"({})", m.tokens["participant"]).status == 422);
    // Someone else's consent is theirs to give.
    BOOST_TEST(server.put(self, R"({"record":false})", m.tokens["observer"]).status == 403);

    auto before = server.get(m.base() + "/summary?format=md", m.key).body;
    BOOST_TEST(before.find("Person participant") != std::string::npos);
    BOOST_REQUIRE_EQUAL(server.put(self, R"({"record":false})", m.tokens["participant"]).status, 200);
    auto people = server.get(m.base() + "/participants", m.key).array();
    for (size_t i = 0; i < people->size(); ++i) {
        auto person = people->getObject(static_cast<unsigned>(i));
        bool is_self = person->getValue<std::int64_t>("id") == m.participants["participant"];
        BOOST_TEST((is_self ? person->getValue<std::string>("record") == "off" : person->get("record").isEmpty()));
    }
    auto after = server.get(m.base() + "/summary?format=md", m.key).body;
    BOOST_TEST(after.find("Person participant") == std::string::npos);
    BOOST_TEST(after.find("hors compte rendu 1") != std::string::npos);
    auto csv = server.get("/export/meeting/" + m.id + ".md", m.key).body;
    BOOST_TEST(csv.find("Person participant") == std::string::npos);

    // Back on the record: named again; the choice is in the event log.
    BOOST_REQUIRE_EQUAL(server.put(self, R"({"record":true})", m.tokens["participant"]).status, 200);
    BOOST_TEST(server.get(m.base() + "/summary?format=md", m.key).body.find("Person participant") != std::string::npos);
    auto events = server.get(m.base() + "/events", m.key).array();
    int consents = 0;
    for (size_t i = 0; i < events->size(); ++i) {
        consents +=
            events->getObject(static_cast<unsigned>(i))->getValue<std::string>("type") == "participant/record-set";
    }
    BOOST_TEST(consents == 2);
}

BOOST_AUTO_TEST_CASE(the_state_view_pushes_the_whole_state_after_each_change) {
    TestServer server;
    MeetingFixture m(server);
    WebSocketClient member(server.port(), m.base() + "/live?view=state&token=" + m.key);
    WebSocketClient viewer(server.port(), m.base() + "/live?view=state&since=1&token=" + m.share_token);
    auto first = member.message();
    BOOST_REQUIRE(first);
    BOOST_TEST(first->getValue<std::string>("type") == "snapshot");
    BOOST_TEST(first->getObject("live")->has("speaking"));
    BOOST_TEST(first->getObject("meeting")->has("notes"));
    // A state client always starts from a snapshot, whatever it says it saw.
    auto viewer_first = viewer.message();
    BOOST_REQUIRE(viewer_first);
    BOOST_TEST(viewer_first->getValue<std::string>("type") == "snapshot");
    BOOST_TEST(!viewer_first->getObject("live")->has("speaking"));
    BOOST_TEST(!viewer_first->getObject("meeting")->has("notes"));

    BOOST_REQUIRE_EQUAL(command(server, m, m.key, "start meeting").status, 200);
    auto started = [](const Object::Ptr& message) {
        return !message->getObject("live")->getObject("meeting")->get("started_at_ms").isEmpty();
    };
    auto state = wait_for(member, "state", started);
    BOOST_REQUIRE(state);
    BOOST_TEST(state->getObject("live")->getObject("current_item")->getValue<std::string>("title") == "Hébergement");
    BOOST_TEST(state->getValue<std::int64_t>("seq") <= version(server, m));
    BOOST_TEST(state->getValue<std::int64_t>("seq") > first->getValue<std::int64_t>("seq"));
    auto viewer_state = wait_for(viewer, "state", started);
    BOOST_REQUIRE(viewer_state);
    BOOST_TEST(!viewer_state->getObject("live")->has("speaking"));

    // A check-in reaches the live roster at once, without a command.
    const auto participant = std::to_string(m.participants["participant"]);
    BOOST_REQUIRE_EQUAL(
        server.post(m.base() + "/participants/" + participant + "/check-in", "", m.tokens["participant"]).status, 200);
    auto present = wait_for(member, "state", [&](const Object::Ptr& message) {
        auto roster = message->getObject("live")->getArray("roster");
        for (size_t i = 0; i < roster->size(); ++i) {
            auto row = roster->getObject(static_cast<unsigned>(i));
            if (row->getValue<std::string>("id") == participant) {
                return row->getValue<bool>("present");
            }
        }
        return false;
    });
    BOOST_TEST(present);

    WebSocketClient bad(server.port(), m.base() + "/live?view=everything&token=" + m.key);
    BOOST_TEST(bad.status() == 422);
}

BOOST_AUTO_TEST_SUITE_END()
