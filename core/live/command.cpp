#include "live/command.hpp"

#include "live/messages.hpp"
#include "util/datetime.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>

namespace quorum::live {

// ---------------------------------------------------------------------------------
// Names of things.

std::string_view role_name(Role role) {
    switch (role) {
    case Role::Facilitator:
        return "facilitator";
    case Role::NoteTaker:
        return "note-taker";
    case Role::Timekeeper:
        return "timekeeper";
    case Role::Participant:
        return "participant";
    case Role::Observer:
        return "observer";
    }
    return "observer";
}

std::optional<Role> parse_role(std::string_view name) {
    for (const Role role : {Role::Facilitator, Role::NoteTaker, Role::Timekeeper, Role::Participant, Role::Observer}) {
        if (role_name(role) == name) {
            return role;
        }
    }
    return std::nullopt;
}

bool allows(Role role, Permission permission) {
    switch (role) {
    case Role::Facilitator:
        return true;
    case Role::Timekeeper:
        return permission == Permission::Anyone || permission == Permission::SelfService ||
               permission == Permission::Timekeeping;
    case Role::NoteTaker:
        return permission == Permission::Anyone || permission == Permission::SelfService ||
               permission == Permission::Attendance;
    case Role::Participant:
        return permission == Permission::Anyone || permission == Permission::SelfService;
    case Role::Observer:
        return permission == Permission::Anyone;
    }
    return false;
}

std::string_view entry_type_name(EntryType type) {
    switch (type) {
    case EntryType::PointOfOrder:
        return "point-of-order";
    case EntryType::Clarify:
        return "clarify";
    case EntryType::Reply:
        return "reply";
    case EntryType::NewTopic:
        return "topic";
    case EntryType::LastWord:
        return "last-word";
    }
    return "topic";
}

std::optional<EntryType> parse_entry_type(std::string_view name) {
    for (const EntryType type :
         {EntryType::PointOfOrder, EntryType::Clarify, EntryType::Reply, EntryType::NewTopic, EntryType::LastWord}) {
        if (entry_type_name(type) == name) {
            return type;
        }
    }
    return std::nullopt;
}

std::string_view round_order_name(RoundOrder order) {
    switch (order) {
    case RoundOrder::Listed:
        return "listed";
    case RoundOrder::Alphabetical:
        return "alphabetical";
    case RoundOrder::Arrival:
        return "arrival";
    case RoundOrder::Shuffled:
        return "shuffled";
    case RoundOrder::Reverse:
        return "reverse";
    }
    return "listed";
}

std::optional<RoundOrder> parse_round_order(std::string_view name) {
    for (const RoundOrder order : {RoundOrder::Listed, RoundOrder::Alphabetical, RoundOrder::Arrival,
                                   RoundOrder::Shuffled, RoundOrder::Reverse}) {
        if (round_order_name(order) == name) {
            return order;
        }
    }
    return std::nullopt;
}

std::string_view command_kind_name(CommandKind kind) {
    switch (kind) {
    case CommandKind::RaiseHand:
        return "raise-hand";
    case CommandKind::LowerHand:
        return "lower-hand";
    case CommandKind::AckNext:
        return "ack-next";
    case CommandKind::CloseQueue:
        return "close-queue";
    case CommandKind::OpenQueue:
        return "open-queue";
    case CommandKind::MoveEntry:
        return "move-entry";
    case CommandKind::LastWord:
        return "last-word";
    case CommandKind::SpeakerLimit:
        return "speaker-limit";
    case CommandKind::StartRound:
        return "start-round";
    case CommandKind::NextSpeaker:
        return "next-speaker";
    case CommandKind::Pass:
        return "pass";
    case CommandKind::MoveToEnd:
        return "move-to-end";
    case CommandKind::SetBudget:
        return "set-budget";
    case CommandKind::StartMeeting:
        return "start-meeting";
    case CommandKind::EndMeeting:
        return "end-meeting";
    case CommandKind::StartItem:
        return "start-item";
    case CommandKind::NextItem:
        return "next-item";
    case CommandKind::PreviousItem:
        return "previous-item";
    case CommandKind::SkipItem:
        return "skip-item";
    case CommandKind::ExtendItem:
        return "extend-item";
    case CommandKind::Pause:
        return "pause";
    case CommandKind::Resume:
        return "resume";
    case CommandKind::Replan:
        return "replan";
    case CommandKind::SetRoster:
        return "set-roster";
    case CommandKind::PlanAgenda:
        return "plan-agenda";
    case CommandKind::AddAgendaItem:
        return "add-agenda-item";
    case CommandKind::MarkPresent:
        return "mark-present";
    case CommandKind::MarkRegrets:
        return "mark-regrets";
    case CommandKind::Notice:
        return "notice";
    case CommandKind::Help:
        return "help";
    }
    return "help";
}

Permission Command::permission() const {
    switch (kind) {
    case CommandKind::RaiseHand:
    case CommandKind::LowerHand:
    case CommandKind::Pass:
        return Permission::SelfService;
    case CommandKind::SpeakerLimit:
    case CommandKind::StartRound:
    case CommandKind::NextSpeaker:
    case CommandKind::MoveToEnd:
    case CommandKind::SetBudget:
    case CommandKind::StartItem:
    case CommandKind::NextItem:
    case CommandKind::PreviousItem:
    case CommandKind::SkipItem:
    case CommandKind::ExtendItem:
    case CommandKind::Pause:
    case CommandKind::Resume:
    case CommandKind::Replan:
    case CommandKind::Notice:
        return Permission::Timekeeping;
    case CommandKind::MarkPresent:
    case CommandKind::MarkRegrets:
        return Permission::Attendance;
    case CommandKind::Help:
        return Permission::Anyone;
    case CommandKind::AckNext:
    case CommandKind::CloseQueue:
    case CommandKind::OpenQueue:
    case CommandKind::MoveEntry:
    case CommandKind::LastWord:
    case CommandKind::StartMeeting:
    case CommandKind::EndMeeting:
    case CommandKind::SetRoster:
    case CommandKind::PlanAgenda:
    case CommandKind::AddAgendaItem:
        return Permission::Facilitation;
    }
    return Permission::Facilitation;
}

bool Command::is_for_server() const {
    return kind == CommandKind::AddAgendaItem || kind == CommandKind::MarkPresent || kind == CommandKind::MarkRegrets ||
           kind == CommandKind::Help;
}

// ---------------------------------------------------------------------------------
// Durations.

std::optional<int> parse_spoken_duration(std::string_view text) {
    const std::string_view t = text::trim(text);
    if (const auto seconds = datetime::parse_duration(t)) {
        return *seconds > 0 ? seconds : std::nullopt;
    }
    // "2m" and "2 m": alone, datetime reads a bare m as metres; here it can only be minutes.
    // A bare number is minutes: "give this item 10".
    size_t i = 0;
    int value = 0;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
        if (value > 100000) {
            return std::nullopt;
        }
        value = value * 10 + (t[i] - '0');
        ++i;
    }
    if (i == 0 || value <= 0) {
        return std::nullopt;
    }
    std::string_view unit = text::trim(t.substr(i));
    if (unit.empty() || unit == "m" || unit == "M") {
        return value * 60;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------
// The grammar.

namespace {

enum class Arg {
    None,         // nothing may follow
    Note,         // optional free text (queue note)
    Name,         // a person, required
    OptionalName, // a person, or the actor / current speaker
    Title,        // free text, required
    Duration,     // required
    Clear,        // nothing follows; the setting is removed
    Round,        // duration and order words
    ItemId,       // required
    OptionalItem, //
    Move,         // entry and position
};

enum class Lang { Any, En, Fr };

struct Head {
    std::string_view phrase; // folded words, space-separated
    CommandKind kind;
    Arg arg;
    Lang lang;
    std::string_view example; // shown in help and suggestions
    EntryType type = EntryType::NewTopic;
    std::string_view example_fr = {}; // for heads shared by both languages, when it differs

    std::string_view example_in(Language language) const {
        return language == Language::French && !example_fr.empty() ? example_fr : example;
    }
};

using K = CommandKind;

// Order matters only for help_text (first head of each kind and language is listed).
constexpr std::array k_heads = {
    Head{"q+", K::RaiseHand, Arg::Note, Lang::Any, "q+ to say …", EntryType::NewTopic, "q+ pour dire …"},
    Head{"raise hand", K::RaiseHand, Arg::Note, Lang::En, "raise hand"},
    Head{"new topic", K::RaiseHand, Arg::Note, Lang::En, "new topic …"},
    Head{"lever la main", K::RaiseHand, Arg::Note, Lang::Fr, "lever la main"},
    Head{"nouveau sujet", K::RaiseHand, Arg::Note, Lang::Fr, "nouveau sujet …"},
    Head{"qq+", K::RaiseHand, Arg::Note, Lang::Any, "qq+ …", EntryType::Reply},
    Head{"reply", K::RaiseHand, Arg::Note, Lang::En, "reply …", EntryType::Reply},
    Head{"reponse+", K::RaiseHand, Arg::Note, Lang::Fr, "réponse+ …", EntryType::Reply},
    Head{"repondre", K::RaiseHand, Arg::Note, Lang::Fr, "répondre …", EntryType::Reply},
    Head{"q?", K::RaiseHand, Arg::Note, Lang::Any, "q? …", EntryType::Clarify},
    Head{"cq+", K::RaiseHand, Arg::Note, Lang::Any, "cq+ …", EntryType::Clarify},
    Head{"clarify+", K::RaiseHand, Arg::Note, Lang::En, "clarify+ …", EntryType::Clarify},
    Head{"clarify", K::RaiseHand, Arg::Note, Lang::En, "clarify …", EntryType::Clarify},
    Head{"question+", K::RaiseHand, Arg::Note, Lang::Any, "question+ …", EntryType::Clarify},
    Head{"precision+", K::RaiseHand, Arg::Note, Lang::Fr, "précision+ …", EntryType::Clarify},
    Head{"clarification+", K::RaiseHand, Arg::Note, Lang::Fr, "clarification+ …", EntryType::Clarify},
    Head{"point of order", K::RaiseHand, Arg::Note, Lang::En, "point of order", EntryType::PointOfOrder},
    Head{"po+", K::RaiseHand, Arg::Note, Lang::Any, "po+", EntryType::PointOfOrder},
    Head{"rappel au reglement", K::RaiseHand, Arg::Note, Lang::Fr, "rappel au règlement", EntryType::PointOfOrder},
    Head{"motion d ordre", K::RaiseHand, Arg::Note, Lang::Fr, "motion d'ordre", EntryType::PointOfOrder},
    Head{"q-", K::LowerHand, Arg::OptionalName, Lang::Any, "q-"},
    Head{"lower hand", K::LowerHand, Arg::OptionalName, Lang::En, "lower hand"},
    Head{"baisser la main", K::LowerHand, Arg::OptionalName, Lang::Fr, "baisser la main"},
    Head{"ack next", K::AckNext, Arg::None, Lang::En, "ack next"},
    Head{"ack", K::AckNext, Arg::None, Lang::En, "ack"},
    Head{"suivant", K::AckNext, Arg::None, Lang::Fr, "suivant"},
    Head{"suivante", K::AckNext, Arg::None, Lang::Fr, "suivante"},
    Head{"next speaker", K::NextSpeaker, Arg::None, Lang::En, "next speaker"},
    Head{"intervenant suivant", K::NextSpeaker, Arg::None, Lang::Fr, "intervenant suivant"},
    Head{"au suivant", K::NextSpeaker, Arg::None, Lang::Fr, "au suivant"},
    Head{"personne suivante", K::NextSpeaker, Arg::None, Lang::Fr, "personne suivante"},
    Head{"close the queue", K::CloseQueue, Arg::None, Lang::En, "close the queue"},
    Head{"close queue", K::CloseQueue, Arg::None, Lang::En, "close queue"},
    Head{"fermer la file", K::CloseQueue, Arg::None, Lang::Fr, "fermer la file"},
    Head{"fermer la file d attente", K::CloseQueue, Arg::None, Lang::Fr, "fermer la file d'attente"},
    Head{"open the queue", K::OpenQueue, Arg::None, Lang::En, "open the queue"},
    Head{"open queue", K::OpenQueue, Arg::None, Lang::En, "open queue"},
    Head{"reopen the queue", K::OpenQueue, Arg::None, Lang::En, "reopen the queue"},
    Head{"ouvrir la file", K::OpenQueue, Arg::None, Lang::Fr, "ouvrir la file"},
    Head{"rouvrir la file", K::OpenQueue, Arg::None, Lang::Fr, "rouvrir la file"},
    Head{"ouvrir la file d attente", K::OpenQueue, Arg::None, Lang::Fr, "ouvrir la file d'attente"},
    Head{"move", K::MoveEntry, Arg::Move, Lang::En, "move 3 to 1"},
    Head{"deplacer", K::MoveEntry, Arg::Move, Lang::Fr, "déplacer 3 en 1"},
    Head{"last word", K::LastWord, Arg::Name, Lang::En, "last word Name"},
    Head{"dernier mot", K::LastWord, Arg::Name, Lang::Fr, "dernier mot Nom"},
    Head{"time speakers at", K::SpeakerLimit, Arg::Duration, Lang::En, "time speakers at 2m"},
    Head{"time speakers", K::SpeakerLimit, Arg::Duration, Lang::En, "time speakers 2m"},
    Head{"temps de parole", K::SpeakerLimit, Arg::Duration, Lang::Fr, "temps de parole 2 min"},
    Head{"no time limit", K::SpeakerLimit, Arg::Clear, Lang::En, "no time limit"},
    Head{"sans limite", K::SpeakerLimit, Arg::Clear, Lang::Fr, "sans limite"},
    Head{"round", K::StartRound, Arg::Round, Lang::En, "round 2m shuffle"},
    Head{"tour de table", K::StartRound, Arg::Round, Lang::Fr, "tour de table 2 min"},
    Head{"tour de parole", K::StartRound, Arg::Round, Lang::Fr, "tour de parole 20 min au total"},
    Head{"tour d ecran", K::StartRound, Arg::Round, Lang::Fr, "tour d'écran 20 min au total"},
    Head{"pass", K::Pass, Arg::OptionalName, Lang::En, "pass"},
    Head{"je passe", K::Pass, Arg::None, Lang::Fr, "je passe"},
    Head{"passe", K::Pass, Arg::OptionalName, Lang::Fr, "passe"},
    Head{"move to end", K::MoveToEnd, Arg::OptionalName, Lang::En, "move to end"},
    Head{"move to the end", K::MoveToEnd, Arg::OptionalName, Lang::En, "move to the end"},
    Head{"a la fin", K::MoveToEnd, Arg::OptionalName, Lang::Fr, "à la fin"},
    Head{"en fin de tour", K::MoveToEnd, Arg::OptionalName, Lang::Fr, "en fin de tour"},
    Head{"budget", K::SetBudget, Arg::Duration, Lang::Any, "budget 5 min"},
    Head{"no budget", K::SetBudget, Arg::Clear, Lang::En, "no budget"},
    Head{"sans budget", K::SetBudget, Arg::Clear, Lang::Fr, "sans budget"},
    Head{"start meeting", K::StartMeeting, Arg::None, Lang::En, "start meeting"},
    Head{"start the meeting", K::StartMeeting, Arg::None, Lang::En, "start the meeting"},
    Head{"debut de la rencontre", K::StartMeeting, Arg::None, Lang::Fr, "début de la rencontre"},
    Head{"debut de rencontre", K::StartMeeting, Arg::None, Lang::Fr, "début de rencontre"},
    Head{"commencer la rencontre", K::StartMeeting, Arg::None, Lang::Fr, "commencer la rencontre"},
    Head{"debut de la reunion", K::StartMeeting, Arg::None, Lang::Fr, "début de la réunion"},
    Head{"debut de reunion", K::StartMeeting, Arg::None, Lang::Fr, "début de réunion"},
    Head{"commencer la reunion", K::StartMeeting, Arg::None, Lang::Fr, "commencer la réunion"},
    Head{"ouvrir la seance", K::StartMeeting, Arg::None, Lang::Fr, "ouvrir la séance"},
    Head{"end meeting", K::EndMeeting, Arg::None, Lang::En, "end meeting"},
    Head{"end the meeting", K::EndMeeting, Arg::None, Lang::En, "end the meeting"},
    Head{"fin de la rencontre", K::EndMeeting, Arg::None, Lang::Fr, "fin de la rencontre"},
    Head{"fin de rencontre", K::EndMeeting, Arg::None, Lang::Fr, "fin de rencontre"},
    Head{"terminer la rencontre", K::EndMeeting, Arg::None, Lang::Fr, "terminer la rencontre"},
    Head{"fin de la reunion", K::EndMeeting, Arg::None, Lang::Fr, "fin de la réunion"},
    Head{"fin de reunion", K::EndMeeting, Arg::None, Lang::Fr, "fin de réunion"},
    Head{"terminer la reunion", K::EndMeeting, Arg::None, Lang::Fr, "terminer la réunion"},
    Head{"lever la seance", K::EndMeeting, Arg::None, Lang::Fr, "lever la séance"},
    Head{"item", K::StartItem, Arg::ItemId, Lang::En, "item 3"},
    Head{"go to item", K::StartItem, Arg::ItemId, Lang::En, "go to item 3"},
    Head{"point", K::StartItem, Arg::ItemId, Lang::Fr, "point 3"},
    Head{"aller au point", K::StartItem, Arg::ItemId, Lang::Fr, "aller au point 3"},
    Head{"next item", K::NextItem, Arg::None, Lang::En, "next item"},
    Head{"point suivant", K::NextItem, Arg::None, Lang::Fr, "point suivant"},
    Head{"previous item", K::PreviousItem, Arg::None, Lang::En, "previous item"},
    Head{"point precedent", K::PreviousItem, Arg::None, Lang::Fr, "point précédent"},
    Head{"skip item", K::SkipItem, Arg::OptionalItem, Lang::En, "skip item"},
    Head{"sauter le point", K::SkipItem, Arg::OptionalItem, Lang::Fr, "sauter le point"},
    Head{"passer le point", K::SkipItem, Arg::OptionalItem, Lang::Fr, "passer le point"},
    Head{"give this item", K::ExtendItem, Arg::Duration, Lang::En, "give this item 10 minutes"},
    Head{"extend", K::ExtendItem, Arg::Duration, Lang::En, "extend 5 min"},
    Head{"prolonger", K::ExtendItem, Arg::Duration, Lang::Fr, "prolonger de 5 min"},
    Head{"pause", K::Pause, Arg::None, Lang::Any, "pause"},
    Head{"resume", K::Resume, Arg::None, Lang::En, "resume"},
    Head{"reprendre", K::Resume, Arg::None, Lang::Fr, "reprendre"},
    Head{"reprise", K::Resume, Arg::None, Lang::Fr, "reprise"},
    Head{"replan", K::Replan, Arg::None, Lang::En, "replan"},
    Head{"replanifier", K::Replan, Arg::None, Lang::Fr, "replanifier"},
    Head{"agenda+", K::AddAgendaItem, Arg::Title, Lang::En, "agenda+ Title"},
    Head{"odj+", K::AddAgendaItem, Arg::Title, Lang::Fr, "odj+ Titre"},
    Head{"ordre du jour+", K::AddAgendaItem, Arg::Title, Lang::Fr, "ordre du jour+ Titre"},
    Head{"present+", K::MarkPresent, Arg::Name, Lang::En, "present+ Name"},
    Head{"present+", K::MarkPresent, Arg::Name, Lang::Fr, "présent+ Nom"},
    Head{"presente+", K::MarkPresent, Arg::Name, Lang::Fr, "présente+ Nom"},
    Head{"regrets+", K::MarkRegrets, Arg::Name, Lang::En, "regrets+ Name"},
    Head{"excuse+", K::MarkRegrets, Arg::Name, Lang::Fr, "excusé+ Nom"},
    Head{"excusee+", K::MarkRegrets, Arg::Name, Lang::Fr, "excusée+ Nom"},
    Head{"notice", K::Notice, Arg::Title, Lang::En, "notice Text"},
    Head{"announce", K::Notice, Arg::Title, Lang::En, "announce Text"},
    Head{"annonce", K::Notice, Arg::Title, Lang::Fr, "annonce Texte"},
    Head{"help", K::Help, Arg::None, Lang::En, "help"},
    Head{"aide", K::Help, Arg::None, Lang::Fr, "aide"},
    Head{"?", K::Help, Arg::None, Lang::Any, "?"},
};

// Forms that start with the duration: "10 minutes de plus", "2 min par personne".
struct Suffix {
    std::string_view phrase;
    CommandKind kind;
    Lang lang;
    std::string_view example;
};

constexpr std::array k_suffixes = {
    Suffix{"de plus", K::ExtendItem, Lang::Fr, "10 minutes de plus"},
    Suffix{"more", K::ExtendItem, Lang::En, "10 more minutes"},
    Suffix{"par personne", K::SpeakerLimit, Lang::Fr, "2 min par personne"},
    Suffix{"par intervenant", K::SpeakerLimit, Lang::Fr, "2 min par intervenant"},
    Suffix{"per person", K::SpeakerLimit, Lang::En, "2 min per person"},
    Suffix{"per speaker", K::SpeakerLimit, Lang::En, "2 min per speaker"},
    Suffix{"each", K::SpeakerLimit, Lang::En, "2 min each"},
    Suffix{"chacun", K::SpeakerLimit, Lang::Fr, "2 min chacun"},
};

struct Token {
    std::string_view original;
    std::string key;
};

bool is_ascii_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Lower case, accents removed, punctuation kept ("Q+" → "q+", "Présent+" → "present+").
std::string fold_token(std::string_view word) {
    std::string out;
    for (size_t i = 0; i < word.size();) {
        const auto b = static_cast<unsigned char>(word[i]);
        if (b < 0x80) {
            out += static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
            ++i;
            continue;
        }
        size_t length = (b >= 0xF0) ? 4 : (b >= 0xE0) ? 3 : (b >= 0xC0) ? 2 : 1;
        length = std::min(length, word.size() - i);
        const std::string_view cp = word.substr(i, length);
        const std::string folded = text::fold_key(cp);
        if (!folded.empty()) {
            out += folded;
        } else {
            out += cp;
        }
        i += length;
    }
    return out;
}

// Words split on spaces and on elisions ("d'attente" is "d attente", "tour d’écran"),
// but "20'" keeps its minute mark.
std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    auto push = [&](size_t from, size_t to) {
        if (to > from) {
            tokens.push_back({text.substr(from, to - from), fold_token(text.substr(from, to - from))});
        }
    };
    size_t start = 0;
    size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ' ') {
            push(start, i);
            start = ++i;
            continue;
        }
        const bool straight = text[i] == '\'';
        const bool curly = text.substr(i, 3) == "\xE2\x80\x99";
        const size_t after = i + (straight ? 1 : 3);
        if ((straight || curly) && i > start && is_ascii_letter(text[i - 1]) && after < text.size() &&
            text[after] != ' ') {
            push(start, i); // an elision: the apostrophe separates two words
            start = i = after;
            continue;
        }
        ++i;
    }
    push(start, text.size());
    return tokens;
}

