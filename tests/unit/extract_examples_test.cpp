// Structured assertions on the summary JSON of each example and of the seed
// minutes, against the ground truth written down in examples/README.md.

#include "extract/process.hpp"
#include "summary/summary.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <boost/test/unit_test.hpp>

using namespace quorum;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

scripting::PluginHost& shipped_plugins() {
    static scripting::PluginHost host;
    static bool loaded = host.load_directory(QUORUM_PLUGINS).has_value();
    BOOST_REQUIRE(loaded);
    return host;
}

// The JSON exactly as `quorum summarize --format json` prints it, parsed back.
Object::Ptr summary_of_text(const std::string& text) {
    auto meeting = extract::process(text, {}, shipped_plugins());
    BOOST_REQUIRE(meeting.has_value());
    summary::RenderOptions options;
    options.format = summary::Format::Json;
    auto json = summary::render(*meeting, options);
    BOOST_REQUIRE(json.has_value());
    return Poco::JSON::Parser().parse(*json).extract<Object::Ptr>();
}

Object::Ptr summary_of(const std::string& path) {
    auto text = scripting::read_file(path);
    BOOST_REQUIRE_MESSAGE(text.has_value(), "cannot read " + path);
    return summary_of_text(*text);
}

Object::Ptr example(const char* name) {
    return summary_of(std::string(QUORUM_EXAMPLES) + "/" + name);
}

// The first entry of `list` whose `field` equals `value`, or null.
Object::Ptr find(const Array::Ptr& list, const std::string& field, const std::string& value) {
    for (size_t i = 0; i < list->size(); ++i) {
        Object::Ptr entry = list->getObject(static_cast<unsigned>(i));
        if (entry->getValue<std::string>(field) == value) {
            return entry;
        }
    }
    return nullptr;
}

// The first entry whose `field` contains `needle`.
Object::Ptr find_containing(const Array::Ptr& list, const std::string& field, const std::string& needle) {
    for (size_t i = 0; i < list->size(); ++i) {
        Object::Ptr entry = list->getObject(static_cast<unsigned>(i));
        if (entry->getValue<std::string>(field).find(needle) != std::string::npos) {
            return entry;
        }
    }
    return nullptr;
}

size_t count_where(const Array::Ptr& list, const std::string& field, const std::string& value) {
    size_t count = 0;
    for (size_t i = 0; i < list->size(); ++i) {
        count += list->getObject(static_cast<unsigned>(i))->getValue<std::string>(field) == value;
    }
    return count;
}

int line_of(const Object::Ptr& item) {
    return item->getObject("source")->getValue<int>("line");
}

} // namespace

BOOST_AUTO_TEST_SUITE(extract_examples_test)

