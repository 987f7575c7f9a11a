#include "markdown/cmark.hpp"
#include "markdown/guard.hpp"
#include "markdown/render.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

using namespace quorum::markdown;

namespace {

std::string repeat(std::string_view unit, size_t count) {
    std::string out;
    out.reserve(unit.size() * count);
    for (size_t i = 0; i < count; ++i) {
        out.append(unit);
    }
    return out;
}

size_t count_of(std::string_view text, std::string_view needle) {
    size_t count = 0;
    for (size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + needle.size())) {
        ++count;
    }
    return count;
}

size_t line_ends(std::string_view text) {
    return static_cast<size_t>(std::count(text.begin(), text.end(), '\n') + std::count(text.begin(), text.end(), '\r'));
}

// The guard may only insert backslashes and zero-width spaces: the input must be
// a subsequence of the output with nothing else in between. (It never inserts
// before a backslash, so a greedy match is exact.)
bool only_insertions(std::string_view input, std::string_view output) {
    size_t i = 0;
    size_t o = 0;
    while (o < output.size()) {
        if (i < input.size() && output[o] == input[i]) {
            ++i;
            ++o;
        } else if (output[o] == '\\') {
            ++o;
        } else if (output.substr(o, 3) == "\xE2\x80\x8B") {
            o += 3;
        } else {
            return false;
        }
    }
    return i == input.size();
}

// Every line of the input is still on the same line of the output, with the same
// kind of ending.
bool same_lines(std::string_view input, std::string_view output) {
    if (line_ends(input) != line_ends(output)) {
        return false;
    }
    std::string input_ends;
    std::string output_ends;
    for (char c : input) {
        if (c == '\n' || c == '\r') {
            input_ends += c;
        }
    }
    for (char c : output) {
        if (c == '\n' || c == '\r') {
            output_ends += c;
        }
    }
    return input_ends == output_ends;
}

// Defuses, checks the structural promises, parses the result like the rest of
// quorum does and renders it; returns the HTML.
std::string defuse_and_render(const std::string& input) {
    const std::string guarded = defuse(input);
    BOOST_TEST(same_lines(input, guarded));
    BOOST_TEST(only_insertions(input, guarded));
    Parsed parsed = parse_tree(guarded);
    BOOST_TEST(parsed.root != nullptr);
    std::string html = render_html(input);
    BOOST_TEST(!html.empty());
    return html;
}

// A realistic set of minutes using every construct quorum relies on.
const std::string k_minutes = R"md(# Conseil d'administration — 12 mars 2024

<!-- Compte rendu rédigé par Émilie, relu par Paul. -->

