#pragma once

#include "domain/meeting.hpp"
#include "util/error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace quorum::interop {

// What import-log kept of each topic, so a stored meeting has notes to show.
struct LogNote {
    size_t agenda_index = 0;
    std::string text; // "Alice: …" lines, as the scribe wrote them after corrections
};

struct LogMeeting {
    Meeting meeting;
    std::vector<LogNote> notes;
};

// Reads an IRC or Matrix log into a meeting. Line formats: `HH:MM:SS <nick> text`,
// `[HH:MM] <nick> text`, `[HH:MM:SS] <nick> text`, `<nick> text`, and bare lines
// (taken as typed by the scribe). Join/part/mode lines (`-!-`, `***`, `* nick`) are skipped.
//
// W3C scribe conventions (as RRSAgent's scribe.perl reads them): `Meeting:`,
// `Date:`, `Chair:`, `Scribe:`/`ScribeNick:`, `Present:` and `present+ [names]`
// / `present- name` (a bare `present+` names the speaker), `Regrets:` / `regrets+`,
// `Agenda:`, `Topic:`, `Name: said…` by the scribe with `...` (or `…`)
// continuations, `RESOLUTION:` / `RESOLVED:`, `s/old/new/` (and `s|old|new|`, with
// a trailing `g` for every line) correcting the scribe's latest line holding `old`,
// `-> url text` links. Action items in the three spellings logs hold:
// `ACTION: Alice to send the draft`, `ACTION: Alice: send the draft` (also with
// `-` or `—`), and trackbot's echo `Created ACTION-12 - Send the draft [on Alice
// Martin - due 2021-03-17].` (the number is dropped; the owner and due date kept).
//
// MeetBot: `#startmeeting title` (its caller chairs), `#topic`, `#info`, `#action
// nick text` (the first word is the owner when it names a participant), `#agreed`,
// `#link url text`, `#idea` (a suggestion to confirm), `#chair nicks`,
// `#endmeeting`; people are the nicks who spoke.
//
// The result is a normal meeting: participants with roles and regrets, one agenda
// item and one section per topic, actions with owners matched to participants,
// decisions, resources. Fails only on input that is not text (NUL bytes).
Expected<LogMeeting> read_log(std::string_view bytes);

} // namespace quorum::interop
