#include "store/migrations.hpp"

#include <string>

namespace quorum::store {

namespace {

// 1: the event log and the projections built from it.
constexpr std::string_view k_v1 = R"sql(
-- The source of truth. Rows are appended, never changed; `quorum erase` is the
-- one path that deletes (a meeting's events with the meeting).
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    type TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX events_by_meeting ON events (meeting_id, id);
CREATE TRIGGER events_append_only BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

-- Projections: everything below can be rebuilt by replaying `events`.
CREATE TABLE meetings (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    date TEXT NOT NULL DEFAULT '',
    start_time TEXT NOT NULL DEFAULT '',
    end_time TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    -- Bumped by every event: the summary cache's key.
    version INTEGER NOT NULL DEFAULT 0,
    -- The highest id handed out in this meeting (agenda items, participants,
    -- extracted items, share links share one sequence, so an id is never reused).
    last_id INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE participants (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    name TEXT NOT NULL,
    affiliation TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'invited',
    checked_in_at TEXT,
    checked_out_at TEXT,
    PRIMARY KEY (meeting_id, id)
);

CREATE TABLE agenda_items (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    parent_id INTEGER,
    position INTEGER NOT NULL,
    number TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    type TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    duration_seconds INTEGER,
    PRIMARY KEY (meeting_id, id)
);

CREATE TABLE notes (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (meeting_id, agenda_item_id)
);

CREATE TABLE note_revisions (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    base_revision INTEGER NOT NULL,
    text TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    PRIMARY KEY (meeting_id, agenda_item_id, revision)
);

CREATE TABLE items (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    agenda_item_id INTEGER,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    text TEXT NOT NULL,
    extracted_text TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    due TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    votes TEXT NOT NULL DEFAULT '',
    rule TEXT NOT NULL DEFAULT '',
    plugin TEXT NOT NULL DEFAULT '',
    line INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (meeting_id, id)
);

CREATE TABLE share_links (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    visibility TEXT NOT NULL,
    expires_at TEXT,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    PRIMARY KEY (meeting_id, id)
);

-- Bearer tokens: the facilitator key and the participants' personal tokens.
CREATE TABLE tokens (
    hash TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    participant_id INTEGER
);
CREATE INDEX tokens_by_meeting ON tokens (meeting_id);
)sql";

// 2: attendance imported from meeting tools (join, leave, minutes, talking time),
// the aliases a facilitator confirmed between names in those files and
// participants, and the series key that groups a working group's meetings.
constexpr std::string_view k_v2 = R"sql(
ALTER TABLE participants ADD COLUMN joined_at TEXT;
ALTER TABLE participants ADD COLUMN left_at TEXT;
ALTER TABLE participants ADD COLUMN attended_minutes INTEGER;
ALTER TABLE participants ADD COLUMN speaking_seconds INTEGER;
ALTER TABLE meetings ADD COLUMN series TEXT NOT NULL DEFAULT '';
CREATE INDEX meetings_by_series ON meetings (series);
CREATE TABLE participant_aliases (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    written TEXT NOT NULL,
    participant_id INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, alias)
);
)sql";

// 3: the per-plugin key-value store (quorum.store_*). Plugin state, not meeting
// data: outside the event log, kept when projections are rebuilt.
constexpr std::string_view k_v3 = R"sql(
CREATE TABLE plugin_values (
    plugin TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (plugin, key)
) WITHOUT ROWID;
)sql";

// 4: summary sections that plugins add on the server (quorum.section_add), one per
// plugin and title, in the order they were first added.
constexpr std::string_view k_v4 = R"sql(
CREATE TABLE summary_sections (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    plugin TEXT NOT NULL,
    title TEXT NOT NULL,
    markdown TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, plugin, title)
);
)sql";

// 5: a meeting's own values for plugin options (over the server's configuration).
constexpr std::string_view k_v5 = R"sql(
CREATE TABLE plugin_options (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    plugin TEXT NOT NULL,
    option TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (meeting_id, plugin, option)
);
)sql";

// 6: consent. Whether each participant agreed to be on the record: NULL until
// they answer, 'on' or 'off' after (see Store::set_record).
constexpr std::string_view k_v6 = R"sql(
ALTER TABLE participants ADD COLUMN record TEXT;
)sql";

// 7: a meeting's time zone (IANA, "America/Toronto"; '' for the server's own),
// for the clock times the live view states and the calendar.
constexpr std::string_view k_v7 = R"sql(
ALTER TABLE meetings ADD COLUMN timezone TEXT NOT NULL DEFAULT '';
)sql";

} // namespace

const std::vector<std::string_view>& migrations() {
    static const std::vector<std::string_view> k_migrations = {k_v1, k_v2, k_v3, k_v4, k_v5, k_v6, k_v7};
    return k_migrations;
}

int schema_version(Database& db) {
    db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    Query q = db.query("SELECT COALESCE(MAX(version), 0) FROM schema_version");
    q->step();
    return static_cast<int>(q->integer(0));
}

int migrate(Database& db) {
    int version = schema_version(db);
    const auto& steps = migrations();
    if (version > static_cast<int>(steps.size())) {
        throw SqliteError(0, "the database has schema version " + std::to_string(version) +
                                 ", newer than this quorum knows (" + std::to_string(steps.size()) + ")");
    }
    for (size_t index = static_cast<size_t>(version); index < steps.size(); ++index) {
        Transaction transaction(db);
        db.exec(steps[index]);
        db.query("INSERT INTO schema_version (version) VALUES (?)")
            ->bind(1, static_cast<std::int64_t>(index + 1))
            .run();
        transaction.commit();
    }
    return static_cast<int>(steps.size());
}

} // namespace quorum::store
