#include "util/datetime.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>

using namespace quorum::datetime;
using quorum::text::Language;

namespace {

// "2021-03-10" or "none", so that failures print something readable.
std::string date_fr(std::string_view text) {
    const auto date = find_date(text, Language::French);
    return date ? date->iso() : "none";
}

std::string date_en(std::string_view text) {
    const auto date = find_date(text, Language::English);
    return date ? date->iso() : "none";
}

// "09:30-11:30" or "none".
std::string range(std::string_view text) {
    const auto found = find_time_range(text);
    return found ? found->start.iso() + "-" + found->end.iso() : "none";
}

int duration(std::string_view text) {
    return parse_duration(text).value_or(-1);
}

int found_duration(std::string_view text) {
    return find_duration(text).value_or(-1);
}

// Due dates against a reference; "none" when unresolved.
std::string due(std::string_view phrase, std::optional<Date> reference, Language language = Language::French) {
    const auto date = resolve_due(phrase, reference, language);
    return date ? date->iso() : "none";
}

// Wednesday 10 March 2021, the date of the seed minutes.
constexpr Date k_meeting{2021, 3, 10};

} // namespace

BOOST_AUTO_TEST_SUITE(util_datetime_test)

// --- Date, TimeOfDay, TimeRange ---------------------------------------------------

BOOST_AUTO_TEST_CASE(date_iso_pads_month_and_day) {
    BOOST_TEST((Date{2021, 3, 9}.iso() == "2021-03-09"));
}

BOOST_AUTO_TEST_CASE(time_of_day_iso_pads_hours_and_minutes) {
    BOOST_TEST((TimeOfDay{9, 5}.iso() == "09:05"));
    BOOST_TEST((TimeOfDay{9, 30}.minutes() == 570));
}

BOOST_AUTO_TEST_CASE(time_range_minutes_is_end_minus_start) {
    BOOST_TEST((TimeRange{{9, 30}, {11, 30}}.minutes()) == 120);
}

BOOST_AUTO_TEST_CASE(time_range_minutes_crosses_midnight) {
    BOOST_TEST((TimeRange{{23, 0}, {1, 30}}.minutes()) == 150);
}

BOOST_AUTO_TEST_CASE(is_valid_checks_month_lengths_and_leap_years) {
    BOOST_TEST((is_valid(Date{2024, 2, 29})));
    BOOST_TEST((!is_valid(Date{2023, 2, 29})));
    BOOST_TEST((!is_valid(Date{1900, 2, 29})));
    BOOST_TEST((is_valid(Date{2000, 2, 29})));
    BOOST_TEST((!is_valid(Date{2021, 4, 31})));
    BOOST_TEST((!is_valid(Date{2021, 13, 1})));
    BOOST_TEST((!is_valid(Date{2021, 0, 1})));
    BOOST_TEST((!is_valid(Date{})));
}

BOOST_AUTO_TEST_CASE(weekday_counts_from_monday) {
    BOOST_TEST((weekday(Date{2021, 3, 10}) == 2));  // Wednesday
    BOOST_TEST((weekday(Date{2024, 1, 1}) == 0));   // Monday
    BOOST_TEST((weekday(Date{2000, 1, 1}) == 5));   // Saturday
    BOOST_TEST((weekday(Date{1969, 12, 31}) == 2)); // Wednesday, before the epoch
}

BOOST_AUTO_TEST_CASE(add_days_crosses_months_years_and_leap_days) {
    BOOST_TEST((add_days(Date{2021, 2, 28}, 1).iso() == "2021-03-01"));
    BOOST_TEST((add_days(Date{2024, 2, 28}, 1).iso() == "2024-02-29"));
    BOOST_TEST((add_days(Date{2021, 12, 31}, 1).iso() == "2022-01-01"));
    BOOST_TEST((add_days(Date{2021, 3, 1}, -1).iso() == "2021-02-28"));
    BOOST_TEST((add_days(Date{2021, 3, 10}, 365).iso() == "2022-03-10"));
}

