#include "summary/display.hpp"
#include "summary/summary.hpp"

#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include <unistd.h>

using namespace quorum;
namespace fs = std::filesystem;

namespace {

const std::string k_nbsp = "\u00a0";

Participant person(std::string name, std::string affiliation, std::vector<std::string> roles,
                   AttendanceStatus status = AttendanceStatus::Present) {
    Participant p;
    p.name = std::move(name);
    p.affiliation = std::move(affiliation);
    p.roles = std::move(roles);
    p.status = status;
    return p;
}

AgendaItem agenda_item(std::string number, std::string title, std::optional<int> seconds) {
    AgendaItem item;
    item.number = std::move(number);
    item.title = std::move(title);
    item.duration_seconds = seconds;
    return item;
}

ActionItem action(std::string text, std::string owner, int line, bool matched = true) {
    ActionItem item;
    item.text = std::move(text);
    item.owner = std::move(owner);
    item.owner_matched = matched && !item.owner.empty();
    item.source = Source{line, "Budget"};
    return item;
}

Resource resource(std::string url, std::string title, std::string kind, int line, bool missing = false) {
    Resource r;
    r.url = std::move(url);
    r.title = std::move(title);
    r.kind = std::move(kind);
    r.missing_url = missing;
    r.mentions = {Source{line, "Budget"}};
    return r;
}

// French meeting, 130 min planned for 09:30–11:30, with a hostile participant name,
// a javascript: link, a missing document and a plugin section with raw HTML.
Meeting french_meeting() {
    Meeting m;
    m.title = "Comité de coordination";
    m.date = "2021-03-01";
    m.start = "09:30";
    m.end = "11:30";
    m.location = "Salle 204, Montréal";
    m.language = "fr";
    m.participants = {
        person("Marie Tremblay", "Collectif Rive-Sud", {"facilitator"}),
        person("Paul Gagnon", "Ville de Québec", {"note-taker"}),
        person("<script>alert(1)</script>", "R&D", {}),
        person("Émilie Roy", "", {}, AttendanceStatus::Excused),
        person("Jean Côté", "", {}, AttendanceStatus::Absent),
    };
    AgendaItem budget = agenda_item("2", "Budget", std::nullopt);
    budget.children = {agenda_item("2.a", "Revenus", 20 * 60), agenda_item("2.b", "Dépenses", 25 * 60)};
    m.agenda = {agenda_item("1", "Accueil", 5 * 60), budget, agenda_item("3", "Varia", 80 * 60)};

    Section budget_section;
    budget_section.title = "Budget";
    budget_section.agenda_index = 1;
    budget_section.first_line = 20;
    budget_section.last_line = 49;
    budget_section.speakers = {"Paul Gagnon", "Marie Tremblay"};
    budget_section.excerpt = "Le budget est présenté.";
    m.sections = {budget_section};

    // Deliberately out of order: the summary groups by the attendance list.
    ActionItem send = action("Envoyer le budget révisé", "Paul Gagnon", 25);
    send.due = "2021-03-17";
    m.action_items = {send, action("Mettre à jour le wiki", "", 40), action("Réserver la salle", "Marie Tremblay", 21),
                      action("Appeler le traiteur", "Lucie", 30, false),
                      action("Relancer la Ville", "Paul Gagnon", 33)};

    Decision adopted;
    adopted.text = "Le budget 2021 est adopté.";
    adopted.votes = "Pour : 7, contre : 1";
    adopted.source = Source{35, "Budget"};
    m.decisions = {adopted};

    Suggestion maybe;
    maybe.kind = "action";
    maybe.text = "Il faudrait revoir la politique";
    maybe.rule = "il-faudrait";
    maybe.source = Source{42, "Budget"};
    m.suggestions = {maybe};

    m.resources = {resource("https://exemple.org/budget", "Budget 2021", "link", 22),
                   resource("javascript:alert(1)", "Cliquez ici", "link", 44),
                   resource("", "Procès-verbal précédent", "document", 15, true),
                   resource("", "Rapport Dupont (2019)", "citation", 46)};
    m.chat = {"Marie : bonjour!"};
    m.warnings = {Phrase{"Line 51: unknown marker", "Ligne 51 : marqueur inconnu"}};
    m.extra_sections = {{"Sondage", "| Option | Votes |\n|---|---|\n| A | 3 |\n\n<script>alert(2)</script>\n"}};
    return m;
}

Meeting english_meeting() {
    Meeting m = french_meeting();
    m.title = "Steering committee";
    m.language = "en";
    m.agenda = {agenda_item("1", "Welcome", 30 * 60), agenda_item("2", "Budget", 90 * 60)}; // exactly 120 min
    return m;
}

std::string render_or_fail(const Meeting& meeting, summary::Format format, std::string language = {}) {
    summary::RenderOptions options;
    options.format = format;
    options.language = std::move(language);
    options.templates_dir = QUORUM_TEMPLATES;
    auto rendered = summary::render(meeting, options);
    BOOST_TEST_REQUIRE(rendered.has_value(), (rendered ? "" : rendered.error().code + ": " + rendered.error().message));
    return *rendered;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// Position of `needle` at or after `from`, npos-safe for ordering checks.
size_t at(const std::string& haystack, const std::string& needle, size_t from = 0) {
    size_t pos = haystack.find(needle, from);
    BOOST_TEST_REQUIRE(pos != std::string::npos, "missing: " << needle);
    return pos;
}

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() /
               ("quorum-summary-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
        fs::create_directories(path / "labels");
        fs::copy_file(fs::path(QUORUM_TEMPLATES) / "labels" / "fr.json", path / "labels" / "fr.json");
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    static int& counter() {
        static int value = 0;
        return value;
    }
    void write(const std::string& name, const std::string& content) const { std::ofstream(path / name) << content; }
};

} // namespace

BOOST_AUTO_TEST_SUITE(summary_render_test)

// --- header and languages ----------------------------------------------------------

// Warnings are in the summary's language, like its labels.
BOOST_AUTO_TEST_CASE(warnings_follow_the_summarys_language) {
    std::string french = render_or_fail(french_meeting(), summary::Format::Markdown);
    BOOST_TEST(french.find("- Ligne 51 : marqueur inconnu") != std::string::npos);
    BOOST_TEST(french.find("unknown marker") == std::string::npos);
    std::string english = render_or_fail(french_meeting(), summary::Format::Markdown, "en");
    BOOST_TEST(english.find("- Line 51: unknown marker") != std::string::npos);
    BOOST_TEST(english.find("marqueur inconnu") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(french_header_writes_dates_and_times_the_french_way) {
    std::string html = render_or_fail(french_meeting(), summary::Format::Html);
    BOOST_TEST(contains(html, "<html lang=\"fr\">"));
    BOOST_TEST(contains(html, "<h1>Comité de coordination</h1>"));
    BOOST_TEST(contains(html, "<time datetime=\"2021-03-01\">1er mars 2021</time>"));
    BOOST_TEST(contains(html, "9" + k_nbsp + "h" + k_nbsp + "30 – 11" + k_nbsp + "h" + k_nbsp + "30"));
    BOOST_TEST(contains(html, "Salle 204, Montréal"));
    BOOST_TEST(contains(html, ">Présences<"));
    BOOST_TEST(contains(html, ">Ordre du jour<"));
}

BOOST_AUTO_TEST_CASE(english_header_and_labels) {
    std::string html = render_or_fail(english_meeting(), summary::Format::Html);
    BOOST_TEST(contains(html, "<html lang=\"en\">"));
    BOOST_TEST(contains(html, "March 1, 2021"));
    BOOST_TEST(contains(html, "9:30–11:30" + k_nbsp + "am"));
    BOOST_TEST(contains(html, ">Attendance<"));
    BOOST_TEST(contains(html, ">Action items, by person<"));
    BOOST_TEST(!contains(html, "Présences"));
}

BOOST_AUTO_TEST_CASE(language_option_overrides_the_meeting_language) {
    std::string md = render_or_fail(french_meeting(), summary::Format::Markdown, "en");
    BOOST_TEST(contains(md, "## Attendance"));
    BOOST_TEST(contains(md, "**Date:** March 1, 2021"));
    BOOST_TEST(!contains(md, "## Présences"));
    std::string html = render_or_fail(english_meeting(), summary::Format::Html, "fr-CA");
    BOOST_TEST(contains(html, "<html lang=\"fr\">"));
    BOOST_TEST(contains(html, ">Présences<"));
}

BOOST_AUTO_TEST_CASE(afternoon_spans_say_each_meridiem) {
    Meeting m = english_meeting();
    m.start = "11:00";
    m.end = "13:15";
    std::string txt = render_or_fail(m, summary::Format::Text);
    BOOST_TEST(contains(txt, "11:00" + k_nbsp + "am–1:15" + k_nbsp + "pm"));
    m.language = "fr";
    txt = render_or_fail(m, summary::Format::Text);
    BOOST_TEST(contains(txt, "11" + k_nbsp + "h – 13" + k_nbsp + "h" + k_nbsp + "15"));
}

// --- sections ----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(sections_come_in_the_documented_order) {
    std::string html = render_or_fail(french_meeting(), summary::Format::Html);
    std::vector<std::string> headings = {
        "id=\"h-attendance\"", "id=\"h-agenda\"", "id=\"h-decisions\"", "id=\"h-action-items\"", "id=\"h-suggestions\"",
        "id=\"h-resources\"",  "id=\"h-digest\"", ">Sondage</h2>",      "id=\"h-chat\"",         "id=\"h-warnings\""};
    size_t previous = 0;
    for (const std::string& heading : headings) {
        size_t pos = at(html, heading);
        BOOST_TEST(pos > previous, heading);
        previous = pos;
    }
}

BOOST_AUTO_TEST_CASE(attendance_lists_people_by_status_with_counts_and_roles) {
    std::string md = render_or_fail(french_meeting(), summary::Format::Markdown);
    BOOST_TEST(contains(md, "*3 personnes présentes · 1 absence motivée · 1 personne absente*"));
    BOOST_TEST(contains(md, "**Personnes présentes (3)**"));
    BOOST_TEST(contains(md, "- Marie Tremblay (Collectif Rive-Sud) — *animation*"));
    BOOST_TEST(contains(md, "**Absences motivées (1)**\n\n- Émilie Roy"));
    BOOST_TEST(contains(md, "**Personnes absentes (1)**\n\n- Jean Côté"));
    BOOST_TEST(contains(md, "- Prise de notes" + k_nbsp + ": Paul Gagnon"));
}

BOOST_AUTO_TEST_CASE(agenda_total_is_compared_with_the_scheduled_span) {
    std::string md = render_or_fail(french_meeting(), summary::Format::Markdown);
    BOOST_TEST(contains(md, "- **2** Budget\n  - **2.a** Revenus — 20" + k_nbsp + "min\n  - **2.b** Dépenses"));
    BOOST_TEST(contains(md, "Total" + k_nbsp + ": 130" + k_nbsp + "min, pour 120" + k_nbsp + "min prévues"));
    BOOST_TEST(contains(md, "dépassement de 10" + k_nbsp + "min"));

    std::string en = render_or_fail(english_meeting(), summary::Format::Text);
    BOOST_TEST(contains(en, "Total: 120" + k_nbsp + "min, for 120" + k_nbsp + "min scheduled — on schedule"));

    Meeting short_meeting = english_meeting();
    short_meeting.agenda = {agenda_item("1", "Quick", 90)};
    en = render_or_fail(short_meeting, summary::Format::Text);
    BOOST_TEST(contains(en, "Quick — 1.5" + k_nbsp + "min"));
    BOOST_TEST(contains(en, "under by 118.5" + k_nbsp + "min"));
    short_meeting.language = "fr";
    BOOST_TEST(contains(render_or_fail(short_meeting, summary::Format::Text), "Quick — 1,5" + k_nbsp + "min"));
}

BOOST_AUTO_TEST_CASE(action_items_are_grouped_by_owner_then_unassigned) {
    std::string md = render_or_fail(french_meeting(), summary::Format::Markdown);
    // Attendance order (Marie before Paul), then an owner the list does not know, then nobody.
    size_t marie = at(md, "### Marie Tremblay");
    size_t paul = at(md, "### Paul Gagnon");
    size_t lucie = at(md, "### Lucie *(personne à préciser)*");
    size_t nobody = at(md, "### Sans responsable");
    BOOST_TEST(marie < paul);
    BOOST_TEST(paul < lucie);
    BOOST_TEST(lucie < nobody);
    BOOST_TEST(at(md, "Réserver la salle") > marie);
    BOOST_TEST(at(md, "Réserver la salle") < paul);
    // Both of Paul's items sit under his heading, with due date and source line.
    BOOST_TEST(contains(md, "### Paul Gagnon\n\n- Envoyer le budget révisé — **échéance" + k_nbsp +
                                ": 17 mars 2021** *(ligne 25)*\n- Relancer la Ville *(ligne 33)*\n"));
    BOOST_TEST(at(md, "Appeler le traiteur") > lucie);
    BOOST_TEST(at(md, "Mettre à jour le wiki") > nobody);

    std::string txt = render_or_fail(english_meeting(), summary::Format::Text);
    BOOST_TEST(contains(txt, "Paul Gagnon\n  - Envoyer le budget révisé — due: March 17, 2021 (line 25)\n"
                             "  - Relancer la Ville (line 33)\n"));
    BOOST_TEST(contains(txt, "Unassigned\n  - Mettre à jour le wiki (line 40)"));
}

BOOST_AUTO_TEST_CASE(suggestions_are_labelled_to_confirm_with_their_rule) {
    std::string html = render_or_fail(french_meeting(), summary::Format::Html);
    size_t section = at(html, "id=\"h-suggestions\"");
    BOOST_TEST(at(html, "<span class=\"badge\">À confirmer</span>", section) > section);
    BOOST_TEST(contains(html, "Il faudrait revoir la politique"));
    BOOST_TEST(contains(html, "règle" + k_nbsp + ": il-faudrait, ligne 42"));
    std::string md = render_or_fail(english_meeting(), summary::Format::Markdown);
    BOOST_TEST(
        contains(md, "- **To confirm** · Action: Il faudrait revoir la politique *(rule: il-faudrait, line 42)*"));
}

BOOST_AUTO_TEST_CASE(missing_links_are_flagged_in_every_format) {
    std::string html = render_or_fail(french_meeting(), summary::Format::Html);
    BOOST_TEST(contains(html, "Procès-verbal précédent <strong class=\"missing\">⚠ lien manquant</strong>"));
    std::string md = render_or_fail(french_meeting(), summary::Format::Markdown);
    BOOST_TEST(contains(md, "- Procès-verbal précédent **⚠ lien manquant** *(ligne 15)*"));
    std::string txt = render_or_fail(english_meeting(), summary::Format::Text);
    BOOST_TEST(contains(txt, "- Procès-verbal précédent ⚠ missing link (line 15)"));
    // A citation has no URL by nature: not flagged.
    BOOST_TEST(contains(md, "- Rapport Dupont (2019) *(ligne 46)*"));
}

BOOST_AUTO_TEST_CASE(digest_shows_speakers_excerpt_and_counts_per_section) {
    std::string md = render_or_fail(french_meeting(), summary::Format::Markdown);
    BOOST_TEST(contains(md, "### 2 · Budget"));
    BOOST_TEST(contains(md, "**Prises de parole" + k_nbsp + ":** Paul Gagnon, Marie Tremblay"));
    BOOST_TEST(contains(md, "> Le budget est présenté."));
    // Lines 20–49 hold the decision (35), five action items (21, 25, 30, 33, 40), the
    // suggestion (42) and three resources (22, 44, 46; the one on line 15 is outside).
    BOOST_TEST(contains(md, "1 décision · 5 actions · 1 suggestion · 3 ressources"));
}

BOOST_AUTO_TEST_CASE(empty_meeting_renders_without_optional_sections) {
    Meeting empty;
    empty.language = "fr";
    for (auto format : {summary::Format::Html, summary::Format::Markdown, summary::Format::Text}) {
        std::string out = render_or_fail(empty, format);
        BOOST_TEST(contains(out, "Réunion")); // the untitled fallback
        BOOST_TEST(contains(out, "Aucune décision consignée."));
        BOOST_TEST(contains(out, "Aucune action consignée."));
        BOOST_TEST(!contains(out, "Suggestions à confirmer"));
        BOOST_TEST(!contains(out, "Ressources"));
        BOOST_TEST(!contains(out, "Avertissements"));
        BOOST_TEST(!contains(out, "\n\n\n")); // no holes left by skipped sections
    }
}

// --- HTML safety ---------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(html_is_self_contained_phone_ready_and_printable) {
    std::string html = render_or_fail(french_meeting(), summary::Format::Html);
    BOOST_TEST(html.starts_with("<!DOCTYPE html>"));
    BOOST_TEST(contains(html, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
    BOOST_TEST(contains(html, "@media print"));
    BOOST_TEST(contains(html, "max-width"));
    BOOST_TEST(contains(html, "<style>"));
    BOOST_TEST(!contains(html, "<script"));
    // One <link>: an empty data: icon, so that a browser asks for no favicon; nothing is fetched.
    // The checks below read the page without it.
    const std::string icon = "<link rel=\"icon\" href=\"data:,\">";
    size_t link = html.find(icon);
    BOOST_REQUIRE(link != std::string::npos);
    html.erase(link, icon.size());
    BOOST_TEST(!contains(html, "<link"));
    BOOST_TEST(!contains(html, "<img"));
    BOOST_TEST(!contains(html, "<iframe"));
    BOOST_TEST(!contains(html, "src="));
    BOOST_TEST(!contains(html, "@import"));
    BOOST_TEST(!contains(html, "url("));
    // Every href is on an <a> and is either a resource URL or empty (cmark's safe
    // mode empties dangerous hrefs in plugin Markdown).
    std::regex href_re("<(\\w+)[^>]*\\shref=\"([^\"]*)\"");
    int links = 0;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), href_re); it != std::sregex_iterator(); ++it) {
        BOOST_TEST((*it)[1].str() == "a");
        std::string url = (*it)[2].str();
        BOOST_TEST((url.empty() || url == "https://exemple.org/budget"), url);
        ++links;
    }
    BOOST_TEST(links == 1);
}

