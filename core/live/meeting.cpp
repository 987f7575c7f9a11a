#include "live/meeting.hpp"

#include "domain/names.hpp"
#include "live/messages.hpp"

#include <algorithm>
#include <set>

namespace quorum::live {

namespace {

Value spoke_entry(const std::string& participant_id, std::int64_t ms) {
    Value v = Value::object();
    v["participant_id"] = participant_id;
    v["ms"] = ms;
    return v;
}

Value roster_value(const RosterEntry& entry) {
    Value v = Value::object();
    v["id"] = entry.id;
    v["name"] = entry.name;
    v["present"] = entry.present;
    v["arrived_ms"] = optional_value(entry.arrived_ms);
    return v;
}

// The role as the "forbidden" message names it: the API name in English, the
// web interface's label in French.
std::string_view role_label(Role role, Language lang) {
    if (lang != Language::French) {
        return role_name(role);
    }
    switch (role) {
    case Role::Facilitator:
        return "animation";
    case Role::NoteTaker:
        return "prise de notes";
    case Role::Timekeeper:
        return "gardien·ne du temps";
    case Role::Participant:
        return "participant·e";
    case Role::Observer:
        return "observateur·rice";
    }
    return role_name(role);
}

Value strings_value(const auto& list) {
    Value v = Value::array();
    for (const auto& s : list) {
        v.push_back(Value(s));
    }
    return v;
}

} // namespace

// One command or tick in progress: checks, then emits events, each applied at once
// so that the next check sees its effect. Works on a copy of the meeting, which
// execute() keeps only on success, so a failed command changes nothing.
class LiveMeeting::Run {
public:
    Run(LiveMeeting& meeting, const Actor& actor, std::int64_t now, Language lang)
        : m(meeting), m_actor(actor), m_now(now), m_lang(lang) {}

    std::vector<Event> events;

    void emit(std::string type, Value data = Value::object()) {
        Event event{std::move(type), m_now, std::move(data)};
        m.apply(event);
        events.push_back(std::move(event));
    }

    std::optional<Error> execute(const Command& c);
    void tick();

private:
    Error error(std::string code, std::string_view key, std::initializer_list<std::string_view> args = {},
                std::string field = {}) const {
        return live_error(std::move(code), m_lang, key, args, std::move(field));
    }
    std::int64_t eff() const { return m.effective_now(m_now); }
    bool may(Permission p) const { return allows(m_actor.role, p); }
    Error forbidden(const Command& c) const {
        return error("forbidden", "forbidden", {role_label(m_actor.role, m_lang), command_kind_name(c.kind)});
    }

    std::optional<Error> require_running(bool allow_paused = false) const {
        if (!m.m_clock.started()) {
            return error("conflict", "not_started");
        }
        if (m.m_clock.ended()) {
            return error("conflict", "ended");
        }
        if (!allow_paused && m.paused()) {
            return error("conflict", "paused");
        }
        return std::nullopt;
    }

    // The participant a command is about: an explicit id, a typed name, or the actor.
    // Acting for someone else needs `other`.
    Expected<std::string> subject(const Command& c, bool use_name, Permission other) const {
        std::string id;
        if (c.participant_id) {
            if (m.participant(*c.participant_id) == nullptr) {
                return error("invalid", "unknown_participant_id", {*c.participant_id}, "participant_id");
            }
            id = *c.participant_id;
        } else if (use_name && !c.text.empty()) {
            QUORUM_TRY(found, resolve_name(c.text));
            id = found;
        } else if (m_actor.participant_id) {
            return *m_actor.participant_id;
        } else {
            return error("invalid", "no_participant", {}, "participant_id");
        }
        if (id != m_actor.participant_id.value_or("") && !may(other)) {
            return error("forbidden", "forbidden",
                         {role_label(m_actor.role, m_lang),
                          m_lang == Language::French ? "autre participant·e" : "other participant"});
        }
        return id;
    }

    Expected<std::string> resolve_name(const std::string& name) const {
        if (const RosterEntry* exact = m.participant(name)) {
            return exact->id;
        }
        std::vector<Participant> people;
        people.reserve(m.m_roster.size());
        for (const auto& r : m.m_roster) {
            Participant p;
            p.name = r.name;
            people.push_back(std::move(p));
        }
        const std::string matched = NameIndex(people).match(name);
        for (const auto& r : m.m_roster) {
            if (!matched.empty() && r.name == matched) {
                return r.id;
            }
        }
        return error("invalid", "unknown_participant", {name}, "text");
    }

    Value queue_spoke() const {
        Value spoke = Value::array();
        if (const auto& speaker = m.m_queue.speaker()) {
            spoke.push_back(spoke_entry(speaker->participant_id, m.m_queue.speaking_ms(eff())));
        }
        return spoke;
    }

    Value turn_spoke(std::optional<std::int64_t> cap_ms = std::nullopt) const {
        Value spoke = Value::array();
        const auto& round = m.m_rounds.running();
        if (round && round->current) {
            std::int64_t ms = m.m_rounds.turn_ms(eff());
            if (cap_ms) {
                ms = std::min(ms, *cap_ms);
            }
            spoke.push_back(spoke_entry(*round->current, ms));
        }
        return spoke;
    }

    void end_queue_speaker() {
        if (m.m_queue.speaker()) {
            Value data = Value::object();
            data["action"] = "speaker-done";
            data["spoke"] = queue_spoke();
            emit("queue/changed", std::move(data));
        }
    }

    void start_next_turn();
    void start_item(size_t index);
    void end_current_item(ItemStatus status);

    std::optional<Error> raise_hand(const Command& c);
    std::optional<Error> ack_next();
    std::optional<Error> start_round(const Command& c);
    std::optional<Error> next_speaker(const Command& c);
    std::optional<Error> pass(const Command& c);
    std::optional<Error> move_to_end(const Command& c);
    std::optional<Error> extend(const Command& c);
    std::optional<Error> set_roster(const Command& c);
    std::optional<Error> plan_agenda(const Command& c);