// --- find_date: French -------------------------------------------------------------

BOOST_AUTO_TEST_CASE(find_date_reads_a_french_date) {
    BOOST_TEST(date_fr("10 mars 2021") == "2021-03-10");
}

BOOST_AUTO_TEST_CASE(find_date_reads_a_french_date_inside_a_sentence) {
    BOOST_TEST(date_fr("La rencontre a eu lieu le mercredi 10 mars 2021 sur Zoom.") == "2021-03-10");
}

BOOST_AUTO_TEST_CASE(find_date_reads_premier_as_the_first) {
    BOOST_TEST(date_fr("le 1er mars 2021") == "2021-03-01");
    BOOST_TEST(date_fr("le 1\xE1\xB5\x89\xCA\xB3 mars 2021") == "2021-03-01"); // 1ᵉʳ
}

BOOST_AUTO_TEST_CASE(find_date_reads_french_months_with_and_without_accents) {
    BOOST_TEST(date_fr("3 f\xC3\xA9vrier 2022") == "2022-02-03");
    BOOST_TEST(date_fr("3 fevrier 2022") == "2022-02-03");
    BOOST_TEST(date_fr("15 ao\xC3\xBBt 2021") == "2021-08-15");
    BOOST_TEST(date_fr("15 aout 2021") == "2021-08-15");
    BOOST_TEST(date_fr("7 d\xC3\xA9"
                       "cembre 2020") == "2020-12-07");
    BOOST_TEST(date_fr("7 decembre 2020") == "2020-12-07");
    BOOST_TEST(date_fr("7 D\xC3\x89"
                       "CEMBRE 2020") == "2020-12-07");
}

BOOST_AUTO_TEST_CASE(find_date_reads_french_month_abbreviations) {
    BOOST_TEST(date_fr("12 janv. 2022") == "2022-01-12");
    BOOST_TEST(date_fr("12 f\xC3\xA9vr. 2022") == "2022-02-12");
    BOOST_TEST(date_fr("12 d\xC3\xA9"
                       "c. 2022") == "2022-12-12");
    BOOST_TEST(date_fr("12 juil. 2022") == "2022-07-12");
    BOOST_TEST(date_fr("12 sept. 2022") == "2022-09-12");
}

BOOST_AUTO_TEST_CASE(find_date_reads_all_french_month_names) {
    const char* months[] = {"janvier",
                            "f\xC3\xA9vrier",
                            "mars",
                            "avril",
                            "mai",
                            "juin",
                            "juillet",
                            "ao\xC3\xBBt",
                            "septembre",
                            "octobre",
                            "novembre",
                            "d\xC3\xA9"
                            "cembre"};
    for (int m = 1; m <= 12; ++m) {
        const auto date = find_date(std::string("2 ") + months[m - 1] + " 2023", Language::French);
        BOOST_TEST_REQUIRE(date.has_value(), months[m - 1]);
        BOOST_TEST(date->month == m);
    }
}

BOOST_AUTO_TEST_CASE(find_date_accepts_non_breaking_spaces) {
    BOOST_TEST(date_fr("10\xC2\xA0mars\xE2\x80\xAF"
                       "2021") == "2021-03-10");
}

BOOST_AUTO_TEST_CASE(find_date_reads_a_range_of_days_as_its_first_day) {
    BOOST_TEST(date_fr("Colloque du 9-10 mars 2021") == "2021-03-09");
}

// --- find_date: English ------------------------------------------------------------

BOOST_AUTO_TEST_CASE(find_date_reads_month_day_comma_year) {
    BOOST_TEST(date_en("March 10, 2021") == "2021-03-10");
}

BOOST_AUTO_TEST_CASE(find_date_reads_day_month_year_in_english) {
    BOOST_TEST(date_en("10 March 2021") == "2021-03-10");
    BOOST_TEST(date_en("10th of March, 2021") == "2021-03-10");
}

