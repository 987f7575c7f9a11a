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
    std::vector<std::string> segments; // "/api/v1/meetings/x" → {"api", "v1", "meetings", "x"}
    std::map<std::string, std::string> query;
    std::string content_type; // media type only, lower case, no parameters
    std::string body;
    std::string bearer;
    // Filled by the router: values of {placeholders}, in order, and the caller.
    std::map<std::string, std::string> params;
    std::optional<store::Principal> principal;

    const std::string& param(const std::string& name) const { return params.at(name); }
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

// The HTTP status for an Error's code (see the table in http.cpp).
int status_for(const Error& error);

Response json_response(int status, const Poco::Dynamic::Var& value);
// {"error":{"code","message","field"}} with the status status_for() gives.
Response error_response(const Error& error);

} // namespace quorum::server
