// Live messages are filtered by the receiver's role as the REST reads are
// (issue 20, D11): every event type the store writes, shaped for each audience.

#include "server/live.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>
#include <vector>

using namespace quorum;
using Poco::JSON::Array;
using Poco::JSON::Object;
using server::Live;

namespace {

const std::string k_email = "dana@example.org";
const std::string k_hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const std::string k_key_hash = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
const std::string k_series = "gt-numerique-2026-secret";
const std::string k_name = "Dana Offrecord";

Object::Ptr person(std::int64_t id) {
    Object::Ptr p = new Object;
    p->set("id", Poco::Int64(id));
    p->set("name", k_name);
    p->set("affiliation", "Coop");
    p->set("email", k_email);
    p->set("role", "participant");
    p->set("status", "invited");
    p->set("token_hash", k_hash);
    return p;
}

// One payload per event type the store and the live layer write, each with
// everything sensitive such an event can hold.
std::vector<store::Store::Notice> notices() {
    std::vector<store::Store::Notice> out;
    auto add = [&](const std::string& type, Object::Ptr payload) {
        out.push_back(store::Store::Notice{"m1", static_cast<std::int64_t>(out.size() + 1), "2026-11-12T10:00:00.000Z",
                                           "facilitator", type, payload});
    };
    {
        Object::Ptr p = new Object;
        p->set("title", "GT");
        p->set("date", "2026-11-12");
        p->set("series", k_series);
        p->set("facilitator_key_hash", k_key_hash);
        add("meeting/created", p);
    }
    {
        Object::Ptr p = new Object;
        p->set("title", "GT 2");
        p->set("series", k_series);
        add("meeting/updated", p);
    }
    add("participant/invited", person(7));
    {
        Object::Ptr p = new Object;
        p->set("id", Poco::Int64(7));
        p->set("token_hash", k_hash);
        add("participant/token-issued", p);
    }
    for (const char* type : {"participant/checked-in", "participant/checked-out", "participant/status-set"}) {
        Object::Ptr p = new Object;
        p->set("id", Poco::Int64(7));
        p->set("status", "present");
        add(type, p);
    }
    {
        Object::Ptr p = new Object;
        p->set("id", Poco::Int64(7));
        p->set("record", false);
        add("participant/record-set", p);
    }
    {
        Object::Ptr entry = person(8);
        entry->set("new", true);
        Array::Ptr entries = new Array;
        entries->add(entry);
        Object::Ptr p = new Object;
        p->set("source", "zoom");
        p->set("entries", entries);
        p->set("aliases", Array::Ptr(new Array));
        add("attendance/recorded", p);
    }
    {
        Object::Ptr p = new Object;
        p->set("id", Poco::Int64(3));
        p->set("token_hash", k_hash);
        p->set("visibility", "public");
        add("share/created", p);
    }
    {
        Object::Ptr p = new Object;
        p->set("id", Poco::Int64(3));
        add("share/revoked", p);
    }
    {
        Object::Ptr p = new Object;
        p->set("agenda_item_id", Poco::Int64(1));
        p->set("text", "notes by " + k_name);
        p->set("items", Array::Ptr(new Array));
        add("note/saved", p);
    }
    {
        Object::Ptr p = new Object;
        p->set("id", Poco::Int64(2));
        p->set("title", "Varia");
        add("agenda/item-added", p);
    }
    {
        // A live event: the roster, names included.
        Object::Ptr row = new Object;
        row->set("id", "7");
        row->set("name", k_name);
        Array::Ptr rows = new Array;
        rows->add(row);
        Object::Ptr data = new Object;
        data->set("participants", rows);
        Object::Ptr p = new Object;
        p->set("live", true);
        p->set("at_ms", Poco::Int64(1));
        p->set("data", data);
        add("attendance/changed", p);
    }
    {
        Object::Ptr data = new Object;
        data->set("action", "raised");
        data->set("participant_id", "7");
        Object::Ptr p = new Object;
        p->set("live", true);
        p->set("at_ms", Poco::Int64(2));
        p->set("data", data);
        add("queue/changed", p);
    }
    return out;
}

bool has(const std::string& text, const std::string& what) {
    return text.find(what) != std::string::npos;
}

Object::Ptr event_of(const std::string& message) {
    Poco::JSON::Parser parser;
    return parser.parse(message).extract<Object::Ptr>()->getObject("event");
}

} // namespace

BOOST_AUTO_TEST_SUITE(server_live_messages_test)

BOOST_AUTO_TEST_CASE(every_event_type_is_shaped_for_every_audience_as_the_rest_reads_are) {
    for (const auto& notice : notices()) {
        BOOST_TEST_CONTEXT(notice.type) {
            auto messages = Live::messages(notice, 1000);
            BOOST_REQUIRE_EQUAL(messages.size(), static_cast<size_t>(Live::k_audiences));
            const std::string payload = [&] {
                std::ostringstream out;
                notice.payload->stringify(out);
                return out.str();
            }();
            for (int audience = 0; audience < Live::k_audiences; ++audience) {
                const std::string& message = messages[static_cast<size_t>(audience)];
                BOOST_TEST_CONTEXT("audience " << audience) {
                    if (audience == Live::ViewerState) {
                        BOOST_TEST(message.empty()); // viewers in state view get states only
                        continue;
                    }
                    BOOST_REQUIRE(!message.empty());
                    // Never a hash, to anyone.
                    BOOST_TEST(!has(message, "hash"));
                    BOOST_TEST(!has(message, k_hash));
                    BOOST_TEST(!has(message, k_key_hash));
                    auto event = event_of(message);
                    BOOST_TEST(event->getValue<std::string>("type") == notice.type);
                    const bool facilitator = audience == Live::Facilitator || audience == Live::FacilitatorState;
                    const bool viewer = audience == Live::Viewer;
                    // E-mail addresses: the facilitator only.
                    BOOST_TEST(has(message, k_email) == (facilitator && has(payload, k_email)));
                    if (viewer) {
                        // The public face only: data for public events, never the
                        // series key, never a roster name (people off the record
                        // among them).
                        BOOST_TEST(event->has("data") == Live::is_public_event(notice.type));
                        BOOST_TEST(!has(message, k_series));
                        BOOST_TEST(!has(message, k_name));
                    } else {
                        BOOST_TEST(event->has("data"));
                        BOOST_TEST(has(message, k_series) == has(payload, k_series));
                        // Members see who is who, off the record too.
                        BOOST_TEST(has(message, k_name) == has(payload, k_name));
                    }
                }
            }
            // The state audiences get their role's events.
            BOOST_TEST(messages[Live::MemberState] == messages[Live::Member]);
            BOOST_TEST(messages[Live::FacilitatorState] == messages[Live::Facilitator]);
        }
    }
}

BOOST_AUTO_TEST_CASE(filtering_leaves_the_stored_payload_as_it_was) {
    auto all = notices();
    const auto& invited = all[2];
    BOOST_REQUIRE_EQUAL(invited.type, "participant/invited");
    Live::messages(invited, 1000);
    BOOST_TEST(invited.payload->getValue<std::string>("email") == k_email);
    BOOST_TEST(invited.payload->getValue<std::string>("token_hash") == k_hash);
}

BOOST_AUTO_TEST_SUITE_END()
