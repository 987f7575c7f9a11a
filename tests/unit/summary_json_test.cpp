#include "summary/summary.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace quorum;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

Participant person(std::string name, std::string affiliation, std::vector<std::string> roles,
                   AttendanceStatus status = AttendanceStatus::Present) {
    Participant p;
    p.name = std::move(name);
    p.affiliation = std::move(affiliation);
    p.roles = std::move(roles);
    p.status = status;
    return p;
}

AgendaItem agenda_item(std::string number, std::string title, std::string type, std::optional<int> seconds) {
    AgendaItem item;
    item.number = std::move(number);
    item.title = std::move(title);
    item.type = std::move(type);
    item.duration_seconds = seconds;
    return item;
}

Source at(int line, std::string section) {
    return Source{line, std::move(section)};
}

// A French meeting with a bit of everything: 130 min planned for a 120 min slot.
Meeting french_meeting() {
    Meeting m;
    m.title = "Comité de coordination";
    m.date = "2021-03-10";
    m.start = "09:30";
    m.end = "11:30";
    m.location = "Salle 204, Montréal";
    m.language = "fr";
    m.participants = {
        person("Marie Tremblay", "Collectif Rive-Sud", {"facilitator"}),
        person("Paul Gagnon", "Ville de Québec", {"note-taker", "greeter"}),
        person("Émilie Roy", "", {}, AttendanceStatus::Excused),
        person("Jean Côté", "", {}, AttendanceStatus::Absent),
    };
    AgendaItem budget = agenda_item("2", "Budget", "Décision", std::nullopt);
    budget.children = {agenda_item("2.a", "Revenus", "Information", 20 * 60),
                       agenda_item("2.b", "Dépenses", "Discussion", 25 * 60)};
    AgendaItem varia = agenda_item("3", "Varia", "Discussion", 80 * 60);
    varia.description = "Tour de table";
    m.agenda = {agenda_item("1", "Accueil", "Information", 5 * 60), budget, varia};

    Section welcome;
    welcome.title = "Accueil";
    welcome.agenda_index = 0;
    welcome.first_line = 10;
    welcome.last_line = 19;
    welcome.speakers = {"Marie Tremblay"};
    welcome.excerpt = "Marie ouvre la séance.";
    Section budget_section;
    budget_section.title = "Budget";
    budget_section.agenda_index = 1;
    budget_section.first_line = 20;
    budget_section.last_line = 49;
    budget_section.speakers = {"Paul Gagnon", "Marie Tremblay"};
    budget_section.excerpt = "Le budget est présenté.";
    Section chat;
    chat.title = "Clavardage";
    chat.first_line = 50;
    chat.last_line = 55;
    chat.is_chat = true;
    m.sections = {welcome, budget_section, chat};

    ActionItem send;
    send.text = "Envoyer le budget révisé";
    send.owner = "Paul Gagnon";
    send.owner_as_written = "Paul";
    send.owner_matched = true;
    send.due = "2021-03-17";
    send.due_text = "mercredi prochain";
    send.rule = "marker";
    send.plugin = "actions";
    send.source = at(25, "Budget");
    ActionItem room;
    room.text = "Réserver la salle";
    room.owner = "Marie Tremblay";
    room.owner_matched = true;
    room.source = at(12, "Accueil");
    ActionItem wiki;
    wiki.text = "Mettre à jour le wiki";
    wiki.source = at(40, "Budget");
    m.action_items = {send, room, wiki};

    Decision adopted;
    adopted.text = "Le budget 2021 est adopté.";
    adopted.votes = "Pour : 7, contre : 1, abstention : 2";
    adopted.rule = "marker";
    adopted.source = at(35, "Budget");
    m.decisions = {adopted};

    Suggestion maybe;
    maybe.kind = "action";
    maybe.text = "Il faudrait revoir la politique";
    maybe.owner = "Marie Tremblay";
    maybe.rule = "il-faudrait";
    maybe.source = at(42, "Budget");
    m.suggestions = {maybe};

    Resource link;
    link.url = "https://exemple.org/budget";
    link.title = "Budget 2021";
    link.kind = "link";
    link.mentions = {at(22, "Budget"), at(33, "Budget")};
    Resource minutes;
    minutes.title = "Procès-verbal précédent";
    minutes.kind = "document";
    minutes.missing_url = true;
    minutes.mentions = {at(15, "Accueil")};
    m.resources = {link, minutes};

    m.chat = {"Marie : bonjour!"};
    m.warnings = {Phrase{"Line 51: unknown marker", "Ligne 51 : marqueur inconnu"}};
    m.extra_sections = {{"Sondage", "| Option | Votes |\n|---|---|\n| A | 3 |\n"}};
    return m;
}

