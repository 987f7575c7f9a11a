-- Tests for the suggestions plugin: each runs the real handler over Markdown read by the real host.

local EN_HEADER = "# Weekly call\n\nDate: October 14, 2026\n\n" ..
  "Present: Alice Whitford (Kestrel), Bob Haddad, Mei-Lin Cho (Lisière), Dan Okoro, Dan Pritchard\n\n" ..
  "## 1. Discussion\n\n"
local FR_HEADER = "Rencontre du groupe\n\n12 novembre 2026\n\nParticipant·e·s\n\n" ..
  "Karim Benali (Nuage boréal)\n\nSophie Nguyen (Labo citoyen)\n\nOlivier Després (Fonds)\n\n" ..
  "Notes\n\n1. Discussion\n\n"

local function en(body) return test.extract(EN_HEADER .. body, { language = "en" }) end
local function fr(body) return test.extract(FR_HEADER .. body, { language = "fr" }) end

local function suggestions(result) return result.suggestions or {} end

local function only_action(result)
  test.equal(#(result.action_items or {}), 1, "one action")
  return result.action_items[1]
end

local function only(result, message)
  local list = suggestions(result)
  test.equal(#list, 1, message or "one suggestion")
  return list[1]
end

return {
  ["a short opening clause before the subject: 'Before Friday, Dan Okoro will…', 'Alice: ok, I'll…'"] = function()
    local result = en("Before the next call, Dan Okoro will draft the charter.\n\n" ..
                      "Alice Whitford: sure, I'll ask the printer.\n\n" ..
                      "We went over the budget, the venue, the dates and then I will not repeat it here.\n")
    test.equal(#result.action_items, 2)
    test.equal(test.find(result.action_items, { owner = "Dan Okoro" }).rule, "en:x-will")
    test.equal(test.find(result.action_items, { owner = "Alice Whitford" }).rule, "en:i-will")
  end,

  ["a participant's initials, and a subject after a comma and a conjunction"] = function()
    local result = en("The export is slow, but DO will profile it.\n\nThe slides are late, and Mei-Lin will send them.\n\n" ..
                      "We met, and we will meet again.\n")
    test.equal(#result.action_items, 2)
    test.equal(test.find(result.action_items, { owner = "DO" }).text, "DO will profile it")
    test.equal(test.find(result.action_items, { owner = "Mei-Lin" }).text, "Mei-Lin will send them")
  end,

  ["a pronoun between two handles and their verb, and a Liquid link read as its label"] = function()
    local result = fr("- Salon : [@lea]({{ site.url }}/membres/lea/) et [@marc]({{ site.url }}/membres/marc/) y " ..
                      "feront une démonstration.\n")
    local item = only_action(result)
    test.equal(item.owner, "@lea et @marc")
    test.equal(item.rule, "fr:x-fera")
  end,

  ["a chat log's nickname in brackets is the speaker"] = function()
    local result = en("[mei] I'll update the wiki page\n")
    local item = test.find(result.action_items, { rule = "en:i-will" })
    test.equal(item.text, "I'll update the wiki page")
    test.is_true(item.owner ~= nil and item.owner ~= "")
  end,

  ["une piste d'action is the sentence that says it, without the speaker's label"] = function()
    local item = only(fr("Olivier Després (Fonds) : Personne ne sait ce qui existe. Une piste d'action pourrait " ..
                         "être de recenser les serveurs des membres. Merci.\n"))
    test.equal(item.text, "Une piste d'action pourrait être de recenser les serveurs des membres.")
    test.equal(item.kind, "action")
    test.equal(item.rule, "fr:piste-action")
    test.is_nil(item.owner)
  end,

  ["deux pistes d'action keeps the sentences that list them"] = function()
    local item = only(fr("Deux pistes d'action sont à explorer. D'abord un événement. Ensuite, un comité de travail.\n"))
    test.equal(item.text, "Deux pistes d'action sont à explorer. D'abord un événement. Ensuite, un comité de travail.")
  end,

  ["pistes d'action named in passing are not a proposal"] = function()
    local result = fr("Voici à titre d'exemples quelques pistes d'action qui peuvent être discutées :\n")
    test.equal(#suggestions(result), 0)
  end,

  ["on pourrait organiser is an action suggestion"] = function()
    local item = only(fr("Mathis : Les gens demandent de l'aide. On pourrait organiser une journée de migration.\n"))
    test.equal(item.text, "On pourrait organiser une journée de migration.")
    test.equal(item.rule, "fr:on-pourrait")
  end,

  ["on pourrait dire is talk, not a proposal"] = function()
    test.equal(#suggestions(fr("On pourrait dire que le projet avance bien.\n")), 0)
  end,

  ["il est suggéré que and il est proposé d'adopter are proposals to decide"] = function()
    local result = fr("Il est suggéré que chaque organisme désigne une personne-ressource.\n\n" ..
                      "Il est proposé d'adopter la charte telle quelle.\n")
    test.equal(#suggestions(result), 2)
    local suggested = test.find(result.suggestions, { rule = "fr:il-est-suggere" })
    test.equal(suggested.kind, "decision")
    test.equal(test.find(result.suggestions, { rule = "fr:il-est-propose" }).kind, "decision")
  end,

  ["nous proposons d'adopter is a decision, nous proposons de créer an action"] = function()
    local result = fr("Nous proposons d'adopter le budget.\n\nNous proposons de créer un comité.\n")
    test.equal(test.find(result.suggestions, { text = "Nous proposons d'adopter le budget." }).kind, "decision")
    test.equal(test.find(result.suggestions, { text = "Nous proposons de créer un comité." }).kind, "action")
  end,

  ["il faudrait is a suggestion, il faut is not"] = function()
    local result = fr("Il faut trouver une façon de rémunérer l'expertise.\n\nIl faudrait écrire au ministère.\n")
    local item = only(result)
    test.equal(item.text, "Il faudrait écrire au ministère.")
    test.equal(item.rule, "fr:il-faudrait")
  end,

  ["a line Prochaines étapes : … is one suggestion"] = function()
    local item = only(fr("Prochaines étapes : valider la grille en janvier et lancer un appel de bénévoles.\n"))
    test.equal(item.rule, "fr:prochaines-etapes")
    test.equal(item.text, "Prochaines étapes : valider la grille en janvier et lancer un appel de bénévoles.")
  end,

  ["each item under a Next steps heading is a suggestion"] = function()
    local result = en("## Next steps\n\n- Draft the migration note.\n- Open an issue about offsets.\n\nNext call: Oct 21.\n")
    test.equal(#suggestions(result), 2)
    test.is_true(test.find(result.suggestions, { text = "Draft the migration note.", rule = "en:next-steps" }))
  end,

  ["a section title that mentions prochaines étapes is not a suggestion"] = function()
    local result = fr("5. Varia et prochaines étapes\n\nLa prochaine rencontre aura lieu le 21 janvier.\n")
    test.equal(#suggestions(result), 0)
  end,

  ["X will and X to are action items owned by that participant"] = function()
    local result = en("- Alice will draft the implementer note and share it.\n- Bob to check the context version.\n")
    test.equal(#suggestions(result), 0, "a commitment is an action, not a suggestion")
    local alice = test.find(result.action_items, { rule = "en:x-will" })
    test.equal(alice.owner, "Alice")
    test.equal(alice.text, "Alice will draft the implementer note and share it")
    local bob = test.find(result.action_items, { rule = "en:x-to" })
    test.equal(bob.owner, "Bob")
  end,

  ["a full name before will is the owner; a stranger's name is not"] = function()
    local result = en("Priya: Thanks. Dan Okoro will send the converter. Zelda will bring cookies.\n")
    local item = only({ suggestions = result.action_items }, "one action")
    test.equal(item.owner, "Dan Okoro")
    test.equal(item.text, "Dan Okoro will send the converter")
  end,

  ["will in the middle of a sentence or about absence is not a commitment"] = function()
    local result = en("The spec will change. Alice will be away next week. Maybe Bob will not.\n")
    test.equal(#suggestions(result), 0)
    test.equal(#(result.action_items or {}), 0)
  end,

  ["Karim va préparer and je m'engage name who will do it"] = function()
    local result = fr("Karim Benali (Nuage boréal) : Je m'engage à préparer la grille. Sophie va relancer les membres.\n")
    local karim = test.find(result.action_items, { rule = "fr:je-m-engage" })
    test.equal(karim.owner, "Karim Benali")
    test.equal(karim.text, "Je m'engage à préparer la grille")
    local sophie = test.find(result.action_items, { rule = "fr:x-va" })
    test.equal(sophie.owner, "Sophie")
    test.equal(sophie.text, "Sophie va relancer les membres")
  end,

  ["I'll is an action owned by the speaker, without the speaker's label"] = function()
    local result = en("Mei-Lin: I'll open an issue about UTC offsets.\n")
    test.equal(#suggestions(result), 0)
    local item = only({ suggestions = result.action_items }, "one action")
    test.equal(item.owner, "Mei-Lin")
    test.equal(item.text, "I'll open an issue about UTC offsets")
    test.equal(item.rule, "en:i-will")
  end,

  ["we could and we should are suggestions; we could not is not"] = function()
    local result = en("Nadia: Members learn late. We could hold an information session.\n\n" ..
                      "We should publish the draft. We could not agree on the rest.\n")
    test.equal(#suggestions(result), 2)
    test.equal(test.find(result.suggestions, { rule = "en:we-could" }).text, "We could hold an information session.")
    test.is_true(test.find(result.suggestions, { rule = "en:we-should" }))
  end,

  ["a motion to adopt is a proposal to decide"] = function()
    local item = only(en("Motion to adopt the 2027 budget as presented.\n"))
    test.equal(item.kind, "decision")
    test.equal(item.rule, "en:motion")
  end,

  ["questions are not proposals"] = function()
    test.equal(#suggestions(fr("Est-ce qu'on pourrait organiser une journée ?\n")), 0)
    test.equal(#suggestions(en("Could we meet earlier? We could meet earlier?\n")), 0)
  end,

  ["nothing fires in the chat section"] = function()
    local result = fr("SUR LE CHAT...\n\n- Il faudrait demander des changements au niveau législatif.\n" ..
                      "- On pourrait organiser un webinaire.\n")
    test.equal(#suggestions(result), 0)
  end,

  ["nothing fires in the agenda"] = function()
    local result = en("## Agenda\n\n1. We could review the budget (10 min)\n2. Next steps (5 min)\n")
    test.equal(#suggestions(result), 0)
  end,

  ["lines with explicit markers are left to the markers plugin"] = function()
    local result = en("ACTION: Alice will send the report by Friday\n\n#info We could do better.\n")
    test.equal(#suggestions(result), 0)
  end,

  ["ordinary prose gives nothing"] = function()
    local result = fr("Karim Benali (Nuage boréal) : La coopérative exploite deux serveurs. Le projet offrirait un " ..
                      "agenda partagé. Les infrastructures partagées échouent quand personne ne tranche. Il faut " ..
                      "des règles. La proposition de vision du numérique est discutée. Sophie devrait revenir.\n")
    test.equal(#suggestions(result), 0)
  end,

  ["a suggestion on the second line of a paragraph gets that line"] = function()
    local item = only(fr("Premier point sans proposition.\nIl faudrait écrire au ministère.\n"))
    -- the header takes 16 lines; the body's second line is line 18
    test.equal(item.line, 18)
  end,

  ["a suggestion records who said it when the paragraph opens with a participant"] = function()
    local item = only(fr("Karim Benali (Nuage boréal) : On pourrait organiser un atelier au printemps.\n"))
    test.equal(item.speaker, "Karim Benali")
    test.is_nil(item.owner)
    local unnamed = only(fr("On pourrait organiser un atelier au printemps.\n"))
    test.is_nil(unnamed.speaker)
  end,
  ["je vais, nous allons, il faudra and reste à are action items"] = function()
    local result = fr("Karim Benali (Nuage boréal) : Je vais envoyer le lien aux membres.\n\n" ..
                      "Nous allons demander un devis à deux imprimeurs. Il faudra réserver la salle. " ..
                      "Il reste à trouver un traiteur.\n")
    test.equal(test.find(result.action_items, { rule = "fr:je-vais" }).owner, "Karim Benali")
    test.is_true(test.find(result.action_items, { rule = "fr:nous-allons" }))
    test.is_true(test.find(result.action_items, { rule = "fr:il-faudra" }))
    test.is_true(test.find(result.action_items, { rule = "fr:reste-a" }))
    test.equal(#suggestions(result), 0)
  end,

  ["nous allons voir and hedged commitments are not actions"] = function()
    local result = fr("Nous allons voir ce que donne le sondage. Sophie va probablement relancer la mairie.\n")
    test.equal(#(result.action_items or {}), 0)
  end,

  ["X doit, X s'occupe de, X is going to, X volunteered to name the owner"] = function()
    local result = fr("Karim doit relancer la mairie. Sophie s'occupera du traiteur.\n")
    test.equal(test.find(result.action_items, { rule = "fr:x-doit" }).owner, "Karim")
    test.equal(test.find(result.action_items, { rule = "fr:x-s-occupe" }).owner, "Sophie")
    local en_result = en("Bob is going to tidy the spreadsheet. Alice volunteered to collect the keys. " ..
                         "Dan Okoro volunteered to scribe.\n")
    test.is_nil(test.find(en_result.action_items, { owner = "Dan Okoro" }), "a role in the meeting itself")
    test.equal(test.find(en_result.action_items, { rule = "en:x-going-to" }).owner, "Bob")
    test.equal(test.find(en_result.action_items, { rule = "en:x-volunteered" }).owner, "Alice")
  end,

  ["two people before the verb own it together"] = function()
    local result = fr("Karim et Sophie feront la présentation au conseil.\n")
    test.equal(only({ suggestions = result.action_items }, "one action").owner, "Karim et Sophie")
  end,

  ["without an attendance list, a handle or a capitalized name before will is the owner"] = function()
    local result = test.extract("# Call\n\n- @nora will open the ticket\n- Quill will send the recording\n" ..
                                "- The release will slip a week\n", { language = "en" })
    test.equal(#result.action_items, 2)
    test.is_true(test.find(result.action_items, { owner = "@nora" }))
    test.is_true(test.find(result.action_items, { owner = "Quill" }))
  end,

  ["Il faut opening a list item is a to-do; il faut in prose is not"] = function()
    local result = fr("- Il faut préparer la note pour le comité\n\nIl faut que chacun se sente écouté.\n")
    test.equal(only({ suggestions = result.action_items }, "one action").rule, "fr:il-faut-liste")
  end,

  ["commitments in an action list are left to the markers plugin"] = function()
    local result = en("**Action items:**\n\n- Bob will publish the release notes\n")
    test.equal(#(result.action_items or {}), 0)
  end,
  ["X said she will, X should, X needs to and 'agreed that X should' name a participant as owner"] = function()
    local result = en("Alice said she will book the hall. It was agreed that Bob should draft the letter. " ..
                      "Dan Okoro needs to check the numbers. Banners should go up early.\n")
    test.equal(test.find(result.action_items, { rule = "en:x-will" }).owner, "Alice")
    test.is_true(test.find(result.action_items, { owner = "Bob" }), "that Bob should")
    test.is_true(test.find(result.action_items, { owner = "Dan Okoro" }), "needs to")
    test.equal(#result.action_items, 3, "banners are no one")
  end,
  ["Reste à opening a line, a nickname as subject, a participant before a task verb in a list item"] = function()
    local result = test.extract("# CA\n\nÉtaient présents :\n\n- Anne Morel (vortex)\n- Paul Simon\n\n## Notes\n\n" ..
                                "- Reste à envoyer les reçus\n- Vortex doit rappeler la banque\n" ..
                                "- Paul vérifie les comptes\n\nPaul présente le bilan. Paul vérifie les chiffres en séance.\n",
                                { language = "fr" })
    test.is_true(test.find(result.action_items, { rule = "fr:reste-a" }))
    test.equal(test.find(result.action_items, { rule = "fr:x-present" }).owner, "Paul")
    test.equal(test.find(result.action_items, { rule = "fr:x-doit" }).owner, "Vortex")
    test.equal(#result.action_items, 3, "in prose, a present tense reports what was done")
  end,
  ["in an agenda that holds the minutes, commitments are still actions; proposals are not read there"] = function()
    local result = en("## Agenda\n\n1. Website\n    - Bob will migrate the pages.\n    - We could add a blog.\n" ..
                      "    - Alice will still be around in May.\n    - (AI: Dan will send the logo)\n")
    test.equal(only({ suggestions = result.action_items }, "one action").owner, "Bob")
    test.equal(#suggestions(result), 0)
  end,
  ["a passive future with a due phrase or sous peu is an action: sera fait d'ici, va être adressée"] = function()
    local result = fr("Le plan de travail sera prêt d'ici la réunion suivante. Les comptes seront sous peu affichés. " ..
                      "Une lettre va être adressée aux membres. Le site sera plus simple.\n")
    local _, n = 0, 0
    for _, item in ipairs(result.action_items or {}) do
      if item.rule == "fr:sera-fait" then n = n + 1 end
    end
    test.equal(n, 3, "not a description in the future")
  end,
  ["I'll opening a list item is found"] = function()
    local result = en("- Mei-Lin: could someone file this?\n    - I'll create an issue\n")
    test.is_true(test.find(result.action_items or {}, { rule = "en:i-will" }))
  end,
  ["requests: 'Alice, can you …?', '@dan: can you …?' and 'Please … by Friday' are actions"] = function()
    local result = en("Alice, can you take a look at the draft?\n\n- @dan: can you make an issue?\n\n" ..
                      "Please review the budget by Friday. Please sit down. Can you believe it?\n")
    test.equal(test.find(result.action_items, { rule = "en:can-you", owner = "Alice" }).text,
               "can you take a look at the draft?")
    test.is_true(test.find(result.action_items, { rule = "en:can-you", owner = "@dan" }))
    test.is_true(test.find(result.action_items, { rule = "en:please-by" }))
    test.equal(#result.action_items, 3)
  end,
  ["'X asked Y to …' is Y's task; 'Name: still planning to …' is the speaker's"] = function()
    local result = en("The chair asked attendees to send feedback on the store.\n\n" ..
                      "Bob Haddad: Still planning to look at the open ticket.\n\n" ..
                      "The vendor is planning to raise prices.\n")
    test.equal(test.find(result.action_items, { rule = "en:asked-to" }).owner, "attendees")
    test.equal(test.find(result.action_items, { rule = "en:planning-to" }).owner, "Bob Haddad")
    test.equal(#result.action_items, 2, "a third party's plan is no one's task here")
  end,

  ["a hedge in a relative clause after the commitment does not hedge it"] = function()
    local result = fr("Un rappel va être envoyé aux membres pour lesquels il pourrait manquer une cotisation. " ..
                      "Un courrier va peut-être être envoyé à la mairie.\n")
    local item = only({ suggestions = result.action_items }, "one action")
    test.equal(item.rule, "fr:sera-fait")
    test.is_true(string.find(item.text, "rappel", 1, true) ~= nil)
    local en_result = en("Bob will probably fix the build, which is broken.\n")
    test.equal(#(en_result.action_items or {}), 0, "the hedge comes before the relative clause")
  end,

  ["a participant who announces they will do it owns the task: X annonce qu'il va"] = function()
    local result = fr("On parle des locaux. Pour la fête, Karim Benali annonce qu'il va demander la salle à la mairie. " ..
                      "Sophie indique qu’elle va falloir attendre. Olivier Després dit qu'il va probablement venir.\n")
    local item = only({ suggestions = result.action_items }, "one action")
    test.equal(item.rule, "fr:x-annonce")
    test.equal(item.owner, "Karim Benali")
  end,

  ["a participant opening a sentence owns what they 'and will' do"] = function()
    local result = en("The grant is not filed yet. Bob Haddad has called the foundation, however, and will send " ..
                      "the signed form. The printer broke and will be replaced. Alice checked and will not go.\n")
    local item = only({ suggestions = result.action_items }, "one action")
    test.equal(item.rule, "en:x-and-will")
    test.equal(item.owner, "Bob Haddad")
  end,

  ["'Plans to …' after a speaker's label, a handle included, is the speaker's action"] = function()
    local result = en("- @nora: Was busy with the release. Plans to start the benchmark suite next week.\n" ..
                      "- Dan Okoro: The city plans to close the road in May.\n")
    local item = only({ suggestions = result.action_items }, "one action")
    test.equal(item.rule, "en:planning-to")
    test.equal(item.owner, "@nora")
  end,

  ["a passive future with a pronoun subject takes the sentence before it"] = function()
    local result = fr("Nous avons revu le règlement intérieur pour y ajouter la charte. Ils seront sous peu envoyés aux membres.\n")
    local item = only({ suggestions = result.action_items }, "one action")
    test.equal(item.rule, "fr:sera-fait")
    test.equal(item.text, "Nous avons revu le règlement intérieur pour y ajouter la charte. Ils seront sous peu envoyés aux membres")
  end,

  ["encouraged / reminded / urged people to do something is their task"] = function()
    local result = en("The treasurer said the survey is open and encouraged all regular members to answer before " ..
                      "the end of the month. Alice reminded Bob to send the keys.\n")
    test.equal(#result.action_items, 2)
    test.equal(test.find(result.action_items, { owner = "all regular members" }).rule, "en:asked-to")
    test.equal(test.find(result.action_items, { owner = "Bob" }).rule, "en:asked-to")
  end,

  ["'resolved that X would …' is X's task; 'X would prefer' is not"] = function()
    local result = en("It was resolved that Alice Whitford would write to the landlord about the heating. " ..
                      "Bob Haddad would prefer a later start.\n")
    local item = only({ suggestions = result.action_items }, "one action")
    test.equal(item.rule, "en:x-would")
    test.equal(item.owner, "Alice Whitford")
  end,
}