    LiveMeeting& m;
    const Actor& m_actor;
    std::int64_t m_now;
    Language m_lang;
};

void LiveMeeting::Run::start_next_turn() {
    while (true) {
        const auto& round = m.m_rounds.running();
        if (!round) {
            return;
        }
        if (round->pending.empty()) {
            Value data = Value::object();
            data["round_id"] = round->round_id;
            emit("round/finished", std::move(data));
            return;
        }
        const std::string id = round->pending.front();
        std::optional<std::int64_t> seconds = round->per_speaker_seconds;
        if (const auto left = m.budget_left_ms(id, m_now)) {
            // The maître du temps: a turn never runs past what is left of the budget.
            if (*left < 1000) {
                Value data = Value::object();
                data["round_id"] = round->round_id;
                data["participant_id"] = id;
                data["reason"] = "budget";
                data["spoke"] = Value::array();
                emit("round/passed", std::move(data));
                continue;
            }
            seconds = seconds ? std::min(*seconds, *left / 1000) : *left / 1000;
        }
        Value data = Value::object();
        data["round_id"] = round->round_id;
        data["participant_id"] = id;
        data["seconds"] = optional_value(seconds);
        data["deadline_ms"] = seconds ? Value(eff() + *seconds * 1000) : Value();
        emit("round/turn-started", std::move(data));
        return;
    }
}

void LiveMeeting::Run::end_current_item(ItemStatus status) {
    const auto current = m.m_clock.current();
    if (!current) {
        return;
    }
    const ItemRecord& item = m.m_clock.items()[*current];
    const std::int64_t elapsed = m.m_clock.elapsed_ms(item, eff());
    const std::int64_t timebox_ms = item.timebox_seconds() * std::int64_t{1000};
    Value data = Value::object();
    data["item_id"] = item.plan.id;
    data["status"] = item_status_name(status);
    data["elapsed_ms"] = elapsed;
    data["overrun_ms"] = timebox_ms > 0 ? std::max<std::int64_t>(0, elapsed - timebox_ms) : std::int64_t{0};
    emit("agenda/item-ended", std::move(data));
}

void LiveMeeting::Run::start_item(size_t index) {
    end_current_item(ItemStatus::Done);
    const ItemRecord& item = m.m_clock.items()[index];
    const std::int64_t timebox_ms = item.timebox_seconds() * std::int64_t{1000};
    Value data = Value::object();
    data["item_id"] = item.plan.id;
    data["index"] = static_cast<std::int64_t>(index);
    data["planned_seconds"] = item.plan.planned_seconds;
    data["extended_seconds"] = item.extended_seconds;
    data["elapsed_ms"] = item.elapsed_ms; // a reopened item goes on from where it stopped
    data["deadline_ms"] = timebox_ms > 0 ? Value(m_now + timebox_ms - item.elapsed_ms) : Value();
    data["overtime"] = timebox_ms > 0 && item.elapsed_ms >= timebox_ms;
    emit("agenda/item-started", std::move(data));
}

// "q+ Lyne Nantel pour dire …" typed by the facilitator: a participant's name opening the note
// is the person whose hand goes up; the rest is the note. Returns the id and the rest.
static std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> words;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') {
            ++i;
        }
        size_t j = i;
        while (j < text.size() && text[j] != ' ') {
            ++j;
        }
        if (j > i) {
            words.push_back(text.substr(i, j - i));
        }
        i = j;
    }
    return words;
}

std::optional<Error> LiveMeeting::Run::raise_hand(const Command& typed) {
    Command c = typed;
    if (!c.participant_id && may(Permission::Facilitation) && !c.text.empty()) {
        const std::vector<std::string> words = words_of(c.text);
        for (size_t k = std::min<size_t>(words.size(), 4); k >= 1; --k) {
            std::string name;
            for (size_t w = 0; w < k; ++w) {
                name += (w ? " " : "") + words[w];
            }
            while (!name.empty() && (name.back() == ',' || name.back() == ':')) {
                name.pop_back();
            }
            if (auto id = resolve_name(name)) {
                c.participant_id = *id;
                std::string rest;
                for (size_t w = k; w < words.size(); ++w) {
                    rest += (rest.empty() ? "" : " ") + words[w];
                }
                for (std::string_view lead : {"to say ", "pour dire ", ": ", "- "}) {
                    if (rest.starts_with(lead)) {
                        rest.erase(0, lead.size());
                    }
                }
                c.text = rest;
                break;
            }
        }
    }
    if (m.m_clock.ended()) {
        return error("conflict", "ended");
    }
    if (c.entry_type == EntryType::LastWord) {
        return error("invalid", "unexpected_words", {"q+", "last-word"}, "entry_type");
    }
    auto who = subject(c, false, Permission::Facilitation);
    if (!who) {
        return who.error();
    }
    // Closed means closed to participants: the facilitator can still add someone.
    if (m.m_queue.closed() && !may(Permission::Facilitation)) {
        return error("conflict", "queue_closed");
    }
    Value data = Value::object();
    data["action"] = "raised";
    data["entry_id"] = m.m_queue.next_entry_id();
    data["participant_id"] = *who;
    data["type"] = entry_type_name(c.entry_type);
    data["note"] = c.text;
    data["position"] = static_cast<std::int64_t>(m.m_queue.insert_position(c.entry_type));
    emit("queue/changed", std::move(data));
    return std::nullopt;
}

