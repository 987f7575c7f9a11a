#include "interop/stored.hpp"

#include "extract/process.hpp"
#include "interop/exports.hpp"
#include "scripting/plugin.hpp"
#include "server/meetings.hpp"

#include <Poco/JSON/Array.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>

using namespace quorum;
using namespace quorum::interop;
using Poco::JSON::Object;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "missing " << path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A store in memory holding an example meeting imported from its minutes.
struct Fixture {
    std::unique_ptr<store::Store> store = store::Store::open(":memory:", store::Durability::Normal);
    server::Meetings meetings{*store, QUORUM_TEMPLATES};
    std::string id;
    store::Principal facilitator;

    explicit Fixture(const std::string& example = "gt-numerique-2026-11.md") {
        BOOST_REQUIRE(meetings.load_plugins({QUORUM_PLUGINS}));
        auto created = meetings.import_markdown(read_file(std::string(QUORUM_EXAMPLES) + "/" + example), "test");
        BOOST_REQUIRE(created);
        id = created->meeting_id;
        facilitator = store::Principal{id, store::Role::Facilitator, std::nullopt, {}};
    }

    Object::Ptr participant(const std::string& name) {
        auto participants = store->participants_json(id);
        for (size_t i = 0; i < (*participants)->size(); ++i) {
            Object::Ptr p = (*participants)->getObject(static_cast<unsigned>(i));
            if (p->getValue<std::string>("name") == name) {
                return p;
            }
        }
        return nullptr;
    }
};

Meeting reread(const std::string& markdown) {
    static scripting::PluginHost host;
    static bool loaded = host.load_directory(QUORUM_PLUGINS).has_value();
    BOOST_REQUIRE(loaded);
    auto meeting = extract::process(markdown, {}, host);
    BOOST_REQUIRE(meeting);
    return *meeting;
}

void check_agenda(const std::vector<AgendaItem>& got, const std::vector<AgendaItem>& want) {
    BOOST_REQUIRE_EQUAL(got.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
        BOOST_TEST_CONTEXT("agenda " << want[i].number) {
            BOOST_CHECK_EQUAL(got[i].title, want[i].title);
            BOOST_CHECK_EQUAL(got[i].type, want[i].type);
            BOOST_CHECK(got[i].duration_seconds == want[i].duration_seconds);
            check_agenda(got[i].children, want[i].children);
        }
    }
}

