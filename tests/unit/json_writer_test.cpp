#include "json/writer.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

std::string poco(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(value, out);
    return out.str();
}

} // namespace

BOOST_AUTO_TEST_SUITE(json_writer_test)

BOOST_AUTO_TEST_CASE(every_ascii_byte_is_escaped_as_poco_escapes_it) {
    std::string all;
    for (int c = 1; c < 128; ++c) {
        all += static_cast<char>(c);
    }
    all += "é — 😀 « guillemets »";
    Object::Ptr object = new Object;
    object->set("text", all);
    object->set(std::string("key with \"quotes\" and \n"), 1);
    BOOST_TEST(quorum::json::condense(object) == poco(object));
    BOOST_TEST(quorum::json::condense(std::string("\x1f")) == "\"\\u001F\"");
}

BOOST_AUTO_TEST_CASE(scalars_match_poco) {
    const Poco::Dynamic::Var values[] = {Poco::Dynamic::Var(),
                                         true,
                                         false,
                                         0,
                                         -1,
                                         Poco::Int64(-9223372036854775807LL - 1),
                                         Poco::UInt64(18446744073709551615ULL),
                                         static_cast<unsigned>(7),
                                         static_cast<short>(-3),
                                         1.5,
                                         0.1,
                                         2.0,
                                         1e20,
                                         -0.0,
                                         std::string(),
                                         std::string("plain")};
    for (const auto& value : values) {
        BOOST_TEST(quorum::json::condense(value) == poco(value));
    }
}

BOOST_AUTO_TEST_CASE(nesting_and_key_order_match_poco) {
    Object::Ptr sorted = new Object;
    sorted->set("zeta", 1);
    sorted->set("alpha", "a");
    sorted->set("mid", Object::Ptr(new Object));
    sorted->set("empty_array", Array::Ptr(new Array));
    Object::Ptr ordered = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    ordered->set("zeta", 1);
    ordered->set("alpha", sorted);
    ordered->set("beta", 2);
    ordered->set("alpha", "replaced"); // a key set again keeps its first place
    Array::Ptr array = new Array;
    array->add(sorted);
    array->add(ordered);
    array->add(Poco::Dynamic::Var());
    array->add(Array::Ptr(new Array));
    array->add(3.25);
    Object::Ptr top = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    top->set("list", array);
    top->set("by_value", *sorted);
    BOOST_TEST(quorum::json::condense(top) == poco(top));
    BOOST_TEST(quorum::json::condense(array) == poco(array));
    // Poco throws on an empty pointer; it is null here.
    Object::Ptr with_null = new Object;
    with_null->set("nothing", Object::Ptr());
    with_null->set("none", Array::Ptr());
    BOOST_TEST(quorum::json::condense(with_null) == R"({"none":null,"nothing":null})");
}

BOOST_AUTO_TEST_CASE(a_parsed_document_writes_back_as_poco_writes_it) {
    // The French example's summary as JSON: every shape the summary model has.
    std::ifstream file(std::string(QUORUM_EXAMPLES) + "/gt-numerique-2026-11.summary.json");
    BOOST_REQUIRE(file);
    std::stringstream text;
    text << file.rdbuf();
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var parsed = parser.parse(text.str());
    BOOST_TEST(quorum::json::condense(parsed) == poco(parsed));
    BOOST_TEST(quorum::json::condense(parsed).size() > 1000u);
}

BOOST_AUTO_TEST_CASE(pretty_output_is_indented_and_parses_back_to_the_same_document) {
    Object::Ptr inner = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    inner->set("b", 2);
    inner->set("a", "x\"y");
    Array::Ptr list = new Array;
    list->add(inner);
    list->add(true);
    Object::Ptr top = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    top->set("title", "Réunion");
    top->set("list", list);
    top->set("empty_list", Array::Ptr(new Array));
    top->set("empty_object", Object::Ptr(new Object));
    top->set("nothing", Poco::Dynamic::Var());
    const std::string expected = "{\n"
                                 "  \"title\": \"Réunion\",\n"
                                 "  \"list\": [\n"
                                 "    {\n"
                                 "      \"b\": 2,\n"
                                 "      \"a\": \"x\\\"y\"\n"
                                 "    },\n"
                                 "    true\n"
                                 "  ],\n"
                                 "  \"empty_list\": [],\n"
                                 "  \"empty_object\": {},\n"
                                 "  \"nothing\": null\n"
                                 "}\n";
    BOOST_TEST(quorum::json::pretty(top) == expected);
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(/*preserveObjectOrder=*/true));
    BOOST_TEST(quorum::json::condense(parser.parse(quorum::json::pretty(top))) == quorum::json::condense(top));
}

BOOST_AUTO_TEST_SUITE_END()