std::optional<Error> LiveMeeting::Run::ack_next() {
    if (m.m_clock.ended()) {
        return error("conflict", "ended");
    }
    if (m.paused()) {
        return error("conflict", "paused");
    }
    if (m.m_rounds.running()) {
        return error("conflict", "round_running");
    }
    const auto& entries = m.m_queue.entries();
    if (entries.empty()) {
        if (!m.m_queue.speaker()) {
            return error("conflict", "queue_empty");
        }
        end_queue_speaker();
        return std::nullopt;
    }
    const QueueEntry next = entries.front();
    std::optional<std::int64_t> seconds = m.m_queue.limit_seconds();
    // budget_left_ms counts an ongoing speech, so someone acked right after speaking
    // gets only what is left once that speech is credited.
    if (const auto left = m.budget_left_ms(next.participant_id, m_now)) {
        seconds = seconds ? std::min(*seconds, *left / 1000) : *left / 1000;
    }
    Value data = Value::object();
    data["action"] = "acked";
    data["entry_id"] = next.entry_id;
    data["participant_id"] = next.participant_id;
    data["type"] = entry_type_name(next.type);
    data["note"] = next.note;
    data["deadline_ms"] = seconds ? Value(m_now + *seconds * 1000) : Value();
    data["spoke"] = queue_spoke();
    emit("queue/changed", std::move(data));
    return std::nullopt;
}

std::optional<Error> LiveMeeting::Run::start_round(const Command& c) {
    if (auto e = require_running()) {
        return e;
    }
    if (m.m_rounds.running()) {
        return error("conflict", "round_running");
    }
    std::vector<RosterEntry> speakers;
    if (!c.participant_ids.empty()) {
        std::set<std::string> seen;
        for (const auto& id : c.participant_ids) {
            const RosterEntry* entry = m.participant(id);
            if (entry == nullptr) {
                return error("invalid", "unknown_participant_id", {id}, "participant_ids");
            }
            if (!seen.insert(id).second) {
                return error("invalid", "duplicate_id", {id}, "participant_ids");
            }
            speakers.push_back(*entry);
        }
    } else {
        for (const auto& entry : m.m_roster) {
            if (entry.present) {
                speakers.push_back(entry);
            }
        }
    }
    if (speakers.empty()) {
        return error("conflict", "no_speakers");
    }
    if (c.order == RoundOrder::Reverse && m.m_rounds.last_order().empty()) {
        return error("conflict", "no_previous_round");
    }
    if ((c.seconds && *c.seconds <= 0) || (c.total_seconds && *c.total_seconds <= 0)) {
        return error("invalid", "bad_duration", {}, "seconds");
    }
    std::optional<std::int64_t> per = c.seconds;
    if (c.total_seconds) {
        // The seed's tour d'écran: 20 min for 32 people is 37 s each, rounded down so
        // the round never runs past its total.
        per = *c.total_seconds / static_cast<std::int64_t>(speakers.size());
        if (*per < 1) {
            return error("invalid", "total_too_short",
                         {std::to_string(*c.total_seconds), std::to_string(speakers.size())}, "total_seconds");
        }
    } else if (!per && m.m_queue.limit_seconds()) {
        per = m.m_queue.limit_seconds();
    }
    std::optional<std::uint64_t> seed;
    if (c.order == RoundOrder::Shuffled) {
        seed = c.seed ? *c.seed : SplitMix64(static_cast<std::uint64_t>(m_now)).next();
    }
    const auto order = order_speakers(speakers, c.order, seed.value_or(0), m.m_rounds.last_order());
    end_queue_speaker();
    Value data = Value::object();
    data["round_id"] = m.m_rounds.next_round_id();
    data["order"] = strings_value(order);
    data["order_kind"] = round_order_name(c.order);
    data["seed"] = seed ? Value(std::to_string(*seed)) : Value();
    data["per_speaker_seconds"] = optional_value(per);
    data["total_seconds"] = optional_value(c.total_seconds);
    data["auto_advance"] = c.auto_advance;
    // A round that cannot fit in what is left of the running item: say so when it starts, with
    // what would fit (each one's share of the time left), so the facilitator can choose.
    if (per) {
        if (auto current = m.m_clock.current()) {
            const ItemRecord& item = m.m_clock.items()[*current];
            if (item.deadline_ms) {
                const std::int64_t left = std::max<std::int64_t>(0, (*item.deadline_ms - eff()) / 1000);
                const std::int64_t needed = *per * static_cast<std::int64_t>(order.size());
                if (needed > left) {
                    Value over = Value::object();
                    over["needed_seconds"] = needed;
                    over["item_left_seconds"] = left;
                    over["fitting_seconds"] = left / static_cast<std::int64_t>(order.size());
                    data["does_not_fit"] = std::move(over);
                }
            }
        }
    }
    emit("round/started", std::move(data));
    start_next_turn();
    return std::nullopt;
}

std::optional<Error> LiveMeeting::Run::next_speaker(const Command& c) {
    const auto& round = m.m_rounds.running();
    if (!round) {
        if (!may(Permission::Facilitation)) {
            return forbidden(c);
        }
        return ack_next();
    }
    if (m.paused()) {
        return error("conflict", "paused");
    }
    if (round->current) {
        Value data = Value::object();
        data["round_id"] = round->round_id;
        data["participant_id"] = *round->current;
        data["spoke"] = turn_spoke();
        emit("round/turn-ended", std::move(data));
    }
    start_next_turn();
    return std::nullopt;
}

std::optional<Error> LiveMeeting::Run::pass(const Command& c) {
    const auto& round = m.m_rounds.running();
    if (!round) {
        return error("conflict", "no_round");
    }
    if (m.paused()) {
        return error("conflict", "paused");
    }
    auto who = subject(c, true, Permission::Timekeeping);
    if (!who) {
        return who.error();
    }
    const bool is_current = round->current == *who;
    if (!is_current && std::find(round->pending.begin(), round->pending.end(), *who) == round->pending.end()) {
        const RosterEntry* entry = m.participant(*who);
        return error("conflict", "not_in_round", {entry ? entry->name : *who});
    }
    Value data = Value::object();
    data["round_id"] = round->round_id;
    data["participant_id"] = *who;
    data["reason"] = "pass";
    data["spoke"] = is_current ? turn_spoke() : Value::array();
    emit("round/passed", std::move(data));
    if (is_current) {
        start_next_turn();
    }
    return std::nullopt;
}

