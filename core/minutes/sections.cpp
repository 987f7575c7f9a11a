// The notes' sections mapped to agenda items, the chat, speakers and excerpts.

#include "minutes/reader_state.hpp"

#include <algorithm>

namespace quorum::minutes::detail {

// Do two titles name the same thing? "Accueil et rappel de l'objectif" vs
// "Rappel de l'objectif de la rencontre": they share a significant word.
bool Reader::titles_match(std::string_view a, std::string_view b) {
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

bool Reader::is_chat_heading(const Line& line) {
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

std::optional<size_t> Reader::agenda_index_for(const Line& line, std::string& title) {
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
std::string Reader::sub_item_number(const std::vector<Section>& sections, const std::vector<int>& levels,
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

void Reader::read_sections() {
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

void Reader::read_chat() {
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

// "Name (Org) : text", "Name : text", "Name (Org). text", "**Name**: text", "name: text" (IRC).
std::string Reader::speaker_of(const Line& line, const NameIndex& names) const {
    return minutes::speaker_of(line.text, names);
}

std::string Reader::make_excerpt(const std::string& text) {
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

void Reader::read_speakers_and_excerpts() {
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

} // namespace quorum::minutes::detail
