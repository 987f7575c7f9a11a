#include "server/api.hpp"
#include "server/input.hpp"
#include "util/text.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace quorum::server {

using Poco::JSON::Array;
using Poco::JSON::Object;

// A meeting's own values for a plugin's options: what a facilitator sets for this
// meeting only (a reminder at 70 % instead of the server's 80 %). Values are text,
// as in quorum.properties; the plugin parses and clamps them when it reads them,
// and a bad value is logged there, never fatal.
void add_plugin_routes(Router& router, Meetings& meetings) {
    store::Store& store = meetings.store();
    auto describe = [&meetings, &store](const std::string& meeting_id, const std::string& plugin) -> Response {
        auto declared = meetings.plugin_options(plugin);
        if (!declared) {
            return error_response(declared.error());
        }
        auto values = store.plugin_options(meeting_id, plugin);
        Array::Ptr options = new Array;
        for (const auto& [name, type] : *declared) {
            Object::Ptr option = new Object;
            option->set("name", name);
            option->set("type", type);
            auto found = values.find(name);
            option->set("meeting_value",
                        found == values.end() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(found->second));
            options->add(option);
        }
        Object::Ptr body = new Object;
        body->set("plugin", plugin);
        body->set("options", options);
        return json_response(200, body);
    };
    router.add(Route{"GET",
                     "/api/v1/meetings/{id}/plugins/{plugin}/options",
                     Access::members(),
                     "A plugin's options and this meeting's values for them",
                     [describe](Request& request) { return describe(request.param("id"), request.param("plugin")); },
                     0,
                     {}});
    router.add(Route{
        "PUT",
        "/api/v1/meetings/{id}/plugins/{plugin}/options",
        Access::only({store::Role::Facilitator}),
        "Set this meeting's values for a plugin's options (replacing the previous ones): {\"options\": {name: text}}",
        [&meetings, &store, describe](Request& request) -> Response {
            const std::string& plugin = request.param("plugin");
            auto declared = meetings.plugin_options(plugin);
            if (!declared) {
                return error_response(declared.error());
            }
            auto input = Input::parse(request.body, {"options"});
            if (!input) {
                return error_response(input.error());
            }
            Object::Ptr given = input->object()->getObject("options");
            if (!given) {
                return error_response(make_error(
                    "missing_field",
                    Phrase{"options is an object of option values", "options est un objet de valeurs d’options"},
                    "options"));
            }
            std::map<std::string, std::string> values;
            for (const auto& [name, value] : *given) {
                bool known = std::any_of(declared->begin(), declared->end(),
                                         [&](const auto& option) { return option.first == name; });
                if (!known) {
                    return error_response(
                        make_error("unknown_field",
                                   Phrase{plugin + " has no option named " + name,
                                          "l’extension " + plugin + " n’a aucune option nommée " + name},
                                   "options." + name));
                }
                if (value.isEmpty() || value.isArray() || value.type() == typeid(Object::Ptr)) {
                    return error_response(
                        make_error("wrong_type",
                                   Phrase{"an option value is a string, number or boolean",
                                          "la valeur d’une option est une chaîne, un nombre ou un booléen"},
                                   "options." + name));
                }
                std::string text = value.convert<std::string>();
                if (text.size() > 1000 || !text::is_valid_utf8(text)) {
                    return error_response(make_error("invalid",
                                                     Phrase{"an option value is short UTF-8 text",
                                                            "la valeur d’une option est un court texte UTF-8"},
                                                     "options." + name));
                }
                values[name] = text;
            }
            auto saved = store.set_plugin_options(*request.principal, plugin, values);
            if (!saved) {
                return error_response(saved.error());
            }
            return describe(request.param("id"), plugin);
        },
        0,
        {}});
}

} // namespace quorum::server
