#include "interop/ical.hpp"

#include "util/datetime.hpp"
#include "util/text.hpp"
#include "util/timezone.hpp"

#include <algorithm>
#include <cstdio>

namespace quorum::interop {

namespace {

constexpr size_t k_fold_octets = 75;

std::string format_utc(long long seconds) {
    long long days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
    long long rest = seconds - days * 86400;
    const datetime::Date date = datetime::civil_from_days(days);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d%02d%02dT%02lld%02lld%02lldZ", date.year, date.month, date.day, rest / 3600, rest % 3600 / 60,
                  rest % 60);
    return buffer;
}

std::string format_local(long long seconds) {
    std::string utc = format_utc(seconds);
    utc.pop_back(); // no 'Z': floating time
    return utc;
}

std::string format_date(const datetime::Date& date) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d%02d%02d", date.year, date.month, date.day);
    return buffer;
}

std::optional<datetime::Date> parse_iso_date(const std::string& iso) {
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') {
        return std::nullopt;
    }
    try {
        datetime::Date date{std::stoi(iso.substr(0, 4)), std::stoi(iso.substr(5, 2)), std::stoi(iso.substr(8, 2))};
        if (!datetime::is_valid(date)) {
            return std::nullopt;
        }
        return date;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<int> parse_hhmm(const std::string& time) {
    if (time.size() != 5 || time[2] != ':') {
        return std::nullopt;
    }
    int hour = (time[0] - '0') * 10 + (time[1] - '0');
    int minute = (time[3] - '0') * 10 + (time[4] - '0');
    if (!std::isdigit(static_cast<unsigned char>(time[0])) || !std::isdigit(static_cast<unsigned char>(time[1])) ||
        !std::isdigit(static_cast<unsigned char>(time[3])) || !std::isdigit(static_cast<unsigned char>(time[4])) ||
        hour > 23 || minute > 59) {
        return std::nullopt;
    }
    return hour * 60 + minute;
}

int planned_seconds(const std::vector<AgendaItem>& items) {
    int total = 0;
    for (const AgendaItem& item : items) {
        if (item.duration_seconds) {
            total += *item.duration_seconds;
        } else {
            total += planned_seconds(item.children);
        }
    }
    return total;
}

void agenda_lines(const std::vector<AgendaItem>& items, int depth, std::string& out) {
    for (const AgendaItem& item : items) {
        out += std::string(static_cast<size_t>(depth) * 2, ' ');
        if (!item.number.empty()) {
            out += item.number + ". ";
        }
        out += item.title;
        if (item.duration_seconds) {
            out += " (" + std::to_string((*item.duration_seconds + 59) / 60) + " min)";
        }
        out += "\n";
        agenda_lines(item.children, depth + 1, out);
    }
}

} // namespace

std::string escape_ical_text(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case ';':
            out += "\\;";
            break;
        case ',':
            out += "\\,";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            break;
        default:
            // Other control characters are not allowed in TEXT.
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
                out += ' ';
            } else {
                out += c;
            }
        }
    }
    return out;
}

std::string fold_content_line(std::string_view line) {
    std::string out;
    size_t limit = k_fold_octets;
    size_t count = 0;
    for (size_t i = 0; i < line.size();) {
        // The length of the UTF-8 sequence starting here, kept whole.
        auto lead = static_cast<unsigned char>(line[i]);
        size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        length = std::min(length, line.size() - i);
        if (count + length > limit) {
            out += "\r\n ";
            count = 1; // the leading space counts
        }
        out.append(line.substr(i, length));
        count += length;
        i += length;
    }
    out += "\r\n";
    return out;
}

Expected<std::string> write_calendar(const std::vector<CalendarEntry>& entries, const CalendarOptions& options) {
    if (!options.timezone.empty() && !timezone::known_zone(options.timezone)) {
        return make_error("invalid",
                          Phrase{"unknown time zone '" + options.timezone + "'",
                                 "fuseau horaire inconnu\u00a0: «\u00a0" + options.timezone + "\u00a0»"},
                          "timezone");
    }
    std::string out;
    auto line = [&](std::string_view content) { out += fold_content_line(content); };
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//quorum//meeting export//EN");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    if (!options.name.empty()) {
        line("X-WR-CALNAME:" + escape_ical_text(options.name));
    }
    int events = 0;
    for (const CalendarEntry& entry : entries) {
        const Meeting& meeting = entry.meeting;
        auto date = parse_iso_date(meeting.date);
        if (!date) {
            continue;
        }
        ++events;
        line("BEGIN:VEVENT");
        line("UID:" + entry.id + "@quorum");
        line("DTSTAMP:" + options.dtstamp);
        line("SEQUENCE:" + std::to_string(entry.sequence));
        auto start = parse_hhmm(meeting.start);
        if (!start) {
            line("DTSTART;VALUE=DATE:" + format_date(*date));
            line("DTEND;VALUE=DATE:" + format_date(datetime::add_days(*date, 1)));
        } else {
            long long local_start =
                datetime::days_from_civil(date->year, date->month, date->day) *
                    86400 +
                *start * 60LL;
            long long length = 3600;
            if (auto end = parse_hhmm(meeting.end)) {
                length = (*end - *start) * 60LL;
                if (length <= 0) {
                    length += 24 * 3600; // across midnight
                }
            } else if (int planned = planned_seconds(meeting.agenda); planned > 0) {
                length = planned;
            }
            // The meeting's own zone (if this machine still knows it), else the caller's.
            const std::string& zone =
                !entry.timezone.empty() && timezone::known_zone(entry.timezone) ? entry.timezone : options.timezone;
            if (zone.empty()) {
                line("DTSTART:" + format_local(local_start));
                line("DTEND:" + format_local(local_start + length));
            } else {
                long long utc_start = *timezone::local_to_utc(zone, local_start);
                long long utc_end = *timezone::local_to_utc(zone, local_start + length);
                line("DTSTART:" + format_utc(utc_start));
                line("DTEND:" + format_utc(utc_end));
            }
        }
        line("SUMMARY:" + escape_ical_text(meeting.title.empty() ? "Meeting" : meeting.title));
        if (!meeting.location.empty()) {
            line("LOCATION:" + escape_ical_text(meeting.location));
        }
        std::string description;
        if (!meeting.agenda.empty()) {
            description += "Agenda:\n";
            agenda_lines(meeting.agenda, 0, description);
        }
        if (!entry.url.empty()) {
            description += (description.empty() ? "" : "\n") + std::string("Summary: ") + entry.url + "\n";
        }
        if (!description.empty()) {
            description.pop_back();
            line("DESCRIPTION:" + escape_ical_text(description));
        }
        // URL is a URI value: only an absolute one goes there.
        if (entry.url.starts_with("https://") || entry.url.starts_with("http://")) {
            line("URL:" + entry.url);
        }
        line("STATUS:CONFIRMED");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    if (events == 0) {
        return make_error("invalid",
                          Phrase{"no meeting to put in a calendar has a date",
                                 "aucune des rencontres à mettre dans un calendrier n’a de date"},
                          "date");
    }
    return out;
}

} // namespace quorum::interop
