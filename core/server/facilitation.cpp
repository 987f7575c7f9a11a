#include "server/facilitation.hpp"

#include "domain/names.hpp"
#include "live/messages.hpp"
#include "server/input.hpp"
#include "util/timezone.hpp"
#include "util/value.hpp"

#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <sstream>

namespace quorum::server {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

std::int64_t system_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::optional<std::int64_t> iso_to_ms(const Poco::Dynamic::Var& value) {
    if (value.isEmpty()) {
        return std::nullopt;
    }
    try {
        int tz = 0;
        Poco::DateTime parsed =
            Poco::DateTimeParser::parse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, value.convert<std::string>(), tz);
        return parsed.timestamp().epochMicroseconds() / 1000 - static_cast<std::int64_t>(tz) * 1000;
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}

live::Role live_role(store::Role role) {
    switch (role) {
    case store::Role::Facilitator:
        return live::Role::Facilitator;
    case store::Role::NoteTaker:
        return live::Role::NoteTaker;
    case store::Role::Timekeeper:
        return live::Role::Timekeeper;
    case store::Role::Participant:
        return live::Role::Participant;
    case store::Role::Observer:
        return live::Role::Observer;
    }
    return live::Role::Observer;
}

live::Actor actor_of(const store::Principal& who) {
    live::Actor actor;
    actor.role = live_role(who.role);
    if (who.participant_id) {
        actor.participant_id = std::to_string(*who.participant_id);
    }
    return actor;
}

Object::Ptr to_poco(const Value& value) {
    Poco::JSON::Parser parser;
    return parser.parse(to_json(value)).extract<Object::Ptr>();
}

} // namespace

Facilitation::Facilitation(store::Store& store) : m_store(store), m_clock(system_now_ms) {}

Facilitation::~Facilitation() {
    stop();
}

void Facilitation::start() {
    {
        // Meetings that were live before a restart get their timers back: their
        // deadlines are in the log, and the first tick handles those that passed.
        std::lock_guard lock(m_mutex);
        for (const std::string& meeting_id : m_store.live_meeting_ids()) {
            Entry* entry = load(meeting_id);
            if (entry && (entry->meeting.clock().ended() || !entry->meeting.next_deadline())) {
                m_meetings.erase(meeting_id); // nothing to wait for: loaded again on use
            }
        }
    }
    {
        std::lock_guard lock(m_timer_mutex);
        m_stopping = false;
    }
    m_timer = std::thread([this] { run_timer(); });
}

void Facilitation::stop() {
    {
        std::lock_guard lock(m_timer_mutex);
        m_stopping = true;
    }
    m_timer_wake.notify_all();
    if (m_timer.joinable()) {
        m_timer.join();
    }
}

// Replays the meeting's live events into a fresh LiveMeeting, once.
Facilitation::Entry* Facilitation::load(const std::string& meeting_id) {
    auto found = m_meetings.find(meeting_id);
    if (found != m_meetings.end()) {
        return &found->second;
    }
    auto events = m_store.live_events(meeting_id);
    if (!events) {
        return nullptr;
    }
    Entry entry;
    for (const auto& stored : *events) {
        auto data = parse_json(stored.data);
        if (!data) {
            std::fprintf(stderr, "quorum: meeting %s: a stored live event does not parse: %s\n", meeting_id.c_str(),
                         data.error().message.c_str());
            continue;
        }
        entry.meeting.apply(live::Event{stored.type, stored.at_ms, std::move(*data)});
    }
    return &m_meetings.emplace(meeting_id, std::move(entry)).first->second;
}

