#pragma once

#include "domain/meeting.hpp"
#include "store/sqlite.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <Poco/JSON/Object.h>

#include <atomic>
#include <chrono>
#include <condition_variable>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace quorum::store {

enum class Role { Facilitator, NoteTaker, Timekeeper, Participant, Observer };
std::optional<Role> parse_role(std::string_view name); // "facilitator", "note-taker", ...
std::string_view role_name(Role role);

// Who is acting: resolved from a bearer token. `participant_id` is empty for the
// facilitator key, which belongs to the meeting rather than to a person.
struct Principal {
    std::string meeting_id;
    Role role = Role::Observer;
    std::optional<std::int64_t> participant_id;
    // When set, recorded as the actor instead ("plugin:timebox-reminder").
    std::string label;
    // Recorded in events: "facilitator-key", "participant:3", or "cli".
    std::string actor() const;
};

struct MeetingFields {
    std::optional<std::string> title, date, start, end, location, language;
    // IANA zone ("America/Toronto") the meeting's times are in; "" for the server's.
    std::optional<std::string> timezone;
    // Meetings of one working group share a series key (the group picks it): the
    // series calendar lists them together.
    std::optional<std::string> series;
};

// Where an agenda item goes in a reorder: its parent (0 for the top level) and,
// optionally, its new number.
struct AgendaPlace {
    std::int64_t id = 0;
    std::int64_t parent = 0;
    std::optional<std::string> number;
};

struct AgendaFields {
    std::optional<std::string> title, type, description, number;
    std::optional<std::int64_t> duration_seconds;
    bool clear_duration = false;           // a change: the item has no planned duration any more
    std::optional<std::int64_t> parent_id; // 0 means top level
};

struct ParticipantFields {
    std::string name, affiliation, email;
    Role role = Role::Participant;
    std::string status = "invited";
};

// What extraction found in one note, handed to save_note. `state` is "marked" or
// "suggested"; `line` counts from 1 within the note.
struct ExtractedItem {
    std::string kind; // "action", "decision", "resource"
    std::string state;
    std::string text;
    std::string owner, due, url, votes, rule, plugin;
    int line = 0;
};

struct ImportedNote {
    std::int64_t agenda_item_id = 0;
    std::string text;
    std::vector<ExtractedItem> items;
};

// One person's attendance as a meeting tool reported it. Without a
// participant id, the person is added as a new participant.
struct AttendanceEntry {
    std::optional<std::int64_t> participant_id;
    std::string name, email, affiliation; // for a new participant
    std::string joined, left;             // "2021-03-10T09:28:14", as the report wrote it
    std::optional<std::int64_t> minutes, speaking_seconds;
};

// A name or e-mail address from an attendance file that a facilitator confirmed is this participant.
struct AliasEntry {
    std::string written;
    std::int64_t participant_id = 0;
};

struct AttendanceRecorded {
    int updated = 0; // participants marked present
    int added = 0;   // new participants
    int aliases = 0;
};

struct Created {
    std::string meeting_id;
    std::string facilitator_key; // shown once; only its hash is stored
};

// A save on a stale base: nothing was written; both versions go back to the client.
struct NoteConflict {
    std::int64_t current_revision = 0;
    std::string current_text;
};

struct SaveOutcome {
    std::int64_t revision = 0;            // the new revision, when saved
    std::optional<NoteConflict> conflict; // set instead when the base was stale
};

struct ShareLink {
    std::string meeting_id;
    std::string visibility; // "public" or "participants"
    std::int64_t id = 0;
};

// The meetings database: every command appends one or more events and updates
// the projections in the same transaction; every read comes from projections.
// Thread-safe: commands are serialized on one connection (SQLite writes are
// serial anyway, and each call is short). The reads on every request's path
// (authentication, a note's revision, the meeting for extraction) go through a
// second, read-only connection when the database is a file, so that they never
// wait for a command's COMMIT and its fsync.
class Store {
public:
    using Clock = std::function<std::string()>; // ISO-8601 UTC timestamps

    static std::unique_ptr<Store> open(const std::filesystem::path& path, Durability durability = Durability::Full);
    explicit Store(std::unique_ptr<Database> db);

    void set_clock(Clock clock) { m_clock = std::move(clock); }
    // How long before a meeting's planned start people may check themselves in (default 30
    // minutes); once the facilitator starts the meeting, any time. Answering the consent
    // notice days before is not arriving.
    void set_check_in_opens(std::chrono::minutes before_start) { m_check_in_opens = before_start; }

