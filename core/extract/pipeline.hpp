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

// How long one plugin may take over one document: 1 s plus 1 s per MiB. This is a
// safety net against a plugin that hangs, not a speed target (the shipped plugins
// take a few tens of ms per MiB): it must hold on a loaded machine, since a plugin
// that runs out of time contributes nothing.
std::chrono::milliseconds extraction_deadline(size_t document_bytes);

// How much memory one plugin may use over one document: its usual cap plus 16
// bytes per byte of document (the blocks, links and results it builds), at most
// 512 MiB. A plugin reading a 16 MiB document is not a memory bomb.
size_t extraction_memory(size_t document_bytes);

// Runs every plugin's extract/document hook over the document and merges what
// they return into the meeting: owners matched to participants, due dates
// resolved against the meeting date, duplicates merged, suggestions that repeat a
// marked item dropped. A failing plugin is recorded in meeting.warnings and the
// others go on.
void run(const markdown::Document& document, size_t document_bytes, Meeting& meeting, scripting::PluginHost& host);

// The summary/building filter: each plugin's handler gets (summary, doc) — the
// meeting's title, date, language, participants, action items, decisions and the
// sections added so far, and the document as extract/document sees it — and may
// return {sections = {{title =, markdown =}…}} (at most 8, titles one line of 200
// bytes, 64 KiB of Markdown each). The sections are appended to the summary, whose
// renderers show plugin Markdown in safe mode. `process` runs it after extraction.
void build_summary(const scripting::DocumentView& view, size_t document_bytes, Meeting& meeting,
                   scripting::PluginHost& host);

// The `summary` argument of summary/building.
scripting::Value summary_payload(const Meeting& meeting);

// Checks what a summary/building handler returned.
Expected<std::vector<std::pair<std::string, std::string>>> take_sections(const scripting::Value& result);

} // namespace quorum::extract