Object::Ptr object_at(const Array::Ptr& array, unsigned index) {
    return array->getObject(index);
}

std::vector<std::string> names_of(const Array::Ptr& array) {
    std::vector<std::string> out;
    for (unsigned i = 0; i < array->size(); ++i) {
        out.push_back(array->getElement<std::string>(i));
    }
    return out;
}

void require_keys(const Object::Ptr& object, const std::vector<std::string>& keys) {
    for (const std::string& key : keys) {
        BOOST_TEST_CONTEXT("key " << key) {
            BOOST_TEST(object->has(key));
        }
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(summary_json_test)

BOOST_AUTO_TEST_CASE(contract_field_names_are_present) {
    Object::Ptr json = summary::to_json(french_meeting());
    require_keys(json, {"meeting", "participants", "roles", "agenda", "agenda_total_minutes",
                        "agenda_difference_minutes", "action_items", "decisions", "suggestions", "resources",
                        "sections", "chat", "warnings", "extra_sections", "generator"});
    require_keys(json->getObject("meeting"),
                 {"title", "date", "start", "end", "location", "language", "scheduled_minutes"});
    require_keys(object_at(json->getArray("participants"), 0), {"name", "affiliation", "roles", "status"});
    require_keys(object_at(json->getArray("agenda"), 0),
                 {"number", "title", "type", "description", "duration_minutes", "children"});
    require_keys(object_at(json->getArray("action_items"), 0),
                 {"text", "owner", "owner_matched", "due", "due_text", "state", "rule", "source"});
    require_keys(object_at(json->getArray("action_items"), 0)->getObject("source"), {"line", "section"});
    require_keys(object_at(json->getArray("decisions"), 0), {"text", "state", "votes", "source"});
    require_keys(object_at(json->getArray("suggestions"), 0), {"kind", "text", "owner", "rule", "state", "source"});
    require_keys(object_at(json->getArray("resources"), 0), {"url", "title", "kind", "missing_url", "mentions"});
    require_keys(object_at(object_at(json->getArray("resources"), 0)->getArray("mentions"), 0), {"line", "section"});
    require_keys(object_at(json->getArray("sections"), 0),
                 {"title", "agenda_number", "first_line", "last_line", "speakers", "excerpt", "action_items",
                  "decisions", "resources"});
    require_keys(object_at(json->getArray("extra_sections"), 0), {"title", "markdown"});
    Object::Ptr generator = json->getObject("generator");
    BOOST_TEST(generator->getValue<std::string>("name") == "quorum");
    BOOST_TEST(!generator->getValue<std::string>("version").empty());
}

BOOST_AUTO_TEST_CASE(meeting_and_participants_carry_their_values) {
    Object::Ptr json = summary::to_json(french_meeting());
    Object::Ptr meeting = json->getObject("meeting");
    BOOST_TEST(meeting->getValue<std::string>("title") == "Comité de coordination");
    BOOST_TEST(meeting->getValue<std::string>("date") == "2021-03-10");
    BOOST_TEST(meeting->getValue<std::string>("language") == "fr");
    BOOST_TEST(meeting->getValue<int>("scheduled_minutes") == 120);

    Array::Ptr participants = json->getArray("participants");
    BOOST_TEST(participants->size() == 4u);
    BOOST_TEST(object_at(participants, 1)->getValue<std::string>("affiliation") == "Ville de Québec");
    BOOST_TEST(names_of(object_at(participants, 1)->getArray("roles")) ==
               (std::vector<std::string>{"note-taker", "greeter"}));
    BOOST_TEST(object_at(participants, 2)->getValue<std::string>("status") == "excused");
    BOOST_TEST(object_at(participants, 3)->getValue<std::string>("status") == "absent");

    Object::Ptr counts = json->getObject("counts");
    BOOST_TEST(counts->getValue<int>("present") == 2);
    BOOST_TEST(counts->getValue<int>("excused") == 1);
    BOOST_TEST(counts->getValue<int>("absent") == 1);
    BOOST_TEST(counts->getValue<int>("missing_urls") == 1);
}

BOOST_AUTO_TEST_CASE(roles_map_lists_known_roles_always_then_the_others) {
    Object::Ptr roles = summary::to_json(french_meeting())->getObject("roles");
    BOOST_TEST(names_of(roles->getArray("facilitator")) == std::vector<std::string>{"Marie Tremblay"});
    BOOST_TEST(names_of(roles->getArray("note-taker")) == std::vector<std::string>{"Paul Gagnon"});
    BOOST_TEST(roles->getArray("timekeeper")->size() == 0u); // known role, nobody: still there
    BOOST_TEST(names_of(roles->getArray("greeter")) == std::vector<std::string>{"Paul Gagnon"});

    std::string text = summary::to_json_text(french_meeting());
    size_t map = text.find("\"roles\": {");
    BOOST_TEST_REQUIRE(map != std::string::npos);
    BOOST_TEST(text.find("\"facilitator\"", map) < text.find("\"scribe\"", map));
    BOOST_TEST(text.find("\"scribe\"", map) < text.find("\"greeter\"", map));
}

BOOST_AUTO_TEST_CASE(agenda_numbers_children_durations_and_total_against_the_schedule) {
    Object::Ptr json = summary::to_json(french_meeting());
    Array::Ptr agenda = json->getArray("agenda");
    BOOST_TEST(agenda->size() == 3u);
    Object::Ptr welcome = object_at(agenda, 0);
    BOOST_TEST(welcome->getValue<std::string>("number") == "1");
    BOOST_TEST(welcome->getValue<int>("duration_minutes") == 5);
    BOOST_TEST(welcome->getValue<int>("duration_seconds") == 300);

    Object::Ptr budget = object_at(agenda, 1);
    BOOST_TEST(budget->isNull("duration_minutes")); // not written: null, the children carry it
    Array::Ptr children = budget->getArray("children");
    BOOST_TEST(children->size() == 2u);
    BOOST_TEST(object_at(children, 0)->getValue<std::string>("number") == "2.a");
    BOOST_TEST(object_at(children, 1)->getValue<int>("duration_minutes") == 25);
    BOOST_TEST(object_at(agenda, 2)->getValue<std::string>("description") == "Tour de table");

    // 5 + (20 + 25) + 80 = 130 planned for 09:30–11:30 = 120.
    BOOST_TEST(json->getValue<int>("agenda_total_minutes") == 130);
    BOOST_TEST(json->getValue<int>("agenda_difference_minutes") == 10);
    BOOST_TEST(json->getValue<int>("agenda_untimed_items") == 0);
}

BOOST_AUTO_TEST_CASE(fractional_durations_are_minutes_with_two_decimals) {
    Meeting m;
    m.agenda = {agenda_item("1", "Éclair", "", 90), agenda_item("2", "Autre", "", 100)};
    Object::Ptr json = summary::to_json(m);
    Array::Ptr agenda = json->getArray("agenda");
    BOOST_TEST(object_at(agenda, 0)->getValue<double>("duration_minutes") == 1.5);
    BOOST_TEST(object_at(agenda, 0)->getValue<int>("duration_seconds") == 90);
    BOOST_TEST(object_at(agenda, 1)->getValue<double>("duration_minutes") == 1.67);
    BOOST_TEST(json->getValue<double>("agenda_total_minutes") == 3.17); // 190 s
    std::string text = summary::to_json_text(m);
    BOOST_TEST(text.find("\"duration_minutes\": 1.5,") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_values_are_empty_strings_and_unknown_numbers_null) {
    Meeting m; // nothing known at all
    Object::Ptr json = summary::to_json(m);
    Object::Ptr meeting = json->getObject("meeting");
    BOOST_TEST(meeting->getValue<std::string>("title") == "");
    BOOST_TEST(meeting->getValue<std::string>("date") == "");
    BOOST_TEST(meeting->isNull("scheduled_minutes"));
    BOOST_TEST(json->isNull("agenda_total_minutes"));
    BOOST_TEST(json->isNull("agenda_difference_minutes"));
    BOOST_TEST(json->getArray("participants")->size() == 0u);
    BOOST_TEST(json->getArray("action_items")->size() == 0u);

    // A total without a schedule: the total is known, the difference is not.
    m.agenda = {agenda_item("1", "Seul point", "", 600)};
    json = summary::to_json(m);
    BOOST_TEST(json->getValue<int>("agenda_total_minutes") == 10);
    BOOST_TEST(json->isNull("agenda_difference_minutes"));
}

BOOST_AUTO_TEST_CASE(scheduled_minutes_cross_midnight_and_ignore_garbage) {
    Meeting m;
    m.start = "22:00";
    m.end = "01:00";
    BOOST_TEST(summary::to_json(m)->getObject("meeting")->getValue<int>("scheduled_minutes") == 180);
    m.start = "9 h 30";
    m.end = "11h";
    BOOST_TEST(summary::to_json(m)->getObject("meeting")->getValue<int>("scheduled_minutes") == 90);
    m.start = "morning";
    BOOST_TEST(summary::to_json(m)->getObject("meeting")->isNull("scheduled_minutes"));
}

BOOST_AUTO_TEST_CASE(action_items_keep_owner_match_due_text_rule_and_source) {
    Array::Ptr items = summary::to_json(french_meeting())->getArray("action_items");
    BOOST_TEST(items->size() == 3u);
    Object::Ptr send = object_at(items, 0);
    BOOST_TEST(send->getValue<std::string>("owner") == "Paul Gagnon");
    BOOST_TEST(send->getValue<std::string>("owner_as_written") == "Paul");
    BOOST_TEST(send->getValue<bool>("owner_matched") == true);
    BOOST_TEST(send->getValue<std::string>("due") == "2021-03-17");
    BOOST_TEST(send->getValue<std::string>("due_text") == "mercredi prochain");
    BOOST_TEST(send->getValue<std::string>("rule") == "marker");
    BOOST_TEST(send->getValue<std::string>("state") == "marked");
    BOOST_TEST(send->getObject("source")->getValue<int>("line") == 25);
    BOOST_TEST(send->getObject("source")->getValue<std::string>("section") == "Budget");
    Object::Ptr wiki = object_at(items, 2);
    BOOST_TEST(wiki->getValue<std::string>("owner") == "");
    BOOST_TEST(wiki->getValue<bool>("owner_matched") == false);
}

BOOST_AUTO_TEST_CASE(decisions_suggestions_and_resources) {
    Object::Ptr json = summary::to_json(french_meeting());
    Object::Ptr decision = object_at(json->getArray("decisions"), 0);
    BOOST_TEST(decision->getValue<std::string>("votes") == "Pour : 7, contre : 1, abstention : 2");
    BOOST_TEST(decision->getObject("source")->getValue<int>("line") == 35);

    Object::Ptr suggestion = object_at(json->getArray("suggestions"), 0);
    BOOST_TEST(suggestion->getValue<std::string>("kind") == "action");
    BOOST_TEST(suggestion->getValue<std::string>("state") == "suggested");
    BOOST_TEST(suggestion->getValue<std::string>("rule") == "il-faudrait");

    Array::Ptr resources = json->getArray("resources");
    BOOST_TEST(object_at(resources, 0)->getValue<std::string>("url") == "https://exemple.org/budget");
    BOOST_TEST(object_at(resources, 0)->getArray("mentions")->size() == 2u);
    BOOST_TEST(object_at(resources, 1)->getValue<bool>("missing_url") == true);
    BOOST_TEST(object_at(resources, 1)->getValue<std::string>("url") == "");
}

BOOST_AUTO_TEST_CASE(sections_carry_the_digest_counts) {
    Array::Ptr sections = summary::to_json(french_meeting())->getArray("sections");
    BOOST_TEST(sections->size() == 3u);
    Object::Ptr welcome = object_at(sections, 0);
    BOOST_TEST(welcome->getValue<std::string>("agenda_number") == "1");
    BOOST_TEST(welcome->getValue<int>("action_items") == 1); // line 12
    BOOST_TEST(welcome->getValue<int>("decisions") == 0);
    BOOST_TEST(welcome->getValue<int>("resources") == 1); // the missing minutes, line 15

    Object::Ptr budget = object_at(sections, 1);
    BOOST_TEST(budget->getValue<std::string>("agenda_number") == "2");
    BOOST_TEST(budget->getValue<int>("first_line") == 20);
    BOOST_TEST(budget->getValue<int>("last_line") == 49);
    BOOST_TEST(names_of(budget->getArray("speakers")) == (std::vector<std::string>{"Paul Gagnon", "Marie Tremblay"}));
    BOOST_TEST(budget->getValue<std::string>("excerpt") == "Le budget est présenté.");
    BOOST_TEST(budget->getValue<int>("action_items") == 2); // lines 25 and 40
    BOOST_TEST(budget->getValue<int>("decisions") == 1);
    BOOST_TEST(budget->getValue<int>("resources") == 1); // mentioned twice, counted once
    BOOST_TEST(budget->getValue<int>("suggestions") == 1);

    Object::Ptr chat = object_at(sections, 2);
    BOOST_TEST(chat->getValue<bool>("is_chat") == true);
    BOOST_TEST(chat->getValue<std::string>("agenda_number") == "");
    BOOST_TEST(chat->isNull("agenda_index"));
}

BOOST_AUTO_TEST_CASE(sections_without_lines_count_by_section_title) {
    Meeting m;
    Section s;
    s.title = "Budget";
    m.sections = {s};
    Decision d;
    d.text = "Adopté";
    d.source = at(0, "Budget");
    Decision elsewhere;
    elsewhere.text = "Ailleurs";
    elsewhere.source = at(0, "Varia");
    m.decisions = {d, elsewhere};
    Object::Ptr section = object_at(summary::to_json(m)->getArray("sections"), 0);
    BOOST_TEST(section->getValue<int>("decisions") == 1);
}

BOOST_AUTO_TEST_CASE(pretty_printed_with_stable_key_order_and_valid_json) {
    Meeting m = french_meeting();
    std::string text = summary::to_json_text(m);
    BOOST_TEST(text == summary::to_json_text(m)); // deterministic
    BOOST_TEST(text.ends_with("}\n"));
    BOOST_TEST(text.find("\n  \"meeting\": {") != std::string::npos); // two-space indent
    // Insertion order, not alphabetical: meeting before participants before agenda.
    BOOST_TEST(text.find("\"meeting\"") < text.find("\"participants\""));
    BOOST_TEST(text.find("\"participants\"") < text.find("\"agenda\""));
    BOOST_TEST(text.find("\"title\"") < text.find("\"date\""));
    BOOST_TEST(text.find("\"generator\"") > text.find("\"extra_sections\""));
    // Empty lists print tight.
    BOOST_TEST(text.find("\"timekeeper\": []") != std::string::npos);
    BOOST_TEST(text.find("[\n") != std::string::npos);

    Poco::JSON::Parser parser;
    Poco::Dynamic::Var reparsed = parser.parse(text);
    Object::Ptr again = reparsed.extract<Object::Ptr>();
    BOOST_TEST(again->getObject("meeting")->getValue<std::string>("location") == "Salle 204, Montréal");
    BOOST_TEST(again->getArray("chat")->getElement<std::string>(0) == "Marie : bonjour!");
}

BOOST_AUTO_TEST_CASE(render_json_is_the_model_pretty_printed) {
    Meeting m = french_meeting();
    summary::RenderOptions options;
    options.format = summary::Format::Json;
    options.templates_dir = "/nonexistent"; // JSON needs no template
    auto rendered = summary::render(m, options);
    BOOST_TEST_REQUIRE(rendered.has_value());
    BOOST_TEST(*rendered == summary::to_json_text(m));
}

BOOST_AUTO_TEST_CASE(parse_format_accepts_the_documented_names) {
    BOOST_TEST((*summary::parse_format("md") == summary::Format::Markdown));
    BOOST_TEST((*summary::parse_format("markdown") == summary::Format::Markdown));
    BOOST_TEST((*summary::parse_format("HTML") == summary::Format::Html));
    BOOST_TEST((*summary::parse_format("json") == summary::Format::Json));
    BOOST_TEST((*summary::parse_format("txt") == summary::Format::Text));
    BOOST_TEST((*summary::parse_format("text") == summary::Format::Text));
    auto bad = summary::parse_format("pdf");
    BOOST_TEST(!bad.has_value());
    BOOST_TEST(bad.error().code == "bad_format");
    BOOST_TEST(summary::file_extension(summary::Format::Html) == "html");
}

BOOST_AUTO_TEST_SUITE_END()