    // What live subscribers are told: each event appended, with the meeting's
    // version after it (versions of a meeting are consecutive). The observer runs
    // right after the COMMIT that made the events durable, still inside the store's
    // lock, so it sees every meeting's events in commit order; it must only queue.
    struct Notice {
        std::string meeting_id;
        std::int64_t version = 0;
        std::string at, actor, type;
        Poco::JSON::Object::Ptr payload;
    };
    using Observer = std::function<void(std::vector<Notice>&)>;
    void set_observer(Observer observer);
    // Called with a meeting's id once its erase is committed (inside the store's
    // lock: it must only queue), so that live sockets on it close.
    void set_erase_observer(std::function<void(const std::string& meeting_id)> observer);

    // Live facilitation's events (agenda clock, queue, rounds: see live/event.hpp),
    // kept in the same log as every other event, with no projection: the live layer
    // replays them. `data` is a JSON object.
    struct LiveEvent {
        std::string type;
        std::int64_t at_ms = 0;
        std::string data;
    };
    // All in one transaction, answered after its COMMIT.
    Expected<bool> append_live_events(const std::string& meeting_id, const std::string& actor,
                                      const std::vector<LiveEvent>& events);
    Expected<std::vector<LiveEvent>> live_events(const std::string& meeting_id);
    // Meetings with live events, for resuming their deadlines after a restart.
    std::vector<std::string> live_meeting_ids();

    // Runs `read` with no command in between, so what it reads and the version it
    // reads agree (a live snapshot and the sequence number it is valid at).
    template <typename F> auto consistent(F&& read) {
        std::lock_guard lock(m_mutex);
        return read();
    }
    int schema_version();

    // --- commands. Errors: not_found, invalid (with field), conflict.
    Expected<Created> create_meeting(const MeetingFields& fields, const std::string& actor = "anonymous");
    Expected<bool> update_meeting(const Principal& who, const MeetingFields& fields);
    // The whole record read from minutes, in one transaction: meeting, participants
    // (without tokens), agenda (nested), notes with their items, and items the
    // minutes hold outside any agenda item.
    // `timezone`: the meeting's IANA zone, "" for the server's.
    Expected<Created> import_meeting(const Meeting& meeting, const std::vector<ImportedNote>& notes,
                                     const std::vector<ExtractedItem>& loose_items, const std::string& actor,
                                     const std::string& timezone = {});

    Expected<std::int64_t> add_agenda_item(const Principal& who, const AgendaFields& fields);
    Expected<bool> update_agenda_item(const Principal& who, std::int64_t id, const AgendaFields& fields);
    Expected<bool> delete_agenda_item(const Principal& who, std::int64_t id);
    // `order` lists every item once, in the new reading order; an item's new
    // number, when given, is set in the same change ("" clears it).
    Expected<bool> reorder_agenda(const Principal& who, const std::vector<AgendaPlace>& order);

    struct Invited {
        std::int64_t participant_id = 0;
        std::string token;
    };
    Expected<Invited> invite_participant(const Principal& who, const ParticipantFields& fields);
    Expected<std::string> issue_token(const Principal& who, std::int64_t participant_id);
    Expected<bool> check_in(const Principal& who, std::int64_t participant_id);
    // Consent: on or off the record (an off-the-record participant is counted in
    // the summary and its exports, never named).
    Expected<bool> set_record(const Principal& who, std::int64_t participant_id, bool on_record);
    Expected<bool> check_out(const Principal& who, std::int64_t participant_id);
    // "present", "late", "excused", "absent", "invited".
    Expected<bool> set_status(const Principal& who, std::int64_t participant_id, const std::string& status);

    // An attendance import, whole, in one event: new participants, every
    // entry's status (present), join, leave, minutes and talking time, and the
    // aliases confirmed with it. Errors before anything is written.
    Expected<AttendanceRecorded> record_attendance(const Principal& who, const std::vector<AttendanceEntry>& entries,
                                                   const std::vector<AliasEntry>& aliases, const std::string& source);
    Expected<bool> confirm_alias(const Principal& who, const AliasEntry& alias);

    // Current revision of a note (0 when nothing was written yet).
    Expected<std::int64_t> note_revision(const std::string& meeting_id, std::int64_t agenda_item_id);
    // `share_commit`: the caller holds no other lock and may wait, after the
    // store's lock is released, for a COMMIT shared with the saves queued behind
    // it (a request handler; not a thread that other work waits on).
    Expected<SaveOutcome> save_note(const Principal& who, std::int64_t agenda_item_id, std::int64_t base_revision,
                                    const std::string& text, const std::vector<ExtractedItem>& extracted,
                                    bool share_commit = false);

