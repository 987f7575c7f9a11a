#include "server/front.hpp"

#include "server/websocket.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace quorum::server {

using Clock = std::chrono::steady_clock;

namespace {

constexpr size_t k_read_chunk = 64 * 1024;
constexpr int k_max_iovecs = 64;

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
        text.remove_suffix(1);
    }
    return text;
}

bool has_token(std::string_view list, std::string_view token) {
    std::string lowered = lower(list);
    size_t start = 0;
    while (start <= lowered.size()) {
        size_t comma = lowered.find(',', start);
        if (comma == std::string::npos) {
            comma = lowered.size();
        }
        if (trim(std::string_view(lowered).substr(start, comma - start)) == token) {
            return true;
        }
        start = comma + 1;
    }
    return false;
}

const char* reason(int status) {
    switch (status) {
    case 100:
        return "Continue";
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 426:
        return "Upgrade Required";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Status";
    }
}

std::string serialize(const Response& response, bool keep_alive, bool head_only) {
    std::string out;
    out.reserve(256 + response.body.size());
    out += "HTTP/1.1 ";
    out += std::to_string(response.status);
    out += ' ';
    out += reason(response.status);
    out += "\r\nContent-Type: ";
    out += response.content_type;
    out += "\r\nContent-Length: ";
    out += std::to_string(response.body.size());
    out += "\r\nX-Content-Type-Options: nosniff\r\n";
    bool has_cache_control = false;
    for (const auto& [name, value] : response.headers) {
        has_cache_control = has_cache_control || lower(name) == "cache-control";
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    if (!has_cache_control) {
        out += "Cache-Control: no-store\r\n";
    }
    out += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    if (!head_only) {
        out += response.body;
    }
    return out;
}

Response plain_error(const std::string& code, Phrase message) {
    return error_response(make_error(code, std::move(message)));
}

Response body_too_large(size_t limit) {
    std::string bytes = std::to_string(limit);
    return plain_error("too_large", Phrase{"the body is larger than " + bytes + " bytes",
                                           "le corps de la requête dépasse " + bytes + "\u00a0octets"});
}

void raise_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace

const std::string* HttpHead::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (key == name) {
            return &value;
        }
    }
    return nullptr;
}

struct Front::Topic {
    std::vector<Connection*> subscribers;
    struct Entry {
        std::int64_t seq = 0;
        std::vector<std::shared_ptr<const std::string>> frames;
    };
    std::deque<Entry> backlog;
};

struct Front::Connection {
    enum class State { Head, Body, Busy, Writing, Socket, Lingering };

    int fd = -1;
    std::uint64_t serial = 0;
    std::string peer; // remote address, for the rate limits
    State state = State::Head;
    std::string in;
    HttpHead head;
    std::string body;
    size_t body_limit = 0;
    // Chunked transfer decoding.
    enum class Chunk { Size, Data, DataEnd, Trailer } chunk = Chunk::Size;
    std::uint64_t chunk_left = 0;
    size_t requests = 0;
    bool close_after_write = false;
    bool watching_read = true;
    bool watching_write = false;
    Clock::time_point deadline;

    // Output: whole messages shared with other connections, written in order.
    std::vector<std::shared_ptr<const std::string>> out;
    size_t out_head = 0;   // first unsent message
    size_t out_offset = 0; // bytes of it already sent
    size_t out_bytes = 0;  // unsent bytes in all
    Clock::time_point stalled_since;
    bool stalled = false;

    // WebSocket subscribers.
    Topic* topic = nullptr;
    std::string topic_name;
    size_t topic_index = 0;
    int audience = 0;
    std::string grant;
    std::int64_t last_seq = 0;
    Clock::time_point last_read;
    Clock::time_point last_write;
    bool sent_close = false;
};

Front::Front(FrontConfig config, Callbacks callbacks)
    : m_config(std::move(config)), m_callbacks(std::move(callbacks)) {}

Front::~Front() {
    stop();
}

Expected<bool> Front::start() {
    raise_file_limit();
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    std::string port = std::to_string(m_config.port);
    int status = getaddrinfo(m_config.bind.empty() ? nullptr : m_config.bind.c_str(), port.c_str(), &hints, &found);
    if (status != 0 || !found) {
        // one language: a start-up failure, printed by main()
        return make_error("listen", "cannot resolve " + m_config.bind + ": " + gai_strerror(status));
    }
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> addresses(found, freeaddrinfo);
    std::string failure = "no address";
    for (addrinfo* a = found; a; a = a->ai_next) {
        int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            failure = std::strerror(errno);
            continue;
        }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, 4096) != 0) {
            failure = std::strerror(errno);
            ::close(fd);
            continue;
        }
        m_listen = fd;
        break;
    }
    if (m_listen < 0) {
        // one language: a start-up failure, printed by main()
        return make_error("listen", "cannot listen on " + m_config.bind + ":" + port + ": " + failure);
    }
    sockaddr_storage bound{};
    socklen_t length = sizeof bound;
    getsockname(m_listen, reinterpret_cast<sockaddr*>(&bound), &length);
    m_port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                               : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);

    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = m_listen;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_listen, &event);
    event.data.fd = m_wake;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &event);

    m_stopping = false;
    for (int i = 0; i < std::max(1, m_config.workers); ++i) {
        m_workers.emplace_back([this] { run_worker(); });
    }
    m_loop = std::thread([this] { run_loop(); });
    return true;
}

