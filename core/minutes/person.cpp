// A person's name (and affiliation) in a line, strictly or as attendance lists write it.

#include "minutes/reader_state.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace quorum::minutes::detail {

namespace {

bool is_filler_word(std::string_view key) {
    return key == "all" || key == "everyone" || key == "everybody" || key == "tous" || key == "toutes" ||
           key == "personne" || key == "aucun" || key == "aucune" || key == "none" || key == "n a" || key == "na" ||
           key == "tbd" || key == "nobody" || key == "rien" || key == "idem" || key == "same" || key == "voir" ||
           key == "see" || key == "others" || key == "autres" || key == "x";
}

bool is_particle(std::string_view word) {
    static constexpr std::string_view k_particles[] = {"de",  "du",  "des", "la",  "le", "van", "von", "der",
                                                       "den", "da",  "di",  "d'",  "el", "al",  "y",   "dos",
                                                       "das", "bin", "ben", "ter", "af", "zu",  "del", "della"};
    for (std::string_view particle : k_particles) {
        if (word == particle) {
            return true;
        }
    }
    return word.starts_with("d'") || word.starts_with("d\u2019");
}

// "Élias A. Michelena", "Jean-Noé Landry", "Vincent van Schendel", "Ricky Ng-Adam".
bool looks_like_name(std::string_view name, bool allow_single_word) {
    name = text::trim(name);
    if (name.empty() || name.size() > 60) {
        return false;
    }
    for (char c : name) {
        if (std::isdigit(static_cast<unsigned char>(c)) || c == ':' || c == '/' || c == '@' || c == '?' || c == ',' ||
            c == '!' || c == '=' || c == '[' || c == '|') {
            return false;
        }
    }
    std::vector<std::string> words;
    for (const std::string& word : text::split(name, ' ')) {
        if (!word.empty()) {
            words.push_back(word);
        }
    }
    if (words.empty() || words.size() > 6 || (words.size() == 1 && !allow_single_word)) {
        return false;
    }
    int capitalised = 0;
    for (const std::string& word : words) {
        if (is_particle(word)) {
            continue;
        }
        // Every hyphenated part is capitalised: "Salathé-Beaulieu", "Abel-Lévesque".
        for (const std::string& part : text::split(word, '-')) {
            if (!part.empty() && !is_upper_initial(part)) {
                return false;
            }
        }
        ++capitalised;
    }
    if (capitalised == 0) {
        return false;
    }
    // "Responsabilités Générales"-like headings in title case are rare; all-caps lines
    // ("DÉROULEMENT DE LA RENCONTRE") are headings, not people.
    std::string letters;
    for (char c : name) {
        if (std::isalpha(static_cast<unsigned char>(c))) {
            letters += c;
        }
    }
    bool all_caps = letters.size() > 3 && std::all_of(letters.begin(), letters.end(), [](char c) {
                        return std::isupper(static_cast<unsigned char>(c));
                    });
    return !all_caps;
}

std::string strip_bullet(std::string_view line) {
    std::string_view s = text::trim(line);
    for (std::string_view bullet : {"- ", "* ", "• ", "– ", "+ "}) {
        if (s.starts_with(bullet)) {
            s.remove_prefix(bullet.size());
            break;
        }
    }
    for (std::string_view box : {"[x] ", "[X] ", "[ ] "}) {
        if (s.starts_with(box)) {
            s.remove_prefix(box.size());
            break;
        }
    }
    return std::string(text::trim(s));
}

// Finds the ')' closing the '(' at `open`, allowing nesting.
size_t closing_paren(std::string_view s, size_t open) {
    int depth = 0;
    for (size_t i = open; i < s.size(); ++i) {
        if (s[i] == '(' || s[i] == '[') {
            ++depth;
        } else if (s[i] == ')' || s[i] == ']') {
            if (--depth == 0) {
                return i;
            }
        }
    }
    return std::string_view::npos;
}

// A nickname or handle as attendance lists write them: "U+039b", "Lovis_IX", "Mr0grog", "ECD".
bool looks_like_nickname(std::string_view word) {
    if (word.size() < 2 || word.size() > 39) {
        return false;
    }
    bool letter = false;
    for (char c : word) {
        unsigned char u = static_cast<unsigned char>(c);
        if (std::isalpha(u) || u >= 0x80) {
            letter = true;
        } else if (!std::isdigit(u) && c != '_' && c != '.' && c != '+' && c != '-' && c != '\'') {
            return false;
        }
    }
    return letter && !is_filler_word(text::fold_key(word));
}

// A name as people type it in a list of attendees: up to four words, at least one
// capitalised, no common words ("elf Pavlik", "Elisabeth Talbourdet-ville").
bool looks_like_loose_name(std::string_view name) {
    static constexpr std::string_view k_common[] = {
        "the", "and", "or", "of", "to", "in", "on", "for", "with", "is", "are", "was", "not", "no", "yes", "all",
        "et", "ou", "pour", "avec", "est", "sont", "pas", "un", "une", "les", "aux", "au", "par", "sur", "dans",
        "nous", "vous", "il", "elle", "on", "a", "an", "by", "at", "from", "will", "see", "voir", "tbd"};
    std::vector<std::string> words;
    for (const std::string& word : text::split(name, ' ')) {
        if (!word.empty()) {
            words.push_back(word);
        }
    }
    if (words.empty() || words.size() > 4) {
        return false;
    }
    bool capital = false;
    bool lower = false;
    for (const std::string& word : words) {
        std::string key = text::to_lower(word);
        for (char c : word) {
            lower = lower || std::islower(static_cast<unsigned char>(c));
        }
        for (std::string_view common : k_common) {
            if (key == common) {
                return false;
            }
        }
        for (char c : word) {
            unsigned char u = static_cast<unsigned char>(c);
            if (!(std::isalpha(u) || u >= 0x80 || c == '-' || c == '\'' || c == '.')) {
                return false;
            }
        }
        capital = capital || is_upper_initial(word);
    }
    return capital && (lower || name.size() <= 4); // "DÉROULEMENT DE LA RENCONTRE" is a heading
}

} // namespace

