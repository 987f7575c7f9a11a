#include "server/router.hpp"

#include "util/text.hpp"

#include <algorithm>

namespace quorum::server {

namespace {

std::vector<std::string> split_pattern(const std::string& pattern) {
    std::vector<std::string> segments;
    for (const std::string& segment : text::split(pattern, '/')) {
        if (!segment.empty()) {
            segments.push_back(segment);
        }
    }
    return segments;
}

bool is_placeholder(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// The role's name as the French web interface writes it.
std::string role_name_fr(store::Role role) {
    switch (role) {
    case store::Role::Facilitator:
        return "animation";
    case store::Role::NoteTaker:
        return "prise de notes";
    case store::Role::Timekeeper:
        return "gardien·ne du temps";
    case store::Role::Participant:
        return "participant·e";
    case store::Role::Observer:
        return "observateur·rice";
    }
    return std::string(store::role_name(role));
}

} // namespace

bool Access::allows(store::Role role) const {
    return is_public || std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool is_meeting_id(std::string_view value) {
    return !value.empty() && value.size() <= 64 && std::all_of(value.begin(), value.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    });
}

bool is_number_id(std::string_view value) {
    return !value.empty() && value.size() <= 15 && value[0] != '0' &&
           std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A plugin is named after its folder: lower-case letters, digits, '-' and '_'.
bool is_plugin_name(std::string_view value) {
    return !value.empty() && value.size() <= 64 && std::all_of(value.begin(), value.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

void Router::add(Route route) {
    m_patterns.push_back(split_pattern(route.pattern));
    m_routes.push_back(std::move(route));
}

Router::Match Router::match(const std::string& method, const std::vector<std::string>& segments) const {
    Match result;
    for (size_t i = 0; i < m_routes.size(); ++i) {
        const auto& pattern = m_patterns[i];
        if (pattern.size() != segments.size()) {
            continue;
        }
        std::map<std::string, std::string> params;
        std::optional<Error> error;
        bool matched = true;
        for (size_t s = 0; s < pattern.size() && matched; ++s) {
            // A placeholder may carry a literal suffix, as in "{id}.ics" (export URLs).
            size_t close = pattern[s].find('}');
            std::string suffix = close == std::string::npos ? std::string() : pattern[s].substr(close + 1);
            if (!suffix.empty() && pattern[s].front() == '{') {
                const std::string& whole = segments[s];
                matched = whole.size() > suffix.size() && whole.ends_with(suffix);
                if (!matched) {
                    break;
                }
                std::string name = pattern[s].substr(1, close - 1);
                std::string value = whole.substr(0, whole.size() - suffix.size());
                bool valid = name == "id" ? is_meeting_id(value) : is_number_id(value);
                if (!valid && !error) {
                    error = make_error("bad_id",
                                       Phrase{"'" + name + "' is not a valid id",
                                              "«\u00a0" + name + "\u00a0» n’est pas un identifiant valide"},
                                       name);
                }
                params[name] = value;
            } else if (is_placeholder(pattern[s])) {
                std::string name = pattern[s].substr(1, pattern[s].size() - 2);
                const std::string& value = segments[s];
                bool valid = name == "id"       ? is_meeting_id(value)
                             : name == "token"  ? !value.empty()
                             : name == "plugin" ? is_plugin_name(value)
                                                : is_number_id(value);
                if (!valid && !error) {
                    error = make_error("bad_id",
                                       Phrase{"'" + name + "' is not a valid id",
                                              "«\u00a0" + name + "\u00a0» n’est pas un identifiant valide"},
                                       name);
                }
                params[name] = value;
            } else {
                matched = pattern[s] == segments[s];
            }
        }
        if (!matched) {
            continue;
        }
        if (m_routes[i].method != method) {
            result.allowed_methods.push_back(m_routes[i].method);
            continue;
        }
        // A literal segment wins over a placeholder: routes are tried in table
        // order and literal routes (…/agenda/reorder) are added before {item} ones.
        result.route = &m_routes[i];
        result.params = std::move(params);
        result.error = error;
        result.allowed_methods.clear();
        return result;
    }
    return result;
}

Response Router::dispatch(Request& request, store::Store& store) const {
    Match found = match(request.method, request.segments);
    if (!found.route) {
        if (!found.allowed_methods.empty()) {
            std::string allow;
            for (const std::string& method : found.allowed_methods) {
                allow += (allow.empty() ? "" : ", ") + method;
            }
            Response response = error_response(
                make_error("method_not_allowed", Phrase{request.method + " is not allowed here",
                                                        "la méthode " + request.method + " n’est pas permise ici"}));
            response.headers.emplace_back("Allow", allow);
            return response;
        }
        return error_response(make_error("not_found", Phrase{"no such route", "cette route n’existe pas"}));
    }
    if (found.error) {
        return error_response(*found.error);
    }
    const Route& route = *found.route;
    request.params = std::move(found.params);
    if (!route.access.is_public) {
        if (request.bearer.empty()) {
            Response response = error_response(make_error(
                "unauthorized", Phrase{"this route needs a bearer token", "cette route demande un jeton (bearer)"}));
            response.headers.emplace_back("WWW-Authenticate", "Bearer");
            return response;
        }
        auto principal = store.authenticate(request.bearer);
        if (!principal) {
            Response response = error_response(
                make_error("unauthorized", Phrase{"the token is not valid", "ce jeton n’est pas valide"}));
            response.headers.emplace_back("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            return response;
        }
        auto meeting = request.params.find("id");
        if (meeting == request.params.end() || meeting->second != principal->meeting_id) {
            return error_response(make_error(
                "forbidden", Phrase{"the token is for another meeting", "ce jeton appartient à une autre rencontre"}));
        }
        if (!route.access.allows(principal->role)) {
            return error_response(make_error(
                "forbidden",
                Phrase{"the " + std::string(store::role_name(principal->role)) + " role may not do this",
                       "le rôle «\u00a0" + role_name_fr(principal->role) + "\u00a0» ne permet pas cette action"}));
        }
        request.principal = std::move(principal);
    }
    return route.handler(request);
}

} // namespace quorum::server
