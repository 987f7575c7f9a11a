#include "server/api.hpp"
#include "server/web.hpp"

#include "markdown/guard.hpp"
#include "markdown/render.hpp"
#include "server/input.hpp"
#include "store/store.hpp"
#include "util/text.hpp"
#include "util/timezone.hpp"

#include <Poco/JSON/Array.h>

#include <map>

namespace quorum::server {

using Poco::JSON::Array;
using Poco::JSON::Object;
using store::Role;

namespace {

std::int64_t id_param(const Request& request, const std::string& name) {
    return std::stoll(request.param(name));
}

template <typename T> Response ok(const Expected<T>& result, int status = 200) {
    if (!result) {
        return error_response(result.error());
    }
    return json_response(status, *result);
}

Response done(const Expected<bool>& result, int status = 200) {
    if (!result) {
        return error_response(result.error());
    }
    Object::Ptr body = new Object;
    body->set("ok", true);
    return json_response(status, body);
}

#define QUORUM_TRY_RESPONSE(var, expr)                                                                                 \
    auto var##_expected = (expr);                                                                                      \
    if (!var##_expected) {                                                                                             \
        return error_response(var##_expected.error());                                                                 \
    }                                                                                                                  \
    auto var = std::move(var##_expected.value())

// A meeting's time zone as given: "" (the server's) or an IANA zone this machine knows.
Expected<bool> checked_zone(const std::string& zone) {
    if (!zone.empty() && !timezone::known_zone(zone)) {
        return make_error(
            "invalid",
            Phrase{"unknown time zone: " + zone + " (an IANA name this server knows, such as America/Toronto)",
                   "fuseau horaire inconnu de ce serveur\u00a0: " + zone + " (un nom IANA, comme America/Toronto)"},
            "timezone");
    }
    return true;
}

Expected<store::MeetingFields> meeting_fields(const Input& input) {
    store::MeetingFields fields;
    QUORUM_TRY(title, input.text("title", k_max_title_bytes));
    QUORUM_TRY(date, input.text("date", 10));
    QUORUM_TRY(start, input.text("start", 5));
    QUORUM_TRY(end, input.text("end", 5));
    QUORUM_TRY(location, input.text("location", k_max_location_bytes));
    QUORUM_TRY(language, input.text("language", 2));
    QUORUM_TRY(series, input.text("series", 100));
    QUORUM_TRY(zone, input.text("timezone", 64));
    if (date && !date->empty()) {
        bool shape = date->size() == 10 && (*date)[4] == '-' && (*date)[7] == '-';
        for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
            shape = shape && std::isdigit(static_cast<unsigned char>((*date)[i]));
        }
        if (!shape) {
            return make_error("invalid", Phrase{"date is YYYY-MM-DD", "la date s’écrit AAAA-MM-JJ"}, "date");
        }
    }
    for (auto [value, name] : {std::pair{&start, "start"}, std::pair{&end, "end"}}) {
        if (*value && !(*value)->empty()) {
            const std::string& time = **value;
            bool shape = time.size() == 5 && time[2] == ':' && std::isdigit(static_cast<unsigned char>(time[0])) &&
                         std::isdigit(static_cast<unsigned char>(time[1])) &&
                         std::isdigit(static_cast<unsigned char>(time[3])) &&
                         std::isdigit(static_cast<unsigned char>(time[4]));
            if (!shape) {
                std::string what = std::string_view(name) == "start" ? "l’heure de début" : "l’heure de fin";
                return make_error("invalid", Phrase{std::string(name) + " is HH:MM", what + " s’écrit HH:MM"}, name);
            }
        }
    }
    if (language && !language->empty() && *language != "fr" && *language != "en") {
        return make_error("invalid", Phrase{"language is fr or en", "la langue est fr ou en"}, "language");
    }
    fields.title = title;
    fields.date = date;
    fields.start = start;
    fields.end = end;
    fields.location = location;
    fields.language = language;
    // The series key is what lets a calendar list a group's meetings together:
    // it must be hard to guess, like a password the group shares.
    if (series && !series->empty() && series->size() < 16) {
        return make_error("invalid",
                          Phrase{"series is a key of 16 characters or more that the group keeps to itself",
                                 "series est une clé d’au moins 16 caractères que le groupe garde pour lui"},
                          "series");
    }
    fields.series = series;
    if (zone) {
        QUORUM_TRY(known, checked_zone(*zone));
        (void)known;
    }
    fields.timezone = zone;
    return fields;
}

Expected<store::AgendaFields> agenda_fields(const Input& input) {
    store::AgendaFields fields;
    QUORUM_TRY(title, input.text("title", k_max_title_bytes));
    QUORUM_TRY(type, input.text("type", 100));
    QUORUM_TRY(description, input.text("description", 10000, Lines::many));
    QUORUM_TRY(number, input.text("number", 20));
    QUORUM_TRY(duration, input.integer("duration_seconds", 0, 24 * 3600));
    QUORUM_TRY(parent, input.integer("parent_id", 0, 999999999999999));
    fields.title = title;
    fields.type = type;
    fields.description = description;
    fields.number = number;
    fields.duration_seconds = duration;
    fields.parent_id = parent;
    return fields;
}

bool is_self_or_facilitator(const Request& request, std::int64_t participant_id) {
    const store::Principal& who = *request.principal;
    return who.role == Role::Facilitator || (who.participant_id && *who.participant_id == participant_id);
}

Response summary_response(Meetings& meetings, const std::string& meeting_id, const Request& request) {
    auto format_name = request.query.count("format") ? request.query.at("format") : std::string("md");
    auto format = summary::parse_format(format_name);
    if (!format) {
        return error_response(make_error("invalid", format.error().phrase(), "format"));
    }
    std::string language = request.query.count("lang") ? request.query.at("lang") : std::string();
    if (!language.empty() && language != "fr" && language != "en") {
        return error_response(make_error("invalid", Phrase{"lang is fr or en", "lang vaut fr ou en"}, "lang"));
    }
    auto rendered = meetings.summary(meeting_id, *format, language);
    if (!rendered) {
        return error_response(rendered.error());
    }
    Response response;
    static const std::map<summary::Format, std::string> k_types = {
        {summary::Format::Markdown, "text/markdown; charset=utf-8"},
        {summary::Format::Html, "text/html; charset=utf-8"},
        {summary::Format::Json, "application/json"},
        {summary::Format::Text, "text/plain; charset=utf-8"}};
    response.content_type = k_types.at(*format);
    response.body = std::move(*rendered);
    return response;
}

Route make_route(std::string method, std::string pattern, Access access, std::string summary, Handler handler,
                 size_t max_body_bytes = 0, std::vector<std::string> media_types = {}, bool creates_meeting = false) {
    return Route{std::move(method),  std::move(pattern), std::move(access),          std::move(summary),
                 std::move(handler), max_body_bytes,     std::move(media_types), creates_meeting};
}

} // namespace

void add_routes(Router& router, Meetings& meetings) {
    store::Store& store = meetings.store();
    const Access facilitator = Access::only({Role::Facilitator});
    const Access writers = Access::only({Role::Facilitator, Role::NoteTaker});
    const Access members = Access::members();

    router.add(make_route("GET", "/api/v1/health", Access::anyone(), "Liveness and schema version", [&store](Request&) {
        Object::Ptr body = new Object;
        body->set("status", "ok");
        body->set("schema_version", store.schema_version());
        return json_response(200, body);
    }));
    router.add(
        make_route("GET", "/api/v1/openapi.json", Access::anyone(), "This API's OpenAPI description", [](Request&) {
            Response response;
            response.body = openapi_document();
            return response;
        }));

    router.add(make_route(
        "POST", "/api/v1/meetings", Access::anyone(), "Create a meeting; returns its facilitator key once",
        [&store](Request& request) {
            QUORUM_TRY_RESPONSE(input, Input::parse(request.body, {"title", "date", "start", "end", "location",
                                                                   "language", "series", "timezone"}));
            QUORUM_TRY_RESPONSE(fields, meeting_fields(input));
            if (!fields.title) {
                return error_response(make_error(
                    "missing_field", Phrase{"'title' is required", "«\u00a0title\u00a0» est obligatoire"}, "title"));
            }
            QUORUM_TRY_RESPONSE(created, store.create_meeting(fields));
            Object::Ptr body = new Object;
            body->set("id", created.meeting_id);
            body->set("facilitator_key", created.facilitator_key);
            return json_response(201, body);
        },
        0, {}, true));
    router.add(make_route("POST", "/api/v1/meetings/import", Access::anyone(),
                          "Create a meeting from Markdown minutes or an agenda",
                          [&meetings](Request& request) {
                              if (text::trim(request.body).empty()) {
                                  return error_response(make_error(
                                      "invalid", Phrase{"the minutes are empty", "le compte rendu est vide"}));
                              }
                              // ?timezone=America/Toronto: the zone the minutes' times are in.
                              std::string zone;
                              if (auto given = request.query.find("timezone"); given != request.query.end()) {
                                  zone = given->second;
                              }
                              QUORUM_TRY_RESPONSE(known, checked_zone(zone));
                              (void)known;
                              QUORUM_TRY_RESPONSE(created, meetings.import_markdown(request.body, "import", zone));
                              Object::Ptr body = new Object;
                              body->set("id", created.meeting_id);
                              body->set("facilitator_key", created.facilitator_key);
                              return json_response(201, body);
                          },
                          k_max_import_body, {"text/markdown", "text/plain"}, true));

    router.add(make_route("GET", "/api/v1/meetings/{id}", members, "The meeting: header, agenda, note revisions",
                          [&store](Request& request) { return ok(store.meeting_json(request.param("id"))); }));
    router.add(make_route("GET", "/api/v1/meetings/{id}/me", members,
                          "Who the token is: role, and the participant it belongs to", [&store](Request& request) {
                              const store::Principal& who = *request.principal;
                              Object::Ptr body = new Object;
                              body->set("meeting_id", who.meeting_id);
                              body->set("role", std::string(store::role_name(who.role)));
                              body->set("participant", Poco::Dynamic::Var());
                              if (who.participant_id) {
                                  QUORUM_TRY_RESPONSE(people, store.participants_json(who.meeting_id));
                                  for (size_t i = 0; i < people->size(); ++i) {
                                      Object::Ptr person = people->getObject(static_cast<unsigned>(i));
                                      if (person->getValue<Poco::Int64>("id") == *who.participant_id) {
                                          body->set("participant", person);
                                      }
                                  }
                              }
                              return json_response(200, body);
                          }));
    router.add(make_route(
        "POST", "/api/v1/meetings/{id}/preview", members,
        "Render Markdown notes as the summary would (safe HTML), for an editor's preview; stores nothing",
        [](Request& request) {
            QUORUM_TRY_RESPONSE(input, Input::parse(request.body, {"text"}));
            QUORUM_TRY_RESPONSE(text, input.required_text("text", markdown::k_max_note_bytes, Lines::many));
            Object::Ptr body = new Object;
            body->set("html", markdown::render_html(text));
            return json_response(200, body);
        },
        markdown::k_max_note_bytes * 6 + 1024));
    router.add(make_route(
        "PATCH", "/api/v1/meetings/{id}", facilitator, "Change the meeting's header", [&store](Request& request) {
            QUORUM_TRY_RESPONSE(input, Input::parse(request.body, {"title", "date", "start", "end", "location",
                                                                   "language", "series", "timezone"}));
            QUORUM_TRY_RESPONSE(fields, meeting_fields(input));
            return done(store.update_meeting(*request.principal, fields));
        }));
    router.add(make_route("DELETE", "/api/v1/meetings/{id}", facilitator, "Erase the meeting and everything about it",
                          [&store](Request& request) { return done(store.erase_meeting(request.param("id"))); }));
    router.add(make_route("GET", "/api/v1/meetings/{id}/events", facilitator, "The meeting's event log",
                          [&store](Request& request) { return ok(store.events_json(request.param("id"))); }));

    // Agenda. The literal /reorder is added before /{item} (table order decides).
    router.add(make_route(
        "POST", "/api/v1/meetings/{id}/agenda", facilitator, "Add an agenda item", [&store](Request& request) {
            QUORUM_TRY_RESPONSE(input, Input::parse(request.body, {"title", "type", "description", "number",
                                                                   "duration_seconds", "parent_id"}));
            QUORUM_TRY_RESPONSE(fields, agenda_fields(input));
            if (!fields.title) {
                return error_response(make_error(
                    "missing_field", Phrase{"'title' is required", "«\u00a0title\u00a0» est obligatoire"}, "title"));
            }
            QUORUM_TRY_RESPONSE(id, store.add_agenda_item(*request.principal, fields));
            Object::Ptr body = new Object;
            body->set("id", Poco::Int64(id));
            return json_response(201, body);
        }));
    router.add(make_route(
        "PUT", "/api/v1/meetings/{id}/agenda/reorder", facilitator,
        "Set the agenda's order and nesting (and numbers): every item once, parents first", [&store](Request& request) {
            QUORUM_TRY_RESPONSE(input, Input::parse(request.body, {"items"}));
            Poco::Dynamic::Var items = input.object()->get("items");
            if (items.type() != typeid(Array::Ptr)) {
                return error_response(make_error(
                    "wrong_type", Phrase{"'items' must be an array", "«\u00a0items\u00a0» doit être un tableau"},
                    "items"));
            }
            std::vector<store::AgendaPlace> order;
            for (const auto& entry : *items.extract<Array::Ptr>()) {
                if (entry.type() != typeid(Object::Ptr)) {
                    return error_response(make_error(
                        "wrong_type", Phrase{"'items' holds objects", "«\u00a0items\u00a0» contient des objets"},
                        "items"));
                }
                QUORUM_TRY_RESPONSE(item, Input::from(entry.extract<Object::Ptr>(), {"id", "parent_id", "number"}));
                QUORUM_TRY_RESPONSE(id, item.required_integer("id", 1, 999999999999999));
                QUORUM_TRY_RESPONSE(parent, item.integer("parent_id", 0, 999999999999999));
                QUORUM_TRY_RESPONSE(number, item.text("number", 20));
                order.push_back({id, parent.value_or(0), number});
            }
            return done(store.reorder_agenda(*request.principal, order));
        }));
    router.add(make_route(
        "PATCH", "/api/v1/meetings/{id}/agenda/{item}", facilitator, "Change an agenda item",
        [&store](Request& request) {
            QUORUM_TRY_RESPONSE(
                input, Input::parse(request.body, {"title", "type", "description", "number", "duration_seconds"}));
            QUORUM_TRY_RESPONSE(fields, agenda_fields(input));
            // "duration_seconds": null takes the planned duration away.
            fields.clear_duration =
                input.object()->has("duration_seconds") && input.object()->isNull("duration_seconds");
            return done(store.update_agenda_item(*request.principal, id_param(request, "item"), fields));
        }));
    router.add(make_route("DELETE", "/api/v1/meetings/{id}/agenda/{item}", facilitator,
                          "Delete an agenda item, its sub-items and their notes", [&store](Request& request) {
                              return done(store.delete_agenda_item(*request.principal, id_param(request, "item")));
                          }));

    // Participants.
    router.add(make_route("GET", "/api/v1/meetings/{id}/participants", members,
                          "Participants and attendance (e-mail addresses only to the facilitator, and one's own)",
                          [&store](Request& request) {
                              QUORUM_TRY_RESPONSE(people, store.participants_json(request.param("id")));
                              const store::Principal& who = *request.principal;
                              if (who.role != Role::Facilitator) {
                                  // Data minimisation: people see who is there, not how to reach them.
                                  for (size_t i = 0; i < people->size(); ++i) {
                                      Object::Ptr person = people->getObject(static_cast<unsigned>(i));
                                      if (!who.participant_id ||
                                          person->getValue<Poco::Int64>("id") != *who.participant_id) {
                                          person->remove("email");
                                      }
                                  }
                              }
                              return json_response(200, people);
                          }));
    router.add(make_route(
        "POST", "/api/v1/meetings/{id}/participants", facilitator,
        "Invite a participant; returns their personal token once", [&store](Request& request) {
            QUORUM_TRY_RESPONSE(input, Input::parse(request.body, {"name", "affiliation", "email", "role"}));
            QUORUM_TRY_RESPONSE(name, input.required_text("name", k_max_name_bytes));
            QUORUM_TRY_RESPONSE(affiliation, input.text("affiliation", k_max_affiliation_bytes));
            QUORUM_TRY_RESPONSE(email, input.text("email", k_max_email_bytes));
            QUORUM_TRY_RESPONSE(role_text, input.text("role", 20));
            store::ParticipantFields fields;
            fields.name = text::trim_copy(name);
            fields.affiliation = affiliation.value_or("");
            fields.email = email.value_or("");
            if (!fields.email.empty() && fields.email.find('@') == std::string::npos) {
                return error_response(
                    make_error("invalid", Phrase{"email has no @", "l’adresse courriel n’a pas de @"}, "email"));
            }
            if (role_text) {
                auto role = store::parse_role(*role_text);
                if (!role) {
                    return error_response(
                        make_error("invalid",
                                   Phrase{"role is facilitator, note-taker, timekeeper, participant or observer",
                                          "le rôle est facilitator, note-taker, timekeeper, participant ou observer"},
                                   "role"));
                }
                fields.role = *role;
            }
            QUORUM_TRY_RESPONSE(invited, store.invite_participant(*request.principal, fields));
            Object::Ptr body = new Object;
            body->set("id", Poco::Int64(invited.participant_id));
            body->set("token", invited.token);
            return json_response(201, body);
        }));
    router.add(make_route("POST", "/api/v1/meetings/{id}/participants/{participant}/token", facilitator,
                          "Issue a new personal token (the old one stops working)", [&store](Request& request) {
                              QUORUM_TRY_RESPONSE(
                                  token, store.issue_token(*request.principal, id_param(request, "participant")));
                              Object::Ptr body = new Object;
                              body->set("token", token);
                              return json_response(201, body);
                          }));
    router.add(make_route("POST", "/api/v1/meetings/{id}/participants/{participant}/check-in", members,
                          "Check in (oneself, or anyone as facilitator)", [&store](Request& request) {
                              std::int64_t participant = id_param(request, "participant");
                              if (!is_self_or_facilitator(request, participant)) {
                                  return error_response(
                                      make_error("forbidden", Phrase{"only the facilitator checks others in",
                                                                     "seule l’animation enregistre l’arrivée "
                                                                     "des autres"}));
                              }
                              return done(store.check_in(*request.principal, participant));
                          }));
    router.add(make_route("POST", "/api/v1/meetings/{id}/participants/{participant}/check-out", members,
                          "Check out (oneself, or anyone as facilitator)", [&store](Request& request) {
                              std::int64_t participant = id_param(request, "participant");
                              if (!is_self_or_facilitator(request, participant)) {
                                  return error_response(
                                      make_error("forbidden", Phrase{"only the facilitator checks others out",
                                                                     "seule l’animation enregistre le départ "
                                                                     "des autres"}));
                              }
                              return done(store.check_out(*request.principal, participant));
                          }));
    router.add(make_route("PUT", "/api/v1/meetings/{id}/participants/{participant}/record", members,
                          "Consent: put oneself on or off the record (a facilitator may record what someone said)",
                          [&store](Request& request) {
                              std::int64_t participant = id_param(request, "participant");
                              if (!is_self_or_facilitator(request, participant)) {
                                  return error_response(make_error(
                                      "forbidden", Phrase{"only the person (or the facilitator) decides this",
                                                          "seule la personne (ou l’animation) en décide"}));
                              }
                              QUORUM_TRY_RESPONSE(input, Input::parse(request.body, {"record"}));
                              Poco::Dynamic::Var record = input.object()->get("record");
                              if (record.isEmpty() || record.type() != typeid(bool)) {
                                  return error_response(make_error(
                                      "wrong_type",
                                      Phrase{"'record' is true or false", "«\u00a0record\u00a0» vaut true ou false"},
                                      "record"));
                              }
                              return done(store.set_record(*request.principal, participant, record.extract<bool>()));
                          }));
    router.add(make_route("PUT", "/api/v1/meetings/{id}/participants/{participant}/status", facilitator,
                          "Mark attendance: invited, present, late, excused, absent", [&store](Request& request) {
                              QUORUM_TRY_RESPONSE(input, Input::parse(request.body, {"status"}));
                              QUORUM_TRY_RESPONSE(status, input.required_text("status", 20));
                              return done(
                                  store.set_status(*request.principal, id_param(request, "participant"), status));
                          }));

    // Notes.
    router.add(make_route(
        "GET", "/api/v1/meetings/{id}/notes/{item}", members, "An agenda item's current notes",
        [&store](Request& request) { return ok(store.note_json(request.param("id"), id_param(request, "item"))); }));
    router.add(
        make_route("PUT", "/api/v1/meetings/{id}/notes/{item}", writers,
                   "Save notes as a new revision of base_revision; 409 with both versions on a stale base",
                   [&meetings, &store](Request& request) {
                       QUORUM_TRY_RESPONSE(input, Input::parse(request.body, {"base_revision", "text"}));
                       QUORUM_TRY_RESPONSE(base, input.required_integer("base_revision", 0, 999999999999999));
                       QUORUM_TRY_RESPONSE(text, input.required_text("text", markdown::k_max_note_bytes, Lines::many));
                       const std::string& meeting_id = request.param("id");
                       std::int64_t item = id_param(request, "item");
                       auto conflict = [&](std::int64_t revision, const std::string& current) {
                           Object::Ptr theirs = new Object;
                           theirs->set("revision", Poco::Int64(revision));
                           theirs->set("text", current);
                           Object::Ptr yours = new Object;
                           yours->set("base_revision", Poco::Int64(base));
                           yours->set("text", text);
                           Object::Ptr extra = new Object;
                           extra->set("current", theirs);
                           extra->set("yours", yours);
                           return error_response(
                               make_error("stale_revision",
                                          Phrase{"the notes changed since base_revision; merge and save again",
                                                 "les notes ont changé depuis base_revision\u00a0: fusionnez, puis "
                                                 "enregistrez de nouveau"},
                                          "base_revision"),
                               extra);
                       };
                       // Cheap check before extraction; the store checks again inside
                       // the transaction, which is what decides.
                       QUORUM_TRY_RESPONSE(current, store.note_revision(meeting_id, item));
                       if (current != base) {
                           QUORUM_TRY_RESPONSE(note, store.note_json(meeting_id, item));
                           return conflict(current, note->getValue<std::string>("text"));
                       }
                       QUORUM_TRY_RESPONSE(items, meetings.extract_note(meeting_id, text));
                       QUORUM_TRY_RESPONSE(outcome, store.save_note(*request.principal, item, base, text, items,
                                                                    /*share_commit=*/true));
                       if (outcome.conflict) {
                           return conflict(outcome.conflict->current_revision, outcome.conflict->current_text);
                       }
                       Object::Ptr body = new Object;
                       body->set("revision", Poco::Int64(outcome.revision));
                       body->set("extracted", Poco::Int64(items.size()));
                       return json_response(200, body);
                   }));
    router.add(make_route("GET", "/api/v1/meetings/{id}/notes/{item}/revisions", members,
                          "An agenda item's note history", [&store](Request& request) {
                              return ok(store.note_history_json(request.param("id"), id_param(request, "item")));
                          }));
    router.add(make_route("GET", "/api/v1/meetings/{id}/notes/{item}/revisions/{revision}", members,
                          "One revision of notes", [&store](Request& request) {
                              return ok(store.note_revision_json(request.param("id"), id_param(request, "item"),
                                                                 id_param(request, "revision")));
                          }));

    // Extracted items.
    router.add(make_route("GET", "/api/v1/meetings/{id}/items", members,
                          "Extracted actions, decisions and resources with provenance and state",
                          [&store](Request& request) { return ok(store.items_json(request.param("id"))); }));
    router.add(make_route(
        "POST", "/api/v1/meetings/{id}/items/{item}/accept", writers, "Accept an item",
        [&store](Request& request) { return done(store.accept_item(*request.principal, id_param(request, "item"))); }));
    router.add(make_route(
        "POST", "/api/v1/meetings/{id}/items/{item}/reject", writers, "Reject an item",
        [&store](Request& request) { return done(store.reject_item(*request.principal, id_param(request, "item"))); }));
    router.add(make_route("PATCH", "/api/v1/meetings/{id}/items/{item}", writers,
                          "Edit an item's text, owner or due date", [&store](Request& request) {
                              QUORUM_TRY_RESPONSE(input, Input::parse(request.body, {"text", "owner", "due"}));
                              QUORUM_TRY_RESPONSE(text, input.text("text", 2000));
                              QUORUM_TRY_RESPONSE(owner, input.text("owner", k_max_name_bytes));
                              QUORUM_TRY_RESPONSE(due, input.text("due", 100));
                              return done(
                                  store.edit_item(*request.principal, id_param(request, "item"), text, owner, due));
                          }));

    // Summary and sharing.
    router.add(
        make_route("GET", "/api/v1/meetings/{id}/summary", members, "The summary: ?format=md|html|json|txt&lang=fr|en",
                   [&meetings](Request& request) { return summary_response(meetings, request.param("id"), request); }));
    router.add(make_route("GET", "/api/v1/meetings/{id}/share-links", facilitator, "The meeting's share links",
                          [&store](Request& request) { return ok(store.share_links_json(request.param("id"))); }));
    router.add(
        make_route("POST", "/api/v1/meetings/{id}/share-links", facilitator,
                   "Publish the summary: returns the link's token once", [&store](Request& request) {
                       QUORUM_TRY_RESPONSE(input, Input::parse(request.body, {"visibility", "expires_at"}));
                       QUORUM_TRY_RESPONSE(visibility, input.text("visibility", 20));
                       QUORUM_TRY_RESPONSE(expires, input.text("expires_at", 30));
                       if (expires && (expires->size() < 20 || expires->back() != 'Z' || (*expires)[10] != 'T')) {
                           return error_response(
                               make_error("invalid",
                                          Phrase{"expires_at is UTC ISO-8601: 2026-12-01T00:00:00.000Z",
                                                 "expires_at s’écrit en UTC ISO-8601\u00a0: 2026-12-01T00:00:00.000Z"},
                                          "expires_at"));
                       }
                       // Timestamps of this shape compare in time order as text, as the
                       // store compares them when the link is used.
                       if (expires && *expires <= store::utc_now()) {
                           return error_response(make_error(
                               "invalid",
                               Phrase{"expires_at is already past: a link must expire after it is made",
                                      "expires_at est déjà passé\u00a0: un lien doit expirer après sa création"},
                               "expires_at"));
                       }
                       QUORUM_TRY_RESPONSE(
                           shared, store.create_share_link(*request.principal, visibility.value_or("public"), expires));
                       Object::Ptr body = new Object;
                       body->set("id", Poco::Int64(shared.id));
                       body->set("token", shared.token);
                       body->set("path", "/s/" + shared.token);
                       return json_response(201, body);
                   }));
    router.add(make_route("DELETE", "/api/v1/meetings/{id}/share-links/{link}", facilitator, "Revoke a share link",
                          [&store](Request& request) {
                              return done(store.revoke_share_link(*request.principal, id_param(request, "link")));
                          }));
    router.add(make_route(
        "GET", "/s/{token}", Access::anyone(),
        "A shared summary, read-only (?format=); participants-only links also need a member's token",
        [&meetings, &store](Request& request) {
            auto link = store.resolve_share_link(request.param("token"));
            if (!link) {
                return error_response(
                    make_error("not_found", Phrase{"no such share link", "ce lien de partage n’existe pas"}));
            }
            if (link->visibility == "participants") {
                if (request.bearer.empty() && request.wants_html && !meetings.templates_dir().empty()) {
                    // A browser following the link: a page that asks for the
                    // personal token (in its URL fragment) and fetches the summary
                    // with it. The page holds nothing of the meeting.
                    return summary_shell(meetings.templates_dir() / "web");
                }
                auto who = request.bearer.empty() ? std::nullopt : store.authenticate(request.bearer);
                if (!who) {
                    Response response =
                        error_response(make_error("unauthorized", Phrase{"this summary is for participants",
                                                                         "ce résumé est réservé aux participant·es"}));
                    response.headers.emplace_back("WWW-Authenticate", "Bearer");
                    return response;
                }
                if (who->meeting_id != link->meeting_id) {
                    return error_response(make_error("forbidden", Phrase{"the token is for another meeting",
                                                                         "ce jeton appartient à une autre rencontre"}));
                }
            }
            if (!request.query.count("format")) {
                request.query["format"] = "html";
            }
            Response response = summary_response(meetings, link->meeting_id, request);
            // The summary is self-contained (its style inline, no script): a page
            // anyone may open gets nothing else, and is never framed elsewhere.
            response.headers.emplace_back("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                                                                     "img-src data:; base-uri 'none'; "
                                                                     "form-action 'none'; frame-ancestors 'none'");
            response.headers.emplace_back("Referrer-Policy", "no-referrer");
            return response;
        }));

    add_interop_routes(router, meetings);
}

} // namespace quorum::server