std::vector<std::string> split_words(std::string_view phrase) {
    std::vector<std::string> words;
    size_t i = 0;
    while (i < phrase.size()) {
        const size_t space = phrase.find(' ', i);
        const size_t end = space == std::string_view::npos ? phrase.size() : space;
        words.emplace_back(phrase.substr(i, end - i));
        i = end + 1;
    }
    return words;
}

// The original text of tokens [from, to), as typed.
std::string original_span(const std::vector<Token>& tokens, size_t from, size_t to) {
    if (from >= to || from >= tokens.size()) {
        return {};
    }
    const char* begin = tokens[from].original.data();
    const char* end = tokens[to - 1].original.data() + tokens[to - 1].original.size();
    return std::string(begin, end);
}

std::string join_keys(const std::vector<Token>& tokens, size_t from, size_t to) {
    std::string out;
    for (size_t i = from; i < to && i < tokens.size(); ++i) {
        if (!out.empty()) {
            out += ' ';
        }
        out += tokens[i].key;
    }
    return out;
}

bool matches_head(const std::vector<Token>& tokens, const std::vector<std::string>& words) {
    if (words.size() > tokens.size()) {
        return false;
    }
    for (size_t i = 0; i < words.size(); ++i) {
        if (tokens[i].key != words[i]) {
            return false;
        }
    }
    return true;
}

