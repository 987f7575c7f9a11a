#pragma once

#include "server/facilitation.hpp"
#include "server/front.hpp"
#include "server/router.hpp"
#include "store/store.hpp"

#include <Poco/JSON/Object.h>

#include <atomic>
#include <string>

namespace quorum::server {

// Live push: every event the store commits goes, once serialized per audience, to
// the WebSocket subscribers of its meeting. Members (a personal token or the
// facilitator key) see whole events; viewers (a public share link, the webinar
// case) see the meeting's public face only: agenda, clock, queue and rounds,
// never notes, e-mail addresses or tokens.
//
// Messages are JSON objects:
//   {"type":"snapshot","seq":N,"server_time_ms":T,"meeting":{…}}   on connect
//   {"type":"event","seq":N,"server_time_ms":T,"event":{"type","at","actor","data"}}
// `seq` is the meeting's version: consecutive, so a client sees a gap at once and
// reconnects with ?since=<last seq> to get what it missed.
class Live {
public:
    enum Audience { Viewer = 0, Member = 1 };

    Live(store::Store& store, Facilitation& facilitation) : m_store(store), m_facilitation(facilitation) {}

    // Starts and stops forwarding the store's events to `front`, and to `also`
    // (which must only queue: it runs inside the store's lock).
    void attach(Front& front, std::function<void(const std::vector<store::Store::Notice>&)> also = {});
    void detach();

    // GET /api/v1/meetings/{id}/live (WebSocket).
    void add_routes(Router& router);

    // The two payloads (viewer, member) of one committed event.
    static std::vector<std::string> messages(const store::Store::Notice& notice, std::int64_t server_time_ms);
    static bool is_public_event(const std::string& type);

private:
    Response subscribe(Request& request);

    store::Store& m_store;
    Facilitation& m_facilitation;
    std::atomic<Front*> m_front{nullptr};
};

std::int64_t server_time_ms();

} // namespace quorum::server
