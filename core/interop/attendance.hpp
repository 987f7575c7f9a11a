#pragma once

#include "util/error.hpp"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quorum::interop {

enum class AttendanceFormat { ZoomParticipants, ZoomUniqueUsers, ZoomWebinar, BigBlueButton, PlainCsv, NameList };
// "zoom-participants", "zoom-unique-users", "zoom-webinar", "bigbluebutton", "csv", "names".
std::string_view format_name(AttendanceFormat format);

// One person of an attendance file, after the rows naming them are merged
// (Zoom writes one row per join): minutes added up, first join, last leave.
struct AttendanceRecord {
    std::string name;                     // as the file names the person
    std::vector<std::string> other_names; // Zoom's "(Original Name)", a webinar's first and last name
    std::string email;
    std::string affiliation;
    std::string joined; // "2021-03-10T09:28:14", local time as the report wrote it; empty when unknown
    std::string left;
    std::optional<int> minutes;          // time in the meeting, added over the rows
    std::optional<int> speaking_seconds; // BigBlueButton's talk time
    int rows = 0;                        // how many rows of the file named this person
    int line = 0;                        // the first of them
};

struct AttendanceFile {
    AttendanceFormat format = AttendanceFormat::NameList;
    std::string encoding; // as decode_text found it
    char delimiter = ',';
    std::vector<AttendanceRecord> people;
    std::vector<std::string> notes; // what was skipped and why ("2 registrants did not attend")
};

// Detects the format and reads the whole file, or fails on the first
// malformed row with its line number ("line 7: Join Time '13/45/2021' is not a
// date"): a file is taken whole or not at all. Dates are read in the formats
// Zoom and BigBlueButton write per locale; whether 03/10/2021 is March or
// October is decided once per file (a day above 12 anywhere, else AM/PM means
// the US order, else day first).
Expected<AttendanceFile> read_attendance(std::string_view bytes);

// --- Merging with the meeting's participants.

struct Invitee {
    std::int64_t id = 0;
    std::string name;
    std::string email;
    std::string affiliation;
};

// A name (or e-mail) from an attendance file that a facilitator said is this participant.
struct ConfirmedAlias {
    std::string written;
    std::int64_t participant_id = 0;
};

enum class MatchedBy { Email, Name, Alias, None };
std::string_view matched_by_name(MatchedBy how); // "email", "name", "alias", "none"

struct AttendanceMatch {
    AttendanceRecord record;
    MatchedBy matched_by = MatchedBy::None;
    std::optional<std::int64_t> participant_id;
    std::string participant_name;
};

struct AttendancePreview {
    AttendanceFormat format = AttendanceFormat::NameList;
    std::string encoding;
    std::vector<AttendanceMatch> matched;   // people of the file who are participants
    std::vector<AttendanceMatch> unmatched; // people to confirm: added as new participants, or aliased
    std::vector<Invitee> missing;           // participants the file does not name
    std::vector<std::string> notes;
};

// Matches each person of the file to a participant: by e-mail, then by name
// (accent- and case-insensitive, through domain/names), then by a confirmed
// alias. Several people of the file matching one participant become one.
AttendancePreview match_attendance(const AttendanceFile& file, const std::vector<Invitee>& invitees,
                                   const std::vector<ConfirmedAlias>& aliases);

Poco::JSON::Object::Ptr preview_json(const AttendancePreview& preview);
// The preview as a table for the terminal.
std::string preview_text(const AttendancePreview& preview);

} // namespace quorum::interop