// The same meeting: header, people with affiliations, attendance and roles,
// agenda, actions and decisions.
void check_same_meeting(const Meeting& got, const Meeting& want) {
    BOOST_CHECK_EQUAL(got.title, want.title);
    BOOST_CHECK_EQUAL(got.date, want.date);
    BOOST_CHECK_EQUAL(got.start, want.start);
    BOOST_CHECK_EQUAL(got.end, want.end);
    BOOST_CHECK_EQUAL(got.location, want.location);
    // Minutes list people by attendance (Present, Regrets, Absent), so the
    // order read back follows those lists: people are compared by name.
    auto by_name = [](std::vector<Participant> people) {
        std::sort(people.begin(), people.end(),
                  [](const Participant& a, const Participant& b) { return a.name < b.name; });
        return people;
    };
    std::vector<Participant> got_people = by_name(got.participants), want_people = by_name(want.participants);
    BOOST_REQUIRE_EQUAL(got_people.size(), want_people.size());
    for (size_t i = 0; i < want_people.size(); ++i) {
        BOOST_TEST_CONTEXT(want_people[i].name) {
            BOOST_CHECK_EQUAL(got_people[i].name, want_people[i].name);
            BOOST_CHECK_EQUAL(got_people[i].affiliation, want_people[i].affiliation);
            BOOST_CHECK(got_people[i].status == want_people[i].status);
            BOOST_CHECK(got_people[i].roles == want_people[i].roles);
        }
    }
    check_agenda(got.agenda, want.agenda);
    BOOST_REQUIRE_EQUAL(got.action_items.size(), want.action_items.size());
    for (size_t i = 0; i < want.action_items.size(); ++i) {
        BOOST_CHECK_EQUAL(got.action_items[i].text, want.action_items[i].text);
        BOOST_CHECK_EQUAL(got.action_items[i].owner, want.action_items[i].owner);
        // the store keeps a due it could not date as written ("the next call"), as the reader's due_text
        const ActionItem& read = got.action_items[i];
        BOOST_CHECK_EQUAL(read.due.empty() ? read.due_text : read.due, want.action_items[i].due);
    }
    BOOST_REQUIRE_EQUAL(got.decisions.size(), want.decisions.size());
    for (size_t i = 0; i < want.decisions.size(); ++i) {
        BOOST_CHECK_EQUAL(got.decisions[i].text, want.decisions[i].text);
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(interop_stored_test)

BOOST_AUTO_TEST_CASE(preview_writes_nothing_and_apply_records_everything_at_once) {
    Fixture f;
    auto version = f.store->meeting_version(f.id);
    std::string file = read_file(std::string(QUORUM_EXAMPLES) + "/attendance/zoom-participants.csv");
    auto preview = preview_attendance(*f.store, f.id, file, {});
    BOOST_REQUIRE(preview);
    BOOST_CHECK_EQUAL(preview->matched.size(), 6u);
    BOOST_CHECK_EQUAL(preview->unmatched.size(), 2u); // "Mathis P." and a phone
    BOOST_CHECK(f.store->meeting_version(f.id) == version);

    auto applied = apply_attendance(*f.store, f.facilitator, file, {{"Mathis P.", 6}}, Unmatched::Skip, "test");
    BOOST_REQUIRE(applied);
    BOOST_CHECK_EQUAL(applied->recorded.updated, 7);
    BOOST_CHECK_EQUAL(applied->recorded.added, 0);
    BOOST_CHECK(*f.store->meeting_version(f.id) == *version + 1); // one event
    Object::Ptr karim = f.participant("Karim Benali");
    BOOST_CHECK_EQUAL(karim->getValue<std::string>("status"), "present");
    BOOST_CHECK_EQUAL(karim->getValue<int>("minutes"), 41 + 78);
    BOOST_CHECK_EQUAL(karim->getValue<std::string>("joined"), "2026-11-12T13:29:40");
    BOOST_CHECK_EQUAL(f.participant("Mathis Pelletier")->getValue<int>("minutes"), 119);

    // The alias is remembered: the next import matches "Mathis P." by itself.
    auto again = preview_attendance(*f.store, f.id, file, {});
    BOOST_REQUIRE(again);
    BOOST_CHECK_EQUAL(again->matched.size(), 7u);
}

BOOST_AUTO_TEST_CASE(unmatched_people_are_added_as_participants) {
    Fixture f;
    auto applied = apply_attendance(*f.store, f.facilitator, "Karim Benali\nNadia Saïdi\n", {}, Unmatched::Add, "t");
    BOOST_REQUIRE(applied);
    BOOST_CHECK_EQUAL(applied->recorded.added, 1);
    Object::Ptr nadia = f.participant("Nadia Saïdi");
    BOOST_REQUIRE(nadia);
    BOOST_CHECK_EQUAL(nadia->getValue<std::string>("status"), "present");
    BOOST_CHECK_EQUAL(nadia->getValue<std::string>("role"), "participant");
}

BOOST_AUTO_TEST_CASE(a_malformed_file_writes_nothing) {
    Fixture f;
    auto version = f.store->meeting_version(f.id);
    auto participants = f.store->participants_json(f.id);
    std::string before = Poco::Dynamic::Var(*participants).toString();
    std::string broken = read_file(std::string(QUORUM_FIXTURES) + "/interop/broken-missing-columns.csv");
    auto applied = apply_attendance(*f.store, f.facilitator, broken, {}, Unmatched::Add, "t");
    BOOST_REQUIRE(!applied);
    BOOST_CHECK(applied.error().message.starts_with("line 3:"));
    BOOST_CHECK(f.store->meeting_version(f.id) == version);
    BOOST_CHECK_EQUAL(Poco::Dynamic::Var(*f.store->participants_json(f.id)).toString(), before);
    // An alias naming nobody also stops the whole import.
    auto bad_alias = apply_attendance(*f.store, f.facilitator, "Karim Benali\n", {{"K", 999}}, Unmatched::Add, "t");
    BOOST_REQUIRE(!bad_alias);
    BOOST_CHECK(f.store->meeting_version(f.id) == version);
}

BOOST_AUTO_TEST_CASE(regenerated_markdown_reads_back_as_the_same_meeting) {
    for (const char* example : {"gt-numerique-2026-11.md", "standards-call-2026-10.md", "coop-board-2026-09.md"}) {
        BOOST_TEST_CONTEXT(example) {
            Fixture f(example);
            auto markdown = stored_minutes(*f.store, f.id);
            BOOST_REQUIRE(markdown);
            auto stored = f.store->load_meeting(f.id);
            BOOST_REQUIRE(stored);
            check_same_meeting(reread(*markdown), *stored);
        }
    }
}

BOOST_AUTO_TEST_CASE(export_then_import_gives_the_same_meeting_with_its_attendance) {
    Fixture f;
    std::string file = read_file(std::string(QUORUM_EXAMPLES) + "/attendance/zoom-participants.csv");
    BOOST_REQUIRE(apply_attendance(*f.store, f.facilitator, file, {}, Unmatched::Add, "t"));
    auto exported = f.store->export_meeting(f.id);
    BOOST_REQUIRE(exported);
    auto other = store::Store::open(":memory:", store::Durability::Normal);
    auto imported = other->import_export(*exported);
    BOOST_REQUIRE(imported);
    const std::string& id = imported->meeting_id;
    BOOST_CHECK_EQUAL(*stored_attendance_csv(*other, id), *stored_attendance_csv(*f.store, f.id));
    BOOST_CHECK_EQUAL(*stored_minutes(*other, id), *stored_minutes(*f.store, f.id));
    BOOST_CHECK_EQUAL(*stored_actions_csv(*other, id), *stored_actions_csv(*f.store, f.id));
}

BOOST_AUTO_TEST_CASE(attendance_csv_has_minutes_and_the_speaking_column) {
    Fixture f;
    std::string file = read_file(std::string(QUORUM_EXAMPLES) + "/attendance/zoom-participants.csv");
    BOOST_REQUIRE(apply_attendance(*f.store, f.facilitator, file, {}, Unmatched::Skip, "t"));
    auto csv = stored_attendance_csv(*f.store, f.id);
    BOOST_REQUIRE(csv);
    BOOST_CHECK(csv->starts_with("name,affiliation,status,join,leave,minutes,speaking_seconds\r\n"));
    BOOST_CHECK(csv->find("Karim Benali,Coopérative Nuage boréal,present,2026-11-12T13:29:40,2026-11-12T15:31:00,119,"
                          "\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(actions_csv_names_owner_due_state_and_source) {
    Fixture f("standards-call-2026-10.md");
    auto csv = stored_actions_csv(*f.store, f.id);
    BOOST_REQUIRE(csv);
    BOOST_CHECK(csv->starts_with("owner,text,due,state,source\r\n"));
    auto meeting = f.store->load_meeting(f.id);
    BOOST_REQUIRE(!meeting->action_items.empty());
    const ActionItem& first = meeting->action_items.front();
    BOOST_CHECK(csv->find(first.owner + ",") != std::string::npos);
    BOOST_CHECK(csv->find(",marked,") != std::string::npos);
    BOOST_CHECK(csv->find("line ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_series_lists_meetings_sharing_the_key_by_date) {
    Fixture f;
    store::MeetingFields later;
    later.title = "Suite";
    later.date = "2026-12-10";
    later.series = "gt-numerique-serie-2026";
    auto second = f.store->create_meeting(later);
    BOOST_REQUIRE(second);
    store::MeetingFields join;
    join.series = "gt-numerique-serie-2026";
    BOOST_REQUIRE(f.store->update_meeting(f.facilitator, join));
    auto ids = f.store->series_meetings(second->meeting_id);
    BOOST_REQUIRE(ids);
    BOOST_REQUIRE_EQUAL(ids->size(), 2u);
    BOOST_CHECK_EQUAL((*ids)[0], f.id); // 12 November before 10 December
    auto calendar = stored_calendar(*f.store, *ids, {"America/Montreal", "20261129T030000Z", "GT"});
    BOOST_REQUIRE(calendar);
    BOOST_CHECK(calendar->find("UID:" + f.id + "@quorum") != std::string::npos);
    BOOST_CHECK(calendar->find("DTSTART;VALUE=DATE:20261210") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_irc_log_is_stored_as_a_meeting) {
    std::unique_ptr<store::Store> store = store::Store::open(":memory:", store::Durability::Normal);
    auto log = read_log(read_file(std::string(QUORUM_FIXTURES) + "/interop/w3c-scribe.log"));
    BOOST_REQUIRE(log);
    auto created = store_log(*store, *log, "test");
    BOOST_REQUIRE(created);
    auto meeting = store->load_meeting(created->meeting_id);
    BOOST_REQUIRE(meeting);
    BOOST_CHECK_EQUAL(meeting->title, "Open Minutes Community Group");
    BOOST_CHECK_EQUAL(meeting->agenda.size(), 2u);
    BOOST_CHECK_EQUAL(meeting->action_items.size(), 3u);
    BOOST_CHECK_EQUAL(meeting->decisions.size(), 2u);
    BOOST_CHECK_EQUAL(meeting->action_items[2].owner, "Priya Raman");
}

BOOST_AUTO_TEST_CASE(aliases_parse_from_the_command_line_form) {
    auto alias = parse_alias("Dupont, Jean = 14");
    BOOST_REQUIRE(alias);
    BOOST_CHECK_EQUAL(alias->written, "Dupont, Jean");
    BOOST_CHECK_EQUAL(alias->participant_id, 14);
    BOOST_CHECK(!parse_alias("nobody"));
    BOOST_CHECK(!parse_alias("x=abc"));
}

BOOST_AUTO_TEST_SUITE_END()
