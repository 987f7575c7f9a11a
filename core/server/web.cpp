#include "server/web.hpp"

#include "server/router.hpp"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace quorum::server {

namespace {

// The meeting pages, one shell each: /m/{id}/{page}.
const std::set<std::string>& meeting_pages() {
    static const std::set<std::string> k_pages = {"setup", "console", "join", "notes", "projector", "summary"};
    return k_pages;
}

std::optional<std::string> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Asset names are plain: lower-case letters, digits and dashes, one extension we
// know. Nothing else is looked up on disk (no dots, no slashes, no traversal).
std::optional<std::string> asset_type(const std::string& name) {
    static const std::map<std::string, std::string> k_types = {{"js", "text/javascript; charset=utf-8"},
                                                               {"css", "text/css; charset=utf-8"},
                                                               {"svg", "image/svg+xml"},
                                                               {"png", "image/png"},
                                                               {"woff2", "font/woff2"},
                                                               {"json", "application/json"}};
    size_t dot = name.find('.');
    if (dot == 0 || dot == std::string::npos || name.find('.', dot + 1) != std::string::npos) {
        return std::nullopt;
    }
    for (size_t i = 0; i < dot; ++i) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            return std::nullopt;
        }
    }
    auto found = k_types.find(name.substr(dot + 1));
    if (found == k_types.end()) {
        return std::nullopt;
    }
    return found->second;
}

Response file_response(const std::filesystem::path& path, const std::string& type) {
    auto body = read_file(path);
    if (!body) {
        return error_response(make_error("not_found", Phrase{"no such page", "cette page n’existe pas"}));
    }
    Response response;
    response.content_type = type;
    response.body = std::move(*body);
    // Always revalidated: a server upgrade must never leave a browser on old code.
    response.headers.emplace_back("Cache-Control", "no-cache");
    add_web_headers(response);
    return response;
}

} // namespace

void add_web_headers(Response& response) {
    response.headers.emplace_back("Content-Security-Policy",
                                  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                  "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
                                  "frame-ancestors 'none'");
    response.headers.emplace_back("Referrer-Policy", "no-referrer");
    response.headers.emplace_back("X-Frame-Options", "DENY");
}

Response summary_shell(const std::filesystem::path& web_dir) {
    Response response = file_response(web_dir / "summary.html", "text/html; charset=utf-8");
    // The page becomes the summary, whose style is inline: the one page that
    // allows inline style. Scripts are still ours only.
    for (auto& [name, value] : response.headers) {
        if (name == "Content-Security-Policy") {
            value = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                    "font-src 'self'; connect-src 'self'; form-action 'none'; base-uri 'none'; "
                    "frame-ancestors 'none'";
        }
    }
    return response;
}

std::optional<Response> serve_web(const std::filesystem::path& web_dir, const Request& request) {
    if (request.method != "GET" && request.method != "HEAD") {
        return std::nullopt;
    }
    const auto& s = request.segments;
    if (!s.empty() && (s[0] == "api" || s[0] == "s" || s[0] == "export")) {
        return std::nullopt;
    }
    const std::string html = "text/html; charset=utf-8";
    if (s.empty()) {
        return file_response(web_dir / "home.html", html);
    }
    if (s.size() == 2 && s[0] == "assets") {
        if (auto type = asset_type(s[1])) {
            return file_response(web_dir / "assets" / s[1], *type);
        }
        return error_response(make_error("not_found", Phrase{"no such asset", "ce fichier n’existe pas"}));
    }
    if (s.size() == 1 && s[0] == "favicon.ico") {
        return file_response(web_dir / "assets" / "icon.svg", "image/svg+xml");
    }
    if (s.size() == 3 && s[0] == "m" && is_meeting_id(s[1]) && meeting_pages().count(s[2])) {
        if (s[2] == "summary") {
            return summary_shell(web_dir);
        }
        return file_response(web_dir / (s[2] + ".html"), html);
    }
    return std::nullopt;
}

} // namespace quorum::server
