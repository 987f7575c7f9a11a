#pragma once

#include "domain/meeting.hpp"
#include "domain/names.hpp"
#include "markdown/document.hpp"

#include <string>

namespace quorum::minutes {

struct ReadOptions {
    std::string language; // "fr" / "en"; empty → detected from the text
};

// Reads minutes (Markdown, or the loose text people paste from a word processor)
// into a meeting record: title, date, time range, place, participants with
// affiliations and attendance, roles, agenda with types and planned durations,
// and the notes' sections mapped to agenda items, with the chat. Extraction of
// action items, decisions and resources is the plugins' job (see extract/).
// Never fails: what it cannot make sense of is simply absent, or noted in warnings.
Meeting read(const markdown::Document& document, const ReadOptions& options = {});

// Parses one line naming a person: "Lyne Nantel (INRS)", "Jean Dupont — Ville de
// Montréal", "Alice Martin, W3C" (with `allow_comma`). Returns false when the line does
// not look like a person's name.
bool parse_person(std::string_view line, Participant& person, bool allow_comma = false);

// Who speaks in a paragraph of notes that opens with a name: "Name (Org) : text",
// "Name : text", "Name (Org). text", "**Name**: text". The participant's full name,
// or empty when the paragraph opens with no participant's name.
std::string speaker_of(std::string_view paragraph, const NameIndex& names);

} // namespace quorum::minutes
