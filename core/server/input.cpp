#include "server/input.hpp"

#include "util/text.hpp"

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>

namespace quorum::server {

Expected<Input> Input::parse(std::string_view body, std::initializer_list<std::string_view> allowed) {
    if (!text::is_valid_utf8(body)) {
        return make_error("invalid_utf8", "the body is not valid UTF-8");
    }
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser;
        parsed = parser.parse(std::string(body));
    } catch (const Poco::Exception& error) {
        return make_error("malformed_json", "the body is not JSON: " + error.message());
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
        return make_error("malformed_json", "the body must be a JSON object");
    }
    return from(parsed.extract<Poco::JSON::Object::Ptr>(), allowed);
}

Expected<Input> Input::from(Poco::JSON::Object::Ptr object, std::initializer_list<std::string_view> allowed) {
    for (const auto& [name, value] : *object) {
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            return make_error("unknown_field", "unknown field '" + name + "'", name);
        }
    }
    return Input(object);
}

Expected<std::optional<std::string>> Input::text(const std::string& field, size_t max_bytes) const {
    if (!m_object->has(field) || m_object->isNull(field)) {
        return std::optional<std::string>();
    }
    Poco::Dynamic::Var value = m_object->get(field);
    if (!value.isString()) {
        return make_error("wrong_type", "'" + field + "' must be a string", field);
    }
    std::string result = value.extract<std::string>();
    if (result.size() > max_bytes) {
        return make_error("invalid", "'" + field + "' is longer than " + std::to_string(max_bytes) + " bytes", field);
    }
    return std::optional<std::string>(std::move(result));
}

Expected<std::string> Input::required_text(const std::string& field, size_t max_bytes) const {
    QUORUM_TRY(value, text(field, max_bytes));
    if (!value) {
        return make_error("missing_field", "'" + field + "' is required", field);
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
        return make_error("wrong_type", "'" + field + "' must be an integer", field);
    }
    std::int64_t number = 0;
    try {
        number = value.convert<Poco::Int64>();
    } catch (const Poco::Exception&) {
        return make_error("invalid", "'" + field + "' is out of range", field);
    }
    if (number < min || number > max) {
        return make_error(
            "invalid", "'" + field + "' must be between " + std::to_string(min) + " and " + std::to_string(max), field);
    }
    return std::optional<std::int64_t>(number);
}

Expected<std::int64_t> Input::required_integer(const std::string& field, std::int64_t min, std::int64_t max) const {
    QUORUM_TRY(value, integer(field, min, max));
    if (!value) {
        return make_error("missing_field", "'" + field + "' is required", field);
    }
    return *value;
}

} // namespace quorum::server
