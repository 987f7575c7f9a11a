-- resources: every link, document and citation the minutes mention.
--
-- Markdown links and autolinks, image embeds, bare URLs, links to site templates
-- ("[@ana]({{ site.url }}/membres/ana/)"), links whose target is missing ("[le document](#)"),
-- documents named in quotes after a word like "charte" or "rapport", documents named without a link
-- ("les statuts", "the Treasurer's report", "RFC 9110") and APA-like citations. Front matter is skipped.
-- It only finds: the host merges mentions of one resource (by URL, else by kind and title).
-- `missing_url` is set for a link whose target is empty or "#" (and a citation whose link is such a
-- link); a document named without any link simply has no URL.
plugin.version = "1.0"

-- Options ------------------------------------------------------------------

local MAX_QUOTED_BYTES = 200 -- a quoted document title is short; a longer quote is a quotation
local MAX_NAMED_CANDIDATES = 20000 -- words read around at most this many needles per document (real
-- minutes have a few per page; a document made of "rapport moral rapport moral …" stays cheap)
local WORDS_BEFORE_QUOTE = 3 -- "la charte «", "le rapport intitulé «", "une étude sur «"

-- Words (folded) that, just before a quoted title, make it a document's title.
local DOCUMENT_WORDS = {}
for word in string.gmatch("document documents doc charte chartes etude etudes rapport rapports report reports " ..
  "spec specs specification specifications guide guides politique politiques policy policies lexique " ..
  "glossaire glossary note notes memoire memoires proposal proposals proposition propositions presentation " ..
  "presentations slides deck descriptif article articles memo manuel manual handbook bilan annexe annexes " ..
  "formulaire gabarit fiche brouillon draft whitepaper livre paper papers study studies compte-rendu " ..
  "proces-verbal plan-cadre document-cadre feuille cahier", "%S+") do
  DOCUMENT_WORDS[word] = true
end
local DOCUMENT_PAIRS = { ["livre blanc"] = true, ["white paper"] = true, ["compte rendu"] = true,
                         ["feuille de"] = true, ["cahier des"] = true, ["proces verbal"] = true }

local DOCUMENT_EXTENSIONS = { pdf = true, doc = true, docx = true, odt = true, ods = true, odp = true,
                              xls = true, xlsx = true, ppt = true, pptx = true, rtf = true, epub = true }

-- Words that start a description rather than a title: "[le document de travail](#)".
local ARTICLES = {}
for word in string.gmatch("le la les l' un une des du de d' dans notre nos votre vos ce cette ces son sa ses leur " ..
  "leurs the a an our your this that these those its their in on", "%S+") do
  ARTICLES[word] = true
end

-- Helpers ------------------------------------------------------------------

local find, sub, lower, gsub, match, gmatch, byte = string.find, string.sub, string.lower, string.gsub,
  string.match, string.gmatch, string.byte

-- The host's text helpers (docs/plugins.md, `text`): folded for comparing
-- (lower case, no accents, straight apostrophes), trimmed of white space and
-- non-breaking spaces.
local fold, trim = text.fold, text.trim

-- "Étude du CÉRSÉ sur le financement." → without the final period.
local function clean_title(s)
  s = gsub(trim(gsub(s, "%s+", " ")), "[%s%.,;:]+$", "")
  return s
end

-- The line of byte `pos` in a block's text: soft breaks are "\n".
-- The breaks of the last text asked about, so that many mentions in one block cost one pass.
local indexed_text, breaks = nil, nil
local function line_at(text, pos, first_line)
  if text ~= indexed_text then
    indexed_text, breaks = text, {}
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
  return first_line + low - 1
end

-- A URL ends before a ')' or ']' it did not open: "(see https://x.org/):" and
-- "<https://x.org/>):[…]" end at "/".
local function cut_unbalanced(url)
  if not (find(url, ")", 1, true) or find(url, "]", 1, true)) then return url end
  local parens, brackets = 0, 0
  for i = 1, #url do
    local b = byte(url, i)
    if b == 40 then
      parens = parens + 1
    elseif b == 41 then
      if parens == 0 then return sub(url, 1, i - 1) end
      parens = parens - 1
    elseif b == 91 then
      brackets = brackets + 1
    elseif b == 93 then
      if brackets == 0 then return sub(url, 1, i - 1) end
      brackets = brackets - 1
    end
  end
  return url
end

