#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace quorum {

// A sentence for people, in both of quorum's languages.
struct Phrase {
    std::string en;
    std::string fr;
};

// An expected failure, carried as a value: bad input, a missing file, a plugin
// that returned garbage. `code` is a stable machine-readable word, `message` is for
// people (English), `message_fr` the same in French (empty when nobody wrote one:
// the English then stands for both), `field` names the offending input when there
// is one. The server answers in the language the request prefers.
struct Error {
    std::string code;
    std::string message;
    std::string field;
    std::string message_fr;

    const std::string& message_in(bool french) const { return french && !message_fr.empty() ? message_fr : message; }
    Phrase phrase() const { return Phrase{message, message_fr.empty() ? message : message_fr}; }
};

// The unexpected and fatal: bad configuration at start-up. main() prints the
// message and exits with status 2.
class Fatal : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

template <typename T> class Expected {
public:
    Expected(T value) : m_value(std::move(value)) {}
    Expected(Error error) : m_value(std::move(error)) {}

    bool has_value() const { return std::holds_alternative<T>(m_value); }
    explicit operator bool() const { return has_value(); }
    T& value() { return std::get<T>(m_value); }
    const T& value() const { return std::get<T>(m_value); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const Error& error() const { return std::get<Error>(m_value); }

private:
    std::variant<T, Error> m_value;
};

inline Error make_error(std::string code, std::string message, std::string field = {}) {
    return Error{std::move(code), std::move(message), std::move(field), {}};
}

// make_error("invalid", Phrase{"date is YYYY-MM-DD", "la date s’écrit AAAA-MM-JJ"}, "date")
inline Error make_error(std::string code, Phrase message, std::string field = {}) {
    return Error{std::move(code), std::move(message.en), std::move(field), std::move(message.fr)};
}

} // namespace quorum

// Propagates an Error out of the enclosing function returning Expected<...>.
#define QUORUM_TRY(var, expr)                                                                                          \
    auto var##_expected = (expr);                                                                                      \
    if (!var##_expected) {                                                                                             \
        return var##_expected.error();                                                                                 \
    }                                                                                                                  \
    auto var = std::move(var##_expected.value())