**Présents :** Émilie Gruet, Paul Martin, *Jeanne* Roy, ~~Marc~~ (excusé)
**Ordre du jour :** voir [l'ordre du jour](https://example.org/odj?id=12&v=2) et le [budget][budget].

![Logo de la coopérative](images/logo.png "Logo")
[![Badge](https://img.example.org/badge.svg)](https://ci.example.org/)

## 1. Budget

| Poste        | Prévu    | Réalisé |
|:-------------|---------:|:-------:|
| Salaires     | 12 000 € | 11 800 €|
| Loyer        |  3 000 € |  3 000 €|
| Divers       |    500 € |    742 €|

> Paul : « Le poste *Divers* dépasse de 48 % ; il faudra le justifier. »
> > Émilie : d'accord, je prépare une note.

- [x] Valider le budget 2024
- [ ] Envoyer la note à compta@example.org avant le 20/03
  - relancer www.example.org/contact si pas de réponse
  1. première relance
  2. seconde relance

Décision : adopté à l'unanimité (5 voix sur 5). Voir aussi <https://example.org/pv>.

```text
<?php echo "pas du HTML"; ?>
| pas | un | tableau |
```

Note en `<!-- code -->` et une déclaration <!DOCTYPE html> fermée ; un CDATA <![CDATA[ x ]]>.
Calcul : a < b et c > d ; *emphase* __forte__ ***les deux*** `code`.

---

[budget]: https://example.org/budget-2024.pdf "Budget 2024"
[1]: <https://example.org/annexe 1.pdf>
)md";

} // namespace

BOOST_AUTO_TEST_SUITE(markdown_guard_test)

// --- Normal documents ------------------------------------------------------------

BOOST_AUTO_TEST_CASE(normal_minutes_come_back_byte_for_byte) {
    BOOST_TEST(defuse(k_minutes) == k_minutes);
}

BOOST_AUTO_TEST_CASE(empty_and_small_inputs_come_back_unchanged) {
    for (const std::string text : {"", "a", "\n", "\r\n", "\\", "|", "![", "<?", "www.", "a@b"}) {
        BOOST_TEST(defuse(text) == text);
    }
}

BOOST_AUTO_TEST_CASE(a_long_normal_document_comes_back_unchanged) {
    // Hundreds of sections, links, images, tables and comments: thresholds are
    // per block or per token, so size alone never triggers anything.
    const std::string text = repeat(k_minutes + "\n", 300);
    BOOST_TEST(defuse(text) == text);
}

BOOST_AUTO_TEST_CASE(tables_with_separator_rows_and_many_rows_stay_tables) {
    std::string table = "| a | b | c |\n|---|:-:|--:|\n";
    for (int i = 0; i < 5000; ++i) {
        table += "| " + std::to_string(i) + " | x | y |\n|---|---|---|\n";
    }
    BOOST_TEST(defuse(table) == table);
    BOOST_TEST(count_of(render_html(table), "<tr>") == 10001U);
}

BOOST_AUTO_TEST_CASE(a_wide_but_reasonable_table_stays_a_table) {
    const std::string table =
        repeat("| col ", 40) + "|\n" + repeat("|-----", 40) + "|\n" + repeat(repeat("| val ", 40) + "|\n", 200);
    BOOST_TEST(defuse(table) == table);
}

BOOST_AUTO_TEST_CASE(a_few_stacked_html_openers_are_left_alone) {
    const std::string text = "a <? b <? c ?> d <!-- e <!-- f --> <!X g <!Y h >\n";
    BOOST_TEST(defuse(text) == text);
}

BOOST_AUTO_TEST_CASE(reasonable_nesting_is_left_alone) {
    const std::string text = "> > > > > > > > quoted eight times\n"
                             "- a\n  - b\n    - c\n      - d\n        - e\n          - f\n"
                             "1. one\n   1. two\n      1. three\n"
                             "* * *\n- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -\n";
    BOOST_TEST(defuse(text) == text);
}

// --- Pathological shapes ------------------------------------------------------------

BOOST_AUTO_TEST_CASE(repeated_image_brackets_are_escaped) {
    const std::string input = repeat("![[]()", 20000);
    const std::string guarded = defuse(input);
    BOOST_TEST(guarded != input);
    BOOST_TEST(count_of(guarded, "!\\[") > 19000U);
    const std::string html = defuse_and_render(input);
    BOOST_TEST(count_of(html, "![") > 19000U);
}

BOOST_AUTO_TEST_CASE(unclosed_processing_instructions_are_escaped) {
    const std::string input = "</" + repeat("<?", 50000);
    const std::string guarded = defuse(input);
    BOOST_TEST(count_of(guarded, "\\<?") > 49000U);
    BOOST_TEST(count_of(defuse_and_render(input), "&lt;?") == 50000U);
}

BOOST_AUTO_TEST_CASE(unclosed_declarations_cdata_and_comments_are_escaped) {
    for (const std::string unit : {"<!A ", "<![CDATA[", "<!--"}) {
        const std::string input = "</" + repeat(unit, 20000);
        BOOST_TEST(count_of(defuse(input), "\\<!") > 19000U);
        BOOST_TEST(count_of(defuse_and_render(input), "&lt;!") == 20000U);
    }
}

BOOST_AUTO_TEST_CASE(openers_whose_closer_lies_after_a_blank_line_are_escaped) {
    // The closer cannot help: the inline scan stops at the end of the paragraph.
    const std::string input = "</" + repeat("<?", 1000) + "\n\n?>\n";
    BOOST_TEST(count_of(defuse(input), "\\<?") > 900U);
}

BOOST_AUTO_TEST_CASE(declaration_closers_in_container_prefixes_do_not_count) {
    // The '>' starting each line is a block quote marker, not a closer.
    const std::string input = repeat("> <!A a\n", 1000);
    BOOST_TEST(count_of(defuse(input), "\\<!A") > 900U);
    defuse_and_render(input);
}

BOOST_AUTO_TEST_CASE(deep_block_quotes_are_capped) {
    const std::string input = repeat("> ", 50000) + "a";
    const std::string guarded = defuse(input);
    BOOST_TEST(count_of(guarded, "\\>") == 1U);
    const std::string html = defuse_and_render(input);
    BOOST_TEST(count_of(html, "<blockquote>") <= 33U);
    BOOST_TEST(count_of(html, "&gt;") > 49000U);
}

BOOST_AUTO_TEST_CASE(deep_lists_on_one_line_are_capped) {
    for (const std::string unit : {"* ", "- ", "+ ", "1. ", "1) ", ">-"}) {
        const std::string input = repeat(unit, 20000) + "a\n" + repeat("b\n", 1000);
        const std::string html = defuse_and_render(input);
        BOOST_TEST(count_of(html, "<li>") <= 33U);
    }
}

BOOST_AUTO_TEST_CASE(deep_lists_built_with_indentation_are_capped) {
    std::string input;
    for (int depth = 0; depth < 400; ++depth) {
        input += std::string(2 * depth, ' ') + "- a\n";
    }
    input += repeat("b\n", 1000) + repeat("\n", 1000);
    const std::string html = defuse_and_render(input);
    BOOST_TEST(count_of(html, "<ul>") <= 33U);
    BOOST_TEST(count_of(defuse(input), "\\-") > 300U);
}

BOOST_AUTO_TEST_CASE(long_thematic_breaks_are_not_taken_for_deep_lists) {
    const std::string input = repeat("- ", 200) + "\n" + repeat("* ", 200) + "\n";
    BOOST_TEST(defuse(input) == input);
    BOOST_TEST(count_of(render_html(input), "<hr />") == 2U);
}

BOOST_AUTO_TEST_CASE(rows_with_very_many_pipes_break_the_table) {
    // Each 1000-pipe row costs a million steps to parse: the table goes, the rows
    // stay as literal text.
    const std::string input = "a|b\n-|-\n" + repeat(repeat("|", 1000) + "\n", 100);
    const std::string guarded = defuse(input);
    BOOST_TEST(guarded.find("a|b\n\\-|-\n") == 0U);
    const std::string html = defuse_and_render(input);
    BOOST_TEST(count_of(html, "<td") == 0U);
    BOOST_TEST(count_of(html, "|") == 100002U);
}

BOOST_AUTO_TEST_CASE(pipes_outside_tables_are_left_alone) {
    const std::string input = repeat("|", 100000) + "\n" + repeat("a | b | c\n", 1000);
    BOOST_TEST(defuse(input) == input);
}

BOOST_AUTO_TEST_CASE(wide_headers_with_short_rows_are_not_tables) {
    const std::string input = repeat("|a", 5000) + "|\n" + repeat("|-", 5000) + "|\n" + repeat("a\n", 20000);
    const std::string html = defuse_and_render(input);
    BOOST_TEST(count_of(html, "<td") == 0U);
    BOOST_TEST(count_of(html, "|a|a|a") > 0U);
}

BOOST_AUTO_TEST_CASE(padding_amplification_breaks_the_table) {
    // 100 columns (under the pipe cap) over 300 000 one-cell rows: 30 million
    // padding cells. The delimiter row is escaped and the block stays text.
    const std::string input = repeat("|a", 100) + "|\n" + repeat("|-", 100) + "|\n" + repeat("a\n", 300000);
    const std::string guarded = defuse(input);
    BOOST_TEST(guarded.find("\\|-|-|") != std::string::npos);
    const std::string html = defuse_and_render(input);
    BOOST_TEST(count_of(html, "<td") == 0U);
}

// --- Table cells: cmark-gfm allocates per row and per cell -------------------------

BOOST_AUTO_TEST_CASE(one_short_cell_per_row_breaks_the_table) {
    // The shape of issue 20's D1: 350 000 rows of "x|" (1 MiB) would make a
    // million table nodes. The delimiter row is escaped, every line stays where it
    // was, and the rows read as one paragraph of text.
    const std::string input = "a|b\n-|-\n" + repeat("x|\n", 350000);
    const std::string guarded = defuse(input);
    BOOST_TEST(guarded.find("a|b\n\\-|-\nx|\n") == 0U);
    BOOST_TEST(guarded.size() == input.size() + 1);
    const std::string html = defuse_and_render(input);
    BOOST_TEST(count_of(html, "<td") == 0U);
    BOOST_TEST(count_of(html, "<table") == 0U);
    BOOST_TEST(count_of(html, "x|") == 350000U);
}

BOOST_AUTO_TEST_CASE(a_wide_header_over_many_short_rows_breaks_the_table) {
    // D2: a 3 000-pipe header and delimiter over 170 000 short rows (about 520 KB).
    const std::string input = repeat("|a", 3000) + "|\n" + repeat("|-", 3000) + "|\n" + repeat("x|\n", 170000);
    const std::string guarded = defuse(input);
    BOOST_TEST(guarded.find("\\|-|-|") != std::string::npos);
    BOOST_TEST(count_of(defuse_and_render(input), "<td") == 0U);
}

BOOST_AUTO_TEST_CASE(many_columns_over_many_rows_break_the_table) {
    // 20 columns x 8 000 full rows (330 KB): 168 000 cells with the rows, over the
    // cap; each row is cheap to parse, so only the cells say no.
    const std::string row = repeat("|a", 20) + "|\n";
    const std::string input = row + repeat("|-", 20) + "|\n" + repeat(row, 8000);
    const std::string guarded = defuse(input);
    BOOST_TEST(guarded.find("\\|-|-|") == row.size());
    BOOST_TEST(same_lines(input, guarded));
    BOOST_TEST(count_of(render_html(input), "<td") == 0U);
}

BOOST_AUTO_TEST_CASE(tables_of_real_minutes_stay_tables) {
    // A few hundred rows of tens of columns, several of them in one document.
    std::string table = repeat("| colonne ", 30) + "|\n" + repeat("|:-------", 30) + "|\n";
    for (int i = 0; i < 300; ++i) {
        table += "| " + std::to_string(i) + " " + repeat("| valeur ", 29) + "|\n";
    }
    const std::string input = k_minutes + "\n" + table + "\nTexte.\n\n" + table + "\n" + table;
    BOOST_TEST(defuse(input) == input);
    BOOST_TEST(count_of(render_html(input), "<tr>") == 3U * 301U + 4U);
}

BOOST_AUTO_TEST_CASE(the_cell_cap_is_for_the_whole_document) {
    // Tables of 100 rows x 3 columns, one after another: the first ones stay,
    // those past the document's cap are text; lines never move.
    std::string one = "| a | b | c |\n|---|---|---|\n" + repeat("| x | y | z |\n", 99) + "\n";
    const std::string input = repeat(one, 2000);
    const std::string guarded = defuse(input);
    BOOST_TEST(same_lines(input, guarded));
    BOOST_TEST(only_insertions(input, guarded));
    BOOST_TEST(guarded.starts_with(one));
    const size_t broken = count_of(guarded, "\\|---|");
    BOOST_TEST(broken > 1000U);
    BOOST_TEST(broken < 2000U);
    const std::string html = render_html(input);
    BOOST_TEST(count_of(html, "<table>") == 2000U - broken);
}

BOOST_AUTO_TEST_CASE(a_broken_table_gives_its_cells_back_to_the_tables_after_it) {
    const std::string small = "| a | b |\n|---|---|\n| c | d |\n";
    const std::string input = small + "\n" + "a|b\n-|-\n" + repeat("x|\n", 350000) + "\n" + small;
    const std::string guarded = defuse(input);
    BOOST_TEST(guarded.starts_with(small + "\n" + "a|b\n\\-|-\n"));
    BOOST_TEST(guarded.ends_with("\n" + small));
    BOOST_TEST(count_of(render_html(input), "<table>") == 2U);
}

BOOST_AUTO_TEST_CASE(defusing_twice_changes_nothing_more) {
    const std::string small = "| a | b |\n|---|---|\n| c | d |\n";
    for (const std::string input : {small, k_minutes, "a|b\n-|-\n" + repeat("x|\n", 350000) + "\n" + small,
                                    repeat("|a", 3000) + "|\n" + repeat("|-", 3000) + "|\n" + repeat("x|\n", 1000)}) {
        const std::string once = defuse(input);
        BOOST_TEST(defuse(once) == once);
    }
}

BOOST_AUTO_TEST_CASE(repeated_failing_header_checks_break_the_block) {
    const std::string input = repeat("a|b|c\n|-|\n", 50000);
    const std::string guarded = defuse(input);
    BOOST_TEST(count_of(guarded, "\\|-|") > 40000U);
    const std::string html = defuse_and_render(input);
    BOOST_TEST(count_of(html, "a|b|c") == 50000U);

    // The same with a lone carriage return, which makes every header check fail.
    const std::string carriage = repeat("a\r|-|\n", 50000);
    BOOST_TEST(count_of(defuse(carriage), "\\|-|") > 40000U);
    defuse_and_render(carriage);
}

BOOST_AUTO_TEST_CASE(vertical_tab_delimiter_rows_count_as_delimiters) {
    const std::string input = repeat("aaa\rbbb\n-\v\n", 50000);
    BOOST_TEST(same_lines(input, defuse(input)));
    defuse_and_render(input);
}

BOOST_AUTO_TEST_CASE(urls_with_long_paren_tails_are_not_linkified) {
    for (const std::string prefix : {"www.a", "http://a", "https://example.org/"}) {
        const std::string input = prefix + repeat(")", 50000);
        const std::string guarded = defuse(input);
        BOOST_TEST(count_of(guarded, "www\\.") + count_of(guarded, "\\://") == 1U);
        const std::string html = defuse_and_render(input);
        BOOST_TEST(count_of(html, "<a ") == 0U);
        BOOST_TEST(count_of(html, prefix) == 1U);
        BOOST_TEST(count_of(html, ")") == 50000U);
    }
    // A normal URL with parentheses still links.
    const std::string wiki = "See https://en.wikipedia.org/wiki/Quorum_(law) now.\n";
    BOOST_TEST(defuse(wiki) == wiki);
    BOOST_TEST(count_of(render_html(wiki), "<a href") == 1U);
}

BOOST_AUTO_TEST_CASE(autolink_triggers_in_one_token_are_capped) {
    for (const std::string unit : {"_www.", "(www.a<", "http://a<", "*www.a<"}) {
        const std::string input = repeat(unit, 20000);
        const std::string guarded = defuse(input);
        BOOST_TEST(count_of(guarded, "\\") >= 20000U - 8U);
        const std::string html = defuse_and_render(input);
        BOOST_TEST(count_of(html, "www.") + count_of(html, "://") >= 20000U);
    }
}

BOOST_AUTO_TEST_CASE(long_email_runs_are_split_invisibly) {
    const std::string input = repeat("a@", 100000);
    const std::string guarded = defuse(input);
    BOOST_TEST(count_of(guarded, "\xE2\x80\x8B") == 100000U / 16U - (100000U % 16U == 0 ? 1U : 0U));
    BOOST_TEST(count_of(defuse_and_render(input), "@") == 100000U);

    const std::string entities = repeat("a&#64;", 50000);
    BOOST_TEST(count_of(defuse(entities), "\xE2\x80\x8B") > 3000U);
    BOOST_TEST(count_of(defuse_and_render(entities), "@") == 50000U);
}

BOOST_AUTO_TEST_CASE(escaped_at_signs_stay_escaped) {
    const std::string input = repeat("a\\@", 100);
    const std::string guarded = defuse(input);
    BOOST_TEST(guarded.find("\\\xE2\x80\x8B") == std::string::npos);
    BOOST_TEST(count_of(render_html(input), "\\") == 0U);
}

BOOST_AUTO_TEST_CASE(reference_expansion_is_bounded) {
    const std::string input = "[a]: /" + std::string(200000, 'x') + "\n\n" + repeat("[a] ", 100000);
    const std::string guarded = defuse(input);
    BOOST_TEST(guarded.find("[a]\\: /") != std::string::npos);
    const std::string html = defuse_and_render(input);
    BOOST_TEST(html.size() < 4 * input.size());
    BOOST_TEST(html.find("[a]: /xxx") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(reference_titles_count_toward_the_size) {
    const std::string input = "[a]: /u '" + repeat("long title\n", 20000) + "'\n\n" + repeat("[a] ", 50000);
    BOOST_TEST(defuse(input).find("[a]\\: /u") != std::string::npos);
    BOOST_TEST(render_html(input).size() < 4 * input.size());
}

BOOST_AUTO_TEST_CASE(classic_cmark_pathological_inputs_render) {
    // Shapes from cmark's test/pathological_tests.py: linear in this build, but
    // they must still go through the guard and the parser in one piece.
    const std::string shapes[] = {
        repeat("*a **a ", 20000) + "b" + repeat(" a** a*", 20000),
        repeat("a_ ", 30000),
        repeat("_a ", 30000),
        repeat("*a_ ", 30000),
        "a**b" + repeat("c* ", 30000),
        repeat("[ a_", 30000),
        repeat("[ (](", 30000),
        repeat("a]", 30000),
        repeat("[a", 30000),
        repeat("[", 30000) + "a" + repeat("]", 30000),
        repeat("[a](<b", 20000),
        repeat("[a](b", 20000),
        repeat("~~a ", 30000),
        repeat("`a``a```a", 10000),
    };
    for (const std::string& input : shapes) {
        defuse_and_render(input);
    }
}

// --- check_input -----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(check_input_accepts_empty_and_normal_text) {
    BOOST_TEST(check_input("").has_value());
    BOOST_TEST(check_input(k_minutes).has_value());
}

BOOST_AUTO_TEST_CASE(check_input_rejects_nul_bytes) {
    const auto result = check_input(std::string_view("abc\0def", 7));
    BOOST_REQUIRE(!result.has_value());
    BOOST_TEST(result.error().code == "binary");
}

BOOST_AUTO_TEST_CASE(check_input_rejects_more_than_16_mib) {
    const std::string at_limit(k_max_document_bytes, 'a');
    BOOST_TEST(check_input(at_limit).has_value());
    const std::string over(k_max_document_bytes + 1, 'a');
    const auto result = check_input(over);
    BOOST_REQUIRE(!result.has_value());
    BOOST_TEST(result.error().code == "too_large");
}

BOOST_AUTO_TEST_SUITE_END()