bool is_upper_initial(std::string_view word) {
    if (word.empty()) {
        return false;
    }
    unsigned char c = static_cast<unsigned char>(word[0]);
    if (c < 0x80) {
        return std::isupper(c) != 0;
    }
    // UTF-8 capitals of Latin-1 (U+00C0–U+00DE) and the even code points of Latin Extended-A.
    if (c == 0xC3 && word.size() > 1) {
        unsigned char d = static_cast<unsigned char>(word[1]);
        return d >= 0x80 && d <= 0x9E && d != 0x97;
    }
    if ((c == 0xC4 || c == 0xC5) && word.size() > 1) {
        unsigned char d = static_cast<unsigned char>(word[1]);
        return (d % 2) == 0;
    }
    return false;
}

// "chair", "scribe", "secrétaire": a role someone holds in the meeting.
bool is_meeting_role(std::string_view key) {
    static const std::set<std::string_view> roles = {
        "chair",      "co-chair",   "cochair",     "scribe",      "note taker",  "note-taker", "minutes",
        "facilitator", "moderator", "host",        "timekeeper",  "president",   "presidente", "secretaire",
        "secretary",  "tresorier",  "tresoriere",  "treasurer",   "animateur",   "animatrice", "invite",
        "invitee",    "guest",      "observer",    "observateur", "observatrice"};
    return roles.contains(key);
}

bool parse_person_impl(std::string_view raw, Participant& person, bool allow_comma, bool allow_single_word) {
    std::string line = strip_bullet(raw);
    while (!line.empty() && (line.back() == '.' || line.back() == ',' || line.back() == ';')) {
        line.pop_back();
    }
    std::string name;
    std::string affiliation;
    if (size_t open = line.find('('); open != std::string::npos) {
        size_t close = closing_paren(line, open);
        if (close == std::string::npos || text::trim(std::string_view(line).substr(close + 1)).size() > 0) {
            return false;
        }
        name = text::trim_copy(std::string_view(line).substr(0, open));
        affiliation = text::trim_copy(std::string_view(line).substr(open + 1, close - open - 1));
    } else {
        size_t dash = std::string::npos;
        size_t dash_length = 0;
        for (std::string_view separator : {" — ", " – ", " - "}) {
            if (size_t found = line.find(separator); found != std::string::npos) {
                dash = found;
                dash_length = separator.size();
                break;
            }
        }
        if (dash != std::string::npos) {
            name = text::trim_copy(std::string_view(line).substr(0, dash));
            affiliation = text::trim_copy(std::string_view(line).substr(dash + dash_length));
        } else if (allow_comma && line.find(", ") != std::string::npos) {
            size_t comma = line.find(", ");
            name = text::trim_copy(std::string_view(line).substr(0, comma));
            affiliation = text::trim_copy(std::string_view(line).substr(comma + 2));
        } else {
            name = line;
        }
    }
    if (!looks_like_name(name, allow_single_word || !affiliation.empty())) {
        return false;
    }
    if (affiliation.size() > 120) {
        return false;
    }
    person.name = name;
    person.affiliation = affiliation;
    return true;
}

