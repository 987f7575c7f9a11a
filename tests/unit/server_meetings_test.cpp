#include "server/meetings.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace quorum;

namespace {

// A plugin folder with one plugin that remembers what it was told, through the
// server's key-value store.
struct PluginFolder {
    std::filesystem::path root;
    PluginFolder() {
        char pattern[] = "/tmp/quorum-meetings-test-XXXXXX";
        root = mkdtemp(pattern);
        std::filesystem::create_directories(root / "listener");
        std::ofstream(root / "listener" / "init.lua") << R"lua(
plugin.version = "1"
plugin:hook("notes/saved", function(e) quorum.store_set("notes", { item = e.item, revision = e.revision }) end)
plugin:hook("attendance/changed", function(e) quorum.store_set("attendance", e.meeting_id) end)
plugin:hook("summary/published", function(e)
  local ok, err = quorum.command_send(e.meeting_id, "/notice published")
  quorum.store_set("command", ok and ok.text or err)
end)
)lua";
    }
    ~PluginFolder() { std::filesystem::remove_all(root); }
};

store::Store::Notice notice(const std::string& type, Poco::JSON::Object::Ptr payload = nullptr) {
    store::Store::Notice n;
    n.meeting_id = "m1";
    n.type = type;
    n.payload = payload;
    return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(server_meetings_test)

BOOST_AUTO_TEST_CASE(store_events_reach_plugins_as_their_events) {
    auto store = store::Store::open(":memory:", store::Durability::Normal);
    server::Meetings meetings(*store, QUORUM_TEMPLATES);
    PluginFolder folder;
    BOOST_REQUIRE(meetings.load_plugins({folder.root}));
    Poco::JSON::Object::Ptr saved = new Poco::JSON::Object;
    saved->set("agenda_item_id", Poco::Int64(4));
    saved->set("revision", Poco::Int64(2));
    meetings.notify_store_events({notice("note/saved", saved), notice("participant/checked-in")});
    BOOST_CHECK_EQUAL(**store->plugin_value("listener", "notes"), "{\"item\":\"4\",\"revision\":2}");
    BOOST_CHECK_EQUAL(**store->plugin_value("listener", "attendance"), "\"m1\"");
}

BOOST_AUTO_TEST_CASE(commands_go_to_the_handler_the_server_plugs_in) {
    auto store = store::Store::open(":memory:", store::Durability::Normal);
    server::Meetings meetings(*store, QUORUM_TEMPLATES);
    PluginFolder folder;
    BOOST_REQUIRE(meetings.load_plugins({folder.root}));
    meetings.notify_store_events({notice("share/created")});
    BOOST_CHECK_EQUAL(**store->plugin_value("listener", "command"), "\"live commands are not available\"");
    std::string sender;
    meetings.set_command_handler([&sender](const std::string& plugin, const std::string&,
                                           const std::string& text) -> Expected<scripting::Value> {
        sender = plugin;
        return scripting::Value(scripting::Value::Object{{"text", text}});
    });
    meetings.notify_store_events({notice("share/created")});
    BOOST_CHECK_EQUAL(**store->plugin_value("listener", "command"), "\"/notice published\"");
    BOOST_CHECK_EQUAL(sender, "listener"); // the server records it as the plugin's
}

BOOST_AUTO_TEST_SUITE_END()
