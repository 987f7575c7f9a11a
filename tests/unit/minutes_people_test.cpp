// Attendance as real minutes write it: lists that go on after a line they cannot
// read, qualified labels, nicknames and handles, proxies, lists with no label under the
// title. Every fixture is invented, in the shape of the layouts the reader meets.
#include "minutes/reader.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace quorum;

namespace {

Meeting read_text(std::string_view text, std::string language = {}) {
    auto document = markdown::parse(text);
    BOOST_REQUIRE(document.has_value());
    minutes::ReadOptions options;
    options.language = std::move(language);
    return minutes::read(*document, options);
}

const Participant* find(const Meeting& meeting, std::string_view name) {
    for (const Participant& participant : meeting.participants) {
        if (participant.name == name) {
            return &participant;
        }
    }
    return nullptr;
}

std::vector<std::string> present(const Meeting& meeting) {
    std::vector<std::string> names;
    for (const Participant& participant : meeting.participants) {
        if (participant.status == AttendanceStatus::Present) {
            names.push_back(participant.name);
        }
    }
    return names;
}

using Names = std::vector<std::string>;

} // namespace

BOOST_AUTO_TEST_SUITE(minutes_people_test)

BOOST_AUTO_TEST_CASE(a_list_goes_on_after_a_line_it_cannot_read) {
    Meeting meeting = read_text("## Participants\n\n- Ana Souza\n- (joined late, audio only)\n- Bruno Keller\n\n"
                                "## Budget\n\nWe looked at the numbers.\n");
    BOOST_TEST(present(meeting) == (Names{"Ana Souza", "Bruno Keller"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(two_unreadable_lines_end_a_list_under_a_plain_label) {
    Meeting meeting = read_text("Present:\n\n- Ana Souza\n- see the sign-in sheet for the rest\n"
                                "- the room was cold\n- Bruno Keller\n");
    BOOST_TEST(present(meeting) == (Names{"Ana Souza"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(single_words_nicknames_and_handles_under_a_label) {
    Meeting meeting = read_text("Présents : Zoé, K_9, Malik et U+00e9\n", "fr");
    BOOST_TEST(present(meeting) == (Names{"Zoé", "K_9", "Malik", "U+00e9"}), boost::test_tools::per_element());
    Meeting handles = read_text("- **Moderator:** @mira\n- **Attendees:**\n  - @j0n\n  - @tess\n"
                                "- **Recording:**\n  - https://video.example.org/42\n");
    BOOST_TEST(present(handles) == (Names{"j0n", "tess", "mira"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(markup_handles_pronouns_and_roles_after_a_name_are_dropped) {
    Meeting meeting = read_text("## Attendees\n\n- Agathe [Durand]{.smallcaps}\n- **Kim**\n- Oscar Wendt @ow (chair)\n"
                                "- Rita Moss (she/her) (Acme Labs)\n- Lee Park / Initech / @lpark\n"
                                "- Nicola C. Brand (@ncb) - TSC\n- Talbot Arnaud-lemoine - City of Nowhere\n");
    BOOST_TEST(present(meeting) == (Names{"Agathe Durand", "Kim", "Oscar Wendt", "Rita Moss", "Lee Park",
                                          "Nicola C. Brand", "Talbot Arnaud-lemoine"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_name_written_with_a_dash_and_no_space_and_a_long_description) {
    Meeting meeting = read_text("# Rencontre\n\n## Participants·es\n\n-Mélia Tran, chargée de projet, service des "
                                "collections (SDC), Université de Nulle-Part, volet 2\n\n-Paul Ngo, étudiant\n\n"
                                "## Besoins\n\nDu texte.\n",
                                "fr");
    BOOST_TEST(present(meeting) == (Names{"Mélia Tran", "Paul Ngo"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(details_nested_under_a_name_do_not_end_the_list) {
    Meeting meeting = read_text("## Participants\n\n-Ana Souza, advisor :\n\n* Role in the fund:\n  * helps with the "
                                "yearly budget\n\n-Bo Lind, accountant :\n\n* Role in the fund:\n  * Checks invoices\n\n"
                                "## Timeline\n\nText.\n");
    BOOST_TEST(present(meeting) == (Names{"Ana Souza", "Bo Lind"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(qualified_and_counted_labels) {
    Meeting french = read_text("Adhérents présents ou représentés (3) :\n\n- Léa Martin\n- Hugo Petit\n- Inès Roy\n\n"
                               "Membres du CA présents\n\n- Karim Belkacem\n",
                               "fr");
    BOOST_TEST(present(french) == (Names{"Léa Martin", "Hugo Petit", "Inès Roy", "Karim Belkacem"}),
               boost::test_tools::per_element());
    Meeting english = read_text("## Attendance\n\n* Host: Dana Pike\n* Board attendees:\n  * [x] Dana Pike - Acme\n"
                                "  * [ ] Eli Stone - Globex\n* Other attendees:\n  * Fay Lu\n\n## Agenda\n\n- Budget\n");
    BOOST_TEST(present(english) == (Names{"Dana Pike", "Fay Lu"}), boost::test_tools::per_element());
    BOOST_CHECK(find(english, "Eli Stone")->status == AttendanceStatus::Absent);
}

BOOST_AUTO_TEST_CASE(future_or_negated_presence_is_not_an_attendance_label) {
    Meeting meeting = read_text("- seront présents : Yanis, Jade et Paul\n- non présents : Lou\n", "fr");
    BOOST_TEST(present(meeting).empty());
}

BOOST_AUTO_TEST_CASE(proxies_and_represented_people_are_not_attendees) {
    Meeting meeting = read_text("Présents : Ana Diaz, Luc Roy, représenté par Ana Diaz, Zoé Blanc (excusée)\n\n"
                                "Procurations :\n\n- Marc Vidal a donné procuration à Ana Diaz\n- Nina Perez\n\n"
                                "La séance est ouverte.\n",
                                "fr");
    BOOST_TEST(present(meeting) == (Names{"Ana Diaz"}), boost::test_tools::per_element());
    BOOST_CHECK(find(meeting, "Luc Roy")->status == AttendanceStatus::Excused);
    BOOST_CHECK(find(meeting, "Zoé Blanc")->status == AttendanceStatus::Excused);
    BOOST_CHECK(!find(meeting, "Nina Perez") || find(meeting, "Nina Perez")->status != AttendanceStatus::Present);
}

BOOST_AUTO_TEST_CASE(a_list_inside_an_indented_code_block_is_still_a_list) {
    Meeting meeting = read_text("Minutes of the club committee\n\nPresent:\n\n    Nora Quist\n    Ivo Brandt\n\n"
                                "1. Accounts\n");
    BOOST_TEST(present(meeting) == (Names{"Nora Quist", "Ivo Brandt"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_present_line_wraps_onto_the_next_line) {
    Meeting meeting = read_text("Present: Ana Souza, Bo Lind,\nCyril Mace, Dana Pike\n\nActions\n");
    BOOST_TEST(present(meeting) == (Names{"Ana Souza", "Bo Lind", "Cyril Mace", "Dana Pike"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(semicolons_separate_people_and_a_second_label_follows_a_sentence) {
    Meeting meeting = read_text("**Present** – Ana Souza; Bo Lind, *Treasurer*; Cyril Mace, Secretary and\n"
                                "Events Lead. Also present: Dana Pike, city planner.\n");
    BOOST_TEST(present(meeting) == (Names{"Ana Souza", "Bo Lind", "Cyril Mace", "Dana Pike"}),
               boost::test_tools::per_element());
    Meeting roll = read_text("The chair opened the meeting at 7 pm. Roll call: Ana Souza, Bo Lind.\n");
    BOOST_TEST(present(roll) == (Names{"Ana Souza", "Bo Lind"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_sentence_that_announces_who_was_there) {
    Meeting meeting = read_text("Étaient présents les membres suivants (sur place ou en visio) :\n\n"
                                "- Léa Martin, Présidente\n- Hugo Petit\n\n"
                                "Après avoir consulté les membres présents, se présentent au conseil :\n\n- Inès Roy\n",
                                "fr");
    BOOST_TEST(present(meeting) == (Names{"Léa Martin", "Hugo Petit"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(sub_headings_inside_an_attendance_section_and_a_checkbox_roll_after_it) {
    Meeting meeting = read_text("## Voting member attendance\n\n### Founding members\n\n- [x] Ana Souza - Acme\n"
                                "- [ ] Bo Lind - Initech\n\n### Associate members\n\n- [x] Cyril Mace - Globex\n\n"
                                "## Liaisons and guests\n\n- [x] Dana Pike - City of Nowhere\n- [ ] Eli Stone - Umbrella\n"
                                "- [x] Fay Lu - Hooli\n\n## Agenda\n\n- Budget\n");
    BOOST_TEST(present(meeting) == (Names{"Ana Souza", "Cyril Mace", "Dana Pike", "Fay Lu"}),
               boost::test_tools::per_element());
    BOOST_CHECK(find(meeting, "Bo Lind")->status == AttendanceStatus::Absent);
    // A checklist of tasks is not a roll call.
    Meeting tasks = read_text("## Checklist\n\n- [ ] Start Recording\n- [x] Share Slides\n- [ ] Call For Items\n");
    BOOST_TEST(tasks.participants.empty());
}

BOOST_AUTO_TEST_CASE(a_list_of_names_right_under_the_title_is_the_attendance) {
    Meeting list = read_text("# Club AGM\n\nThe AGM was held on 5 March, 7 to 8 pm.\n\n"
                             "  - Tara Quinn (Chair, tq12)\n  - Omar Haddad (Secretary)\n  - Lin Wei (lw3)\n\n"
                             "Apologies for Absence\n\n  - Rob Field (rf9)\n\n## Reports\n\nText.\n");
    BOOST_TEST(present(list) == (Names{"Tara Quinn", "Omar Haddad", "Lin Wei"}), boost::test_tools::per_element());
    BOOST_CHECK(find(list, "Rob Field")->status == AttendanceStatus::Excused);
    Meeting line = read_text("# Réunion du 3 mai\n\nKarim, Lucie, Noé, Ada\n\n## Budget\n\nDu texte.\n", "fr");
    BOOST_TEST(present(line) == (Names{"Karim", "Lucie", "Noé", "Ada"}), boost::test_tools::per_element());
    // A list further down, after several paragraphs, is not.
    Meeting later = read_text("# Assemblée\n\nUn long paragraphe.\n\nUn autre paragraphe.\n\n- Paul Durand\n"
                              "- Marie Curie\n",
                              "fr");
    BOOST_TEST(later.participants.empty());
}

BOOST_AUTO_TEST_CASE(a_group_label_counts_only_when_every_entry_is_a_name) {
    Meeting names = read_text("Bureau : Ana Souza, Bo Lind\n", "fr");
    BOOST_TEST(present(names) == (Names{"Ana Souza", "Bo Lind"}), boost::test_tools::per_element());
    Meeting place = read_text("Bureau : 2e étage, Salle Verte\n", "fr");
    BOOST_TEST(place.participants.empty());
}

BOOST_AUTO_TEST_CASE(a_wrapped_heading_that_mentions_a_roll_call_is_not_a_list) {
    Meeting meeting = read_text("**Roll Call Of\nDirectors**\n\nPresent – Ana Souza; Bo Lind\n");
    BOOST_TEST(present(meeting) == (Names{"Ana Souza", "Bo Lind"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_handle_and_a_role_after_a_name_are_neither_name_nor_organisation) {
    Meeting meeting = read_text("Present:\n\n- Oscar Wendt @ow (chair)\n- Raj Patel / Kestrel / @raj\n"
                                "- Tess Bell (Acme)\n");
    BOOST_TEST(present(meeting) == (Names{"Oscar Wendt", "Raj Patel", "Tess Bell"}), boost::test_tools::per_element());
    BOOST_TEST(find(meeting, "Oscar Wendt")->affiliation == "");
    BOOST_TEST(find(meeting, "Raj Patel")->affiliation == "Kestrel");
    BOOST_TEST(find(meeting, "Tess Bell")->affiliation == "Acme");
}

BOOST_AUTO_TEST_CASE(a_sentence_closing_the_names_and_first_names_that_repeat_them) {
    Meeting meeting = read_text("Roll call: Ana Souza, Bo Lind and Raj Patel were present.\n\nMembers: ana, bo\n\n"
                                "## Notes\n\nText.\n");
    BOOST_TEST(present(meeting) == (Names{"Ana Souza", "Bo Lind", "Raj Patel"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_first_name_shared_by_two_people_stays_a_person_of_its_own) {
    Meeting meeting = read_text("Present: Ana Souza, Ana Lind\n\nMembers: ana\n\n## Notes\n\nText.\n");
    BOOST_TEST(present(meeting).size() == 3u);
}

BOOST_AUTO_TEST_CASE(fixed_width_columns_of_names_and_organisations) {
    Meeting meeting = read_text("Attendees\n\n    Ana Souza      Acme\n    Bo Lind        Lantern Co\n\n## Notes\n\nx\n");
    BOOST_TEST(present(meeting) == (Names{"Ana Souza", "Bo Lind"}), boost::test_tools::per_element());
    BOOST_TEST(find(meeting, "Bo Lind")->affiliation == "Lantern Co");
}

BOOST_AUTO_TEST_SUITE_END()
