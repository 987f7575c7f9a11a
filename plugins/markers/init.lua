-- markers: explicit action items and decisions written in the minutes.
--
-- Finds "ACTION :", "À FAIRE :", "DÉCISION :", "RESOLVED:", "Adopté…", the MeetBot
-- commands (#action, #agreed, #idea, #link; #info is not an item) and GFM task
-- lists. It only finds: the host matches owners, resolves due dates and merges.
plugin.version = "1.0"

-- Options ------------------------------------------------------------------

local MAX_LABEL_BYTES = 48 -- a marker's label ("À FAIRE", "Action Karim Benali") ends with ':' within this
local MAX_OWNER_WORDS = 4  -- "Karim Benali", "Vincent van Schendel", "Marie-Ève de la Roche"
local MAX_DUE_WORDS = 6    -- "vendredi 15 décembre 2026"

-- Rules by language: lib/rules/<language>.lua holds the words read in that language (labels,
-- outcome phrases, dates, to-do verbs). Adding a language is adding a file and its name here.
local LANGUAGES = { "en", "fr" }
local RULES = {}
for i, language in ipairs(LANGUAGES) do RULES[i] = require("rules." .. language) end

-- The languages' lists as one: a map, a list (in LANGUAGES' order), a set of words.
local function merged_map(key)
  local out = {}
  for _, rules in ipairs(RULES) do
    for k, v in pairs(rules[key] or {}) do out[k] = v end
  end
  return out
