-- Tests for the resources plugin: each runs the real handler over Markdown read by the real host.

local function en(body) return test.extract("# Call\n\nDate: October 14, 2026\n\n" .. body, { language = "en" }) end
local function fr(body) return test.extract("Rencontre\n\n12 novembre 2026\n\n" .. body, { language = "fr" }) end

local function count(result, fields)
  local n = 0
  for _, resource in ipairs(result.resources or {}) do
    local matches = true
    for k, v in pairs(fields or {}) do
      if resource[k] ~= v then matches = false end
    end
    if matches then n = n + 1 end
  end
  return n
end

return {
  ["a Markdown link keeps its text as title and its line"] = function()
    local result = en("Intro.\n\nThe [Editor's Draft](https://openminutes.example.org/vocab/ed/) is stable.\n")
    local link = test.find(result.resources, { url = "https://openminutes.example.org/vocab/ed/" })
    test.equal(link.title, "Editor's Draft")
    test.equal(link.kind, "link")
    test.equal(link.line, 7)
    test.equal(count(result), 1)
  end,

  ["autolinks and bare URLs are links, once per block"] = function()
    local result = fr("Voir <https://yunohost.org/fr/> et https://yunohost.org/fr/ encore.\n")
    test.equal(count(result, { url = "https://yunohost.org/fr/" }), 1)
  end,

  ["a bare URL in parentheses does not keep the closing parenthesis"] = function()
    local result = fr("Un annuaire (https://www.chatons.org/) ; et la fin.\n")
    test.is_true(test.find(result.resources, { url = "https://www.chatons.org/" }))
    test.equal(count(result), 1)
  end,

  ["a bare URL followed by a comma or a period stops before it"] = function()
    local result = en("See the spec, https://www.rfc-editor.org/rfc/rfc5545, in particular.\n\nAlso https://example.org/a.\n")
    test.is_true(test.find(result.resources, { url = "https://www.rfc-editor.org/rfc/rfc5545" }))
    test.is_true(test.find(result.resources, { url = "https://example.org/a" }))
  end,

  ["a URL with balanced parentheses keeps them"] = function()
    local result = en("Read https://en.wikipedia.org/wiki/Lua_(programming_language) first.\n")
    test.is_true(test.find(result.resources, { url = "https://en.wikipedia.org/wiki/Lua_(programming_language)" }))
  end,

  ["a bare URL inside a table cell is found"] = function()
    local result = en("| Item | Where |\n| --- | --- |\n| Budget | see https://example.org/budget. |\n")
    test.is_true(test.find(result.resources, { url = "https://example.org/budget" }))
  end,

  ["links whose target is missing are kept with missing_url and their text as title"] = function()
    local result = fr("Les idées sont dans [le document de travail](#) et [la grille budgétaire]().\n")
    local work = test.find(result.resources, { title = "le document de travail" })
    test.equal(work.missing_url, true)
    test.equal(work.url, "")
    test.equal(work.kind, "link", "a description, not a title")
    test.is_true(test.find(result.resources, { title = "la grille budgétaire", missing_url = true }))
  end,

  ["a missing-target link that is a document title is a document"] = function()
    local result = fr("La sobriété est dans la [Charte des données numériques de Montréal](#) (p 9).\n\n" ..
                      "[Étude du CÉRSÉ sur le financement des entreprises.](#)\n\n" ..
                      "The [implementation report](#) is a draft.\n")
    test.equal(test.find(result.resources, { title = "Charte des données numériques de Montréal" }).kind, "document")
    test.equal(test.find(result.resources, { title = "Étude du CÉRSÉ sur le financement des entreprises" }).kind,
               "document")
    test.equal(test.find(result.resources, { title = "implementation report" }).kind, "link")
  end,

  ["a quoted link after 'document' is one document with missing_url"] = function()
    local result = fr("Voir document « [Hébergement mutualisé — note de cadrage](#) ».\n")
    test.equal(count(result), 1)
    local document = result.resources[1]
    test.equal(document.kind, "document")
    test.equal(document.title, "Hébergement mutualisé — note de cadrage")
    test.equal(document.missing_url, true)
  end,

  ["a document named in guillemets after 'la charte' has no url"] = function()
    local result = fr("Amélie présente la charte « Principes de participation du GT », envoyée le 5 novembre.\n")
    local document = test.find(result.resources, { kind = "document" })
    test.equal(document.title, "Principes de participation du GT")
    test.equal(document.url, "")
    test.is_nil(document.missing_url, "named without a link: nothing is missing")
  end,

  ["documents in straight and curly quotes after report, étude, white paper"] = function()
    local result = en("We read the report \"Annual Review 2025\" and the white paper “Open Minutes”.\n\n" ..
                      "Une étude sur « le soutien financier adapté » est en cours.\n")
    test.is_true(test.find(result.resources, { title = "Annual Review 2025", kind = "document" }))
    test.is_true(test.find(result.resources, { title = "Open Minutes", kind = "document" }))
    test.is_true(test.find(result.resources, { title = "le soutien financier adapté", kind = "document" }))
  end,

  ["quotations and scare quotes are not documents"] = function()
    local result = fr("Elle écrit qu'il s'agit du « pouvoir de commandement dans un monde numérique ». " ..
                      "Le numérique a une vocation à « disparaître ». The notion of \"sovereignty\" is vague.\n")
    test.equal(count(result), 0)
  end,

  ["an APA citation gives a citation titled by the work"] = function()
    local result = fr("Fortier, J. & Lavoie-Duchesne, M. (2023). Infrastructures partagées et autonomie des " ..
                      "organismes communautaires. *Revue québécoise d'action collective*, 12(3), 45-67.\n")
    local citation = test.find(result.resources, { kind = "citation" })
    test.equal(citation.title, "Infrastructures partagées et autonomie des organismes communautaires")
    test.equal(citation.url, "")
    test.is_nil(citation.missing_url, "no link at all: nothing is missing")
    test.equal(count(result), 1)
  end,

  ["a citation whose title is a question, with a missing link, is one citation"] = function()
    local result = en("Couture, S. & Toupin, S. (2019). [What does the notion of \"sovereignty\" mean when referring " ..
                      "to the digital?](#) *New Media & Society*. 21(10), 2305-2322.\n")
    test.equal(count(result), 1)
    local citation = result.resources[1]
    test.equal(citation.kind, "citation")
    test.equal(citation.title, "What does the notion of \"sovereignty\" mean when referring to the digital?")
    test.equal(citation.missing_url, true, "its link has no target")
  end,

  ["a citation takes the URL written in it"] = function()
    local result = en("Nom, A. & Autre, B. (2020). Titre de l'article. Revue, 12(3), 45-67. https://doi.org/10.1000/xyz\n")
    local citation = test.find(result.resources, { kind = "citation" })
    test.equal(citation.url, "https://doi.org/10.1000/xyz")
    test.equal(citation.title, "Titre de l'article")
    test.equal(count(result), 1)
  end,

  ["a speaker line with a year in parentheses is not a citation"] = function()
    local result = fr("Karim Benali (Nuage boréal) : la coopérative (2024) exploite deux serveurs.\n")
    test.equal(count(result), 0)
  end,

  ["MeetBot #link gives the title written after the URL"] = function()
    local result = en("#link https://github.com/openminutes/vocab/pull/212 Pull request #212 — duration property\n")
    local link = test.find(result.resources, { url = "https://github.com/openminutes/vocab/pull/212" })
    test.equal(link.title, "Pull request #212 — duration property")
  end,

  ["relative links are kept; a PDF is a document"] = function()
    local result = en("See [the budget](docs/budget-2027.pdf) and [notes](notes/2026-10).\n")
    test.equal(test.find(result.resources, { url = "docs/budget-2027.pdf" }).kind, "document")
    test.equal(test.find(result.resources, { url = "notes/2026-10" }).kind, "link")
  end,

  ["mail addresses and in-page anchors are not resources"] = function()
    local result = en("Write to [us](mailto:a@b.org), see [above](#agenda).\n")
    test.equal(count(result), 0)
  end,

  ["an image embed is a resource titled by its alt text, or its URL"] = function()
    local result = fr("![Affiche du forum](https://example.org/img/affiche.png)\n\n![](/uploads/salle-12.jpeg)\n")
    test.equal(test.find(result.resources, { url = "https://example.org/img/affiche.png" }).title, "Affiche du forum")
    test.equal(test.find(result.resources, { url = "/uploads/salle-12.jpeg" }).title, "/uploads/salle-12.jpeg")
    test.equal(count(result), 2)
  end,

  ["an image inside a link gives the image and the link"] = function()
    local result = en("[![Poster](https://cdn.example.org/poster-150x150.jpg)](https://example.org/poster.jpg) Opening.\n")
    test.is_true(test.find(result.resources, { url = "https://cdn.example.org/poster-150x150.jpg" }))
    test.is_true(test.find(result.resources, { url = "https://example.org/poster.jpg" }))
    test.equal(count(result), 2)
  end,

  ["a link whose target starts with a site template is kept as written"] = function()
    local result = fr("* Présidente : Lina Morel [@lina]({{ site.url }}/membres/lina/)\n" ..
      "* La liste est [ici]({{ site.url }}/asso/ \"L'asso\" ), et [@lina]({{ site.url }}/membres/lina/) encore.\n" ..
      "* Le wiki : <{{ site.url }}/wiki/index.php?title=Atelier>\n")
    local lina = test.find(result.resources, { url = "{{ site.url }}/membres/lina/" })
    test.equal(lina.title, "@lina")
    test.equal(lina.line, 5)
    test.equal(test.find(result.resources, { url = "{{ site.url }}/asso/" }).title, "ici")
    test.is_true(test.find(result.resources, { url = "{{ site.url }}/wiki/index.php?title=Atelier" }))
    test.equal(count(result, { url = "{{ site.url }}/membres/lina/" }), 2, "one per block; the host merges them")
  end,

  ["a bare URL ends before a parenthesis it did not open"] = function()
    local result = fr("Un label (voir <https://label.example.org/>):[@kim]({{ site.url }}/membres/kim/) en parle.\n")
    test.is_true(test.find(result.resources, { url = "https://label.example.org/" }))
    test.equal(count(result), 2)
  end,

  ["YAML front matter is metadata, not the minutes' text"] = function()
    local result = test.extract("---\ntitle: Réunion du 3 mars\ncover: https://example.org/cover.jpg\ntags:\n  - cr\n---\n\n" ..
      "# Réunion\n\nVoir https://example.org/notes et le ![plan](https://example.org/plan.png).\n", { language = "fr" })
    test.is_nil(test.find(result.resources, { url = "https://example.org/cover.jpg" }))
    test.is_true(test.find(result.resources, { url = "https://example.org/notes" }))
    test.is_true(test.find(result.resources, { url = "https://example.org/plan.png" }))
    local closed = test.extract("---\nauthor: kim\nimage: https://example.org/cover.jpg\n---\nSee https://example.org/a\n",
      { language = "en" })
    test.is_nil(test.find(closed.resources, { url = "https://example.org/cover.jpg" }))
    test.is_true(test.find(closed.resources, { url = "https://example.org/a" }))
  end,

  ["TOML front matter is skipped too"] = function()
    local result = test.extract("+++\ntitle = \"Minutes\"\nimage = \"https://example.org/cover.jpg\"\n+++\n" ..
      "The board met; see https://example.org/b\n", { language = "en" })
    test.is_nil(test.find(result.resources, { url = "https://example.org/cover.jpg" }))
    test.equal(test.find(result.resources, { url = "https://example.org/b" }).line, 5)
  end,

  ["a key: value paragraph that is no front matter is read"] = function()
    local result = en("Notes: https://example.org/pad\n")
    test.is_true(test.find(result.resources, { url = "https://example.org/pad" }))
  end,

  ["links in code blocks are ignored, links in chat are kept"] = function()
    local result = fr("```\nhttps://example.org/code\n```\n\nSUR LE CHAT...\n\n- la doc est ici : https://docs.nextcloud.com/\n")
    test.is_nil(test.find(result.resources, { url = "https://example.org/code" }))
    test.is_true(test.find(result.resources, { url = "https://docs.nextcloud.com/" }))
  end,

  ["a URL written in inline code, which is no link, is still found"] = function()
    local result = en("The endpoint is `https://api.example.org/v1/minutes`; www.example.org too.\n")
    test.is_true(test.find(result.resources, { url = "https://api.example.org/v1/minutes" }))
    test.equal(count(result), 2, "the www. autolink is not returned twice")
  end,

  ["a bare URL on the second line of a paragraph gets that line"] = function()
    local result = en("First line\nsecond line https://example.org/x\n")
    test.equal(test.find(result.resources, { url = "https://example.org/x" }).line, 6)
  end,

  ["governance documents named in French prose are documents without a URL"] = function()
    local result = fr("Le trésorier présente le rapport\nfinancier, puis Inès lit le bilan moral du Président.\n\n" ..
      "La modification des statuts est adoptée ; le règlement intérieur sera revu.\n")
    local report = test.find(result.resources, { title = "rapport financier" })
    test.equal(report.kind, "document")
    test.equal(report.url, "")
    test.is_nil(report.missing_url)
    test.equal(report.line, 5)
    test.is_true(test.find(result.resources, { title = "bilan moral du Président" }))
    test.is_true(test.find(result.resources, { title = "statuts" }))
    test.is_true(test.find(result.resources, { title = "règlement intérieur" }))
    test.equal(count(result), 4)
  end,

  ["statuts, rapport and bilan need their governance sense"] = function()
    local result = fr("On pourrait ajouter des statuts supplémentaires aux tickets, par rapport aux besoins.\n\n" ..
      "Nous avons fait un bilan de l'année, et l'association loi 1901 continue.\n")
    test.equal(count(result), 0)
  end,

  ["one document mentioned several times is one title; the longest mention names it"] = function()
    local result = fr("3. Rapport d’activité de l’association\n4. Questions diverses\n\nLe rapport d'activité est voté.\n")
    test.equal(count(result, { title = "Rapport d'activité de l'association" }), 2, "apostrophes read as '")
    test.equal(count(result), 2)
  end,

  ["a heading is a section's title, not a mention"] = function()
    local result = fr("## Bilan moral\n\nLe bilan est approuvé.\n")
    test.equal(count(result), 0)
  end,

  ["minutes of earlier meetings and reports in an approval line"] = function()
    local result = en("Carried: the agenda, the March Minutes and the Treasurer’s Report, all approved.\n\n" ..
      "We confirmed the minutes from the last meeting (held on 3 May).\n")
    test.is_true(test.find(result.resources, { title = "March Minutes" }))
    test.is_true(test.find(result.resources, { title = "Treasurer's Report" }))
    test.is_true(test.find(result.resources, { title = "minutes from the last meeting" }))
    test.equal(count(result), 3)
  end,

  ["durations and the minutes being read are not documents"] = function()
    local result = en("We spent 30 minutes on it, then a few minutes more.\n\nSee the notes in these minutes.\n\n" ..
      "Quorum stores the minutes of a real meeting.\n\nMinutes were parsed.\n")
    test.equal(count(result), 0)
  end,

  ["'Approval of minutes' alone is a document; beside dated minutes it is those"] = function()
    local alone = en("Approval of minutes: done.\n")
    test.is_true(test.find(alone.resources, { title = "minutes" }))
    local dated = en("Approval of minutes:\n\n- the 4/12 minutes were approved.\n")
    test.is_nil(test.find(dated.resources, { title = "minutes" }))
    test.is_true(test.find(dated.resources, { title = "4/12 minutes" }))
    test.equal(count(dated), 1)
  end,

  ["constitution, charter, spec and code of conduct take the names before them"] = function()
    local result = en("The existing constitution is silent. HZ will ask about the WG charter.\n\n" ..
      "The code uses an early Acme-ID spec; this needs some spec work and a constitutional amendment.\n\n" ..
      "Everyone follows the Acme Code of Conduct.\n")
    test.is_true(test.find(result.resources, { title = "constitution" }))
    test.is_true(test.find(result.resources, { title = "WG charter" }))
    test.is_true(test.find(result.resources, { title = "Acme-ID spec" }))
    test.is_true(test.find(result.resources, { title = "Acme Code of Conduct" }))
    test.equal(count(result), 4)
  end,

  ["specifications cited by prefix and number"] = function()
    local result = en("Dates follow ISO 8601 and RFC 9110; see PEP 8, EIP-1559 and [RFC 3339](https://example.org/rfc3339).\n")
    for _, title in ipairs({ "ISO 8601", "RFC 9110", "PEP 8", "EIP-1559" }) do
      test.equal(test.find(result.resources, { title = title }).kind, "document", title)
    end
    test.is_nil(test.find(result.resources, { title = "RFC 3339", kind = "document" }), "the link is the document")
    test.equal(count(result), 5)
  end,

  ["a policy needs a kind; two wordings of one policy are one document"] = function()
    local result = en("- Trademark use policy - Ana to draft it.\n- Ana to mail the trademark policy draft.\n" ..
      "- The new policy is fine.\n")
    test.equal(count(result, { title = "Trademark use policy" }), 2)
    test.equal(count(result), 2)
  end,

  ["a named document that the minutes link is the link"] = function()
    local result = fr("- Code de conduite\n  - https://forum.example.org/t/code-de-conduite-du-forum/12\n\n" ..
      "Read the Acme Antitrust Policy available at [example.org/antitrust](https://example.org/antitrust).\n")
    test.equal(count(result), 2)
    test.equal(count(result, { kind = "document" }), 0)
  end,

  ["a named document is the link whose words hold its name together, among many links"] = function()
    local links = {}
    for i = 1, 30 do links[i] = "- https://example.org/page-" .. i .. "\n" end
    local body = "- Code de conduite\n- La charte graphique\n\n" .. table.concat(links) ..
      "- https://forum.example.org/t/code-de-conduite/12\n- https://example.org/charte\n- https://example.org/graphique\n"
    local result = fr(body)
    test.equal(count(result, { kind = "link" }), 33)
    -- "code de conduite" stands in one link; "charte" and "graphique" only in two different ones
    test.is_nil(test.find(result.resources, { title = "Code de conduite" }))
    test.equal(test.find(result.resources, { kind = "document" }).title, "charte graphique")
    test.equal(count(result, { kind = "document" }), 1)
    -- without the links, both are documents
    test.equal(count(fr("- Code de conduite\n- La charte graphique\n"), { kind = "document" }), 2)
  end,

  ["French minutes of an earlier meeting, not the present one"] = function()
    local result = fr("Approbation du PV de la dernière réunion.\n\nIl est dressé le présent procès-verbal.\n")
    test.is_true(test.find(result.resources, { title = "PV de la dernière réunion" }))
    test.equal(count(result), 1)
  end,

  ["laws, the RGPD, and RI for the règlement intérieur"] = function()
    local result = fr("Nous devons respecter la loi Informatique et Libertés, comme le RGPD.\n\n- Révision de nos statuts/RI\n")
    test.is_true(test.find(result.resources, { title = "loi Informatique et Libertés" }))
    test.is_true(test.find(result.resources, { title = "RGPD" }))
    test.is_true(test.find(result.resources, { title = "RI (règlement intérieur)" }))
    test.equal(count(result), 4)
  end,

  ["a charter with its determiner or its kind; a quoted charter names the others"] = function()
    local plain = fr("Une charte commune existe ailleurs. Nous adoptons notre charte de participation.\n")
    test.is_true(test.find(plain.resources, { title = "charte de participation" }))
    test.equal(count(plain), 1)
    local quoted = fr("Lou présente la charte « Règles du jardin partagé ».\n\nLa charte de participation est adoptée.\n")
    test.is_true(test.find(quoted.resources, { title = "Règles du jardin partagé" }))
    test.equal(count(quoted), 1)
  end,

  ["an acronym before 'document' names it; a size does not"] = function()
    local result = en("Review the KPI document from TSC before Friday. A 10 MB document is slow.\n")
    test.is_true(test.find(result.resources, { title = "KPI document from TSC" }))
    test.equal(count(result), 1)
  end,

  ["the issue's examples: statuts of a year, the PV of the AG, an annual report of a year"] = function()
    local fr_result = fr("Nous relisons les statuts de 2019 et le PV de l'AG.\n")
    test.is_true(test.find(fr_result.resources, { title = "statuts de 2019" }))
    test.is_true(test.find(fr_result.resources, { title = "PV de l'AG" }))
    test.equal(count(fr_result), 2)
    local en_result = en("Kim presented the 2024 annual report.\n")
    test.is_true(test.find(en_result.resources, { title = "2024 annual report" }))
  end,

  ["a day beside a month dates minutes; a URL after a comma is the document named before it"] = function()
    local result = en("| 2 | Approval of the agenda and of the May 14 minutes | Kim |\n|---|---|---|\n\n" ..
      "The reference is the vCard specification, https://example.org/rfc/vcard, section 3.\n")
    test.is_true(test.find(result.resources, { title = "May 14 minutes" }))
    test.is_nil(test.find(result.resources, { title = "vCard specification" }))
    test.equal(count(result), 2)
  end,

  ["the minutes of a month are the minutes of its one named day"] = function()
    local result = en("Approval of the May 14 minutes.\n\n- [x] Post the May minutes online @kim\n\n" ..
      "The June 2 minutes and the June 9 minutes are late; the June minutes too.\n")
    test.equal(count(result, { title = "May 14 minutes" }), 2)
    test.is_nil(test.find(result.resources, { title = "May minutes" }))
    test.is_true(test.find(result.resources, { title = "June minutes" }), "two June days: which one is unknown")
    test.equal(count(result), 5)
  end,

  ["French words that look like English document names are not documents"] = function()
    local result = fr("La constitution du bureau est reportée ; le report de l'AG est voté. La police d'assurance " ..
      "est renouvelée et les panneaux PV de 3 kWc sont posés.\n\nUn progress report oral suit.\n")
    test.equal(count(result), 0)
  end,

  ["a word opening the item or a time of day is not part of a document's name"] = function()
    local result = en("- 10:20–10:25 Treasurer's report, Kim\n- Review KPI document with the board\n" ..
      "- SRCF constitution: see below\n")
    test.is_true(test.find(result.resources, { title = "Treasurer's report" }))
    test.is_true(test.find(result.resources, { title = "KPI document" }))
    test.is_true(test.find(result.resources, { title = "SRCF constitution" }), "an acronym opening the item is a name")
    test.equal(count(result), 3)
  end,

  ["dated minutes, approved after the name, in English and French"] = function()
    local result = en("1. Approve minutes from 2026-03-05\n\nMinutes from 2026-03-05 approved.\n")
    test.equal(count(result, { title = "minutes from 2026-03-05" }), 2, "the approval is not part of the name")
    test.equal(count(result), 2)
    local french = fr("1. Approbation du compte rendu du 5 février\n\nLe compte rendu du 5 février est approuvé.\n")
    test.equal(count(french, { title = "compte rendu du 5 février" }), 2)
    test.equal(count(french), 2)
  end,
}
