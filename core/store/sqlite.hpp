#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace quorum::store {

// SQLite failing on SQL we wrote ourselves (disk full, I/O error, a corrupted
// file) is not an expected outcome of a request: it is thrown, and the server
// maps it to a 500 at its edge. Input is validated before it reaches SQL.
class SqliteError : public std::runtime_error {
public:
    SqliteError(int code, const std::string& message) : std::runtime_error(message), m_code(code) {}
    int code() const { return m_code; }

private:
    int m_code;
};

// One prepared statement. Owned by the Database's cache; a Query resets it.
class Statement {
public:
    explicit Statement(sqlite3_stmt* statement);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind_null(int index);
    // Binds NULL for an empty optional.
    Statement& bind(int index, const std::optional<std::int64_t>& value);
    Statement& bind(int index, const std::optional<std::string>& value);

    // true while there is a row to read; false once the statement is done.
    bool step();
    // Runs a statement that returns no rows.
    void run();

    std::int64_t integer(int column) const;
    std::string text(int column) const;
    bool is_null(int column) const;
    std::optional<std::int64_t> optional_integer(int column) const;
    std::optional<std::string> optional_text(int column) const;

    void reset();

private:
    sqlite3_stmt* m_statement;
};

// Resets its statement when it goes out of scope, so that a cached statement is
// never left half-stepped (which would hold a read lock on the WAL).
class Query {
public:
    explicit Query(Statement& statement) : m_statement(&statement) {}
    ~Query() { m_statement->reset(); }
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;
    Statement* operator->() { return m_statement; }
    Statement& operator*() { return *m_statement; }

private:
    Statement* m_statement;
};

enum class Durability { Full, Normal };

// One connection. Not thread-safe: the Store serializes access to it.
class Database {
public:
    // Opens (creating if needed) the file and sets WAL, synchronous=FULL,
    // foreign keys and a busy timeout. ":memory:" opens a private in-memory database.
    static std::unique_ptr<Database> open(const std::filesystem::path& path, Durability durability = Durability::Full);
    // A second connection to a file another connection opened (and migrated) in
    // WAL mode, for reading only: its reads see the last COMMIT and never wait
    // for a writer, not even for the writer's fsync.
    static std::unique_ptr<Database> open_reader(const std::filesystem::path& path);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(std::string_view sql);
    // One statement, prepared once and kept (BEGIN, COMMIT, SAVEPOINT… on every
    // command: parsing them each time showed in a note save's profile).
    void run(std::string_view sql) { query(sql)->run(); }
    // A statement prepared once and kept for the connection's life.
    Query query(std::string_view sql);
    std::int64_t last_insert_rowid() const;
    int changes() const;
    sqlite3* handle() { return m_db; }

    // Pragma read-back, for tests and the health route.
    std::string pragma(std::string_view name);

    void set_commit_hooks(std::function<void()> after_commit, std::function<void()> after_rollback) {
        m_after_commit = std::move(after_commit);
        m_after_rollback = std::move(after_rollback);
    }

    // Group commit. When on, a Transaction is a savepoint inside one transaction
    // that stays open until commit_group(), so that commands arriving together
    // share one COMMIT and its fsync. `mark` tells where a command's side effects
    // start (the store's pending notices) and `undo_to` drops those of a command
    // rolled back to its savepoint.
    void set_group_commit(std::function<size_t()> mark, std::function<void(size_t)> undo_to) {
        m_group = true;
        m_mark = std::move(mark);
        m_undo_to = std::move(undo_to);
    }
    bool group_open() const { return m_group_open; }
    // COMMITs the open group and runs the after-commit hook; on failure rolls it
    // all back, runs the after-rollback hook and returns false.
    bool commit_group();

private:
    friend class Transaction;
    std::function<void()> m_after_commit;
    std::function<void()> m_after_rollback;
    bool m_group = false;
    bool m_group_open = false;
    std::function<size_t()> m_mark;
    std::function<void(size_t)> m_undo_to;
    explicit Database(sqlite3* db) : m_db(db) {}
    sqlite3* m_db;
    std::map<std::string, std::unique_ptr<Statement>, std::less<>> m_statements;
};

// BEGIN IMMEDIATE on construction (the write lock is taken up front, so two
// writers never deadlock upgrading read locks), ROLLBACK on destruction unless
// commit() was called. One command = one Transaction.
// After a COMMIT the database's after-commit hook runs (the store publishes the
// events it appended); after a rollback, its after-rollback hook (it forgets them).
// With group commit on, the Transaction is a SAVEPOINT in the open group
// transaction (begun if none is open): commit() releases it, and destruction
// without commit() rolls back to it, undoing that command alone.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& m_db;
    bool m_done = false;
    size_t m_mark = 0;
};

} // namespace quorum::store
