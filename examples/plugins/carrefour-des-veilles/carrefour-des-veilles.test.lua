local MINUTES = [[
# Rencontre du Groupe de travail Numérique — 12 novembre 2026

Présent·e·s : Karim Benali (Nuage boréal), Claire Dubois (Ville de Lyon), Amadou Diallo (Tiers-lieu du Rize)

## Carrefour des veilles

Karim Benali (Nuage boréal) : l'ADEME publie son rapport sur la sobriété numérique <https://ademe.fr/sobriete>.

- la coopérative Commown ouvre un atelier de réparation à Strasbourg
- [Mobilizon 4 est sorti](https://framablog.org/mobilizon-4)

Claire Dubois : l'appel à projets « Communs numériques » de la région ferme le 15 décembre.

Amadou Diallo : rien cette fois.

## Divers

Karim Benali : ceci n'est pas de la veille, c'est un point divers.
]]

return {
  ["the digest lists each person's shares under their name"] = function()
    local result = test.summary(MINUTES, { language = "fr" })
    test.equal(#result.sections, 1)
    local section = result.sections[1]
    test.equal(section.title, "Carrefour des veilles")
    local md = section.markdown
    test.is_true(md:find("**Karim Benali**", 1, true), "Karim's heading")
    test.is_true(md:find("rapport sur la sobriété numérique", 1, true), "Karim's first share")
    test.is_true(md:find("<https://framablog.org/mobilizon-4>", 1, true), "a link keeps its target")
    test.is_true(md:find("Commown", 1, true), "a list item under a speaker is theirs")
    test.is_true(md:find("**Claire Dubois**", 1, true), "Claire's heading")
    test.is_true(md:find("15 décembre", 1, true), "Claire's share")
  end,

  ["people appear in the order they spoke, each once"] = function()
    local md = test.summary(MINUTES, { language = "fr" }).sections[1].markdown
    local karim = md:find("**Karim Benali**", 1, true)
    local claire = md:find("**Claire Dubois**", 1, true)
    test.is_true(karim < claire, "Karim spoke first")
    test.is_nil(md:find("**Karim Benali**", karim + 1, true), "one heading per person")
  end,

  ["what is said outside the round is left out"] = function()
    local md = test.summary(MINUTES, { language = "fr" }).sections[1].markdown
    test.is_nil(md:find("point divers", 1, true))
  end,

  ["minutes without a round add no section"] = function()
    local result = test.summary("# Réunion\n\n## Budget\n\nKarim Benali : on valide.\n", { language = "fr" })
    test.is_nil(result)
  end,

  ["a long share is cut between words"] = function()
    local long = string.rep("numérique ", 60)
    local md = test.summary("# R\n\nPrésent·e·s : Karim Benali\n\n## Veille\n\nKarim Benali : " .. long .. "\n",
                            { language = "fr" }).sections[1].markdown
    local line = md:match("\n%- ([^\n]*)")
    test.is_true(#line <= 280 + #"…", "cut to the option's bytes")
    test.is_true(line:find("…$"), "marked as cut")
    test.is_true(utf8.len(line) ~= nil, "still valid UTF-8")
  end,
}
