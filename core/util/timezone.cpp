#include "util/timezone.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace quorum::timezone {

namespace {

bool is_safe_zone(const std::string& zone) {
    if (zone.empty() || zone.size() > 64 || zone.front() == '/' || zone.find("..") != std::string::npos) {
        return false;
    }
    return std::all_of(zone.begin(), zone.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+';
    });
}

struct Zone {
    std::vector<long long> transitions;
    std::vector<unsigned char> type_of; // per transition
    std::vector<long> offsets;          // per type
    std::vector<bool> dst;              // per type
};

long long read_be(const std::string& data, size_t at, int bytes) {
    unsigned long long value = 0;
    for (int i = 0; i < bytes; ++i) {
        value = (value << 8) | static_cast<unsigned char>(data[at + static_cast<size_t>(i)]);
    }
    if (bytes == 4) {
        return static_cast<std::int32_t>(static_cast<std::uint32_t>(value));
    }
    return static_cast<long long>(value);
}

std::optional<Zone> read_zone(const std::string& name) {
    if (!is_safe_zone(name)) {
        return std::nullopt;
    }
    std::ifstream in("/usr/share/zoneinfo/" + name, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto header = [&](size_t at, long long counts[6]) {
        if (data.size() < at + 44 || data.compare(at, 4, "TZif") != 0) {
            return false;
        }
        for (int i = 0; i < 6; ++i) {
            counts[i] = read_be(data, at + 20 + static_cast<size_t>(i) * 4, 4);
            if (counts[i] < 0 || counts[i] > 100000) {
                return false;
            }
        }
        return true;
    };
    long long c[6]; // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
    if (!header(0, c)) {
        return std::nullopt;
    }
    size_t at = 44;
    int width = 4;
    if (data[4] >= '2') {
        // Skip the 32-bit block; the 64-bit one follows with its own header.
        at += static_cast<size_t>(c[3] * 4 + c[3] + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0]);
        if (!header(at, c)) {
            return std::nullopt;
        }
        at += 44;
        width = 8;
    }
    size_t needed = static_cast<size_t>(c[3] * width + c[3] + c[4] * 6);
    if (data.size() < at + needed || c[4] == 0) {
        return std::nullopt;
    }
    Zone zone;
    for (long long i = 0; i < c[3]; ++i) {
        zone.transitions.push_back(read_be(data, at + static_cast<size_t>(i * width), width));
    }
    at += static_cast<size_t>(c[3] * width);
    for (long long i = 0; i < c[3]; ++i) {
        auto type = static_cast<unsigned char>(data[at + static_cast<size_t>(i)]);
        if (type >= c[4]) {
            return std::nullopt;
        }
        zone.type_of.push_back(type);
    }
    at += static_cast<size_t>(c[3]);
    for (long long i = 0; i < c[4]; ++i) {
        zone.offsets.push_back(static_cast<long>(read_be(data, at + static_cast<size_t>(i) * 6, 4)));
        zone.dst.push_back(data[at + static_cast<size_t>(i) * 6 + 4] != 0);
    }
    return zone;
}

long offset_in(const Zone& zone, long long utc) {
    auto after = std::upper_bound(zone.transitions.begin(), zone.transitions.end(), utc);
    if (after == zone.transitions.begin()) {
        // Before the first transition: the first standard-time type.
        for (size_t i = 0; i < zone.offsets.size(); ++i) {
            if (!zone.dst[i]) {
                return zone.offsets[i];
            }
        }
        return zone.offsets.front();
    }
    return zone.offsets[zone.type_of[static_cast<size_t>(after - zone.transitions.begin() - 1)]];
}

// Zones already read (or known not to exist), for the life of the process:
// a meeting's zone is asked for on every live snapshot.
std::shared_ptr<const Zone> load_zone(const std::string& name) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const Zone>> zones;
    std::lock_guard lock(mutex);
    auto found = zones.find(name);
    if (found == zones.end()) {
        if (zones.size() >= 64) {
            zones.clear(); // a bound against a caller that asks for many unknown names
        }
        auto zone = read_zone(name);
        found = zones.emplace(name, zone ? std::make_shared<const Zone>(std::move(*zone)) : nullptr).first;
    }
    return found->second;
}

} // namespace

bool known_zone(const std::string& zone) {
    return load_zone(zone) != nullptr;
}

std::optional<long> utc_offset(const std::string& zone_name, long long utc_seconds) {
    std::shared_ptr<const Zone> zone = load_zone(zone_name);
    if (!zone) {
        return std::nullopt;
    }
    return offset_in(*zone, utc_seconds);
}

long utc_offset_or_local(const std::string& zone, long long utc_seconds) {
    if (!zone.empty()) {
        if (auto offset = utc_offset(zone, utc_seconds)) {
            return *offset;
        }
    }
    if (const char* configured = std::getenv("QUORUM_TIMEZONE"); configured && *configured) {
        if (auto offset = utc_offset(configured, utc_seconds)) {
            return *offset;
        }
    }
    std::time_t seconds = static_cast<std::time_t>(utc_seconds);
    std::tm local{};
    localtime_r(&seconds, &local);
    return local.tm_gmtoff;
}

std::optional<long long> local_to_utc(const std::string& zone_name, long long local_seconds) {
    std::shared_ptr<const Zone> zone = load_zone(zone_name);
    if (!zone) {
        return std::nullopt;
    }
    // The offset in force at the guessed instant, checked once more: right for
    // every time but those a clock change skips or repeats.
    long first = offset_in(*zone, local_seconds);
    long second = offset_in(*zone, local_seconds - first);
    return local_seconds - second;
}

} // namespace quorum::timezone
