// Time zones from the system's zoneinfo, and the fallbacks a meeting without a
// zone of its own gets.

#include "util/timezone.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <ctime>

using namespace quorum::timezone;

namespace {

constexpr long long k_november = 1794490200LL; // 2026-11-12T13:30:00Z
constexpr long long k_july = 1782912600LL;     // 2026-07-01T13:30:00Z

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
    BOOST_TEST(*utc_offset("Asia/Kolkata", k_july) == 5 * 3600 + 1800);
    BOOST_TEST(!utc_offset("Not/AZone", k_july));
}

BOOST_AUTO_TEST_CASE(a_meeting_without_a_zone_takes_the_servers) {
    BOOST_TEST(utc_offset_or_local("Europe/Paris", k_july) == 7200);

    ::setenv("QUORUM_TIMEZONE", "America/Vancouver", 1);
    BOOST_TEST(utc_offset_or_local("", k_november) == -8 * 3600);
    BOOST_TEST(utc_offset_or_local("Not/AZone", k_november) == -8 * 3600); // removed from zoneinfo since
    BOOST_TEST(utc_offset_or_local("Europe/Paris", k_november) == 3600);   // the meeting's own still wins

    ::setenv("QUORUM_TIMEZONE", "Not/AZone", 1);
    ::setenv("TZ", "Asia/Tokyo", 1);
    ::tzset();
    BOOST_TEST(utc_offset_or_local("", k_november) == 9 * 3600); // the system's local time
    ::unsetenv("QUORUM_TIMEZONE");
    BOOST_TEST(utc_offset_or_local("", k_november) == 9 * 3600);
    ::unsetenv("TZ");
    ::tzset();
}

BOOST_AUTO_TEST_SUITE_END()
