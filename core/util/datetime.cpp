#include "util/datetime.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

// Everything here runs over whole documents (up to megabytes), so the scanners are
// hand-written: each candidate position is examined with a bounded look-ahead, which
// keeps every search linear. std::regex would be slow and recursive on long input.

namespace quorum::datetime {

namespace {

using text::Language;

// Years accepted when a date is *found* in free text. Outside this window a number
// that happens to look like a year ("2305-2322", page ranges) is more likely than a
// real meeting date.
constexpr int k_min_year = 1900;
constexpr int k_max_year = 2199;

// The most spaces skipped between two parts of a pattern; bounding it keeps the
// look-ahead from each candidate position constant.
constexpr int k_max_gap = 4;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

char at(std::string_view s, size_t pos) {
    return pos < s.size() ? s[pos] : '\0';
}

bool has(std::string_view s, size_t pos, std::string_view what) {
    return pos <= s.size() && s.substr(pos, what.size()) == what;
}

// A horizontal space, including the non-breaking (U+00A0), narrow non-breaking
// (U+202F) and thin (U+2009) spaces French typography uses inside "9 h 30".
size_t hspace_length(std::string_view s, size_t pos) {
    // Byte tests rather than substring comparisons: this runs at every candidate.
    const char c = at(s, pos);
    if (c == ' ' || c == '\t') {
        return 1;
    }
    if (c == '\xC2') {
        return at(s, pos + 1) == '\xA0' ? 2 : 0;
    }
    if (c == '\xE2' && at(s, pos + 1) == '\x80') {
        const char last = at(s, pos + 2);
        return (last == '\xAF' || last == '\x89') ? 3 : 0;
    }
    return 0;
}

size_t skip_hspace(std::string_view s, size_t pos, int max = k_max_gap) {
    for (int i = 0; i < max; ++i) {
        const size_t length = hspace_length(s, pos);
        if (length == 0) {
            break;
        }
        pos += length;
    }
    return pos;
}

// Hyphen, non-breaking hyphen, en dash, em dash, minus sign, tilde.
size_t dash_length(std::string_view s, size_t pos) {
    const char c = at(s, pos);
    if (c == '-' || c == '~') {
        return 1;
    }
    if (c != '\xE2') {
        return 0;
    }
    const char second = at(s, pos + 1);
    const char third = at(s, pos + 2);
    if (second == '\x80' && (third == '\x90' || third == '\x91' || third == '\x93' || third == '\x94')) {
        return 3; // U+2010, U+2011, U+2013, U+2014
    }
    return (second == '\x88' && third == '\x92') ? 3 : 0; // U+2212
}

// A letter starts at pos: ASCII, Latin-1 Supplement or Latin Extended-A.
bool letter_at(std::string_view s, size_t pos) {
    if (pos >= s.size()) {
        return false;
    }
    const auto b = static_cast<unsigned char>(s[pos]);
    if (b < 0x80) {
        return is_alpha(static_cast<char>(b));
    }
    const auto next = static_cast<unsigned char>(at(s, pos + 1));
    const bool continuation = next >= 0x80 && next <= 0xBF;
    if (b == 0xC3) {
        return continuation && next != 0x97 && next != 0xB7; // not × or ÷
    }
    return (b == 0xC4 || b == 0xC5) && continuation;
}

// The character ending just before pos is a letter (as letter_at).
bool letter_before(std::string_view s, size_t pos) {
    if (pos == 0) {
        return false;
    }
    const auto b = static_cast<unsigned char>(s[pos - 1]);
    if (b < 0x80) {
        return is_alpha(static_cast<char>(b));
    }
    return pos >= 2 && b <= 0xBF && letter_at(s, pos - 2);
}

// A number may start here: it is not the tail of a word or of another number
// ("2305-2322", "3.10", "21(10)" stay whole).
bool number_starts_at(std::string_view s, size_t pos) {
    if (pos == 0) {
        return true;
    }
    const char p = s[pos - 1];
    if (is_digit(p) || letter_before(s, pos)) {
        return false;
    }
    if ((p == '.' || p == ',' || p == ':' || p == '/' || p == '-') && pos >= 2 && is_digit(s[pos - 2])) {
        return false;
    }
    return true;
}

struct Number {
    int value = 0;
    size_t end = 0;
    size_t digits = 0;
};

// Reads the whole run of digits at pos; fails when it is longer than max_digits.
std::optional<Number> read_number(std::string_view s, size_t pos, size_t max_digits) {
    size_t end = pos;
    int value = 0;
    while (end < s.size() && is_digit(s[end])) {
        if (end - pos >= max_digits) {
            return std::nullopt;
        }
        value = value * 10 + (s[end] - '0');
        ++end;
    }
    if (end == pos) {
        return std::nullopt;
    }
    return Number{value, end, end - pos};
}

// Reads a word of at most max_bytes bytes at pos and folds it ("Févr" → "fevr").
// Fails when the word is longer: no month or unit name is.
bool read_word(std::string_view s, size_t pos, std::string& folded, size_t& end, size_t max_bytes = 12) {
    end = pos;
    bool ascii = true;
    while (letter_at(s, end)) {
        const bool single = static_cast<unsigned char>(s[end]) < 0x80;
        ascii = ascii && single;
        end += single ? 1 : 2;
        if (end - pos > max_bytes) {
            return false;
        }
    }
    if (end == pos) {
        return false;
    }
    if (ascii) {
        // The common case needs no UTF-8 decoding (and stays in the small-string buffer).
        folded.assign(s.data() + pos, end - pos);
        for (char& c : folded) {
            c = lower(c);
        }
    } else {
        folded = text::fold_key(s.substr(pos, end - pos));
    }
    return true;
}

struct Named {
    std::string_view name;
    int value;
};

// Month names and abbreviations, folded (no accents, lower case), both languages.
// They never clash between the two languages, so both are always accepted.
constexpr std::array<Named, 43> k_months = {{
    {"janvier", 1},   {"janv", 1},      {"jan", 1},       {"january", 1}, {"fevrier", 2},   {"fevr", 2},
    {"fev", 2},       {"february", 2},  {"feb", 2},       {"febr", 2},    {"mars", 3},      {"march", 3},
    {"mar", 3},       {"avril", 4},     {"avr", 4},       {"april", 4},   {"apr", 4},       {"mai", 5},
    {"may", 5},       {"juin", 6},      {"june", 6},      {"jun", 6},     {"juillet", 7},   {"juil", 7},
    {"juill", 7},     {"july", 7},      {"jul", 7},       {"aout", 8},    {"august", 8},    {"aug", 8},
    {"septembre", 9}, {"september", 9}, {"sept", 9},      {"sep", 9},     {"octobre", 10},  {"october", 10},
    {"oct", 10},      {"novembre", 11}, {"november", 11}, {"nov", 11},    {"decembre", 12}, {"december", 12},
    {"dec", 12},
}};

// Every month name above starts with one of these: other words are skipped cheaply.
constexpr std::string_view k_month_initials = "jfmasond";

constexpr std::array<Named, 24> k_weekdays = {{
    {"lundi", 0},    {"mardi", 1},  {"mercredi", 2}, {"jeudi", 3},     {"vendredi", 4}, {"samedi", 5},
    {"dimanche", 6}, {"monday", 0}, {"tuesday", 1},  {"wednesday", 2}, {"thursday", 3}, {"friday", 4},
    {"saturday", 5}, {"sunday", 6}, {"mon", 0},      {"tue", 1},       {"tues", 1},     {"wed", 2},
    {"thu", 3},      {"thur", 3},   {"thurs", 3},    {"fri", 4},       {"sat", 5},      {"sun", 6},
}};

template <size_t N> std::optional<int> lookup(const std::array<Named, N>& table, std::string_view word) {
    for (const auto& entry : table) {
        if (entry.name == word) {
            return entry.value;
        }
    }
    return std::nullopt;
}

// Skips an ordinal suffix after a day number: "1er", "1ᵉʳ", "10th", "2nd".
size_t skip_ordinal(std::string_view s, size_t pos) {
    if (has(s, pos, "\xE1\xB5\x89\xCA\xB3")) { // ᵉʳ
        return pos + 5;
    }
    const char a = lower(at(s, pos));
    const char b = lower(at(s, pos + 1));
    const bool suffix = (a == 'e' && b == 'r') || (a == 's' && b == 't') || (a == 'n' && b == 'd') ||
                        (a == 'r' && b == 'd') || (a == 't' && b == 'h');
    if (suffix && !letter_at(s, pos + 2)) {
        return pos + 2;
    }
    return pos;
}

// Reads a month name at pos, with an optional abbreviation dot.
std::optional<int> read_month(std::string_view s, size_t pos, size_t& end) {
    if (!letter_at(s, pos) || letter_before(s, pos)) {
        return std::nullopt;
    }
    std::string word;
    if (!read_word(s, pos, word, end)) {
        return std::nullopt;
    }
    const auto month = lookup(k_months, word);
    if (month && at(s, end) == '.') {
        ++end;
    }
    return month;
}

// Reads a four-digit year in the plausible window.
std::optional<int> read_year(std::string_view s, size_t pos) {
    const auto year = read_number(s, pos, 4);
    if (!year || year->digits != 4 || year->value < k_min_year || year->value > k_max_year) {
        return std::nullopt;
    }
    return year->value;
}

// Between the parts of a written date: spaces, and at most one of ",-/".
size_t skip_date_separator(std::string_view s, size_t pos) {
    pos = skip_hspace(s, pos);
    const char c = at(s, pos);
    if (c == ',' || c == '-' || c == '/') {
        pos = skip_hspace(s, pos + 1);
    }
    return pos;
}

std::optional<Date> checked(int year, int month, int day) {
    const Date date{year, month, day};
    if (is_valid(date)) {
        return date;
    }
    return std::nullopt;
}

// "10 mars 2021", "1er mars 2021", "10th of March, 2021", "9-10 mars 2021" (the first day).
std::optional<Date> day_month_year_at(std::string_view s, size_t pos) {
    const auto day = read_number(s, pos, 2);
    if (!day) {
        return std::nullopt;
    }
    size_t q = skip_ordinal(s, day->end);
    // A range of days within one month: the meeting starts on the first.
    const size_t r = skip_hspace(s, q);
    if (const size_t dash = dash_length(s, r); dash > 0) {
        if (const auto second = read_number(s, skip_hspace(s, r + dash), 2)) {
            q = skip_ordinal(s, second->end);
        }
    }
    q = skip_date_separator(s, q);
    if (lower(at(s, q)) == 'o' && lower(at(s, q + 1)) == 'f' && hspace_length(s, q + 2) > 0) {
        q = skip_hspace(s, q + 2);
    }
    size_t month_end = 0;
    const auto month = read_month(s, q, month_end);
    if (!month) {
        return std::nullopt;
    }
    const size_t year_pos = skip_date_separator(s, month_end);
    if (year_pos == month_end) {
        return std::nullopt;
    }
    const auto year = read_year(s, year_pos);
    if (!year) {
        return std::nullopt;
    }
    return checked(*year, *month, day->value);
}

// "March 10, 2021", "Mar 10 2021", "March 10th, 2021".
std::optional<Date> month_day_year_at(std::string_view s, size_t pos) {
    size_t q = 0;
    const auto month = read_month(s, pos, q);
    if (!month) {
        return std::nullopt;
    }
    const size_t day_pos = skip_date_separator(s, q);
    if (day_pos == q) {
        return std::nullopt;
    }
    const auto day = read_number(s, day_pos, 2);
    if (!day) {
        return std::nullopt;
    }
    const size_t day_end = skip_ordinal(s, day->end);
    const size_t year_pos = skip_date_separator(s, day_end);
    if (year_pos == day_end) {
        return std::nullopt;
    }
    const auto year = read_year(s, year_pos);
    if (!year) {
        return std::nullopt;
    }
    return checked(*year, *month, day->value);
}

// "2021-03-10", "2021/03/10", "10/03/2021", "10.03.2021", "10-03-2021".
std::optional<Date> numeric_at(std::string_view s, size_t pos, Language language) {
    const auto first = read_number(s, pos, 4);
    if (!first) {
        return std::nullopt;
    }
    const char separator = at(s, first->end);
    if (separator != '-' && separator != '/' && separator != '.') {
        return std::nullopt;
    }
    const auto second = read_number(s, first->end + 1, 2);
    if (!second || at(s, second->end) != separator) {
        return std::nullopt;
    }
    if (first->digits == 4) {
        const auto third = read_number(s, second->end + 1, 2);
        if (!third || first->value < k_min_year || first->value > k_max_year) {
            return std::nullopt;
        }
        return checked(first->value, second->value, third->value);
    }
    if (first->digits > 2) {
        return std::nullopt;
    }
    const auto year = read_year(s, second->end + 1);
    if (!year) {
        return std::nullopt;
    }
    // French writes the day first, English the month first; when the preferred
    // reading is impossible (a 13th month) the other one is the only sensible one.
    const bool day_first = language == Language::French;
    const int day = day_first ? first->value : second->value;
    const int month = day_first ? second->value : first->value;
    if (auto date = checked(*year, month, day)) {
        return date;
    }
    return checked(*year, day, month);
}

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> k_days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) {
        return 29;
    }
    return k_days[static_cast<size_t>(month - 1)];
}

