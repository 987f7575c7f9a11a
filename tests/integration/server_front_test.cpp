// The epoll front: what reaches the wire. Slow and malformed clients, HTTP/1.1
// framing (pipelining, chunked bodies, 100-continue), and WebSocket push.

#include "harness.hpp"
#include "live_client.hpp"

#include <boost/test/unit_test.hpp>

#include <memory>

using namespace harness;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(server_front_test)

BOOST_AUTO_TEST_CASE(slow_clients_holding_more_connections_than_workers_do_not_block_a_normal_request) {
    quorum::server::ServerConfig config;
    config.threads = 2;
    TestServer server(config);
    // Each of these has sent half a request head and stalls, as slowloris does.
    std::vector<std::unique_ptr<RawClient>> slow;
    for (int i = 0; i < 200; ++i) {
        slow.push_back(std::make_unique<RawClient>(server.port()));
        slow.back()->send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    }
    RawClient normal(server.port());
    normal.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
    auto answer = normal.response(5s);
    BOOST_REQUIRE(answer);
    BOOST_TEST(status_of(*answer) == 200);
}

BOOST_AUTO_TEST_CASE(a_head_that_never_completes_is_cut_off_at_the_timeout) {
    quorum::server::ServerConfig config;
    config.timeout = 1s;
    TestServer server(config);
    RawClient slow(server.port());
    slow.send("GET /api/v1/health HTTP/1.1\r\n");
    // Trickling more bytes does not extend the deadline.
    slow.send("X-A: 1\r\n");
    BOOST_TEST(slow.wait_closed(5s));
}

BOOST_AUTO_TEST_CASE(pipelined_requests_are_answered_in_order_on_one_connection) {
    TestServer server;
    RawClient client(server.port());
    client.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v1/nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
                "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
    auto first = client.response();
    auto second = client.response();
    auto third = client.response();
    BOOST_REQUIRE(first && second && third);
    BOOST_TEST(status_of(*first) == 200);
    BOOST_TEST(status_of(*second) == 404);
    BOOST_TEST(status_of(*third) == 200);
}

