#include "util/timezone.hpp"

#include "util/datetime.hpp"

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
#include <string_view>
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

// A day of the year on which a clock changes, as a POSIX TZ string writes it:
// "Jn" (1..365, 29 February never counted), "n" (0..365), "Mm.w.d" (day d,
// 0 = Sunday, of week w, 5 = the last, of month m), and the local time of day.
struct ChangeDay {
    char kind = 'M'; // 'J', 'N' or 'M'
    int day = 0;
    int week = 0;
    int month = 0;
    long time = 7200;
};

// The rule a TZif file's footer gives for every instant after its last
// transition ("EST5EDT,M3.2.0,M11.1.0"): offsets east of UTC, as in the file.
struct Footer {
    long standard = 0;
    std::optional<long> daylight; // no daylight saving time when empty
    ChangeDay start;
    ChangeDay end;
};

struct Zone {
    std::vector<long long> transitions;
    std::vector<unsigned char> type_of; // per transition
    std::vector<long> offsets;          // per type
    std::vector<bool> dst;              // per type
    std::optional<Footer> footer;       // after the last transition
};

// Reads a POSIX TZ string's parts, advancing `at`; false on anything malformed.
class TzReader {
  public:
    explicit TzReader(std::string_view text) : text_(text) {}

    bool name() {
        if (peek() == '<') {
            size_t close = text_.find('>', at_);
            if (close == std::string_view::npos || close == at_ + 1) {
                return false;
            }
            at_ = close + 1;
            return true;
        }
        size_t begin = at_;
        while (at_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[at_]))) {
            ++at_;
        }
        return at_ - begin >= 3;
    }

    // "[+-]hh[:mm[:ss]]" in seconds; hours up to 167 (RFC 8536's extension).
    std::optional<long> clock(bool allow_sign = true) {
        long sign = 1;
        if (allow_sign && (peek() == '+' || peek() == '-')) {
            sign = text_[at_++] == '-' ? -1 : 1;
        }
        std::optional<long> hours = number(167);
        if (!hours) {
            return std::nullopt;
        }
        long seconds = *hours * 3600;
        for (long scale : {60L, 1L}) {
            if (peek() != ':') {
                break;
            }
            ++at_;
            std::optional<long> part = number(59);
            if (!part) {
                return std::nullopt;
            }
            seconds += *part * scale;
        }
        return sign * seconds;
    }

    std::optional<ChangeDay> change_day() {
        ChangeDay day;
        if (peek() == 'M') {
            ++at_;
            const long month = number(12).value_or(0);
            const long week = eat('.') ? number(5).value_or(0) : 0;
            const long weekday = eat('.') ? number(6).value_or(-1) : -1;
            if (month < 1 || week < 1 || weekday < 0) {
                return std::nullopt;
            }
            day.month = static_cast<int>(month);
            day.week = static_cast<int>(week);
            day.day = static_cast<int>(weekday);
        } else {
            day.kind = peek() == 'J' ? 'J' : 'N';
            at_ += day.kind == 'J' ? 1 : 0;
            auto number_of_day = number(365);
            if (!number_of_day || (day.kind == 'J' && *number_of_day < 1)) {
                return std::nullopt;
            }
            day.day = static_cast<int>(*number_of_day);
        }
        if (eat('/')) {
            auto time = clock();
            if (!time) {
                return std::nullopt;
            }
            day.time = *time;
        }
        return day;
    }

    bool eat(char c) {
        if (peek() != c) {
            return false;
        }
        ++at_;
        return true;
    }
    bool done() const { return at_ == text_.size(); }
    char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }

  private:
    std::optional<long> number(long most) {
        size_t begin = at_;
        long value = 0;
        while (at_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[at_])) && at_ - begin < 3) {
            value = value * 10 + (text_[at_++] - '0');
        }
        if (at_ == begin || value > most) {
            return std::nullopt;
        }
        return value;
    }

    std::string_view text_;
    size_t at_ = 0;
};