Date add_months(const Date& date, int months) {
    const int index = date.year * 12 + (date.month - 1) + months;
    const int year = index / 12;
    const int month = index % 12 + 1;
    return Date{year, month, std::min(date.day, days_in_month(year, month))};
}

// ---------------------------------------------------------------------------------
// Due-date phrases, read as folded words ("d'ici le 15 décembre" → d ici le 15 decembre).

// Words that introduce a due date and carry no date themselves.
constexpr std::array<std::string_view, 52> k_lead_words = {
    "d",     "ici",  "l",      "le",     "la",       "les",       "du",     "de",       "des",   "au",     "a",
    "avant", "pour", "jusqu",  "jusque", "echeance", "date",      "limite", "delai",    "prevu", "prevue", "ou",
    "plus",  "tard", "ce",     "cette",  "prochain", "prochaine", "dans",   "sous",     "due",   "by",     "before",
    "on",    "the",  "until",  "till",   "no",       "later",     "than",   "deadline", "next",  "this",   "coming",
    "or",    "at",   "latest", "in",     "within",   "for",       "target", "expected",
};

bool is_lead_word(std::string_view word) {
    for (const auto lead : k_lead_words) {
        if (lead == word) {
            return true;
        }
    }
    return false;
}

// "15", "1er", "15th", "1ᵉʳ" → the day of month.
std::optional<int> day_word(std::string_view word) {
    size_t digits = 0;
    int value = 0;
    while (digits < word.size() && is_digit(word[digits])) {
        if (digits == 2) {
            return std::nullopt; // a longer number (and no overflow on "2021202120...")
        }
        value = value * 10 + (word[digits] - '0');
        ++digits;
    }
    if (digits == 0 || value < 1 || value > 31) {
        return std::nullopt;
    }
    const std::string_view suffix = word.substr(digits);
    if (suffix.empty() || suffix == "er" || suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th" ||
        suffix == "\xE1\xB5\x89\xCA\xB3") {
        return value;
    }
    return std::nullopt;
}

