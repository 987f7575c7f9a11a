#include "server/live.hpp"

#include "json/writer.hpp"

#include <Poco/JSON/Parser.h>

#include <chrono>
#include <set>
#include <string_view>
#include <sstream>

namespace quorum::server {

using Poco::JSON::Object;

namespace {

constexpr std::uint16_t k_policy_violation = 1008; // RFC 6455: the reason says which

std::string stringify(const Object::Ptr& object) {
    return json::condense(object);
}

// What a viewer may see of the meeting record: its public face.
Object::Ptr public_meeting(const Object::Ptr& meeting) {
    Object::Ptr out = new Object;
    for (const char* key : {"id", "title", "date", "start", "end", "location", "language", "agenda"}) {
        if (meeting->has(key)) {
            out->set(key, meeting->get(key));
        }
    }
    return out;
}

// What changed from `from` to `to`, as the state view's patch (see live.hpp);
// nullopt when nothing did.
std::optional<Value> state_patch(const Value& from, const Value& to) {
    if (from == to) {
        return std::nullopt;
    }
    if (from.is_object() && to.is_object()) {
        Value patch = Value::object();
        for (const auto& [key, value] : to.as_object()) {
            const Value* old = from.find(key);
            if (!old) {
                patch[key] = value;
            } else if (auto changed = state_patch(*old, value)) {
                patch[key] = std::move(*changed);
            }
        }
        Value removed = Value::array();
        for (const auto& [key, value] : from.as_object()) {
            if (!to.has(key)) {
                removed.push_back(Value(key));
            }
        }
        if (!removed.as_array().empty()) {
            patch["$remove"] = std::move(removed);
        }
        return patch;
    }
    if (from.is_array() && to.is_array() && from.as_array().size() == to.as_array().size()) {
        // The running item's elapsed time changes on every state: send that item only.
        Value items = Value::object();
        for (size_t i = 0; i < to.as_array().size(); ++i) {
            if (auto changed = state_patch(from.as_array()[i], to.as_array()[i])) {
                items[std::to_string(i)] = std::move(*changed);
            }
        }
        Value patch = Value::object();
        patch["$items"] = std::move(items);
        return patch;
    }
    return to;
}

Value value_of(const Poco::Dynamic::Var& json) {
    auto parsed = parse_json(json::condense(json));
    return parsed ? std::move(*parsed) : Value();
}

} // namespace

std::int64_t server_time_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool Live::is_public_event(const std::string& type) {
    // Agenda and meeting header changes, and everything the live clock, the queue
    // and rounds emit; never notes, items, e-mail addresses, affiliations or tokens,
    // nor the roster's changes (names, among them those of people off the record:
    // a viewer gets the roster from snapshots and states, where they are hidden).
    static const char* const k_public_prefixes[] = {"meeting/", "agenda/", "queue/", "round/", "clock/", "live/"};
    for (const char* prefix : k_public_prefixes) {
        if (type.rfind(prefix, 0) == 0) {
            return true;
        }
    }
    return false;
}

namespace {

// A deep copy of `value` without the members named in `hidden`, at any depth.
Poco::Dynamic::Var without(const Poco::Dynamic::Var& value, const std::set<std::string_view>& hidden) {
    if (value.type() == typeid(Object::Ptr)) {
        const auto& in = value.extract<Object::Ptr>();
        Object::Ptr out = new Object;
        if (in) {
            for (const auto& [key, member] : *in) {
                if (!hidden.count(key)) {
                    out->set(key, without(member, hidden));
                }
            }
        }
        return out;
    }
    if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
        const auto& in = value.extract<Poco::JSON::Array::Ptr>();
        Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
        if (in) {
            for (const auto& element : *in) {
                out->add(without(element, hidden));
            }
        }
        return out;
    }
    return value;
}

} // namespace