void Front::stop() {
    if (!m_loop.joinable()) {
        return;
    }
    m_stopping = true;
    {
        // Requests already handed to a worker finish (their answers follow their
        // COMMIT); requests not started yet are dropped with their connections.
        std::lock_guard lock(m_jobs_mutex);
        m_jobs.clear();
    }
    m_jobs_ready.notify_all();
    for (auto& worker : m_workers) {
        worker.join();
    }
    m_workers.clear();
    wake();
    m_loop.join();
    for (auto& connection : m_connections) {
        if (connection) {
            ::close(connection->fd);
        }
    }
    m_connections.clear();
    m_topics.clear();
    m_open = 0;
    ::close(m_listen);
    ::close(m_epoll);
    ::close(m_wake);
    m_listen = m_epoll = m_wake = -1;
}

void Front::wake() {
    std::uint64_t one = 1;
    [[maybe_unused]] ssize_t ignored = ::write(m_wake, &one, sizeof one);
}

size_t Front::subscribers(const std::string& topic, int audience) const {
    std::lock_guard lock(m_stats_mutex);
    auto found = m_audience_counts.find({topic, audience});
    return found == m_audience_counts.end() ? 0 : found->second;
}

void Front::publish(const std::string& topic, std::int64_t seq, std::vector<std::string> payloads, bool ephemeral) {
    std::vector<Message> messages;
    messages.push_back(Message{topic, seq, std::move(payloads), ephemeral});
    publish(std::move(messages));
}

void Front::publish(std::vector<Message> messages) {
    std::vector<Publication> publications;
    for (Message& message : messages) {
        Publication publication;
        publication.topic = std::move(message.topic);
        publication.seq = message.seq;
        publication.ephemeral = message.ephemeral;
        const std::vector<std::string>& payloads = message.payloads;
        for (size_t i = 0; i < payloads.size(); ++i) {
            // Audiences told the same thing share one frame.
            auto same = std::find(payloads.begin(), payloads.begin() + static_cast<std::ptrdiff_t>(i), payloads[i]);
            if (same != payloads.begin() + static_cast<std::ptrdiff_t>(i)) {
                publication.frames.push_back(publication.frames[static_cast<size_t>(same - payloads.begin())]);
            } else {
                publication.frames.push_back(payloads[i].empty() ? nullptr
                                                                 : std::make_shared<const std::string>(websocket::frame(
                                                                       websocket::Opcode::Text, payloads[i])));
            }
        }
        publications.push_back(std::move(publication));
    }
    {
        std::lock_guard lock(m_done_mutex);
        for (Publication& publication : publications) {
            m_published.push_back(std::move(publication));
        }
    }
    wake();
}

void Front::close_subscribers(const std::string& topic, const std::string& grant, std::uint16_t code,
                              const std::string& reason) {
    Publication closing;
    closing.topic = topic;
    closing.grant = grant;
    std::string payload;
    payload.push_back(static_cast<char>(code >> 8));
    payload.push_back(static_cast<char>(code & 0xFF));
    payload += reason.substr(0, 123);
    closing.close_frame =
        std::make_shared<const std::string>(websocket::frame(websocket::Opcode::Close, payload));
    {
        std::lock_guard lock(m_done_mutex);
        m_published.push_back(std::move(closing));
    }
    wake();
}

Front::Stats Front::stats() const {
    std::lock_guard lock(m_stats_mutex);
    return m_stats;
}

// --- the loop ---------------------------------------------------------------

void Front::run_loop() {
    std::vector<epoll_event> events(1024);
    auto last_sweep = Clock::now();
    while (!m_stopping) {
        int count = epoll_wait(m_epoll, events.data(), static_cast<int>(events.size()), 100);
        if (count < 0 && errno != EINTR) {
            std::fprintf(stderr, "quorum: epoll_wait: %s\n", std::strerror(errno));
            break;
        }
        for (int i = 0; i < count; ++i) {
            int fd = events[i].data.fd;
            std::uint32_t flags = events[i].events;
            if (fd == m_listen) {
                accept_all();
                continue;
            }
            if (fd == m_wake) {
                std::uint64_t value = 0;
                [[maybe_unused]] ssize_t ignored = ::read(m_wake, &value, sizeof value);
                continue;
            }
            if (static_cast<size_t>(fd) >= m_connections.size() || !m_connections[fd]) {
                continue;
            }
            Connection& c = *m_connections[fd];
            if (flags & (EPOLLERR | EPOLLHUP)) {
                close(c);
                continue;
            }
            if (flags & EPOLLOUT) {
                on_writable(c);
            }
            if (m_connections[fd] && (flags & EPOLLIN)) {
                on_readable(*m_connections[fd]);
            }
        }
        drain_completions();
        drain_publications();
        auto now = Clock::now();
        if (now - last_sweep >= std::chrono::milliseconds(100)) {
            sweep(now);
            last_sweep = now;
        }
    }
}