BOOST_AUTO_TEST_CASE(values_are_escaped_in_html) {
    std::string html = render_or_fail(french_meeting(), summary::Format::Html);
    BOOST_TEST(contains(html, "<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>"));
    BOOST_TEST(contains(html, "(R&amp;D)"));
    BOOST_TEST(!contains(html, "<script>alert"));
}

BOOST_AUTO_TEST_CASE(javascript_urls_are_never_links) {
    std::string html = render_or_fail(french_meeting(), summary::Format::Html);
    BOOST_TEST(!contains(html, "href=\"javascript"));
    BOOST_TEST(contains(html, "Cliquez ici <code>javascript:alert(1)</code>"));
    BOOST_TEST(contains(html, "adresse non cliquable"));
    BOOST_TEST(contains(html, "<a href=\"https://exemple.org/budget\">Budget 2021</a>"));

    std::string md = render_or_fail(french_meeting(), summary::Format::Markdown);
    BOOST_TEST(!contains(md, "](<javascript"));
    BOOST_TEST(!contains(md, "](javascript"));
    BOOST_TEST(contains(md, "- [Budget 2021](<https://exemple.org/budget>) *(ligne 22)*"));
}

BOOST_AUTO_TEST_CASE(plugin_sections_are_rendered_safely_in_html_and_verbatim_elsewhere) {
    std::string html = render_or_fail(french_meeting(), summary::Format::Html);
    BOOST_TEST(contains(html, "<h2>Sondage</h2>"));
    BOOST_TEST(contains(html, "<table>"));
    BOOST_TEST(contains(html, "<td>3</td>"));
    BOOST_TEST(!contains(html, "alert(2)</script>"));
    std::string md = render_or_fail(french_meeting(), summary::Format::Markdown);
    BOOST_TEST(contains(md, "## Sondage\n\n| Option | Votes |\n|---|---|\n| A | 3 |\n"));
}

