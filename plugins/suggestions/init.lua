-- suggestions: free-text proposals worth confirming as action items or decisions.
--
-- "Une piste d'action pourrait…", "On pourrait organiser…", "Il est suggéré que…", "Il faudrait…",
-- "Prochaines étapes : …", "We could…", "Alice will…", "Bob to…", "Mei-Lin: I'll…". Precision
-- matters more than recall: ordinary prose, the chat, the agenda and marked lines give nothing.
plugin.version = "1.0"

-- Options ------------------------------------------------------------------

local MAX_TEXT_BYTES = 300   -- a suggestion's text is one sentence, cut at a word past this
local MAX_SUBJECT_WORDS = 3  -- "Alice", "Dan Okoro", "Marie-Ève Roy" before will/to/va
local MAX_SENTENCE_BYTES = 1000 -- a sentence is looked for this far around a hit, no farther
local MAX_WORD_BYTES = 40       -- a name's word is no longer than this

-- Rules by language: lib/rules/<language>.lua holds the phrases read in that language. Adding a
-- language is adding a file and its name here.
local LANGUAGES = { "en", "fr" }
local RULES = {}
for i, language in ipairs(LANGUAGES) do RULES[i] = require("rules." .. language) end
local function merged_list(key)
  local out = {}
  for _, rules in ipairs(RULES) do
    for _, v in ipairs(rules[key] or {}) do out[#out + 1] = v end
  end
  return out
end
local function merged_map(key)
  local out = {}
  for _, rules in ipairs(RULES) do
    for k, v in pairs(rules[key] or {}) do out[k] = v end
  end
  return out
end
local function merged_set(key)
  local out = {}
  for _, rules in ipairs(RULES) do
    for word in string.gmatch(rules[key] or "", "%S+") do out[word] = true end
  end
  return out
end

-- Proposal phrases (lib/rules/*.lua, `phrases`). Each has a plain `needle` searched in the raw text
-- (cheap, no lower-casing of whole paragraphs); a hit is then checked with the pattern on a few
-- lower-cased bytes around it. { needle, pattern, rule, kind, first_person } — `first_person` keeps
-- the speaker's label in the text and makes the speaker the owner.
local PHRASES = merged_list("phrases")
local NEEDLES, PHRASES_OF = {}, {}
for _, phrase in ipairs(PHRASES) do
  -- the pattern's literal beginning ("on pourrait"), found plainly before the pattern is tried
  local bare = string.gsub(phrase[2], "%%f%[%%%a%]", "")
  local literal, after = string.match(bare, "^%^?([^%%%[%]%(%)%.%*%+%-%?]+)(.?)")
  if after == "?" or after == "*" or after == "-" then literal = string.sub(literal, 1, -2) end
  phrase.literal = literal
  local needle = phrase[1]
  if not PHRASES_OF[needle] then
    PHRASES_OF[needle] = {}
    NEEDLES[#NEEDLES + 1] = needle
  end
  table.insert(PHRASES_OF[needle], phrase)
end
-- "Je m'engage" starts a sentence as often as "je m'engage" is inside one.
NEEDLES[#NEEDLES + 1] = "Je m"
PHRASES_OF["Je m"] = PHRASES_OF["je m"]
-- "Reste à trouver un traiteur" opens a list item as often as "il reste à" is inside a sentence.
NEEDLES[#NEEDLES + 1] = "Reste"
PHRASES_OF["Reste"] = PHRASES_OF["reste"]

-- Commitments are action items, not suggestions: a person says they will do something ("Bo will
-- send it", "Je vais envoyer le lien", "Il faudra réserver la salle"). Hedged ones are left out.
local COMMITMENTS = { ["en:x-will"] = true, ["en:x-to"] = true, ["en:i-will"] = true, ["fr:x-va"] = true,
                      ["fr:je-m-engage"] = true, ["fr:je-vais"] = true, ["fr:nous-allons"] = true,
                      ["fr:il-faudra"] = true, ["fr:reste-a"] = true, ["en:x-is-to"] = true,
                      ["en:x-going-to"] = true, ["en:x-should"] = true, ["fr:x-present"] = true, ["en:planning-to"] = true, ["en:please-by"] = true, ["fr:sera-fait"] = true, ["en:x-volunteered"] = true, ["fr:x-doit"] = true,
                      ["fr:x-s-occupe"] = true, ["fr:x-fera"] = true, ["fr:x-annonce"] = true, ["en:x-and-will"] = true, ["en:x-would"] = true, ["fr:il-faut-liste"] = true }
-- Relative pronouns: a hedge after one of these (past the commitment) is not the commitment's.
local RELATIVES = { " lesquel", " laquelle", " auxquel", " dont ", " which ", " whom " }
local PRONOUN_SUBJECTS = { Ils = true, Elles = true, Il = true, Elle = true }
local HEDGES = merged_list("hedges")
-- "Priya is going to …", "Karim doit …": a subject (see subject_before), then one of these.
local SUBJECT_VERBS = merged_list("subject_verbs")
-- "Tomás volunteered to scribe": a role in the meeting itself, not a task after it.
local MEETING_ROLES = { scribe = true, chair = true, moderate = true, facilitate = true, minute = true,
                        present = true }
-- "Ana, can you take a look?": a request to the one addressed.
local REQUEST_NEEDLES = { "can you ", "Can you ", "could you ", "Could you " }
-- Capitalized words that start sentences and are no one: "The spec will change", "Next will be HTML".
local NOT_SUBJECTS = merged_set("not_subjects")

-- Words right after the trigger that make it talk, not propose: "on pourrait dire que", "we could see".
local NOT_PROPOSALS = merged_set("not_proposals")

-- A proposal whose object is adopting something is a proposal to decide.
local DECIDING_WORDS = merged_list("deciding_words")

-- Titles (folded, without numbering or final colon) whose list items are next steps.
local NEXT_STEPS = merged_map("next_steps")
-- Sections and headings that are chat logs or the agenda.
local CHAT_WORDS = { "chat", "clavardage", "tchat" }
local AGENDA_TITLES = { "agenda", "ordre du jour", "deroulement", "programme de la rencontre" }
-- "ACTION:", "#action": the markers plugin owns these lines.
local MARKER_LABELS = { ai = true, action = true, todo = true, ["to do"] = true, ["a faire"] = true, tache = true,
                        decision = true, resolution = true, resolved = true, resolu = true, agreed = true }

-- Helpers ------------------------------------------------------------------

local find, sub, lower, gsub, match, gmatch, byte = string.find, string.sub, string.lower, string.gsub,
  string.match, string.gmatch, string.byte

local function straight_apostrophes(s)
  if find(s, "\xE2\x80\x99", 1, true) then s = gsub(s, "\xE2\x80\x99", "'") end
  return s
end

-- The host's text helpers (docs/plugins.md, `text`): lower case without accents, straight
-- apostrophes (for comparing names and titles, never for output); trimmed.
local fold, trim = text.fold, text.trim

-- A word that names a participant: a word or piece of a name, or a one-word nickname ("Antoine
-- Claisse (Rockaround)"); doc.people is the host's index of the participants (docs/plugins.md).
local function named_part(people, word)
  return people.part[word] or people.nickname[word]
end

-- Lower case keeping accents (É → é), straight apostrophes: the sentence the PHRASES patterns read.
local function lower_accents(s)
  return straight_apostrophes(text.lower(s))
end

local function is_space(b)
  return b == 32 or b == 9 or b == 10 or b == 13
end

local function is_capital(word)
  local b1, b2 = byte(word, 1, 2)
  if not b1 then return false end
  return (b1 >= 65 and b1 <= 90) or (b1 == 0xC3 and b2 ~= nil and b2 >= 0x80 and b2 <= 0x9E)
end

-- Does a sentence end at byte i ('.', '!', '?')? Not after an initial ("J. Leblanc") and not when
-- a lower-case word follows ("etc. et", "p. ex.").
local function ends_sentence(text, i)
  local after = byte(text, i + 1)
  if after and not is_space(after) and not (after == 0xC2 and byte(text, i + 2) == 0xA0) then return false end
  local j = i + 1
  while true do
    local b = byte(text, j)
    if b == 0xC2 and byte(text, j + 1) == 0xA0 then -- a non-breaking space
      j = j + 2
    elseif b and is_space(b) then
      j = j + 1
    else
      break
    end
  end
  local next_byte = byte(text, j)
  if next_byte and next_byte >= 97 and next_byte <= 122 then return false end
  if byte(text, i) == 46 then
    local p1, p2 = byte(text, i - 1), byte(text, i - 2)
    if p1 and p1 >= 65 and p1 <= 90 and (not p2 or p2 == 32 or p2 == 45 or p2 == 40 or p2 == 10) then
      return false
    end
  end
  return true
end

-- The sentence around byte `pos` of a block's text: its first and last bytes. Looks at most
-- MAX_SENTENCE_BYTES each way, so its cost is the sentence's length, not the paragraph's; the search
-- backwards runs on the reversed bytes before `pos`.
local BOUNDARY = "[%.!?\n]"
local function sentence_around(text, pos)
  -- backwards: a short look first, the long one only for a long sentence
  local start, found_start = nil, false
  for _, reach in ipairs({ 240, MAX_SENTENCE_BYTES }) do
    local from = pos > reach and pos - reach or 1
    start = from
    local before = string.reverse(sub(text, from, pos - 1))
    local k = find(before, BOUNDARY)
    while k do
      local at = pos - k
      if byte(text, at) == 10 or ends_sentence(text, at) then
        start, found_start = at + 1, true
        break
      end
      k = find(before, BOUNDARY, k + 1)
    end
    if found_start or from == 1 then break end
  end
  if not found_start and start > 1 then
    local space = find(text, " ", start, true) -- do not start inside a word
    if space and space < pos then start = space + 1 end
  end
  local limit = pos + MAX_SENTENCE_BYTES
  local finish = #text < limit and #text or limit
  local at = find(text, BOUNDARY, pos)
  while at and at <= limit do
    if byte(text, at) == 10 then
      finish = at - 1
      break
    elseif ends_sentence(text, at) then
      finish = at
      break
    end
    at = find(text, BOUNDARY, at + 1)
  end
  while is_space(byte(text, start) or 0) do start = start + 1 end
  return start, finish
end

-- "Mei-Lin: …", "Sophie Nguyen (Laboratoire citoyen) : …" at the start of a block: the speaker's
-- name and where the label ends. A single word must be a participant's name ("Note: …" is not).
local function speaker_of(text, people)
  -- "[raj] I'll fix it", "<raj> I'll fix it": a chat log's nickname in brackets
  local nick, after = match(text, "^[%[<]([%w_][%w_%-%.|]*)[%]>]%s+()")
  if nick and #nick <= 24 and (named_part(people, fold(nick)) or not find(nick, "^%u+$")) then return nick, after end
  local colon = find(text, ":", 1, true)
  if not colon or colon > 120 then return nil end
  local label = trim(sub(text, 1, colon - 1))
  local name = trim((gsub(label, "%s*%b()$", "")))
  -- "@lena: plans to …": a handle is a person
  if find(name, "^@[%w_][%w_%.%-]*$") then return name, colon + 1 + #match(text, "^%s*", colon + 1) end
  if name == "" or find(name, "[%d%(%)]") then return nil end
  local words = 0
  for word in gmatch(name, "%S+") do
    words = words + 1
    if not is_capital(word) and not (words > 1 and (word == "van" or word == "de" or word == "du")) then return nil end
  end
  if words > 4 then return nil end
  if words == 1 and not named_part(people, fold(gsub(name, "%.$", ""))) then return nil end
  local label_end = colon + 1
  while is_space(byte(text, label_end) or 0) do label_end = label_end + 1 end
  return name, label_end
end

-- French object pronouns between a subject and its verb: "Karim y va", "Ana leur écrira".
local CLITICS = merged_set("clitics")
-- Words that open a main clause after a comma: "…, but eP will…", "…, et Karim va…".
local COORDINATORS = merged_set("coordinators")

-- A short opening clause ends with the comma at byte `comma`: "Before next call, Ana will…",
-- "D'ici le 15 mai, Karim prépare…", "Oscar: ok, I'll…". From the sentence's start (a full stop, a
-- line break, a colon or the speaker's label) to the comma: at most MAX_LEAD_WORDS words and no other
-- comma, so "We looked at the figures, the budget, and Ana will…" is not one.
local MAX_LEAD_WORDS = 6
local function after_lead_clause(text, comma, label_end)
  local i, words, in_word = comma - 1, 0, false
  while i >= 1 and comma - i <= 80 do
    local b = byte(text, i)
    if b == 46 or b == 10 or b == 33 or b == 63 or b == 58 or i + 1 == label_end then break end
    if b == 44 or b == 59 then return false end
    if b == 32 then
      in_word = false
    elseif not in_word then
      in_word, words = true, words + 1
      if words > MAX_LEAD_WORDS then return false end
    end
    i = i - 1
  end
  return words >= 1 and comma - i <= 80
end

-- The participant named just before byte `pos` ("Alice" in "Alice will…"), when the name starts a
-- sentence or follows a speaker's label. Returns the name as written and where it starts.
local function subject_before(text, pos, people, label_end, after_comma)
  local words = {}
  local i = pos - 1
  while #words < MAX_SUBJECT_WORDS do
    local word_end = i
    while i >= 1 and not is_space(byte(text, i)) do
      i = i - 1
      if word_end - i > MAX_WORD_BYTES then return nil end
    end
    local word_start = i + 1
    if word_end < word_start then return nil end
    local word = sub(text, word_start, word_end)
    if byte(word, 1) == 64 and #word > 1 then -- "@victor will …": a handle is a person
      local j = i
      while j >= 1 and byte(text, j) == 32 do j = j - 1 end
      local before = j >= 1 and byte(text, j) or nil
      if #words == 0 and (not before or before == 10 or word_start == label_end or before == 46 or before == 58
        or before == 41) then
        return word, word_start
      end
      return nil
    end
    -- "eP will create an issue": a participant's initials (elf Pavlik) name that person
    local initials = #words == 0 and #word <= 4 and people.initials[lower(word)]
    if not is_capital(word) and not initials then return nil end
    table.insert(words, 1, word)
    local j = i
    while j >= 1 and byte(text, j) == 32 do j = j - 1 end
    local before = j >= 1 and byte(text, j) or nil
    -- "…, but eP will…", "…; and Ana will…": a main clause after a comma and a conjunction
    local k = j
    while k >= 1 and byte(text, k) ~= 32 do k = k - 1 end
    if COORDINATORS[lower(sub(text, k + 1, j))] then
      local m = k
      while m >= 1 and byte(text, m) == 32 do m = m - 1 end
      if byte(text, m) == 44 or byte(text, m) == 59 then before = 59 end
    end
    if initials and #words == 1 and before and (before == 59 or before == 10 or before == 46 or before == 58
        or word_start == label_end) then
      return word, word_start
    end
    local clause = j >= 4 and lower(sub(text, j - 4, j)) == " that"
    if not before or before == 10 or word_start == label_end or before == 46 or before == 33 or before == 63
      or before == 58 or before == 59 or clause
      or (before == 44 and (after_comma or after_lead_clause(text, j, label_end))) then
      local name = table.concat(words, " ")
      local folded = fold(name)
      if people.full[folded] or (#words == 1 and named_part(people, folded)) then return name, word_start end
      -- no attendance list was read: a single capitalized word that is not a pronoun or the like
      if not people.known and #words == 1 and not NOT_SUBJECTS[folded] and not find(name, "[%d%p]")
        and not find(name, "\xC2\xB7", 1, true) then
        return name, word_start
      end
      return nil
    end
    if byte(text, i) ~= 32 then return nil end
    i = j
  end
  return nil
end

local function shorten(s)
  if #s <= MAX_TEXT_BYTES then return s end
  local cut = MAX_TEXT_BYTES
  while cut > 1 and byte(s, cut) ~= 32 do cut = cut - 1 end
  return sub(s, 1, cut - 1) .. "…"
end

local function contains_any(folded, words)
  for _, word in ipairs(words) do
    if find(folded, word, 1, true) then return true end
  end
  return false
end

local function is_chat_title(title)
  local folded = fold(title)
  for _, word in ipairs(CHAT_WORDS) do
    if find(folded, "%f[%a]" .. word .. "%f[%A]") then return true end
  end
  return false
end

-- A short line that is only a title: folded, without numbering and final colon.
local TITLE_WORDS = { "tape", "step", "suite", "next action", "agenda", "ordre du jour", "roulement", "programme" }
local function bare_title(text)
  if #text > 60 then return nil end
  local low = lower(text)
  local is_candidate = false
  for _, word in ipairs(TITLE_WORDS) do
    if find(low, word, 1, true) then
      is_candidate = true
      break
    end
  end
  if not is_candidate then return nil end
  local folded = fold(trim(text))
  folded = gsub(folded, "^%d+[%.%)]?%s*", "")
  folded = gsub(folded, "^%a[%.%)]%s+", "")
  return (gsub(folded, "%s*:$", ""))
end

local function is_agenda_title(title)
  for _, word in ipairs(AGENDA_TITLES) do
    if sub(title, 1, #word) == word then return true end
  end
  return false
end

local function is_marker_line(text, start)
  if byte(text, start) == 35 then return true end -- '#'
  local colon = find(text, ":", start, true)
  if not colon or colon - start > 40 then return false end
  local label = trim((gsub(fold(sub(text, start, colon - 1)), "\xC2\xA0", " ")))
  label = gsub(label, "^[%(%[%*_%s]+", "") -- "(AI: Kate …)", "**ACTION:**"
  return MARKER_LABELS[label] or sub(label, 1, 7) == "action " or sub(label, 1, 3) == "ai "
end

-- The hook -----------------------------------------------------------------

-- "Alice will …", "Karim va …", "I'll …": searched as plain text; the word before is then checked.
local COMMITMENT_VERBS = { "ll ", "va " }
local ALL_NEEDLES = { " to " }
for _, needle in ipairs(NEEDLES) do ALL_NEEDLES[#ALL_NEEDLES + 1] = needle end
for _, verb in ipairs(COMMITMENT_VERBS) do ALL_NEEDLES[#ALL_NEEDLES + 1] = verb end
for _, rule in ipairs(SUBJECT_VERBS) do ALL_NEEDLES[#ALL_NEEDLES + 1] = rule[1] end
for _, needle in ipairs(REQUEST_NEEDLES) do ALL_NEEDLES[#ALL_NEEDLES + 1] = needle end
local IS_COMMITMENT_VERB, SUBJECT_RULE_OF, IS_REQUEST = {}, {}, {}
for _, verb in ipairs(COMMITMENT_VERBS) do IS_COMMITMENT_VERB[verb] = true end
for _, rule in ipairs(SUBJECT_VERBS) do SUBJECT_RULE_OF[rule[1]] = rule end
for _, needle in ipairs(REQUEST_NEEDLES) do IS_REQUEST[needle] = true end
ALL_NEEDLES[#ALL_NEEDLES + 1] = "lease "
local ASK_NEEDLES = { "asked ", "encouraged ", "reminded ", "urged " }
for _, needle in ipairs(ASK_NEEDLES) do ALL_NEEDLES[#ALL_NEEDLES + 1] = needle end
-- "Martin has called the registrar and will send the forms": the sentence's subject will do it.
local AND_WILL = { " and will ", ", and will " }
local IS_AND_WILL = {}
for _, needle in ipairs(AND_WILL) do
  ALL_NEEDLES[#ALL_NEEDLES + 1] = needle
  IS_AND_WILL[needle] = true
end
-- "Hugo annonce qu'il va voir avec son employeur…": a person says they will do it.
local REPORTED_NEEDLES = { " qu'il va ", " qu\xE2\x80\x99il va ", " qu'elle va ", " qu\xE2\x80\x99elle va " }
local IS_REPORTED = {}
for _, needle in ipairs(REPORTED_NEEDLES) do
  ALL_NEEDLES[#ALL_NEEDLES + 1] = needle
  IS_REPORTED[needle] = true
end
local REPORTING_VERBS = { annonce = true, indique = true, ["pr\xC3\xA9cise"] = true, confirme = true, dit = true,
                          explique = true, signale = true }
-- "… qu'il va falloir", "qu'elle va être": no task
local NOT_REPORTED_TASKS = { falloir = true, ["\xC3\xAAtre"] = true, y = true, en = true, pouvoir = true }
-- "Bob to …", "Dan Okoro to …" at the start of a line: one to three words, then " to ".
local TO_SUBJECT = { "^(%S+) to %l", "^(%S+ %S+) to %l", "^(%S+ %S+ %S+) to %l" }
-- First bytes of "Prochaines étapes", "Next steps", "Suites à donner", "Étapes suivantes".
local NEXT_STEP_STARTS = { [80] = true, [112] = true, [78] = true, [110] = true, [83] = true, [115] = true,
                           [0xC3] = true }
-- Plain search from a needle's rarest byte (the host's text.find): find(s, " relance ", 1, true)
-- would stop at every space of the text.
local find_plain = text.find

local BATCH_BYTES = 16 * 1024 -- blocks read together when looking for needles
local NO_NEEDLES = {}
local AWAY = { away = true, absent = true, out = true, late = true, back = true, unavailable = true }

local function extract(doc)
  local people = doc.people
  local suggestions, actions = {}, {}
  local chat_sections = {}    -- section title → is it a chat?
  local next_steps = nil      -- rule for list items under a "Prochaines étapes" / "Next steps" title
  local next_steps_by_heading = false
  local in_agenda = false

  -- The block being read; the helpers below share it instead of being made anew for each block.
  local text, line_number, block_speaker -- block_speaker: who the host says speaks in the block
  local in_listed, in_action_list = false, false -- an item of an action list (the markers plugin reads those)
  local in_list_item = false
  local in_agenda_block = false -- only commitments are read in an agenda
  local found, found_any = {}, false -- sentence start → true: one suggestion per sentence
  local speaker, label_end           -- nil until asked; false when the block has no speaker label

  -- How many line breaks come before byte `pos` of the block: an index of the breaks is made once
  -- per block, when a first suggestion needs it.
  local breaks = nil
  local function breaks_before(pos)
    if breaks == nil then
      breaks = {}
      local at = find(text, "\n", 1, true)
      while at do
        breaks[#breaks + 1] = at
        at = find(text, "\n", at + 1, true)
      end
    end
    local low, high = 1, #breaks
    while low <= high do
      local middle = (low + high) // 2
      if breaks[middle] < pos then low = middle + 1 else high = middle - 1 end
    end
    return low - 1
  end

  local function speaker_once()
    if speaker == nil then
      speaker, label_end = speaker_of(text, people)
      if not speaker then speaker, label_end = false, 1 end
    end
    return speaker or nil
  end

  -- `s`, `e`: the sentence, when the caller already knows it.
  local function add(pos, rule, kind_of, owner, first_person, s, e)
    if not s then s, e = sentence_around(text, pos) end
    -- "The slides are late, and Ana will send them": the commitment is the clause after the conjunction
    if COMMITMENTS[rule] and pos > s and pos - s < 400 then
      local conjunction = match(lower(sub(text, s, pos - 1)), "[,;]%s+(%a+)%s+$")
      if conjunction and COORDINATORS[conjunction] then s = pos end
    end
    if found[s] then return end
    if byte(text, e) == 63 then return end -- a question is not a proposal
    if is_marker_line(text, s) then return end
    speaker_once()
    local sentence_end = e
    if not first_person and s < label_end and label_end <= pos then s = label_end end
    local sentence = trim(sub(text, s, sentence_end))
    if rule == "fr:piste-action" and find(sentence, "^[%a\xC3-\xC5\x80-\xBF]+ pistes") then
      -- "Deux pistes d'action sont à explorer. D'abord … Ensuite …": keep what they are
      local more_from = sentence_end + 1
      while #sentence < MAX_TEXT_BYTES do
        local ms, me = sentence_around(text, more_from + 1)
        if ms <= sentence_end or me <= more_from or #sentence + (me - ms) > MAX_TEXT_BYTES then break end
        sentence = sentence .. " " .. trim(sub(text, ms, me))
        more_from = me
      end
    end
    found[s], found_any = true, true
    local line = line_number + breaks_before(s)
    if in_agenda_block and not COMMITMENTS[rule] then return end
    if COMMITMENTS[rule] then
      if in_listed then return end
      local low = lower_accents(sentence)
      -- a hedge inside a relative clause after the commitment qualifies something else ("une lettre
      -- va être envoyée aux adhérents pour qui il pourrait rester une question")
      local relative = nil
      for _, word in ipairs(RELATIVES) do
        local at = find(low, word, pos - s > 0 and pos - s or 1, true)
        if at and (not relative or at < relative) then relative = at end
      end
      for _, hedge in ipairs(HEDGES) do
        local at = find(low, hedge, 1, true)
        if at and (not relative or at < relative) then return end
      end
      -- the action's text leaves out the speaker's label ("Mei-Lin: I'll open…" → "I'll open…")
      if s < label_end and label_end <= e then sentence = trim(sub(text, label_end, sentence_end)) end
      -- "Nous avons modifié les statuts. Ils seront publiés sous peu.": a pronoun subject takes the
      -- sentence before it, which says what will be done
      if rule == "fr:sera-fait" and s > 2 and PRONOUN_SUBJECTS[match(sentence, "^(%a+) ") or ""] then
        local ps = sentence_around(text, s - 2)
        if ps < s - 1 and s - ps <= MAX_TEXT_BYTES then sentence = trim(sub(text, ps, s - 1)) .. " " .. sentence end
      end
      actions[#actions + 1] = { text = shorten(sentence), owner = owner, line = line, rule = rule }
      return
    end
    suggestions[#suggestions + 1] = { kind = kind_of, text = shorten(sentence), owner = owner, line = line,
                                      rule = rule, speaker = block_speaker }
  end

  -- Proposal phrases: each needle, then its patterns on the lower-cased bytes around it.
  local function read_phrases(present)
    for _, needle in ipairs(present) do -- the block's needles, in the order of ALL_NEEDLES
      local at = PHRASES_OF[needle] and find(text, needle, 1, true)
      while at do
        local next_from = at + #needle
        -- first the phrases' literal words in a few lower-cased bytes, then the pattern on more
        local near = lower(sub(text, at > 20 and at - 20 or 1, at + 24))
        if find(near, "\xE2\x80\x99", 1, true) then near = gsub(near, "\xE2\x80\x99", "'") end
        local window = nil
        for _, phrase in ipairs(PHRASES_OF[needle]) do
          local ps, pe = nil, nil
          if find(near, phrase.literal, 1, true) then
            if not window then
              local from = at > 24 and at - 24 or 1
              window = sub(text, from, at + 48)
              if from > 1 then window = gsub(window, "^%S*", "", 1) end -- start on a whole word
              window = lower_accents(window)
            end
            ps, pe = find(window, phrase[2])
          end
          if ps then
            speaker_once()
            local s, e = sentence_around(text, at)
            next_from = math.max(e + 1, at + 1) -- one look per sentence: the rest is not searched again
            local next_word = match(window, "^%s*([%a\xC3-\xC5\x80-\xBF']+)", pe + 1)
            local ok = not found[s] and not NOT_PROPOSALS[next_word or ""]
            local deciding = phrase[4] == "action" and (find(phrase[3], "propos", 1, true) or find(phrase[3], "motion", 1, true))
            local sentence = ok and (deciding or phrase[3] == "fr:piste-action") and lower_accents(sub(text, s, e))
            if ok and phrase[3] == "en:planning-to" then
              -- first person only: "Bob: Still planning to …", not "Mozilla is planning to …"
              local from = (s < label_end and label_end <= at) and label_end or s
              local lead = lower(trim(sub(text, from, at - 2)))
              ok = lead == "" or lead == "still" or lead == "also" or lead == "i'm" or lead == "i am"
                or lead == "i'm still" or lead == "i am still" or lead == "i" or lead == "i still"
            end
            if ok and phrase[3] == "fr:piste-action" then
              -- the subject of its sentence: "Une piste d'action pourrait…", not "Voici … pistes"
              local label = s < label_end and label_end - s or 0
              local before = sub(sentence, label + 1, (find(sentence, "piste", label + 1, true) or 1) - 1)
              local _, words = gsub(before, "%S+", "")
              ok = words <= 3
            end
            if ok then
              local kind_of = phrase[4]
              if deciding and contains_any(sentence, DECIDING_WORDS) then kind_of = "decision" end
              add(at, phrase[3], kind_of, phrase[5] and speaker or nil, phrase[5], s, e)
              break
            end
          end
        end
        at = find(text, needle, next_from, true)
      end
    end
  end

  -- Does a sentence start right before byte `at` (only spaces between)?
  local function starts_sentence(at)
    local j = at - 1
    while j >= 1 and byte(text, j) == 32 and at - j < MAX_WORD_BYTES do j = j - 1 end
    local before = byte(text, j)
    return j < 1 or at == label_end or before == 10 or before == 46 or before == 33 or before == 63
      or before == 58 or (before == 44 and after_lead_clause(text, j, label_end))
  end

  -- "Alice will…", "Karim va…", "I will…", "I'll…" (a person starting a sentence), "Bob to…" (at the
  -- start of a line or after the speaker's label).
  local function read_commitments(present)
    for _, verb in ipairs(present) do
      local at = IS_COMMITMENT_VERB[verb] and find(text, verb, 1, true)
      while at do
        -- (one by one: byte(text, 0, 2) would give the first two bytes, not nil and two)
        local b1, b2, b3 = at > 3 and byte(text, at - 3) or nil, at > 2 and byte(text, at - 2) or nil, byte(text, at - 1)
        if verb == "va " or (b1 == 32 and b2 == 119 and b3 == 105) then
          -- "Alice will", "Karim va", "I will"
          local start = verb == "va " and at or at - 2
          if byte(text, start - 1) == 32 then
            speaker_once()
            if byte(text, start - 2) == 73 and (start == 3 or byte(text, start - 3) == 32) then
              if verb ~= "va " and starts_sentence(start - 2) then
                add(start - 2, "en:i-will", "action", speaker or nil, true)
              end
            else
              local name, name_start = subject_before(text, start - 1, people, label_end)
              -- "Alice will be away", "Pixel will still be around": a state, not a task
              local after = match(text, "^(%a+)", at + 3)
              if name and not (verb ~= "va " and (after == "be" or after == "still" or after == "not")) then
                add(name_start, verb == "va " and "fr:x-va" or "en:x-will", "action", name, false)
              end
            end
          end
        elseif b3 == 39 or (b3 == 0x99 and b2 == 0x80 and b1 == 0xE2) then
          -- "I'll", "I’ll"
          local i = b3 == 39 and at - 2 or at - 4
          if byte(text, i) == 73 and (speaker_once() or true) and starts_sentence(i) then
            add(i, "en:i-will", "action", speaker or nil, true)
          end
        end
        at = find(text, verb, at + #verb, true)
      end
    end
    -- "Bob to …" only at the start of a line or after the speaker's label.
    if not (present[" to "] and find(text, " to ", 1, true)) then return end
    local line_start = 1
    while line_start do
      for _, start in ipairs({ line_start, speaker_once() and label_end or line_start }) do
        for words = 1, MAX_SUBJECT_WORDS do
          local name = match(text, TO_SUBJECT[words], start)
          if name then
            local folded = fold(name)
            if people.full[folded] or (words == 1 and named_part(people, folded)) then
              add(start, "en:x-to", "action", name, false)
              break
            end
          end
        end
      end
      local newline = find(text, "\n", line_start, true)
      line_start = newline and newline + 1
    end
  end

  -- "Priya is going to …", "Karim doit relancer …", "@ines et @paul feront …": a person, then the verb.
  -- Requests: "Ana, can you take a look?", "@lena: could you open a ticket?" (to the one addressed),
  -- "Please review the draft by Friday." (a request with a due date). A question, but a task.
  -- "A ce sujet, Hugo Martin annonce qu'il va voir avec son employeur…": the person who says it owns it.
  local function read_reported(present)
    for _, needle in ipairs(present) do
      local at = IS_REPORTED[needle] and find(text, needle, 1, true)
      while at do
        local verb_start = at
        while verb_start > 1 and byte(text, verb_start - 1) ~= 32 do verb_start = verb_start - 1 end
        local verb = sub(text, verb_start, at - 1)
        local next_word = match(text, "^([%a\xC3-\xC5\x80-\xBF']+)", at + #needle)
        if REPORTING_VERBS[verb] and next_word and not NOT_REPORTED_TASKS[next_word] and verb_start > 2 then
          speaker_once()
          local name, name_start = subject_before(text, verb_start - 1, people, label_end, true)
          if name then add(name_start, "fr:x-annonce", "action", name, false) end
        end
        at = find(text, needle, at + #needle, true)
      end
    end
  end

  -- "Martin has made contact with the registrar and will send the forms": a participant opening the
  -- sentence owns what they will do after "and will" (not "and will be …").
  local function read_and_will(present)
    for _, needle in ipairs(present) do
      local at = IS_AND_WILL[needle] and find(text, needle, 1, true)
      while at do
        local next_word = match(text, "^(%a+)", at + #needle)
        if next_word and next_word ~= "be" and next_word ~= "not" and not NOT_PROPOSALS[next_word] then
          local s = sentence_around(text, at)
          if s < label_end and label_end <= at then s = label_end end
          while byte(text, s) == 32 do s = s + 1 end
          local first, second = match(text, "^(%u[%w%-]*) ?(%u?[%w%-]*)", s)
          local name = nil
          if first and second ~= "" and people.full[fold(first .. " " .. second)] then
            name = first .. " " .. second
          elseif first and (people.full[fold(first)] or named_part(people, fold(first))) then
            name = first
          end
          if name then
            speaker_once()
            add(s, "en:x-and-will", "action", name, false)
          end
        end
        at = find(text, needle, at + #needle, true)
      end
    end
  end

  local function read_requests(present)
    for _, needle in ipairs(present) do
      local at = IS_REQUEST[needle] and find(text, needle, 1, true)
      while at do
        local you = at + #needle - 4 -- "you "
        local next_word = match(text, "^([%a]+)", you + 4)
        local s = at
        while s > 1 and byte(text, s - 1) ~= 32 do s = s - 1 end -- "can" / "could" starts here
        local before = sub(text, s > 60 and s - 60 or 1, s - 1)
        local name = match(before, "([@%w][%w%._%-]*),%s*$") or match(before, "^%s*([@%w][%w%._%-]*)%s*:%s*$")
        if not name then
          speaker_once()
          if speaker and label_end == s then name = speaker end
        end
        if name and next_word and not NOT_PROPOSALS[next_word] and (byte(name, 1) == 64 or is_capital(name)) then
          local folded = fold(name)
          if byte(name, 1) == 64 or named_part(people, folded) or people.full[folded] or not people.known then
            local sentence_start = sentence_around(text, at)
            if sentence_start and not found[sentence_start] then
              found[sentence_start], found_any = true, true
              local _, e = sentence_around(text, at)
              local line = line_number + breaks_before(s)
              actions[#actions + 1] = { text = shorten(trim(sub(text, s, e))), owner = name, line = line,
                                        rule = "en:can-you" }
            end
          end
        end
        at = find(text, needle, at + #needle, true)
      end
    end
    -- "Ms. Okafor asked the members to send comments", "… encouraged all members to vote before the
    -- deadline": a task for the ones asked (at most four words)
    for _, ask in ipairs(ASK_NEEDLES) do
    local asked = present[ask] and find(text, ask, 1, true)
    while asked do
      local whom, verb = match(text, "^%a+ ([@%w][%w%.%-_]*) to (%a+)", asked)
      if not whom then
        whom, verb = match(text, "^%a+ ([@%w][%w%-_]*%s[%w%-_]+%s?[%w%-_]*%s?[%w%-_]*) to (%a+)", asked)
      end
      if whom and not NOT_PROPOSALS[verb] and not NOT_SUBJECTS[lower(match(whom, "%S+$"))] then
        local as, ae = sentence_around(text, asked)
        if not found[as] then
          found[as], found_any = true, true
          actions[#actions + 1] = { text = shorten(trim(sub(text, as, ae))), owner = whom,
                                    line = line_number + breaks_before(as), rule = "en:asked-to" }
        end
      end
      asked = find(text, ask, asked + #ask, true)
    end
    end
    -- "Please review the draft by Friday": a request with a due date
    local at = present["lease "] and find(text, "lease ", 1, true)
    while at do
      local p = at - 1
      if p >= 1 and (byte(text, p) == 80 or byte(text, p) == 112) and (p == 1 or starts_sentence(p)) then
        local ps, pe = sentence_around(text, p)
        local sentence = lower(sub(text, p, pe))
        if find(sentence, " by %a") or find(sentence, " before %a") or find(sentence, " until %a") then
          add(p, "en:please-by", "action", nil, false, p, pe)
        end
      end
      at = find(text, "lease ", at + 6, true)
    end
  end

  local function read_subject_verbs(present)
    for _, needle in ipairs(present) do
      local rule = SUBJECT_RULE_OF[needle]
      local at = rule and find(text, needle, 1, true)
      while at do
        speaker_once()
        -- "@yann et @jerome y feront une présentation": a pronoun between the subject and the verb
        local subject_end = at
        local clitic_start = at - 1
        while clitic_start > 1 and byte(text, clitic_start - 1) ~= 32 do clitic_start = clitic_start - 1 end
        if clitic_start > 2 and CLITICS[sub(text, clitic_start, at - 1)] then subject_end = clitic_start - 1 end
        local name, name_start = subject_before(text, subject_end, people, label_end)
        local word_start = subject_end
        while word_start > 1 and byte(text, word_start - 1) ~= 32 do word_start = word_start - 1 end
        local initial = byte(text, word_start)
        if not name and initial and (initial == 64 or (initial >= 65 and initial <= 90) or initial == 0xC3) then
          -- "Bob and Robert will …", "@ines et @paul feront …": two people
          local first, joiner = match(sub(text, subject_end > 60 and subject_end - 60 or 1, subject_end - 1), "(%S+) (%S+) %S+$")
          if joiner == "and" or joiner == "et" or joiner == "&" then
            local second_start = subject_end - 1
            while second_start > 1 and byte(text, second_start - 1) ~= 32 do second_start = second_start - 1 end
            local other = subject_before(text, second_start - #joiner - 2, people, label_end)
            local second = subject_before(text, subject_end, people, second_start)
            if other and second then name, name_start = other .. " " .. joiner .. " " .. second, second_start - #joiner - 2 - #other end
          end
        end
        if name and (rule[2] == "en:x-should" or rule[2] == "fr:x-present") and byte(name, 1) ~= 64
          and not people.full[fold(name)] and not named_part(people, fold(name)) then
          name = nil -- "Banners should go up": only a person should
        end
        -- "Gaël envoie le PV": a task in terse notes (a list item), a report in prose
        if name and rule[2] == "fr:x-present" and not in_list_item then name = nil end
        -- "It was resolved that Noor would reply…": only in a clause after "that" (not "Bob would prefer")
        if name and rule[2] == "en:x-would" and (name_start < 6 or lower(sub(text, name_start - 5, name_start - 1)) ~= "that ") then
          name = nil
        end
        if name then
          local next_word = match(text, "^%s*([%a\xC3-\xC5\x80-\xBF']+)", at + #needle)
          if not NOT_PROPOSALS[next_word or ""] and not AWAY[next_word or ""] and next_word ~= "be"
            and not MEETING_ROLES[next_word or ""] then
            add(name_start, rule[2], "action", name, false)
          end
        end
        at = find(text, needle, at + #needle, true)
      end
    end
  end

  -- Blocks are read in batches: each needle is first looked for once in the whole batch, and
  -- then only in the blocks of the batches where it occurs. Most needles occur in few batches.
  local texts, lines, kinds, steps, speakers, count, bytes = {}, {}, {}, {}, {}, 0, 0
  local listed = {} -- the block is an item of an action list (the markers plugin's)
  local agenda_only = {} -- the block is in an agenda: only commitments are read there

  local function flush()
    if count == 0 then return end
    local joined = table.concat(texts, "\n", 1, count)
    -- the needles each block holds (a hit in the joined text is mapped to its block): a block is
    -- then searched only for those
    local starts, at = {}, 1
    for i = 1, count do
      starts[i] = at
      at = at + #texts[i] + 1
    end
    local needles_of = {}
    for _, needle in ipairs(ALL_NEEDLES) do
      local hit = find_plain(joined, needle, 1)
      while hit do
        local low, high = 1, count
        while low < high do
          local middle = (low + high + 1) // 2
          if starts[middle] <= hit then low = middle else high = middle - 1 end
        end
        local set = needles_of[low]
        if not set then set = {}; needles_of[low] = set end
        if not set[needle] then
          set[needle] = true
          set[#set + 1] = needle -- the array part keeps ALL_NEEDLES' order
        end
        hit = starts[low + 1] and find_plain(joined, needle, starts[low + 1])
      end
    end
    for i = 1, count do
      local present = needles_of[i] or NO_NEEDLES
      text, line_number, block_speaker = texts[i], lines[i], speakers[i] or nil
      in_listed, in_list_item, in_agenda_block = listed[i], kinds[i] == "list_item", agenda_only[i]
      if found_any then found, found_any = {}, false end
      speaker, label_end, breaks = nil, 1, nil
      read_phrases(present)
      read_commitments(present)
      read_subject_verbs(present)
      read_requests(present)
      read_reported(present)
      read_and_will(present)
      -- "Il faut préparer …" opening a list item: a terse to-do (in prose, "il faut" is an opinion)
      if kinds[i] == "list_item" and #text < 240 and find(text, "^[Ii]l faut [%a\xC3\x80-\xBF]+[eir]r?e?%f[%A]") then
        add(1, "fr:il-faut-liste", "action", nil, false)
      end

      -- "Prochaines étapes : valider …" / "Next steps: …" at the start of a line.
      local colon = find(text, ":", 1, true)
      if colon and colon < 40 and NEXT_STEP_STARTS[byte(text, 1)] then
        local rule = NEXT_STEPS[trim(fold(sub(text, 1, colon - 1)))]
        if rule and trim(sub(text, colon + 1)) ~= "" then add(1, rule, "action", nil, true) end
      end

      -- Items of a next-steps list that no other rule took.
      if kinds[i] == "list_item" and steps[i] and not found_any then
        add(1, steps[i], "action", nil, true)
      end
    end
    count, bytes = 0, 0
  end

  for _, block in ipairs(doc.blocks) do
    local kind = block.kind
    local section = block.section
    local is_chat = block.chat == true -- the reader's word first, the title as a fallback
    local text = block.text
    -- "[@yann]({{ site.url }}/membres/yann/)": a Liquid link the Markdown reader left as text
    -- reads as its label
    if find(text, "]({{", 1, true) or find(text, "]( {{", 1, true) then
      text = gsub(text, "%[([^%]\n]*)%]%(%s*{{[^%)\n]*%)", "%1")
    end
    if section and not is_chat then
      is_chat = chat_sections[section]
      if is_chat == nil then
        is_chat = is_chat_title(section)
        chat_sections[section] = is_chat
      end
      in_agenda = false
    end

    if kind == "heading" then
      local title = bare_title(text)
      next_steps = title and NEXT_STEPS[title]
      next_steps_by_heading = next_steps ~= nil
      in_agenda = title ~= nil and is_agenda_title(title)
      -- "## Action items", "## À faire": the markers plugin reads these lists
      local folded = #text < 60 and fold(text) or ""
      in_action_list = find(folded, "action", 1, true) ~= nil or find(folded, "a faire", 1, true) ~= nil
        or find(folded, "to do", 1, true) ~= nil or find(folded, "todo", 1, true) ~= nil
    elseif (kind == "paragraph" or kind == "list_item") and not is_chat and block.checked == nil
      and not find(text, "\t", 1, true) then
      local title = bare_title(text)
      if title and (NEXT_STEPS[title] or is_agenda_title(title)) then
        -- "Prochaines étapes :" alone announces a list; "DÉROULEMENT DE LA RENCONTRE" the agenda
        next_steps = NEXT_STEPS[title]
        next_steps_by_heading = false
        in_agenda = is_agenda_title(title)
        goto continue
      end
      if kind == "paragraph" then
        -- "**Action Items:**" alone announces a list the markers plugin reads
        local folded = #text < 40 and fold(text) or ""
        in_action_list = (sub(folded, -1) == ":" or not find(folded, " .* .* ")) and (find(folded, "action", 1, true) ~= nil
          or find(folded, "a faire", 1, true) ~= nil or find(folded, "todo", 1, true) ~= nil)
      end
      -- An agenda's topics propose nothing; but when the agenda list also holds the minutes, a
      -- commitment written under a topic ("Pixel will start helping out!") is still an action.
      if in_agenda and not find(text, " ", 1, true) then goto continue end
      -- A section's own title repeated as a line ("5. Varia et prochaines étapes") is no proposal.
      if section and #text < #section + 1 and sub(section, -#text) == text then goto continue end
      if kind == "paragraph" and next_steps and not next_steps_by_heading then next_steps = nil end

      count = count + 1
      texts[count], lines[count], kinds[count], steps[count] = text, block.line, kind, next_steps or false
      speakers[count] = block.speaker or false
      listed[count] = kind == "list_item" and in_action_list
      agenda_only[count] = in_agenda
      bytes = bytes + #text
      if bytes >= BATCH_BYTES then flush() end
    end
    ::continue::
  end
  flush()
  -- An action is a task, not a sentence: without its closing full stop, as the markers plugin
  -- writes them (and as a summary's list reads them back). "…" and "?" stay.
  for _, action in ipairs(actions) do
    local text = action.text
    if byte(text, -1) == 46 and byte(text, -2) ~= 46 then action.text = sub(text, 1, -2) end
  end
  return { suggestions = suggestions, action_items = actions }
end

plugin:hook("extract/document", extract)
