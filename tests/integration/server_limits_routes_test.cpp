// Who may create meetings, how often, and how large an anonymous import may be
// (issue 20, "anonymous work is rate-limited and smaller").

#include "harness.hpp"

#include <boost/test/unit_test.hpp>

#include <sqlite3.h>

#include <string>

using harness::Reply;
using harness::Request;
using harness::TestServer;

namespace {

const std::string k_meeting = R"({"title":"Comité","date":"2026-12-03","language":"fr"})";
const std::string k_token = "creation-token-0123456789abcdefghijklmnop";

Reply create(TestServer& server, const std::string& forwarded_for = {}, const std::string& token = {}) {
    Request request{"POST", "/api/v1/meetings", k_meeting, token};
    if (!forwarded_for.empty()) {
        request.headers.emplace_back("X-Forwarded-For", forwarded_for);
    }
    return server.send(request);
}

Reply import(TestServer& server, const std::string& minutes, const std::string& token = {}) {
    return server.send({"POST", "/api/v1/meetings/import", minutes, token, "text/markdown"});
}

int stored_meetings(const TestServer& server) {
    sqlite3* db = nullptr;
    int count = -1;
    if (sqlite3_open_v2((server.dir() / "quorum.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT count(*) FROM meetings", -1, &statement, nullptr) == SQLITE_OK &&
            sqlite3_step(statement) == SQLITE_ROW) {
            count = sqlite3_column_int(statement, 0);
        }
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return count;
}

// The limits as shipped: 10 at once, then one every 6 s.
quorum::server::ServerConfig limited() {
    quorum::server::ServerConfig config;
    BOOST_TEST(config.creation_burst == 10U);
    return config;
}

} // namespace

BOOST_AUTO_TEST_SUITE(server_limits_routes_test)

BOOST_AUTO_TEST_CASE(the_eleventh_quick_anonymous_creation_is_told_to_wait) {
    TestServer server(limited());
    for (int i = 0; i < 10; ++i) {
        BOOST_TEST(create(server).status == 201);
    }
    Reply refused = create(server);
    BOOST_TEST(refused.status == 429);
    BOOST_TEST(refused.error_code() == "rate_limited");
    BOOST_REQUIRE(refused.headers.has("Retry-After"));
    const int wait = std::stoi(refused.headers.get("Retry-After"));
    BOOST_TEST(wait >= 1);
    BOOST_TEST(wait <= 6);
    // Imports count in the same bucket, and the refusal comes in French too.
    Reply imported = server.send({"POST", "/api/v1/meetings/import?lang=fr", "# Comité\n", "", "text/markdown"});
    BOOST_TEST(imported.status == 429);
    BOOST_TEST(imported.json()->getObject("error")->getValue<std::string>("message").find("réessayez") !=
               std::string::npos);
    BOOST_TEST(stored_meetings(server) == 10);
}

BOOST_AUTO_TEST_CASE(another_address_behind_a_trusted_proxy_has_its_own_bucket) {
    quorum::server::ServerConfig config = limited();
    config.trusted_proxies = "127.0.0.1";
    TestServer server(config);
    for (int i = 0; i < 10; ++i) {
        BOOST_TEST(create(server, "203.0.113.1").status == 201);
    }
    BOOST_TEST(create(server, "203.0.113.1").status == 429);
    // What a client writes before the proxy's own entry changes nothing.
    BOOST_TEST(create(server, "198.51.100.77, 203.0.113.1").status == 429);
    BOOST_TEST(create(server, "203.0.113.2").status == 201);
    BOOST_TEST(create(server, "2001:db8::1").status == 201);
}

BOOST_AUTO_TEST_CASE(x_forwarded_for_from_an_untrusted_peer_is_ignored) {
    quorum::server::ServerConfig config = limited();
    config.trusted_proxies = "10.0.0.1"; // not the test's own address
    TestServer server(config);
    for (int i = 0; i < 10; ++i) {
        BOOST_TEST(create(server, "203.0.113." + std::to_string(i + 1)).status == 201);
    }
    Reply refused = create(server, "203.0.113.200");
    BOOST_TEST(refused.status == 429);
    BOOST_TEST(refused.headers.has("Retry-After"));
}

BOOST_AUTO_TEST_CASE(the_creation_token_is_never_rate_limited) {
    quorum::server::ServerConfig config = limited();
    config.creation_token = k_token;
    TestServer server(config);
    for (int i = 0; i < 10; ++i) {
        BOOST_TEST(create(server).status == 201);
    }
    BOOST_TEST(create(server).status == 429);
    BOOST_TEST(create(server, "", "not-the-token").status == 429);
    for (int i = 0; i < 5; ++i) {
        BOOST_TEST(create(server, "", k_token).status == 201);
    }
}

BOOST_AUTO_TEST_CASE(a_closed_server_creates_meetings_only_for_its_token) {
    quorum::server::ServerConfig config = harness::test_config();
    config.creation = quorum::server::ServerConfig::Creation::Closed;
    config.creation_token = k_token;
    TestServer server(config);

    Reply anonymous = create(server);
    BOOST_TEST(anonymous.status == 403);
    BOOST_TEST(anonymous.error_code() == "forbidden");
    BOOST_TEST(create(server, "", "not-the-token").status == 403);
    BOOST_TEST(import(server, "# Comité\n").status == 403);
    Reply french = server.send({"POST", "/api/v1/meetings?lang=fr", k_meeting});
    BOOST_TEST(french.status == 403);
    BOOST_TEST(french.json()->getObject("error")->getValue<std::string>("message").find("jeton de création") !=
               std::string::npos);
    BOOST_TEST(stored_meetings(server) == 0);

    Reply created = create(server, "", k_token);
    BOOST_TEST(created.status == 201);
    BOOST_TEST(!created.json()->getValue<std::string>("facilitator_key").empty());
    BOOST_TEST(import(server, "# Comité\n\nOrdre du jour\n\n1. Accueil\n", k_token).status == 201);
    BOOST_TEST(stored_meetings(server) == 2);
}

BOOST_AUTO_TEST_CASE(a_closed_server_without_a_token_creates_nothing_over_http) {
    quorum::server::ServerConfig config = harness::test_config();
    config.creation = quorum::server::ServerConfig::Creation::Closed;
    TestServer server(config);
    BOOST_TEST(create(server).status == 403);
    BOOST_TEST(create(server, "", "anything").status == 403);
    BOOST_TEST(stored_meetings(server) == 0);
}

BOOST_AUTO_TEST_CASE(an_oversized_anonymous_import_is_413_and_saves_nothing) {
    quorum::server::ServerConfig config = harness::test_config();
    config.creation_token = k_token;
    TestServer server(config);
    BOOST_TEST(config.anonymous_import_max_bytes == size_t{512} * 1024);
    std::string minutes = "# Comité\n\n";
    while (minutes.size() <= config.anonymous_import_max_bytes) {
        minutes += "Une ligne de discussion ordinaire, sans rien de particulier.\n\n";
    }
    Reply refused = import(server, minutes);
    BOOST_TEST(refused.status == 413);
    BOOST_TEST(refused.error_code() == "too_large");
    BOOST_TEST(refused.json()->getObject("error")->getValue<std::string>("message").find("512 KiB") !=
               std::string::npos);
    BOOST_TEST(stored_meetings(server) == 0);

    // Sent in chunks, without a length: counted as it arrives, refused the same.
    Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
    Poco::Net::HTTPRequest chunked("POST", "/api/v1/meetings/import", Poco::Net::HTTPMessage::HTTP_1_1);
    chunked.setContentType("text/markdown");
    chunked.setChunkedTransferEncoding(true);
    // The server answers as soon as the count passes the cap, and closes only
    // once the client has stopped sending (a lingering close), so the answer is read.
    session.sendRequest(chunked) << minutes;
    Poco::Net::HTTPResponse response;
    session.receiveResponse(response);
    BOOST_TEST(response.getStatus() == 413);
    BOOST_TEST(stored_meetings(server) == 0);

    // A small import is fine, and the creation token lifts the cap.
    BOOST_TEST(import(server, "# Comité\n\nUne ligne.\n").status == 201);
    BOOST_TEST(import(server, minutes, k_token).status == 201);
    BOOST_TEST(stored_meetings(server) == 2);
}

BOOST_AUTO_TEST_SUITE_END()