-- Trailing punctuation is the sentence's, not the URL's; so is an unbalanced ')' or ']'.
local TRAILING = { "\xC2\xBB", "\xE2\x80\x9D", "\xE2\x80\x99", ".", ",", ";", ":", "!", "?", "'", "\"", "*", "_" }
local function clean_url(url)
  url = cut_unbalanced(url)
  local changed = true
  while changed and url ~= "" do
    changed = false
    for _, tail in ipairs(TRAILING) do
      if sub(url, -#tail) == tail then
        url = sub(url, 1, -#tail - 1)
        changed = true
      end
    end
    local last = sub(url, -1)
    if last == ")" or last == "]" then
      local open = last == ")" and "%(" or "%["
      local _, opens = gsub(url, open, "")
      local _, closes = gsub(url, "%" .. last, "")
      if closes > opens then
        url = sub(url, 1, -2)
        changed = true
      end
    end
  end
  return url
end

-- "https://x.org/" and "https://x.org", "www.x.org" and "http://www.x.org" are one link.
local function url_key(url)
  local key = lower(gsub(url, "/+$", ""))
  key = gsub(key, "^https?://", "")
  return key
end

local function has_document_extension(url)
  local extension = match(lower(url), "%.(%a%a%a?%a?)[%?#]") or match(lower(url), "%.(%a%a%a?%a?)$")
  return extension ~= nil and DOCUMENT_EXTENSIONS[extension] == true
end

-- The document word among the last few words before byte `pos`, if any ("la charte «", "une étude sur «").
local function has_document_word_before(text, pos)
  local words, n = {}, 0
  for word in gmatch(fold(sub(text, pos > 48 and pos - 48 or 1, pos - 1)), "[%w'%-]+") do
    n = n + 1
    words[n] = word
  end
  local previous
  for i = n, math.max(1, n - WORDS_BEFORE_QUOTE + 1), -1 do
    local word = words[i]
    if DOCUMENT_WORDS[word] or (previous and DOCUMENT_PAIRS[word .. " " .. previous]) then return word end
    previous = word
  end
  return nil
end

-- "Charte des données numériques de Montréal" is a document's title; "le document de travail" and
-- "implementation report" describe one.
local function looks_like_document_title(title)
  local first = byte(title, 1)
  if not first or not ((first >= 65 and first <= 90) or (first == 0xC3 and (byte(title, 2) or 0) <= 0x9E)) then
    return false
  end
  local folded = fold(title)
  local head = match(folded, "^(%S+)")
  if ARTICLES[head] or match(head, "^[ld]'") then return false end
  for word in gmatch(folded, "[%w%-]+") do
    if DOCUMENT_WORDS[word] then return true end
  end
  return false
end

-- Quoted spans of a block: « … », “ … ”, "…" → list of {start, content}. Plain searches only:
-- a pattern tried at every byte of a long paragraph costs more than all the rest.
local QUOTES = { { "\xC2\xAB", "\xC2\xBB" }, { "\xE2\x80\x9C", "\xE2\x80\x9D" }, { "\"", "\"" } }
local function quoted_spans(text)
  local spans
  for _, quote in ipairs(QUOTES) do
    local opener, closer = quote[1], quote[2]
    local at = find(text, opener, 1, true)
    while at do
      local close = find(text, closer, at + #opener, true)
      if not close then break end
      local content = sub(text, at + #opener, close - 1)
      if #content <= MAX_QUOTED_BYTES + 8 and not find(content, "\n", 1, true) then
        content = trim(content)
        if content ~= "" and #content <= MAX_QUOTED_BYTES then
          spans = spans or {}
          spans[#spans + 1] = { start = at, content = content }
        end
      end
      at = find(text, opener, close + #closer, true)
    end
  end
  return spans
end

-- "Couture, S. & Toupin, S. (2019). What does … digital? New Media & Society. 21(10)." at the start
-- of a line: returns the work's title and where the citation ends.
local function citation_at(text, start)
  -- "Surname," comes first: a comma close to the start of the line.
  local comma = find(text, ",", start, true)
  if not comma or comma - start > 40 then return nil end
  if not (find(text, "^[%u\xC3][^%s,]*,%s+%u%.", start) or find(text, "^[%u\xC3][^%s,]*%s+et al%.", start)) then
    return nil
  end
  local year_start, year_end = find(sub(text, start, start + 400), "%(%d%d%d%d%a?%)")
  if not year_start then return nil end
  local line_end = find(text, "\n", start, true) or #text + 1
  local after = sub(text, start + year_end, line_end - 1)
  after = gsub(after, "^[%.%s]+", "")
  local title = match(after, "^(.-[%?!])%s") or match(after, "^(.-)%.%s") or match(after, "^(.-)%.?$")
  if not title or title == "" then return nil end
  return clean_title(title)
end

local BATCH_BYTES = 16 * 1024 -- blocks read together when looking for needles
local BATCH_NEEDLES = { "\n", "\xC2\xAB", "\xE2\x80\x9C", "\"", "://", "www.", "](", "<{" }
-- First bytes of a capitalized word (ASCII or a Latin-1 capital in UTF-8): where a citation starts.
local CAPITAL_STARTS = { [0xC3] = true, [0xC5] = true }
for b = 65, 90 do CAPITAL_STARTS[b] = true end

-- The URL around a "://" or starting at a "www." found at byte `at`: returns its start and the URL.
local URL_PROBES = { "://", "www." }
local NONE = {}
local function bare_url_at(text, at, probe)
  local start = at
  if probe == "://" then
    start = at - 5
    if start < 1 or not find(text, "^https?://", start) then
      start = at - 4
      if start < 1 or not find(text, "^https?://", start) then return nil end
    end
  end
  local before = start > 1 and sub(text, start - 1, start - 1) or " "
  if find(before, "[/%.%w@]") then return nil end
  local url = match(text, "^[^%s<>\"]+", start)
  url = clean_url(url)
  for _, stop in ipairs({ "\xC2\xAB", "\xC2\xBB", "\xE2\x80\x9C", "\xE2\x80\x9D" }) do
    local cut = find(url, stop, 1, true)
    if cut then url = clean_url(sub(url, 1, cut - 1)) end
  end
  if #url <= 10 then return nil end
  return start, url
end

-- "]({{ site.url }}/a/b/ "Title" )" at byte `at` (the "]"): returns where the target starts, the
-- target ("{{ site.url }}/a/b/") and the byte after the closing ")"; nil when the target is no template.
local function template_link_at(text, at)
  local start = at + 2
  while byte(text, start) == 32 do start = start + 1 end
  local opener = sub(text, start, start + 1)
  local closer = opener == "{{" and "}}" or opener == "{%" and "%}" or nil
  if not closer then return nil end
  local close = find(text, closer, start + 2, true)
  if not close or close - start > 100 or find(sub(text, start, close), "\n", 1, true) then return nil end
  local rest_end = select(2, find(text, "^[^%s%)\"]*", close + 2))
  local target = sub(text, start, rest_end)
  local tail = select(2, find(text, '^%s*"[^"\n]*"%s*%)', rest_end + 1)) or select(2, find(text, "^%s*%)", rest_end + 1))
  if not tail then return nil end
  return start, target, tail + 1
end

-- The "[" that opens the link text ending at the "]" at byte `at`, on the same line (nil if none).
local function find_link_open(text, at)
  local depth, i, limit = 0, at - 1, math.max(1, at - 300)
  while i >= limit do
    local b = byte(text, i)
    if b == 10 then return nil end
    if b == 93 then
      depth = depth + 1
    elseif b == 91 then
      if depth == 0 then return i end
      depth = depth - 1
    end
    i = i - 1
  end
  return nil
end

-- Front matter. YAML: "---" on line 1 is a thematic break, and the next block starts on line 2 with
-- "key: value"; it runs over adjacent blocks of "key: value" lines and "- item" lists, and ends with
-- the block the closing "---" underlines (a heading) or at the first gap or other block. TOML: the
-- first block opens with "+++" and the front matter ends at the next "+++" line.
-- Returns the block's text, links and first line without the front matter (text nil: skip the
-- block), the new state and the front matter's last line.
local function yaml_key_line(text) return find(text, "^%s*[%a_][%w_%-]*%s?:") ~= nil end

local function skip_front_matter(block, kind, text, links, state, front_end)
  local line = block.line
  if kind == "break" then -- a thematic break: the opening "---", or the closing one after a list
    if state == "start" and line == 1 then return nil, links, line, "start", 1 end
    return nil, links, line, "done", state == "yaml" and line or front_end
  end
  if state == "start" then
    if line == 1 and sub(text, 1, 3) == "+++" then
      local close = find(text, "\n%+%+%+[ \t]*\n") or find(text, "\n%+%+%+[ \t]*$")
      if not close then return text, links, line, "done", 0 end
      local _, breaks_before = gsub(sub(text, 1, close), "\n", "")
      local last = line + breaks_before -- the closing "+++" line
      local rest_at = find(text, "\n", close + 1, true)
      if not rest_at then return nil, links, line, "done", last end
      local kept = nil
      for _, link in ipairs(links or NONE) do
        if link.line > last then
          kept = kept or {}
          kept[#kept + 1] = link
        end
      end
      return sub(text, rest_at + 1), kept or false, last + 1, "done", last
    end
    if line == 2 and yaml_key_line(text) then
      if kind == "heading" then return nil, links, line, "done", block.end_line end
      return nil, links, line, "yaml", block.end_line
    end
    return text, links, line, "done", 0
  end
  -- inside YAML front matter
  if line <= front_end + 1 and (kind == "list_item" or yaml_key_line(text)) then
    if kind == "heading" then return nil, links, line, "done", block.end_line end
    return nil, links, line, "yaml", block.end_line
  end
  return text, links, line, "done", front_end
end

-- Documents named without a link ---------------------------------------------
-- "les statuts", "le rapport financier", "Bilan moral du Président", "the Code of Conduct",
-- "January Minutes", "the minutes of the last meeting", "the WG charter", "RFC 9110".
-- A plain needle finds a candidate; only then are the few words around it read.

-- A set of words, built when first read (loading the plugin stays cheap).
local function set_of(words)
  return setmetatable({}, { __index = function(set, key)
    setmetatable(set, nil)
    for word in gmatch(words, "%S+") do set[word] = true end
    return rawget(set, key)
  end })
end

-- Words are compared folded: lowercase, without accents, ’ read as '.
local FR_DETERMINERS = set_of("les nos vos ses leurs aux nouveaux anciens futurs")
local GOVERNANCE_NOUNS = set_of("modification modifications revision refonte changement changements reforme " ..
  "adoption approbation lecture relecture article articles respect conformement vote projet")
local FR_REPORT_KINDS = set_of("moral financier financiers d'activite d'activites annuel annuels d'avancement d'etape")
local FR_COMPLEMENT_NOUNS = set_of("association asso president presidente tresorier tresoriere secretaire bureau " ..
  "ca ag age ago assemblee conseil annee exercice federation collectif club reunion seance")
local FR_MEETING_NOUNS = set_of("reunion seance ag age ago assemblee conseil ca bureau comite")
local FR_CONNECTORS = set_of("et de du des la le l' d' pour sur")
local EN_REPORT_KINDS = set_of("treasurer's treasurers treasurer financial annual activity milestone audit " ..
  "auditor's auditors")
local POLICY_KINDS = set_of("privacy trademark use security antitrust travel retention expense expenses reimbursement " ..
  "membership moderation governance data interest harassment anti-harassment cookie cookies licensing contribution " ..
  "contributor donation donations refund diversity inclusion whistleblower whistleblowing access conflict-of-interest")
local APPROVAL_WORDS = set_of("approval approve approved approving adoption adopt adopted accept accepted acceptance " ..
  "confirm confirmed confirmation approbation approuve approuver adopte adopter valide valider validation")
local PREVIOUS_WORDS = set_of("last previous prior preceding derniere dernier precedente precedent")
local MONTHS = set_of("january february march april may june july august september october november december " ..
  "jan feb mar apr jun jul aug sep sept oct nov dec janvier fevrier mars avril mai juin juillet aout septembre " ..
  "octobre novembre decembre")
local EN_MODIFIER_STOPS = set_of("the a an our this that these those its their his her my your of for new current " ..
  "existing draft proposed and or in on at to with by from see per i we it is are was be all any each every")
local EN_COMPLEMENT_STOPS = set_of("was were is are be been being still will would to and which that has have had " ..
  "need needs needed by with as but so if when who where should could can may must on at before after until " ..
  "till since during ahead")
local EN_STOPWORDS = set_of("the a an of for from to and or in on at")
local DURATION_WORDS = set_of("few several many some couple one two three four five six seven eight nine ten " ..
  "fifteen twenty thirty forty fifty sixty ninety")
local NOT_OTHER_MINUTES = set_of("this these above below present meeting our") -- the minutes being read
local SPEC_PREFIXES = set_of("RFC PEP EIP ISO")

-- Punctuation made of several bytes, replaced by as many bytes (positions do not move): a space
-- for spaces, ";" for what separates phrases (dashes, quotes, guillemets, ellipsis).
local WIDE_PUNCTUATION = { ["\xC2\xA0"] = "  ", ["\xC2\xAB"] = " ;", ["\xC2\xBB"] = "; ",
  ["\xE2\x80\x93"] = " ; ", ["\xE2\x80\x94"] = " ; ", ["\xE2\x80\x9C"] = " ; ", ["\xE2\x80\x9D"] = " ; ",
  ["\xE2\x80\xA6"] = " ; ", ["\xE2\x80\xAF"] = "   " }

-- The words of text[from..to]: { s, e (bytes in text), w (as written), f (folded), stop (a phrase
-- ends after it: . , ; : ( ) [ ] ! ? | " or a dash), colon (that mark is ":") }. "statuts/RI" is two
-- words; "10/14" is one.
local STOP_BYTES = { [46] = true, [44] = true, [59] = true, [58] = true, [40] = true, [41] = true, [91] = true,
                     [93] = true, [33] = true, [63] = true, [124] = true, [34] = true }
local function is_word_byte(b) return b >= 128 or (b >= 97 and b <= 122) or (b >= 65 and b <= 90) or (b >= 48 and b <= 57) end

-- A byte loop, not patterns: this runs at every candidate, and a pattern call costs more than the
-- loop over a hundred bytes.
local function words_in(text, from, to)
  local window = sub(text, from, to)
  if find(window, "[\xC2\xE2]") then
    window = gsub(window, "\xC2[\xA0\xAB\xBB]", WIDE_PUNCTUATION)
    window = gsub(window, "\xE2\x80[\x93\x94\x9C\x9D\xA6\xAF]", WIDE_PUNCTUATION)
  end
  local lowered = lower(window)
  local bytes = { byte(window, 1, -1) }
  local len = #bytes
  local words, n = {}, 0
  local function push(s, e, high)
    local w = sub(window, s, e)
    n = n + 1
    words[n] = { s = from + s - 1, e = from + e - 1, w = w, f = high and fold(w) or sub(lowered, s, e) }
  end
  local i = 1
  while i <= len do
    local b = bytes[i]
    if b >= 128 or (b >= 97 and b <= 122) or (b >= 65 and b <= 90) or (b >= 48 and b <= 57) then
      local s, high, slash, other = i, b >= 128, false, b >= 65
      i = i + 1
      while i <= len do
        b = bytes[i]
        if b >= 97 then
          if b >= 128 then high = true elseif b > 122 then break end
          other = true
        elseif b >= 65 then
          if b > 90 then break end
          other = true
        elseif b >= 48 and b <= 57 then
          -- a digit
        elseif (b == 39 or b == 45 or b == 47) and i < len and is_word_byte(bytes[i + 1]) then
          if b == 47 then slash = true else other = true end
        else
          break
        end
        i = i + 1
      end
      if slash and other then -- "statuts/RI" is two words; "10/14" is one
        local piece = s
        for k = s, i do
          if k == i or bytes[k] == 47 then
            if k > piece then push(piece, k - 1, high) end
            piece = k + 1
          end
        end
      else
        push(s, i - 1, high)
      end
    else
      if STOP_BYTES[b] and n > 0 and not words[n].stop then
        words[n].stop = true
        words[n].colon = b == 58
      end
      i = i + 1
    end
  end
  if n > 0 then
    words[n].stop = true
    -- does the first word open a sentence (or the block)?
    local before = from > 1 and match(sub(text, from > 8 and from - 8 or 1, from - 1), "(%S)%s*$")
    words[1].initial = from == 1 or not before or find(before, "[%.!?:;%*%-]") ~= nil
    for k = 2, n do words[k].initial = words[k - 1].stop end
  end
  return words, n
end

local function capitalized(w) return find(w, "^[%u\xC3]") ~= nil and not find(w, "^\xC3[\xA0-\xBF]") end
-- A name before a document's head: an acronym (SRCF, WG), a capitalized word that does not open the
-- sentence (Solid-OIDC, Acme), a year, a code (M3). Not "Review" opening an item, nor "25" of a time.
local function name_like(word)
  local w = word.w
  if find(w, "^%d%d%d%d$") or (find(w, "%d") and find(w, "%a")) then return true end
  if not find(w, "%u") then return false end
  if word.initial then return find(w, "^%u[%u%d]+$") ~= nil or find(w, "%-%u") ~= nil end
  return true
end
local function date_like(f) return find(f, "%d[/%-]%d") ~= nil or MONTHS[f] == true or find(f, "^%d%d%d%d$") ~= nil end
local function singular(f) return (gsub(f, "s$", "")) end

-- Up to three names before word i ("Solid-OIDC spec", "SRCF constitution", "January Minutes").
local function modifiers_before(words, i, accept)
  local first = i
  while first > 1 and i - first < 3 do
    local prev = words[first - 1]
    if prev.stop or EN_MODIFIER_STOPS[prev.f] or not accept(prev, first - 1, words) then break end
    first = first - 1
  end
  return first
end

-- "of the financial statements", "from the last meeting", "of the meeting held on Monday 9 May
-- 2022": returns the last word of the phrase after word i, or i.
local function complement_en(words, n, i)
  local of = words[i + 1]
  if words[i].stop or not of or not (of.f == "of" or of.f == "from" or of.f == "for") then return i end
  local last = i
  for j = i + 2, math.min(n, i + 8) do
    local w = words[j]
    if EN_COMPLEMENT_STOPS[w.f] or APPROVAL_WORDS[w.f] then break end
    if not EN_STOPWORDS[w.f] then last = j end
    if w.stop then break end
  end
  return last
end

-- "de l'association", "du Président", "de la dernière réunion", "d'activités 2025": returns the last
-- word of the phrase after word i, or i.
local function complement_fr(words, n, i)
  local last = i
  local j = i + 1
  if not words[last].stop and words[j] and find(words[j].f, "^%d%d%d%d$") then
    last, j = j, j + 1
  end
  local de = words[j]
  if words[last].stop or not de then return last end
  -- "du 5 février (2024)", "du 12/03"
  local day, month = words[j + 1], words[j + 2]
  if (de.f == "du" or de.f == "le") and not de.stop and day and find(day.f, "^%d") then
    if find(day.f, "^%d+/%d") then return j + 1 end
    if month and not day.stop and MONTHS[month.f] then
      local year = words[j + 3]
      if year and not month.stop and find(year.f, "^%d%d%d%d$") then return j + 3 end
      return j + 2
    end
  end
  if de.f == "du" or de.f == "de" or de.f == "des" then
    local k = j + 1
    if words[k] and (words[k].f == "la" or words[k].f == "l") and not de.stop then k = k + 1 end
    if words[k] and PREVIOUS_WORDS[words[k].f] and not words[k - 1].stop then k = k + 1 end
    local noun = words[k]
    if noun and not words[k - 1].stop then
      local bare = gsub(noun.f, "^[ld]'", "")
      if FR_COMPLEMENT_NOUNS[bare] or find(bare, "^%d%d%d%d$") or capitalized(gsub(noun.w, "^[lLdD]['\xE2\x80\x99]+", "")) then
        last = k
        -- "de l'Assemblée Générale", "du 12 mars 2024"
        local m = k + 1
        while words[m] and not words[m - 1].stop and m - k <= 4
          and (capitalized(words[m].w) or find(words[m].f, "^%d") or MONTHS[words[m].f]
            or ((words[m].f == "du" or words[m].f == "le") and words[m + 1] and find(words[m + 1].f, "^%d"))) do
          if not (words[m].f == "du" or words[m].f == "le") then last = m end
          m = m + 1
        end
      end
    end
  end
  return last
end

local function word_at(words, n, pos)
  for i = 1, n do
    if words[i].s <= pos and pos <= words[i].e then return i end
    if words[i].s > pos then return nil end
  end
  return nil
end

-- Each rule reads the words around a hit (word i) and returns the first and last words of the
-- document's name; then its key (mentions with one key are one document; nil: the folded name, up to
-- word `key_last` when given), and a flag: "minutes" for the minutes of a meeting, "bare" for
-- minutes named without saying which ("Approval of minutes").
local RULES = {}

RULES.statuts = function(words, n, i)
  if words[i].f ~= "statuts" then return nil end
  local prev, before = words[i - 1], words[i - 2]
  local last = complement_fr(words, n, i)
  local governed = last > i
  if prev and not prev.stop then
    if FR_DETERMINERS[prev.f] then governed = true end
    if (prev.f == "des" or prev.f == "de") and before and not before.stop and GOVERNANCE_NOUNS[before.f] then
      governed = true
    end
  end
  if not governed then return nil end
  return i, last, "statuts"
end

RULES.reglement = function(words, n, i)
  local next_word = words[i + 1]
  if not (find(words[i].f, "^reglements?$") and next_word and find(next_word.f, "^interieurs?$")) then return nil end
  return i, complement_fr(words, n, i + 1), "reglement interieur"
end

local function fr_report(words, n, i, head)
  local next_word = words[i + 1]
  if singular(words[i].f) ~= head or words[i].stop or not next_word or not FR_REPORT_KINDS[next_word.f] then
    return nil
  end
  return i, complement_fr(words, n, i + 1), head .. " " .. singular(next_word.f)
end
RULES.rapport = function(words, n, i) return fr_report(words, n, i, "rapport") end
RULES.bilan = function(words, n, i) return fr_report(words, n, i, "bilan") end

-- The minutes of an earlier meeting, in French: "approbation du PV", "le compte rendu de la dernière
-- réunion", "procès-verbal de l'AG du 3 mars".
local function fr_minutes(words, n, i, last)
  local prev = words[i - 1]
  if prev and (prev.f == "present" or prev.f == "presente" or prev.f == "ce" or prev.f == "cet") then return nil end
  local approved = false
  for j = math.max(1, i - 3), i - 1 do
    if APPROVAL_WORDS[words[j].f] then approved = true end
  end
  local finish = complement_fr(words, n, last)
  for j = finish + 1, math.min(n, finish + 2) do -- "… est approuvé"
    if APPROVAL_WORDS[words[j].f] then approved = true end
    if words[j].stop then break end
  end
  local qualified = false
  for j = last + 1, finish do
    if PREVIOUS_WORDS[words[j].f] or FR_MEETING_NOUNS[gsub(words[j].f, "^l'", "")] or find(words[j].f, "^%d") then
      qualified = true
    end
  end
  if not (approved or qualified) then return nil end
  if qualified then return i, finish, nil, "minutes" end
  return i, finish, "minutes", "bare"
end
RULES["proces-verbal"] = function(words, n, i)
  if words[i].f == "proces-verbal" then return fr_minutes(words, n, i, i) end
  if words[i].f == "verbal" and words[i - 1] and words[i - 1].f == "proces" then
    return fr_minutes(words, n, i - 1, i)
  end
  return nil
end
RULES.PV = function(words, n, i)
  if words[i].w ~= "PV" then return nil end
  return fr_minutes(words, n, i, i)
end
-- "RI": the règlement intérieur, after "statuts/", "le", "du", "au", "notre".
local RI_BEFORE = set_of("statuts le du au notre votre leur nouveau")
RULES.RI = function(words, n, i)
  local prev = words[i - 1]
  if words[i].w ~= "RI" or not prev or not RI_BEFORE[prev.f] then return nil end
  return i, i, "reglement interieur", "RI"
end
RULES.compte = function(words, n, i)
  if words[i].f == "compte-rendu" then return fr_minutes(words, n, i, i) end
  if words[i].f == "compte" and words[i + 1] and words[i + 1].f == "rendu" and not words[i].stop then
    return fr_minutes(words, n, i, i + 1)
  end
  return nil
end

-- "code of conduct", "code de conduite", with the names before it ("Solid Code of Conduct").
RULES.conduct = function(words, n, i)
  local f = words[i].f
  local of, code = words[i - 1], words[i - 2]
  if not (of and code and code.f == "code" and not code.stop and not of.stop) then return nil end
  if not ((f == "conduct" and of.f == "of") or (f == "conduite" and of.f == "de")) then return nil end
  local first = modifiers_before(words, i - 2, name_like)
  return first, i, f == "conduct" and "code of conduct" or "code de conduite"
end

local CHARTE_KINDS = set_of("graphique ethique associative")
local FR_CHARTE_DETERMINERS = set_of("la notre votre leur cette les nos vos leurs")
RULES.charter = function(words, n, i)
  local f = words[i].f
  if f == "charter" or f == "charters" then
    local first = modifiers_before(words, i, name_like)
    return first, complement_en(words, n, i), "charter", "charte"
  elseif f == "charte" or f == "chartes" then
    -- "la charte", "notre charte de participation", "la charte graphique", "la charte d'utilisation";
    -- not "une charte commune"
    local prev, next_word = words[i - 1], words[i + 1]
    local last = i
    if next_word and not words[i].stop then
      if CHARTE_KINDS[next_word.f] or find(next_word.f, "^d'") then
        last = i + 1
      elseif (next_word.f == "de" or next_word.f == "du" or next_word.f == "des") and words[i + 2]
        and not next_word.stop then
        last = i + 2
        if words[i + 3] and not words[i + 2].stop and capitalized(words[i + 3].w) then last = i + 3 end
      end
    end
    if last == i and not (prev and not prev.stop and FR_CHARTE_DETERMINERS[prev.f]) then return nil end
    return i, last, nil, "charte"
  end
  return nil
end

local function en_governance(words, n, i)
  local first = modifiers_before(words, i, name_like)
  return first, complement_en(words, n, i), singular(words[i].f)
end
RULES.constitution = function(words, n, i)
  if words[i].f ~= "constitution" then return nil end
  -- French "la constitution du bureau / d'un groupe" is a forming, not a document
  local next_word = words[i + 1]
  if next_word and not words[i].stop and (next_word.f == "de" or next_word.f == "du" or next_word.f == "des"
    or find(next_word.f, "^d'")) then
    return nil
  end
  return en_governance(words, n, i)
end
RULES.bylaws = function(words, n, i)
  local f = words[i].f
  if f ~= "bylaws" and f ~= "by-laws" then return nil end
  return en_governance(words, n, i)
end

-- "Treasurer's report", "the 2024 annual report".
RULES.report = function(words, n, i)
  local f = words[i].f
  local kind = words[i - 1]
  if not kind or kind.stop then return nil end
  if not ((f == "report" or f == "reports") and EN_REPORT_KINDS[kind.f]) then return nil end
  local first = modifiers_before(words, i - 1, name_like)
  return first, complement_en(words, n, i), nil, nil, i
end

-- "privacy policy", "Trademark use policy".
RULES.policy = function(words, n, i)
  local f = words[i].f
  local kind = words[i - 1]
  if not ((f == "policy" or f == "policies") and kind and not kind.stop and POLICY_KINDS[kind.f]) then return nil end
  local first = modifiers_before(words, i - 1, function(w) return POLICY_KINDS[w.f] or name_like(w) end)
  -- "the trademark use policy" and "the trademark policy" are one policy
  return first, i, words[first].f .. " policy"
end

-- "the Solid-OIDC spec", "the SPDX specification".
RULES.spec = function(words, n, i)
  local f = words[i].f
  if not (f == "spec" or f == "specs" or f == "specification" or f == "specifications") then return nil end
  local first = modifiers_before(words, i, name_like)
  if first == i then return nil end
  return first, i
end

-- "the KPI document", "the governance document".
RULES.document = function(words, n, i)
  local f = words[i].f
  local kind = words[i - 1]
  if not ((f == "document" or f == "documents") and kind and not kind.stop) then return nil end
  if not (kind.f == "governance" or find(kind.w, "^%u%u+$")) then return nil end
  if words[i - 2] and find(words[i - 2].f, "^%d") then return nil end -- "a 10 MB document"
  local first = modifiers_before(words, i - 1, name_like)
  return first, complement_en(words, n, i), nil, nil, i
end

-- "la loi Informatique et Libertés" (not "loi 1901"), "le RGPD", "the GDPR".
RULES.loi = function(words, n, i)
  if words[i].f ~= "loi" or words[i].stop then return nil end
  local last = i
  local j = i + 1
  while words[j] and j - i <= 6 and not words[j - 1].stop do
    if capitalized(words[j].w) then
      if j > last + 1 and find(words[j].w, "^%u%u+$") then break end -- "… et du RGPD": another text
      last = j
    elseif not FR_CONNECTORS[words[j].f] then
      break
    end
    j = j + 1
  end
  if last == i then return nil end
  return i, last
end
RULES.RGPD = function(words, n, i)
  local w = words[i].w
  if w ~= "RGPD" and w ~= "GDPR" then return nil end
  return i, i, lower(w)
end

-- "RFC 9110", "PEP 8", "EIP-1559".
RULES.ids = function(words, n, i)
  local w = words[i].w
  local prefix, number = match(w, "^(%u%u%u)%-?(%d+)$")
  if prefix and SPEC_PREFIXES[prefix] then return i, i, lower(prefix) .. " " .. number end
  local next_word = words[i + 1]
  if SPEC_PREFIXES[w] and next_word and not words[i].stop and find(next_word.w, "^%d+$") then
    return i, i + 1, lower(w) .. " " .. next_word.w
  end
  return nil
end

-- Minutes of another meeting: "January Minutes", "the 10/14 minutes", "minutes of the last meeting",
-- "Approval of minutes: 9/23", "Minutes approved". Not "30 minutes", "Meeting Minutes".
RULES.minutes = function(words, n, i)
  if words[i].f ~= "minutes" then return nil end
  local prev = words[i - 1]
  if prev and not prev.stop then
    local dated = words[i - 2] and MONTHS[words[i - 2].f] and not words[i - 2].stop -- "May 14 minutes"
    if NOT_OTHER_MINUTES[prev.f] or DURATION_WORDS[prev.f] or (find(prev.f, "^%d+$") and not dated)
      or find(prev.f, "^%d+[%.,]%d+$") then
      return nil
    end
  end
  -- "January", "4/12", "the August 27 minutes", "the 3 March minutes", "the last minutes"
  local first = modifiers_before(words, i, function(w, j)
    if date_like(w.f) or PREVIOUS_WORDS[w.f] then return true end
    return find(w.f, "^%d%d?$") ~= nil and ((words[j - 1] and MONTHS[words[j - 1].f]) or MONTHS[words[j + 1].f]) == true
  end)
  local last = complement_en(words, n, i)
  -- "of the last meeting", "of 12 March", "of the board meeting"; not "of a real meeting"
  if last > i then
    local which = words[i + 2].f == "the"
    for j = i + 2, last do
      if PREVIOUS_WORDS[words[j].f] or date_like(words[j].f) or find(words[j].f, "%d") then which = true end
    end
    if not which then last = i end
  end
  -- "minutes: 9/23"
  if last == i and words[i + 1] and date_like(words[i + 1].f) and words[i].colon then
    last = i + 1
    while words[last + 1] and not words[last].stop and (date_like(words[last + 1].f) or find(words[last + 1].f, "^%d")) do
      last = last + 1
    end
  end
  if first < i or last > i then return first, last, nil, "minutes" end
  local approved = false
  for j = math.max(1, i - 3), i - 1 do
    if APPROVAL_WORDS[words[j].f] then approved = true end
  end
  local next_word, after = words[i + 1], words[i + 2]
  if not words[i].stop and next_word and (APPROVAL_WORDS[next_word.f]
    or ((next_word.f == "were" or next_word.f == "was") and after and APPROVAL_WORDS[after.f])) then
    approved = true
  end
  if not approved then return nil end
  return i, i, "minutes", "bare"
end

-- Needles, lowercase, looked for in the lowered text; then the rule reads the words around.
local NAMED_NEEDLES = {
  { "statuts", RULES.statuts }, { "glement", RULES.reglement }, { "rapport", RULES.rapport },
  { "bilan", RULES.bilan }, { "verbal", RULES["proces-verbal"] }, { "compte", RULES.compte },
  { "condu", RULES.conduct }, { "charte", RULES.charter }, { "constitution", RULES.constitution },
  { "bylaw", RULES.bylaws }, { "by-law", RULES.bylaws }, { "report", RULES.report }, { "polic", RULES.policy }, { "spec", RULES.spec },
  { "document", RULES.document }, { "loi", RULES.loi }, { "minutes", RULES.minutes },
}
-- Case-sensitive needles, looked for in the text as written.
local NAMED_UPPER_NEEDLES = {
  { "PV", RULES.PV }, { "RI", RULES.RI }, { "RGPD", RULES.RGPD }, { "GDPR", RULES.RGPD },
  { "RFC", RULES.ids }, { "PEP", RULES.ids }, { "EIP", RULES.ids },
  { "ISO", RULES.ids },
}

-- Words between a document's name and a link that is the document: "Antitrust Policy available at
-- [link]", "le règlement (voir https://…)", "the charter: https://…", "the X specification, https://…".
local LINK_LEAD_WORDS = set_of("available at here on in see is are online link links the le la les ici sur voir " ..
  "disponible disponibles en ligne lien liens a")
local function leads_to_link(gap)
  for word in gmatch(fold(gap), "[^%s:,%(%[%-<>\"']+") do
    if not LINK_LEAD_WORDS[word] then return false end
  end
  return true
end

local function after_word_boundary(s, pos)
  local b = byte(s, pos - 1)
  return not b or not ((b >= 48 and b <= 57) or (b >= 65 and b <= 90) or (b >= 97 and b <= 122) or b >= 128)
end

-- The word just before byte `pos`, as written (nil at the start of the text).
local function word_before(s, pos)
  local w = match(sub(s, pos > 32 and pos - 32 or 1, pos - 1), "([^%s]+)%s+$")
  return w and gsub(w, "^%p+", "")
end

-- The word just after the word at byte `pos`, folded, without its trailing punctuation.
local function next_word_folded(l, pos)
  local w = match(l, "^[^%s]+%s+([^%s]+)", pos)
  return w and gsub(fold(w), "[%p]+$", "")
end

-- An approval in the few bytes before `pos` ("Approval of", "approbation du", "adopt the").
local function approval_before(l, pos)
  local before = sub(l, pos > 28 and pos - 28 or 1, pos - 1)
  return find(before, "appro", 1, true) or find(before, "adopt", 1, true) or find(before, "accept", 1, true)
    or find(before, "confirm", 1, true) or find(before, "valid", 1, true)
end

local PRE = {
  rapport = function(l, t, at)
    local w = after_word_boundary(l, at) and next_word_folded(l, at)
    return w and FR_REPORT_KINDS[w] == true or false
  end,
  bilan = function(l, t, at)
    local w = after_word_boundary(l, at) and next_word_folded(l, at)
    return w and FR_REPORT_KINDS[w] == true or false
  end,
  report = function(l, t, at)
    local w = word_before(t, at)
    return w ~= nil and EN_REPORT_KINDS[fold(w)] == true
  end,
  polic = function(l, t, at)
    local w = word_before(t, at)
    return w ~= nil and POLICY_KINDS[fold(w)] == true
  end,
  spec = function(l, t, at)
    local w = word_before(t, at)
    return after_word_boundary(l, at) and w ~= nil and find(w, "[%u%d]") ~= nil
  end,
  document = function(l, t, at)
    local w = word_before(t, at)
    return w ~= nil and (find(w, "^%u%u+$") ~= nil or lower(w) == "governance")
  end,
  loi = function(l, t, at) return after_word_boundary(l, at) and find(l, "^loi%s", at) ~= nil end,
  -- "compte rendu" of another meeting: approved, or "du/de la …" after it
  compte = function(l, t, at)
    return after_word_boundary(l, at) and (find(l, "^compte[%s%-]+rendus?%s+d", at) ~= nil
      or (find(l, "^compte[%s%-]+rendu", at) ~= nil and approval_before(l, at) ~= nil))
  end,
  condu = function(l, t, at)
    return (find(l, "^conduct", at) and find(sub(l, at > 9 and at - 9 or 1, at - 1), "code%s+of%s+$"))
      or (find(l, "^conduite", at) and find(sub(l, at > 9 and at - 9 or 1, at - 1), "code%s+de%s+$")) or false
  end,
  -- minutes said to be of another meeting: a date, month or "last" before; "of", "from", ":" or an
  -- approval after; or an approval just before
  minutes = function(l, t, at)
    if not after_word_boundary(l, at) then return false end
    local w = word_before(l, at)
    if w and (DURATION_WORDS[w] or NOT_OTHER_MINUTES[w]) then return false end
    if w and (find(w, "%d") or MONTHS[fold(w)] or PREVIOUS_WORDS[w]) then return true end
    if find(l, "^minutes%s*:", at) or find(l, "^minutes%s+[ofwac]", at) then return true end
    return approval_before(l, at) ~= nil
  end,
}
local function starts_word(l, t, at) return after_word_boundary(l, at) end
local MID_WORD = { glement = true, verbal = true } -- needles that start inside a word
for _, needle in ipairs(NAMED_NEEDLES) do
  needle[3] = PRE[needle[1]] or (not MID_WORD[needle[1]] and starts_word) or nil
end
for _, needle in ipairs(NAMED_UPPER_NEEDLES) do needle[3] = starts_word end
NAMED_UPPER_NEEDLES[2][3] = function(l, t, at) -- "RI" alone, after a space or "/"
  local b = byte(t, at - 1)
  local c = byte(t, at + 2)
  return (b == 32 or b == 47 or b == 10) and (not c or not ((c >= 48 and c <= 57) or (c >= 65 and c <= 90)
    or (c >= 97 and c <= 122) or c >= 128))
end

-- Where the needles of named documents occur in a batch of blocks joined by " ": returns, per block,
-- the list of { byte in the block, rule } that passed their cheap check, in the order of the needles
-- (a name found first owns its words: "Treasurer's report of the yearly accounts").
local named_budget = MAX_NAMED_CANDIDATES -- reset by each document
local function named_hits(joined, offsets, count)
  if named_budget <= 0 then return nil end
  local lowered = lower(joined)
  local hits = nil
  local function record(at, rule)
    named_budget = named_budget - 1
    if named_budget < 0 then return end
    local low, high = 1, count
    while low < high do -- the last block starting at or before `at`
      local middle = (low + high + 1) // 2
      if offsets[middle] <= at then low = middle else high = middle - 1 end
    end
    hits = hits or {}
    local list = hits[low]
    if not list then
      list = {}
      hits[low] = list
    end
    list[#list + 1] = { at - offsets[low] + 1, rule }
  end
  for _, needle in ipairs(NAMED_NEEDLES) do
    local word, rule, pre = needle[1], needle[2], needle[3]
    local at = find(lowered, word, 1, true)
    while at do
      if not pre or pre(lowered, joined, at) then record(at, rule) end
      at = find(lowered, word, at + #word, true)
    end
  end
  for _, needle in ipairs(NAMED_UPPER_NEEDLES) do
    local word, rule, pre = needle[1], needle[2], needle[3]
    local at = find(joined, word, 1, true)
    while at do
      if pre(joined, joined, at) then record(at, rule) end
      at = find(joined, word, at + #word, true)
    end
  end
  return hits
end

-- The names of documents in one block, from its hits: calls found(key, title, pos, flag) for each.
-- `skip(s, e)` tells whether a name at bytes s..e is a link's text, a quoted title, or is followed
-- by a link.
local function named_documents(text, hits, found, skip)
  local taken = nil
  for _, hit in ipairs(hits) do
    local at, rule = hit[1], hit[2]
    local free = true
    for _, span in ipairs(taken or NONE) do
      if at >= span[1] and at <= span[2] then free = false end
    end
    if free then
      local from = at > 36 and at - 36 or 1
      if from > 1 then
        local space = find(text, "%s", from)
        if space and space < at then from = space + 1 end
      end
      local words, n = words_in(text, from, at + 80)
      local i = word_at(words, n, at)
      local first, last, key, flag, key_last
      if i then first, last, key, flag, key_last = rule(words, n, i) end
      if first then
        local s, e = words[first].s, words[last].e
        if not skip(s, e) then
          key = key or clean_title(gsub(fold(sub(text, s, words[key_last or last].e)), "%s+", " "))
          found(key, clean_title(sub(text, s, e)), s, flag)
          taken = taken or {}
          taken[#taken + 1] = { s, e }
        end
      end
    end
  end
end

-- The hook -----------------------------------------------------------------

local function extract(doc)
  local resources = {}
  named_budget = MAX_NAMED_CANDIDATES

  local function add(url, title, kind, line, missing)
    resources[#resources + 1] = { url = url, title = title, kind = kind, line = line, missing_url = missing }
  end

  -- One block; `present` tells which needles occur somewhere in its batch.
  -- Documents named without a link, by key: { title, lines, flag }, in the order first seen.
  local named, named_order = {}, {}
  local quoted_words = {} -- document words that introduced a quoted title ("la charte « … »")

  local function read_block(text, links, first_line, present, kind, hits)
    local seen = nil -- per block: url keys and titles already returned

    -- Citations own the links inside them. They start a line with "Surname, I.".
    local citations, citation_on_line = nil, nil
    local start = 1
    while start do
      local title = CAPITAL_STARTS[byte(text, start) or 0] and citation_at(text, start)
      if title then
        citations, citation_on_line = citations or {}, citation_on_line or {}
        local citation = { title = title, line = line_at(text, start, first_line) }
        citations[#citations + 1] = citation
        citation_on_line[citation.line] = citation
      end
      local newline = present["\n"] and find(text, "\n", start, true)
      start = newline and newline + 1
    end

    local quotes = nil
    if (present["\xC2\xAB"] and find(text, "\xC2\xAB", 1, true))
      or (present["\xE2\x80\x9C"] and find(text, "\xE2\x80\x9C", 1, true))
      or (present["\""] and find(text, "\"", 1, true)) then
      quotes = quoted_spans(text)
    end

    if links then
      for _, link in ipairs(links) do
        local url, title = link.url, clean_title(link.text or "")
        local line = link.line
        local citation = citation_on_line and citation_on_line[line]
        local scheme = lower(match(url, "^(%a[%w+.-]*):") or "")
        if scheme == "mailto" or scheme == "tel" or scheme == "javascript"
          or (byte(url, 1) == 35 and #url > 1) or (link.image and (url == "" or url == "#")) then
          -- addresses, in-page anchors and pictures of nothing are not resources
        elseif citation then
          if url ~= "" and url ~= "#" then
            citation.url = citation.url or url
          else
            citation.missing = true -- the minutes link the work, to nothing
          end
        elseif url == "" or url == "#" then
          local key = "t:" .. fold(title)
          if title ~= "" and not (seen and seen[key]) then
            local is_quoted = false
            for _, q in ipairs(quotes or NONE) do
              if q.content == trim(link.text) then is_quoted = true end
            end
            local start = find(text, link.text, 1, true)
            local document = is_quoted or looks_like_document_title(title)
              or (start and has_document_word_before(text, start))
            add("", title, document and "document" or "link", line, true)
            seen = seen or {}
            seen[key] = true
          end
        else
          local key = url_key(url)
          if not (seen and seen[key]) then
            if (link.autolink or title == url) and find(text, "^#link%s") then
              -- MeetBot "#link https://… Title"
              local rest = trim(gsub(gsub(text, "^#link%s+", ""), "%S*" .. gsub(url, "%p", "%%%0") .. "%S*", ""))
              if rest ~= "" then title = rest end
            end
            add(url, title ~= "" and title or url, has_document_extension(url) and "document" or "link", line)
            seen = seen or {}
            seen[key] = true
          end
        end
        if quotes then
          local written = trim(link.text or "")
          for _, q in ipairs(quotes) do
            if written ~= "" and (find(q.content, written, 1, true) or find(written, q.content, 1, true)) then
              q.is_link = true
            end
          end
        end
      end
    end

    -- "[@ana]({{ site.url }}/membres/ana/)": a link whose target starts with a site template
    -- ({{ … }} or {% … %}) holds spaces, so Markdown leaves it as text. Its target is kept as written.
    local at = present["]("] and find(text, "](", 1, true)
    while at do
      local target_start, target, after = template_link_at(text, at)
      if target then
        local key = url_key(target)
        if not (seen and seen[key]) then
          local open = find_link_open(text, at)
          local title = open and clean_title(sub(text, open + 1, at - 1)) or ""
          add(target, title ~= "" and title or target, has_document_extension(target) and "document" or "link",
            line_at(text, target_start, first_line))
          seen = seen or {}
          seen[key] = true
        end
        at = find(text, "](", after, true)
      else
        at = find(text, "](", at + 2, true)
      end
    end

    -- "<{{ site.url }}/wiki/>": the same in an autolink, which Markdown leaves as text too.
    at = present["<{"] and find(text, "<{", 1, true)
    while at do
      local close = find(text, ">", at + 2, true)
      local target = close and close - at <= 300 and sub(text, at + 1, close - 1)
      if target and (sub(target, 1, 2) == "{{" or sub(target, 1, 2) == "{%") and not find(target, "\n", 1, true) then
        local key = url_key(target)
        if not (seen and seen[key]) then
          add(target, target, has_document_extension(target) and "document" or "link", line_at(text, at, first_line))
          seen = seen or {}
          seen[key] = true
        end
      end
      at = find(text, "<{", at + 2, true)
    end

    -- Bare URLs the autolink extension did not turn into links (in tables, in code spans).
    for _, probe in ipairs(URL_PROBES) do
      local at = present[probe] and find(text, probe, 1, true)
      while at do
        local start, url = bare_url_at(text, at, probe)
        if url then
          local key = url_key(url)
          if not (seen and seen[key]) then
            local line = line_at(text, start, first_line)
            local owner = citation_on_line and citation_on_line[line]
            if owner then
              owner.url = owner.url or url
            else
              add(url, url, has_document_extension(url) and "document" or "link", line)
            end
            seen = seen or {}
            seen[key] = true
          end
        end
        at = find(text, probe, at + #probe, true)
      end
    end

    -- "la charte « Principes de participation »": a document named without a link.
    for _, q in ipairs(quotes or NONE) do
      local document_word = not q.is_link and has_document_word_before(text, q.start)
      if document_word then
        quoted_words[gsub(document_word, "s$", "")] = true
        local title = clean_title(q.content)
        local key = "t:" .. fold(title)
        q.is_document = true
        if title ~= "" and not (seen and seen[key]) then
          add("", title, "document", line_at(text, q.start, first_line))
          seen = seen or {}
          seen[key] = true
        end
      end
    end

    for _, c in ipairs(citations or NONE) do
      add(c.url or "", c.title, "citation", c.line, (c.missing and not c.url) or nil)
    end

    -- "les statuts", "the Treasurer's report": documents named without a link. Not in headings
    -- (a section's title, whose text says more), not in a link's text or a quoted title, and not
    -- when a link follows (the link is the document).
    if kind ~= "heading" and hits then
      local spans = nil
      local function skip(s, e)
        if not spans then
          spans = {}
          for _, link in ipairs(links or NONE) do
            local written = link.text or ""
            local at = written ~= "" and find(text, written, 1, true)
            if at then spans[#spans + 1] = { at, at + #written - 1 } end
          end
          for _, q in ipairs(quotes or NONE) do
            if q.is_link or q.is_document then spans[#spans + 1] = { q.start, q.start + #q.content + 4 } end
          end
          for _, probe in ipairs(URL_PROBES) do
            local at = present[probe] and find(text, probe, 1, true)
            while at do
              spans[#spans + 1] = { at, at }
              at = find(text, probe, at + #probe, true)
            end
          end
        end
        for _, span in ipairs(spans) do
          if span[1] <= e and span[2] >= s then return true end -- inside a link's text or a quoted title
          if span[1] > e and span[1] <= e + 48 and leads_to_link(sub(text, e + 1, span[1] - 1)) then return true end
        end
        return false
      end
      named_documents(text, hits, function(key, title, at, flag)
        title = gsub(title, "\xE2\x80\x99", "'")
        if flag == "RI" then title, flag = "RI (règlement intérieur)", nil end
        local entry = named[key]
        if not entry then
          entry = { title = title, lines = {}, flag = flag }
          named[key] = entry
          named_order[#named_order + 1] = key
        elseif #title > #entry.title then
          entry.title = title
        end
        entry.lines[#entry.lines + 1] = line_at(text, at, first_line)
      end, skip)
    end
  end

  -- Blocks are read in batches: a needle ("://", "«", …) is first looked for once in the whole
  -- batch, and then only in the blocks of the batches where it occurs.
  local texts, all_links, lines, kinds, count, bytes = {}, {}, {}, {}, 0, 0
  local function flush()
    if count == 0 then return end
    local joined = table.concat(texts, " ", 1, count)
    local present = {}
    for _, needle in ipairs(BATCH_NEEDLES) do
      present[needle] = find(joined, needle, 1, true) ~= nil
    end
    local offsets, at = {}, 1
    for i = 1, count do
      offsets[i] = at
      at = at + #texts[i] + 1
    end
    local hits = named_hits(joined, offsets, count) or NONE
    for i = 1, count do
      read_block(texts[i], all_links[i] or nil, lines[i], present, kinds[i], hits[i])
    end
    count, bytes = 0, 0
  end

  -- Front matter (metadata between "---" or "+++" lines at the top) is not the minutes' text.
  local front = "start" -- "start", "yaml" (inside YAML front matter), "done"
  local front_end = 0 -- last line of the front matter seen so far
  for _, block in ipairs(doc.blocks) do
    local kind = block.kind
    local text, links, line = block.text, block.links or false, block.line
    if front ~= "done" then
      text, links, line, front, front_end = skip_front_matter(block, kind, text, links, front, front_end)
    end
    if text and kind ~= "code" and kind ~= "html" then
      count = count + 1
      texts[count], all_links[count], lines[count], kinds[count] = text, links, line, kind
      bytes = bytes + #text
      if bytes >= BATCH_BYTES then flush() end
    end
  end
  flush()

  -- A document the minutes also link ("Code de conduite" and a link to …/code-de-conduite/) is the
  -- link: its name alone is not one more resource. Each link's URL and title, folded, punctuation as
  -- spaces, is one entry; a name is linked when its words stand together in an entry. Only the
  -- entries holding the name's rarest word are searched: a name is not looked for in every link
  -- (names × links grew with the square of the minutes' length).
  local entries, entries_of = {}, {}
  for _, r in ipairs(resources) do
    if r.url ~= "" or r.title ~= "" then
      local entry = " " .. gsub(fold(r.url .. " " .. r.title), "[%p%s]+", " ") .. " "
      entries[#entries + 1] = entry
      local n = #entries
      for word in gmatch(entry, "%S+") do
        local list = entries_of[word]
        if not list then list = {}; entries_of[word] = list end
        if list[#list] ~= n then list[#list + 1] = n end
      end
    end
  end
  for _, key in ipairs(named_order) do
    local words = gsub(key, "[%p%s]+", " ")
    local needle = " " .. words .. " "
    local rarest = nil
    for word in gmatch(words, "%S+") do
      local list = entries_of[word] or NONE
      if not rarest or #list < #rarest then rarest = list end
    end
    if rarest then
      for _, n in ipairs(rarest) do
        if find(entries[n], needle, 1, true) then named[key].linked = true break end
      end
    else -- a name without a word (punctuation alone) is looked for in every entry
      for _, entry in ipairs(entries) do
        if find(entry, needle, 1, true) then named[key].linked = true break end
      end
    end
  end

  -- "the August minutes" are "the August 27 minutes" when both are named (and no other August day is)
  local by_month = {}
  for _, key in ipairs(named_order) do
    local entry = named[key]
    if entry.flag == "minutes" and find(key, "%d") then
      for word in gmatch(key, "%a+") do
        if MONTHS[word] then by_month[word] = by_month[word] == nil and entry or false end
      end
    end
  end
  for _, key in ipairs(named_order) do
    local entry = named[key]
    if entry.flag == "minutes" and not find(key, "%d") then
      for word in gmatch(key, "%a+") do
        local dated = MONTHS[word] and by_month[word]
        if dated then
          for _, line in ipairs(entry.lines) do dated.lines[#dated.lines + 1] = line end
          entry.merged = true
          break
        end
      end
    end
  end

  -- "Approval of minutes" says which minutes only when nothing else does: when the minutes of a
  -- named meeting are mentioned too, they are those.
  local dated_minutes = false
  for _, key in ipairs(named_order) do
    if named[key].flag == "minutes" then dated_minutes = true end
  end
  for _, key in ipairs(named_order) do
    local entry = named[key]
    -- "la charte « Principes de participation »" names the charter the other mentions speak of
    local quoted = entry.flag == "charte" and (quoted_words.charte or quoted_words.charter)
    if not entry.linked and not entry.merged and not quoted and not (entry.flag == "bare" and dated_minutes) then
      for _, line in ipairs(entry.lines) do add("", entry.title, "document", line) end
    end
  end
  return { resources = resources }
end

plugin:hook("extract/document", extract)