BOOST_AUTO_TEST_CASE(seed_resources_suggestions_and_agenda) {
    Object::Ptr json = summary_of(std::string(QUORUM_SEED) + "/000_f317a47c7c39bfca.txt");
    BOOST_CHECK_EQUAL(json->getArray("participants")->size(), 32u);
    BOOST_CHECK_EQUAL(json->getValue<int>("agenda_total_minutes"), 120);
    BOOST_CHECK_EQUAL(json->getObject("meeting")->getValue<int>("scheduled_minutes"), 120);
    BOOST_CHECK_EQUAL(json->getValue<int>("agenda_difference_minutes"), 0);

    Array::Ptr resources = json->getArray("resources");
    for (const char* url : {"https://fr.wikipedia.org/wiki/Privacy_Impact_Assessment", "https://liberapay.com/",
                            "https://opencollective.com/"}) {
        Object::Ptr link = find(resources, "url", url);
        BOOST_REQUIRE_MESSAGE(link, std::string("missing ") + url);
        BOOST_CHECK(!link->getValue<bool>("missing_url"));
    }
    size_t external = 0;
    for (size_t i = 0; i < resources->size(); ++i) {
        external += resources->getObject(static_cast<unsigned>(i))->getValue<std::string>("url").starts_with("http");
    }
    BOOST_CHECK_EQUAL(external, 3u);
    // Placeholder links [text](#) are kept, flagged as missing their target.
    Object::Ptr descriptif = find(resources, "title", "GT numérique et société — Descriptif");
    BOOST_REQUIRE(descriptif);
    BOOST_CHECK(descriptif->getValue<bool>("missing_url"));
    BOOST_CHECK_EQUAL(descriptif->getValue<std::string>("kind"), "document");
    BOOST_CHECK(find(resources, "title", "Charte des données numériques de Montréal"));
    BOOST_CHECK_GE(count_where(resources, "missing_url", "true"), 6u);
    Object::Ptr citation = find(resources, "kind", "citation");
    BOOST_REQUIRE(citation);
    BOOST_CHECK(citation->getValue<std::string>("title").find("sovereignty") != std::string::npos);

    Array::Ptr suggestions = json->getArray("suggestions");
    BOOST_CHECK(find_containing(suggestions, "text", "on pourrait organiser une activité"));
    BOOST_CHECK(find_containing(suggestions, "text", "Une piste d'action pourrait donc être"));
    BOOST_CHECK(find_containing(suggestions, "text", "Deux pistes d'action sont à explorer"));
    BOOST_CHECK(find_containing(suggestions, "text", "Il est suggéré que"));
    for (size_t i = 0; i < suggestions->size(); ++i) {
        BOOST_CHECK_EQUAL(suggestions->getObject(static_cast<unsigned>(i))->getValue<std::string>("state"),
                          "suggested");
    }
    // The seed has no explicit markers: nothing may be presented as decided.
    BOOST_CHECK_EQUAL(json->getArray("action_items")->size(), 0u);
    BOOST_CHECK_EQUAL(json->getArray("decisions")->size(), 0u);
}

BOOST_AUTO_TEST_CASE(french_example_items) {
    Object::Ptr json = example("gt-numerique-2026-11.md");
    Array::Ptr actions = json->getArray("action_items");
    BOOST_REQUIRE_EQUAL(actions->size(), 4u);
    Object::Ptr karim = find(actions, "owner", "Karim Benali");
    BOOST_REQUIRE(karim);
    BOOST_CHECK_EQUAL(karim->getValue<std::string>("due"), "2026-12-15");
    BOOST_CHECK_EQUAL(line_of(karim), 122);
    BOOST_CHECK_EQUAL(karim->getValue<std::string>("state"), "marked");
    Object::Ptr noemie = find(actions, "owner", "Noémie Gagnon-Bastien");
    BOOST_REQUIRE(noemie);
    BOOST_CHECK_EQUAL(noemie->getValue<std::string>("due"), "2026-11-27");
    Object::Ptr sophie = find(actions, "owner", "Sophie"); // two Sophies: left as written
    BOOST_REQUIRE(sophie);
    BOOST_CHECK(!sophie->getValue<bool>("owner_matched"));
    BOOST_CHECK_EQUAL(sophie->getValue<std::string>("due"), "2026-12-04");
    Object::Ptr amelie = find(actions, "owner", "Amélie Côté");
    BOOST_REQUIRE(amelie);
    BOOST_CHECK_EQUAL(amelie->getValue<std::string>("due"), "");

    Array::Ptr decisions = json->getArray("decisions");
    BOOST_REQUIRE_EQUAL(decisions->size(), 2u);
    BOOST_CHECK_EQUAL(line_of(decisions->getObject(0)), 120);
    BOOST_CHECK_EQUAL(line_of(decisions->getObject(1)), 136);

    Array::Ptr suggestions = json->getArray("suggestions");
    BOOST_CHECK_EQUAL(suggestions->size(), 4u);
    Object::Ptr suggested = find_containing(suggestions, "text", "Il est suggéré que chaque organisme");
    BOOST_REQUIRE(suggested);
    BOOST_CHECK_EQUAL(suggested->getValue<std::string>("kind"), "decision");
    BOOST_CHECK_EQUAL(suggested->getValue<std::string>("speaker"), "Sophie Nguyen");
    Object::Ptr piste = find_containing(suggestions, "text", "Une piste d'action pourrait être");
    BOOST_REQUIRE(piste);
    BOOST_CHECK_EQUAL(piste->getValue<std::string>("speaker"), "Olivier Després");

    Array::Ptr resources = json->getArray("resources");
    BOOST_CHECK(find(resources, "url", "https://www.chatons.org/"));
    BOOST_CHECK(find(resources, "url", "https://yunohost.org/fr/"));
    BOOST_CHECK(find(resources, "url", "https://docs.nextcloud.com/"));
    Object::Ptr note = find(resources, "title", "Hébergement mutualisé — note de cadrage");
    BOOST_REQUIRE(note);
    BOOST_CHECK(note->getValue<bool>("missing_url"));
    BOOST_CHECK(find(resources, "title", "Principes de participation du GT Numérique et communs"));
    Object::Ptr citation = find(resources, "kind", "citation");
    BOOST_REQUIRE(citation);
    BOOST_CHECK_EQUAL(citation->getValue<std::string>("title"),
                      "Infrastructures partagées et autonomie des organismes communautaires");
    BOOST_CHECK_EQUAL(json->getArray("chat")->size(), 4u);
}