    // Whether a COMMIT that this thread's last command joined failed (an I/O
    // error: that command's writes are lost). Reading it clears it. The server
    // answers 500 instead of what the command returned.
    static bool take_commit_failure();

    // An item a plugin adds (quorum.item_add): kind, text, owner, due, url; on an
    // agenda item or at meeting level. Returns its id.
    Expected<std::int64_t> add_item(const Principal& who, std::optional<std::int64_t> agenda_item_id,
                                    const ExtractedItem& item);
    // A plugin's summary section (quorum.section_add): one per plugin and title,
    // replaced when added again, removed when its Markdown is empty; at most
    // k_max_sections_per_plugin per meeting.
    static constexpr int k_max_sections_per_plugin = 8;
    Expected<bool> set_summary_section(const Principal& who, const std::string& plugin, const std::string& title,
                                       const std::string& markdown);

    // A meeting's values for one plugin's options (text, as in quorum.properties);
    // they replace the plugin's previous ones for this meeting. The plugin parses
    // and clamps them when it reads them.
    Expected<bool> set_plugin_options(const Principal& who, const std::string& plugin,
                                      const std::map<std::string, std::string>& options);
    std::map<std::string, std::string> plugin_options(const std::string& meeting_id, const std::string& plugin);

    Expected<bool> accept_item(const Principal& who, std::int64_t item_id);
    Expected<bool> reject_item(const Principal& who, std::int64_t item_id);
    Expected<bool> edit_item(const Principal& who, std::int64_t item_id, const std::optional<std::string>& text,
                             const std::optional<std::string>& owner, const std::optional<std::string>& due);

    struct Shared {
        std::int64_t id = 0;
        std::string token;
    };
    Expected<Shared> create_share_link(const Principal& who, const std::string& visibility,
                                       const std::optional<std::string>& expires_at);
    Expected<bool> revoke_share_link(const Principal& who, std::int64_t id);

    // Removes the meeting and everything about it, events included.
    Expected<bool> erase_meeting(const std::string& meeting_id);

    // --- reads.
    std::optional<Principal> authenticate(std::string_view token);
    // Live, unexpired, unrevoked links only.
    std::optional<ShareLink> resolve_share_link(std::string_view token);
    bool meeting_exists(const std::string& meeting_id);
    // Bumped by every event of the meeting: the summary cache's key.
    std::optional<std::int64_t> meeting_version(const std::string& meeting_id);

    Expected<Poco::JSON::Object::Ptr> meeting_json(const std::string& meeting_id);
    // Cheap reads for the hot paths (live commands, plugin events), which need
    // neither the notes nor the participants that meeting_json carries.
    Expected<Poco::JSON::Array::Ptr> agenda(const std::string& meeting_id);
    // The meeting's language, French when it is "fr", else English.
    text::Language language(const std::string& meeting_id);
    // The meeting's time zone ("" when it has none of its own).
    std::string timezone(const std::string& meeting_id);
    Expected<Poco::JSON::Array::Ptr> participants_json(const std::string& meeting_id);
    Expected<Poco::JSON::Object::Ptr> note_json(const std::string& meeting_id, std::int64_t agenda_item_id);
    Expected<Poco::JSON::Array::Ptr> note_history_json(const std::string& meeting_id, std::int64_t agenda_item_id);
    Expected<Poco::JSON::Object::Ptr> note_revision_json(const std::string& meeting_id, std::int64_t agenda_item_id,
                                                         std::int64_t revision);
    Expected<Poco::JSON::Array::Ptr> items_json(const std::string& meeting_id);
    Expected<Poco::JSON::Array::Ptr> share_links_json(const std::string& meeting_id);
    Expected<Poco::JSON::Array::Ptr> events_json(const std::string& meeting_id);

    Expected<std::vector<AliasEntry>> aliases(const std::string& meeting_id);
    // The meetings sharing this meeting's series key, by date and start time;
    // just this meeting when it has no series.
    Expected<std::vector<std::string>> series_meetings(const std::string& meeting_id);
    // Each agenda item's current notes, by agenda item id.
    Expected<std::map<std::int64_t, std::string>> notes_by_item(const std::string& meeting_id);

    // The stored meeting as the domain record the summary is rendered from. With
    // people_only, just the header and the participants: what extraction needs to
    // resolve dates and owners on every note save, without the agenda and notes.
    Expected<Meeting> load_meeting(const std::string& meeting_id, bool people_only = false);

    // One JSON document with the meeting's events (the source of truth) and, for
    // reading, its projections. import_export replays the events.
    Expected<Poco::JSON::Object::Ptr> export_meeting(const std::string& meeting_id);
    // The export carries no token hashes: the meeting gets a new facilitator key
    // (returned once, like a creation); personal and share links are issued again.
    Expected<Created> import_export(const Poco::JSON::Object::Ptr& document);