// Hands the live meeting the store's roster and agenda when they changed since it
// last saw them (participants invited or checked in, items added or reordered).
Expected<bool> Facilitation::sync(const std::string& meeting_id, Entry& entry, std::int64_t now) {
    QUORUM_TRY(people, m_store.participants_json(meeting_id));
    std::vector<live::RosterEntry> roster;
    for (size_t i = 0; i < people->size(); ++i) {
        Object::Ptr person = people->getObject(static_cast<unsigned>(i));
        live::RosterEntry row;
        row.id = std::to_string(person->getValue<Poco::Int64>("id"));
        row.name = person->getValue<std::string>("name");
        std::string status = person->getValue<std::string>("status");
        row.present = status == "present" || status == "late";
        row.arrived_ms = row.present ? iso_to_ms(person->get("checked_in_at")) : std::nullopt;
        roster.push_back(std::move(row));
    }
    QUORUM_TRY(agenda, m_store.agenda(meeting_id));
    std::vector<live::PlannedItem> plan;
    // The clock runs the top-level items; sub-items are points within their timebox.
    for (size_t i = 0; agenda && i < agenda->size(); ++i) {
        Object::Ptr item = agenda->getObject(static_cast<unsigned>(i));
        live::PlannedItem planned;
        planned.id = std::to_string(item->getValue<Poco::Int64>("id"));
        planned.title = item->getValue<std::string>("title");
        if (!item->get("duration_seconds").isEmpty()) {
            planned.planned_seconds = static_cast<int>(item->getValue<Poco::Int64>("duration_seconds"));
        } else if (Array::Ptr children = item->getArray("children")) {
            for (size_t c = 0; c < children->size(); ++c) {
                Object::Ptr child = children->getObject(static_cast<unsigned>(c));
                if (!child->get("duration_seconds").isEmpty()) {
                    planned.planned_seconds += static_cast<int>(child->getValue<Poco::Int64>("duration_seconds"));
                }
            }
        }
        plan.push_back(std::move(planned));
    }

    live::Actor system{std::nullopt, live::Role::Facilitator};
    std::vector<live::Event> caused;
    auto same_roster = [&] {
        const auto& current = entry.meeting.roster();
        if (current.size() != roster.size()) {
            return false;
        }
        for (size_t i = 0; i < roster.size(); ++i) {
            if (current[i].id != roster[i].id || current[i].name != roster[i].name ||
                current[i].present != roster[i].present) {
                return false;
            }
        }
        return true;
    };
    if (!same_roster()) {
        live::Command command;
        command.kind = live::CommandKind::SetRoster;
        command.roster = roster;
        if (auto events = entry.meeting.execute(command, system, now)) {
            caused.insert(caused.end(), events->begin(), events->end());
        }
    }
    auto same_plan = [&] {
        const auto& items = entry.meeting.clock().items();
        if (items.size() != plan.size()) {
            return false;
        }
        for (size_t i = 0; i < plan.size(); ++i) {
            if (items[i].plan.id != plan[i].id || items[i].plan.title != plan[i].title ||
                items[i].original_seconds != plan[i].planned_seconds) {
                return false;
            }
        }
        return true;
    };
    if (!same_plan()) {
        live::Command command;
        command.kind = live::CommandKind::PlanAgenda;
        command.plan = plan;
        if (auto events = entry.meeting.execute(command, system, now)) {
            caused.insert(caused.end(), events->begin(), events->end());
        }
    }
    if (!caused.empty()) {
        QUORUM_TRY(stored, persist(meeting_id, "quorum", caused));
        (void)stored;
    }
    return true;
}

Expected<bool> Facilitation::persist(const std::string& meeting_id, const std::string& actor,
                                     const std::vector<live::Event>& events) {
    if (events.empty()) {
        return true;
    }
    std::vector<store::Store::LiveEvent> stored;
    stored.reserve(events.size());
    for (const live::Event& event : events) {
        stored.push_back(store::Store::LiveEvent{event.type, event.at_ms, to_json(event.data)});
    }
    auto result = m_store.append_live_events(meeting_id, actor, stored);
    if (!result) {
        // The state already moved; rebuild it from the log so it matches what was stored.
        m_meetings.erase(meeting_id);
    }
    return result;
}

