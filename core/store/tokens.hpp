#pragma once

#include <string>
#include <string_view>

namespace quorum::store {

// Bytes of randomness in a token: 256 bits, twice the 128 the threat model asks for.
inline constexpr size_t k_token_bytes = 32;

// A new secret from the kernel's CSPRNG (getrandom), base64url without padding:
// safe in URLs and headers. Returned once to the caller; only its hash is kept.
std::string random_token(size_t bytes = k_token_bytes);

// A short random identifier for meetings (not a secret: access needs a token).
std::string random_id();

// SHA-256 of the token, lower-case hex. Tokens are high-entropy, so a plain hash
// (no salt, no stretching) is enough and lets the store look tokens up by hash.
std::string hash_token(std::string_view token);

// Compares without an early exit, so timing says nothing about where two
// strings first differ.
bool constant_time_equal(std::string_view a, std::string_view b);

} // namespace quorum::store
