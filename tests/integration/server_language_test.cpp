// Error messages in the language the request prefers: French and English are
// both first-class, and the web interface shows these messages to people.

#include "harness.hpp"

#include <boost/test/unit_test.hpp>

#include <Poco/Net/SocketStream.h>
#include <Poco/Net/StreamSocket.h>

using namespace harness;

namespace {

struct Said {
    int status = 0;
    std::string code, field, message;
};

Said error_of(const Reply& reply) {
    Said said;
    said.status = reply.status;
    auto error = reply.json()->getObject("error");
    said.code = error->getValue<std::string>("code");
    said.field = error->isNull("field") ? "" : error->getValue<std::string>("field");
    said.message = error->getValue<std::string>("message");
    return said;
}

Reply send_in(TestServer& server, Request request, const std::string& accept_language) {
    request.headers.emplace_back("Accept-Language", accept_language);
    return server.send(request);
}

// Words that only a French sentence of ours would hold.
bool reads_french(const std::string& message) {
    for (const char* word : {"é",     "è",     "à",     "ç",     "’",     " le ",  " la ",  " les ", " l’",  " d’",
                             " du ",  " des ", " de ",  " un ",  " une ", " est ", " pas ", " ou ",  " ce ", " cette ",
                             "aucun", "jeton", "corps", "champ", "«",     "ez ",   "ez.",   "ez)"}) {
        if (message.find(word) != std::string::npos) {
            return true;
        }
    }
    return false;
}

// Sends raw bytes; returns the status code and the body of the one answer (the
// server answers these refusals whole, then closes or waits for more).
std::pair<std::string, std::string> raw_exchange(TestServer& server, const std::string& bytes) {
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", server.port()));
    socket.setReceiveTimeout(Poco::Timespan(10, 0));
    socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
    std::string answer;
    char buffer[2048];
    int got = 0;
    while (answer.find("}}") == std::string::npos && (got = socket.receiveBytes(buffer, sizeof buffer)) > 0) {
        answer.append(buffer, static_cast<size_t>(got));
    }
    size_t blank = answer.find("\r\n\r\n");
    return {answer.size() >= 12 ? answer.substr(9, 3) : "", blank == std::string::npos ? "" : answer.substr(blank + 4)};
}

} // namespace

BOOST_AUTO_TEST_SUITE(server_language_test)

// The same failures asked in English and in French: same status, code and field,
// a message of its own in each language.
BOOST_AUTO_TEST_CASE(every_common_failure_has_a_french_message) {
    TestServer server;
    MeetingFixture m(server);
    std::string notes = m.base() + "/notes/" + std::to_string(m.agenda_item);
    std::string participant = m.tokens.at("participant");
    std::vector<Request> cases = {
        {"POST", "/api/v1/meetings", "{"},
        {"POST", "/api/v1/meetings", R"({"title":42})"},
        {"POST", "/api/v1/meetings", R"({"title":"x","admin":true})"},
        {"POST", "/api/v1/meetings", R"({})"},
        {"POST", "/api/v1/meetings", R"({"title":"x","date":"12/11/2026"})"},
        {"POST", "/api/v1/meetings", R"({"title":"x","language":"de"})"},
        {"POST", "/api/v1/meetings", "{\"title\":\"\xff\"}"},
        {"PUT", notes, R"({"base_revision":-1,"text":"x"})", m.key},
        {"POST", m.base() + "/agenda", R"({"title":"x","parent_id":999})", m.key},
        {"POST", m.base() + "/participants", R"({"name":"x","role":"admin"})", m.key},
        {"PUT", m.base() + "/agenda/reorder", R"({"items":[{"id":1}]})", m.key},
        {"POST", m.base() + "/share-links", R"({"expires_at":"tomorrow"})", m.key},
        {"GET", m.base() + "/participants"},                             // no token
        {"GET", m.base() + "/participants", "", "not-a-token"},          // a wrong one
        {"POST", m.base() + "/agenda", R"({"title":"x"})", participant}, // not the facilitator
        {"GET", "/api/v1/meetings/nosuchmeeting/participants", "", m.key},
        {"DELETE", "/api/v1/meetings", "", m.key}, // method not allowed
        {"GET", "/api/v1/nothing-here"},
        {"POST", "/api/v1/meetings", "title=x", "", "application/x-www-form-urlencoded"},
    };
    for (const Request& request : cases) {
        BOOST_TEST_CONTEXT(request.method << " " << request.path << " " << request.body) {
            Said english = error_of(send_in(server, request, "en-CA,en;q=0.9"));
            Said french = error_of(send_in(server, request, "fr-CA,fr;q=0.9,en;q=0.8"));
            BOOST_TEST(english.status >= 400);
            BOOST_TEST(french.status == english.status);
            BOOST_TEST(french.code == english.code);
            BOOST_TEST(french.field == english.field);
            BOOST_TEST(!english.message.empty());
            BOOST_TEST(french.message != english.message);
            BOOST_TEST(reads_french(french.message), french.message);
            BOOST_TEST(!reads_french(english.message), english.message);
        }
    }
}

