// A group's own plugin on the real server: it hears live events and writes
// through quorum.* (an item, a summary section, a note), each stored as an event.

#include "harness.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>

using namespace harness;
using namespace std::chrono_literals;

namespace {

const char* const k_plugin = R"lua(
plugin.version = "1.0"
plugin:hook("meeting/started", function(event)
  local id = event.meeting_id
  local agenda = quorum.agenda_get(id)
  local item, why = quorum.item_add(id, { kind = "action", text = "send the agenda", owner = "Person participant" })
  if not item then quorum.log_warn(why) end
  quorum.section_add(id, { title = "Météo", markdown = "Ciel **dégagé**. <script>alert(1)</script>" })
  quorum.section_add(id, { title = "Brouillon", markdown = "à retirer" })
  quorum.section_add(id, { title = "Brouillon", markdown = "" }) -- taken back
  quorum.section_add(id, { title = "Jamais ajoutée", markdown = "" }) -- nothing to take back
  quorum.note_add(id, { item = agenda[1].id, text = "Ajouté par le greffon." })
  quorum.timer_after(10, function()
    local sent, why = quorum.command_send(id, "agenda+ Point ajouté par le greffon")
    if not sent then quorum.log_warn(why) end
  end)
end)
)lua";

// Waits (bounded) until `ready` holds: plugin events are delivered on their own thread.
template <typename F> bool eventually(F ready) {
    for (int i = 0; i < 200; ++i) {
        if (ready()) {
            return true;
        }
        std::this_thread::sleep_for(25ms);
    }
    return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(server_plugins_test)

BOOST_AUTO_TEST_CASE(a_plugin_adds_an_item_a_summary_section_and_a_note_on_the_server) {
    auto dir = fs::temp_directory_path() / ("quorum-plugin-" + std::to_string(::getpid()));
    fs::create_directories(dir / "writer");
    std::ofstream(dir / "writer" / "init.lua") << k_plugin;
    quorum::server::ServerConfig config;
    config.plugin_dirs = {QUORUM_PLUGINS, dir};
    TestServer server(config);
    MeetingFixture m(server);
    std::string before = server.get(m.base() + "/notes/" + std::to_string(m.agenda_item), m.key).body;

    Object::Ptr body = new Object;
    body->set("command", "start meeting");
    std::ostringstream out;
    body->stringify(out);
    BOOST_REQUIRE_EQUAL(server.post(m.base() + "/commands", out.str(), m.key).status, 200);

    BOOST_REQUIRE(eventually([&] {
        auto note = server.get(m.base() + "/notes/" + std::to_string(m.agenda_item), m.key).json();
        return note->getValue<std::string>("text").find("Ajouté par le greffon.") != std::string::npos;
    }));
    auto note = server.get(m.base() + "/notes/" + std::to_string(m.agenda_item), m.key).json();
    BOOST_TEST(note->getValue<std::int64_t>("revision") == 2);
    // Appended: what the note-taker wrote is still there.
    BOOST_TEST(note->getValue<std::string>("text").find("envoyer le devis") != std::string::npos);

    auto items = server.get(m.base() + "/items", m.key).array();
    bool found = false;
    for (size_t i = 0; i < items->size(); ++i) {
        auto item = items->getObject(static_cast<unsigned>(i));
        if (item->getValue<std::string>("text") == "send the agenda") {
            found = true;
            BOOST_TEST(item->getValue<std::string>("state") == "suggested");
            BOOST_TEST(item->getValue<std::string>("plugin") == "writer");
        }
    }
    BOOST_TEST(found);

    auto html = server.get(m.base() + "/summary?format=html", m.key).body;
    BOOST_TEST(html.find("Météo") != std::string::npos);
    BOOST_TEST(html.find("<strong>dégagé</strong>") != std::string::npos);
    BOOST_TEST(html.find("<script>") == std::string::npos);
    BOOST_TEST(html.find("Brouillon") == std::string::npos);
    BOOST_TEST(html.find("Jamais") == std::string::npos);

    // Each write is an event with the plugin as its actor, a live command it sent included.
    BOOST_REQUIRE(eventually(
        [&] { return server.get(m.base(), m.key).body.find("Point ajouté par le greffon") != std::string::npos; }));
    auto events = server.get(m.base() + "/events", m.key).array();
    std::vector<std::string> by_plugin;
    for (size_t i = 0; i < events->size(); ++i) {
        auto event = events->getObject(static_cast<unsigned>(i));
        if (event->getValue<std::string>("actor") == "plugin:writer") {
            by_plugin.push_back(event->getValue<std::string>("type"));
        }
    }
    BOOST_TEST(by_plugin.size() == 6u); // the item, Météo, Brouillon set and taken back, the note, the command
    BOOST_TEST((std::find(by_plugin.begin(), by_plugin.end(), "agenda/item-added") != by_plugin.end()));
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_meeting_sets_its_own_values_for_a_plugins_options) {
    auto dir = fs::temp_directory_path() / ("quorum-plugin-options-" + std::to_string(::getpid()));
    fs::create_directories(dir / "greeter");
    std::ofstream(dir / "greeter" / "init.lua") << R"lua(
plugin.version = "1.0"
local LIMIT = plugin:option_integer("limit", 10, 1, 100)
plugin:hook("meeting/started", function(event)
  local limit = quorum.option_get(event.meeting_id, "limit")
  quorum.section_add(event.meeting_id, { title = "Limite", markdown = "limit=" .. tostring(limit) })
end)
)lua";
    quorum::server::ServerConfig config;
    config.plugin_dirs = {QUORUM_PLUGINS, dir};
    TestServer server(config);
    MeetingFixture m(server);
    std::string path = m.base() + "/plugins/greeter/options";
    auto before = server.get(path, m.tokens["participant"]).json();
    BOOST_TEST(before->getArray("options")->getObject(0)->getValue<std::string>("name") == "limit");
    BOOST_TEST(before->getArray("options")->getObject(0)->get("meeting_value").isEmpty());

    BOOST_TEST(server.put(path, R"({"options":{"limit":500}})", m.tokens["participant"]).status == 403);
    BOOST_TEST(server.put(path, R"({"options":{"nope":1}})", m.key).status == 422);
    BOOST_TEST(server.put(m.base() + "/plugins/absent/options", R"({"options":{}})", m.key).status == 404);
    BOOST_TEST(server.put(m.base() + "/plugins/Bad.Name/options", R"({"options":{}})", m.key).status == 400);
    auto set = server.put(path, R"({"options":{"limit":500}})", m.key);
    BOOST_REQUIRE_EQUAL(set.status, 200);
    BOOST_TEST(set.json()->getArray("options")->getObject(0)->getValue<std::string>("meeting_value") == "500");

    // The plugin reads the meeting's value, clamped to its bounds (500 > 100).
    Object::Ptr body = new Object;
    body->set("command", "start meeting");
    std::ostringstream out;
    body->stringify(out);
    BOOST_REQUIRE_EQUAL(server.post(m.base() + "/commands", out.str(), m.key).status, 200);
    BOOST_TEST(eventually([&] {
        return server.get(m.base() + "/summary?format=md", m.key).body.find("limit=100") != std::string::npos;
    }));
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(summary_building_runs_on_the_servers_summaries) {
    auto dir = fs::temp_directory_path() / ("quorum-plugin-building-" + std::to_string(::getpid()));
    fs::create_directories(dir / "digest");
    std::ofstream(dir / "digest" / "init.lua") << R"lua(
plugin.version = "1.0"
plugin:hook("summary/building", function(meeting, doc)
  local count = 0
  for _, block in ipairs(doc.blocks) do
    if block.text:find("devis", 1, true) then count = count + 1 end
  end
  return { sections = { { title = "Digest", markdown = "blocks about the quote: " .. count } } }
end)
)lua";
    quorum::server::ServerConfig config;
    config.plugin_dirs = {QUORUM_PLUGINS, dir};
    TestServer server(config);
    MeetingFixture m(server);
    auto md = server.get(m.base() + "/summary?format=md", m.key).body;
    BOOST_TEST(md.find("Digest") != std::string::npos);
    BOOST_TEST(md.find("blocks about the quote: 1") != std::string::npos);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
