#pragma once

// The data the Mustache templates see: the JSON model converted as is, plus
// display-only fields (dates written out, "has_*" flags, action items grouped by
// owner, label sentences filled in) and the labels themselves. The full list is in
// templates/README.md.

#include "domain/meeting.hpp"
#include "summary/display.hpp"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <kainjow/mustache.hpp>

#include <string_view>

namespace quorum::summary::view {

// Generic JSON → Mustache conversion. Objects and arrays map over; numbers become
// their decimal text ("1.5"); true stays true. Null, false and "" all become
// false, so `{{#owner}}…{{/owner}}` skips an empty owner as template authors expect
// (kainjow treats an empty string as truthy otherwise).
kainjow::mustache::data from_json(const Poco::Dynamic::Var& value);

kainjow::mustache::data build(const Meeting& meeting, const Poco::JSON::Object::Ptr& model,
                              const display::Labels& labels, std::string_view language);

} // namespace quorum::summary::view
