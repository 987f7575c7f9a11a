#include "util/text.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>

using namespace quorum::text;

BOOST_AUTO_TEST_SUITE(util_text_test)

// --- language_code --------------------------------------------------------------

BOOST_AUTO_TEST_CASE(language_code_gives_two_letter_codes) {
    BOOST_TEST(language_code(Language::French) == "fr");
    BOOST_TEST(language_code(Language::English) == "en");
}

// --- trim / normalize_spaces ----------------------------------------------------

BOOST_AUTO_TEST_CASE(trim_removes_ascii_whitespace_on_both_sides) {
    BOOST_TEST(trim("  \t hello world \r\n") == "hello world");
}

BOOST_AUTO_TEST_CASE(trim_removes_non_breaking_and_narrow_non_breaking_spaces) {
    BOOST_TEST(trim("\xC2\xA0\xE2\x80\xAF"
                    "Notes\xE2\x80\xAF\xC2\xA0") == "Notes");
}

BOOST_AUTO_TEST_CASE(trim_removes_thin_spaces) {
    BOOST_TEST(trim("\xE2\x80\x89"
                    "9 h\xE2\x80\x89") == "9 h");
}

BOOST_AUTO_TEST_CASE(trim_keeps_inner_spaces_and_accented_letters_at_the_edges) {
    BOOST_TEST(trim(" \xC3\xA9t\xC3\xA9 \xC3\xA0 ") == "\xC3\xA9t\xC3\xA9 \xC3\xA0");
}

BOOST_AUTO_TEST_CASE(trim_of_only_spaces_is_empty) {
    BOOST_TEST(trim(" \xC2\xA0 \t").empty());
    BOOST_TEST(trim("").empty());
}

BOOST_AUTO_TEST_CASE(trim_copy_returns_an_owning_string) {
    const std::string copy = trim_copy("\xE2\x80\xAF x ");
    BOOST_TEST(copy == "x");
}

BOOST_AUTO_TEST_CASE(normalize_spaces_replaces_special_spaces_and_collapses_runs) {
    BOOST_TEST(normalize_spaces("9\xC2\xA0h\xE2\x80\xAF"
                                "30\t\t-  11\xE2\x80\x89h") == "9 h 30 - 11 h");
}

BOOST_AUTO_TEST_CASE(normalize_spaces_keeps_newlines_and_other_text) {
    BOOST_TEST(normalize_spaces("a  b\nc   d") == "a b\nc d");
    BOOST_TEST(normalize_spaces("\xC3\xA0 la ligne") == "\xC3\xA0 la ligne");
}

// --- fold_key -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(fold_key_removes_french_accents_and_lowers_case) {
    BOOST_TEST(fold_key("\xC3\x89milien  Gruet") == "emilien gruet"); // Émilien
    BOOST_TEST(fold_key("emilien gruet") == "emilien gruet");
}

BOOST_AUTO_TEST_CASE(fold_key_turns_hyphens_into_single_spaces) {
    BOOST_TEST(fold_key("Jean-No\xC3\xA9 Landry") == "jean noe landry");
    BOOST_TEST(fold_key("Anne-Sophie Abel-L\xC3\xA9vesque") == "anne sophie abel levesque");
}

BOOST_AUTO_TEST_CASE(fold_key_expands_ligatures_and_sharp_s) {
    BOOST_TEST(fold_key("C\xC5\x92UR \xC5\x93uvre") == "coeur oeuvre"); // CŒUR œuvre
    BOOST_TEST(fold_key("Stra\xC3\x9F"
                        "e") == "strasse");         // Straße
    BOOST_TEST(fold_key("\xC3\x86sop") == "aesop"); // Æsop
}

BOOST_AUTO_TEST_CASE(fold_key_folds_cedilla_and_latin_extended_a) {
    BOOST_TEST(fold_key("Fran\xC3\xA7ois") == "francois"); // François
    BOOST_TEST(fold_key("\xC5\x81\xC3\xB3"
                        "d\xC5\xBA") == "lodz");              // Łódź
    BOOST_TEST(fold_key("Dvo\xC5\x99\xC3\xA1k") == "dvorak"); // Dvořák
    BOOST_TEST(fold_key("Vi\xC3\xAAt Cao") == "viet cao");    // Viêt
}

BOOST_AUTO_TEST_CASE(fold_key_treats_apostrophes_and_punctuation_as_separators) {
    BOOST_TEST(fold_key("Startin'blox") == "startin blox");
    BOOST_TEST(fold_key("l\xE2\x80\x99\xC3\xA9"
                        "conomie sociale") == "l economie sociale");     // l’économie
    BOOST_TEST(fold_key("  \xC2\xAB Bonjour! \xC2\xBB  ") == "bonjour"); // « Bonjour! »
    BOOST_TEST(fold_key("(INRS) -- R.I.S.Q.") == "inrs r i s q");
}

BOOST_AUTO_TEST_CASE(fold_key_folds_decomposed_accents_like_precomposed_ones) {
    BOOST_TEST(fold_key("E\xCC\x81milien") == "emilien"); // E + combining acute
}

