#include "markdown/document.hpp"
#include "markdown/guard.hpp"

#include <boost/test/unit_test.hpp>

using namespace quorum;
using markdown::BlockKind;

namespace {

markdown::Document parse_ok(std::string_view text) {
    auto parsed = markdown::parse(text);
    BOOST_REQUIRE_MESSAGE(parsed.has_value(), "parse failed");
    return std::move(*parsed);
}

} // namespace

BOOST_AUTO_TEST_SUITE(markdown_document_test)

BOOST_AUTO_TEST_CASE(headings_paragraphs_and_lists_flatten_in_reading_order) {
    auto document = parse_ok("# Title\n\nIntro line one\nline two\n\n1. First\n2. Second\n   - nested\n");
    BOOST_REQUIRE_EQUAL(document.blocks.size(), 5u);
    BOOST_CHECK(document.blocks[0].kind == BlockKind::Heading);
    BOOST_CHECK_EQUAL(document.blocks[0].level, 1);
    BOOST_CHECK_EQUAL(document.blocks[1].text, "Intro line one\nline two");
    BOOST_CHECK_EQUAL(document.blocks[1].line, 3);
    BOOST_CHECK_EQUAL(document.blocks[1].end_line, 4);
    BOOST_CHECK(document.blocks[2].kind == BlockKind::ListItem);
    BOOST_CHECK(document.blocks[2].ordered);
    BOOST_CHECK_EQUAL(document.blocks[2].number, 1);
    BOOST_CHECK_EQUAL(document.blocks[3].number, 2);
    BOOST_CHECK_EQUAL(document.blocks[4].level, 2);
    BOOST_CHECK(!document.blocks[4].ordered);
    BOOST_CHECK_EQUAL(document.blocks[4].text, "nested");
}

BOOST_AUTO_TEST_CASE(ordered_list_numbers_follow_the_start_number) {
    auto document = parse_ok("3. Third\n4. Fourth\n");
    BOOST_REQUIRE_EQUAL(document.blocks.size(), 2u);
    BOOST_CHECK_EQUAL(document.blocks[0].number, 3);
    BOOST_CHECK_EQUAL(document.blocks[1].number, 4);
}

BOOST_AUTO_TEST_CASE(task_list_items_carry_their_checked_state) {
    auto document = parse_ok("- [x] done thing\n- [ ] open thing\n- plain\n");
    BOOST_REQUIRE_EQUAL(document.blocks.size(), 3u);
    BOOST_REQUIRE(document.blocks[0].checked.has_value());
    BOOST_CHECK(*document.blocks[0].checked);
    BOOST_REQUIRE(document.blocks[1].checked.has_value());
    BOOST_CHECK(!*document.blocks[1].checked);
    BOOST_CHECK(!document.blocks[2].checked.has_value());
    BOOST_CHECK_EQUAL(document.blocks[1].text, "open thing");
}

BOOST_AUTO_TEST_CASE(table_rows_become_blocks_with_cells) {
    auto document = parse_ok("| Name | Org |\n| --- | --- |\n| Alice | W3C |\n| Bob | IETF |\n");
    BOOST_REQUIRE_EQUAL(document.blocks.size(), 3u);
    BOOST_CHECK(document.blocks[0].kind == BlockKind::TableRow);
    BOOST_CHECK(document.blocks[0].is_header_row);
    BOOST_CHECK(!document.blocks[1].is_header_row);
    BOOST_REQUIRE_EQUAL(document.blocks[1].cells.size(), 2u);
    BOOST_CHECK_EQUAL(document.blocks[1].cells[0], "Alice");
    BOOST_CHECK_EQUAL(document.blocks[2].cells[1], "IETF");
    BOOST_CHECK_EQUAL(document.blocks[2].line, 4);
}

BOOST_AUTO_TEST_CASE(links_keep_url_text_and_line) {
    auto document = parse_ok("See [the charter](https://example.org/charter)\nand [a draft](#) and\n"
                             "https://liberapay.com/ too.\n");
    BOOST_REQUIRE_EQUAL(document.blocks.size(), 1u);
    const auto& links = document.blocks[0].links;
    BOOST_REQUIRE_EQUAL(links.size(), 3u);
    BOOST_CHECK_EQUAL(links[0].url, "https://example.org/charter");
    BOOST_CHECK_EQUAL(links[0].text, "the charter");
    BOOST_CHECK_EQUAL(links[0].line, 1);
    BOOST_CHECK_EQUAL(links[1].url, "#");
    BOOST_CHECK_EQUAL(links[1].line, 2);
    BOOST_CHECK(links[2].is_autolink);
    BOOST_CHECK_EQUAL(links[2].line, 3);
    BOOST_CHECK_EQUAL(document.blocks[0].text, "See the charter\nand a draft and\nhttps://liberapay.com/ too.");
}

BOOST_AUTO_TEST_CASE(pasted_html_between_parts_becomes_a_line_break) {
    auto document = parse_ok("3. Raison d'être <ul style=\"x\">a. Premier b. Second\tInformation\t20 min\n");
    BOOST_REQUIRE_EQUAL(document.blocks.size(), 1u);
    BOOST_CHECK_EQUAL(document.blocks[0].text, "Raison d'être \na. Premier b. Second\tInformation\t20 min");
}

BOOST_AUTO_TEST_CASE(code_blocks_are_kept_apart) {
    auto document = parse_ok("```\nACTION: not a real action\n```\n");
    BOOST_REQUIRE_EQUAL(document.blocks.size(), 1u);
    BOOST_CHECK(document.blocks[0].kind == BlockKind::Code);
}

BOOST_AUTO_TEST_CASE(empty_input_is_an_empty_document) {
    auto document = parse_ok("");
    BOOST_CHECK(document.blocks.empty());
    BOOST_CHECK_EQUAL(document.line_count, 0);
}

