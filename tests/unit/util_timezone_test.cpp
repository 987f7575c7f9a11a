// Time zones from the system's zoneinfo, and the fallbacks a meeting without a
// zone of its own gets.
//
// Governments change their clocks' rules, and tzdata follows (British Columbia
// left daylight saving time in November 2026). So these tests never expect a
// fixed offset at a date whose rules may still change: fixed offsets are for
// past dates, whose rules are settled, and zones without daylight saving time;
// elsewhere the expected offset is the one glibc reads from the same zoneinfo.

#include "util/timezone.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

using namespace quorum::timezone;

namespace {

constexpr long long k_november = 1636723800LL; // 2021-11-12T13:30:00Z
constexpr long long k_july = 1625146200LL;     // 2021-07-01T13:30:00Z
constexpr long long k_later = 1794490200LL;    // 2026-11-12T13:30:00Z, whose rules tzdata may yet change

// Restores an environment variable as it was when the guard was made.
class EnvGuard {
  public:
    explicit EnvGuard(const char* name) : name_(name) {
        if (const char* value = std::getenv(name)) {
            saved_ = value;
        }
    }
    ~EnvGuard() {
        if (saved_) {
            ::setenv(name_, saved_->c_str(), 1);
        } else {
            ::unsetenv(name_);
        }
        ::tzset();
    }
    EnvGuard(const EnvGuard&) = delete;
    EnvGuard& operator=(const EnvGuard&) = delete;

  private:
    const char* name_;
    std::optional<std::string> saved_;
};

// The offsets glibc reads for a zone at instants, from the same zoneinfo: an
// oracle independent of quorum's own reader.
std::vector<long> system_offsets(const std::string& zone, const std::vector<long long>& instants) {
    EnvGuard tz("TZ");
    ::setenv("TZ", zone.c_str(), 1);
    ::tzset();
    std::vector<long> offsets;
    for (long long utc : instants) {
        std::time_t seconds = static_cast<std::time_t>(utc);
        std::tm local{};
        localtime_r(&seconds, &local);
        offsets.push_back(local.tm_gmtoff);
    }
    return offsets;
}

long system_offset(const std::string& zone, long long utc) {
    return system_offsets(zone, {utc}).front();
}

} // namespace

BOOST_AUTO_TEST_SUITE(util_timezone_test)

BOOST_AUTO_TEST_CASE(zones_are_known_by_their_iana_names_only) {
    BOOST_TEST(known_zone("America/Toronto"));
    BOOST_TEST(known_zone("Asia/Kolkata"));
    BOOST_TEST(!known_zone(""));
    BOOST_TEST(!known_zone("Mars/Olympus_Mons"));
    BOOST_TEST(!known_zone("../../etc/passwd"));
    BOOST_TEST(!known_zone("/etc/passwd"));
    BOOST_TEST(!known_zone("America/Toronto\n"));
    BOOST_TEST(!known_zone(std::string(100, 'A')));
    BOOST_TEST(known_zone("America/Toronto")); // asked again: from what was kept
}

BOOST_AUTO_TEST_CASE(offsets_follow_daylight_saving_time) {
    BOOST_TEST(*utc_offset("America/Toronto", k_november) == -5 * 3600);
    BOOST_TEST(*utc_offset("America/Toronto", k_july) == -4 * 3600);
    BOOST_TEST(*utc_offset("America/Vancouver", k_november) == -8 * 3600);
    BOOST_TEST(*utc_offset("Australia/Sydney", k_july) == 10 * 3600); // winter in the south
    BOOST_TEST(*utc_offset("Australia/Sydney", k_november) == 11 * 3600);
    BOOST_TEST(*utc_offset("Asia/Kolkata", k_july) == 5 * 3600 + 1800);
    BOOST_TEST(*utc_offset("Asia/Kolkata", k_later) == 5 * 3600 + 1800);
    BOOST_TEST(!utc_offset("Not/AZone", k_july));
}

