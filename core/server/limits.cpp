#include "server/limits.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace quorum::server {

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

} // namespace

std::optional<IpAddress> parse_ip(std::string_view text) {
    text = trim(text);
    if (text.empty() || text.size() >= INET6_ADDRSTRLEN) {
        return std::nullopt;
    }
    const std::string copy(text);
    IpAddress address;
    if (inet_pton(AF_INET, copy.c_str(), address.bytes.data()) == 1) {
        return address;
    }
    if (inet_pton(AF_INET6, copy.c_str(), address.bytes.data()) != 1) {
        return std::nullopt;
    }
    static constexpr std::uint8_t k_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(address.bytes.data(), k_mapped, sizeof k_mapped) == 0) {
        std::memmove(address.bytes.data(), address.bytes.data() + 12, 4);
        std::fill(address.bytes.begin() + 4, address.bytes.end(), std::uint8_t{0});
        return address;
    }
    address.v6 = true;
    return address;
}

std::string rate_key(std::string_view text) {
    auto address = parse_ip(text);
    if (!address) {
        return "";
    }
    char out[INET6_ADDRSTRLEN] = {};
    if (!address->v6) {
        inet_ntop(AF_INET, address->bytes.data(), out, sizeof out);
        return out;
    }
    std::fill(address->bytes.begin() + 8, address->bytes.end(), std::uint8_t{0});
    inet_ntop(AF_INET6, address->bytes.data(), out, sizeof out);
    return std::string(out) + "/64";
}

std::optional<TrustedProxies> TrustedProxies::parse(std::string_view list, std::string* bad) {
    TrustedProxies proxies;
    size_t start = 0;
    while (start <= list.size()) {
        size_t end = list.find_first_of(", \t", start);
        if (end == std::string_view::npos) {
            end = list.size();
        }
        std::string_view entry = list.substr(start, end - start);
        start = end + 1;
        if (entry.empty()) {
            continue;
        }
        Block block;
        std::string_view address = entry;
        std::optional<int> prefix;
        if (size_t slash = entry.find('/'); slash != std::string_view::npos) {
            address = entry.substr(0, slash);
            std::string_view digits = entry.substr(slash + 1);
            int value = 0;
            bool ok = !digits.empty() && digits.size() <= 3;
            for (char c : digits) {
                ok = ok && c >= '0' && c <= '9';
                value = value * 10 + (c - '0');
            }
            if (!ok) {
                if (bad) {
                    *bad = std::string(entry);
                }
                return std::nullopt;
            }
            prefix = value;
        }
        auto parsed = parse_ip(address);
        const int bits = parsed && parsed->v6 ? 128 : 32;
        if (!parsed || (prefix && *prefix > bits)) {
            if (bad) {
                *bad = std::string(entry);
            }
            return std::nullopt;
        }
        block.address = *parsed;
        block.prefix = prefix.value_or(bits);
        proxies.m_blocks.push_back(block);
    }
    return proxies;
}

bool TrustedProxies::contains(const Block& block, const IpAddress& address) const {
    if (block.address.v6 != address.v6) {
        return false;
    }
    int bits = block.prefix;
    for (size_t i = 0; bits > 0; ++i, bits -= 8) {
        const std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
        if ((block.address.bytes[i] & mask) != (address.bytes[i] & mask)) {
            return false;
        }
    }
    return true;
}

bool TrustedProxies::trusts(std::string_view text) const {
    auto address = parse_ip(text);
    return address && std::any_of(m_blocks.begin(), m_blocks.end(),
                                  [&](const Block& block) { return contains(block, *address); });
}

std::string TrustedProxies::client_address(std::string_view peer,
                                           const std::vector<std::string_view>& forwarded_for) const {
    std::string client(peer);
    if (!trusts(peer)) {
        return client;
    }
    std::vector<std::string_view> hops;
    for (std::string_view value : forwarded_for) {
        size_t start = 0;
        while (start <= value.size()) {
            size_t comma = value.find(',', start);
            if (comma == std::string_view::npos) {
                comma = value.size();
            }
            hops.push_back(trim(value.substr(start, comma - start)));
            start = comma + 1;
        }
    }
    for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
        if (!parse_ip(*hop)) {
            break;
        }
        client = std::string(*hop);
        if (!trusts(*hop)) {
            break;
        }
    }
    return client;
}

RateLimiter::RateLimiter(unsigned burst, std::chrono::milliseconds refill, size_t max_keys)
    : m_burst(std::max(burst, 1u)), m_refill(std::max(refill, std::chrono::milliseconds(1))),
      m_max_keys(std::max<size_t>(max_keys, 1)) {}

std::optional<std::chrono::seconds> RateLimiter::take(const std::string& key, Clock::time_point now) {
    std::lock_guard lock(m_mutex);
    auto found = m_buckets.find(key);
    if (found == m_buckets.end()) {
        if (m_buckets.size() >= m_max_keys) {
            m_buckets.erase(m_recent.back());
            m_recent.pop_back();
        }
        m_recent.push_front(key);
        found = m_buckets.emplace(key, Bucket{full(), now, m_recent.begin()}).first;
    } else {
        m_recent.splice(m_recent.begin(), m_recent, found->second.recent);
    }
    Bucket& bucket = found->second;
    if (now > bucket.updated) {
        bucket.credit = std::min(full(), bucket.credit + (now - bucket.updated));
        bucket.updated = now;
    }
    const Clock::duration cost = m_refill;
    if (bucket.credit >= cost) {
        bucket.credit -= cost;
        return std::nullopt;
    }
    const auto wait = std::chrono::ceil<std::chrono::seconds>(cost - bucket.credit);
    return std::max(wait, std::chrono::seconds(1));
}

RateLimiter::Clock::duration RateLimiter::full() const {
    return std::chrono::duration_cast<Clock::duration>(m_refill) * m_burst;
}

size_t RateLimiter::size() const {
    std::lock_guard lock(m_mutex);
    return m_buckets.size();
}

} // namespace quorum::server
