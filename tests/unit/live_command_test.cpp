#include "live/command.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace quorum::live;
using quorum::text::Language;

namespace {

Command parse(std::string_view text, Language lang = Language::English) {
    auto c = parse_command(text, lang);
    BOOST_REQUIRE_MESSAGE(c.has_value(), std::string(text) + " → " + (c ? "" : c.error().message));
    return *c;
}

CommandKind kind(std::string_view text, Language lang = Language::English) {
    return parse(text, lang).kind;
}

quorum::Error fail(std::string_view text, Language lang = Language::English) {
    auto c = parse_command(text, lang);
    BOOST_REQUIRE_MESSAGE(!c.has_value(), std::string(text) + " was accepted");
    return c.error();
}

} // namespace

BOOST_AUTO_TEST_SUITE(live_command_test)

BOOST_AUTO_TEST_CASE(queue_entries_in_both_languages) {
    for (const char* text : {"q+", "Q+", "raise hand", "lever la main", "nouveau sujet"}) {
        const Command c = parse(text);
        BOOST_TEST((c.kind == CommandKind::RaiseHand), text);
        BOOST_TEST((c.entry_type == EntryType::NewTopic), text);
    }
    const Command note = parse("q+ to say we need a budget line");
    BOOST_TEST(note.text == "we need a budget line");
    BOOST_TEST(parse("q+ pour dire que c'est urgent", Language::French).text == "que c'est urgent");
    for (const char* text : {"qq+", "reply", "réponse+", "Répondre"}) {
        BOOST_TEST((parse(text).entry_type == EntryType::Reply), text);
    }
    for (const char* text : {"q?", "cq+", "clarify+", "question+", "précision+", "CLARIFICATION+"}) {
        BOOST_TEST((parse(text).entry_type == EntryType::Clarify), text);
    }
    for (const char* text : {"point of order", "Point Of Order", "po+", "rappel au règlement", "Rappel au reglement",
                             "motion d'ordre", "motion d’ordre"}) {
        BOOST_TEST((parse(text).entry_type == EntryType::PointOfOrder), text);
    }
    for (const char* text : {"q-", "lower hand", "baisser la main"}) {
        BOOST_TEST((kind(text) == CommandKind::LowerHand), text);
    }
}

BOOST_AUTO_TEST_CASE(queue_management_in_both_languages) {
    for (const char* text : {"ack next", "ACK", "suivant", "Suivante"}) {
        BOOST_TEST((kind(text) == CommandKind::AckNext), text);
    }
    for (const char* text : {"next speaker", "intervenant suivant", "au suivant", "personne suivante"}) {
        BOOST_TEST((kind(text) == CommandKind::NextSpeaker), text);
    }
    for (const char* text : {"close the queue", "close queue", "fermer la file", "Fermer la file d'attente"}) {
        BOOST_TEST((kind(text) == CommandKind::CloseQueue), text);
    }
    for (const char* text : {"open the queue", "reopen the queue", "ouvrir la file", "rouvrir la file"}) {
        BOOST_TEST((kind(text) == CommandKind::OpenQueue), text);
    }
    const Command move = parse("move 7 to 2");
    BOOST_TEST((move.kind == CommandKind::MoveEntry));
    BOOST_TEST(move.entry_id == 7);
    BOOST_TEST(move.position == 1);
    BOOST_TEST(parse("déplacer 7 en 1", Language::French).position == 0);
    const Command last = parse("last word Émilien Gruet");
    BOOST_TEST((last.kind == CommandKind::LastWord));
    BOOST_TEST(last.text == "Émilien Gruet");
    BOOST_TEST(parse("dernier mot à Jessica", Language::French).text == "Jessica");
}

BOOST_AUTO_TEST_CASE(speaker_limits_and_budgets) {
    for (const char* text : {"time speakers at 2m", "time speakers 2 min", "2 min par personne", "2 minutes per person",
                             "2m each", "temps de parole 2 min", "120 s par intervenant"}) {
        const Command c = parse(text);
        BOOST_TEST((c.kind == CommandKind::SpeakerLimit), text);
        BOOST_TEST(c.seconds.value_or(0) == 120, text);
    }
    for (const char* text : {"no time limit", "sans limite"}) {
        const Command c = parse(text);
        BOOST_TEST((c.kind == CommandKind::SpeakerLimit), text);
        BOOST_TEST(!c.seconds.has_value());
    }
    BOOST_TEST(parse("budget 5 min").seconds.value_or(0) == 300);
    BOOST_TEST(parse("budget de 1 h 10", Language::French).seconds.value_or(0) == 4200);
    BOOST_TEST(!parse("sans budget").seconds.has_value());
    BOOST_TEST((kind("no budget") == CommandKind::SetBudget));
}

