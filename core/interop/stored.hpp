#pragma once

#include "interop/attendance.hpp"
#include "interop/ical.hpp"
#include "interop/irc.hpp"
#include "store/store.hpp"

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

// The formats of interop/ applied to stored meetings: what the CLI and the
// server's routes share.
namespace quorum::interop {

// Reads the file and matches it against the meeting's participants and
// confirmed aliases (plus `extra` aliases given with this import).
Expected<AttendancePreview> preview_attendance(store::Store& store, const std::string& meeting_id,
                                               std::string_view file, const std::vector<store::AliasEntry>& extra);

enum class Unmatched { Add, Skip };

struct AttendanceApplied {
    AttendancePreview preview;
    store::AttendanceRecorded recorded;
};

// The preview, then one transaction: matched people marked present with their
// times and minutes, unmatched people added as participants (or left out with
// Unmatched::Skip; names in `skip` are left out either way), `extra` aliases stored. A malformed file writes nothing.
Expected<AttendanceApplied> apply_attendance(store::Store& store, const store::Principal& who, std::string_view file,
                                             const std::vector<store::AliasEntry>& extra, Unmatched unmatched,
                                             const std::string& source, const std::set<std::string>& skip = {});

// "Name=12" (the alias, then a participant id), as `--alias` takes it.
Expected<store::AliasEntry> parse_alias(std::string_view text);

Expected<std::string> stored_minutes(store::Store& store, const std::string& meeting_id);
Expected<std::string> stored_attendance_csv(store::Store& store, const std::string& meeting_id);
Expected<std::string> stored_actions_csv(store::Store& store, const std::string& meeting_id);
// `urls` gives a meeting's share link URL, when the caller knows one.
Expected<std::string> stored_calendar(store::Store& store, const std::vector<std::string>& meeting_ids,
                                      const CalendarOptions& options,
                                      const std::map<std::string, std::string>& urls = {});

// A log read by read_log, stored as a new meeting: its topics as agenda items
// with their notes, its actions, decisions and resources as items.
Expected<store::Created> store_log(store::Store& store, const LogMeeting& log, const std::string& actor);

// "20261129T030000Z" for now.
std::string ical_now();

} // namespace quorum::interop
