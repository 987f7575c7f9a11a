#include "extract/process.hpp"

#include "markdown/guard.hpp"
#include "summary/summary.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace quorum;

namespace {

scripting::PluginHost& shipped_plugins() {
    static scripting::PluginHost host;
    static bool loaded = [] {
        auto result = host.load_directory(QUORUM_PLUGINS);
        BOOST_REQUIRE_MESSAGE(result.has_value(), (result ? std::string() : result.error().message));
        return true;
    }();
    (void)loaded;
    return host;
}

Expected<Meeting> process(std::string_view text) {
    return extract::process(text, extract::ProcessOptions{}, shipped_plugins());
}

// Every format renders for whatever the pipeline produced.
void check_renders(const Meeting& meeting) {
    for (auto format :
         {summary::Format::Markdown, summary::Format::Html, summary::Format::Json, summary::Format::Text}) {
        summary::RenderOptions options;
        options.format = format;
        options.templates_dir = QUORUM_TEMPLATES;
        auto rendered = summary::render(meeting, options);
        BOOST_CHECK_MESSAGE(rendered.has_value(), (rendered ? std::string() : rendered.error().message));
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(extract_process_test)

BOOST_AUTO_TEST_CASE(empty_file_gives_an_empty_record) {
    auto meeting = process("");
    BOOST_REQUIRE(meeting.has_value());
    BOOST_CHECK(meeting->participants.empty());
    BOOST_CHECK(meeting->agenda.empty());
    BOOST_CHECK(meeting->action_items.empty());
    check_renders(*meeting);
}

// A link written on many lines is one resource with one mention per line, in line order.
BOOST_AUTO_TEST_CASE(a_link_repeated_on_many_lines_is_one_resource_mentioned_on_each) {
    std::string text;
    for (int i = 0; i < 200; ++i) {
        text += "Point " + std::to_string(i) + " : voir https://example.org/plan et <https://example.org/plan>.\n\n";
    }
    text += "- https://example.org/plan/\n";
    auto meeting = process(text);
    BOOST_REQUIRE(meeting.has_value());
    BOOST_REQUIRE_EQUAL(meeting->resources.size(), 1u);
    const auto& mentions = meeting->resources[0].mentions;
    BOOST_REQUIRE_EQUAL(mentions.size(), 201u);
    for (size_t i = 0; i < mentions.size(); ++i) {
        BOOST_CHECK_EQUAL(mentions[i].line, static_cast<int>(2 * i + 1));
    }
}

BOOST_AUTO_TEST_CASE(binary_file_is_a_clear_error) {
    std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    auto meeting = process(png);
    BOOST_REQUIRE(!meeting.has_value());
    BOOST_CHECK_EQUAL(meeting.error().code, "binary");
    BOOST_CHECK(meeting.error().message.find("binary") != std::string::npos);
}

// UTF-8 with a few bad bytes: each becomes U+FFFD, and the summary says so.
BOOST_AUTO_TEST_CASE(invalid_utf8_is_repaired_and_reported) {
    auto meeting = process("# R\xc3\xa9union \xff\n\nPr\xc3\xa9sents : Alice Martin, Bob Roy\n");
    BOOST_REQUIRE(meeting.has_value());
    BOOST_CHECK_EQUAL(meeting->title, "R\xc3\xa9union \xEF\xBF\xBD");
    BOOST_REQUIRE_EQUAL(meeting->warnings.size(), 1u);
    BOOST_CHECK(meeting->warnings[0].en.find("U+FFFD") != std::string::npos);
    BOOST_CHECK(meeting->warnings[0].fr.find("remplacés par U+FFFD") != std::string::npos);
    check_renders(*meeting);
}

// Minutes saved as Windows-1252 (Latin-1) by an older editor: read as such, every
// accent and curly apostrophe in place, and the summary says how it was read.
BOOST_AUTO_TEST_CASE(a_windows_1252_file_is_read_as_such) {
    auto meeting = process("# R\xe9union du comit\xe9\n\nPr\xe9sents : Alice Martin, Bob Roy\n\n"
                           "ACTION : Alice Martin \x96 envoyer l\x92ordre du jour \x85\n");
    BOOST_REQUIRE(meeting.has_value());
    BOOST_CHECK_EQUAL(meeting->title, "Réunion du comité");
    BOOST_REQUIRE_EQUAL(meeting->action_items.size(), 1u);
    BOOST_CHECK_EQUAL(meeting->action_items[0].owner, "Alice Martin");
    BOOST_CHECK(meeting->action_items[0].text.find("l’ordre du jour") != std::string::npos);
    BOOST_REQUIRE_EQUAL(meeting->warnings.size(), 1u);
    BOOST_CHECK(meeting->warnings[0].en.find("Windows-1252") != std::string::npos);
    BOOST_CHECK(meeting->warnings[0].fr.find("Windows-1252") != std::string::npos);
    check_renders(*meeting);
}

BOOST_AUTO_TEST_CASE(ten_megabyte_document_is_summarized) {
    std::string big = "# Big meeting\n\nPresent: Alice Martin, Bob Roy\n\n";
    int n = 0;
    while (big.size() < 10 * 1024 * 1024) {
        big += "## " + std::to_string(++n) +
               ". Topic\n\nAlice Martin: we discussed the budget at length, "
               "see https://example.org/b" +
               std::to_string(n) +
               " for details.\n\nACTION: Bob Roy to send the "
               "figures\n\n";
    }
    auto meeting = process(big);
    BOOST_REQUIRE(meeting.has_value());
    BOOST_CHECK_EQUAL(meeting->sections.size(), static_cast<size_t>(n));
    BOOST_CHECK(meeting->warnings.empty());
    BOOST_CHECK_EQUAL(meeting->resources.size(), static_cast<size_t>(n));
}

BOOST_AUTO_TEST_CASE(document_over_the_cap_is_refused) {
    std::string huge(markdown::k_max_document_bytes + 10, 'x');
    auto meeting = process(huge);
    BOOST_REQUIRE(!meeting.has_value());
    BOOST_CHECK_EQUAL(meeting.error().code, "too_large");
}

BOOST_AUTO_TEST_CASE(pathological_markdown_gives_a_record_not_a_crash) {
    std::vector<std::string> shapes;
    shapes.push_back(std::string(100000, '[') + std::string(100000, ']'));
    std::string brackets;
    for (int i = 0; i < 30000; ++i) {
        brackets += "![[]()";
    }
    shapes.push_back(brackets);
    std::string comments;
    for (int i = 0; i < 30000; ++i) {
        comments += "<!--";
    }
    shapes.push_back("a " + comments);
    shapes.push_back(std::string(50000, '>') + " deep quote");
    std::string emphasis;
    for (int i = 0; i < 30000; ++i) {
        emphasis += "*a **a ";
    }
    shapes.push_back(emphasis);
    std::string lists;
    for (int i = 0; i < 5000; ++i) {
        lists += std::string(static_cast<size_t>(i % 200) * 2, ' ') + "- item\n";
    }
    shapes.push_back(lists);
    for (const std::string& shape : shapes) {
        auto meeting = process(shape);
        BOOST_REQUIRE(meeting.has_value());
        check_renders(*meeting);
    }
}

BOOST_AUTO_TEST_SUITE_END()