// --- Markdown and text ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(markdown_escapes_values) {
    std::string md = render_or_fail(french_meeting(), summary::Format::Markdown);
    BOOST_TEST(contains(md, "- \\<script\\>alert(1)\\</script\\> (R\\&D)"));
    BOOST_TEST(!contains(md, "<script>alert(1)"));
    // Plugin Markdown is the plugin's own, passed through as written.
    BOOST_TEST(contains(md, "<script>alert(2)</script>"));
    BOOST_TEST(md.starts_with("# Comité de coordination\n"));
    BOOST_TEST(md.ends_with(
        "*Résumé produit par quorum " +
        summary::to_json(french_meeting())->getObject("generator")->getValue<std::string>("version") + "*\n"));

    BOOST_TEST(summary::display::markdown_escape("# Titre") == "\\# Titre");
    BOOST_TEST(summary::display::markdown_escape("1. premier") == "1\\. premier");
    BOOST_TEST(summary::display::markdown_escape("1.5 min") == "1.5 min");
    BOOST_TEST(summary::display::markdown_escape("- puce") == "\\- puce");
    BOOST_TEST(summary::display::markdown_escape("-5 °C") == "-5 °C");
    BOOST_TEST(summary::display::markdown_escape("a *b* [c](d) `e` | f_g") == "a \\*b\\* \\[c\\](d) \\`e\\` \\| f\\_g");
    BOOST_TEST(summary::display::markdown_escape("ligne 1\n# ligne 2") == "ligne 1 # ligne 2");
}

