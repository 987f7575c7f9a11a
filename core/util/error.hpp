#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace quorum {

// An expected failure, carried as a value: bad input, a missing file, a plugin
// that returned garbage. `code` is a stable machine-readable word, `message` is for
// people, `field` names the offending input when there is one.
struct Error {
    std::string code;
    std::string message;
    std::string field;
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
    return Error{std::move(code), std::move(message), std::move(field)};
}

} // namespace quorum

// Propagates an Error out of the enclosing function returning Expected<...>.
#define QUORUM_TRY(var, expr)                                                                                          \
    auto var##_expected = (expr);                                                                                      \
    if (!var##_expected) {                                                                                             \
        return var##_expected.error();                                                                                 \
    }                                                                                                                  \
    auto var = std::move(var##_expected.value())
