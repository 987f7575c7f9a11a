#include "summary/summary.hpp"

#include "summary/display.hpp"
#include "summary/model.hpp"
#include "summary/view.hpp"
#include "json/writer.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

#include <kainjow/mustache.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>

#ifndef QUORUM_VERSION
#define QUORUM_VERSION "0.0.0"
#endif

// ---------------------------------------------------------------------------------
// The summary JSON: conventions
//
// * Text is always a JSON string, "" when unknown or absent (title, date, owner,
//   due, url, ...). Consumers never need a null check for text, and "" is what the
//   domain model itself uses for "not written".
// * Numbers that may be unknown are null when unknown (duration_minutes,
//   meeting.scheduled_minutes, agenda_total_minutes, agenda_difference_minutes,
//   sections[].agenda_index): 0 would be a lie ("planned for 0 minutes").
// * Durations are minutes, as a JSON number: whole when the planned duration is a
//   whole number of minutes (5), otherwise a fraction rounded to two decimals
//   (90 s → 1.5, 100 s → 1.67). The exact value is kept next to it in
//   *_seconds, an integer.
// * Lines are 1-based line numbers in the minutes; 0 means unknown.
// * Lists are always present, possibly empty. Keys keep a stable order.
// ---------------------------------------------------------------------------------

namespace quorum::summary {

namespace model {

std::optional<long> effective_seconds(const AgendaItem& item) {
    if (item.duration_seconds) {
        return *item.duration_seconds;
    }
    std::optional<long> sum;
    for (const AgendaItem& child : item.children) {
        if (auto seconds = effective_seconds(child)) {
            sum = sum.value_or(0) + *seconds;
        }
    }
    return sum;
}

AgendaTotal agenda_total(const Meeting& meeting) {
    AgendaTotal total;
    for (const AgendaItem& item : meeting.agenda) {
        if (auto seconds = effective_seconds(item)) {
            total.seconds = total.seconds.value_or(0) + *seconds;
        } else {
            ++total.untimed;
        }
    }
    return total;
}

bool belongs_to(const Source& source, const Section& section) {
    if (source.line > 0 && section.first_line > 0 && section.last_line >= section.first_line) {
        return source.line >= section.first_line && source.line <= section.last_line;
    }
    return !source.section.empty() && source.section == section.title;
}

std::string simple_key(std::string_view owner) {
    size_t begin = owner.find_first_not_of(" \t");
    size_t end = owner.find_last_not_of(" \t");
    if (begin == std::string_view::npos) {
        return {};
    }
    std::string key(owner.substr(begin, end - begin + 1));
    std::transform(key.begin(), key.end(), key.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return key;
}

} // namespace model

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr make_object() {
    return new Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

Poco::Dynamic::Var null_value() {
    return Poco::Dynamic::Var();
}

// See the conventions above: whole minutes as an integer, else two decimals.
Poco::Dynamic::Var minutes_value(long seconds) {
    if (seconds % 60 == 0) {
        return static_cast<Poco::Int64>(seconds / 60);
    }
    return std::round(static_cast<double>(seconds) / 60.0 * 100.0) / 100.0;
}

Poco::Dynamic::Var optional_minutes(std::optional<long> seconds) {
    return seconds ? minutes_value(*seconds) : null_value();
}

Poco::Dynamic::Var optional_seconds(std::optional<long> seconds) {
    return seconds ? Poco::Dynamic::Var(static_cast<Poco::Int64>(*seconds)) : null_value();
}

Array::Ptr string_array(const std::vector<std::string>& values) {
    Array::Ptr array = new Array;
    for (const std::string& value : values) {
        array->add(value);
    }
    return array;
}

Object::Ptr source_json(const Source& source) {
    Object::Ptr object = make_object();
    object->set("line", source.line);
    object->set("section", source.section);
    return object;
}

Object::Ptr meeting_json(const Meeting& meeting) {
    Object::Ptr object = make_object();
    object->set("title", meeting.title);
    object->set("date", meeting.date);
    object->set("start", meeting.start);
    object->set("end", meeting.end);
    object->set("location", meeting.location);
    object->set("language", meeting.language);
    auto scheduled = display::span_minutes(meeting.start, meeting.end);
    object->set("scheduled_minutes", scheduled ? Poco::Dynamic::Var(*scheduled) : null_value());
    return object;
}

Array::Ptr participants_json(const Meeting& meeting) {
    Array::Ptr array = new Array;
    for (const Participant& person : meeting.participants) {
        Object::Ptr object = make_object();
        object->set("name", person.name);
        object->set("affiliation", person.affiliation);
        object->set("roles", string_array(person.roles));
        object->set("status", std::string(status_name(person.status)));
        object->set("line", person.line);
        object->set("speaking_seconds",
                    person.speaking_seconds ? Poco::Dynamic::Var(*person.speaking_seconds) : null_value());
        array->add(object);
    }
    return array;
}

Object::Ptr roles_json(const Meeting& meeting) {
    std::vector<std::string> order(std::begin(model::k_known_roles), std::end(model::k_known_roles));
    for (const Participant& person : meeting.participants) {
        for (const std::string& role : person.roles) {
            if (std::find(order.begin(), order.end(), role) == order.end()) {
                order.push_back(role);
            }
        }
    }
    Object::Ptr object = make_object();
    for (const std::string& role : order) {
        std::vector<std::string> names;
        for (const Participant& person : meeting.participants) {
            if (std::find(person.roles.begin(), person.roles.end(), role) != person.roles.end()) {
                names.push_back(person.name);
            }
        }
        object->set(role, string_array(names));
    }
    return object;
}

Object::Ptr agenda_item_json(const AgendaItem& item) {
    Object::Ptr object = make_object();
    object->set("number", item.number);
    object->set("title", item.title);
    object->set("type", item.type);
    object->set("description", item.description);
    std::optional<long> own = item.duration_seconds ? std::optional<long>(*item.duration_seconds) : std::nullopt;
    object->set("duration_minutes", optional_minutes(own));
    object->set("duration_seconds", optional_seconds(own));
    object->set("line", item.line);
    Array::Ptr children = new Array;
    for (const AgendaItem& child : item.children) {
        children->add(agenda_item_json(child));
    }
    object->set("children", children);
    return object;
}

Array::Ptr action_items_json(const Meeting& meeting) {
    Array::Ptr array = new Array;
    for (const ActionItem& item : meeting.action_items) {
        Object::Ptr object = make_object();
        object->set("text", item.text);
        object->set("owner", item.owner);
        object->set("owner_as_written", item.owner_as_written);
        object->set("owner_matched", item.owner_matched);
        object->set("due", item.due);
        object->set("due_text", item.due_text);
        object->set("state", item.state);
        object->set("rule", item.rule);
        object->set("plugin", item.plugin);
        object->set("source", source_json(item.source));
        array->add(object);
    }
    return array;
}

Array::Ptr decisions_json(const Meeting& meeting) {
    Array::Ptr array = new Array;
    for (const Decision& decision : meeting.decisions) {
        Object::Ptr object = make_object();
        object->set("text", decision.text);
        object->set("state", decision.state);
        object->set("rule", decision.rule);
        object->set("plugin", decision.plugin);
        object->set("votes", decision.votes);
        object->set("source", source_json(decision.source));
        array->add(object);
    }
    return array;
}

Array::Ptr suggestions_json(const Meeting& meeting) {
    Array::Ptr array = new Array;
    for (const Suggestion& suggestion : meeting.suggestions) {
        Object::Ptr object = make_object();
        object->set("kind", suggestion.kind);
        object->set("text", suggestion.text);
        object->set("owner", suggestion.owner);
        object->set("speaker", suggestion.speaker);
        object->set("rule", suggestion.rule);
        object->set("plugin", suggestion.plugin);
        object->set("state", suggestion.state);
        object->set("source", source_json(suggestion.source));
        array->add(object);
    }
    return array;
}

Array::Ptr resources_json(const Meeting& meeting) {
    Array::Ptr array = new Array;
    for (const Resource& resource : meeting.resources) {
        Object::Ptr object = make_object();
        object->set("url", resource.url);
        object->set("title", resource.title);
        object->set("kind", resource.kind);
        object->set("missing_url", resource.missing_url);
        object->set("plugin", resource.plugin);
        Array::Ptr mentions = new Array;
        for (const Source& mention : resource.mentions) {
            mentions->add(source_json(mention));
        }
        object->set("mentions", mentions);
        array->add(object);
    }
    return array;
}

// How many items of each kind every section produced, in one pass over the items.
// Sections nest (3 holds 3.a, and an item of 3.a counts for 3 too): each section
// knows its parent, so the sections holding a line are found by a binary search for
// the innermost candidate and a walk up its parents.
struct SectionCounts {
    int action_items = 0;
    int decisions = 0;
    int resources = 0;
    int suggestions = 0;
};

class SectionIndex {
public:
    explicit SectionIndex(const Meeting& meeting)
        : m_sections(meeting.sections), m_parent(meeting.sections.size(), -1) {
        std::vector<int> open;
        for (size_t i = 0; i < m_sections.size(); ++i) {
            while (!open.empty() && !contains(static_cast<size_t>(open.back()), m_sections[i].first_line)) {
                open.pop_back();
            }
            m_parent[i] = open.empty() ? -1 : open.back();
            open.push_back(static_cast<int>(i));
        }
    }

    // Calls `visit(index)` for every section the source belongs to.
    template <typename Visit> void for_each_holding(const Source& source, Visit visit) const {
        if (source.line <= 0) {
            for (size_t i = 0; i < m_sections.size(); ++i) {
                if (model::belongs_to(source, m_sections[i])) {
                    visit(i);
                }
            }
            return;
        }
        auto after = std::upper_bound(m_sections.begin(), m_sections.end(), source.line,
                                      [](int line, const Section& section) { return line < section.first_line; });
        if (after == m_sections.begin()) {
            return;
        }
        int index = static_cast<int>(after - m_sections.begin()) - 1;
        while (index >= 0 && !model::belongs_to(source, m_sections[static_cast<size_t>(index)])) {
            index = m_parent[static_cast<size_t>(index)];
        }
        while (index >= 0) {
            visit(static_cast<size_t>(index));
            index = m_parent[static_cast<size_t>(index)];
        }
    }

private:
    bool contains(size_t index, int line) const {
        const Section& section = m_sections[index];
        return line >= section.first_line && (section.last_line < section.first_line || line <= section.last_line);
    }

    const std::vector<Section>& m_sections;
    std::vector<int> m_parent;
};

std::vector<SectionCounts> count_per_section(const Meeting& meeting) {
    std::vector<SectionCounts> counts(meeting.sections.size());
    SectionIndex index(meeting);
    for (const ActionItem& item : meeting.action_items) {
        index.for_each_holding(item.source, [&](size_t i) { ++counts[i].action_items; });
    }
    for (const Decision& decision : meeting.decisions) {
        index.for_each_holding(decision.source, [&](size_t i) { ++counts[i].decisions; });
    }
    for (const Suggestion& suggestion : meeting.suggestions) {
        index.for_each_holding(suggestion.source, [&](size_t i) { ++counts[i].suggestions; });
    }
    std::vector<size_t> seen(meeting.sections.size(), SIZE_MAX);
    for (size_t r = 0; r < meeting.resources.size(); ++r) {
        for (const Source& mention : meeting.resources[r].mentions) {
            index.for_each_holding(mention, [&](size_t i) {
                if (seen[i] != r) { // a resource counts once per section, however often it is mentioned
                    seen[i] = r;
                    ++counts[i].resources;
                }
            });
        }
    }
    return counts;
}

Array::Ptr sections_json(const Meeting& meeting) {
    Array::Ptr array = new Array;
    std::vector<SectionCounts> counts = count_per_section(meeting);
    for (size_t i = 0; i < meeting.sections.size(); ++i) {
        const Section& section = meeting.sections[i];
        Object::Ptr object = make_object();
        object->set("title", section.title);
        bool linked = section.agenda_index && *section.agenda_index < meeting.agenda.size();
        object->set("agenda_number", !section.sub_item_number.empty() ? section.sub_item_number
                                     : linked                         ? meeting.agenda[*section.agenda_index].number
                                                                      : std::string());
        object->set("agenda_index",
                    linked ? Poco::Dynamic::Var(static_cast<Poco::Int64>(*section.agenda_index)) : null_value());
        object->set("first_line", section.first_line);
        object->set("last_line", section.last_line);
        object->set("is_chat", section.is_chat);
        object->set("speakers", string_array(section.speakers));
        object->set("excerpt", section.excerpt);
        // The digest: how much of each kind the section produced.
        object->set("action_items", counts[i].action_items);
        object->set("decisions", counts[i].decisions);
        object->set("resources", counts[i].resources);
        object->set("suggestions", counts[i].suggestions);
        array->add(object);
    }
    return array;
}

Object::Ptr counts_json(const Meeting& meeting) {
    auto with_status = [&](AttendanceStatus status) {
        return static_cast<int>(std::count_if(meeting.participants.begin(), meeting.participants.end(),
                                              [&](const Participant& person) { return person.status == status; }));
    };
    Object::Ptr object = make_object();
    object->set("participants", static_cast<int>(meeting.participants.size()));
    object->set("present", with_status(AttendanceStatus::Present));
    object->set("excused", with_status(AttendanceStatus::Excused));
    object->set("absent", with_status(AttendanceStatus::Absent));
    object->set("action_items", static_cast<int>(meeting.action_items.size()));
    object->set("decisions", static_cast<int>(meeting.decisions.size()));
    object->set("suggestions", static_cast<int>(meeting.suggestions.size()));
    object->set("resources", static_cast<int>(meeting.resources.size()));
    object->set("missing_urls",
                static_cast<int>(std::count_if(meeting.resources.begin(), meeting.resources.end(),
                                               [](const Resource& resource) { return resource.missing_url; })));
    object->set("warnings", static_cast<int>(meeting.warnings.size()));
    return object;
}

// The summary's JSON: indented for people, written by core/json (Poco's
// Stringifier spent more time than the whole extraction on a 10 MB document).
std::string stringify(const Object::Ptr& object) {
    return json::pretty(object);
}

// `what` names the file: {"summary labels", "libellés du résumé introuvables"} (the
// French carries "not found" itself, agreed in gender and number).
Expected<std::string> read_file(const std::filesystem::path& path, std::string_view code, const Phrase& what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_error(std::string(code),
                          Phrase{what.en + " not found: " + path.string(), what.fr + "\u00a0: " + path.string()},
                          path.string());
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// "fr-CA" → "fr"; refuses anything that is not a plain language code, since the
// code becomes part of a file name.
std::string normalize_language(std::string_view language) {
    std::string code;
    for (char c : language) {
        if (c == '-' || c == '_') {
            break;
        }
        code += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    if (code.size() < 2 || code.size() > 3 ||
        !std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
        return {};
    }
    return code;
}

std::string_view template_stem(Format format) {
    switch (format) {
    case Format::Markdown:
        return "md";
    case Format::Html:
        return "html";
    case Format::Text:
        return "txt";
    case Format::Json:
        return "json";
    }
    return "md";
}

} // namespace

Expected<Format> parse_format(std::string_view name) {
    std::string key = model::simple_key(name); // trimmed, lower-case
    if (key == "md" || key == "markdown") {
        return Format::Markdown;
    }
    if (key == "html" || key == "htm") {
        return Format::Html;
    }
    if (key == "json") {
        return Format::Json;
    }
    if (key == "txt" || key == "text") {
        return Format::Text;
    }
    return make_error("bad_format",
                      Phrase{"unknown summary format \"" + std::string(name) + "\" (expected md, html, json or txt)",
                             "format de résumé inconnu\u00a0: «\u00a0" + std::string(name) +
                                 "\u00a0» (formats possibles\u00a0: md, html, json ou txt)"},
                      "format");
}

std::string_view file_extension(Format format) {
    return template_stem(format);
}

Poco::JSON::Object::Ptr to_json(const Meeting& meeting) {
    Object::Ptr root = make_object();
    root->set("meeting", meeting_json(meeting));
    root->set("participants", participants_json(meeting));
    root->set("roles", roles_json(meeting));

    Array::Ptr agenda = new Array;
    for (const AgendaItem& item : meeting.agenda) {
        agenda->add(agenda_item_json(item));
    }
    root->set("agenda", agenda);
    model::AgendaTotal total = model::agenda_total(meeting);
    auto scheduled = display::span_minutes(meeting.start, meeting.end);
    root->set("agenda_total_minutes", optional_minutes(total.seconds));
    root->set("agenda_untimed_items", total.untimed);
    std::optional<long> difference;
    if (total.seconds && scheduled) {
        difference = *total.seconds - static_cast<long>(*scheduled) * 60;
    }
    root->set("agenda_difference_minutes", optional_minutes(difference));

    root->set("action_items", action_items_json(meeting));
    root->set("decisions", decisions_json(meeting));
    root->set("suggestions", suggestions_json(meeting));
    root->set("resources", resources_json(meeting));
    root->set("sections", sections_json(meeting));
    root->set("chat", string_array(meeting.chat));
    std::vector<std::string> warnings; // in English: the JSON is data, its words stay put
    for (const Phrase& warning : meeting.warnings) {
        warnings.push_back(warning.en);
    }
    root->set("warnings", string_array(warnings));

    Array::Ptr extras = new Array;
    for (const auto& [title, markdown] : meeting.extra_sections) {
        Object::Ptr object = make_object();
        object->set("title", title);
        object->set("markdown", markdown);
        extras->add(object);
    }
    root->set("extra_sections", extras);
    root->set("counts", counts_json(meeting));

    Object::Ptr generator = make_object();
    generator->set("name", std::string("quorum"));
    generator->set("version", std::string(QUORUM_VERSION));
    root->set("generator", generator);
    return root;
}

std::string to_json_text(const Meeting& meeting) {
    return stringify(to_json(meeting));
}

Expected<std::string> render(const Meeting& meeting, const RenderOptions& options) {
    Poco::JSON::Object::Ptr model_json = to_json(meeting);
    if (options.format == Format::Json) {
        return stringify(model_json);
    }

    std::string requested = options.language.empty() ? meeting.language : options.language;
    std::string language = normalize_language(requested.empty() ? std::string(k_default_language) : requested);
    if (language.empty()) {
        return make_error("bad_language",
                          Phrase{"not a language code: \"" + requested + "\"",
                                 "ce n’est pas un code de langue\u00a0: «\u00a0" + requested + "\u00a0»"},
                          "language");
    }

    std::filesystem::path labels_path = options.templates_dir / "labels" / (language + ".json");
    QUORUM_TRY(labels_text,
               read_file(labels_path, "missing_labels", Phrase{"summary labels", "libellés du résumé introuvables"}));
    Poco::JSON::Object::Ptr labels_root;
    try {
        Poco::JSON::Parser parser;
        Poco::Dynamic::Var parsed = parser.parse(labels_text);
        if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
            return make_error("bad_labels",
                              Phrase{labels_path.string() + ": labels must be a JSON object",
                                     labels_path.string() + "\u00a0: les libellés doivent être un objet JSON"},
                              labels_path.string());
        }
        labels_root = parsed.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& error) {
        return make_error("bad_labels",
                          Phrase{labels_path.string() + ": " + error.displayText(),
                                 labels_path.string() + "\u00a0: " + error.displayText()},
                          labels_path.string());
    }

    std::filesystem::path template_path =
        options.templates_dir / ("summary." + std::string(template_stem(options.format)) + ".mustache");
    QUORUM_TRY(template_text, read_file(template_path, "missing_template",
                                        Phrase{"summary template", "modèle du résumé introuvable"}));

    kainjow::mustache::mustache tmpl(display::fold_standalone_tags(template_text));
    if (!tmpl.is_valid()) {
        return make_error("template_syntax",
                          Phrase{template_path.string() + ": " + tmpl.error_message(),
                                 template_path.string() + "\u00a0: " + tmpl.error_message()},
                          template_path.string());
    }
    // {{ }} escapes for the output format: HTML entities by default, Markdown
    // backslashes for .md, nothing for plain text.
    if (options.format == Format::Markdown) {
        tmpl.set_custom_escape([](const std::string& value) { return display::markdown_escape(value); });
    } else if (options.format == Format::Text) {
        tmpl.set_custom_escape([](const std::string& value) { return value; });
    }

    display::Labels labels(labels_root);
    kainjow::mustache::data data = view::build(meeting, model_json, labels, language);
    std::string out = display::strip_markers(tmpl.render(data));
    if (!tmpl.is_valid()) {
        return make_error("template_render",
                          Phrase{template_path.string() + ": " + tmpl.error_message(),
                                 template_path.string() + "\u00a0: " + tmpl.error_message()},
                          template_path.string());
    }
    if (options.format == Format::Markdown) {
        return display::tidy_lines(out, true);
    }
    if (options.format == Format::Text) {
        return display::tidy_lines(display::wrap_text(display::tidy_lines(out), k_text_width));
    }
    return out;
}

} // namespace quorum::summary
