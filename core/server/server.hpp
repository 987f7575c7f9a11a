#pragma once

#include "server/facilitation.hpp"
#include "server/front.hpp"
#include "server/limits.hpp"
#include "server/live.hpp"
#include "server/meetings.hpp"
#include "server/router.hpp"
#include "store/store.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace quorum::server {

// Poco's defaults (16 threads, a queue of 64 beyond which connections are
// dropped silently, no body limit, 60 s timeouts) do not fit a meeting server:
// every limit is explicit here and in quorum.properties.
struct ServerConfig {
    std::string bind = "127.0.0.1";
    int port = 8080;  // 0: any free port, read back with Server::port()
    int threads = 16; // workers running handlers; connections wait in the epoll loop, not here
    int max_connections = 20000;
    std::chrono::seconds timeout{10}; // a request head, or its body, must arrive whole within this
    std::chrono::seconds keep_alive_timeout{5};
    int max_keep_alive_requests = 1000;
    size_t max_body_bytes = 1 << 20;
    size_t max_headers = 64;
    // Live subscribers: one whose socket takes nothing for this long, or whose
    // queue grows past this many bytes, is dropped.
    std::chrono::milliseconds live_slow_timeout{2000};
    size_t live_max_queue_bytes = 1 << 20;
    bool log_requests = false; // method, route pattern, status, time; never headers or tokens
    // Who may create meetings (POST /api/v1/meetings and …/import): anyone (Open),
    // or only callers presenting `creation_token` as their bearer token (Closed;
    // with no token set, meetings are then created from the command line only).
    // A caller with the token is never rate-limited and may import up to the
    // route's own cap; everyone else is anonymous.
    enum class Creation { Open, Closed };
    Creation creation = Creation::Open;
    std::string creation_token;
    // Anonymous imports: a smaller body cap (413 beyond it, before the body is read).
    // 512 KiB is ten times long minutes, and keeps the most expensive import
    // shapes near 100 MB and 2 s (README, Performance); 2 MiB of them took 400 MB.
    size_t anonymous_import_max_bytes = 512 * 1024;
    // Anonymous creations and imports per client address: `creation_burst` at
    // once, then one every `creation_refill`; 429 with Retry-After beyond.
    // A burst of 0 turns the limit off. At most `rate_limit_addresses` addresses
    // are remembered (the least recently seen is forgotten first).
    unsigned creation_burst = 10;
    std::chrono::milliseconds creation_refill{6000};
    size_t rate_limit_addresses = 10000;
    // Reverse proxies (addresses or CIDR blocks) whose X-Forwarded-For names the
    // client; from anyone else the header is ignored and the peer is the client.
    std::string trusted_proxies;
    std::filesystem::path templates_dir;
    std::vector<std::filesystem::path> plugin_dirs;
};

class Server {
public:
    Server(store::Store& store, ServerConfig config);
    ~Server();

    Expected<bool> start();
    void stop();
    std::uint16_t port() const;
    Meetings& meetings() { return m_meetings; }
    Facilitation& facilitation() { return m_facilitation; }
    const Router& router() const { return m_router; }
    // Open connections and live subscribers, for tests and the load tool.
    Front::Stats stats() const { return m_front ? m_front->stats() : Front::Stats{}; }

private:
    store::Store& m_store;
    ServerConfig m_config;
    Meetings m_meetings;
    Facilitation m_facilitation;
    Live m_live;
    Router m_router;
    std::unique_ptr<Front> m_front;
    TrustedProxies m_proxies;
    std::unique_ptr<RateLimiter> m_creation_limiter; // null: no limit

    // Store events go to plugins from this thread, never from inside the store's
    // observer (which holds the store's lock: a plugin sending a live command
    // would take the facilitation lock after it, the reverse of the usual order).
    void run_plugin_events();
    std::mutex m_plugin_events_mutex;
    std::condition_variable m_plugin_events_ready;
    std::vector<store::Store::Notice> m_plugin_events;
    bool m_plugin_events_stopping = false;
    std::thread m_plugin_events_thread;
};

} // namespace quorum::server
