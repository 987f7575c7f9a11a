// Labels of the minutes' fields about people: attendance lists, groups, roles.

#include "minutes/reader_state.hpp"

#include <algorithm>
#include <cctype>

namespace quorum::minutes::detail {

ListKind attendance_label(std::string_view key) {
    // Most keys name nothing about attendance: one look for the stems first.
    bool maybe = false;
    for (std::string_view stem : {"presen", "attend", "particip", "regret", "apolog", "excus", "absen", "procur",
                                  "pouvoir", "prox", "represent", "roll call", "invit", "observ", "guest"}) {
        if (key.find(stem) != std::string_view::npos) {
            maybe = true;
            break;
        }
    }
    if (!maybe) {
        return ListKind::None;
    }
    if (key_starts(key, {"procurations", "procuration", "pouvoirs", "proxies", "proxy", "represente e s",
                         "representes", "representees", "represented", "represented by proxy"})) {
        return ListKind::Proxy;
    }
    if (key_starts(key, {"present", "presents", "presentes", "presences", "presence", "participants", "participant",
                         "participantes", "attendees", "attendance", "in attendance", "membres presents",
                         "personnes presentes", "etaient presents", "etaient presentes", "etaient present",
                         "present e s", "participant e s", "participant es", "participant e", "attending",
                         "roll call", "attendee introductions", "also present", "egalement presents",
                         "egalement presentes", "aussi presents", "invites", "invitees", "invite e s", "invite es",
                         "observateurs", "observatrices", "observers", "sont presents"})) {
        return ListKind::Present;
    }
    if (key == "guests" || key == "guest" || key == "invited guests" || key == "other guests") {
        return ListKind::Present; // "Guest speakers" is a topic, not a list of those present
    }
    if (key_starts(key, {"regrets", "excuses", "excusees", "excuse", "excuse e s", "excuse es", "apologies",
                         "absents excuses", "absences motivees", "sent regrets", "apologies for absence"})) {
        return ListKind::Excused;
    }
    if (key_starts(key, {"absent", "absents", "absentes", "absent e s", "absent es", "not present"})) {
        return ListKind::Absent;
    }
    // Most labels are not about attendance: only split the ones that could be.
    if (key.find("present") == std::string_view::npos && key.find("attend") == std::string_view::npos &&
        key.find("participant") == std::string_view::npos && key.find("regret") == std::string_view::npos &&
        key.find("apolog") == std::string_view::npos && key.find("excus") == std::string_view::npos &&
        key.find("absent") == std::string_view::npos) {
        return ListKind::None;
    }
    // A qualified label: "TSC Attendees", "Other attendees", "Membres du CA présents",
    // "Adhérents présents ou représentés (5)", "Voting member attendance". A verb in the
    // future or a negation makes it something else ("seront présents", "non présents").
    std::vector<std::string> words = text::split(key, ' ');
    while (!words.empty() && !words.back().empty() &&
           std::all_of(words.back().begin(), words.back().end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        words.pop_back();
    }
    if (words.empty() || words.size() > 7) {
        return ListKind::None;
    }
    bool negated = false;
    for (const std::string& word : words) {
        if (word == "seront" || word == "sera" || word == "serons" || word == "will" || word == "would" ||
            word == "should" || word == "expected" || word == "prevus" || word == "attendus" || word == "if") {
            return ListKind::None;
        }
        negated = negated || word == "not" || word == "non" || word == "pas" || word == "ne";
    }
    // The attendance word ends the label ("… présents", "… attendees"), or is followed
    // by "ou représentés" / "or represented"; "jusqu'à présent" is not a label.
    size_t at = words.size() - 1;
    if (words.size() >= 3 && (words[words.size() - 2] == "ou" || words[words.size() - 2] == "or")) {
        at = words.size() - 3;
    }
    const std::string& word = words[at];
    if (at > 0) {
        const std::string& before = words[at - 1];
        if (before == "a" || before == "jusqu" || before == "until" || before == "at" || before == "for" ||
            before == "the" || before == "au" || before == "le" || before == "by") {
            return ListKind::None;
        }
    }
    if (word == "present" || word == "presents" || word == "presentes" || word == "presente" ||
        word == "attendees" || word == "attendance" || word == "attending" || word == "participants" ||
        word == "participantes") {
        return negated ? ListKind::Absent : ListKind::Present;
    }
    if (word == "regrets" || word == "apologies" || word == "excuses" || word == "excusees") {
        return ListKind::Excused;
    }
    if (word == "absents" || word == "absentes") {
        return ListKind::Absent;
    }
    return ListKind::None;
}

// Group labels that list people when every entry is a name: "Bureau : Ana, Bo",
// "Members: ana, bo", "Membres du CA :".
bool is_group_label(std::string_view key) {
    return key_starts(key, {"bureau", "ca", "conseil d administration", "board", "board members", "committee",
                            "committee members", "comite", "members", "membres", "membres du ca",
                            "membres du bureau", "membres du conseil", "equipe", "team"});
}

// A sentence that introduces the attendance list: "Étaient présents les membres
// suivants (en salle ou en ligne) :", "The following members were present:".
ListKind attendance_sentence(std::string_view key) {
    // The phrase opens or closes the sentence: "Avec l'accord des membres présents,
    // se proposent…" introduces candidates, not attendees.
    for (std::string_view phrase : {"etaient presents", "etaient presentes", "etaient present", "were present",
                                    "in attendance", "present were", "attendees were", "ont participe",
                                    "personnes presentes", "membres presents", "roll call", "sont presents",
                                    "sont presentes", "the following attended", "attended"}) {
        size_t found = key.find(phrase);
        if (found != std::string_view::npos && (found == 0 || found + phrase.size() == key.size())) {
            for (std::string_view negation : {" not ", " pas ", " ne ", " n ", " seront ", " will "}) {
                if ((" " + std::string(key) + " ").find(negation) != std::string::npos) {
                    return ListKind::None;
                }
            }
            return ListKind::Present;
        }
    }
    return ListKind::None;
}

// Canonical role for a label, or empty.
std::string role_for_label(std::string_view key) {
    if (key_contains(key, {"vice"})) {
        return {};
    }
    if (key_contains(key, {"animation", "animateur", "animatrice", "facilitator", "facilitation", "facilitatrice",
                           "facilitateur", "chair", "chairs", "co chair", "president", "presidente", "moderator",
                           "moderation", "moderateur", "moderatrice", "anime", "host"})) {
        return "facilitator";
    }
    if (key_contains(key, {"gardien", "gardienne", "maitre", "maitresse", "timekeeper", "timekeeping", "chronometre",
                           "chronometreur", "chronometreuse"}) ||
        key.find("time keeper") != std::string_view::npos || key.find("gestion du temps") != std::string_view::npos) {
        return "timekeeper";
    }
    if (key.find("prise de notes") != std::string_view::npos || key.find("note taker") != std::string_view::npos ||
        key_contains(key, {"notes", "scribe", "scribes", "secretaire", "secretariat", "secretary", "notetaker",
                           "rapporteur", "rapporteuse", "minutes", "redaction", "compte rendu"}) ||
        key.find("minute taker") != std::string_view::npos) {
        return "note-taker";
    }
    return {};
}

// A role column in a table of people mostly holds office titles ("President",
// "Treasurer", "Secretary"): only words that name a role in the meeting count.
std::string meeting_role_for_cell(std::string_view key) {
    if (key_contains(key, {"animation", "animateur", "animatrice", "facilitator", "facilitatrice", "facilitateur",
                           "chair", "moderator", "moderateur", "moderatrice"})) {
        return "facilitator";
    }
    if (key.find("prise de notes") != std::string_view::npos || key.find("note taker") != std::string_view::npos ||
        key_contains(key, {"scribe", "notetaker", "minute taker"})) {
        return "note-taker";
    }
    if (key_contains(key, {"timekeeper", "gardien", "gardienne"}) ||
        key.find("time keeper") != std::string_view::npos) {
        return "timekeeper";
    }
    return {};
}

} // namespace quorum::minutes::detail