std::optional<int> count_word(std::string_view word) {
    static constexpr std::array<Named, 26> k_counts = {{
        {"un", 1},   {"une", 1},  {"deux", 2},     {"trois", 3},   {"quatre", 4},  {"cinq", 5},  {"six", 6},
        {"sept", 7}, {"huit", 8}, {"neuf", 9},     {"dix", 10},    {"quinze", 15}, {"a", 1},     {"an", 1},
        {"one", 1},  {"two", 2},  {"three", 3},    {"four", 4},    {"five", 5},    {"seven", 7}, {"eight", 8},
        {"nine", 9}, {"ten", 10}, {"fifteen", 15}, {"twelve", 12}, {"douze", 12},
    }};
    if (!word.empty() && word.size() <= 3) {
        bool all_digits = true;
        int value = 0;
        for (const char c : word) {
            all_digits = all_digits && is_digit(c);
            value = value * 10 + (c - '0');
        }
        if (all_digits) {
            return value;
        }
    }
    return lookup(k_counts, word);
}

using Words = std::vector<std::string>;

std::string_view word_at(const Words& words, size_t i) {
    return i < words.size() ? std::string_view(words[i]) : std::string_view();
}

// The next date with this day and month on or after the reference (15 décembre).
std::optional<Date> next_day_month(int day, int month, const Date& reference) {
    // Eight years always reach a 29 February.
    for (int year = reference.year; year <= reference.year + 8; ++year) {
        const Date candidate{year, month, day};
        if (is_valid(candidate) && candidate >= reference) {
            return candidate;
        }
    }
    return std::nullopt;
}

