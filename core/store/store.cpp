#include "store/store.hpp"

#include "store/migrations.hpp"
#include "store/tokens.hpp"
#include "util/datetime.hpp"
#include "util/text.hpp"
#include "util/timezone.hpp"
#include "json/writer.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>
#include <sstream>

namespace quorum::store {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

constexpr std::string_view k_role_names[] = {"facilitator", "note-taker", "timekeeper", "participant", "observer"};

std::string text_of(const Object::Ptr& object, const std::string& key, const std::string& fallback = {}) {
    if (!object->has(key) || object->isNull(key)) {
        return fallback;
    }
    return object->getValue<std::string>(key);
}

std::optional<std::string> optional_text_of(const Object::Ptr& object, const std::string& key) {
    if (!object->has(key) || object->isNull(key)) {
        return std::nullopt;
    }
    return object->getValue<std::string>(key);
}

std::optional<std::int64_t> optional_integer_of(const Object::Ptr& object, const std::string& key) {
    if (!object->has(key) || object->isNull(key)) {
        return std::nullopt;
    }
    return object->getValue<Poco::Int64>(key);
}

std::int64_t integer_of(const Object::Ptr& object, const std::string& key) {
    return object->getValue<Poco::Int64>(key);
}

void set_optional(Object::Ptr& object, const std::string& key, const std::optional<std::string>& value) {
    if (value) {
        object->set(key, *value);
    } else {
        object->set(key, Poco::Dynamic::Var());
    }
}

void set_optional(Object::Ptr& object, const std::string& key, const std::optional<std::int64_t>& value) {
    if (value) {
        object->set(key, Poco::Int64(*value));
    } else {
        object->set(key, Poco::Dynamic::Var());
    }
}

std::string stringify(const Object::Ptr& object) {
    return json::condense(object);
}

// The French names of the things not_found() is called with.
std::string french_name(const std::string& what) {
    if (what == "meeting") {
        return "rencontre";
    }
    if (what == "agenda item") {
        return "point de l’ordre du jour";
    }
    if (what == "participant") {
        return "participant·e";
    }
    if (what == "share link") {
        return "lien de partage";
    }
    if (what == "revision") {
        return "révision";
    }
    return what;
}

Error not_found(const std::string& what, const std::string& field = {}) {
    return make_error("not_found", Phrase{what + " not found", french_name(what) + " introuvable"}, field);
}

bool is_decided(const std::string& state) {
    return state == "accepted" || state == "rejected" || state == "edited";
}

Object::Ptr item_payload(std::int64_t id, const ExtractedItem& item, const std::string& extracted_text) {
    Object::Ptr object = new Object;
    object->set("id", Poco::Int64(id));
    object->set("kind", item.kind);
    object->set("state", item.state);
    object->set("text", item.text);
    object->set("extracted_text", extracted_text);
    object->set("owner", item.owner);
    object->set("due", item.due);
    object->set("url", item.url);
    object->set("votes", item.votes);
    object->set("rule", item.rule);
    object->set("plugin", item.plugin);
    object->set("line", item.line);
    return object;
}

// Participants who did something in the meeting: saved notes (their own token), raised a
// hand or took the floor (queue), or had a turn in a round.
std::set<std::int64_t> participants_who_acted(Database& db, const std::string& meeting_id) {
    std::set<std::int64_t> acted;
    {
        Query q = db.query("SELECT DISTINCT actor FROM note_revisions WHERE meeting_id = ? AND actor LIKE 'participant:%'");
        q->bind(1, meeting_id);
        while (q->step()) {
            std::string actor = q->text(0);
            try {
                acted.insert(std::stoll(actor.substr(actor.find(':') + 1)));
            } catch (const std::exception&) {
                // not a participant's number: nobody to mark
            }
        }
    }
    Query q = db.query("SELECT DISTINCT json_extract(payload, '$.data.participant_id') FROM events "
                       "WHERE meeting_id = ? AND (type = 'round/turn-started' OR (type = 'queue/changed' AND "
                       "json_extract(payload, '$.data.action') IN ('raised', 'acked'))) "
                       "AND json_valid(payload)");
    q->bind(1, meeting_id);
    while (q->step()) {
        if (auto id = q->optional_integer(0)) {
            acted.insert(*id);
        }
    }
    return acted;
}

// "2026-11-12T13:30:00.000Z" → seconds since the epoch.
std::optional<long long> epoch_seconds(const std::string& iso) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &year, &month, &day, &hour, &minute, &second) != 6) {
        return std::nullopt;
    }
    return datetime::days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

std::string timezone_of(Database& db, const std::string& meeting_id) {
    Query q = db.query("SELECT timezone FROM meetings WHERE id = ?");
    q->bind(1, meeting_id);
    return q->step() ? q->text(0) : std::string();
}

// The meeting's planned start (its date and start time, in its zone), in UTC seconds.
std::optional<long long> planned_start_utc(Database& db, const std::string& meeting_id) {
    Query q = db.query("SELECT date, start_time, timezone FROM meetings WHERE id = ?");
    q->bind(1, meeting_id);
    if (!q->step()) {
        return std::nullopt;
    }
    int year = 0, month = 0, day = 0, hour = 0, minute = 0;
    if (std::sscanf(q->text(0).c_str(), "%4d-%2d-%2d", &year, &month, &day) != 3 ||
        std::sscanf(q->text(1).c_str(), "%2d:%2d", &hour, &minute) != 2) {
        return std::nullopt; // no date or no start time: nothing to check against
    }
    long long local = datetime::days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60;
    std::string zone = q->text(2);
    if (auto utc = timezone::local_to_utc(zone, local)) {
        return utc;
    }
    return local - timezone::utc_offset_or_local(zone, local);
}

// The facilitator started the meeting (live).
bool meeting_ran(Database& db, const std::string& meeting_id) {
    Query q = db.query("SELECT 1 FROM events WHERE meeting_id = ? AND type = 'meeting/started' LIMIT 1");
    q->bind(1, meeting_id);
    return q->step();
}

AttendanceStatus attendance_of(const std::string& status) {
    if (status == "excused") {
        return AttendanceStatus::Excused;
    }
    if (status == "absent") {
        return AttendanceStatus::Absent;
    }
    // "present", "late", and "invited": before attendance is taken, the roster
    // reads as the list of people expected (load_meeting turns "invited" into
    // absent once it is taken).
    return AttendanceStatus::Present;
}

} // namespace

std::optional<Role> parse_role(std::string_view name) {
    for (size_t i = 0; i < std::size(k_role_names); ++i) {
        if (k_role_names[i] == name) {
            return static_cast<Role>(i);
        }
    }
    return std::nullopt;
}

std::string_view role_name(Role role) {
    return k_role_names[static_cast<size_t>(role)];
}

std::string Principal::actor() const {
    if (!label.empty()) {
        return label;
    }
    if (participant_id) {
        return "participant:" + std::to_string(*participant_id);
    }
    return role == Role::Facilitator ? "facilitator-key" : "anonymous";
}

std::string utc_now() {
    auto now = std::chrono::system_clock::now();
    std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
    return buffer;
}

std::unique_ptr<Store> Store::open(const std::filesystem::path& path, Durability durability) {
    auto db = Database::open(path, durability);
    migrate(*db);
    auto store = std::make_unique<Store>(std::move(db));
    if (path != ":memory:") {
        store->m_reader = Database::open_reader(path);
        Store* self = store.get();
        store->m_db->set_group_commit([self] { return self->m_pending.size(); },
                                      [self](size_t mark) {
                                          if (mark < self->m_pending.size()) {
                                              self->m_pending.resize(mark);
                                          }
                                      });
    }
    return store;
}

namespace {

thread_local bool t_commit_failed = false;

} // namespace

bool Store::take_commit_failure() {
    bool failed = t_commit_failed;
    t_commit_failed = false;
    return failed;
}

Store::Locked::Locked(Store& store, bool may_share_commit) : m_store(store), m_may_share_commit(may_share_commit) {
    ++store.m_queued;
    store.m_mutex.lock();
    --store.m_queued;
    m_outer = store.m_depth++ == 0;
}

Store::Locked::~Locked() {
    Store& store = m_store;
    --store.m_depth;
    if (!m_outer || !store.m_db->group_open()) {
        store.m_mutex.unlock();
        return;
    }
    if (m_may_share_commit && store.m_queued.load() > 0) {
        // Someone is queued for the lock and will find the group open: the last
        // one commits for all. Wait for that COMMIT, lock released.
        std::uint64_t batch = 0;
        {
            std::lock_guard guard(store.m_batch_mutex);
            batch = store.m_batch;
        }
        store.m_mutex.unlock();
        std::unique_lock guard(store.m_batch_mutex);
        store.m_batch_done.wait(guard, [&] { return store.m_completed >= batch; });
        if (store.m_failed_batches.count(batch)) {
            t_commit_failed = true;
        }
        return;
    }
    store.finish_batch();
    store.m_mutex.unlock();
}

void Store::finish_batch() {
    bool committed = false;
    try {
        committed = m_db->commit_group();
    } catch (const std::exception& error) {
        // Only the after-commit hook can throw here: the COMMIT itself was made.
        committed = true;
        std::fprintf(stderr, "quorum: after a COMMIT: %s\n", error.what());
    }
    if (!committed) {
        std::fprintf(stderr, "quorum: a COMMIT failed; the commands in it were rolled back\n");
        t_commit_failed = true;
    }
    {
        std::lock_guard guard(m_batch_mutex);
        if (!committed) {
            m_failed_batches.insert(m_batch);
        }
        m_completed = m_batch;
        ++m_batch;
    }
    m_batch_done.notify_all();
}

Store::Reading::Reading(Store& store, bool snapshot) {
    if (store.m_reader) {
        m_read_lock = std::unique_lock(store.m_read_mutex);
        m_db = store.m_reader.get();
        m_snapshot = snapshot;
        if (m_snapshot) {
            m_db->run("BEGIN");
        }
    } else {
        m_write_lock = std::unique_lock(store.m_mutex);
        m_db = store.m_db.get();
    }
}

Store::Reading::~Reading() {
    if (m_snapshot) {
        try {
            m_db->run("COMMIT");
        } catch (const SqliteError&) {
            // A read transaction has nothing to keep; the next BEGIN would fail
            // loudly if the connection were really broken.
        }
    }
}

Store::Store(std::unique_ptr<Database> db) : m_db(std::move(db)), m_clock(utc_now) {}

void Store::set_observer(Observer observer) {
    Locked lock(*this);
    m_observer = std::move(observer);
    m_db->set_commit_hooks(
        [this] {
            if (!m_pending.empty() && m_observer) {
                std::vector<Notice> notices;
                notices.swap(m_pending);
                m_observer(notices);
            }
        },
        [this] { m_pending.clear(); });
}

void Store::set_erase_observer(std::function<void(const std::string&)> observer) {
    Locked lock(*this);
    m_erase_observer = std::move(observer);
}

int Store::schema_version() {
    Locked lock(*this);
    return store::schema_version(*m_db);
}

std::string Store::now() const {
    return m_clock();
}

// ---------------------------------------------------------------------------
// The event log and its projections.

void Store::append(const std::string& meeting_id, const std::string& actor, const std::string& type,
                   Object::Ptr payload) {
    Event event{meeting_id, now(), actor, type, payload};
    m_db->query("INSERT INTO events (meeting_id, at, actor, type, payload) VALUES (?, ?, ?, ?, ?)")
        ->bind(1, event.meeting_id)
        .bind(2, event.at)
        .bind(3, event.actor)
        .bind(4, event.type)
        .bind(5, stringify(payload))
        .run();
    apply(event);
    if (m_observer) {
        Query version = m_db->query("SELECT version FROM meetings WHERE id = ?");
        version->bind(1, meeting_id);
        std::int64_t at_version = version->step() ? version->integer(0) : 0;
        m_pending.push_back(Notice{meeting_id, at_version, event.at, actor, type, payload});
    }
}

