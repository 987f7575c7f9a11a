#include "scripting/document_binding.hpp"

#include "markdown/document.hpp"
#include "scripting/sandbox.hpp"

#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

using namespace quorum;

namespace {

// Minutes in our own words with one block of each kind the binding describes.
constexpr std::string_view k_minutes = R"md(# Réunion du bureau

Ana : on relit **le budget**, voir [le tableur](https://example.org/budget) et <https://example.org/b>.

1. premier point
2. second point

- [x] envoyer la convocation
- [ ] réserver la salle

> une citation

| Nom | Rôle |
|---|---|
| Ana | présidente |

```
du code
```
)md";

struct Fixture {
    markdown::Document document;
    scripting::DocumentView view;
    Fixture(std::string_view markdown = k_minutes) {
        auto parsed = markdown::parse(markdown);
        BOOST_REQUIRE(parsed);
        document = std::move(*parsed);
        view.document = &document;
        view.language = "fr";
        view.date = "2026-12-07";
        view.title = "Réunion du bureau";
        view.participants = {{"Ana Lopez", "Bureau"}};
        view.section_titles = {"Réunion du bureau", "Échanges"};
        view.section_is_chat = {false, true};
        view.block_sections.assign(document.blocks.size(), 0);
        view.block_sections[0] = -1;
        view.block_sections.back() = 1; // the code block: in a chat section
        view.block_speakers.assign(document.blocks.size(), "");
        view.block_speakers[1] = "Ana Lopez";
    }
};

// Runs `source` as a function of doc; returns its string result or the error.
std::string run(scripting::Sandbox& sandbox, const scripting::DocumentBinding& binding, std::string_view source) {
    auto loaded = sandbox.load(source, "=test");
    BOOST_REQUIRE(loaded);
    binding.push(sandbox.state());
    auto called = sandbox.call(1, 1);
    if (!called) {
        return "error: " + called.error().message;
    }
    const char* value = lua_tostring(sandbox.state(), -1);
    std::string out = value ? value : "";
    lua_pop(sandbox.state(), 1);
    return out;
}

// Every field of every block, read by name and listed by pairs; both must agree.
constexpr std::string_view k_dump = R"lua(
local doc = ...
local keys = { "kind", "text", "line", "end_line", "level", "index", "section", "chat", "speaker", "in_quote",
               "strong", "ordered", "number", "checked", "cells", "header", "links" }
local function show(v)
  if type(v) ~= "table" then return tostring(v) end
  local parts = {}
  for i, x in ipairs(v) do
    if type(x) == "table" then
      parts[i] = "{" .. x.url .. "|" .. x.text .. "|" .. x.line .. "|" .. tostring(x.autolink) .. "|" .. tostring(x.image) .. "}"
    else
      parts[i] = x
    end
  end
  return "[" .. table.concat(parts, ",") .. "]"
end
local out = {}
for i, block in ipairs(doc.blocks) do
  local read, listed = {}, {}
  for _, k in ipairs(keys) do
    if block[k] ~= nil then read[#read + 1] = k .. "=" .. show(block[k]) end
  end
  for k, v in pairs(doc.blocks[i]) do listed[#listed + 1] = k .. "=" .. show(v) end
  table.sort(read)
  table.sort(listed)
  local a, b = table.concat(read, " "), table.concat(listed, " ")
  if a ~= b then error("block " .. i .. ": read " .. a .. " but pairs " .. b) end
  out[#out + 1] = type(block) .. " " .. a
end
return #doc.blocks .. "\n" .. table.concat(out, "\n")
)lua";

} // namespace

BOOST_AUTO_TEST_SUITE(scripting_document_binding_test)

BOOST_AUTO_TEST_CASE(plugins_see_every_field_of_every_block) {
    Fixture fixture;
    scripting::DocumentBinding binding(fixture.view);
    scripting::Sandbox sandbox;
    BOOST_CHECK_EQUAL(
        run(sandbox, binding, k_dump),
        "10\n"
        "table end_line=1 index=1 kind=heading level=1 line=1 text=Réunion du bureau\n"
        "table end_line=3 index=2 kind=paragraph level=0 line=3 links=[{https://example.org/budget|le "
        "tableur|3|false|false},"
        "{https://example.org/b|https://example.org/b|3|true|false}] section=Réunion du bureau speaker=Ana Lopez "
        "strong=true "
        "text=Ana : on relit le budget, voir le tableur et https://example.org/b.\n"
        "table end_line=5 index=3 kind=list_item level=1 line=5 number=1 ordered=true section=Réunion du bureau "
        "text=premier point\n"
        "table end_line=6 index=4 kind=list_item level=1 line=6 number=2 ordered=true section=Réunion du bureau "
        "text=second point\n"
        "table checked=true end_line=8 index=5 kind=list_item level=1 line=8 ordered=false section=Réunion du bureau "
        "text=envoyer la convocation\n"
        "table checked=false end_line=9 index=6 kind=list_item level=1 line=9 ordered=false section=Réunion du bureau "
        "text=réserver la salle\n"
        "table end_line=11 in_quote=true index=7 kind=paragraph level=0 line=11 section=Réunion du bureau text=une "
        "citation\n"
        "table cells=[Nom,Rôle] end_line=13 header=true index=8 kind=table_row level=0 line=13 section=Réunion du "
        "bureau "
        "text=Nom\tRôle\n"
        "table cells=[Ana,présidente] end_line=15 header=false index=9 kind=table_row level=0 line=15 "
        "section=Réunion du bureau text=Ana\tprésidente\n"
        "table chat=true end_line=19 index=10 kind=code level=0 line=17 section=Échanges text=du code");
}

// A plugin that reads one field of one block of a long document pays for that
// block and that field, not for the document.
BOOST_AUTO_TEST_CASE(a_plugin_pays_only_for_what_it_reads) {
    std::string long_minutes;
    for (int i = 1; i <= 2000; ++i) {
        long_minutes +=
            "Paragraphe " + std::to_string(i) + " avec un lien https://example.org/" + std::to_string(i) + "\n\n";
    }
    Fixture fixture(long_minutes);
    BOOST_REQUIRE_EQUAL(fixture.document.blocks.size(), 2000u);
    scripting::DocumentBinding binding(fixture.view);
    scripting::Sandbox sandbox;
    BOOST_CHECK_EQUAL(run(sandbox, binding, "local doc = ... return #doc.blocks .. ' ' .. doc.blocks[1500].text"),
                      "2000 Paragraphe 1500 avec un lien https://example.org/1500");
    BOOST_CHECK_EQUAL(binding.blocks_made(), 1u);
    BOOST_CHECK_EQUAL(binding.fields_read(), 1u);

    // A loop over every block that reads only the kind reads one field per block.
    BOOST_CHECK_EQUAL(run(sandbox, binding, R"lua(
local doc = ...
local n = 0
for _, block in ipairs(doc.blocks) do if block.kind == "paragraph" then n = n + 1 end end
return tostring(n))lua"),
                      "2000");
    BOOST_CHECK_EQUAL(binding.blocks_made(), 2001u);
    BOOST_CHECK_EQUAL(binding.fields_read(), 2001u);
}

// Blocks behave as the plain tables they always were: fresh on each access, one
// cells and links table per block, writable, and complete once written.
BOOST_AUTO_TEST_CASE(blocks_still_behave_as_plain_tables) {
    Fixture fixture;
    scripting::DocumentBinding binding(fixture.view);
    scripting::Sandbox sandbox;
    BOOST_CHECK_EQUAL(run(sandbox, binding, R"lua(
local doc = ...
local row = doc.blocks[8]
local out = {}
out[#out + 1] = tostring(doc.blocks[8] ~= doc.blocks[8])
out[#out + 1] = tostring(row.cells == row.cells) .. tostring(rawequal(row.cells, row.cells))
row.cells[1] = "Prénom"
out[#out + 1] = row.cells[1] .. "/" .. doc.blocks[8].cells[1]
local heading = doc.blocks[1]
heading.text = "autre titre"
heading.section = "ajoutée"
heading.level = nil
out[#out + 1] = heading.text .. "/" .. heading.section .. "/" .. tostring(heading.level) .. "/" .. heading.kind
out[#out + 1] = tostring(rawget(heading, "kind")) .. "/" .. tostring(getmetatable(heading))
out[#out + 1] = tostring(#row) .. tostring(row[1]) .. tostring(row.nothing) .. tostring(doc.blocks[1][true])
local ok, message = pcall(setmetatable, doc.blocks[2], {})
out[#out + 1] = tostring(ok)
ok, message = pcall(function() doc.blocks[1] = {} end)
out[#out + 1] = tostring(ok) .. " " .. tostring(message):gsub("^.-: ", "")
return table.concat(out, "\n"))lua"),
                      "true\n"
                      "truetrue\n"
                      "Prénom/Nom\n"
                      "autre titre/ajoutée/nil/heading\n"
                      "heading/nil\n"
                      "0nilnilnil\n"
                      "false\n"
                      "false doc.blocks is read-only");
}

// A block kept past the call is no way into freed memory.
BOOST_AUTO_TEST_CASE(a_block_kept_after_the_call_raises_an_error) {
    scripting::Sandbox sandbox;
    {
        Fixture fixture;
        scripting::DocumentBinding binding(fixture.view);
        BOOST_CHECK_EQUAL(run(sandbox, binding,
                              "local doc = ... kept, kept_text = doc.blocks[2], doc.blocks[2].text return kept_text"),
                          "Ana : on relit le budget, voir le tableur et https://example.org/b.");
    }
    auto loaded = sandbox.load("return kept.text", "=later");
    BOOST_REQUIRE(loaded);
    auto called = sandbox.call(0, 1);
    BOOST_REQUIRE(!called);
    BOOST_CHECK(called.error().message.find("no longer available") != std::string::npos);
}

// Lists a set of doc.people as sorted, comma-separated words.
constexpr std::string_view k_people = R"lua(
local doc = ...
local people = doc.people
if not rawequal(people, doc.people) then error("doc.people made twice in one call") end
local out = { "known=" .. tostring(people.known) }
for _, field in ipairs({ "full", "part", "nickname", "initials" }) do
  local words = {}
  for word, value in pairs(people[field]) do
    if value ~= true then error(field .. "[" .. word .. "] is not true") end
    words[#words + 1] = word
  end
  table.sort(words)
  out[#out + 1] = field .. "=" .. table.concat(words, ",")
end
return table.concat(out, " ")
)lua";

BOOST_AUTO_TEST_CASE(doc_people_indexes_names_words_pieces_nicknames_and_initials) {
    scripting::Sandbox sandbox;
    Fixture fixture;
    fixture.view.participants = {{"Jean-Noé Roy", "Facil"},
                                 {"Hadrian Zbarcea", "Université Laval"}, // two words: no nickname
                                 {"Élodie", "Bureau, Montréal"},          // one word: no initials; a comma: no nickname
                                 {"", "Ghost"},                           // no name: nothing of it
                                 {"Anne Marie-Claire de la Tour", "x.org"}};
    scripting::DocumentBinding binding(fixture.view);
    BOOST_CHECK_EQUAL(run(sandbox, binding, k_people),
                      "known=true full=anne marie-claire de la tour,elodie,hadrian zbarcea,jean-noe roy "
                      "part=anne,claire,de,elodie,hadrian,jean,jean-noe,la,marie,marie-claire,noe,roy,tour,zbarcea "
                      "nickname=facil initials=hz,jr");
}

BOOST_AUTO_TEST_CASE(doc_people_comes_from_the_view_when_it_holds_one) {
    scripting::Sandbox sandbox;
    Fixture fixture;
    fixture.view.participants = {};
    BOOST_CHECK_EQUAL(run(sandbox, scripting::DocumentBinding(fixture.view), k_people),
                      "known=false full= part= nickname= initials=");
    // made once per document by the pipeline: the binding hands out that index, not its own
    fixture.view.people =
        std::make_shared<const scripting::DocumentView::People>(scripting::index_people({{"Ana Lopez", "Ana"}}));
    BOOST_CHECK_EQUAL(run(sandbox, scripting::DocumentBinding(fixture.view), k_people),
                      "known=true full=ana lopez part=ana,lopez nickname=ana initials=al");
}

BOOST_AUTO_TEST_CASE(doc_people_read_after_the_call_raises_an_error) {
    scripting::Sandbox sandbox;
    {
        Fixture fixture;
        scripting::DocumentBinding binding(fixture.view);
        BOOST_CHECK_EQUAL(run(sandbox, binding, "kept_doc = ... return kept_doc.title"), "Réunion du bureau");
    }
    auto loaded = sandbox.load("return kept_doc.people", "=later");
    BOOST_REQUIRE(loaded);
    auto called = sandbox.call(0, 1);
    BOOST_REQUIRE(!called);
    BOOST_CHECK(called.error().message.find("no longer available") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