BOOST_AUTO_TEST_CASE(binary_input_is_refused_with_a_clear_error) {
    std::string binary("PK\x03\x04\0\0\x14\0", 8);
    auto parsed = markdown::parse(binary);
    BOOST_REQUIRE(!parsed.has_value());
    BOOST_CHECK_EQUAL(parsed.error().code, "binary");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_repaired_not_refused) {
    auto document = parse_ok("Caf\xc3\xa9 du matin \xe9\n"); // UTF-8, and one stray byte
    BOOST_CHECK(document.repaired_utf8);
    BOOST_CHECK(!document.from_windows_1252);
    BOOST_REQUIRE_EQUAL(document.blocks.size(), 1u);
    BOOST_CHECK_EQUAL(document.blocks[0].text, "Caf\xc3\xa9 du matin \xEF\xBF\xBD");
}

BOOST_AUTO_TEST_CASE(windows_1252_is_converted) {
    auto document = parse_ok("Caf\xe9 du matin \x96 l\x92\xe9t\xe9 \x80\n");
    BOOST_CHECK(document.from_windows_1252);
    BOOST_CHECK(!document.repaired_utf8);
    BOOST_REQUIRE_EQUAL(document.blocks.size(), 1u);
    BOOST_CHECK_EQUAL(document.blocks[0].text, "Café du matin – l’été €");
    // A byte Windows-1252 leaves undefined is U+FFFD; the accents around it survive.
    auto undefined = parse_ok("Caf\xe9 \x81\n");
    BOOST_CHECK(undefined.from_windows_1252);
    BOOST_CHECK_EQUAL(undefined.blocks.at(0).text, "Café \xEF\xBF\xBD");
}

BOOST_AUTO_TEST_CASE(input_over_the_size_cap_is_refused) {
    std::string huge(markdown::k_max_document_bytes + 1, 'a');
    auto parsed = markdown::parse(huge);
    BOOST_REQUIRE(!parsed.has_value());
    BOOST_CHECK_EQUAL(parsed.error().code, "too_large");
}

// Parsing in two halves on two threads.

namespace {

std::string describe(const markdown::Document& document) {
    std::string out;
    for (const markdown::Block& block : document.blocks) {
        out += std::string(markdown::kind_name(block.kind)) + "@" + std::to_string(block.line) + "-" +
               std::to_string(block.end_line) + " L" + std::to_string(block.level) + " #" +
               std::to_string(block.number) + " " + block.text;
        for (const markdown::Link& link : block.links) {
            out += " [" + link.url + "@" + std::to_string(link.line) + "]";
        }
        for (const std::string& cell : block.cells) {
            out += " |" + cell;
        }
        out += "\n";
    }
    return out;
}

std::string sample(int sections) {
    std::string text = "# Minutes\n\nPresent: Alice Martin, Bob Roy\n\n";
    for (int i = 1; i <= sections; ++i) {
        std::string n = std::to_string(i);
        text += "## " + n + ". Topic\n\nAlice Martin: see <https://example.org/" + n +
                "> and [doc](#).\n"
                "continued line\n\n1. first\n2. second\n   - nested\n\n| a | b |\n|---|---|\n| " +
                n +
                " | x |\n\n"
                "```\ncode\n\nstill code\n```\n\n> quoted\n\n- [ ] @bob task " +
                n + "\n\nPlain loose line " + n + "\n\n";
    }
    return text;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_document_parsed_in_two_halves_reads_the_same) {
    std::string text = sample(200);
    auto whole = markdown::parse(text, SIZE_MAX);
    auto halves = markdown::parse(text, 0);
    BOOST_REQUIRE(whole.has_value() && halves.has_value());
    BOOST_CHECK_GT(whole->blocks.size(), 2000u);
    BOOST_CHECK(describe(*whole) == describe(*halves));
}

BOOST_AUTO_TEST_CASE(a_fence_open_across_the_middle_is_not_cut) {
    std::string text = "Intro\n\n```\n" + std::string(20000, 'x') + "\n\nLooks like a paragraph\n\n" +
                       std::string(20000, 'y') + "\n```\n\nAfter\n";
    auto whole = markdown::parse(text, SIZE_MAX);
    auto halves = markdown::parse(text, 0);
    BOOST_REQUIRE(whole.has_value() && halves.has_value());
    BOOST_CHECK(describe(*whole) == describe(*halves));
}

BOOST_AUTO_TEST_CASE(reference_definitions_keep_the_document_whole) {
    std::string text = "See [the charter][c].\n\n" + std::string(20000, 'x') +
                       "\n\nAgain [the charter][c].\n\n"
                       "[c]: https://example.org/charter\n";
    auto whole = markdown::parse(text, SIZE_MAX);
    auto halves = markdown::parse(text, 0);
    BOOST_REQUIRE(whole.has_value() && halves.has_value());
    BOOST_CHECK(describe(*whole) == describe(*halves));
    BOOST_CHECK(describe(*halves).find("[https://example.org/charter@1]") != std::string::npos);
    BOOST_CHECK(describe(*halves).find("[https://example.org/charter@5]") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_html_comment_across_the_middle_is_not_cut) {
    std::string text = "Intro\n\n<!-- a comment\n\n" + std::string(20000, 'x') + "\n\nstill comment -->\n\nAfter\n";
    auto whole = markdown::parse(text, SIZE_MAX);
    auto halves = markdown::parse(text, 0);
    BOOST_REQUIRE(whole.has_value() && halves.has_value());
    BOOST_CHECK(describe(*whole) == describe(*halves));
}

BOOST_AUTO_TEST_SUITE_END()
