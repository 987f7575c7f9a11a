#include "scripting/host.hpp"

#include <iostream>

namespace quorum::scripting {

const char* log_level_name(LogLevel level) {
    switch (level) {
    case LogLevel::Info:
        return "info";
    case LogLevel::Warn:
        return "warn";
    case LogLevel::Error:
        return "error";
    }
    return "info";
}

Expected<MemoryHost::Meeting*> MemoryHost::find(const std::string& meeting_id) {
    auto found = meetings.find(meeting_id);
    if (found == meetings.end()) {
        return make_error("not_found", Phrase{"no meeting " + meeting_id, "aucune rencontre " + meeting_id},
                          "meeting_id");
    }
    return &found->second;
}

Expected<Value> MemoryHost::meeting_get(const std::string& meeting_id) {
    QUORUM_TRY(meeting, find(meeting_id));
    return meeting->meeting;
}

Expected<Value> MemoryHost::agenda_get(const std::string& meeting_id) {
    QUORUM_TRY(meeting, find(meeting_id));
    return meeting->agenda.is_null() ? Value(Value::Array{}) : meeting->agenda;
}

Expected<Value> MemoryHost::attendance_get(const std::string& meeting_id) {
    QUORUM_TRY(meeting, find(meeting_id));
    return meeting->attendance.is_null() ? Value(Value::Array{}) : meeting->attendance;
}

Expected<Value> MemoryHost::notes_get(const std::string& meeting_id, const std::string& item_id) {
    QUORUM_TRY(meeting, find(meeting_id));
    Value::Array notes;
    if (const Value::Array* all = meeting->notes.array()) {
        for (const Value& note : *all) {
            const std::string* item = note["item"].string();
            if (item_id.empty() || (item && *item == item_id)) {
                notes.push_back(note);
            }
        }
    }
    return Value(std::move(notes));
}

Expected<Value> MemoryHost::items_get(const std::string& meeting_id, const std::string& kind) {
    QUORUM_TRY(meeting, find(meeting_id));
    Value::Array items;
    if (const Value::Array* all = meeting->items.array()) {
        for (const Value& item : *all) {
            const std::string* item_kind = item["kind"].string();
            if (kind.empty() || (item_kind && *item_kind == kind)) {
                items.push_back(item);
            }
        }
    }
    return Value(std::move(items));
}

Expected<Value> MemoryHost::item_add(const std::string& plugin, const std::string& meeting_id, const Value& item) {
    QUORUM_TRY(meeting, find(meeting_id));
    if (!meeting->items.array()) {
        meeting->items = Value(Value::Array{});
    }
    Value added = item;
    (*added.object())["plugin"] = plugin;
    (*added.object())["id"] = "item-" + std::to_string(meeting->items.array()->size() + 1);
    meeting->items.array()->push_back(added);
    return added;
}

Expected<Value> MemoryHost::note_add(const std::string& plugin, const std::string& meeting_id,
                                     const std::string& item_id, const std::string& text) {
    QUORUM_TRY(meeting, find(meeting_id));
    if (!meeting->notes.array()) {
        meeting->notes = Value(Value::Array{});
    }
    Value::Object note{{"item", item_id}, {"text", text}, {"plugin", plugin}};
    meeting->notes.array()->push_back(Value(note));
    return Value(std::move(note));
}

Expected<bool> MemoryHost::section_add(const std::string& plugin, const std::string& meeting_id,
                                       const std::string& title, const std::string& markdown) {
    QUORUM_TRY(meeting, find(meeting_id));
    (void)meeting;
    sections.push_back({plugin, meeting_id, title, markdown});
    return true;
}

Expected<Value> MemoryHost::command_send(const std::string& plugin, const std::string& meeting_id,
                                         const std::string& text) {
    commands.push_back({plugin, meeting_id, text});
    if (command_handler) {
        return command_handler(meeting_id, text);
    }
    return Value(Value::Object{{"accepted", true}});
}

Expected<std::optional<std::string>> MemoryHost::store_get(const std::string& plugin, const std::string& key) {
    auto& entries = key_values[plugin];
    auto found = entries.find(key);
    if (found == entries.end()) {
        return std::optional<std::string>();
    }
    return std::optional<std::string>(found->second);
}

Expected<bool> MemoryHost::store_set(const std::string& plugin, const std::string& key, const std::string& value) {
    key_values[plugin][key] = value;
    return true;
}

Expected<bool> MemoryHost::store_del(const std::string& plugin, const std::string& key) {
    return key_values[plugin].erase(key) > 0;
}

size_t MemoryHost::store_bytes(const std::string& plugin) {
    size_t bytes = 0;
    for (const auto& [key, value] : key_values[plugin]) {
        bytes += key.size() + value.size();
    }
    return bytes;
}

void MemoryHost::log(const std::string& plugin, LogLevel level, const std::string& message) {
    logs.push_back({plugin, level, message});
    if (echo_logs) {
        std::cerr << "quorum: plugin " << plugin << ": " << log_level_name(level) << ": " << message << "\n";
    }
}

std::map<std::string, std::string> MemoryHost::meeting_options(const std::string& meeting_id,
                                                               const std::string& plugin) {
    auto found = meetings.find(meeting_id);
    if (found == meetings.end()) {
        return {};
    }
    auto options = found->second.options.find(plugin);
    return options == found->second.options.end() ? std::map<std::string, std::string>{} : options->second;
}

} // namespace quorum::scripting