BOOST_AUTO_TEST_CASE(find_date_reads_abbreviated_english_months_without_comma) {
    BOOST_TEST(date_en("Mar 10 2021") == "2021-03-10");
    BOOST_TEST(date_en("Sept. 3, 2021") == "2021-09-03");
    BOOST_TEST(date_en("Dec 31 2021") == "2021-12-31");
}

BOOST_AUTO_TEST_CASE(find_date_reads_weekday_and_ordinal_suffix) {
    BOOST_TEST(date_en("Wednesday, March 10th, 2021") == "2021-03-10");
    BOOST_TEST(date_en("Tuesday, June 1st, 2021") == "2021-06-01");
    BOOST_TEST(date_en("Held on May 22nd 2021 online") == "2021-05-22");
}

// --- find_date: numeric ------------------------------------------------------------

BOOST_AUTO_TEST_CASE(find_date_reads_iso_dates) {
    BOOST_TEST(date_fr("2021-03-10") == "2021-03-10");
    BOOST_TEST(date_en("Updated 2021-03-10T09:30") == "2021-03-10");
    BOOST_TEST(date_en("2021/3/9") == "2021-03-09");
}

BOOST_AUTO_TEST_CASE(find_date_reads_numeric_dates_day_first_in_french) {
    BOOST_TEST(date_fr("10/03/2021") == "2021-03-10");
    BOOST_TEST(date_fr("10.03.2021") == "2021-03-10");
    BOOST_TEST(date_fr("10-03-2021") == "2021-03-10");
}

BOOST_AUTO_TEST_CASE(find_date_reads_numeric_dates_month_first_in_english) {
    BOOST_TEST(date_en("10/03/2021") == "2021-10-03");
}

BOOST_AUTO_TEST_CASE(find_date_reads_day_first_in_english_when_first_exceeds_twelve) {
    BOOST_TEST(date_en("25/03/2021") == "2021-03-25");
}

BOOST_AUTO_TEST_CASE(find_date_reads_month_first_in_french_when_second_exceeds_twelve) {
    BOOST_TEST(date_fr("03/25/2021") == "2021-03-25");
}

BOOST_AUTO_TEST_CASE(find_date_returns_the_first_date_in_the_text) {
    BOOST_TEST(date_fr("Rencontre du 10 mars 2021, suivi le 14 avril 2021") == "2021-03-10");
}

// --- find_date: rejections ---------------------------------------------------------

BOOST_AUTO_TEST_CASE(find_date_rejects_impossible_dates) {
    BOOST_TEST(date_fr("31 f\xC3\xA9vrier 2021") == "none");
    BOOST_TEST(date_fr("29 f\xC3\xA9vrier 2021") == "none");
    BOOST_TEST(date_en("April 31, 2021") == "none");
    BOOST_TEST(date_fr("2021-02-30") == "none");
    BOOST_TEST(date_fr("32/01/2021") == "none");
    BOOST_TEST(date_fr("13/13/2021") == "none");
}

BOOST_AUTO_TEST_CASE(find_date_accepts_a_leap_day) {
    BOOST_TEST(date_fr("29 f\xC3\xA9vrier 2024") == "2024-02-29");
}

BOOST_AUTO_TEST_CASE(find_date_rejects_page_ranges_and_issue_numbers) {
    BOOST_TEST(date_en("New Media & Society. 21(10), 2305-2322.") == "none");
    BOOST_TEST(date_fr("Couture, S. & Toupin, S. (2019). 21(10), 2305-2322.") == "none");
}

BOOST_AUTO_TEST_CASE(find_date_rejects_a_month_without_a_day_or_a_year) {
    BOOST_TEST(date_fr("en mars 2021") == "none");
    BOOST_TEST(date_fr("le 10 mars") == "none");
    BOOST_TEST(date_en("March 10") == "none");
}

BOOST_AUTO_TEST_CASE(find_date_rejects_month_names_inside_words) {
    BOOST_TEST(date_fr("10 marsupiaux 2021") == "none");
    BOOST_TEST(date_en("10 Decimal 2021") == "none");
}