BOOST_AUTO_TEST_CASE(text_has_no_markup_and_fits_78_columns) {
    Meeting m = french_meeting();
    m.action_items.push_back(action("Contacter le traiteur pour le repas du 1er avril et confirmer le nombre de "
                                    "personnes présentes à la prochaine rencontre",
                                    "Marie Tremblay", 45));
    std::string txt = render_or_fail(m, summary::Format::Text);
    BOOST_TEST(txt.starts_with("Comité de coordination\n======================\n"));
    BOOST_TEST(contains(txt, "\nPrésences\n---------\n"));
    BOOST_TEST(!contains(txt, "<li"));
    BOOST_TEST(!contains(txt, "**"));
    BOOST_TEST(!contains(txt, "&lt;"));
    BOOST_TEST(contains(txt, "<script>alert(1)</script>")); // plain text: the name as written
    size_t pos = 0;
    while (pos < txt.size()) {
        size_t end = txt.find('\n', pos);
        std::string line = txt.substr(pos, end - pos);
        bool one_word = line.find(' ', line.find_first_not_of(' ')) == std::string::npos;
        BOOST_TEST((summary::display::display_width(line) <= summary::k_text_width || one_word), line);
        pos = end == std::string::npos ? txt.size() : end + 1;
    }
    // The long item wrapped under its list marker.
    BOOST_TEST(contains(txt, "  - Contacter le traiteur pour le repas du 1er avril et confirmer le nombre de\n"
                             "    personnes présentes à la prochaine rencontre (ligne 45)"));
}