BOOST_AUTO_TEST_CASE(english_example_items) {
    Object::Ptr json = example("standards-call-2026-10.md");
    Array::Ptr actions = json->getArray("action_items");
    // Three marked, and three commitments said in the discussion ("Alice will…",
    // "Bob to…", "I'll…" said by Mei-Lin), owned by who said or was named.
    BOOST_REQUIRE_EQUAL(actions->size(), 6u);
    Object::Ptr alice = find(actions, "owner", "Alice Whitford");
    BOOST_REQUIRE(alice);
    BOOST_CHECK_EQUAL(alice->getValue<std::string>("rule"), "en:x-will");
    Object::Ptr mei_lin = find(actions, "owner", "Mei-Lin Cho");
    BOOST_REQUIRE(mei_lin);
    BOOST_CHECK_EQUAL(mei_lin->getValue<std::string>("text"), "I'll open an issue about UTC offsets in recurring meetings");
    Object::Ptr tomas = find(actions, "owner", "Tomás Ferreira");
    BOOST_REQUIRE(tomas);
    BOOST_CHECK_EQUAL(tomas->getValue<std::string>("due"), "2026-10-16"); // "by Friday" after Wed 14 Oct
    BOOST_CHECK_EQUAL(tomas->getValue<std::string>("text"),
                      "update the conformance test suite for the new duration property");
    Object::Ptr dan = find(actions, "owner", "Dan");
    BOOST_REQUIRE(dan);
    BOOST_CHECK(!dan->getValue<bool>("owner_matched"));
    BOOST_CHECK_EQUAL(dan->getValue<std::string>("due"), "2026-10-28");
    Object::Ptr bob = find(actions, "owner", "Bob Haddad");
    BOOST_REQUIRE(bob);
    BOOST_CHECK_EQUAL(bob->getValue<std::string>("rule").substr(0, 7), "meetbot");

    Array::Ptr decisions = json->getArray("decisions");
    BOOST_REQUIRE_EQUAL(decisions->size(), 3u);
    BOOST_CHECK(find_containing(decisions, "text", "ISO 8601 durations"));
    BOOST_CHECK(find_containing(decisions, "text", "UTC offset"));
    // #info is information, not a decision.
    BOOST_CHECK(!find_containing(decisions, "text", "148 test cases"));

    // What is left to confirm is the one idea (#idea); commitments are actions above.
    Array::Ptr suggestions = json->getArray("suggestions");
    BOOST_CHECK_EQUAL(suggestions->size(), 1u);
    BOOST_CHECK(find_containing(suggestions, "text", "validator as a web page"));

    Array::Ptr resources = json->getArray("resources");
    BOOST_CHECK(find(resources, "url", "https://github.com/openminutes/vocab/pull/212"));
    BOOST_CHECK(find(resources, "url", "https://www.rfc-editor.org/rfc/rfc5545")); // no trailing comma
    Object::Ptr report = find(resources, "title", "implementation report");
    BOOST_REQUIRE(report);
    BOOST_CHECK(report->getValue<bool>("missing_url"));
}

