#include "minutes/reader.hpp"

#include "scripting/plugin.hpp"

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

Meeting read_file(const std::string& path) {
    auto contents = scripting::read_file(path);
    BOOST_REQUIRE_MESSAGE(contents.has_value(), "cannot read " + path);
    return read_text(*contents);
}

const Participant* find(const Meeting& meeting, std::string_view name) {
    for (const Participant& participant : meeting.participants) {
        if (participant.name == name) {
            return &participant;
        }
    }
    return nullptr;
}

bool has_role(const Participant* participant, std::string_view role) {
    return participant &&
           std::find(participant->roles.begin(), participant->roles.end(), role) != participant->roles.end();
}

int total_minutes(const Meeting& meeting) {
    int seconds = 0;
    for (const AgendaItem& item : meeting.agenda) {
        seconds += item.duration_seconds.value_or(0);
    }
    return seconds / 60;
}

} // namespace

BOOST_AUTO_TEST_SUITE(minutes_reader_test)

BOOST_AUTO_TEST_CASE(seed_header_is_read) {
    Meeting meeting = read_file(std::string(QUORUM_SEED) + "/000_f317a47c7c39bfca.txt");
    BOOST_CHECK_EQUAL(meeting.title, "Rencontre du Groupe de travail numérique");
    BOOST_CHECK_EQUAL(meeting.date, "2021-03-10");
    BOOST_CHECK_EQUAL(meeting.start, "09:30");
    BOOST_CHECK_EQUAL(meeting.end, "11:30");
    BOOST_CHECK_EQUAL(meeting.location, "Rencontre virtuelle sur Zoom");
    BOOST_CHECK_EQUAL(meeting.language, "fr");
}

BOOST_AUTO_TEST_CASE(seed_has_32_participants_with_organisations) {
    Meeting meeting = read_file(std::string(QUORUM_SEED) + "/000_f317a47c7c39bfca.txt");
    BOOST_CHECK_EQUAL(meeting.participants.size(), 32u);
    const Participant* hulin = find(meeting, "Anne-Sophie Hulin");
    BOOST_REQUIRE(hulin);
    BOOST_CHECK_EQUAL(hulin->affiliation, "Université d'Ottawa et ANITI");
    const Participant* cousin = find(meeting, "Louis Cousin");
    BOOST_REQUIRE(cousin);
    BOOST_CHECK_EQUAL(cousin->affiliation, "Université Laval, Startin'blox");
    BOOST_CHECK(find(meeting, "Jerry Espada")); // on the same pasted paragraph as Émilien Gruet
    BOOST_CHECK(find(meeting, "Vincent van Schendel"));
    for (const Participant& participant : meeting.participants) {
        BOOST_CHECK_MESSAGE(!participant.affiliation.empty(), participant.name + " has no organisation");
        BOOST_CHECK(participant.status == AttendanceStatus::Present);
    }
}

BOOST_AUTO_TEST_CASE(seed_roles_name_facilitator_and_note_taker) {
    Meeting meeting = read_file(std::string(QUORUM_SEED) + "/000_f317a47c7c39bfca.txt");
    BOOST_CHECK(has_role(find(meeting, "Émilien Gruet"), "facilitator"));
    BOOST_CHECK(has_role(find(meeting, "Jessica Leblanc"), "note-taker"));
    BOOST_CHECK(!has_role(find(meeting, "Valérie Leblanc"), "note-taker"));
}

