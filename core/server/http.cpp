#include "server/http.hpp"

#include "json/writer.hpp"

#include <sstream>
#include <unordered_map>

namespace quorum::server {

int status_for(const Error& error) {
    static const std::unordered_map<std::string, int> k_statuses = {
        {"bad_request", 400},      {"malformed_json", 400},   {"invalid_utf8", 400},    {"bad_id", 400},
        {"unauthorized", 401},     {"forbidden", 403},        {"not_found", 404},       {"method_not_allowed", 405},
        {"conflict", 409},         {"stale_revision", 409},   {"too_large", 413},       {"unsupported_media_type", 415},
        {"invalid", 422},          {"unknown_field", 422},    {"wrong_type", 422},      {"missing_field", 422},
        {"too_many_headers", 431}, {"upgrade_required", 426}, {"unknown_command", 422}, {"ambiguous_command", 422},
        {"not_mine", 422},         {"internal", 500},
    };
    auto found = k_statuses.find(error.code);
    return found == k_statuses.end() ? 500 : found->second;
}

Response json_response(int status, const Poco::Dynamic::Var& value) {
    Response response;
    response.status = status;
    response.body = json::condense(value);
    return response;
}

Response error_response(const Error& error) {
    Poco::JSON::Object::Ptr detail = new Poco::JSON::Object;
    detail->set("code", error.code);
    detail->set("message", error.message);
    if (error.field.empty()) {
        detail->set("field", Poco::Dynamic::Var());
    } else {
        detail->set("field", error.field);
    }
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("error", detail);
    return json_response(status_for(error), body);
}

} // namespace quorum::server