BOOST_AUTO_TEST_CASE(wrap_text_keeps_long_words_and_indentation) {
    using summary::display::wrap_text;
    BOOST_TEST(wrap_text("court", 10) == "court");
    BOOST_TEST(wrap_text("  - un deux trois quatre", 12) == "  - un deux\n    trois\n    quatre");
    BOOST_TEST(wrap_text("https://exemple.org/tres/long x", 10) == "https://exemple.org/tres/long\nx");
}

// --- errors --------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(missing_template_or_labels_is_an_error) {
    summary::RenderOptions options;
    options.format = summary::Format::Html;
    options.templates_dir = "/nonexistent/quorum-templates";
    auto result = summary::render(french_meeting(), options);
    BOOST_TEST_REQUIRE(!result.has_value());
    BOOST_TEST(result.error().code == "missing_labels");

    TempDir dir; // labels present, no template
    options.templates_dir = dir.path;
    result = summary::render(french_meeting(), options);
    BOOST_TEST_REQUIRE(!result.has_value());
    BOOST_TEST(result.error().code == "missing_template");
    BOOST_TEST(contains(result.error().message, "summary.html.mustache"));

    options.templates_dir = QUORUM_TEMPLATES;
    options.language = "de";
    result = summary::render(french_meeting(), options);
    BOOST_TEST_REQUIRE(!result.has_value());
    BOOST_TEST(result.error().code == "missing_labels");

    options.language = "../../etc/passwd";
    result = summary::render(french_meeting(), options);
    BOOST_TEST_REQUIRE(!result.has_value());
    BOOST_TEST(result.error().code == "bad_language");
}

