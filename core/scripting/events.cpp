#include "scripting/events.hpp"

#include <algorithm>

namespace quorum::scripting {

namespace {

constexpr EventInfo k_events[] = {
    {"extract/document", EventKind::Filter, true,
     "Minutes were parsed; return {action_items, decisions, suggestions, resources} found in the document."},
    {"summary/building", EventKind::Filter, true,
     "A summary is being built; return {sections = {{title, markdown}}} to add sections."},
    {"meeting/started", EventKind::Notification, false, "The facilitator started the meeting."},
    {"meeting/ended", EventKind::Notification, false, "The facilitator ended the meeting."},
    {"agenda/item-started", EventKind::Notification, false, "An agenda item became current."},
    {"agenda/item-overtime", EventKind::Notification, false, "The current item ran past its timebox."},
    {"queue/changed", EventKind::Notification, false, "The speaker queue changed."},
    {"round/turn-started", EventKind::Notification, false, "A speaker's turn in a round started."},
    {"round/turn-expired", EventKind::Notification, false, "A speaker's turn in a round ran out."},
    {"round/finished", EventKind::Notification, false, "Everyone in the round has spoken or passed."},
    {"attendance/changed", EventKind::Notification, false, "Someone checked in, out, or was marked."},
    {"notes/saved", EventKind::Notification, false, "A note-taker saved a revision."},
    {"summary/published", EventKind::Notification, false, "A summary was published through a share link."},
    {"plugin/save", EventKind::Filter, true,
     "The plugin is about to be reloaded; return the state to keep (plain data)."},
    {"plugin/restore", EventKind::Notification, true, "The reloaded plugin receives what plugin/save returned."},
};

} // namespace

std::span<const EventInfo> events() {
    return k_events;
}

const EventInfo* find_event(std::string_view name) {
    auto found = std::find_if(std::begin(k_events), std::end(k_events),
                              [&](const EventInfo& event) { return event.name == name; });
    return found == std::end(k_events) ? nullptr : found;
}

} // namespace quorum::scripting