// A day and a month at word i, either order, with an optional year after them.
// Sets `matched` when the words form a day-month even if the date is impossible.
std::optional<Date> day_month_words(const Words& words, size_t i, std::optional<Date> reference, bool& matched) {
    matched = false;
    std::optional<int> day;
    std::optional<int> month;
    size_t next = i;
    if ((day = day_word(word_at(words, i)))) {
        size_t m = i + 1;
        if (word_at(words, m) == "of") {
            ++m;
        }
        month = lookup(k_months, word_at(words, m));
        next = m + 1;
    } else if ((month = lookup(k_months, word_at(words, i)))) {
        day = day_word(word_at(words, i + 1));
        next = i + 2;
    }
    if (!day || !month) {
        return std::nullopt;
    }
    matched = true;
    const std::string_view year_word = word_at(words, next);
    if (year_word.size() == 4 && std::all_of(year_word.begin(), year_word.end(), is_digit)) {
        const int year =
            (year_word[0] - '0') * 1000 + (year_word[1] - '0') * 100 + (year_word[2] - '0') * 10 + (year_word[3] - '0');
        return checked(year, *month, *day);
    }
    if (!reference) {
        return std::nullopt;
    }
    return next_day_month(*day, *month, *reference);
}

enum class Match { None, Found, Impossible };