BOOST_AUTO_TEST_CASE(find_date_rejects_numbers_inside_longer_numbers) {
    BOOST_TEST(date_fr("1234/03/2021") == "none");
    BOOST_TEST(date_fr("10/03/20215") == "none");
    BOOST_TEST(date_fr("v1.10.03.2021") == "none");
}

BOOST_AUTO_TEST_CASE(find_date_rejects_implausible_years) {
    BOOST_TEST(date_fr("10 mars 1492") == "none");
    BOOST_TEST(date_fr("2305-03-10") == "none");
}

BOOST_AUTO_TEST_CASE(find_date_finds_nothing_in_plain_text) {
    BOOST_TEST(date_fr("") == "none");
    BOOST_TEST(date_fr("Article 5 : le mandat du groupe") == "none");
}

BOOST_AUTO_TEST_CASE(find_date_reads_the_seed_minutes) {
    std::ifstream in(std::string(QUORUM_SEED) + "/000_f317a47c7c39bfca.txt", std::ios::binary);
    BOOST_REQUIRE(in.good());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    BOOST_TEST(date_fr(text) == "2021-03-10");
    BOOST_TEST(range(text) == "09:30-11:30");
}

// --- resolve_due -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(resolve_due_reads_iso_dates_without_a_reference) {
    BOOST_TEST(due("2026-12-01", std::nullopt) == "2026-12-01");
    BOOST_TEST(due("due 2026-12-01", std::nullopt, Language::English) == "2026-12-01");
}

BOOST_AUTO_TEST_CASE(resolve_due_reads_full_written_dates_without_a_reference) {
    BOOST_TEST(due("d'ici le 15 d\xC3\xA9"
                   "cembre 2026",
                   std::nullopt) == "2026-12-15");
    BOOST_TEST(due("by December 15, 2026", std::nullopt, Language::English) == "2026-12-15");
}

BOOST_AUTO_TEST_CASE(resolve_due_takes_the_next_day_and_month_on_or_after_the_reference) {
    BOOST_TEST(due("15 d\xC3\xA9"
                   "cembre",
                   k_meeting) == "2021-12-15");
    BOOST_TEST((due("15 d\xC3\xA9"
                    "cembre",
                    Date{2021, 12, 15}) == "2021-12-15"));
    BOOST_TEST((due("15 d\xC3\xA9"
                    "cembre",
                    Date{2021, 12, 16}) == "2022-12-15"));
    BOOST_TEST(due("1er mars", k_meeting) == "2022-03-01");
}

BOOST_AUTO_TEST_CASE(resolve_due_strips_french_lead_words) {
    BOOST_TEST(due("d'ici le 15 d\xC3\xA9"
                   "cembre",
                   k_meeting) == "2021-12-15");
    BOOST_TEST(due("avant le 3 avril", k_meeting) == "2021-04-03");
    BOOST_TEST(due("\xC3\x89"
                   "ch\xC3\xA9"
                   "ance : 3 avril",
                   k_meeting) == "2021-04-03");
    BOOST_TEST(due("au plus tard le 3 avril", k_meeting) == "2021-04-03");
}

BOOST_AUTO_TEST_CASE(resolve_due_strips_english_lead_words) {
    BOOST_TEST(due("by April 3", k_meeting, Language::English) == "2021-04-03");
    BOOST_TEST(due("no later than the 3rd of April", k_meeting, Language::English) == "2021-04-03");
}

BOOST_AUTO_TEST_CASE(resolve_due_reads_french_weekdays_strictly_after_the_reference) {
    // k_meeting is a Wednesday.
    BOOST_TEST(due("vendredi", k_meeting) == "2021-03-12");
    BOOST_TEST(due("lundi", k_meeting) == "2021-03-15");
    BOOST_TEST(due("mercredi", k_meeting) == "2021-03-17");
    BOOST_TEST(due("mardi", k_meeting) == "2021-03-16");
    BOOST_TEST(due("jeudi", k_meeting) == "2021-03-11");
    BOOST_TEST(due("samedi", k_meeting) == "2021-03-13");
    BOOST_TEST(due("dimanche", k_meeting) == "2021-03-14");
}

