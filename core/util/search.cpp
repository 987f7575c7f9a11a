#include "util/search.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <utility>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace quorum::text {

namespace {

// How common a byte is in French and English minutes (higher is rarer); a byte
// not listed is rare.
constexpr std::array<unsigned char, 256> k_byte_rank = [] {
    std::array<unsigned char, 256> rank{};
    rank.fill(30);
    const std::string_view common = " etaoinsrludcmphgfbvywkxjqz";
    for (size_t i = 0; i < common.size(); ++i) {
        rank[static_cast<unsigned char>(common[i])] = static_cast<unsigned char>(i);
    }
    rank[0xC3] = 13;
    rank[0xA9] = 14;
    rank['\''] = 17;
    rank[','] = 16;
    rank['.'] = 16;
    return rank;
}();

unsigned rank_of(char c) {
    return k_byte_rank[static_cast<unsigned char>(c)];
}

// Where the needle starts among the places [at, last], looking at the places where
// its bytes at `first` and `second` are `a` and `b`; advances `at` past the places
// it looked at (it leaves the last few to the caller).
struct Probe {
    std::string_view needle;
    size_t first;
    size_t second;
};

#if defined(__x86_64__)
__attribute__((target("avx2"))) const char* scan_avx2(const char* text, size_t last, size_t& at, const Probe& probe) {
    const __m256i want_a = _mm256_set1_epi8(probe.needle[probe.first]);
    const __m256i want_b = _mm256_set1_epi8(probe.needle[probe.second]);
    const char* at_first = text + probe.first;
    const char* at_second = text + probe.second;
    // 64 places at a time while all 64 can start the needle: at + 63 <= last
    for (; at + 63 <= last; at += 64) {
        const __m256i a0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at_first + at));
        const __m256i a1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at_first + at + 32));
        const __m256i b0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at_second + at));
        const __m256i b1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at_second + at + 32));
        const __m256i m0 = _mm256_and_si256(_mm256_cmpeq_epi8(a0, want_a), _mm256_cmpeq_epi8(b0, want_b));
        const __m256i m1 = _mm256_and_si256(_mm256_cmpeq_epi8(a1, want_a), _mm256_cmpeq_epi8(b1, want_b));
        if (_mm256_testz_si256(_mm256_or_si256(m0, m1), _mm256_or_si256(m0, m1))) {
            continue;
        }
        uint64_t mask = static_cast<uint32_t>(_mm256_movemask_epi8(m0)) |
                        (static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(m1))) << 32);
        while (mask != 0) {
            const size_t place = at + static_cast<size_t>(__builtin_ctzll(mask));
            if (std::memcmp(text + place, probe.needle.data(), probe.needle.size()) == 0) {
                return text + place;
            }
            mask &= mask - 1;
        }
    }
    return nullptr;
}

const char* scan_sse2(const char* text, size_t last, size_t& at, const Probe& probe) {
    const __m128i want_a = _mm_set1_epi8(probe.needle[probe.first]);
    const __m128i want_b = _mm_set1_epi8(probe.needle[probe.second]);
    for (; at + 15 <= last; at += 16) {
        const __m128i a0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + probe.first + at));
        const __m128i b0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + probe.second + at));
        auto mask = static_cast<unsigned>(
            _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a0, want_a), _mm_cmpeq_epi8(b0, want_b))));
        while (mask != 0) {
            const size_t place = at + static_cast<size_t>(__builtin_ctz(mask));
            if (std::memcmp(text + place, probe.needle.data(), probe.needle.size()) == 0) {
                return text + place;
            }
            mask &= mask - 1;
        }
    }
    return nullptr;
}

// Asked once; __builtin_cpu_init first, as this runs among the static initialisers.
const bool k_has_avx2 = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
}();
#endif

} // namespace

const char* find_plain(std::string_view haystack, std::string_view needle) {
    const size_t m = needle.size();
    const size_t n = haystack.size();
    if (m == 0) {
        return haystack.data();
    }
    if (m > n) {
        return nullptr;
    }
    if (m == 1) {
        return static_cast<const char*>(std::memchr(haystack.data(), needle[0], n));
    }
    if (m > 32) {
        return static_cast<const char*>(memmem(haystack.data(), n, needle.data(), m));
    }
    // The two rarest bytes of the needle: `first` the rarest, `second` the next.
    size_t first = 0;
    size_t second = 1;
    unsigned first_rank = rank_of(needle[0]);
    unsigned second_rank = rank_of(needle[1]);
    if (second_rank > first_rank) {
        std::swap(first, second);
        std::swap(first_rank, second_rank);
    }
    for (size_t i = 2; i < m; ++i) {
        const unsigned rank = rank_of(needle[i]);
        if (rank > first_rank) {
            second = first;
            second_rank = first_rank;
            first = i;
            first_rank = rank;
        } else if (rank > second_rank) {
            second = i;
            second_rank = rank;
        }
    }
    const char* text = haystack.data();
    const char a = needle[first];
    const char b = needle[second];
    const size_t last = n - m; // the last place the needle can start
    size_t at = 0;
#if defined(__x86_64__)
    const Probe probe{needle, first, second};
    const char* found = k_has_avx2 ? scan_avx2(text, last, at, probe) : nullptr;
    if (found == nullptr) {
        found = scan_sse2(text, last, at, probe);
    }
    if (found != nullptr) {
        return found;
    }
#endif
    for (; at <= last; ++at) {
        if (text[at + first] == a && text[at + second] == b && std::memcmp(text + at, needle.data(), m) == 0) {
            return text + at;
        }
    }
    return nullptr;
}

} // namespace quorum::text