// True when the typed tokens could be the start of the head: all but the last equal,
// the last a prefix of the head's word at that place.
bool is_prefix_of_head(const std::vector<Token>& tokens, const std::vector<std::string>& words) {
    if (tokens.empty() || tokens.size() > words.size()) {
        return false;
    }
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
        if (tokens[i].key != words[i]) {
            return false;
        }
    }
    const std::string& last = tokens.back().key;
    const std::string& word = words[tokens.size() - 1];
    return word.size() >= last.size() && word.compare(0, last.size(), last) == 0 &&
           (tokens.size() < words.size() || word.size() > last.size());
}

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

bool speaks(Lang head, Language lang) {
    return head == Lang::Any || (head == Lang::Fr) == (lang == Language::French);
}

std::string quoted_list(const std::vector<std::string_view>& examples, Language lang) {
    std::string out;
    for (size_t i = 0; i < examples.size(); ++i) {
        if (i > 0) {
            out += i + 1 == examples.size() ? (lang == Language::French ? " ou " : " or ") : ", ";
        }
        out += lang == Language::French ? "« " : "\"";
        out += examples[i];
        out += lang == Language::French ? " »" : "\"";
    }
    return out;
}

// One example per command kind, in the user's language when there is one.
std::vector<std::string_view> examples_for(const std::vector<const Head*>& heads, Language lang, size_t limit) {
    std::vector<std::string_view> out;
    std::set<CommandKind> kinds;
    for (const int pass : {0, 1}) {
        for (const Head* head : heads) {
            if (out.size() >= limit) {
                return out;
            }
            const bool native = speaks(head->lang, lang);
            if ((pass == 0) != native || kinds.count(head->kind) > 0) {
                continue;
            }
            kinds.insert(head->kind);
            out.push_back(head->example_in(lang));
        }
    }
    return out;
}

