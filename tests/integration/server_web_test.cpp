// The web interface's server side: page shells and assets from templates/web
// under a strict Content-Security-Policy, the routes the pages need (who am I,
// Markdown preview, consent), and the live socket's state view.

#include "harness.hpp"
#include "live_client.hpp"
#include "util/value.hpp"

#include <boost/test/unit_test.hpp>

#include <regex>

using namespace harness;
using quorum::parse_json;
using quorum::to_json;
using quorum::Value;
using namespace std::chrono_literals;

namespace {

const std::vector<std::string> k_pages = {"setup", "console", "join", "notes", "projector", "summary"};

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

// A client of the state view, as app.js is: it holds the state, applies each
// patch to it (refusing one that does not follow what it holds), counts events.
struct StateFollower {
    WebSocketClient ws;
    Value state;
    std::int64_t state_id = 0;
    int events = 0;
    size_t last_bytes = 0;

    StateFollower(std::uint16_t port, const std::string& path) : ws(port, path) {}

    static void apply(Value& target, const Value& patch) {
        for (const auto& [key, value] : patch.as_object()) {
            if (key == "$remove") {
                for (const auto& gone : value.as_array()) {
                    target.as_object().erase(gone.as_string());
                }
                continue;
            }
            Value& current = target[key];
            const Value* items = value.find("$items");
            if (current.is_array() && items && items->is_object()) {
                for (const auto& [index, item] : items->as_object()) {
                    Value& slot = current.as_array().at(std::stoul(index));
                    if (item.is_object() && slot.is_object()) {
                        apply(slot, item);
                    } else {
                        slot = item;
                    }
                }
            } else if (value.is_object() && current.is_object()) {
                apply(current, value);
            } else {
                current = value;
            }
        }
    }

    // Reads one snapshot or state (counting events on the way); false on silence.
    bool next() {
        for (int i = 0; i < 200; ++i) {
            auto frame = ws.next(3s);
            if (!frame) {
                return false;
            }
            auto message = parse_json(frame->payload);
            BOOST_REQUIRE(message);
            const std::string type = message->string_or("type", "");
            last_bytes = frame->payload.size();
            if (type == "snapshot") {
                state = *message;
                state_id = message->find("state_id")->as_int();
                return true;
            }
            if (type == "state") {
                BOOST_REQUIRE_EQUAL(message->find("from")->as_int(), state_id);
                apply(state, *message->find("patch"));
                state["seq"] = *message->find("seq");
                state_id = message->find("state_id")->as_int();
                return true;
            }
            events += type == "event";
        }
        return false;
    }

