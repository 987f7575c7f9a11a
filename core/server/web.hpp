#pragma once

#include "server/http.hpp"

#include <filesystem>
#include <optional>

namespace quorum::server {

// The web interface: page shells and their assets, read from templates/web at
// each request (a few kilobytes, served from the page cache; a group that edits
// its templates sees the change without a restart). Pages carry no token: the
// personal link's token travels in the URL fragment, which browsers never send,
// so it reaches no log and no Referer. Returns nullopt for paths that are not
// the interface's (the API, share links, exports).
std::optional<Response> serve_web(const std::filesystem::path& web_dir, const Request& request);

// The page that fetches a summary with the personal token in the URL fragment
// and becomes it: /m/{id}/summary, and a participants-only share link opened in
// a browser without a token in its request.
Response summary_shell(const std::filesystem::path& web_dir);

// Headers every interface response carries: a strict Content-Security-Policy
// (nothing from outside, no inline script), no framing, no Referer.
void add_web_headers(Response& response);

} // namespace quorum::server
