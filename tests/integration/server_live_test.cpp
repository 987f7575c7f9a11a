// Live facilitation through the real server: typed commands over HTTP, their
// events stored and pushed to WebSocket subscribers, deadlines on a fake clock,
// and the state rebuilt from the log after a restart.

#include "harness.hpp"
#include "live_client.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>

using namespace harness;
using namespace std::chrono_literals;

namespace {

struct FakeTime {
    std::shared_ptr<std::atomic<std::int64_t>> now = std::make_shared<std::atomic<std::int64_t>>(1'700'000'000'000);
    void install(TestServer& server) {
        auto clock = now;
        server.server().facilitation().set_clock([clock] { return clock->load(); });
    }
    void advance(std::chrono::milliseconds by) { *now += by.count(); }
};

Reply command(TestServer& server, const MeetingFixture& m, const std::string& token, const std::string& text,
              const std::string& lang = "") {
    Object::Ptr body = new Object;
    body->set("command", text);
    if (!lang.empty()) {
        body->set("lang", lang);
    }
    std::ostringstream out;
    body->stringify(out);
    return server.post(m.base() + "/commands", out.str(), token);
}

std::vector<std::string> event_types(const Reply& reply) {
    std::vector<std::string> types;
    auto events = reply.json()->getArray("events");
    for (size_t i = 0; i < events->size(); ++i) {
        types.push_back(events->getObject(static_cast<unsigned>(i))->getValue<std::string>("type"));
    }
    return types;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

} // namespace

BOOST_AUTO_TEST_SUITE(server_live_test)

BOOST_AUTO_TEST_CASE(a_facilitator_runs_the_agenda_and_subscribers_see_each_event_in_order) {
    TestServer server;
    FakeTime time;
    time.install(server);
    MeetingFixture m(server);
    WebSocketClient ws(server.port(), m.base() + "/live?token=" + m.share_token);
    std::int64_t seq = ws.message()->getValue<std::int64_t>("seq");

    BOOST_REQUIRE_EQUAL(command(server, m, m.key, "agenda+ Varia").status, 200);
    auto started = command(server, m, m.key, "start meeting");
    BOOST_REQUIRE_EQUAL(started.status, 200);
    BOOST_TEST(contains(event_types(started), "meeting/started"));
    auto next = command(server, m, m.key, "point suivant", "fr");
    BOOST_REQUIRE_EQUAL(next.status, 200);
    BOOST_TEST(contains(event_types(next), "agenda/item-started"));

    // The viewer sees every stored event, in order, with no gap; the agenda ones
    // carry their data (deadline included, so countdowns agree).
    int items_started = 0;
    for (int i = 0; i < 30 && items_started < 2; ++i) {
        auto message = ws.message(3s);
        BOOST_REQUIRE(message);
        BOOST_TEST(message->getValue<std::int64_t>("seq") == ++seq);
        auto event = message->getObject("event");
        if (event->getValue<std::string>("type") == "agenda/item-started" && ++items_started == 2) {
            // The second item: the meeting started on the first.
            BOOST_TEST(event->getObject("data")->getValue<std::string>("item_id") != std::to_string(m.agenda_item));
            BOOST_TEST(event->getObject("data")->has("deadline_ms"));
            BOOST_TEST(event->getValue<std::int64_t>("at_ms") == time.now->load());
        }
    }
    BOOST_TEST(items_started == 2);

    auto state = server.get(m.base() + "/live/state", m.tokens["participant"]);
    BOOST_REQUIRE_EQUAL(state.status, 200);
    BOOST_TEST(state.body.find("Varia") != std::string::npos);

    // 45 minutes into a meeting planned for 20: the schedule says it runs late, in
    // French (the meeting's language).
    time.advance(std::chrono::minutes(45));
    auto late = server.get(m.base() + "/live/state", m.key).json();
    std::string text = late->getObject("schedule")->getValue<std::string>("text");
    BOOST_TEST(text.find("en retard de") != std::string::npos);
    BOOST_TEST(late->getObject("schedule")->getValue<std::int64_t>("late_by_seconds") > 0);
}

// The projected end is stated in the meeting's time zone, whatever the server's:
// a group's server may well run on UTC, its meetings in Montréal.
BOOST_AUTO_TEST_CASE(the_projected_end_is_in_the_meetings_time_zone) {
    TestServer server;
    FakeTime time; // 2023-11-14 22:13:20 UTC: Toronto on standard time (UTC-5)
    time.install(server);
    MeetingFixture m(server);
    BOOST_REQUIRE_EQUAL(command(server, m, m.key, "start meeting").status, 200);
    time.advance(std::chrono::minutes(45));
    // "en retard de 25 min, fin prévue à 23 h 13": the clock's minutes of the day.
    auto projected_end = [&](const std::string& zone) {
        const std::string body = "{\"timezone\":\"" + zone + "\"}";
        BOOST_REQUIRE_EQUAL(server.patch(m.base(), body, m.key).status, 200);
        auto state = server.get(m.base() + "/live/state", m.key).json();
        std::string text = state->getObject("schedule")->getValue<std::string>("text");
        size_t h = text.rfind(" h ");
        BOOST_REQUIRE(h != std::string::npos);
        size_t begin = text.find_last_of(' ', h - 1) + 1;
        return std::stoi(text.substr(begin, h - begin)) * 60 + std::stoi(text.substr(h + 3, 2));
    };
    int utc = projected_end("Etc/UTC");
    BOOST_TEST((projected_end("Asia/Kolkata") - utc + 1440) % 1440 == 330);
    BOOST_TEST((projected_end("America/Toronto") - utc + 1440) % 1440 == 1440 - 300);
    BOOST_TEST(server.get(m.base(), m.key).json()->getValue<std::string>("timezone") == "America/Toronto");

    auto refused = server.patch(m.base(), R"({"timezone":"Mars/Olympus_Mons"})", m.key);
    BOOST_TEST(refused.status == 422);
    BOOST_TEST(refused.json()->getObject("error")->getValue<std::string>("field") == "timezone");
    BOOST_TEST(server.patch(m.base(), R"({"timezone":"../../etc/passwd"})", m.key).status == 422);
    BOOST_TEST(server.get(m.base(), m.key).json()->getValue<std::string>("timezone") == "America/Toronto");
}

BOOST_AUTO_TEST_CASE(roles_decide_which_commands_a_caller_may_run) {
    TestServer server;
    MeetingFixture m(server);
    BOOST_TEST(command(server, m, m.tokens["participant"], "next item").status == 403);
    BOOST_TEST(command(server, m, m.tokens["observer"], "q+").status == 403);
    BOOST_TEST(command(server, m, m.tokens["participant"], "agenda+ Varia").status == 403);
    BOOST_TEST(command(server, m, m.tokens["participant"], "q+ to say the budget is wrong").status == 200);
    BOOST_TEST(command(server, m, m.tokens["timekeeper"], "start meeting").status == 403);
    BOOST_TEST(command(server, m, m.key, "agenda+ Varia").status == 200);
    BOOST_TEST(command(server, m, m.key, "start meeting").status == 200);
    BOOST_TEST(command(server, m, m.tokens["timekeeper"], "next item").status == 200);
    BOOST_TEST(server.post(m.base() + "/commands", R"({"command":"q+"})").status == 401);
}

BOOST_AUTO_TEST_CASE(unknown_commands_get_a_helpful_answer_in_the_meetings_language) {
    TestServer server;
    MeetingFixture m(server); // a French meeting
    auto unknown = command(server, m, m.key, "point suivnt");
    BOOST_REQUIRE_EQUAL(unknown.status, 422);
    BOOST_TEST(unknown.error_code() == "unknown_command");
    std::string message = unknown.json()->getObject("error")->getValue<std::string>("message");
    BOOST_TEST(message.find("point suivant") != std::string::npos);
    auto help = command(server, m, m.key, "help", "en");
    BOOST_REQUIRE_EQUAL(help.status, 200);
    BOOST_TEST(help.json()->getValue<std::string>("message").find("q+") != std::string::npos);
    BOOST_TEST(server.post(m.base() + "/commands", R"({"command":""})", m.key).status == 422);
    BOOST_TEST(server.post(m.base() + "/commands", R"({"command":"q+","x":1})", m.key).status == 422);
}

BOOST_AUTO_TEST_CASE(agenda_and_attendance_commands_change_the_store_and_the_live_roster) {
    TestServer server;
    MeetingFixture m(server);
    auto added = command(server, m, m.key, "agenda+ Varia");
    BOOST_REQUIRE_EQUAL(added.status, 200);
    auto agenda = server.get(m.base(), m.key).json()->getArray("agenda");
    BOOST_TEST(agenda->getObject(agenda->size() - 1)->getValue<std::string>("title") == "Varia");

    auto present = command(server, m, m.tokens["note-taker"], "présent+ person participant", "fr");
    BOOST_REQUIRE_EQUAL(present.status, 200);
    auto excused = command(server, m, m.key, "regrets+ Person observer");
    BOOST_REQUIRE_EQUAL(excused.status, 200);
    auto people = server.get(m.base() + "/participants", m.key).array();
    std::map<std::string, std::string> status;
    for (size_t i = 0; i < people->size(); ++i) {
        auto person = people->getObject(static_cast<unsigned>(i));
        status[person->getValue<std::string>("name")] = person->getValue<std::string>("status");
    }
    BOOST_TEST(status["Person participant"] == "present");
    BOOST_TEST(status["Person observer"] == "excused");
    BOOST_TEST(command(server, m, m.key, "present+ Nobody Here").status == 404);

    // A round over the present people includes the one just marked present.
    BOOST_REQUIRE_EQUAL(command(server, m, m.key, "start meeting").status, 200);
    auto round = command(server, m, m.key, "round 2m");
    BOOST_REQUIRE_EQUAL(round.status, 200);
    auto state = server.get(m.base() + "/live/state", m.key).body;
    BOOST_TEST(state.find(std::to_string(m.participants["participant"])) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(deadlines_pass_on_the_clock_and_a_round_advances_by_itself) {
    TestServer server;
    FakeTime time;
    time.install(server);
    MeetingFixture m(server);
    for (const char* role : {"participant", "note-taker", "timekeeper"}) {
        server.post(m.base() + "/participants/" + std::to_string(m.participants[role]) + "/check-in", "", m.key);
    }
    BOOST_REQUIRE_EQUAL(command(server, m, m.key, "début de la réunion", "fr").status, 200);
    auto round = command(server, m, m.key, "tour de table 30 s", "fr");
    BOOST_REQUIRE_EQUAL(round.status, 200);
    BOOST_TEST(contains(event_types(round), "round/turn-started"));
    // Nothing is due yet.
    auto before = server.get(m.base() + "/events", m.key).array()->size();
    server.server().facilitation().tick();
    BOOST_TEST(server.get(m.base() + "/events", m.key).array()->size() == before);
    time.advance(31s);
    server.server().facilitation().tick();
    auto events = server.get(m.base() + "/events", m.key).array();
    std::vector<std::string> types;
    for (size_t i = before; i < events->size(); ++i) {
        types.push_back(events->getObject(static_cast<unsigned>(i))->getValue<std::string>("type"));
    }
    BOOST_TEST(contains(types, "round/turn-expired"));

    // The summary tells who spoke how long, and who has not spoken yet.
    BOOST_REQUIRE_EQUAL(command(server, m, m.key, "au suivant", "fr").status, 200);
    auto summary = server.get(m.base() + "/summary?format=md", m.key);
    BOOST_REQUIRE_EQUAL(summary.status, 200);
    BOOST_TEST(summary.body.find("Temps de parole") != std::string::npos);
    BOOST_TEST(summary.body.find(" — 31 s") != std::string::npos);
    BOOST_TEST(summary.body.find("pris la parole") != std::string::npos);
    auto json = server.get(m.base() + "/summary?format=json", m.key).json();
    auto people = json->getArray("participants");
    int with_time = 0;
    for (size_t i = 0; i < people->size(); ++i) {
        auto person = people->getObject(static_cast<unsigned>(i));
        with_time += !person->get("speaking_seconds").isEmpty() && person->getValue<int>("speaking_seconds") > 0;
    }
    BOOST_TEST(with_time == 1);
}

BOOST_AUTO_TEST_CASE(the_live_state_is_rebuilt_from_the_log_after_a_restart) {
    auto dir = fs::temp_directory_path() / ("quorum-live-restart-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string before;
    std::string meeting_id, key;
    {
        auto store = quorum::store::Store::open(dir / "quorum.db");
        quorum::server::ServerConfig config;
        config.port = 0;
        config.templates_dir = QUORUM_TEMPLATES;
        config.plugin_dirs = {QUORUM_PLUGINS};
        quorum::server::Server server(*store, config);
        server.facilitation().set_clock([] { return std::int64_t(1'700'000'000'000); });
        BOOST_REQUIRE(server.start());
        quorum::server::Facilitation& f = server.facilitation();
        quorum::store::MeetingFields fields;
        fields.title = "Relance";
        auto created = store->create_meeting(fields);
        BOOST_REQUIRE(created);
        meeting_id = created->meeting_id;
        quorum::store::Principal facilitator{meeting_id, quorum::store::Role::Facilitator, std::nullopt, {}};
        quorum::store::AgendaFields item;
        item.title = "Tour de table";
        item.duration_seconds = 1200;
        BOOST_REQUIRE(store->add_agenda_item(facilitator, item));
        item.title = "Varia";
        BOOST_REQUIRE(store->add_agenda_item(facilitator, item));
        BOOST_REQUIRE(f.run(facilitator, "start meeting", quorum::text::Language::English));
        BOOST_REQUIRE(f.run(facilitator, "next item", quorum::text::Language::English));
        BOOST_REQUIRE(f.run(facilitator, "close the queue", quorum::text::Language::English));
        // A speaker time limit gives the meeting a pending deadline to resume.
        before = *f.snapshot_json(meeting_id);
        server.stop();
    }
    {
        auto store = quorum::store::Store::open(dir / "quorum.db");
        quorum::server::ServerConfig config;
        config.port = 0;
        config.templates_dir = QUORUM_TEMPLATES;
        quorum::server::Server server(*store, config);
        server.facilitation().set_clock([] { return std::int64_t(1'700'000'000'000); });
        auto after = server.facilitation().snapshot_json(meeting_id);
        BOOST_REQUIRE(after);
        BOOST_TEST(*after == before);
    }
    {
        // Started, the server picks the meeting's deadlines up by itself: the item's
        // timebox (20 min) passes on the clock and its overtime is stored, though no
        // command touched the meeting since the restart.
        auto store = quorum::store::Store::open(dir / "quorum.db");
        quorum::server::ServerConfig config;
        config.port = 0;
        config.templates_dir = QUORUM_TEMPLATES;
        quorum::server::Server server(*store, config);
        server.facilitation().set_clock([] { return std::int64_t(1'700'000'000'000) + 21 * 60 * 1000; });
        BOOST_REQUIRE(server.start());
        server.facilitation().tick();
        auto events = store->events_json(meeting_id);
        BOOST_REQUIRE(events);
        auto last = (*events)->getObject(static_cast<unsigned>((*events)->size() - 1));
        BOOST_TEST(last->getValue<std::string>("type") == "agenda/item-overtime");
        server.stop();
    }
    fs::remove_all(dir);
}

namespace {

// The next event of `type` a socket receives (nullptr if it closes first).
Object::Ptr next_event(WebSocketClient& ws, const std::string& type) {
    while (auto message = ws.message(10s)) {
        if (message->getValue<std::string>("type") == "event" &&
            message->getObject("event")->getValue<std::string>("type") == type) {
            return message->getObject("event");
        }
    }
    return nullptr;
}

// Reads until the server's close frame: its code and reason; nullopt if the
// connection ended (or stayed silent 10 s) without one.
std::optional<std::pair<int, std::string>> close_of(WebSocketClient& ws) {
    while (auto frame = ws.next(10s)) {
        if (frame->opcode == 8) {
            if (frame->payload.size() < 2) {
                return std::pair<int, std::string>{0, ""};
            }
            int code = (static_cast<std::uint8_t>(frame->payload[0]) << 8) | static_cast<std::uint8_t>(frame->payload[1]);
            return std::pair<int, std::string>{code, frame->payload.substr(2)};
        }
    }
    return std::nullopt;
}

} // namespace

BOOST_AUTO_TEST_CASE(live_events_show_each_role_what_its_rest_reads_show) {
    TestServer server;
    MeetingFixture m(server);
    WebSocketClient participant(server.port(), m.base() + "/live?token=" + m.tokens["participant"]);
    WebSocketClient key(server.port(), m.base() + "/live?token=" + m.key);
    WebSocketClient facilitator(server.port(), m.base() + "/live?view=state&token=" + m.tokens["facilitator"]);
    WebSocketClient member_state(server.port(), m.base() + "/live?view=state&token=" + m.tokens["observer"]);
    WebSocketClient viewer(server.port(), m.base() + "/live?token=" + m.share_token);
    for (WebSocketClient* ws : {&participant, &key, &facilitator, &member_state, &viewer}) {
        BOOST_REQUIRE_EQUAL(ws->status(), 101);
        BOOST_REQUIRE(ws->message()); // the snapshot
    }
    auto invited = server.post(m.base() + "/participants",
                               R"({"name":"Dana Lévesque","email":"dana@example.org","role":"participant"})", m.key);
    BOOST_REQUIRE_EQUAL(invited.status, 201);

    // As GET …/participants: the facilitator (key or role) reads the e-mail address,
    // the other members do not; no one gets the token's hash.
    for (WebSocketClient* ws : {&key, &facilitator}) {
        auto event = next_event(*ws, "participant/invited");
        BOOST_REQUIRE(event);
        BOOST_TEST(event->getObject("data")->getValue<std::string>("email") == "dana@example.org");
        BOOST_TEST(!event->getObject("data")->has("token_hash"));
    }
    for (WebSocketClient* ws : {&participant, &member_state}) {
        auto event = next_event(*ws, "participant/invited");
        BOOST_REQUIRE(event);
        BOOST_TEST(event->getObject("data")->getValue<std::string>("name") == "Dana Lévesque");
        BOOST_TEST(!event->getObject("data")->has("email"));
        BOOST_TEST(!event->getObject("data")->has("token_hash"));
    }
    auto seen = next_event(viewer, "participant/invited");
    BOOST_REQUIRE(seen);
    BOOST_TEST(!seen->has("data"));
    auto people = server.get(m.base() + "/participants", m.tokens["participant"]);
    BOOST_TEST(people.body.find("dana@example.org") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(revoking_a_share_link_closes_the_sockets_opened_with_it) {
    TestServer server;
    MeetingFixture m(server);
    auto other = server.post(m.base() + "/share-links", R"({"visibility":"public"})", m.key).json();
    WebSocketClient revoked(server.port(), m.base() + "/live?token=" + m.share_token);
    WebSocketClient revoked_state(server.port(), m.base() + "/live?view=state&token=" + m.share_token);
    WebSocketClient kept(server.port(), m.base() + "/live?token=" + other->getValue<std::string>("token"));
    for (WebSocketClient* ws : {&revoked, &revoked_state, &kept}) {
        BOOST_REQUIRE_EQUAL(ws->status(), 101);
        BOOST_REQUIRE(ws->message());
    }
    BOOST_REQUIRE_EQUAL(server.del(m.base() + "/share-links/" + std::to_string(m.share_link), m.key).status, 200);
    for (WebSocketClient* ws : {&revoked, &revoked_state}) {
        auto closed = close_of(*ws);
        BOOST_REQUIRE(closed);
        BOOST_TEST(closed->first == 1008);
        BOOST_TEST(closed->second.find("revoked") != std::string::npos);
        BOOST_TEST(ws->raw().wait_closed(10s));
    }
    // The other link's socket still follows the meeting.
    BOOST_REQUIRE_EQUAL(server.post(m.base() + "/agenda", R"({"title":"Varia"})", m.key).status, 201);
    BOOST_TEST(next_event(kept, "agenda/item-added"));
    // And the revoked link opens nothing any more.
    WebSocketClient again(server.port(), m.base() + "/live?token=" + m.share_token);
    BOOST_TEST(again.status() == 401);
}

BOOST_AUTO_TEST_CASE(a_reissued_token_closes_the_sockets_of_the_old_one) {
    TestServer server;
    MeetingFixture m(server);
    const std::string old_token = m.tokens["participant"];
    WebSocketClient old_socket(server.port(), m.base() + "/live?token=" + old_token);
    WebSocketClient old_state(server.port(), m.base() + "/live?view=state&token=" + old_token);
    WebSocketClient someone_else(server.port(), m.base() + "/live?token=" + m.tokens["note-taker"]);
    for (WebSocketClient* ws : {&old_socket, &old_state, &someone_else}) {
        BOOST_REQUIRE_EQUAL(ws->status(), 101);
        BOOST_REQUIRE(ws->message());
    }
    auto reissued =
        server.post(m.base() + "/participants/" + std::to_string(m.participants["participant"]) + "/token", "", m.key);
    BOOST_REQUIRE_EQUAL(reissued.status, 201);
    for (WebSocketClient* ws : {&old_socket, &old_state}) {
        auto closed = close_of(*ws);
        BOOST_REQUIRE(closed);
        BOOST_TEST(closed->first == 1008);
        BOOST_TEST(closed->second.find("replaced") != std::string::npos);
    }
    // The new token follows the meeting; another member was never disturbed.
    WebSocketClient fresh(server.port(), m.base() + "/live?token=" + reissued.json()->getValue<std::string>("token"));
    BOOST_REQUIRE_EQUAL(fresh.status(), 101);
    BOOST_REQUIRE(fresh.message());
    BOOST_REQUIRE_EQUAL(server.post(m.base() + "/agenda", R"({"title":"Varia"})", m.key).status, 201);
    BOOST_TEST(next_event(fresh, "agenda/item-added"));
    BOOST_TEST(next_event(someone_else, "agenda/item-added"));
    WebSocketClient refused(server.port(), m.base() + "/live?token=" + old_token);
    BOOST_TEST(refused.status() == 401);
}

BOOST_AUTO_TEST_CASE(erasing_a_meeting_closes_every_socket_on_it) {
    TestServer server;
    MeetingFixture m(server);
    MeetingFixture other(server);
    WebSocketClient key(server.port(), m.base() + "/live?token=" + m.key);
    WebSocketClient member(server.port(), m.base() + "/live?view=state&token=" + m.tokens["participant"]);
    WebSocketClient viewer(server.port(), m.base() + "/live?token=" + m.share_token);
    WebSocketClient elsewhere(server.port(), other.base() + "/live?token=" + other.key);
    for (WebSocketClient* ws : {&key, &member, &viewer, &elsewhere}) {
        BOOST_REQUIRE_EQUAL(ws->status(), 101);
        BOOST_REQUIRE(ws->message());
    }
    BOOST_REQUIRE_EQUAL(server.del(m.base(), m.key).status, 200);
    for (WebSocketClient* ws : {&key, &member, &viewer}) {
        auto closed = close_of(*ws);
        BOOST_REQUIRE(closed);
        BOOST_TEST(closed->first == 1008);
        BOOST_TEST(closed->second.find("erased") != std::string::npos);
    }
    BOOST_REQUIRE_EQUAL(server.post(other.base() + "/agenda", R"({"title":"Varia"})", other.key).status, 201);
    BOOST_TEST(next_event(elsewhere, "agenda/item-added"));
}

BOOST_AUTO_TEST_SUITE_END()