BOOST_AUTO_TEST_CASE(fold_key_keeps_digits_and_letters_of_other_scripts) {
    BOOST_TEST(fold_key("Salle 3B") == "salle 3b");
    BOOST_TEST(fold_key("\xCE\xB1\xCE\xB2\xCE\xB3 test") == "\xCE\xB1\xCE\xB2\xCE\xB3 test"); // αβγ
}

BOOST_AUTO_TEST_CASE(fold_key_of_only_punctuation_is_empty) {
    BOOST_TEST(fold_key(" - ; \xE2\x80\x94 ").empty());
}

BOOST_AUTO_TEST_CASE(fold_key_drops_invalid_utf8_as_a_separator) {
    BOOST_TEST(fold_key("ab\xFF"
                        "cd") == "ab cd");
}

// --- to_lower -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(to_lower_keeps_accents) {
    BOOST_TEST(to_lower("\xC3\x89T\xC3\x89 \xC3\x80 QU\xC3\x89"
                        "BEC") == "\xC3\xA9t\xC3\xA9 \xC3\xA0 qu\xC3\xA9"
                                  "bec");
}

BOOST_AUTO_TEST_CASE(to_lower_handles_latin_extended_a_and_y_diaeresis) {
    BOOST_TEST(to_lower("\xC5\x92UVRE") == "\xC5\x93uvre"); // ŒUVRE → œuvre
    BOOST_TEST(to_lower("\xC5\x81"
                        "A") == "\xC5\x82"
                                "a");               // Ł → ł
    BOOST_TEST(to_lower("\xC5\xB8") == "\xC3\xBF"); // Ÿ → ÿ
}

BOOST_AUTO_TEST_CASE(to_lower_leaves_multiplication_sign_and_lowercase_alone) {
    BOOST_TEST(to_lower("3\xC3\x97"
                        "4 d\xC3\xA9j\xC3\xA0") == "3\xC3\x97"
                                                   "4 d\xC3\xA9j\xC3\xA0");
}

// --- UTF-8 ----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(is_valid_utf8_accepts_well_formed_text) {
    BOOST_TEST(is_valid_utf8(""));
    BOOST_TEST(is_valid_utf8("Qu\xC3\xA9"
                             "bec \xE2\x80\x94 \xF0\x9F\x98\x80"));
    BOOST_TEST(is_valid_utf8("\xF4\x8F\xBF\xBF")); // U+10FFFF
}

BOOST_AUTO_TEST_CASE(is_valid_utf8_rejects_overlongs_surrogates_and_truncation) {
    BOOST_TEST(!is_valid_utf8("\xC0\xAF"));         // overlong '/'
    BOOST_TEST(!is_valid_utf8("\xE0\x80\xAF"));     // overlong '/'
    BOOST_TEST(!is_valid_utf8("\xED\xA0\x80"));     // surrogate U+D800
    BOOST_TEST(!is_valid_utf8("caf\xC3"));          // truncated
    BOOST_TEST(!is_valid_utf8("\xF4\x90\x80\x80")); // above U+10FFFF
    BOOST_TEST(!is_valid_utf8("\x80"));             // lone continuation
}

BOOST_AUTO_TEST_CASE(sanitize_utf8_returns_valid_input_unchanged) {
    const std::string text = "R\xC3\xA9union \xE2\x80\x94 9\xE2\x80\xAFh\xE2\x80\xAF"
                             "30 \xF0\x9F\x93\x85";
    BOOST_TEST(sanitize_utf8(text) == text);
}

BOOST_AUTO_TEST_CASE(sanitize_utf8_replaces_a_latin1_byte) {
    BOOST_TEST(sanitize_utf8("caf\xE9 noir") == "caf\xEF\xBF\xBD noir");
}