void Front::accept_all() {
    while (m_accepting) {
        sockaddr_storage remote{};
        socklen_t remote_length = sizeof remote;
        int fd = ::accept4(m_listen, reinterpret_cast<sockaddr*>(&remote), &remote_length, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                // Out of descriptors: stop listening for a moment instead of spinning
                // on a listen socket that stays readable.
                epoll_ctl(m_epoll, EPOLL_CTL_DEL, m_listen, nullptr);
                m_accepting = false;
            }
            return;
        }
        if (m_open >= m_config.max_connections) {
            ::close(fd);
            continue;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (static_cast<size_t>(fd) >= m_connections.size()) {
            m_connections.resize(static_cast<size_t>(fd) + 1024);
        }
        auto connection = std::make_unique<Connection>();
        connection->fd = fd;
        connection->serial = m_next_serial++;
        char address[INET6_ADDRSTRLEN] = {};
        if (remote.ss_family == AF_INET6) {
            inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&remote)->sin6_addr, address, sizeof address);
        } else if (remote.ss_family == AF_INET) {
            inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&remote)->sin_addr, address, sizeof address);
        }
        connection->peer = address;
        connection->deadline = Clock::now() + m_config.head_timeout;
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.fd = fd;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event);
        m_connections[fd] = std::move(connection);
        ++m_open;
    }
}

void Front::watch(Connection& c, bool readable, bool writable) {
    if (c.watching_read == readable && c.watching_write == writable) {
        return;
    }
    c.watching_read = readable;
    c.watching_write = writable;
    epoll_event event{};
    event.events = (readable ? EPOLLIN : 0u) | (writable ? EPOLLOUT : 0u);
    event.data.fd = c.fd;
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, c.fd, &event);
}

void Front::close(Connection& c) {
    unsubscribe(c);
    int fd = c.fd;
    ::close(fd);
    m_connections[fd].reset();
    --m_open;
}

// Lets a stalled subscriber go at once: a reset, not a FIN queued behind data the
// peer is not reading (which would keep the socket and its buffers alive).
void Front::drop(Connection& c) {
    linger reset{1, 0};
    setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    close(c);
}

void Front::on_readable(Connection& c) {
    if (c.state == Connection::State::Head && c.in.empty()) {
        // A new request starts: its head gets the whole head timeout from now.
        c.deadline = Clock::now() + m_config.head_timeout;
    }
    char buffer[k_read_chunk];
    // Read what is there now, bounded so one busy client cannot starve the others.
    for (int round = 0; round < 4; ++round) {
        ssize_t got = ::recv(c.fd, buffer, sizeof buffer, 0);
        if (got > 0) {
            c.in.append(buffer, static_cast<size_t>(got));
            if (static_cast<size_t>(got) < sizeof buffer) {
                break;
            }
            continue;
        }
        if (got == 0) {
            close(c);
            return;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            break;
        }
        if (errno == EINTR) {
            continue;
        }
        close(c);
        return;
    }
    process_input(c);
}

void Front::process_input(Connection& c) {
    if (c.state == Connection::State::Lingering) {
        c.in.clear();
        return;
    }
    if (c.state == Connection::State::Socket) {
        c.last_read = Clock::now();
        handle_frames(c);
        return;
    }
    if (c.state == Connection::State::Head) {
        if (c.in.empty()) {
            return;
        }
        if (!parse_head(c)) {
            return; // incomplete, or answered
        }
    }
    if (c.state == Connection::State::Body) {
        if (!read_body(c)) {
            return;
        }
    }
}