std::optional<Poco::Dynamic::Var> Live::visible_data(const store::Store::Notice& notice, Audience audience) {
    const bool is_live = notice.payload && notice.payload->has("live");
    Poco::Dynamic::Var data = is_live ? notice.payload->get("data")
                                      : Poco::Dynamic::Var(notice.payload ? notice.payload : Object::Ptr(new Object));
    switch (audience) {
    case Facilitator:
    case FacilitatorState:
        return without(data, {"token_hash", "facilitator_key_hash"});
    case Member:
    case MemberState:
        // As GET …/participants: people see who is there, not how to reach them.
        // (The e-mail events, an invitation and an attendance file's new people,
        // concern people who hold no link yet, so none is theirs to see.)
        return without(data, {"token_hash", "facilitator_key_hash", "email"});
    case Viewer:
    case ViewerState:
        if (!is_public_event(notice.type)) {
            return std::nullopt;
        }
        return without(data, {"token_hash", "facilitator_key_hash", "email", "series"});
    }
    return std::nullopt;
}

std::vector<std::string> Live::messages(const store::Store::Notice& notice, std::int64_t now_ms) {
    auto message = [&](Audience audience) {
        Object::Ptr event = new Object;
        event->set("type", notice.type);
        event->set("at", notice.at);
        bool is_live = notice.payload && notice.payload->has("live");
        if (is_live) {
            event->set("at_ms", notice.payload->get("at_ms"));
        }
        // A viewer still gets every seq (without the data of private events), so a
        // gap always means a lost message, never a filtered one.
        if (auto data = visible_data(notice, audience)) {
            event->set("actor", notice.actor);
            event->set("data", *data);
        }
        Object::Ptr out = new Object;
        out->set("type", "event");
        out->set("seq", Poco::Int64(notice.version));
        out->set("server_time_ms", Poco::Int64(now_ms));
        out->set("event", event);
        return stringify(out);
    };
    std::vector<std::string> out(k_audiences);
    out[Viewer] = message(Viewer);
    out[Member] = message(Member);
    out[Facilitator] = message(Facilitator);
    // Members in state view get the same events (the same frames: the front
    // shares equal payloads), to refresh what an event touches (notes, items);
    // viewers in state view need only their states, from run_states().
    out[MemberState] = out[Member];
    out[FacilitatorState] = out[Facilitator];
    return out;
}

void Live::attach(Front& front, std::function<void(const std::vector<store::Store::Notice>&)> also) {
    m_front = &front;
    m_store.set_observer([this, also](std::vector<store::Store::Notice>& notices) {
        if (also) {
            also(notices);
        }
        Front* front = m_front.load();
        if (!front) {
            return;
        }
        std::int64_t now = server_time_ms();
        bool dirty = false;
        std::vector<Front::Message> out;
        for (const auto& notice : notices) {
            std::string topic = "meeting/" + notice.meeting_id;
            if (front->subscribers(topic, ViewerState) + front->subscribers(topic, MemberState) +
                    front->subscribers(topic, FacilitatorState) >
                0) {
                std::lock_guard lock(m_states_mutex);
                dirty = m_dirty.insert(notice.meeting_id).second || dirty;
            }
            out.push_back(Front::Message{std::move(topic), notice.version, messages(notice, now), false});
        }
        // One COMMIT's events in one turn of the loop: a command's "turn ended"
        // and "turn started" reach each viewer together.
        front->publish(std::move(out));
        // A revoked share link or a replaced personal token closes the sockets
        // opened with it (after the event that says so, in the same turn).
        for (const auto& notice : notices) {
            const bool revoked = notice.type == "share/revoked";
            if ((revoked || notice.type == "participant/token-issued") && notice.payload &&
                notice.payload->has("id")) {
                const std::string id = std::to_string(notice.payload->getValue<Poco::Int64>("id"));
                front->close_subscribers("meeting/" + notice.meeting_id, (revoked ? "share:" : "participant:") + id,
                                         k_policy_violation,
                                         revoked ? "the share link was revoked / le lien de partage a été révoqué"
                                                 : "the personal link was replaced / le lien personnel a été remplacé");
            }
        }
        if (dirty) {
            m_states_wake.notify_one();
        }
    });
    m_store.set_erase_observer([this](const std::string& meeting_id) {
        if (Front* front = m_front.load()) {
            front->close_subscribers("meeting/" + meeting_id, "", k_policy_violation,
                                     "the meeting was erased / la rencontre a été effacée");
        }
        // run_states() then finds it gone and drops its live and cached states.
        std::lock_guard lock(m_states_mutex);
        if (m_dirty.insert(meeting_id).second) {
            m_states_wake.notify_one();
        }
    });
    std::lock_guard lock(m_states_mutex);
    m_states_stopping = false;
    if (!m_states.joinable()) {
        m_states = std::thread([this] { run_states(); });
    }
}

