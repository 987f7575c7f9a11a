#include "extract/pipeline.hpp"

#include "domain/names.hpp"
#include "minutes/reader.hpp"
#include "util/datetime.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <thread>
#include <unordered_set>
#include <vector>

namespace quorum::extract {

namespace {

constexpr size_t k_max_item_text = 4000;

// Finds the innermost section holding a line. Sections are sorted by first line
// and nest (3 holds 3.a), so a binary search plus a short walk back finds it.
class SectionLookup {
public:
    explicit SectionLookup(const Meeting& meeting) : m_sections(meeting.sections) {}

    std::string title_for(int line) const {
        auto after = std::upper_bound(m_sections.begin(), m_sections.end(), line,
                                      [](int l, const Section& section) { return l < section.first_line; });
        for (auto it = after; it != m_sections.begin();) {
            --it;
            if (it->last_line == 0 || line <= it->last_line) {
                return it->title;
            }
        }
        return {};
    }

private:
    const std::vector<Section>& m_sections;
};

// Reads an optional string field of the table on top of the stack.
std::optional<std::string> string_field(lua_State* state, const char* key) {
    lua_getfield(state, -1, key);
    std::optional<std::string> value;
    if (lua_type(state, -1) == LUA_TSTRING) {
        size_t length = 0;
        const char* data = lua_tolstring(state, -1, &length);
        value = text::sanitize_utf8(std::string_view(data, std::min(length, k_max_item_text)));
    }
    lua_pop(state, 1);
    return value;
}

int integer_field(lua_State* state, const char* key) {
    lua_getfield(state, -1, key);
    int value = lua_isinteger(state, -1) ? static_cast<int>(lua_tointeger(state, -1)) : 0;
    lua_pop(state, 1);
    return value;
}

bool boolean_field(lua_State* state, const char* key) {
    lua_getfield(state, -1, key);
    bool value = lua_toboolean(state, -1);
    lua_pop(state, 1);
    return value;
}

// Walks result[list_name], calling `take` with each entry table on top of the stack.
// Entries that are not tables are reported, not fatal.
template <typename Take>
void for_each_entry(lua_State* state, const char* list_name, const std::string& plugin, std::vector<Phrase>& warnings,
                    Take take) {
    lua_getfield(state, -1, list_name);
    if (lua_isnil(state, -1)) {
        lua_pop(state, 1);
        return;
    }
    if (!lua_istable(state, -1)) {
        warnings.push_back(Phrase{plugin + ": '" + list_name + "' must be a list of tables",
                                  plugin + "\u00a0: «\u00a0" + list_name + "\u00a0» doit être une liste de tables"});
        lua_pop(state, 1);
        return;
    }
    lua_Integer count = static_cast<lua_Integer>(lua_rawlen(state, -1));
    for (lua_Integer i = 1; i <= count; ++i) {
        lua_rawgeti(state, -1, i);
        if (lua_istable(state, -1)) {
            take();
        } else {
            warnings.push_back(
                Phrase{plugin + ": entry " + std::to_string(i) + " of '" + list_name + "' is not a table",
                       plugin + "\u00a0: l’entrée " + std::to_string(i) + " de «\u00a0" + list_name +
                           "\u00a0» n’est pas une table"});
        }
        lua_pop(state, 1);
    }
    lua_pop(state, 1);
}

struct Collected {
    std::vector<ActionItem> actions;
    std::vector<Decision> decisions;
    std::vector<Suggestion> suggestions;
    std::vector<Resource> resources;
};

Expected<bool> take_extraction(lua_State* state, const std::string& plugin, const Meeting& meeting, Collected& out,
                               std::vector<Phrase>& warnings) {
    if (lua_isnil(state, -1)) {
        return true; // a handler that found nothing may return nothing
    }
    if (!lua_istable(state, -1)) {
        std::string type = luaL_typename(state, -1);
        return make_error("plugin_result",
                          Phrase{"extract/document must return a table, not a " + type,
                                 "extract/document doit renvoyer une table, pas une valeur de type " + type});
    }
    SectionLookup sections(meeting);
    auto source_of = [&](int line) { return Source{line, sections.title_for(line)}; };
    for_each_entry(state, "action_items", plugin, warnings, [&] {
        auto text = string_field(state, "text");
        if (!text || text::trim(*text).empty()) {
            warnings.push_back(Phrase{plugin + ": an action item without text was dropped",
                                      plugin + "\u00a0: une action sans texte a été écartée"});
            return;
        }
        ActionItem item;
        item.text = text::trim_copy(*text);
        item.owner_as_written = string_field(state, "owner").value_or("");
        item.due_text = string_field(state, "due").value_or("");
        item.rule = string_field(state, "rule").value_or("");
        item.state = boolean_field(state, "done") ? "done" : "marked";
        item.plugin = plugin;
        item.source = source_of(integer_field(state, "line"));
        out.actions.push_back(std::move(item));
    });
    for_each_entry(state, "decisions", plugin, warnings, [&] {
        auto text = string_field(state, "text");
        if (!text || text::trim(*text).empty()) {
            warnings.push_back(Phrase{plugin + ": a decision without text was dropped",
                                      plugin + "\u00a0: une décision sans texte a été écartée"});
            return;
        }
        Decision decision;
        decision.text = text::trim_copy(*text);
        decision.rule = string_field(state, "rule").value_or("");
        decision.votes = string_field(state, "votes").value_or("");
        decision.plugin = plugin;
        decision.source = source_of(integer_field(state, "line"));
        out.decisions.push_back(std::move(decision));
    });
    for_each_entry(state, "suggestions", plugin, warnings, [&] {
        auto text = string_field(state, "text");
        if (!text || text::trim(*text).empty()) {
            warnings.push_back(Phrase{plugin + ": a suggestion without text was dropped",
                                      plugin + "\u00a0: une suggestion sans texte a été écartée"});
            return;
        }
        Suggestion suggestion;
        suggestion.kind = string_field(state, "kind").value_or("action");
        if (suggestion.kind != "action" && suggestion.kind != "decision") {
            warnings.push_back(Phrase{plugin + ": suggestion kind '" + suggestion.kind + "' is not action or decision",
                                      plugin + "\u00a0: le genre de suggestion «\u00a0" + suggestion.kind +
                                          "\u00a0» n’est ni action ni decision"});
            return;
        }
        suggestion.text = text::trim_copy(*text);
        suggestion.owner = string_field(state, "owner").value_or("");
        suggestion.speaker = string_field(state, "speaker").value_or("");
        suggestion.rule = string_field(state, "rule").value_or("");
        suggestion.plugin = plugin;
        suggestion.source = source_of(integer_field(state, "line"));
        out.suggestions.push_back(std::move(suggestion));
    });
    for_each_entry(state, "resources", plugin, warnings, [&] {
        Resource resource;
        resource.url = text::trim_copy(string_field(state, "url").value_or(""));
        resource.title = text::trim_copy(string_field(state, "title").value_or(""));
        resource.kind = string_field(state, "kind").value_or("link");
        if (resource.kind != "link" && resource.kind != "document" && resource.kind != "citation") {
            warnings.push_back(
                Phrase{plugin + ": resource kind '" + resource.kind + "' is not link, document or citation",
                       plugin + "\u00a0: le genre de ressource «\u00a0" + resource.kind +
                           "\u00a0» n’est ni link, ni document, ni citation"});
            return;
        }
        if (resource.url.empty() && resource.title.empty()) {
            warnings.push_back(Phrase{plugin + ": a resource with neither url nor title was dropped",
                                      plugin + "\u00a0: une ressource sans url ni titre a été écartée"});
            return;
        }
        // A link whose target is empty or "#" is missing its target; a document named
        // in the text or a citation simply has no link, unless the plugin says so.
        resource.missing_url = boolean_field(state, "missing_url") || resource.url == "#" ||
                               (resource.kind == "link" && resource.url.empty());
        if (resource.url == "#") {
            resource.url.clear();
        }
        resource.plugin = plugin;
        resource.mentions.push_back(source_of(integer_field(state, "line")));
        out.resources.push_back(std::move(resource));
    });
    return true;
}

std::string resource_key(const Resource& resource) {
    if (!resource.url.empty()) {
        std::string url = resource.url;
        while (url.size() > 1 && url.back() == '/') {
            url.pop_back(); // https://liberapay.com/ and https://liberapay.com are one link
        }
        return "url:" + url;
    }
    return resource.kind + ":" + text::fold_key(resource.title);
}

void merge(Collected& collected, Meeting& meeting, const NameIndex& names) {
    text::Language language = meeting.language == "fr" ? text::Language::French : text::Language::English;
    std::optional<datetime::Date> reference;
    if (!meeting.date.empty()) {
        reference = datetime::find_date(meeting.date, text::Language::English);
    }

    std::set<std::pair<std::string, int>> seen_actions;
    for (ActionItem& item : collected.actions) {
        if (!seen_actions.insert({text::fold_key(item.text), item.source.line}).second) {
            continue;
        }
        if (!item.owner_as_written.empty()) {
            std::string matched = names.match(item.owner_as_written);
            item.owner_matched = !matched.empty();
            item.owner = item.owner_matched ? matched : item.owner_as_written;
            // "@ana, @bo" → "ana, bo": a handle's '@' is how the minutes point at a person
            std::string bare;
            for (size_t i = 0; i < item.owner.size(); ++i) {
                bool word_start = i == 0 || item.owner[i - 1] == ' ' || item.owner[i - 1] == ',' ||
                                  item.owner[i - 1] == '(';
                if (item.owner[i] == '@' && word_start && i + 1 < item.owner.size()) {
                    continue;
                }
                bare += item.owner[i];
            }
            item.owner = std::move(bare);
        }
        if (!item.due_text.empty()) {
            if (auto due = datetime::resolve_due(item.due_text, reference, language)) {
                item.due = due->iso();
            }
        }
        meeting.action_items.push_back(std::move(item));
    }

    std::set<std::pair<std::string, int>> seen_decisions;
    for (Decision& decision : collected.decisions) {
        if (seen_decisions.insert({text::fold_key(decision.text), decision.source.line}).second) {
            meeting.decisions.push_back(std::move(decision));
        }
    }

    // A suggestion never repeats what an explicit marker already says on that line.
    std::set<int> marked_lines;
    for (const ActionItem& item : meeting.action_items) {
        marked_lines.insert(item.source.line);
    }
    for (const Decision& decision : meeting.decisions) {
        marked_lines.insert(decision.source.line);
    }
    std::set<std::pair<std::string, int>> seen_suggestions;
    for (Suggestion& suggestion : collected.suggestions) {
        if (marked_lines.count(suggestion.source.line)) {
            continue;
        }
        if (!seen_suggestions.insert({text::fold_key(suggestion.text), suggestion.source.line}).second) {
            continue;
        }
        if (!suggestion.owner.empty()) {
            std::string matched = names.match(suggestion.owner);
            if (!matched.empty()) {
                suggestion.owner = matched;
            }
        }
        meeting.suggestions.push_back(std::move(suggestion));
    }

    std::map<std::string, size_t> resource_index;
    // Per resource, the lines it is mentioned on: a link written on every line is
    // not compared with each of its earlier mentions (that grew with the square).
    std::vector<std::unordered_set<int>> mention_lines(meeting.resources.size());
    for (Resource& resource : collected.resources) {
        std::string key = resource_key(resource);
        auto found = resource_index.find(key);
        if (found == resource_index.end()) {
            resource_index.emplace(key, meeting.resources.size());
            std::unordered_set<int>& lines = mention_lines.emplace_back();
            for (const Source& mention : resource.mentions) {
                lines.insert(mention.line);
            }
            meeting.resources.push_back(std::move(resource));
            continue;
        }
        Resource& existing = meeting.resources[found->second];
        std::unordered_set<int>& lines = mention_lines[found->second];
        for (const Source& mention : resource.mentions) {
            if (lines.insert(mention.line).second) {
                existing.mentions.push_back(mention);
            }
        }
        if (existing.title.empty() || (existing.title == existing.url && resource.title != resource.url)) {
            existing.title = resource.title;
        }
    }
    for (Resource& resource : meeting.resources) {
        std::sort(resource.mentions.begin(), resource.mentions.end(),
                  [](const Source& a, const Source& b) { return a.line < b.line; });
    }
}

} // namespace

namespace {

scripting::DocumentView make_view(const markdown::Document& document, const Meeting& meeting, const NameIndex& names) {
    scripting::DocumentView view;
    view.document = &document;
    view.language = meeting.language;
    view.date = meeting.date;
    view.title = meeting.title;
    for (const Section& section : meeting.sections) {
        view.section_titles.push_back(section.title);
        view.section_is_chat.push_back(section.is_chat);
    }
    view.block_sections.assign(document.blocks.size(), -1);
    // Sections are ordered by first line and nest (3 holds 3.a); blocks are in line
    // order: one pass with a stack of open sections.
    std::vector<size_t> open;
    size_t next = 0;
    for (size_t i = 0; i < document.blocks.size(); ++i) {
        int line = document.blocks[i].line;
        while (next < meeting.sections.size() && meeting.sections[next].first_line <= line) {
            open.push_back(next++);
        }
        while (!open.empty() && meeting.sections[open.back()].last_line != 0 &&
               meeting.sections[open.back()].last_line < line) {
            open.pop_back();
        }
        if (!open.empty()) {
            view.block_sections[i] = static_cast<int>(open.back());
        }
    }
    for (const Participant& participant : meeting.participants) {
        view.participants.push_back({participant.name, participant.affiliation});
    }
    view.people = std::make_shared<const scripting::DocumentView::People>(scripting::index_people(view.participants));
    // Speakers open paragraphs and list items: "Olivier Després (Fonds) : Une piste…".
    view.block_speakers.resize(document.blocks.size());
    for (size_t i = 0; i < document.blocks.size(); ++i) {
        const markdown::Block& block = document.blocks[i];
        if (block.kind == markdown::BlockKind::Paragraph || block.kind == markdown::BlockKind::ListItem) {
            std::string_view first_line = std::string_view(block.text).substr(0, block.text.find('\n'));
            view.block_speakers[i] = minutes::speaker_of(first_line, names);
        }
    }
    return view;
}

} // namespace

scripting::DocumentView make_view(const markdown::Document& document, const Meeting& meeting) {
    return make_view(document, meeting, NameIndex(meeting.participants));
}

size_t extraction_memory(size_t document_bytes) {
    return std::min<size_t>(32 * 1024 * 1024 + 16 * document_bytes, 512 * 1024 * 1024);
}

std::chrono::milliseconds extraction_deadline(size_t document_bytes) {
    return std::chrono::milliseconds(1000 + 1000 * static_cast<long>(document_bytes / (1024 * 1024)));
}

void run(const markdown::Document& document, size_t document_bytes, Meeting& meeting, scripting::PluginHost& host) {
    // One index of the people for the speakers and the owners (building it folds every name).
    const std::shared_ptr<const NameIndex> shared_names = NameIndex::shared(meeting.participants);
    const NameIndex& names = *shared_names;
    scripting::DocumentView view = make_view(document, meeting, names);
    struct Outcome {
        Collected collected;
        std::vector<Phrase> warnings;
        std::optional<Error> error;
        double milliseconds = 0;
    };
    std::vector<scripting::Plugin*> extractors;
    for (auto& plugin : host.plugins()) {
        if (plugin->has_hook("extract/document")) {
            extractors.push_back(plugin.get());
        }
    }
    std::vector<Outcome> outcomes(extractors.size());
    auto extract_with = [&](size_t index) {
        scripting::Plugin* plugin = extractors[index];
        Outcome& outcome = outcomes[index];
        auto started = std::chrono::steady_clock::now();
        scripting::DocumentBinding binding(view);
        scripting::Sandbox::ScopedMemoryLimit allowance(plugin->sandbox(), extraction_memory(document_bytes));
        auto called = plugin->call_hooks(
            "extract/document", [&](lua_State* state) { return binding.push(state); },
            [&](lua_State* state) {
                return take_extraction(state, plugin->name(), meeting, outcome.collected, outcome.warnings);
            },
            extraction_deadline(document_bytes));
        if (!called) {
            outcome.error = called.error();
            outcome.collected = Collected{}; // nothing half-taken from a failing plugin
        }
        outcome.milliseconds =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    };
    // Plugins share nothing (one lua_State each, a read-only document), so on a
    // large document they run side by side; results are merged in load order, so
    // the outcome does not depend on scheduling.
    constexpr size_t k_parallel_threshold = 64 * 1024;
    if (document_bytes >= k_parallel_threshold && extractors.size() > 1) {
        std::vector<std::thread> threads;
        for (size_t i = 1; i < extractors.size(); ++i) {
            threads.emplace_back(extract_with, i);
        }
        extract_with(0);
        for (std::thread& thread : threads) {
            thread.join();
        }
    } else {
        for (size_t i = 0; i < extractors.size(); ++i) {
            extract_with(i);
        }
    }
    Collected collected;
    auto append = [](auto& to, auto& from) {
        to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
    };
    if (std::getenv("QUORUM_PROFILE")) {
        for (size_t i = 0; i < extractors.size(); ++i) {
            std::fprintf(stderr, "quorum: profile:   %-14s %8.1f ms\n", extractors[i]->name().c_str(),
                         outcomes[i].milliseconds);
        }
    }
    for (Outcome& outcome : outcomes) {
        meeting.warnings.insert(meeting.warnings.end(), outcome.warnings.begin(), outcome.warnings.end());
        if (outcome.error) {
            meeting.warnings.push_back(outcome.error->phrase());
            continue;
        }
        append(collected.actions, outcome.collected.actions);
        append(collected.decisions, outcome.collected.decisions);
        append(collected.suggestions, outcome.collected.suggestions);
        append(collected.resources, outcome.collected.resources);
    }
    merge(collected, meeting, names);
}

scripting::Value summary_payload(const Meeting& meeting) {
    using scripting::Value;
    Value::Array participants;
    for (const auto& person : meeting.participants) {
        participants.push_back(Value::Object{{"name", person.name}, {"affiliation", person.affiliation}});
    }
    Value::Array actions;
    for (const auto& action : meeting.action_items) {
        actions.push_back(Value::Object{{"text", action.text}, {"owner", action.owner}, {"due", action.due}});
    }
    Value::Array decisions;
    for (const auto& decision : meeting.decisions) {
        decisions.push_back(Value::Object{{"text", decision.text}});
    }
    Value::Array sections;
    for (const auto& [title, markdown] : meeting.extra_sections) {
        sections.push_back(Value::Object{{"title", title}, {"markdown", markdown}});
    }
    return Value::Object{{"title", meeting.title},       {"date", meeting.date},    {"language", meeting.language},
                         {"participants", participants}, {"action_items", actions}, {"decisions", decisions},
                         {"sections", sections}};
}

Expected<std::vector<std::pair<std::string, std::string>>> take_sections(const scripting::Value& result) {
    constexpr size_t k_max_sections = 8;
    constexpr size_t k_max_title = 200;
    constexpr size_t k_max_markdown = 64 * 1024;
    std::vector<std::pair<std::string, std::string>> sections;
    if (result.is_null()) {
        return sections;
    }
    const auto* list = result["sections"].array();
    if (!result.object() || (!list && !result["sections"].is_null())) {
        return make_error("plugin_result",
                          Phrase{"summary/building must return {sections = {{title =, markdown =}…}}",
                                 "summary/building doit renvoyer {sections = {{title =, markdown =}…}}"});
    }
    if (!list) {
        return sections;
    }
    if (list->size() > k_max_sections) {
        return make_error("plugin_result", Phrase{"summary/building returned more than 8 sections",
                                                  "summary/building a renvoyé plus de 8 sections"});
    }
    for (const auto& entry : *list) {
        const std::string* title = entry["title"].string();
        const std::string* markdown = entry["markdown"].string();
        if (!title || !markdown || title->empty()) {
            return make_error("plugin_result",
                              Phrase{"a summary section needs a title and a markdown string",
                                     "une section du résumé doit avoir un titre et une chaîne markdown"});
        }
        if (title->size() > k_max_title || title->find('\n') != std::string::npos) {
            return make_error("plugin_result",
                              Phrase{"a summary section title is one line of at most 200 bytes",
                                     "le titre d’une section du résumé tient sur une ligne d’au plus 200\u00a0octets"});
        }
        if (markdown->size() > k_max_markdown) {
            return make_error("plugin_result", Phrase{"a summary section is at most 64 KiB of Markdown",
                                                      "une section du résumé compte au plus 64\u00a0Kio de Markdown"});
        }
        sections.emplace_back(*title, *markdown);
    }
    return sections;
}

void build_summary(const scripting::DocumentView& view, size_t document_bytes, Meeting& meeting,
                   scripting::PluginHost& host) {
    for (auto& plugin : host.plugins()) {
        if (!plugin->has_hook("summary/building")) {
            continue;
        }
        scripting::Value payload = summary_payload(meeting);
        scripting::DocumentBinding binding(view);
        scripting::Sandbox::ScopedMemoryLimit allowance(plugin->sandbox(), extraction_memory(document_bytes));
        std::vector<std::pair<std::string, std::string>> added;
        auto called = plugin->call_hooks(
            "summary/building",
            [&](lua_State* state) {
                scripting::push_value(state, payload);
                binding.push(state);
                return 2;
            },
            [&](lua_State* state) -> Expected<bool> {
                QUORUM_TRY(value, scripting::to_value(state, -1));
                QUORUM_TRY(sections, take_sections(value));
                added.insert(added.end(), sections.begin(), sections.end());
                return true;
            },
            extraction_deadline(document_bytes));
        if (!called) {
            meeting.warnings.push_back(called.error().phrase());
            continue;
        }
        meeting.extra_sections.insert(meeting.extra_sections.end(), added.begin(), added.end());
    }
}

} // namespace quorum::extract
