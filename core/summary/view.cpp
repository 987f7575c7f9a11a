#include "summary/view.hpp"

#include "markdown/render.hpp"
#include "summary/model.hpp"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <cstdio>
#include <map>

namespace quorum::summary::view {

namespace {

namespace mu = kainjow::mustache;
using display::fill;
using display::Labels;

mu::data text(const std::string& value) {
    return value.empty() ? mu::data(false) : mu::data(value);
}

mu::data list_of(const std::vector<mu::data>& items) {
    mu::data list{mu::data::type::list};
    for (const mu::data& item : items) {
        list.push_back(item);
    }
    return list;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const std::string& part : parts) {
        if (part.empty()) {
            continue;
        }
        if (!out.empty()) {
            out += separator;
        }
        out += part;
    }
    return out;
}

// A label with a fallback, for the few places where a blank would leave a
// sentence without its subject.
std::string label_or(const Labels& labels, std::string_view path, std::string_view fallback) {
    std::string value = labels.get(path);
    return value.empty() ? std::string(fallback) : value;
}

std::string role_label(const Labels& labels, const std::string& role) {
    return label_or(labels, "roles." + role, role);
}

std::string minutes_text(double minutes, const Labels& labels) {
    return fill(label_or(labels, "format.minutes", "{n} min"), {{"n", display::format_number(minutes, labels)}});
}

std::string line_text(int line, const Labels& labels) {
    return line > 0 ? fill(labels.get("source_line"), {{"line", std::to_string(line)}}) : std::string();
}

// "ligne 12" / "lignes 12, 40": the lines where a resource is mentioned.
std::string lines_text(const std::vector<Source>& mentions, const Labels& labels) {
    std::vector<std::string> lines;
    for (const Source& mention : mentions) {
        std::string line = std::to_string(mention.line);
        if (mention.line > 0 && std::find(lines.begin(), lines.end(), line) == lines.end()) {
            lines.push_back(line);
        }
    }
    if (lines.empty()) {
        return {};
    }
    std::string pattern = labels.get(lines.size() == 1 ? "source_lines.one" : "source_lines.other");
    return fill(pattern, {{"lines", join(lines, ", ")}});
}

// The underline lambdas give plain-text headings a rule as long as the rendered
// heading ("Présences\n---------"), which a template cannot compute itself.
mu::data underline_lambda(char rule) {
    return mu::lambda2{[rule](const std::string& body, const mu::renderer& render) {
        std::string heading = render(body);
        return heading + "\n" + std::string(display::display_width(heading), rule);
    }};
}

mu::data header_view(const Meeting& meeting, const Poco::JSON::Object::Ptr& model, const Labels& labels) {
    mu::data header;
    header.set("title", text(meeting.title.empty() ? labels.get("untitled") : meeting.title));
    header.set("date_iso", text(display::parse_iso_date(meeting.date) ? meeting.date : std::string()));
    header.set("date_text", text(display::format_date(meeting.date, labels)));
    header.set("time_text", text(display::format_time_range(meeting.start, meeting.end, labels)));
    header.set("location", text(meeting.location));
    header.set("has_facts",
               !meeting.date.empty() || !meeting.start.empty() || !meeting.end.empty() || !meeting.location.empty());
    auto generator = model->getObject("generator");
    header.set("generated_text",
               text(fill(labels.get("generated_by"), {{"name", generator->getValue<std::string>("name")},
                                                      {"version", generator->getValue<std::string>("version")}})));
    return header;
}

mu::data attendance_view(const Meeting& meeting, const Poco::JSON::Object::Ptr& model, const Labels& labels) {
    std::map<AttendanceStatus, std::vector<mu::data>> by_status;
    for (const Participant& person : meeting.participants) {
        std::vector<std::string> roles;
        for (const std::string& role : person.roles) {
            roles.push_back(role_label(labels, role));
        }
        mu::data row;
        row.set("name", text(person.name));
        row.set("affiliation", text(person.affiliation));
        row.set("roles_text", text(join(roles, ", ")));
        std::vector<mu::data> role_items(roles.begin(), roles.end());
        row.set("role_labels", list_of(role_items));
        by_status[person.status].push_back(row);
    }
    mu::data attendance;
    long total = 0;
    std::vector<std::string> counts;
    for (AttendanceStatus status : {AttendanceStatus::Present, AttendanceStatus::Excused, AttendanceStatus::Absent}) {
        std::string word(status_name(status));
        const auto& people = by_status[status];
        attendance.set(word, list_of(people));
        attendance.set("has_" + word, !people.empty());
        attendance.set(word + "_count", std::to_string(people.size()));
        attendance.set(word + "_heading",
                       fill(labels.get("attendance_" + word), {{"n", std::to_string(people.size())}}));
        total += static_cast<long>(people.size());
        counts.push_back(display::format_count(word, static_cast<long>(people.size()), labels));
    }
    attendance.set("count_text", join(counts, " \u00b7 "));

    // "Animation : Marie Tremblay" — who held each role, from the model's roles map.
    std::vector<mu::data> role_lines;
    auto roles = model->getObject("roles");
    std::vector<std::string> order(std::begin(model::k_known_roles), std::end(model::k_known_roles));
    for (const Participant& person : meeting.participants) {
        for (const std::string& role : person.roles) {
            if (std::find(order.begin(), order.end(), role) == order.end()) {
                order.push_back(role);
            }
        }
    }
    for (const std::string& role : order) {
        auto holders = roles->getArray(role);
        if (!holders || holders->size() == 0) {
            continue;
        }
        std::vector<std::string> names;
        for (unsigned i = 0; i < holders->size(); ++i) {
            names.push_back(holders->getElement<std::string>(i));
        }
        // role_titles: the role as a heading ("Animation"), roles: beside a name.
        std::string title = label_or(labels, "role_titles." + role, role_label(labels, role));
        mu::data line;
        line.set("role", title);
        line.set("names", join(names, ", "));
        line.set("text", fill(label_or(labels, "format.pair", "{label}: {value}"),
                              {{"label", title}, {"value", join(names, ", ")}}));
        role_lines.push_back(line);
    }
    attendance.set("role_lines", list_of(role_lines));
    attendance.set("has_role_lines", !role_lines.empty());
    attendance.set("has_participants", total > 0);

    // Speaking time, when the meeting ran live: who spoke how long, longest first,
    // then the present who did not speak.
    std::vector<const Participant*> spoke;
    std::vector<std::string> silent;
    bool measured = false;
    for (const Participant& person : meeting.participants) {
        if (person.speaking_seconds) {
            measured = true;
            if (*person.speaking_seconds > 0) {
                spoke.push_back(&person);
            } else if (person.status == AttendanceStatus::Present) {
                silent.push_back(person.name);
            }
        }
    }
    std::stable_sort(spoke.begin(), spoke.end(), [](const Participant* a, const Participant* b) {
        return *a->speaking_seconds > *b->speaking_seconds;
    });
    std::vector<mu::data> speaking;
    for (const Participant* person : spoke) {
        int seconds = *person->speaking_seconds;
        std::string length = seconds >= 60 ? std::to_string(seconds / 60) + " min" +
                                                 (seconds % 60 ? " " + std::to_string(seconds % 60) + " s" : "")
                                           : std::to_string(seconds) + " s";
        mu::data row;
        row.set("name", text(person->name));
        row.set("length", length);
        speaking.push_back(row);
    }
    attendance.set("speaking", list_of(speaking));
    attendance.set("has_speaking", measured);
    attendance.set("speaking_heading", labels.get("speaking_heading"));
    attendance.set("not_spoken",
                   silent.empty() ? std::string() : fill(labels.get("not_spoken"), {{"names", join(silent, ", ")}}));
    attendance.set("has_not_spoken", !silent.empty());
    return attendance;
}

void add_agenda_rows(const AgendaItem& item, int depth, const Labels& labels, std::vector<mu::data>& rows) {
    mu::data row;
    row.set("number", text(item.number));
    row.set("title", text(item.title));
    row.set("type", text(item.type));
    row.set("description", text(item.description));
    row.set("duration_text", text(item.duration_seconds ? minutes_text(*item.duration_seconds / 60.0, labels) : ""));
    row.set("depth", std::to_string(depth));
    row.set("is_child", depth > 0);
    // Two spaces per level: a nested list item in Markdown, an indent in text.
    row.set("indent", text(std::string(static_cast<size_t>(depth) * 2, ' ')));
    rows.push_back(row);
    for (const AgendaItem& child : item.children) {
        add_agenda_rows(child, depth + 1, labels, rows);
    }
}

void add_agenda(mu::data& data, const Meeting& meeting, const Labels& labels) {
    std::vector<mu::data> rows;
    for (const AgendaItem& item : meeting.agenda) {
        add_agenda_rows(item, 0, labels, rows);
    }
    data.set("agenda_rows", list_of(rows));
    data.set("has_agenda", !rows.empty());

    model::AgendaTotal total = model::agenda_total(meeting);
    auto scheduled = display::span_minutes(meeting.start, meeting.end);
    mu::data summary;
    summary.set("total_text", false);
    summary.set("balance_text", false);
    summary.set("balance_class", false);
    summary.set("untimed_text", false);
    if (total.seconds) {
        std::string total_minutes = display::format_number(*total.seconds / 60.0, labels);
        if (scheduled) {
            summary.set("total_text", fill(labels.get("agenda_total_scheduled"),
                                           {{"total", total_minutes}, {"scheduled", std::to_string(*scheduled)}}));
            double difference = *total.seconds / 60.0 - *scheduled;
            std::string amount = display::format_number(difference < 0 ? -difference : difference, labels);
            const char* balance = difference > 0 ? "over" : difference < 0 ? "under" : "even";
            summary.set("balance_text",
                        text(fill(labels.get(std::string("agenda_") + balance), {{"minutes", amount}})));
            summary.set("balance_class", balance);
        } else {
            summary.set("total_text", fill(labels.get("agenda_total"), {{"total", total_minutes}}));
        }
        if (total.untimed > 0) {
            summary.set("untimed_text", display::format_count("untimed", total.untimed, labels));
        }
    }
    data.set("agenda_summary", summary);
    data.set("has_agenda_total", total.seconds.has_value());
}

void add_decisions(mu::data& data, const Meeting& meeting, const Labels& labels) {
    std::vector<mu::data> rows;
    for (const Decision& decision : meeting.decisions) {
        mu::data row;
        row.set("text", text(decision.text));
        row.set("votes", text(decision.votes));
        row.set("source_text", text(line_text(decision.source.line, labels)));
        row.set("section", text(decision.source.section));
        row.set("is_suggested", decision.state == "suggested");
        rows.push_back(row);
    }
    data.set("decision_rows", list_of(rows));
    data.set("has_decisions", !rows.empty());
}

// MeetBot's layout: one group per person, in the order of the attendance list, then
// owners the list does not know in order of first mention, then "Unassigned".
void add_action_groups(mu::data& data, const Meeting& meeting, const Labels& labels) {
    struct Group {
        std::string owner;
        bool matched = false;
        std::vector<mu::data> items;
    };
    std::vector<Group> groups;
    std::map<std::string, size_t> index_of;
    for (const Participant& person : meeting.participants) {
        std::string key = model::simple_key(person.name);
        if (!key.empty() && !index_of.contains(key)) {
            index_of[key] = groups.size();
            groups.push_back({person.name, true, {}});
        }
    }
    Group unassigned;
    for (const ActionItem& item : meeting.action_items) {
        mu::data row;
        row.set("text", text(item.text));
        std::string due = !item.due.empty() ? display::format_date(item.due, labels) : item.due_text;
        row.set("due_text", text(due));
        row.set("due_iso", text(display::parse_iso_date(item.due) ? item.due : std::string()));
        row.set("source_text", text(line_text(item.source.line, labels)));
        row.set("section", text(item.source.section));
        row.set("is_suggested", item.state == "suggested");
        std::string key = model::simple_key(item.owner);
        if (key.empty()) {
            unassigned.items.push_back(row);
            continue;
        }
        auto found = index_of.find(key);
        if (found == index_of.end()) {
            found = index_of.emplace(key, groups.size()).first;
            groups.push_back({item.owner, false, {}});
        }
        groups[found->second].items.push_back(row);
    }
    std::vector<mu::data> out;
    auto emit = [&](const Group& group, bool is_unassigned) {
        mu::data entry;
        entry.set("owner", text(group.owner));
        entry.set("is_unassigned", is_unassigned);
        entry.set("owner_unlisted", !is_unassigned && !group.matched);
        entry.set("items", list_of(group.items));
        entry.set("count_text", display::format_count("action_items", static_cast<long>(group.items.size()), labels));
        out.push_back(entry);
    };
    for (const Group& group : groups) {
        if (!group.items.empty()) {
            emit(group, false);
        }
    }
    if (!unassigned.items.empty()) {
        unassigned.owner = labels.get("unassigned");
        emit(unassigned, true);
    }
    data.set("action_groups", list_of(out));
    data.set("has_action_items", !meeting.action_items.empty());
}

void add_suggestions(mu::data& data, const Meeting& meeting, const Labels& labels) {
    std::vector<mu::data> rows;
    for (const Suggestion& suggestion : meeting.suggestions) {
        mu::data row;
        row.set("kind_label", text(label_or(labels, "suggestion_kinds." + suggestion.kind, suggestion.kind)));
        row.set("text", text(suggestion.text));
        row.set("owner", text(suggestion.owner));
        row.set("rule", text(suggestion.rule));
        std::string rule_text =
            suggestion.rule.empty() ? "" : fill(labels.get("rule_fired"), {{"rule", suggestion.rule}});
        std::string source_text = line_text(suggestion.source.line, labels);
        row.set("rule_text", text(rule_text));
        row.set("source_text", text(source_text));
        // Who said it, unless the owner already names them.
        std::string speaker_text = suggestion.speaker.empty() || suggestion.speaker == suggestion.owner
                                       ? ""
                                       : fill(labels.get("said_by"), {{"name", suggestion.speaker}});
        row.set("speaker", text(suggestion.speaker));
        row.set("details_text", text(join({speaker_text, rule_text, source_text}, ", ")));
        row.set("section", text(suggestion.source.section));
        rows.push_back(row);
    }
    data.set("suggestion_rows", list_of(rows));
    data.set("has_suggestions", !rows.empty());
}

void add_resources(mu::data& data, const Meeting& meeting, const Labels& labels) {
    std::vector<std::string> kinds = {"link", "document", "citation"};
    for (const Resource& resource : meeting.resources) {
        if (std::find(kinds.begin(), kinds.end(), resource.kind) == kinds.end()) {
            kinds.push_back(resource.kind);
        }
    }
    std::vector<mu::data> groups;
    for (const std::string& kind : kinds) {
        std::vector<mu::data> items;
        for (const Resource& resource : meeting.resources) {
            if (resource.kind != kind) {
                continue;
            }
            bool linkable = display::is_linkable_url(resource.url);
            std::string title = !resource.title.empty() ? resource.title : resource.url;
            mu::data item;
            item.set("title", text(title.empty() ? labels.get("untitled_resource") : title));
            item.set("url", text(resource.url));
            item.set("is_link", linkable);
            item.set("url_md", text(linkable ? display::markdown_destination(resource.url) : ""));
            // The URL is shown beside the title when it says something the title does not.
            item.set("show_url", !resource.url.empty() && resource.url != title);
            item.set("url_as_text", !resource.url.empty() && !linkable);
            item.set("missing", resource.missing_url);
            item.set("mentions_text", text(lines_text(resource.mentions, labels)));
            items.push_back(item);
        }
        if (items.empty()) {
            continue;
        }
        mu::data group;
        group.set("kind", kind);
        group.set("kind_label", label_or(labels, "resource_kinds." + kind, kind));
        group.set("items", list_of(items));
        groups.push_back(group);
    }
    data.set("resource_groups", list_of(groups));
    data.set("has_resources", !meeting.resources.empty());
}

void add_digest(mu::data& data, const Meeting& meeting, const Poco::JSON::Object::Ptr& model, const Labels& labels) {
    auto sections = model->getArray("sections");
    std::vector<mu::data> rows;
    for (unsigned i = 0; i < sections->size() && i < meeting.sections.size(); ++i) {
        const Section& section = meeting.sections[i];
        if (section.is_chat) {
            continue;
        }
        auto counted = sections->getObject(i);
        std::vector<std::string> counts;
        for (const char* what : {"decisions", "action_items", "suggestions", "resources"}) {
            int n = counted->getValue<int>(what);
            if (n > 0) {
                counts.push_back(display::format_count(what, n, labels));
            }
        }
        mu::data row;
        std::string title = section.title;
        if (!section.sub_item_number.empty() && title.size() > 3 && (title[1] == '.' || title[1] == ')') &&
            title[2] == ' ') {
            title.erase(0, 3); // "3.a · Veille collaborative", not "3.a · a. Veille collaborative"
        }
        row.set("title", text(title.empty() ? labels.get("untitled_section") : title));
        row.set("agenda_number", text(counted->getValue<std::string>("agenda_number")));
        std::string lines;
        if (section.first_line > 0 && section.last_line > section.first_line) {
            lines = fill(labels.get("line_range"),
                         {{"first", std::to_string(section.first_line)}, {"last", std::to_string(section.last_line)}});
        } else if (section.first_line > 0) {
            lines = line_text(section.first_line, labels);
        }
        row.set("lines_text", text(lines));
        row.set("speakers_text", text(join(section.speakers, ", ")));
        row.set("excerpt", text(section.excerpt));
        row.set("counts_text", text(join(counts, " \u00b7 ")));
        rows.push_back(row);
    }
    data.set("digest", list_of(rows));
    data.set("has_digest", !rows.empty());
}

void add_extras(mu::data& data, const Meeting& meeting) {
    std::vector<mu::data> rows;
    for (const auto& [title, body] : meeting.extra_sections) {
        mu::data row;
        row.set("title", text(title));
        row.set("markdown", text(body));
        // Safe mode: raw HTML and javascript: links in a plugin's Markdown are dropped.
        row.set("html", text(markdown::render_html(body)));
        rows.push_back(row);
    }
    data.set("extras", list_of(rows));
    data.set("has_extras", !rows.empty());
}

} // namespace