    // Drops every projection row and replays the whole event log.
    void rebuild_projections();

    // --- the per-plugin key-value store behind quorum.store_* (store/plugin_values.cpp):
    // JSON texts by plugin and key, outside the event log. Quotas are the caller's.
    Expected<std::optional<std::string>> plugin_value(const std::string& plugin, const std::string& key);
    Expected<bool> set_plugin_value(const std::string& plugin, const std::string& key, const std::string& value);
    Expected<bool> delete_plugin_value(const std::string& plugin, const std::string& key);
    // Bytes of keys and values the plugin holds.
    std::int64_t plugin_value_bytes(const std::string& plugin);

private:
    Expected<bool> check_item(const Principal& who, std::int64_t item_id);
    void append_item_event(const Principal& who, std::int64_t item_id, const char* type,
                           Poco::JSON::Object::Ptr payload);
    struct Event {
        std::string meeting_id, at, actor, type;
        Poco::JSON::Object::Ptr payload;
    };

    std::string now() const;
    void append(const std::string& meeting_id, const std::string& actor, const std::string& type,
                Poco::JSON::Object::Ptr payload);
    void commit_event(const std::string& meeting_id, const std::string& actor, const std::string& type,
                      Poco::JSON::Object::Ptr payload);
    void apply(const Event& event);
    std::int64_t next_id(const char* table, const std::string& meeting_id);
    bool agenda_item_exists(const std::string& meeting_id, std::int64_t id);
    static bool agenda_item_exists(Database& db, const std::string& meeting_id, std::int64_t id);
    static Expected<bool> require_meeting(Database& db, const std::string& meeting_id);
    bool participant_exists(const std::string& meeting_id, std::int64_t id);
    Expected<bool> require_meeting(const std::string& meeting_id);
    void add_note_saved(const std::string& meeting_id, const std::string& actor, std::int64_t agenda_item_id,
                        std::int64_t revision, std::int64_t base_revision, const std::string& text,
                        const std::vector<ExtractedItem>& extracted);
    Poco::JSON::Array::Ptr agenda_json(const std::string& meeting_id);

    // One read: the reader connection inside one read transaction (a consistent
    // snapshot of the last COMMIT), or, for an in-memory database, the writer's
    // connection under the store's lock.
    class Reading {
    public:
        // `snapshot`: several statements that must agree (one read transaction);
        // a single statement is a snapshot by itself.
        explicit Reading(Store& store, bool snapshot = true);
        ~Reading();
        Reading(const Reading&) = delete;
        Reading& operator=(const Reading&) = delete;
        Database& db() { return *m_db; }

    private:
        std::unique_lock<std::mutex> m_read_lock;
        std::unique_lock<std::recursive_mutex> m_write_lock;
        Database* m_db;
        bool m_snapshot = false;
    };

    // The store's lock around a command or a read on the writer's connection.
    // Group commit: when the lock is released and a group transaction is open, it
    // is committed (one fsync for every command in it), unless the command may
    // share its COMMIT and others are queued for the lock: then the last of them
    // commits for all, and this one waits for that COMMIT before returning. A
    // command never returns before its writes are durable.
    class Locked {
    public:
        explicit Locked(Store& store, bool may_share_commit = false);
        ~Locked();
        Locked(const Locked&) = delete;
        Locked& operator=(const Locked&) = delete;

    private:
        Store& m_store;
        bool m_may_share_commit;
        bool m_outer;
    };
    void finish_batch(); // with m_mutex held

    std::recursive_mutex m_mutex;
    int m_depth = 0;               // Locked scopes open, under m_mutex
    std::atomic<int> m_queued = 0; // threads waiting for m_mutex in a Locked
    std::mutex m_batch_mutex;      // guards the three below
    std::condition_variable m_batch_done;
    std::uint64_t m_batch = 1;     // the open (or next) group transaction
    std::uint64_t m_completed = 0; // the last group committed or failed
    std::set<std::uint64_t> m_failed_batches;
    std::unique_ptr<Database> m_db;
    // Lock order: m_mutex before m_read_mutex (an observer may read), never the reverse.
    std::mutex m_read_mutex;
    std::unique_ptr<Database> m_reader;
    Observer m_observer;
    std::function<void(const std::string&)> m_erase_observer;
    std::vector<Notice> m_pending;
    Clock m_clock;
    std::chrono::minutes m_check_in_opens{30};
};

// The current UTC time as "2026-11-12T13:30:00.123Z".
std::string utc_now();

} // namespace quorum::store
