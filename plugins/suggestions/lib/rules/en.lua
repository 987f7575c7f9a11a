-- English rules of the suggestions plugin: the phrases it reads in English minutes.
-- Each list is merged with the other languages' (lib/rules/*.lua, named in init.lua's LANGUAGES).
return {
  -- { plain needle, pattern on the lower-cased bytes around it, rule, kind, first_person }:
  -- `first_person` makes the speaker the owner and keeps the speaker's label in the text.
  phrases = {
    { "lann", "%f[%a]planning to%f[%A]", "en:planning-to", "action", true },
    { "lans to", "%f[%a]plans to%f[%A]", "en:planning-to", "action", true },
    { "lan to", "%f[%a]plan to%f[%A]", "en:planning-to", "action", true },
    { "ould", "%f[%a]we could%f[%A]", "en:we-could", "action" },
    { "ould", "%f[%a]we should%f[%A]", "en:we-should", "action" },
    { "propos", "%f[%a]we propose%f[%A]", "en:we-propose", "action" },
    { "ugg", "%f[%a]we suggest%f[%A]", "en:we-propose", "action" },
    { "recomm", "%f[%a]we recommend%f[%A]", "en:we-propose", "action" },
    { "propos", "%f[%a]i propose%f[%A]", "en:i-propose", "action", true },
    { "ugg", "%f[%a]i suggest%f[%A]", "en:i-propose", "action", true },
    { "propos", "%f[%a]it is proposed%f[%A]", "en:it-is-proposed", "decision" },
    { "propos", "%f[%a]it was proposed%f[%A]", "en:it-is-proposed", "decision" },
    { "ugg", "%f[%a]it is suggested%f[%A]", "en:it-is-proposed", "decision" },
    { "ugg", "%f[%a]it was suggested%f[%A]", "en:it-is-proposed", "decision" },
    { "recomm", "%f[%a]it is recommended%f[%A]", "en:it-is-proposed", "decision" },
    { "otion", "%f[%a]motion to%f[%A]", "en:motion", "decision" },
    { "otion", "%f[%a]motion that%f[%A]", "en:motion", "decision" },
    { "otion", "%f[%a]motion%s*:", "en:motion", "decision" },
    { "otion", "%f[%a]i move%f[%A]", "en:motion", "decision", true },
  },
  -- A subject (a participant, a handle), then one of these: "Priya is going to …".
  subject_verbs = {
    { " said she will ", "en:x-will" }, { " said he will ", "en:x-will" }, { " said they will ", "en:x-will" },
    { " should ", "en:x-should" }, { " needs to ", "en:x-should" }, { " has to ", "en:x-should" },
    { " would ", "en:x-would" }, { " is going to ", "en:x-going-to" }, { " is to ", "en:x-is-to" },
    { " volunteered to ", "en:x-volunteered" },
  },
  -- Words that hedge a commitment into a suggestion.
  hedges = { "probably", "maybe", "perhaps", "possibly", "might", "if it works", "would like", "if possible" },
  -- Capitalized words that start sentences and are no one: "The spec will change".
  not_subjects = "the this that these those it he she they we you there here next who what which when " ..
                 "if then also everything nothing something discussion meeting",
  -- Words right after the trigger that make it talk, not propose: "we could see".
  not_proposals = "not see say tell hear argue have also be need still probably",
  -- A proposal whose object is adopting something is a proposal to decide.
  deciding_words = { "adopt", "approv", "ratifi", "endorse" },
  -- Titles (folded) whose list items are next steps.
  next_steps = { ["next steps"] = "en:next-steps", ["next actions"] = "en:next-steps" },
  -- Words that open a main clause after a comma: "…, but Ana will…".
  coordinators = "but and so",
}