// Every zone a group might meet in, from 1990 to 2060: the transitions the file
// lists, and past them (Debian's files stop at 2037) the rule in its footer,
// northern and southern daylight time, half-hour changes (Lord Howe), changes at
// 24:00 or later (Asia/Jerusalem, America/Godthab's -1:00 times).
BOOST_AUTO_TEST_CASE(offsets_agree_with_what_glibc_reads_from_the_same_files) {
    const char* zones[] = {"America/Toronto", "America/Montreal", "America/Vancouver", "America/St_Johns",
                           "America/Santiago", "America/Sao_Paulo", "America/Nuuk", "Europe/Paris",
                           "Europe/Dublin", "Europe/London", "Africa/Casablanca", "Asia/Jerusalem",
                           "Asia/Tehran", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney",
                           "Australia/Lord_Howe", "Pacific/Auckland", "Pacific/Chatham", "Etc/UTC"};
    constexpr long long from = 631152000LL;  // 1990-01-01
    constexpr long long to = 2871763200LL;   // 2061-01-01
    constexpr long long step = 86400LL * 5 + 3607; // drifts through the hours of the day
    for (const char* zone : zones) {
        if (!known_zone(zone)) {
            continue; // a zone renamed or removed from this machine's tzdata
        }
        std::vector<long long> instants;
        for (long long t = from; t < to; t += step) {
            instants.push_back(t);
        }
        std::vector<long> expected = system_offsets(zone, instants);
        int disagreements = 0;
        for (size_t i = 0; i < instants.size(); ++i) {
            long found = *utc_offset(zone, instants[i]);
            if (found != expected[i] && ++disagreements <= 3) {
                BOOST_ERROR(zone << " at " << instants[i] << ": quorum says " << found << ", glibc " << expected[i]);
            }
        }
        BOOST_TEST(disagreements == 0, zone << ": " << disagreements << " instants disagree");
    }
}

// Around each clock change glibc sees in Toronto from 2030 to 2050, to the
// second: the footer's rule puts the change at the same instant.
BOOST_AUTO_TEST_CASE(clock_changes_after_the_listed_transitions_happen_at_the_right_second) {
    constexpr long long from = 1893456000LL; // 2030-01-01
    constexpr long long to = 2524608000LL;   // 2050-01-01
    std::vector<long long> hours;
    for (long long t = from; t < to; t += 3600) {
        hours.push_back(t);
    }
    std::vector<long> expected = system_offsets("America/Toronto", hours);
    for (size_t i = 1; i < hours.size(); ++i) {
        if (expected[i] != expected[i - 1]) {
            // The change happened within the hour before hours[i]: find its second.
            long long low = hours[i - 1];
            long long high = hours[i];
            std::vector<long long> seconds;
            for (long long t = low + 1; t <= high; ++t) {
                seconds.push_back(t);
            }
            std::vector<long> fine = system_offsets("America/Toronto", seconds);
            size_t at = 0;
            while (fine[at] == expected[i - 1]) {
                ++at;
            }
            BOOST_TEST(*utc_offset("America/Toronto", seconds[at]) == fine[at]);
            BOOST_TEST(*utc_offset("America/Toronto", seconds[at] - 1) == expected[i - 1]);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_meeting_without_a_zone_takes_the_servers) {
    EnvGuard configured("QUORUM_TIMEZONE");
    EnvGuard tz("TZ");
    BOOST_TEST(utc_offset_or_local("Europe/Paris", k_july) == 7200);

    ::setenv("QUORUM_TIMEZONE", "America/Vancouver", 1);
    BOOST_TEST(utc_offset_or_local("", k_november) == -8 * 3600);
    BOOST_TEST(utc_offset_or_local("Not/AZone", k_november) == -8 * 3600); // removed from zoneinfo since
    BOOST_TEST(utc_offset_or_local("Europe/Paris", k_november) == 3600);   // the meeting's own still wins
    // Whatever British Columbia's rules are when this runs, the server's zone
    // is read as the system reads it.
    BOOST_TEST(utc_offset_or_local("", k_later) == system_offset("America/Vancouver", k_later));

    ::setenv("QUORUM_TIMEZONE", "Not/AZone", 1);
    ::setenv("TZ", "Asia/Tokyo", 1);
    ::tzset();
    BOOST_TEST(utc_offset_or_local("", k_later) == 9 * 3600); // the system's local time
    ::unsetenv("QUORUM_TIMEZONE");
    BOOST_TEST(utc_offset_or_local("", k_later) == 9 * 3600);
}

BOOST_AUTO_TEST_CASE(a_wall_clock_time_in_a_zone_becomes_utc) {
    // 13:30 in Montréal on 12 November 2021 (EST) and 1 July 2021 (EDT).
    constexpr long long november_local = k_november; // the same digits read as local time
    BOOST_TEST(*local_to_utc("America/Montreal", november_local) == november_local + 5 * 3600);
    BOOST_TEST(*local_to_utc("America/Montreal", k_july) == k_july + 4 * 3600);
    BOOST_TEST(*local_to_utc("Asia/Kolkata", k_later) == k_later - 5 * 3600 - 1800);
    BOOST_TEST(*local_to_utc("America/Vancouver", k_later) == k_later - system_offset("America/Vancouver", k_later));
    BOOST_TEST(!local_to_utc("Not/AZone", k_later));
}

BOOST_AUTO_TEST_SUITE_END()
