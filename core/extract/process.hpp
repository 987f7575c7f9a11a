#pragma once

#include "domain/meeting.hpp"
#include "markdown/document.hpp"
#include "scripting/plugin.hpp"
#include "util/error.hpp"

#include <string>
#include <string_view>

namespace quorum::extract {

struct ProcessOptions {
    std::string language; // "fr" / "en"; empty → detected
};

// The whole offline pipeline: checks and parses the Markdown, reads the meeting
// record, runs the extraction plugins. Errors only for input that is not a
// document at all (binary, too large); anything else yields a record, with
// warnings where something could not be understood.
Expected<Meeting> process(std::string_view markdown, const ProcessOptions& options, scripting::PluginHost& host);

} // namespace quorum::extract