std::optional<Error> LiveMeeting::Run::move_to_end(const Command& c) {
    const auto& round = m.m_rounds.running();
    if (!round) {
        return error("conflict", "no_round");
    }
    if (m.paused()) {
        return error("conflict", "paused");
    }
    std::string who;
    if (c.participant_id || !c.text.empty()) {
        auto found = subject(c, true, Permission::Timekeeping);
        if (!found) {
            return found.error();
        }
        who = *found;
    } else if (round->current) {
        who = *round->current;
    } else {
        return error("conflict", "no_speaker");
    }
    const bool is_current = round->current == who;
    const bool is_pending = std::find(round->pending.begin(), round->pending.end(), who) != round->pending.end();
    if (!is_current && !is_pending) {
        const RosterEntry* entry = m.participant(who);
        return error("conflict", "not_in_round", {entry ? entry->name : who});
    }
    if (round->pending.empty() || (is_pending && round->pending.size() == 1 && !round->current)) {
        return error("conflict", "nobody_after");
    }
    Value data = Value::object();
    data["round_id"] = round->round_id;
    data["participant_id"] = who;
    data["spoke"] = is_current ? turn_spoke() : Value::array();
    emit("round/moved-to-end", std::move(data));
    if (is_current) {
        start_next_turn();
    }
    return std::nullopt;
}

std::optional<Error> LiveMeeting::Run::extend(const Command& c) {
    if (auto e = require_running(true)) {
        return e;
    }
    const auto current = m.m_clock.current();
    if (!current) {
        return error("conflict", "no_current_item");
    }
    if (!c.seconds || *c.seconds <= 0) {
        return error("invalid", "bad_duration", {}, "seconds");
    }
    const ItemRecord& item = m.m_clock.items()[*current];
    const std::int64_t requested_ms = *c.seconds * std::int64_t{1000};
    // Past its timebox, "10 more minutes" means ten from now, not from the old deadline.
    const std::int64_t base = item.deadline_ms ? std::max(*item.deadline_ms, eff()) : eff();
    const std::int64_t deadline = base + requested_ms;
    const std::int64_t old_end = item.deadline_ms ? *item.deadline_ms : eff();
    Value data = Value::object();
    data["item_id"] = item.plan.id;
    data["requested_seconds"] = *c.seconds;
    data["seconds"] = item.deadline_ms
                          ? (deadline - old_end) / 1000
                          : (m.m_clock.elapsed_ms(item, eff()) + requested_ms) / 1000 - item.timebox_seconds();
    data["deadline_ms"] = deadline;
    emit("agenda/item-extended", std::move(data));
    return std::nullopt;
}

std::optional<Error> LiveMeeting::Run::set_roster(const Command& c) {
    std::set<std::string> seen;
    Value list = Value::array();
    for (const auto& entry : c.roster) {
        if (entry.id.empty()) {
            return error("invalid", "empty_id", {}, "roster");
        }
        if (!seen.insert(entry.id).second) {
            return error("invalid", "duplicate_id", {entry.id}, "roster");
        }
        RosterEntry e = entry;
        if (!e.arrived_ms) {
            // Arrival is the first time someone is seen present, kept across updates.
            const RosterEntry* old = m.participant(e.id);
            if (old != nullptr && old->arrived_ms) {
                e.arrived_ms = old->arrived_ms;
            } else if (e.present) {
                e.arrived_ms = m_now;
            }
        }
        list.push_back(roster_value(e));
    }
    Value data = Value::object();
    data["participants"] = std::move(list);
    data["replace"] = true;
    emit("attendance/changed", std::move(data));
    return std::nullopt;
}

std::optional<Error> LiveMeeting::Run::plan_agenda(const Command& c) {
    std::set<std::string> seen;
    Value items = Value::array();
    for (const auto& item : c.plan) {
        if (item.id.empty()) {
            return error("invalid", "empty_id", {}, "plan");
        }
        if (!seen.insert(item.id).second) {
            return error("invalid", "duplicate_id", {item.id}, "plan");
        }
        if (item.planned_seconds < 0) {
            return error("invalid", "bad_duration", {}, "plan");
        }
        Value v = Value::object();
        v["id"] = item.id;
        v["title"] = item.title;
        v["planned_seconds"] = item.planned_seconds;
        items.push_back(std::move(v));
    }
    Value data = Value::object();
    data["items"] = std::move(items);
    emit("agenda/planned", std::move(data));
    return std::nullopt;
}

