#include "store/store.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <unistd.h>

using namespace quorum;
using namespace quorum::store;

BOOST_AUTO_TEST_SUITE(store_plugin_values_test)

BOOST_AUTO_TEST_CASE(values_are_kept_per_plugin_and_key) {
    auto store = Store::open(":memory:", Durability::Normal);
    BOOST_REQUIRE(store->set_plugin_value("a", "k", "1"));
    BOOST_REQUIRE(store->set_plugin_value("b", "k", "\"two\""));
    BOOST_REQUIRE(store->set_plugin_value("a", "k", "3"));
    BOOST_CHECK_EQUAL(**store->plugin_value("a", "k"), "3");
    BOOST_CHECK_EQUAL(**store->plugin_value("b", "k"), "\"two\"");
    BOOST_CHECK(!*store->plugin_value("a", "missing"));
    BOOST_CHECK_EQUAL(store->plugin_value_bytes("a"), 2);
    BOOST_CHECK(*store->delete_plugin_value("a", "k"));
    BOOST_CHECK(!*store->delete_plugin_value("a", "k"));
    BOOST_CHECK_EQUAL(store->plugin_value_bytes("a"), 0);
}

BOOST_AUTO_TEST_CASE(values_survive_reopening_and_rebuilding_projections) {
    char pattern[] = "/tmp/quorum-plugin-values-XXXXXX";
    std::filesystem::path dir = mkdtemp(pattern);
    {
        auto store = Store::open(dir / "quorum.db", Durability::Normal);
        BOOST_REQUIRE(store->set_plugin_value("timebox-reminder", "sent", "{\"a1\":true}"));
        store->rebuild_projections();
    }
    {
        auto store = Store::open(dir / "quorum.db", Durability::Normal);
        BOOST_CHECK_EQUAL(**store->plugin_value("timebox-reminder", "sent"), "{\"a1\":true}");
    }
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