// Tries every relative pattern at word i.
Match relative_at(const Words& words, size_t i, std::optional<Date> reference, std::optional<Date>& result) {
    bool matched = false;
    result = day_month_words(words, i, reference, matched);
    if (matched) {
        return result ? Match::Found : Match::Impossible;
    }
    const std::string_view w = word_at(words, i);
    const std::string_view w1 = word_at(words, i + 1);
    const std::string_view w2 = word_at(words, i + 2);
    if (!reference) {
        return Match::None; // everything below counts from the meeting date
    }
    const Date& ref = *reference;
    if (const auto day = lookup(k_weekdays, w)) {
        // "vendredi 15 décembre": the explicit date is the stronger statement.
        bool dated = false;
        result = day_month_words(words, i + 1, reference, dated);
        if (dated) {
            return result ? Match::Found : Match::Impossible;
        }
        int ahead = (*day - weekday(ref) + 7) % 7;
        if (ahead == 0) {
            ahead = 7; // "vendredi" said on a Friday means the next one
        }
        result = add_days(ref, ahead);
        return Match::Found;
    }
    if ((w == "apres" && w1 == "demain") || (w == "day" && w1 == "after" && w2 == "tomorrow")) {
        result = add_days(ref, 2);
        return Match::Found;
    }
    if (w == "demain" || w == "tomorrow") {
        result = add_days(ref, 1);
        return Match::Found;
    }
    if ((w == "aujourd" && w1 == "hui") || w == "today" || w == "tonight" || (w == "ce" && w1 == "soir")) {
        result = ref;
        return Match::Found;
    }
    if ((w == "next" && w1 == "week") || (w == "semaine" && w1 == "prochaine") ||
        (w == "prochaine" && w1 == "semaine")) {
        result = add_days(ref, 7 - weekday(ref)); // the Monday after
        return Match::Found;
    }
    if (const auto count = count_word(w)) {
        if (w1 == "jour" || w1 == "jours" || w1 == "day" || w1 == "days") {
            result = add_days(ref, *count);
            return Match::Found;
        }
        if (w1 == "semaine" || w1 == "semaines" || w1 == "week" || w1 == "weeks" || w1 == "wk" || w1 == "wks") {
            result = add_days(ref, *count * 7);
            return Match::Found;
        }
        if (w1 == "mois" || w1 == "month" || w1 == "months") {
            result = add_months(ref, *count);
            return Match::Found;
        }
    }
    return Match::None;
}

// ---------------------------------------------------------------------------------
// Times of day.

struct TimeToken {
    int hour = 0;
    int minute = 0;
    bool marked = false;   // written with "h", ":" or as a word (a bare "9" could be any number)
    bool absolute = false; // on the 24-hour clock for sure: "9 h", "midi"; never takes am/pm
    bool dotted = false;   // "9.30": a time only next to an am/pm, else a decimal number
    int meridiem = 0;      // 0 none, 1 am, 2 pm
    size_t end = 0;
};

// "am", "a.m.", "PM", "p.m" followed by a non-letter.
size_t read_meridiem(std::string_view s, size_t pos, int& meridiem) {
    const char first = lower(at(s, pos));
    if (first != 'a' && first != 'p') {
        return 0;
    }
    size_t q = pos + 1;
    if (at(s, q) == '.') {
        ++q;
    }
    if (lower(at(s, q)) != 'm') {
        return 0;
    }
    ++q;
    if (at(s, q) == '.') {
        ++q;
    }
    if (letter_at(s, q)) {
        return 0;
    }
    meridiem = first == 'a' ? 1 : 2;
    return q - pos;
}

// Two-digit minutes not followed by another digit.
std::optional<Number> read_minutes(std::string_view s, size_t pos) {
    const auto minutes = read_number(s, pos, 2);
    if (!minutes || minutes->digits != 2 || minutes->value > 59) {
        return std::nullopt;
    }
    return minutes;
}

// "midi", "noon", "minuit", "midnight".
std::optional<TimeToken> read_named_time(std::string_view s, size_t pos) {
    std::string word;
    size_t end = 0;
    if (letter_before(s, pos) || !read_word(s, pos, word, end)) {
        return std::nullopt;
    }
    TimeToken token;
    if (word == "midi" || word == "noon") {
        token.hour = 12;
    } else if (word != "minuit" && word != "midnight") {
        return std::nullopt;
    }
    token.marked = true;
    token.absolute = true;
    token.end = end;
    return token;
}