std::optional<Error> LiveMeeting::Run::execute(const Command& c) {
    if (c.is_for_server()) {
        return error("not_mine", "not_mine", {command_kind_name(c.kind)});
    }
    if (!may(c.permission())) {
        return forbidden(c);
    }
    switch (c.kind) {
    case CommandKind::RaiseHand:
        return raise_hand(c);
    case CommandKind::LowerHand: {
        auto who = subject(c, true, Permission::Facilitation);
        if (!who) {
            return who.error();
        }
        Value ids = Value::array();
        for (const auto& entry : m.m_queue.entries()) {
            if (entry.participant_id == *who) {
                ids.push_back(entry.entry_id);
            }
        }
        if (ids.as_array().empty()) {
            return error("conflict", "not_in_queue");
        }
        Value data = Value::object();
        data["action"] = "lowered";
        data["participant_id"] = *who;
        data["entry_ids"] = std::move(ids);
        emit("queue/changed", std::move(data));
        return std::nullopt;
    }
    case CommandKind::AckNext:
        return ack_next();
    case CommandKind::CloseQueue:
    case CommandKind::OpenQueue: {
        const bool close = c.kind == CommandKind::CloseQueue;
        if (m.m_queue.closed() == close) {
            return error("conflict", close ? "queue_already_closed" : "queue_already_open");
        }
        Value data = Value::object();
        data["action"] = close ? "closed" : "opened";
        emit("queue/changed", std::move(data));
        return std::nullopt;
    }
    case CommandKind::MoveEntry: {
        if (!m.m_queue.position_of(c.entry_id)) {
            return error("invalid", "unknown_entry", {std::to_string(c.entry_id)}, "entry_id");
        }
        const auto size = static_cast<int>(m.m_queue.entries().size());
        if (c.position < 0 || c.position >= size) {
            return error("invalid", "bad_position", {std::to_string(size)}, "position");
        }
        Value data = Value::object();
        data["action"] = "moved";
        data["entry_id"] = c.entry_id;
        data["position"] = c.position;
        emit("queue/changed", std::move(data));
        return std::nullopt;
    }
    case CommandKind::LastWord: {
        if (m.m_clock.ended()) {
            return error("conflict", "ended");
        }
        auto who = subject(c, true, Permission::Facilitation);
        if (!who) {
            return who.error();
        }
        for (const auto& entry : m.m_queue.entries()) {
            if (entry.type == EntryType::LastWord) {
                const RosterEntry* holder = m.participant(entry.participant_id);
                return error("conflict", "last_word_taken", {holder ? holder->name : entry.participant_id});
            }
        }
        Value data = Value::object();
        data["action"] = "last-word";
        data["entry_id"] = m.m_queue.next_entry_id();
        data["participant_id"] = *who;
        data["type"] = entry_type_name(EntryType::LastWord);
        data["note"] = "";
        data["position"] = static_cast<std::int64_t>(m.m_queue.entries().size());
        emit("queue/changed", std::move(data));
        return std::nullopt;
    }
    case CommandKind::SpeakerLimit: {
        if (c.seconds && *c.seconds <= 0) {
            return error("invalid", "bad_duration", {}, "seconds");
        }
        Value data = Value::object();
        data["action"] = "time-limit";
        data["seconds"] = optional_value(c.seconds);
        emit("queue/changed", std::move(data));
        return std::nullopt;
    }
    case CommandKind::StartRound:
        return start_round(c);
    case CommandKind::NextSpeaker:
        return next_speaker(c);
    case CommandKind::Pass:
        return pass(c);
    case CommandKind::MoveToEnd:
        return move_to_end(c);
    case CommandKind::SetBudget: {
        if (c.seconds && *c.seconds <= 0) {
            return error("invalid", "bad_duration", {}, "seconds");
        }
        Value data = Value::object();
        data["seconds"] = optional_value(c.seconds);
        emit("round/budget-set", std::move(data));
        return std::nullopt;
    }
    case CommandKind::StartMeeting: {
        if (m.m_clock.started()) {
            return error("conflict", "already_started");
        }
        Value data = Value::object();
        data["planned_end_ms"] = c.planned_end_ms.value_or(m_now + m.m_clock.planned_total_seconds() * 1000);
        emit("meeting/started", std::move(data));
        if (!m.m_clock.items().empty()) {
            start_item(0);
        }
        return std::nullopt;
    }
    case CommandKind::EndMeeting: {
        if (auto e = require_running(true)) {
            return e;
        }
        end_current_item(ItemStatus::Done);
        Value spoke = queue_spoke();
        Value turn = turn_spoke();
        for (auto& s : turn.as_array()) {
            spoke.push_back(std::move(s));
        }
        Value data = Value::object();
        data["spoke"] = std::move(spoke);
        emit("meeting/ended", std::move(data));
        return std::nullopt;
    }
    case CommandKind::StartItem: {
        if (auto e = require_running()) {
            return e;
        }
        const auto index = m.m_clock.index_of(c.item_id);
        if (!index) {
            return error("invalid", "unknown_item", {c.item_id}, "item_id");
        }
        if (m.m_clock.current() == index) {
            return error("conflict", "item_not_pending", {c.item_id});
        }
        start_item(*index);
        return std::nullopt;
    }
    case CommandKind::NextItem: {
        if (auto e = require_running()) {
            return e;
        }
        const auto& items = m.m_clock.items();
        const size_t from = m.m_clock.current() ? *m.m_clock.current() + 1 : 0;
        for (size_t i = from; i < items.size(); ++i) {
            if (items[i].status == ItemStatus::Pending) {
                start_item(i);
                return std::nullopt;
            }
        }
        return error("conflict", items.empty() ? "empty_agenda" : "no_next_item");
    }
    case CommandKind::PreviousItem: {
        if (auto e = require_running()) {
            return e;
        }
        const auto current = m.m_clock.current();
        if (!current || *current == 0) {
            return error("conflict", "no_previous_item");
        }
        start_item(*current - 1);
        return std::nullopt;
    }
    case CommandKind::SkipItem: {
        if (auto e = require_running()) {
            return e;
        }
        const auto current = m.m_clock.current();
        if (!c.item_id.empty() && (!current || m.m_clock.items()[*current].plan.id != c.item_id)) {
            const auto index = m.m_clock.index_of(c.item_id);
            if (!index) {
                return error("invalid", "unknown_item", {c.item_id}, "item_id");
            }
            if (m.m_clock.items()[*index].status != ItemStatus::Pending) {
                return error("conflict", "item_not_pending", {c.item_id});
            }
            Value data = Value::object();
            data["item_id"] = c.item_id;
            emit("agenda/item-skipped", std::move(data));
            return std::nullopt;
        }
        if (!current) {
            return error("conflict", "no_current_item");
        }
        end_current_item(ItemStatus::Skipped);
        const auto& items = m.m_clock.items();
        for (size_t i = *current + 1; i < items.size(); ++i) {
            if (items[i].status == ItemStatus::Pending) {
                start_item(i);
                break;
            }
        }
        return std::nullopt;
    }
    case CommandKind::ExtendItem:
        return extend(c);
    case CommandKind::Pause: {
        if (m.paused()) {
            return error("conflict", "already_paused");
        }
        if (auto e = require_running()) {
            return e;
        }
        emit("agenda/paused");
        return std::nullopt;
    }
    case CommandKind::Resume: {
        if (!m.paused()) {
            return error("conflict", "not_paused");
        }
        Value data = Value::object();
        data["paused_ms"] = m_now - *m.m_paused_at;
        emit("agenda/resumed", std::move(data));
        return std::nullopt;
    }
    case CommandKind::Notice: {
        if (!may(c.permission())) {
            return forbidden(c);
        }
        Value data = Value::object();
        data["text"] = Value(c.text);
        emit("meeting/notice", std::move(data));
        return std::nullopt;
    }
    case CommandKind::Replan: {
        if (auto e = require_running(true)) {
            return e;
        }
        const ReplanProposal proposal = m.replan_proposal(m_now);
        if (proposal.items.empty()) {
            return error("conflict", "nothing_to_replan");
        }
        if (!proposal.needed) {
            return error("conflict", "on_time_already");
        }
        Value items = Value::array();
        for (const auto& item : proposal.items) {
            Value v = Value::object();
            v["id"] = item.id;
            v["planned_seconds"] = item.proposed_seconds;
            items.push_back(std::move(v));
        }
        Value data = Value::object();
        data["items"] = std::move(items);
        data["available_seconds"] = proposal.available_seconds;
        emit("agenda/replanned", std::move(data));
        return std::nullopt;
    }
    case CommandKind::SetRoster:
        return set_roster(c);
    case CommandKind::PlanAgenda:
        return plan_agenda(c);
    case CommandKind::AddAgendaItem:
    case CommandKind::MarkPresent:
    case CommandKind::MarkRegrets:
    case CommandKind::Help:
        break;
    }
    return error("not_mine", "not_mine", {command_kind_name(c.kind)});
}