BOOST_AUTO_TEST_CASE(rounds_with_times_and_orders) {
    const Command shuffled = parse("round 2m shuffle");
    BOOST_TEST((shuffled.kind == CommandKind::StartRound));
    BOOST_TEST(shuffled.seconds.value_or(0) == 120);
    BOOST_TEST((shuffled.order == RoundOrder::Shuffled));
    BOOST_TEST(!shuffled.auto_advance);
    const Command fr = parse("tour de table 2 min", Language::French);
    BOOST_TEST(fr.seconds.value_or(0) == 120);
    BOOST_TEST((fr.order == RoundOrder::Listed));
    const Command total = parse("tour de table 20 min au total", Language::French);
    BOOST_TEST(total.total_seconds.value_or(0) == 1200);
    BOOST_TEST(!total.seconds.has_value());
    BOOST_TEST(parse("Tour d'écran de 20 minutes au total").total_seconds.value_or(0) == 1200);
    BOOST_TEST(parse("round 20m total").total_seconds.value_or(0) == 1200);
    struct Case {
        const char* text;
        RoundOrder order;
    };
    for (const Case& c :
         {Case{"round 90 s alphabetical", RoundOrder::Alphabetical},
          Case{"tour de table 90 s ordre alphabétique", RoundOrder::Alphabetical},
          Case{"round 1m arrival", RoundOrder::Arrival},
          Case{"tour de table 1 min par ordre d'arrivée", RoundOrder::Arrival},
          Case{"round 1m reverse", RoundOrder::Reverse}, Case{"tour de table 1 min inverse", RoundOrder::Reverse},
          Case{"tour de table 1 min aléatoire", RoundOrder::Shuffled},
          Case{"TOUR DE TABLE 1 MIN AU HASARD", RoundOrder::Shuffled},
          Case{"round shuffle 1m", RoundOrder::Shuffled}}) {
        const Command parsed = parse(c.text);
        BOOST_TEST((parsed.order == c.order), c.text);
        BOOST_TEST(parsed.seconds.has_value(), c.text);
    }
    const Command automatic = parse("round 1 h 10 auto seed 12");
    BOOST_TEST(automatic.seconds.value_or(0) == 4200);
    BOOST_TEST(automatic.auto_advance);
    BOOST_TEST(automatic.seed.value_or(0) == 12u);
    BOOST_TEST((automatic.order == RoundOrder::Shuffled));
    BOOST_TEST(!parse("round").seconds.has_value()); // untimed, or the speaker limit
    const auto bad = fail("round 2m quickly");
    BOOST_TEST(bad.code == "invalid");
    BOOST_TEST(bad.message.find("quickly") != std::string::npos);
    BOOST_TEST(fail("tour de table au total", Language::French).code == "invalid");
}

BOOST_AUTO_TEST_CASE(turn_commands) {
    for (const char* text : {"pass", "je passe", "Passe"}) {
        BOOST_TEST((kind(text) == CommandKind::Pass), text);
    }
    BOOST_TEST(parse("pass Jessica").text == "Jessica");
    for (const char* text : {"move to end", "move to the end", "à la fin", "en fin de tour"}) {
        BOOST_TEST((kind(text) == CommandKind::MoveToEnd), text);
    }
    BOOST_TEST(parse("move to end Paul").text == "Paul");
}

