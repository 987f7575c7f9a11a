#pragma once

#include "domain/meeting.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace quorum::interop {

// A participant's attendance as the store keeps it.
struct AttendanceRow {
    std::string name;
    std::string affiliation;
    std::string status; // "present", "late", "excused", "absent", "invited"
    std::string joined; // from an import or a check-in
    std::string left;
    std::optional<std::int64_t> minutes;
    std::optional<std::int64_t> speaking_seconds; // from BigBlueButton until live facilitation records it
};

// CSV (RFC 4180, CRLF, UTF-8 without BOM):
// name,affiliation,status,join,leave,minutes,speaking_seconds
std::string attendance_csv(const std::vector<AttendanceRow>& rows);

// CSV of the action items: owner,text,due,state,source (source is the
// section and line the item was found on, or "minutes" when it has none).
std::string actions_csv(const Meeting& meeting);

// Markdown minutes regenerated from a stored meeting, in the shape the minutes
// reader understands: title, Date/Time/Location lines, roles, Present/Regrets/
// Absent, the agenda as a numbered list with types and durations, then one
// section per top-level agenda item holding its notes (`notes` by top-level
// agenda index). Items found outside any notes follow as ACTION:/RESOLVED:
// lines, so reading the file back finds them again.
std::string write_minutes(const Meeting& meeting, const std::map<size_t, std::string>& notes);

} // namespace quorum::interop