// "EST5EDT,M3.2.0,M11.1.0", "<+0530>-5:30", "IST-2IDT,M3.4.4/26,M10.5.0":
// nothing for an empty or malformed string (the last transition then holds).
std::optional<Footer> parse_footer(std::string_view text) {
    TzReader reader(text);
    Footer footer;
    if (!reader.name()) {
        return std::nullopt;
    }
    auto standard = reader.clock();
    if (!standard) {
        return std::nullopt;
    }
    footer.standard = -*standard; // POSIX counts west of UTC
    if (reader.done()) {
        return footer;
    }
    if (!reader.name()) {
        return std::nullopt;
    }
    footer.daylight = footer.standard + 3600;
    if (reader.peek() != ',' && !reader.done()) {
        auto daylight = reader.clock();
        if (!daylight) {
            return std::nullopt;
        }
        footer.daylight = -*daylight;
    }
    // A daylight name without rules means the US rules (POSIX leaves it to the
    // implementation; glibc and zic agree on these).
    footer.start = ChangeDay{'M', 0, 2, 3, 7200};
    footer.end = ChangeDay{'M', 0, 1, 11, 7200};
    if (reader.eat(',')) {
        auto start = reader.change_day();
        auto end = reader.eat(',') ? reader.change_day() : std::nullopt;
        if (!start || !end) {
            return std::nullopt;
        }
        footer.start = *start;
        footer.end = *end;
    }
    if (!reader.done()) {
        return std::nullopt;
    }
    return footer;
}

bool leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// The local instant (seconds since the epoch, as if local time were UTC) at
// which a change day's clock change happens in `year`.
long long change_in(const ChangeDay& change, int year) {
    long long day = datetime::days_from_civil(year, 1, 1);
    if (change.kind == 'J') {
        day += change.day - 1 + (leap_year(year) && change.day >= 60 ? 1 : 0);
    } else if (change.kind == 'N') {
        day += change.day;
    } else {
        long long first = datetime::days_from_civil(year, change.month, 1);
        int first_weekday = static_cast<int>(((first % 7) + 11) % 7); // 1970-01-01 was a Thursday; 0 = Sunday
        int date = 1 + (change.day - first_weekday + 7) % 7 + (change.week - 1) * 7;
        int next_month = change.month == 12 ? 1 : change.month + 1;
        int length = static_cast<int>(datetime::days_from_civil(change.month == 12 ? year + 1 : year, next_month, 1) - first);
        while (date > length) {
            date -= 7;
        }
        day = first + date - 1;
    }
    return day * 86400 + change.time;
}

long footer_offset(const Footer& footer, long long utc) {
    if (!footer.daylight) {
        return footer.standard;
    }
    const long long local = utc + footer.standard;
    const long long days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    const int year = datetime::civil_from_days(days).year;
    // The change to daylight time is written in standard time, the change back
    // in daylight time.
    const long long start = change_in(footer.start, year) - footer.standard;
    const long long end = change_in(footer.end, year) - *footer.daylight;
    const bool daylight = start < end ? (utc >= start && utc < end) : !(utc >= end && utc < start);
    return daylight ? *footer.daylight : footer.standard;
}

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
    if (width == 8) {
        // After the abbreviations, leap seconds and indicators: "\n<POSIX TZ>\n",
        // the rule for every instant after the last transition.
        at += static_cast<size_t>(c[4] * 6 + c[5] + c[2] * 12 + c[1] + c[0]);
        if (at < data.size() && data[at] == '\n') {
            size_t close = data.find('\n', at + 1);
            if (close != std::string::npos) {
                zone.footer = parse_footer(std::string_view(data).substr(at + 1, close - at - 1));
            }
        }
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
    if (after == zone.transitions.end() && zone.footer) {
        return footer_offset(*zone.footer, utc);
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
