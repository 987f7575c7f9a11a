#include "server/websocket.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/SHA1Engine.h>

#include <sstream>

namespace quorum::server::websocket {

std::string accept_key(std::string_view client_key) {
    Poco::SHA1Engine sha1;
    sha1.update(std::string(client_key) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    const Poco::DigestEngine::Digest& digest = sha1.digest();
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.write(reinterpret_cast<const char*>(digest.data()), static_cast<std::streamsize>(digest.size()));
    encoder.close();
    return out.str();
}

std::string frame(Opcode opcode, std::string_view payload) {
    std::string out;
    out.reserve(payload.size() + 10);
    out.push_back(static_cast<char>(0x80 | static_cast<std::uint8_t>(opcode)));
    size_t size = payload.size();
    if (size < 126) {
        out.push_back(static_cast<char>(size));
    } else if (size <= 0xFFFF) {
        out.push_back(static_cast<char>(126));
        out.push_back(static_cast<char>((size >> 8) & 0xFF));
        out.push_back(static_cast<char>(size & 0xFF));
    } else {
        out.push_back(static_cast<char>(127));
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.push_back(static_cast<char>((static_cast<std::uint64_t>(size) >> shift) & 0xFF));
        }
    }
    out.append(payload);
    return out;
}

std::optional<Parsed> parse(std::string_view buffer, size_t max_payload, std::string& error) {
    if (buffer.size() < 2) {
        return std::nullopt;
    }
    auto byte = [&](size_t i) { return static_cast<std::uint8_t>(buffer[i]); };
    std::uint8_t first = byte(0);
    std::uint8_t second = byte(1);
    if (first & 0x70) {
        error = "reserved bits set";
        return std::nullopt;
    }
    if (!(second & 0x80)) {
        error = "client frames must be masked";
        return std::nullopt;
    }
    Parsed parsed;
    parsed.frame.fin = first & 0x80;
    std::uint8_t opcode = first & 0x0F;
    if (opcode > 2 && opcode < 8) {
        error = "unknown opcode";
        return std::nullopt;
    }
    if (opcode > 10) {
        error = "unknown opcode";
        return std::nullopt;
    }
    parsed.frame.opcode = static_cast<Opcode>(opcode);
    std::uint64_t size = second & 0x7F;
    size_t at = 2;
    if (size == 126) {
        if (buffer.size() < 4) {
            return std::nullopt;
        }
        size = (std::uint64_t(byte(2)) << 8) | byte(3);
        at = 4;
    } else if (size == 127) {
        if (buffer.size() < 10) {
            return std::nullopt;
        }
        size = 0;
        for (size_t i = 2; i < 10; ++i) {
            size = (size << 8) | byte(i);
        }
        at = 10;
    }
    bool is_control = opcode >= 8;
    if (is_control && (size > 125 || !parsed.frame.fin)) {
        error = "control frames are short and whole";
        return std::nullopt;
    }
    if (size > max_payload) {
        error = "message too large";
        return std::nullopt;
    }
    if (buffer.size() < at + 4 + size) {
        return std::nullopt;
    }
    const size_t mask_at = at;
    at += 4;
    parsed.frame.payload.resize(size);
    for (size_t i = 0; i < size; ++i) {
        parsed.frame.payload[i] = static_cast<char>(byte(at + i) ^ byte(mask_at + (i & 3)));
    }
    parsed.used = at + size;
    return parsed;
}

} // namespace quorum::server::websocket