BOOST_AUTO_TEST_CASE(sanitize_utf8_replaces_overlongs_and_surrogates) {
    // Each byte of an overlong or surrogate is its own maximal invalid subpart.
    BOOST_TEST(sanitize_utf8("a\xC0\xAF"
                             "b") == "a\xEF\xBF\xBD\xEF\xBF\xBD"
                                     "b");
    BOOST_TEST(sanitize_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

BOOST_AUTO_TEST_CASE(sanitize_utf8_replaces_a_truncated_sequence_once) {
    BOOST_TEST(sanitize_utf8("x\xE2\x80"
                             "y") == "x\xEF\xBF\xBD"
                                     "y");
    BOOST_TEST(sanitize_utf8("end\xF0\x9F\x98") == "end\xEF\xBF\xBD");
}

BOOST_AUTO_TEST_CASE(sanitize_utf8_output_is_always_valid) {
    std::string garbage;
    for (int i = 0; i < 256; ++i) {
        garbage += static_cast<char>(i);
        garbage += static_cast<char>(255 - i);
    }
    BOOST_TEST(is_valid_utf8(sanitize_utf8(garbage)));
}

BOOST_AUTO_TEST_CASE(sanitize_utf8_repairs_ten_megabytes) {
    std::string big;
    big.reserve(10 * 1024 * 1024 + 64);
    while (big.size() < 10 * 1024 * 1024) {
        big += "Le num\xC3\xA9rique \xE2\x80\x94 souverainet\xC3\xA9 \xFF\xC3 ";
    }
    const std::string clean = sanitize_utf8(big);
    BOOST_TEST(is_valid_utf8(clean));
    BOOST_TEST(clean.size() > big.size()); // each bad byte became a 3-byte U+FFFD
}

// --- split / starts_with_ci -----------------------------------------------------

BOOST_AUTO_TEST_CASE(split_keeps_empty_fields) {
    const auto parts = split("a,,b,", ',');
    BOOST_TEST(parts.size() == 4u);
    BOOST_TEST(parts[0] == "a");
    BOOST_TEST(parts[1].empty());
    BOOST_TEST(parts[2] == "b");
    BOOST_TEST(parts[3].empty());
}

BOOST_AUTO_TEST_CASE(split_without_separator_gives_the_whole_string) {
    const auto parts = split("Activit\xC3\xA9", '\t');
    BOOST_TEST(parts.size() == 1u);
    BOOST_TEST(parts[0] == "Activit\xC3\xA9");
    BOOST_TEST(split("", ',').size() == 1u);
}

BOOST_AUTO_TEST_CASE(starts_with_ci_ignores_ascii_case) {
    BOOST_TEST(starts_with_ci("DÉCISION: oui", "D"));
    BOOST_TEST(starts_with_ci("Action: Émilien", "ACTION"));
    BOOST_TEST(!starts_with_ci("Act", "Action"));
    BOOST_TEST(!starts_with_ci("Notes", "Note:"));
}

// --- detect_language ------------------------------------------------------------

BOOST_AUTO_TEST_CASE(detect_language_recognises_french_minutes) {
    const std::string text =
        "Cette deuxi\xC3\xA8me rencontre vise \xC3\xA0 nous donner notre erre d'aller. Nous avons d\xC3\xA9"
        "cid\xC3\xA9 aujourd'hui d'axer la rencontre sur une th\xC3\xA9matique donn\xC3\xA9"
        "e pour entrer "
        "en d\xC3\xA9"
        "bat et discussion.";
    BOOST_TEST((detect_language(text) == Language::French));
}

BOOST_AUTO_TEST_CASE(detect_language_recognises_english_minutes) {
    const std::string text = "The working group met to discuss the proposal. We agreed that the draft is "
                             "ready for review and will be sent to the members with the agenda.";
    BOOST_TEST((detect_language(text) == Language::English));
}

BOOST_AUTO_TEST_CASE(detect_language_counts_accented_words_without_accents) {
    // Upper case and unaccented spellings still count: "ÉTÉ", "TRÈS", "OÙ".
    BOOST_TEST(
        (detect_language("\xC3\x89T\xC3\x89 TR\xC3\x88S O\xC3\x99 Groupe Num\xC3\xA9rique") == Language::French));
}

BOOST_AUTO_TEST_CASE(detect_language_defaults_to_english_without_evidence) {
    BOOST_TEST((detect_language("") == Language::English));
    BOOST_TEST((detect_language("12:30 -- 2021 INRS TIESS RISQ") == Language::English));
}

BOOST_AUTO_TEST_CASE(detect_language_ignores_words_shared_by_both_languages) {
    // "on", "a", "plus", "son" exist in both languages and must not tip the balance.
    BOOST_TEST((detect_language("on a plus son") == Language::English));
}

BOOST_AUTO_TEST_CASE(detect_language_follows_the_majority_when_languages_mix) {
    // French minutes often quote English titles; the quote must not flip the verdict.
    std::string text;
    for (int i = 0; i < 5; ++i) {
        text += "Nous avons pr\xC3\xA9"
                "cis\xC3\xA9 le descriptif de ce groupe et des enjeux. ";
    }
    text += "What does the notion of sovereignty mean when referring to the digital?";
    BOOST_TEST((detect_language(text) == Language::French));
}

BOOST_AUTO_TEST_CASE(detect_language_reads_the_seed_minutes_as_french) {
    std::ifstream in(std::string(QUORUM_SEED) + "/000_f317a47c7c39bfca.txt", std::ios::binary);
    BOOST_REQUIRE(in.good());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    BOOST_TEST((detect_language(text) == Language::French));
}

BOOST_AUTO_TEST_CASE(excerpt_flattens_lines_and_never_cuts_a_character) {
    BOOST_TEST(excerpt("Bonjour\nà tous", 100) == "Bonjour à tous");
    std::string accents;
    for (int i = 0; i < 200; ++i) {
        accents += "\xC3\xA9"; // é, no spaces: the cut must fall between characters
    }
    const std::string cut = excerpt(accents, 101);
    BOOST_TEST(is_valid_utf8(cut));
    BOOST_TEST(cut.size() == 100 + 3); // 50 × é, then "…"
    BOOST_TEST(excerpt("un deux trois quatre", 12) == "un deux\xE2\x80\xA6");
}

BOOST_AUTO_TEST_SUITE_END()
