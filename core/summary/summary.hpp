#pragma once

#include "domain/meeting.hpp"
#include "util/error.hpp"

#include <Poco/JSON/Object.h>

#include <filesystem>
#include <string>

namespace quorum::summary {

enum class Format { Markdown, Html, Json, Text };

// "md", "markdown", "html", "json", "txt", "text" → Format.
Expected<Format> parse_format(std::string_view name);

// "md", "html", "json", "txt": the file extension for a format.
std::string_view file_extension(Format format);

// The language used when neither the options nor the meeting name one.
inline constexpr std::string_view k_default_language = "en";

// Plain-text summaries are wrapped to this many columns for e-mail.
inline constexpr size_t k_text_width = 78;

// The summary's data model, documented in the README ("The summary JSON"). Field names
// are a contract: fields are only ever added, never renamed.
// Conventions (text "" when unknown, unknown numbers null, fractional minutes) are
// spelled out at the top of summary.cpp and in templates/README.md.
Poco::JSON::Object::Ptr to_json(const Meeting& meeting);

// to_json, pretty-printed (two-space indent, keys in a stable order, newline at end).
std::string to_json_text(const Meeting& meeting);

struct RenderOptions {
    Format format = Format::Markdown;
    std::string language;                // "fr" / "en"; empty → the meeting's language
    std::filesystem::path templates_dir; // holds summary.{md,html,txt}.mustache and labels/{fr,en}.json
};

// Renders the summary. JSON is the to_json model, pretty-printed; other formats go
// through the Mustache templates, which a group can copy and edit.
Expected<std::string> render(const Meeting& meeting, const RenderOptions& options);

} // namespace quorum::summary