void LiveMeeting::Run::tick() {
    if (m.paused()) {
        return;
    }
    // Each pass fires what is due; an auto-advancing round may make a new deadline
    // due only if a turn has no length, which start_next_turn never gives a deadline.
    for (int guard = 0; guard < 100000; ++guard) {
        bool fired = false;
        if (const auto current = m.m_clock.current()) {
            const ItemRecord& item = m.m_clock.items()[*current];
            if (item.deadline_ms && !item.overtime_fired && *item.deadline_ms <= m_now) {
                Value data = Value::object();
                data["item_id"] = item.plan.id;
                data["deadline_ms"] = *item.deadline_ms;
                emit("agenda/item-overtime", std::move(data));
                fired = true;
            }
        }
        if (const auto& speaker = m.m_queue.speaker();
            speaker && speaker->deadline_ms && !speaker->overtime_fired && *speaker->deadline_ms <= m_now) {
            Value data = Value::object();
            data["action"] = "speaker-overtime";
            data["participant_id"] = speaker->participant_id;
            data["deadline_ms"] = *speaker->deadline_ms;
            emit("queue/changed", std::move(data));
            fired = true;
        }
        if (const auto& round = m.m_rounds.running(); round && round->current && round->turn_deadline_ms &&
                                                      !round->turn_expired && *round->turn_deadline_ms <= m_now) {
            const std::int64_t deadline = *round->turn_deadline_ms;
            const std::int64_t round_id = round->round_id;
            const std::string who = *round->current;
            Value data = Value::object();
            data["round_id"] = round_id;
            data["participant_id"] = who;
            data["deadline_ms"] = deadline;
            emit("round/turn-expired", std::move(data));
            if (m.m_rounds.running()->auto_advance) {
                // The turn ended at its deadline even if the timer fired late.
                Value ended = Value::object();
                ended["round_id"] = round_id;
                ended["participant_id"] = who;
                ended["spoke"] = turn_spoke(m.m_rounds.running()->turn_seconds.value_or(0) * std::int64_t{1000});
                emit("round/turn-ended", std::move(ended));
                start_next_turn();
            }
            fired = true;
        }
        if (!fired) {
            return;
        }
    }
}

Expected<std::vector<Event>> LiveMeeting::execute(const Command& command, const Actor& actor, std::int64_t now_ms,
                                                  Language lang) {
    LiveMeeting next = *this;
    Run run(next, actor, now_ms, lang);
    if (auto failure = run.execute(command)) {
        return *failure;
    }
    *this = std::move(next);
    return std::move(run.events);
}

std::vector<Event> LiveMeeting::tick(std::int64_t now_ms) {
    const Actor system{std::nullopt, Role::Facilitator};
    Run run(*this, system, now_ms, Language::English);
    run.tick();
    return std::move(run.events);
}

void LiveMeeting::credit(const Value& spoke) {
    if (!spoke.is_array()) {
        return;
    }
    for (const auto& entry : spoke.as_array()) {
        const std::string id = entry.string_or("participant_id", "");
        const std::int64_t ms = entry.int_or("ms", 0);
        if (id.empty() || ms <= 0) {
            continue;
        }
        m_spoken_ms[id] += ms;
        if (m_budget_seconds) {
            m_budget_used_ms[id] += ms;
        }
    }
}