Expected<Facilitation::Outcome> Facilitation::run(const store::Principal& who, const std::string& text,
                                                  text::Language lang) {
    auto command = live::parse_command(text, lang);
    if (!command) {
        return command.error();
    }
    if (command->is_for_server()) {
        return run_for_server(who, *command, lang);
    }
    Outcome outcome;
    {
        std::lock_guard lock(m_mutex);
        std::int64_t now = m_clock();
        Entry* entry = load(who.meeting_id);
        if (!entry) {
            return make_error("not_found", Phrase{"no such meeting", "cette rencontre n’existe pas"});
        }
        QUORUM_TRY(synced, sync(who.meeting_id, *entry, now));
        (void)synced;
        // Deadlines that passed before this command count first.
        std::vector<live::Event> events = entry->meeting.tick(now);
        auto executed = entry->meeting.execute(*command, actor_of(who), now, lang);
        if (!executed) {
            QUORUM_TRY(stored, persist(who.meeting_id, "quorum", events));
            (void)stored;
            return executed.error();
        }
        events.insert(events.end(), executed->begin(), executed->end());
        QUORUM_TRY(stored, persist(who.meeting_id, who.actor(), events));
        (void)stored;
        outcome.events = std::move(*executed);
    }
    m_timer_wake.notify_all(); // the earliest deadline may have moved
    return outcome;
}

// agenda+, present+, regrets+ and help change the store (or nothing); the live
// meeting learns of the change at its next sync.
Expected<Facilitation::Outcome> Facilitation::run_for_server(const store::Principal& who, const live::Command& command,
                                                             text::Language lang) {
    Outcome outcome;
    const bool french = lang == text::Language::French;
    switch (command.kind) {
    case live::CommandKind::Help:
        outcome.message = live::help_text(lang);
        return outcome;
    case live::CommandKind::AddAgendaItem: {
        if (!live::allows(live_role(who.role), command.permission())) {
            // one language: the command's language, like the live answers
            return make_error("forbidden", french ? "seule l’animation ajoute des points à l’ordre du jour"
                                                  : "only a facilitator adds agenda items");
        }
        store::AgendaFields fields;
        fields.title = command.text;
        QUORUM_TRY(id, m_store.add_agenda_item(who, fields));
        outcome.message =
            (french ? "point ajouté : " : "item added: ") + command.text + " (#" + std::to_string(id) + ")";
        break;
    }
    case live::CommandKind::MarkPresent:
    case live::CommandKind::MarkRegrets: {
        if (!live::allows(live_role(who.role), command.permission())) {
            // one language: the command's language, like the live answers
            return make_error("forbidden", french ? "l’animation ou la prise de notes note les présences"
                                                  : "a facilitator or note-taker records attendance");
        }
        QUORUM_TRY(people, m_store.participants_json(who.meeting_id));
        std::vector<Participant> roster;
        std::vector<std::int64_t> ids;
        for (size_t i = 0; i < people->size(); ++i) {
            Object::Ptr person = people->getObject(static_cast<unsigned>(i));
            Participant participant;
            participant.name = person->getValue<std::string>("name");
            roster.push_back(participant);
            ids.push_back(person->getValue<Poco::Int64>("id"));
        }
        NameIndex index(roster);
        std::string name = index.match(command.text);
        std::optional<size_t> matched;
        for (size_t i = 0; i < roster.size() && !name.empty(); ++i) {
            if (roster[i].name == name) {
                matched = i;
                break;
            }
        }
        if (!matched) {
            // one language: the command's language, like the live answers
            return make_error(
                "not_found",
                (french ? "aucune personne de ce nom parmi les participant·es\u00a0: " : "no participant named ") +
                    command.text,
                "text");
        }
        std::int64_t id = ids[*matched];
        bool present = command.kind == live::CommandKind::MarkPresent;
        QUORUM_TRY(done, present ? m_store.check_in(who, id) : m_store.set_status(who, id, "excused"));
        (void)done;
        outcome.message = roster[*matched].name + (present ? (french ? " : présent·e" : ": present")
                                                           : (french ? " : excusé·e" : ": sends regrets"));
        break;
    }
    default:
        return make_error("invalid",
                          Phrase{"this command is not handled here", "cette commande n’est pas traitée ici"});
    }
    // The roster or agenda changed: the live meeting takes it now, so the reply's
    // effects are visible at once.
    std::lock_guard lock(m_mutex);
    if (Entry* entry = load(who.meeting_id)) {
        QUORUM_TRY(synced, sync(who.meeting_id, *entry, m_clock()));
        (void)synced;
    }
    return outcome;
}

