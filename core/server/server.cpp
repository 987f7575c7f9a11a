#include "server/server.hpp"

#include "server/api.hpp"
#include "server/web.hpp"
#include "store/tokens.hpp"

#include <Poco/URI.h>

#include <malloc.h>

#include <algorithm>

#include <chrono>
#include <cstdio>
#include <istream>

namespace quorum::server {

namespace {

std::string lower(std::string s) {
    for (char& c : s) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

// Splits the raw path before decoding, so an encoded "/" (%2F) stays inside its
// segment instead of creating a new one.
Expected<std::vector<std::string>> split_path(const std::string& raw_path) {
    std::vector<std::string> segments;
    size_t start = 0;
    while (start <= raw_path.size()) {
        size_t end = raw_path.find('/', start);
        if (end == std::string::npos) {
            end = raw_path.size();
        }
        std::string segment = raw_path.substr(start, end - start);
        if (!segment.empty()) {
            std::string decoded;
            try {
                Poco::URI::decode(segment, decoded);
            } catch (const Poco::Exception&) {
                return make_error("bad_request", Phrase{"the path is not valid", "le chemin n’est pas valide"});
            }
            segments.push_back(decoded);
        }
        start = end + 1;
    }
    return segments;
}

// ?lang=fr|en in a request target, if present (the last one wins, as for the router).
std::optional<std::string> lang_of(const std::string& target) {
    std::optional<std::string> found;
    size_t question = target.find('?');
    if (question == std::string::npos) {
        return found;
    }
    std::string_view query = std::string_view(target).substr(question + 1);
    while (!query.empty()) {
        size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        if (pair == "lang=fr" || pair == "lang=en") {
            found = std::string(pair.substr(5));
        }
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
    return found;
}

bool head_prefers_french(const HttpHead& head) {
    auto lang = lang_of(head.target);
    return prefers_french(lang ? &*lang : nullptr, head.header("accept-language"));
}

// What the server knows of who may create meetings and how often.
struct CreationGate {
    const TrustedProxies& proxies;
    RateLimiter* limiter; // null: no rate limit
};

std::string size_text(size_t bytes) {
    if (bytes % (1024 * 1024) == 0) {
        return std::to_string(bytes / (1024 * 1024)) + " MiB";
    }
    if (bytes % 1024 == 0) {
        return std::to_string(bytes / 1024) + " KiB";
    }
    return std::to_string(bytes) + " bytes";
}

// A route that creates a meeting, before its body is read: the creation setting
// (403), the anonymous import cap (413) and the per-address rate limit (429).
// Returns a refusal, or lowers `limit` for an anonymous import.
std::optional<Response> gate_creation(const ServerConfig& config, const CreationGate& gate, const HttpHead& head,
                                      const Route& route, size_t& limit) {
    bool has_token = false;
    if (!config.creation_token.empty()) {
        if (const std::string* authorization = head.header("authorization")) {
            has_token = authorization->size() > 7 && lower(authorization->substr(0, 7)) == "bearer " &&
                        store::constant_time_equal(authorization->substr(7), config.creation_token);
        }
    }
    if (has_token) {
        return std::nullopt;
    }
    if (config.creation == ServerConfig::Creation::Closed) {
        return error_response(make_error(
            "forbidden", Phrase{"creating meetings on this server needs its creation token (Authorization: Bearer …)",
                                "créer une rencontre sur ce serveur demande son jeton de création "
                                "(Authorization: Bearer …)"}));
    }
    const bool imports = !route.media_types.empty(); // takes minutes, not JSON: the import
    if (imports && config.anonymous_import_max_bytes < limit) {
        limit = config.anonymous_import_max_bytes;
        if (head.content_length && *head.content_length > limit) {
            const std::string size = size_text(limit);
            return error_response(make_error(
                "too_large", Phrase{"minutes imported without the creation token may be at most " + size,
                                    "un compte rendu importé sans le jeton de création ne peut dépasser " + size}));
        }
    }
    if (gate.limiter) {
        std::vector<std::string_view> forwarded;
        for (const auto& [name, value] : head.headers) {
            if (name == "x-forwarded-for") {
                forwarded.push_back(value);
            }
        }
        const std::string client = gate.proxies.client_address(head.peer, forwarded);
        std::string key = rate_key(client);
        if (key.empty()) {
            key = client; // not an address (a test's socket pair): counted as written
        }
        if (auto wait = gate.limiter->take(key)) {
            const std::string seconds = std::to_string(wait->count());
            Response response = error_response(make_error(
                "rate_limited",
                Phrase{"too many meetings created from this address; try again in " + seconds + " s",
                       "trop de rencontres créées depuis cette adresse ; réessayez dans " + seconds + " s"}));
            response.headers.emplace_back("Retry-After", seconds);
            return response;
        }
    }
    return std::nullopt;
}

// The route a request head names, checked before a byte of its body is read:
// unknown routes, oversized bodies and wrong media types are answered at once.
std::variant<Response, size_t> admit_in_english(const Router& router, const ServerConfig& config,
                                                const CreationGate& gate, const HttpHead& head) {
    const std::string& target = head.target;
    auto segments = split_path(target.substr(0, target.find('?')));
    if (!segments) {
        return error_response(segments.error());
    }
    Router::Match match = router.match(head.method, *segments);
    const Route* route = match.route;
    size_t limit = route && route->max_body_bytes ? route->max_body_bytes : config.max_body_bytes;
    if (route && route->creates_meeting) {
        if (auto refused = gate_creation(config, gate, head, *route, limit)) {
            return std::move(*refused);
        }
    }
    bool has_body = head.chunked || head.content_length.value_or(0) > 0;
    if (!has_body) {
        return limit;
    }
    if (head.content_length && *head.content_length > limit) {
        std::string bytes = std::to_string(limit);
        return error_response(
            make_error("too_large", Phrase{"the body is larger than " + bytes + " bytes",
                                           "le corps de la requête dépasse " + bytes + "\u00a0octets"}));
    }
    if (route) {
        const std::string* header = head.header("content-type");
        std::string type = lower(header ? *header : std::string());
        type = type.substr(0, type.find(';'));
        while (!type.empty() && type.back() == ' ') {
            type.pop_back();
        }
        const auto& accepted = route->media_types;
        bool ok = accepted.empty() ? type == "application/json"
                                   : std::find(accepted.begin(), accepted.end(), type) != accepted.end();
        if (!ok) {
            std::string wanted = accepted.empty() ? std::string("application/json") : accepted.front();
            return error_response(make_error("unsupported_media_type",
                                             Phrase{"send " + wanted, "envoyez le corps de la requête en " + wanted}));
        }
    }
    return limit;
}

std::variant<Response, size_t> admit(const Router& router, const ServerConfig& config, const CreationGate& gate,
                                     const HttpHead& head) {
    auto admitted = admit_in_english(router, config, gate, head);
    if (auto* refused = std::get_if<Response>(&admitted)) {
        localize(*refused, head_prefers_french(head));
    }
    return admitted;
}

Response handle_in_english(const Router& router, store::Store& store, const ServerConfig& config, Request& request,
                           HttpRequest& http) {
    auto started = std::chrono::steady_clock::now();
    request.method = http.head.method;
    const std::string& uri = http.head.target;
    size_t question = uri.find('?');
    auto segments = split_path(uri.substr(0, question));
    if (!segments) {
        return error_response(segments.error());
    }
    request.segments = std::move(*segments);
    if (question != std::string::npos) {
        try {
            Poco::URI parsed("/?" + uri.substr(question + 1));
            for (const auto& [name, value] : parsed.getQueryParameters()) {
                request.query[name] = value;
                request.query_list.emplace_back(name, value);
            }
        } catch (const Poco::Exception&) {
            return error_response(make_error(
                "bad_request", Phrase{"the query string is not valid", "la chaîne de requête n’est pas valide"}));
        }
    }
    if (const std::string* type = http.head.header("content-type")) {
        std::string media = lower(*type);
        media = media.substr(0, media.find(';'));
        while (!media.empty() && media.back() == ' ') {
            media.pop_back();
        }
        request.content_type = media;
    }
    request.body = std::move(http.body);
    request.websocket = http.head.websocket;
    if (const std::string* accept = http.head.header("accept")) {
        request.wants_html = lower(*accept).find("text/html") != std::string::npos;
    }
    if (const std::string* authorization = http.head.header("authorization")) {
        if (authorization->size() > 7 && lower(authorization->substr(0, 7)) == "bearer ") {
            request.bearer = authorization->substr(7);
        }
    }
    std::optional<Response> page;
    if (!config.templates_dir.empty()) {
        page = serve_web(config.templates_dir / "web", request);
    }
    store::Store::take_commit_failure(); // nothing of an earlier request
    Response reply = page ? std::move(*page) : router.dispatch(request, store);
    if (store::Store::take_commit_failure()) {
        // The COMMIT that this request's writes joined failed: they are lost.
        reply = error_response(
            make_error("internal", Phrase{"the change could not be saved; try again",
                                          "la modification n’a pas pu être enregistrée\u00a0; réessayez"}));
    }
    if (config.log_requests) {
        Router::Match match = router.match(request.method, request.segments);
        std::fprintf(stderr, "quorum: %s %s %d %.1f ms\n", request.method.c_str(),
                     match.route ? match.route->pattern.c_str() : "-", reply.status,
                     std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
    }
    return reply;
}

// A request whose body was at least this large gives the memory its work took
// back to the system when it ends (see handle).
constexpr size_t k_trim_after_body_bytes = 256 * 1024;

Response handle(const Router& router, store::Store& store, const ServerConfig& config, HttpRequest& http) {
    const size_t body_bytes = http.body.size();
    Response reply;
    {
        Request request;
        request.french = head_prefers_french(http.head);
        reply = handle_in_english(router, store, config, request, http);
        localize(reply, request.french);
    }
    if (body_bytes >= k_trim_after_body_bytes) {
        // Parsing a large document frees hundreds of megabytes in small blocks,
        // which glibc keeps in its arenas (per worker thread) for ever: one large
        // import would leave the server that much bigger. malloc_trim returns the
        // free pages of every arena; it costs a few milliseconds, once per large body.
        http.body = std::string();
        ::malloc_trim(0);
    }
    return reply;
}

} // namespace

Server::Server(store::Store& store, ServerConfig config)
    : m_store(store), m_config(std::move(config)), m_meetings(store, m_config.templates_dir), m_facilitation(store),
      m_live(store, m_facilitation) {
    add_routes(m_router, m_meetings);
    m_live.add_routes(m_router);
    add_plugin_routes(m_router, m_meetings);
    m_facilitation.add_routes(m_router);
    m_meetings.set_speaking_times([this](const std::string& id) { return m_facilitation.speaking_seconds(id); });
}

Server::~Server() {
    stop();
}

Expected<bool> Server::start() {
    std::string bad_proxy;
    auto proxies = TrustedProxies::parse(m_config.trusted_proxies, &bad_proxy);
    if (!proxies) {
        return make_error("invalid",
                          Phrase{"trusted_proxies: '" + bad_proxy + "' is not an address or a CIDR block",
                                 "trusted_proxies : « " + bad_proxy +
                                     " » n’est ni une adresse ni un bloc CIDR"},
                          "trusted_proxies");
    }
    m_proxies = std::move(*proxies);
    m_creation_limiter.reset();
    if (m_config.creation_burst > 0) {
        m_creation_limiter = std::make_unique<RateLimiter>(m_config.creation_burst, m_config.creation_refill,
                                                           m_config.rate_limit_addresses);
    }
    QUORUM_TRY(loaded, m_meetings.load_plugins(m_config.plugin_dirs));
    (void)loaded;
    FrontConfig front;
    front.bind = m_config.bind;
    front.port = m_config.port;
    front.workers = m_config.threads;
    front.max_connections = static_cast<size_t>(m_config.max_connections);
    front.max_headers = m_config.max_headers;
    front.head_timeout = m_config.timeout;
    front.body_timeout = m_config.timeout;
    front.keep_alive_timeout = m_config.keep_alive_timeout;
    front.max_keep_alive_requests = static_cast<size_t>(m_config.max_keep_alive_requests);
    front.slow_consumer_timeout = m_config.live_slow_timeout;
    front.max_queue_bytes = m_config.live_max_queue_bytes;
    Front::Callbacks callbacks;
    callbacks.admit = [this](const HttpHead& head) {
        return admit(m_router, m_config, CreationGate{m_proxies, m_creation_limiter.get()}, head);
    };
    callbacks.handle = [this](HttpRequest& request) { return handle(m_router, m_store, m_config, request); };
    m_front = std::make_unique<Front>(front, std::move(callbacks));
    auto started = m_front->start();
    if (!started) {
        m_front.reset();
        return started.error();
    }
    {
        std::lock_guard lock(m_plugin_events_mutex);
        m_plugin_events_stopping = false;
    }
    m_plugin_events_thread = std::thread([this] { run_plugin_events(); });
    m_live.attach(*m_front, [this](const std::vector<store::Store::Notice>& notices) {
        {
            std::lock_guard lock(m_plugin_events_mutex);
            m_plugin_events.insert(m_plugin_events.end(), notices.begin(), notices.end());
        }
        m_plugin_events_ready.notify_one();
    });
    m_meetings.set_command_handler([this](const std::string& plugin, const std::string& meeting_id,
                                          const std::string& text) -> Expected<scripting::Value> {
        // A plugin acts with the facilitator's rights, answered in the meeting's
        // language, and the log says it was the plugin ("plugin:timebox-reminder").
        store::Principal who{meeting_id, store::Role::Facilitator, std::nullopt, {}};
        who.label = "plugin:" + plugin;
        QUORUM_TRY(outcome, m_facilitation.run(who, text, m_store.language(meeting_id)));
        scripting::Value::Object answer;
        answer["events"] = static_cast<std::int64_t>(outcome.events.size());
        answer["message"] = outcome.message;
        return scripting::Value(answer);
    });
    m_facilitation.start();
    return true;
}

void Server::stop() {
    if (m_front) {
        m_facilitation.stop();
        m_live.detach();
        {
            std::lock_guard lock(m_plugin_events_mutex);
            m_plugin_events_stopping = true;
        }
        m_plugin_events_ready.notify_all();
        if (m_plugin_events_thread.joinable()) {
            m_plugin_events_thread.join();
        }
        // Stops accepting; requests already running finish (their answers are sent
        // only after COMMIT, so nothing half-done is left behind).
        m_front->stop();
        m_front.reset();
    }
}

void Server::run_plugin_events() {
    while (true) {
        std::vector<store::Store::Notice> batch;
        {
            std::unique_lock lock(m_plugin_events_mutex);
            // Wakes for events, and every 100 ms for the plugins' timers.
            m_plugin_events_ready.wait_for(lock, std::chrono::milliseconds(100),
                                           [&] { return m_plugin_events_stopping || !m_plugin_events.empty(); });
            if (m_plugin_events_stopping) {
                return;
            }
            batch.swap(m_plugin_events);
        }
        try {
            if (!batch.empty()) {
                m_meetings.notify_store_events(batch);
            }
            m_meetings.run_plugin_timers();
        } catch (const std::exception& error) {
            std::fprintf(stderr, "quorum: plugin events: %s\n", error.what());
        }
    }
}

std::uint16_t Server::port() const {
    return m_front ? m_front->port() : 0;
}

} // namespace quorum::server