// "9", "9:30", "9 h 30", "9h", "14 heures", "9:30 am", "9.30 pm", "midi".
std::optional<TimeToken> read_time(std::string_view s, size_t pos) {
    if (is_alpha(at(s, pos))) {
        return read_named_time(s, pos);
    }
    const auto hour = read_number(s, pos, 2);
    if (!hour) {
        return std::nullopt;
    }
    TimeToken token;
    token.hour = hour->value;
    size_t q = hour->end;
    if (at(s, q) == ':' || at(s, q) == '.') {
        if (const auto minutes = read_minutes(s, q + 1)) {
            token.dotted = at(s, q) == '.';
            token.marked = !token.dotted;
            token.minute = minutes->value;
            q = minutes->end;
        }
    } else {
        const size_t h = skip_hspace(s, q);
        if (lower(at(s, h)) == 'h') {
            std::string word;
            size_t word_end = 0;
            if (read_word(s, h, word, word_end) &&
                (word == "h" || word == "heure" || word == "heures" || word == "hre" || word == "hres")) {
                token.marked = true;
                token.absolute = true; // "h" is the French 24-hour notation
                q = word_end;
                if (const auto minutes = read_minutes(s, skip_hspace(s, q))) {
                    token.minute = minutes->value;
                    q = minutes->end;
                }
            }
        }
    }
    const size_t m = skip_hspace(s, q);
    if (const size_t length = read_meridiem(s, m, token.meridiem); length > 0) {
        q = m + length;
    }
    if (token.absolute && token.meridiem != 0) {
        return std::nullopt; // "14 h pm" is a contradiction, not a time
    }
    if (token.meridiem != 0 ? (token.hour < 1 || token.hour > 12) : token.hour > 23) {
        return std::nullopt;
    }
    token.end = q;
    return token;
}

// Between the two times: a dash, "à", "a", "to", "till", "until".
size_t range_separator(std::string_view s, size_t pos) {
    if (const size_t dash = dash_length(s, pos); dash > 0) {
        return dash;
    }
    size_t length = 0;
    if (has(s, pos, "\xC3\xA0")) {
        length = 2; // à
    } else {
        for (std::string_view word : {"until", "till", "to", "a"}) {
            if (s.size() - pos >= word.size()) {
                bool same = true;
                for (size_t i = 0; i < word.size(); ++i) {
                    same = same && lower(s[pos + i]) == word[i];
                }
                if (same) {
                    length = word.size();
                    break;
                }
            }
        }
    }
    // A word separator stands alone ("9 h à 11 h", never "9 h avant").
    if (length > 0 && (letter_at(s, pos + length) || hspace_length(s, pos + length) == 0)) {
        return 0;
    }
    return length;
}

int to_24h(int hour, int meridiem) {
    if (meridiem == 1) {
        return hour == 12 ? 0 : hour;
    }
    if (meridiem == 2) {
        return hour == 12 ? 12 : hour + 12;
    }
    return hour;
}

// Applies a meridiem written on one side only to the other side, choosing the reading
// that keeps the range forward: "9:30–11:30 am", "11-1 pm" (11 am to 1 pm).
int borrow_meridiem(const TimeToken& token, int meridiem, int other_minutes, bool is_start) {
    const int hour = token.hour;
    const int minute = token.minute;
    if (token.absolute || hour > 12) {
        return hour; // already on the 24-hour clock
    }
    const int same = to_24h(hour, meridiem);
    const bool forward = is_start ? same * 60 + minute <= other_minutes : same * 60 + minute >= other_minutes;
    if (forward) {
        return same;
    }
    return to_24h(hour, meridiem == 1 ? 2 : 1);
}

struct FoundRange {
    TimeRange range;
    size_t end = 0;
};

std::optional<FoundRange> time_range_at(std::string_view s, size_t pos) {
    const auto start = read_time(s, pos);
    if (!start) {
        return std::nullopt;
    }
    const size_t sep_pos = skip_hspace(s, start->end);
    const size_t sep = range_separator(s, sep_pos);
    if (sep == 0) {
        return std::nullopt;
    }
    const auto end = read_time(s, skip_hspace(s, sep_pos + sep));
    if (!end) {
        return std::nullopt;
    }
    // Two bare numbers ("2-3", "10 à 12") are not times, nor are decimals ("1.50-2.30")
    // unless an am/pm says they are ("9.30-11.30 am").
    const bool has_meridiem = start->meridiem != 0 || end->meridiem != 0;
    if (!has_meridiem && (!(start->marked || end->marked) || start->dotted || end->dotted)) {
        return std::nullopt;
    }
    int start_hour = start->hour;
    int end_hour = end->hour;
    if (start->meridiem != 0 && end->meridiem != 0) {
        start_hour = to_24h(start->hour, start->meridiem);
        end_hour = to_24h(end->hour, end->meridiem);
    } else if (end->meridiem != 0) {
        end_hour = to_24h(end->hour, end->meridiem);
        start_hour = borrow_meridiem(*start, end->meridiem, end_hour * 60 + end->minute, true);
    } else if (start->meridiem != 0) {
        start_hour = to_24h(start->hour, start->meridiem);
        end_hour = borrow_meridiem(*end, start->meridiem, start_hour * 60 + start->minute, false);
    }
    FoundRange found;
    found.range.start = TimeOfDay{start_hour, start->minute};
    found.range.end = TimeOfDay{end_hour, end->minute};
    found.end = end->end;
    return found;
}

