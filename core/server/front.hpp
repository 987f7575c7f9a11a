#pragma once

#include "server/http.hpp"
#include "util/error.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

namespace quorum::server {

// The request head as read off the wire: names lower-cased, nothing decoded.
struct HttpHead {
    std::string method;
    std::string target; // "/api/v1/meetings/x?since=3"
    int minor_version = 1;
    std::vector<std::pair<std::string, std::string>> headers;
    std::optional<std::uint64_t> content_length;
    bool chunked = false;
    bool expect_continue = false;
    bool keep_alive = true;
    bool websocket = false; // Upgrade: websocket with a key and version 13
    std::string websocket_key;
    std::string peer; // the connection's remote address ("192.0.2.7", "2001:db8::1"), set by the front

    const std::string* header(std::string_view name) const; // name in lower case
};

struct HttpRequest {
    HttpHead head;
    std::string body;
};

struct FrontConfig {
    std::string bind = "127.0.0.1";
    int port = 8080;
    int workers = 16;
    size_t max_connections = 20000;
    size_t max_head_bytes = 16 * 1024;
    size_t max_headers = 64;
    // A request head must arrive whole within this time, however it trickles in:
    // slow clients cost a connection slot, never a worker.
    std::chrono::milliseconds head_timeout{10000};
    std::chrono::milliseconds body_timeout{10000};
    std::chrono::milliseconds keep_alive_timeout{5000};
    size_t max_keep_alive_requests = 1000;
    // A subscriber whose socket has not taken a queued message for this long, or
    // whose queue grows past max_queue_bytes, is dropped: one slow phone must not
    // hold memory or delay the thousands of others.
    std::chrono::milliseconds slow_consumer_timeout{2000};
    size_t max_queue_bytes = 1 << 20;
    // The kernel's send buffer of a subscriber (it doubles the value). Left to
    // autotuning it grows to megabytes, which hides a stalled reader for minutes.
    int subscriber_send_buffer = 8 * 1024;
    std::chrono::milliseconds ping_interval{25000};
    size_t backlog = 1024; // messages kept per topic for resuming clients
    size_t max_client_message = 64 * 1024;
};

// One epoll loop owns every socket; a pool of workers runs handlers. The loop
// reads requests (head and body, within their deadlines and limits), hands whole
// requests to the workers, writes their replies, and keeps upgraded WebSocket
// connections for push: a published message is framed once and queued, by
// reference, on every subscriber of its topic.
//
// Debian's Poco 1.11.0 serves each connection on a pool thread for its whole life
// (slowloris holds every worker) and its SocketReactor spins a core at idle, so
// the loop is our own, on Linux epoll.
class Front {
public:
    struct Callbacks {
        // On the loop, once the head is read: either an answer sent at once (the
        // body, if any, is then not read and the connection closes) or the largest
        // body this request may carry.
        std::function<std::variant<Response, size_t>(const HttpHead&)> admit;
        // On a worker: the whole request in, the reply out. May block on the store.
        std::function<Response(HttpRequest&)> handle;
        // On a worker: a text message a subscriber sent on `topic`; the answer, if
        // any, goes back to that subscriber only.
        std::function<std::optional<std::string>(const std::string& topic, int audience, const std::string& text)>
            message;
    };

    Front(FrontConfig config, Callbacks callbacks);
    ~Front();
    Front(const Front&) = delete;
    Front& operator=(const Front&) = delete;

    Expected<bool> start();
    void stop();
    std::uint16_t port() const { return m_port; }

