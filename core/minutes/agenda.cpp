// The agenda: found under a heading, after an announcing sentence or as a table;
// its items with numbers, types, durations and sub-items.

#include "minutes/reader_state.hpp"

#include "util/datetime.hpp"

#include <algorithm>
#include <cctype>

namespace quorum::minutes::detail {

// "Agenda", "Ordre du jour", "Proposed agenda", "Déroulement de la rencontre";
// "Topics", "Sujets", "Points abordés" only as the whole line.
bool Reader::is_agenda_key(std::string_view key) {
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

bool Reader::is_agenda_heading(const Line& line) {
    if (line.text.size() > 80 || line.is_item) {
        return false;
    }
    return is_agenda_key(line.key);
}

// A sentence that announces the agenda list: "… invitée à se prononcer sur l'ordre du jour
// suivant :", "Voici les sujets que nous avons traités :", "The following topics were discussed:".
bool Reader::is_agenda_lead(size_t i) const {
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

Reader::Columns Reader::columns_from_header(const std::vector<std::string>& cells) {
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

bool Reader::is_agenda_header_row(const Line& line) {
    if (line.cells.size() < 2) {
        return false;
    }
    Columns columns = columns_from_header(line.cells);
    return columns.title >= 0 && (columns.duration >= 0 || columns.type >= 0);
}

// "3.", "3)", "10 -" at the start of a title.
std::string Reader::take_number(std::string& title) {
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
bool Reader::letter_marker_at(std::string_view s, size_t pos, char letter) {
    return pos + 2 < s.size() && s[pos] == letter && (s[pos + 1] == '.' || s[pos + 1] == ')') && s[pos + 2] == ' ';
}

// Pasted sub-items run together: "a. Mise au jeu (…)b. Veille collaborativec. Comités".
// Finds the expected letters in sequence.
std::vector<std::string> Reader::split_lettered(std::string_view s) {
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
void Reader::take_duration_and_type(std::string& title, AgendaItem& item) {
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
AgendaItem Reader::make_item(std::string title_text, const Line& line) {
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

bool Reader::parse_table_row(const Line& line, const Columns& columns, AgendaItem& item) {
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

void Reader::read_agenda() {
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

// Lines [start, end) are one list of short topics and nothing else: no paragraph, no
// sentence, at most 15 items. Such a list under an agenda's sub-heading holds its topics.
bool Reader::is_topic_list(size_t start, size_t end) const {
    int items = 0;
    for (size_t k = start; k < end; ++k) {
        const Line& line = m_lines[k];
        if (line.text.empty()) {
            continue;
        }
        if (!line.is_item) {
            return false; // a paragraph, or an item running over several lines: notes
        }
        std::string_view text = text::trim(line.text);
        if (text.size() > 80 || text.ends_with('.') || text.ends_with('!') || text.ends_with('?') ||
            text.find('@') != std::string_view::npos) {
            return false;
        }
        ++items;
    }
    return items >= 1 && items <= 15;
}

// Under an agenda heading: its lists (through intro text and category lines) and its
// sub-headings, up to the next heading of the same level.
bool Reader::read_agenda_section(size_t heading) {
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
    // "### Partie A" over a short list of topics is a group: its items are the agenda's leaves.
    // Only when every sub-heading with something under it holds such a list: one with notes
    // under it (sentences, paragraphs, "This week: @kim") makes them all topics of the minutes.
    auto section_end = [&](size_t j) {
        size_t next = j + 1;
        while (next < end && !(m_lines[next].heading_level > 0 && m_lines[next].first_of_block)) {
            ++next;
        }
        return next;
    };
    bool groups = false;
    for (size_t j = first_sub; j < end; j = section_end(j)) {
        size_t next = section_end(j);
        bool empty = true;
        for (size_t k = j + 1; k < next; ++k) {
            empty = empty && m_lines[k].text.empty();
        }
        if (empty) {
            continue;
        }
        if (!is_topic_list(j + 1, next)) {
            groups = false;
            break;
        }
        groups = true;
    }
    for (size_t j = first_sub; j < end; ++j) {
        const Line& line = m_lines[j];
        if (line.heading_level != sub_level || !line.first_of_block || is_boilerplate_heading(line.key)) {
            continue;
        }
        if (groups && is_topic_list(j + 1, section_end(j))) {
            read_agenda_list(j + 1, section_end(j), false, j);
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
bool Reader::read_agenda_list(size_t start, size_t end, bool gaps, size_t label) {
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

void Reader::read_agenda_lines(size_t start, size_t end, bool gaps, size_t label) {
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

// A pasted row with no header: the duration is the cell that parses as one.
Reader::Columns Reader::infer_columns(const std::vector<std::string>& cells) {
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

void Reader::add_agenda_item(AgendaItem item, const Line& line) {
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

} // namespace quorum::minutes::detail
