#pragma once

#include <Poco/Dynamic/Var.h>

#include <string>

namespace quorum::json {

// Condensed JSON text of a Poco value, byte for byte what
// Poco::JSON::Stringifier::condense writes (same escapes, same key order, same
// numbers), at a small fraction of its cost: Poco formats through an ostream one
// character at a time, which made serializing an event the largest part of a
// note save and of a large summary's JSON.
std::string condense(const Poco::Dynamic::Var& value);
void append(std::string& out, const Poco::Dynamic::Var& value);

// Indented JSON for people to read (the summary's JSON): two spaces, "key": value,
// keys in the object's order, empty containers as {} and [], a final newline.
std::string pretty(const Poco::Dynamic::Var& value);

// A JSON string literal, quotes included, escaped as Poco escapes it.
void append_string(std::string& out, std::string_view text);

} // namespace quorum::json