BOOST_AUTO_TEST_CASE(resolve_due_reads_english_weekdays_with_lead_words) {
    BOOST_TEST(due("by Friday", k_meeting, Language::English) == "2021-03-12");
    BOOST_TEST(due("next Monday", k_meeting, Language::English) == "2021-03-15");
    BOOST_TEST(due("Wednesday", k_meeting, Language::English) == "2021-03-17");
}

BOOST_AUTO_TEST_CASE(resolve_due_accepts_prochain_after_the_weekday) {
    BOOST_TEST(due("d'ici vendredi prochain", k_meeting) == "2021-03-12");
}

BOOST_AUTO_TEST_CASE(resolve_due_prefers_an_explicit_date_after_a_weekday) {
    BOOST_TEST(due("vendredi 19 mars", k_meeting) == "2021-03-19");
}

BOOST_AUTO_TEST_CASE(resolve_due_reads_tomorrow) {
    BOOST_TEST(due("demain", k_meeting) == "2021-03-11");
    BOOST_TEST(due("tomorrow", k_meeting, Language::English) == "2021-03-11");
    BOOST_TEST(due("apr\xC3\xA8s-demain", k_meeting) == "2021-03-12");
}

BOOST_AUTO_TEST_CASE(resolve_due_reads_counts_of_days_weeks_and_months) {
    BOOST_TEST(due("dans 2 semaines", k_meeting) == "2021-03-24");
    BOOST_TEST(due("in 2 weeks", k_meeting, Language::English) == "2021-03-24");
    BOOST_TEST(due("d'ici deux semaines", k_meeting) == "2021-03-24");
    BOOST_TEST(due("in 10 days", k_meeting, Language::English) == "2021-03-20");
    BOOST_TEST(due("in a week", k_meeting, Language::English) == "2021-03-17");
    BOOST_TEST((due("dans un mois", Date{2021, 1, 31}) == "2021-02-28"));
}

BOOST_AUTO_TEST_CASE(resolve_due_reads_next_week_as_the_following_monday) {
    BOOST_TEST(due("la semaine prochaine", k_meeting) == "2021-03-15");
    BOOST_TEST(due("next week", k_meeting, Language::English) == "2021-03-15");
    BOOST_TEST((due("next week", Date{2021, 3, 15}, Language::English) == "2021-03-22")); // from a Monday
}

BOOST_AUTO_TEST_CASE(resolve_due_needs_a_reference_for_relative_phrases) {
    BOOST_TEST(due("vendredi", std::nullopt) == "none");
    BOOST_TEST(due("15 d\xC3\xA9"
                   "cembre",
                   std::nullopt) == "none");
    BOOST_TEST(due("dans 2 semaines", std::nullopt) == "none");
    BOOST_TEST(due("next week", std::nullopt, Language::English) == "none");
}

BOOST_AUTO_TEST_CASE(resolve_due_rejects_phrases_that_are_not_dates) {
    BOOST_TEST(due("", k_meeting) == "none");
    BOOST_TEST(due("d\xC3\xA8s que possible", k_meeting) == "none");
    BOOST_TEST(due("ASAP", k_meeting, Language::English) == "none");
    BOOST_TEST(due("by the end of the project", k_meeting, Language::English) == "none");
    BOOST_TEST(due("31 f\xC3\xA9vrier", k_meeting) == "none");
}

BOOST_AUTO_TEST_CASE(resolve_due_rejects_overlong_numbers) {
    BOOST_TEST(due("2021202120 mars", k_meeting) == "none");
    BOOST_TEST(due("dans 2021202120 jours", k_meeting) == "none");
}

