-- timebox-reminder: when an agenda item has used most of its timebox, tell the room.
--
-- On agenda/item-started the plugin arms a timer at `at_percent` of the item's
-- timebox; when it fires (and the item is still the current one), it sends the live
-- command `command` to the meeting and logs it. Starting another item, or ending the
-- meeting, cancels the pending reminder.
plugin.version = "1.0"

-- Options ------------------------------------------------------------------

local AT_PERCENT = plugin:option_integer("at_percent", 80, 10, 99)
local MIN_TIMEBOX = plugin:option_duration("min_timebox", "4m") -- shorter items get no reminder
-- {title} and {left} (e.g. "3 min") are replaced.
local COMMAND = plugin:option_string("command", "annonce ⏳ {title} : encore {left}")

-- Helpers ------------------------------------------------------------------

local pending = {} -- meeting id → { timer = id, item = id }

local function cancel(meeting_id)
  local entry = pending[meeting_id]
  if entry then
    quorum.timer_cancel(entry.timer)
    pending[meeting_id] = nil
  end
end

local function left_text(ms)
  local minutes = ms // 60000
  if minutes >= 1 then return minutes .. " min" end
  return (ms // 1000) .. " s"
end

local function render(template, values)
  return (template:gsub("{(%w+)}", function(key) return values[key] or "" end))
end

-- Hooks --------------------------------------------------------------------

plugin:hook("agenda/item-started", function(event)
  local meeting_id, item = event.meeting_id, event.item or {}
  cancel(meeting_id)
  local timebox_ms = (item.timebox_seconds or 0) * 1000
  if timebox_ms < MIN_TIMEBOX then return end
  local percent = tonumber(quorum.option_get(meeting_id, "at_percent")) or AT_PERCENT
  local after = timebox_ms * percent // 100
  local timer = quorum.timer_after(after, function()
    if not pending[meeting_id] or pending[meeting_id].item ~= item.id then return end
    pending[meeting_id] = nil
    local text = render(COMMAND, { title = item.title or "", left = left_text(timebox_ms - after) })
    local sent, err = quorum.command_send(meeting_id, text)
    if sent then
      quorum.log_info("reminder sent for " .. tostring(item.title))
    else
      quorum.log_warn("reminder refused: " .. tostring(err))
    end
  end)
  pending[meeting_id] = { timer = timer, item = item.id }
end)

plugin:hook("meeting/ended", function(event)
  cancel(event.meeting_id)
end)

-- A reload keeps which reminders are pending (the timers themselves are re-armed
-- by the next item-started; a reminder lost in a reload is not worth a duplicate).
plugin:hook("plugin/save", function()
  local items = {}
  for meeting_id, entry in pairs(pending) do items[meeting_id] = entry.item end
  return { items = items }
end)