mu::data from_json(const Poco::Dynamic::Var& value) {
    if (value.isEmpty()) {
        return mu::data(false);
    }
    if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
        auto object = value.extract<Poco::JSON::Object::Ptr>();
        mu::data out;
        if (object) {
            for (const auto& [key, member] : *object) {
                out.set(key, from_json(member));
            }
        }
        return out;
    }
    if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
        auto array = value.extract<Poco::JSON::Array::Ptr>();
        mu::data out{mu::data::type::list};
        if (array) {
            for (const auto& element : *array) {
                out.push_back(from_json(element));
            }
        }
        return out;
    }
    if (value.isBoolean()) {
        return mu::data(value.extract<bool>());
    }
    if (value.isString()) {
        return text(value.convert<std::string>());
    }
    if (value.isInteger()) {
        return mu::data(std::to_string(value.convert<Poco::Int64>()));
    }
    if (value.isNumeric()) {
        // Minutes carry at most two decimals (see summary.cpp); no exponent, no
        // trailing zeros.
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.2f", value.convert<double>());
        std::string number = buffer;
        while (number.back() == '0') {
            number.pop_back();
        }
        if (number.back() == '.') {
            number.pop_back();
        }
        return mu::data(number);
    }
    return text(value.convert<std::string>());
}

mu::data build(const Meeting& meeting, const Poco::JSON::Object::Ptr& model, const Labels& labels,
               std::string_view language) {
    mu::data data = from_json(model);
    data.set("labels", from_json(labels.root()));
    data.set("lang", std::string(language));
    data.set("header", header_view(meeting, model, labels));
    data.set("attendance", attendance_view(meeting, model, labels));
    add_agenda(data, meeting, labels);
    add_decisions(data, meeting, labels);
    add_action_groups(data, meeting, labels);
    add_suggestions(data, meeting, labels);
    add_resources(data, meeting, labels);
    add_digest(data, meeting, model, labels);
    add_extras(data, meeting);
    data.set("has_chat", !meeting.chat.empty());
    data.set("has_warnings", !meeting.warnings.empty());
    std::vector<mu::data> warnings; // in the summary's language
    for (const Phrase& warning : meeting.warnings) {
        warnings.emplace_back(language == "fr" ? warning.fr : warning.en);
    }
    data.set("warnings", list_of(warnings));
    data.set("underline", underline_lambda('-'));
    data.set("underline_double", underline_lambda('='));
    return data;
}

} // namespace quorum::summary::view