BOOST_AUTO_TEST_CASE(resolve_due_reads_a_numeric_date_by_language) {
    BOOST_TEST(due("avant le 05/04/2021", k_meeting, Language::French) == "2021-04-05");
    BOOST_TEST(due("before 05/04/2021", k_meeting, Language::English) == "2021-05-04");
}

// --- find_time_range ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(find_time_range_reads_french_hours_with_spaces) {
    BOOST_TEST(range("9 h 30-11 h 30") == "09:30-11:30");
}

BOOST_AUTO_TEST_CASE(find_time_range_reads_compact_french_hours) {
    BOOST_TEST(range("9h30-11h30") == "09:30-11:30");
    BOOST_TEST(range("9h30 \xC3\xA0 11h30") == "09:30-11:30");
}

BOOST_AUTO_TEST_CASE(find_time_range_reads_a_as_separator) {
    BOOST_TEST(range("9 h 30 \xC3\xA0 11 h 30") == "09:30-11:30");
    BOOST_TEST(range("9 h 30 a 11 h 30") == "09:30-11:30");
}

BOOST_AUTO_TEST_CASE(find_time_range_reads_whole_hours_in_a_sentence) {
    BOOST_TEST(range("La rencontre aura lieu de 14 h \xC3\xA0 16 h au local 3.") == "14:00-16:00");
}

BOOST_AUTO_TEST_CASE(find_time_range_reads_non_breaking_spaces_everywhere) {
    BOOST_TEST(range("9\xC2\xA0h\xC2\xA0"
                     "30\xE2\x80\xAF-\xE2\x80\xAF"
                     "11\xE2\x80\xAFh\xE2\x80\xAF"
                     "30") == "09:30-11:30");
}

BOOST_AUTO_TEST_CASE(find_time_range_applies_a_trailing_meridiem_to_both_sides) {
    BOOST_TEST(range("9:30\xE2\x80\x93"
                     "11:30 am") == "09:30-11:30"); // en dash
    BOOST_TEST(range("2-3:30 pm") == "14:00-15:30");
}

BOOST_AUTO_TEST_CASE(find_time_range_keeps_the_range_forward_across_noon) {
    BOOST_TEST(range("11-1 pm") == "11:00-13:00");
    BOOST_TEST(range("10:30 to 12:15 pm") == "10:30-12:15");
}

BOOST_AUTO_TEST_CASE(find_time_range_applies_meridiem_per_side) {
    BOOST_TEST(range("9:30 am - 11 am") == "09:30-11:00");
    BOOST_TEST(range("11 a.m. - 1 p.m.") == "11:00-13:00");
    BOOST_TEST(range("12 pm - 1 pm") == "12:00-13:00");
    BOOST_TEST(range("12 am - 1 am") == "00:00-01:00");
}

BOOST_AUTO_TEST_CASE(find_time_range_reads_the_24_hour_clock) {
    BOOST_TEST(range("14:00-16:00") == "14:00-16:00");
    BOOST_TEST(range("14:00 \xE2\x80\x94 16:00") == "14:00-16:00"); // em dash
}

BOOST_AUTO_TEST_CASE(find_time_range_reads_noon_and_midnight_words) {
    BOOST_TEST(range("de 9 h \xC3\xA0 midi") == "09:00-12:00");
    BOOST_TEST(range("9 am-noon") == "09:00-12:00");
    BOOST_TEST(range("Party 8 pm to midnight") == "20:00-00:00");
}

BOOST_AUTO_TEST_CASE(find_time_range_reads_dotted_times_next_to_am_pm) {
    BOOST_TEST(range("9.30-11.30 am") == "09:30-11:30");
}

BOOST_AUTO_TEST_CASE(find_time_range_never_applies_am_pm_to_french_hours) {
    // "h" is the 24-hour notation: 9 h stays 09:00 even next to a pm.
    BOOST_TEST(range("9 h - 2 pm") == "09:00-14:00");
}

