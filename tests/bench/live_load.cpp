// live_load: N WebSocket viewers on one meeting, facilitation commands fired at a
// steady rate, delivery measured. Built from the repo; scripts/bench live runs it.
//
//   live_load --port P --viewers N [--events E] [--rate R] [--slow-percent S] [--pid PID] [--view state]
//
// It sets the meeting up over the API (32 present participants, an agenda, a
// public share link), opens N viewer connections with the share token, starts a
// round and fires "next speaker" R times a second until E commands were answered.
// Each event carries the server's publish time (server_time_ms), so delivery
// latency is the viewer's receive time minus it: same machine, same clock.
// Slow viewers (S %) shrink their receive buffer and never read after the
// snapshot; the server should drop them while the others keep their latency.
//
// With --view state the viewers follow as the web interface does (?view=state):
// besides the events, a whole state after each change; its latency is reported
// apart ("state_latency_ms"), since states are coalesced, not numbered.
//
// Prints one JSON object: latencies (p50, p99, max, ms), missed seqs, server RSS
// and threads (from /proc/PID when --pid is given), and what became of the slow.
// With LIVE_LOAD_DEBUG=1 in the environment it also writes, on stderr, each seq
// with its worst delivery latency (ms): how long each fan-out took, which shows
// outliers (this is how two events of one command sent apart were found).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

std::int64_t now_ms_precise_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

int connect_to(int port, int receive_buffer = 0) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return -1;
    }
    if (receive_buffer > 0) {
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

bool send_all(int fd, const std::string& bytes) {
    size_t at = 0;
    while (at < bytes.size()) {
        ssize_t sent = ::send(fd, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL);
        if (sent <= 0) {
            return false;
        }
        at += static_cast<size_t>(sent);
    }
    return true;
}

// One blocking HTTP/1.1 request on its own connection; returns the body ("" on failure).
std::string http(int port, const std::string& method, const std::string& path, const std::string& body,
                 const std::string& token, int* status = nullptr) {
    int fd = connect_to(port);
    if (fd < 0) {
        return "";
    }
    std::string request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!token.empty()) {
        request += "Authorization: Bearer " + token + "\r\n";
    }
    if (!body.empty() || method == "POST") {
        request += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    }
    request += "\r\n" + body;
    send_all(fd, request);
    std::string reply;
    char buffer[65536];
    while (true) {
        ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got <= 0) {
            break;
        }
        reply.append(buffer, static_cast<size_t>(got));
    }
    ::close(fd);
    if (status) {
        *status = reply.size() > 12 ? std::atoi(reply.c_str() + 9) : 0;
    }
    size_t end = reply.find("\r\n\r\n");
    return end == std::string::npos ? "" : reply.substr(end + 4);
}

std::string json_string(const std::string& json, const std::string& key) {
    std::string needle = "\"" + key + "\":\"";
    size_t at = json.find(needle);
    if (at == std::string::npos) {
        return "";
    }
    at += needle.size();
    return json.substr(at, json.find('"', at) - at);
}

std::optional<std::int64_t> json_int(std::string_view json, std::string_view key) {
    std::string needle = "\"" + std::string(key) + "\":";
    size_t at = json.find(needle);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    return std::strtoll(json.data() + at + needle.size(), nullptr, 10);
}

struct Viewer {
    int fd = -1;
    bool slow = false;
    bool upgraded = false;
    bool snapshot = false;
    bool closed = false;
    std::string in;
    std::int64_t next_seq = -1;
    std::int64_t missed = 0;
    std::int64_t received = 0;
    std::int64_t closed_at_us = 0;
};

std::string status_field(int pid, const std::string& field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(field + ":", 0) == 0) {
            std::string value = line.substr(field.size() + 1);
            value.erase(0, value.find_first_not_of(" \t"));
            return value;
        }
    }
    return "";
}

long status_kib(int pid, const std::string& field) {
    return std::atol(status_field(pid, field).c_str());
}

std::int64_t percentile(std::vector<std::int64_t>& values, double p) {
    if (values.empty()) {
        return 0;
    }
    size_t index = static_cast<size_t>(p * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index), values.end());
    return values[index];
}

} // namespace