BOOST_AUTO_TEST_CASE(template_syntax_errors_and_bad_labels_carry_a_message) {
    TempDir dir;
    dir.write("summary.md.mustache", "# {{header.title}}\n{{#has_agenda}}\nnever closed\n");
    summary::RenderOptions options;
    options.format = summary::Format::Markdown;
    options.templates_dir = dir.path;
    auto result = summary::render(french_meeting(), options);
    BOOST_TEST_REQUIRE(!result.has_value());
    BOOST_TEST(result.error().code == "template_syntax");
    BOOST_TEST(contains(result.error().message, "has_agenda"));

    dir.write("summary.md.mustache", "# {{header.title}}\n");
    dir.write("labels/fr.json", "{ not json");
    result = summary::render(french_meeting(), options);
    BOOST_TEST_REQUIRE(!result.has_value());
    BOOST_TEST(result.error().code == "bad_labels");
}

BOOST_AUTO_TEST_CASE(a_group_can_edit_templates_and_labels) {
    TempDir dir;
    dir.write("summary.txt.mustache",
              "{{labels.hello}} {{header.title}}\n{{#action_groups}}\n* {{owner}}\n{{#items}}\n  {{text}}\n{{/items}}\n"
              "{{/action_groups}}\n{{^has_chat}}\nno chat\n{{/has_chat}}\nend\n");
    dir.write("labels/fr.json", "{\"hello\": \"Bonjour\", \"unassigned\": \"Personne\"}");
    summary::RenderOptions options;
    options.format = summary::Format::Text;
    options.templates_dir = dir.path;
    Meeting m = french_meeting();
    m.chat.clear();
    m.action_items = {action("Faire ceci", "Paul Gagnon", 3), action("Faire cela", "", 4)};
    auto result = summary::render(m, options);
    BOOST_TEST_REQUIRE(result.has_value());
    // Standalone section lines leave no blank lines behind, as the Mustache spec says.
    BOOST_TEST(*result ==
               "Bonjour Comité de coordination\n* Paul Gagnon\n  Faire ceci\n* Personne\n  Faire cela\nno chat\nend\n");
}

BOOST_AUTO_TEST_SUITE_END()
