#include "store/store.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Stringifier.h>

#include <boost/test/unit_test.hpp>

#include <sstream>

using namespace quorum;
using namespace quorum::store;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

std::string json(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(value, out);
    return out.str();
}

// A store in memory with a clock the test moves by hand.
struct Fixture {
    std::unique_ptr<Store> store = Store::open(":memory:", Durability::Normal);
    std::string clock = "2026-11-12T13:30:00.000Z";
    Principal facilitator;
    Created created;

    Fixture() {
        store->set_clock([this] { return clock; });
        MeetingFields fields;
        fields.title = "GT numérique";
        fields.date = "2026-11-12";
        created = *store->create_meeting(fields);
        facilitator = *store->authenticate(created.facilitator_key);
    }

    std::int64_t add_item(const std::string& title, std::int64_t parent = 0) {
        AgendaFields fields;
        fields.title = title;
        fields.parent_id = parent;
        return *store->add_agenda_item(facilitator, fields);
    }
};

ExtractedItem action(const std::string& text, int line, const std::string& state = "marked") {
    ExtractedItem item;
    item.kind = "action";
    item.state = state;
    item.text = text;
    item.line = line;
    item.plugin = "markers";
    return item;
}

} // namespace

BOOST_AUTO_TEST_SUITE(store_store_test)

BOOST_FIXTURE_TEST_CASE(the_facilitator_key_authenticates_as_facilitator_of_its_meeting, Fixture) {
    BOOST_TEST(facilitator.meeting_id == created.meeting_id);
    BOOST_TEST(role_name(facilitator.role) == "facilitator");
    BOOST_TEST(!facilitator.participant_id.has_value());
    BOOST_TEST(!store->authenticate("not-a-token").has_value());
    BOOST_TEST(!store->authenticate("").has_value());
}

