#pragma once

#include "server/http.hpp"
#include "store/store.hpp"

#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

namespace quorum::server {

// Who may call a route. Public routes take no token; the others need a bearer
// token of the meeting named by {id}, held by one of `roles`.
struct Access {
    bool is_public = true;
    std::vector<store::Role> roles;

    static Access anyone() { return Access{}; }
    static Access members() {
        return Access{false,
                      {store::Role::Facilitator, store::Role::NoteTaker, store::Role::Timekeeper,
                       store::Role::Participant, store::Role::Observer}};
    }
    static Access only(std::initializer_list<store::Role> roles) { return Access{false, roles}; }
    bool allows(store::Role role) const;
};

using Handler = std::function<Response(Request&)>;

struct Route {
    std::string method;
    std::string pattern; // "/api/v1/meetings/{id}/notes/{item}"
    Access access;
    std::string summary;
    Handler handler;
    size_t max_body_bytes = 0;            // 0: the server's default
    std::vector<std::string> media_types; // accepted Content-Types when there is a body; empty: JSON
    // Creates a meeting: the server's creation setting, its per-address rate limit
    // and (for a body of minutes) the anonymous size cap apply before the body is read.
    bool creates_meeting = false;
};

// The one table of routes. Placeholders match one path segment; {id} is a
// meeting id, {plugin} a plugin's folder name, {token} any text, every other
// placeholder a positive integer, both checked here so
// handlers never see a malformed id.
class Router {
public:
    void add(Route route);
    const std::vector<Route>& routes() const { return m_routes; }

    struct Match {
        const Route* route = nullptr;
        std::map<std::string, std::string> params;
        std::vector<std::string> allowed_methods; // set when the path matched but not the method
        std::optional<Error> error;               // a placeholder held a malformed id
    };
    Match match(const std::string& method, const std::vector<std::string>& segments) const;

    // Resolves the route, checks the caller and runs the handler.
    Response dispatch(Request& request, store::Store& store) const;

private:
    std::vector<Route> m_routes;
    std::vector<std::vector<std::string>> m_patterns;
};

bool is_meeting_id(std::string_view value);
bool is_number_id(std::string_view value);
bool is_plugin_name(std::string_view value);

} // namespace quorum::server