void LiveMeeting::apply(const Event& event) {
    if (const Value* spoke = event.data.find("spoke")) {
        credit(*spoke);
    }
    const std::string& type = event.type;
    if (type == "meeting/notice") {
        // The last announcement stays in the state: a screen that connects later
        // (a projector, a latecomer) shows it too.
        m_notice = Notice{event.data.string_or("text", ""), event.at_ms};
        return;
    }
    if (type == "attendance/changed") {
        std::vector<RosterEntry> updates;
        if (const Value* list = event.data.find("participants"); list != nullptr && list->is_array()) {
            for (const auto& p : list->as_array()) {
                RosterEntry entry;
                entry.id = p.string_or("id", "");
                entry.name = p.string_or("name", "");
                entry.present = p.bool_or("present", false);
                entry.arrived_ms = optional_int(p, "arrived_ms");
                updates.push_back(std::move(entry));
            }
        }
        if (event.data.bool_or("replace", false)) {
            m_roster = std::move(updates);
        } else {
            for (auto& update : updates) {
                auto it = std::find_if(m_roster.begin(), m_roster.end(),
                                       [&](const RosterEntry& r) { return r.id == update.id; });
                if (it == m_roster.end()) {
                    m_roster.push_back(std::move(update));
                } else {
                    *it = std::move(update);
                }
            }
        }
        return;
    }
    if (type == "agenda/paused") {
        m_paused_at = event.at_ms;
        return;
    }
    if (type == "agenda/resumed") {
        const std::int64_t paused_ms = event.data.int_or("paused_ms", 0);
        m_clock.shift(paused_ms);
        m_queue.shift(paused_ms);
        m_rounds.shift(paused_ms);
        m_paused_at.reset();
        return;
    }
    if (type == "round/budget-set") {
        const auto seconds = optional_int(event.data, "seconds");
        m_budget_seconds = seconds ? std::optional<int>(static_cast<int>(*seconds)) : std::nullopt;
        return;
    }
    if (type == "meeting/ended") {
        m_paused_at.reset();
    }
    if (type.starts_with("agenda/") || type.starts_with("meeting/")) {
        m_clock.apply(event);
    }
    if (type.starts_with("queue/") || type == "meeting/ended") {
        m_queue.apply(event);
    }
    if (type.starts_with("round/") || type == "meeting/ended") {
        m_rounds.apply(event);
    }
}

std::optional<std::int64_t> LiveMeeting::next_deadline() const {
    if (m_paused_at) {
        return std::nullopt;
    }
    std::optional<std::int64_t> next;
    auto consider = [&](std::optional<std::int64_t> t) {
        if (t && (!next || *t < *next)) {
            next = t;
        }
    };
    if (const auto current = m_clock.current()) {
        const ItemRecord& item = m_clock.items()[*current];
        if (!item.overtime_fired) {
            consider(item.deadline_ms);
        }
    }
    if (const auto& speaker = m_queue.speaker(); speaker && !speaker->overtime_fired) {
        consider(speaker->deadline_ms);
    }
    if (const auto& round = m_rounds.running(); round && round->current && !round->turn_expired) {
        consider(round->turn_deadline_ms);
    }
    return next;
}

const RosterEntry* LiveMeeting::participant(std::string_view id) const {
    for (const auto& entry : m_roster) {
        if (entry.id == id) {
            return &entry;
        }
    }
    return nullptr;
}

Schedule LiveMeeting::schedule(std::int64_t now_ms) const {
    return m_clock.schedule(now_ms, effective_now(now_ms));
}

ReplanProposal LiveMeeting::replan_proposal(std::int64_t now_ms) const {
    return m_clock.replan(now_ms, effective_now(now_ms), m_replan_minimum_seconds);
}

std::vector<SpeakingTime> LiveMeeting::speaking_times(std::int64_t now_ms) const {
    std::map<std::string, std::int64_t, std::less<>> totals = m_spoken_ms;
    const std::int64_t eff = effective_now(now_ms);
    if (const auto& speaker = m_queue.speaker()) {
        totals[speaker->participant_id] += m_queue.speaking_ms(eff);
    }
    if (const auto& round = m_rounds.running(); round && round->current) {
        totals[*round->current] += m_rounds.turn_ms(eff);
    }
    std::vector<SpeakingTime> out;
    for (const auto& [id, ms] : totals) {
        if (ms <= 0) {
            continue;
        }
        const RosterEntry* entry = participant(id);
        out.push_back({id, entry ? entry->name : id, ms});
    }
    std::stable_sort(out.begin(), out.end(), [](const SpeakingTime& a, const SpeakingTime& b) { return a.ms > b.ms; });
    return out;
}

std::vector<std::string> LiveMeeting::not_yet_spoken(std::int64_t now_ms) const {
    const auto times = speaking_times(now_ms);
    std::vector<std::string> out;
    for (const auto& entry : m_roster) {
        const bool spoke = std::any_of(times.begin(), times.end(),
                                       [&](const SpeakingTime& t) { return t.participant_id == entry.id; });
        if (entry.present && !spoke) {
            out.push_back(entry.id);
        }
    }
    return out;
}

std::optional<std::int64_t> LiveMeeting::budget_left_ms(std::string_view participant_id, std::int64_t now_ms) const {
    if (!m_budget_seconds) {
        return std::nullopt;
    }
    std::int64_t used = 0;
    if (const auto it = m_budget_used_ms.find(participant_id); it != m_budget_used_ms.end()) {
        used = it->second;
    }
    const std::int64_t eff = effective_now(now_ms);
    if (const auto& speaker = m_queue.speaker(); speaker && speaker->participant_id == participant_id) {
        used += m_queue.speaking_ms(eff);
    }
    if (const auto& round = m_rounds.running(); round && round->current == participant_id) {
        used += m_rounds.turn_ms(eff);
    }
    return std::max<std::int64_t>(0, *m_budget_seconds * std::int64_t{1000} - used);
}