// An agenda item id as typed: one word with a digit in it ("3", "2.a", "#5").
bool looks_like_item_id(const std::vector<Token>& tokens, size_t from) {
    if (from + 1 != tokens.size()) {
        return false;
    }
    const std::string& key = tokens[from].key;
    return std::any_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Error unknown(std::string_view typed, const std::vector<Token>& tokens, Language lang) {
    // Closest heads by edit distance over as many words as the head has.
    struct Scored {
        size_t distance;
        const Head* head;
    };
    std::vector<Scored> scored;
    for (const auto& head : k_heads) {
        const auto words = split_words(head.phrase);
        // "point suivnt" is not "point 3" with a strange id: compare it whole.
        const bool takes_id = head.arg == Arg::ItemId || head.arg == Arg::OptionalItem;
        const size_t compared = takes_id && !looks_like_item_id(tokens, words.size()) ? tokens.size() : words.size();
        const std::string typed_key = join_keys(tokens, 0, compared);
        const size_t distance = edit_distance(typed_key, head.phrase);
        const size_t tolerance = std::max<size_t>(1, head.phrase.size() / 3);
        if (distance <= tolerance) {
            scored.push_back({distance, &head});
        }
    }
    std::stable_sort(scored.begin(), scored.end(), [&](const Scored& a, const Scored& b) {
        if (a.distance != b.distance) {
            return a.distance < b.distance;
        }
        return speaks(a.head->lang, lang) && !speaks(b.head->lang, lang);
    });
    std::vector<const Head*> heads;
    for (const auto& s : scored) {
        heads.push_back(s.head);
    }
    const auto examples = examples_for(heads, lang, 3);
    const std::string shown = text::excerpt(typed, 60);
    if (examples.empty()) {
        return live_error("unknown_command", lang, "unknown_command_no_hint", {shown}, "text");
    }
    return live_error("unknown_command", lang, "unknown_command", {shown, quoted_list(examples, lang)}, "text");
}

// The heads the typed words could be the start of, when they name several commands.
// With `hint_single`, words that start only one command ("close") get it as a
// suggestion: never a guess, since "close" alone might be a typo for anything.
std::optional<Error> ambiguity(std::string_view typed, const std::vector<Token>& tokens, Language lang,
                               bool hint_single = false) {
    std::vector<const Head*> candidates;
    std::set<CommandKind> kinds;
    for (const auto& head : k_heads) {
        if (is_prefix_of_head(tokens, split_words(head.phrase))) {
            candidates.push_back(&head);
            kinds.insert(head.kind);
        }
    }
    if (kinds.size() == 1 && hint_single) {
        return live_error("unknown_command", lang, "unknown_command",
                          {text::excerpt(typed, 60), quoted_list(examples_for(candidates, lang, 3), lang)}, "text");
    }
    if (kinds.size() < 2) {
        return std::nullopt;
    }
    return live_error("ambiguous_command", lang, "ambiguous_command",
                      {text::excerpt(typed, 60), quoted_list(examples_for(candidates, lang, 4), lang)}, "text");
}

// Words that carry no meaning in round options and duration arguments.
bool is_filler(std::string_view key) {
    static const std::set<std::string_view> k_fillers = {
        "de",   "d",      "du",      "des",     "en",          "par",  "ordre", "order", "in",  "au",     "a",
        "the",  "le",     "la",      "l",       "with",        "avec", "by",    "of",    "per", "person", "personne",
        "each", "chacun", "chacune", "speaker", "intervenant", "for",  "pour",  "at",    "to",  "min",    "s",
    };
    return k_fillers.count(key) > 0;
}

// The longest run of tokens from `from` that reads as a duration; returns its end.
std::optional<std::pair<size_t, int>> duration_at(const std::vector<Token>& tokens, size_t from) {
    for (size_t to = std::min(tokens.size(), from + 5); to > from; --to) {
        std::string joined;
        for (size_t i = from; i < to; ++i) {
            if (!joined.empty()) {
                joined += ' ';
            }
            joined += tokens[i].original;
        }
        if (const auto seconds = parse_spoken_duration(joined)) {
            return std::make_pair(to, *seconds);
        }
    }
    return std::nullopt;
}

std::optional<Error> parse_round(Command& c, const std::vector<Token>& tokens, size_t from, Language lang) {
    std::optional<int> duration;
    bool total = false;
    for (size_t i = from; i < tokens.size();) {
        const std::string& key = tokens[i].key;
        if ((key == "seed" || key == "graine") && i + 1 < tokens.size()) {
            std::uint64_t seed = 0;
            const std::string& digits = tokens[i + 1].key;
            const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), seed);
            if (result.ec == std::errc() && result.ptr == digits.data() + digits.size()) {
                c.seed = seed;
                c.order = RoundOrder::Shuffled;
                i += 2;
                continue;
            }
        }
        if (!duration) {
            if (const auto found = duration_at(tokens, i)) {
                duration = found->second;
                i = found->first;
                continue;
            }
        }
        static const std::array<std::pair<std::string_view, RoundOrder>, 21> k_orders = {{
            {"shuffle", RoundOrder::Shuffled},
            {"shuffled", RoundOrder::Shuffled},
            {"random", RoundOrder::Shuffled},
            {"aleatoire", RoundOrder::Shuffled},
            {"hasard", RoundOrder::Shuffled},
            {"melange", RoundOrder::Shuffled},
            {"alphabetical", RoundOrder::Alphabetical},
            {"alphabetic", RoundOrder::Alphabetical},
            {"alpha", RoundOrder::Alphabetical},
            {"alphabetique", RoundOrder::Alphabetical},
            {"arrival", RoundOrder::Arrival},
            {"arrivee", RoundOrder::Arrival},
            {"arrivees", RoundOrder::Arrival},
            {"reverse", RoundOrder::Reverse},
            {"reversed", RoundOrder::Reverse},
            {"inverse", RoundOrder::Reverse},
            {"rebours", RoundOrder::Reverse},
            {"listed", RoundOrder::Listed},
            {"list", RoundOrder::Listed},
            {"liste", RoundOrder::Listed},
            {"listee", RoundOrder::Listed},
        }};
        bool known = false;
        for (const auto& [word, order] : k_orders) {
            if (key == word) {
                c.order = order;
                known = true;
            }
        }
        if (key == "total") {
            total = true;
            known = true;
        } else if (key == "auto" || key == "automatic" || key == "automatique" || key == "auto-advance") {
            c.auto_advance = true;
            known = true;
        }
        if (!known && !is_filler(key)) {
            const std::string_view examples = lang == Language::French
                                                  ? "«\u00a0aléatoire\u00a0», «\u00a0alphabétique\u00a0», "
                                                    "«\u00a0arrivée\u00a0», «\u00a0inverse\u00a0», "
                                                    "«\u00a0au total\u00a0» ou «\u00a0auto\u00a0»"
                                                  : "\"shuffle\", \"alphabetical\", \"arrival\", \"reverse\", "
                                                    "\"total\" or \"auto\"";
            return live_error("invalid", lang, "bad_round_word", {tokens[i].original, examples}, "text");
        }
        ++i;
    }
    if (total) {
        if (!duration) {
            return live_error("invalid", lang, "needs_duration",
                              {"round", lang == Language::French ? "tour de table 20 min au total" : "round 20m total"},
                              "text");
        }
        c.total_seconds = duration;
    } else {
        c.seconds = duration;
    }
    return std::nullopt;
}

