#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace quorum::server {

// An IPv4 or IPv6 address in binary form; IPv4-mapped IPv6 ("::ffff:192.0.2.7")
// reads as the IPv4 address, since a dual-stack socket reports IPv4 clients so.
struct IpAddress {
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{}; // IPv4: the first four
};
std::optional<IpAddress> parse_ip(std::string_view text);

// The key a client's requests are counted under: an IPv4 address whole, an IPv6
// address by its /64 (one host is routinely given a whole /64, and would
// otherwise have 2^64 fresh buckets). "" when the text is not an address.
std::string rate_key(std::string_view address);

// The addresses of the reverse proxies whose X-Forwarded-For is believed:
// addresses or CIDR blocks ("127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8").
class TrustedProxies {
public:
    // From a list separated by commas or spaces; nullopt names the first bad entry in `bad`.
    static std::optional<TrustedProxies> parse(std::string_view list, std::string* bad = nullptr);

    bool empty() const { return m_blocks.empty(); }
    bool trusts(std::string_view address) const;

    // The client's address. The connection's peer, unless the peer is a trusted
    // proxy: then the last X-Forwarded-For entry (values in the order the header
    // fields came, each a comma-separated list) that is not itself a trusted
    // proxy, walking back from the right, since only the entries our own proxies
    // appended can be believed. A malformed entry stops the walk: the address
    // right after it (the last one a trusted proxy vouched for) is the client's.
    std::string client_address(std::string_view peer, const std::vector<std::string_view>& forwarded_for) const;

private:
    struct Block {
        IpAddress address;
        int prefix = 0;
    };
    bool contains(const Block& block, const IpAddress& address) const;
    std::vector<Block> m_blocks;
};

// A token bucket per key (a client address): `burst` requests at once, then one
// every `refill`. The table holds at most `max_keys` buckets; a new key beyond
// that evicts the one seen least recently (a bucket left alone for long is full
// again anyway). Thread-safe.
class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    RateLimiter(unsigned burst, std::chrono::milliseconds refill, size_t max_keys);

    // Takes one token for `key`: nullopt when there was one, else how long until
    // there is (whole seconds, at least 1, for a Retry-After header).
    std::optional<std::chrono::seconds> take(const std::string& key, Clock::time_point now = Clock::now());

    size_t size() const;

private:
    Clock::duration full() const; // a bucket's credit at rest: `burst` refills
    // Tokens are counted as time, exactly: a request costs one refill period, and
    // the credit grows with the time that passes, up to burst periods.
    struct Bucket {
        Clock::duration credit{};
        Clock::time_point updated;
        std::list<std::string>::iterator recent; // position in m_recent
    };
    unsigned m_burst;
    std::chrono::milliseconds m_refill;
    size_t m_max_keys;
    mutable std::mutex m_mutex;
    std::unordered_map<std::string, Bucket> m_buckets;
    std::list<std::string> m_recent; // most recent first
};

} // namespace quorum::server
