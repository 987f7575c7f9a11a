#pragma once

#include <optional>
#include <string>

namespace quorum::timezone {

// IANA time zones ("America/Toronto"), read from the system's zoneinfo
// (/usr/share/zoneinfo, Debian's tzdata: TZif files, the transitions they list
// and, after the last one, the POSIX TZ rule in their footer, as glibc reads
// them). Each zone is read once and kept for the life of the process, so a
// tzdata upgrade takes effect at the next start.

// Whether `zone` names a zone this machine knows. Names are checked before any
// file is opened: letters, digits, '/', '_', '-', '+', no "..", no leading '/'.
bool known_zone(const std::string& zone);

// The UTC offset, in seconds, of a zone at a UTC instant (seconds since the
// epoch). Nothing for an unknown or malformed zone.
std::optional<long> utc_offset(const std::string& zone, long long utc_seconds);

// The offset in force at a UTC instant for a meeting whose zone is `zone`: that
// zone's when known, else $QUORUM_TIMEZONE's (the server's configured zone), else
// the system's local time (TZ, /etc/localtime).
long utc_offset_or_local(const std::string& zone, long long utc_seconds);

// A wall-clock time in a zone → seconds since the epoch (UTC).
std::optional<long long> local_to_utc(const std::string& zone, long long local_seconds);

} // namespace quorum::timezone
