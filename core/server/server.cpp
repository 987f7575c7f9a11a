#include "server/server.hpp"

#include "server/api.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

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
                return make_error("bad_request", "the path is not valid");
            }
            segments.push_back(decoded);
        }
        start = end + 1;
    }
    return segments;
}

class ApiHandler : public Poco::Net::HTTPRequestHandler {
public:
    ApiHandler(const Router& router, store::Store& store, const ServerConfig& config)
        : m_router(router), m_store(store), m_config(config) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        auto started = std::chrono::steady_clock::now();
        std::string pattern = "-";
        Response reply;
        bool body_consumed = true;
        try {
            reply = handle(request, pattern, body_consumed);
        } catch (const Poco::Net::NetException&) {
            // The client went away or timed out mid-body: nobody to answer.
            return;
        } catch (const Poco::TimeoutException&) {
            return;
        } catch (const std::exception& error) {
            std::fprintf(stderr, "quorum: %s %s: internal error: %s\n", request.getMethod().c_str(), pattern.c_str(),
                         error.what());
            reply = error_response(make_error("internal", "internal error"));
        }
        response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
        response.setContentType(reply.content_type);
        response.setContentLength(static_cast<std::streamsize>(reply.body.size()));
        response.set("X-Content-Type-Options", "nosniff");
        response.set("Cache-Control", "no-store");
        for (const auto& [name, value] : reply.headers) {
            response.set(name, value);
        }
        if (!body_consumed) {
            // Unread bytes would be taken for the next request on this connection.
            response.setKeepAlive(false);
        }
        try {
            response.send() << reply.body;
        } catch (const Poco::Exception&) {
            return;
        }
        if (m_config.log_requests) {
            std::fprintf(stderr, "quorum: %s %s %d %.1f ms\n", request.getMethod().c_str(), pattern.c_str(),
                         reply.status,
                         std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
        }
    }

private:
    Response handle(Poco::Net::HTTPServerRequest& http, std::string& pattern, bool& body_consumed) {
        Request request;
        request.method = http.getMethod();
        const std::string& uri = http.getURI();
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
                }
            } catch (const Poco::Exception&) {
                return error_response(make_error("bad_request", "the query string is not valid"));
            }
        }
        if (http.size() > m_config.max_headers) {
            body_consumed = false;
            return error_response(make_error("too_many_headers", "too many header fields"));
        }

        Router::Match match = m_router.match(request.method, request.segments);
        if (match.route) {
            pattern = match.route->pattern;
        }
        const Route* route = match.route;
        size_t limit = route && route->max_body_bytes ? route->max_body_bytes : m_config.max_body_bytes;
        bool has_body = http.hasContentLength() ? http.getContentLength64() > 0 : http.getChunkedTransferEncoding();
        if (has_body) {
            body_consumed = false;
            // Refused before a byte of the body is read.
            if (http.hasContentLength() && static_cast<std::uint64_t>(http.getContentLength64()) > limit) {
                return error_response(
                    make_error("too_large", "the body is larger than " + std::to_string(limit) + " bytes"));
            }
            if (route) {
                std::string type = lower(http.getContentType());
                type = type.substr(0, type.find(';'));
                while (!type.empty() && type.back() == ' ') {
                    type.pop_back();
                }
                const auto& accepted = route->media_types;
                bool ok = accepted.empty() ? type == "application/json"
                                           : std::find(accepted.begin(), accepted.end(), type) != accepted.end();
                if (!ok) {
                    return error_response(
                        make_error("unsupported_media_type",
                                   "send " + (accepted.empty() ? std::string("application/json") : accepted.front())));
                }
                request.content_type = type;
            }
            // Counted while reading: a chunked body or a lying Content-Length is
            // cut off at the limit, never buffered whole.
            std::istream& in = http.stream();
            char buffer[16384];
            while (in) {
                in.read(buffer, sizeof buffer);
                std::streamsize got = in.gcount();
                if (got <= 0) {
                    break;
                }
                if (request.body.size() + static_cast<size_t>(got) > limit) {
                    return error_response(
                        make_error("too_large", "the body is larger than " + std::to_string(limit) + " bytes"));
                }
                request.body.append(buffer, static_cast<size_t>(got));
            }
            body_consumed = true;
        }
        const std::string& authorization = http.get("Authorization", "");
        if (authorization.size() > 7 && lower(authorization.substr(0, 7)) == "bearer ") {
            request.bearer = authorization.substr(7);
        }
        return m_router.dispatch(request, m_store);
    }

    const Router& m_router;
    store::Store& m_store;
    const ServerConfig& m_config;
};

// The one factory: every request goes through the router.
class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    Factory(const Router& router, store::Store& store, const ServerConfig& config)
        : m_router(router), m_store(store), m_config(config) {}

    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new ApiHandler(m_router, m_store, m_config);
    }

private:
    const Router& m_router;
    store::Store& m_store;
    const ServerConfig& m_config;
};

} // namespace

Server::Server(store::Store& store, ServerConfig config)
    : m_store(store), m_config(std::move(config)), m_meetings(store, m_config.templates_dir) {
    add_routes(m_router, m_meetings);
}

Server::~Server() {
    stop();
}

Expected<bool> Server::start() {
    QUORUM_TRY(loaded, m_meetings.load_plugins(m_config.plugin_dirs));
    (void)loaded;
    try {
        Poco::Net::SocketAddress address(m_config.bind, static_cast<Poco::UInt16>(m_config.port));
        Poco::Net::ServerSocket socket(address, m_config.queue);
        Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(m_config.threads);
        params->setMaxQueued(m_config.queue);
        params->setTimeout(Poco::Timespan(m_config.timeout.count(), 0));
        params->setKeepAlive(true);
        params->setKeepAliveTimeout(Poco::Timespan(m_config.keep_alive_timeout.count(), 0));
        params->setMaxKeepAliveRequests(m_config.max_keep_alive_requests);
        params->setServerName("quorum");
        params->setSoftwareVersion("quorum");
        m_server = std::make_unique<Poco::Net::HTTPServer>(new Factory(m_router, m_store, m_config), socket, params);
        m_server->start();
    } catch (const Poco::Exception& error) {
        return make_error("listen", "cannot listen on " + m_config.bind + ":" + std::to_string(m_config.port) + ": " +
                                        error.displayText());
    }
    return true;
}

void Server::stop() {
    if (m_server) {
        // Stops accepting, then lets running requests finish (their answers are
        // sent only after COMMIT, so nothing half-done is left behind).
        m_server->stopAll(false);
        m_server.reset();
    }
}

std::uint16_t Server::port() const {
    return m_server ? m_server->port() : 0;
}

} // namespace quorum::server