// One entry of an attendance list, read leniently: the name comes first and what
// follows it (organisation, role, handle, pronouns) is dropped or kept as the
// affiliation. "Oscar Wendt @ow (chair)", "Ted Roe (he/him) (Acme)", "-Lia Noor, Professeure…",
// "Kim Lee / Acme / @kim", "Agathe [Durand]{.smallcaps}", "@handle".
bool parse_listed_person(std::string_view raw, Participant& person) {
    std::string line = strip_bullet(raw);
    if (line.size() > 1 && (line[0] == '-' || line[0] == '*') && line[1] != ' ' && line[1] != '-') {
        line.erase(0, 1); // "-Name" written without the space
    }
    // "Ana Silva      Acme": fixed-width columns (a run of spaces) part the name from the rest
    if (size_t run = line.find("  "); run != std::string::npos && run > 0) {
        size_t end = line.find_first_not_of(' ', run);
        if (end != std::string::npos) {
            line.replace(run, end - run, " | ");
        }
    }
    // Attribute spans and brackets left by other Markdown dialects.
    std::string cleaned;
    cleaned.reserve(line.size());
    for (size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '{' && line.find('}', i) != std::string::npos && i > 0 && line[i - 1] == ']') {
            i = line.find('}', i);
            continue;
        }
        if (line[i] == '[' || line[i] == ']' || line[i] == '*' || line[i] == '`') {
            continue;
        }
        cleaned += line[i];
    }
    line = text::trim_copy(text::normalize_spaces(cleaned));
    while (!line.empty() && (line.back() == '.' || line.back() == ',' || line.back() == ';' || line.back() == ':')) {
        line.pop_back();
    }
    line = text::trim_copy(line);
    if (line.empty() || line.size() > 300) {
        return false;
    }
    if (parse_person_impl(line, person, true, true)) {
        return true;
    }
    size_t cut = line.size();
    size_t rest = line.size();
    bool handle_follows = false;
    for (std::string_view separator : {" (", ", ", " - ", " \u2013 ", " \u2014 ", " / ", " | ", " @", "\t", " : ", " <"}) {
        size_t found = line.find(separator);
        if (found != std::string::npos && found < cut) {
            cut = found;
            rest = found + separator.size();
            handle_follows = separator == " @";
        }
    }
    if (handle_follows) {
        // "Oscar Wendt @ow (chair)": the handle is no affiliation
        while (rest < line.size() && line[rest] != ' ') {
            ++rest;
        }
    }
    std::string name = text::trim_copy(std::string_view(line).substr(0, cut));
    if (!name.empty() && name[0] == '@') {
        name.erase(0, 1);
    }
    bool single = name.find(' ') == std::string::npos;
    if (name.empty() || !(looks_like_name(name, true) || (single ? looks_like_nickname(name) : looks_like_loose_name(name)))) {
        return false;
    }
    if (single && is_filler_word(text::fold_key(name))) {
        return false;
    }
    std::string affiliation = rest < line.size() ? text::trim_copy(std::string_view(line).substr(rest)) : std::string();
    if (!affiliation.empty() && affiliation.front() == '(') {
        affiliation.erase(0, 1);
    }
    while (!affiliation.empty() && (affiliation.back() == ')' || affiliation.back() == '>')) {
        affiliation.pop_back();
    }
    if (size_t handle = affiliation.find(" @"); handle != std::string::npos) {
        affiliation.erase(handle); // "Kestrel / @raj": the handle is no affiliation
        while (!affiliation.empty() && (affiliation.back() == '/' || affiliation.back() == '|' ||
                                        affiliation.back() == ',' || affiliation.back() == ' ')) {
            affiliation.pop_back();
        }
    }
    affiliation = text::trim_copy(affiliation);
    if (is_meeting_role(text::fold_key(affiliation))) {
        affiliation.clear(); // "(chair)", "(scribe)": a role in this meeting, not an organisation
    }
    person.name = name;
    person.affiliation = affiliation.size() <= 120 && affiliation.find('@') != 0 ? affiliation : std::string();
    return true;
}

// Splits "Alice (W3C), Bob et Chloé (Université d'Ottawa et ANITI); Dan" into people.
std::vector<std::string> split_names(std::string_view value) {
    std::vector<std::string> pieces;
    std::string current;
    int depth = 0;
    auto flush = [&] {
        std::string piece = text::trim_copy(current);
        if (!piece.empty()) {
            pieces.push_back(piece);
        }
        current.clear();
    };
    for (size_t i = 0; i < value.size(); ++i) {
        char c = value[i];
        if (c == '(' || c == '[') {
            ++depth;
        } else if ((c == ')' || c == ']') && depth > 0) {
            --depth;
        }
        if (depth == 0 && (c == ',' || c == ';')) {
            flush();
            continue;
        }
        if (depth == 0) {
            std::string_view rest = value.substr(i);
            bool matched = false;
            for (std::string_view conjunction : {" et ", " and ", " & "}) {
                if (rest.starts_with(conjunction)) {
                    flush();
                    i += conjunction.size() - 1;
                    matched = true;
                    break;
                }
            }
            if (matched) {
                continue;
            }
        }
        current += c;
    }
    flush();
    return pieces;
}

} // namespace quorum::minutes::detail
