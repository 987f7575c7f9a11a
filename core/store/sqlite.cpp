#include "store/sqlite.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

namespace quorum::store {

namespace {

[[noreturn]] void fail(sqlite3* db, int code, std::string_view what) {
    std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
    throw SqliteError(code, message);
}

} // namespace

Statement::Statement(sqlite3_stmt* statement) : m_statement(statement) {}

Statement::~Statement() {
    sqlite3_finalize(m_statement);
}

Statement& Statement::bind(int index, std::int64_t value) {
    int rc = sqlite3_bind_int64(m_statement, index, value);
    if (rc != SQLITE_OK) {
        fail(sqlite3_db_handle(m_statement), rc, "bind");
    }
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    // SQLITE_TRANSIENT: SQLite copies the text, so temporaries are safe to bind.
    int rc = sqlite3_bind_text64(m_statement, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) {
        fail(sqlite3_db_handle(m_statement), rc, "bind");
    }
    return *this;
}

Statement& Statement::bind_null(int index) {
    int rc = sqlite3_bind_null(m_statement, index);
    if (rc != SQLITE_OK) {
        fail(sqlite3_db_handle(m_statement), rc, "bind");
    }
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
    return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind(int index, const std::optional<std::string>& value) {
    return value ? bind(index, std::string_view(*value)) : bind_null(index);
}

bool Statement::step() {
    int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    fail(sqlite3_db_handle(m_statement), rc, "step");
}

void Statement::run() {
    while (step()) {
    }
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(m_statement, column);
}

std::string Statement::text(int column) const {
    const unsigned char* data = sqlite3_column_text(m_statement, column);
    int size = sqlite3_column_bytes(m_statement, column);
    return data ? std::string(reinterpret_cast<const char*>(data), static_cast<size_t>(size)) : std::string();
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

std::optional<std::int64_t> Statement::optional_integer(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return integer(column);
}

std::optional<std::string> Statement::optional_text(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return text(column);
}

void Statement::reset() {
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
}

std::unique_ptr<Database> Database::open(const std::filesystem::path& path, Durability durability) {
    sqlite3* raw = nullptr;
    // A new database holds e-mail addresses and notes: it is made 0600 here (an
    // empty file is an empty database), and SQLite gives its -wal and -shm files
    // the database's mode. An existing file keeps the mode it has.
    if (path != ":memory:" && !path.empty()) {
        int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            ::close(fd);
        }
    }
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    // The handle is allocated even when opening fails; own it before checking.
    std::unique_ptr<Database> db(new Database(raw));
    if (rc != SQLITE_OK) {
        fail(raw, rc, "cannot open " + path.string());
    }
    sqlite3_extended_result_codes(raw, 1);
    // Writers wait for each other instead of failing at once (only another process,
    // such as `quorum export` next to a running server, can contend here).
    sqlite3_busy_timeout(raw, 5000);
    db->exec("PRAGMA journal_mode=WAL");
    // FULL: the WAL is synced at every COMMIT, so an answered write survives power
    // loss, not only a crash of the process. Tests of pure logic may use NORMAL.
    db->exec(durability == Durability::Full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    db->exec("PRAGMA foreign_keys=ON");
    // What is deleted is overwritten with zeros, in the database and its WAL: an
    // erased meeting leaves no bytes behind (Store::erase_meeting then truncates the WAL).
    db->exec("PRAGMA secure_delete=ON");
    return db;
}

std::unique_ptr<Database> Database::open_reader(const std::filesystem::path& path) {
    sqlite3* raw = nullptr;
    // Read-write at the file level: a WAL reader records its snapshot in the
    // shared-memory index. query_only refuses any write through it.
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    std::unique_ptr<Database> db(new Database(raw));
    if (rc != SQLITE_OK) {
        fail(raw, rc, "cannot open " + path.string());
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, 5000);
    db->exec("PRAGMA query_only=1");
    return db;
}

Database::~Database() {
    // Statements first: sqlite3_close refuses a connection with live statements.
    m_statements.clear();
    sqlite3_close(m_db);
}

void Database::exec(std::string_view sql) {
    std::string copy(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(m_db, copy.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw SqliteError(rc, "exec: " + text);
    }
}

Query Database::query(std::string_view sql) {
    auto found = m_statements.find(sql);
    if (found == m_statements.end()) {
        sqlite3_stmt* raw = nullptr;
        int rc = sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw,
                                    nullptr);
        if (rc != SQLITE_OK) {
            fail(m_db, rc, "prepare " + std::string(sql));
        }
        found = m_statements.emplace(std::string(sql), std::make_unique<Statement>(raw)).first;
    }
    return Query(*found->second);
}

std::int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const {
    return sqlite3_changes(m_db);
}

std::string Database::pragma(std::string_view name) {
    Query q = query("PRAGMA " + std::string(name));
    return q->step() ? q->text(0) : std::string();
}

bool Database::commit_group() {
    if (!m_group_open) {
        return true;
    }
    m_group_open = false;
    // An I/O error inside a command can make SQLite roll the whole transaction
    // back by itself: then there is nothing left to commit, and the group failed.
    bool committed = sqlite3_get_autocommit(m_db) == 0;
    if (committed) {
        try {
            run("COMMIT");
        } catch (const SqliteError&) {
            committed = false;
            try {
                run("ROLLBACK");
            } catch (const SqliteError&) {
                // A failed COMMIT may already have rolled back.
            }
        }
    }
    if (committed && m_after_commit) {
        m_after_commit();
    } else if (!committed && m_after_rollback) {
        m_after_rollback();
    }
    return committed;
}

Transaction::Transaction(Database& db) : m_db(db) {
    if (!m_db.m_group) {
        m_db.run("BEGIN IMMEDIATE");
        return;
    }
    if (!m_db.m_group_open) {
        m_db.run("BEGIN IMMEDIATE");
        m_db.m_group_open = true;
    }
    m_db.run("SAVEPOINT command");
    m_mark = m_db.m_mark ? m_db.m_mark() : 0;
}

Transaction::~Transaction() {
    if (m_done) {
        return;
    }
    if (m_db.m_group) {
        try {
            m_db.run("ROLLBACK TO command");
            m_db.run("RELEASE command");
        } catch (const SqliteError&) {
            // The group itself was rolled back by SQLite: commit_group() will say so.
        }
        if (m_db.m_undo_to) {
            m_db.m_undo_to(m_mark);
        }
        return;
    }
    try {
        m_db.run("ROLLBACK");
    } catch (const SqliteError&) {
        // A failed COMMIT may already have rolled back; nothing more to undo.
    }
    if (m_db.m_after_rollback) {
        m_db.m_after_rollback();
    }
}

void Transaction::commit() {
    if (m_db.m_group) {
        m_db.run("RELEASE command");
        m_done = true;
        return;
    }
    m_db.run("COMMIT");
    m_done = true;
    if (m_db.m_after_commit) {
        m_db.m_after_commit();
    }
}

} // namespace quorum::store