void Live::detach() {
    m_store.set_observer(nullptr);
    m_store.set_erase_observer(nullptr);
    {
        std::lock_guard lock(m_states_mutex);
        m_states_stopping = true;
    }
    m_states_wake.notify_all();
    if (m_states.joinable()) {
        m_states.join();
    }
    m_front = nullptr;
}

// The state thread: never inside the store's lock (the observer only marks a
// meeting dirty), so it may take the cache lock, the facilitation lock, then the
// store's.
void Live::run_states() {
    std::unique_lock lock(m_states_mutex);
    while (true) {
        m_states_wake.wait(lock, [this] { return m_states_stopping || !m_dirty.empty(); });
        if (m_states_stopping) {
            return;
        }
        std::set<std::string> dirty;
        dirty.swap(m_dirty);
        lock.unlock();
        for (const std::string& meeting_id : dirty) {
            Front* front = m_front.load();
            if (!front) {
                break;
            }
            const std::string topic = "meeting/" + meeting_id;
            if (!m_store.meeting_exists(meeting_id)) {
                // Erased: its live state and cached states leave memory.
                m_facilitation.forget(meeting_id);
                std::lock_guard cache_lock(m_cache_mutex);
                m_cache.erase(meeting_id);
                continue;
            }
            std::vector<std::string> payloads(k_audiences);
            std::int64_t seq = 0;
            {
                std::lock_guard cache_lock(m_cache_mutex);
                auto cached = m_cache.find(meeting_id);
                if (front->subscribers(topic, ViewerState) + front->subscribers(topic, MemberState) +
                        front->subscribers(topic, FacilitatorState) ==
                    0) {
                    if (cached != m_cache.end()) {
                        m_cache.erase(cached);
                    }
                    continue;
                }
                const std::int64_t now = server_time_ms();
                if (cached == m_cache.end()) {
                    // Subscribers whose state was dropped meanwhile (they subscribed
                    // while it was being forgotten): they get a whole state again.
                    auto made = current_state(meeting_id, true);
                    if (!made) {
                        continue;
                    }
                    made->member_id = ++m_last_state_id;
                    made->viewer_id = ++m_last_state_id;
                    payloads[ViewerState] = snapshot_of(*made, false, now);
                    payloads[MemberState] = snapshot_of(*made, true, now);
                    seq = made->seq;
                    m_cache.emplace(meeting_id, std::move(*made));
                } else {
                    // A check-in or an agenda edit reaches the live roster and clock now,
                    // not at the next command, so every screen shows it. The sync may
                    // store events, which mark the meeting dirty again; the next pass
                    // finds nothing new.
                    auto next = current_state(meeting_id, true);
                    if (!next) {
                        m_cache.erase(cached); // an erased meeting: its state leaves memory
                        continue;
                    }
                    State& last = cached->second;
                    seq = next->seq;
                    auto message = [&](const Value& patch, std::int64_t from, std::int64_t id) {
                        Value out = Value::object();
                        out["type"] = Value("state");
                        out["seq"] = Value(seq);
                        out["server_time_ms"] = Value(now);
                        out["state_id"] = Value(id);
                        out["from"] = Value(from);
                        out["patch"] = patch;
                        return to_json(out);
                    };
                    if (auto patch = state_patch(last.viewer, next->viewer)) {
                        const std::int64_t id = ++m_last_state_id;
                        payloads[ViewerState] = message(*patch, last.viewer_id, id);
                        last.viewer_id = id;
                        last.viewer = std::move(next->viewer);
                    }
                    if (auto patch = state_patch(last.member, next->member)) {
                        const std::int64_t id = ++m_last_state_id;
                        payloads[MemberState] = message(*patch, last.member_id, id);
                        last.member_id = id;
                        last.member = std::move(next->member);
                    }
                    last.seq = seq;
                }
            }
            // States hold no e-mail address nor hash: the facilitator's is the members'.
            payloads[FacilitatorState] = payloads[MemberState];
            if (!payloads[ViewerState].empty() || !payloads[MemberState].empty()) {
                front->publish(topic, seq, std::move(payloads), true);
            }
        }
        lock.lock();
    }
}