Value LiveMeeting::snapshot(std::int64_t now_ms) const {
    const std::int64_t eff = effective_now(now_ms);
    auto name_of = [&](const std::string& id) -> Value {
        const RosterEntry* entry = participant(id);
        return entry ? Value(entry->name) : Value();
    };
    Value out = Value::object();
    out["now_ms"] = now_ms;
    out["paused"] = paused();
    out["paused_at_ms"] = optional_value(m_paused_at);
    out["next_deadline_ms"] = optional_value(next_deadline());
    if (m_notice) {
        Value notice = Value::object();
        notice["text"] = Value(m_notice->text);
        notice["at_ms"] = m_notice->at_ms;
        out["notice"] = std::move(notice);
    } else {
        out["notice"] = Value();
    }

    Value meeting = Value::object();
    meeting["started_at_ms"] = optional_value(m_clock.started_at());
    meeting["ended_at_ms"] = optional_value(m_clock.ended_at());
    meeting["planned_end_ms"] = m_clock.started() ? Value(m_clock.planned_end_ms()) : Value();
    out["meeting"] = std::move(meeting);

    const Schedule s = schedule(now_ms);
    Value schedule_value = Value::object();
    schedule_value["planned_end_ms"] = s.planned_end_ms;
    schedule_value["projected_end_ms"] = s.projected_end_ms;
    schedule_value["late_by_seconds"] = s.late_by_seconds;
    out["schedule"] = std::move(schedule_value);

    Value agenda = Value::array();
    for (const auto& item : m_clock.items()) {
        const std::int64_t elapsed = m_clock.elapsed_ms(item, eff);
        const std::int64_t timebox_ms = item.timebox_seconds() * std::int64_t{1000};
        Value v = Value::object();
        v["id"] = item.plan.id;
        v["title"] = item.plan.title;
        v["planned_seconds"] = item.plan.planned_seconds;
        v["original_seconds"] = item.original_seconds;
        v["extended_seconds"] = item.extended_seconds;
        v["status"] = item_status_name(item.status);
        v["started_at_ms"] = optional_value(item.started_at_ms);
        v["ended_at_ms"] = optional_value(item.ended_at_ms);
        v["elapsed_ms"] = elapsed;
        v["overrun_ms"] = timebox_ms > 0 ? std::max<std::int64_t>(0, elapsed - timebox_ms) : std::int64_t{0};
        v["deadline_ms"] = optional_value(item.deadline_ms);
        agenda.push_back(std::move(v));
    }
    out["agenda"] = std::move(agenda);
    if (const auto current = m_clock.current()) {
        const ItemRecord& item = m_clock.items()[*current];
        Value v = Value::object();
        v["id"] = item.plan.id;
        v["title"] = item.plan.title;
        v["started_at_ms"] = optional_value(item.started_at_ms);
        v["deadline_ms"] = optional_value(item.deadline_ms);
        v["elapsed_ms"] = m_clock.elapsed_ms(item, eff);
        v["overtime"] = item.overtime_fired;
        out["current_item"] = std::move(v);
    } else {
        out["current_item"] = Value();
    }

    Value roster = Value::array();
    for (const auto& entry : m_roster) {
        roster.push_back(roster_value(entry));
    }
    out["roster"] = std::move(roster);

    Value queue = Value::object();
    queue["closed"] = m_queue.closed();
    queue["limit_seconds"] = optional_value(m_queue.limit_seconds());
    Value entries = Value::array();
    for (const auto& entry : m_queue.entries()) {
        Value v = Value::object();
        v["entry_id"] = entry.entry_id;
        v["participant_id"] = entry.participant_id;
        v["name"] = name_of(entry.participant_id);
        v["type"] = entry_type_name(entry.type);
        v["note"] = entry.note;
        v["raised_ms"] = entry.raised_ms;
        entries.push_back(std::move(v));
    }
    queue["entries"] = std::move(entries);
    if (const auto& speaker = m_queue.speaker()) {
        Value v = Value::object();
        v["participant_id"] = speaker->participant_id;
        v["name"] = name_of(speaker->participant_id);
        v["type"] = entry_type_name(speaker->type);
        v["note"] = speaker->note;
        v["started_at_ms"] = speaker->started_ms;
        v["deadline_ms"] = optional_value(speaker->deadline_ms);
        v["elapsed_ms"] = m_queue.speaking_ms(eff);
        queue["speaker"] = std::move(v);
    } else {
        queue["speaker"] = Value();
    }
    out["queue"] = std::move(queue);

    if (const auto& round = m_rounds.running()) {
        Value v = Value::object();
        v["round_id"] = round->round_id;
        v["order"] = strings_value(round->order);
        v["order_kind"] = round_order_name(round->order_kind);
        v["seed"] = round->seed ? Value(std::to_string(*round->seed)) : Value();
        v["per_speaker_seconds"] = optional_value(round->per_speaker_seconds);
        v["total_seconds"] = optional_value(round->total_seconds);
        v["auto_advance"] = round->auto_advance;
        v["current"] = round->current ? Value(*round->current) : Value();
        v["turn_seconds"] = optional_value(round->turn_seconds);
        v["turn_started_ms"] = round->current ? Value(round->turn_started_ms) : Value();
        v["turn_deadline_ms"] = optional_value(round->turn_deadline_ms);
        v["turn_elapsed_ms"] = m_rounds.turn_ms(eff);
        v["turn_expired"] = round->turn_expired;
        v["pending"] = strings_value(round->pending);
        v["spoken"] = strings_value(round->spoken);
        v["passed"] = strings_value(round->passed);
        out["round"] = std::move(v);
    } else {
        out["round"] = Value();
    }
    out["last_round_order"] = strings_value(m_rounds.last_order());

    Value speaking = Value::object();
    Value times = Value::array();
    for (const auto& t : speaking_times(now_ms)) {
        Value v = Value::object();
        v["participant_id"] = t.participant_id;
        v["name"] = t.name;
        v["ms"] = t.ms;
        times.push_back(std::move(v));
    }
    speaking["times"] = std::move(times);
    speaking["not_yet_spoken"] = strings_value(not_yet_spoken(now_ms));
    out["speaking"] = std::move(speaking);

    if (m_budget_seconds) {
        Value budget = Value::object();
        budget["seconds"] = *m_budget_seconds;
        Value left = Value::object();
        for (const auto& entry : m_roster) {
            left[entry.id] = budget_left_ms(entry.id, now_ms).value_or(0);
        }
        budget["left_ms"] = std::move(left);
        out["budget"] = std::move(budget);
    } else {
        out["budget"] = Value();
    }
    return out;
}

} // namespace quorum::live
