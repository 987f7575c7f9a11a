#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quorum::server::websocket {

// RFC 6455 framing, the parts a push server needs: it writes unmasked frames and
// reads the masked frames browsers send (control frames, short text messages).

enum class Opcode : std::uint8_t { Continuation = 0, Text = 1, Binary = 2, Close = 8, Ping = 9, Pong = 10 };

// The Sec-WebSocket-Accept value for a client's Sec-WebSocket-Key.
std::string accept_key(std::string_view client_key);

// One whole unmasked server frame (FIN set) carrying `payload`.
std::string frame(Opcode opcode, std::string_view payload);

struct Frame {
    Opcode opcode = Opcode::Text;
    bool fin = true;
    std::string payload; // unmasked
};

// Reads one frame from the front of `buffer`. Returns the frame and how many bytes
// it used; nullopt when more bytes are needed. Sets `error` (and returns nullopt)
// for a protocol violation: an unmasked client frame, a reserved bit, a control
// frame that is fragmented or longer than 125 bytes, or a payload over `max_payload`.
struct Parsed {
    Frame frame;
    size_t used = 0;
};
std::optional<Parsed> parse(std::string_view buffer, size_t max_payload, std::string& error);

} // namespace quorum::server::websocket
