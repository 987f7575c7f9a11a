-- Tests for the markers plugin: each runs the real handler over Markdown read by the real host.

local EN_HEADER = "# Weekly call\n\nDate: October 14, 2026\n\n" ..
  "Present: Alice Whitford (Kestrel), Bob Haddad, Dan Okoro (Lantern), Dan Pritchard, Tomás Ferreira\n\n" ..
  "## 1. Discussion\n\n"
local FR_HEADER = "Rencontre du groupe\n\n12 novembre 2026\n\nParticipant·e·s\n\n" ..
  "Karim Benali (Nuage boréal)\n\nNoémie Gagnon-Bastien (Bibliothèques)\n\nSophie Tremblay (Ville)\n\n" ..
  "Sophie Nguyen (Labo)\n\nNotes\n\n1. Discussion\n\n"

local function en(body) return test.extract(EN_HEADER .. body, { language = "en" }) end
local function fr(body) return test.extract(FR_HEADER .. body, { language = "fr" }) end

local function only(list, message)
  test.equal(#(list or {}), 1, message or "one item")
  return list[1]
end

return {
  ["ACTION with a French spaced colon, an em dash owner and a d'ici due date"] = function()
    local item = only(fr("ACTION : Karim Benali — rédiger une grille de tarification d'ici le 15 décembre.\n").action_items)
    test.equal(item.owner, "Karim Benali")
    test.equal(item.text, "rédiger une grille de tarification")
    test.equal(item.due, "15 décembre")
    test.equal(item.rule, "marker:action")
  end,

  ["a participant's whole name before the verb is the owner; a first name alone or a stranger is not"] = function()
    local result = fr("ACTION : Karim Benali envoie le devis d'hébergement avant le 15 décembre.\n\n" ..
                      "- [ ] Sophie Tremblay transmet la liste\n\n" ..
                      "ACTION : Karim envoie la facture\n\n" ..
                      "ACTION : Jean Dupont appelle la Ville\n")
    test.equal(#result.action_items, 4)
    local devis = test.find(result.action_items, { owner = "Karim Benali" })
    test.equal(devis.text, "envoie le devis d'hébergement")
    test.equal(devis.due, "15 décembre")
    test.equal(test.find(result.action_items, { owner = "Sophie Tremblay" }).text, "transmet la liste")
    -- A first name alone could start any sentence; a name the minutes do not list is not a person here.
    test.equal(test.find(result.action_items, { text = "Karim envoie la facture" }).owner, nil)
    test.equal(test.find(result.action_items, { text = "Jean Dupont appelle la Ville" }).owner, nil)
  end,

  ["non-breaking spaces before the colon still mark an action"] = function()
    local result = fr("ACTION\u{00A0}: Noémie — faire circuler le sondage.\n\n" ..
                      "DÉCISION\u{202F}: Le groupe appuie le projet pilote.\n")
    local item = only(result.action_items)
    test.equal(item.owner, "Noémie")
    test.equal(item.text, "faire circuler le sondage")
    test.equal(only(result.decisions).text, "Le groupe appuie le projet pilote.")
  end,

  ["À FAIRE, A FAIRE, Tâche and TODO are action markers"] = function()
    local result = fr("À FAIRE : Sophie — transmettre la liste d'ici le 4 décembre.\n\n" ..
                      "A FAIRE: préparer la salle\n\nTâche : réserver le traiteur\n\nTODO: envoyer le courriel\n")
    test.equal(#result.action_items, 4)
    local sophie = test.find(result.action_items, { owner = "Sophie" })
    test.equal(sophie.text, "transmettre la liste")
    test.equal(sophie.due, "4 décembre")
    test.equal(sophie.rule, "marker:a-faire")
    test.is_true(test.find(result.action_items, { text = "préparer la salle", rule = "marker:a-faire" }))
    test.is_true(test.find(result.action_items, { text = "réserver le traiteur", rule = "marker:tache" }))
    test.is_true(test.find(result.action_items, { text = "envoyer le courriel", rule = "marker:todo" }))
  end,

  ["W3C ACTION: X to do Y by Friday splits owner, text and due"] = function()
    local item = only(en("ACTION: Tomás to update the conformance test suite by Friday\n").action_items)
    test.equal(item.owner, "Tomás")
    test.equal(item.text, "update the conformance test suite")
    test.equal(item.due, "Friday")
  end,

  ["W3C ACTION: X: do Y and Action X: Y forms"] = function()
    local result = en("ACTION: Alice: draft the migration note by October 28\n\nAction Bob: review the context\n")
    local alice = test.find(result.action_items, { owner = "Alice" })
    test.equal(alice.text, "draft the migration note")
    test.equal(alice.due, "October 28")
    local bob = test.find(result.action_items, { owner = "Bob" })
    test.equal(bob.text, "review the context")
    test.equal(bob.rule, "w3c:action")
  end,

  ["X will inside an ACTION line names the owner"] = function()
    local item = only(en("ACTION: Dan Okoro will circulate the revised vocabulary.\n").action_items)
    test.equal(item.owner, "Dan Okoro")
    test.equal(item.text, "circulate the revised vocabulary")
  end,

  ["an ACTION without a person keeps its whole text and has no owner"] = function()
    local item = only(en("ACTION: Update the docs to reflect the new grammar\n").action_items)
    test.is_nil(item.owner)
    test.equal(item.text, "Update the docs to reflect the new grammar")
  end,

  ["(responsable : X) and @handle give the owner"] = function()
    local result = fr("ACTION : préparer le budget (responsable : Karim Benali) avant le 3 avril\n\n" ..
                      "TODO: @noemie relancer les membres\n")
    local karim = test.find(result.action_items, { owner = "Karim Benali" })
    test.equal(karim.text, "préparer le budget")
    test.equal(karim.due, "3 avril")
    local noemie = test.find(result.action_items, { owner = "@noemie" })
    test.equal(noemie.text, "relancer les membres")
  end,

  ["a marker after a bold label inside a list item is found"] = function()
    local item = only(fr("- **ACTION** : Karim — envoyer le compte rendu\n").action_items)
    test.equal(item.owner, "Karim")
    test.equal(item.text, "envoyer le compte rendu")
  end,

  ["a marker on the second line of a paragraph gets that line's number"] = function()
    local result = en("We talked about the suite.\nACTION: Bob to fix the tests\n")
    local item = only(result.action_items)
    test.is_true(item.line > 1)
    test.equal(item.owner, "Bob")
    -- the header has 8 lines before the body; the marker is on the body's second line
    test.equal(item.line, 10)
  end,

  ["DECISION, DÉCISION, RESOLUTION, RESOLVED and RÉSOLU are decisions"] = function()
    local result = fr("DECISION: one\n\nDÉCISION : deux\n\nRESOLUTION: three\n\nRESOLVED: four\n\nRÉSOLU : cinq\n")
    test.equal(#result.decisions, 5)
    test.is_true(test.find(result.decisions, { text = "deux", rule = "marker:decision" }))
    test.is_true(test.find(result.decisions, { text = "three", rule = "w3c:resolution" }))
    test.is_true(test.find(result.decisions, { text = "four", rule = "w3c:resolved" }))
    test.is_true(test.find(result.decisions, { text = "cinq", rule = "marker:resolu" }))
    test.equal(#(result.action_items or {}), 0)
  end,

  ["English vote counts move from the text into votes"] = function()
    local decision = only(en("Decision: The budget is adopted as presented (For: 7, Against: 1, Abstain: 2).\n").decisions)
    test.equal(decision.text, "The budget is adopted as presented")
    test.equal(decision.votes, "For: 7, Against: 1, Abstain: 2")
  end,

  ["French vote counts and à l'unanimité are votes"] = function()
    local result = fr("DÉCISION : La charte est adoptée. Pour : 7, contre : 1, abstention : 2.\n\n" ..
                      "DÉCISION : Les demandes d'adhésion sont acceptées. Adopté à l'unanimité.\n")
    local charte = test.find(result.decisions, { text = "La charte est adoptée." })
    test.equal(charte.votes, "Pour : 7, contre : 1, abstention : 2")
    local adhesion = test.find(result.decisions, { text = "Les demandes d'adhésion sont acceptées." })
    test.equal(adhesion.votes, "Adopté à l'unanimité")
  end,

  ["Adopté à l'unanimité on its own line decides the proposal above it"] = function()
    local result = fr("Proposition : que le groupe adopte la charte de participation.\n\nAdopté à l'unanimité.\n")
    local decision = only(result.decisions)
    test.equal(decision.text, "que le groupe adopte la charte de participation.")
    test.equal(decision.votes, "Adopté à l'unanimité")
    test.equal(decision.rule, "marker:adopte")
  end,

  ["Adopted at the start of a line and after a proposal in the same line"] = function()
    local result = en("Adopted: the 2027 budget.\n\nIt is proposed by Alice, seconded by Bob, to approve the agenda. Adopted unanimously.\n")
    test.is_true(test.find(result.decisions, { text = "the 2027 budget." }))
    local agenda = test.find(result.decisions, { votes = "Adopted unanimously" })
    test.equal(agenda.text, "It is proposed by Alice, seconded by Bob, to approve the agenda.")
  end,

  ["MeetBot #action, #agreed, #idea and #link; #info is nothing"] = function()
    local result = en("#action Bob review the JSON-LD context before the next call\n\n" ..
                      "#agreed Start times carry a UTC offset.\n\n" ..
                      "#info The suite has 148 tests.\n\n" ..
                      "#idea Offer the validator as a web page\n\n" ..
                      "#link https://www.w3.org/TR/json-ld11/ JSON-LD 1.1 specification\n")
    local action = only(result.action_items)
    test.equal(action.owner, "Bob")
    test.equal(action.text, "review the JSON-LD context")
    test.equal(action.due, "the next call", "a due the host keeps as written: the next call has no date here")
    test.equal(action.rule, "meetbot:#action")
    test.equal(only(result.decisions).rule, "meetbot:#agreed")
    local idea = only(result.suggestions)
    test.equal(idea, { kind = "action", text = "Offer the validator as a web page", line = idea.line,
                       rule = "meetbot:#idea" })
    local link = only(result.resources)
    test.equal(link.url, "https://www.w3.org/TR/json-ld11/")
    test.equal(link.title, "JSON-LD 1.1 specification")
  end,

  ["#action without a known person has no owner"] = function()
    local item = only(en("#action Review the open pull requests\n").action_items)
    test.is_nil(item.owner)
    test.equal(item.text, "Review the open pull requests")
  end,

  ["task lists: unchecked and checked items, @owner anywhere and due dates"] = function()
    local result = en("- [ ] @raj send the adopted budget to all members due 2026-10-01\n" ..
                      "- [x] Post the minutes on the portal @alice\n" ..
                      "- [ ] book the notary by Friday\n")
    test.equal(#result.action_items, 3)
    local raj = test.find(result.action_items, { owner = "@raj" })
    test.equal(raj.text, "send the adopted budget to all members")
    test.equal(raj.due, "2026-10-01")
    test.is_nil(raj.done)
    test.equal(raj.rule, "tasklist")
    local alice = test.find(result.action_items, { owner = "@alice" })
    test.equal(alice.text, "Post the minutes on the portal")
    test.equal(alice.done, true)
    test.equal(test.find(result.action_items, { text = "book the notary" }).due, "Friday")
  end,

  ["task lists: French due phrases échéance and avant le"] = function()
    local result = fr("- [ ] @karim préparer la salle (échéance : vendredi)\n- [ ] réserver le local avant le 3 avril\n")
    test.equal(test.find(result.action_items, { text = "préparer la salle" }).due, "vendredi")
    test.equal(test.find(result.action_items, { text = "réserver le local" }).due, "3 avril")
  end,

  ["an attendance checklist of participants is not a list of actions"] = function()
    local result = en("## Attendance\n\n- [x] Alice Whitford\n- [ ] Bob Haddad (regrets)\n- [x] Dan Okoro\n\n" ..
                      "## Actions\n\n- [ ] Alice Whitford to send the agenda\n")
    local item = only(result.action_items, "only the real task")
    test.equal(item.owner, "Alice Whitford")
    test.equal(item.text, "send the agenda")
  end,

  ["without a participant list, a checklist of bare names is still attendance"] = function()
    local result = test.extract("# Board\n\n- [x] Marie Tremblay\n- [x] Jean-Noé Landry (Nord Ouvert)\n" ..
                                "- [ ] Write the Budget\n", { language = "en" })
    local item = only(result.action_items)
    test.equal(item.text, "Write the Budget")
  end,

  ["list items under a Décisions label are decisions"] = function()
    local result = fr("Décisions :\n\n- Le budget est adopté.\n- La charte est reportée.\n\nAutre paragraphe.\n\n- pas une décision\n")
    test.equal(#result.decisions, 2)
    test.equal(result.decisions[1].rule, "marker:list")
  end,

  ["ordinary prose makes nothing"] = function()
    local result = fr("Karim Benali (Nuage boréal) : La coopérative propose une action concertée. " ..
                      "Les décisions seront prises en janvier ; l'adoption de la charte est reportée.\n\n" ..
                      "Le plan d'action : à discuter.\n\nAction concertée des membres, sans marqueur.\n\n" ..
                      "Adopter une politique claire reste un objectif.\n")
    test.equal(#(result.action_items or {}), 0, "no actions")
    test.equal(#(result.decisions or {}), 0, "no decisions")
    test.equal(#(result.suggestions or {}), 0, "no suggestions")
  end,

  ["markers inside code blocks and headings are ignored"] = function()
    local result = en("```\nACTION: Bob to do something\n```\n\n## Decision: naming\n\n    RESOLVED: indented code\n")
    test.equal(#(result.action_items or {}), 0)
    test.equal(#(result.decisions or {}), 0)
  end,

  ["a marker that only names other markers is not an item"] = function()
    local result = en("`ACTION:`, `RESOLUTION:` and `RESOLVED:` are the scribe markers.\n")
    test.equal(#(result.action_items or {}), 0)
    test.equal(#(result.decisions or {}), 0)
  end,

  ["Adopté alone under a heading decides the heading's subject, not the agenda above it"] = function()
    local result = fr("## Ordre du jour\n\n1. Adoption de l'ordre du jour (5 min)\n2. Divers (10 min)\n\n" ..
                      "## 1. Adoption de l'ordre du jour\n\nAdopté à l'unanimité.\n")
    test.equal(#result.decisions, 1)
    test.equal(result.decisions[1].text, "Adoption de l'ordre du jour")
    test.is_true(result.decisions[1].votes:find("unanimit") ~= nil)
  end,
  ["outcome sentences anywhere in a paragraph are decisions (English)"] = function()
    local result = en("We looked at the two hosting offers. After some back and forth the board agreed to move " ..
                      "the wiki to the cheaper host. It was resolved that the treasurer keeps the old account open.\n\n" ..
                      "Dana Moss and Luis Ortega are elected.\n\nThe amendment was passed (9 for, 1 against).\n")
    test.is_true(test.find(result.decisions, { rule = "en:agreed" }), "agreed to")
    test.is_true(test.find(result.decisions, { rule = "en:resolved" }), "it was resolved")
    test.equal(test.find(result.decisions, { rule = "en:elected" }).text, "Dana Moss and Luis Ortega are elected")
    test.is_true(test.find(result.decisions, { rule = "en:passed" }), "was passed")
    test.equal(#(result.action_items or {}), 0)
  end,

  ["outcome sentences in French: adopté, approuvé, élu, à l'unanimité, il a été décidé, acté"] = function()
    local result = fr("Le rapport moral est adopté à l'unanimité.\n\n" ..
                      "- Rapport financier approuvé à la majorité (8 voix pour, 2 abstentions)\n" ..
                      "- Tarif réduit reconduit pour 2027\n\n" ..
                      "Après un long échange, il a été décidé de louer une salle plus grande. " ..
                      "Il a été acté une rencontre par trimestre avec la mairie.\n")
    test.is_true(test.find(result.decisions, { rule = "fr:unanimite" }), "à l'unanimité")
    test.is_true(test.find(result.decisions, { rule = "fr:majorite" }), "à la majorité")
    test.is_true(test.find(result.decisions, { rule = "fr:decide" }), "il a été décidé")
    test.is_true(test.find(result.decisions, { rule = "fr:acte" }), "acté")
    test.equal(#result.decisions, 4, "the line without an outcome is not a decision")
  end,

  ["an outcome that is denied, earlier, a question or about the agenda is not a decision"] = function()
    local result = en("Nothing is decided yet; a week ago we had decided about the logo. Was the budget approved?\n\n" ..
                      "The agenda was approved.\n")
    test.equal(#(result.decisions or {}), 0)
    local fr_result = fr("Rien n'est encore décidé pour la salle.\n\nL'ordre du jour est adopté.\n")
    test.equal(#(fr_result.decisions or {}), 0)
  end,

  ["a short outcome line decides the proposal on the line before it"] = function()
    local result = en("- Ravi Shah moves to publish the draft charter.\n  Motion carried unanimously.\n\n" ..
                      "### Treasurer\n\n- Mona Ellis stands (proposed: Ravi, seconded: Tom)\n- Elected unanimously (7)\n")
    local motion = test.find(result.decisions, { rule = "marker:outcome", votes = "Motion carried unanimously" })
    test.is_true(motion.text:find("publish the draft charter", 1, true) ~= nil)
    local election = test.find(result.decisions, { votes = "Elected unanimously (7)" })
    test.is_true(election.text:find("Mona Ellis", 1, true) ~= nil)
  end,

  ["Cette proposition est adoptée decides the sentence before it"] = function()
    local result = fr("La trésorière propose une cotisation de 15 euros. Cette proposition est adoptée à l'unanimité.\n")
    local decision = only(result.decisions)
    test.is_true(decision.text:find("cotisation de 15 euros", 1, true) ~= nil)
  end,

  ["a heading naming decisions or a 'decided that:' lead-in makes its list items decisions"] = function()
    local result = en("## Decisions recorded\n\n- Keep the Tuesday slot.\n- Archive the old forum.\n\n" ..
                      "## Notes\n\nWe talked it over and decided that:\n\n- [ ] Rename the package\n")
    test.equal(#result.decisions, 3)
    test.is_true(test.find(result.decisions, { text = "Rename the package" }))
    test.is_true(test.find(result.action_items, { text = "Rename the package" }), "a task there is also an action")
  end,

  ["a section reviewing earlier actions gives no new actions"] = function()
    local result = en("## Review of previous action items\n\n- [x] Bob Haddad to send the slides\n" ..
                      "- [ ] Alice Whitford: book the room\n\n## Actions\n\n- Dan Okoro to update the wiki\n")
    local item = only(result.action_items)
    test.equal(item.owner, "Dan Okoro")
    local fr_result = fr("## Suivi des actions\n\n- Karim : relancer la mairie (fait)\n\n## À faire\n\n- réserver la salle\n")
    test.equal(only(fr_result.action_items).text, "réserver la salle")
  end,

  ["an action list whose items mostly carry a status is a review"] = function()
    local result = en("## Action items\n\n- Nina - move the files to the wiki. DONE\n" ..
                      "- Omar - clean up the tracker IN PROCESS\n- Nina - draft the FAQ - pending\n" ..
                      "- Paul - update the events page\n")
    test.equal(#(result.action_items or {}), 0)
  end,

  ["group labels New and Finished in an action list are not actions, nor the finished ones"] = function()
    local result = en("## Actions\n\n- New\n  - Alice Whitford: ask for a later slot\n- Finished\n" ..
                      "  - Bob Haddad: present the prototype\n")
    local item = only(result.action_items)
    test.equal(item.owner, "Alice Whitford")
  end,

  ["sub-items of an action ending with a colon are its parts"] = function()
    local result = fr("## À faire\n\n- Rédiger une note avec :\n  - le calendrier\n  - le budget\n")
    local item = only(result.action_items)
    test.equal(item.text, "Rédiger une note avec : le calendrier; le budget")
  end,

  ["an attendance checklist of 'Name - Organisation' rows and a moderator checklist are not tasks"] = function()
    local result = test.extract("# Council call\n\n## Voting members\n\n- [x] Rosa Delgado - Harbour Labs Inc.\n" ..
                                "- [ ] Ken Adams - Open Mapping Initiative Representative\n\n" ..
                                "## Moderator checklist\n\n- [ ] Start recording\n\n## Tasks\n\n" ..
                                "- [ ] Rosa Delgado - prepare the budget draft\n", { language = "en" })
    local item = only(result.action_items)
    test.equal(item.text, "prepare the budget draft")
  end,

  ["an item repeated in a closing summary is kept once"] = function()
    local result = en("The board agreed to return the unused travel budget to the treasury.\n\n" ..
                      "## Decisions\n\n- The board agreed to return the unused travel budget to the treasury.\n")
    test.equal(#result.decisions, 1)
  end,

  ["inline markers: (AI: X to …), AI(OW):, AI[OW], Kim: ACTION: …, [Decision: …]"] = function()
    local result = en("- Website: the pages need work *(**AI: Bob** to send Alice some examples)*\n" ..
                      "- Hosting is slow. AI(DO): ask the provider for a quote\n" ..
                      "- Mentoring AI[TF] write the onboarding guide\n" ..
                      "- Alice: ACTION: draft the survey\n" ..
                      "- Colours settled [Decision: keep the blue logo]\n")
    test.equal(test.find(result.action_items, { owner = "Bob" }).text, "send Alice some examples")
    test.equal(test.find(result.action_items, { owner = "DO" }).text, "ask the provider for a quote")
    test.equal(test.find(result.action_items, { owner = "TF" }).text, "write the onboarding guide")
    test.is_true(test.find(result.action_items, { text = "draft the survey" }))
    test.equal(only(result.decisions).text, "keep the blue logo")
  end,

  ["markers at the start of a line: ACTION 4.2:, Next action:, AI(DO):, AI[TF], ACTION - Bob:, Decision 3.1:"] = function()
    local result = en("**ACTION 4.2:** Alice to renew the certificate\n\nNext action: Bob to call the printer\n\n" ..
                      "AI(DO): list the open tickets\n\nAI[TF] archive the old wiki\n\n" ..
                      "ACTION - Dan Okoro: book the room\n\n**Decision 3.1:** the newsletter goes monthly\n")
    test.equal(test.find(result.action_items, { owner = "Alice" }).text, "renew the certificate")
    test.equal(test.find(result.action_items, { owner = "Bob" }).text, "call the printer")
    test.equal(test.find(result.action_items, { owner = "DO" }).text, "list the open tickets")
    test.equal(test.find(result.action_items, { owner = "TF" }).text, "archive the old wiki")
    test.equal(test.find(result.action_items, { owner = "Dan Okoro" }).text, "book the room")
    test.equal(only(result.decisions).text, "the newsletter goes monthly")
  end,

  ["the speaker before an inline ACTION owns it; a label that is no name does not"] = function()
    local result = en("Tomás Ferreira: ACTION: collect the slides\n\nHosting costs: ACTION: compare three offers\n")
    test.equal(test.find(result.action_items, { text = "collect the slides" }).owner, "Tomás Ferreira")
    test.equal(test.find(result.action_items, { text = "compare three offers" }).owner, nil)
  end,

  ["the owner after the task in an action list: Task : Name, Task => Name, Task → Name"] = function()
    local result = fr("## Actions\n\n- Banderole : Karim\n- Navette => Sophie Tremblay\n" ..
                      "- Réserver la salle → Noémie\n- Sujet : trouver une date\n")
    test.equal(test.find(result.action_items, { text = "Banderole" }).owner, "Karim")
    test.equal(test.find(result.action_items, { text = "Navette" }).owner, "Sophie Tremblay")
    test.equal(test.find(result.action_items, { text = "Réserver la salle" }).owner, "Noémie")
    -- what follows the colon is a task, not a name
    test.equal(test.find(result.action_items, { text = "Sujet : trouver une date" }).owner, nil)
  end,

  ["a due phrase that opens the task, a number before the owner, a first name in an action list"] = function()
    local result = fr("## Actions à prévoir\n\n- D'ici le 15 mai, préparer le bilan\n- 12 - Karim : corriger le " ..
                      "formulaire\n- Sophie transmet la liste\n- Avant la prochaine réunion, relire les statuts\n" ..
                      "- Pour info, la salle est réservée\n")
    local bilan = test.find(result.action_items, { text = "préparer le bilan" })
    test.equal(bilan.due, "15 mai")
    test.equal(test.find(result.action_items, { text = "corriger le formulaire" }).owner, "Karim")
    test.equal(test.find(result.action_items, { text = "transmet la liste" }).owner, "Sophie")
    test.equal(test.find(result.action_items, { text = "relire les statuts" }).due, "la prochaine réunion")
    -- "Pour info" is no date: the item keeps its words
    test.is_true(test.find(result.action_items, { text = "Pour info, la salle est réservée" }))
  end,

  ["a vote table under an item decides that item: counts in rows or in columns"] = function()
    local result = fr("## Budget 2027\n\n| Vote | Nombre |\n|---|---|\n| Pour | 21 |\n| Contre | 2 |\n\n" ..
                      "## Élection du bureau\n\n| Pour | Contre | Abstention |\n|---|---|---|\n| 14 | 1 | 0 |\n\n" ..
                      "## Inventaire\n\n| Objet | Nombre |\n|---|---|\n| Chaises | 21 |\n| Tables | 2 |\n")
    test.equal(#result.decisions, 2)
    local budget = test.find(result.decisions, { text = "Budget 2027" })
    test.equal(budget.votes, "Pour : 21, Contre : 2")
    test.equal(budget.rule, "marker:vote-table")
    test.equal(test.find(result.decisions, { text = "Élection du bureau" }).votes, "Pour : 14, Contre : 1, Abstention : 0")
  end,

  ["a yes or no nested under a question answers it; an open question is not settled by it"] = function()
    local result = fr("- Alcool au local ?\n  - • non\n- Qui tient le stand ?\n  - non merci, pas moi\n" ..
                      "- Faut-il une banderole ?\n- oui\n\nFaut-il changer de banque ?\n\n→ NON\n")
    test.equal(#result.decisions, 2)
    test.equal(test.find(result.decisions, { text = "Alcool au local ? → non" }).rule, "marker:answer")
    test.is_true(test.find(result.decisions, { text = "Faut-il changer de banque ? → NON" }))
  end,

  ["consensus without a decision word: several +1, happy to close, deferred to the next call"] = function()
    local result = en("Proposal: move the call to Thursdays.\n\n+1 from Alice, +1 from Bob\n\n" ..
                      "Ticket 12: happy to close it.\n\nThe logo vote is deferred to the next call.\n\n" ..
                      "The budget talk was postponed to AOB.\n\n+1 to that\n")
    test.equal(#result.decisions, 3)
    test.equal(test.find(result.decisions, { rule = "marker:plus-ones" }).text, "Proposal: move the call to Thursdays")
    test.is_true(test.find(result.decisions, { rule = "en:consensus" }))
    test.is_true(test.find(result.decisions, { rule = "en:deferred" }))
  end,

  ["items after Il manque : are tasks"] = function()
    local result = fr("Il manque :\n\n- un imprimeur\n- des bénévoles pour le stand\n")
    test.equal(#result.action_items, 2)
    test.is_true(test.find(result.action_items, { text = "un imprimeur" }))
  end,

  ["the handles named in a task list's lead-in own its tasks"] = function()
    local result = en("Steps for @ana and @bo:\n\n- [ ] fix the wiki\n- [ ] @kim books the room\n\n" ..
                      "## Other\n\n- [ ] water the plants\n")
    test.equal(test.find(result.action_items, { text = "fix the wiki" }).owner, "@ana, @bo")
    test.equal(test.find(result.action_items, { text = "books the room" }).owner, "@kim")
    test.is_nil(test.find(result.action_items, { text = "water the plants" }).owner)
  end,

  ["a person named in a closing bracket with 'to' takes the line"] = function()
    local result = en("The donation page still shows last year's figures (Bob to fix).\n\n" ..
                      "We kept the old logo (Stranger to decide).\n")
    local item = only(result.action_items)
    test.equal(item.owner, "Bob")
    test.equal(item.rule, "marker:bracket-owner")
  end,

  ["the host's people index: names and their words in full and part, a one-word affiliation apart"] = function()
    local people = test.document(EN_HEADER .. "ACTION: Bob to call the venue\n", { language = "en" }).people
    test.is_true(people.known)
    test.is_true(people.full["alice whitford"])
    test.is_true(people.part["tomas"], "folded as text.fold folds")
    test.is_true(people.initials["bh"])
    -- markers reads part, never nickname: "Kestrel" is Alice's organisation here
    test.is_nil(people.part["kestrel"])
    test.is_true(people.nickname["kestrel"])
  end,

  ["a scribe's initials before will own an ACTION"] = function()
    local result = en("ACTION: HZ will set up the shared notes\n\nACTION: eP to contact the maintainers\n")
    test.equal(test.find(result.action_items, { owner = "HZ" }).text, "set up the shared notes")
    test.equal(test.find(result.action_items, { owner = "eP" }).text, "contact the maintainers")
  end,
  ["a handle then a verb in the present is that person's task; a report in the past is not"] = function()
    local result = fr("- @lucie réserve le minibus pour samedi\n- Traiteur : @marc appelle les deux devis\n" ..
                      "- Paul (@pbr) transmet la liste des bénévoles\n- @lucie a rencontré la mairie\n" ..
                      "- @marc relance la banque ?\n")
    test.equal(#result.action_items, 3)
    test.equal(test.find(result.action_items, { owner = "@lucie" }).text, "@lucie réserve le minibus pour samedi")
    test.equal(test.find(result.action_items, { owner = "@marc" }).text, "Traiteur : @marc appelle les deux devis")
    test.is_true(test.find(result.action_items, { owner = "@pbr" }))
    local en_result = en("@nina moderated, and @omar took notes.\n")
    test.equal(#(en_result.action_items or {}), 0)
  end,

  ["the owner after the task: ': @handle' and '=> name'"] = function()
    local result = fr("- Rappeler l'imprimeur pour les affiches : @lucie\n- Louer le minibus => @marc\n" ..
                      "- Animation : @paul\n")
    test.equal(test.find(result.action_items, { owner = "@lucie" }).text, "Rappeler l'imprimeur pour les affiches")
    test.equal(test.find(result.action_items, { owner = "@marc" }).text, "Louer le minibus")
    test.is_nil(test.find(result.action_items, { owner = "@paul" }), "a role and its holder is not a task")
    test.equal(#(fr("- Prise de notes de la séance : @lea\n").action_items or {}), 0, "a meeting role")
  end,

  ["a Suivi or Follow-up heading alone announces the actions to follow"] = function()
    local result = fr("## Suivi\n\n1. Envoyer le formulaire d'accès\n2. Vérifier le budget avec la trésorière\n")
    test.equal(#result.action_items, 2)
    test.equal(result.action_items[1].rule, "marker:list")
  end,
  ["a list item that is only a label makes the items under it actions"] = function()
    local result = en("## Summary\n\n* Action Items:\n  * Alice Whitford: book the venue.\n  * Bob Haddad: send the invoice.\n" ..
                      "* Links:\n  * the shared folder\n")
    test.equal(#result.action_items, 2)
    test.equal(test.find(result.action_items, { owner = "Bob Haddad" }).text, "send the invoice")
  end,

  ["a table column named Actions holds actions; other cells may record outcomes"] = function()
    local result = en("| Topic | Notes | Actions: owner |\n|---|---|---|\n" ..
                      "| Roadmap | The group agreed to publish the roadmap. | Bob Haddad to draft the post  Dan Okoro to review it |\n" ..
                      "| Chairs | Mia Lund and Sam Ode confirmed as co-chairs | None |\n")
    test.equal(#result.action_items, 2)
    test.equal(test.find(result.action_items, { owner = "Bob Haddad" }).text, "draft the post")
    test.equal(#result.decisions, 2)
  end,
  ["a handle written as a site-template link still names the owner; 'Actions du groupe' is a topic"] = function()
    local result = fr("- [@lucie]({{ site.url }}/membres/lucie/) ajoute le lien dans le menu\n" ..
                      "- Paul (@pbr) et Ana (@ana) proposent un atelier\n\n" ..
                      "## Actions du club\n\n- Le stand a attiré du monde samedi\n")
    local item = only(result.action_items)
    test.equal(item.owner, "@lucie")
  end,
  ["convenu, validé, retenu, consensus, Conclusion: and a question's answer are decisions"] = function()
    local result = fr("Il a été convenu de fermer le local en août. Le nouveau logo est validé. " ..
                      "La date du 4 juin est retenue.\n\nConclusion : on garde le même traiteur.\n\n" ..
                      "- Alcool au local ? >>> non\n- Ouvrir le samedi ? oui\n")
    test.is_true(test.find(result.decisions, { rule = "fr:convenu" }))
    test.is_true(test.find(result.decisions, { rule = "fr:valide" }))
    test.is_true(test.find(result.decisions, { rule = "fr:retenu" }))
    test.equal(test.find(result.decisions, { rule = "marker:conclusion" }).text, "on garde le même traiteur.")
    test.equal(#result.decisions, 6)
    local en_result = en("There was consensus to drop the old mirror.\n\nKeep the wiki public? yes\n")
    test.equal(#en_result.decisions, 2)
  end,

  ["a hedged outcome or an assignment to a person is not a decision"] = function()
    local result = fr("Il faudrait que la version retenue soit publiée.\n")
    test.equal(#(result.decisions or {}), 0)
    local en_result = en("It was agreed that Bob should draft the letter.\n")
    test.equal(#(en_result.decisions or {}), 0)
  end,
  ["a list item opening with a to-do infinitive is an action, outside an agenda"] = function()
    local result = fr("## Ordre du jour\n\n- Valider le budget\n\n## Notes\n\n- Recontacter l'imprimeur pour le devis\n" ..
                      "- Salle : trouver une date pour la fête\n- Voir le compte rendu n°4\n- Voir avec Karim pour les clés\n" ..
                      "- Se renseigner sur les tarifs\n- Mener la réflexion sur le projet\n- Vérifier le budget ?\n")
    test.equal(#result.action_items, 4)
    test.equal(result.action_items[1].rule, "fr:infinitif")
    test.is_true(test.find(result.action_items, { text = "Salle : trouver une date pour la fête" }))
    test.is_nil(test.find(result.action_items, { text = "Valider le budget" }), "an agenda item")
  end,
  ["more outcome phrases: decision made, OK with, in favour of, M/S/C, décision prise, votés, tous élus"] = function()
    local result = en("We went through the headers and a decision was made to keep the syntax neutral.\n\n" ..
                      "The members present were in favour of the new opening hours.\n\n" ..
                      "M/S/C to accept the treasurer's report.\n")
    test.equal(#result.decisions, 3)
    local fr_result = fr("La décision a été prise de changer de banque.\n\n" ..
                         "Les tarifs ont été débattus puis votés (12 voix).\n\nIls sont donc tous élus au bureau.\n")
    test.equal(#fr_result.decisions, 3)
  end,

  ["a short outcome about 'this' takes the sentence before it; an impersonal il a été décidé does not"] = function()
    local result = en("We looked at moving the build to the new runners. Everybody was OK with this.\n")
    test.is_true(only(result.decisions).text:find("new runners", 1, true) ~= nil)
    local fr_result = fr("On a parlé du local. Il a été décidé de louer une salle.\n")
    test.equal(only(fr_result.decisions).text, "Il a été décidé de louer une salle")
  end,
  ["a decision's nested details qualify it; they are not decisions of their own"] = function()
    local result = fr("## Points clés\n\n- Garder un seul outil de suivi\n  - pour éviter les doublons\n" ..
                      "- Publier les comptes rendus chaque mois\n")
    test.equal(#result.decisions, 2)
    test.equal(result.decisions[1].text, "Garder un seul outil de suivi (pour éviter les doublons)")
  end,
  ["a person in brackets opening a line, then a verb, owns the task"] = function()
    local result = en("- (Nina) send members a short survey about opening hours\n- (Omar) was to call the landlord\n")
    local item = only(result.action_items)
    test.equal(item.owner, "Nina")
    test.equal(item.rule, "marker:bracket-owner")
  end,
  ["'Decision not to …' and 'the decision to …' inside a line are decisions"] = function()
    local result = en("- Decision not to rent the second room this year.\n- The group backed the decision to open the archive.\n")
    test.equal(#result.decisions, 2)
    test.equal(#(en("We postponed the decision to next month.\n").decisions or {}), 0, "a deferral")
  end,
  ["a one-line to-do paragraph, an arrow to-do and a @todo tag are actions; a title-like line is not"] = function()
    local result = fr("Terminer la traduction du site.\n\nSalle : trouver une date pour la fête\n\n" ..
                      "Nous sommes à l'étape des achats.\n-> décider qui passe les commandes.\n\n" ..
                      "- prime de Léa (relance @todo #12)\n\nRépondre aux besoins des membres\n\n" ..
                      "Mettre en œuvre = 2025-2027\n")
    test.equal(#result.action_items, 4)
    test.is_true(test.find(result.action_items, { rule = "marker:todo-tag" }))
  end,
  ["a line of a longer paragraph that is a to-do is an action; a report or a question is not"] = function()
    local result = fr("Le devis du traiteur est arrivé hier.\nRelire le devis avec le trésorier avant jeudi.\n" ..
                      "Le montant reste raisonnable.\n\nVérifier avec le service paie\nLes bénévoles ne sont pas " ..
                      "rémunérés, sauf exception.\n\nLa salle est réservée.\nTrouver un autre lieu ?\n" ..
                      "Organiser la fête a pris du temps, les bénévoles étaient nombreux\n")
    test.equal(#result.action_items, 2)
    test.is_true(test.find(result.action_items, { text = "Relire le devis avec le trésorier", rule = "fr:infinitif" }))
    test.is_true(test.find(result.action_items, { text = "Vérifier avec le service paie" }))
  end,
  ["in a list of decisions, tasks nested under a decided task are its steps, not decisions"] = function()
    local result = en("We looked at the naming question and decided that:\n\n" ..
                      "- [ ] the plugin keeps its old name for one more release\n  - [ ] update the changelog\n" ..
                      "  - [ ] tell the packagers\n- [ ] the new name is used in the docs from today\n")
    test.equal(#result.decisions, 2)
    test.is_nil(test.find(result.decisions, { text = "update the changelog" }))
    test.equal(#result.action_items, 4, "every task is still an action")
  end,
  ["a sentence inside prose that opens with an infinitive is not an action (a mission, a summary)"] = function()
    local result = fr("Nadia Roy (Coop Lumen). Chargée de projet. Lumen est un OBNL fondé en 2019. " ..
                      "Rassembler les données des salles de spectacle de la région. Comment mieux les partager ?\n")
    test.equal(#result.action_items, 0)
  end,
  ["a decision about the meeting itself is procedure, not a decision"] = function()
    local result = fr("Nous avons décidé ce matin de consacrer la rencontre à un seul thème.\n\n" ..
                      "Le procès-verbal est adopté.\n\n" ..
                      "La réunion a décidé d'adopter le budget de l'atelier.\n")
    test.equal(only(result.decisions).text, "La réunion a décidé d'adopter le budget de l'atelier")
    result = en("We agreed to keep this call to one hour from now on.\n\nWe agreed to publish the survey results.\n")
    test.equal(only(result.decisions).text, "We agreed to publish the survey results")
  end,
  ["agreeing to explore or look into something is an action, not a decision"] = function()
    local result = en("The group agreed to explore cheaper hosting with the other chapters.\n\n" ..
                      "The group agreed to move the archive to the new server.\n")
    local item = only(result.action_items)
    test.equal(item.rule, "en:agreed-to-explore")
    test.equal(only(result.decisions).rule, "en:agreed")
  end,
}