BOOST_AUTO_TEST_CASE(coop_example_items) {
    Object::Ptr json = example("coop-board-2026-09.md");
    BOOST_CHECK_EQUAL(json->getValue<int>("agenda_difference_minutes"), 10);
    Array::Ptr actions = json->getArray("action_items");
    BOOST_REQUIRE_EQUAL(actions->size(), 5u); // the 13 attendance boxes are not actions
    Object::Ptr lea = find(actions, "owner", "Léa Tremblay");
    BOOST_REQUIRE(lea);
    BOOST_CHECK_EQUAL(lea->getValue<std::string>("state"), "done");
    Object::Ptr raj = find(actions, "owner", "Raj Patel");
    BOOST_REQUIRE(raj);
    BOOST_CHECK_EQUAL(raj->getValue<std::string>("due"), "2026-10-01");
    BOOST_CHECK_EQUAL(raj->getValue<std::string>("text"), "send the adopted 2027 budget to all members");
    Object::Ptr marie = find(actions, "owner_as_written", "@marie");
    BOOST_REQUIRE(marie);
    BOOST_CHECK(!marie->getValue<bool>("owner_matched"));
    BOOST_CHECK_EQUAL(marie->getValue<std::string>("owner"), "marie");

    Array::Ptr decisions = json->getArray("decisions");
    BOOST_REQUIRE_EQUAL(decisions->size(), 4u);
    Object::Ptr budget = find_containing(decisions, "text", "2027 operating budget");
    BOOST_REQUIRE(budget);
    BOOST_CHECK(!budget->getValue<std::string>("votes").empty());
    Object::Ptr french = find_containing(decisions, "text", "demandes d'adhésion");
    BOOST_REQUIRE(french);
    BOOST_CHECK(!french->getValue<std::string>("votes").empty());

    BOOST_CHECK_EQUAL(json->getArray("suggestions")->size(), 1u);
    Array::Ptr resources = json->getArray("resources");
    BOOST_CHECK(find(resources, "url", "https://www.ica.coop/en/cooperatives/cooperative-identity"));
    Object::Ptr budget_link = find(resources, "title", "2027 budget — board version");
    BOOST_REQUIRE(budget_link);
    BOOST_CHECK(budget_link->getValue<bool>("missing_url"));
}

BOOST_AUTO_TEST_SUITE_END()

// Handles named in a task list's lead-in own its tasks; the owner shows them without '@'.
BOOST_AUTO_TEST_CASE(handles_in_a_lead_in_own_the_tasks) {
    Object::Ptr json = summary_of_text("# Sprint\n\n## Plan\n\nSteps for @ana and @bo:\n\n- [ ] fix the wiki\n"
                                       "- [ ] @kim books the room\n");
    Array::Ptr actions = json->getArray("action_items");
    Object::Ptr wiki = find(actions, "text", "fix the wiki");
    BOOST_REQUIRE(wiki);
    BOOST_CHECK_EQUAL(wiki->getValue<std::string>("owner_as_written"), "@ana, @bo");
    BOOST_CHECK_EQUAL(wiki->getValue<std::string>("owner"), "ana, bo");
    Object::Ptr room = find(actions, "owner", "kim");
    BOOST_REQUIRE(room);
}