// Returns true when the head was read and the body (if any) should be read next;
// false when more bytes are needed or the request was answered at once.
bool Front::parse_head(Connection& c) {
    size_t end = c.in.find("\r\n\r\n");
    size_t skip = 4;
    size_t bare = c.in.find("\n\n");
    if (bare != std::string::npos && (end == std::string::npos || bare < end)) {
        end = bare;
        skip = 2;
    }
    if (end == std::string::npos) {
        if (c.in.size() > m_config.max_head_bytes) {
            answer_now(c,
                       plain_error("too_many_headers",
                                   Phrase{"the request head is too large", "l’en-tête de la requête est trop long"}),
                       false);
        }
        return false;
    }
    if (end > m_config.max_head_bytes) {
        answer_now(c,
                   plain_error("too_many_headers",
                               Phrase{"the request head is too large", "l’en-tête de la requête est trop long"}),
                   false);
        return false;
    }
    std::string_view text(c.in.data(), end);
    HttpHead head;
    size_t line_end = text.find('\n');
    std::string_view request_line = trim(text.substr(0, line_end));
    // Tolerate blank lines before a request (RFC 9112 §2.2).
    while (request_line.empty() && line_end != std::string_view::npos) {
        text.remove_prefix(line_end + 1);
        line_end = text.find('\n');
        request_line = trim(text.substr(0, line_end));
    }
    size_t first_space = request_line.find(' ');
    size_t last_space = request_line.rfind(' ');
    if (first_space == std::string_view::npos || last_space == first_space) {
        answer_now(
            c,
            plain_error("bad_request", Phrase{"the request line is malformed", "la ligne de requête est mal formée"}),
            false);
        return false;
    }
    head.method = std::string(request_line.substr(0, first_space));
    head.target = std::string(trim(request_line.substr(first_space + 1, last_space - first_space - 1)));
    std::string_view version = request_line.substr(last_space + 1);
    if (version == "HTTP/1.1") {
        head.minor_version = 1;
    } else if (version == "HTTP/1.0") {
        head.minor_version = 0;
        head.keep_alive = false;
    } else {
        answer_now(c,
                   plain_error("bad_request", Phrase{"only HTTP/1.0 and HTTP/1.1 are spoken here",
                                                     "ce serveur ne parle que HTTP/1.0 et HTTP/1.1"}),
                   false);
        return false;
    }
    bool method_ok = !head.method.empty();
    for (char ch : head.method) {
        method_ok = method_ok && std::isupper(static_cast<unsigned char>(ch));
    }
    if (!method_ok || head.target.empty() || head.target.front() != '/') {
        answer_now(
            c,
            plain_error("bad_request", Phrase{"the request line is malformed", "la ligne de requête est mal formée"}),
            false);
        return false;
    }
    std::string_view rest = line_end == std::string_view::npos ? std::string_view() : text.substr(line_end + 1);
    while (!rest.empty()) {
        size_t next = rest.find('\n');
        std::string_view line = rest.substr(0, next);
        rest = next == std::string_view::npos ? std::string_view() : rest.substr(next + 1);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty()) {
            continue;
        }
        if (line.front() == ' ' || line.front() == '\t') {
            answer_now(c,
                       plain_error("bad_request", Phrase{"folded header lines are not accepted",
                                                         "les lignes d’en-tête repliées ne sont pas acceptées"}),
                       false);
            return false;
        }
        size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) {
            answer_now(
                c,
                plain_error("bad_request", Phrase{"a header line is malformed", "une ligne d’en-tête est mal formée"}),
                false);
            return false;
        }
        if (head.headers.size() >= m_config.max_headers) {
            answer_now(c, plain_error("too_many_headers", Phrase{"too many header fields", "trop de champs d’en-tête"}),
                       false);
            return false;
        }
        head.headers.emplace_back(lower(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
    }
    bool upgrade_connection = false;
    for (const auto& [name, value] : head.headers) {
        if (name == "content-length") {
            if (value.empty() || value.size() > 18 ||
                !std::all_of(value.begin(), value.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
                answer_now(c,
                           plain_error("bad_request",
                                       Phrase{"Content-Length is not a number", "Content-Length n’est pas un nombre"}),
                           false, &head);
                return false;
            }
            std::uint64_t length = std::stoull(value);
            if (head.content_length && *head.content_length != length) {
                answer_now(c,
                           plain_error("bad_request", Phrase{"conflicting Content-Length headers",
                                                             "des en-têtes Content-Length se contredisent"}),
                           false, &head);
                return false;
            }
            head.content_length = length;
        } else if (name == "transfer-encoding") {
            if (lower(value) != "chunked") {
                answer_now(c,
                           plain_error("bad_request", Phrase{"only chunked transfer coding is accepted",
                                                             "seul le codage de transfert chunked est accepté"}),
                           false, &head);
                return false;
            }
            head.chunked = true;
        } else if (name == "connection") {
            if (has_token(value, "close")) {
                head.keep_alive = false;
            } else if (has_token(value, "keep-alive")) {
                head.keep_alive = true;
            }
            upgrade_connection = upgrade_connection || has_token(value, "upgrade");
        } else if (name == "expect") {
            head.expect_continue = lower(value) == "100-continue";
        } else if (name == "sec-websocket-key") {
            head.websocket_key = value;
        }
    }
    if (head.chunked && head.content_length) {
        // Both framings at once is the classic request-smuggling shape.
        answer_now(c,
                   plain_error("bad_request", Phrase{"Content-Length and chunked transfer together",
                                                     "Content-Length et transfert chunked à la fois"}),
                   false, &head);
        return false;
    }
    const std::string* upgrade = head.header("upgrade");
    const std::string* ws_version = head.header("sec-websocket-version");
    head.websocket = upgrade_connection && upgrade && lower(*upgrade) == "websocket" && head.method == "GET" &&
                     !head.websocket_key.empty() && ws_version && *ws_version == "13";
    c.in.erase(0, end + skip);
    c.head = std::move(head);
    c.head.peer = c.peer;
    c.body.clear();

    auto admitted = m_callbacks.admit(c.head);
    if (auto* response = std::get_if<Response>(&admitted)) {
        bool has_body = c.head.chunked || (c.head.content_length && *c.head.content_length > 0);
        answer_now(c, *response, c.head.keep_alive && !has_body);
        return false;
    }
    c.body_limit = std::get<size_t>(admitted);
    if (c.head.content_length && *c.head.content_length > c.body_limit) {
        answer_now(c, body_too_large(c.body_limit), false);
        return false;
    }
    if (c.head.expect_continue && (c.head.chunked || c.head.content_length.value_or(0) > 0)) {
        int fd = c.fd;
        Connection* self = &c;
        queue_bytes(c, std::make_shared<const std::string>("HTTP/1.1 100 Continue\r\n\r\n"));
        flush(c);
        if (m_connections[fd].get() != self) {
            return false;
        }
    }
    c.state = Connection::State::Body;
    c.chunk = Connection::Chunk::Size;
    c.deadline = Clock::now() + m_config.body_timeout;
    return true;
}

// Returns true when the request was dispatched.
bool Front::read_body(Connection& c) {
    if (!c.head.chunked) {
        size_t want = static_cast<size_t>(c.head.content_length.value_or(0));
        if (c.in.size() < want) {
            return false;
        }
        c.body.assign(c.in, 0, want);
        c.in.erase(0, want);
        dispatch(c);
        return true;
    }
    // Chunked: decoded as it arrives, counted against the limit.
    size_t at = 0;
    while (true) {
        if (c.chunk == Connection::Chunk::Size || c.chunk == Connection::Chunk::Trailer) {
            size_t eol = c.in.find('\n', at);
            if (eol == std::string::npos) {
                if (c.in.size() - at > 4096) {
                    answer_now(c,
                               plain_error("bad_request", Phrase{"a chunk header is too long",
                                                                 "un en-tête de bloc (chunk) est trop long"}),
                               false);
                    return false;
                }
                break;
            }
            std::string_view line = trim(std::string_view(c.in).substr(at, eol - at));
            at = eol + 1;
            if (c.chunk == Connection::Chunk::Trailer) {
                if (line.empty()) {
                    c.in.erase(0, at);
                    dispatch(c);
                    return true;
                }
                continue; // trailer fields are ignored
            }
            std::string_view digits = line.substr(0, line.find(';'));
            digits = trim(digits);
            std::uint64_t size = 0;
            bool ok = !digits.empty() && digits.size() <= 15;
            for (char ch : digits) {
                int value = std::isdigit(static_cast<unsigned char>(ch)) ? ch - '0'
                            : (ch >= 'a' && ch <= 'f')                   ? ch - 'a' + 10
                            : (ch >= 'A' && ch <= 'F')                   ? ch - 'A' + 10
                                                                         : -1;
                ok = ok && value >= 0;
                size = size * 16 + static_cast<std::uint64_t>(std::max(value, 0));
            }
            if (!ok) {
                answer_now(c,
                           plain_error("bad_request", Phrase{"a chunk size is malformed",
                                                             "une taille de bloc (chunk) est mal formée"}),
                           false);
                return false;
            }
            if (size == 0) {
                c.chunk = Connection::Chunk::Trailer;
                continue;
            }
            if (c.body.size() + size > c.body_limit) {
                answer_now(c, body_too_large(c.body_limit), false);
                return false;
            }
            c.chunk_left = size;
            c.chunk = Connection::Chunk::Data;
        } else if (c.chunk == Connection::Chunk::Data) {
            size_t take = std::min<size_t>(c.chunk_left, c.in.size() - at);
            c.body.append(c.in, at, take);
            at += take;
            c.chunk_left -= take;
            if (c.chunk_left > 0) {
                break;
            }
            c.chunk = Connection::Chunk::DataEnd;
        } else {
            size_t eol = c.in.find('\n', at);
            if (eol == std::string::npos) {
                break;
            }
            at = eol + 1;
            c.chunk = Connection::Chunk::Size;
        }
    }
    c.in.erase(0, at);
    return false;
}

void Front::dispatch(Connection& c) {
    c.state = Connection::State::Busy;
    watch(c, false, c.watching_write);
    Job job;
    job.fd = c.fd;
    job.serial = c.serial;
    job.last_on_connection = c.requests + 1 >= m_config.max_keep_alive_requests;
    job.request.emplace();
    job.request->head = std::move(c.head);
    job.request->body = std::move(c.body);
    c.head = HttpHead{};
    c.body = std::string();
    {
        std::lock_guard lock(m_jobs_mutex);
        m_jobs.push_back(std::move(job));
    }
    m_jobs_ready.notify_one();
}

void Front::answer_now(Connection& c, Response response, bool keep_alive, const HttpHead* head) {
    // The head, when it was read, says which language the refusal is in.
    localize(response, prefers_french(nullptr, (head ? *head : c.head).header("accept-language")));
    c.state = Connection::State::Writing;
    c.close_after_write = !keep_alive;
    if (!keep_alive) {
        c.in.clear();
    }
    watch(c, false, c.watching_write);
    queue_bytes(c, std::make_shared<const std::string>(serialize(response, keep_alive, c.head.method == "HEAD")));
    flush(c);
}

// --- workers ----------------------------------------------------------------

void Front::run_worker() {
    while (true) {
        Job job;
        {
            std::unique_lock lock(m_jobs_mutex);
            m_jobs_ready.wait(lock, [&] { return m_stopping || !m_jobs.empty(); });
            if (m_stopping) {
                return;
            }
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        Completion done;
        done.fd = job.fd;
        done.serial = job.serial;
        if (job.request) {
            Response reply;
            try {
                reply = m_callbacks.handle(*job.request);
            } catch (const std::exception& error) {
                std::fprintf(stderr, "quorum: %s: internal error: %s\n", job.request->head.method.c_str(),
                             error.what());
                reply = error_response(make_error("internal", Phrase{"internal error", "erreur interne"}));
            }
            const HttpHead& head = job.request->head;
            if (reply.upgrade && head.websocket) {
                done.upgrade = std::move(reply.upgrade);
                done.bytes = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                             "Sec-WebSocket-Accept: " +
                             websocket::accept_key(head.websocket_key) + "\r\n\r\n";
            } else {
                // The answer says whether the connection stays: a client that reads
                // keep-alive must never find it closed under its next request.
                done.keep_alive = head.keep_alive && !job.last_on_connection;
                done.bytes = serialize(reply, done.keep_alive, head.method == "HEAD");
            }
        } else {
            std::optional<std::string> answer;
            try {
                answer = m_callbacks.message ? m_callbacks.message(job.topic, job.audience, job.message)
                                             : std::optional<std::string>();
            } catch (const std::exception& error) {
                std::fprintf(stderr, "quorum: live message: internal error: %s\n", error.what());
            }
            if (!answer) {
                continue;
            }
            done.bytes = websocket::frame(websocket::Opcode::Text, *answer);
            done.keep_alive = true;
        }
        {
            std::lock_guard lock(m_done_mutex);
            m_done.push_back(std::move(done));
        }
        wake();
    }
}

void Front::drain_completions() {
    std::vector<Completion> done;
    {
        std::lock_guard lock(m_done_mutex);
        done.swap(m_done);
    }
    for (Completion& completion : done) {
        if (completion.fd < 0 || static_cast<size_t>(completion.fd) >= m_connections.size()) {
            continue;
        }
        auto& slot = m_connections[completion.fd];
        if (!slot || slot->serial != completion.serial) {
            continue; // the client left while its request ran
        }
        complete(*slot, completion);
    }
}

void Front::complete(Connection& c, Completion& done) {
    if (c.state == Connection::State::Socket) {
        queue_bytes(c, std::make_shared<const std::string>(std::move(done.bytes)));
        flush(c);
        return;
    }
    ++c.requests;
    if (done.upgrade) {
        queue_bytes(c, std::make_shared<const std::string>(std::move(done.bytes)));
        subscribe(c, *done.upgrade);
        flush(c);
        return;
    }
    c.state = Connection::State::Writing;
    c.close_after_write = !done.keep_alive || c.requests >= m_config.max_keep_alive_requests;
    queue_bytes(c, std::make_shared<const std::string>(std::move(done.bytes)));
    flush(c);
}

// --- output -----------------------------------------------------------------

void Front::queue_bytes(Connection& c, std::shared_ptr<const std::string> bytes) {
    if (c.out_bytes == 0) {
        c.stalled = false;
    }
    c.out_bytes += bytes->size();
    c.out.push_back(std::move(bytes));
}

void Front::flush(Connection& c) {
    while (c.out_head < c.out.size()) {
        iovec vectors[k_max_iovecs];
        int count = 0;
        for (size_t i = c.out_head; i < c.out.size() && count < k_max_iovecs; ++i, ++count) {
            const std::string& message = *c.out[i];
            size_t skip = i == c.out_head ? c.out_offset : 0;
            vectors[count].iov_base = const_cast<char*>(message.data() + skip);
            vectors[count].iov_len = message.size() - skip;
        }
        msghdr header{};
        header.msg_iov = vectors;
        header.msg_iovlen = static_cast<size_t>(count);
        ssize_t sent = ::sendmsg(c.fd, &header, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                if (!c.stalled) {
                    c.stalled = true;
                    c.stalled_since = Clock::now();
                }
                watch(c, c.watching_read, true);
                return;
            }
            close(c);
            return;
        }
        c.stalled = false;
        c.last_write = Clock::now();
        size_t left = static_cast<size_t>(sent);
        c.out_bytes -= left;
        while (left > 0) {
            size_t remaining = c.out[c.out_head]->size() - c.out_offset;
            if (left >= remaining) {
                left -= remaining;
                c.out[c.out_head].reset();
                ++c.out_head;
                c.out_offset = 0;
            } else {
                c.out_offset += left;
                left = 0;
            }
        }
    }
    c.out.clear();
    if (c.out.capacity() > 16) {
        c.out.shrink_to_fit();
    }
    c.out_head = 0;
    c.out_offset = 0;
    c.stalled = false;

    if (c.state == Connection::State::Socket) {
        if (c.sent_close) {
            close(c);
            return;
        }
        watch(c, true, false);
        return;
    }
    if (c.state == Connection::State::Writing) {
        if (c.close_after_write) {
            // Lingering close: the answer is sent, then what the client still sends
            // (the rest of a refused body) is read and dropped for a moment. Closing
            // with unread bytes would reset the connection and could destroy the
            // answer before the client reads it.
            ::shutdown(c.fd, SHUT_WR);
            c.state = Connection::State::Lingering;
            c.in.clear();
            c.in.shrink_to_fit();
            c.deadline = Clock::now() + std::chrono::seconds(2);
            watch(c, true, false);
            return;
        }
        c.state = Connection::State::Head;
        c.deadline = Clock::now() + (c.in.empty() ? m_config.keep_alive_timeout : m_config.head_timeout);
        watch(c, true, false);
        if (!c.in.empty()) {
            process_input(c); // a pipelined request
        }
        return;
    }
    watch(c, c.watching_read, false);
}

void Front::on_writable(Connection& c) {
    flush(c);
}

// --- WebSocket subscribers --------------------------------------------------

void Front::subscribe(Connection& c, const Upgrade& upgrade) {
    c.state = Connection::State::Socket;
    if (m_config.subscriber_send_buffer > 0) {
        setsockopt(c.fd, SOL_SOCKET, SO_SNDBUF, &m_config.subscriber_send_buffer,
                   sizeof m_config.subscriber_send_buffer);
    }
    c.in.clear();
    c.in.shrink_to_fit();
    c.last_read = c.last_write = Clock::now();
    auto& slot = m_topics[upgrade.topic];
    if (!slot) {
        slot = std::make_unique<Topic>();
    }
    Topic& topic = *slot;
    c.topic = &topic;
    c.topic_name = upgrade.topic;
    c.audience = upgrade.audience;
    c.grant = upgrade.grant;
    c.topic_index = topic.subscribers.size();
    topic.subscribers.push_back(&c);
    {
        std::lock_guard lock(m_stats_mutex);
        ++m_audience_counts[{upgrade.topic, upgrade.audience}];
    }

    auto send_from = [&](std::int64_t after) {
        for (const auto& entry : topic.backlog) {
            if (entry.seq <= after) {
                continue;
            }
            if (static_cast<size_t>(c.audience) < entry.frames.size() && entry.frames[c.audience]) {
                queue_bytes(c, entry.frames[c.audience]);
            }
            c.last_seq = std::max(c.last_seq, entry.seq);
        }
    };
    // A resuming client whose gap the backlog still covers gets only what it missed.
    bool resumable = upgrade.since && !topic.backlog.empty() && topic.backlog.front().seq <= *upgrade.since + 1 &&
                     *upgrade.since <= topic.backlog.back().seq;
    bool up_to_date = upgrade.since && *upgrade.since == upgrade.first_seq &&
                      (topic.backlog.empty() || topic.backlog.back().seq <= *upgrade.since);
    if (resumable || up_to_date) {
        c.last_seq = *upgrade.since;
        send_from(*upgrade.since);
    } else {
        queue_bytes(c, std::make_shared<const std::string>(websocket::frame(websocket::Opcode::Text, upgrade.first)));
        c.last_seq = upgrade.first_seq;
        send_from(upgrade.first_seq);
    }
    watch(c, true, c.watching_write);
}

void Front::unsubscribe(Connection& c) {
    if (!c.topic) {
        return;
    }
    auto& subscribers = c.topic->subscribers;
    size_t index = c.topic_index;
    if (index < subscribers.size() && subscribers[index] == &c) {
        subscribers[index] = subscribers.back();
        subscribers[index]->topic_index = index;
        subscribers.pop_back();
    }
    {
        std::lock_guard lock(m_stats_mutex);
        auto found = m_audience_counts.find({c.topic_name, c.audience});
        if (found != m_audience_counts.end() && --found->second == 0) {
            m_audience_counts.erase(found);
        }
    }
    c.topic = nullptr;
}

void Front::drain_publications() {
    std::vector<Publication> published;
    {
        std::lock_guard lock(m_done_mutex);
        published.swap(m_published);
    }
    // Everything published since the last turn is queued first, then each
    // subscriber is written once: one sendmsg carries all its new messages, which
    // halves the system calls when a command causes two events.
    std::vector<std::pair<int, std::uint64_t>> to_flush;
    for (Publication& publication : published) {
        auto& slot = m_topics[publication.topic];
        if (!slot) {
            slot = std::make_unique<Topic>();
        }
        Topic& topic = *slot;
        if (publication.close_frame) {
            // The subscribers whose access was revoked: told why, then closed once
            // the close frame is written; nothing more is sent to them.
            std::vector<Connection*> subscribers = topic.subscribers;
            for (Connection* c : subscribers) {
                if (!publication.grant.empty() && c->grant != publication.grant) {
                    continue;
                }
                unsubscribe(*c);
                if (!c->sent_close) {
                    c->sent_close = true;
                    queue_bytes(*c, publication.close_frame);
                }
                to_flush.emplace_back(c->fd, c->serial);
            }
            if (publication.grant.empty()) {
                topic.backlog.clear(); // an erased meeting's messages leave memory too
            }
            continue;
        }
        if (!publication.ephemeral) {
            topic.backlog.push_back(Topic::Entry{publication.seq, publication.frames});
            while (topic.backlog.size() > m_config.backlog) {
                topic.backlog.pop_front();
            }
        }
        // Iterate over a copy: a failed write closes a connection, which edits the list.
        std::vector<Connection*> subscribers = topic.subscribers;
        for (Connection* c : subscribers) {
            if (!publication.ephemeral) {
                if (c->last_seq >= publication.seq) {
                    continue; // already had it from the backlog when it subscribed
                }
                c->last_seq = publication.seq;
            }
            if (static_cast<size_t>(c->audience) >= publication.frames.size() || !publication.frames[c->audience]) {
                continue;
            }
            if (c->out_bytes + publication.frames[c->audience]->size() > m_config.max_queue_bytes) {
                {
                    std::lock_guard lock(m_stats_mutex);
                    ++m_stats.dropped_slow;
                }
                drop(*c);
                continue;
            }
            bool was_idle = c->out_bytes == 0;
            queue_bytes(*c, publication.frames[c->audience]);
            if (was_idle) {
                to_flush.emplace_back(c->fd, c->serial); // a stalled socket waits for EPOLLOUT instead
            }
        }
    }
    for (auto [fd, serial] : to_flush) {
        auto& slot = m_connections[static_cast<size_t>(fd)];
        if (slot && slot->serial == serial) {
            flush(*slot);
        }
    }
}

void Front::handle_frames(Connection& c) {
    const int fd = c.fd;
    Connection* const self = &c;
    std::string error;
    while (!c.in.empty()) {
        auto parsed = websocket::parse(c.in, m_config.max_client_message, error);
        if (!parsed) {
            if (!error.empty()) {
                c.in.clear();
                queue_bytes(c, std::make_shared<const std::string>(
                                   websocket::frame(websocket::Opcode::Close, std::string("\x03\xea", 2) + error)));
                c.sent_close = true;
                watch(c, false, true);
                flush(c);
            }
            return;
        }
        c.in.erase(0, parsed->used);
        websocket::Frame& frame = parsed->frame;
        switch (frame.opcode) {
        case websocket::Opcode::Ping:
            queue_bytes(c,
                        std::make_shared<const std::string>(websocket::frame(websocket::Opcode::Pong, frame.payload)));
            flush(c);
            break;
        case websocket::Opcode::Pong:
            break;
        case websocket::Opcode::Close:
            if (!c.sent_close) {
                c.sent_close = true;
                queue_bytes(c, std::make_shared<const std::string>(
                                   websocket::frame(websocket::Opcode::Close, frame.payload.substr(0, 2))));
            }
            c.in.clear();
            flush(c);
            return;
        case websocket::Opcode::Text:
            if (frame.fin && m_callbacks.message) {
                Job job;
                job.fd = c.fd;
                job.serial = c.serial;
                job.topic = c.topic_name;
                job.audience = c.audience;
                job.message = std::move(frame.payload);
                {
                    std::lock_guard lock(m_jobs_mutex);
                    m_jobs.push_back(std::move(job));
                }
                m_jobs_ready.notify_one();
            }
            break;
        default:
            break; // binary and fragmented messages carry nothing we read
        }
        if (m_connections[fd].get() != self) {
            return;
        }
    }
    if (c.in.capacity() > 4096) {
        c.in.shrink_to_fit();
    }
}

// --- time -------------------------------------------------------------------

void Front::sweep(Clock::time_point now) {
    if (!m_accepting) {
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.fd = m_listen;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_listen, &event);
        m_accepting = true;
    }
    size_t subscribers = 0;
    size_t dropped = 0;
    for (auto& slot : m_connections) {
        if (!slot) {
            continue;
        }
        Connection& c = *slot;
        switch (c.state) {
        case Connection::State::Head:
        case Connection::State::Body:
        case Connection::State::Lingering:
            if (now >= c.deadline) {
                close(c); // slow or idle: the slot is needed more than the client
            }
            break;
        case Connection::State::Busy:
            break;
        case Connection::State::Writing:
            if (c.stalled && now - c.stalled_since >= m_config.body_timeout) {
                close(c);
            }
            break;
        case Connection::State::Socket:
            if (c.stalled && now - c.stalled_since >= m_config.slow_consumer_timeout) {
                ++dropped;
                drop(c);
                break;
            }
            if (now - c.last_read >= 3 * m_config.ping_interval) {
                close(c); // no pong, no message: the peer is gone
                break;
            }
            if (now - c.last_write >= m_config.ping_interval && c.out_bytes == 0) {
                c.last_write = now;
                queue_bytes(c, std::make_shared<const std::string>(websocket::frame(websocket::Opcode::Ping, "")));
                flush(c);
            }
            ++subscribers;
            break;
        }
    }
    std::lock_guard lock(m_stats_mutex);
    m_stats.connections = m_open;
    m_stats.subscribers = subscribers;
    m_stats.dropped_slow += dropped;
}

} // namespace quorum::server
