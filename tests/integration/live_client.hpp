#pragma once

// A raw TCP client for the front's edge cases (trickled heads, pipelining,
// chunked bodies) and a minimal WebSocket client (RFC 6455, masked frames).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>

namespace harness {

class RawClient {
public:
    explicit RawClient(std::uint16_t port, int receive_buffer = 0) {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (receive_buffer > 0) {
            ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
        }
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            throw std::runtime_error("cannot connect");
        }
    }
    ~RawClient() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    void send(const std::string& bytes) {
        size_t at = 0;
        while (at < bytes.size()) {
            ssize_t sent = ::send(m_fd, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL);
            if (sent <= 0) {
                throw std::runtime_error("send failed");
            }
            at += static_cast<size_t>(sent);
        }
    }

    // Reads until `done(buffer)` holds, the peer closes, or `timeout` passes.
    // Returns false when the peer closed or time ran out first.
    template <typename Done> bool read_until(Done done, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        auto until = std::chrono::steady_clock::now() + timeout;
        while (!done(m_buffer)) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
            if (left.count() <= 0) {
                return false;
            }
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
                return false;
            }
            char chunk[65536];
            ssize_t got = ::recv(m_fd, chunk, sizeof chunk, 0);
            if (got <= 0) {
                m_closed = true;
                return done(m_buffer);
            }
            m_buffer.append(chunk, static_cast<size_t>(got));
        }
        return true;
    }

    // True once the server closed the connection (within `timeout`).
    bool wait_closed(std::chrono::milliseconds timeout) {
        read_until([](const std::string&) { return false; }, timeout);
        return m_closed;
    }

    // One whole HTTP response (Content-Length framed), taken off the buffer.
    std::optional<std::string> response(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        std::string whole;
        auto complete = [&](const std::string& buffer) {
            size_t end = buffer.find("\r\n\r\n");
            if (end == std::string::npos) {
                return false;
            }
            size_t length = 0;
            size_t at = buffer.find("Content-Length: ");
            if (at != std::string::npos && at < end) {
                length = std::stoul(buffer.substr(at + 16));
            }
            if (buffer.size() < end + 4 + length) {
                return false;
            }
            whole = buffer.substr(0, end + 4 + length);
            return true;
        };
        if (!read_until(complete, timeout)) {
            return std::nullopt;
        }
        m_buffer.erase(0, whole.size());
        return whole;
    }

    int fd() const { return m_fd; }
    std::string& buffer() { return m_buffer; }
    bool closed() const { return m_closed; }

private:
    int m_fd = -1;
    std::string m_buffer;
    bool m_closed = false;
};

inline int status_of(const std::string& response) {
    return response.size() > 12 ? std::stoi(response.substr(9, 3)) : 0;
}

inline std::string body_of(const std::string& response) {
    size_t end = response.find("\r\n\r\n");
    return end == std::string::npos ? std::string() : response.substr(end + 4);
}

class WebSocketClient {
public:
    WebSocketClient(std::uint16_t port, const std::string& path, int receive_buffer = 0)
        : m_client(port, receive_buffer) {
        m_client.send("GET " + path +
                      " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        bool got =
            m_client.read_until([](const std::string& buffer) { return buffer.find("\r\n\r\n") != std::string::npos; });
        if (!got) {
            throw std::runtime_error("no handshake answer");
        }
        size_t end = m_client.buffer().find("\r\n\r\n");
        m_handshake = m_client.buffer().substr(0, end + 4);
        m_client.buffer().erase(0, end + 4);
        if (status_of(m_handshake) != 101) {
            // An HTTP error: keep its body readable.
            m_client.read_until([](const std::string&) { return false; }, std::chrono::milliseconds(300));
            m_handshake += m_client.buffer();
        }
    }

    const std::string& handshake() const { return m_handshake; }
    int status() const { return status_of(m_handshake); }

    struct Frame {
        int opcode = 0;
        std::string payload;
    };

    std::optional<Frame> next(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        Frame frame;
        size_t used = 0;
        auto parse = [&](const std::string& b) {
            if (b.size() < 2) {
                return false;
            }
            std::uint64_t size = static_cast<std::uint8_t>(b[1]) & 0x7F;
            size_t at = 2;
            if (size == 126) {
                if (b.size() < 4) {
                    return false;
                }
                size = (std::uint64_t(static_cast<std::uint8_t>(b[2])) << 8) | static_cast<std::uint8_t>(b[3]);
                at = 4;
            } else if (size == 127) {
                if (b.size() < 10) {
                    return false;
                }
                size = 0;
                for (size_t i = 2; i < 10; ++i) {
                    size = (size << 8) | static_cast<std::uint8_t>(b[i]);
                }
                at = 10;
            }
            if (b.size() < at + size) {
                return false;
            }
            frame.opcode = static_cast<std::uint8_t>(b[0]) & 0x0F;
            frame.payload = b.substr(at, size);
            used = at + size;
            return true;
        };
        if (!m_client.read_until(parse, timeout)) {
            return std::nullopt;
        }
        m_client.buffer().erase(0, used);
        return frame;
    }

    // The next text message as JSON, skipping control frames.
    Poco::JSON::Object::Ptr message(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        while (auto frame = next(timeout)) {
            if (frame->opcode == 1) {
                Poco::JSON::Parser parser;
                return parser.parse(frame->payload).extract<Poco::JSON::Object::Ptr>();
            }
            if (frame->opcode == 8) {
                return nullptr;
            }
        }
        return nullptr;
    }

    void send_frame(int opcode, const std::string& payload, bool masked = true) {
        std::string out;
        out.push_back(static_cast<char>(0x80 | opcode));
        std::uint8_t mask_bit = masked ? 0x80 : 0;
        if (payload.size() < 126) {
            out.push_back(static_cast<char>(mask_bit | payload.size()));
        } else {
            out.push_back(static_cast<char>(mask_bit | 126));
            out.push_back(static_cast<char>(payload.size() >> 8));
            out.push_back(static_cast<char>(payload.size() & 0xFF));
        }
        std::string body = payload;
        if (masked) {
            std::uint8_t mask[4] = {0x12, 0x34, 0x56, 0x78};
            out.append(reinterpret_cast<char*>(mask), 4);
            for (size_t i = 0; i < body.size(); ++i) {
                body[i] = static_cast<char>(body[i] ^ mask[i & 3]);
            }
        }
        m_client.send(out + body);
    }

    RawClient& raw() { return m_client; }

private:
    RawClient m_client;
    std::string m_handshake;
};

} // namespace harness