BOOST_AUTO_TEST_CASE(lang_in_the_query_overrides_the_browser) {
    TestServer server;
    Request request{"POST", "/api/v1/meetings?lang=fr", R"({})"};
    Said french = error_of(send_in(server, request, "en"));
    request.path = "/api/v1/meetings?lang=en";
    Said english = error_of(send_in(server, request, "fr"));
    BOOST_TEST(french.message != english.message);
    BOOST_TEST(reads_french(french.message));
    Said plain = error_of(server.post("/api/v1/meetings", R"({})")); // nothing asked: English
    BOOST_TEST(plain.message == english.message);
}

// A stale save's 409 keeps both versions whatever the language.
BOOST_AUTO_TEST_CASE(a_conflict_in_french_keeps_both_versions) {
    TestServer server;
    MeetingFixture m(server);
    std::string notes = m.base() + "/notes/" + std::to_string(m.agenda_item);
    Request stale{"PUT", notes, R"({"base_revision":0,"text":"ma version"})", m.key};
    Reply reply = send_in(server, stale, "fr");
    BOOST_TEST(reply.status == 409);
    auto body = reply.json();
    BOOST_TEST(body->getObject("error")->getValue<std::string>("code") == "stale_revision");
    BOOST_TEST(body->getObject("error")->getValue<std::string>("message").find("les notes ont changé") == 0u);
    BOOST_TEST(body->getObject("yours")->getValue<std::string>("text") == "ma version");
    BOOST_TEST(body->getObject("current")->getValue<std::int64_t>("revision") >= 1);
}

// Refused before the body is read (too large): the answer is French too.
BOOST_AUTO_TEST_CASE(a_refusal_before_the_body_is_french_too) {
    TestServer server;
    auto [status, body] = raw_exchange(server, "POST /api/v1/meetings HTTP/1.1\r\nHost: x\r\nAccept-Language: fr\r\n"
                                               "Content-Type: application/json\r\nContent-Length: 999999999\r\n\r\n");
    BOOST_TEST(status == "413");
    BOOST_TEST(body.find("\"too_large\"") != std::string::npos);
    BOOST_TEST(reads_french(body), body);
}

// Refusals of the HTTP itself (a bad Content-Length, a broken chunk) too.
BOOST_AUTO_TEST_CASE(protocol_refusals_are_french_too) {
    TestServer server;
    for (const std::string& request :
         {std::string("POST /api/v1/meetings HTTP/1.1\r\nHost: x\r\nAccept-Language: fr\r\n"
                      "Content-Type: application/json\r\nContent-Length: douze\r\n\r\n"),
          std::string("POST /api/v1/meetings HTTP/1.1\r\nHost: x\r\nAccept-Language: fr\r\n"
                      "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")}) {
        auto [status, body] = raw_exchange(server, request);
        BOOST_TEST_CONTEXT(request) {
            BOOST_TEST(status == "400");
            BOOST_TEST(reads_french(body), body);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
