#include "minutes/reader.hpp"

#include "domain/names.hpp"
#include "util/datetime.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <unordered_map>

namespace quorum::minutes {

namespace {

using markdown::Block;
using markdown::BlockKind;

// One logical line of the minutes. Pasted text puts one paragraph per line and
// Markdown puts several lines in one paragraph; the reader works on lines so both
// read the same.
struct Line {
    std::string text; // trimmed, spaces normalised, tabs kept (they separate cells)
    std::string key;  // fold_key(text), computed lazily for short lines only
    int number = 0;
    size_t block = 0;
    BlockKind kind = BlockKind::Paragraph;
    bool first_of_block = true;
    int heading_level = 0;
    bool is_item = false; // first line of a list item
    bool ordered = false;
    int item_number = 0;
    int depth = 0;
    std::optional<bool> checked;
    std::vector<std::string> cells; // GFM table row, or a tab-separated pasted row
    bool header_row = false;
};

constexpr size_t k_short_line = 160;

bool has_tab(std::string_view s) {
    return s.find('\t') != std::string_view::npos;
}

// Most lines hold no tab, no double space and no special space: skip the copy.
bool needs_normalizing(std::string_view s) {
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '\t' || c == 0xC2 || c == 0xE2 || (c == ' ' && i + 1 < s.size() && s[i + 1] == ' ')) {
            return true;
        }
    }
    return false;
}

std::vector<std::string> split_cells(std::string_view s) {
    std::vector<std::string> cells;
    for (const std::string& cell : text::split(s, '\t')) {
        cells.push_back(text::trim_copy(cell));
    }
    while (!cells.empty() && cells.back().empty()) {
        cells.pop_back();
    }
    return cells;
}

// "key: value" as front matter writes it: a short identifier, then ':' or '='.
bool is_front_matter_key_line(std::string_view s) {
    size_t i = 0;
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '-')) {
        ++i;
    }
    if (i == 0 || i > 40) {
        return false;
    }
    while (i < s.size() && s[i] == ' ') {
        ++i;
    }
    return i < s.size() && (s[i] == ':' || s[i] == '=');
}

// The last source line of the metadata at the top of a static-site page, or 0.
// YAML: "---" on line 1 (a thematic break), "key: value" lines and "- item" lists, up to
// the closing "---" (a break, or the underline that makes the last lines a heading).
// TOML: "+++" on line 1 up to the next "+++" line.
int front_matter_end(const markdown::Document& document) {
    const auto& blocks = document.blocks;
    if (blocks.empty() || blocks[0].line != 1) {
        return 0;
    }
    if (blocks[0].kind == BlockKind::Paragraph && blocks[0].text.starts_with("+++")) {
        size_t close = blocks[0].text.find("\n+++");
        if (close == std::string::npos) {
            return 0;
        }
        return blocks[0].line + static_cast<int>(std::count(blocks[0].text.begin(),
                                                            blocks[0].text.begin() + static_cast<long>(close), '\n')) +
               1;
    }
    if (blocks[0].kind != BlockKind::Break || blocks.size() < 2 || blocks[1].line != 2 ||
        !is_front_matter_key_line(blocks[1].text)) {
        return 0;
    }
    int last = 1;
    for (size_t b = 1; b < blocks.size() && b < 200; ++b) {
        const Block& block = blocks[b];
        if (block.line > last + 2) {
            return 0;
        }
        if (block.kind == BlockKind::Break) {
            return block.line;
        }
        if (block.kind == BlockKind::Heading) {
            return block.end_line > 0 ? block.end_line : block.line + 1;
        }
        if (block.kind != BlockKind::ListItem && !is_front_matter_key_line(block.text)) {
            return 0;
        }
        last = std::max(block.line, block.end_line);
    }
    return 0;
}

std::vector<Line> make_lines(const markdown::Document& document, int skip_until = 0) {
    std::vector<Line> lines;
    lines.reserve(document.blocks.size() * 2);
    for (size_t b = 0; b < document.blocks.size(); ++b) {
        const Block& block = document.blocks[b];
        if (block.kind == BlockKind::Break) {
            continue;
        }
        if (skip_until > 0 && std::max(block.line, block.end_line) <= skip_until) {
            continue;
        }
        if (block.kind == BlockKind::TableRow) {
            Line line;
            line.number = block.line;
            line.block = b;
            line.kind = block.kind;
            for (const std::string& cell : block.cells) {
                line.cells.push_back(text::trim_copy(text::normalize_spaces(cell)));
            }
            line.header_row = block.is_header_row;
            for (size_t i = 0; i < line.cells.size(); ++i) {
                line.text += (i ? "\t" : "") + line.cells[i];
            }
            lines.push_back(std::move(line));
            continue;
        }
        if (block.kind == BlockKind::Code || block.kind == BlockKind::Html) {
            continue; // code and raw HTML blocks carry no meeting structure
        }
        // A list item whose text holds tabs is one pasted table row: the raw HTML
        // inside its first cell ("<ul>a. …b. …") stays with it.
        bool keep_whole = block.kind == BlockKind::ListItem && has_tab(block.text);
        if (block.kind == BlockKind::Paragraph && has_tab(block.text)) {
            keep_whole = std::count(block.text.begin(), block.text.end(), '\n') > 0 &&
                         text::split(block.text, '\n').front().find('\t') != std::string::npos &&
                         !has_tab(text::split(block.text, '\n').back());
        }
        std::vector<std::string> pieces;
        if (keep_whole) {
            pieces.push_back(block.text);
        } else {
            pieces = text::split(block.text, '\n');
        }
        int offset = 0;
        bool first = true;
        for (std::string& piece : pieces) {
            std::string normalized = text::trim_copy(piece);
            int number = block.line + offset;
            offset += keep_whole ? 0 : 1;
            if (normalized.empty() || (skip_until > 0 && number <= skip_until)) {
                continue;
            }
            Line line;
            line.number = number;
            line.block = b;
            line.kind = block.kind;
            line.first_of_block = first;
            if (block.kind == BlockKind::Heading) {
                line.heading_level = block.level;
            }
            if (block.kind == BlockKind::ListItem && first) {
                line.is_item = true;
                line.ordered = block.ordered;
                line.item_number = block.number;
                line.checked = block.checked;
                line.depth = block.level;
            } else if (block.kind == BlockKind::ListItem) {
                line.depth = block.level;
            }
            if (has_tab(normalized)) {
                // Cells are separated by tabs; in a pasted row kept whole, the first
                // cell keeps the pieces (sub-items, descriptions) that raw HTML put on
                // further lines.
                line.cells = split_cells(normalized);
            }
            line.text = needs_normalizing(normalized) ? text::normalize_spaces(normalized) : std::move(normalized);
            // Labels, headings and names are short: long lines never need a key.
            if (line.text.size() <= k_short_line) {
                line.key = text::fold_key(line.text);
            }
            first = false;
            lines.push_back(std::move(line));
        }
    }
    return lines;
}

// Splits "Label : value" (French spacing allowed). The label must be short and
// must not be a URL scheme.
bool split_label(std::string_view line, std::string& label, std::string& value) {
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 80) {
        return false;
    }
    if (line.substr(colon).starts_with("://") || line.substr(colon).starts_with(":/")) {
        return false;
    }
    std::string_view left = text::trim(line.substr(0, colon));
    // Strip list and emphasis leftovers: "- **Date**".
    while (!left.empty() && (left.front() == '-' || left.front() == '*' || left.front() == ' ')) {
        left.remove_prefix(1);
    }
    if (left.empty() || std::count(left.begin(), left.end(), ' ') > 8) {
        return false;
    }
    label = std::string(left);
    value = text::trim_copy(line.substr(colon + 1));
    return true;
}

bool key_starts(std::string_view key, std::initializer_list<std::string_view> prefixes) {
    for (std::string_view prefix : prefixes) {
        if (key.starts_with(prefix) && (key.size() == prefix.size() || key[prefix.size()] == ' ')) {
            return true;
        }
    }
    return false;
}

bool key_contains(std::string_view key, std::initializer_list<std::string_view> words) {
    std::string padded = " " + std::string(key) + " ";
    for (std::string_view word : words) {
        if (padded.find(" " + std::string(word) + " ") != std::string::npos) {
            return true;
        }
    }
    return false;
}

enum class ListKind { None, Present, Excused, Absent, Proxy };

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