int main(int argc, char** argv) {
    int port = 8080;
    int viewers = 1000;
    int events = 200;
    double rate = 20;
    double slow_percent = 0;
    int pid = 0;
    bool state_view = false;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string flag = argv[i];
        std::string value = argv[i + 1];
        if (flag == "--port") {
            port = std::atoi(value.c_str());
        } else if (flag == "--viewers") {
            viewers = std::atoi(value.c_str());
        } else if (flag == "--events") {
            events = std::atoi(value.c_str());
        } else if (flag == "--rate") {
            rate = std::atof(value.c_str());
        } else if (flag == "--slow-percent") {
            slow_percent = std::atof(value.c_str());
        } else if (flag == "--pid") {
            pid = std::atoi(value.c_str());
        } else if (flag == "--view") {
            state_view = value == "state";

        } else {
            std::fprintf(stderr, "live_load: unknown flag %s\n", flag.c_str());
            return 2;
        }
    }
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);

    // --- the meeting
    std::string created =
        http(port, "POST", "/api/v1/meetings", R"({"title":"Webinaire souveraineté numérique","language":"fr"})", "");
    std::string meeting = json_string(created, "id");
    std::string key = json_string(created, "facilitator_key");
    if (meeting.empty()) {
        std::fprintf(stderr, "live_load: cannot create a meeting on port %d\n", port);
        return 1;
    }
    std::string base = "/api/v1/meetings/" + meeting;
    http(port, "POST", base + "/agenda", R"({"title":"Tour d'écran","duration_seconds":1200})", key);
    http(port, "POST", base + "/agenda", R"({"title":"Discussion","duration_seconds":3600})", key);
    for (int i = 0; i < 32; ++i) {
        std::string invited =
            http(port, "POST", base + "/participants", R"({"name":"Personne )" + std::to_string(i) + "\"}", key);
        auto id = json_int(invited, "id");
        http(port, "POST", base + "/participants/" + std::to_string(id.value_or(0)) + "/check-in", "", key);
    }
    std::string share =
        json_string(http(port, "POST", base + "/share-links", R"({"visibility":"public"})", key), "token");
    http(port, "POST", base + "/commands", R"({"command":"start meeting"})", key);

    // --- the viewers
    int epoll = epoll_create1(0);
    std::vector<Viewer> all(static_cast<size_t>(viewers));
    int slow_every = slow_percent > 0 ? static_cast<int>(100.0 / slow_percent) : 0;
    std::string handshake = "GET " + base + "/live?token=" + share + (state_view ? "&view=state" : "") +
                            " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    int failed_connects = 0;
    for (int i = 0; i < viewers; ++i) {
        Viewer& v = all[static_cast<size_t>(i)];
        v.slow = slow_every > 0 && i % slow_every == slow_every - 1;
        v.fd = connect_to(port, v.slow ? 2048 : 0);
        if (v.fd < 0 || !send_all(v.fd, handshake)) {
            ++failed_connects;
            v.closed = true;
            continue;
        }
        epoll_event event{};
        event.events = EPOLLIN | EPOLLRDHUP;
        event.data.u32 = static_cast<std::uint32_t>(i);
        epoll_ctl(epoll, EPOLL_CTL_ADD, v.fd, &event);
    }

    std::vector<std::int64_t> state_latencies_us;
    std::int64_t states = 0;
    std::vector<std::int64_t> latencies_us;
    const bool worst_per_seq = std::getenv("LIVE_LOAD_DEBUG") != nullptr;
    std::map<std::int64_t, std::int64_t> per_seq_max; // seq → its worst latency, with LIVE_LOAD_DEBUG
    latencies_us.reserve(static_cast<size_t>(viewers) * static_cast<size_t>(events) * 2);
    int snapshots = 0;
    std::atomic<bool> firing_done{false};
    std::atomic<int> answered{0};
    std::int64_t fire_started_us = 0;

    auto handle = [&](Viewer& v, std::uint32_t flags, std::int64_t now_us) {
        if (v.slow && v.snapshot) {
            // Never reads again; only notices that the server let it go.
            if (flags & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
                v.closed = true;
                v.closed_at_us = now_us;
                epoll_ctl(epoll, EPOLL_CTL_DEL, v.fd, nullptr);
            }
            return;
        }
        char buffer[65536];
        while (true) {
            ssize_t got = ::recv(v.fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (got > 0) {
                v.in.append(buffer, static_cast<size_t>(got));
                if (static_cast<size_t>(got) < sizeof buffer) {
                    // Level-triggered epoll says so again if more came: a second
                    // recv only to hear EAGAIN would double the tool's system
                    // calls, on the cores it shares with the server.
                    break;
                }
                continue;
            }
            if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
                v.closed = true;
                v.closed_at_us = now_us;
                epoll_ctl(epoll, EPOLL_CTL_DEL, v.fd, nullptr);
            }
            break;
        }
        if (!v.upgraded) {
            size_t end = v.in.find("\r\n\r\n");
            if (end == std::string::npos) {
                return;
            }
            v.upgraded = v.in.compare(0, 12, "HTTP/1.1 101") == 0;
            v.in.erase(0, end + 4);
        }
        size_t at = 0;
        while (v.in.size() - at >= 2) {
            std::uint8_t opcode = static_cast<std::uint8_t>(v.in[at]) & 0x0F;
            std::uint64_t size = static_cast<std::uint8_t>(v.in[at + 1]) & 0x7F;
            size_t header = 2;
            if (size == 126) {
                if (v.in.size() - at < 4) {
                    break;
                }
                size = (std::uint64_t(static_cast<std::uint8_t>(v.in[at + 2])) << 8) |
                       static_cast<std::uint8_t>(v.in[at + 3]);
                header = 4;
            } else if (size == 127) {
                if (v.in.size() - at < 10) {
                    break;
                }
                size = 0;
                for (size_t i = 2; i < 10; ++i) {
                    size = (size << 8) | static_cast<std::uint8_t>(v.in[at + i]);
                }
                header = 10;
            }
            if (v.in.size() - at < header + size) {
                break;
            }
            std::string_view payload(v.in.data() + at + header, size);
            at += header + size;
            if (opcode == 9) {
                // Pong, masked, as a client must.
                std::string pong = {static_cast<char>(0x8A), static_cast<char>(0x80 | payload.size()), 0, 0, 0, 0};
                pong.append(payload);
                send_all(v.fd, pong);
                continue;
            }
            if (opcode != 1) {
                continue;
            }
            auto seq = json_int(payload, "seq");
            if (payload.find("\"type\":\"snapshot\"") != std::string_view::npos) {
                v.snapshot = true;
                ++snapshots;
                v.next_seq = seq.value_or(0) + 1;
                if (v.slow) {
                    // From now on it only waits to be let go: no more EPOLLIN, which
                    // would fire for ever on its unread data.
                    epoll_event event{};
                    event.events = EPOLLRDHUP;
                    event.data.u32 = static_cast<std::uint32_t>(&v - all.data());
                    epoll_ctl(epoll, EPOLL_CTL_MOD, v.fd, &event);
                    break;
                }
                continue;
            }
            auto sent = json_int(payload, "server_time_ms");
            if (payload.find("\"type\":\"state\"") != std::string_view::npos) {
                ++states;
                if (sent) {
                    state_latencies_us.push_back(now_us - *sent * 1000);
                }
                continue;
            }
            if (seq && v.next_seq >= 0) {
                if (*seq > v.next_seq) {
                    v.missed += *seq - v.next_seq;
                }
                v.next_seq = *seq + 1;
            }
            ++v.received;
            if (sent) {
                latencies_us.push_back(now_us - *sent * 1000);
                if (seq && worst_per_seq) {
                    auto& worst = per_seq_max[*seq];
                    worst = std::max(worst, now_us - *sent * 1000);
                }
            }
        }
        v.in.erase(0, at);
    };

    std::vector<epoll_event> ready(4096);
    auto pump = [&](int timeout_ms) {
        int count = epoll_wait(epoll, ready.data(), static_cast<int>(ready.size()), timeout_ms);
        std::int64_t now_us = now_ms_precise_us();
        for (int i = 0; i < count; ++i) {
            Viewer& v = all[ready[i].data.u32];
            if (!v.closed) {
                handle(v, ready[i].events, now_us);
            }
        }
    };
    auto connect_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (snapshots < viewers - failed_connects && std::chrono::steady_clock::now() < connect_deadline) {
        pump(100);
    }
    int connected = snapshots;
    long rss_connected = pid ? status_kib(pid, "VmRSS") : 0;
    std::string threads = pid ? status_field(pid, "Threads") : "";

    // --- fire
    http(port, "POST", base + "/commands", R"({"command":"tour de table 1 min"})", key);
    fire_started_us = now_ms_precise_us();
    std::thread driver([&] {
        auto period = std::chrono::duration<double>(1.0 / rate);
        auto next = std::chrono::steady_clock::now();
        for (int i = 0; i < events; ++i) {
            std::this_thread::sleep_until(next);
            next += std::chrono::duration_cast<std::chrono::steady_clock::duration>(period);
            int status = 0;
            http(port, "POST", base + "/commands", R"({"command":"next speaker"})", key, &status);
            if (status == 409) {
                // The round is over: start another.
                http(port, "POST", base + "/commands", R"({"command":"tour de table 1 min"})", key, &status);
            }
            ++answered;
        }
        firing_done = true;
    });
    while (!firing_done) {
        pump(50);
    }
    driver.join();
    // Let the last events arrive (and the slow be dropped).
    auto drain_until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (std::chrono::steady_clock::now() < drain_until) {
        pump(50);
    }
    std::int64_t fire_ms = (now_ms_precise_us() - fire_started_us) / 1000;
    long rss_end = pid ? status_kib(pid, "VmRSS") : 0;

    std::int64_t missed = 0;
    std::int64_t received = 0;
    int fast_closed = 0;
    int slow = 0;
    int slow_dropped = 0;
    std::int64_t slow_drop_max_ms = 0;
    for (const Viewer& v : all) {
        if (v.slow) {
            ++slow;
            if (v.closed) {
                ++slow_dropped;
                slow_drop_max_ms = std::max(slow_drop_max_ms, (v.closed_at_us - fire_started_us) / 1000);
            }
            continue;
        }
        missed += v.missed;
        received += v.received;
        fast_closed += v.closed ? 1 : 0;
    }
    if (worst_per_seq) {
        for (auto [seq, worst] : per_seq_max) {
            std::fprintf(stderr, "%lld %lld\n", (long long)seq, (long long)worst / 1000);
        }
    }
    std::int64_t p50 = percentile(latencies_us, 0.50);
    std::int64_t p99 = percentile(latencies_us, 0.99);
    std::int64_t max = latencies_us.empty() ? 0 : *std::max_element(latencies_us.begin(), latencies_us.end());
    std::int64_t state_p50 = percentile(state_latencies_us, 0.50);
    std::int64_t state_p99 = percentile(state_latencies_us, 0.99);
    std::int64_t state_max =
        state_latencies_us.empty() ? 0 : *std::max_element(state_latencies_us.begin(), state_latencies_us.end());
    std::printf("{\"view\":\"%s\",\"states\":%lld,\"state_latency_ms\":{\"p50\":%.1f,\"p99\":%.1f,\"max\":%.1f},",
                state_view ? "state" : "events", static_cast<long long>(states),
                static_cast<double>(state_p50) / 1000.0, static_cast<double>(state_p99) / 1000.0,
                static_cast<double>(state_max) / 1000.0);
    std::printf("\"viewers\":%d,\"connected\":%d,\"failed_connects\":%d,\"commands\":%d,\"fire_ms\":%lld,"
                "\"messages\":%lld,\"latency_ms\":{\"p50\":%.1f,\"p99\":%.1f,\"max\":%.1f},\"missed\":%lld,"
                "\"fast_closed\":%d,\"slow\":%d,\"slow_dropped\":%d,\"slow_last_drop_after_first_event_ms\":%lld,"
                "\"server\":{\"rss_kib_connected\":%ld,\"rss_kib_end\":%ld,\"threads\":\"%s\"}}\n",
                viewers, connected, failed_connects, answered.load(), static_cast<long long>(fire_ms),
                static_cast<long long>(received), static_cast<double>(p50) / 1000.0, static_cast<double>(p99) / 1000.0,
                static_cast<double>(max) / 1000.0, static_cast<long long>(missed), fast_closed, slow, slow_dropped,
                static_cast<long long>(slow_drop_max_ms), rss_connected, rss_end, threads.c_str());
    for (Viewer& v : all) {
        if (v.fd >= 0) {
            ::close(v.fd);
        }
    }
    return 0;
}