BOOST_AUTO_TEST_CASE(a_chunked_body_is_decoded) {
    TestServer server;
    RawClient client(server.port());
    std::string json = R"({"title":"Chunked"})";
    client.send("POST /api/v1/meetings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n5\r\n" +
                json.substr(0, 5) + "\r\n" +
                [&] {
                    char size[16];
                    std::snprintf(size, sizeof size, "%zx", json.size() - 5);
                    return std::string(size);
                }() +
                ";ext=1\r\n" + json.substr(5) + "\r\n0\r\n\r\n");
    auto answer = client.response();
    BOOST_REQUIRE(answer);
    BOOST_TEST(status_of(*answer) == 201);
    BOOST_TEST(body_of(*answer).find("facilitator_key") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_chunked_body_over_the_limit_is_refused_while_it_arrives) {
    TestServer server;
    RawClient client(server.port());
    client.send("POST /api/v1/meetings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n200000\r\n");
    try {
        for (int i = 0; i < 4; ++i) {
            client.send(std::string(1 << 20, 'a'));
        }
    } catch (const std::runtime_error&) {
        // The server may stop reading once it has refused the body.
    }
    auto answer = client.response();
    BOOST_REQUIRE(answer);
    BOOST_TEST(status_of(*answer) == 413);
}

BOOST_AUTO_TEST_CASE(expect_continue_gets_100_then_the_answer_and_an_oversized_body_gets_413_first) {
    TestServer server;
    {
        RawClient client(server.port());
        std::string json = R"({"title":"Attendu"})";
        client.send("POST /api/v1/meetings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    "Expect: 100-continue\r\nContent-Length: " +
                    std::to_string(json.size()) + "\r\n\r\n");
        BOOST_REQUIRE(client.read_until([](const std::string& b) { return b.find("\r\n\r\n") != std::string::npos; }));
        BOOST_TEST(client.buffer().rfind("HTTP/1.1 100 Continue\r\n\r\n", 0) == 0u);
        client.buffer().erase(0, 25);
        client.send(json);
        auto answer = client.response();
        BOOST_REQUIRE(answer);
        BOOST_TEST(status_of(*answer) == 201);
    }
    {
        RawClient client(server.port());
        client.send("POST /api/v1/meetings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    "Expect: 100-continue\r\nContent-Length: 999999999\r\n\r\n");
        auto answer = client.response();
        BOOST_REQUIRE(answer);
        BOOST_TEST(status_of(*answer) == 413);
        BOOST_TEST(client.wait_closed(5s));
    }
}

BOOST_AUTO_TEST_CASE(malformed_heads_get_400_or_431_and_the_connection_closes) {
    TestServer server;
    const std::vector<std::pair<std::string, int>> cases = {
        {"GARBAGE\r\n\r\n", 400},
        {"GET /api/v1/health HTTP/2.0\r\n\r\n", 400},
        {"GET api/v1/health HTTP/1.1\r\n\r\n", 400},
        {"POST /api/v1/meetings HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
        {"POST /api/v1/meetings HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400},
        {"POST /api/v1/meetings HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400},
        {"GET /api/v1/health HTTP/1.1\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n", 431},
    };
    for (const auto& [request, status] : cases) {
        BOOST_TEST_CONTEXT(request.substr(0, 60)) {
            RawClient client(server.port());
            client.send(request);
            auto answer = client.response();
            BOOST_REQUIRE(answer);
            BOOST_TEST(status_of(*answer) == status);
            BOOST_TEST(client.wait_closed(5s));
        }
    }
    // And the server still serves.
    BOOST_TEST(server.get("/api/v1/health").status == 200);
}

BOOST_AUTO_TEST_CASE(the_last_request_a_connection_may_carry_is_answered_with_connection_close) {
    quorum::server::ServerConfig config;
    config.max_keep_alive_requests = 3;
    TestServer server(config);
    RawClient client(server.port());
    for (int i = 1; i <= 3; ++i) {
        client.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
        auto answer = client.response();
        BOOST_REQUIRE(answer);
        BOOST_TEST((answer->find("Connection: close") != std::string::npos) == (i == 3));
    }
    BOOST_TEST(client.wait_closed(5s));
}

BOOST_AUTO_TEST_CASE(http_1_0_closes_after_the_answer) {
    TestServer server;
    RawClient client(server.port());
    client.send("GET /api/v1/health HTTP/1.0\r\n\r\n");
    auto answer = client.response();
    BOOST_REQUIRE(answer);
    BOOST_TEST(answer->find("Connection: close") != std::string::npos);
    BOOST_TEST(client.wait_closed(5s));
}

// --- WebSocket ------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_member_gets_a_snapshot_then_every_event_with_consecutive_seq) {
    TestServer server;
    MeetingFixture m(server);
    WebSocketClient ws(server.port(), m.base() + "/live?token=" + m.tokens["participant"]);
    BOOST_REQUIRE_EQUAL(ws.status(), 101);
    // RFC 6455's own example key and answer.
    BOOST_TEST(ws.handshake().find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") != std::string::npos);
    auto snapshot = ws.message();
    BOOST_REQUIRE(snapshot);
    BOOST_TEST(snapshot->getValue<std::string>("type") == "snapshot");
    BOOST_TEST(snapshot->getValue<std::string>("audience") == "member");
    std::int64_t seq = snapshot->getValue<std::int64_t>("seq");
    BOOST_TEST(seq == *server.store().meeting_version(m.id));
    BOOST_TEST(snapshot->getObject("meeting")->getValue<std::string>("title") == "GT numérique");

    std::string participant = std::to_string(m.participants["participant"]);
    BOOST_TEST(
        server.post(m.base() + "/participants/" + participant + "/check-in", "", m.tokens["participant"]).status ==
        200);
    BOOST_TEST(server.patch(m.base(), R"({"location":"Salle 3"})", m.key).status == 200);
    auto first = ws.message();
    auto second = ws.message();
    BOOST_REQUIRE(first && second);
    BOOST_TEST(first->getValue<std::string>("type") == "event");
    BOOST_TEST(first->getValue<std::int64_t>("seq") == seq + 1);
    BOOST_TEST(first->getObject("event")->getValue<std::string>("type") == "participant/checked-in");
    BOOST_TEST(second->getValue<std::int64_t>("seq") == seq + 2);
    BOOST_TEST(second->getObject("event")->getObject("data")->getValue<std::string>("location") == "Salle 3");
    BOOST_TEST(first->has("server_time_ms"));
}

BOOST_AUTO_TEST_CASE(a_viewer_with_a_public_link_sees_public_events_and_no_private_data) {
    TestServer server;
    MeetingFixture m(server);
    WebSocketClient ws(server.port(), m.base() + "/live?token=" + m.share_token);
    BOOST_REQUIRE_EQUAL(ws.status(), 101);
    auto snapshot = ws.message();
    BOOST_REQUIRE(snapshot);
    BOOST_TEST(snapshot->getValue<std::string>("audience") == "viewer");
    BOOST_TEST(!snapshot->getObject("meeting")->has("participants"));
    BOOST_TEST(snapshot->getObject("meeting")->has("agenda"));
    std::int64_t seq = snapshot->getValue<std::int64_t>("seq");

    server.put(m.base() + "/notes/" + std::to_string(m.agenda_item), R"({"base_revision":1,"text":"secret"})", m.key);
    server.patch(m.base(), R"({"title":"Public title"})", m.key);
    auto note = ws.message();
    auto title = ws.message();
    BOOST_REQUIRE(note && title);
    // The private event still takes its seq, so a gap always means a loss.
    BOOST_TEST(note->getValue<std::int64_t>("seq") == seq + 1);
    BOOST_TEST(!note->getObject("event")->has("data"));
    BOOST_TEST(title->getValue<std::int64_t>("seq") == seq + 2);
    BOOST_TEST(title->getObject("event")->getObject("data")->getValue<std::string>("title") == "Public title");
}

BOOST_AUTO_TEST_CASE(subscribing_needs_a_valid_token_of_that_meeting_and_a_websocket) {
    TestServer server;
    MeetingFixture m(server);
    MeetingFixture other(server);
    BOOST_TEST(WebSocketClient(server.port(), m.base() + "/live").status() == 401);
    BOOST_TEST(WebSocketClient(server.port(), m.base() + "/live?token=nope").status() == 401);
    BOOST_TEST(WebSocketClient(server.port(), m.base() + "/live?token=" + other.key).status() == 403);
    BOOST_TEST(WebSocketClient(server.port(), m.base() + "/live?token=" + other.share_token).status() == 403);
    BOOST_TEST(WebSocketClient(server.port(), m.base() + "/live?token=" + m.key + "&since=x").status() == 422);
    // A plain GET is told to upgrade.
    BOOST_TEST(server.get(m.base() + "/live?token=" + m.key).status == 426);
    // A revoked link stops working.
    server.del(m.base() + "/share-links/" + std::to_string(m.share_link), m.key);
    BOOST_TEST(WebSocketClient(server.port(), m.base() + "/live?token=" + m.share_token).status() == 401);
}

BOOST_AUTO_TEST_CASE(a_client_that_reconnects_with_since_gets_only_what_it_missed) {
    TestServer server;
    MeetingFixture m(server);
    std::int64_t seq = 0;
    {
        WebSocketClient ws(server.port(), m.base() + "/live?token=" + m.key);
        seq = ws.message()->getValue<std::int64_t>("seq");
    }
    // Three events while it was away.
    for (const char* place : {"A", "B", "C"}) {
        server.patch(m.base(), std::string(R"({"location":")") + place + "\"}", m.key);
    }
    WebSocketClient ws(server.port(), m.base() + "/live?token=" + m.key + "&since=" + std::to_string(seq));
    for (std::int64_t expected = seq + 1; expected <= seq + 3; ++expected) {
        auto message = ws.message();
        BOOST_REQUIRE(message);
        BOOST_TEST(message->getValue<std::string>("type") == "event");
        BOOST_TEST(message->getValue<std::int64_t>("seq") == expected);
    }
    // Nothing more: no snapshot after the missed events.
    BOOST_TEST(!ws.next(300ms));
    // A client too far behind (or from the future) gets a fresh snapshot instead.
    WebSocketClient late(server.port(), m.base() + "/live?token=" + m.key + "&since=999999");
    BOOST_TEST(late.message()->getValue<std::string>("type") == "snapshot");
}

BOOST_AUTO_TEST_CASE(ping_gets_pong_and_close_gets_close) {
    TestServer server;
    MeetingFixture m(server);
    WebSocketClient ws(server.port(), m.base() + "/live?token=" + m.key);
    ws.message();
    ws.send_frame(9, "hello");
    auto pong = ws.next();
    BOOST_REQUIRE(pong);
    BOOST_TEST(pong->opcode == 10);
    BOOST_TEST(pong->payload == "hello");
    ws.send_frame(8, std::string("\x03\xe8", 2));
    auto close = ws.next();
    BOOST_REQUIRE(close);
    BOOST_TEST(close->opcode == 8);
    BOOST_TEST(ws.raw().wait_closed(5s));
}

BOOST_AUTO_TEST_CASE(an_unmasked_client_frame_is_a_protocol_error) {
    TestServer server;
    MeetingFixture m(server);
    WebSocketClient ws(server.port(), m.base() + "/live?token=" + m.key);
    ws.message();
    ws.send_frame(1, "hi", false);
    auto close = ws.next();
    BOOST_REQUIRE(close);
    BOOST_TEST(close->opcode == 8);
    BOOST_TEST(close->payload.substr(0, 2) == std::string("\x03\xea", 2)); // 1002: protocol error
    BOOST_TEST(ws.raw().wait_closed(5s));
}

BOOST_AUTO_TEST_CASE(a_subscriber_that_stops_reading_is_dropped_and_the_others_keep_receiving) {
    quorum::server::ServerConfig config;
    config.live_max_queue_bytes = 64 * 1024;
    TestServer server(config);
    MeetingFixture m(server);
    WebSocketClient stuck(server.port(), m.base() + "/live?token=" + m.key, 4096);
    WebSocketClient reader(server.port(), m.base() + "/live?token=" + m.key);
    reader.message();
    // Large events fill the stuck client's buffers, then its queue.
    std::string big(8000, 'x');
    int sent = 0;
    for (; sent < 200 && server.server().stats().dropped_slow == 0; ++sent) {
        auto saved =
            server.put(m.base() + "/notes/" + std::to_string(m.agenda_item),
                       R"({"base_revision":)" + std::to_string(sent + 1) + R"(,"text":")" + big + "\"}", m.key);
        BOOST_REQUIRE_EQUAL(saved.status, 200);
        auto got = reader.message(); // the reader keeps up all along
        if (!got) {
            BOOST_TEST_MESSAGE("sent " << sent << " dropped " << server.server().stats().dropped_slow << " closed "
                                       << reader.raw().closed() << " buffered " << reader.raw().buffer().size());
        }
        BOOST_REQUIRE(got);
    }
    BOOST_TEST(server.server().stats().dropped_slow >= 1u);
    BOOST_TEST(sent < 200);
    // The server let it go: reading what was already sent ends with the close.
    BOOST_TEST(stuck.raw().wait_closed(10s));
    // The reader is still served.
    server.patch(m.base(), R"({"location":"after"})", m.key);
    auto after = reader.message();
    BOOST_REQUIRE(after);
    BOOST_TEST(after->getObject("event")->getObject("data")->getValue<std::string>("location") == "after");
}

// Past a few hundred subscribers, a publication's writes are shared by the loop
// and the flusher thread: every subscriber must still get every event, in order.
BOOST_AUTO_TEST_CASE(hundreds_of_subscribers_each_get_every_event_in_order) {
    TestServer server;
    MeetingFixture m(server);
    std::vector<std::unique_ptr<WebSocketClient>> viewers;
    std::vector<std::int64_t> next;
    for (int i = 0; i < 600; ++i) {
        viewers.push_back(std::make_unique<WebSocketClient>(server.port(), m.base() + "/live?token=" + m.share_token));
        auto snapshot = viewers.back()->message();
        BOOST_REQUIRE(snapshot);
        next.push_back(snapshot->getValue<std::int64_t>("seq") + 1);
    }
    const int changes = 5;
    for (int i = 0; i < changes; ++i) {
        BOOST_REQUIRE_EQUAL(server.patch(m.base(), R"({"location":"Salle )" + std::to_string(i) + "\"}", m.key).status,
                            200);
    }
    for (size_t v = 0; v < viewers.size(); ++v) {
        for (int i = 0; i < changes; ++i) {
            auto message = viewers[v]->message();
            BOOST_REQUIRE(message);
            BOOST_REQUIRE_EQUAL(message->getValue<std::int64_t>("seq"), next[v]++);
            BOOST_REQUIRE_EQUAL(message->getObject("event")->getObject("data")->getValue<std::string>("location"),
                                "Salle " + std::to_string(i));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