std::optional<Live::State> Live::current_state(const std::string& meeting_id, bool sync) {
    Snapshot snapshot = take_snapshot(meeting_id, sync);
    if (!snapshot.meeting) {
        return std::nullopt;
    }
    State state;
    state.seq = snapshot.version;
    Value live;
    if (snapshot.live) {
        if (auto parsed = parse_json(*snapshot.live)) {
            live = std::move(*parsed);
        }
    }
    state.member = Value::object();
    state.member["meeting"] = value_of(*snapshot.meeting);
    state.member["live"] = live;
    state.viewer = Value::object();
    state.viewer["meeting"] = value_of(public_meeting(*snapshot.meeting));
    if (live.is_object()) {
        // Who spoke how long is for the group's record, not for an audience.
        live.as_object().erase("speaking");
        hide_off_record(meeting_id, live);
    }
    state.viewer["live"] = std::move(live);
    return state;
}

// People off the record take part under the name the summary gives them, for
// an audience too: a webinar's thousands see "Participant·e hors compte rendu 1"
// speak, never their name. The group's members still see who is who.
void Live::hide_off_record(const std::string& meeting_id, Value& live) {
    auto people = m_store.participants_json(meeting_id);
    if (!people) {
        return;
    }
    std::map<std::string, std::string> names;
    const bool english = m_store.language(meeting_id) == text::Language::English;
    for (size_t i = 0; i < (*people)->size(); ++i) {
        Object::Ptr person = (*people)->getObject(static_cast<unsigned>(i));
        if (person->optValue<std::string>("record", "") == "off") {
            names[std::to_string(person->getValue<Poco::Int64>("id"))] =
                (english ? "Off-the-record participant " : "Participant·e hors compte rendu ") +
                std::to_string(names.size() + 1);
        }
    }
    if (names.empty()) {
        return;
    }
    auto rename = [&](Value& row, const char* id_key) {
        if (!row.is_object()) {
            return;
        }
        const Value* id = row.find(id_key);
        if (id && id->is_string()) {
            if (auto found = names.find(id->as_string()); found != names.end()) {
                row["name"] = Value(found->second);
            }
        }
    };
    if (Value* roster = live.is_object() ? &live["roster"] : nullptr; roster && roster->is_array()) {
        for (Value& row : roster->as_array()) {
            rename(row, "id");
        }
    }
    Value& queue = live["queue"];
    if (queue.is_object()) {
        if (queue["entries"].is_array()) {
            for (Value& row : queue["entries"].as_array()) {
                rename(row, "participant_id");
            }
        }
        rename(queue["speaker"], "participant_id");
    }
}

std::optional<std::pair<std::string, std::int64_t>> Live::state_snapshot(const std::string& meeting_id, bool member) {
    std::lock_guard cache_lock(m_cache_mutex);
    auto cached = m_cache.find(meeting_id);
    if (cached == m_cache.end()) {
        auto made = current_state(meeting_id, true);
        if (!made) {
            return std::nullopt;
        }
        // Ids are never reused, so a client holding a forgotten state never
        // takes a patch meant for another.
        made->member_id = ++m_last_state_id;
        made->viewer_id = ++m_last_state_id;
        cached = m_cache.emplace(meeting_id, std::move(*made)).first;
    }
    const State& state = cached->second;
    return std::pair{snapshot_of(state, member, server_time_ms()), state.seq};
}

std::string Live::snapshot_of(const State& state, bool member, std::int64_t now) {
    Value out = member ? state.member : state.viewer;
    out["type"] = Value("snapshot");
    out["seq"] = Value(state.seq);
    out["server_time_ms"] = Value(now);
    out["audience"] = Value(member ? "member" : "viewer");
    if (const std::int64_t id = member ? state.member_id : state.viewer_id; id > 0) {
        out["state_id"] = Value(id); // the state view's: what its first patch starts from
    }
    return to_json(out);
}

Live::Snapshot Live::take_snapshot(const std::string& meeting_id, bool sync) {
    return m_facilitation.with_lock([&] {
        if (sync) {
            m_facilitation.refresh(meeting_id);
        }
        return m_store.consistent([&] {
            Snapshot s;
            s.version = m_store.meeting_version(meeting_id).value_or(0);
            s.meeting = m_store.meeting_json(meeting_id);
            if (s.meeting) {
                s.live = m_facilitation.snapshot_json(meeting_id);
            }
            return s;
        });
    });
}

