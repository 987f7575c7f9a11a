#pragma once

// Small formatting helpers for the rendered summary: dates, times and durations
// written out in the reader's language, escaping for Markdown, wrapping for plain
// text. Every word comes from the labels file (see templates/README.md), so a group
// can reword or translate without touching C++.

#include <Poco/JSON/Object.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace quorum::summary::display {

// Read-only view on a labels file (templates/labels/<lang>.json). Lookups never
// fail: a missing label reads as an empty string, so a group that deletes a label
// gets a blank rather than a crash.
class Labels {
public:
    explicit Labels(Poco::JSON::Object::Ptr root);

    // "format.date", "roles.facilitator": dotted path into nested objects.
    std::string get(std::string_view path) const;
    bool get_bool(std::string_view path) const;
    // The i-th string of an array label ("format.months"), empty when absent.
    std::string get_item(std::string_view path, size_t index) const;
    const Poco::JSON::Object::Ptr& root() const { return m_root; }

private:
    Poco::JSON::Object::Ptr m_root;
};

struct CalendarDate {
    int year = 0;
    int month = 0;
    int day = 0;
};

// "2021-03-10" → date; nothing for anything else or an impossible date.
std::optional<CalendarDate> parse_iso_date(std::string_view text);

// "09:30", "9:30", "9h30", "9 h 30", "14 h" → minutes since midnight.
std::optional<int> parse_clock(std::string_view text);

// End − start in minutes, across midnight when the end is earlier; nothing when
// either is unknown or both are equal (a zero-length meeting is a typo, not a plan).
std::optional<int> span_minutes(std::string_view start, std::string_view end);

// Replaces "{name}" placeholders in a label.
std::string fill(std::string_view pattern, const std::map<std::string, std::string>& values);

// "10 mars 2021" / "March 10, 2021" from an ISO date; the input unchanged when it
// is not an ISO date (so a date written oddly is still shown).
std::string format_date(std::string_view iso, const Labels& labels);

// "9 h 30 – 11 h 30" / "9:30–11:30 am"; one side alone when the other is unknown.
std::string format_time_range(std::string_view start, std::string_view end, const Labels& labels);

// A number of minutes for display: whole numbers as is, fractions with up to two
// decimals and the language's decimal separator ("1,5").
std::string format_number(double value, const Labels& labels);

// "3 décisions" / "1 decision" through labels.counts.<what>.{one,other}.
std::string format_count(std::string_view what, long count, const Labels& labels);

// Escapes a value for inline GFM: backslash-escapes the characters that start
// emphasis, links, code, HTML or tables, neutralises a leading block marker
// ("# ", "> ", "- ", "1. ") and turns line breaks into spaces so a value can never
// open a new block.
std::string markdown_escape(std::string_view value);

// A URL as a CommonMark link destination inside <...>.
std::string markdown_destination(std::string_view url);

// True for the URLs a summary may turn into a link: http, https and mailto, with no
// whitespace or control characters.
bool is_linkable_url(std::string_view url);

// Wraps lines longer than `width` columns at spaces, keeping the indentation (and
// hanging under a "- " list marker). Words longer than the width (URLs) stay whole.
std::string wrap_text(std::string_view text, size_t width);

// Trims trailing spaces on every line and collapses runs of blank lines into one,
// which Mustache sections leave behind in line-oriented formats. With
// keep_hard_breaks, a Markdown hard break ("  " at the end of a line followed by a
// non-blank line) survives.
std::string tidy_lines(std::string_view text, bool keep_hard_breaks = false);

// kainjow/mustache keeps the line break after a standalone section tag whose
// section is skipped, so an empty list leaves a blank line behind (inside a
// Markdown list that makes it "loose"). This applies the Mustache spec's rule
// beforehand instead: a line holding only a section tag ({{#x}}, {{^x}}, {{/x}})
// or a comment is folded into the next line. A blank line that ends up holding
// only tags gets k_keep_line so kainjow does not drop it; strip_markers removes it.
inline constexpr char k_keep_line = '\x01';
std::string fold_standalone_tags(std::string_view template_text);
std::string strip_markers(std::string_view rendered);

// Number of code points, a fair column count for the Latin text we print.
size_t display_width(std::string_view text);

} // namespace quorum::summary::display
