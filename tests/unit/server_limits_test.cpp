#include "server/limits.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

using namespace quorum::server;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(server_limits_test)

// The clock is passed in: these tests never wait.

BOOST_AUTO_TEST_CASE(a_bucket_gives_its_burst_then_one_per_refill) {
    RateLimiter limiter(10, 6000ms, 100);
    const auto start = RateLimiter::Clock::time_point{} + 1h;
    for (int i = 0; i < 10; ++i) {
        BOOST_TEST(!limiter.take("192.0.2.1", start).has_value());
    }
    auto wait = limiter.take("192.0.2.1", start);
    BOOST_REQUIRE(wait.has_value());
    BOOST_TEST(wait->count() == 6);
    // Two seconds later, four are left to wait; after six, one more request.
    wait = limiter.take("192.0.2.1", start + 2s);
    BOOST_REQUIRE(wait.has_value());
    BOOST_TEST(wait->count() == 4);
    BOOST_TEST(!limiter.take("192.0.2.1", start + 6s).has_value());
    BOOST_TEST(limiter.take("192.0.2.1", start + 6s).has_value());
    // A long rest refills to the burst, not beyond.
    for (int i = 0; i < 10; ++i) {
        BOOST_TEST(!limiter.take("192.0.2.1", start + 24h).has_value());
    }
    BOOST_TEST(limiter.take("192.0.2.1", start + 24h).has_value());
}

BOOST_AUTO_TEST_CASE(addresses_have_their_own_buckets) {
    RateLimiter limiter(2, 6000ms, 100);
    const auto now = RateLimiter::Clock::time_point{} + 1h;
    BOOST_TEST(!limiter.take("192.0.2.1", now).has_value());
    BOOST_TEST(!limiter.take("192.0.2.1", now).has_value());
    BOOST_TEST(limiter.take("192.0.2.1", now).has_value());
    BOOST_TEST(!limiter.take("192.0.2.2", now).has_value());
}

BOOST_AUTO_TEST_CASE(the_table_of_addresses_is_bounded_and_forgets_the_least_recent) {
    RateLimiter limiter(1, 60000ms, 3);
    const auto now = RateLimiter::Clock::time_point{} + 1h;
    BOOST_TEST(!limiter.take("a", now).has_value());
    BOOST_TEST(!limiter.take("b", now).has_value());
    BOOST_TEST(!limiter.take("c", now).has_value());
    BOOST_TEST(limiter.take("a", now).has_value()); // "a" is now the most recent, "b" the least
    BOOST_TEST(!limiter.take("d", now).has_value()); // evicts "b"
    BOOST_TEST(limiter.size() == 3U);
    BOOST_TEST(limiter.take("a", now).has_value()); // still remembered, still empty
    BOOST_TEST(!limiter.take("b", now).has_value()); // forgotten: a fresh bucket
    for (int i = 0; i < 10000; ++i) {
        limiter.take("x" + std::to_string(i), now);
    }
    BOOST_TEST(limiter.size() == 3U);
}

BOOST_AUTO_TEST_CASE(ipv6_clients_are_counted_by_their_64) {
    BOOST_TEST(rate_key("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64");
    BOOST_TEST(rate_key("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64");
    BOOST_TEST(rate_key("2001:db8:1:3::1") == "2001:db8:1:3::/64");
    BOOST_TEST(rate_key("192.0.2.7") == "192.0.2.7");
    BOOST_TEST(rate_key("::ffff:192.0.2.7") == "192.0.2.7");
    BOOST_TEST(rate_key("not an address") == "");
    BOOST_TEST(rate_key("") == "");
}

BOOST_AUTO_TEST_CASE(trusted_proxies_are_addresses_or_blocks) {
    auto proxies = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8 fd00::/8");
    BOOST_REQUIRE(proxies.has_value());
    BOOST_TEST(proxies->trusts("127.0.0.1"));
    BOOST_TEST(!proxies->trusts("127.0.0.2"));
    BOOST_TEST(proxies->trusts("10.200.3.4"));
    BOOST_TEST(!proxies->trusts("11.0.0.1"));
    BOOST_TEST(proxies->trusts("fd12::1"));
    BOOST_TEST(!proxies->trusts("fe80::1"));
    BOOST_TEST(proxies->trusts("::ffff:10.1.1.1"));
    BOOST_TEST(!proxies->trusts("garbage"));

    std::string bad;
    BOOST_TEST(!TrustedProxies::parse("127.0.0.1, proxy.example.org", &bad).has_value());
    BOOST_TEST(bad == "proxy.example.org");
    BOOST_TEST(!TrustedProxies::parse("10.0.0.0/33", &bad).has_value());
    BOOST_TEST(bad == "10.0.0.0/33");
    BOOST_TEST(TrustedProxies::parse("")->empty());
}

BOOST_AUTO_TEST_CASE(x_forwarded_for_counts_only_from_a_trusted_proxy) {
    auto proxies = TrustedProxies::parse("127.0.0.1,10.0.0.0/8");
    BOOST_REQUIRE(proxies.has_value());
    // From an untrusted peer the header is ignored.
    BOOST_TEST(proxies->client_address("198.51.100.9", {"203.0.113.5"}) == "198.51.100.9");
    // From a trusted one: the rightmost entry that is not a proxy of ours. A
    // client's own made-up entries to the left change nothing.
    BOOST_TEST(proxies->client_address("127.0.0.1", {"203.0.113.5"}) == "203.0.113.5");
    BOOST_TEST(proxies->client_address("127.0.0.1", {"1.2.3.4, 203.0.113.5, 10.0.0.2"}) == "203.0.113.5");
    BOOST_TEST(proxies->client_address("127.0.0.1", {"1.2.3.4", "203.0.113.5"}) == "203.0.113.5");
    // Nothing, or nothing readable, after our proxies: the last address vouched for.
    BOOST_TEST(proxies->client_address("127.0.0.1", {}) == "127.0.0.1");
    BOOST_TEST(proxies->client_address("127.0.0.1", {"unknown"}) == "127.0.0.1");
    BOOST_TEST(proxies->client_address("127.0.0.1", {"203.0.113.5, 10.0.0.2, junk"}) == "127.0.0.1");

    auto none = TrustedProxies::parse("");
    BOOST_TEST(none->client_address("127.0.0.1", {"203.0.113.5"}) == "127.0.0.1");
}

BOOST_AUTO_TEST_SUITE_END()
