#include "store/tokens.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <cerrno>
#include <stdexcept>
#include <sys/random.h>
#include <vector>

namespace quorum::store {

namespace {

void fill_random(unsigned char* data, size_t size) {
    size_t filled = 0;
    while (filled < size) {
        ssize_t got = ::getrandom(data + filled, size - filled, 0);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            // Never fall back to a weaker source for secrets.
            throw std::runtime_error("getrandom failed");
        }
        filled += static_cast<size_t>(got);
    }
}

std::string base64url(const unsigned char* data, size_t size) {
    static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    out.reserve((size * 4 + 2) / 3);
    size_t i = 0;
    for (; i + 2 < size; i += 3) {
        unsigned value = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        out += k_alphabet[(value >> 18) & 63];
        out += k_alphabet[(value >> 12) & 63];
        out += k_alphabet[(value >> 6) & 63];
        out += k_alphabet[value & 63];
    }
    if (size - i == 1) {
        unsigned value = data[i] << 16;
        out += k_alphabet[(value >> 18) & 63];
        out += k_alphabet[(value >> 12) & 63];
    } else if (size - i == 2) {
        unsigned value = (data[i] << 16) | (data[i + 1] << 8);
        out += k_alphabet[(value >> 18) & 63];
        out += k_alphabet[(value >> 12) & 63];
        out += k_alphabet[(value >> 6) & 63];
    }
    return out;
}

} // namespace

std::string random_token(size_t bytes) {
    std::vector<unsigned char> data(bytes);
    fill_random(data.data(), data.size());
    return base64url(data.data(), data.size());
}

std::string random_id() {
    static constexpr char k_alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
    unsigned char data[12];
    fill_random(data, sizeof data);
    std::string out;
    for (unsigned char byte : data) {
        out += k_alphabet[byte & 31];
    }
    return out;
}

std::string hash_token(std::string_view token) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(token.data(), token.size());
    return Poco::DigestEngine::digestToHex(engine.digest());
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    // Lengths are not secret here (hashes all have the same length).
    if (a.size() != b.size()) {
        return false;
    }
    unsigned char difference = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return difference == 0;
}

} // namespace quorum::store
