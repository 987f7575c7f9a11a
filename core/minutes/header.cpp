// The minutes' header: front matter, title, date, time range, place.

#include "minutes/reader_state.hpp"

#include "util/datetime.hpp"

#include <algorithm>
#include <cctype>

namespace quorum::minutes::detail {

// The front matter's title and date: metadata, not the minutes' text, but the
// meeting's own title and date when the text does not give them.
void Reader::read_front_matter() {
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

void Reader::read_title() {
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

std::string Reader::strip_title_prefix(std::string_view title) {
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

bool Reader::is_place_keyword_line(std::string_view key) {
    return key_contains(key, {"zoom",    "jitsi",    "teams",           "bigbluebutton",   "bbb",     "webex",
                              "meet",    "visio",    "visioconference", "videoconference", "virtuel", "virtuelle",
                              "virtual", "en ligne", "online",          "hybride",         "hybrid",  "salle",
                              "room",    "local",    "bureau",          "office",          "zoom.us", "matrix",
                              "irc"});
}

void Reader::read_header_fields() {
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
bool Reader::is_ambiguous_numeric_date(std::string_view text) {
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

void Reader::set_time(std::string_view text) {
    if (auto range = datetime::find_time_range(text)) {
        m_meeting.start = range->start.iso();
        m_meeting.end = range->end.iso();
    }
}

} // namespace quorum::minutes::detail
