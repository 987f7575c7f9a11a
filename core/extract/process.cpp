#include "extract/process.hpp"

#include "extract/pipeline.hpp"
#include "minutes/reader.hpp"

namespace quorum::extract {

Expected<Meeting> process(std::string_view markdown, const ProcessOptions& options, scripting::PluginHost& host) {
    QUORUM_TRY(document, markdown::parse(markdown));
    minutes::ReadOptions read_options;
    read_options.language = options.language;
    Meeting meeting = minutes::read(document, read_options);
    if (document.repaired_utf8) {
        meeting.warnings.push_back("the document is not valid UTF-8: invalid bytes were replaced by U+FFFD");
    }
    run(document, markdown.size(), meeting, host);
    return meeting;
}

} // namespace quorum::extract
