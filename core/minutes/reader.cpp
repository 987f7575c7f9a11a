// The reader's order: header, agenda, people, roles, sections, speakers; and the public API.

#include "minutes/reader.hpp"

#include "minutes/reader_state.hpp"

#include <utility>

namespace quorum::minutes {

namespace detail {

Reader::Reader(const markdown::Document& document, const ReadOptions& options)
    : m_document(document), m_front_end(front_matter_end(document)), m_lines(make_lines(document, m_front_end)) {
    read_front_matter();
    m_meeting.language = options.language.empty() ? detect_language() : options.language;
    m_language = m_meeting.language == "fr" ? text::Language::French : text::Language::English;
}

Meeting Reader::read() {
    read_title();
    read_header_fields();
    read_agenda();
    read_participant_lists();
    read_roles();
    read_sections();
    read_speakers_and_excerpts();
    return std::move(m_meeting);
}

std::string Reader::detect_language() {
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

} // namespace detail

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
    if (!detail::parse_person_impl(candidate, person, false, true)) {
        return {};
    }
    return names.match(person.name);
}

bool parse_person(std::string_view line, Participant& person, bool allow_comma) {
    return detail::parse_person_impl(line, person, allow_comma, false);
}

Meeting read(const markdown::Document& document, const ReadOptions& options) {
    return detail::Reader(document, options).read();
}

} // namespace quorum::minutes
