// Agenda items as real minutes give them: an agenda heading with intro text, category
// words and sub-headings; group headers; a sentence that announces the list; a list
// with timeboxes; and, with no agenda at all, the topic headings. Every fixture is
// invented, in the shape of the layouts the reader meets.
#include "minutes/reader.hpp"

#include <boost/test/unit_test.hpp>

using namespace quorum;

namespace {

Meeting read_text(std::string_view text, std::string language = {}) {
    auto document = markdown::parse(text);
    BOOST_REQUIRE(document.has_value());
    minutes::ReadOptions options;
    options.language = std::move(language);
    return minutes::read(*document, options);
}

std::vector<std::string> titles(const Meeting& meeting) {
    std::vector<std::string> out;
    for (const AgendaItem& item : meeting.agenda) {
        out.push_back(item.title);
    }
    return out;
}

using Titles = std::vector<std::string>;

} // namespace

BOOST_AUTO_TEST_SUITE(minutes_agenda_test)

BOOST_AUTO_TEST_CASE(an_agenda_heading_reads_through_intro_text_and_category_words) {
    Meeting meeting = read_text("# Réunion\n\n## Ordre du jour\n\nVoici ce qui était prévu.\n\ntechnique\n"
                                "- site web\n    - maquette\n- serveur\n\nadministration\n- budget (relance faite)\n\n"
                                "## Technique\n\nLe site avance.\n",
                                "fr");
    BOOST_TEST(titles(meeting) == (Titles{"site web", "serveur", "budget"}), boost::test_tools::per_element());
    BOOST_REQUIRE_EQUAL(meeting.agenda[0].children.size(), 1u);
}

BOOST_AUTO_TEST_CASE(sub_headings_under_the_agenda_heading_are_its_items) {
    Meeting meeting = read_text("# Hackspace plenum\n\n## Agenda:\n\n### Moving out\n- (Ana) timeline\n"
                                "  - leave by June\n\n### Broken printers\n\n### 21:30 Close\n\n### Next meeting\n\n"
                                "Second Tuesday.\n");
    BOOST_TEST(titles(meeting) == (Titles{"Moving out", "Broken printers", "Close"}),
               boost::test_tools::per_element());
    // The sections under the sub-headings still map to the items.
    BOOST_REQUIRE(!meeting.sections.empty());
    BOOST_CHECK(meeting.sections[0].agenda_index == 0u);
}

