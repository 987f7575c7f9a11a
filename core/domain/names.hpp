#pragma once

#include "domain/meeting.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace quorum {

// Finds which participant a name written in the notes means: "Émilien",
// "@jessica", "jleblanc", "J. Leblanc", "Jessica Leblanc (TIESS)". Matching is
// accent- and case-insensitive; a first or last name alone matches only when
// exactly one participant has it. Built once per meeting so that matching every
// paragraph of a long document stays cheap.
class NameIndex {
public:
    explicit NameIndex(const std::vector<Participant>& participants);

    // The index of these participants' names, shared: a server extracts every
    // note save of a meeting against the same people, and building the index
    // (every name folded in several forms) costs more than a short note's
    // extraction. The last few distinct lists of names are kept; thread-safe.
    static std::shared_ptr<const NameIndex> shared(const std::vector<Participant>& participants);

    // Adds one more name (a reader that meets people as it goes), in constant
    // time whatever the index holds.
    void add(const std::string& name);

    // The participant's full name as recorded, or empty when no single participant matches.
    std::string match(std::string_view written) const;

private:
    std::unordered_map<std::string, std::vector<size_t>> m_keys; // folded name forms → participants
    std::vector<std::string> m_names;
};

// One-off convenience over NameIndex.
std::string match_participant(std::string_view written, const std::vector<Participant>& participants);

} // namespace quorum
