#include "server/http.hpp"

#include "util/text.hpp"
#include "json/writer.hpp"

#include <cstdlib>
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
        {"not_mine", 422},         {"binary", 422},           {"bad_format", 422},      {"bad_language", 422},
        {"rate_limited", 429},     {"duplicate_key", 400},    {"internal", 500},
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

namespace {

std::string error_body(const Error& error, const Poco::JSON::Object::Ptr& extra, bool french) {
    Poco::JSON::Object::Ptr detail = new Poco::JSON::Object;
    detail->set("code", error.code);
    detail->set("message", error.message_in(french));
    if (error.field.empty()) {
        detail->set("field", Poco::Dynamic::Var());
    } else {
        detail->set("field", error.field);
    }
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    body->set("error", detail);
    if (extra) {
        for (const auto& name : extra->getNames()) {
            body->set(name, extra->get(name));
        }
    }
    return json::condense(body);
}

} // namespace

Response error_response(const Error& error, Poco::JSON::Object::Ptr extra) {
    Response response;
    response.status = status_for(error);
    response.body = error_body(error, extra, false);
    response.error = error;
    response.error_extra = std::move(extra);
    return response;
}

bool prefers_french(const std::string* lang_query, const std::string* accept_language) {
    if (lang_query && (*lang_query == "fr" || *lang_query == "en")) {
        return *lang_query == "fr";
    }
    if (!accept_language) {
        return false;
    }
    // "fr-CA,fr;q=0.9,en;q=0.8": the highest weight wins, the first one on a tie.
    double best_weight = 0.0;
    bool french = false;
    std::string_view rest = *accept_language;
    while (!rest.empty()) {
        size_t comma = rest.find(',');
        std::string_view entry = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        size_t semicolon = entry.find(';');
        std::string tag = text::to_lower(text::trim(entry.substr(0, semicolon)));
        double weight = 1.0;
        if (semicolon != std::string_view::npos) {
            std::string parameter = text::to_lower(text::trim(entry.substr(semicolon + 1)));
            if (parameter.starts_with("q=")) {
                char* end = nullptr;
                weight = std::strtod(parameter.c_str() + 2, &end);
                if (end == parameter.c_str() + 2 || weight < 0.0 || weight > 1.0) {
                    weight = 0.0;
                }
            }
        }
        std::string primary = tag.substr(0, tag.find('-'));
        if ((primary == "fr" || primary == "en") && weight > best_weight) {
            best_weight = weight;
            french = primary == "fr";
        }
    }
    return french;
}

void localize(Response& response, bool french) {
    if (french && response.error && !response.error->message_fr.empty()) {
        response.body = error_body(*response.error, response.error_extra, true);
    }
}

} // namespace quorum::server
