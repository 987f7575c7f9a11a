#pragma once

#include <span>
#include <string_view>

namespace quorum::scripting {

enum class EventKind { Notification, Filter };

struct EventInfo {
    std::string_view name;
    EventKind kind;
    bool is_emitted; // false for events declared ahead of the feature that raises them
    std::string_view description;
};

// The one registry of plugin events. Names are noun/verb. Notification events
// ignore return values; filter events take a returned table that the host checks.
std::span<const EventInfo> events();
const EventInfo* find_event(std::string_view name);

} // namespace quorum::scripting