BOOST_FIXTURE_TEST_CASE(the_key_is_stored_only_as_a_hash, Fixture) {
    auto events = *store->events_json(created.meeting_id);
    BOOST_TEST(json(events).find(created.facilitator_key) == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(a_meeting_needs_a_title, Fixture) {
    auto result = store->create_meeting(MeetingFields{});
    BOOST_REQUIRE(!result);
    BOOST_TEST(result.error().code == "invalid");
    BOOST_TEST(result.error().field == "title");
}

BOOST_FIXTURE_TEST_CASE(sql_metacharacters_are_stored_as_written, Fixture) {
    MeetingFields fields;
    fields.title = "x'); DROP TABLE meetings; --";
    auto other = store->create_meeting(fields);
    BOOST_REQUIRE(other);
    auto meeting = *store->meeting_json(other->meeting_id);
    BOOST_TEST(meeting->getValue<std::string>("title") == *fields.title);
    BOOST_TEST(store->meeting_exists(created.meeting_id));
}

BOOST_FIXTURE_TEST_CASE(agenda_items_nest_and_reorder, Fixture) {
    std::int64_t first = add_item("Accueil");
    std::int64_t second = add_item("Hébergement");
    std::int64_t child = add_item("Présentation", second);
    auto agenda = (*store->meeting_json(created.meeting_id))->getArray("agenda");
    BOOST_REQUIRE(agenda->size() == 2u);
    BOOST_TEST(agenda->getObject(1)->getArray("children")->getObject(0)->getValue<std::int64_t>("id") == child);

    BOOST_REQUIRE(store->reorder_agenda(facilitator, {{second, 0}, {child, 0}, {first, second}}));
    agenda = (*store->meeting_json(created.meeting_id))->getArray("agenda");
    BOOST_REQUIRE(agenda->size() == 2u);
    BOOST_TEST(agenda->getObject(0)->getValue<std::int64_t>("id") == second);
    BOOST_TEST(agenda->getObject(0)->getArray("children")->getObject(0)->getValue<std::int64_t>("id") == first);
    BOOST_TEST(agenda->getObject(1)->getValue<std::int64_t>("id") == child);
}

// A move and its renumbering are one change: one event, and the numbers that
// were not given stay as they were.
BOOST_FIXTURE_TEST_CASE(a_reorder_can_renumber_in_the_same_change, Fixture) {
    std::int64_t first = add_item("Accueil");
    std::int64_t second = add_item("Hébergement");
    std::int64_t third = add_item("Varia");
    BOOST_REQUIRE(store->update_agenda_item(facilitator, third, [] {
        AgendaFields fields;
        fields.number = "Z";
        return fields;
    }()));
    auto before = (*store->events_json(created.meeting_id))->size();
    BOOST_REQUIRE(store->reorder_agenda(facilitator, {{second, 0, "1"}, {first, 0, "2"}, {third, 0, std::nullopt}}));
    auto after = (*store->events_json(created.meeting_id))->size();
    BOOST_TEST(after == before + 1);
    auto agenda = (*store->meeting_json(created.meeting_id))->getArray("agenda");
    BOOST_REQUIRE(agenda->size() == 3u);
    BOOST_TEST(agenda->getObject(0)->getValue<std::int64_t>("id") == second);
    BOOST_TEST(agenda->getObject(0)->getValue<std::string>("number") == "1");
    BOOST_TEST(agenda->getObject(1)->getValue<std::string>("number") == "2");
    BOOST_TEST(agenda->getObject(2)->getValue<std::string>("number") == "Z");

    BOOST_REQUIRE(store->reorder_agenda(facilitator, {{second, 0, ""}, {first, 0}, {third, 0}}));
    agenda = (*store->meeting_json(created.meeting_id))->getArray("agenda");
    BOOST_TEST(agenda->getObject(0)->getValue<std::string>("number").empty());
}

BOOST_FIXTURE_TEST_CASE(a_reorder_must_list_every_item_once_with_parents_first, Fixture) {
    std::int64_t a = add_item("A");
    std::int64_t b = add_item("B");
    BOOST_TEST(!store->reorder_agenda(facilitator, {{a, 0}}));
    BOOST_TEST(!store->reorder_agenda(facilitator, {{a, 0}, {a, 0}}));
    BOOST_TEST(!store->reorder_agenda(facilitator, {{a, b}, {b, 0}}));
    BOOST_TEST(!store->reorder_agenda(facilitator, {{a, a}, {b, 0}}));
    BOOST_TEST(!store->reorder_agenda(facilitator, {{a, 0}, {b, 99}}));
}

BOOST_FIXTURE_TEST_CASE(deleting_an_item_deletes_its_children_and_notes, Fixture) {
    std::int64_t parent = add_item("Parent");
    std::int64_t child = add_item("Child", parent);
    BOOST_REQUIRE(store->save_note(facilitator, child, 0, "notes", {action("Do it", 1)}));
    BOOST_REQUIRE(store->delete_agenda_item(facilitator, parent));
    BOOST_TEST((*store->meeting_json(created.meeting_id))->getArray("agenda")->size() == 0u);
    BOOST_TEST((*store->items_json(created.meeting_id))->size() == 0u);
    BOOST_TEST(store->note_json(created.meeting_id, child).error().code == "not_found");
}

BOOST_FIXTURE_TEST_CASE(an_invited_participant_gets_a_personal_token_with_their_role, Fixture) {
    ParticipantFields fields;
    fields.name = "Amélie Côté";
    fields.role = Role::NoteTaker;
    auto invited = store->invite_participant(facilitator, fields);
    BOOST_REQUIRE(invited);
    auto principal = store->authenticate(invited->token);
    BOOST_REQUIRE(principal);
    BOOST_TEST(role_name(principal->role) == "note-taker");
    BOOST_TEST(*principal->participant_id == invited->participant_id);

    auto reissued = store->issue_token(facilitator, invited->participant_id);
    BOOST_REQUIRE(reissued);
    BOOST_TEST(!store->authenticate(invited->token).has_value());
    BOOST_TEST(store->authenticate(*reissued).has_value());
}

BOOST_FIXTURE_TEST_CASE(check_in_and_out_record_times_and_status, Fixture) {
    ParticipantFields fields;
    fields.name = "Karim";
    auto invited = *store->invite_participant(facilitator, fields);
    clock = "2026-11-12T13:35:00.000Z";
    BOOST_REQUIRE(store->check_in(facilitator, invited.participant_id));
    clock = "2026-11-12T15:00:00.000Z";
    BOOST_REQUIRE(store->check_out(facilitator, invited.participant_id));
    auto person = (*store->participants_json(created.meeting_id))->getObject(0);
    BOOST_TEST(person->getValue<std::string>("status") == "present");
    BOOST_TEST(person->getValue<std::string>("checked_in_at") == "2026-11-12T13:35:00.000Z");
    BOOST_TEST(person->getValue<std::string>("checked_out_at") == "2026-11-12T15:00:00.000Z");

    BOOST_REQUIRE(store->set_status(facilitator, invited.participant_id, "late"));
    BOOST_TEST((*store->participants_json(created.meeting_id))->getObject(0)->getValue<std::string>("status") ==
               "late");
    auto bad = store->set_status(facilitator, invited.participant_id, "asleep");
    BOOST_REQUIRE(!bad);
    BOOST_TEST(bad.error().field == "status");
    BOOST_TEST(store->check_in(facilitator, 999).error().code == "not_found");
}

BOOST_FIXTURE_TEST_CASE(every_save_is_a_revision_and_a_stale_base_is_refused, Fixture) {
    std::int64_t item = add_item("Tour de table");
    auto first = store->save_note(facilitator, item, 0, "first", {});
    BOOST_REQUIRE(first);
    BOOST_TEST(first->revision == 1);
    auto second = store->save_note(facilitator, item, 1, "second", {});
    BOOST_TEST(second->revision == 2);

    auto stale = store->save_note(facilitator, item, 1, "mine", {});
    BOOST_REQUIRE(stale);
    BOOST_REQUIRE(stale->conflict.has_value());
    BOOST_TEST(stale->conflict->current_revision == 2);
    BOOST_TEST(stale->conflict->current_text == "second");

    auto note = *store->note_json(created.meeting_id, item);
    BOOST_TEST(note->getValue<std::string>("text") == "second");
    BOOST_TEST((*store->note_history_json(created.meeting_id, item))->size() == 2u);
    auto old = store->note_revision_json(created.meeting_id, item, 1);
    BOOST_REQUIRE(old);
    BOOST_TEST((*old)->getValue<std::string>("text") == "first");
    BOOST_TEST(store->note_revision_json(created.meeting_id, item, 3).error().code == "not_found");
}

BOOST_FIXTURE_TEST_CASE(a_decision_on_an_item_survives_re_extraction, Fixture) {
    std::int64_t note = add_item("Charte");
    BOOST_REQUIRE(
        store->save_note(facilitator, note, 0, "a\nb",
                         {action("Karim writes the charter", 1, "suggested"), action("Drop me", 2, "suggested")}));
    auto items = *store->items_json(created.meeting_id);
    BOOST_REQUIRE(items->size() == 2u);
    std::int64_t kept = items->getObject(0)->getValue<std::int64_t>("id");
    BOOST_REQUIRE(store->edit_item(facilitator, kept, std::string("Karim drafts the charter"), std::string("Karim"),
                                   std::nullopt));

    // Saved again: the edited item keeps its id and edit, moves to line 3; the
    // undecided one that is no longer found disappears.
    BOOST_REQUIRE(
        store->save_note(facilitator, note, 1, "x\ny\na", {action("Karim writes the charter", 3, "suggested")}));
    items = *store->items_json(created.meeting_id);
    BOOST_REQUIRE(items->size() == 1u);
    auto item = items->getObject(0);
    BOOST_TEST(item->getValue<std::int64_t>("id") == kept);
    BOOST_TEST(item->getValue<std::string>("state") == "edited");
    BOOST_TEST(item->getValue<std::string>("text") == "Karim drafts the charter");
    BOOST_TEST(item->getValue<int>("line") == 3);
}

BOOST_FIXTURE_TEST_CASE(ids_are_never_reused, Fixture) {
    std::int64_t a = add_item("A");
    BOOST_REQUIRE(store->delete_agenda_item(facilitator, a));
    std::int64_t b = add_item("B");
    BOOST_TEST(b > a);
}

BOOST_FIXTURE_TEST_CASE(share_links_resolve_until_revoked_or_expired, Fixture) {
    auto open = *store->create_share_link(facilitator, "public", std::nullopt);
    auto expiring = *store->create_share_link(facilitator, "participants", std::string("2026-11-13T00:00:00.000Z"));
    BOOST_TEST(store->resolve_share_link(open.token)->visibility == "public");
    BOOST_TEST(store->resolve_share_link(expiring.token)->visibility == "participants");
    clock = "2026-11-13T00:00:00.001Z";
    BOOST_TEST(!store->resolve_share_link(expiring.token).has_value());
    BOOST_REQUIRE(store->revoke_share_link(facilitator, open.id));
    BOOST_TEST(!store->resolve_share_link(open.token).has_value());
    BOOST_TEST(!store->revoke_share_link(facilitator, open.id));
    BOOST_TEST(!store->create_share_link(facilitator, "everyone", std::nullopt));
}

BOOST_FIXTURE_TEST_CASE(every_event_bumps_the_meeting_version, Fixture) {
    auto before = *store->meeting_version(created.meeting_id);
    add_item("A");
    BOOST_TEST(*store->meeting_version(created.meeting_id) == before + 1);
}

BOOST_FIXTURE_TEST_CASE(projections_rebuilt_from_the_log_are_identical, Fixture) {
    std::int64_t a = add_item("A");
    add_item("B", a);
    ParticipantFields fields;
    fields.name = "Sophie";
    auto invited = *store->invite_participant(facilitator, fields);
    store->check_in(facilitator, invited.participant_id);
    store->save_note(facilitator, a, 0, "note", {action("Sophie sends the link", 1)});
    store->create_share_link(facilitator, "public", std::nullopt);
    auto before = json(*store->export_meeting(created.meeting_id));
    store->rebuild_projections();
    BOOST_TEST(json(*store->export_meeting(created.meeting_id)) == before);
    BOOST_TEST(store->authenticate(invited.token).has_value());
}

BOOST_FIXTURE_TEST_CASE(an_export_replays_into_another_store, Fixture) {
    std::int64_t a = add_item("A");
    store->save_note(facilitator, a, 0, "one", {});
    store->save_note(facilitator, a, 1, "two", {action("X", 1)});
    auto exported = *store->export_meeting(created.meeting_id);

    auto other = Store::open(":memory:", Durability::Normal);
    auto imported = other->import_export(exported);
    BOOST_REQUIRE(imported);
    BOOST_TEST(imported->meeting_id == created.meeting_id);
    BOOST_TEST(json(*other->meeting_json(imported->meeting_id)) == json(*store->meeting_json(created.meeting_id)));
    BOOST_TEST((*other->note_history_json(imported->meeting_id, a))->size() == 2u);
    // The export holds no hash: the import makes a new key, and the old one opens nothing there.
    BOOST_TEST(json(exported).find("hash") == std::string::npos);
    BOOST_TEST(other->authenticate(imported->facilitator_key).has_value());
    BOOST_TEST(!other->authenticate(created.facilitator_key).has_value());
    BOOST_TEST(store->authenticate(created.facilitator_key).has_value());
    // Twice is a conflict, not a duplicate.
    BOOST_TEST(other->import_export(exported).error().code == "conflict");
}

BOOST_FIXTURE_TEST_CASE(a_broken_export_changes_nothing, Fixture) {
    auto exported = *store->export_meeting(created.meeting_id);
    Object::Ptr bad_event = new Object;
    bad_event->set("type", "agenda/item-added");
    bad_event->set("payload", Object::Ptr(new Object)); // no id, no title
    exported->getArray("events")->add(bad_event);
    auto other = Store::open(":memory:", Durability::Normal);
    BOOST_TEST(!other->import_export(exported));
    BOOST_TEST(!other->meeting_exists(created.meeting_id));
}

BOOST_FIXTURE_TEST_CASE(erase_leaves_nothing_behind, Fixture) {
    std::int64_t a = add_item("A");
    store->save_note(facilitator, a, 0, "secret", {});
    BOOST_REQUIRE(store->erase_meeting(created.meeting_id));
    BOOST_TEST(!store->meeting_exists(created.meeting_id));
    BOOST_TEST(!store->authenticate(created.facilitator_key).has_value());
    BOOST_TEST(store->events_json(created.meeting_id).error().code == "not_found");
    BOOST_TEST(store->erase_meeting(created.meeting_id).error().code == "not_found");
}

BOOST_FIXTURE_TEST_CASE(the_stored_meeting_reads_back_as_a_domain_record, Fixture) {
    std::int64_t a = add_item("Accueil");
    ParticipantFields fields;
    fields.name = "Amélie Côté";
    fields.role = Role::NoteTaker;
    store->invite_participant(facilitator, fields);
    store->save_note(facilitator, a, 0, "line one\nline two", {action("Amélie sends the notes", 2)});
    auto meeting = store->load_meeting(created.meeting_id);
    BOOST_REQUIRE(meeting);
    BOOST_TEST(meeting->title == "GT numérique");
    BOOST_REQUIRE(meeting->agenda.size() == 1u);
    BOOST_TEST(meeting->agenda[0].number == "1");
    BOOST_REQUIRE(meeting->participants.size() == 1u);
    BOOST_TEST(meeting->participants[0].roles.at(0) == "note-taker");
    BOOST_REQUIRE(meeting->sections.size() == 1u);
    BOOST_REQUIRE(meeting->action_items.size() == 1u);
    BOOST_TEST(meeting->action_items[0].source.line == 2);
    BOOST_TEST(meeting->action_items[0].source.section == "Accueil");
}

// Whoever acted in the meeting was there, checked in or not; a status set by hand stays.
BOOST_FIXTURE_TEST_CASE(people_who_acted_are_present_without_checking_in, Fixture) {
    std::int64_t a = add_item("Accueil");
    auto invite = [this](const std::string& name, Role role) {
        ParticipantFields fields;
        fields.name = name;
        fields.role = role;
        return store->invite_participant(facilitator, fields)->participant_id;
    };
    std::int64_t writer = invite("Amélie Côté", Role::NoteTaker);
    std::int64_t animator = invite("Bruno Roy", Role::Facilitator);
    std::int64_t speaker = invite("Chloé Hébert", Role::Participant);
    std::int64_t silent = invite("Denis Ouellet", Role::Participant);
    std::int64_t excused = invite("Élise Morin", Role::NoteTaker);
    std::int64_t early = invite("Farid Haddad", Role::Participant);
    BOOST_REQUIRE(store->set_status(facilitator, excused, "excused"));
    BOOST_REQUIRE(store->check_in(facilitator, early));

    auto token = store->issue_token(facilitator, writer);
    Principal amelie = *store->authenticate(*token);
    BOOST_REQUIRE(store->save_note(amelie, a, 0, "Bienvenue.", {}));
    std::vector<Store::LiveEvent> live = {
        {"meeting/started", 1, "{}"},
        {"queue/changed", 2, "{\"action\":\"acked\",\"participant_id\":" + std::to_string(speaker) + "}"}};
    BOOST_REQUIRE(store->append_live_events(created.meeting_id, "facilitator-key", live));

    auto meeting = store->load_meeting(created.meeting_id);
    BOOST_REQUIRE(meeting);
    auto status = [&](std::int64_t id) {
        for (const Participant& p : meeting->participants) {
            if (p.store_id == std::to_string(id)) {
                return p.status;
            }
        }
        BOOST_FAIL("no participant " << id);
        return AttendanceStatus::Absent;
    };
    BOOST_TEST((status(writer) == AttendanceStatus::Present));   // wrote the notes
    BOOST_TEST((status(animator) == AttendanceStatus::Present)); // facilitated a meeting that ran
    BOOST_TEST((status(speaker) == AttendanceStatus::Present));  // took the floor
    BOOST_TEST((status(early) == AttendanceStatus::Present));    // checked in
    BOOST_TEST((status(silent) == AttendanceStatus::Absent));    // did nothing, never came
    BOOST_TEST((status(excused) == AttendanceStatus::Excused));  // a note-taker who sent regrets
}

// Consent is not arrival: people check themselves in from 30 minutes before the planned start,
// or once the meeting runs; the facilitator marks anyone at any time.
BOOST_FIXTURE_TEST_CASE(self_check_in_opens_shortly_before_the_start, Fixture) {
    MeetingFields fields;
    fields.title = "GT numérique";
    fields.date = "2026-11-12";
    fields.start = "09:30";
    fields.timezone = "America/Toronto"; // 14:30 UTC on that day
    BOOST_REQUIRE(store->update_meeting(facilitator, fields));
    ParticipantFields person;
    person.name = "Amélie Côté";
    auto invited = store->invite_participant(facilitator, person);
    Principal amelie = *store->authenticate(invited->token);

    clock = "2026-11-10T12:53:00.000Z"; // two days before
    auto early = store->check_in(amelie, invited->participant_id);
    BOOST_REQUIRE(!early);
    BOOST_TEST(early.error().code == "conflict");
    BOOST_TEST(early.error().field == "check_in");
    BOOST_TEST(early.error().message.find("November 12, 2026 at 09:00") != std::string::npos);
    BOOST_TEST(store->check_in(facilitator, invited->participant_id).has_value()); // the facilitator may
    BOOST_REQUIRE(store->set_status(facilitator, invited->participant_id, "invited"));

    clock = "2026-11-12T14:05:00.000Z"; // 9:05 in Toronto, 25 minutes before
    BOOST_TEST(store->check_in(amelie, invited->participant_id).has_value());

    store->set_check_in_opens(std::chrono::minutes(0));
    clock = "2026-11-12T14:20:00.000Z"; // 10 minutes before, the window now closed until 9:30
    BOOST_TEST(!store->check_in(amelie, invited->participant_id).has_value());
    std::vector<Store::LiveEvent> started = {{"meeting/started", 1, "{}"}};
    BOOST_REQUIRE(store->append_live_events(created.meeting_id, "facilitator-key", started));
    BOOST_TEST(store->check_in(amelie, invited->participant_id).has_value()); // it runs: any time
}

BOOST_AUTO_TEST_SUITE_END()