BOOST_AUTO_TEST_CASE(seed_agenda_has_five_items_totalling_the_scheduled_span) {
    Meeting meeting = read_file(std::string(QUORUM_SEED) + "/000_f317a47c7c39bfca.txt");
    BOOST_REQUIRE_EQUAL(meeting.agenda.size(), 5u);
    BOOST_CHECK_EQUAL(meeting.agenda[0].title, "Accueil et rappel de l'objectif de la rencontre");
    BOOST_CHECK_EQUAL(meeting.agenda[0].type, "Information");
    BOOST_CHECK_EQUAL(meeting.agenda[1].duration_seconds.value_or(0), 20 * 60);
    BOOST_CHECK_EQUAL(meeting.agenda[3].title, "Discussion");
    BOOST_CHECK_EQUAL(meeting.agenda[3].duration_seconds.value_or(0), 70 * 60);
    BOOST_CHECK_EQUAL(total_minutes(meeting), 120);
    // Sub-items pasted together as "a. …b. …c. …" are split.
    BOOST_REQUIRE_EQUAL(meeting.agenda[2].children.size(), 3u);
    BOOST_CHECK_EQUAL(meeting.agenda[2].children[1].title, "Veille collaborative");
    BOOST_CHECK_EQUAL(meeting.agenda[2].children[2].title, "Comités et travaux apparentés");
    BOOST_REQUIRE_EQUAL(meeting.agenda[3].children.size(), 2u);
    BOOST_CHECK(meeting.agenda[3].children[1].description.find("Quelles actions") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(seed_notes_sections_map_to_agenda_items) {
    Meeting meeting = read_file(std::string(QUORUM_SEED) + "/000_f317a47c7c39bfca.txt");
    std::vector<size_t> mapped;
    bool has_chat = false;
    for (const Section& section : meeting.sections) {
        if (section.agenda_index) {
            mapped.push_back(*section.agenda_index);
        }
        has_chat = has_chat || section.is_chat;
    }
    BOOST_CHECK((mapped == std::vector<size_t>{0, 1, 2, 3}));
    BOOST_CHECK(has_chat);
    BOOST_CHECK_EQUAL(meeting.chat.size(), 6u);
}

// "a. Mise au jeu du descriptif" under item 3 is sub-item 3.a of the agenda;
// "d. Réactions…" has no 3.d to be, so it keeps no number.
BOOST_AUTO_TEST_CASE(seed_lettered_sub_sections_take_their_sub_items_numbers) {
    Meeting meeting = read_file(std::string(QUORUM_SEED) + "/000_f317a47c7c39bfca.txt");
    std::vector<std::string> numbers;
    bool unnumbered_d = false;
    for (const Section& section : meeting.sections) {
        if (!section.sub_item_number.empty()) {
            numbers.push_back(section.sub_item_number);
        } else if (section.title.starts_with("d. ")) {
            unnumbered_d = true;
        }
    }
    BOOST_CHECK((numbers == std::vector<std::string>{"3.a", "3.b", "3.c", "4.a", "4.b"}));
    BOOST_CHECK(unnumbered_d);
}

BOOST_AUTO_TEST_CASE(seed_round_of_introductions_lists_its_speakers) {
    Meeting meeting = read_file(std::string(QUORUM_SEED) + "/000_f317a47c7c39bfca.txt");
    auto round = std::find_if(meeting.sections.begin(), meeting.sections.end(),
                              [](const Section& s) { return s.agenda_index == 1u; });
    BOOST_REQUIRE(round != meeting.sections.end());
    BOOST_CHECK_GE(round->speakers.size(), 25u);
    BOOST_CHECK_EQUAL(round->speakers.front(), "Lyne Nantel");
}

BOOST_AUTO_TEST_CASE(english_labelled_header_and_present_line) {
    Meeting meeting = read_text("# Weekly call\n\nDate: March 10, 2021\nTime: 9:30–11:30 am\n"
                                "Location: https://meet.example.org/abc\n"
                                "Present: Alice Martin (W3C), Bob Smith, Chloé Roy\nRegrets: Dan Brown\n"
                                "Chair: Alice Martin\nScribe: Bob Smith\nTimekeeper: Chloé Roy\n");
    BOOST_CHECK_EQUAL(meeting.title, "Weekly call");
    BOOST_CHECK_EQUAL(meeting.date, "2021-03-10");
    BOOST_CHECK_EQUAL(meeting.start, "09:30");
    BOOST_CHECK_EQUAL(meeting.end, "11:30");
    BOOST_CHECK_EQUAL(meeting.location, "https://meet.example.org/abc");
    BOOST_CHECK_EQUAL(meeting.language, "en");
    BOOST_REQUIRE_EQUAL(meeting.participants.size(), 4u);
    BOOST_CHECK_EQUAL(find(meeting, "Alice Martin")->affiliation, "W3C");
    BOOST_CHECK(find(meeting, "Dan Brown")->status == AttendanceStatus::Excused);
    BOOST_CHECK(has_role(find(meeting, "Alice Martin"), "facilitator"));
    BOOST_CHECK(has_role(find(meeting, "Bob Smith"), "note-taker"));
    BOOST_CHECK(has_role(find(meeting, "Chloé Roy"), "timekeeper"));
}

BOOST_AUTO_TEST_CASE(french_roles_with_french_spacing) {
    Meeting meeting = read_text("Réunion du comité\n\nPrésent·e·s : Émilie Roy, Marc Tremblay et Lina Diaz\n\n"
                                "Excusé·e·s : Paul Girard\n\n- Animation : Émilie Roy\n"
                                "- Prise de notes : Marc Tremblay\n- Gardien du temps : Lina Diaz\n",
                                "fr");
    BOOST_REQUIRE_EQUAL(meeting.participants.size(), 4u);
    BOOST_CHECK(find(meeting, "Paul Girard")->status == AttendanceStatus::Excused);
    BOOST_CHECK(has_role(find(meeting, "Émilie Roy"), "facilitator"));
    BOOST_CHECK(has_role(find(meeting, "Marc Tremblay"), "note-taker"));
    BOOST_CHECK(has_role(find(meeting, "Lina Diaz"), "timekeeper"));
}

BOOST_AUTO_TEST_CASE(checkbox_attendance_marks_unticked_people_absent) {
    Meeting meeting = read_text("## Attendance\n\n- [x] Hugo Lambert\n- [ ] Tom Becker\n- [x] Marie Dubois\n");
    BOOST_REQUIRE_EQUAL(meeting.participants.size(), 3u);
    BOOST_CHECK(find(meeting, "Hugo Lambert")->status == AttendanceStatus::Present);
    BOOST_CHECK(find(meeting, "Tom Becker")->status == AttendanceStatus::Absent);
}

BOOST_AUTO_TEST_CASE(table_of_people_with_organisation_and_status) {
    Meeting meeting = read_text("| Nom | Organisation | Présence |\n|---|---|---|\n| Anne Roy | TIESS | présente |\n"
                                "| Luc Gagnon | Facil | excusé |\n",
                                "fr");
    BOOST_REQUIRE_EQUAL(meeting.participants.size(), 2u);
    BOOST_CHECK_EQUAL(find(meeting, "Anne Roy")->affiliation, "TIESS");
    BOOST_CHECK(find(meeting, "Luc Gagnon")->status == AttendanceStatus::Excused);
}

BOOST_AUTO_TEST_CASE(numbered_agenda_with_durations_in_many_forms) {
    Meeting meeting = read_text("# Board\n\n## Agenda\n\n1. Welcome (5 min)\n2. Budget — 1h10\n"
                                "3. Round of news (20')\n   - Treasurer (90 s)\n4. Other business: 1 h 10 min\n\n"
                                "## 1. Welcome\n\nHello.\n");
    BOOST_REQUIRE_EQUAL(meeting.agenda.size(), 4u);
    BOOST_CHECK_EQUAL(meeting.agenda[0].title, "Welcome");
    BOOST_CHECK_EQUAL(meeting.agenda[0].duration_seconds.value_or(0), 300);
    BOOST_CHECK_EQUAL(meeting.agenda[1].title, "Budget");
    BOOST_CHECK_EQUAL(meeting.agenda[1].duration_seconds.value_or(0), 70 * 60);
    BOOST_CHECK_EQUAL(meeting.agenda[2].duration_seconds.value_or(0), 20 * 60);
    BOOST_REQUIRE_EQUAL(meeting.agenda[2].children.size(), 1u);
    BOOST_CHECK_EQUAL(meeting.agenda[2].children[0].title, "Treasurer");
    BOOST_CHECK_EQUAL(meeting.agenda[2].children[0].duration_seconds.value_or(0), 90);
    BOOST_CHECK_EQUAL(meeting.agenda[3].duration_seconds.value_or(0), 70 * 60);
    BOOST_REQUIRE(!meeting.sections.empty());
    BOOST_CHECK(meeting.sections[0].agenda_index == 0u);
}

BOOST_AUTO_TEST_CASE(agenda_table_with_type_and_duration_columns) {
    Meeting meeting =
        read_text("| # | Point | Type | Durée |\n|---|---|---|---|\n| 1 | Accueil | Information | 5 min |\n"
                  "| 2 | Budget | Décision | 1 h 10 min |\n",
                  "fr");
    BOOST_REQUIRE_EQUAL(meeting.agenda.size(), 2u);
    BOOST_CHECK_EQUAL(meeting.agenda[1].title, "Budget");
    BOOST_CHECK_EQUAL(meeting.agenda[1].type, "Décision");
    BOOST_CHECK_EQUAL(meeting.agenda[1].number, "2");
    BOOST_CHECK_EQUAL(meeting.agenda[1].duration_seconds.value_or(0), 70 * 60);
}

BOOST_AUTO_TEST_CASE(examples_match_their_ground_truth) {
    Meeting french = read_file(std::string(QUORUM_EXAMPLES) + "/gt-numerique-2026-11.md");
    BOOST_CHECK_EQUAL(french.date, "2026-11-12");
    BOOST_CHECK_EQUAL(french.start, "13:30");
    BOOST_CHECK_EQUAL(french.participants.size(), 14u);
    BOOST_CHECK_EQUAL(std::count_if(french.participants.begin(), french.participants.end(),
                                    [](const Participant& p) { return p.status == AttendanceStatus::Excused; }),
                      2);
    BOOST_CHECK_EQUAL(total_minutes(french), 120);
    BOOST_CHECK(has_role(find(french, "Timothée Bélanger"), "timekeeper"));

    Meeting english = read_file(std::string(QUORUM_EXAMPLES) + "/standards-call-2026-10.md");
    BOOST_CHECK_EQUAL(english.date, "2026-10-14");
    BOOST_CHECK_EQUAL(english.end, "11:00");
    BOOST_CHECK_EQUAL(english.location, "BigBlueButton");
    BOOST_CHECK_EQUAL(english.participants.size(), 11u);
    BOOST_CHECK_EQUAL(total_minutes(english), 90);
    BOOST_CHECK(has_role(find(english, "Priya Raman"), "facilitator"));
    BOOST_CHECK(has_role(find(english, "Tomás Ferreira"), "note-taker"));

    Meeting coop = read_file(std::string(QUORUM_EXAMPLES) + "/coop-board-2026-09.md");
    BOOST_CHECK_EQUAL(coop.participants.size(), 13u);
    BOOST_CHECK(find(coop, "Tom Becker")->status == AttendanceStatus::Absent);
    BOOST_CHECK_EQUAL(coop.agenda.size(), 7u);
    BOOST_CHECK_EQUAL(total_minutes(coop), 130);
    BOOST_CHECK(!has_role(find(coop, "Marie Dubois"), "facilitator")); // "Vice-president" is an office
    BOOST_CHECK(has_role(find(coop, "Samuel Okonkwo"), "timekeeper"));
}

BOOST_AUTO_TEST_CASE(a_date_in_words_in_the_title_settles_an_ambiguous_numeric_one) {
    Meeting meeting = read_text("# Steering committee — 3 December 2026\n\n**When:** 3/12/2026, 14:00–15:30\n");
    BOOST_CHECK_EQUAL(meeting.date, "2026-12-03");
    BOOST_CHECK_EQUAL(meeting.start, "14:00");
    Meeting unambiguous = read_text("# Committee — 3 December 2026\n\nDate: 25/12/2026\n", "fr");
    BOOST_CHECK_EQUAL(unambiguous.date, "2026-12-25");
}

BOOST_AUTO_TEST_CASE(several_roles_on_one_line) {
    Meeting meeting = read_text("Present: Ana Souza, Ben Okafor\n\nChair: Ana Souza · Minutes: Ben Okafor\n");
    BOOST_CHECK(has_role(find(meeting, "Ana Souza"), "facilitator"));
    BOOST_CHECK(has_role(find(meeting, "Ben Okafor"), "note-taker"));
    Meeting french = read_text("**Présent·e·s :** Marie-Ève Tremblay, Olivier Gagnon\n\n"
                               "**Animation :** Marie-Ève · **Secrétariat :** Olivier Gagnon\n",
                               "fr");
    BOOST_CHECK(has_role(find(french, "Marie-Ève Tremblay"), "facilitator"));
    BOOST_CHECK(has_role(find(french, "Olivier Gagnon"), "note-taker"));
}

BOOST_AUTO_TEST_CASE(attendee_list_reads_name_comma_organisation) {
    Meeting meeting = read_text("## Attendees\n\n- Ana Souza — OpenGov Lab\n- Chloé Martin, Facil\n");
    BOOST_REQUIRE_EQUAL(meeting.participants.size(), 2u);
    BOOST_REQUIRE(find(meeting, "Chloé Martin"));
    BOOST_CHECK_EQUAL(find(meeting, "Chloé Martin")->affiliation, "Facil");
}

BOOST_AUTO_TEST_CASE(prose_does_not_become_people) {
    Meeting meeting = read_text("Participants\n\nNous avons discuté longuement du budget.\n\nAlice Martin (W3C)\n");
    BOOST_CHECK(meeting.participants.empty());
}

BOOST_AUTO_TEST_SUITE_END()