// A sentence that introduces the attendance list: "Étaient présentes les personnes
// suivantes (physiquement ou à distance) :", "The following members were present:".
ListKind attendance_sentence(std::string_view key) {
    // The phrase opens or closes the sentence: "Après consultation des membres présents,
    // se représentent…" introduces candidates, not attendees.
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

bool is_filler_word(std::string_view key) {
    return key == "all" || key == "everyone" || key == "everybody" || key == "tous" || key == "toutes" ||
           key == "personne" || key == "aucun" || key == "aucune" || key == "none" || key == "n a" || key == "na" ||
           key == "tbd" || key == "nobody" || key == "rien" || key == "idem" || key == "same" || key == "voir" ||
           key == "see" || key == "others" || key == "autres" || key == "x";
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

// One entry of an attendance list, read leniently: the name comes first and what
// follows it (organisation, role, handle, pronouns) is dropped or kept as the
// affiliation. "Oscar Wendt @ow (chair)", "Ted Roe (he/him) (Acme)", "-Lia Noor, Professeure…",
// "Kim Lee / Acme / @kim", "Agathe [Durand]{.smallcaps}", "@handle".
bool parse_listed_person(std::string_view raw, Participant& person) {
    std::string line = strip_bullet(raw);
    if (line.size() > 1 && (line[0] == '-' || line[0] == '*') && line[1] != ' ' && line[1] != '-') {
        line.erase(0, 1); // "-Name" written without the space
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
    for (std::string_view separator : {" (", ", ", " - ", " \u2013 ", " \u2014 ", " / ", " | ", " @", "\t", " : ", " <"}) {
        size_t found = line.find(separator);
        if (found != std::string::npos && found < cut) {
            cut = found;
            rest = found + separator.size();
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
    while (!affiliation.empty() && (affiliation.back() == ')' || affiliation.back() == '>')) {
        affiliation.pop_back();
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

class Reader {
public:
    Reader(const markdown::Document& document, const ReadOptions& options)
        : m_document(document), m_front_end(front_matter_end(document)), m_lines(make_lines(document, m_front_end)) {
        read_front_matter();
        m_meeting.language = options.language.empty() ? detect_language() : options.language;
        m_language = m_meeting.language == "fr" ? text::Language::French : text::Language::English;
    }

    Meeting read() {
        read_title();
        read_header_fields();
        read_agenda();
        read_participant_lists();
        read_roles();
        read_sections();
        read_speakers_and_excerpts();
        return std::move(m_meeting);
    }

private:
    // The front matter's title and date: metadata, not the minutes' text, but the
    // meeting's own title and date when the text does not give them.
    void read_front_matter() {
        for (size_t b = 0; b < m_document.blocks.size() && m_front_end > 0; ++b) {
            const Block& block = m_document.blocks[b];
            if (block.line > m_front_end) {
                break;
            }
            for (const std::string& piece : text::split(block.text, '\n')) {
                std::string_view line = text::trim(piece);
                size_t colon = line.find_first_of(":=");
                if (colon == std::string_view::npos || !is_front_matter_key_line(line)) {
                    continue;
                }
                std::string key = text::fold_key(line.substr(0, colon));
                std::string value = text::trim_copy(line.substr(colon + 1));
                if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
                    value = value.substr(1, value.size() - 2);
                }
                if (key == "title" && m_front_title.empty()) {
                    m_front_title = value;
                } else if (key == "date" && m_front_date.empty()) {
                    m_front_date = value;
                }
            }
        }
    }

    std::string detect_language() {
        std::string sample;
        for (const Line& line : m_lines) {
            sample += line.text;
            sample += '\n';
            if (sample.size() > 64 * 1024) {
                break;
            }
        }
        return std::string(text::language_code(text::detect_language(sample)));
    }

    // ---- title, date, time, place ----------------------------------------

    void read_title() {
        for (const Line& line : m_lines) {
            if (line.heading_level == 1) {
                m_meeting.title = strip_title_prefix(line.text);
                m_title_line = line.number;
                return;
            }
        }
        if (!m_front_title.empty()) {
            m_meeting.title = m_front_title;
            return;
        }
        for (const Line& line : m_lines) {
            std::string label, value;
            if (split_label(line.text, label, value)) {
                std::string key = text::fold_key(label);
                if (key_starts(key, {"meeting", "reunion", "rencontre", "titre", "title", "objet", "subject"}) &&
                    !value.empty()) {
                    m_meeting.title = value;
                    m_title_line = line.number;
                    return;
                }
            }
        }
        // A plain first line standing alone above the first heading: "Board 11 June 2015".
        if (m_lines.size() > 1 && m_lines[0].heading_level == 0 && !m_lines[0].is_item && m_lines[0].cells.empty() &&
            m_lines[0].text.size() <= 100 && m_lines[1].heading_level > 0) {
            m_meeting.title = strip_title_prefix(m_lines[0].text);
            m_title_line = m_lines[0].number;
            return;
        }
        // Pasted minutes: the first short line that is not a date or a label.
        for (size_t i = 0; i < m_lines.size() && i < 10; ++i) {
            const Line& line = m_lines[i];
            if (line.text.size() > 150 || line.is_item || !line.cells.empty()) {
                continue;
            }
            if (datetime::find_date(line.text, m_language) || datetime::find_time_range(line.text)) {
                continue;
            }
            m_meeting.title = strip_title_prefix(line.text);
            m_title_line = line.number;
            return;
        }
    }

    static std::string strip_title_prefix(std::string_view title) {
        std::string key = text::fold_key(title);
        for (std::string_view prefix : {"minutes", "compte rendu", "proces verbal", "meeting minutes"}) {
            if (key.starts_with(std::string(prefix) + " ") || key == prefix) {
                size_t colon = title.find(':');
                if (colon != std::string_view::npos && colon + 1 < title.size()) {
                    return text::trim_copy(title.substr(colon + 1));
                }
            }
        }
        return text::trim_copy(title);
    }

    static bool is_place_keyword_line(std::string_view key) {
        return key_contains(key, {"zoom",    "jitsi",    "teams",           "bigbluebutton",   "bbb",     "webex",
                                  "meet",    "visio",    "visioconference", "videoconference", "virtuel", "virtuelle",
                                  "virtual", "en ligne", "online",          "hybride",         "hybrid",  "salle",
                                  "room",    "local",    "bureau",          "office",          "zoom.us", "matrix",
                                  "irc"});
    }

    void read_header_fields() {
        size_t limit = std::min<size_t>(m_lines.size(), 80);
        // Labelled fields first: "Date : 10 mars 2021", "Time: 9:30–11:00 am", "Lieu : …".
        for (size_t i = 0; i < limit; ++i) {
            const Line& line = m_lines[i];
            std::string label, value;
            if (!split_label(line.text, label, value) || value.empty()) {
                continue;
            }
            std::string key = text::fold_key(label);
            if (m_meeting.date.empty() && key_starts(key, {"date", "quand", "when", "jour", "day"})) {
                if (auto date = datetime::find_date(value, m_language)) {
                    m_meeting.date = date->iso();
                    m_date_is_ambiguous = is_ambiguous_numeric_date(value);
                }
            }
            if (m_meeting.start.empty() &&
                (key_starts(key, {"time", "heure", "heures", "horaire", "hours", "quand", "when", "date"}))) {
                set_time(value);
            }
            if (m_meeting.location.empty() &&
                key_starts(key, {"location", "lieu", "place", "where", "ou", "venue", "platform", "plateforme", "salle",
                                 "room", "endroit", "video", "visio", "videoconference", "zoom", "link", "lien"})) {
                m_meeting.location = value;
            }
        }
        if (m_meeting.date.empty() && !m_front_date.empty()) {
            if (auto date = datetime::find_date(m_front_date, m_language)) {
                m_meeting.date = date->iso();
            }
        }
        if (m_date_is_ambiguous) {
            if (auto in_title = datetime::find_date(m_meeting.title, m_language);
                in_title && !is_ambiguous_numeric_date(m_meeting.title)) {
                m_meeting.date = in_title->iso();
            }
        }
        // Unlabelled lines near the top, as in pasted minutes.
        for (size_t i = 0; i < limit; ++i) {
            const Line& line = m_lines[i];
            if (line.text.size() > 100 || !line.cells.empty()) {
                continue;
            }
            if (m_meeting.date.empty()) {
                if (auto date = datetime::find_date(line.text, m_language)) {
                    m_meeting.date = date->iso();
                }
            }
            if (m_meeting.start.empty()) {
                set_time(line.text);
            }
            if (m_meeting.location.empty() && line.number != m_title_line && is_place_keyword_line(line.key) &&
                !line.is_item) {
                std::string label, value;
                m_meeting.location = split_label(line.text, label, value) && !value.empty() ? value : line.text;
            }
        }
    }

    // "3/12/2026": day and month could be either way round; the language decides,
    // unless the title names the date in words.
    static bool is_ambiguous_numeric_date(std::string_view text) {
        for (size_t i = 0; i < text.size(); ++i) {
            auto number_at = [&](size_t& pos, size_t max_digits, int& value) {
                size_t start = pos;
                value = 0;
                while (pos < text.size() && pos - start < max_digits &&
                       std::isdigit(static_cast<unsigned char>(text[pos]))) {
                    value = value * 10 + (text[pos++] - '0');
                }
                return pos > start;
            };
            if (!std::isdigit(static_cast<unsigned char>(text[i])) ||
                (i > 0 && std::isdigit(static_cast<unsigned char>(text[i - 1])))) {
                continue;
            }
            size_t pos = i;
            int first = 0, second = 0, year = 0;
            if (!number_at(pos, 2, first) || pos >= text.size() || (text[pos] != '/' && text[pos] != '.')) {
                continue;
            }
            char separator = text[pos++];
            if (!number_at(pos, 2, second) || pos >= text.size() || text[pos] != separator) {
                continue;
            }
            ++pos;
            if (number_at(pos, 4, year) && year >= 1900) {
                return first >= 1 && first <= 12 && second >= 1 && second <= 12 && first != second;
            }
        }
        return false;
    }

    void set_time(std::string_view text) {
        if (auto range = datetime::find_time_range(text)) {
            m_meeting.start = range->start.iso();
            m_meeting.end = range->end.iso();
        }
    }

    // ---- agenda ----------------------------------------------------------

    struct Columns {
        int title = -1;
        int type = -1;
        int duration = -1;
        int number = -1;
    };

    // "Agenda", "Ordre du jour", "Proposed agenda", "Déroulement de la rencontre";
    // "Topics", "Sujets", "Points abordés" only as the whole line.
    static bool is_agenda_key(std::string_view key) {
        for (std::string_view word :
             {"agenda", "ordre du jour", "deroulement", "order of business", "order of the day",
              "points a l ordre du jour", "proposed agenda", "agenda propose", "programme de la reunion",
              "programme de la rencontre", "programme de la seance", "meeting agenda"}) {
            if (key == word || key.starts_with(std::string(word) + " ") || key.ends_with(" " + std::string(word))) {
                return true;
            }
        }
        for (std::string_view word : {"topics", "key topics", "topics discussed", "discussion topics", "sujets",
                                      "sujets abordes", "points abordes", "themes abordes", "points discutes"}) {
            if (key == word) {
                return true;
            }
        }
        return false;
    }

    static bool is_agenda_heading(const Line& line) {
        if (line.text.size() > 80 || line.is_item) {
            return false;
        }
        return is_agenda_key(line.key);
    }

    // A sentence that announces the agenda list: "… appelée à statuer sur l'ordre du jour
    // suivant :", "Les points abordés ont été les suivants :", "The following topics were discussed:".
    bool is_agenda_lead(size_t i) const {
        const Line& line = m_lines[i];
        if (line.is_item || line.heading_level > 0 || line.text.empty() || line.text.size() > 300 ||
            line.text.back() != ':' ||
            i + 1 >= m_lines.size() || !m_lines[i + 1].is_item) {
            return false;
        }
        std::string key = text::fold_key(line.text);
        for (std::string_view phrase :
             {"ordre du jour", "agenda", "points abordes", "points ont ete abordes", "points suivants",
              "sujets abordes", "sujets suivants", "topics discussed", "following topics", "following items",
              "items were discussed", "topics were discussed", "points were discussed"}) {
            if (key.find(phrase) != std::string::npos) {
                return true;
            }
        }
        return false;
    }

    static Columns columns_from_header(const std::vector<std::string>& cells) {
        Columns columns;
        for (size_t i = 0; i < cells.size(); ++i) {
            std::string key = text::fold_key(cells[i]);
            int index = static_cast<int>(i);
            if (columns.duration < 0 && key_starts(key, {"duree", "duration", "temps", "time", "timebox", "minutes",
                                                         "min", "duree prevue", "temps prevu", "length"})) {
                columns.duration = index;
            } else if (columns.type < 0 && key_starts(key, {"type", "nature", "format", "mode", "kind"})) {
                columns.type = index;
            } else if (columns.number < 0 && (key == "no" || key == "n" || key == "numero" || key == "point" ||
                                              key == "item" || key == "#" || key.empty())) {
                columns.number = index;
            } else if (columns.title < 0 && key_starts(key, {"activite", "activites", "activity", "sujet", "topic",
                                                             "titre", "title", "agenda", "ordre du jour", "description",
                                                             "item", "point", "objet", "subject", "theme"})) {
                columns.title = index;
            }
        }
        if (columns.title < 0 && columns.duration >= 0) {
            for (size_t i = 0; i < cells.size(); ++i) {
                int index = static_cast<int>(i);
                if (index != columns.duration && index != columns.type && index != columns.number) {
                    columns.title = index;
                    break;
                }
            }
        }
        return columns;
    }

    static bool is_agenda_header_row(const Line& line) {
        if (line.cells.size() < 2) {
            return false;
        }
        Columns columns = columns_from_header(line.cells);
        return columns.title >= 0 && (columns.duration >= 0 || columns.type >= 0);
    }

    // "3.", "3)", "10 -" at the start of a title.
    static std::string take_number(std::string& title) {
        size_t i = 0;
        while (i < title.size() && std::isdigit(static_cast<unsigned char>(title[i]))) {
            ++i;
        }
        if (i == 0 || i > 3 || i >= title.size()) {
            return {};
        }
        if (title[i] != '.' && title[i] != ')' && title[i] != ' ' && title[i] != '-') {
            return {};
        }
        // "10 ans de l'association": a quantity, not a number.
        if (title[i] == ' ' && i + 1 < title.size() && std::islower(static_cast<unsigned char>(title[i + 1]))) {
            return {};
        }
        std::string number = title.substr(0, i);
        size_t rest = i + 1;
        while (rest < title.size() && (title[rest] == ' ' || title[rest] == '-' || title[rest] == '.')) {
            ++rest;
        }
        title = title.substr(rest);
        return number;
    }

    // A letter marker "a. " / "a) " at `pos`.
    static bool letter_marker_at(std::string_view s, size_t pos, char letter) {
        return pos + 2 < s.size() && s[pos] == letter && (s[pos + 1] == '.' || s[pos + 1] == ')') && s[pos + 2] == ' ';
    }

    // Pasted sub-items run together: "a. Mise au jeu (…)b. Veille collaborativec. Comités".
    // Finds the expected letters in sequence.
    static std::vector<std::string> split_lettered(std::string_view s) {
        std::vector<std::string> items;
        if (!letter_marker_at(s, 0, 'a')) {
            return items;
        }
        size_t start = 3;
        char next = 'b';
        while (true) {
            size_t found = std::string_view::npos;
            for (size_t pos = s.find(std::string(1, next) + ".", start); pos != std::string_view::npos;
                 pos = s.find(std::string(1, next) + ".", pos + 1)) {
                if (letter_marker_at(s, pos, next) && pos + 3 < s.size() &&
                    !std::islower(static_cast<unsigned char>(s[pos + 3]))) {
                    found = pos;
                    break;
                }
            }
            if (found == std::string_view::npos) {
                break;
            }
            items.push_back(text::trim_copy(s.substr(start, found - start)));
            start = found + 3;
            ++next;
        }
        items.push_back(text::trim_copy(s.substr(start)));
        return items;
    }

    // Splits a duration out of a title: "Budget 2027 (décision, 15 min)", "Welcome — 5 min".
    static void take_duration_and_type(std::string& title, AgendaItem& item) {
        // Parenthesised tail.
        if (!title.empty() && title.back() == ')') {
            size_t open = title.rfind('(');
            if (open != std::string::npos) {
                std::string inside = title.substr(open + 1, title.size() - open - 2);
                std::optional<int> duration;
                std::string type;
                for (const std::string& part : text::split(inside, ',')) {
                    std::string trimmed = text::trim_copy(part);
                    if (auto parsed = datetime::parse_duration(trimmed)) {
                        duration = parsed;
                    } else if (!trimmed.empty() && trimmed.size() < 30) {
                        type = trimmed;
                    }
                }
                if (duration) {
                    item.duration_seconds = duration;
                    if (!type.empty() && item.type.empty()) {
                        item.type = type;
                    }
                    title = text::trim_copy(std::string_view(title).substr(0, open));
                }
            }
        }
        if (!item.duration_seconds) {
            for (std::string_view separator : {" — ", " – ", " - ", ": ", ", "}) {
                size_t pos = title.rfind(separator);
                if (pos == std::string::npos) {
                    continue;
                }
                std::string tail = text::trim_copy(std::string_view(title).substr(pos + separator.size()));
                if (auto parsed = datetime::parse_duration(tail)) {
                    item.duration_seconds = parsed;
                    title = text::trim_copy(std::string_view(title).substr(0, pos));
                    break;
                }
            }
        }
        // A trailing "[Discussion]" is a type.
        if (!title.empty() && title.back() == ']') {
            size_t open = title.rfind('[');
            if (open != std::string::npos && title.size() - open < 30) {
                item.type = title.substr(open + 1, title.size() - open - 2);
                title = text::trim_copy(std::string_view(title).substr(0, open));
            }
        }
    }

    // Builds an agenda item from a title cell that may carry pasted sub-items and
    // descriptions on further '\n' pieces.
    AgendaItem make_item(std::string title_text, const Line& line) {
        AgendaItem item;
        item.line = line.number;
        std::vector<std::string> pieces = text::split(title_text, '\n');
        std::string title = text::trim_copy(text::normalize_spaces(pieces.empty() ? title_text : pieces.front()));
        item.number = take_number(title);
        if (item.number.empty() && line.ordered) {
            item.number = std::to_string(line.item_number);
        }
        take_duration_and_type(title, item);
        item.title = title;
        for (size_t i = 1; i < pieces.size(); ++i) {
            std::string piece = text::trim_copy(text::normalize_spaces(pieces[i]));
            if (piece.empty()) {
                continue;
            }
            std::vector<std::string> lettered = split_lettered(piece);
            if (!lettered.empty()) {
                char letter = 'a';
                for (std::string& sub : lettered) {
                    AgendaItem child;
                    child.line = line.number;
                    child.number = item.number.empty() ? std::string(1, letter) : item.number + "." + letter;
                    take_duration_and_type(sub, child);
                    child.title = sub;
                    item.children.push_back(std::move(child));
                    ++letter;
                }
                continue;
            }
            AgendaItem* target = item.children.empty() ? &item : &item.children.back();
            if (!target->description.empty()) {
                target->description += "\n";
            }
            target->description += piece;
        }
        return item;
    }

    bool parse_table_row(const Line& line, const Columns& columns, AgendaItem& item) {
        const auto& cells = line.cells;
        auto cell = [&](int index) { return index >= 0 && index < static_cast<int>(cells.size()) ? cells[index] : ""; };
        std::string title_cell;
        // The title keeps its pasted pieces: the raw row text's first cell.
        if (columns.title >= 0 && columns.title < static_cast<int>(cells.size())) {
            title_cell = cells[columns.title];
        }
        if (text::trim(title_cell).empty()) {
            return false;
        }
        item = make_item(title_cell, line);
        if (columns.number >= 0 && !cell(columns.number).empty()) {
            item.number = cell(columns.number);
            while (!item.number.empty() && (item.number.back() == '.' || item.number.back() == ')')) {
                item.number.pop_back();
            }
        }
        if (columns.type >= 0) {
            item.type = text::trim_copy(cell(columns.type));
        }
        if (columns.duration >= 0) {
            if (auto duration = datetime::parse_duration(cell(columns.duration))) {
                item.duration_seconds = duration;
            } else if (auto found = datetime::find_duration(cell(columns.duration))) {
                item.duration_seconds = found;
            }
        }
        return true;
    }

    void read_agenda() {
        for (size_t i = 0; i < m_lines.size(); ++i) {
            const Line& line = m_lines[i];
            bool found = false;
            if (line.heading_level > 0 && is_agenda_heading(line)) {
                found = read_agenda_section(i);
            } else if (is_agenda_heading(line) || is_agenda_lead(i)) {
                found = read_agenda_list(i + 1, m_lines.size(), false, i);
            } else if (is_agenda_header_row(line)) {
                found = read_agenda_list(i, m_lines.size(), false, i);
            }
            if (found) {
                finish_explicit_agenda();
                if (!m_meeting.agenda.empty()) {
                    return;
                }
            }
            m_meeting.agenda.clear();
            m_agenda_first_line = m_agenda_last_line = 0;
            m_agenda_logistics = 0;
        }
        if (read_timeboxed_agenda()) {
            return;
        }
        read_topic_headings();
    }

    // Under an agenda heading: its lists (through intro text and category lines) and its
    // sub-headings, up to the next heading of the same level.
    bool read_agenda_section(size_t heading) {
        int level = m_lines[heading].heading_level;
        size_t end = heading + 1;
        int sub_level = 0;
        size_t first_sub = m_lines.size();
        for (; end < m_lines.size(); ++end) {
            int l = m_lines[end].heading_level;
            if (l > 0 && m_lines[end].first_of_block) {
                if (l <= level) {
                    break;
                }
                if (sub_level == 0 || l < sub_level) {
                    sub_level = l;
                }
                first_sub = std::min(first_sub, end);
            }
        }
        read_agenda_list(heading + 1, std::min(first_sub, end), true, heading);
        if (m_agenda_first_line == 0) {
            m_agenda_first_line = m_lines[heading].number;
            m_agenda_last_line = m_lines[heading].number;
        }
        for (size_t j = first_sub; j < end; ++j) {
            const Line& line = m_lines[j];
            if (line.heading_level != sub_level || !line.first_of_block || is_boilerplate_heading(line.key)) {
                continue;
            }
            AgendaItem item;
            item.line = line.number;
            std::string title = strip_leading_time(line.text);
            item.number = take_number(title);
            item.title = clean_agenda_title(title, false, item);
            if (item.title.empty() || is_boilerplate_heading(text::fold_key(item.title))) {
                continue;
            }
            if (item.number.empty()) {
                item.number = std::to_string(m_meeting.agenda.size() + 1);
            }
            m_meeting.agenda.push_back(std::move(item));
        }
        return !m_meeting.agenda.empty();
    }

    // The list or table of an agenda starting at `start`. With `gaps`, paragraphs between
    // lists (an intro, category words) do not end it; `end` does.
    bool read_agenda_list(size_t start, size_t end, bool gaps, size_t label) {
        size_t before = m_meeting.agenda.size();
        read_agenda_lines(start, end, gaps, label);
        // Titles of list and table items lose their tags and commentary; a line that only
        // points to the agenda's issue or document is not an item.
        auto& agenda = m_meeting.agenda;
        std::vector<AgendaItem> kept(std::make_move_iterator(agenda.begin()),
                                     std::make_move_iterator(agenda.begin() + static_cast<long>(before)));
        for (size_t k = before; k < agenda.size(); ++k) {
            AgendaItem& item = agenda[k];
            std::string label_text, value;
            if (split_label(item.title, label_text, value) && is_logistics_label(text::fold_key(label_text))) {
                ++m_agenda_logistics;
            }
            if (is_link_line(item.title)) {
                continue;
            }
            std::string title = strip_leading_time(item.title);
            item.title = clean_agenda_title(title, true, item);
            std::vector<AgendaItem> children;
            for (AgendaItem& child : item.children) {
                if (is_link_line(child.title)) {
                    continue;
                }
                std::string child_title = strip_leading_time(child.title);
                child.title = clean_agenda_title(child_title, true, child);
                if (!child.title.empty()) {
                    children.push_back(std::move(child));
                }
            }
            item.children = std::move(children);
            if (!item.title.empty()) {
                kept.push_back(std::move(item));
            }
        }
        agenda = std::move(kept);
        return !agenda.empty();
    }

    void read_agenda_lines(size_t start, size_t end, bool gaps, size_t label) {
        m_agenda_first_line = m_lines[label].number;
        m_agenda_last_line = m_lines[label].number;
        Columns columns;
        bool in_table = false;
        size_t i = start;
        // Skip one introductory line ("Voici l'ordre du jour proposé :") if a list follows.
        if (i < end && !m_lines[i].is_item && m_lines[i].cells.empty() && i + 1 < end &&
            (m_lines[i + 1].is_item || !m_lines[i + 1].cells.empty())) {
            ++i;
        }
        int top_depth = 0;
        for (; i < end; ++i) {
            const Line& line = m_lines[i];
            if (!line.cells.empty() && line.cells.size() >= 2) {
                if (!in_table && is_agenda_header_row(line)) {
                    columns = columns_from_header(line.cells);
                    in_table = true;
                    m_agenda_last_line = line.number;
                    continue;
                }
                if (line.header_row) {
                    continue;
                }
                if (!in_table) {
                    columns = infer_columns(line.cells);
                    in_table = true;
                }
                AgendaItem item;
                if (parse_table_row(line, columns, item)) {
                    add_agenda_item(std::move(item), line);
                    m_agenda_last_line = line.number;
                    continue;
                }
                break;
            }
            if (line.kind == BlockKind::TableRow) {
                continue;
            }
            if (line.is_item && !in_table) {
                if (top_depth == 0 || (gaps && line.depth < top_depth)) {
                    top_depth = line.depth;
                }
                AgendaItem item = make_item(line.text, line);
                if (line.depth > top_depth && !m_meeting.agenda.empty()) {
                    AgendaItem& parent = m_meeting.agenda.back();
                    if (item.number.empty() || !line.ordered) {
                        item.number =
                            parent.number.empty()
                                ? std::string(1, static_cast<char>('a' + parent.children.size()))
                                : parent.number + "." + std::string(1, static_cast<char>('a' + parent.children.size()));
                    }
                    if (line.depth == top_depth + 1) {
                        parent.children.push_back(std::move(item));
                    }
                } else {
                    if (item.number.empty()) {
                        item.number = std::to_string(m_meeting.agenda.size() + 1);
                    }
                    m_meeting.agenda.push_back(std::move(item));
                }
                m_agenda_last_line = line.number;
                continue;
            }
            // Lettered sub-items written as plain lines under an item: "a. Présentation".
            if (!m_meeting.agenda.empty() && line.text.size() < 200 && line.text.size() > 3 && line.text[0] >= 'a' &&
                line.text[0] <= 'z' && letter_marker_at(line.text, 0, line.text[0]) && !in_table) {
                AgendaItem& parent = m_meeting.agenda.back();
                std::string title = line.text.substr(3);
                AgendaItem child;
                child.line = line.number;
                child.number = parent.number + "." + line.text[0];
                take_duration_and_type(title, child);
                child.title = title;
                parent.children.push_back(std::move(child));
                m_agenda_last_line = line.number;
                continue;
            }
            if (line.depth > 0 && !line.first_of_block && !m_meeting.agenda.empty()) {
                continue; // continuation line of an agenda list item
            }
            if (gaps && line.heading_level == 0) {
                continue; // intro text or a category word between lists
            }
            break;
        }
    }

    // Titles of an explicit agenda lose their tags and commentary; a line that only
    // points to the agenda's issue or document is not an item; a bulleted list whose
    // every item only groups sub-items ("General items" / "Issue 4: cache bug") reports
    // the sub-items. A block of logistics under "Agenda for …" is not an agenda.
    void finish_explicit_agenda() {
        auto& kept = m_meeting.agenda;
        if (m_agenda_logistics * 2 >= static_cast<int>(kept.size())) {
            kept.clear();
            return;
        }
        bool groups = kept.size() >= 2;
        for (const AgendaItem& item : kept) {
            size_t words = std::count(item.title.begin(), item.title.end(), ' ') + 1;
            if (item.children.empty() || words > 4 || item.duration_seconds || !item.type.empty() ||
                std::any_of(item.title.begin(), item.title.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
                groups = false;
                break;
            }
        }
        if (groups) {
            for (const Line& line : m_lines) {
                if (line.number == kept.front().line) {
                    groups = !line.ordered;
                    break;
                }
            }
        }
        if (groups) {
            std::vector<AgendaItem> leaves;
            for (AgendaItem& item : kept) {
                for (AgendaItem& child : item.children) {
                    if (!is_link_line(child.title) && !child.title.empty()) {
                        child.number = std::to_string(leaves.size() + 1);
                        leaves.push_back(std::move(child));
                    }
                }
            }
            kept = std::move(leaves);
        }
    }

    static bool is_logistics_label(std::string_view key) {
        return key_starts(key, {"where", "when", "date", "time", "location", "lieu", "heure", "quand", "ou", "dial in",
                                "dial", "call", "phone", "zoom", "link", "lien", "meeting id", "passcode",
                                "password", "room", "salle", "venue", "visio", "jitsi", "teams", "webex"});
    }

    // "Agenda issue: https://…", "https://…", "[Agenda doc](…)" alone.
    static bool is_link_line(std::string_view title) {
        std::string_view t = text::trim(title);
        if (t.starts_with("http://") || t.starts_with("https://")) {
            return t.find(' ') == std::string_view::npos;
        }
        size_t colon = t.find(": ");
        if (colon != std::string_view::npos && colon < 40) {
            std::string_view rest = text::trim(t.substr(colon + 2));
            if (!(rest.starts_with("http://") || rest.starts_with("https://")) || rest.find(' ') != std::string_view::npos) {
                return false;
            }
            // The label names the link itself: "Agenda issue", "Notes doc", "Slides".
            std::string key = text::fold_key(t.substr(0, colon));
            return key_contains(key, {"agenda", "issue", "link", "lien", "doc", "document", "notes", "minutes",
                                      "slides", "recording", "video", "zoom", "call", "meet", "pad", "hackmd",
                                      "thread", "discussion", "ordre du jour", "url"});
        }
        return false;
    }

    // "09h30 - Accueil", "11:00–11:05 Motions", "21:37 Close" → the words after the time.
    static std::string strip_leading_time(std::string_view title) {
        std::string_view t = text::trim(title);
        size_t i = 0;
        auto clock = [&](size_t& pos) {
            size_t start = pos;
            while (pos < t.size() && std::isdigit(static_cast<unsigned char>(t[pos]))) {
                ++pos;
            }
            if (pos == start || pos - start > 2 || pos >= t.size() || (t[pos] != ':' && t[pos] != 'h' && t[pos] != 'H')) {
                pos = start;
                return false;
            }
            ++pos;
            size_t minutes = pos;
            while (pos < t.size() && std::isdigit(static_cast<unsigned char>(t[pos]))) {
                ++pos;
            }
            if (t[minutes - 1] == ':' && pos - minutes != 2) {
                pos = start;
                return false;
            }
            return true;
        };
        if (!clock(i)) {
            return std::string(t);
        }
        size_t after = i;
        // A range: "11:00–11:05", "9h30 à 12h".
        for (std::string_view dash : {"\u2013", "\u2014", "-", " - ", " \u2013 ", " à ", " to "}) {
            if (t.substr(i).starts_with(dash)) {
                size_t j = i + dash.size();
                if (clock(j)) {
                    after = j;
                }
                break;
            }
        }
        std::string_view rest = t.substr(after);
        // Skip a time zone or am/pm word glued to the time ("11:00-0800", " pm").
        while (!rest.empty() && (rest.front() == ' ' || rest.front() == '-' || rest.front() == ':' ||
                                 std::isdigit(static_cast<unsigned char>(rest.front())))) {
            rest.remove_prefix(1);
        }
        for (std::string_view word : {"\u2013 ", "\u2014 ", "am ", "pm ", "AM ", "PM "}) {
            if (rest.starts_with(word)) {
                rest.remove_prefix(word.size());
            }
        }
        rest = text::trim(rest);
        return rest.empty() ? std::string(t) : std::string(rest);
    }

    // Tags that follow a title: "(10 min, Kim)", "(@ana - 2 minutes)", "(delivered by Bo)",
    // "(Gabbro)"; an unclosed "(… 20 minutes" at the end counts too.
    static bool is_tag(std::string_view inside) {
        std::string_view t = text::trim(inside);
        if (t.empty()) {
            return false;
        }
        if (t.find('@') != std::string_view::npos || datetime::find_duration(t)) {
            return true;
        }
        std::string key = text::fold_key(t);
        for (std::string_view phrase : {"delivered by", "presented by", "presente par", "presentee par", "led by",
                                        "anime par", "if any", "s il y a lieu", "optional", "facultatif"}) {
            if (key.find(phrase) != std::string::npos) {
                return true;
            }
        }
        // One to three capitalised words: a presenter's name or nickname.
        std::vector<std::string> words;
        for (const std::string& word : text::split(std::string(t), ' ')) {
            if (!word.empty()) {
                words.push_back(word);
            }
        }
        if (words.empty() || words.size() > 3) {
            return false;
        }
        for (std::string word : words) {
            while (!word.empty() && (word.back() == ',' || word.back() == ';')) {
                word.pop_back();
            }
            if (!is_upper_initial(word) || word.size() < 2) {
                return false;
            }
        }
        return true;
    }

    // A status after the title: ", adopté à l'unanimité", " — approved", "(quorum not reached)".
    static bool is_status_tail(std::string_view tail) {
        std::string key = text::fold_key(tail);
        for (std::string_view word : {"adopte", "adoptee", "adoptes", "adoptees", "approuve", "approuvee", "approuves",
                                      "elu", "elue", "elus", "reelu", "reelue", "reelus", "rejete", "rejetee",
                                      "reporte", "reportee", "approved", "adopted", "carried", "rejected", "passed",
                                      "postponed", "deferred", "elected", "re elected", "done", "fait", "faite",
                                      "quorum", "no report", "pas de nouvelles"}) {
            if (key_starts(key, {word}) || key_contains(key, {word})) {
                return key.size() < 60;
            }
        }
        return false;
    }

    std::string clean_agenda_title(std::string title, bool from_list, AgendaItem& item) const {
        title = text::trim_copy(title);
        // Trailing tags, closed or left open at the end.
        for (int round = 0; round < 2 && !title.empty(); ++round) {
            size_t open = title.rfind('(');
            if (open == std::string::npos || open == 0) {
                break;
            }
            size_t close = title.find(')', open);
            if (close != std::string::npos && close + 1 != title.size()) {
                break;
            }
            std::string inside = title.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
            if (!is_tag(inside) && !is_status_tail(inside)) {
                break;
            }
            if (!item.duration_seconds) {
                if (auto duration = datetime::find_duration(inside)) {
                    item.duration_seconds = duration;
                }
            }
            title = text::trim_copy(std::string_view(title).substr(0, open));
        }
        // ", adopté à l'unanimité", " - Rockett" (a presenter), ": 9/23 were approved on 10/14 …".
        for (std::string_view separator : {", ", " \u2014 ", " \u2013 ", " - ", " -- "}) {
            size_t pos = title.rfind(separator);
            if (pos == std::string::npos || pos == 0) {
                continue;
            }
            std::string_view tail = std::string_view(title).substr(pos + separator.size());
            bool presenter = separator != ", " && from_list && is_tag(tail) &&
                             std::count(tail.begin(), tail.end(), ' ') < 2;
            bool count = from_list && separator != ", " && !tail.empty() &&
                         std::all_of(tail.begin(), tail.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
            if (presenter || count || is_status_tail(tail)) {
                title = text::trim_copy(std::string_view(title).substr(0, pos));
                break;
            }
        }
        if (from_list) {
            size_t colon = title.find(": ");
            if (colon != std::string::npos && colon > 2) {
                std::string_view tail = text::trim(std::string_view(title).substr(colon + 2));
                size_t words = std::count(tail.begin(), tail.end(), ' ') + 1;
                bool url = tail.starts_with("http://") || tail.starts_with("https://");
                if (url || words >= 4 || is_status_tail(tail)) {
                    title = text::trim_copy(std::string_view(title).substr(0, colon));
                }
            }
        }
        while (!title.empty() && (title.back() == ':' || title.back() == ';' || title.back() == '-' ||
                                  title.back() == ',' || title.back() == '.' || title.back() == ' ')) {
            title.pop_back();
        }
        if (title.ends_with("\u2026")) {
            title = text::trim_copy(std::string_view(title).substr(0, title.size() - 3));
        }
        return title;
    }

    // Headings that are not topics of the meeting: attendance, the agenda itself, actions,
    // decisions, summaries, links, annexes, the next meeting, thanks, transcripts.
    static bool is_boilerplate_heading(std::string_view key) {
        if (key.empty() || attendance_label(key) != ListKind::None) {
            return true;
        }
        for (std::string_view word :
             {"actions", "taches", "votes", "links", "liens", "resources", "ressources", "references", "annexe",
              "annexes", "appendix", "appendices", "attachments", "thanks", "merci", "chat", "comments",
              "commentaires", "announcements", "annonces", "roles", "credentials", "minutes", "notes", "meeting notes",
              "compte rendu", "proces verbal", "discussion", "discussions", "details", "topics", "key topics",
              "deroulement", "table of contents", "sommaire", "contents", "documents", "tl dr", "tldr", "synthese",
              "resume", "summary", "questions diverses et imprevus"}) {
            if (key == word) {
                return true;
            }
        }
        return key_starts(key, {"agenda", "ordre du jour", "action items", "action item", "action points",
                                "actions a prevoir", "actions a mener", "a faire", "to do", "todo", "todos",
                                "next steps", "prochaines etapes", "suivi des actions", "review of action items",
                                "decisions", "resolutions", "les votes", "resultats des votes", "vote results",
                                "en resume", "short version", "useful links", "liens utiles", "important links",
                                "pieces jointes", "next meeting", "prochaine reunion", "prochaine rencontre",
                                "date of next meeting", "donm", "next call", "remerciements", "acknowledgements",
                                "transcript", "recording", "enregistrement", "moderator checklist"});
    }

    // Headings whose sub-headings are the topics: "Minutes", "Notes", "Compte rendu", "Topics".
    static bool is_container_heading(std::string_view key) {
        return key == "minutes" || key == "notes" || key == "meeting notes" || key == "compte rendu" ||
               key == "proces verbal" || key == "discussion" || key == "discussions" || key == "details" ||
               key == "topics" || key == "key topics" || key == "deroulement" || key == "notes de reunion" ||
               key == "sujets" || key == "points abordes";
    }

    // A list whose items carry timeboxes ("Budget (10 min - Ana)") is the prepared agenda,
    // even under no agenda heading: its items at that depth, to the end of the list.
    bool read_timeboxed_agenda() {
        std::array<int, 8> counts{};
        std::array<size_t, 8> first{};
        for (size_t i = 0; i < m_lines.size(); ++i) {
            const Line& line = m_lines[i];
            if (!line.is_item || line.depth <= 0 || line.depth >= 8 || line.text.empty() || line.text.size() > 300 ||
                line.text.back() != ')') {
                continue;
            }
            size_t open = line.text.rfind('(');
            if (open == std::string::npos) {
                continue;
            }
            std::string inside = line.text.substr(open + 1, line.text.size() - open - 2);
            std::string head = inside.substr(0, std::min(inside.find(" - "), inside.find(',')));
            if (datetime::find_duration(head)) {
                if (counts[line.depth]++ == 0) {
                    first[line.depth] = i;
                }
            }
        }
        int depth = 0;
        for (int d = 1; d < 8; ++d) {
            if (counts[d] >= 3 && (depth == 0 || counts[d] > counts[depth])) {
                depth = d;
            }
        }
        if (depth == 0) {
            return false;
        }
        size_t i = first[depth];
        while (i > 0 && (m_lines[i - 1].kind == BlockKind::ListItem) && m_lines[i - 1].depth >= depth) {
            --i;
        }
        m_agenda_first_line = m_lines[i].number;
        for (; i < m_lines.size(); ++i) {
            const Line& line = m_lines[i];
            if (line.kind != BlockKind::ListItem || line.depth < depth - 1 || line.heading_level > 0) {
                break;
            }
            if (!line.is_item || line.depth != depth) {
                continue;
            }
            AgendaItem item = make_item(line.text, line);
            std::string title = item.title;
            item.title = clean_agenda_title(title, true, item);
            if (item.title.empty()) {
                continue;
            }
            item.number = std::to_string(m_meeting.agenda.size() + 1);
            m_meeting.agenda.push_back(std::move(item));
            m_agenda_last_line = line.number;
        }
        return !m_meeting.agenda.empty();
    }

    // No agenda list: the agenda is the document's topic headings, less the title and
    // boilerplate (attendance, actions, summary, links, annexes, next meeting); headings
    // under "Minutes" / "Notes" / "Topics" are topics, those under a recap are not.
    // Without headings, short bold paragraphs or lone numbered lines that open each
    // part ("**Guest Speakers**", "3.\tAccounts") stand for them.
    void read_topic_headings() {
        size_t title_index = m_lines.size();
        std::array<int, 7> per_level{};
        size_t first_heading = m_lines.size();
        for (size_t i = 0; i < m_lines.size(); ++i) {
            const Line& line = m_lines[i];
            if (line.heading_level > 0 && line.heading_level < 7 && line.first_of_block) {
                ++per_level[line.heading_level];
                first_heading = std::min(first_heading, i);
                if (line.number == m_title_line) {
                    title_index = i;
                }
            }
        }
        if (title_index == m_lines.size() && first_heading < m_lines.size() &&
            per_level[m_lines[first_heading].heading_level] == 1) {
            title_index = first_heading; // a lone heading at the top names the meeting
        }
        struct Open {
            int level;
            int role; // 0: excluded with its sub-headings, 1: container, 2: topic
        };
        std::vector<Open> stack;
        for (size_t i = 0; i < m_lines.size(); ++i) {
            const Line& line = m_lines[i];
            if (line.heading_level == 0 || !line.first_of_block || i == title_index) {
                continue;
            }
            while (!stack.empty() && stack.back().level >= line.heading_level) {
                stack.pop_back();
            }
            bool excluded = false;
            bool under_topic = false;
            for (const Open& open : stack) {
                excluded = excluded || open.role == 0;
                under_topic = under_topic || open.role == 2;
            }
            std::string title = strip_leading_time(line.text);
            std::string number = take_number(title);
            std::string key = text::fold_key(title);
            int role = is_container_heading(key) ? 1 : is_boilerplate_heading(key) ? 0 : 2;
            stack.push_back({line.heading_level, role});
            if (excluded || under_topic || role != 2) {
                continue;
            }
            AgendaItem item;
            item.line = line.number;
            item.number = number;
            item.title = clean_agenda_title(title, false, item);
            if (item.title.empty()) {
                continue;
            }
            if (item.number.empty()) {
                item.number = std::to_string(m_meeting.agenda.size() + 1);
            }
            m_meeting.agenda.push_back(std::move(item));
        }
        if (m_meeting.agenda.empty()) {
            read_pseudo_headings();
        }
    }

    void read_pseudo_headings() {
        std::vector<AgendaItem> bold;
        std::vector<AgendaItem> numbered;
        size_t bold_caps = 0;
        const auto& blocks = m_document.blocks;
        for (const Line& line : m_lines) {
            if (!line.first_of_block || line.heading_level > 0) {
                continue;
            }
            const Block& block = blocks[line.block];
            if (block.text.size() > 200) {
                continue;
            }
            std::string text = text::trim_copy(text::normalize_spaces(block.text));
            std::replace(text.begin(), text.end(), '\n', ' ');
            text = text::normalize_spaces(text);
            if (text.empty() || text.size() > 90) {
                continue;
            }
            char last = text.back();
            if (last == '.' || last == '!' || last == '?' || last == ':' || last == ';') {
                continue;
            }
            if (block.kind == BlockKind::Paragraph && block.has_strong && text.find(": ") == std::string::npos) {
                AgendaItem item;
                item.line = line.number;
                item.title = clean_agenda_title(text, false, item);
                if (item.title.empty() || is_boilerplate_heading(text::fold_key(item.title))) {
                    continue;
                }
                std::string letters;
                for (char c : item.title) {
                    if (std::isalpha(static_cast<unsigned char>(c))) {
                        letters += c;
                    }
                }
                if (letters.size() > 3 && std::all_of(letters.begin(), letters.end(), [](char c) {
                        return std::isupper(static_cast<unsigned char>(c));
                    })) {
                    item.type = "caps";
                    ++bold_caps;
                }
                bold.push_back(std::move(item));
            } else if (block.kind == BlockKind::ListItem && line.is_item && line.ordered && line.depth == 1 &&
                       (line.block + 1 >= blocks.size() || blocks[line.block + 1].kind != BlockKind::ListItem) &&
                       (line.block == 0 || blocks[line.block - 1].kind != BlockKind::ListItem)) {
                AgendaItem item;
                item.line = line.number;
                item.number = std::to_string(line.item_number);
                item.title = clean_agenda_title(text, false, item);
                if (!item.title.empty()) {
                    numbered.push_back(std::move(item));
                }
            }
        }
        // Hundreds of them are formatting, not the parts of one meeting.
        constexpr size_t k_most_parts = 150;
        if (numbered.size() >= 3 && numbered.size() <= k_most_parts) {
            m_meeting.agenda = std::move(numbered);
            return;
        }
        if (bold_caps >= 2) {
            std::erase_if(bold, [](const AgendaItem& item) { return item.type != "caps"; });
        }
        if (bold.size() >= 2 && bold.size() <= k_most_parts) {
            for (size_t i = 0; i < bold.size(); ++i) {
                bold[i].type.clear();
                bold[i].number = std::to_string(i + 1);
            }
            m_meeting.agenda = std::move(bold);
        }
    }

    // A pasted row with no header: the duration is the cell that parses as one.
    static Columns infer_columns(const std::vector<std::string>& cells) {
        Columns columns;
        for (size_t i = 0; i < cells.size(); ++i) {
            if (columns.duration < 0 && datetime::parse_duration(cells[i])) {
                columns.duration = static_cast<int>(i);
            }
        }
        columns.title = 0;
        if (columns.duration != 1 && cells.size() > 2) {
            columns.type = 1;
        }
        return columns;
    }

    void add_agenda_item(AgendaItem item, const Line& line) {
        if (item.number.empty() && line.ordered) {
            item.number = std::to_string(line.item_number);
        }
        if (item.number.empty()) {
            item.number = std::to_string(m_meeting.agenda.size() + 1);
        }
        // "3.a" rows in a table are sub-items of 3.
        if (size_t dot = item.number.find('.'); dot != std::string::npos && !m_meeting.agenda.empty() &&
                                                m_meeting.agenda.back().number == item.number.substr(0, dot)) {
            m_meeting.agenda.back().children.push_back(std::move(item));
            return;
        }
        m_meeting.agenda.push_back(std::move(item));
    }

    // ---- participants --------------------------------------------------------

    Participant* find_person(std::string_view name) {
        auto found = m_person_index.find(text::fold_key(name));
        return found == m_person_index.end() ? nullptr : &m_meeting.participants[found->second];
    }

    void add_person(Participant person, AttendanceStatus status, int line) {
        if (Participant* existing = find_person(person.name)) {
            // A later list (regrets after present) or a repeated name refines what we know.
            if (existing->affiliation.empty()) {
                existing->affiliation = person.affiliation;
            }
            if (status != AttendanceStatus::Present) {
                existing->status = status;
            }
            return;
        }
        person.status = status;
        person.line = line;
        m_person_index.emplace(text::fold_key(person.name), m_meeting.participants.size());
        m_meeting.participants.push_back(std::move(person));
    }

    // "A, B (Org) et C", "A; B, Treasurer; C" (semicolons separate people, a comma then
    // a role), "Luc, représenté par Ana" (a proxy: not present). With `all_or_nothing`,
    // nothing is added unless every entry is a name (weak labels such as "Bureau :").
    int add_names(std::string_view value, AttendanceStatus status, int line, bool all_or_nothing = false) {
        // "… Representative. Also present: Eric Roe, planner." — a second label in the value.
        int sentences = 0;
        for (size_t dot = value.find(". "); dot != std::string_view::npos && dot < 4000 && ++sentences <= 20;
             dot = value.find(". ", dot + 2)) {
            std::string label, rest;
            if (split_label(value.substr(dot + 2), label, rest) && !rest.empty()) {
                ListKind other = attendance_label(text::fold_key(label));
                if (other != ListKind::None) {
                    int added = add_names(value.substr(0, dot), status, line, all_or_nothing);
                    return added + add_names(rest, status_for(other), line, all_or_nothing);
                }
            }
        }
        std::vector<std::string> pieces;
        bool semicolons = value.find(';') != std::string_view::npos;
        if (semicolons) {
            for (const std::string& piece : text::split(value, ';')) {
                if (!text::trim(piece).empty()) {
                    pieces.push_back(text::trim_copy(piece));
                }
            }
        } else {
            pieces = split_names(value);
        }
        std::vector<std::pair<Participant, AttendanceStatus>> people;
        for (const std::string& piece : pieces) {
            std::string key = text::fold_key(piece);
            if (key_starts(key, {"represente par", "representee par", "represente e par", "represented by",
                                 "proxy", "procuration", "pouvoir a", "pouvoir donne a"})) {
                if (!people.empty()) {
                    people.back().second = AttendanceStatus::Excused;
                }
                continue;
            }
            Participant person;
            if (!parse_listed_person(piece, person)) {
                if (all_or_nothing) {
                    return 0;
                }
                continue;
            }
            people.emplace_back(std::move(person), status_of_entry(people.empty() ? key : key, status));
        }
        for (auto& [person, person_status] : people) {
            AttendanceStatus final_status = status_of_entry(text::fold_key(person.affiliation), person_status);
            add_person(std::move(person), final_status, line);
        }
        return static_cast<int>(people.size());
    }

    // "(excusé)", "(absent)", "représenté par Ana" after a name.
    static AttendanceStatus status_of_entry(std::string_view key, AttendanceStatus status) {
        if (key_contains(key, {"excuse", "excusee", "excused", "regrets", "apologies"})) {
            return AttendanceStatus::Excused;
        }
        if (key_contains(key, {"absent", "absente"})) {
            return AttendanceStatus::Absent;
        }
        if (key.find("represente par") != std::string_view::npos || key.find("represented by") != std::string_view::npos ||
            key.find("procuration") != std::string_view::npos) {
            return AttendanceStatus::Excused;
        }
        return status;
    }

    bool in_agenda(int line) const {
        return m_agenda_first_line > 0 && line >= m_agenda_first_line && line <= m_agenda_last_line;
    }

    // The value of a label line and the lines of the same paragraph after it
    // ("Present: Ana Roe, Bo Li,\nCy Dal"); returns the index of the last line used.
    size_t label_value(size_t i, std::string& value) const {
        while (i + 1 < m_lines.size() && m_lines[i + 1].block == m_lines[i].block && !m_lines[i + 1].first_of_block &&
               m_lines[i + 1].kind == BlockKind::Paragraph && value.size() < 4000) {
            // The next field ("Regrets: …", "Chair: …") starts there.
            std::string label, rest;
            if (split_label(m_lines[i + 1].text, label, rest) &&
                (std::count(label.begin(), label.end(), ' ') < 3 || attendance_label(text::fold_key(label)) != ListKind::None ||
                 !role_for_label(text::fold_key(label)).empty())) {
                break;
            }
            value += " " + m_lines[i + 1].text;
            ++i;
        }
        return i;
    }

    // Could "… . Roll call: …" / "… . Present: …" be in the line? One pass over its colons.
    static bool label_after_sentence(std::string_view text) {
        int colons = 0;
        for (size_t colon = text.find(": "); colon != std::string_view::npos && ++colons <= 8;
             colon = text.find(": ", colon + 2)) {
            size_t from = colon > 24 ? colon - 24 : 0;
            std::string window = text::to_lower(text.substr(from, colon - from));
            if (window.find(". ") != std::string::npos &&
                (window.find("sent") != std::string::npos || window.find("ttend") != std::string::npos ||
                 window.find("roll call") != std::string::npos || window.find("regret") != std::string::npos ||
                 window.find("apolog") != std::string::npos)) {
                return true;
            }
        }
        return false;
    }

    static bool names_a_person(std::string_view text) {
        Participant person;
        return parse_person_impl(text, person, true, false);
    }

    // "Present – Ana Roe; Bo Li" (a dash instead of a colon): the label and value.
    static bool split_dash_label(std::string_view text, std::string& label, std::string& value) {
        size_t start = 0;
        while (start < text.size() && (text[start] == '*' || text[start] == ' ')) {
            ++start;
        }
        std::string_view head = text.substr(0, std::min<size_t>(text.size(), start + 40));
        for (std::string_view dash : {" \u2013 ", " \u2014 ", " - "}) {
            size_t found = head.find(dash, start);
            if (found != std::string_view::npos && found - start <= 24) {
                label = std::string(text.substr(start, found - start));
                if (attendance_label(text::fold_key(label)) == ListKind::None) {
                    return false;
                }
                value = text::trim_copy(text.substr(found + dash.size()));
                return true;
            }
        }
        return false;
    }

    void read_participant_lists() {
        for (size_t i = 0; i < m_lines.size(); ++i) {
            const Line& line = m_lines[i];
            if (in_agenda(line.number)) {
                continue;
            }
            // "Present: A, B (Org), C" and "Regrets : D" lines.
            std::string label, value;
            if (line.text.size() < 4000 && split_label(line.text, label, value)) {
                std::string key = text::fold_key(label);
                ListKind kind = attendance_label(key);
                if (kind != ListKind::None) {
                    if (!value.empty()) {
                        size_t last = label_value(i, value);
                        add_names(value, status_for(kind), line.number);
                        i = last;
                    } else {
                        i = read_people_block(i + 1, kind, 0, i);
                    }
                    continue;
                }
                if (is_group_label(key) && !value.empty() && !line.is_item) {
                    add_names(value, AttendanceStatus::Present, line.number, true);
                    continue;
                }
            }
            // "Present – Ana Roe; Bo Li, Treasurer".
            if (line.text.size() < 4000 && line.first_of_block && !line.is_item &&
                split_dash_label(line.text, label, value) && !value.empty()) {
                std::string key = text::fold_key(label);
                ListKind kind = attendance_label(key);
                if (kind != ListKind::None && key.size() <= 24) {
                    size_t last = label_value(i, value);
                    add_names(value, status_for(kind), line.number);
                    i = last;
                    continue;
                }
            }
            // W3C's "present+ Alice, Bob".
            if (line.text.size() > 9 && (line.text.starts_with("present+") || line.text.starts_with("Present+"))) {
                add_names(line.text.substr(8), AttendanceStatus::Present, line.number);
                continue;
            }
            // A label alone: a heading, or a whole short paragraph ("**Attendees**").
            ListKind bare = line.text.size() <= 60 && line.cells.empty() && !line.is_item && line.key.size() <= 50
                                ? attendance_label(line.key)
                                : ListKind::None;
            if (bare != ListKind::None &&
                (line.heading_level > 0 || (line.first_of_block && (i + 1 == m_lines.size() ||
                                                                    m_lines[i + 1].block != line.block ||
                                                                    names_a_person(m_lines[i + 1].text))))) {
                ListKind kind = bare;
                {
                    i = read_people_block(i + 1, kind, line.heading_level, i);
                    continue;
                }
            }
            // "Étaient présentes les personnes suivantes (physiquement ou à distance) :"
            if (!line.is_item && line.heading_level == 0 && !line.text.empty() && line.text.size() < 300 &&
                line.text.back() == ':') {
                ListKind kind = attendance_sentence(text::fold_key(line.text));
                if (kind != ListKind::None) {
                    i = read_people_block(i + 1, kind, 0, i);
                    continue;
                }
            }
            // "The meeting opened at 7 pm. Roll call: Ana, Bo." — a label after a sentence.
            if (line.text.size() < 4000 && label_after_sentence(line.text)) {
                {
                    int sentences = 0;
                    for (size_t dot = line.text.find(". "); dot != std::string::npos && ++sentences <= 20;
                         dot = line.text.find(". ", dot + 2)) {
                        if (split_label(std::string_view(line.text).substr(dot + 2), label, value) && !value.empty()) {
                            ListKind kind = attendance_label(text::fold_key(label));
                            if (kind != ListKind::None) {
                                add_names(value, status_for(kind), line.number);
                                break;
                            }
                        }
                    }
                }
            }
            // A roll of ticked and unticked people: "- [x] Ana Roe - Acme", "- [ ] Bo Li - Initech".
            if (line.is_item && line.checked.has_value()) {
                i = read_checkbox_roll(i);
                continue;
            }
            if (line.header_row || (line.kind == BlockKind::TableRow && i == first_row_of_table(i))) {
                i = read_people_table(i);
            }
        }
        if (std::none_of(m_meeting.participants.begin(), m_meeting.participants.end(),
                         [](const Participant& p) { return p.status == AttendanceStatus::Present; })) {
            read_unlabelled_people();
        }
    }

    // A checklist whose entries are all people (one may be something else) is a roll call.
    size_t read_checkbox_roll(size_t i) {
        size_t end = i;
        int people = 0, others = 0, with_organisation = 0;
        for (; end < m_lines.size() && m_lines[end].is_item && m_lines[end].checked.has_value() &&
               m_lines[end].depth == m_lines[i].depth;
             ++end) {
            Participant person;
            if (parse_person_impl(m_lines[end].text, person, false, false)) {
                ++people;
                with_organisation += person.affiliation.empty() ? 0 : 1;
            } else {
                ++others;
            }
        }
        if (people >= 3 && others <= 1 && with_organisation * 2 >= people) {
            for (size_t j = i; j < end; ++j) {
                Participant person;
                if (parse_person_impl(m_lines[j].text, person, false, false)) {
                    add_person(std::move(person),
                               *m_lines[j].checked ? AttendanceStatus::Present : AttendanceStatus::Absent,
                               m_lines[j].number);
                }
            }
        }
        return end > i ? end - 1 : i;
    }

    // No attendance label anywhere: a list of names, or a line of them, right under the
    // title (at most one short sentence between) is the attendance.
    void read_unlabelled_people() {
        size_t i = 0;
        if (i < m_lines.size() && m_lines[i].heading_level > 0) {
            ++i;
        }
        auto people_of_line = [&](const Line& line, std::vector<Participant>& people) {
            std::vector<std::string> pieces = split_names(line.text);
            if (pieces.size() < 3) {
                return false;
            }
            for (const std::string& piece : pieces) {
                Participant person;
                if (!parse_person_impl(piece, person, false, true)) {
                    return false;
                }
                people.push_back(std::move(person));
            }
            return true;
        };
        std::vector<Participant> people;
        if (i < m_lines.size() && !m_lines[i].is_item && m_lines[i].heading_level == 0 &&
            (i + 1 >= m_lines.size() || m_lines[i + 1].block != m_lines[i].block) && people_of_line(m_lines[i], people)) {
            for (Participant& person : people) {
                add_person(std::move(person), AttendanceStatus::Present, m_lines[i].number);
            }
            return;
        }
        // One short paragraph before the list.
        if (i < m_lines.size() && !m_lines[i].is_item && m_lines[i].heading_level == 0 && m_lines[i].text.size() < 250 &&
            i + 1 < m_lines.size() && m_lines[i + 1].is_item) {
            ++i;
        }
        if (i >= m_lines.size() || !m_lines[i].is_item) {
            return;
        }
        int depth = m_lines[i].depth;
        size_t j = i;
        size_t with_organisation = 0;
        for (; j < m_lines.size() && (m_lines[j].kind == BlockKind::ListItem) && m_lines[j].depth >= depth; ++j) {
            if (!m_lines[j].is_item || m_lines[j].depth != depth) {
                continue;
            }
            Participant person;
            if (m_lines[j].checked.has_value() || !parse_person_impl(m_lines[j].text, person, false, false)) {
                return;
            }
            with_organisation += person.affiliation.empty() ? 0 : 1;
            people.push_back(std::move(person));
        }
        // Names with their organisation or role, as attendance lists give them; a bare
        // title-case list ("Budget Review") could be anything.
        if (people.size() < 2 || with_organisation * 2 < people.size()) {
            return;
        }
        for (Participant& person : people) {
            add_person(std::move(person), AttendanceStatus::Present, m_lines[i].number);
        }
    }

    static AttendanceStatus status_for(ListKind kind) {
        switch (kind) {
        case ListKind::Excused:
        case ListKind::Proxy:
            return AttendanceStatus::Excused;
        case ListKind::Absent:
            return AttendanceStatus::Absent;
        default:
            return AttendanceStatus::Present;
        }
    }

    size_t first_row_of_table(size_t i) const {
        while (i > 0 && m_lines[i - 1].kind == BlockKind::TableRow && m_lines[i - 1].block + 1 == m_lines[i].block) {
            --i;
        }
        return i;
    }

    // Reads the people listed under an attendance label, one per line or list item;
    // returns the index of the last line consumed. A line that names nobody is skipped
    // once the list has started (the list goes on after it); details nested under a
    // name are skipped; under a heading, sub-headings do not end the list. The names
    // may sit in an indented code block right after the label.
    size_t read_people_block(size_t i, ListKind kind, int heading_level, size_t label) {
        size_t last = i - 1;
        const auto& blocks = m_document.blocks;
        size_t code = m_lines[label].block + 1;
        if (code < blocks.size() && blocks[code].kind == BlockKind::Code &&
            (i >= m_lines.size() || m_lines[i].block > code)) {
            for (const std::string& piece : text::split(blocks[code].text, '\n')) {
                Participant person;
                if (parse_listed_person(piece, person)) {
                    add_person(std::move(person), status_for(kind), blocks[code].line);
                }
            }
            return i - 1;
        }
        bool started = false;
        int misses = 0;
        int name_depth = -1;
        for (; i < m_lines.size(); ++i) {
            const Line& line = m_lines[i];
            if (line.kind == BlockKind::TableRow) {
                return read_people_table(i);
            }
            if (line.heading_level > 0) {
                if (heading_level > 0 && line.heading_level > heading_level) {
                    ListKind other = line.text.size() <= 60 ? attendance_label(line.key) : ListKind::None;
                    if (other != ListKind::None) {
                        kind = other;
                    }
                    name_depth = -1;
                    misses = 0;
                    last = i;
                    continue;
                }
                break;
            }
            if (line.depth > 0 && !line.is_item) {
                continue; // a wrapped line of an entry
            }
            if (name_depth >= 0 && line.depth > name_depth) {
                continue; // details under a name
            }
            std::string label, value;
            bool labelled = line.text.size() < 4000 && split_label(line.text, label, value);
            std::string key = labelled ? text::fold_key(label) : std::string();
            if (labelled && attendance_label(key) != ListKind::None) {
                ListKind other = attendance_label(key);
                if (!value.empty()) {
                    size_t end = label_value(i, value);
                    add_names(value, status_for(other), line.number);
                    i = end;
                } else {
                    kind = other;
                    name_depth = -1;
                }
                last = i;
                misses = 0;
                continue;
            }
            if (labelled && !value.empty() && !role_for_label(key).empty()) {
                last = i; // "Chair: Ana Roe" — read_roles reads it
                continue;
            }
            if (started && name_depth >= 0 && line.depth < name_depth) {
                break; // the list the names were in has ended
            }
            // List entries are read leniently; a plain line of pasted text must look like
            // a name by itself (a heading such as "Responsabilités générales" does not).
            Participant person;
            bool marked = line.is_item || line.text.starts_with("-") || line.text.starts_with("*") ||
                          line.text.starts_with("\u2022");
            bool parsed = kind != ListKind::Proxy && !(labelled && !value.empty()) &&
                          (marked ? parse_listed_person(line.text, person)
                                  : parse_person_impl(line.text, person, true, line.checked.has_value()));
            if (parsed) {
                AttendanceStatus status = status_for(kind);
                if (line.checked.has_value()) {
                    status = *line.checked ? AttendanceStatus::Present : AttendanceStatus::Absent;
                }
                add_person(std::move(person), status_of_entry(text::fold_key(line.text), status), line.number);
                last = i;
                started = true;
                misses = 0;
                if (name_depth < 0) {
                    name_depth = line.depth;
                }
                continue;
            }
            // "Excusé·e·s" as a sub-heading inside the list switches the status.
            ListKind other = line.text.size() <= 40 ? attendance_label(line.key) : ListKind::None;
            if (other != ListKind::None) {
                kind = other;
                name_depth = -1;
                last = i;
                continue;
            }
            if (!line.text.empty() && line.text.back() == ':') {
                break; // a new lead-in ("Se présentent au conseil :") opens another list
            }
            if (kind == ListKind::Proxy && (line.is_item || !started)) {
                started = true; // "Luc Roy a donné procuration à Ana Diaz": not present
                last = i;
                continue;
            }
            ++misses;
            if ((!started && heading_level == 0) || misses >= (heading_level > 0 ? 3 : 2)) {
                break;
            }
        }
        return last;
    }

    // A table of people: a header with a Name/Nom column.
    size_t read_people_table(size_t i) {
        const Line& header = m_lines[i];
        int name_column = -1, org_column = -1, role_column = -1, status_column = -1;
        for (size_t c = 0; c < header.cells.size(); ++c) {
            std::string key = text::fold_key(header.cells[c]);
            int index = static_cast<int>(c);
            if (name_column < 0 &&
                key_starts(key, {"name", "nom", "participant", "participante", "personne", "person", "membre", "member",
                                 "prenom et nom", "nom complet", "full name", "participant e"})) {
                name_column = index;
            } else if (org_column < 0 &&
                       key_starts(key, {"organisation", "organization", "org", "affiliation", "organisme",
                                        "institution", "entreprise", "company", "employeur"})) {
                org_column = index;
            } else if (role_column < 0 && key_starts(key, {"role", "roles", "fonction", "responsabilite"})) {
                role_column = index;
            } else if (status_column < 0 &&
                       key_starts(key, {"status", "statut", "presence", "present", "attendance", "presente"})) {
                status_column = index;
            }
        }
        size_t j = i + 1;
        if (name_column < 0) {
            while (j < m_lines.size() && m_lines[j].kind == BlockKind::TableRow) {
                ++j;
            }
            return j - 1;
        }
        for (; j < m_lines.size() && m_lines[j].kind == BlockKind::TableRow; ++j) {
            const Line& row = m_lines[j];
            auto cell = [&](int index) {
                return index >= 0 && index < static_cast<int>(row.cells.size()) ? row.cells[index] : std::string();
            };
            Participant person;
            if (!parse_person_impl(cell(name_column), person, false, true)) {
                continue;
            }
            if (org_column >= 0 && !cell(org_column).empty()) {
                person.affiliation = cell(org_column);
            }
            AttendanceStatus status = AttendanceStatus::Present;
            std::string status_key = text::fold_key(cell(status_column));
            if (key_starts(status_key, {"excuse", "excusee", "excuse e", "regrets", "excused", "apologies"})) {
                status = AttendanceStatus::Excused;
            } else if (key_starts(status_key, {"absent", "absente", "non", "no"})) {
                status = AttendanceStatus::Absent;
            }
            std::string role_cell = cell(role_column);
            if (!role_cell.empty()) {
                std::string role = meeting_role_for_cell(text::fold_key(role_cell));
                if (!role.empty()) {
                    person.roles.push_back(role);
                }
            }
            add_person(std::move(person), status, row.number);
        }
        return j - 1;
    }

    // ---- roles ---------------------------------------------------------------

    // "Chair: Ana Souza · Minutes: Ben Okafor": several labelled fields on one line.
    static std::vector<std::string_view> labelled_segments(std::string_view line) {
        std::vector<std::string_view> segments;
        size_t start = 0;
        for (size_t i = 0; i < line.size(); ++i) {
            for (std::string_view separator : {" · ", " | ", "; "}) {
                if (line.substr(i).starts_with(separator)) {
                    std::string_view rest = line.substr(i + separator.size());
                    size_t colon = rest.find(':');
                    if (colon != std::string_view::npos && colon < 40) {
                        segments.push_back(line.substr(start, i - start));
                        start = i + separator.size();
                    }
                    break;
                }
            }
        }
        segments.push_back(line.substr(start));
        return segments;
    }

    void read_roles() {
        for (const Line& line : m_lines) {
            if (in_agenda(line.number) || line.text.size() > 300) {
                continue;
            }
            for (std::string_view segment : labelled_segments(line.text)) {
                read_role(line, segment);
            }
        }
    }

    void read_role(const Line& line, std::string_view segment) {
        std::string label, value;
        if (!split_label(segment, label, value) || value.empty()) {
            return;
        }
        std::string key = text::fold_key(label);
        if (attendance_label(key) != ListKind::None) {
            return;
        }
        std::string role = role_for_label(key);
        if (role.empty()) {
            return;
        }
        std::vector<std::string> names = split_names(value);
        if (names.empty() || names.size() > 4) {
            return;
        }
        std::vector<Participant> people;
        for (const std::string& name : names) {
            Participant person;
            // "@handle" is a person too.
            if (!parse_person_impl(name, person, false, true) &&
                !(text::trim(name).starts_with("@") && parse_listed_person(name, person))) {
                people.clear();
                break;
            }
            people.push_back(std::move(person));
        }
        for (Participant& person : people) {
            Participant* existing = find_person(person.name);
            if (!existing) {
                // Matched by first name only ("Animation : Émilien").
                std::string full = match_participant(person.name, m_meeting.participants);
                if (!full.empty()) {
                    existing = find_person(full);
                }
            }
            if (!existing) {
                add_person(person, AttendanceStatus::Present, line.number);
                existing = &m_meeting.participants.back();
            }
            if (std::find(existing->roles.begin(), existing->roles.end(), role) == existing->roles.end()) {
                existing->roles.push_back(role);
            }
        }
    }

    // ---- sections --------------------------------------------------------------

    // Do two titles name the same thing? "Accueil et rappel de l'objectif" vs
    // "Rappel de l'objectif de la rencontre": they share a significant word.
    static bool titles_match(std::string_view a, std::string_view b) {
        std::string ka = text::fold_key(a);
        std::string kb = text::fold_key(b);
        if (ka.empty() || kb.empty()) {
            return false;
        }
        if (ka.find(kb) != std::string::npos || kb.find(ka) != std::string::npos) {
            return true;
        }
        std::vector<std::string> wa = text::split(ka, ' ');
        std::vector<std::string> wb = text::split(kb, ' ');
        int shared = 0;
        for (const std::string& word : wa) {
            if (word.size() >= 4 && std::find(wb.begin(), wb.end(), word) != wb.end()) {
                ++shared;
            }
        }
        return shared >= 1;
    }

    static bool is_chat_heading(const Line& line) {
        if (line.text.size() > 60) {
            return false;
        }
        const std::string& key = line.key;
        for (std::string_view word : {"chat", "sur le chat", "dans le chat", "clavardage", "chat log", "from the chat",
                                      "in the chat", "zoom chat", "commentaires du chat", "messages du chat",
                                      "dans le clavardage", "sur le clavardage", "chat messages", "discussion chat"}) {
            if (key == word) {
                return true;
            }
        }
        return false;
    }

    std::optional<size_t> agenda_index_for(const Line& line, std::string& title) {
        if (m_meeting.agenda.empty() || line.text.size() > 200 || !line.cells.empty()) {
            return std::nullopt;
        }
        std::string text = line.text;
        std::string number = line.is_item && line.ordered ? std::to_string(line.item_number) : take_number(text);
        if (line.is_item && line.ordered) {
            // already stripped by cmark
        }
        if (line.heading_level > 0 && number.empty()) {
            std::string copy = text;
            number = take_number(copy);
            if (!number.empty()) {
                text = copy;
            }
        }
        // A heading or line that is itself an agenda item (topics read from headings).
        if (auto found = m_agenda_by_line.find(line.number); found != m_agenda_by_line.end()) {
            title = text;
            return found->second;
        }
        if (m_meeting.agenda.size() > 64) {
            // A long agenda is matched through indexes only, so that reading stays linear.
            if (!number.empty()) {
                auto found = m_agenda_by_number.find(number);
                if (found != m_agenda_by_number.end() && titles_match(text, m_meeting.agenda[found->second].title)) {
                    title = text;
                    return found->second;
                }
            }
            if (line.heading_level > 0) {
                auto found = m_agenda_by_key.find(text::fold_key(text));
                if (found != m_agenda_by_key.end()) {
                    title = text;
                    return found->second;
                }
            }
            return std::nullopt;
        }
        for (size_t a = 0; a < m_meeting.agenda.size(); ++a) {
            const AgendaItem& item = m_meeting.agenda[a];
            bool number_matches = !number.empty() && number == item.number;
            if ((number_matches && titles_match(text, item.title)) ||
                (line.heading_level > 0 && number.empty() && titles_match(text, item.title) &&
                 text::fold_key(text).size() < text::fold_key(item.title).size() * 2 + 10)) {
                title = text;
                return a;
            }
        }
        return std::nullopt;
    }

    // The number of the sub-item lettered `letter` under the agenda item of the
    // last top-level section ("3.a"), when the agenda has it.
    std::string sub_item_number(const std::vector<Section>& sections, const std::vector<int>& levels,
                                char letter) const {
        for (size_t s = sections.size(); s-- > 0;) {
            if (levels[s] != 1) {
                continue;
            }
            if (!sections[s].agenda_index || *sections[s].agenda_index >= m_meeting.agenda.size()) {
                return {};
            }
            const AgendaItem& item = m_meeting.agenda[*sections[s].agenda_index];
            for (const AgendaItem& child : item.children) {
                if (child.number == item.number + "." + letter || child.number == std::string(1, letter)) {
                    return child.number;
                }
            }
            return {};
        }
        return {};
    }

    void read_sections() {
        for (size_t a = 0; a < m_meeting.agenda.size(); ++a) {
            const AgendaItem& item = m_meeting.agenda[a];
            if (item.line > 0) {
                m_agenda_by_line.emplace(item.line, a);
            }
            m_agenda_by_number.emplace(item.number, a);
            m_agenda_by_key.emplace(text::fold_key(item.title), a);
        }
        int after = std::max(m_agenda_last_line, m_title_line);
        int document_end = std::max(m_document.line_count, m_lines.empty() ? 0 : m_lines.back().number);
        bool has_agenda = !m_meeting.agenda.empty();
        std::vector<Section> sections;
        std::vector<int> levels; // 1 = agenda item, 2 = lettered sub-section
        int top_heading_level = 0;
        for (const Line& line : m_lines) {
            if (line.number <= after || !line.first_of_block) {
                continue;
            }
            if (is_chat_heading(line)) {
                Section section;
                section.title = line.text;
                section.first_line = line.number;
                section.is_chat = true;
                sections.push_back(section);
                levels.push_back(1);
                continue;
            }
            std::string title;
            if (auto index = agenda_index_for(line, title)) {
                Section section;
                section.title = title;
                section.agenda_index = index;
                section.first_line = line.number;
                sections.push_back(section);
                levels.push_back(1);
                continue;
            }
            // "a. Mise au jeu du descriptif": a lettered sub-section of the current item.
            if (!sections.empty() && !sections.back().is_chat && line.text.size() <= 160 && line.text.size() > 3 &&
                line.text[0] >= 'a' && line.text[0] <= 'h' && letter_marker_at(line.text, 0, line.text[0]) &&
                is_upper_initial(std::string_view(line.text).substr(3)) && line.heading_level == 0 && !line.is_item) {
                Section section;
                section.title = line.text;
                section.first_line = line.number;
                section.sub_item_number = sub_item_number(sections, levels, line.text[0]);
                sections.push_back(section);
                levels.push_back(2);
                continue;
            }
            if (line.heading_level > 0 && (line.heading_level > 1 || line.number != m_title_line)) {
                if (top_heading_level == 0) {
                    top_heading_level = line.heading_level;
                }
                if (has_agenda && line.heading_level > top_heading_level) {
                    // A deeper heading inside an agenda section.
                    Section section;
                    section.title = line.text;
                    section.first_line = line.number;
                    sections.push_back(section);
                    levels.push_back(2);
                    continue;
                }
                Section section;
                section.title = line.text;
                section.first_line = line.number;
                sections.push_back(section);
                levels.push_back(1);
            }
        }
        // Each section ends where the next one of the same or a higher level starts.
        for (size_t s = 0; s < sections.size(); ++s) {
            sections[s].last_line = document_end;
            for (size_t t = s + 1; t < sections.size(); ++t) {
                if (levels[t] <= levels[s]) {
                    sections[s].last_line = std::max(sections[s].first_line, sections[t].first_line - 1);
                    break;
                }
            }
        }
        m_meeting.sections = std::move(sections);
        m_section_levels = std::move(levels);
        read_chat();
    }

    void read_chat() {
        for (const Section& section : m_meeting.sections) {
            if (!section.is_chat) {
                continue;
            }
            // When the chat is a list, paragraphs around it are the note-taker's
            // comments, not messages.
            bool has_items = std::any_of(m_lines.begin(), m_lines.end(), [&](const Line& line) {
                return line.is_item && line.number > section.first_line && line.number <= section.last_line;
            });
            for (const Line& line : m_lines) {
                if (line.number <= section.first_line || line.number > section.last_line) {
                    continue;
                }
                if (has_items && line.depth == 0) {
                    continue;
                }
                if (line.is_item || (line.first_of_block && line.depth == 0)) {
                    m_meeting.chat.push_back(line.text);
                } else if (!m_meeting.chat.empty()) {
                    m_meeting.chat.back() += " " + line.text;
                }
            }
        }
    }

    // ---- speakers and excerpts -----------------------------------------------

    // "Name (Org) : text", "Name : text", "Name (Org). text", "**Name**: text", "name: text" (IRC).
    std::string speaker_of(const Line& line, const NameIndex& names) const {
        return minutes::speaker_of(line.text, names);
    }

    static std::string make_excerpt(const std::string& text) {
        constexpr size_t k_limit = 280;
        if (text.size() <= k_limit) {
            return text;
        }
        // Prefer a sentence end, then a word boundary; never split a UTF-8 sequence.
        size_t cut = text.rfind(". ", k_limit);
        if (cut != std::string::npos && cut > k_limit / 2) {
            return text.substr(0, cut + 1);
        }
        cut = text.rfind(' ', k_limit);
        if (cut == std::string::npos) {
            cut = k_limit;
            while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
                --cut;
            }
        }
        return text.substr(0, cut) + "…";
    }

    void read_speakers_and_excerpts() {
        if (m_meeting.sections.empty()) {
            return;
        }
        NameIndex names(m_meeting.participants);
        size_t next = 0;
        std::vector<size_t> open;
        for (const Line& line : m_lines) {
            while (next < m_meeting.sections.size() && m_meeting.sections[next].first_line <= line.number) {
                open.push_back(next++);
            }
            while (!open.empty() && m_meeting.sections[open.back()].last_line < line.number) {
                open.pop_back();
            }
            if (open.empty() || !line.first_of_block) {
                continue;
            }
            Section& section = m_meeting.sections[open.back()];
            if (line.number == section.first_line || section.is_chat) {
                continue;
            }
            if (section.excerpt.empty() && line.heading_level == 0 && line.cells.empty() && line.text.size() > 20) {
                section.excerpt = make_excerpt(m_document.blocks[line.block].text);
                std::replace(section.excerpt.begin(), section.excerpt.end(), '\n', ' ');
            }
            std::string speaker = speaker_of(line, names);
            if (!speaker.empty() &&
                std::find(section.speakers.begin(), section.speakers.end(), speaker) == section.speakers.end()) {
                section.speakers.push_back(speaker);
            }
        }
    }

    const markdown::Document& m_document;
    int m_front_end = 0; // last line of the front matter, 0 when there is none
    std::vector<Line> m_lines;
    std::string m_front_title;
    std::string m_front_date;
    Meeting m_meeting;
    text::Language m_language = text::Language::English;
    int m_title_line = 0;
    int m_agenda_first_line = 0;
    int m_agenda_last_line = 0;
    int m_agenda_logistics = 0; // agenda lines that give a place, time or dial-in
    std::unordered_map<int, size_t> m_agenda_by_line;           // item's source line → index
    std::unordered_map<std::string, size_t> m_agenda_by_number; // "3" → index
    std::unordered_map<std::string, size_t> m_agenda_by_key;    // fold_key(title) → index
    std::vector<int> m_section_levels;
    bool m_date_is_ambiguous = false;
    std::unordered_map<std::string, size_t> m_person_index; // fold_key(name) → participants index
};

} // namespace

std::string speaker_of(std::string_view text, const NameIndex& names) {
    // A speaker's label is short: only its first 200 bytes are looked at.
    text = text.substr(0, 201);
    size_t end = std::string_view::npos;
    if (size_t colon = text.find(':'); colon != std::string_view::npos && colon > 0 && colon <= 80) {
        end = colon;
    }
    if (size_t paren = text.find(')'); paren != std::string_view::npos && paren <= 200 && paren + 1 < text.size() &&
                                       text[paren + 1] == '.' && (end == std::string_view::npos || paren < end)) {
        end = paren + 1;
    }
    if (end == std::string_view::npos) {
        return {};
    }
    std::string candidate = text::trim_copy(text.substr(0, end));
    Participant person;
    if (!parse_person_impl(candidate, person, false, true)) {
        return {};
    }
    return names.match(person.name);
}

bool parse_person(std::string_view line, Participant& person, bool allow_comma) {
    return parse_person_impl(line, person, allow_comma, false);
}

Meeting read(const markdown::Document& document, const ReadOptions& options) {
    return Reader(document, options).read();
}

} // namespace quorum::minutes