// Strips a leading phrase such as "to say" from a note, or "à" before a name,
// comparing folded words and returning the rest as typed.
std::string strip_lead(std::string_view text, std::initializer_list<std::string_view> leads) {
    const std::vector<Token> tokens = tokenize(text);
    for (const std::string_view lead : leads) {
        const auto words = split_words(lead);
        if (tokens.size() > words.size() && matches_head(tokens, words)) {
            return original_span(tokens, words.size(), tokens.size());
        }
    }
    return std::string(text);
}

std::optional<std::int64_t> parse_int(std::string_view s) {
    std::int64_t value = 0;
    const auto result = std::from_chars(s.data(), s.data() + s.size(), value);
    if (result.ec != std::errc() || result.ptr != s.data() + s.size()) {
        return std::nullopt;
    }
    return value;
}

} // namespace

Expected<Command> parse_command(std::string_view input, Language lang) {
    const std::string normalized = text::normalize_spaces(text::trim(input));
    if (normalized.empty()) {
        return live_error("invalid", lang, "empty_command", {}, "text");
    }
    std::vector<Token> tokens = tokenize(normalized);
    Command c;

    // "+5 min": an extension.
    if (!tokens.empty() && tokens[0].key.size() > 1 && tokens[0].key[0] == '+' &&
        (tokens[0].key[1] >= '0' && tokens[0].key[1] <= '9')) {
        const auto seconds = parse_spoken_duration(std::string_view(normalized).substr(1));
        if (!seconds) {
            return live_error("invalid", lang, "needs_duration", {"+", "+5 min"}, "text");
        }
        c.kind = CommandKind::ExtendItem;
        c.seconds = seconds;
        return c;
    }
    // "10 minutes de plus", "2 min par personne".
    if (const auto found = duration_at(tokens, 0)) {
        const std::string rest = join_keys(tokens, found->first, tokens.size());
        for (const auto& suffix : k_suffixes) {
            if (rest == suffix.phrase) {
                c.kind = suffix.kind;
                c.seconds = found->second;
                return c;
            }
        }
    }

    const Head* best = nullptr;
    size_t best_length = 0;
    for (const auto& head : k_heads) {
        const auto words = split_words(head.phrase);
        const bool id_fits = (head.arg != Arg::ItemId && head.arg != Arg::OptionalItem) ||
                             tokens.size() == words.size() || looks_like_item_id(tokens, words.size());
        if (words.size() > best_length && id_fits && matches_head(tokens, words)) {
            best = &head;
            best_length = words.size();
        }
    }
    if (best == nullptr) {
        if (auto e = ambiguity(normalized, tokens, lang, true)) {
            return *e;
        }
        return unknown(normalized, tokens, lang);
    }
    c.kind = best->kind;
    c.entry_type = best->type;
    const std::string rest = original_span(tokens, best_length, tokens.size());
    const std::string head_text = original_span(tokens, 0, best_length);
    const bool has_rest = best_length < tokens.size();

    switch (best->arg) {
    case Arg::None:
    case Arg::Clear:
        if (has_rest) {
            // "point" alone is ambiguous, but "point 3" is not: only check when words follow.
            if (auto e = ambiguity(normalized, tokens, lang)) {
                return *e;
            }
            return live_error("invalid", lang, "unexpected_words", {head_text, rest}, "text");
        }
        break;
    case Arg::Note:
        c.text = strip_lead(rest, {"to say", "pour dire", ":", "-"});
        break;
    case Arg::Name:
    case Arg::OptionalName:
        c.text = strip_lead(rest, {"to", "a", ":", "pour"});
        if (c.text.empty() && best->arg == Arg::Name) {
            return live_error("invalid", lang, "needs_name", {head_text, best->example}, "text");
        }
        break;
    case Arg::Title:
        c.text = strip_lead(rest, {":", "-"});
        if (c.text.empty()) {
            return live_error("invalid", lang, "needs_text", {head_text, best->example}, "text");
        }
        break;
    case Arg::Duration: {
        size_t from = best_length;
        while (from < tokens.size() && (tokens[from].key == "by" || tokens[from].key == "de" ||
                                        tokens[from].key == "at" || tokens[from].key == "a")) {
            ++from;
        }
        size_t to = tokens.size();
        for (const auto& suffix : k_suffixes) {
            const auto words = split_words(suffix.phrase);
            if (to >= from + words.size() + 1 && join_keys(tokens, to - words.size(), to) == suffix.phrase) {
                to -= words.size();
                break;
            }
        }
        const auto seconds = parse_spoken_duration(original_span(tokens, from, to));
        if (!seconds) {
            if (!has_rest) {
                if (auto e = ambiguity(normalized, tokens, lang)) {
                    return *e;
                }
            }
            return live_error("invalid", lang, "needs_duration", {head_text, best->example}, "text");
        }
        c.seconds = seconds;
        break;
    }
    case Arg::Round:
        if (auto e = parse_round(c, tokens, best_length, lang)) {
            return *e;
        }
        break;
    case Arg::ItemId:
    case Arg::OptionalItem:
        c.item_id = rest;
        if (!c.item_id.empty() && c.item_id[0] == '#') {
            c.item_id.erase(0, 1);
        }
        if (c.item_id.empty() && best->arg == Arg::ItemId) {
            if (auto e = ambiguity(normalized, tokens, lang)) {
                return *e;
            }
            return live_error("invalid", lang, "needs_text", {head_text, best->example}, "item_id");
        }
        break;
    case Arg::Move: {
        std::vector<std::int64_t> numbers;
        for (size_t i = best_length; i < tokens.size(); ++i) {
            const auto n = parse_int(tokens[i].key);
            if (n) {
                numbers.push_back(*n);
            } else if (!is_filler(tokens[i].key) && tokens[i].key != "position" && tokens[i].key != "entry" &&
                       tokens[i].key != "entree") {
                numbers.clear();
                break;
            }
        }
        if (numbers.size() != 2 || numbers[1] < 1) {
            if (auto e = ambiguity(normalized, tokens, lang)) {
                return *e;
            }
            return live_error("invalid", lang, "needs_numbers", {head_text, best->example}, "text");
        }
        c.entry_id = numbers[0];
        c.position = static_cast<int>(numbers[1] - 1); // typed 1-based, like the queue on screen
        break;
    }
    }
    return c;
}

