#include "store/migrations.hpp"

#include <boost/test/unit_test.hpp>

using namespace quorum::store;

BOOST_AUTO_TEST_SUITE(store_migrations_test)

BOOST_AUTO_TEST_CASE(a_new_database_reaches_the_latest_version) {
    auto db = Database::open(":memory:");
    BOOST_TEST(schema_version(*db) == 0);
    BOOST_TEST(migrate(*db) == static_cast<int>(migrations().size()));
    BOOST_TEST(schema_version(*db) == static_cast<int>(migrations().size()));
}

BOOST_AUTO_TEST_CASE(migrating_twice_changes_nothing) {
    auto db = Database::open(":memory:");
    migrate(*db);
    BOOST_CHECK_NO_THROW(migrate(*db));
    auto q = db->query("SELECT count(*) FROM schema_version");
    BOOST_REQUIRE(q->step());
    BOOST_TEST(q->integer(0) == static_cast<std::int64_t>(migrations().size()));
}

BOOST_AUTO_TEST_CASE(a_database_from_a_newer_quorum_is_refused) {
    auto db = Database::open(":memory:");
    migrate(*db);
    db->exec("INSERT INTO schema_version (version) VALUES (9999)");
    BOOST_CHECK_THROW(migrate(*db), SqliteError);
}

BOOST_AUTO_TEST_CASE(events_are_append_only) {
    auto db = Database::open(":memory:");
    migrate(*db);
    db->exec("INSERT INTO events (meeting_id, at, actor, type, payload) VALUES ('m', 't', 'a', 'x', '{}')");
    BOOST_CHECK_THROW(db->exec("UPDATE events SET type = 'y'"), SqliteError);
}

BOOST_AUTO_TEST_SUITE_END()