BOOST_AUTO_TEST_CASE(agenda_clock_commands) {
    for (const char* text :
         {"start meeting", "Start the meeting", "début de la réunion", "debut de reunion", "ouvrir la séance",
          "commencer la réunion", "Commencer la rencontre", "début de la rencontre"}) {
        BOOST_TEST((kind(text) == CommandKind::StartMeeting), text);
    }
    for (const char* text : {"end meeting", "end the meeting", "fin de la réunion", "lever la séance",
                             "terminer la réunion", "terminer la rencontre", "fin de la rencontre"}) {
        BOOST_TEST((kind(text) == CommandKind::EndMeeting), text);
    }
    for (const char* text : {"next item", "point suivant", "POINT SUIVANT"}) {
        BOOST_TEST((kind(text) == CommandKind::NextItem), text);
    }
    for (const char* text : {"previous item", "point précédent", "point precedent"}) {
        BOOST_TEST((kind(text) == CommandKind::PreviousItem), text);
    }
    for (const char* text : {"skip item", "sauter le point", "passer le point"}) {
        BOOST_TEST((kind(text) == CommandKind::SkipItem), text);
    }
    BOOST_TEST(parse("skip item 4").item_id == "4");
    BOOST_TEST(parse("item 3.a").item_id == "3.a");
    BOOST_TEST(parse("point 2", Language::French).item_id == "2");
    BOOST_TEST(parse("go to item #5").item_id == "5");
    struct Case {
        const char* text;
        int seconds;
    };
    for (const Case& c :
         {Case{"give this item 10 minutes", 600}, Case{"10 minutes de plus", 600}, Case{"+5 min", 300}, Case{"+5", 300},
          Case{"extend by 90 s", 90}, Case{"prolonger de 5 min", 300}, Case{"10 more minutes", 0}}) {
        if (c.seconds == 0) {
            continue; // "10 more minutes": the duration is split by "more"; see below
        }
        const Command parsed = parse(c.text);
        BOOST_TEST((parsed.kind == CommandKind::ExtendItem), c.text);
        BOOST_TEST(parsed.seconds.value_or(0) == c.seconds, c.text);
    }
    BOOST_TEST(parse("10 min more").seconds.value_or(0) == 600);
    BOOST_TEST((kind("pause") == CommandKind::Pause));
    for (const char* text : {"resume", "reprendre", "Reprise"}) {
        BOOST_TEST((kind(text) == CommandKind::Resume), text);
    }
    BOOST_TEST((kind("replan") == CommandKind::Replan));
    BOOST_TEST((kind("replanifier") == CommandKind::Replan));
}

BOOST_AUTO_TEST_CASE(store_commands_are_parsed_for_the_server) {
    const Command agenda = parse("agenda+ Budget 2027");
    BOOST_TEST((agenda.kind == CommandKind::AddAgendaItem));
    BOOST_TEST(agenda.text == "Budget 2027");
    BOOST_TEST(agenda.is_for_server());
    BOOST_TEST(parse("odj+ Questions diverses", Language::French).text == "Questions diverses");
    for (const char* text : {"present+ Jessica Leblanc", "présent+ Jessica Leblanc", "Présente+ Jessica Leblanc"}) {
        const Command c = parse(text);
        BOOST_TEST((c.kind == CommandKind::MarkPresent), text);
        BOOST_TEST(c.text == "Jessica Leblanc", text);
    }
    for (const char* text : {"regrets+ Paul", "excusé+ Paul", "Excusée+ Paul"}) {
        BOOST_TEST((kind(text) == CommandKind::MarkRegrets), text);
    }
    BOOST_TEST(parse("help").is_for_server());
    BOOST_TEST((kind("aide") == CommandKind::Help));
    BOOST_TEST(!parse("q+").is_for_server());
    BOOST_TEST(fail("agenda+").code == "invalid");
    BOOST_TEST(fail("present+").code == "invalid");
}

BOOST_AUTO_TEST_CASE(commands_say_which_role_they_need) {
    BOOST_TEST((parse("q+").permission() == Permission::SelfService));
    BOOST_TEST((parse("pass").permission() == Permission::SelfService));
    BOOST_TEST((parse("ack next").permission() == Permission::Facilitation));
    BOOST_TEST((parse("next item").permission() == Permission::Timekeeping));
    BOOST_TEST((parse("round 2m").permission() == Permission::Timekeeping));
    BOOST_TEST((parse("présent+ Paul").permission() == Permission::Attendance));
    BOOST_TEST((parse("aide").permission() == Permission::Anyone));
    BOOST_TEST(allows(Role::Timekeeper, Permission::Timekeeping));
    BOOST_TEST(!allows(Role::Timekeeper, Permission::Facilitation));
    BOOST_TEST(allows(Role::NoteTaker, Permission::Attendance));
    BOOST_TEST(!allows(Role::Participant, Permission::Timekeeping));
    BOOST_TEST(!allows(Role::Observer, Permission::SelfService));
    BOOST_TEST(allows(Role::Observer, Permission::Anyone));
}

