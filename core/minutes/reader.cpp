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

std::vector<Line> make_lines(const markdown::Document& document) {
    std::vector<Line> lines;
    lines.reserve(document.blocks.size() * 2);
    for (size_t b = 0; b < document.blocks.size(); ++b) {
        const Block& block = document.blocks[b];
        if (block.kind == BlockKind::Break) {
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
            if (normalized.empty()) {
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

enum class ListKind { None, Present, Excused, Absent };

ListKind attendance_label(std::string_view key) {
    if (key_starts(key, {"present", "presents", "presentes", "presences", "presence", "participants", "participant",
                         "participantes", "attendees", "attendance", "in attendance", "membres presents",
                         "personnes presentes", "etaient presents", "present e s", "participant e s", "participant es",
                         "participant e", "attending"})) {
        return ListKind::Present;
    }
    if (key_starts(key, {"regrets", "excuses", "excusees", "excuse", "excuse e s", "excuse es", "apologies",
                         "absents excuses", "absences motivees", "sent regrets"})) {
        return ListKind::Excused;
    }
    if (key_starts(key, {"absent", "absents", "absentes", "absent e s", "absent es", "not present"})) {
        return ListKind::Absent;
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
        : m_document(document), m_lines(make_lines(document)) {
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

    static bool is_agenda_heading(const Line& line) {
        if (line.text.size() > 80 || line.is_item) {
            return false;
        }
        std::string key = line.key;
        for (std::string_view word :
             {"agenda", "ordre du jour", "deroulement", "programme", "order of business", "order of the day",
              "points a l ordre du jour", "proposed agenda", "agenda propose"}) {
            if (key == word || key.starts_with(std::string(word) + " ") || key.ends_with(" " + std::string(word))) {
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
        size_t start = m_lines.size();
        bool table_header = false;
        for (size_t i = 0; i < m_lines.size(); ++i) {
            if (is_agenda_heading(m_lines[i])) {
                start = i + 1;
                break;
            }
            if (is_agenda_header_row(m_lines[i])) {
                start = i;
                table_header = true;
                break;
            }
        }
        if (start >= m_lines.size()) {
            return;
        }
        m_agenda_first_line = m_lines[start - (table_header ? 0 : 1)].number;
        Columns columns;
        bool in_table = false;
        size_t i = start;
        // Skip one introductory line ("Voici l'ordre du jour proposé :") if a list follows.
        if (i < m_lines.size() && !m_lines[i].is_item && m_lines[i].cells.empty() && i + 1 < m_lines.size() &&
            (m_lines[i + 1].is_item || !m_lines[i + 1].cells.empty())) {
            ++i;
        }
        int top_depth = 0;
        for (; i < m_lines.size(); ++i) {
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
                if (top_depth == 0) {
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
                    parent.children.push_back(std::move(item));
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
            break;
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

    void add_names(std::string_view value, AttendanceStatus status, int line) {
        for (const std::string& piece : split_names(value)) {
            Participant person;
            if (parse_person_impl(piece, person, false, true)) {
                add_person(std::move(person), status, line);
            }
        }
    }

    bool in_agenda(int line) const {
        return m_agenda_first_line > 0 && line >= m_agenda_first_line && line <= m_agenda_last_line;
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
                ListKind kind = attendance_label(text::fold_key(label));
                if (kind != ListKind::None) {
                    if (!value.empty()) {
                        add_names(value, status_for(kind), line.number);
                    } else {
                        i = read_people_block(i + 1, kind);
                    }
                    continue;
                }
            }
            // W3C's "present+ Alice, Bob".
            if (line.text.size() > 9 && (line.text.starts_with("present+") || line.text.starts_with("Present+"))) {
                add_names(line.text.substr(8), AttendanceStatus::Present, line.number);
                continue;
            }
            if (line.text.size() <= 60 && line.cells.empty() && !line.is_item) {
                ListKind kind = attendance_label(line.key);
                if (kind != ListKind::None && line.key.size() <= 40) {
                    i = read_people_block(i + 1, kind);
                    continue;
                }
            }
            if (line.header_row || (line.kind == BlockKind::TableRow && i == first_row_of_table(i))) {
                i = read_people_table(i);
            }
        }
    }

    static AttendanceStatus status_for(ListKind kind) {
        switch (kind) {
        case ListKind::Excused:
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

    // Reads the people listed under a "Participants" heading, one per line or list
    // item; returns the index of the last line consumed.
    size_t read_people_block(size_t i, ListKind kind) {
        size_t last = i - 1;
        for (; i < m_lines.size(); ++i) {
            const Line& line = m_lines[i];
            if (line.kind == BlockKind::TableRow) {
                return read_people_table(i);
            }
            if (line.heading_level > 0) {
                break;
            }
            std::string label, value;
            if (split_label(line.text, label, value)) {
                ListKind other = attendance_label(text::fold_key(label));
                if (other != ListKind::None) {
                    if (!value.empty()) {
                        add_names(value, status_for(other), line.number);
                        last = i;
                        continue;
                    }
                    kind = other;
                    last = i;
                    continue;
                }
            }
            Participant person;
            // Under an attendance heading, "Chloé Martin, Facil" names a person and an organisation.
            if (!parse_person_impl(line.text, person, true, line.checked.has_value())) {
                // "Excusé·e·s" as a sub-heading inside the list switches the status.
                ListKind other = line.text.size() <= 40 ? attendance_label(line.key) : ListKind::None;
                if (other != ListKind::None) {
                    kind = other;
                    last = i;
                    continue;
                }
                break;
            }
            AttendanceStatus status = status_for(kind);
            if (line.checked.has_value()) {
                status = *line.checked ? AttendanceStatus::Present : AttendanceStatus::Absent;
            }
            add_person(std::move(person), status, line.number);
            last = i;
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
            if (!parse_person_impl(name, person, false, true)) {
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
    std::vector<Line> m_lines;
    Meeting m_meeting;
    text::Language m_language = text::Language::English;
    int m_title_line = 0;
    int m_agenda_first_line = 0;
    int m_agenda_last_line = 0;
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
