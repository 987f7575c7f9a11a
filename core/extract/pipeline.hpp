#pragma once

#include "domain/meeting.hpp"
#include "markdown/document.hpp"
#include "scripting/document_binding.hpp"
#include "scripting/plugin.hpp"
#include "util/error.hpp"

#include <chrono>

namespace quorum::extract {

// The view plugins get of a document, built from what the minutes reader found.
scripting::DocumentView make_view(const markdown::Document& document, const Meeting& meeting);

// How long one plugin may take over one document: a base plus an allowance per
// MiB, since extraction over a 10 MB document legitimately takes longer than a
// live-meeting hook.
std::chrono::milliseconds extraction_deadline(size_t document_bytes);

// Runs every plugin's extract/document hook over the document and merges what
// they return into the meeting: owners matched to participants, due dates
// resolved against the meeting date, duplicates merged, suggestions that repeat a
// marked item dropped. A failing plugin is recorded in meeting.warnings and the
// others go on.
void run(const markdown::Document& document, size_t document_bytes, Meeting& meeting,
         scripting::PluginHost& host);


} // namespace quorum::extract
