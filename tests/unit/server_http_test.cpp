// Which language a request prefers, and error bodies written again in it.

#include "server/http.hpp"

#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Parser.h>

using namespace quorum;
using namespace quorum::server;

namespace {

bool french(const char* lang, const char* accept) {
    std::string l = lang ? lang : "";
    std::string a = accept ? accept : "";
    return prefers_french(lang ? &l : nullptr, accept ? &a : nullptr);
}

Poco::JSON::Object::Ptr parse(const std::string& body) {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

} // namespace

BOOST_AUTO_TEST_SUITE(server_http_test)

BOOST_AUTO_TEST_CASE(accept_language_picks_the_heaviest_of_french_and_english) {
    BOOST_TEST(!french(nullptr, nullptr));
    BOOST_TEST(french(nullptr, "fr"));
    BOOST_TEST(french(nullptr, "fr-CA,fr;q=0.9,en;q=0.8"));
    BOOST_TEST(!french(nullptr, "en-US,en;q=0.9,fr;q=0.8"));
    BOOST_TEST(french(nullptr, "de-DE, en;q=0.5, FR-ca;q=0.7"));
    BOOST_TEST(!french(nullptr, "de, es"));             // neither: English
    BOOST_TEST(!french(nullptr, "fr;q=0, en;q=0.1"));   // q=0 means "not this one"
    BOOST_TEST(!french(nullptr, "fr;q=banana"));        // a bad weight counts as 0
    BOOST_TEST(!french(nullptr, "en, fr"));             // a tie: the first one
    BOOST_TEST(french(nullptr, "  fr  ; q=1 ,en;q=1")); // spaces around the parts
    BOOST_TEST(!french(nullptr, "francais, french"));   // tags, not words
    BOOST_TEST(!french(nullptr, ""));
}

BOOST_AUTO_TEST_CASE(lang_in_the_query_wins) {
    BOOST_TEST(french("fr", "en"));
    BOOST_TEST(!french("en", "fr"));
    BOOST_TEST(french("de", "fr")); // not a language of ours: Accept-Language decides
}

BOOST_AUTO_TEST_CASE(error_bodies_are_written_again_in_french) {
    Poco::JSON::Object::Ptr extra = new Poco::JSON::Object;
    extra->set("current", 3);
    Response response = error_response(
        make_error("invalid", Phrase{"date is YYYY-MM-DD", "la date s’écrit AAAA-MM-JJ"}, "date"), extra);
    BOOST_TEST(response.status == 422);
    BOOST_TEST(parse(response.body)->getObject("error")->getValue<std::string>("message") == "date is YYYY-MM-DD");

    localize(response, false);
    BOOST_TEST(parse(response.body)->getObject("error")->getValue<std::string>("message") == "date is YYYY-MM-DD");

    localize(response, true);
    auto body = parse(response.body);
    auto error = body->getObject("error");
    BOOST_TEST(error->getValue<std::string>("message") == "la date s’écrit AAAA-MM-JJ");
    BOOST_TEST(error->getValue<std::string>("code") == "invalid");
    BOOST_TEST(error->getValue<std::string>("field") == "date");
    BOOST_TEST(body->getValue<int>("current") == 3); // what else the body held stays
}

BOOST_AUTO_TEST_CASE(an_error_without_french_stays_english) {
    Response response = error_response(make_error("internal", "internal error"));
    std::string before = response.body;
    localize(response, true);
    BOOST_TEST(response.body == before);

    Response ok = json_response(200, Poco::Dynamic::Var(1));
    localize(ok, true);
    BOOST_TEST(ok.body == "1");
}

BOOST_AUTO_TEST_CASE(a_phrase_survives_rewrapping) {
    Error inner = make_error("invalid", Phrase{"bad", "mauvais"});
    BOOST_TEST(inner.message_in(true) == "mauvais");
    BOOST_TEST(inner.message_in(false) == "bad");
    Error outer = make_error("invalid", inner.phrase(), "format");
    BOOST_TEST(outer.message_fr == "mauvais");
    Error english_only = make_error("invalid", "plain");
    BOOST_TEST(english_only.message_in(true) == "plain");
    BOOST_TEST(english_only.phrase().fr == "plain");
}

BOOST_AUTO_TEST_SUITE_END()
