#pragma once

// The real server on a free loopback port with a temporary database, and a
// small HTTP client over Poco's HTTPClientSession.

#include "server/server.hpp"
#include "store/store.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

namespace harness {

namespace fs = std::filesystem;
using Poco::JSON::Array;
using Poco::JSON::Object;

struct Reply {
    int status = 0;
    std::string body;
    std::string content_type;
    Poco::Net::HTTPResponse headers;

    Object::Ptr json() const {
        Poco::JSON::Parser parser;
        return parser.parse(body).extract<Object::Ptr>();
    }
    Array::Ptr array() const {
        Poco::JSON::Parser parser;
        return parser.parse(body).extract<Array::Ptr>();
    }
    std::string error_code() const {
        try {
            return json()->getObject("error")->getValue<std::string>("code");
        } catch (const std::exception&) {
            return "";
        }
    }
};

struct Request {
    Request() = default;
    Request(std::string method_, std::string path_, std::string body_ = {}, std::string token_ = {},
            std::string content_type_ = "application/json")
        : method(std::move(method_)), path(std::move(path_)), body(std::move(body_)), token(std::move(token_)),
          content_type(std::move(content_type_)) {}

    std::string method = "GET";
    std::string path;
    std::string body;
    std::string token;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
};

// The server's settings for a test: as shipped, but without the per-address
// limit on anonymous meeting creation, since tests create meetings by the dozen
// from one address (server_limits_routes_test turns it back on).
inline quorum::server::ServerConfig test_config() {
    quorum::server::ServerConfig config;
    config.creation_burst = 0;
    return config;
}

class TestServer {
public:
    explicit TestServer(quorum::server::ServerConfig config = test_config()) {
        static int counter = 0;
        m_dir =
            fs::temp_directory_path() / ("quorum-it-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::create_directories(m_dir);
        m_store = quorum::store::Store::open(m_dir / "quorum.db");
        config.bind = "127.0.0.1";
        config.port = 0; // any free port, read back below
        config.templates_dir = QUORUM_TEMPLATES;
        if (config.plugin_dirs.empty()) {
            config.plugin_dirs = {QUORUM_PLUGINS};
        }
        m_server = std::make_unique<quorum::server::Server>(*m_store, config);
        auto started = m_server->start();
        if (!started) {
            throw std::runtime_error(started.error().message);
        }
    }
    ~TestServer() {
        m_server.reset();
        m_store.reset();
        std::error_code ignored;
        fs::remove_all(m_dir, ignored);
    }

    std::uint16_t port() const { return m_server->port(); }
    const fs::path& dir() const { return m_dir; } // holds quorum.db
    quorum::server::Server& server() { return *m_server; }
    quorum::store::Store& store() { return *m_store; }

    Reply send(const Request& request) {
        Poco::Net::HTTPClientSession session("127.0.0.1", port());
        session.setTimeout(Poco::Timespan(20, 0));
        Poco::Net::HTTPRequest http(request.method, request.path, Poco::Net::HTTPMessage::HTTP_1_1);
        if (!request.token.empty()) {
            http.set("Authorization", "Bearer " + request.token);
        }
        for (const auto& [name, value] : request.headers) {
            http.set(name, value);
        }
        if (!request.body.empty() || request.method == "POST" || request.method == "PUT" || request.method == "PATCH") {
            http.setContentType(request.content_type);
            http.setContentLength(static_cast<std::streamsize>(request.body.size()));
        }
        session.sendRequest(http) << request.body;
        Reply reply;
        std::istream& in = session.receiveResponse(reply.headers);
        reply.status = reply.headers.getStatus();
        reply.content_type = reply.headers.getContentType();
        Poco::StreamCopier::copyToString(in, reply.body);
        return reply;
    }

    Reply get(const std::string& path, const std::string& token = {}) { return send({"GET", path, "", token}); }
    Reply post(const std::string& path, const std::string& body, const std::string& token = {}) {
        return send({"POST", path, body, token});
    }
    Reply put(const std::string& path, const std::string& body, const std::string& token = {}) {
        return send({"PUT", path, body, token});
    }
    Reply patch(const std::string& path, const std::string& body, const std::string& token = {}) {
        return send({"PATCH", path, body, token});
    }
    Reply del(const std::string& path, const std::string& token = {}) { return send({"DELETE", path, "", token}); }

private:
    fs::path m_dir;
    std::unique_ptr<quorum::store::Store> m_store;
    std::unique_ptr<quorum::server::Server> m_server;
};

// A meeting with one of everything and a token for every role.
struct MeetingFixture {
    std::string id, key;
    std::int64_t agenda_item = 0, child_item = 0;
    std::map<std::string, std::string> tokens;        // role → personal token
    std::map<std::string, std::int64_t> participants; // role → participant id
    std::int64_t item = 0, share_link = 0;
    std::string share_token;

    explicit MeetingFixture(TestServer& server) {
        auto created =
            server.post("/api/v1/meetings", R"({"title":"GT numérique","date":"2026-11-12","language":"fr"})");
        id = created.json()->getValue<std::string>("id");
        key = created.json()->getValue<std::string>("facilitator_key");
        std::string base = "/api/v1/meetings/" + id;
        agenda_item = server.post(base + "/agenda", R"({"title":"Hébergement","duration_seconds":1200})", key)
                          .json()
                          ->getValue<std::int64_t>("id");
        child_item = server
                         .post(base + "/agenda",
                               R"({"title":"Présentation","parent_id":)" + std::to_string(agenda_item) + "}", key)
                         .json()
                         ->getValue<std::int64_t>("id");
        for (const char* role : {"facilitator", "note-taker", "timekeeper", "participant", "observer"}) {
            auto invited = server
                               .post(base + "/participants",
                                     std::string(R"({"name":"Person )") + role + R"(","role":")" + role + "\"}", key)
                               .json();
            tokens[role] = invited->getValue<std::string>("token");
            participants[role] = invited->getValue<std::int64_t>("id");
        }
        server.put(
            base + "/notes/" + std::to_string(agenda_item),
            R"({"base_revision":0,"text":"- [ ] Person note-taker : envoyer le devis avant le 2026-11-20\n- Décision : on adopte la charte."})",
            key);
        auto items = server.get(base + "/items", key).array();
        item = items->getObject(0)->getValue<std::int64_t>("id");
        auto shared = server.post(base + "/share-links", R"({"visibility":"public"})", key).json();
        share_link = shared->getValue<std::int64_t>("id");
        share_token = shared->getValue<std::string>("token");
    }

    std::string base() const { return "/api/v1/meetings/" + id; }
};

} // namespace harness