// ---------------------------------------------------------------------------------
// Durations.

enum Unit { k_hours = 0, k_minutes = 1, k_seconds = 2, k_no_unit = 3 };

constexpr std::array<int, 3> k_unit_seconds = {3600, 60, 1};

struct UnitName {
    std::string_view name;
    Unit unit;
};

constexpr std::array<UnitName, 22> k_units = {{
    {"h", k_hours},         {"hr", k_hours},         {"hrs", k_hours},      {"hre", k_hours},
    {"hres", k_hours},      {"hour", k_hours},       {"hours", k_hours},    {"heure", k_hours},
    {"heures", k_hours},    {"min", k_minutes},      {"mins", k_minutes},   {"minute", k_minutes},
    {"minutes", k_minutes}, {"mn", k_minutes},       {"mns", k_minutes},    {"s", k_seconds},
    {"sec", k_seconds},     {"secs", k_seconds},     {"second", k_seconds}, {"seconds", k_seconds},
    {"seconde", k_seconds}, {"secondes", k_seconds},
}};

// Reads a unit at pos. `attached` says no space came between number and unit, which
// the minute and second marks (20', 30″) require.
std::optional<Unit> read_unit(std::string_view s, size_t pos, bool attached, Unit previous, size_t& end) {
    if (attached) {
        for (std::string_view mark : {"'", "\xE2\x80\x99", "\xE2\x80\xB2"}) { // ' ’ ′
            if (has(s, pos, mark) && !letter_at(s, pos + mark.size())) {
                end = pos + mark.size();
                return k_minutes;
            }
        }
        if (has(s, pos, "\xE2\x80\xB3") && !letter_at(s, pos + 3)) { // ″
            end = pos + 3;
            return k_seconds;
        }
    }
    if (!is_alpha(at(s, pos))) {
        return std::nullopt;
    }
    size_t q = pos;
    std::string word;
    while (is_alpha(at(s, q)) && word.size() <= 8) {
        word += lower(s[q]);
        ++q;
    }
    if (letter_at(s, q)) {
        return std::nullopt; // a longer word ("5 ministres", "20 sièges")
    }
    std::optional<Unit> unit;
    for (const auto& entry : k_units) {
        if (entry.name == word) {
            unit = entry.unit;
            break;
        }
    }
    // A bare "m" is a minute only in "1h30m": alone it is more likely metres.
    if (!unit && word == "m" && previous == k_hours) {
        unit = k_minutes;
    }
    if (!unit) {
        return std::nullopt;
    }
    if (word.size() <= 3 && at(s, q) == '.' && !is_digit(at(s, q + 1))) {
        ++q; // "5 min."
    }
    end = q;
    return unit;
}

struct Amount {
    double value = 0;
    bool whole = true;
    size_t end = 0;
};

// "5", "1.5", "1,5".
std::optional<Amount> read_amount(std::string_view s, size_t pos) {
    const auto integer = read_number(s, pos, 6);
    if (!integer) {
        return std::nullopt;
    }
    Amount amount{static_cast<double>(integer->value), true, integer->end};
    const char mark = at(s, integer->end);
    if ((mark == '.' || mark == ',') && is_digit(at(s, integer->end + 1))) {
        const auto fraction = read_number(s, integer->end + 1, 3);
        if (!fraction) {
            return std::nullopt;
        }
        amount.value += fraction->value / std::pow(10.0, static_cast<double>(fraction->digits));
        amount.whole = false;
        amount.end = fraction->end;
    }
    return amount;
}

struct FoundDuration {
    int seconds = 0;
    size_t end = 0;
};

// Reads "1 h 10 min", "1h10", "1 heure 30", "20'", "1.5 h" starting at pos: the longest
// run of components in decreasing unit order.
std::optional<FoundDuration> duration_at(std::string_view s, size_t pos) {
    double total = 0;
    Unit previous = k_no_unit;
    size_t q = pos;
    bool any = false;
    while (true) {
        const size_t number_pos = any ? skip_hspace(s, q) : q;
        const auto amount = read_amount(s, number_pos);
        if (!amount) {
            break;
        }
        const size_t unit_pos = skip_hspace(s, amount->end, 2);
        size_t unit_end = 0;
        const auto unit = read_unit(s, unit_pos, unit_pos == amount->end, previous, unit_end);
        if (unit && (previous == k_no_unit || *unit > previous)) {
            total += amount->value * k_unit_seconds[*unit];
            previous = *unit;
            q = unit_end;
            any = true;
            continue;
        }
        // "1h10", "1 heure 30": a bare number after hours is minutes, after minutes seconds.
        if (any && !unit && amount->whole && amount->end - number_pos <= 2) {
            if (previous != k_seconds && amount->value <= 59 && !letter_at(s, skip_hspace(s, amount->end))) {
                total += amount->value * k_unit_seconds[previous + 1];
                q = amount->end;
            } else if (previous == k_hours) {
                // "à 9 h 30 on commence": hours and a stray number make a clock time.
                return std::nullopt;
            }
        }
        break;
    }
    if (!any || total > std::numeric_limits<int>::max()) {
        return std::nullopt;
    }
    return FoundDuration{static_cast<int>(std::lround(total)), q};
}

} // namespace

