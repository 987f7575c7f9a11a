// Routes of issue #7: attendance imports and the Indico-style export URLs.

#include "interop/stored.hpp"
#include "server/api.hpp"
#include "server/input.hpp"
#include "summary/summary.hpp"

#include <Poco/JSON/Stringifier.h>

#include <cstdlib>
#include <set>
#include <sstream>

namespace quorum::server {

using Poco::JSON::Object;
using store::Role;

namespace {

constexpr size_t k_max_attendance_body = 4 << 20;

Response text_response(std::string content_type, std::string body) {
    Response response;
    response.content_type = std::move(content_type);
    response.body = std::move(body);
    return response;
}

template <typename T> Response result_or_error(const Expected<T>& result, const char* content_type) {
    if (!result) {
        return error_response(result.error());
    }
    return text_response(content_type, *result);
}

// Who is asking for an export: a member's bearer token of the meeting, or a
// live share link (?token=) of the meeting; a participants-only link also
// needs a member's token, as on /s/{token}.
struct ExportCaller {
    std::optional<store::Principal> member;
    std::string share_token; // set when access comes from a share link
};

Expected<ExportCaller> export_caller(store::Store& store, const Request& request, const std::string& meeting_id) {
    ExportCaller caller;
    std::optional<store::Principal> who;
    if (!request.bearer.empty()) {
        who = store.authenticate(request.bearer);
        if (!who) {
            return make_error("unauthorized", Phrase{"the token is not valid", "ce jeton n’est pas valide"});
        }
    }
    auto token = request.query.find("token");
    if (token != request.query.end()) {
        auto link = store.resolve_share_link(token->second);
        if (!link || link->meeting_id != meeting_id) {
            return make_error("not_found", Phrase{"no such share link for this meeting",
                                                  "ce lien de partage n’existe pas pour cette rencontre"});
        }
        if (link->visibility == "participants" && (!who || who->meeting_id != meeting_id)) {
            return make_error("unauthorized", Phrase{"this meeting is shared with its participants only",
                                                     "cette rencontre n’est partagée qu’avec ses participant·es"});
        }
        caller.share_token = token->second;
    }
    if (who) {
        if (who->meeting_id != meeting_id) {
            if (caller.share_token.empty()) {
                return make_error("forbidden", Phrase{"the token is for another meeting",
                                                      "ce jeton appartient à une autre rencontre"});
            }
        } else {
            caller.member = who;
        }
    }
    if (!caller.member && caller.share_token.empty()) {
        return make_error("unauthorized",
                          Phrase{"an export needs a bearer token of the meeting or a share link's ?token=",
                                 "une exportation demande un jeton (bearer) de la rencontre ou le ?token= "
                                 "d’un lien de partage"});
    }
    return caller;
}

Response with_auth_header(Response response) {
    if (response.status == 401) {
        response.headers.emplace_back("WWW-Authenticate", "Bearer");
    }
    return response;
}

std::string public_url() {
    const char* url = std::getenv("QUORUM_PUBLIC_URL");
    std::string base = url ? url : "";
    while (!base.empty() && base.back() == '/') {
        base.pop_back();
    }
    return base;
}

Expected<interop::CalendarOptions> calendar_options(const Request& request, const std::string& name) {
    interop::CalendarOptions options;
    options.dtstamp = interop::ical_now();
    options.name = name;
    if (auto tz = request.query.find("tz"); tz != request.query.end()) {
        options.timezone = tz->second;
    } else if (const char* zone = std::getenv("QUORUM_TIMEZONE"); zone && *zone) {
        options.timezone = zone;
    }
    return options;
}

Response calendar_response(Meetings& meetings, const Request& request, const ExportCaller& caller,
                           const std::vector<std::string>& ids, const std::string& name) {
    auto options = calendar_options(request, name);
    if (!options) {
        return error_response(options.error());
    }
    std::map<std::string, std::string> urls;
    if (!caller.share_token.empty()) {
        // The share link the caller came through: the one link we can name (the
        // store keeps only hashes of the others).
        urls[request.param("id")] = public_url() + "/s/" + caller.share_token;
    }
    auto calendar = interop::stored_calendar(meetings.store(), ids, *options, urls);
    Response response = result_or_error(calendar, "text/calendar; charset=utf-8");
    return response;
}

Expected<std::vector<store::AliasEntry>> aliases_of(const Request& request) {
    std::vector<store::AliasEntry> aliases;
    // ?alias=Name=12, as many as there are names to confirm: all of them are
    // stored with the file, in its transaction.
    for (const auto& [name, value] : request.query_list) {
        if (name == "alias") {
            QUORUM_TRY(parsed, interop::parse_alias(value));
            aliases.push_back(parsed);
        }
    }
    return aliases;
}

Response export_meeting(Meetings& meetings, Request& request, const std::string& extension) {
    store::Store& store = meetings.store();
    const std::string& id = request.param("id");
    auto caller = export_caller(store, request, id);
    if (!caller) {
        return with_auth_header(error_response(caller.error()));
    }
    if (!store.meeting_exists(id)) {
        return error_response(make_error("not_found", Phrase{"meeting not found", "rencontre introuvable"}));
    }
    bool facilitator = caller->member && caller->member->role == Role::Facilitator;
    if (extension == "ics") {
        auto header = store.meeting_json(id);
        return calendar_response(meetings, request, *caller, {id},
                                 header ? (*header)->getValue<std::string>("title") : std::string());
    }
    if (extension == "json") {
        if (facilitator) {
            auto exported = store.export_meeting(id);
            if (!exported) {
                return error_response(exported.error());
            }
            return json_response(200, *exported);
        }
        // Everyone else gets what the summary shows them.
        return result_or_error(meetings.summary(id, summary::Format::Json, ""), "application/json");
    }
    if (extension == "html") {
        return result_or_error(meetings.summary(id, summary::Format::Html, ""), "text/html; charset=utf-8");
    }
    if (extension == "md") {
        if (!caller->member) {
            // A share link publishes the summary, not the full notes.
            return result_or_error(meetings.summary(id, summary::Format::Markdown, ""), "text/markdown; charset=utf-8");
        }
        return result_or_error(interop::stored_minutes(store, id), "text/markdown; charset=utf-8");
    }
    // csv
    std::string table = request.query.count("table") ? request.query.at("table") : "attendance";
    if (table == "actions") {
        return result_or_error(interop::stored_actions_csv(store, id), "text/csv; charset=utf-8");
    }
    if (table != "attendance") {
        return error_response(make_error(
            "invalid", Phrase{"table is attendance or actions", "table vaut attendance ou actions"}, "table"));
    }
    if (!caller->member) {
        return error_response(make_error("forbidden", Phrase{"attendance times are for the meeting's members",
                                                             "les heures de présence sont réservées aux membres "
                                                             "de la rencontre"}));
    }
    return result_or_error(interop::stored_attendance_csv(store, id), "text/csv; charset=utf-8");
}

} // namespace

void add_interop_routes(Router& router, Meetings& meetings) {
    store::Store& store = meetings.store();
    const Access facilitator = Access::only({Role::Facilitator});

    router.add(Route{"POST",
                     "/api/v1/meetings/{id}/attendance/preview",
                     facilitator,
                     "Read an attendance file (Zoom, BigBlueButton, CSV, names) and show the merge; writes nothing",
                     [&store](Request& request) {
                         auto aliases = aliases_of(request);
                         if (!aliases) {
                             return error_response(aliases.error());
                         }
                         auto preview = interop::preview_attendance(store, request.param("id"), request.body, *aliases);
                         if (!preview) {
                             return error_response(preview.error());
                         }
                         return json_response(200, interop::preview_json(*preview));
                     },
                     k_max_attendance_body,
                     {"text/csv", "text/plain"}});
    router.add(
        Route{"POST",
              "/api/v1/meetings/{id}/attendance",
              facilitator,
              "Apply an attendance file in one transaction (?unmatched=add|skip, ?skip=Name, ?alias=Name=id, "
              "each repeatable)",
              [&store](Request& request) {
                  auto aliases = aliases_of(request);
                  if (!aliases) {
                      return error_response(aliases.error());
                  }
                  std::string unmatched = request.query.count("unmatched") ? request.query.at("unmatched") : "add";
                  if (unmatched != "add" && unmatched != "skip") {
                      return error_response(make_error(
                          "invalid", Phrase{"unmatched is add or skip", "unmatched vaut add ou skip"}, "unmatched"));
                  }
                  // ?skip=Name leaves that unmatched name out whatever ?unmatched says:
                  // the facilitator's choice per name, applied in one transaction.
                  std::set<std::string> skip;
                  for (const auto& [name, value] : request.query_list) {
                      if (name == "skip") {
                          skip.insert(value);
                      }
                  }
                  auto applied = interop::apply_attendance(
                      store, *request.principal, request.body, *aliases,
                      unmatched == "add" ? interop::Unmatched::Add : interop::Unmatched::Skip, "api", skip);
                  if (!applied) {
                      return error_response(applied.error());
                  }
                  Object::Ptr body = new Object;
                  body->set("updated", applied->recorded.updated);
                  body->set("added", applied->recorded.added);
                  body->set("aliases", applied->recorded.aliases);
                  body->set("preview", interop::preview_json(applied->preview));
                  return json_response(200, body);
              },
              k_max_attendance_body,
              {"text/csv", "text/plain"}});
    router.add(
        Route{"POST",
              "/api/v1/meetings/{id}/aliases",
              facilitator,
              "Confirm that a name from attendance files is this participant",
              [&store](Request& request) {
                  auto input = Input::parse(request.body, {"name", "participant_id"});
                  if (!input) {
                      return error_response(input.error());
                  }
                  auto name = input->required_text("name", k_max_name_bytes);
                  if (!name) {
                      return error_response(name.error());
                  }
                  auto participant = input->required_integer("participant_id", 1, 999999999999999);
                  if (!participant) {
                      return error_response(participant.error());
                  }
                  auto confirmed = store.confirm_alias(*request.principal, store::AliasEntry{*name, *participant});
                  if (!confirmed) {
                      return error_response(confirmed.error());
                  }
                  Object::Ptr body = new Object;
                  body->set("ok", true);
                  return json_response(201, body);
              },
              0,
              {}});

    // Indico-style export URLs. Access is checked by the handler (a bearer
    // token or a share link's ?token=), so the routes are public to the router.
    for (const char* extension : {"json", "ics", "md", "html", "csv"}) {
        std::string ext = extension;
        router.add(Route{"GET",
                         "/export/meeting/{id}." + ext,
                         Access::anyone(),
                         "The meeting as " + ext + "; a member's bearer token or a share link's ?token=",
                         [&meetings, ext](Request& request) { return export_meeting(meetings, request, ext); },
                         0,
                         {}});
    }
    router.add(Route{"GET",
                     "/export/series/{id}.ics",
                     Access::anyone(),
                     "The calendar of the meeting's series; a member's bearer token or a share link's ?token=",
                     [&meetings](Request& request) {
                         store::Store& store = meetings.store();
                         const std::string& id = request.param("id");
                         auto caller = export_caller(store, request, id);
                         if (!caller) {
                             return with_auth_header(error_response(caller.error()));
                         }
                         auto ids = store.series_meetings(id);
                         if (!ids) {
                             return error_response(ids.error());
                         }
                         // Named after the meeting asked for: the series key is the group's secret.
                         auto header = store.meeting_json(id);
                         std::string name = header ? (*header)->getValue<std::string>("title") : std::string();
                         return calendar_response(meetings, request, *caller, *ids, name);
                     },
                     0,
                     {}});
}

} // namespace quorum::server
