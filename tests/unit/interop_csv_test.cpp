#include "interop/csv.hpp"

#include <boost/test/unit_test.hpp>

using namespace quorum::interop;

BOOST_AUTO_TEST_SUITE(interop_csv_test)

BOOST_AUTO_TEST_CASE(quoted_fields_keep_delimiters_quotes_and_line_breaks) {
    auto table = parse_csv("name,org\n\"Dupont, Jean\",\"Ville de\nMontréal\"\n\"Jean \"\"J\"\" D\",x\n", ',');
    BOOST_REQUIRE(table);
    BOOST_REQUIRE_EQUAL(table->rows.size(), 3u);
    BOOST_CHECK_EQUAL(table->rows[1].cells[0], "Dupont, Jean");
    BOOST_CHECK_EQUAL(table->rows[1].cells[1], "Ville de\nMontréal");
    BOOST_CHECK_EQUAL(table->rows[2].cells[0], "Jean \"J\" D");
    // The row after a quoted line break starts on the line after it.
    BOOST_CHECK_EQUAL(table->rows[2].line, 4);
}

BOOST_AUTO_TEST_CASE(excel_text_fields_lose_their_equals_sign) {
    auto table = parse_csv("id,n\n=\"0123\",x\n", ',');
    BOOST_REQUIRE(table);
    BOOST_CHECK_EQUAL(table->rows[1].cells[0], "0123");
}

BOOST_AUTO_TEST_CASE(an_unclosed_quote_names_the_line_it_opened_on) {
    auto table = parse_csv("a,b\nx,y\n\"open,z\nw,v\n", ',');
    BOOST_REQUIRE(!table);
    BOOST_CHECK_EQUAL(table.error().message, "line 3: a quoted field never ends");
}

BOOST_AUTO_TEST_CASE(blank_lines_are_rows_without_cells) {
    auto table = parse_csv("a,b\n\nc,d", ',');
    BOOST_REQUIRE(table);
    BOOST_REQUIRE_EQUAL(table->rows.size(), 3u);
    BOOST_CHECK(table->rows[1].is_blank());
    BOOST_CHECK_EQUAL(table->rows[2].cells[1], "d");
}

BOOST_AUTO_TEST_CASE(delimiter_is_detected_outside_quotes) {
    BOOST_CHECK_EQUAL(detect_delimiter("Nom;Courriel;Org\n\"Martin, Alice\";a@x.org;W3C\n"), ';');
    BOOST_CHECK_EQUAL(detect_delimiter("Name\tEmail\nA\ta@x\n"), '\t');
    BOOST_CHECK_EQUAL(detect_delimiter("Name,Email\nA,a@x\n"), ',');
    BOOST_CHECK_EQUAL(detect_delimiter("Lyne Nantel\nÉmilien Gruet\n"), ',');
}

BOOST_AUTO_TEST_CASE(bom_and_crlf_are_removed) {
    DecodedText decoded = decode_text("\xEF\xBB\xBFName\r\nA\rB\r\n");
    BOOST_CHECK_EQUAL(decoded.text, "Name\nA\nB\n");
    BOOST_CHECK_EQUAL(decoded.encoding, "utf-8 (bom)");
}

BOOST_AUTO_TEST_CASE(latin1_and_windows_1252_become_utf8) {
    DecodedText decoded = decode_text("\xC9milie C\xF4t\xE9 \x80 \x96");
    BOOST_CHECK_EQUAL(decoded.text, "Émilie Côté € –");
    BOOST_CHECK_EQUAL(decoded.encoding, "windows-1252");
}

// UTF-8 with one stray byte stays UTF-8 (reading it all as Windows-1252 would turn
// "é" into "Ã©"); the stray byte alone is replaced.
BOOST_AUTO_TEST_CASE(utf8_with_a_bad_byte_is_repaired_not_reread) {
    DecodedText decoded = decode_text("\xC3\x89milie C\xC3\xB4t\xC3\xA9 \xFF");
    BOOST_CHECK_EQUAL(decoded.text, "Émilie Côté \xEF\xBF\xBD");
    BOOST_CHECK_EQUAL(decoded.encoding, "utf-8 (repaired)");
}

BOOST_AUTO_TEST_CASE(written_fields_are_quoted_and_defused) {
    BOOST_CHECK_EQUAL(csv_field("plain"), "plain");
    BOOST_CHECK_EQUAL(csv_field("a,b"), "\"a,b\"");
    BOOST_CHECK_EQUAL(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    BOOST_CHECK_EQUAL(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    BOOST_CHECK_EQUAL(csv_field("@cmd"), "'@cmd");
    BOOST_CHECK_EQUAL(csv_row({"a", "b\nc"}), "a,\"b\nc\"\r\n");
}

BOOST_AUTO_TEST_CASE(written_rows_read_back_the_same) {
    std::vector<std::string> fields = {"Dupont, Jean", "Ville de\nMontréal", "x \"y\"", ""};
    auto table = parse_csv(csv_row(fields), ',');
    BOOST_REQUIRE(table);
    DecodedText decoded = decode_text(csv_row(fields));
    auto again = parse_csv(decoded.text, ',');
    BOOST_REQUIRE(again);
    BOOST_CHECK(again->rows[0].cells == fields);
}

BOOST_AUTO_TEST_SUITE_END()