end
local function merged_list(key)
  local out = {}
  for _, rules in ipairs(RULES) do
    for _, v in ipairs(rules[key] or {}) do out[#out + 1] = v end
  end
  return out
end
local function merged_set(key)
  local out = {}
  for _, rules in ipairs(RULES) do
    local words = rules[key] or {}
    if type(words) == "string" then
      for word in string.gmatch(words, "%S+") do out[word] = true end
    else
      for _, word in ipairs(words) do out[word] = true end
    end
  end
  return out
end

-- Labels before ':' (folded: lower case, no accents) → item kind and rule.
local LABELS = merged_map("labels")

-- A paragraph or heading made only of one of these announces a list of items.
local LIST_LABELS = merged_map("list_labels")

local LIST_LABEL_STARTS = { [65] = true, [97] = true, [68] = true, [100] = true, [82] = true, [114] = true,
                            [84] = true, [116] = true, [0xC3] = true, [73] = true, [105] = true }

-- "Action Items:" is a label, not "Action" + an owner named "Items".
local NOT_OWNERS = { items = true, item = true, points = true, point = true, plan = true, list = true,
                     required = true, requise = true, requises = true, prioritaire = true, prioritaires = true }

local MEETBOT = {
  action = "action", agreed = "decision", agree = "decision", accepted = "decision",
  idea = "idea", link = "link", info = "info",
}

-- Words that introduce a due date, as folded word sequences.
local DUE_LEADS = merged_list("due_leads")

local MONTHS = merged_set("months")
local WEEKDAYS = merged_set("weekdays")
local RELATIVE_DUES = merged_set("relative_dues")

-- Outcome rules (lib/rules/*.lua, `outcomes`): a sentence holding one of these phrases records a
-- decision, wherever it sits in a line ("The committee agreed to …", "Le budget est adopté à
-- l'unanimité"). { needle, pattern, rule }: the plain `needle` is searched in the text as written;
-- the `pattern` is then checked on the lower-cased bytes around the hit.
-- Words before an outcome that make it no decision of this meeting: "not yet decided", "rien n'est
-- encore décidé", "last week we decided", "à décider".
local OUTCOME_DENIALS = { "not yet", "no decision", "not decided", "never", "last week", "previously",
                          "last time", "pas encore", "rien n'", "n'a pas", "n'est pas", "précédemment",
                          "la dernière fois", "à décider", "to be decided", "whether", "faudrait", "pourrait",
                          "devrait", "serait", "postpone", "defer", "report", "ajourn" }
-- "It was agreed that Priya should write the reply": a task given to a person, an action (the
-- suggestions plugin reads it), not a decision.
local ASSIGNED = { should = true, will = true, ["is"] = true, to = true, doit = true, va = true, devra = true }
-- A short outcome sentence opening with one of these decides what the sentence before it said.
local ANAPHORS = { ["cette"] = true, ["ce"] = true, ["cet"] = true, ["ces"] = true, ["elle"] = true,
                   ["this"] = true, ["that"] = true, ["it"] = true, ["the proposal"] = true,
                   ["the motion"] = true, ["la proposition"] = true, ["la motion"] = true, ["ils"] = true,
                   ["il"] = true, ["elles"] = true, ["they"] = true }
-- "agreed to explore …": a step to take (an action), not a decision
local EXPLORATORY = { explore = true, investigate = true, consider = true, research = true, study = true,
                      look = true, revisit = true, evaluate = true, assess = true }
-- A decision about the meeting's own procedure (its agenda, minutes, quorum) is not counted.
local PROCEDURAL_WORDS = { "agenda", "minutes", "ordre du jour", "proces-verbal", "compte rendu", "quorum" }
-- "Nous avons décidé aujourd'hui de consacrer la rencontre à…", "we agreed to keep this call short":
-- a decision whose object is the meeting itself is procedure too (folded words).
local MEETING_OBJECTS = { "la rencontre", "la reunion", "la seance", "cette rencontre", "cette reunion",
                          "the meeting", "this meeting", "the call", "this call", "today's meeting" }
local DECIDING = { "decid", "agreed", "convenu" }

-- A short line that is only an outcome decides the proposal on the line before it:
-- "Motion carried unanimously.", "Elected unanimously (11)", "Approved.", "Rejetée."
local STANDALONE_OUTCOMES = merged_list("standalone_outcomes")

-- Markers inside a line (not at its start): { pattern on the bytes from the marker, kind, needs an
-- opening bracket or a speaker's colon before it }. The owner, when captured, is given.
local INLINE_NEEDLES = { "AI", "ACTION", "Action", "action", "DECISION", "Decision", "D\xC3\x89CISION",
                         "D\xC3\xA9cision", "d\xC3\xA9cision" }
local INLINE_FORMS = {
  { "^AI%s*%(([^%)]+)%)%s*:?%s*", "action" },           -- AI(OW): …
  { "^AI%s*%[([^%]]+)%]%s*:?%s*", "action" },           -- AI[OW] …
  { "^AI%s*:%s*", "action" },                            -- AI: Kate to …
  { "^AI%s+([%w@][^:%(%)%[%]]-)%s*:%s*", "action" },    -- AI all: …
  { "^[Aa][Cc][Tt][Ii][Oo][Nn]%s+[%-\xE2][\x80]?[\x93\x94]?%s*([^:%(%)]-)%s*:%s*", "action" }, -- ACTION - Nora: …
  { "^[Aa][Cc][Tt][Ii][Oo][Nn]%s*[%d%.]*%s*:%s*", "action", true },      -- Kim: ACTION: …, (Action: …)
  { "^[Dd][EeÉé\xC3\x89\xA9]+[Cc][Ii][Ss][Ii][Oo][Nn]%s*[%d%.]*%s*:%s*", "decision", true }, -- [Decision: …]
}

-- "Note taker today: @bob", "Animation de la séance : @lea": a role in the meeting, not a task.
local MEETING_ROLE_WORDS = { "scribe", "note", "taker", "moderat", "chair", "facilitat", "host", "secretaire",
                             "animat", "presiden", "timekeeper", "gardien du temps" }
-- The answer after a question mark that settles it.
local ANSWERS = merged_set("answers")
-- Questions a yes or a no does not answer.
local OPEN_QUESTIONS = merged_set("open_questions")
-- To-do verbs (lib/rules/*.lua, `todo_verbs`): a list item that opens with one of these infinitives
-- ("Recontacter Gandi", "Sujet : trouver une date") is a task, outside an agenda.
local TODO_VERB = merged_set("todo_verbs")
local AGENDA_TITLES = { "ordre du jour", "agenda", "programme", "deroulement", "odj" }
local VOIR_TASK = { avec = true, si = true, qui = true, comment = true, pour = true, quand = true, ["o\xC3\xB9"] = true }

-- After "@ines": verbs that report or propose rather than take a task ("@ines a rencontré…").
local NOT_TASK_VERBS = {}
for word in string.gmatch("a à avait est était sera has had is was were said says thinks think pense propose proposes " ..
  "suggère suggests trouve demande asked asks asked wonders explique explains et and ou or de du des le la les " ..
  "in on at to for pour avec with sur dans par by request requests", "%S+") do
  NOT_TASK_VERBS[word] = true
end

local IS_INLINE_NEEDLE = {}
for _, needle in ipairs(INLINE_NEEDLES) do IS_INLINE_NEEDLE[needle] = true end
-- Every needle looked for once per batch of blocks.
local BATCH_NEEDLES = {}
do
  local seen = {}
  for _, list in ipairs({ INLINE_NEEDLES }) do
    for _, needle in ipairs(list) do
      if not seen[needle] then seen[needle] = true; BATCH_NEEDLES[#BATCH_NEEDLES + 1] = needle end
    end
  end
end

-- Headings and labels: what a list under them holds. A title naming earlier actions is a review:
-- its items are not new actions ("Review of action items", "Suivi des actions").
local REVIEW_WORDS = { "review", "previous", "prior", "last meeting", "last week", "follow-up", "follow up",
                       "suivi", "precedent", "rappel", "status", "statut", "updates from", "retour sur",
                       "carried over", "en cours" }
local ACTION_TITLE_WORDS = { ["actions"] = true, ["action"] = true, ["todo"] = true, ["todos"] = true,
                             ["taches"] = true, ["a faire"] = true, ["to do"] = true, ["to-do"] = true }
local DECISION_TITLE_WORDS = { ["decisions"] = true, ["decision"] = true, ["resolutions"] = true,
                               ["conclusions"] = true, ["conclusion"] = true }
local CONCLUSION_TITLES = { "points cles", "a retenir", "key takeaways", "takeaways", "conclusions" }
local FOLLOW_UP_TITLES = { ["suivi"] = true, ["suites"] = true, ["suites a donner"] = true, ["follow-up"] = true,
                           ["follow-ups"] = true, ["follow up"] = true }
-- Group labels inside an action list: "New", "On-going", "Finished" (done: its items are not counted).
local STATUS_GROUPS = { ["new"] = "open", ["on-going"] = "open", ["ongoing"] = "open", ["open"] = "open",
                        ["in progress"] = "open", ["nouvelles"] = "open", ["nouveau"] = "open",
                        ["en cours"] = "open", ["finished"] = "done", ["done"] = "done",
                        ["completed"] = "done", ["closed"] = "done", ["termine"] = "done", ["termines"] = "done",
                        ["fait"] = "done", ["faits"] = "done" }
-- A status at the end of an item reports on an earlier action: "… DONE", "… IN PROCESS", "- pending".
local STATUS_TAILS = { "done", "in process", "in progress", "pending", "blocked", "ongoing", "on hold",
                       "fait", "en cours", "termine", "bloque", "en attente" }

-- Helpers ------------------------------------------------------------------

-- Plain search from a needle's rarest byte (the host's text.find): find(s, " relance ", 1, true)
-- would stop at every space of the text.
local find_plain = text.find


local find, sub, lower, gsub, match, gmatch, byte, concat =
  string.find, string.sub, string.lower, string.gsub, string.match, string.gmatch, string.byte, table.concat

-- The host's text helpers (docs/plugins.md, `text`): lower case without accents and with straight
-- apostrophes for comparing (never for output); trimmed; non-breaking spaces (French typography
-- before ':') as plain spaces; every run of white space as one space.
local fold, trim, plain_spaces, collapse = text.fold, text.trim, text.plain_spaces, text.collapse

local function strip_end_punctuation(s)
  return (gsub(trim(s), "[%s%.;,]+$", ""))
end

-- A word that can be part of a name: capitalized (ASCII or Latin-1 capital) or an @handle.
local function is_name_word(word)
  local b1, b2 = byte(word, 1, 2)
  if not b1 then return false end
  if b1 >= 65 and b1 <= 90 then return true end
  if b1 == 0xC3 and b2 and b2 >= 0x80 and b2 <= 0x9E then return true end
  if b1 == 0xC5 and b2 and (b2 == 0x92 or b2 == 0xA0 or b2 == 0xBD) then return true end
  return b1 == 64 and #word > 1
end

local PARTICLES = { de = true, du = true, des = true, van = true, von = true, der = true, da = true, di = true,
                    la = true, le = true, ["d'"] = true, bin = true, ibn = true }
-- First bytes of "Adopté", "adopted", "Carried", "Unanimously", "À l'unanimité", "Approuvé à l'unanimité".
local ADOPTION_STARTS = { [65] = true, [97] = true, [67] = true, [99] = true, [85] = true, [117] = true,
                          [0xC3] = true }
local ADOPTION_NEXT = { dop = true, arr = true, nan = true, ["\x80 l"] = true, ["\xa0 l"] = true, ppr = true }
local DASHES = { ["-"] = true, ["—"] = true, ["–"] = true, [":"] = true }
local OWNER_VERBS = { to = true, will = true, shall = true, va = true, doit = true, devra = true }

-- "HZ", "eP", "OW": a scribe's initials for a person (two to four letters, one of them a capital).
local function is_initials(word)
  return #word >= 2 and #word <= 4 and find(word, "^%a+$") ~= nil
    and (find(word, "%u.*%u") ~= nil or (find(word, "^%l") ~= nil and find(word, "%u") ~= nil))
end

-- "Karim Benali — rédiger…", "Alice to send…", "Noémie : faire…", "Bob review…" (MeetBot, when Bob is
-- a participant), "Karim Benali envoie…" (bare_name_ok = "full": a participant's whole name, then a
-- word that is not a name). Returns owner, rest or nil.
local function leading_owner(s, people, bare_name_ok)
  local count, name_end, first = 0, nil, nil
  for word_start, word, word_end in gmatch(s, "()(%S+)()") do
    if count > 0 then
      local folded = lower(word)
      local explicit = DASHES[word]
      if explicit or OWNER_VERBS[folded] then
        -- "to"/"will" need a known person (or no list to check against); a dash or colon is enough.
        local named = people.part[fold(first)] or byte(first, 1) == 64 or (count == 1 and is_initials(first))
        -- "Sujet : trouver une date": with a list of participants, a label that names none is a topic
        if word == ":" and people.known and not named then return nil end
        if explicit or not people.known or named or count == 2 then
          return trim(sub(s, 1, name_end - 1)), trim(sub(s, word_end))
        end
        return nil
      end
    end
    count = count + 1
    if count > MAX_OWNER_WORDS then return nil end
    local bare, colon = word, sub(word, -1) == ":"
    if colon then bare = sub(word, 1, -2) end
    if not (is_name_word(bare) or (count > 1 and PARTICLES[lower(bare)]) or (count == 1 and is_initials(bare))) then
      return nil
    end
    first = first or bare
    name_end = word_start + #bare
    if colon then
      -- "Sujet : trouver une date": with a list of participants, a label that names none is a topic
      local name = trim(sub(s, 1, name_end - 1))
      if people.known and not (people.full[fold(name)] or people.part[fold(first)] or byte(first, 1) == 64
        or (count == 1 and is_initials(first))) then
        return nil
      end
      return name, trim(sub(s, word_end))
    end
    if bare_name_ok and count <= 3 then
      -- MeetBot: "#action Bob review the context": the name stands alone before the task.
      local candidate = fold(trim(sub(s, 1, name_end - 1)))
      local next_word = match(s, "^%s*(%S+)", word_end)
      if next_word and not is_name_word(next_word) and not DASHES[next_word] and not OWNER_VERBS[lower(next_word)]
        and (people.full[candidate] or (bare_name_ok ~= "full" and count == 1 and people.part[candidate])) then
        return trim(sub(s, 1, name_end - 1)), trim(sub(s, word_end))
      end
    end
  end
  return nil
end

-- Removes "@handle" (owner) and "(responsable : X)" from a task; returns owner, text.
local OWNER_LABELS = { responsable = true, responsables = true, resp = true, ["resp."] = true, owner = true,
                       owners = true, lead = true, porteur = true, porteuse = true, qui = true, who = true }
local function embedded_owner(text)
  if find(text, "@", 1, true) then
    local at = 1
    while true do
      local s, e, handle = find(text, "@([%w_][%w_%.%-]*)", at)
      if not s then break end
      local before = s > 1 and sub(text, s - 1, s - 1) or " "
      if not find(before, "[%w%.]") then
        handle = gsub(handle, "[%.%-]+$", "")
        local rest = trim(sub(text, 1, s - 1)) .. " " .. trim(sub(text, s + 1 + #handle))
        return "@" .. handle, collapse(rest)
      end
      at = e + 1
    end
  end
  if find(text, "(", 1, true) then
    for group in gmatch(text, "%b()") do
      local label, who = match(group, "^%(%s*([^:]-)%s*:%s*(.-)%s*%)$")
      if label and OWNER_LABELS[fold(label)] and who ~= "" then
        local s, e = find(text, group, 1, true)
        return who, collapse(sub(text, 1, s - 1) .. " " .. sub(text, e + 1))
      end
    end
  end
  return nil, text
end

-- "Affiche : Léon", "Minibus => Léon", "Réserver la salle → Tess", "(Raj to reply)": the owner
-- after the task. The name must be a participant's; with no attendance list read, a name after a
-- task phrase (two words or more, one of them in lower case) is taken.
local OWNER_AFTER_FORMS = { "^(.-)%s*=>%s*([^=>]+)$", "^(.-)%s*%->%s*([^>]+)$", "^(.-)%s*\xE2\x86\x92%s*(.+)$",
                            "^(.-)%s*:%s*([^:]+)$", "^(.-)%s+[%-\xE2][\x80]?[\x93\x94]?%s+(.+)$" }
local function names_a_person(name, people)
  local words = 0
  for word in gmatch(name, "%S+") do
    words = words + 1
    if words > MAX_OWNER_WORDS or not (is_name_word(word) or (words > 1 and PARTICLES[lower(word)])) then
      return false
    end
  end
  if words == 0 then return false end
  local folded = fold(name)
  if people.known then return people.full[folded] or (words == 1 and people.part[folded]) or false end
  return nil -- a name, but no list to check it against
end
local function trailing_owner(text, people)
  if #text > 300 then return nil, text end
  for _, form in ipairs(OWNER_AFTER_FORMS) do
    local task, owner = match(text, form)
    if task and task ~= "" then
      owner = strip_end_punctuation(trim(owner))
      local person = names_a_person(owner, people)
      if person == nil then
        local _, spaces = gsub(trim(task), "%s+", "")
        person = spaces >= 1 and find(task, "%f[%a]%l%l%l") ~= nil and not names_a_person(trim(task), people)
      end
      if person then return owner, trim(task) end
      return nil, text
    end
  end
  local who = match(text, "%(%s*(%u[%w%-]*)%s+to%s+%l[%a]*[^%)]*%)%s*[%.!]?%s*$")
  if who and names_a_person(who, people) ~= false then return who, text end
  return nil, text
end

local DAY_SUFFIXES = { [""] = true, er = true, st = true, nd = true, rd = true, th = true }
local function is_day_number(word)
  local suffix = match(word, "^%d%d?(%a*)$")
  return suffix ~= nil and DAY_SUFFIXES[suffix] == true
end

-- Do the folded, punctuation-free words from..n name a date? "15 decembre", "friday", "october 28",
-- "2026-12-01", "vendredi 15 decembre 2026", "next week".
local function is_date_words(words, from, n)
  if from > n then return false end
  if n - from <= 2 and RELATIVE_DUES[concat(words, " ", from, n)] then return true end
  local i = from
  local w = words[i]
  if w == "le" or w == "the" or w == "this" or w == "next" or w == "ce" then
    i = i + 1
    if i > n then return false end
    w = words[i]
  end
  if i == n and (match(w, "^%d%d%d%d%-%d%d?%-%d%d?$") or match(w, "^%d%d?/%d%d?/%d%d%d?%d?$")) then
    return true
  end
  if w == "dans" or w == "in" then
    return n == i + 2 and match(words[i + 1], "^%d+$") ~= nil and match(words[i + 2], "^[dwjs]") ~= nil
  end
  if WEEKDAYS[w] then
    i = i + 1
    if i > n then return true end
    w = words[i]
  end
  if is_day_number(w) and MONTHS[words[i + 1] or ""] then
    i = i + 2
  elseif MONTHS[w] and is_day_number(words[i + 1] or "") then
    i = i + 2
  else
    return false
  end
  if i <= n and match(words[i], "^%d%d%d%d$") then i = i + 1 end
  return i > n
end

-- Splits a trailing due phrase off a task: "… pilote d'ici le 15 décembre." → "… pilote", "15 décembre".
local DUE_LEAD_PROBES = { "d'ici", "d\xE2\x80\x99ici", "avant", "pour le", "tard", "ch\xC3\xA9ance", "ch\xC3\x89ance",
                          "echeance", "limite", "due", "by ", "before", "later", "deadline" }
-- Lead words by their last word: the word just before a date picks the few leads to check.
local LEADS_ENDING_WITH, NO_LEADS = {}, {}
for _, lead in ipairs(DUE_LEADS) do
  local last = lead[#lead]
  LEADS_ENDING_WITH[last] = LEADS_ENDING_WITH[last] or {}
  table.insert(LEADS_ENDING_WITH[last], lead)
end
local function split_due(text)
  -- The due phrase ends the task: only its last bytes are read, and only when a lead word is there.
  local offset = #text > 120 and #text - 120 or 0
  local tail = lower(offset > 0 and sub(text, offset + 1) or text)
  local has_lead = false
  for _, probe in ipairs(DUE_LEAD_PROBES) do
    if find(tail, probe, 1, true) then
      has_lead = true
      break
    end
  end
  if not has_lead then return text, nil end
  -- the last words, folded, without the punctuation around them ("(échéance :" → "echeance")
  -- (folding keeps the spaces, so the folded tail has the same words as the text's tail)
  local folded_words, count = {}, 0
  for word in gmatch(fold(offset > 0 and sub(text, offset + 1) or text), "%S+") do
    count = count + 1
    folded_words[count] = match(word, "^[%(%[]*(.-)[%.,;:%)%]!]*$")
  end
  local starts, ends, words, n, i = {}, {}, {}, 0, 0
  for s, e in gmatch(text, "()%S+()", offset + 1) do
    i = i + 1
    local folded = folded_words[i]
    if folded and folded ~= "" then
      n = n + 1
      starts[n], ends[n], words[n] = s, e, folded
    end
  end
  for k = 2, math.min(MAX_DUE_WORDS + 1, n) do
    local from = n - k + 2 -- the date is words[from..n], at least one word before it
    if is_date_words(words, from, n) then
      local best
      for _, lead in ipairs(LEADS_ENDING_WITH[words[from - 1]] or NO_LEADS) do
        local start = from - #lead
        if start >= 2 and (not best or start < best) then
          local ok = true
          for j = 1, #lead - 1 do
            if words[start + j - 1] ~= lead[j] then
              ok = false
              break
            end
          end
          if ok then best = start end
        end
      end
      if best then
        local due = sub(text, starts[from], ends[n] - 1)
        due = gsub(due, "^[%(%[]+", "")
        due = gsub(due, "[%s%.,;%)%]!]+$", "")
        local before = sub(text, 1, starts[best] - 1)
        before = gsub(before, "[%s,;%(%-—–]+$", "")
        return before, due
      end
    end
  end
  return text, nil
end

-- A due phrase that opens the task: "D'ici le 15 mai, préparer le bilan", "Before next call, draft the
-- charter" → "préparer le bilan", "15 mai". Only a lead word, a date and a comma.
local OPENING_LEADS = merged_set("opening_leads")
local function split_opening_due(text)
  local comma = find(text, ",", 1, true)
  if not comma or comma > 48 then return text, nil end
  local words = {}
  for word in gmatch(fold(sub(text, 1, comma - 1)), "%S+") do words[#words + 1] = word end
  for lead_words = 3, 1, -1 do
    if #words > lead_words and OPENING_LEADS[concat(words, " ", 1, lead_words)] then
      if is_date_words(words, lead_words + 1, #words) then
        local due = trim(sub(text, 1, comma - 1))
        due = gsub(due, "^%S+%s+", "", lead_words) -- the lead's words as written
        if words[lead_words + 1] == "le" or words[lead_words + 1] == "the" then due = gsub(due, "^%S+%s+", "", 1) end
        local rest = trim(sub(text, comma + 1))
        if rest ~= "" then return rest, due end
      end
      break
    end
  end
  return text, nil
end

-- Finds a recorded vote. Returns the text without it and the vote as written.
local VOTE_WORDS = merged_list("vote_words")
local VOTE_WORD = {}
for _, word in ipairs(VOTE_WORDS) do VOTE_WORD[word] = true end
local function is_vote_count(folded)
  local hits = 0
  for _, word in ipairs(VOTE_WORDS) do
    if find(folded, "%f[%a]" .. word .. "%f[%A]%s*:?%s*%d") or find(folded, "%d+%s+" .. word .. "%f[%A]") then
      hits = hits + 1
    end
  end
  return hits >= 2
end
-- "Adopté", "Adoptée à l'unanimité", "Adopted unanimously", "Carried", "À l'unanimité" (folded).
local function is_adoption(folded)
  return match(folded, "^adoptee?s?%f[%W]") ~= nil or match(folded, "^adopted%f[%W]") ~= nil
    or match(folded, "^carried%f[%W]") ~= nil or match(folded, "^unanim") ~= nil
    or match(folded, "^a l'unanimite") ~= nil or match(folded, "^approuvee?s? a l'unanimite") ~= nil
    or match(folded, "^approved unanimously") ~= nil
end

local function take_votes(text)
  -- Votes close the decision: only the last bytes are read.
  local offset = #text > 200 and #text - 200 or 0
  if find(text, "(", offset + 1, true) then
    for start, group in gmatch(text, "()(%b())", offset + 1) do
      if is_vote_count(fold(group)) then
        local before, after = sub(text, 1, start - 1), trim(sub(text, start + #group))
        local rest = after ~= "" and match(after, "^[%.;]?$") and strip_end_punctuation(before)
          or collapse(before .. " " .. after)
        return rest, trim(sub(group, 2, -2))
      end
    end
  end
  -- "… approuvé. Adopté à l'unanimité." / "… adopted. For: 7, Against: 1."
  local stop = find(text, "[%.!?]%s+[^%.!?]+[%.!]?%s*$", offset + 1)
  if stop then
    local last = strip_end_punctuation(sub(text, stop + 1))
    local folded = fold(last)
    if is_adoption(folded) or is_vote_count(folded) then
      return trim(sub(text, 1, stop)), last
    end
  end
  local folded = fold(offset > 0 and sub(text, offset + 1) or text)
  if find(folded, "a l'unanimite", 1, true) then return text, "à l'unanimité" end
  if find(folded, "unanimously", 1, true) then return text, "unanimously" end
  return text, nil
end

-- The label before ':' at the start of a line, folded, and where the colon is.
local function label_of(line)
  local colon = find(line, ":", 1, true)
  if not colon or colon > MAX_LABEL_BYTES then return nil end
  -- Labels are short words; only "Action Karim Benali :" is long (and starts with "Action").
  if colon > 16 and not find(lower(sub(line, 1, 6)), "^action") then return nil end
  -- "ACTION:, RESOLUTION: and RESOLVED:" names the markers, it does not use them.
  if find(line, "^[%s]*[,;%.%)]", colon + 1) then return nil end
  return collapse(fold(plain_spaces(sub(line, 1, colon - 1)))), colon
end

-- What follows the label's colon, and the label as written.
local function after_label(line, colon)
  return trim(plain_spaces(sub(line, colon + 1))), trim(plain_spaces(sub(line, 1, colon - 1)))
end

-- "Marie Tremblay" or "Marie Tremblay (TIESS)" in an attendance checklist: a person, not a task.
local function is_person(item, people)
  if #item > 120 or find(item, "[@%d]") then return false end
  local bare = collapse(gsub(item, "%s*%b()%s*$", ""))
  local folded = fold(bare)
  if people.known then
    return people.full[folded] or (not find(folded, " ", 1, true) and people.part[folded]) or false
  end
  local words = 0
  for word in gmatch(bare, "%S+") do
    words = words + 1
    if find(word, "%d") or not (is_name_word(word) or (words > 1 and PARTICLES[lower(word)])) then
      return false
    end
  end
  return words >= 2 and words <= MAX_OWNER_WORDS
end

-- Outcome needles, each with its rules (both languages: minutes mix them).
local OUTCOME_NEEDLES, OUTCOMES_OF = {}, {}
for _, rules in ipairs(RULES) do
  for _, rule in ipairs(rules.outcomes or {}) do
    local needle = rule[1]
    if not OUTCOMES_OF[needle] then
      OUTCOMES_OF[needle] = {}
      OUTCOME_NEEDLES[#OUTCOME_NEEDLES + 1] = needle
    end
    table.insert(OUTCOMES_OF[needle], rule)
  end
end

-- A rule's literal words ("agreed to"), found plainly before its pattern is tried; worked out the
-- first time the rule is needed (false when the pattern starts with a class).
local function literal_of(rule)
  local literal = rule.literal
  if literal == nil then
    local bare = string.gsub(rule[2], "%%f%[%%?%a%]", "")
    local after
    literal, after = string.match(bare, "^([^%%%[%]%(%)%.%*%+%-%?%^]*)(.?)")
    if after == "?" or after == "*" or after == "-" then literal = string.sub(literal, 1, -2) end
    if literal == "" then literal = false end
    rule.literal = literal
  end
  return literal
end

for _, needle in ipairs(OUTCOME_NEEDLES) do BATCH_NEEDLES[#BATCH_NEEDLES + 1] = needle end

-- The sentence around byte `pos`: from after the last ". " / "! " / "? " before it (or the start) to
-- the next one (or the end); at most 600 bytes each way, so the cost is the sentence's, not the text's.
local function sentence_bounds(text, pos)
  local from = pos > 600 and pos - 600 or 1
  local start = from
  local at = find(text, "[%.!?;][%s]", from)
  while at and at < pos do
    start = at + 2
    at = find(text, "[%.!?;][%s]", at + 1)
  end
  local finish = at or #text
  if finish > pos + 600 then finish = pos + 600 end
  return start, finish
end

local function contains_any(folded, words)
  for _, word in ipairs(words) do
    if find(folded, word, 1, true) then return true end
  end
  return false
end

-- Sentences of a block's text that record an outcome: { start, finish, rule } in text order.
local function find_outcomes(text, present)
  local found
  for _, needle in ipairs(present) do -- the block's needles, in the order of BATCH_NEEDLES
    local at = OUTCOMES_OF[needle] and find(text, needle, 1, true)
    while at do
      local near = lower(sub(text, at > 24 and at - 24 or 1, at + 32))
      if find(near, "\xE2\x80\x99", 1, true) then near = gsub(near, "\xE2\x80\x99", "'") end
      local next_from = at + #needle
      for _, rule in ipairs(OUTCOMES_OF[needle]) do
        local literal = literal_of(rule)
        if (not literal or find(near, literal, 1, true)) and find(near, rule[2]) then
          local s, e = sentence_bounds(text, at)
          local before = lower(sub(text, s, at))
          local sentence = sub(text, s, e)
          local who, verb = match(text, "^ that (%u[%w%-]*) (%a+)", at + #needle)
          if not who then who, verb = match(text, "^ que (%u[%w%-]*) (%a+)", at + #needle) end
          if who and ASSIGNED[verb] then
            -- an assignment: left to the suggestions plugin's commitments
          elseif not contains_any(before, OUTCOME_DENIALS) and byte(sentence, -1) ~= 63
            and not find(sentence, "?", 1, true) then
            found = found or {}
            local duplicate = false
            for _, other in ipairs(found) do
              if other[1] == s then duplicate = true end
            end
            if not duplicate then found[#found + 1] = { s, e, rule[3] } end
          end
          next_from = math.max(next_from, e + 1)
          break
        end
      end
      at = find(text, needle, next_from, true)
    end
  end
  if found then table.sort(found, function(a, b) return a[1] < b[1] end) end
  return found
end

-- "Agenda approved", "Les procès-verbaux sont adoptés": the meeting's own procedure.
local function is_procedural(text)
  local folded = fold(text)
  for _, verb in ipairs(DECIDING) do
    local at = find(folded, verb, 1, true)
    if at and contains_any(sub(folded, at, at + 60), MEETING_OBJECTS) then return true end
  end
  if #text > 90 then return false end
  return contains_any(folded, PROCEDURAL_WORDS)
end

local STANDALONE_FIRST = { motion = true, the = true, carried = true, elected = true, passed = true,
                           approved = true, rejected = true, accepted = true, elu = true, elue = true,
                           elus = true, elues = true, reelu = true, reelue = true, reelus = true,
                           approuve = true, approuvee = true, approuves = true, approuvees = true,
                           rejete = true, rejetee = true, refuse = true, refusee = true, accepte = true,
                           acceptee = true }
local function is_standalone_outcome(line)
  if #line > 60 then return false end
  local first = match(line, "^%s*([%a\xC3\x80-\xBF]+)")
  if not first or not STANDALONE_FIRST[fold(first)] then return false end
  local folded = fold(line)
  for _, pattern in ipairs(STANDALONE_OUTCOMES) do
    if find(folded, pattern) then return true end
  end
  return false
end

-- What a title announces: "review" (earlier actions), "action", "decision", or nil.
local TITLE_PROBES = { "action", "cision", "faire", "todo", "to do", "to-do", "che", "suivi", "follow", "suite",
                       "conclu", "cl", "reten", "takeaway", "resolution" }
local function title_kind(text)
  if #text > 80 then return nil end
  local low = lower(text)
  local probe = false
  for _, word in ipairs(TITLE_PROBES) do
    if find(low, word, 1, true) then
      probe = true
      break
    end
  end
  if not probe then return nil end
  local folded = gsub(collapse(fold(plain_spaces(text))), "^[%d%.%)%s]+", "")
  folded = gsub(folded, "[%s:]+$", "")
  local words, has_action, has_decision = 0, false, false
  for word in gmatch(folded, "[%a'%-]+") do
    words = words + 1
    if ACTION_TITLE_WORDS[word] then has_action = true end
    if DECISION_TITLE_WORDS[word] then has_decision = true end
  end
  if find(folded, "a faire", 1, true) or find(folded, "to do", 1, true) or find(folded, "action items", 1, true) then
    has_action = true
  end
  -- "Suivi", "Follow-up", "Next steps", "Prochaines étapes" alone: what is to be done after the meeting
  if FOLLOW_UP_TITLES[folded] then return "action" end
  -- "En résumé - Points clés", "Key takeaways", "À retenir": what the meeting concluded
  for _, phrase in ipairs(CONCLUSION_TITLES) do
    if find(folded, phrase, 1, true) then return "decision" end
  end
  if not (has_action or has_decision) then return nil end
  -- "Actions du Fablab", "Actions of the board": what a group did, not a list of tasks
  if find(folded, "^actions? d[eu]s?%f[%A]") or find(folded, "^actions? of%f[%A]") then return nil end
  if contains_any(folded, REVIEW_WORDS) then return "review" end
  if words > 5 then return nil end
  if has_action and has_decision then return nil end -- "Decisions / Action Items": a summary heading
  return has_action and "action" or "decision"
end

-- "Rosa Lind - Example Project Representative", "Jean Dupont, Ville de Laval": a person and an
-- organisation in an attendance checklist, not a task.
local ORG_LOWER_WORDS = { ["of"] = true, ["and"] = true, ["the"] = true, ["for"] = true, ["de"] = true,
                          ["la"] = true, ["du"] = true, ["des"] = true, ["et"] = true, ["inc"] = true,
                          ["&"] = true, ["/"] = true, ["-"] = true }
local function is_person_row(item, people)
  if #item > 120 then return false end
  local dash, width = find(item, " - ", 1, true), 3
  if not dash then dash, width = find(item, " \xE2\x80\x93 ", 1, true), 5 end
  if not dash then dash, width = find(item, " \xE2\x80\x94 ", 1, true), 5 end
  if not dash then dash, width = find(item, ", ", 1, true), 2 end
  if not dash then return false end
  local name, rest = trim(sub(item, 1, dash - 1)), sub(item, dash + width)
  local count = 0
  for word in gmatch(name, "%S+") do
    count = count + 1
    if not (is_name_word(word) or (count > 1 and PARTICLES[lower(word)])) or find(word, "%d") then return false end
  end
  if count < 2 or count > MAX_OWNER_WORDS then return false end
  local words, lowers = 0, 0
  for word in gmatch(rest, "[^%s%(%)%.,]+") do
    words = words + 1
    if not is_name_word(word) and not ORG_LOWER_WORDS[lower(word)] then lowers = lowers + 1 end
  end
  return words > 0 and words <= 10 and lowers <= 2 and lowers * 3 < words
end

local STATUS_WORDS_CAPS = { "DONE", "IN PROCESS", "IN PROGRESS", "BLOCKED", "PENDING", "ONGOING", "FAIT", "EN COURS" }
local function has_status_tail(item)
  local last = sub(item, -48)
  for _, status in ipairs(STATUS_WORDS_CAPS) do
    local at = find(last, status, 1, true)
    if at and not find(sub(last, at - 1, at - 1), "%a") and not find(sub(last, at + #status, at + #status), "%a") then
      return true
    end
  end
  local tail = fold(sub(item, -40))
  tail = gsub(tail, "%b()", "")
  tail = gsub(tail, "[%s%.%-–—!]+$", "")
  for _, status in ipairs(STATUS_TAILS) do
    if sub(tail, -#status) == status then
      local before = byte(tail, #tail - #status)
      if not before or before == 32 or before == 46 or before == 45 or before == 58 then return true end
    end
  end
  return false
end

-- Content words of an item, for "the same item said twice" (a closing summary repeats the body).
local SMALL_WORDS = {}
for word in gmatch("a an the and or of to in on for with is are be was were will this that it by at as from " ..
  "le la les un une des de du et ou au aux en dans sur pour par avec est sont qui que ce il on nous", "%S+") do
  SMALL_WORDS[word] = true
end
local function content_words(text)
  local set, n = {}, 0
  for word in gmatch(fold(sub(text, 1, 400)), "[%w'%-]+") do
    if not SMALL_WORDS[word] and not set[word] then
      set[word] = true
      n = n + 1
    end
  end
  return set, n
end
local function same_item(a, na, b, nb)
  local common = 0
  for word in pairs(a) do
    if b[word] then common = common + 1 end
  end
  -- the shorter says nothing the longer does not (one word aside)
  local shorter = math.min(na, nb)
  return shorter >= 4 and shorter - common <= (shorter >= 12 and 1 or 0)
end

-- The hook -----------------------------------------------------------------

local function extract(doc)
  -- the participants as the host indexes them (docs/plugins.md, doc.people): a name's words and
  -- pieces are `part`; markers does not read `nickname`
  local people = doc.people
  local actions, decisions, suggestions, resources = {}, {}, {}, {}
  local previous_text, previous_line -- the last line of prose, for "Adopté à l'unanimité." alone
  -- A vote table under an item ("| Pour | 21 |", or "| Pour | Contre |" over the counts) decides
  -- that item: its counts are gathered row by row and become a decision when the table ends.
  local item_title, item_line = nil, nil
  local open_question = nil -- the question just read, which an answer below it may settle
  local lead_owners = nil   -- the handles named in the lead-in of the list being read
  local votes_seen, vote_columns = {}, nil
  local list_mode, list_rule -- items under "Décisions :" / "Action items"

  local function add_action(text, line, rule, done, owner, due)
    if not owner then owner, text = embedded_owner(text) end
    if not due then text, due = split_due(text) end
    if not due then text, due = split_opening_due(text) end
    text = strip_end_punctuation(text)
    if text ~= "" then
      actions[#actions + 1] = { text = text, owner = owner or nil, due = due, line = line, rule = rule,
                                done = done or nil }
    end
  end

  local function action_with_owner(text, line, rule, done, bare_name_ok)
    -- "12 - Raj: fix the cache bug", "#4 — Ana : relire": an item's number before its owner
    local numbered = match(text, "^#?%d[%d%.]*%s*[%-\xE2][\x80]?[\x93\x94]?%s+(.+)$")
    if numbered then text = numbered end
    local owner, rest = embedded_owner(text)
    if not owner then owner, rest = trailing_owner(text, people) end
    if not owner then
      owner, rest = leading_owner(text, people, bare_name_ok)
      if not owner then rest = text end
    end
    add_action(rest, line, rule, done, owner or false)
  end

  local function add_decision(text, line, rule)
    local rest, votes = take_votes(text)
    rest = trim(rest)
    if rest ~= "" then
      decisions[#decisions + 1] = { text = rest, line = line, rule = rule, votes = votes }
    end
  end

  -- "Adopté : le budget 2027" decides what follows the colon; "Adopté à l'unanimité." on its own
  -- line decides the proposal just before it.
  local function adoption(line, line_number)
    local label, colon = label_of(line)
    local after, label_as_written
    if label then after, label_as_written = after_label(line, colon) end
    if label and after ~= "" and is_adoption(label) then
      local text, votes = take_votes(after)
      if not votes and match(label, "%s") then votes = label_as_written end
      decisions[#decisions + 1] = { text = text, line = line_number, rule = "marker:adopte", votes = votes }
      return true
    end
    if #line > 80 or not previous_text then return false end
    local proposal = previous_text
    local head, body = match(proposal, "^([^:]+):%s*(.+)$")
    if head and #head < 40 then
      local folded = fold(head)
      if find(folded, "propos", 1, true) or find(folded, "motion", 1, true) or find(folded, "resolution", 1, true) then
        proposal = body
      end
    end
    decisions[#decisions + 1] = { text = trim(proposal), line = previous_line, rule = "marker:adopte",
                                  votes = strip_end_punctuation(line) }
    previous_text = nil
    return true
  end

  local function meetbot(command, rest, line_number)
    local what = MEETBOT[command]
    if what == "action" then
      action_with_owner(rest, line_number, "meetbot:#action", nil, true)
    elseif what == "decision" then
      add_decision(rest, line_number, "meetbot:#" .. command)
    elseif what == "idea" and rest ~= "" then
      suggestions[#suggestions + 1] = { kind = "action", text = rest, line = line_number, rule = "meetbot:#idea" }
    elseif what == "link" then
      local s, e, url = find(rest, "(%a[%w+.-]*://%S+)")
      if not s then s, e, url = find(rest, "(www%.%S+)") end
      if url then
        local title = collapse(sub(rest, 1, s - 1) .. " " .. sub(rest, e + 1))
        resources[#resources + 1] = { url = url, title = title ~= "" and title or url, kind = "link",
                                      line = line_number }
      end
    end
    return what ~= nil
  end

  local action_column = nil -- the column of the table being read that holds actions
  local agenda_level = nil   -- under an agenda heading of this level: its items are topics, not tasks

  -- Cheap first look: the first word, or the word after a short label, is a to-do verb.
  local function is_todo_word(word)
    if not word then return false end
    local low = lower(word)
    if TODO_VERB[low] or low == "se" or sub(low, 1, 2) == "s'" then return true end
    return byte(low, 1) == 0xC3 and TODO_VERB[gsub(low, "^\xC3\x89", "\xC3\xA9")] or false
  end
  local function may_be_todo(text)
    if is_todo_word(match(text, "^%s*([%a\xC3\x80-\xBF']+)")) then return true end
    local colon = find(text, ":", 1, true)
    return colon ~= nil and colon < 48 and is_todo_word(match(text, "^%s*([%a\xC3\x80-\xBF']+)", colon + 1))
  end

  -- "Recontacter Gandi pour les crédits", "Sujet : trouver une date": an infinitive to-do.
  local function todo_item(item, line_number)
    if agenda_level or #item > 300 then return false end
    local from = 1
    local colon = find(item, ":", 1, true)
    if colon and colon < 48 then from = colon + 1 end
    local word = match(item, "^%s*([%a\xC3\x80-\xBF'\xE2\x99]+)", from)
    if not word then return false end
    local folded = lower(word)
    if match(folded, "^se$") or match(folded, "^s'") then
      word = match(item, "^%s*%S+%s+([%a\xC3\x80-\xBF]+)", from) or ""
      folded = lower(word)
    end
    folded = gsub(folded, "^\xC3\x89", "\xC3\xA9")
    -- "Voir CR n°11" points to a document; "Voir avec Paul …", "Voir si …" is a task
    if (folded == "voir" or folded == "revoir") and not match(item, "^%s*%S+%s+([%a\xC3\xB9]+)", from) then return false end
    if folded == "voir" or folded == "revoir" then
      local next_word = lower(match(item, "^%s*%S+%s+([%a\xC3\xB9]+)", from))
      if not VOIR_TASK[next_word] then return false end
    end
    -- "Mettre en œuvre = octobre 2021": a phase named, not a task
    if find(item, "^%s*%S+%s+%S+%s+%S+%s*[=:]", from) or find(item, "^%s*%S+%s*[=:]", from) then return false end
    if TODO_VERB[folded] and byte(item, -1) ~= 63 then
      add_action(item, line_number, "fr:infinitif")
      return true
    end
    return false
  end

  local in_task = false -- read_line is reading a task list item (the tasklist rule owns it)

  -- One line of prose; returns true when it held a marker.
  local function read_line(line, line_number)
    local first = byte(line, 1)
    if first == 32 or first == 9 then
      line = trim(line)
      first = byte(line, 1)
    end
    if not first then return false end
    if first == 35 then -- '#'
      local command, rest = match(line, "^#(%a+)%s*(.*)$")
      return command ~= nil and meetbot(lower(command), trim(plain_spaces(rest)), line_number)
    end
    local label, colon = label_of(line)
    if label and (LABELS[label] or find(label, "^actions? ")) then
      local rest, label_as_written = after_label(line, colon)
      local known = LABELS[label]
      if known and rest ~= "" then
        if known[1] == "action" then
          action_with_owner(rest, line_number, known[2], nil, "full")
        else
          add_decision(rest, line_number, known[2])
        end
        return true
      end
      -- "Action Alice: send the report" (W3C scribe)
      local word, owner = match(label, "^(actions?) (.+)$")
      if word and rest ~= "" and not NOT_OWNERS[owner] then
        owner = trim(sub(label_as_written, #word + 1))
        local named = true
        for part in gmatch(owner, "%S+") do
          if not (is_name_word(part) or PARTICLES[lower(part)]) then named = false end
        end
        if named then
          add_action(rest, line_number, "w3c:action", nil, owner)
          return true
        end
      end
    end
    -- "@ines contacte l'assurance", "Assurance : @ines contacte…", "Morgan (@pinson) transmet…":
    -- a handle, then a verb in the present: that person's task.
    -- "-> décider dans l'équipe qui s'en occupe": an arrow, then a to-do
    if not in_task and (first == 45 or first == 0xE2 or first == 61) then
      local rest = match(line, "^%-+>%s*(.+)$") or match(line, "^=>%s*(.+)$") or match(line, "^\xE2\x86\x92%s*(.+)$")
      if rest and #rest <= 300 and may_be_todo(rest) and todo_item(rest, line_number) then return true end
    end
    -- "prime Lena (relance @todo #73)": a to-do tag inside the line
    if not in_task and find(line, "@todo", 1, true) then
      add_action(trim(line), line_number, "marker:todo-tag")
      return true
    end
    -- "The budget page is stale (Raj to reply).": the person named in the closing bracket takes it
    if not in_task and byte(line, -1) ~= 63 and find(line, " to ", 1, true) and find(line, "%)[%s%.!]*$") then
      local who = match(line, "%(%s*(%u[%w%-]*)%s+to%s+%l[%a]*[^%)]*%)[%s%.!]*$")
      if who and names_a_person(who, people) ~= false and #line <= 300 then
        add_action(strip_end_punctuation(trim(line)), line_number, "marker:bracket-owner", nil, who)
        return true
      end
    end
    -- "(Nina) send members a short survey": the person in brackets, then a verb
    if not in_task and first == 40 then
      local who, verb = match(line, "^%((%u[%w%-]*)%)%s+(%l[%w']*)")
      if who and not NOT_TASK_VERBS[verb] and sub(verb, -2) ~= "ed" and byte(line, -1) ~= 63 then
        add_action(trim(line), line_number, "marker:bracket-owner", nil, who)
        return true
      end
    end
    if not in_task and find(line, "@", 1, true) and byte(line, -1) ~= 63 then
      -- "[@ines]({{ site.url }}/membres/ines/)": a link the Markdown reader left as text
      if find(line, "](", 1, true) then line = gsub(line, "%[(@[^%]]*)%]%b()", "%1") end
      local from = 1
      if label and colon and colon < 40 then from = colon + 1 end
      local s, e, handle, verb = find(line, "^%s*[%w%-]*%s*%(?(@[%w_][%w_%.%-]*)%)?%s+([%l\xC3][%w\x80-\xBF'\xE2\x99]*)", from)
      if s and not NOT_TASK_VERBS[lower(verb)] and sub(verb, -2) ~= "ed" and not find(line, "?", 1, true) then
        local lead = match(sub(line, from, e), "^%s*([%w%-]*)%s*%(?@")
        if lead == "" or is_name_word(lead) then
          -- the handle is the sentence's subject: the line keeps it ("@ines contacte l'assurance")
          add_action(trim(line), line_number, "marker:handle-verb", nil, handle)
          return true
        end
      end
      -- "Recontacter la médiathèque : @ines", "Affiche => @leon": the owner after the task
      local task, owner = match(line, "^(.-)%s*:%s*(@[%w_][%w_%.%-]*)%s*$")
      if not task then task, owner = match(line, "^(.-)%s*=>%s*(@?[%w_][%w_%.%-]*)%s*$") end
      local _, spaces = gsub(task or "", "%s+", "")
      if task and spaces >= 2 and not find(task, "%d") and not contains_any(fold(task), MEETING_ROLE_WORDS) then
        add_action(task, line_number, "marker:owner-after", nil, owner)
        return true
      end
    end
    -- "Adopté …" starts the line, or ends it after a proposal: only the two ends are read.
    if ADOPTION_STARTS[first] and ADOPTION_NEXT[lower(sub(line, 2, 4))] and is_adoption(fold(sub(line, 1, 24))) then
      return adoption(line, line_number)
    end
    -- "Alcool au local ? >>> non", "Simple glossary? yes", "… ? → NON": a question and its answer
    do
      local q = find(line, "?", 1, true)
      if q and q > 8 then
        local answer = match(line, "^%?[%s%-=>→\xE2\x80\x86\x92:]*([%a]+)[%s%.!]*$", q)
        if answer and ANSWERS[lower(answer)] then
          local from = 1
          local stop = find(line, "[%.!]%s", 1)
          while stop and stop < q do
            from = stop + 1
            stop = find(line, "[%.!]%s", stop + 1)
          end
          add_decision(trim(sub(line, from)), line_number, "marker:answer")
          return true
        end
      end
    end
    -- "Motion carried unanimously.", "Elected unanimously (11)" alone: the line before was the proposal.
    if previous_text and #line <= 60 and is_standalone_outcome(line) then
      local outcome = strip_end_punctuation(line)
      decisions[#decisions + 1] = { text = collapse(previous_text) .. " \xE2\x80\x94 " .. outcome,
                                    line = previous_line, rule = "marker:outcome", votes = outcome }
      previous_text = nil
      return true
    end
    local tail = #line > 64 and sub(line, -64) or line
    if not (find(tail, "dopt", 1, true) or find(tail, "nanim", 1, true) or find(tail, "arried", 1, true)
      or find(tail, "DOPT", 1, true) or find(tail, "NANIM", 1, true)) then
      return false
    end
    -- "Il est proposé par X d'adopter le budget. Adopté à l'unanimité."
    local stop = find(tail, "[%.!?]%s+%S[^%.!?]*[%.!]?$")
    if stop then
      stop = #line - #tail + stop
      local last = strip_end_punctuation(sub(line, stop + 1))
      if is_adoption(fold(last)) then
        decisions[#decisions + 1] = { text = trim(sub(line, 1, stop)), line = line_number, rule = "marker:adopte",
                                      votes = last }
        return true
      end
    end
    return false
  end

  local function list_label(text)
    if #text > 24 or not LIST_LABEL_STARTS[byte(text, 1) or 0] then return nil end
    local bare = gsub(collapse(fold(text)), "^%d+[%.%)]?%s*", "")
    bare = gsub(bare, "%s*:$", "")
    return LIST_LABELS[bare]
  end

  -- Sentences recording an outcome anywhere in a block ("The committee agreed to …").
  local present = {} -- needle → whether it occurs in the batch of blocks being read

  local function outcomes(text, line_number, text_before, line_before)
    -- the text before is no proposal when it was itself a decision
    if text_before and #decisions > 0 and decisions[#decisions].line == line_before then text_before = nil end
    local found = find_outcomes(text, present)
    if not found then return false end
    for _, hit in ipairs(found) do
      local sentence = collapse(plain_spaces(sub(text, hit[1], hit[2])))
      -- "Cette proposition est adoptée à l'unanimité." decides the sentence before it.
      local _, words = gsub(sentence, "%S+", "")
      local first = lower(match(sentence, "^(%S+)") or "")
      local two = lower(match(sentence, "^(%S+ %S+)") or "")
      if is_procedural(sentence) then
        sentence = ":" -- the agenda, the minutes: nothing to decide here
      elseif (words <= 8 and (ANAPHORS[first] or ANAPHORS[two])
          and not find(sentence, "^[Ii]l a été [dac]") and not find(sentence, "^[Ii]l est [dac]"))
        or (words <= 12 and (find(lower(sentence), "%f[%a]this%f[%A]") or find(lower(sentence), "%f[%a]cela%f[%A]"))) then
        local before = text_before
        if hit[1] > 2 then
          local s = sentence_bounds(text, hit[1] - 2)
          before = sub(text, s, hit[1] - 1)
        end
        if before and #before < 400 then sentence = collapse(plain_spaces(before)) .. " " .. sentence end
      end
      if not is_procedural(sentence) and sub(sentence, -1) ~= ":" then
        local _, breaks = gsub(sub(text, 1, hit[1]), "\n", "")
        -- "The committee agreed to explore other options": a step to take, not a decision
        local low = (hit[3] == "en:agreed" or hit[3] == "en:decided") and lower(sentence)
        local verb = low and (match(low, "agreed to (%a+)") or match(low, "decided to (%a+)"))
        if verb and EXPLORATORY[verb] then
          add_action(strip_end_punctuation(sentence), line_number + breaks, "en:agreed-to-explore")
        else
          add_decision(strip_end_punctuation(sentence), line_number + breaks, hit[3])
        end
      end
    end
    return true
  end

  -- Markers inside a line: "(AI: Kate to send the file)", "AI(OW): …", "AI[OW] …", "Kim: ACTION: …",
  -- "ACTION - Nora: …", "Next action: …", "[Decision: adopt plan B]", "**Decision 4.1:** …".
  local function inline_markers(text, line_number)
    local any = false
    for _, needle in ipairs(present) do
      local at = IS_INLINE_NEEDLE[needle] and find(text, needle, 1, true)
      while at do
        local next_from = at + #needle
        local before = byte(text, at - 1)
        if not (before and (before >= 48 and before <= 57 or before >= 65 and before <= 90 or before >= 97 and before <= 122)) then
          local head = sub(text, at, at + 80)
          local kind, owner, body_from
          for _, form in ipairs(INLINE_FORMS) do
            local s, e, who = find(head, form[1])
            if s then
              -- at the start of the text or of a line the marker needs no opener
              local opener = at == 1 or byte(text, at - 1) == 10
                or match(sub(text, at > 8 and at - 8 or 1, at - 1), "([%(%[:])[%s%*_]*$")
              if not form[3] or opener then
                kind, owner, body_from = form[2], who, at + e
                -- "Kim: ACTION: send the survey": the speaker before the colon takes it
                if opener == ":" and not owner then
                  local line_start = at
                  while line_start > 1 and byte(text, line_start - 1) ~= 10 do line_start = line_start - 1 end
                  local speaker = match(sub(text, line_start, at - 1), "^[%s%*_]*(.-)[%s%*_]*:[%s%*_]*$")
                  local words, named = 0, speaker and speaker ~= ""
                  for word in gmatch(speaker or "", "%S+") do
                    words = words + 1
                    if not is_name_word(word) then named = false end
                  end
                  if named and words <= MAX_OWNER_WORDS then owner = speaker end
                end
              end
              break
            end
          end
          -- "ACTION:, RESOLUTION: and RESOLVED:" names the markers, it does not use them
          if kind and find(text, "^[,;%.%)]", body_from) then kind = nil end
          if kind then
            -- the item ends with its bracket, else with the line
            local q = at - 1
            while q > 1 and find(sub(text, q, q), "[%s%*_]") do q = q - 1 end
            local open = sub(text, q, q)
            local body
            if open == "(" or open == "[" then
              local group = match(text, open == "(" and "^%b()" or "^%b[]", q)
              if group then body = sub(text, body_from, q + #group - 2) end
            end
            if not body then body = match(text, "^[^\n]*", body_from) end
            body = collapse(plain_spaces(gsub(body, "[%*_]+", "")))
            if body ~= "" then
              local _, breaks = gsub(sub(text, 1, at), "\n", "")
              if kind == "action" then
                if owner then
                  add_action(body, line_number + breaks, "marker:inline-action", nil, trim(owner))
                else
                  action_with_owner(body, line_number + breaks, "marker:inline-action", nil, true)
                end
              else
                add_decision(body, line_number + breaks, "marker:inline-decision")
              end
              any = true
              next_from = body_from + #body
            end
          end
        end
        at = find(text, needle, next_from, true)
      end
    end
    return any
  end

  local label_level, label_level_mode, saved_mode = nil, nil, nil -- under a list item that is a label
  local review_level = nil       -- inside a section reviewing earlier actions, opened at this heading level
  local checklist = false        -- under a "… checklist" heading: a procedure to follow, not tasks
  local parent_level, parent_index, parent_open = nil, nil, false -- the last action of a list
  local done_level = nil         -- under a "Finished" / "Done" group label of an action list

  -- An action list whose items mostly carry a status ("DONE", "IN PROCESS", "pending") reviews
  -- earlier actions: none of its items is new.
  local list_start, list_items, list_status = nil, 0, 0
  local task_decision_level = nil -- the level of the last task item that was a decision
  local function end_list()
    if list_start and list_items >= 3 and list_status * 2 >= list_items then
      for k = #actions, list_start, -1 do actions[k] = nil end
    end
    list_start, list_items, list_status = nil, 0, 0
  end
  local function start_list()
    end_list()
    task_decision_level = nil
    if list_mode == "action" then list_start = #actions + 1 end
  end

  local function end_vote_table()
    if #votes_seen >= 2 and item_title then
      decisions[#decisions + 1] = { text = item_title, line = votes_seen.line or item_line,
                                    rule = "marker:vote-table", votes = concat(votes_seen, ", ") }
    end
    votes_seen, vote_columns = {}, nil
  end
  local function vote_row(cells, line_number)
    if vote_columns then
      for c, word in pairs(vote_columns) do
        local count = match(cells[c] or "", "^%s*(%d+)%s*$")
        if count then
          votes_seen[#votes_seen + 1] = word .. " : " .. count
          votes_seen.line = votes_seen.line or line_number
        end
      end
      return
    end
    local word = trim(cells[1] or "")
    local count = match(cells[2] or "", "^%s*(%d+)%s*$")
    if count and #word < 16 and VOTE_WORD[fold(word)] then
      votes_seen[#votes_seen + 1] = word .. " : " .. count
      votes_seen.line = votes_seen.line or line_number
    end
  end

  local function process(block)
    local kind, text = block.kind, block.text
    if kind ~= "table_row" and (#votes_seen > 0 or vote_columns) then end_vote_table() end
    if kind == "heading" then
      lead_owners = nil
      item_title, item_line = gsub(collapse(plain_spaces(text)), "^%d+[%.%)]?%s*", ""), block.line
      end_list()
      local level = block.level or 1
      local what = title_kind(text)
      if review_level and level <= review_level then review_level = nil end
      if what == "review" then review_level = level end
      list_mode = (what == "action" or what == "decision") and what or list_label(text)
      list_rule = "marker:list"
      checklist = find(lower(text), "checklist", 1, true) ~= nil
      parent_level, parent_index, done_level = nil, nil, nil
      label_level, label_level_mode = nil, nil
      if agenda_level and level <= agenda_level then agenda_level = nil end
      if #text < 60 and contains_any(fold(text), AGENDA_TITLES) then agenda_level = level end
      start_list()
      -- A proposal never crosses a heading; "Adopté à l'unanimité." right under
      -- "## 1. Adoption de l'ordre du jour" decides the heading's subject.
      previous_text = gsub(collapse(plain_spaces(text)), "^%d+[%.%)]?%s*", "")
      previous_line = block.line
    elseif kind == "table_row" then
      -- a table with an "Actions" column: each entry of that column is an action; any cell may
      -- record an outcome ("Group agreed to publish…")
      local cells = block.cells or {}
      if block.header then
        end_vote_table()
        -- "| Pour | Contre | Abstention |": the counts are in the row below
        local columns, n = {}, 0
        for c, cell in ipairs(cells) do
          if #cell < 16 and VOTE_WORD[fold(trim(cell))] then columns[c] = trim(cell); n = n + 1 end
        end
        if n >= 2 then vote_columns = columns end
        action_column = nil
        for c, cell in ipairs(cells) do
          local folded = fold(cell)
          if #cell < 60 and (find(folded, "action", 1, true) or find(folded, "a faire", 1, true)
            or find(folded, "to do", 1, true) or find(folded, "todo", 1, true)) then
            action_column = c
          end
        end
      elseif not review_level then
        vote_row(cells, block.line)
        for c, cell in ipairs(cells) do
          if c == action_column then
            for piece in gmatch(cell .. "  ", "(.-)%s%s+") do
              piece = trim(piece)
              local folded = fold(piece)
              if piece ~= "" and folded ~= "none" and folded ~= "n/a" and folded ~= "-" and folded ~= "aucune" then
                if not read_line(piece, block.line) then action_with_owner(piece, block.line, "table:action") end
              end
            end
          elseif c > 1 and cell ~= "" then
            outcomes(cell, block.line)
          end
        end
      end
    elseif (kind == "paragraph" or kind == "list_item") and review_level then
      -- earlier actions and their status: nothing new here
      if kind == "paragraph" and title_kind(text) and title_kind(text) ~= "review" and #text < 40 then
        review_level = nil
        list_mode = title_kind(text)
      end
    elseif kind == "paragraph" or kind == "list_item" then
      local line_number = block.line
      local level = block.level or 1
      -- "- Alcool au local ?" then, nested under it, "- • non": the answer settles the question
      local question = open_question
      open_question = nil
      -- "Steps for @ana and @bo:": the people named in a list's lead-in own its tasks
      if kind == "paragraph" then
        lead_owners = nil
        if byte(text, -1) == 58 and #text <= 160 and find(text, "@", 1, true) then
          local handles = {}
          for handle in gmatch(text, "%f[%w@]@([%w_][%w_%.%-]*[%w_])") do handles[#handles + 1] = "@" .. handle end
          if #handles > 0 then lead_owners = concat(handles, ", ") end
        end
      end
      if question and #text <= 80 and (kind == "paragraph" and question.kind == "paragraph"
          or (kind == "list_item" and question.kind == "list_item" and level > question.level)) then
        local answer = gsub(collapse(plain_spaces(text)), "^[%s\xE2\x80\xA2\x86\x92%-=>:]+", "")
        local word = lower(match(answer, "^([%a\xC3\xA9]+)") or "")
        local opener = fold(match(question.text, "^([^%s,]+)") or "")
        if ANSWERS[word] and not find(answer, "?", 1, true) and not OPEN_QUESTIONS[opener] then
          add_decision(question.text .. " \xE2\x86\x92 " .. strip_end_punctuation(answer), question.line, "marker:answer")
          goto continue
        end
      end
      -- "+1 from Kim, +1 from Bo": several people back the proposal above (or on the same line)
      if find(text, "+1", 1, true) and #text <= 400 and not block.chat then
        local rest, plus = gsub(text, "%+1%f[%D]", "")
        if plus >= 2 then
          rest = collapse(gsub(gsub(rest, "%f[%a]from%s+[%w@%-]+", ""), "%f[%a]de%s+[%w@%-]+", ""))
          rest = gsub(gsub(rest, "^[%s%p]+", ""), "[%s,;]+$", "")
          local _, words = gsub(rest, "%S+", "")
          local proposal = words >= 3 and rest or previous_text
          if proposal and proposal ~= "" then
            add_decision(strip_end_punctuation(collapse(plain_spaces(proposal))), words >= 3 and line_number
                         or previous_line, "marker:plus-ones")
            goto continue
          end
        end
      end
      if byte(text, -1) == 63 and #text <= 200 and not find(text, "\n", 1, true) then
        open_question = { text = collapse(plain_spaces(text)), level = level, kind = kind, line = line_number }
      end
      if kind == "list_item" then
        -- "* Action Items:" as a list item labels the items nested under it
        if label_level and level <= label_level then
          if label_level_mode then end_list() end
          list_mode, label_level, label_level_mode = saved_mode, nil, nil
        end
        if not label_level and block.checked == nil and #text < 40 then
          local colon = find(text, ":", 1, true)
          local _, spaces = gsub(text, " ", "")
          local what = ((colon and colon >= #text - 1) or (not colon and spaces < 3)) and title_kind(text)
          if what then
            saved_mode, label_level = list_mode, level
            label_level_mode = what ~= "review"
            list_mode = what ~= "review" and what or nil
            parent_level, parent_index, done_level = nil, nil, what == "review" and level or nil
            if label_level_mode then start_list() end
            goto continue
          end
        end
      elseif label_level then
        if label_level_mode then end_list() end
        list_mode, label_level, label_level_mode = saved_mode, nil, nil
      end
      if kind == "list_item" and done_level and level <= done_level then done_level = nil end
      if done_level and kind == "list_item" and not list_mode then goto continue end
      if kind == "list_item" and parent_level and level <= parent_level then parent_level, parent_index = nil, nil end
      if block.checked ~= nil then
        -- GFM task list: an action unless it only names a person (attendance).
        local item = text
        if find(item, "\n", 1, true) or find(item, "\xC2\xA0", 1, true) or find(item, "\xE2\x80\xAF", 1, true) then
          item = collapse(plain_spaces(item))
        end
        if not checklist and not is_person(item, people) and not is_person_row(item, people) then
          local count = #actions
          in_task = true
          local marked = read_line(item, line_number)
          in_task = false
          if marked then
            if block.checked and #actions > count then actions[#actions].done = true end
          else
            action_with_owner(item, line_number, "tasklist", block.checked, "full")
            if lead_owners and not actions[#actions].owner then actions[#actions].owner = lead_owners end
            -- in a list of decisions, a task nested under a decided task is a step of it, not a decision
            if list_mode == "decision" and not (task_decision_level and level > task_decision_level) then
              add_decision(item, line_number, "marker:list")
              task_decision_level = level
            end
          end
        end
      elseif kind == "list_item" and list_mode then
        local item = collapse(plain_spaces(text))
        local group = #item < 24 and STATUS_GROUPS[gsub(fold(item), "[%s:]+$", "")]
        if group then
          -- "New" / "Finished": a group label; the items of a done group are not counted
          done_level = group == "done" and level or nil
        elseif done_level then
          -- a finished action
        elseif parent_level and level > parent_level then
          -- a detail of the action above it; "Draft a document with:" takes its parts
          if parent_open and list_mode == "action" and parent_index == #actions then
            local above = actions[parent_index]
            above.text = above.text .. (sub(above.text, -1) == ":" and " " or "; ") .. strip_end_punctuation(item)
          elseif list_mode == "decision" and parent_index == -#decisions and #decisions > 0 then
            -- a decision's detail qualifies it
            local above = decisions[#decisions]
            if #above.text < 600 then above.text = above.text .. " (" .. strip_end_punctuation(item) .. ")" end
          end
        elseif list_mode == "action" and has_status_tail(item) then
          -- "Kate - send the file. DONE": a status report on an earlier action
          list_items, list_status = list_items + 1, list_status + 1
        elseif not read_line(item, line_number) then
          if list_mode == "action" then
            list_items = list_items + 1
            parent_open = sub(item, -1) == ":"
            -- in an action list, "Gaël envoie le PV": a participant's first name owns the task
            action_with_owner(item, line_number, list_rule, nil, true)
            if parent_open and #actions > 0 and sub(actions[#actions].text, -1) ~= ":" then
              actions[#actions].text = actions[#actions].text .. ":"
            end
            parent_level, parent_index = level, #actions
          else
            add_decision(item, line_number, list_rule)
            parent_level, parent_index = level, -#decisions
          end
        end
      else
        if kind == "paragraph" then
          -- a label line: short, no colon but a final one, no MeetBot command
          local colon = find(text, ":", 1, true)
          local spaces = 0
          if #text < 60 then spaces = select(2, gsub(text, " ", "")) end
          local what = #text < 60 and byte(text, 1) ~= 35 and (colon and colon >= #text - 1 or (not colon and spaces < 3))
            and title_kind(text)
          if what == "review" then
            review_level = 7 -- until the next heading
            goto continue
          end
          local was = list_mode
          list_mode = (what == "action" or what == "decision") and what or list_label(text)
          list_rule = "marker:list"
          if list_mode ~= was or list_mode then start_list() end
          -- "We discussed it and decided that:" announces a list of decisions
          if not list_mode and sub(text, -1) == ":" and #text < 200 then
            local tail = fold(sub(text, -24))
            if find(tail, "decided that:$") or find(tail, "agreed:$") or find(tail, "decide :$")
              or find(tail, "decide que :$") or find(tail, "agreed that:$") then
              list_mode = "decision"
            end
          end
          parent_level, parent_index, done_level = nil, nil, nil
        end
        local decisions_before, text_before, line_before = #decisions, previous_text, previous_line
        -- Markers sit at the start of a line ("Adopté…" also at its end): whole lines are only split
        -- when there are several.
        local marked = false
        if find(text, "\n", 1, true) then
          -- lines cut at plain line breaks (a "(.-)\n" pattern costs a match step per byte)
          local n, from = 0, 1
          while from <= #text do
            local stop = find(text, "\n", from, true) or #text + 1
            if stop > from then
              local line = sub(text, from, stop - 1)
              if read_line(line, line_number + n) then
                marked = true
              else
                previous_text, previous_line = line, line_number + n
              end
            end
            n, from = n + 1, stop + 1
          end
        elseif read_line(text, line_number) then
          marked = true
        else
          previous_text, previous_line = text, line_number
        end
        if not marked and not block.chat then marked = inline_markers(text, line_number) end
        if not marked and kind == "list_item" and not block.chat then
          marked = #text <= 300 and may_be_todo(text) and todo_item(collapse(plain_spaces(text)), line_number)
        elseif not marked and kind == "paragraph" and not block.chat and #text <= 120 and not find(text, "\n", 1, true) then
          -- a one-line paragraph that is a to-do: "Terminer la réorganisation.", "Salle : trouver une date"
          -- (ending with a full stop or after a label: a line without either reads as a title)
          local colon = find(text, ":", 1, true)
          if byte(text, -1) == 46 or (colon and colon < 48) then
            marked = may_be_todo(text) and todo_item(collapse(plain_spaces(text)), line_number)
          end
        elseif not marked and kind == "paragraph" and not block.chat and #text <= 4000 and find(text, "\n", 1, true) then
          -- a line of a longer paragraph that is a to-do: "Relire le devis avant jeudi." (a full
          -- stop), or a short first line without one that heads the notes under it ("Vérifier avec
          -- le service RH"); the rest of the paragraph is notes
          local n, from = 0, 1
          while from <= #text do
            local stop = find(text, "\n", from, true) or #text + 1
            -- a line's last byte and its length, before the line is cut out of the text
            local last = byte(text, stop - 1)
            if stop - from <= 200 and stop > from and (last == 46 or (n == 0 and last ~= 58 and last ~= 63
                and stop - from <= 60)) then
              local line = sub(text, from, stop - 1)
              if (last == 46 or not find(line, "[%.,;!?]")) and may_be_todo(line)
                and todo_item(collapse(plain_spaces(line)), line_number + n) then
                marked = true
              end
            end
            n, from = n + 1, stop + 1
          end
        end
        -- A sentence inside prose that opens with an infinitive is not read as a to-do: in running
        -- text it is as often a mission or a summary ("… un OBNL fondé en 2019. Rassembler les
        -- données des salles de spectacle. …") as a task, and a wrong action costs more trust
        -- than a missed one.
        if #decisions == decisions_before and not block.chat then outcomes(text, line_number, text_before, line_before) end
        if marked then goto continue end
      end
    end
    ::continue::
  end

  -- Blocks are read in batches: each needle of the outcome and inline rules is looked for once in
  -- the batch's text, and then only in the blocks of batches where it occurs.
  local batch, batch_texts, batch_bytes = {}, {}, 0
  local NOTHING = {}
  local function flush()
    if #batch == 0 then return end
    local joined = concat(batch_texts, "\n")
    -- where each block starts in the joined text, to find which block a hit is in
    local starts, at = {}, 1
    for k = 1, #batch_texts do
      starts[k] = at
      at = at + #batch_texts[k] + 1
    end
    local function block_of(pos)
      local low, high = 1, #starts
      while low < high do
        local middle = (low + high + 1) // 2
        if starts[middle] <= pos then low = middle else high = middle - 1 end
      end
      return low
    end
    -- the needles each block holds: a block is searched only for those
    local needles_of = {}
    for _, needle in ipairs(BATCH_NEEDLES) do
      local hit = find_plain(joined, needle, 1)
      while hit do
        local k = block_of(hit)
        local set = needles_of[k]
        if not set then set = {}; needles_of[k] = set end
        if not set[needle] then
          set[needle] = true
          set[#set + 1] = needle -- the array part keeps BATCH_NEEDLES' order
        end
        hit = starts[k + 1] and find_plain(joined, needle, starts[k + 1])
      end
    end
    for k = 1, #batch do
      present = needles_of[k] or NOTHING
      process(batch[k])
    end
    batch, batch_texts, batch_bytes = {}, {}, 0
  end
  for _, block in ipairs(doc.blocks) do
    local kind = block.kind
    if kind == "heading" or kind == "paragraph" or kind == "list_item" or kind == "table_row" then
      local text = block.text
      batch[#batch + 1] = { kind = kind, text = text, line = block.line, level = block.level,
                            checked = block.checked, chat = block.chat, header = block.header,
                            cells = kind == "table_row" and block.cells or nil }
      batch_texts[#batch_texts + 1] = text
      batch_bytes = batch_bytes + #text
      if batch_bytes >= 16384 then flush() end
    end
  end
  flush()

  end_list()
  if #votes_seen > 0 or vote_columns then end_vote_table() end

  local by_key = {} -- earlier items by their smallest content word (see distinct)
  -- An item repeated (a closing summary and the body) is one item: the first one is kept. An item
  -- is compared only with earlier items that share its rarest content word (an index of words).
  local function distinct(items)
    local kept, words, by_word = {}, {}, {}
    for _, item in ipairs(items) do
      local set, n = content_words(item.text)
      local repeated = false
      if n >= 4 then
        -- the shorter's words are all in the longer: both hold the rarer of the new item's words,
        -- or the earlier item's words are all among the new item's
        local rarest, seen = nil, {}
        for word in pairs(set) do
          local list = by_word[word]
          if not list then rarest = false break end
          if rarest == nil or (rarest and #list < #by_word[rarest]) then rarest = word end
        end
        local function check(k)
          if not seen[k] then
            seen[k] = true
            if same_item(set, n, words[k][1], words[k][2]) then repeated = true end
          end
        end
        if rarest then
          local list = by_word[rarest]
          for j = #list, math.max(1, #list - 20), -1 do check(list[j]) end
        end
        if not repeated then
          -- earlier, shorter items are filed under their first word in sorted order
          for word in pairs(set) do
            local list = by_key[word]
            if list then
              for j = #list, math.max(1, #list - 20), -1 do check(list[j]) end
            end
            if repeated then break end
          end
        end
      end
      if not repeated then
        kept[#kept + 1] = item
        words[#kept] = { set, n }
        local key = nil
        for word in pairs(set) do
          if not key or word < key then key = word end
          local list = by_word[word]
          if not list then list = {}; by_word[word] = list end
          list[#list + 1] = #kept
        end
        if key then
          local list = by_key[key]
          if not list then list = {}; by_key[key] = list end
          list[#list + 1] = #kept
        end
      end
    end
    by_key = {}
    return kept
  end
  by_key = {}
  actions, decisions = distinct(actions), distinct(decisions)
  return { action_items = actions, decisions = decisions, suggestions = suggestions, resources = resources }
end

plugin:hook("extract/document", extract)