BOOST_AUTO_TEST_CASE(unknown_commands_suggest_the_closest_in_the_users_language) {
    const auto en = fail("nxt item");
    BOOST_TEST(en.code == "unknown_command");
    BOOST_TEST(en.message.find("\"next item\"") != std::string::npos, en.message);
    const auto fr = fail("point suivnt", Language::French);
    BOOST_TEST(fr.code == "unknown_command");
    BOOST_TEST(fr.message.find("« point suivant »") != std::string::npos, fr.message);
    BOOST_TEST(fr.message.find("Commande inconnue") == 0u, fr.message);
    BOOST_TEST(fr.message.find("point 3") == std::string::npos, fr.message);
    const auto queue = fail("clsoe the queue");
    BOOST_TEST(queue.message.find("close the queue") != std::string::npos, queue.message);
    const auto nothing = fail("xyzzy plugh");
    BOOST_TEST(nothing.code == "unknown_command");
    BOOST_TEST(nothing.message.find("help") != std::string::npos, nothing.message);
    BOOST_TEST(fail("   ").code == "invalid");
}

BOOST_AUTO_TEST_CASE(ambiguous_commands_list_the_candidates) {
    const auto next = fail("next");
    BOOST_TEST(next.code == "ambiguous_command");
    BOOST_TEST(next.message.find("next speaker") != std::string::npos, next.message);
    BOOST_TEST(next.message.find("next item") != std::string::npos, next.message);
    const auto point = fail("point", Language::French);
    BOOST_TEST(point.code == "ambiguous_command");
    BOOST_TEST(point.message.find("point suivant") != std::string::npos, point.message);
    const auto q = fail("q");
    BOOST_TEST(q.code == "ambiguous_command");
    // Words that start only one command get it as a suggestion, not a guess.
    const auto close = fail("close");
    BOOST_TEST(close.code == "unknown_command");
    BOOST_TEST(close.message.find("close the queue") != std::string::npos, close.message);
}

BOOST_AUTO_TEST_CASE(arguments_that_do_not_fit_are_errors) {
    BOOST_TEST(fail("pause now").code == "invalid");
    BOOST_TEST(fail("give this item lots").code == "invalid");
    BOOST_TEST(fail("last word").code == "invalid");
    BOOST_TEST(fail("move 3").code == "invalid");
    BOOST_TEST(fail("time speakers at never").field == "text");
}

BOOST_AUTO_TEST_CASE(durations_as_people_type_them) {
    BOOST_TEST(parse_spoken_duration("2m").value_or(0) == 120);
    BOOST_TEST(parse_spoken_duration("90 s").value_or(0) == 90);
    BOOST_TEST(parse_spoken_duration("1 h 10").value_or(0) == 4200);
    BOOST_TEST(parse_spoken_duration("10").value_or(0) == 600);
    BOOST_TEST(parse_spoken_duration("20'").value_or(0) == 1200);
    BOOST_TEST(!parse_spoken_duration("0 min").has_value());
    BOOST_TEST(!parse_spoken_duration("soon").has_value());
}

BOOST_AUTO_TEST_CASE(help_lists_the_grammar_in_each_language) {
    const std::string en = help_text(Language::English);
    const std::string fr = help_text(Language::French);
    for (const char* form : {"q+ to say …", "qq+", "point of order", "ack next", "close the queue", "round 2m shuffle",
                             "give this item 10 minutes", "agenda+ Title", "regrets+ Name"}) {
        BOOST_TEST(en.find(form) != std::string::npos, form);
    }
    BOOST_TEST(fr.find("q+ pour dire …") != std::string::npos);
    for (const char* form : {"rappel au règlement", "suivant", "fermer la file", "tour de table 2 min",
                             "10 minutes de plus", "2 min par personne", "présent+ Nom", "excusé+ Nom", "je passe"}) {
        BOOST_TEST(fr.find(form) != std::string::npos, form);
    }
}

BOOST_AUTO_TEST_SUITE_END()
