-- English rules of the markers plugin: the words it reads in English minutes.
-- Each list is merged with the other languages' (lib/rules/*.lua, named in init.lua's LANGUAGES).
-- Words are folded (lower case, no accents) unless a comment says otherwise.
return {
  -- A label before ':' → { item kind, rule shown in the JSON }
  labels = {
    ["action"] = { "action", "marker:action" },
    ["next action"] = { "action", "marker:action" },
    ["todo"] = { "action", "marker:todo" },
    ["to do"] = { "action", "marker:todo" },
    ["to-do"] = { "action", "marker:todo" },
    ["decision"] = { "decision", "marker:decision" },
    ["resolution"] = { "decision", "w3c:resolution" },
    ["resolved"] = { "decision", "w3c:resolved" },
    ["agreed"] = { "decision", "marker:agreed" },
    ["conclusion"] = { "decision", "marker:conclusion" },
    ["conclusions"] = { "decision", "marker:conclusion" },
    ["consensus"] = { "decision", "marker:conclusion" },
  },
  -- A paragraph or heading made only of one of these announces a list of items of that kind.
  list_labels = {
    ["actions"] = "action", ["action items"] = "action", ["action points"] = "action",
    ["todo"] = "action", ["to do"] = "action",
    ["decisions"] = "decision", ["resolutions"] = "decision",
  },
  -- Words that introduce a due date, as word sequences ("due by", "no later than").
  due_leads = {
    { "due", "by" }, { "due", "on" }, { "due" }, { "by" }, { "before" }, { "no", "later", "than" }, { "deadline" },
  },
  -- A due phrase that opens a task, before a comma: "Before next call, draft the charter".
  opening_leads = { "before", "by" },
  months = "january february march april may june july august september october november december " ..
           "jan feb mar apr jun jul aug sep oct nov dec",
  weekdays = "monday tuesday wednesday thursday friday saturday sunday",
  relative_dues = { "tomorrow", "next week", "end of the week", "end of week", "end of the month", "end of month",
                    "next call", "the next call", "next meeting", "the next meeting" },
  -- { plain needle as written, pattern on the lower-cased sentence, rule }: a sentence holding one of
  -- these records a decision, wherever it sits in a line ("The committee agreed to …").
  outcomes = {
    { "agreed", "agreed to%f[%A]", "en:agreed" },
    { "agreed", "agreed that%f[%A]", "en:agreed" },
    { "agreed", "agreed not to%f[%A]", "en:agreed" },
    { "agreed", "agreed on%f[%A]", "en:agreed" },
    { "decided", "decided to%f[%A]", "en:decided" },
    { "decided", "decided that%f[%A]", "en:decided" },
    { "decided", "decided not to%f[%A]", "en:decided" },
    { "decided", "decided on%f[%A]", "en:decided" },
    { "resolved", "it was resolved%f[%A]", "en:resolved" },
    { "resolved", "resolved that%f[%A]", "en:resolved" },
    { "carried", "motion carried%f[%A]", "en:carried" },
    { "carried", "was carried%f[%A]", "en:carried" },
    { "carried", "carried unanimously%f[%A]", "en:carried" },
    { "elected", "%f[%a]is elected%f[%A]", "en:elected" },
    { "elected", "%f[%a]are elected%f[%A]", "en:elected" },
    { "elected", "%f[%a]was elected%f[%A]", "en:elected" },
    { "elected", "%f[%a]were elected%f[%A]", "en:elected" },
    { "elected", "elected by acclamation", "en:elected" },
    { "confirmed", "confirmed as%f[%A]", "en:elected" },
    { "elected", "elected unanimously", "en:elected" },
    { "passed", "was passed%f[%A]", "en:passed" },
    { "passed", "motion passed%f[%A]", "en:passed" },
    { "rejected", "was rejected%f[%A]", "en:rejected" },
    { "consensus", "consensus to%f[%A]", "en:consensus" },
    { "consensus", "consensus that%f[%A]", "en:consensus" },
    { "consensus", "consensus was%f[%A]", "en:consensus" },
    { "consensus", "consensus on%f[%A]", "en:consensus" },
    { "sense of the", "sense of the meeting", "en:consensus" },
    { "OK with", "%f[%a]w[ae][sr]e? ok with%f[%A]", "en:consensus" },
    { "in favo", "%f[%a]were in favou?r of%f[%A]", "en:consensus" },
    { "cision", "decision made%f[%A]", "en:decided" },
    { "cision", "%f[%a]decision not to%f[%A]", "en:decided" },
    { "cision", "%f[%a]the decision to%f[%A]", "en:decided" },
    { "cision", "decision was made%f[%A]", "en:decided" },
    { "cision", "made the decision%f[%A]", "en:decided" },
    { "M/S/C", "m/s/c", "en:carried" },
    { "votes", "%d votes? for%f[%A]", "en:votes" },
    { "in favo", "%d in favou?r%f[%A]", "en:votes" },
    { "approved", "committee approved%f[%A]", "en:approved" },
    { "approved", "board approved%f[%A]", "en:approved" },
    { "approved", "was approved%f[%A]", "en:approved" },
    { "close", "%f[%a]happy to close%f[%A]", "en:consensus" },
    { "close", "%f[%a]ok to close%f[%A]", "en:consensus" },
    { "close", "%f[%a]fine to close%f[%A]", "en:consensus" },
    { "deferred", "%f[%a]deferred to the next%f[%A]", "en:deferred" },
    { "deferred", "%f[%a]deferred to next%f[%A]", "en:deferred" },
    { "deferred", "%f[%a]deferred until the next%f[%A]", "en:deferred" },
    { "postponed", "%f[%a]postponed to the next%f[%A]", "en:deferred" },
    { "postponed", "%f[%a]postponed until the next%f[%A]", "en:deferred" },
  },
  -- A short line that is only an outcome decides the proposal on the line before it (folded).
  standalone_outcomes = { "^motion carried", "^the motion carried", "^carried", "^elected", "^passed",
                          "^the motion passed", "^motion passed", "^approved", "^rejected", "^accepted" },
  -- The answer after a question mark that settles it (lower case, as written).
  answers = { "yes", "no", "ok", "approved", "accepted", "refused", "rejected" },
  -- Questions a yes or a no does not answer.
  open_questions = "who what when where why how which",
  -- Words of a recorded vote: "7 for, 2 against".
  vote_words = { "for", "against", "abstain", "abstained", "yes", "no", "yeas", "nays" },
  -- Infinitives that open a to-do: none in English, whose imperatives open agenda items and
  -- discussion points as often as tasks.
  todo_verbs = "",
}