    // Thread-safe. Queues `payloads[audience]` (text messages, framed once here) for
    // every subscriber of `topic`, in `seq` order; an empty payload means that
    // audience is not told. `seq` increases per topic.
    // An ephemeral publication (a state that supersedes the last) is not kept for
    // resuming clients and does not advance anyone's seq.
    void publish(const std::string& topic, std::int64_t seq, std::vector<std::string> payloads, bool ephemeral = false);
    // Several at once (the events of one COMMIT): the loop takes them in one turn,
    // so each subscriber gets them in one write, never the first alone and the
    // rest after every other subscriber's first.
    struct Message {
        std::string topic;
        std::int64_t seq = 0;
        std::vector<std::string> payloads;
        bool ephemeral = false;
    };
    void publish(std::vector<Message> messages);
    // Thread-safe, in order with what was published before: closes the sockets of
    // `topic` that subscribed with `grant` (every one when `grant` is empty, and
    // the topic's backlog is then dropped too) with a WebSocket close frame of
    // `code` and `reason` (at most 123 bytes).
    void close_subscribers(const std::string& topic, const std::string& grant, std::uint16_t code,
                           const std::string& reason);
    // How many subscribers `topic` has for `audience` now (any thread).
    size_t subscribers(const std::string& topic, int audience) const;

    struct Stats {
        size_t connections = 0;
        size_t subscribers = 0;
        size_t dropped_slow = 0;
    };
    Stats stats() const;

private:
    struct Connection;
    struct Topic;
    struct Completion {
        int fd = -1;
        std::uint64_t serial = 0;
        std::string bytes;
        bool keep_alive = true;
        std::optional<Upgrade> upgrade;
        std::string handshake_key;
    };
    struct Job {
        int fd = -1;
        std::uint64_t serial = 0;
        std::optional<HttpRequest> request;
        bool last_on_connection = false; // the keep-alive request limit is reached
        std::string topic;
        int audience = 0;
        std::string message;
    };
    struct Publication {
        std::string topic;
        std::int64_t seq = 0;
        bool ephemeral = false;
        std::vector<std::shared_ptr<const std::string>> frames;
        // A closing instead of a message (close_subscribers).
        std::shared_ptr<const std::string> close_frame;
        std::string grant;
    };

    void run_loop();
    void run_worker();
    void accept_all();
    void on_readable(Connection& c);
    void on_writable(Connection& c);
    void process_input(Connection& c);
    bool parse_head(Connection& c);
    bool read_body(Connection& c);
    void dispatch(Connection& c);
    // `head`: the one being read, when it is not yet c.head (its Accept-Language
    // decides the refusal's language).
    void answer_now(Connection& c, Response response, bool keep_alive, const HttpHead* head = nullptr);
    void handle_frames(Connection& c);
    void queue_bytes(Connection& c, std::shared_ptr<const std::string> bytes);
    void flush(Connection& c);
    void watch(Connection& c, bool readable, bool writable);
    void close(Connection& c);
    void drop(Connection& c);
    void drain_completions();
    void drain_publications();
    void complete(Connection& c, Completion& done);
    void subscribe(Connection& c, const Upgrade& upgrade);
    void unsubscribe(Connection& c);
    void sweep(std::chrono::steady_clock::time_point now);
    void wake();

    FrontConfig m_config;
    Callbacks m_callbacks;
    int m_listen = -1;
    int m_epoll = -1;
    int m_wake = -1;
    std::uint16_t m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::thread m_loop;
    std::vector<std::thread> m_workers;

    // Loop-owned.
    std::vector<std::unique_ptr<Connection>> m_connections; // by fd
    std::unordered_map<std::string, std::unique_ptr<Topic>> m_topics;
    std::uint64_t m_next_serial = 1;
    size_t m_open = 0;
    bool m_accepting = true;

    std::mutex m_jobs_mutex;
    std::condition_variable m_jobs_ready;
    std::deque<Job> m_jobs;

    std::mutex m_done_mutex;
    std::vector<Completion> m_done;
    std::vector<Publication> m_published;

    mutable std::mutex m_stats_mutex;
    Stats m_stats;
    std::map<std::pair<std::string, int>, size_t> m_audience_counts; // under m_stats_mutex
};

} // namespace quorum::server
