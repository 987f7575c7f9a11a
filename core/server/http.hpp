#pragma once

#include "store/store.hpp"
#include "util/error.hpp"

#include <Poco/JSON/Object.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace quorum::server {

// A request as handlers see it: already size-checked, body fully read, the
// path split and percent-decoded, the bearer token (if any) taken from the
// Authorization header. Nothing here is logged.
struct Request {
    std::string method;
    std::vector<std::string> segments;        // "/api/v1/meetings/x" → {"api", "v1", "meetings", "x"}
    std::map<std::string, std::string> query; // the last value of each name
    std::vector<std::pair<std::string, std::string>> query_list; // every value, in order (?alias=…&alias=…)
    std::string content_type;                                    // media type only, lower case, no parameters
    std::string body;
    std::string bearer;
    bool websocket = false;  // a valid WebSocket upgrade request
    bool wants_html = false; // Accept names text/html: a browser following a link
    bool french = false;     // people-facing text in French (?lang=, Accept-Language; see prefers_french)
    // Filled by the router: values of {placeholders}, in order, and the caller.
    std::map<std::string, std::string> params;
    std::optional<store::Principal> principal;

    const std::string& param(const std::string& name) const { return params.at(name); }
};

// What the front does with a WebSocket upgrade a handler accepted: subscribe the
// connection to `topic` for `audience`, send `first` (a snapshot), then every
// message published to the topic after `first_seq` (or, when the client asked to
// resume from `since` and the backlog still holds everything after it, just those).
struct Upgrade {
    std::string topic;
    int audience = 0; // index into the payloads given to Front::publish()
    std::string first;
    std::int64_t first_seq = 0;
    std::optional<std::int64_t> since;
    // What the subscriber's access rests on ("key", "participant:<id>",
    // "share:<id>"): revoking it closes the socket (Front::close_subscribers).
    std::string grant;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::optional<Upgrade> upgrade; // set by a route that accepts a WebSocket
    // Set by error_response: the body is written in English, and localize() writes
    // it again in French when the request prefers it.
    std::optional<Error> error;
    Poco::JSON::Object::Ptr error_extra; // members beside "error" (a 409's two versions)
};

// The HTTP status for an Error's code (see the table in http.cpp).
int status_for(const Error& error);

Response json_response(int status, const Poco::Dynamic::Var& value);
// {"error":{"code","message","field"}} with the status status_for() gives;
// `extra`'s members (if any) follow "error" in the body.
Response error_response(const Error& error, Poco::JSON::Object::Ptr extra = nullptr);

// Whether people-facing text should be French: ?lang=fr|en when given, else the
// preferred of fr and en in Accept-Language (by weight, then order), else English.
bool prefers_french(const std::string* lang_query, const std::string* accept_language);

// An error response's message in the language asked for (a no-op for others).
void localize(Response& response, bool french);

} // namespace quorum::server