BOOST_AUTO_TEST_CASE(sub_headings_that_only_group_short_topic_lists_give_way_to_the_topics) {
    Meeting grouped = read_text("# Réunion\n\n## Ordre du jour\n\nLe plan suivi.\n\n### Partie A\n\n1. Budget\n"
                                "2. Local\n\n### Partie B\n\n- Statuts\n\n## Notes\n\nx\n", "fr");
    BOOST_TEST(titles(grouped) == (Titles{"Budget", "Local", "Statuts"}), boost::test_tools::per_element());
    // One sub-heading over notes makes every sub-heading a topic of the minutes.
    Meeting minutes = read_text("## Topics\n\n### Release\n\n- This week: @kim\n- Next week: @bo\n\n"
                                "### Hiring\n\nWe talked about the two open roles.\n\n## Notes\n\nx\n");
    BOOST_TEST(titles(minutes) == (Titles{"Release", "Hiring"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(group_headers_give_way_to_their_leaf_topics) {
    Meeting meeting = read_text("## Agenda\n\n* Agenda issue: https://example.org/issues/1\n* Governance\n"
                                "  * Review of open actions\n* New issues\n  * Issue 4: cache bug\n"
                                "  * Issue 7: login loop\n\n## Notes\n");
    BOOST_TEST(titles(meeting) == (Titles{"Review of open actions", "Issue 4: cache bug", "Issue 7: login loop"}),
               boost::test_tools::per_element());
    // Numbered items with sub-items stay the items.
    Meeting numbered = read_text("## Agenda\n\n1. Updates\n    - from the board\n2. Projects\n    - website\n\n"
                                 "## Notes\n");
    BOOST_TEST(titles(numbered) == (Titles{"Updates", "Projects"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(topics_and_points_abordes_headings) {
    Meeting english = read_text("# Weekly\n\n## Topics\n\n### Release plan\n\nText.\n\n### Hiring\n\nText.\n");
    BOOST_TEST(titles(english) == (Titles{"Release plan", "Hiring"}), boost::test_tools::per_element());
    Meeting french = read_text("# Hebdo\n\n## Points abordés\n\n- Local\n- Adhésions\n", "fr");
    BOOST_TEST(titles(french) == (Titles{"Local", "Adhésions"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_sentence_that_announces_the_agenda_list) {
    Meeting meeting = read_text("Les membres sont invités à se prononcer sur l'ordre du jour suivant :\n\n"
                                "1. Rapport moral\n2. Budget 2027-\n\n## Rapport moral\n\nTexte.\n",
                                "fr");
    BOOST_TEST(titles(meeting) == (Titles{"Rapport moral", "Budget 2027"}), boost::test_tools::per_element());
    Meeting points = read_text("Divers points ont été abordés ce soir :\n\n* la rénovation du local ;\n"
                               "* les adhésions…\n",
                               "fr");
    BOOST_TEST(titles(points) == (Titles{"la rénovation du local", "les adhésions"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(titles_lose_tags_presenters_and_commentary) {
    Meeting meeting = read_text("## Agenda\n\n- Welcome (if any)\n- Live demo? (@ana - 2 minutes)\n"
                                "- Roadmap (@bo, 20 minutes\n- Legal update - Rockett\n"
                                "- Approval of minutes: the March minutes were approved by email\n"
                                "- Budget: https://example.org/budget\n- Attendance - 14\n"
                                "- Chair election – review the process and open the vote\n\n## Notes\n");
    BOOST_TEST(titles(meeting) == (Titles{"Welcome", "Live demo?", "Roadmap", "Legal update", "Approval of minutes",
                                          "Budget", "Attendance",
                                          "Chair election – review the process and open the vote"}),
               boost::test_tools::per_element());
    BOOST_CHECK_EQUAL(meeting.agenda[1].duration_seconds.value_or(0), 120);
}

BOOST_AUTO_TEST_CASE(a_list_with_timeboxes_is_the_agenda) {
    Meeting meeting = read_text("## Réunion du 4 mars\n\n### Compte-rendu\n\n* Points rapides\n"
                                "    * Archives du drive (2 min - Léo)\n        * rien de neuf\n"
                                "    * Clés du local (1 min - Mia, Léo)\n    * Cotisations (5 min ? - Mia)\n"
                                "    * 10 ans du site\n* Points importants\n    * Budget\n\n**Fin à 21h**\n",
                                "fr");
    BOOST_TEST(titles(meeting) ==
                   (Titles{"Archives du drive", "Clés du local", "Cotisations", "10 ans du site", "Budget"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(without_an_agenda_the_topic_headings_are_the_agenda) {
    Meeting meeting = read_text("# Board meeting\n\n## Present\n\n- Ana Souza\n\n## Budget\n\nText.\n\n"
                                "### Details of costs\n\nText.\n\n## Website (delivered by Bo)\n\nText.\n\n"
                                "## Action items\n\n- Ana to send the report\n\n## Next meeting\n\nMay 3.\n");
    BOOST_TEST(titles(meeting) == (Titles{"Budget", "Website"}), boost::test_tools::per_element());
    // Under "Minutes" the sub-headings are the topics; under a recap they are not.
    Meeting agm = read_text("# AGM\n\n## Minutes\n\n### Motions\n\nText.\n\n### Elections\n\nText.\n\n"
                            "## Resolutions\n\n### Motion one\n\nText.\n");
    BOOST_TEST(titles(agm) == (Titles{"Motions", "Elections"}), boost::test_tools::per_element());
    // "… jusqu'à présent" is a topic, not an attendance list.
    Meeting french = read_text("# Retour sur l'AG\n\n## Des comptes sains jusqu'à présent\n\nTexte.\n\n"
                               "## Remerciements\n\nMerci.\n",
                               "fr");
    BOOST_TEST(titles(french) == (Titles{"Des comptes sains jusqu'à présent"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(logistics_under_an_agenda_heading_are_not_the_agenda) {
    Meeting meeting = read_text("# Call\n\n## Agenda for the May call\n\n- When: Tuesday 3 May at 10:00 UTC\n"
                                "- Where: https://meet.example.org/abc\n- Dial-in: +1 555 0100\n\n## Budget\n\nText.\n\n"
                                "## Website\n\nText.\n");
    BOOST_TEST(titles(meeting) == (Titles{"Budget", "Website"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(front_matter_is_metadata_not_topics) {
    Meeting meeting = read_text("---\ntitle: \"Réunion de février\"\ndate: 2022-02-09\ntags:\n  - cr\n---\n\n"
                                "## Budget\n\nTexte.\n\n## Local\n\nTexte.\n",
                                "fr");
    BOOST_TEST(titles(meeting) == (Titles{"Budget", "Local"}), boost::test_tools::per_element());
    BOOST_CHECK_EQUAL(meeting.title, "Réunion de février");
    BOOST_CHECK_EQUAL(meeting.date, "2022-02-09");
}

BOOST_AUTO_TEST_CASE(a_lone_heading_or_a_plain_first_line_names_the_meeting) {
    Meeting lone = read_text("## Réunion du lundi 3 mars\n\n### Budget\n\nTexte.\n\n### Local\n\nTexte.\n", "fr");
    BOOST_TEST(titles(lone) == (Titles{"Budget", "Local"}), boost::test_tools::per_element());
    Meeting plain = read_text("Revue du comité 11 juin 2015\n\n## Statut\n\nTexte.\n\n## Langue\n\nTexte.\n", "fr");
    BOOST_CHECK_EQUAL(plain.title, "Revue du comité 11 juin 2015");
    BOOST_TEST(titles(plain) == (Titles{"Statut", "Langue"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bold_lines_or_lone_numbered_lines_stand_for_headings) {
    Meeting bold = read_text("Compte rendu de l'AG\n\n**BUDGET PRÉVISIONNEL, adopté à l'unanimité**\n\nTexte.\n\n"
                             "**ÉLECTIONS DU BUREAU, réélu à l'unanimité**\n\nTexte.\n\n**La ferme du coin**\n\nTexte.\n",
                             "fr");
    BOOST_TEST(titles(bold) == (Titles{"BUDGET PRÉVISIONNEL", "ÉLECTIONS DU BUREAU"}), boost::test_tools::per_element());
    Meeting numbered = read_text("Minutes of the club committee\n\n1.\tMatters arising\n\nText.\n\n2.\tAccounts\n\n"
                                 "Text.\n\n3.\tAOB\n\nText.\n");
    BOOST_TEST(titles(numbered) == (Titles{"Matters arising", "Accounts", "AOB"}), boost::test_tools::per_element());
    // A bold reminder is not a heading.
    Meeting reminder = read_text("Notes\n\n**Important : bring a broom!**\n\nText.\n");
    BOOST_TEST(reminder.agenda.empty());
}

BOOST_AUTO_TEST_SUITE_END()