std::string help_text(Language lang) {
    struct Line {
        CommandKind kind;
        EntryType type;
        std::string_view en;
        std::string_view fr;
    };
    static const std::array k_lines = {
        Line{K::RaiseHand, EntryType::NewTopic,
             "raise your hand, with an optional note (the facilitator: q+ Name … for someone)",
             "lever la main, avec une note facultative (l’animation : q+ Nom … pour quelqu’un)"},
        Line{K::RaiseHand, EntryType::Reply, "reply to the current speaker", "répondre à la personne qui parle"},
        Line{K::RaiseHand, EntryType::Clarify, "a clarifying question", "une question de précision"},
        Line{K::RaiseHand, EntryType::PointOfOrder, "a point of order (goes first)",
             "un rappel au règlement (passe en premier)"},
        Line{K::LowerHand, EntryType::NewTopic, "lower your hand", "baisser la main"},
        Line{K::AckNext, EntryType::NewTopic, "give the floor to the next in the queue",
             "donner la parole à la personne suivante de la file"},
        Line{K::NextSpeaker, EntryType::NewTopic, "next speaker (in a round: the next turn)",
             "personne suivante (dans un tour de table : le tour suivant)"},
        Line{K::CloseQueue, EntryType::NewTopic, "close the queue to participants",
             "fermer la file aux participant·es"},
        Line{K::OpenQueue, EntryType::NewTopic, "reopen the queue", "rouvrir la file"},
        Line{K::MoveEntry, EntryType::NewTopic, "move queue entry 3 to position 1",
             "déplacer l’entrée 3 en position 1"},
        Line{K::LastWord, EntryType::NewTopic, "give someone the last word; the queue closes",
             "donner le dernier mot ; la file se ferme"},
        Line{K::SpeakerLimit, EntryType::NewTopic, "a time limit per speaker", "une limite de temps par personne"},
        Line{K::StartRound, EntryType::NewTopic,
             "start a round: per person or \"total\", shuffle, alphabetical, arrival, reverse, auto",
             "lancer un tour de table : par personne ou « au total », aléatoire, alphabétique, arrivée, "
             "inverse, auto"},
        Line{K::Pass, EntryType::NewTopic, "pass your turn in a round", "passer son tour"},
        Line{K::MoveToEnd, EntryType::NewTopic, "move the current speaker to the end of the round",
             "mettre la personne qui parle en fin de tour"},
        Line{K::SetBudget, EntryType::NewTopic, "a speaking budget per person for the whole meeting",
             "un budget de parole par personne pour toute la rencontre"},
        Line{K::StartMeeting, EntryType::NewTopic, "start the meeting", "commencer la rencontre"},
        Line{K::EndMeeting, EntryType::NewTopic, "end the meeting", "terminer la rencontre"},
        Line{K::StartItem, EntryType::NewTopic, "go to an agenda item", "aller à un point de l’ordre du jour"},
        Line{K::NextItem, EntryType::NewTopic, "next agenda item", "point suivant"},
        Line{K::PreviousItem, EntryType::NewTopic, "previous agenda item", "point précédent"},
        Line{K::SkipItem, EntryType::NewTopic, "skip the current item", "sauter le point en cours"},
        Line{K::ExtendItem, EntryType::NewTopic, "more time for this item (also \"+5 min\")",
             "plus de temps pour ce point (aussi « +5 min », « 10 minutes de plus »)"},
        Line{K::Pause, EntryType::NewTopic, "pause every clock", "mettre toutes les horloges en pause"},
        Line{K::Resume, EntryType::NewTopic, "resume", "reprendre"},
        Line{K::Replan, EntryType::NewTopic, "shrink the remaining items to end on time",
             "raccourcir les points restants pour finir à l’heure"},
        Line{K::AddAgendaItem, EntryType::NewTopic, "add an agenda item", "ajouter un point à l’ordre du jour"},
        Line{K::MarkPresent, EntryType::NewTopic, "mark someone present", "noter une personne présente"},
        Line{K::MarkRegrets, EntryType::NewTopic, "mark someone excused", "noter une personne excusée"},
        Line{K::Notice, EntryType::NewTopic, "show a message to the room", "afficher un message à la salle"},
        Line{K::Help, EntryType::NewTopic, "this list", "cette liste"},
    };
    const bool french = lang == Language::French;
    std::string out =
        french ? "Commandes (majuscules et accents indifférents) :\n" : "Commands (case and accents do not matter):\n";
    for (const auto& line : k_lines) {
        std::vector<std::string_view> forms;
        for (const auto& head : k_heads) {
            if (head.kind == line.kind && head.type == line.type && speaks(head.lang, lang) && forms.size() < 3) {
                forms.push_back(head.example_in(lang));
            }
        }
        for (const auto& suffix : k_suffixes) {
            if (suffix.kind == line.kind && speaks(suffix.lang, lang) && forms.size() < 4) {
                forms.push_back(suffix.example);
            }
        }
        out += "  ";
        for (size_t i = 0; i < forms.size(); ++i) {
            out += i > 0 ? " | " : "";
            out += forms[i];
        }
        out += "  — ";
        out += french ? line.fr : line.en;
        out += '\n';
    }
    return out;
}

} // namespace quorum::live
