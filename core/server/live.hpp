#pragma once

#include "server/facilitation.hpp"
#include "server/front.hpp"
#include "server/router.hpp"
#include "store/store.hpp"
#include "util/value.hpp"

#include <Poco/JSON/Object.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

namespace quorum::server {

// Live push: every event the store commits goes, once serialized per audience, to
// the WebSocket subscribers of its meeting. Members (a personal token or the
// facilitator key) see whole events but what their REST reads hide (e-mail
// addresses but to the facilitator, token hashes); viewers (a public share link, the webinar
// case) see the meeting's public face only: agenda, clock, queue and rounds,
// never notes, e-mail addresses or tokens.
//
// Messages are JSON objects:
//   {"type":"snapshot","seq":N,"server_time_ms":T,"meeting":{…}}   on connect
//   {"type":"event","seq":N,"server_time_ms":T,"event":{"type","at","actor","data"}}
// `seq` is the meeting's version: consecutive, so a client sees a gap at once and
// reconnects with ?since=<last seq> to get what it missed.
//
// With ?view=state (what the web interface uses) a client renders one state, the
// snapshot's {meeting, live}, kept up to date by the server, so no client
// re-implements the live rules. It gets the snapshot with a "state_id", then
// after every change a patch from the state it holds to the next:
//   {"type":"state","seq":N,"server_time_ms":T,"state_id":K,"from":K-1,"patch":{…}}
// A patch is an object of changed members; a member whose old and new values
// are objects is itself a patch; an array of unchanged length is patched as
// {"$items":{"3":…}}; removed members are listed in "$remove"; anything else is
// the new value (null included). A client whose state is not "from" reconnects
// for a fresh snapshot; a "snapshot" message may also come mid-stream, and
// replaces the state. State ids are never reused. States are not kept for resuming. One thread computes
// them, one per meeting however many changes came in meanwhile, and only for
// meetings with state subscribers; viewers in state view get no events, and no
// message at all when their (public) state did not change.
class Live {
public:
    // Members are split by what the REST reads show them: the facilitator (the
    // key, or a participant whose role is facilitator) sees e-mail addresses,
    // other members do not; no one gets a token hash.
    enum Audience { Viewer = 0, Member = 1, ViewerState = 2, MemberState = 3, Facilitator = 4, FacilitatorState = 5 };
    static constexpr int k_audiences = 6;

    Live(store::Store& store, Facilitation& facilitation) : m_store(store), m_facilitation(facilitation) {}

    // Starts and stops forwarding the store's events to `front`, and to `also`
    // (which must only queue: it runs inside the store's lock).
    void attach(Front& front, std::function<void(const std::vector<store::Store::Notice>&)> also = {});
    void detach();
    ~Live() { detach(); }

    // GET /api/v1/meetings/{id}/live (WebSocket).
    void add_routes(Router& router);

    // The payloads of one committed event, indexed by Audience: each audience's
    // event data filtered as its REST reads are (see visible_data).
    static std::vector<std::string> messages(const store::Store::Notice& notice, std::int64_t server_time_ms);
    // What `audience` may read of an event's data (a deep copy; nullopt for none):
    // token hashes never; e-mail addresses the facilitator only; a viewer the data
    // of public events only, without the series key.
    static std::optional<Poco::Dynamic::Var> visible_data(const store::Store::Notice& notice, Audience audience);
    static bool is_public_event(const std::string& type);

private:
    struct Snapshot {
        std::int64_t version = 0;
        Expected<Poco::JSON::Object::Ptr> meeting = make_error("not_found", "no such meeting");
        std::optional<std::string> live;
    };
    Response subscribe(Request& request);
    Snapshot take_snapshot(const std::string& meeting_id, bool sync);
    void run_states();

    // The last state each audience of a meeting was sent, what patches start from.
    struct State {
        std::int64_t seq = 0;
        Value member, viewer;
        std::int64_t member_id = 0, viewer_id = 0;
    };
    std::optional<State> current_state(const std::string& meeting_id, bool sync);
    // The state-view snapshot for a new subscriber (its JSON, its seq): from the
    // cache, made if needed.
    std::optional<std::pair<std::string, std::int64_t>> state_snapshot(const std::string& meeting_id, bool member);
    static std::string snapshot_of(const State& state, bool member, std::int64_t now);
    void hide_off_record(const std::string& meeting_id, Value& live);
    std::mutex m_cache_mutex; // taken before the facilitation and store locks
    std::map<std::string, State> m_cache;
    std::int64_t m_last_state_id = 0; // under m_cache_mutex
    store::Store& m_store;
    Facilitation& m_facilitation;
    std::atomic<Front*> m_front{nullptr};

    std::mutex m_states_mutex;
    std::condition_variable m_states_wake;
    std::set<std::string> m_dirty; // meetings whose state subscribers need a new state
    bool m_states_stopping = false;
    std::thread m_states;
};

std::int64_t server_time_ms();

} // namespace quorum::server
