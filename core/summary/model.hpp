#pragma once

// Internal pieces shared by the JSON model (summary.cpp) and the Mustache view
// (view.cpp). Not part of the public contract.

#include "domain/meeting.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace quorum::summary::model {

// The roles the summary always lists under `roles`, in this order; any other role
// a participant holds follows, in order of first appearance.
inline constexpr std::string_view k_known_roles[] = {"facilitator", "note-taker", "timekeeper", "chair", "scribe"};

// A planned duration, in seconds, for an agenda item: its own when written, else the
// sum of its sub-items' when any of them has one.
std::optional<long> effective_seconds(const AgendaItem& item);

// Sum over top-level items, and how many top-level items have no duration at all.
struct AgendaTotal {
    std::optional<long> seconds;
    int untimed = 0;
};
AgendaTotal agenda_total(const Meeting& meeting);

// Whether an extracted item belongs to a section: by line range when both are
// known, else by the section title the extractor recorded.
bool belongs_to(const Source& source, const Section& section);

// Trimmed, ASCII lower-cased: "Marie " and "marie" group together, "HTML" reads as "html".
std::string simple_key(std::string_view owner);

} // namespace quorum::summary::model