BOOST_AUTO_TEST_CASE(find_time_range_rejects_bare_number_ranges) {
    BOOST_TEST(range("pages 2-3") == "none");
    BOOST_TEST(range("entre 10 \xC3\xA0 12 personnes") == "none");
    BOOST_TEST(range("21(10), 2305-2322") == "none");
}

BOOST_AUTO_TEST_CASE(find_time_range_rejects_dates_and_single_times) {
    BOOST_TEST(range("2021-03-10") == "none");
    BOOST_TEST(range("10 mars 2021") == "none");
    BOOST_TEST(range("D\xC3\xA9"
                     "but \xC3\xA0 9 h 30") == "none");
    BOOST_TEST(range("1 h 10 min") == "none");
}

BOOST_AUTO_TEST_CASE(find_time_range_rejects_impossible_times) {
    BOOST_TEST(range("25:00-26:00") == "none");
    BOOST_TEST(range("9:75-10:00") == "none");
    BOOST_TEST(range("13 pm - 2 pm") == "none");
}

BOOST_AUTO_TEST_CASE(find_time_range_rejects_decimal_numbers) {
    BOOST_TEST(range("version 1.5-2.0") == "none");
    BOOST_TEST(range("entre 1.50-2.30 $") == "none");
}

BOOST_AUTO_TEST_CASE(find_time_range_rejects_am_pm_after_french_hours) {
    BOOST_TEST(range("14 h pm - 16 h") == "none");
}

// --- parse_duration ----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(parse_duration_reads_minutes) {
    BOOST_TEST(duration("5 min") == 300);
    BOOST_TEST(duration("2 minutes") == 120);
    BOOST_TEST(duration("45 mn") == 2700);
    BOOST_TEST(duration("20'") == 1200);
    BOOST_TEST(duration("20\xE2\x80\xB2") == 1200); // prime
}

BOOST_AUTO_TEST_CASE(parse_duration_reads_hours_and_minutes) {
    BOOST_TEST(duration("1 h 10 min") == 4200);
    BOOST_TEST(duration("1h10") == 4200);
    BOOST_TEST(duration("1 h 10") == 4200);
    BOOST_TEST(duration("1 heure 30") == 5400);
    BOOST_TEST(duration("1 hr 15 mins") == 4500);
    BOOST_TEST(duration("1h30m") == 5400);
}

BOOST_AUTO_TEST_CASE(parse_duration_reads_whole_hours) {
    BOOST_TEST(duration("1 h") == 3600);
    BOOST_TEST(duration("2 hours") == 7200);
    BOOST_TEST(duration("2 heures") == 7200);
}

BOOST_AUTO_TEST_CASE(parse_duration_reads_decimal_hours_with_point_or_comma) {
    BOOST_TEST(duration("1.5 h") == 5400);
    BOOST_TEST(duration("1,5 h") == 5400);
    BOOST_TEST(duration("0,25 h") == 900);
}

BOOST_AUTO_TEST_CASE(parse_duration_reads_seconds) {
    BOOST_TEST(duration("90 s") == 90);
    BOOST_TEST(duration("30 sec") == 30);
    BOOST_TEST(duration("1 min 30 s") == 90);
}

BOOST_AUTO_TEST_CASE(parse_duration_ignores_case_and_surrounding_spaces) {
    BOOST_TEST(duration("  5 MIN\xC2\xA0") == 300);
    BOOST_TEST(duration("1\xE2\x80\xAFH\xE2\x80\xAF"
                        "10") == 4200);
}

BOOST_AUTO_TEST_CASE(parse_duration_rejects_text_around_the_duration) {
    BOOST_TEST(duration("(10 min)") == -1);
    BOOST_TEST(duration("environ 10 min") == -1);
    BOOST_TEST(duration("10 min environ") == -1);
}

BOOST_AUTO_TEST_CASE(parse_duration_rejects_numbers_without_units) {
    BOOST_TEST(duration("5") == -1);
    BOOST_TEST(duration("") == -1);
    BOOST_TEST(duration("min") == -1);
}

