#pragma once

#include "live/event.hpp"

#include <initializer_list>
#include <string>
#include <string_view>

namespace quorum::live {

// The people-facing text of live errors, in French and English. `key` names a
// message in messages.cpp; "{0}", "{1}" ... are replaced by `args` in order. An
// unknown key returns the key itself, so a missing translation shows up in tests.
std::string say(Language lang, std::string_view key, std::initializer_list<std::string_view> args = {});

// An Error whose message is say(lang, key, args).
Error live_error(std::string code, Language lang, std::string_view key,
                 std::initializer_list<std::string_view> args = {}, std::string field = {});

} // namespace quorum::live
