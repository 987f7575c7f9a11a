#include "util/value.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using quorum::parse_json;
using quorum::to_json;
using quorum::Value;

BOOST_AUTO_TEST_SUITE(util_value_test)

BOOST_AUTO_TEST_CASE(a_value_round_trips_through_json) {
    Value v = Value::object();
    v["null"] = Value();
    v["yes"] = true;
    v["no"] = false;
    v["int"] = std::int64_t{-9007199254740993};
    v["big"] = std::int64_t{9223372036854775807};
    v["double"] = 0.1;
    v["whole_double"] = 2.0;
    v["text"] = "Émilien dit « bonjour »\n\t\"quoted\" \\ \x01 😀";
    v["list"].push_back(1);
    v["list"].push_back("two");
    v["list"].push_back(Value::object());
    v["nested"]["deeper"]["deepest"] = Value::array();
    const std::string json = to_json(v);
    const auto back = parse_json(json);
    BOOST_REQUIRE(back.has_value());
    BOOST_TEST((*back == v));
    BOOST_TEST(to_json(*back) == json);
    // 2.0 stays a double, 9223372036854775807 an exact int64.
    BOOST_TEST(back->find("whole_double")->is_double());
    BOOST_TEST(back->find("big")->as_int() == 9223372036854775807);
}

BOOST_AUTO_TEST_CASE(objects_print_sorted_and_compact) {
    Value v = Value::object();
    v["b"] = 1;
    v["a"] = "x";
    BOOST_TEST(to_json(v) == R"({"a":"x","b":1})");
    BOOST_TEST(to_json(Value("\x01")) == R"("\u0001")");
}

BOOST_AUTO_TEST_CASE(escapes_and_surrogate_pairs_decode) {
    const auto v = parse_json(R"(["\u00e9", "\ud83d\ude00", "a\/b", "\"\\\b\f\n\r\t"])");
    BOOST_REQUIRE(v.has_value());
    BOOST_TEST(v->as_array()[0].as_string() == "é");
    BOOST_TEST(v->as_array()[1].as_string() == "😀");
    BOOST_TEST(v->as_array()[2].as_string() == "a/b");
    BOOST_TEST(v->as_array()[3].as_string() == "\"\\\b\f\n\r\t");
}

BOOST_AUTO_TEST_CASE(numbers_read_as_int64_or_double) {
    BOOST_TEST(parse_json("42")->is_int());
    BOOST_TEST(parse_json("-0")->is_int());
    BOOST_TEST(parse_json("1.5")->is_double());
    BOOST_TEST(parse_json("1e3")->as_double() == 1000.0);
    // Past int64: a double, not an error.
    BOOST_TEST(parse_json("9223372036854775808")->is_double());
}

BOOST_AUTO_TEST_CASE(malformed_json_is_refused_with_a_position) {
    for (const char* bad : {
             "",
             "   ",
             "{",
             "[1,]",
             "{\"a\":1,}",
             "{'a':1}",
             "[01]",
             "[1.]",
             "[.5]",
             "[+1]",
             "NaN",
             "[Infinity]",
             "tru",
             "nul",
             "\"unterminated",
             "\"tab\there\"",
             "\"\\x\"",
             "\"\\ud83d\"",
             "\"\\ude00\"",
             "\"\\u12\"",
             "{\"a\":1,\"a\":2}",
             "[1] [2]",
             "// comment\n1",
             "{\"a\" 1}",
             "[1e999]",
         }) {
        const auto v = parse_json(bad);
        BOOST_TEST(!v.has_value(), "accepted: " << bad);
        if (!v) {
            BOOST_TEST(v.error().code == "invalid");
            BOOST_TEST(v.error().message.find("at byte") != std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_refused_and_never_printed) {
    BOOST_TEST(!parse_json("\"\xC3\x28\"").has_value());
    BOOST_TEST(!parse_json("\"\xED\xA0\x80\"").has_value()); // an encoded surrogate
    const std::string printed = to_json(Value(std::string("a\xFF"
                                                          "b")));
    BOOST_TEST(printed == "\"a\xEF\xBF\xBD"
                          "b\"");
}

BOOST_AUTO_TEST_CASE(nesting_is_bounded) {
    const std::string deep_ok = std::string(64, '[') + std::string(64, ']');
    BOOST_TEST(parse_json(deep_ok).has_value());
    const std::string too_deep = std::string(65, '[') + std::string(65, ']');
    BOOST_TEST(!parse_json(too_deep).has_value());
    // A hostile depth fails fast instead of exhausting the stack.
    const std::string hostile = std::string(1000000, '[');
    BOOST_TEST(!parse_json(hostile).has_value());
    BOOST_TEST(parse_json("[[1]]", 1).has_value() == false);
}

BOOST_AUTO_TEST_CASE(lookups_with_fallbacks_never_throw) {
    const auto v = parse_json(R"({"n":3,"s":"x","b":true})");
    BOOST_REQUIRE(v.has_value());
    BOOST_TEST(v->int_or("n", 0) == 3);
    BOOST_TEST(v->int_or("s", 7) == 7);
    BOOST_TEST(v->string_or("missing", "d") == "d");
    BOOST_TEST(v->bool_or("b", false) == true);
    BOOST_TEST(Value(5).find("x") == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