BOOST_AUTO_TEST_CASE(parse_duration_rejects_words_that_start_like_units) {
    BOOST_TEST(duration("5 ministres") == -1);
    BOOST_TEST(duration("20 si\xC3\xA8ges") == -1);
    BOOST_TEST(duration("5 m") == -1); // metres, not minutes
}

BOOST_AUTO_TEST_CASE(parse_duration_rejects_durations_too_long_to_count) {
    BOOST_TEST(duration("999999 h") == -1);
    BOOST_TEST(duration("1234567 min") == -1);
}

BOOST_AUTO_TEST_CASE(parse_duration_rejects_units_out_of_order) {
    BOOST_TEST(duration("10 min 1 h") == -1);
    BOOST_TEST(duration("5 min 5 min") == -1);
}

// --- find_duration -----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(find_duration_finds_a_duration_in_parentheses) {
    BOOST_TEST(found_duration("Tour d'\xC3\xA9"
                              "cran (20 min)") == 1200);
}

BOOST_AUTO_TEST_CASE(find_duration_finds_a_duration_after_a_dash) {
    BOOST_TEST(found_duration("Varia et prochaines \xC3\xA9tapes \xE2\x80\x94 5 min") == 300);
    BOOST_TEST(found_duration("Accueil 20'") == 1200);
}

BOOST_AUTO_TEST_CASE(find_duration_finds_the_agenda_table_cell) {
    BOOST_TEST(found_duration("4. Discussion\tDiscussion\t1 h 10 min") == 4200);
    BOOST_TEST(found_duration("1. Accueil et rappel de l'objectif\tInformation\t5 min") == 300);
}

BOOST_AUTO_TEST_CASE(find_duration_rejects_article_numbers) {
    BOOST_TEST(found_duration("Article 5") == -1);
    BOOST_TEST(found_duration("Article 5 du r\xC3\xA8glement") == -1);
}

BOOST_AUTO_TEST_CASE(find_duration_rejects_dates) {
    BOOST_TEST(found_duration("10 mars 2021") == -1);
    BOOST_TEST(found_duration("2021-03-10") == -1);
    BOOST_TEST(found_duration("March 10, 2021") == -1);
}

BOOST_AUTO_TEST_CASE(find_duration_steps_over_time_ranges) {
    BOOST_TEST(found_duration("9 h 30-11 h 30") == -1);
    BOOST_TEST(found_duration("de 14 h \xC3\xA0 16 h (2 h)") == 7200);
}

BOOST_AUTO_TEST_CASE(find_duration_rejects_plural_years_and_words) {
    BOOST_TEST(found_duration("the 1920's") == -1);
    BOOST_TEST(found_duration("20 personnes, 5 ministres") == -1);
}

BOOST_AUTO_TEST_CASE(find_duration_rejects_a_clock_time_followed_by_words) {
    // "9 h 30" with text after it is a time of day; reading "9 h" would be wrong.
    BOOST_TEST(found_duration("On commence \xC3\xA0 9 h 30 pile") == -1);
}

// --- performance ---------------------------------------------------------------------

// Speed is measured by scripts/bench, never asserted here; this checks the answer
// on a large input full of near misses.
BOOST_AUTO_TEST_CASE(scanners_find_the_real_values_after_ten_megabytes_of_near_misses) {
    // 10 MB of near misses, with the real date, times and duration only at the very end.
    std::string big;
    big.reserve(10 * 1024 * 1024 + 128);
    while (big.size() < 10 * 1024 * 1024) {
        big += "Article 5 du 10 mars, 21(10) 2305-2322 le 1er mai 2-3 v1.5 Mar 10 ";
    }
    big += "10 mars 2021 9 h 30-11 h 30 (20 min)";
    BOOST_TEST((find_date(big, Language::French).value_or(Date{}).iso() == "2021-03-10"));
    BOOST_TEST(range(big) == "09:30-11:30");
    BOOST_TEST(found_duration(big) == 1200);
}

BOOST_AUTO_TEST_SUITE_END()