void Live::add_routes(Router& router) {
    router.add(Route{"GET",
                     "/api/v1/meetings/{id}/live",
                     Access::anyone(),
                     "Live updates over WebSocket: ?token= a personal token, the facilitator key or a public share "
                     "token; ?since= the last seq seen",
                     [this](Request& request) { return subscribe(request); },
                     0,
                     {}});
}

Response Live::subscribe(Request& request) {
    const std::string& meeting_id = request.param("id");
    std::string token = request.bearer;
    if (token.empty()) {
        // Browsers cannot set headers on a WebSocket, so the token may come in the URL.
        auto found = request.query.find("token");
        if (found != request.query.end()) {
            token = found->second;
        }
    }
    if (token.empty()) {
        return error_response(make_error("unauthorized", Phrase{"a token is needed to follow a meeting",
                                                                "il faut un jeton pour suivre une rencontre"}));
    }
    Audience audience = Viewer;
    std::string grant; // what revoking closes this socket (see Front::close_subscribers)
    if (auto principal = m_store.authenticate(token)) {
        grant = principal->participant_id ? "participant:" + std::to_string(*principal->participant_id) : "key";
        if (principal->meeting_id != meeting_id) {
            return error_response(make_error(
                "forbidden", Phrase{"the token is for another meeting", "ce jeton appartient à une autre rencontre"}));
        }
        audience = principal->role == store::Role::Facilitator ? Facilitator : Member;
    } else if (auto link = m_store.resolve_share_link(token)) {
        if (link->meeting_id != meeting_id) {
            return error_response(make_error(
                "forbidden", Phrase{"the link is for another meeting", "ce lien appartient à une autre rencontre"}));
        }
        if (link->visibility != "public") {
            return error_response(make_error(
                "forbidden", Phrase{"this link is for participants: use a personal token",
                                    "ce lien est réservé aux participant·es\u00a0: utilisez un jeton personnel"}));
        }
        grant = "share:" + std::to_string(link->id);
    } else {
        return error_response(
            make_error("unauthorized", Phrase{"the token is not valid", "ce jeton n’est pas valide"}));
    }
    if (!request.websocket) {
        Response response = error_response(
            make_error("upgrade_required", Phrase{"connect with a WebSocket", "connectez-vous par WebSocket"}));
        response.headers.emplace_back("Upgrade", "websocket");
        return response;
    }
    std::optional<std::int64_t> since;
    if (auto found = request.query.find("since"); found != request.query.end()) {
        try {
            size_t used = 0;
            since = std::stoll(found->second, &used);
            if (used != found->second.size() || *since < 0) {
                throw std::invalid_argument("since");
            }
        } catch (const std::exception&) {
            return error_response(make_error(
                "invalid", Phrase{"since is a sequence number", "since est un numéro de séquence"}, "since"));
        }
    }
    const bool state_view = request.query.count("view") && request.query.at("view") == "state";
    if (request.query.count("view") && !state_view) {
        return error_response(make_error("invalid",
                                         Phrase{"view is state (or absent, for events only)",
                                                "view vaut state (ou est absent, pour les événements seulement)"},
                                         "view"));
    }
    Response response;
    response.status = 101;
    if (state_view) {
        // A state client renders from states; it never resumes from the backlog.
        const bool member = audience != Viewer;
        auto first = state_snapshot(meeting_id, member);
        if (!first) {
            return error_response(make_error("not_found", Phrase{"no such meeting", "cette rencontre n’existe pas"}));
        }
        const Audience state_audience = audience == Facilitator ? FacilitatorState
                                        : member                ? MemberState
                                                                : ViewerState;
        response.upgrade =
            Upgrade{"meeting/" + meeting_id, state_audience, first->first, first->second, std::nullopt, grant};
        return response;
    }
    auto state = current_state(meeting_id, false);
    if (!state) {
        return error_response(make_error("not_found", Phrase{"no such meeting", "cette rencontre n’existe pas"}));
    }
    response.upgrade = Upgrade{"meeting/" + meeting_id, audience,
                               snapshot_of(*state, audience != Viewer, server_time_ms()), state->seq, since, grant};
    return response;
}

} // namespace quorum::server
