#include "util/search.hpp"

#include <boost/test/unit_test.hpp>

#include <random>
#include <string>

using namespace quorum;

namespace {

// find_plain as an offset, std::string_view::find's way.
size_t offset(std::string_view haystack, std::string_view needle) {
    const char* found = text::find_plain(haystack, needle);
    return found == nullptr ? std::string_view::npos : static_cast<size_t>(found - haystack.data());
}

} // namespace

BOOST_AUTO_TEST_SUITE(util_search_test)

BOOST_AUTO_TEST_CASE(finds_the_first_occurrence_as_string_find_does) {
    const std::string text = "Le groupe relance la mairie; il relance aussi l'imprimeur. Décision : on relance.";
    for (std::string_view needle : {"relance", " relance ", "relance.", "L", "Le", "e", "Décision :", "é", "imprimeur.",
                                    "absent", "relancer", ".", "Le groupe relance la mairie; il relance aussi l'imp"}) {
        BOOST_TEST_CONTEXT(needle) {
            BOOST_CHECK_EQUAL(offset(text, needle), text.find(needle));
        }
    }
    BOOST_CHECK_EQUAL(offset(text, ""), 0u);
    BOOST_CHECK_EQUAL(offset("", ""), 0u);
    BOOST_CHECK_EQUAL(offset("", "a"), std::string_view::npos);
    BOOST_CHECK_EQUAL(offset("ab", "abc"), std::string_view::npos);
}

// Every length of text around the 16- and 64-byte steps, a needle at every place
// (the first, the last, across steps), needles of 1 to 40 bytes, and texts made of
// the needle's own bytes, where nearly every place is a candidate.
BOOST_AUTO_TEST_CASE(agrees_with_string_find_at_every_place_and_length) {
    std::mt19937 random(7);
    const std::string alphabet = "ea ionrtsl";
    for (size_t length = 0; length < 200; ++length) {
        std::string text;
        for (size_t i = 0; i < length; ++i) {
            text += alphabet[random() % alphabet.size()];
        }
        for (size_t needle_length = 1; needle_length <= 40 && needle_length <= length; needle_length += 3) {
            for (size_t at = 0; at + needle_length <= length; at += 7) {
                const std::string needle = text.substr(at, needle_length);
                BOOST_TEST_CONTEXT(length << " " << needle_length << " " << at) {
                    BOOST_REQUIRE_EQUAL(offset(text, needle), text.find(needle));
                }
            }
            std::string absent(needle_length, 'z');
            BOOST_REQUIRE_EQUAL(offset(text, absent), std::string_view::npos);
            // the needle's bytes everywhere, but the needle itself only at the end, or nowhere
            std::string near = std::string(length, 'a');
            std::string needle = std::string(needle_length - 1, 'a') + "b";
            BOOST_REQUIRE_EQUAL(offset(near, needle), std::string_view::npos);
            near.back() = 'b';
            BOOST_REQUIRE_EQUAL(offset(near, needle), near.find(needle));
        }
    }
}

BOOST_AUTO_TEST_CASE(reads_no_byte_outside_the_text) {
    // The text is a view into a larger buffer whose other bytes would match.
    const std::string buffer = "relance" + std::string(100, '-') + "elan" + "relance";
    const std::string_view inside(buffer.data() + 7, 104);
    BOOST_CHECK_EQUAL(offset(inside, "relance"), std::string_view::npos);
    BOOST_CHECK_EQUAL(offset(inside, "elanr"), std::string_view::npos);
    BOOST_CHECK_EQUAL(offset(inside, "elan"), 100u);
}

BOOST_AUTO_TEST_SUITE_END()
