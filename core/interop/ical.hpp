#pragma once

#include "domain/meeting.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quorum::interop {

// One meeting as a calendar event.
struct CalendarEntry {
    std::string id;            // the meeting id; the UID is "<id>@quorum"
    Meeting meeting;           // title, date, start, end, location, agenda
    std::int64_t sequence = 0; // the meeting's version, so calendars take updates
    std::string url;           // the share link, when the caller knows one
    std::string timezone;      // the meeting's own zone; empty: CalendarOptions::timezone
};

struct CalendarOptions {
    // An IANA zone ("America/Montreal") for the meetings without one of their
    // own: stored local times are converted to UTC through the system's zoneinfo.
    // Empty (and no zone of the meeting's): times stay floating (local to whoever
    // reads the calendar), as RFC 5545 allows.
    std::string timezone;
    std::string dtstamp; // "20261129T030000Z": when the calendar was made
    std::string name;    // X-WR-CALNAME, shown by most clients
};

// An RFC 5545 VCALENDAR with one VEVENT per dated meeting (undated ones are
// left out; a calendar of nothing but undated meetings is an error): UID,
// DTSTAMP, SEQUENCE, DTSTART/DTEND (a date alone makes an all-day event; no
// end means the agenda's planned time, else one hour), SUMMARY, LOCATION,
// DESCRIPTION with the agenda and the share link, URL. Text escaped, lines
// folded at 75 octets without splitting a UTF-8 character, CRLF line ends.
Expected<std::string> write_calendar(const std::vector<CalendarEntry>& entries, const CalendarOptions& options);

// TEXT value escaping (backslash, semicolon, comma, newline).
std::string escape_ical_text(std::string_view value);
// One content line, folded to 75 octets per physical line, CRLF after each.
std::string fold_content_line(std::string_view line);

} // namespace quorum::interop