    template <typename Done> bool until(Done done) {
        for (int i = 0; i < 40; ++i) {
            if (!next()) {
                return false;
            }
            if (done(state)) {
                return true;
            }
        }
        return false;
    }
};

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

// A participants-only link opened in a browser: a page that holds nothing of the
// meeting and fetches the summary with the personal token from its fragment.
BOOST_AUTO_TEST_CASE(a_participants_only_link_opens_in_a_browser_as_a_page_asking_for_the_token) {
    TestServer server;
    MeetingFixture m(server);
    auto link = server.post(m.base() + "/share-links", R"({"visibility":"participants"})", m.key).json();
    const std::string path = "/s/" + link->getValue<std::string>("token");
    Request browser{"GET", path, "", ""};
    browser.headers.emplace_back("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    auto page = server.send(browser);
    BOOST_TEST(page.status == 200);
    BOOST_TEST(page.body.find("/assets/summary-page.js") != std::string::npos);
    BOOST_TEST(page.body.find("GT num") == std::string::npos); // nothing of the meeting
    const std::string policy = page.headers.get("Content-Security-Policy", "");
    BOOST_TEST(policy.find("script-src 'self'") != std::string::npos);
    BOOST_TEST(policy.find("frame-ancestors 'none'") != std::string::npos);
    // Anything else without a token is refused as before; a member's token reads it.
    BOOST_TEST(server.get(path).status == 401);
    auto read = server.get(path, m.tokens.at("participant"));
    BOOST_TEST(read.status == 200);
    BOOST_TEST(read.body.find("<html") != std::string::npos);
    // The member page that the participant page links to.
    auto shell = server.get("/m/" + m.id + "/summary");
    BOOST_TEST(shell.status == 200);
    BOOST_TEST(shell.body.find("/assets/summary-page.js") != std::string::npos);
    BOOST_TEST(shell.headers.get("Content-Security-Policy", "").find("style-src 'self' 'unsafe-inline'") !=
               std::string::npos);
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

BOOST_AUTO_TEST_CASE(once_attendance_is_taken_people_only_invited_are_absent) {
    TestServer server;
    auto created = server.post("/api/v1/meetings", R"({"title":"Présences","language":"en"})").json();
    const std::string base = "/api/v1/meetings/" + created->getValue<std::string>("id");
    const std::string key = created->getValue<std::string>("facilitator_key");
    auto alice = server.post(base + "/participants", R"({"name":"Alice Martin"})", key).json();
    server.post(base + "/participants", R"({"name":"Bob Haddad"})", key);
    auto present = [&] {
        auto json = server.get(base + "/summary?format=json", key).json();
        return json->getObject("counts")->getValue<int>("present");
    };
    // Before anyone checks in, the roster reads as the people expected.
    BOOST_TEST(present() == 2);
    const std::string id = std::to_string(alice->getValue<std::int64_t>("id"));
    BOOST_REQUIRE_EQUAL(server.post(base + "/participants/" + id + "/check-in", "", key).status, 200);
    BOOST_TEST(present() == 1);
    auto json = server.get(base + "/summary?format=json", key).json();
    BOOST_TEST(json->getObject("counts")->getValue<int>("absent") == 1);
}

BOOST_AUTO_TEST_CASE(an_agenda_items_duration_can_be_taken_away) {
    TestServer server;
    MeetingFixture m(server);
    const std::string item = m.base() + "/agenda/" + std::to_string(m.agenda_item);
    auto duration = [&] {
        auto agenda = server.get(m.base(), m.key).json()->getArray("agenda");
        for (size_t i = 0; i < agenda->size(); ++i) {
            auto entry = agenda->getObject(static_cast<unsigned>(i));
            if (entry->getValue<std::int64_t>("id") == m.agenda_item) {
                return entry->get("duration_seconds");
            }
        }
        return Poco::Dynamic::Var("missing");
    };
    BOOST_TEST(duration().convert<int>() == 1200);
    // A change that does not name the duration keeps it; null takes it away.
    BOOST_REQUIRE_EQUAL(server.patch(item, R"({"title":"Hébergement mutualisé"})", m.key).status, 200);
    BOOST_TEST(duration().convert<int>() == 1200);
    BOOST_REQUIRE_EQUAL(server.patch(item, R"({"duration_seconds":null})", m.key).status, 200);
    BOOST_TEST(duration().isEmpty());
    BOOST_REQUIRE_EQUAL(server.patch(item, R"({"duration_seconds":600})", m.key).status, 200);
    BOOST_TEST(duration().convert<int>() == 600);
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
    // Live, the group still sees who is who; a public audience does not.
    StateFollower member(server.port(), m.base() + "/live?view=state&token=" + m.key);
    StateFollower viewer(server.port(), m.base() + "/live?view=state&token=" + m.share_token);
    BOOST_REQUIRE(member.next());
    BOOST_REQUIRE(viewer.next());
    const std::string self_id = std::to_string(m.participants["participant"]);
    auto roster_name = [&](Value& state) {
        for (auto& row : state["live"]["roster"].as_array()) {
            if (row.string_or("id", "") == self_id) {
                return row.string_or("name", "");
            }
        }
        return std::string("(missing)");
    };
    BOOST_TEST(roster_name(member.state) == "Person participant");
    BOOST_TEST(roster_name(viewer.state) == "Participant·e hors compte rendu 1");
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

BOOST_AUTO_TEST_CASE(the_state_view_keeps_every_client_on_the_whole_state) {
    TestServer server;
    MeetingFixture m(server);
    StateFollower member(server.port(), m.base() + "/live?view=state&token=" + m.key);
    StateFollower viewer(server.port(), m.base() + "/live?view=state&since=1&token=" + m.share_token);
    // A state client always starts from a snapshot, whatever it says it saw.
    BOOST_REQUIRE(member.next());
    BOOST_REQUIRE(viewer.next());
    BOOST_TEST(member.state["live"].has("speaking"));
    BOOST_TEST(member.state["meeting"].has("notes"));
    BOOST_TEST(!viewer.state["live"].has("speaking"));
    BOOST_TEST(!viewer.state["meeting"].has("notes"));
    const size_t snapshot_bytes = member.last_bytes;

    BOOST_REQUIRE_EQUAL(command(server, m, m.key, "start meeting").status, 200);
    auto started = [](Value& state) { return !state["live"]["meeting"]["started_at_ms"].is_null(); };
    BOOST_REQUIRE(member.until(started));
    BOOST_TEST(member.state["live"]["current_item"]["title"].as_string() == "Hébergement");
    BOOST_TEST(member.state["seq"].as_int() <= version(server, m));
    BOOST_REQUIRE(viewer.until(started));
    BOOST_TEST(!viewer.state["live"].has("speaking"));

    // A check-in reaches the live roster at once, without a command; what is
    // sent is what changed, not the whole state again.
    const auto participant = std::to_string(m.participants["participant"]);
    BOOST_REQUIRE_EQUAL(
        server.post(m.base() + "/participants/" + participant + "/check-in", "", m.tokens["participant"]).status, 200);
    auto present = [&](Value& state) {
        for (auto& row : state["live"]["roster"].as_array()) {
            if (row.string_or("id", "") == participant) {
                return row.bool_or("present", false);
            }
        }
        return false;
    };
    BOOST_REQUIRE(member.until(present));
    BOOST_REQUIRE(viewer.until(present));
    BOOST_TEST(member.last_bytes * 3 < snapshot_bytes);

    // Whatever was patched, a fresh snapshot says the same.
    StateFollower late(server.port(), m.base() + "/live?view=state&token=" + m.key);
    BOOST_REQUIRE(late.next());
    for (Value* state : {&member.state, &late.state}) {
        for (const char* volatile_key : {"now_ms", "next_deadline_ms"}) {
            (*state)["live"].as_object().erase(volatile_key);
        }
        for (auto& item : (*state)["live"]["agenda"].as_array()) {
            item.as_object().erase("elapsed_ms");
        }
        (*state)["live"]["current_item"].as_object().erase("elapsed_ms");
    }
    BOOST_TEST(to_json(member.state["live"]) == to_json(late.state["live"]));
    BOOST_TEST(to_json(member.state["meeting"]) == to_json(late.state["meeting"]));
    // Members also get the events; viewers in state view need none.
    BOOST_TEST(member.events > 0);
    BOOST_TEST(viewer.events == 0);

    WebSocketClient bad(server.port(), m.base() + "/live?view=everything&token=" + m.key);
    BOOST_TEST(bad.status() == 422);
}

BOOST_AUTO_TEST_SUITE_END()
