local function start(item)
  return test.emit("agenda/item-started", { meeting_id = "m1", item = item })
end

return {
  ["a reminder goes out at 80 % of the timebox"] = function()
    test.meeting("m1", { meeting = { title = "CA" } })
    test.is_true(start({ id = "a1", title = "Budget 2027", timebox_seconds = 600 }))
    test.equal(test.advance(479 * 1000), 0, "nothing before 8 minutes")
    test.equal(test.advance(1000), 1, "the timer fires at 8 minutes")
    local commands = test.recorded().commands
    test.equal(#commands, 1)
    test.equal(commands[1].meeting, "m1")
    test.equal(commands[1].text, "annonce ⏳ Budget 2027 : encore 2 min")
  end,

  ["starting the next item cancels the reminder"] = function()
    test.meeting("m1", {})
    start({ id = "a1", title = "Budget", timebox_seconds = 600 })
    test.advance(60 * 1000)
    start({ id = "a2", title = "Divers", timebox_seconds = 120 }) -- too short for a reminder
    test.advance(20 * 60 * 1000)
    test.equal(#test.recorded().commands, 0)
  end,

  ["ending the meeting cancels the reminder"] = function()
    test.meeting("m1", {})
    start({ id = "a1", title = "Budget", timebox_seconds = 600 })
    test.emit("meeting/ended", { meeting_id = "m1" })
    test.advance(20 * 60 * 1000)
    test.equal(#test.recorded().commands, 0)
  end,

  ["a meeting can ask for the reminder earlier"] = function()
    test.meeting("m1", { options = { at_percent = "50" } })
    start({ id = "a1", title = "Budget", timebox_seconds = 600 })
    test.equal(test.advance(300 * 1000), 1)
    test.equal(test.recorded().commands[1].text, "annonce ⏳ Budget : encore 5 min")
  end,

  ["a sent reminder is logged"] = function()
    test.meeting("m1", {})
    start({ id = "a1", title = "Budget", timebox_seconds = 600 })
    test.advance(600 * 1000)
    test.is_true(test.recorded().logs[1].message:find("reminder sent", 1, true))
  end,
}
