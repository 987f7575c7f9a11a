#pragma once

#include "domain/fields.hpp"
#include "util/error.hpp"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace quorum::server {

// A JSON request body read strictly: it must be valid UTF-8, one JSON object,
// with only the fields the route knows and each of the right type. Every
// problem is an Error naming the field, so clients can point at it.
class Input {
public:
    static Expected<Input> parse(std::string_view body, std::initializer_list<std::string_view> allowed);
    // An object already parsed (an element of an array in a body).
    static Expected<Input> from(Poco::JSON::Object::Ptr object, std::initializer_list<std::string_view> allowed);

    // Absent (or null when `nullable`) → nullopt; wrong type → wrong_type; longer
    // than `max_bytes`, or holding a character `lines` refuses → invalid.
    Expected<std::optional<std::string>> text(const std::string& field, size_t max_bytes = 1000,
                                              Lines lines = Lines::one) const;
    Expected<std::string> required_text(const std::string& field, size_t max_bytes = 1000,
                                        Lines lines = Lines::one) const;
    Expected<std::optional<std::int64_t>> integer(const std::string& field, std::int64_t min, std::int64_t max) const;
    Expected<std::int64_t> required_integer(const std::string& field, std::int64_t min, std::int64_t max) const;
    bool has(const std::string& field) const { return m_object->has(field); }
    const Poco::JSON::Object::Ptr& object() const { return m_object; }

private:
    explicit Input(Poco::JSON::Object::Ptr object) : m_object(std::move(object)) {}
    Poco::JSON::Object::Ptr m_object;
};

} // namespace quorum::server
