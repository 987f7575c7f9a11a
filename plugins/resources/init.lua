-- resources: every link, document and citation the minutes mention.
--
-- Markdown links and autolinks, bare URLs, links whose target is missing ("[le document](#)"),
-- documents named in quotes after a word like "charte" or "rapport", and APA-like citations.
-- It only finds: the host merges mentions of one resource (by URL, else by kind and title).
-- `missing_url` is set for a link whose target is empty or "#" (and a citation whose link is such a
-- link); a document named without any link simply has no URL.
plugin.version = "1.0"

-- Options ------------------------------------------------------------------

local MAX_QUOTED_BYTES = 200 -- a quoted document title is short; a longer quote is a quotation
local WORDS_BEFORE_QUOTE = 3 -- "la charte «", "le rapport intitulé «", "une étude sur «"

-- Words (folded) that, just before a quoted title, make it a document's title.
local DOCUMENT_WORDS = {}
for word in string.gmatch("document documents doc charte chartes etude etudes rapport rapports report reports " ..
  "spec specs specification specifications guide guides politique politiques policy policies lexique " ..
  "glossaire glossary note notes memoire memoires proposal proposals proposition propositions presentation " ..
  "presentations slides deck descriptif article articles memo manuel manual handbook bilan annexe annexes " ..
  "formulaire gabarit fiche brouillon draft whitepaper livre paper papers study studies compte-rendu " ..
  "proces-verbal cadre plan-cadre feuille cahier", "%S+") do
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

local FOLD = {}
for accented, plain in gmatch("àa âa äa áa ãa åa çc èe ée êe ëe ìi íi îi ïi ñn òo óo ôo öo õo ùu úu ûu üu ýy ÿy " ..
  "ÀA ÂA ÄA ÁA ÃA ÅA ÇC ÈE ÉE ÊE ËE ÌI ÍI ÎI ÏI ÑN ÒO ÓO ÔO ÖO ÕO ÙU ÚU ÛU ÜU ÝY œoe Œoe æae Æae",
  "(%S+)(%a+) ?") do
  FOLD[accented] = lower(plain)
end

local function fold(s)
  s = lower(s)
  if find(s, "\xC3", 1, true) or find(s, "\xC5", 1, true) then
    s = gsub(s, "[\xC3\xC5][\x80-\xBF]", FOLD)
  end
  if find(s, "\xE2\x80\x99", 1, true) then s = gsub(s, "\xE2\x80\x99", "'") end
  return s
end

local function trim(s)
  local first = find(s, "[^%s\xC2\xA0]")
  if not first then return "" end
  local last = #s
  while last > first do
    local b = byte(s, last)
    if b == 32 or (b >= 9 and b <= 13) then
      last = last - 1
    elseif b == 0xA0 and byte(s, last - 1) == 0xC2 then
      last = last - 2
    elseif b == 0xAF and byte(s, last - 1) == 0x80 and byte(s, last - 2) == 0xE2 then
      last = last - 3
    else
      break
    end
  end
  -- a leading non-breaking space ("« Titre »")
  while byte(s, first) == 0xC2 and byte(s, first + 1) == 0xA0 do first = first + 2 end
  while byte(s, first) == 0xE2 and byte(s, first + 1) == 0x80 and byte(s, first + 2) == 0xAF do first = first + 3 end
  return sub(s, first, last)
end

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

-- Is one of the last few words before byte `pos` a document word? ("la charte «", "une étude sur «")
local function has_document_word_before(text, pos)
  local words, n = {}, 0
  for word in gmatch(fold(sub(text, pos > 48 and pos - 48 or 1, pos - 1)), "[%w'%-]+") do
    n = n + 1
    words[n] = word
  end
  local previous
  for i = n, math.max(1, n - WORDS_BEFORE_QUOTE + 1), -1 do
    local word = words[i]
    if DOCUMENT_WORDS[word] or (previous and DOCUMENT_PAIRS[word .. " " .. previous]) then return true end
    previous = word
  end
  return false
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

-- The hook -----------------------------------------------------------------

local function extract(doc)
  local resources = {}

  local function add(url, title, kind, line, missing)
    resources[#resources + 1] = { url = url, title = title, kind = kind, line = line, missing_url = missing }
  end

  -- One block; `present` tells which needles occur somewhere in its batch.
  local function read_block(text, links, first_line, present)
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
      if not q.is_link and has_document_word_before(text, q.start) then
        local title = clean_title(q.content)
        local key = "t:" .. fold(title)
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
  end

  -- Blocks are read in batches: a needle ("://", "«", …) is first looked for once in the whole
  -- batch, and then only in the blocks of the batches where it occurs.
  local texts, all_links, lines, count, bytes = {}, {}, {}, 0, 0
  local function flush()
    if count == 0 then return end
    local joined = table.concat(texts, " ", 1, count)
    local present = {}
    for _, needle in ipairs(BATCH_NEEDLES) do
      present[needle] = find(joined, needle, 1, true) ~= nil
    end
    for i = 1, count do
      read_block(texts[i], all_links[i] or nil, lines[i], present)
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
      texts[count], all_links[count], lines[count] = text, links, line
      bytes = bytes + #text
      if bytes >= BATCH_BYTES then flush() end
    end
  end
  flush()
  return { resources = resources }
end

plugin:hook("extract/document", extract)
