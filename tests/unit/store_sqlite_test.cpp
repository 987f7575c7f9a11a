#include "store/sqlite.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <unistd.h>
#include <vector>

using namespace quorum::store;
namespace fs = std::filesystem;

namespace {

struct TemporaryDirectory {
    fs::path path;
    TemporaryDirectory() {
        path = fs::temp_directory_path() / ("quorum-sqlite-" + std::to_string(::getpid()) + "-" +
                                            std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        fs::create_directories(path);
    }
    ~TemporaryDirectory() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(store_sqlite_test)

BOOST_AUTO_TEST_CASE(a_file_database_runs_in_wal_mode_with_full_sync) {
    TemporaryDirectory dir;
    auto db = Database::open(dir.path / "test.db");
    BOOST_TEST(db->pragma("journal_mode") == "wal");
    BOOST_TEST(db->pragma("synchronous") == "2"); // FULL
    BOOST_TEST(db->pragma("foreign_keys") == "1");
}

BOOST_AUTO_TEST_CASE(statements_bind_text_integers_and_nulls) {
    auto db = Database::open(":memory:");
    db->exec("CREATE TABLE t (a TEXT, b INTEGER, c TEXT)");
    db->query("INSERT INTO t VALUES (?, ?, ?)")
        ->bind(1, "l'été; DROP TABLE t;--")
        .bind(2, std::int64_t(42))
        .bind_null(3)
        .run();
    auto q = db->query("SELECT a, b, c FROM t");
    BOOST_REQUIRE(q->step());
    BOOST_TEST(q->text(0) == "l'été; DROP TABLE t;--");
    BOOST_TEST(q->integer(1) == 42);
    BOOST_TEST(q->is_null(2));
    BOOST_TEST(!q->optional_text(2).has_value());
    BOOST_TEST(!q->step());
}

BOOST_AUTO_TEST_CASE(a_cached_statement_is_reset_between_uses) {
    auto db = Database::open(":memory:");
    db->exec("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2), (3)");
    for (int round = 0; round < 3; ++round) {
        auto q = db->query("SELECT a FROM t ORDER BY a");
        BOOST_REQUIRE(q->step()); // left half-stepped on purpose
        BOOST_TEST(q->integer(0) == 1);
    }
}

BOOST_AUTO_TEST_CASE(a_transaction_rolls_back_unless_committed) {
    auto db = Database::open(":memory:");
    db->exec("CREATE TABLE t (a INTEGER)");
    {
        Transaction transaction(*db);
        db->exec("INSERT INTO t VALUES (1)");
    }
    {
        Transaction transaction(*db);
        db->exec("INSERT INTO t VALUES (2)");
        transaction.commit();
    }
    auto q = db->query("SELECT group_concat(a) FROM t");
    BOOST_REQUIRE(q->step());
    BOOST_TEST(q->text(0) == "2");
}

BOOST_AUTO_TEST_CASE(bad_sql_throws_a_sqlite_error) {
    auto db = Database::open(":memory:");
    BOOST_CHECK_THROW(db->exec("SELEKT 1"), SqliteError);
    BOOST_CHECK_THROW(db->query("SELECT * FROM missing"), SqliteError);
}

BOOST_AUTO_TEST_CASE(committed_rows_are_seen_by_a_new_connection) {
    TemporaryDirectory dir;
    {
        auto db = Database::open(dir.path / "test.db");
        db->exec("CREATE TABLE t (a INTEGER)");
        Transaction transaction(*db);
        db->exec("INSERT INTO t VALUES (7)");
        transaction.commit();
    }
    auto db = Database::open(dir.path / "test.db");
    auto q = db->query("SELECT a FROM t");
    BOOST_REQUIRE(q->step());
    BOOST_TEST(q->integer(0) == 7);
}

BOOST_AUTO_TEST_CASE(group_commit_keeps_each_command_atomic_and_commits_them_together) {
    TemporaryDirectory dir;
    auto db = Database::open(dir.path / "test.db");
    db->exec("CREATE TABLE t (a INTEGER)");
    std::vector<int> pending; // what a store would publish after the COMMIT
    int commits = 0, rollbacks = 0;
    std::vector<int> published;
    db->set_commit_hooks(
        [&] {
            ++commits;
            published = pending;
            pending.clear();
        },
        [&] {
            ++rollbacks;
            pending.clear();
        });
    db->set_group_commit([&] { return pending.size(); }, [&](size_t mark) { pending.resize(mark); });
    auto reader = Database::open_reader(dir.path / "test.db");
    auto count = [&](Database& on) {
        auto q = on.query("SELECT count(*) FROM t");
        return q->step() ? q->integer(0) : -1;
    };
    {
        Transaction first(*db);
        db->exec("INSERT INTO t VALUES (1)");
        pending.push_back(1);
        first.commit();
    }
    {
        Transaction failing(*db); // rolled back to its savepoint: the first stays
        db->exec("INSERT INTO t VALUES (2)");
        pending.push_back(2);
    }
    {
        Transaction third(*db);
        db->exec("INSERT INTO t VALUES (3)");
        pending.push_back(3);
        third.commit();
    }
    BOOST_TEST(db->group_open());
    BOOST_TEST(commits == 0);
    BOOST_TEST(count(*reader) == 0); // nothing is visible before the COMMIT
    BOOST_TEST(db->commit_group());
    BOOST_TEST(!db->group_open());
    BOOST_TEST(commits == 1);
    BOOST_TEST(rollbacks == 0);
    BOOST_TEST((published == std::vector<int>{1, 3}));
    BOOST_TEST(count(*reader) == 2);
    auto q = reader->query("SELECT group_concat(a) FROM t");
    BOOST_REQUIRE(q->step());
    BOOST_TEST(q->text(0) == "1,3");
}

BOOST_AUTO_TEST_CASE(a_reader_connection_cannot_write) {
    TemporaryDirectory dir;
    auto db = Database::open(dir.path / "test.db");
    db->exec("CREATE TABLE t (a INTEGER)");
    auto reader = Database::open_reader(dir.path / "test.db");
    BOOST_CHECK_THROW(reader->exec("INSERT INTO t VALUES (1)"), SqliteError);
}

BOOST_AUTO_TEST_SUITE_END()