// One command, one event, one transaction.
void Store::commit_event(const std::string& meeting_id, const std::string& actor, const std::string& type,
                         Object::Ptr payload) {
    Transaction transaction(*m_db);
    append(meeting_id, actor, type, payload);
    transaction.commit();
}

// Every projection change goes through here, so replaying the log rebuilds
// exactly what the commands built.
void Store::apply(const Event& event) {
    const std::string& meeting = event.meeting_id;
    const Object::Ptr& p = event.payload;
    Database& db = *m_db;
    auto bump_last_id = [&](std::int64_t id) {
        db.query("UPDATE meetings SET last_id = MAX(last_id, ?) WHERE id = ?")->bind(1, id).bind(2, meeting).run();
    };
    auto insert_item = [&](const Object::Ptr& item, std::optional<std::int64_t> agenda_item_id) {
        std::int64_t id = integer_of(item, "id");
        db.query("INSERT INTO items (meeting_id, id, agenda_item_id, kind, state, text, extracted_text, owner, due, "
                 "url, votes, rule, plugin, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            ->bind(1, meeting)
            .bind(2, id)
            .bind(3, agenda_item_id)
            .bind(4, text_of(item, "kind"))
            .bind(5, text_of(item, "state"))
            .bind(6, text_of(item, "text"))
            .bind(7, text_of(item, "extracted_text"))
            .bind(8, text_of(item, "owner"))
            .bind(9, text_of(item, "due"))
            .bind(10, text_of(item, "url"))
            .bind(11, text_of(item, "votes"))
            .bind(12, text_of(item, "rule"))
            .bind(13, text_of(item, "plugin"))
            .bind(14, integer_of(item, "line"))
            .run();
        bump_last_id(id);
    };
    const std::string& type = event.type;
    if (type == "meeting/created") {
        db.query("INSERT INTO meetings (id, title, date, start_time, end_time, location, language, created_at, "
                 "series, timezone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            ->bind(1, meeting)
            .bind(2, text_of(p, "title"))
            .bind(3, text_of(p, "date"))
            .bind(4, text_of(p, "start"))
            .bind(5, text_of(p, "end"))
            .bind(6, text_of(p, "location"))
            .bind(7, text_of(p, "language"))
            .bind(8, event.at)
            .bind(9, text_of(p, "series"))
            .bind(10, text_of(p, "timezone"))
            .run();
        db.query("INSERT INTO tokens (hash, meeting_id, role, participant_id) VALUES (?, ?, 'facilitator', NULL)")
            ->bind(1, text_of(p, "facilitator_key_hash"))
            .bind(2, meeting)
            .run();
    } else if (type == "meeting/updated") {
        static const std::pair<const char*, const char*> k_columns[] = {
            {"title", "title"},       {"date", "date"},         {"start", "start_time"}, {"end", "end_time"},
            {"location", "location"}, {"language", "language"}, {"series", "series"},    {"timezone", "timezone"}};
        for (const auto& [key, column] : k_columns) {
            if (p->has(key)) {
                db.query(std::string("UPDATE meetings SET ") + column + " = ? WHERE id = ?")
                    ->bind(1, text_of(p, key))
                    .bind(2, meeting)
                    .run();
            }
        }
    } else if (type == "agenda/item-added") {
        std::int64_t id = integer_of(p, "id");
        db.query("INSERT INTO agenda_items (meeting_id, id, parent_id, position, number, title, type, description, "
                 "duration_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
            ->bind(1, meeting)
            .bind(2, id)
            .bind(3, optional_integer_of(p, "parent_id"))
            .bind(4, integer_of(p, "position"))
            .bind(5, text_of(p, "number"))
            .bind(6, text_of(p, "title"))
            .bind(7, text_of(p, "type"))
            .bind(8, text_of(p, "description"))
            .bind(9, optional_integer_of(p, "duration_seconds"))
            .run();
        bump_last_id(id);
    } else if (type == "agenda/item-updated") {
        std::int64_t id = integer_of(p, "id");
        for (const char* column : {"title", "type", "description", "number"}) {
            if (p->has(column)) {
                db.query(std::string("UPDATE agenda_items SET ") + column + " = ? WHERE meeting_id = ? AND id = ?")
                    ->bind(1, text_of(p, column))
                    .bind(2, meeting)
                    .bind(3, id)
                    .run();
            }
        }
        if (p->has("duration_seconds")) {
            db.query("UPDATE agenda_items SET duration_seconds = ? WHERE meeting_id = ? AND id = ?")
                ->bind(1, optional_integer_of(p, "duration_seconds"))
                .bind(2, meeting)
                .bind(3, id)
                .run();
        }
    } else if (type == "agenda/item-deleted") {
        Array::Ptr ids = p->getArray("ids");
        for (size_t i = 0; i < ids->size(); ++i) {
            std::int64_t id = ids->getElement<Poco::Int64>(static_cast<unsigned>(i));
            for (const char* sql : {"DELETE FROM agenda_items WHERE meeting_id = ? AND id = ?",
                                    "DELETE FROM notes WHERE meeting_id = ? AND agenda_item_id = ?",
                                    "DELETE FROM note_revisions WHERE meeting_id = ? AND agenda_item_id = ?",
                                    "DELETE FROM items WHERE meeting_id = ? AND agenda_item_id = ?"}) {
                db.query(sql)->bind(1, meeting).bind(2, id).run();
            }
        }
    } else if (type == "agenda/reordered") {
        Array::Ptr order = p->getArray("order");
        for (size_t i = 0; i < order->size(); ++i) {
            Object::Ptr entry = order->getObject(static_cast<unsigned>(i));
            db.query("UPDATE agenda_items SET parent_id = ?, position = ? WHERE meeting_id = ? AND id = ?")
                ->bind(1, optional_integer_of(entry, "parent_id"))
                .bind(2, static_cast<std::int64_t>(i + 1))
                .bind(3, meeting)
                .bind(4, integer_of(entry, "id"))
                .run();
            if (entry->has("number")) { // a renumbering that went with the move
                db.query("UPDATE agenda_items SET number = ? WHERE meeting_id = ? AND id = ?")
                    ->bind(1, text_of(entry, "number"))
                    .bind(2, meeting)
                    .bind(3, integer_of(entry, "id"))
                    .run();
            }
        }
    } else if (type == "participant/invited") {
        std::int64_t id = integer_of(p, "id");
        db.query("INSERT INTO participants (meeting_id, id, name, affiliation, email, role, status) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)")
            ->bind(1, meeting)
            .bind(2, id)
            .bind(3, text_of(p, "name"))
            .bind(4, text_of(p, "affiliation"))
            .bind(5, text_of(p, "email"))
            .bind(6, text_of(p, "role"))
            .bind(7, text_of(p, "status", "invited"))
            .run();
        if (auto hash = optional_text_of(p, "token_hash")) {
            db.query("INSERT INTO tokens (hash, meeting_id, role, participant_id) VALUES (?, ?, ?, ?)")
                ->bind(1, *hash)
                .bind(2, meeting)
                .bind(3, text_of(p, "role"))
                .bind(4, id)
                .run();
        }
        bump_last_id(id);
    } else if (type == "participant/token-issued") {
        std::int64_t id = integer_of(p, "id");
        // A new personal link replaces the old one: a leaked link is revoked this way.
        db.query("DELETE FROM tokens WHERE meeting_id = ? AND participant_id = ?")->bind(1, meeting).bind(2, id).run();
        db.query("INSERT INTO tokens (hash, meeting_id, role, participant_id) "
                 "SELECT ?, meeting_id, role, id FROM participants WHERE meeting_id = ? AND id = ?")
            ->bind(1, text_of(p, "token_hash"))
            .bind(2, meeting)
            .bind(3, id)
            .run();
    } else if (type == "participant/checked-in") {
        db.query("UPDATE participants SET status = ?, checked_in_at = ?, checked_out_at = NULL "
                 "WHERE meeting_id = ? AND id = ?")
            ->bind(1, text_of(p, "status", "present"))
            .bind(2, event.at)
            .bind(3, meeting)
            .bind(4, integer_of(p, "id"))
            .run();
    } else if (type == "participant/record-set") {
        db.query("UPDATE participants SET record = ? WHERE meeting_id = ? AND id = ?")
            ->bind(1, std::string(p->getValue<bool>("record") ? "on" : "off"))
            .bind(2, meeting)
            .bind(3, integer_of(p, "id"))
            .run();
    } else if (type == "participant/checked-out") {
        db.query("UPDATE participants SET checked_out_at = ? WHERE meeting_id = ? AND id = ?")
            ->bind(1, event.at)
            .bind(2, meeting)
            .bind(3, integer_of(p, "id"))
            .run();
    } else if (type == "participant/status-set") {
        db.query("UPDATE participants SET status = ? WHERE meeting_id = ? AND id = ?")
            ->bind(1, text_of(p, "status"))
            .bind(2, meeting)
            .bind(3, integer_of(p, "id"))
            .run();
    } else if (type == "attendance/recorded") {
        Array::Ptr entries = p->getArray("entries");
        for (size_t i = 0; i < entries->size(); ++i) {
            Object::Ptr entry = entries->getObject(static_cast<unsigned>(i));
            std::int64_t id = integer_of(entry, "id");
            if (entry->optValue<bool>("new", false)) {
                db.query("INSERT INTO participants (meeting_id, id, name, affiliation, email, role, status) "
                         "VALUES (?, ?, ?, ?, ?, 'participant', 'present')")
                    ->bind(1, meeting)
                    .bind(2, id)
                    .bind(3, text_of(entry, "name"))
                    .bind(4, text_of(entry, "affiliation"))
                    .bind(5, text_of(entry, "email"))
                    .run();
                bump_last_id(id);
            }
            db.query("UPDATE participants SET status = 'present', joined_at = ?, left_at = ?, attended_minutes = ?, "
                     "speaking_seconds = ? WHERE meeting_id = ? AND id = ?")
                ->bind(1, optional_text_of(entry, "joined"))
                .bind(2, optional_text_of(entry, "left"))
                .bind(3, optional_integer_of(entry, "minutes"))
                .bind(4, optional_integer_of(entry, "speaking_seconds"))
                .bind(5, meeting)
                .bind(6, id)
                .run();
        }
        Array::Ptr aliases = p->getArray("aliases");
        for (size_t i = 0; aliases && i < aliases->size(); ++i) {
            Object::Ptr alias = aliases->getObject(static_cast<unsigned>(i));
            db.query("INSERT OR REPLACE INTO participant_aliases (meeting_id, alias, written, participant_id) "
                     "VALUES (?, ?, ?, ?)")
                ->bind(1, meeting)
                .bind(2, text_of(alias, "alias"))
                .bind(3, text_of(alias, "written"))
                .bind(4, integer_of(alias, "participant_id"))
                .run();
        }
    } else if (type == "alias/confirmed") {
        db.query("INSERT OR REPLACE INTO participant_aliases (meeting_id, alias, written, participant_id) "
                 "VALUES (?, ?, ?, ?)")
            ->bind(1, meeting)
            .bind(2, text_of(p, "alias"))
            .bind(3, text_of(p, "written"))
            .bind(4, integer_of(p, "participant_id"))
            .run();
    } else if (type == "note/saved") {
        std::int64_t agenda_item_id = integer_of(p, "agenda_item_id");
        std::int64_t revision = integer_of(p, "revision");
        std::string text = text_of(p, "text");
        db.query("INSERT INTO notes (meeting_id, agenda_item_id, revision, text) VALUES (?, ?, ?, ?) "
                 "ON CONFLICT (meeting_id, agenda_item_id) DO UPDATE SET revision = excluded.revision, "
                 "text = excluded.text")
            ->bind(1, meeting)
            .bind(2, agenda_item_id)
            .bind(3, revision)
            .bind(4, text)
            .run();
        db.query("INSERT INTO note_revisions (meeting_id, agenda_item_id, revision, base_revision, text, at, actor) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)")
            ->bind(1, meeting)
            .bind(2, agenda_item_id)
            .bind(3, revision)
            .bind(4, integer_of(p, "base_revision"))
            .bind(5, text)
            .bind(6, event.at)
            .bind(7, event.actor)
            .run();
        db.query("DELETE FROM items WHERE meeting_id = ? AND agenda_item_id = ?")
            ->bind(1, meeting)
            .bind(2, agenda_item_id)
            .run();
        Array::Ptr items = p->getArray("items");
        for (size_t i = 0; i < items->size(); ++i) {
            insert_item(items->getObject(static_cast<unsigned>(i)), agenda_item_id);
        }
    } else if (type == "item/added") {
        std::optional<std::int64_t> agenda_item_id;
        if (p->has("agenda_item_id") && !p->get("agenda_item_id").isEmpty()) {
            agenda_item_id = p->getValue<Poco::Int64>("agenda_item_id");
        }
        insert_item(p->getObject("item"), agenda_item_id);
    } else if (type == "summary/section-set" && text_of(p, "markdown").empty()) {
        // Set to nothing: the plugin takes its section back.
        db.query("DELETE FROM summary_sections WHERE meeting_id = ? AND plugin = ? AND title = ?")
            ->bind(1, meeting)
            .bind(2, text_of(p, "plugin"))
            .bind(3, text_of(p, "title"))
            .run();
    } else if (type == "summary/section-set") {
        Query existing =
            db.query("SELECT position FROM summary_sections WHERE meeting_id = ? AND plugin = ? AND title = ?");
        existing->bind(1, meeting).bind(2, text_of(p, "plugin")).bind(3, text_of(p, "title"));
        std::int64_t position = 0;
        if (existing->step()) {
            position = existing->integer(0);
        } else {
            // After the last one (the count, for logs without removals, as before).
            Query last = db.query("SELECT COALESCE(MAX(position) + 1, 0) FROM summary_sections WHERE meeting_id = ?");
            last->bind(1, meeting);
            last->step();
            position = last->integer(0);
        }
        db.query("INSERT OR REPLACE INTO summary_sections (meeting_id, plugin, title, markdown, position) "
                 "VALUES (?, ?, ?, ?, ?)")
            ->bind(1, meeting)
            .bind(2, text_of(p, "plugin"))
            .bind(3, text_of(p, "title"))
            .bind(4, text_of(p, "markdown"))
            .bind(5, position)
            .run();
    } else if (type == "plugin/options-set") {
        db.query("DELETE FROM plugin_options WHERE meeting_id = ? AND plugin = ?")
            ->bind(1, meeting)
            .bind(2, text_of(p, "plugin"))
            .run();
        Object::Ptr options = p->getObject("options");
        for (const auto& [name, value] : *options) {
            db.query("INSERT INTO plugin_options (meeting_id, plugin, option, value) VALUES (?, ?, ?, ?)")
                ->bind(1, meeting)
                .bind(2, text_of(p, "plugin"))
                .bind(3, name)
                .bind(4, value.convert<std::string>())
                .run();
        }
    } else if (type == "items/imported") {
        Array::Ptr items = p->getArray("items");
        for (size_t i = 0; i < items->size(); ++i) {
            insert_item(items->getObject(static_cast<unsigned>(i)), std::nullopt);
        }
    } else if (type == "item/accepted" || type == "item/rejected") {
        db.query("UPDATE items SET state = ? WHERE meeting_id = ? AND id = ?")
            ->bind(1, type == "item/accepted" ? "accepted" : "rejected")
            .bind(2, meeting)
            .bind(3, integer_of(p, "id"))
            .run();
    } else if (type == "item/edited") {
        for (const char* column : {"text", "owner", "due"}) {
            if (p->has(column)) {
                db.query(std::string("UPDATE items SET ") + column + " = ? WHERE meeting_id = ? AND id = ?")
                    ->bind(1, text_of(p, column))
                    .bind(2, meeting)
                    .bind(3, integer_of(p, "id"))
                    .run();
            }
        }
        db.query("UPDATE items SET state = 'edited' WHERE meeting_id = ? AND id = ?")
            ->bind(1, meeting)
            .bind(2, integer_of(p, "id"))
            .run();
    } else if (type == "share/created") {
        std::int64_t id = integer_of(p, "id");
        db.query("INSERT INTO share_links (meeting_id, id, token_hash, visibility, expires_at, created_at) "
                 "VALUES (?, ?, ?, ?, ?, ?)")
            ->bind(1, meeting)
            .bind(2, id)
            .bind(3, text_of(p, "token_hash"))
            .bind(4, text_of(p, "visibility"))
            .bind(5, optional_text_of(p, "expires_at"))
            .bind(6, event.at)
            .run();
        bump_last_id(id);
    } else if (type == "share/revoked") {
        db.query("UPDATE share_links SET revoked_at = ? WHERE meeting_id = ? AND id = ?")
            ->bind(1, event.at)
            .bind(2, meeting)
            .bind(3, integer_of(p, "id"))
            .run();
    } else if (p->has("live")) {
        // Live facilitation's events change no projection: the live layer replays them.
    } else {
        throw SqliteError(0, "unknown event type " + type);
    }
    db.query("UPDATE meetings SET version = version + 1 WHERE id = ?")->bind(1, meeting).run();
}

void Store::rebuild_projections() {
    Locked lock(*this);
    Transaction transaction(*m_db);
    for (const char* table : {"tokens", "share_links", "items", "note_revisions", "notes", "agenda_items",
                              "participant_aliases", "participants", "meetings"}) {
        m_db->exec(std::string("DELETE FROM ") + table);
    }
    std::vector<Event> events;
    {
        Query q = m_db->query("SELECT meeting_id, at, actor, type, payload FROM events ORDER BY id");
        while (q->step()) {
            Poco::JSON::Parser parser;
            events.push_back(
                Event{q->text(0), q->text(1), q->text(2), q->text(3), parser.parse(q->text(4)).extract<Object::Ptr>()});
        }
    }
    for (const Event& event : events) {
        apply(event);
    }
    transaction.commit();
}

// ---------------------------------------------------------------------------
// Helpers for commands.

std::int64_t Store::next_id(const char*, const std::string& meeting_id) {
    Query q = m_db->query("SELECT last_id FROM meetings WHERE id = ?");
    q->bind(1, meeting_id);
    return q->step() ? q->integer(0) + 1 : 1;
}

bool Store::agenda_item_exists(const std::string& meeting_id, std::int64_t id) {
    return agenda_item_exists(*m_db, meeting_id, id);
}

bool Store::agenda_item_exists(Database& db, const std::string& meeting_id, std::int64_t id) {
    Query q = db.query("SELECT 1 FROM agenda_items WHERE meeting_id = ? AND id = ?");
    q->bind(1, meeting_id).bind(2, id);
    return q->step();
}

bool Store::participant_exists(const std::string& meeting_id, std::int64_t id) {
    Query q = m_db->query("SELECT 1 FROM participants WHERE meeting_id = ? AND id = ?");
    q->bind(1, meeting_id).bind(2, id);
    return q->step();
}

Expected<bool> Store::require_meeting(const std::string& meeting_id) {
    return require_meeting(*m_db, meeting_id);
}

Expected<bool> Store::require_meeting(Database& db, const std::string& meeting_id) {
    Query q = db.query("SELECT 1 FROM meetings WHERE id = ?");
    q->bind(1, meeting_id);
    if (!q->step()) {
        return not_found("meeting");
    }
    return true;
}

bool Store::meeting_exists(const std::string& meeting_id) {
    Reading reading(*this, /*snapshot=*/false);
    Database& db = reading.db();
    return bool(require_meeting(db, meeting_id));
}

std::optional<std::int64_t> Store::meeting_version(const std::string& meeting_id) {
    Reading reading(*this, /*snapshot=*/false);
    Database& db = reading.db();
    Query q = db.query("SELECT version FROM meetings WHERE id = ?");
    q->bind(1, meeting_id);
    if (!q->step()) {
        return std::nullopt;
    }
    return q->integer(0);
}

// ---------------------------------------------------------------------------
// Commands.

Expected<Created> Store::create_meeting(const MeetingFields& fields, const std::string& actor) {
    Locked lock(*this);
    if (!fields.title || fields.title->empty()) {
        return make_error("invalid", Phrase{"a meeting needs a title", "une rencontre doit avoir un titre"}, "title");
    }
    Created created{random_id(), random_token()};
    Object::Ptr payload = new Object;
    payload->set("title", *fields.title);
    payload->set("date", fields.date.value_or(""));
    payload->set("start", fields.start.value_or(""));
    payload->set("end", fields.end.value_or(""));
    payload->set("location", fields.location.value_or(""));
    payload->set("language", fields.language.value_or(""));
    payload->set("series", fields.series.value_or(""));
    payload->set("timezone", fields.timezone.value_or(""));
    payload->set("facilitator_key_hash", hash_token(created.facilitator_key));
    commit_event(created.meeting_id, actor, "meeting/created", payload);
    return created;
}

Expected<bool> Store::update_meeting(const Principal& who, const MeetingFields& fields) {
    Locked lock(*this);
    if (auto exists = require_meeting(who.meeting_id); !exists) {
        return exists.error();
    }
    if (fields.title && fields.title->empty()) {
        return make_error("invalid", Phrase{"a meeting needs a title", "une rencontre doit avoir un titre"}, "title");
    }
    Object::Ptr payload = new Object;
    const std::pair<const char*, const std::optional<std::string>*> values[] = {
        {"title", &fields.title},   {"date", &fields.date},         {"start", &fields.start},
        {"end", &fields.end},       {"location", &fields.location}, {"language", &fields.language},
        {"series", &fields.series}, {"timezone", &fields.timezone}};
    for (const auto& [key, value] : values) {
        if (*value) {
            payload->set(key, **value);
        }
    }
    commit_event(who.meeting_id, who.actor(), "meeting/updated", payload);
    return true;
}

namespace {

void flatten_agenda(const std::vector<AgendaItem>& items, std::optional<std::int64_t> parent, std::int64_t& next_id,
                    std::int64_t& position, std::vector<std::pair<Object::Ptr, std::int64_t>>& out,
                    std::vector<std::int64_t>* top_level_ids) {
    for (const AgendaItem& item : items) {
        std::int64_t id = next_id++;
        Object::Ptr payload = new Object;
        payload->set("id", Poco::Int64(id));
        set_optional(payload, "parent_id", parent);
        payload->set("position", Poco::Int64(++position));
        payload->set("number", item.number);
        payload->set("title", item.title);
        payload->set("type", item.type);
        payload->set("description", item.description);
        set_optional(payload, "duration_seconds",
                     item.duration_seconds ? std::optional<std::int64_t>(*item.duration_seconds) : std::nullopt);
        out.emplace_back(payload, id);
        if (top_level_ids) {
            top_level_ids->push_back(id);
        }
        flatten_agenda(item.children, id, next_id, position, out, nullptr);
    }
}

} // namespace

Expected<Created> Store::import_meeting(const Meeting& meeting, const std::vector<ImportedNote>& notes,
                                        const std::vector<ExtractedItem>& loose_items, const std::string& actor,
                                        const std::string& timezone) {
    Locked lock(*this);
    Created created{random_id(), random_token()};
    Transaction transaction(*m_db);
    Object::Ptr payload = new Object;
    payload->set("title", meeting.title.empty() ? std::string("Untitled meeting") : meeting.title);
    payload->set("date", meeting.date);
    payload->set("start", meeting.start);
    payload->set("end", meeting.end);
    payload->set("location", meeting.location);
    payload->set("language", meeting.language);
    payload->set("timezone", timezone);
    payload->set("facilitator_key_hash", hash_token(created.facilitator_key));
    append(created.meeting_id, actor, "meeting/created", payload);

    std::int64_t next = 1;
    for (const Participant& person : meeting.participants) {
        Object::Ptr invited = new Object;
        invited->set("id", Poco::Int64(next++));
        invited->set("name", person.name);
        invited->set("affiliation", person.affiliation);
        invited->set("email", "");
        std::string role = "participant";
        for (const std::string& written : person.roles) {
            if (parse_role(written)) {
                role = written;
                break;
            }
        }
        invited->set("role", role);
        invited->set("status", std::string(status_name(person.status)));
        invited->set("token_hash", Poco::Dynamic::Var());
        append(created.meeting_id, actor, "participant/invited", invited);
    }
    std::vector<std::pair<Object::Ptr, std::int64_t>> agenda;
    std::vector<std::int64_t> top_level_ids;
    std::int64_t position = 0;
    flatten_agenda(meeting.agenda, std::nullopt, next, position, agenda, &top_level_ids);
    for (const auto& [item, id] : agenda) {
        append(created.meeting_id, actor, "agenda/item-added", item);
    }
    for (const ImportedNote& note : notes) {
        // Notes name agenda items by their index among the top-level items read.
        if (note.agenda_item_id < 0 || static_cast<size_t>(note.agenda_item_id) >= top_level_ids.size()) {
            continue;
        }
        std::int64_t agenda_item_id = top_level_ids[static_cast<size_t>(note.agenda_item_id)];
        Array::Ptr items = new Array;
        for (const ExtractedItem& item : note.items) {
            items->add(item_payload(next++, item, item.text));
        }
        Object::Ptr saved = new Object;
        saved->set("agenda_item_id", Poco::Int64(agenda_item_id));
        saved->set("revision", Poco::Int64(1));
        saved->set("base_revision", Poco::Int64(0));
        saved->set("text", note.text);
        saved->set("items", items);
        append(created.meeting_id, actor, "note/saved", saved);
    }
    if (!loose_items.empty()) {
        Array::Ptr items = new Array;
        for (const ExtractedItem& item : loose_items) {
            items->add(item_payload(next++, item, item.text));
        }
        Object::Ptr imported = new Object;
        imported->set("items", items);
        append(created.meeting_id, actor, "items/imported", imported);
    }
    transaction.commit();
    return created;
}

Expected<std::int64_t> Store::add_agenda_item(const Principal& who, const AgendaFields& fields) {
    Locked lock(*this);
    if (auto exists = require_meeting(who.meeting_id); !exists) {
        return exists.error();
    }
    if (!fields.title || fields.title->empty()) {
        return make_error("invalid",
                          Phrase{"an agenda item needs a title", "un point de l’ordre du jour doit avoir un titre"},
                          "title");
    }
    std::optional<std::int64_t> parent;
    if (fields.parent_id && *fields.parent_id != 0) {
        if (!agenda_item_exists(who.meeting_id, *fields.parent_id)) {
            return make_error(
                "invalid", Phrase{"no agenda item has this id", "aucun point de l’ordre du jour n’a cet identifiant"},
                "parent_id");
        }
        parent = fields.parent_id;
    }
    Transaction transaction(*m_db);
    std::int64_t id = next_id("agenda_items", who.meeting_id);
    std::int64_t position = 1;
    {
        Query q = m_db->query("SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?");
        q->bind(1, who.meeting_id);
        q->step();
        position = q->integer(0);
    }
    Object::Ptr payload = new Object;
    payload->set("id", Poco::Int64(id));
    set_optional(payload, "parent_id", parent);
    payload->set("position", Poco::Int64(position));
    payload->set("number", fields.number.value_or(""));
    payload->set("title", *fields.title);
    payload->set("type", fields.type.value_or(""));
    payload->set("description", fields.description.value_or(""));
    set_optional(payload, "duration_seconds", fields.duration_seconds);
    append(who.meeting_id, who.actor(), "agenda/item-added", payload);
    transaction.commit();
    return id;
}

Expected<bool> Store::update_agenda_item(const Principal& who, std::int64_t id, const AgendaFields& fields) {
    Locked lock(*this);
    if (auto exists = require_meeting(who.meeting_id); !exists) {
        return exists.error();
    }
    if (!agenda_item_exists(who.meeting_id, id)) {
        return not_found("agenda item");
    }
    if (fields.title && fields.title->empty()) {
        return make_error("invalid",
                          Phrase{"an agenda item needs a title", "un point de l’ordre du jour doit avoir un titre"},
                          "title");
    }
    if (fields.parent_id) {
        return make_error("invalid",
                          Phrase{"move items with the reorder route", "déplacez les points avec la route reorder"},
                          "parent_id");
    }
    Object::Ptr payload = new Object;
    payload->set("id", Poco::Int64(id));
    const std::pair<const char*, const std::optional<std::string>*> values[] = {{"title", &fields.title},
                                                                                {"type", &fields.type},
                                                                                {"description", &fields.description},
                                                                                {"number", &fields.number}};
    for (const auto& [key, value] : values) {
        if (*value) {
            payload->set(key, **value);
        }
    }
    if (fields.duration_seconds) {
        payload->set("duration_seconds", Poco::Int64(*fields.duration_seconds));
    } else if (fields.clear_duration) {
        payload->set("duration_seconds", Poco::Dynamic::Var()); // null: the projection clears it
    }
    commit_event(who.meeting_id, who.actor(), "agenda/item-updated", payload);
    return true;
}

Expected<bool> Store::delete_agenda_item(const Principal& who, std::int64_t id) {
    Locked lock(*this);
    if (auto exists = require_meeting(who.meeting_id); !exists) {
        return exists.error();
    }
    if (!agenda_item_exists(who.meeting_id, id)) {
        return not_found("agenda item");
    }
    // The item and everything nested under it.
    Array::Ptr ids = new Array;
    std::vector<std::int64_t> pending = {id};
    while (!pending.empty()) {
        std::int64_t current = pending.back();
        pending.pop_back();
        ids->add(Poco::Int64(current));
        Query q = m_db->query("SELECT id FROM agenda_items WHERE meeting_id = ? AND parent_id = ?");
        q->bind(1, who.meeting_id).bind(2, current);
        while (q->step()) {
            pending.push_back(q->integer(0));
        }
    }
    Object::Ptr payload = new Object;
    payload->set("ids", ids);
    commit_event(who.meeting_id, who.actor(), "agenda/item-deleted", payload);
    return true;
}

Expected<bool> Store::reorder_agenda(const Principal& who, const std::vector<AgendaPlace>& order) {
    Locked lock(*this);
    if (auto exists = require_meeting(who.meeting_id); !exists) {
        return exists.error();
    }
    std::set<std::int64_t> current;
    {
        Query q = m_db->query("SELECT id FROM agenda_items WHERE meeting_id = ?");
        q->bind(1, who.meeting_id);
        while (q->step()) {
            current.insert(q->integer(0));
        }
    }
    const Phrase order_once{"the order must list every agenda item exactly once",
                            "la liste doit contenir chaque point de l’ordre du jour exactement une fois"};
    std::set<std::int64_t> listed;
    for (const AgendaPlace& place : order) {
        if (!current.contains(place.id) || !listed.insert(place.id).second) {
            return make_error("invalid", order_once, "items");
        }
    }
    if (listed != current) {
        return make_error("invalid", order_once, "items");
    }
    std::set<std::int64_t> seen;
    for (const auto& [id, parent, number] : order) {
        // A parent must come before its children, which also rules out cycles.
        if (parent != 0 && (!current.contains(parent) || !seen.contains(parent))) {
            return make_error("invalid",
                              Phrase{"a parent must exist and come before its children",
                                     "un point parent doit exister et précéder ses sous-points"},
                              "items");
        }
        seen.insert(id);
    }
    Array::Ptr entries = new Array;
    for (const auto& [id, parent, number] : order) {
        Object::Ptr entry = new Object;
        entry->set("id", Poco::Int64(id));
        set_optional(entry, "parent_id", parent == 0 ? std::nullopt : std::optional<std::int64_t>(parent));
        if (number) {
            entry->set("number", *number);
        }
        entries->add(entry);
    }
    Object::Ptr payload = new Object;
    payload->set("order", entries);
    commit_event(who.meeting_id, who.actor(), "agenda/reordered", payload);
    return true;
}

Expected<Store::Invited> Store::invite_participant(const Principal& who, const ParticipantFields& fields) {
    Locked lock(*this);
    if (auto exists = require_meeting(who.meeting_id); !exists) {
        return exists.error();
    }
    if (fields.name.empty()) {
        return make_error("invalid", Phrase{"a participant needs a name", "un·e participant·e doit avoir un nom"},
                          "name");
    }
    Transaction transaction(*m_db);
    Invited invited{next_id("participants", who.meeting_id), random_token()};
    Object::Ptr payload = new Object;
    payload->set("id", Poco::Int64(invited.participant_id));
    payload->set("name", fields.name);
    payload->set("affiliation", fields.affiliation);
    payload->set("email", fields.email);
    payload->set("role", std::string(role_name(fields.role)));
    payload->set("status", fields.status);
    payload->set("token_hash", hash_token(invited.token));
    append(who.meeting_id, who.actor(), "participant/invited", payload);
    transaction.commit();
    return invited;
}

Expected<std::string> Store::issue_token(const Principal& who, std::int64_t participant_id) {
    Locked lock(*this);
    if (auto exists = require_meeting(who.meeting_id); !exists) {
        return exists.error();
    }
    if (!participant_exists(who.meeting_id, participant_id)) {
        return not_found("participant");
    }
    std::string token = random_token();
    Object::Ptr payload = new Object;
    payload->set("id", Poco::Int64(participant_id));
    payload->set("token_hash", hash_token(token));
    commit_event(who.meeting_id, who.actor(), "participant/token-issued", payload);
    return token;
}

Expected<bool> Store::check_in(const Principal& who, std::int64_t participant_id) {
    Locked lock(*this);
    if (auto exists = require_meeting(who.meeting_id); !exists) {
        return exists.error();
    }
    if (!participant_exists(who.meeting_id, participant_id)) {
        return not_found("participant");
    }
    // People check themselves in from a while before the planned start, or once the meeting
    // runs; the facilitator marks anyone at any time.
    if (who.role != Role::Facilitator && !meeting_ran(*m_db, who.meeting_id)) {
        auto start = planned_start_utc(*m_db, who.meeting_id);
        auto now = epoch_seconds(m_clock());
        if (start && now && *now < *start - m_check_in_opens.count() * 60) {
            long long opens = *start - m_check_in_opens.count() * 60;
            std::string zone = timezone_of(*m_db, who.meeting_id);
            long long local = opens + timezone::utc_offset_or_local(zone, opens);
            long long day_seconds = ((local % 86400) + 86400) % 86400;
            char clock[16];
            std::snprintf(clock, sizeof clock, "%02lld:%02lld", day_seconds / 3600, day_seconds % 3600 / 60);
            static const char* const k_french_months[] = {"janvier", "février", "mars",      "avril",
                                                          "mai",     "juin",    "juillet",   "août",
                                                          "septembre", "octobre", "novembre", "décembre"};
            static const char* const k_english_months[] = {"January", "February", "March",     "April",
                                                           "May",     "June",     "July",      "August",
                                                           "September", "October", "November", "December"};
            long long days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
            datetime::Date day = datetime::civil_from_days(days);
            std::string english = std::string(k_english_months[day.month - 1]) + " " + std::to_string(day.day) + ", " +
                                  std::to_string(day.year) + " at " + clock;
            std::string french = (day.day == 1 ? std::string("1er") : std::to_string(day.day)) + " " +
                                 k_french_months[day.month - 1] + " " + std::to_string(day.year) + " à " +
                                 std::to_string(day_seconds / 3600) + " h " +
                                 (day_seconds % 3600 / 60 < 10 ? "0" : "") + std::to_string(day_seconds % 3600 / 60);
            return make_error("conflict", Phrase{"arrival can be noted from " + english,
                                                  "l’arrivée peut être notée à partir du " + french},
                              "check_in");
        }
    }
    Object::Ptr payload = new Object;
    payload->set("id", Poco::Int64(participant_id));
    payload->set("status", "present");
    commit_event(who.meeting_id, who.actor(), "participant/checked-in", payload);
    return true;
}

Expected<bool> Store::set_record(const Principal& who, std::int64_t participant_id, bool on_record) {
    Locked lock(*this);
    if (auto exists = require_meeting(who.meeting_id); !exists) {
        return exists.error();
    }
    if (!participant_exists(who.meeting_id, participant_id)) {
        return not_found("participant");
    }
    Object::Ptr payload = new Object;
    payload->set("id", Poco::Int64(participant_id));
    payload->set("record", on_record);
    commit_event(who.meeting_id, who.actor(), "participant/record-set", payload);
    return true;
}

Expected<bool> Store::check_out(const Principal& who, std::int64_t participant_id) {
    Locked lock(*this);
    if (auto exists = require_meeting(who.meeting_id); !exists) {
        return exists.error();
    }
    if (!participant_exists(who.meeting_id, participant_id)) {
        return not_found("participant");
    }
    Object::Ptr payload = new Object;
    payload->set("id", Poco::Int64(participant_id));
    commit_event(who.meeting_id, who.actor(), "participant/checked-out", payload);
    return true;
}

Expected<bool> Store::set_status(const Principal& who, std::int64_t participant_id, const std::string& status) {
    Locked lock(*this);
    if (auto exists = require_meeting(who.meeting_id); !exists) {
        return exists.error();
    }
    static const std::set<std::string> k_statuses = {"invited", "present", "late", "excused", "absent"};
    if (!k_statuses.contains(status)) {
        return make_error("invalid",
                          Phrase{"status is one of invited, present, late, excused, absent",
                                 "status doit être invited, present, late, excused ou absent"},
                          "status");
    }
    if (!participant_exists(who.meeting_id, participant_id)) {
        return not_found("participant");
    }
    Object::Ptr payload = new Object;
    payload->set("id", Poco::Int64(participant_id));
    payload->set("status", status);
    commit_event(who.meeting_id, who.actor(), "participant/status-set", payload);
    return true;
}

namespace {

// Aliases are compared as e-mail addresses (lower case) or as folded names.
std::string alias_key(std::string_view written) {
    return written.find('@') != std::string_view::npos ? text::to_lower(text::trim(written)) : text::fold_key(written);
}

} // namespace

Expected<AttendanceRecorded> Store::record_attendance(const Principal& who, const std::vector<AttendanceEntry>& entries,
                                                      const std::vector<AliasEntry>& aliases,
                                                      const std::string& source) {
    Locked lock(*this);
    if (auto exists = require_meeting(who.meeting_id); !exists) {
        return exists.error();
    }
    if (entries.empty()) {
        return make_error("invalid", Phrase{"the attendance names nobody", "la liste des présences ne nomme personne"},
                          "entries");
    }
    for (const AliasEntry& alias : aliases) {
        if (alias_key(alias.written).empty()) {
            return make_error("invalid", Phrase{"an alias needs a name", "un alias doit avoir un nom"}, "alias");
        }
        if (!participant_exists(who.meeting_id, alias.participant_id)) {
            return make_error(
                "invalid",
                Phrase{"alias '" + alias.written + "': no participant has this id",
                       "alias «\u00a0" + alias.written + "\u00a0»\u00a0: aucun·e participant·e n’a cet identifiant"},
                "alias");
        }
    }
    std::set<std::int64_t> seen;
    for (const AttendanceEntry& entry : entries) {
        if (entry.participant_id) {
            if (!participant_exists(who.meeting_id, *entry.participant_id)) {
                const std::string id = std::to_string(*entry.participant_id);
                return make_error(
                    "invalid", Phrase{"no participant has id " + id, "aucun·e participant·e n’a l’identifiant " + id},
                    "participant_id");
            }
            if (!seen.insert(*entry.participant_id).second) {
                const std::string id = std::to_string(*entry.participant_id);
                return make_error(
                    "invalid", Phrase{"participant " + id + " twice", "participant·e " + id + " indiqué·e deux fois"},
                    "participant_id");
            }
        } else if (text::trim(entry.name).empty()) {
            return make_error(
                "invalid", Phrase{"a new participant needs a name", "un·e nouvel·le participant·e doit avoir un nom"},
                "name");
        }
    }
    AttendanceRecorded recorded;
    Transaction transaction(*m_db);
    std::int64_t next = next_id("participants", who.meeting_id);
    Array::Ptr list = new Array;
    for (const AttendanceEntry& entry : entries) {
        Object::Ptr object = new Object;
        if (entry.participant_id) {
            object->set("id", Poco::Int64(*entry.participant_id));
            ++recorded.updated;
        } else {
            object->set("id", Poco::Int64(next++));
            object->set("new", true);
            object->set("name", text::trim_copy(entry.name));
            object->set("email", entry.email);
            object->set("affiliation", entry.affiliation);
            ++recorded.added;
        }
        set_optional(object, "joined", entry.joined.empty() ? std::nullopt : std::optional<std::string>(entry.joined));
        set_optional(object, "left", entry.left.empty() ? std::nullopt : std::optional<std::string>(entry.left));
        set_optional(object, "minutes", entry.minutes);
        set_optional(object, "speaking_seconds", entry.speaking_seconds);
        list->add(object);
    }
    Array::Ptr alias_list = new Array;
    for (const AliasEntry& alias : aliases) {
        Object::Ptr object = new Object;
        object->set("alias", alias_key(alias.written));
        object->set("written", text::trim_copy(alias.written));
        object->set("participant_id", Poco::Int64(alias.participant_id));
        alias_list->add(object);
        ++recorded.aliases;
    }
    Object::Ptr payload = new Object;
    payload->set("source", source);
    payload->set("entries", list);
    payload->set("aliases", alias_list);
    append(who.meeting_id, who.actor(), "attendance/recorded", payload);
    transaction.commit();
    return recorded;
}

Expected<bool> Store::confirm_alias(const Principal& who, const AliasEntry& alias) {
    Locked lock(*this);
    if (auto exists = require_meeting(who.meeting_id); !exists) {
        return exists.error();
    }
    if (alias_key(alias.written).empty()) {
        return make_error("invalid", Phrase{"an alias needs a name", "un alias doit avoir un nom"}, "name");
    }
    if (!participant_exists(who.meeting_id, alias.participant_id)) {
        return not_found("participant", "participant_id");
    }
    Object::Ptr payload = new Object;
    payload->set("alias", alias_key(alias.written));
    payload->set("written", text::trim_copy(alias.written));
    payload->set("participant_id", Poco::Int64(alias.participant_id));
    commit_event(who.meeting_id, who.actor(), "alias/confirmed", payload);
    return true;
}

Expected<std::vector<AliasEntry>> Store::aliases(const std::string& meeting_id) {
    Locked lock(*this);
    if (auto exists = require_meeting(meeting_id); !exists) {
        return exists.error();
    }
    std::vector<AliasEntry> list;
    Query q =
        m_db->query("SELECT written, participant_id FROM participant_aliases WHERE meeting_id = ? ORDER BY alias");
    q->bind(1, meeting_id);
    while (q->step()) {
        list.push_back(AliasEntry{q->text(0), q->integer(1)});
    }
    return list;
}

Expected<std::vector<std::string>> Store::series_meetings(const std::string& meeting_id) {
    Locked lock(*this);
    std::string series;
    {
        Query q = m_db->query("SELECT series FROM meetings WHERE id = ?");
        q->bind(1, meeting_id);
        if (!q->step()) {
            return not_found("meeting");
        }
        series = q->text(0);
    }
    if (series.empty()) {
        return std::vector<std::string>{meeting_id};
    }
    std::vector<std::string> ids;
    Query q = m_db->query("SELECT id FROM meetings WHERE series = ? ORDER BY date, start_time, created_at, id");
    q->bind(1, series);
    while (q->step()) {
        ids.push_back(q->text(0));
    }
    return ids;
}

Expected<std::map<std::int64_t, std::string>> Store::notes_by_item(const std::string& meeting_id) {
    Locked lock(*this);
    if (auto exists = require_meeting(meeting_id); !exists) {
        return exists.error();
    }
    std::map<std::int64_t, std::string> notes;
    Query q = m_db->query("SELECT agenda_item_id, text FROM notes WHERE meeting_id = ?");
    q->bind(1, meeting_id);
    while (q->step()) {
        notes[q->integer(0)] = q->text(1);
    }
    return notes;
}

Expected<std::int64_t> Store::note_revision(const std::string& meeting_id, std::int64_t agenda_item_id) {
    Reading reading(*this);
    Database& db = reading.db();
    if (auto exists = require_meeting(db, meeting_id); !exists) {
        return exists.error();
    }
    if (!agenda_item_exists(db, meeting_id, agenda_item_id)) {
        return not_found("agenda item");
    }
    Query q = db.query("SELECT revision FROM notes WHERE meeting_id = ? AND agenda_item_id = ?");
    q->bind(1, meeting_id).bind(2, agenda_item_id);
    return q->step() ? q->integer(0) : std::int64_t(0);
}

// Items found again keep their id, and a person's decision (accepted, rejected,
// edited) survives re-extraction; accepted or edited items whose line was
// removed are kept, since a person vouched for them. Undecided items that are no
// longer found disappear.
void Store::add_note_saved(const std::string& meeting_id, const std::string& actor, std::int64_t agenda_item_id,
                           std::int64_t revision, std::int64_t base_revision, const std::string& text,
                           const std::vector<ExtractedItem>& extracted) {
    struct Existing {
        std::int64_t id;
        ExtractedItem item;
        std::string extracted_text;
        bool used = false;
    };
    std::vector<Existing> existing;
    {
        Query q =
            m_db->query("SELECT id, kind, state, text, extracted_text, owner, due, url, votes, rule, plugin, line "
                        "FROM items WHERE meeting_id = ? AND agenda_item_id = ? ORDER BY id");
        q->bind(1, meeting_id).bind(2, agenda_item_id);
        while (q->step()) {
            ExtractedItem item{q->text(1), q->text(2), q->text(3), q->text(5),  q->text(6),
                               q->text(7), q->text(8), q->text(9), q->text(10), static_cast<int>(q->integer(11))};
            existing.push_back(Existing{q->integer(0), item, q->text(4)});
        }
    }
    std::int64_t next = next_id("items", meeting_id);
    Array::Ptr items = new Array;
    for (const ExtractedItem& found : extracted) {
        auto match = std::find_if(existing.begin(), existing.end(), [&](const Existing& e) {
            return !e.used && e.item.kind == found.kind && e.extracted_text == found.text;
        });
        if (match == existing.end()) {
            items->add(item_payload(next++, found, found.text));
            continue;
        }
        match->used = true;
        if (is_decided(match->item.state)) {
            ExtractedItem kept = match->item;
            kept.line = found.line;
            items->add(item_payload(match->id, kept, match->extracted_text));
        } else {
            items->add(item_payload(match->id, found, found.text));
        }
    }
    for (const Existing& e : existing) {
        if (!e.used && (e.item.state == "accepted" || e.item.state == "edited")) {
            ExtractedItem kept = e.item;
            kept.line = 0;
            items->add(item_payload(e.id, kept, e.extracted_text));
        }
    }
    Object::Ptr payload = new Object;
    payload->set("agenda_item_id", Poco::Int64(agenda_item_id));
    payload->set("revision", Poco::Int64(revision));
    payload->set("base_revision", Poco::Int64(base_revision));
    payload->set("text", text);
    payload->set("items", items);
    append(meeting_id, actor, "note/saved", payload);
}

Expected<SaveOutcome> Store::save_note(const Principal& who, std::int64_t agenda_item_id, std::int64_t base_revision,
                                       const std::string& text, const std::vector<ExtractedItem>& extracted,
                                       bool share_commit) {
    Locked lock(*this, share_commit);
    if (auto exists = require_meeting(who.meeting_id); !exists) {
        return exists.error();
    }
    if (!agenda_item_exists(who.meeting_id, agenda_item_id)) {
        return not_found("agenda item");
    }
    Transaction transaction(*m_db);
    SaveOutcome outcome;
    std::int64_t current = 0;
    std::string current_text;
    {
        Query q = m_db->query("SELECT revision, text FROM notes WHERE meeting_id = ? AND agenda_item_id = ?");
        q->bind(1, who.meeting_id).bind(2, agenda_item_id);
        if (q->step()) {
            current = q->integer(0);
            current_text = q->text(1);
        }
    }
    if (base_revision != current) {
        outcome.conflict = NoteConflict{current, current_text};
        return outcome;
    }
    outcome.revision = current + 1;
    add_note_saved(who.meeting_id, who.actor(), agenda_item_id, outcome.revision, base_revision, text, extracted);
    transaction.commit();
    return outcome;
}

namespace {

Error item_not_found() {
    return make_error("not_found", Phrase{"item not found", "élément introuvable"});
}

} // namespace

// Shared by accept, reject and edit: the meeting and the item must exist.
// Called with m_mutex held.
Expected<bool> Store::check_item(const Principal& who, std::int64_t item_id) {
    if (auto exists = require_meeting(who.meeting_id); !exists) {
        return exists.error();
    }
    Query q = m_db->query("SELECT 1 FROM items WHERE meeting_id = ? AND id = ?");
    q->bind(1, who.meeting_id).bind(2, item_id);
    if (!q->step()) {
        return item_not_found();
    }
    return true;
}

// Appends an item event carrying the item id and whatever the caller added.
// Called with m_mutex held, after check_item.
void Store::append_item_event(const Principal& who, std::int64_t item_id, const char* type, Object::Ptr payload) {
    payload->set("id", Poco::Int64(item_id));
    commit_event(who.meeting_id, who.actor(), type, payload);
}

Expected<std::int64_t> Store::add_item(const Principal& who, std::optional<std::int64_t> agenda_item_id,
                                       const ExtractedItem& item) {
    Locked lock(*this);
    QUORUM_TRY(exists, require_meeting(who.meeting_id));
    (void)exists;
    if (item.kind != "action" && item.kind != "decision" && item.kind != "resource") {
        return make_error("invalid",
                          Phrase{"kind is action, decision or resource", "kind doit être action, decision ou resource"},
                          "kind");
    }
    if (item.text.empty() && item.url.empty()) {
        return make_error("invalid", Phrase{"an item needs a text", "un élément doit avoir un texte"}, "text");
    }
    if (agenda_item_id && !agenda_item_exists(who.meeting_id, *agenda_item_id)) {
        return not_found("agenda item", "item");
    }
    Transaction transaction(*m_db);
    std::int64_t id = next_id("items", who.meeting_id);
    Object::Ptr payload = new Object;
    payload->set("item", item_payload(id, item, item.text));
    if (agenda_item_id) {
        payload->set("agenda_item_id", Poco::Int64(*agenda_item_id));
    }
    append(who.meeting_id, who.actor(), "item/added", payload);
    transaction.commit();
    return id;
}

Expected<bool> Store::set_summary_section(const Principal& who, const std::string& plugin, const std::string& title,
                                          const std::string& markdown) {
    Locked lock(*this);
    QUORUM_TRY(exists, require_meeting(who.meeting_id));
    if (title.empty()) {
        return make_error("invalid", Phrase{"a section needs a title", "une section doit avoir un titre"}, "title");
    }
    Query count =
        m_db->query("SELECT COUNT(*), SUM(title = ?) FROM summary_sections WHERE meeting_id = ? AND plugin = ?");
    count->bind(1, title).bind(2, who.meeting_id).bind(3, plugin);
    count->step();
    if (markdown.empty() && count->integer(1) == 0) {
        return exists; // removing a section that is not there: nothing to record
    }
    if (count->integer(0) >= k_max_sections_per_plugin && count->integer(1) == 0) {
        const std::string most = std::to_string(k_max_sections_per_plugin);
        return make_error("invalid",
                          Phrase{"a plugin adds at most " + most + " summary sections to a meeting",
                                 "une extension ajoute au plus " + most + " sections au résumé d’une rencontre"});
    }
    Object::Ptr payload = new Object;
    payload->set("plugin", plugin);
    payload->set("title", title);
    payload->set("markdown", markdown);
    commit_event(who.meeting_id, who.actor(), "summary/section-set", payload);
    return exists;
}

Expected<bool> Store::set_plugin_options(const Principal& who, const std::string& plugin,
                                         const std::map<std::string, std::string>& options) {
    Locked lock(*this);
    QUORUM_TRY(exists, require_meeting(who.meeting_id));
    Object::Ptr values = new Object;
    for (const auto& [name, value] : options) {
        values->set(name, value);
    }
    Object::Ptr payload = new Object;
    payload->set("plugin", plugin);
    payload->set("options", values);
    commit_event(who.meeting_id, who.actor(), "plugin/options-set", payload);
    return exists;
}

std::map<std::string, std::string> Store::plugin_options(const std::string& meeting_id, const std::string& plugin) {
    Locked lock(*this);
    std::map<std::string, std::string> options;
    Query q = m_db->query("SELECT option, value FROM plugin_options WHERE meeting_id = ? AND plugin = ?");
    q->bind(1, meeting_id).bind(2, plugin);
    while (q->step()) {
        options[q->text(0)] = q->text(1);
    }
    return options;
}

Expected<bool> Store::accept_item(const Principal& who, std::int64_t item_id) {
    Locked lock(*this);
    QUORUM_TRY(exists, check_item(who, item_id));
    append_item_event(who, item_id, "item/accepted", new Object);
    return exists;
}

Expected<bool> Store::reject_item(const Principal& who, std::int64_t item_id) {
    Locked lock(*this);
    QUORUM_TRY(exists, check_item(who, item_id));
    append_item_event(who, item_id, "item/rejected", new Object);
    return exists;
}

Expected<bool> Store::edit_item(const Principal& who, std::int64_t item_id, const std::optional<std::string>& text,
                                const std::optional<std::string>& owner, const std::optional<std::string>& due) {
    Locked lock(*this);
    QUORUM_TRY(exists, check_item(who, item_id));
    if (text && text->empty()) {
        return make_error("invalid", Phrase{"an item needs a text", "un élément doit avoir un texte"}, "text");
    }
    Object::Ptr payload = new Object;
    if (text) {
        payload->set("text", *text);
    }
    if (owner) {
        payload->set("owner", *owner);
    }
    if (due) {
        payload->set("due", *due);
    }
    append_item_event(who, item_id, "item/edited", payload);
    return exists;
}

Expected<Store::Shared> Store::create_share_link(const Principal& who, const std::string& visibility,
                                                 const std::optional<std::string>& expires_at) {
    Locked lock(*this);
    if (auto exists = require_meeting(who.meeting_id); !exists) {
        return exists.error();
    }
    if (visibility != "public" && visibility != "participants") {
        return make_error("invalid",
                          Phrase{"visibility is public or participants", "visibility doit être public ou participants"},
                          "visibility");
    }
    Transaction transaction(*m_db);
    Shared shared{next_id("share_links", who.meeting_id), random_token()};
    Object::Ptr payload = new Object;
    payload->set("id", Poco::Int64(shared.id));
    payload->set("token_hash", hash_token(shared.token));
    payload->set("visibility", visibility);
    set_optional(payload, "expires_at", expires_at);
    append(who.meeting_id, who.actor(), "share/created", payload);
    transaction.commit();
    return shared;
}

Expected<bool> Store::revoke_share_link(const Principal& who, std::int64_t id) {
    Locked lock(*this);
    if (auto exists = require_meeting(who.meeting_id); !exists) {
        return exists.error();
    }
    {
        Query q = m_db->query("SELECT 1 FROM share_links WHERE meeting_id = ? AND id = ? AND revoked_at IS NULL");
        q->bind(1, who.meeting_id).bind(2, id);
        if (!q->step()) {
            return not_found("share link");
        }
    }
    Object::Ptr payload = new Object;
    payload->set("id", Poco::Int64(id));
    commit_event(who.meeting_id, who.actor(), "share/revoked", payload);
    return true;
}

Expected<bool> Store::erase_meeting(const std::string& meeting_id) {
    Locked lock(*this);
    if (auto exists = require_meeting(meeting_id); !exists) {
        return exists.error();
    }
    Transaction transaction(*m_db);
    // Projections go with the meeting row (ON DELETE CASCADE); the log is deleted
    // explicitly: erasing means nothing about the meeting remains.
    m_db->query("DELETE FROM meetings WHERE id = ?")->bind(1, meeting_id).run();
    m_db->query("DELETE FROM events WHERE meeting_id = ?")->bind(1, meeting_id).run();
    transaction.commit();
    if (m_db->group_open()) {
        finish_batch(); // the erase's own COMMIT, now, so that the checkpoint below holds it
    }
    if (take_commit_failure()) {
        return make_error("internal", Phrase{"the erase was not saved", "l’effacement n’a pas été enregistré"});
    }
    // secure_delete zeroed the erased rows in the pages written to the WAL; a
    // TRUNCATE checkpoint copies those pages into the database and empties the
    // WAL, so no earlier frame still holds them. It waits (busy timeout) for
    // readers of older snapshots.
    Query checkpoint = m_db->query("PRAGMA wal_checkpoint(TRUNCATE)");
    if (checkpoint->step() && checkpoint->integer(0) != 0) {
        std::fprintf(stderr, "quorum: erase of %s: the WAL checkpoint was blocked by a reader\n", meeting_id.c_str());
    }
    if (m_erase_observer) {
        m_erase_observer(meeting_id);
    }
    return true;
}

// ---------------------------------------------------------------------------
// Reads.

std::optional<Principal> Store::authenticate(std::string_view token) {
    if (token.empty() || token.size() > 512) {
        return std::nullopt;
    }
    std::string hash = hash_token(token);
    Reading reading(*this, /*snapshot=*/false);
    Database& db = reading.db();
    Query q = db.query("SELECT hash, meeting_id, role, participant_id FROM tokens WHERE hash = ?");
    q->bind(1, hash);
    // The index lookup finds the row; the constant-time comparison is what decides.
    if (!q->step() || !constant_time_equal(q->text(0), hash)) {
        return std::nullopt;
    }
    auto role = parse_role(q->text(2));
    if (!role) {
        return std::nullopt;
    }
    return Principal{q->text(1), *role, q->optional_integer(3), {}};
}

std::optional<ShareLink> Store::resolve_share_link(std::string_view token) {
    if (token.empty() || token.size() > 512) {
        return std::nullopt;
    }
    std::string hash = hash_token(token);
    std::string at = now();
    Reading reading(*this, /*snapshot=*/false);
    Database& db = reading.db();
    Query q = db.query("SELECT token_hash, meeting_id, visibility, expires_at, revoked_at, id FROM share_links "
                       "WHERE token_hash = ?");
    q->bind(1, hash);
    if (!q->step() || !constant_time_equal(q->text(0), hash) || !q->is_null(4)) {
        return std::nullopt;
    }
    // ISO-8601 UTC strings of the same shape compare in time order.
    if (auto expires = q->optional_text(3); expires && *expires <= at) {
        return std::nullopt;
    }
    return ShareLink{q->text(1), q->text(2), q->integer(5)};
}

Array::Ptr Store::agenda_json(const std::string& meeting_id) {
    struct Row {
        Object::Ptr object;
        std::optional<std::int64_t> parent;
    };
    std::vector<Row> rows;
    std::map<std::int64_t, Object::Ptr> by_id;
    Query q = m_db->query("SELECT id, parent_id, number, title, type, description, duration_seconds FROM agenda_items "
                          "WHERE meeting_id = ? ORDER BY position, id");
    q->bind(1, meeting_id);
    while (q->step()) {
        Object::Ptr object = new Object;
        object->set("id", Poco::Int64(q->integer(0)));
        object->set("number", q->text(2));
        object->set("title", q->text(3));
        object->set("type", q->text(4));
        object->set("description", q->text(5));
        set_optional(object, "duration_seconds", q->optional_integer(6));
        object->set("children", Array::Ptr(new Array));
        by_id[q->integer(0)] = object;
        rows.push_back(Row{object, q->optional_integer(1)});
    }
    Array::Ptr top = new Array;
    for (const Row& row : rows) {
        auto parent = row.parent ? by_id.find(*row.parent) : by_id.end();
        if (parent == by_id.end()) {
            top->add(row.object);
        } else {
            parent->second->getArray("children")->add(row.object);
        }
    }
    return top;
}

Expected<Object::Ptr> Store::meeting_json(const std::string& meeting_id) {
    Locked lock(*this);
    Object::Ptr object = new Object;
    {
        Query q = m_db->query("SELECT id, title, date, start_time, end_time, location, language, created_at, version, "
                              "series, timezone FROM meetings WHERE id = ?");
        q->bind(1, meeting_id);
        if (!q->step()) {
            return not_found("meeting");
        }
        object->set("id", q->text(0));
        object->set("title", q->text(1));
        object->set("date", q->text(2));
        object->set("start", q->text(3));
        object->set("end", q->text(4));
        object->set("location", q->text(5));
        object->set("language", q->text(6));
        object->set("created_at", q->text(7));
        object->set("version", Poco::Int64(q->integer(8)));
        object->set("series", q->text(9));
        object->set("timezone", q->text(10));
    }
    object->set("agenda", agenda_json(meeting_id));
    Array::Ptr notes = new Array;
    {
        Query q =
            m_db->query("SELECT agenda_item_id, revision FROM notes WHERE meeting_id = ? ORDER BY agenda_item_id");
        q->bind(1, meeting_id);
        while (q->step()) {
            Object::Ptr note = new Object;
            note->set("agenda_item_id", Poco::Int64(q->integer(0)));
            note->set("revision", Poco::Int64(q->integer(1)));
            notes->add(note);
        }
    }
    object->set("notes", notes);
    return object;
}

Expected<Array::Ptr> Store::participants_json(const std::string& meeting_id) {
    Locked lock(*this);
    if (auto exists = require_meeting(meeting_id); !exists) {
        return exists.error();
    }
    Array::Ptr array = new Array;
    Query q = m_db->query("SELECT id, name, affiliation, email, role, status, checked_in_at, checked_out_at, "
                          "joined_at, left_at, attended_minutes, speaking_seconds, record "
                          "FROM participants WHERE meeting_id = ? ORDER BY id");
    q->bind(1, meeting_id);
    while (q->step()) {
        Object::Ptr object = new Object;
        object->set("id", Poco::Int64(q->integer(0)));
        object->set("name", q->text(1));
        object->set("affiliation", q->text(2));
        object->set("email", q->text(3));
        object->set("role", q->text(4));
        object->set("status", q->text(5));
        set_optional(object, "checked_in_at", q->optional_text(6));
        set_optional(object, "checked_out_at", q->optional_text(7));
        // From an attendance import (see interop/attendance).
        set_optional(object, "joined", q->optional_text(8));
        set_optional(object, "left", q->optional_text(9));
        set_optional(object, "minutes", q->optional_integer(10));
        set_optional(object, "speaking_seconds", q->optional_integer(11));
        // Consent: null until the participant answers, then "on" or "off".
        set_optional(object, "record", q->optional_text(12));
        array->add(object);
    }
    return array;
}

Expected<Object::Ptr> Store::note_json(const std::string& meeting_id, std::int64_t agenda_item_id) {
    Reading reading(*this);
    Database& db = reading.db();
    if (auto exists = require_meeting(db, meeting_id); !exists) {
        return exists.error();
    }
    if (!agenda_item_exists(db, meeting_id, agenda_item_id)) {
        return not_found("agenda item");
    }
    Object::Ptr object = new Object;
    object->set("agenda_item_id", Poco::Int64(agenda_item_id));
    Query q = db.query("SELECT revision, text FROM notes WHERE meeting_id = ? AND agenda_item_id = ?");
    q->bind(1, meeting_id).bind(2, agenda_item_id);
    bool found = q->step();
    object->set("revision", Poco::Int64(found ? q->integer(0) : 0));
    object->set("text", found ? q->text(1) : std::string());
    return object;
}

Expected<Array::Ptr> Store::note_history_json(const std::string& meeting_id, std::int64_t agenda_item_id) {
    Locked lock(*this);
    if (auto exists = require_meeting(meeting_id); !exists) {
        return exists.error();
    }
    if (!agenda_item_exists(meeting_id, agenda_item_id)) {
        return not_found("agenda item");
    }
    Array::Ptr array = new Array;
    Query q = m_db->query("SELECT revision, base_revision, at, actor, length(CAST(text AS BLOB)) FROM note_revisions "
                          "WHERE meeting_id = ? AND agenda_item_id = ? ORDER BY revision");
    q->bind(1, meeting_id).bind(2, agenda_item_id);
    while (q->step()) {
        Object::Ptr object = new Object;
        object->set("revision", Poco::Int64(q->integer(0)));
        object->set("base_revision", Poco::Int64(q->integer(1)));
        object->set("at", q->text(2));
        object->set("actor", q->text(3));
        object->set("bytes", Poco::Int64(q->integer(4)));
        array->add(object);
    }
    return array;
}

Expected<Object::Ptr> Store::note_revision_json(const std::string& meeting_id, std::int64_t agenda_item_id,
                                                std::int64_t revision) {
    Locked lock(*this);
    if (auto exists = require_meeting(meeting_id); !exists) {
        return exists.error();
    }
    Query q = m_db->query("SELECT revision, base_revision, at, actor, text FROM note_revisions "
                          "WHERE meeting_id = ? AND agenda_item_id = ? AND revision = ?");
    q->bind(1, meeting_id).bind(2, agenda_item_id).bind(3, revision);
    if (!q->step()) {
        return not_found("revision");
    }
    Object::Ptr object = new Object;
    object->set("agenda_item_id", Poco::Int64(agenda_item_id));
    object->set("revision", Poco::Int64(q->integer(0)));
    object->set("base_revision", Poco::Int64(q->integer(1)));
    object->set("at", q->text(2));
    object->set("actor", q->text(3));
    object->set("text", q->text(4));
    return object;
}

Expected<Array::Ptr> Store::items_json(const std::string& meeting_id) {
    Locked lock(*this);
    if (auto exists = require_meeting(meeting_id); !exists) {
        return exists.error();
    }
    Array::Ptr array = new Array;
    Query q = m_db->query("SELECT id, agenda_item_id, kind, state, text, extracted_text, owner, due, url, votes, rule, "
                          "plugin, line FROM items WHERE meeting_id = ? ORDER BY id");
    q->bind(1, meeting_id);
    while (q->step()) {
        Object::Ptr object = new Object;
        object->set("id", Poco::Int64(q->integer(0)));
        set_optional(object, "agenda_item_id", q->optional_integer(1));
        object->set("kind", q->text(2));
        object->set("state", q->text(3));
        object->set("text", q->text(4));
        object->set("extracted_text", q->text(5));
        object->set("owner", q->text(6));
        object->set("due", q->text(7));
        object->set("url", q->text(8));
        object->set("votes", q->text(9));
        object->set("rule", q->text(10));
        object->set("plugin", q->text(11));
        object->set("line", Poco::Int64(q->integer(12)));
        array->add(object);
    }
    return array;
}

Expected<Array::Ptr> Store::share_links_json(const std::string& meeting_id) {
    Locked lock(*this);
    if (auto exists = require_meeting(meeting_id); !exists) {
        return exists.error();
    }
    Array::Ptr array = new Array;
    Query q = m_db->query("SELECT id, visibility, expires_at, created_at, revoked_at FROM share_links "
                          "WHERE meeting_id = ? ORDER BY id");
    q->bind(1, meeting_id);
    while (q->step()) {
        Object::Ptr object = new Object;
        object->set("id", Poco::Int64(q->integer(0)));
        object->set("visibility", q->text(1));
        set_optional(object, "expires_at", q->optional_text(2));
        object->set("created_at", q->text(3));
        set_optional(object, "revoked_at", q->optional_text(4));
        array->add(object);
    }
    return array;
}

Expected<bool> Store::append_live_events(const std::string& meeting_id, const std::string& actor,
                                         const std::vector<LiveEvent>& events) {
    Locked lock(*this);
    QUORUM_TRY(exists, require_meeting(meeting_id));
    Transaction transaction(*m_db);
    for (const LiveEvent& event : events) {
        Object::Ptr payload = new Object;
        payload->set("live", true);
        payload->set("at_ms", Poco::Int64(event.at_ms));
        Poco::JSON::Parser parser;
        payload->set("data", parser.parse(event.data));
        append(meeting_id, actor, event.type, payload);
    }
    transaction.commit();
    return exists;
}

Expected<Array::Ptr> Store::agenda(const std::string& meeting_id) {
    Locked lock(*this);
    QUORUM_TRY(exists, require_meeting(meeting_id));
    (void)exists;
    return agenda_json(meeting_id);
}

text::Language Store::language(const std::string& meeting_id) {
    Locked lock(*this);
    Query q = m_db->query("SELECT language FROM meetings WHERE id = ?");
    q->bind(1, meeting_id);
    return q->step() && q->text(0) == "fr" ? text::Language::French : text::Language::English;
}

std::string Store::timezone(const std::string& meeting_id) {
    Locked lock(*this);
    Query q = m_db->query("SELECT timezone FROM meetings WHERE id = ?");
    q->bind(1, meeting_id);
    return q->step() ? q->text(0) : std::string();
}

Expected<std::vector<Store::LiveEvent>> Store::live_events(const std::string& meeting_id) {
    Locked lock(*this);
    QUORUM_TRY(exists, require_meeting(meeting_id));
    (void)exists;
    std::vector<LiveEvent> events;
    Query q = m_db->query("SELECT type, payload FROM events WHERE meeting_id = ? AND payload LIKE '%\"live\":true%' "
                          "ORDER BY id");
    q->bind(1, meeting_id);
    while (q->step()) {
        Poco::JSON::Parser parser;
        Object::Ptr payload = parser.parse(q->text(1)).extract<Object::Ptr>();
        if (!payload->has("live")) {
            continue;
        }
        events.push_back(
            LiveEvent{q->text(0), payload->getValue<Poco::Int64>("at_ms"), stringify(payload->getObject("data"))});
    }
    return events;
}

std::vector<std::string> Store::live_meeting_ids() {
    Locked lock(*this);
    std::vector<std::string> ids;
    Query q = m_db->query("SELECT DISTINCT meeting_id FROM events WHERE payload LIKE '%\"live\":true%'");
    while (q->step()) {
        ids.push_back(q->text(0));
    }
    return ids;
}

Expected<Array::Ptr> Store::events_json(const std::string& meeting_id) {
    Locked lock(*this);
    if (auto exists = require_meeting(meeting_id); !exists) {
        return exists.error();
    }
    Array::Ptr array = new Array;
    Query q = m_db->query("SELECT id, at, actor, type, payload FROM events WHERE meeting_id = ? ORDER BY id");
    q->bind(1, meeting_id);
    while (q->step()) {
        Object::Ptr object = new Object;
        object->set("id", Poco::Int64(q->integer(0)));
        object->set("at", q->text(1));
        object->set("actor", q->text(2));
        object->set("type", q->text(3));
        Poco::JSON::Parser parser;
        Poco::Dynamic::Var payload = parser.parse(q->text(4));
        // Token hashes stay in the store: neither the event log nor an export
        // carries them (an import makes new keys).
        if (payload.type() == typeid(Object::Ptr)) {
            auto fields = payload.extract<Object::Ptr>();
            fields->remove("token_hash");
            fields->remove("facilitator_key_hash");
        }
        object->set("payload", payload);
        array->add(object);
    }
    return array;
}

Expected<Meeting> Store::load_meeting(const std::string& meeting_id, bool people_only) {
    Reading reading(*this);
    Database& db = reading.db();
    Meeting meeting;
    {
        Query q = db.query("SELECT title, date, start_time, end_time, location, language FROM meetings WHERE id = ?");
        q->bind(1, meeting_id);
        if (!q->step()) {
            return not_found("meeting");
        }
        meeting.title = q->text(0);
        meeting.date = q->text(1);
        meeting.start = q->text(2);
        meeting.end = q->text(3);
        meeting.location = q->text(4);
        meeting.language = q->text(5);
    }
    {
        Query q = db.query("SELECT name, affiliation, role, status, record, id FROM participants "
                           "WHERE meeting_id = ? ORDER BY id");
        q->bind(1, meeting_id);
        int off_record = 0;
        std::vector<bool> invited;
        std::vector<std::int64_t> ids;
        std::vector<std::string> roles;
        bool taken = false;
        while (q->step()) {
            ids.push_back(q->integer(5));
            Participant person;
            person.name = q->text(0);
            person.affiliation = q->text(1);
            person.store_id = std::to_string(q->integer(5));
            // Off the record: the summary and the exports made from it count the
            // person, never name them.
            if (q->optional_text(4).value_or("") == "off") {
                ++off_record;
                person.name =
                    (meeting.language == "en" ? "Off-the-record participant " : "Participant·e hors compte rendu ") +
                    std::to_string(off_record);
                person.affiliation.clear();
            }
            std::string role = q->text(2);
            if (role != "participant" && role != "observer") {
                person.roles.push_back(role);
            }
            roles.push_back(role);
            person.status = attendance_of(q->text(3));
            invited.push_back(q->text(3) == "invited");
            taken = taken || !invited.back();
            meeting.participants.push_back(std::move(person));
        }
        // Whoever acted in the meeting was there, checked in or not: who wrote notes, raised a
        // hand, took the floor or a turn in a round; and, once the meeting ran, whoever held
        // the facilitation or the notes. A status set by hand (excused, absent) stays.
        std::set<std::int64_t> acted = participants_who_acted(db, meeting_id);
        bool ran = meeting_ran(db, meeting_id);
        for (size_t i = 0; i < invited.size(); ++i) {
            bool holds_role = roles[i] == "facilitator" || roles[i] == "note-taker";
            if (invited[i] && (acted.contains(ids[i]) || (ran && holds_role))) {
                invited[i] = false;
                meeting.participants[i].status = AttendanceStatus::Present;
                taken = true;
            }
        }
        // Once attendance is taken (someone checked in, was marked, or came in an
        // attendance file), whoever is still only invited did not come.
        for (size_t i = 0; taken && i < invited.size(); ++i) {
            if (invited[i]) {
                meeting.participants[i].status = AttendanceStatus::Absent;
            }
        }
    }
    if (people_only) {
        return meeting;
    }
    // The agenda, nested, numbered as written or by position; and for each item,
    // its notes laid end to end so that items' lines fall inside their section.
    struct Node {
        std::int64_t id;
        std::optional<std::int64_t> parent;
        AgendaItem item;
    };
    std::vector<Node> nodes;
    {
        Query q = db.query("SELECT id, parent_id, number, title, type, description, duration_seconds FROM agenda_items "
                           "WHERE meeting_id = ? ORDER BY position, id");
        q->bind(1, meeting_id);
        while (q->step()) {
            AgendaItem item;
            item.number = q->text(2);
            item.title = q->text(3);
            item.type = q->text(4);
            item.description = q->text(5);
            if (auto seconds = q->optional_integer(6)) {
                item.duration_seconds = static_cast<int>(*seconds);
            }
            nodes.push_back(Node{q->integer(0), q->optional_integer(1), std::move(item)});
        }
    }
    std::map<std::int64_t, std::string> notes;
    {
        Query q = db.query("SELECT agenda_item_id, text FROM notes WHERE meeting_id = ?");
        q->bind(1, meeting_id);
        while (q->step()) {
            notes[q->integer(0)] = q->text(1);
        }
    }
    // Top-level index of each item (its own or its ancestor's) and its line offset.
    std::map<std::int64_t, size_t> top_index;
    std::map<std::int64_t, int> line_offset;
    std::map<std::int64_t, std::string> section_title;
    int line = 0;
    std::function<void(std::optional<std::int64_t>, std::vector<AgendaItem>&, std::optional<size_t>,
                       const std::string&)>
        build = [&](std::optional<std::int64_t> parent, std::vector<AgendaItem>& out, std::optional<size_t> top,
                    const std::string& prefix) {
            int count = 0;
            for (Node& node : nodes) {
                if (node.parent != parent) {
                    continue;
                }
                ++count;
                AgendaItem item = node.item;
                if (item.number.empty()) {
                    item.number = prefix.empty() ? std::to_string(count) : prefix + "." + std::to_string(count);
                }
                size_t index = top ? *top : out.size();
                top_index[node.id] = index;
                if (auto note = notes.find(node.id); note != notes.end()) {
                    Section section;
                    section.title = item.title;
                    section.agenda_index = index;
                    section.first_line = line + 1;
                    int lines = static_cast<int>(std::count(note->second.begin(), note->second.end(), '\n')) + 1;
                    section.last_line = line + lines;
                    section.excerpt = quorum::text::excerpt(note->second, 280);
                    line_offset[node.id] = line;
                    section_title[node.id] = item.title;
                    line += lines;
                    meeting.sections.push_back(std::move(section));
                }
                std::string number = item.number;
                out.push_back(std::move(item));
                build(node.id, out.back().children, index, number);
            }
        };
    build(std::nullopt, meeting.agenda, std::nullopt, "");

    Query q = db.query("SELECT agenda_item_id, kind, state, text, owner, due, url, votes, rule, plugin, line "
                       "FROM items WHERE meeting_id = ? ORDER BY id");
    q->bind(1, meeting_id);
    while (q->step()) {
        std::string state = q->text(2);
        if (state == "rejected") {
            continue;
        }
        Source source;
        if (auto agenda_item = q->optional_integer(0); agenda_item && line_offset.contains(*agenda_item)) {
            source.line = q->integer(10) > 0 ? line_offset[*agenda_item] + static_cast<int>(q->integer(10)) : 0;
            source.section = section_title[*agenda_item];
        }
        std::string kind = q->text(1);
        if (kind == "resource") {
            Resource resource;
            resource.title = q->text(3);
            resource.url = q->text(6);
            resource.kind = "link";
            resource.missing_url = resource.url.empty();
            resource.plugin = q->text(9);
            resource.mentions.push_back(source);
            meeting.resources.push_back(std::move(resource));
        } else if (state == "suggested") {
            Suggestion suggestion;
            suggestion.kind = kind;
            suggestion.text = q->text(3);
            suggestion.owner = q->text(4);
            suggestion.rule = q->text(8);
            suggestion.plugin = q->text(9);
            suggestion.source = source;
            meeting.suggestions.push_back(std::move(suggestion));
        } else if (kind == "action") {
            ActionItem action;
            action.text = q->text(3);
            action.owner = q->text(4);
            action.owner_as_written = action.owner;
            action.due = q->text(5);
            action.state = state;
            action.rule = q->text(8);
            action.plugin = q->text(9);
            action.source = source;
            meeting.action_items.push_back(std::move(action));
        } else if (kind == "decision") {
            Decision decision;
            decision.text = q->text(3);
            decision.state = state;
            decision.votes = q->text(7);
            decision.rule = q->text(8);
            decision.plugin = q->text(9);
            decision.source = source;
            meeting.decisions.push_back(std::move(decision));
        }
    }
    Query sections = db.query("SELECT title, markdown FROM summary_sections WHERE meeting_id = ? ORDER BY position");
    sections->bind(1, meeting_id);
    while (sections->step()) {
        meeting.extra_sections.emplace_back(sections->text(0), sections->text(1));
    }
    return meeting;
}

Expected<Object::Ptr> Store::export_meeting(const std::string& meeting_id) {
    QUORUM_TRY(meeting, meeting_json(meeting_id));
    QUORUM_TRY(participants, participants_json(meeting_id));
    QUORUM_TRY(items, items_json(meeting_id));
    QUORUM_TRY(links, share_links_json(meeting_id));
    QUORUM_TRY(events, events_json(meeting_id));
    Array::Ptr notes = new Array;
    {
        Locked lock(*this);
        Query q = m_db->query("SELECT agenda_item_id, revision, base_revision, at, actor, text FROM note_revisions "
                              "WHERE meeting_id = ? ORDER BY agenda_item_id, revision");
        q->bind(1, meeting_id);
        while (q->step()) {
            Object::Ptr object = new Object;
            object->set("agenda_item_id", Poco::Int64(q->integer(0)));
            object->set("revision", Poco::Int64(q->integer(1)));
            object->set("base_revision", Poco::Int64(q->integer(2)));
            object->set("at", q->text(3));
            object->set("actor", q->text(4));
            object->set("text", q->text(5));
            notes->add(object);
        }
    }
    Object::Ptr document = new Object;
    document->set("format", "quorum-meeting-export");
    document->set("format_version", 1);
    document->set("meeting_id", meeting_id);
    document->set("meeting", meeting);
    document->set("participants", participants);
    document->set("note_revisions", notes);
    document->set("items", items);
    document->set("share_links", links);
    document->set("events", events);
    return document;
}

Expected<Created> Store::import_export(const Object::Ptr& document) {
    try {
        if (text_of(document, "format") != "quorum-meeting-export") {
            return make_error("invalid",
                              Phrase{"not a quorum meeting export", "ce n’est pas une exportation de rencontre quorum"},
                              "format");
        }
        std::string meeting_id = text_of(document, "meeting_id");
        if (meeting_id.empty() || meeting_id.size() > 64) {
            return make_error("invalid",
                              Phrase{"the export names no meeting", "l’exportation ne nomme aucune rencontre"},
                              "meeting_id");
        }
        Array::Ptr events = document->getArray("events");
        if (!events || events->size() == 0) {
            return make_error(
                "invalid", Phrase{"the export holds no events", "l’exportation ne contient aucun événement"}, "events");
        }
        Locked lock(*this);
        if (require_meeting(meeting_id)) {
            return make_error("conflict",
                              Phrase{"a meeting with this id already exists here",
                                     "une rencontre avec cet identifiant existe déjà ici"},
                              "meeting_id");
        }
        // Exports carry no token hashes: the meeting gets a new facilitator key,
        // returned once; personal and share links made before the export are not
        // carried over (the facilitator issues new ones). An older export that
        // still holds hashes keeps its participants' and share links' tokens.
        Created created{meeting_id, random_token()};
        Transaction transaction(*m_db);
        for (size_t i = 0; i < events->size(); ++i) {
            Object::Ptr source = events->getObject(static_cast<unsigned>(i));
            if (!source) {
                return make_error("invalid", Phrase{"events must be objects", "les événements doivent être des objets"},
                                  "events");
            }
            Event event{meeting_id, text_of(source, "at"), text_of(source, "actor"), text_of(source, "type"),
                        source->getObject("payload")};
            if (!event.payload) {
                return make_error("invalid",
                                  Phrase{"an event has no payload", "un événement n’a pas de contenu (payload)"},
                                  "events");
            }
            event.payload = new Object(*event.payload); // the caller's document stays as it was
            if (event.type == "meeting/created") {
                event.payload->set("facilitator_key_hash", hash_token(created.facilitator_key));
            } else if ((event.type == "participant/token-issued" || event.type == "share/created") &&
                       !optional_text_of(event.payload, "token_hash")) {
                // A token nobody holds: the link is dead until issued again.
                event.payload->set("token_hash", hash_token(random_token()));
            }
            if (i == 0 && event.type != "meeting/created") {
                return make_error(
                    "invalid",
                    Phrase{"the first event must create the meeting", "le premier événement doit créer la rencontre"},
                    "events");
            }
            m_db->query("INSERT INTO events (meeting_id, at, actor, type, payload) VALUES (?, ?, ?, ?, ?)")
                ->bind(1, event.meeting_id)
                .bind(2, event.at)
                .bind(3, event.actor)
                .bind(4, event.type)
                .bind(5, stringify(event.payload))
                .run();
            apply(event);
        }
        transaction.commit();
        return created;
    } catch (const SqliteError& error) {
        return make_error("invalid",
                          Phrase{std::string("the export does not replay: ") + error.what(),
                                 std::string("impossible de rejouer l’exportation\u00a0: ") + error.what()},
                          "events");
    } catch (const Poco::Exception& error) {
        return make_error("invalid",
                          Phrase{"the export does not replay: " + error.displayText(),
                                 "impossible de rejouer l’exportation\u00a0: " + error.displayText()},
                          "events");
    }
}

} // namespace quorum::store