long long days_from_civil(int y, int m, int d) {
    // Howard Hinnant's algorithm: proleptic Gregorian calendar, day 0 = 1970-01-01.
    y -= m <= 2 ? 1 : 0;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const long long yoe = y - era * 400;
    const long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Date civil_from_days(long long z) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const long long doe = z - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
    return Date{year, month, day};
}


std::string Date::iso() const {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    return buffer;
}

std::string TimeOfDay::iso() const {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%02d:%02d", hour, minute);
    return buffer;
}

int TimeRange::minutes() const {
    return ((end.minutes() - start.minutes()) % 1440 + 1440) % 1440;
}

bool is_valid(const Date& date) {
    return date.year >= 1 && date.year <= 9999 && date.month >= 1 && date.month <= 12 && date.day >= 1 &&
           date.day <= days_in_month(date.year, date.month);
}

int weekday(const Date& date) {
    const long long days = days_from_civil(date.year, date.month, date.day);
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    return static_cast<int>(((days + 3) % 7 + 7) % 7);
}

Date add_days(const Date& date, int days) {
    return civil_from_days(days_from_civil(date.year, date.month, date.day) + days);
}

std::optional<Date> find_date(std::string_view text, text::Language language) {
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_digit(c)) {
            if (number_starts_at(text, i)) {
                if (auto date = numeric_at(text, i, language)) {
                    return date;
                }
            }
            // A day may follow a dash ("9-10 mars 2021"), so only words and digits bar it.
            if (i == 0 || (!is_digit(text[i - 1]) && !letter_before(text, i))) {
                if (auto date = day_month_year_at(text, i)) {
                    return date;
                }
            }
        } else if (is_alpha(c) && k_month_initials.find(lower(c)) != std::string_view::npos &&
                   !letter_before(text, i)) {
            if (auto date = month_day_year_at(text, i)) {
                return date;
            }
        }
    }
    return std::nullopt;
}

std::optional<Date> resolve_due(std::string_view phrase, std::optional<Date> reference, text::Language language) {
    // A date with its year stands on its own, wherever it sits in the phrase.
    if (auto absolute = find_date(phrase, language)) {
        return absolute;
    }
    Words words = text::split(text::fold_key(phrase), ' ');
    if (words.size() == 1 && words.front().empty()) {
        return std::nullopt;
    }
    // Lead words ("d'ici le", "by", "due", "avant le") are skipped until a pattern
    // starts; anything else first means the phrase is not a date we understand.
    for (size_t i = 0; i < words.size(); ++i) {
        std::optional<Date> result;
        const Match match = relative_at(words, i, reference, result);
        if (match == Match::Found) {
            return result;
        }
        if (match == Match::Impossible || !is_lead_word(words[i])) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::optional<TimeRange> find_time_range(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = lower(text[i]);
        // Digits, or the first letter of "midi", "minuit", "noon", "midnight".
        const bool candidate =
            is_digit(c) ? number_starts_at(text, i) : ((c == 'm' || c == 'n') && !letter_before(text, i));
        if (candidate) {
            if (auto found = time_range_at(text, i)) {
                return found->range;
            }
        }
    }
    return std::nullopt;
}

std::optional<int> parse_duration(std::string_view text) {
    const std::string_view trimmed = text::trim(text);
    if (trimmed.empty()) {
        return std::nullopt;
    }
    const auto found = duration_at(trimmed, 0);
    if (!found || found->end != trimmed.size()) {
        return std::nullopt;
    }
    return found->seconds;
}

std::optional<int> find_duration(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
        if (!is_digit(text[i]) || !number_starts_at(text, i)) {
            continue;
        }
        // "9 h 30-11 h 30" is a schedule, not a 9.5-hour item: step over time ranges.
        if (const auto range = time_range_at(text, i)) {
            i = range->end - 1;
            continue;
        }
        if (const auto found = duration_at(text, i)) {
            return found->seconds;
        }
    }
    return std::nullopt;
}

} // namespace quorum::datetime
