-- carrefour-des-veilles: during a round, each participant shares what their watch
-- (veille) turned up: links, news, initiatives. This plugin collects them from the
-- notes, person by person, and adds a "Carrefour des veilles" digest to the summary.
--
-- A round is a notes section whose title contains one of the `sections` words
-- ("Carrefour des veilles", "Tour de table — veille"…). In it, a paragraph that opens
-- with a participant ("Karim Benali (Nuage boréal) : …") starts that person's share;
-- the list items under it belong to them too.
plugin.version = "1.0"

-- Options ------------------------------------------------------------------

local TITLE = plugin:option_string("title", "Carrefour des veilles")
local SECTIONS = plugin:option_string("sections", "veille,carrefour,tour de table")
local MAX_ITEMS = plugin:option_integer("max_items_per_person", 12, 1, 50)
local MAX_ITEM_BYTES = plugin:option_integer("max_item_bytes", 280, 40, 2000)

-- Helpers ------------------------------------------------------------------

local ACCENTS = { ["é"] = "e", ["è"] = "e", ["ê"] = "e", ["à"] = "a", ["â"] = "a", ["ç"] = "c",
                  ["î"] = "i", ["ô"] = "o", ["û"] = "u", ["ù"] = "u", ["É"] = "e", ["È"] = "e" }

local function fold(text)
  return (text:lower():gsub("[\195][\128-\191]", ACCENTS))
end

local keywords = {}
for word in SECTIONS:gmatch("[^,]+") do
  local trimmed = word:match("^%s*(.-)%s*$")
  if trimmed ~= "" then keywords[#keywords + 1] = fold(trimmed) end
end

local function is_round(section)
  if not section then return false end
  local folded = fold(section)
  for _, word in ipairs(keywords) do
    if folded:find(word, 1, true) then return true end
  end
  return false
end

-- "Karim Benali (Nuage boréal) : j'ai lu…" → "j'ai lu…"
local function without_speaker(text)
  local colon = text:find(":", 1, true)
  if colon and colon <= 120 then
    return text:sub(colon + 1)
  end
  return text
end

local function trim(text)
  local first = text:find("%S")
  if not first then return "" end
  local last = #text
  while last > first and text:sub(last, last):find("%s") do last = last - 1 end
  return text:sub(first, last)
end

-- Cuts at a word boundary, never inside a UTF-8 character.
local function cut(text, limit)
  if #text <= limit then return text end
  local stop = limit
  while stop > 1 and text:byte(stop + 1) and text:byte(stop + 1) >= 0x80 and text:byte(stop + 1) < 0xC0 do
    stop = stop - 1
  end
  local space = text:sub(1, stop):match(".*()%s")
  if space and space > limit / 2 then stop = space - 1 end
  return text:sub(1, stop) .. "…"
end

-- One shared item as a Markdown list line: the text, then links not already in it.
local function item_line(block, text)
  local line = cut(trim(text:gsub("\n", " ")), MAX_ITEM_BYTES)
  local urls = {}
  for _, link in ipairs(block.links or {}) do
    if link.url ~= "" and link.url ~= "#" and not link.image and not line:find(link.url, 1, true) then
      urls[#urls + 1] = "<" .. link.url .. ">"
    end
  end
  if #urls > 0 then
    line = (line ~= "" and (line .. " — ") or "") .. table.concat(urls, ", ")
  end
  return line
end

-- Hooks --------------------------------------------------------------------

-- Returns { {person = name, items = {line…}}… } in order of first share.
local function collect(doc)
  local people, by_name = {}, {}
  local current
  for _, block in ipairs(doc.blocks) do
    if not is_round(block.section) or block.kind == "heading" then
      current = nil
    elseif block.speaker then
      current = by_name[block.speaker]
      if not current then
        current = { person = block.speaker, items = {} }
        by_name[block.speaker] = current
        people[#people + 1] = current
      end
      local line = item_line(block, without_speaker(block.text))
      if line ~= "" and #current.items < MAX_ITEMS then current.items[#current.items + 1] = line end
    elseif current and (block.kind == "list_item" or block.kind == "paragraph") then
      local line = item_line(block, block.text)
      if line ~= "" and #current.items < MAX_ITEMS then current.items[#current.items + 1] = line end
    end
  end
  return people
end

local function digest(people)
  local parts = {}
  for _, entry in ipairs(people) do
    if #entry.items > 0 then
      parts[#parts + 1] = "**" .. entry.person .. "**\n"
      for _, line in ipairs(entry.items) do
        parts[#parts + 1] = "- " .. line
      end
      parts[#parts + 1] = ""
    end
  end
  return table.concat(parts, "\n")
end

plugin:hook("summary/building", function(summary, doc)
  if not doc then return nil end -- a summary rendered from stored notes: no round to read
  local people = collect(doc)
  local markdown = digest(people)
  if markdown == "" then return nil end
  return { sections = { { title = TITLE, markdown = markdown } } }
end)