void Facilitation::refresh(const std::string& meeting_id) {
    std::lock_guard lock(m_mutex);
    if (Entry* entry = load(meeting_id)) {
        if (auto synced = sync(meeting_id, *entry, m_clock()); !synced) {
            std::fprintf(stderr, "quorum: meeting %s: %s\n", meeting_id.c_str(), synced.error().message.c_str());
        }
    }
}

void Facilitation::forget(const std::string& meeting_id) {
    std::lock_guard lock(m_mutex);
    m_meetings.erase(meeting_id);
}

std::optional<std::string> Facilitation::snapshot_json(const std::string& meeting_id) {
    std::lock_guard lock(m_mutex);
    Entry* entry = load(meeting_id);
    if (!entry) {
        return std::nullopt;
    }
    const std::int64_t now = m_clock();
    Value snapshot = entry->meeting.snapshot(now);
    const live::Schedule schedule = entry->meeting.schedule(now);
    if (schedule.started && !schedule.ended) {
        // "running late by 7 min, projected end 11:37 am" in the meeting's language
        // and its time zone (else the server's).
        const text::Language lang = m_store.language(meeting_id);
        snapshot["schedule"]["text"] = Value(live::format_schedule(
            schedule, lang,
            static_cast<int>(timezone::utc_offset_or_local(m_store.timezone(meeting_id), now / 1000) / 60)));
        // A proposal to end on time; applied only by the `replan` command.
        const live::ReplanProposal proposal = entry->meeting.replan_proposal(now);
        if (proposal.needed) {
            Value replan = Value::object();
            replan["available_seconds"] = Value(proposal.available_seconds);
            replan["feasible"] = Value(proposal.feasible);
            Value items = Value::array();
            for (const live::ReplanItem& item : proposal.items) {
                Value row = Value::object();
                row["id"] = Value(item.id);
                row["title"] = Value(item.title);
                row["planned_seconds"] = Value(item.planned_seconds);
                row["proposed_seconds"] = Value(item.proposed_seconds);
                items.push_back(std::move(row));
            }
            replan["items"] = std::move(items);
            snapshot["replan"] = std::move(replan);
        }
    }
    return to_json(snapshot);
}

std::map<std::string, int> Facilitation::speaking_seconds(const std::string& meeting_id) {
    std::lock_guard lock(m_mutex);
    std::map<std::string, int> times;
    Entry* entry = load(meeting_id);
    if (!entry || !entry->meeting.clock().started()) {
        return times;
    }
    for (const auto& spoken : entry->meeting.speaking_times(m_clock())) {
        times[spoken.participant_id] = static_cast<int>((spoken.ms + 500) / 1000);
    }
    if (times.empty()) {
        times[""] = 0; // ran live, nobody spoke yet: the summary says so
    }
    return times;
}

