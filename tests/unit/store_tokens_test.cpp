#include "store/tokens.hpp"

#include <boost/test/unit_test.hpp>

#include <set>

using namespace quorum::store;

BOOST_AUTO_TEST_SUITE(store_tokens_test)

BOOST_AUTO_TEST_CASE(tokens_carry_at_least_128_bits_in_url_safe_characters) {
    std::string token = random_token();
    // 32 bytes → 43 base64url characters of 6 bits each.
    BOOST_TEST(token.size() == 43u);
    BOOST_TEST(token.size() * 6 >= 128u);
    for (char c : token) {
        BOOST_TEST((std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'));
    }
}

BOOST_AUTO_TEST_CASE(tokens_do_not_repeat) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        BOOST_TEST(seen.insert(random_token()).second);
    }
}

BOOST_AUTO_TEST_CASE(ids_are_short_lowercase_and_distinct) {
    std::string a = random_id();
    std::string b = random_id();
    BOOST_TEST(a.size() == 12u);
    BOOST_TEST(a != b);
    for (char c : a) {
        BOOST_TEST(((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7')));
    }
}

BOOST_AUTO_TEST_CASE(hashes_are_sha256_hex) {
    BOOST_TEST(hash_token("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    BOOST_TEST(hash_token(random_token()).size() == 64u);
}

BOOST_AUTO_TEST_CASE(constant_time_equal_compares_whole_strings) {
    BOOST_TEST(constant_time_equal("abcdef", "abcdef"));
    BOOST_TEST(!constant_time_equal("abcdef", "abcdeg"));
    BOOST_TEST(!constant_time_equal("abcdef", "xbcdef"));
    BOOST_TEST(!constant_time_equal("abc", "abcdef"));
    BOOST_TEST(constant_time_equal("", ""));
}

BOOST_AUTO_TEST_SUITE_END()
