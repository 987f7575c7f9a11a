#include "server/input.hpp"

#include "util/text.hpp"

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

#include <Poco/JSON/ParseHandler.h>

#include <algorithm>
#include <set>
#include <vector>

namespace quorum::server {

namespace {

// "le champ « title »", for the French messages.
std::string field_fr(const std::string& field) {
    return "le champ «\u00a0" + field + "\u00a0»";
}

// Poco's handler keeps the last of two equal keys in an object; two readers of
// the same body (a proxy that checks the first, quorum reading the last) could
// then disagree. This one stops the parse at the second.
struct DuplicateKey {
    std::string key;
};

class StrictHandler : public Poco::JSON::ParseHandler {
public:
    void reset() override {
        ParseHandler::reset();
        m_keys.clear();
    }
    void startObject() override {
        ParseHandler::startObject();
        m_keys.emplace_back();
        m_objects.push_back(true);
    }
    void endObject() override {
        ParseHandler::endObject();
        m_keys.pop_back();
        m_objects.pop_back();
    }
    void startArray() override {
        ParseHandler::startArray();
        m_objects.push_back(false);
    }
    void endArray() override {
        ParseHandler::endArray();
        m_objects.pop_back();
    }
    void key(const std::string& k) override {
        if (!m_objects.empty() && m_objects.back() && !m_keys.back().insert(k).second) {
            throw DuplicateKey{k};
        }
        ParseHandler::key(k);
    }

private:
    std::vector<std::set<std::string>> m_keys; // per open object
    std::vector<bool> m_objects;                // per open container: an object?
};

} // namespace

Expected<Input> Input::parse(std::string_view body, std::initializer_list<std::string_view> allowed) {
    if (!text::is_valid_utf8(body)) {
        return make_error("invalid_utf8",
                          Phrase{"the body is not valid UTF-8", "le corps de la requête n’est pas en UTF-8 valide"});
    }
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser(new StrictHandler);
        parsed = parser.parse(std::string(body));
    } catch (const DuplicateKey& duplicate) {
        return make_error("duplicate_key",
                          Phrase{"'" + duplicate.key + "' appears twice in the same JSON object",
                                 "la clé «\u00a0" + duplicate.key + "\u00a0» apparaît deux fois dans le même objet JSON"},
                          duplicate.key);
    } catch (const Poco::Exception& error) {
        return make_error("malformed_json",
                          Phrase{"the body is not JSON: " + error.message(),
                                 "le corps de la requête n’est pas du JSON\u00a0: " + error.message()});
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
        return make_error("malformed_json",
                          Phrase{"the body must be a JSON object", "le corps de la requête doit être un objet JSON"});
    }
    return from(parsed.extract<Poco::JSON::Object::Ptr>(), allowed);
}

Expected<Input> Input::from(Poco::JSON::Object::Ptr object, std::initializer_list<std::string_view> allowed) {
    for (const auto& [name, value] : *object) {
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            return make_error("unknown_field",
                              Phrase{"unknown field '" + name + "'", "champ inconnu\u00a0: «\u00a0" + name + "\u00a0»"},
                              name);
        }
    }
    return Input(object);
}

Expected<std::optional<std::string>> Input::text(const std::string& field, size_t max_bytes, Lines lines) const {
    if (!m_object->has(field) || m_object->isNull(field)) {
        return std::optional<std::string>();
    }
    Poco::Dynamic::Var value = m_object->get(field);
    if (!value.isString()) {
        return make_error(
            "wrong_type",
            Phrase{"'" + field + "' must be a string", field_fr(field) + " doit être une chaîne de caractères"}, field);
    }
    std::string result = value.extract<std::string>();
    if (result.size() > max_bytes) {
        const std::string most = std::to_string(max_bytes);
        return make_error("invalid",
                          Phrase{"'" + field + "' is longer than " + most + " bytes",
                                 field_fr(field) + " dépasse " + most + " octets"},
                          field);
    }
    if (auto refused = refused_character(result, lines)) {
        const bool line_break = *refused == "U+000A" || *refused == "U+000D";
        const Phrase why = line_break ? Phrase{"must be one line (it holds a line break, " + *refused + ")",
                                               "doit tenir sur une ligne (il contient un saut de ligne, " + *refused +
                                                   ")"}
                                      : Phrase{"holds a control character (" + *refused + ")",
                                               "contient un caractère de contrôle (" + *refused + ")"};
        return make_error("invalid", Phrase{"'" + field + "' " + why.en, field_fr(field) + " " + why.fr}, field);
    }
    return std::optional<std::string>(std::move(result));
}

Expected<std::string> Input::required_text(const std::string& field, size_t max_bytes, Lines lines) const {
    QUORUM_TRY(value, text(field, max_bytes, lines));
    if (!value) {
        return make_error("missing_field", Phrase{"'" + field + "' is required", field_fr(field) + " est obligatoire"},
                          field);
    }
    return *value;
}

Expected<std::optional<std::int64_t>> Input::integer(const std::string& field, std::int64_t min,
                                                     std::int64_t max) const {
    if (!m_object->has(field) || m_object->isNull(field)) {
        return std::optional<std::int64_t>();
    }
    Poco::Dynamic::Var value = m_object->get(field);
    // JSON numbers only: "12" (a string) and 1.5 are refused, as are booleans.
    if (!value.isInteger() || value.isBoolean()) {
        return make_error("wrong_type",
                          Phrase{"'" + field + "' must be an integer", field_fr(field) + " doit être un nombre entier"},
                          field);
    }
    std::int64_t number = 0;
    try {
        number = value.convert<Poco::Int64>();
    } catch (const Poco::Exception&) {
        return make_error("invalid", Phrase{"'" + field + "' is out of range", field_fr(field) + " est hors limites"},
                          field);
    }
    if (number < min || number > max) {
        const std::string low = std::to_string(min);
        const std::string high = std::to_string(max);
        return make_error("invalid",
                          Phrase{"'" + field + "' must be between " + low + " and " + high,
                                 field_fr(field) + " doit être compris entre " + low + " et " + high},
                          field);
    }
    return std::optional<std::int64_t>(number);
}

Expected<std::int64_t> Input::required_integer(const std::string& field, std::int64_t min, std::int64_t max) const {
    QUORUM_TRY(value, integer(field, min, max));
    if (!value) {
        return make_error("missing_field", Phrase{"'" + field + "' is required", field_fr(field) + " est obligatoire"},
                          field);
    }
    return *value;
}

} // namespace quorum::server
