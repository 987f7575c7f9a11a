#pragma once

#include "util/text.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace quorum::datetime {

struct Date {
    int year = 0;
    int month = 0;           // 1..12
    int day = 0;             // 1..31
    std::string iso() const; // "2021-03-10"
    auto operator<=>(const Date&) const = default;
};

struct TimeOfDay {
    int hour = 0;
    int minute = 0;
    std::string iso() const; // "09:30"
    int minutes() const { return hour * 60 + minute; }
    auto operator<=>(const TimeOfDay&) const = default;
};

struct TimeRange {
    TimeOfDay start;
    TimeOfDay end;
    int minutes() const; // end - start, across midnight if needed
};

// Finds a calendar date in a piece of text: "10 mars 2021", "le mercredi 10 mars 2021",
// "March 10, 2021", "10 March 2021", "2021-03-10", "10/03/2021" (day first in French,
// month first in English when ambiguous). Returns nothing when no valid date is found.
// Returns the first date in the text. Years must have four digits and lie in 1900..2199,
// so that page ranges ("2305-2322") and the like are not taken for dates.
std::optional<Date> find_date(std::string_view text, text::Language language);

// Resolves a due-date phrase against the meeting date: "2026-12-01", "15 décembre"
// (the next 15 December on or after the reference), "vendredi" / "Friday" (the next such
// day after the reference), "demain" / "tomorrow", "dans 2 semaines" / "in 2 weeks",
// "next week" / "la semaine prochaine" (the Monday after). The reference may be absent
// for absolute dates only. Lead words ("d'ici le", "avant le", "by", "due") are skipped;
// a phrase that does not then start with a date expression gives nothing.
std::optional<Date> resolve_due(std::string_view phrase, std::optional<Date> reference, text::Language language);

// Finds a time range: "9 h 30-11 h 30", "9h30 à 11h30", "9:30–11:30 am", "9:30 am - 11 am",
// "de 14 h à 16 h", "14:00-16:00". An am/pm written on one side only applies to the other
// when that keeps the range forward ("11-1 pm" is 11:00-13:00); times written with "h" are
// always on the 24-hour clock. Two bare numbers ("2-3") are not a time range.
std::optional<TimeRange> find_time_range(std::string_view text);

// Parses a planned duration: "5 min", "1 h 10 min", "1h10", "90 s", "20'", "1 h",
// "1.5 h", "2 minutes", "45 mn", "1 heure 30". Returns whole seconds. The text must be
// a duration and nothing else (surrounding spaces allowed).
std::optional<int> parse_duration(std::string_view text);

// Finds a duration inside text ("(10 min)", "— 5 min", "20'"), as parse_duration.
// Time ranges ("9 h 30-11 h 30") and clock times followed by text ("à 9 h 30 on
// commence") are stepped over.
std::optional<int> find_duration(std::string_view text);

// Day of week of a date, 0 = Monday .. 6 = Sunday.
int weekday(const Date& date);
Date add_days(const Date& date, int days);

// Days since 1970-01-01 in the proleptic Gregorian calendar, and back.
long long days_from_civil(int year, int month, int day);
Date civil_from_days(long long days);
bool is_valid(const Date& date);

} // namespace quorum::datetime
