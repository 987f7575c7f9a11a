#pragma once

// Internal to minutes/: the line model, the helpers the parts share, and the Reader
// whose members are defined by the part of the minutes they read (header.cpp,
// people.cpp, agenda.cpp, agenda_topics.cpp, sections.cpp; reader.cpp runs them).

#include "minutes/reader.hpp"

#include "domain/meeting.hpp"
#include "domain/names.hpp"
#include "markdown/document.hpp"
#include "util/text.hpp"

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace quorum::minutes::detail {

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

inline bool has_tab(std::string_view s) {
    return s.find('\t') != std::string_view::npos;
}

inline bool key_starts(std::string_view key, std::initializer_list<std::string_view> prefixes) {
    for (std::string_view prefix : prefixes) {
        if (key.starts_with(prefix) && (key.size() == prefix.size() || key[prefix.size()] == ' ')) {
            return true;
        }
    }
    return false;
}

inline bool key_contains(std::string_view key, std::initializer_list<std::string_view> words) {
    std::string padded = " " + std::string(key) + " ";
    for (std::string_view word : words) {
        if (padded.find(" " + std::string(word) + " ") != std::string::npos) {
            return true;
        }
    }
    return false;
}

enum class ListKind { None, Present, Excused, Absent, Proxy };

// lines.cpp
bool is_front_matter_key_line(std::string_view s);
int front_matter_end(const markdown::Document& document);
std::vector<Line> make_lines(const markdown::Document& document, int skip_until = 0);
bool split_label(std::string_view line, std::string& label, std::string& value);

// labels.cpp
ListKind attendance_label(std::string_view key);
bool is_group_label(std::string_view key);
ListKind attendance_sentence(std::string_view key);
std::string role_for_label(std::string_view key);
std::string meeting_role_for_cell(std::string_view key);

// person.cpp
bool is_upper_initial(std::string_view word);
bool parse_person_impl(std::string_view raw, Participant& person, bool allow_comma, bool allow_single_word);
bool parse_listed_person(std::string_view raw, Participant& person);
std::vector<std::string> split_names(std::string_view value);

// One reading of one document: its lines, what the parts found so far, the meeting being
// built. The parts run in the order `read()` gives; each part's members live in its file.
class Reader {
public:
    Reader(const markdown::Document& document, const ReadOptions& options);
    Meeting read();

private:
    struct Columns {
        int title = -1;
        int type = -1;
        int duration = -1;
        int number = -1;
    };

    // reader.cpp
    std::string detect_language();

    // header.cpp: front matter, title, date, time, place
    void read_front_matter();
    void read_title();
    static std::string strip_title_prefix(std::string_view title);
    static bool is_place_keyword_line(std::string_view key);
    void read_header_fields();
    static bool is_ambiguous_numeric_date(std::string_view text);
    void set_time(std::string_view text);

    // agenda.cpp: the agenda list or table and its items
    static bool is_agenda_key(std::string_view key);
    static bool is_agenda_heading(const Line& line);
    bool is_agenda_lead(size_t i) const;
    static Columns columns_from_header(const std::vector<std::string>& cells);
    static bool is_agenda_header_row(const Line& line);
    static std::string take_number(std::string& title);
    static bool letter_marker_at(std::string_view s, size_t pos, char letter);
    static std::vector<std::string> split_lettered(std::string_view s);
    static void take_duration_and_type(std::string& title, AgendaItem& item);
    AgendaItem make_item(std::string title_text, const Line& line);
    bool parse_table_row(const Line& line, const Columns& columns, AgendaItem& item);
    void read_agenda();
    bool read_agenda_section(size_t heading);
    bool is_topic_list(size_t start, size_t end) const;
    bool read_agenda_list(size_t start, size_t end, bool gaps, size_t label);
    void read_agenda_lines(size_t start, size_t end, bool gaps, size_t label);
    static Columns infer_columns(const std::vector<std::string>& cells);
    void add_agenda_item(AgendaItem item, const Line& line);

    // agenda_topics.cpp: explicit agenda titles cleaned; else the agenda from topic headings
    void finish_explicit_agenda();
    static bool is_logistics_label(std::string_view key);
    static bool is_link_line(std::string_view title);
    static std::string strip_leading_time(std::string_view title);
    static bool is_tag(std::string_view inside);
    static bool is_status_tail(std::string_view tail);
    std::string clean_agenda_title(std::string title, bool from_list, AgendaItem& item) const;
    static bool is_boilerplate_heading(std::string_view key);
    static bool is_container_heading(std::string_view key);
    bool read_timeboxed_agenda();
    void read_topic_headings();
    void read_pseudo_headings();

    // people.cpp: participants, attendance, roles
    Participant* find_person(std::string_view name);
    void add_person(Participant person, AttendanceStatus status, int line);
    int add_names(std::string_view value, AttendanceStatus status, int line, bool all_or_nothing = false);
    static AttendanceStatus status_of_entry(std::string_view key, AttendanceStatus status);
    bool in_agenda(int line) const;
    size_t label_value(size_t i, std::string& value) const;
    static bool label_after_sentence(std::string_view text);
    static bool names_a_person(std::string_view text);
    static bool split_dash_label(std::string_view text, std::string& label, std::string& value);
    void read_participant_lists();
    size_t read_checkbox_roll(size_t i);
    void read_unlabelled_people();
    static AttendanceStatus status_for(ListKind kind);
    size_t first_row_of_table(size_t i) const;
    size_t read_people_block(size_t i, ListKind kind, int heading_level, size_t label);
    size_t read_people_table(size_t i);
    static std::vector<std::string_view> labelled_segments(std::string_view line);
    void read_roles();
    void read_role(const Line& line, std::string_view segment);

    // sections.cpp: sections mapped to agenda items, chat, speakers
    static bool titles_match(std::string_view a, std::string_view b);
    static bool is_chat_heading(const Line& line);
    std::optional<size_t> agenda_index_for(const Line& line, std::string& title);
    std::string sub_item_number(const std::vector<Section>& sections, const std::vector<int>& levels,
                                char letter) const;
    void read_sections();
    void read_chat();
    std::string speaker_of(const Line& line, const NameIndex& names) const;
    static std::string make_excerpt(const std::string& text);
    void read_speakers_and_excerpts();

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
    // fold_key(first word) of a name of several words → participants index, or npos when two
    // people share it: "Members: ana" names Ana Silva when she is the only Ana.
    std::unordered_map<std::string, size_t> m_first_name_index;
};

} // namespace quorum::minutes::detail