void Facilitation::tick_due() {
    std::lock_guard lock(m_mutex);
    std::int64_t now = m_clock();
    for (auto it = m_meetings.begin(); it != m_meetings.end();) {
        const std::string meeting_id = it->first;
        Entry& entry = it->second;
        ++it; // persist() may erase the entry on failure
        auto deadline = entry.meeting.next_deadline();
        if (!deadline || *deadline > now) {
            continue;
        }
        std::vector<live::Event> events = entry.meeting.tick(now);
        auto stored = persist(meeting_id, "quorum", events);
        if (!stored) {
            std::fprintf(stderr, "quorum: meeting %s: cannot store live events: %s\n", meeting_id.c_str(),
                         stored.error().message.c_str());
        }
    }
}

void Facilitation::run_timer() {
    while (true) {
        std::optional<std::int64_t> earliest;
        {
            std::lock_guard lock(m_mutex);
            for (auto& [id, entry] : m_meetings) {
                if (auto deadline = entry.meeting.next_deadline()) {
                    earliest = earliest ? std::min(*earliest, *deadline) : *deadline;
                }
            }
        }
        std::unique_lock lock(m_timer_mutex);
        if (m_stopping) {
            return;
        }
        // Waits for the earliest deadline (re-read at least every second, so a
        // command arriving between the read and the wait is never missed for long).
        std::int64_t wait_ms = 1000;
        if (earliest) {
            wait_ms = std::clamp<std::int64_t>(*earliest - m_clock(), 0, 1000);
        }
        if (wait_ms > 0) {
            m_timer_wake.wait_for(lock, std::chrono::milliseconds(wait_ms));
        }
        if (m_stopping) {
            return;
        }
        lock.unlock();
        tick_due();
    }
}

void Facilitation::add_routes(Router& router) {
    const Access members = Access::members();
    router.add(Route{
        "POST",
        "/api/v1/meetings/{id}/commands",
        members,
        "Run a facilitation command in French or English (q+, ack next, point suivant, tour de table 2 min…); "
        "the role decides which",
        [this](Request& request) {
            auto input = Input::parse(request.body, {"command", "lang"});
            if (!input) {
                return error_response(input.error());
            }
            auto text = input->text("command", 2000);
            if (!text) {
                return error_response(text.error());
            }
            if (!*text || (*text)->empty()) {
                return error_response(
                    make_error("missing_field", Phrase{"command is required", "command est obligatoire"}, "command"));
            }
            auto lang_code = input->text("lang", 2);
            if (!lang_code) {
                return error_response(lang_code.error());
            }
            text::Language lang = text::Language::English;
            if (*lang_code && **lang_code == "fr") {
                lang = text::Language::French;
            } else if (*lang_code && !(*lang_code)->empty() && **lang_code != "en") {
                return error_response(make_error("invalid", Phrase{"lang is fr or en", "lang vaut fr ou en"}, "lang"));
            } else if (!*lang_code) {
                lang = m_store.language(request.param("id"));
            }
            auto outcome = run(*request.principal, **text, lang);
            if (!outcome) {
                return error_response(outcome.error());
            }
            Object::Ptr body = new Object;
            body->set("ok", true);
            Array::Ptr events = new Array;
            for (const live::Event& event : outcome->events) {
                Object::Ptr out = new Object;
                out->set("type", event.type);
                out->set("at_ms", Poco::Int64(event.at_ms));
                out->set("data", to_poco(event.data));
                events->add(out);
            }
            body->set("events", events);
            if (!outcome->message.empty()) {
                body->set("message", outcome->message);
            }
            return json_response(200, body);
        },
        2000 * 4 + 1024,
        {}});
    router.add(Route{"GET",
                     "/api/v1/meetings/{id}/live/state",
                     members,
                     "The live state: agenda clock and schedule, queue, round, speaking times",
                     [this](Request& request) {
                         auto snapshot = snapshot_json(request.param("id"));
                         if (!snapshot) {
                             return error_response(
                                 make_error("not_found", Phrase{"no such meeting", "cette rencontre n’existe pas"}));
                         }
                         Response response;
                         response.body = *snapshot;
                         return response;
                     },
                     0,
                     {}});
}

} // namespace quorum::server
