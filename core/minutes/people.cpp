// The people: participants and attendance (labelled lists and lines, checklist rolls,
// tables, names under the title) and roles.

#include "minutes/reader_state.hpp"

#include <algorithm>

namespace quorum::minutes::detail {

Participant* Reader::find_person(std::string_view name) {
    auto found = m_person_index.find(text::fold_key(name));
    return found == m_person_index.end() ? nullptr : &m_meeting.participants[found->second];
}

void Reader::add_person(Participant person, AttendanceStatus status, int line) {
    Participant* existing = find_person(person.name);
    std::string key = text::fold_key(person.name);
    size_t space = key.find(' ');
    if (!existing && space == std::string::npos) {
        // "Members: ana, bo" after "Roll call: Ana Silva, Bo Chen": the same people
        if (auto found = m_first_name_index.find(key);
            found != m_first_name_index.end() && found->second != std::string::npos) {
            existing = &m_meeting.participants[found->second];
        }
    }
    if (existing) {
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
    if (space != std::string::npos) {
        auto [found, added] = m_first_name_index.emplace(key.substr(0, space), m_meeting.participants.size());
        if (!added) {
            found->second = std::string::npos;
        }
    }
    m_person_index.emplace(key, m_meeting.participants.size());
    m_meeting.participants.push_back(std::move(person));
}

// "A, B (Org) et C", "A; B, Treasurer; C" (semicolons separate people, a comma then
// a role), "Luc, représenté par Ana" (a proxy: not present). With `all_or_nothing`,
// nothing is added unless every entry is a name (weak labels such as "Bureau :").
int Reader::add_names(std::string_view value, AttendanceStatus status, int line, bool all_or_nothing) {
    // "Ana, Bo and Raj were present.": the closing words say what the label said
    {
        std::string_view tail = text::trim(value);
        while (!tail.empty() && tail.back() == '.') {
            tail.remove_suffix(1);
        }
        for (std::string_view ending : {" were present", " were in attendance", " attended", " joined",
                                        " étaient présents", " étaient présentes", " étaient présent·e·s",
                                        " étaient présent.e.s", " étaient là", " sont présents", " sont présentes"}) {
            if (tail.size() > ending.size() && tail.ends_with(ending)) {
                value = tail.substr(0, tail.size() - ending.size());
                break;
            }
        }
    }
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
AttendanceStatus Reader::status_of_entry(std::string_view key, AttendanceStatus status) {
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

bool Reader::in_agenda(int line) const {
    return m_agenda_first_line > 0 && line >= m_agenda_first_line && line <= m_agenda_last_line;
}

// The value of a label line and the lines of the same paragraph after it
// ("Present: Ana Roe, Bo Li,\nCy Dal"); returns the index of the last line used.
size_t Reader::label_value(size_t i, std::string& value) const {
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
bool Reader::label_after_sentence(std::string_view text) {
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

bool Reader::names_a_person(std::string_view text) {
    Participant person;
    return parse_person_impl(text, person, true, false);
}

// "Present – Ana Roe; Bo Li" (a dash instead of a colon): the label and value.
bool Reader::split_dash_label(std::string_view text, std::string& label, std::string& value) {
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

void Reader::read_participant_lists() {
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
        // "Étaient présents les membres suivants (en salle ou en ligne) :"
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
size_t Reader::read_checkbox_roll(size_t i) {
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
void Reader::read_unlabelled_people() {
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

AttendanceStatus Reader::status_for(ListKind kind) {
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

size_t Reader::first_row_of_table(size_t i) const {
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
size_t Reader::read_people_block(size_t i, ListKind kind, int heading_level, size_t label) {
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
size_t Reader::read_people_table(size_t i) {
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

// "Chair: Ana Souza · Minutes: Ben Okafor": several labelled fields on one line.
std::vector<std::string_view> Reader::labelled_segments(std::string_view line) {
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

void Reader::read_roles() {
    for (const Line& line : m_lines) {
        if (in_agenda(line.number) || line.text.size() > 300) {
            continue;
        }
        for (std::string_view segment : labelled_segments(line.text)) {
            read_role(line, segment);
        }
    }
}

void Reader::read_role(const Line& line, std::string_view segment) {
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

} // namespace quorum::minutes::detail
