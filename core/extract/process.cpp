#include "extract/process.hpp"

#include "extract/pipeline.hpp"
#include "minutes/reader.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace quorum::extract {

namespace {

// QUORUM_PROFILE=1 prints how long each phase took to stderr, for scripts/bench.
class PhaseTimer {
public:
    PhaseTimer() : m_enabled(std::getenv("QUORUM_PROFILE") != nullptr), m_last(Clock::now()) {}

    void lap(const char* phase) {
        if (!m_enabled) {
            return;
        }
        Clock::time_point now = Clock::now();
        std::fprintf(stderr, "quorum: profile: %-8s %8.1f ms\n", phase,
                     std::chrono::duration<double, std::milli>(now - m_last).count());
        m_last = now;
    }

private:
    using Clock = std::chrono::steady_clock;
    bool m_enabled;
    Clock::time_point m_last;
};

} // namespace

Expected<Meeting> process(std::string_view markdown, const ProcessOptions& options, scripting::PluginHost& host) {
    PhaseTimer timer;
    QUORUM_TRY(document, markdown::parse(markdown));
    timer.lap("parse");
    minutes::ReadOptions read_options;
    read_options.language = options.language;
    Meeting meeting = minutes::read(document, read_options);
    if (document.repaired_utf8) {
        meeting.warnings.push_back(Phrase{"the document is not valid UTF-8: invalid bytes were replaced by U+FFFD",
                                          "le document n’est pas en UTF-8 valide\u00a0: les octets invalides ont "
                                          "été remplacés par U+FFFD"});
    }
    if (document.from_windows_1252) {
        meeting.warnings.push_back(Phrase{"the document was not UTF-8: it was read as Windows-1252 (Latin-1)",
                                          "le document n’était pas en UTF-8\u00a0: il a été lu comme du Windows-1252 "
                                          "(Latin-1)"});
    }
    timer.lap("read");
    run(document, markdown.size(), meeting, host);
    timer.lap("extract");
    bool has_summary_hooks = std::any_of(host.plugins().begin(), host.plugins().end(),
                                         [](const auto& plugin) { return plugin->has_hook("summary/building"); });
    if (has_summary_hooks) {
        build_summary(make_view(document, meeting), markdown.size(), meeting, host);
        timer.lap("summary/building");
    }
    return meeting;
}

} // namespace quorum::extract
