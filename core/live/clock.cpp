#include "live/clock.hpp"

#include "live/messages.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace quorum::live {

std::string_view item_status_name(ItemStatus status) {
    switch (status) {
    case ItemStatus::Pending:
        return "pending";
    case ItemStatus::Running:
        return "running";
    case ItemStatus::Done:
        return "done";
    case ItemStatus::Skipped:
        return "skipped";
    }
    return "pending";
}

std::optional<size_t> AgendaClock::index_of(std::string_view id) const {
    for (size_t i = 0; i < m_items.size(); ++i) {
        if (m_items[i].plan.id == id) {
            return i;
        }
    }
    return std::nullopt;
}

std::int64_t AgendaClock::planned_total_seconds() const {
    std::int64_t total = 0;
    for (const auto& item : m_items) {
        total += item.plan.planned_seconds;
    }
    return total;
}

std::int64_t AgendaClock::elapsed_ms(const ItemRecord& item, std::int64_t effective_now) const {
    std::int64_t elapsed = item.elapsed_ms;
    if (item.status == ItemStatus::Running) {
        elapsed += std::max<std::int64_t>(0, effective_now - item.run_started_ms - item.run_paused_ms);
    }
    return elapsed;
}

void AgendaClock::close_run(ItemRecord& item, std::int64_t at_ms, ItemStatus status, std::int64_t elapsed_ms) {
    item.status = status;
    item.ended_at_ms = at_ms;
    item.elapsed_ms = elapsed_ms;
    item.deadline_ms.reset();
    item.run_started_ms = 0;
    item.run_paused_ms = 0;
}

void AgendaClock::apply(const Event& event) {
    const Value& data = event.data;
    if (event.type == "agenda/planned") {
        std::vector<ItemRecord> items;
        const Value* list = data.find("items");
        if (list != nullptr && list->is_array()) {
            for (const auto& entry : list->as_array()) {
                const std::string id = entry.string_or("id", "");
                ItemRecord record;
                if (const auto old = index_of(id)) {
                    record = m_items[*old];
                } else {
                    record.original_seconds = static_cast<int>(entry.int_or("planned_seconds", 0));
                }
                record.plan.id = id;
                record.plan.title = entry.string_or("title", "");
                record.plan.planned_seconds = static_cast<int>(entry.int_or("planned_seconds", 0));
                items.push_back(std::move(record));
            }
        }
        std::optional<std::string> current_id;
        if (m_current) {
            current_id = m_items[*m_current].plan.id;
        }
        m_items = std::move(items);
        m_current = current_id ? index_of(*current_id) : std::nullopt;
    } else if (event.type == "meeting/started") {
        m_started_at = event.at_ms;
        m_planned_end_ms = data.int_or("planned_end_ms", event.at_ms);
    } else if (event.type == "meeting/ended") {
        m_ended_at = event.at_ms;
        m_current.reset();
    } else if (event.type == "agenda/item-started") {
        const auto index = index_of(data.string_or("item_id", ""));
        if (!index) {
            return;
        }
        ItemRecord& item = m_items[*index];
        item.status = ItemStatus::Running;
        if (!item.started_at_ms) {
            item.started_at_ms = event.at_ms;
        }
        item.elapsed_ms = data.int_or("elapsed_ms", 0);
        item.extended_seconds = static_cast<int>(data.int_or("extended_seconds", item.extended_seconds));
        item.run_started_ms = event.at_ms;
        item.run_paused_ms = 0;
        item.deadline_ms = optional_int(data, "deadline_ms");
        item.overtime_fired = data.bool_or("overtime", false);
        m_current = *index;
    } else if (event.type == "agenda/item-ended") {
        const auto index = index_of(data.string_or("item_id", ""));
        if (!index) {
            return;
        }
        const ItemStatus status =
            data.string_or("status", "done") == "skipped" ? ItemStatus::Skipped : ItemStatus::Done;
        close_run(m_items[*index], event.at_ms, status, data.int_or("elapsed_ms", 0));
        if (m_current == index) {
            m_current.reset();
        }
    } else if (event.type == "agenda/item-skipped") {
        if (const auto index = index_of(data.string_or("item_id", ""))) {
            m_items[*index].status = ItemStatus::Skipped;
        }
    } else if (event.type == "agenda/item-overtime") {
        if (const auto index = index_of(data.string_or("item_id", ""))) {
            m_items[*index].overtime_fired = true;
        }
    } else if (event.type == "agenda/item-extended") {
        if (const auto index = index_of(data.string_or("item_id", ""))) {
            ItemRecord& item = m_items[*index];
            item.extended_seconds += static_cast<int>(data.int_or("seconds", 0));
            item.deadline_ms = optional_int(data, "deadline_ms");
            // A new timebox: its end is worth announcing again.
            item.overtime_fired = false;
        }
    } else if (event.type == "agenda/replanned") {
        const Value* list = data.find("items");
        if (list != nullptr && list->is_array()) {
            for (const auto& entry : list->as_array()) {
                if (const auto index = index_of(entry.string_or("id", ""))) {
                    m_items[*index].plan.planned_seconds = static_cast<int>(entry.int_or("planned_seconds", 0));
                }
            }
        }
    }
}

void AgendaClock::shift(std::int64_t paused_ms) {
    if (!m_current) {
        return;
    }
    ItemRecord& item = m_items[*m_current];
    item.run_paused_ms += paused_ms;
    if (item.deadline_ms) {
        *item.deadline_ms += paused_ms;
    }
}

Schedule AgendaClock::schedule(std::int64_t now, std::int64_t effective_now) const {
    Schedule s;
    s.started = started();
    s.ended = ended();
    if (!s.started) {
        s.planned_end_ms = now + planned_total_seconds() * 1000;
        s.projected_end_ms = s.planned_end_ms;
        return s;
    }
    s.planned_end_ms = m_planned_end_ms;
    if (s.ended) {
        s.projected_end_ms = *m_ended_at;
    } else {
        std::int64_t remaining_ms = 0;
        for (size_t i = 0; i < m_items.size(); ++i) {
            const ItemRecord& item = m_items[i];
            if (m_current == i) {
                const std::int64_t left = item.timebox_seconds() * std::int64_t{1000} - elapsed_ms(item, effective_now);
                remaining_ms += std::max<std::int64_t>(0, left);
            } else if (item.status == ItemStatus::Pending) {
                remaining_ms += item.plan.planned_seconds * std::int64_t{1000};
            }
        }
        s.projected_end_ms = now + remaining_ms;
    }
    s.late_by_seconds = (s.projected_end_ms - s.planned_end_ms) / 1000;
    return s;
}

std::vector<int> shrink_to_fit(const std::vector<int>& planned, std::int64_t available, int minimum) {
    const size_t n = planned.size();
    std::vector<int> floors(n);
    for (size_t i = 0; i < n; ++i) {
        floors[i] = std::min(planned[i], minimum);
    }
    const std::int64_t floor_sum = std::accumulate(floors.begin(), floors.end(), std::int64_t{0});
    const std::int64_t planned_sum = std::accumulate(planned.begin(), planned.end(), std::int64_t{0});
    if (planned_sum <= available) {
        return planned;
    }
    if (floor_sum >= available) {
        return floors;
    }
    // Water-filling: items whose proportional share falls under their floor are fixed
    // at the floor, and the rest share what is left in proportion to their plan.
    std::vector<bool> fixed(n, false);
    std::vector<double> share(n, 0.0);
    while (true) {
        std::int64_t budget = available;
        std::int64_t free_sum = 0;
        for (size_t i = 0; i < n; ++i) {
            if (fixed[i]) {
                budget -= floors[i];
            } else {
                free_sum += planned[i];
            }
        }
        if (free_sum == 0) {
            break;
        }
        const double factor = static_cast<double>(budget) / static_cast<double>(free_sum);
        bool changed = false;
        for (size_t i = 0; i < n; ++i) {
            if (fixed[i]) {
                share[i] = floors[i];
                continue;
            }
            share[i] = planned[i] * factor;
            if (share[i] < floors[i]) {
                fixed[i] = true;
                changed = true;
            }
        }
        if (!changed) {
            break;
        }
    }
    // Whole seconds that add up exactly: floor each share, then hand the remaining
    // seconds to the largest fractions (earlier items first on ties).
    std::vector<int> out(n);
    std::int64_t sum = 0;
    for (size_t i = 0; i < n; ++i) {
        out[i] = fixed[i] ? floors[i] : static_cast<int>(std::floor(share[i]));
        sum += out[i];
    }
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return share[a] - std::floor(share[a]) > share[b] - std::floor(share[b]);
    });
    for (size_t k = 0; sum < available && k < n; ++k) {
        const size_t i = order[k];
        if (!fixed[i] && out[i] < planned[i]) {
            ++out[i];
            ++sum;
        }
    }
    return out;
}

ReplanProposal AgendaClock::replan(std::int64_t now, std::int64_t effective_now, int minimum_seconds) const {
    ReplanProposal proposal;
    std::int64_t current_left_ms = 0;
    std::vector<int> planned;
    for (size_t i = 0; i < m_items.size(); ++i) {
        const ItemRecord& item = m_items[i];
        if (m_current == i) {
            current_left_ms = std::max<std::int64_t>(0, item.timebox_seconds() * std::int64_t{1000} -
                                                            elapsed_ms(item, effective_now));
        } else if (item.status == ItemStatus::Pending) {
            proposal.items.push_back({item.plan.id, item.plan.title, item.plan.planned_seconds, 0});
            planned.push_back(item.plan.planned_seconds);
        }
    }
    const std::int64_t end = started() ? m_planned_end_ms : now + planned_total_seconds() * 1000;
    proposal.available_seconds = std::max<std::int64_t>(0, (end - now - current_left_ms) / 1000);
    const std::int64_t planned_sum = std::accumulate(planned.begin(), planned.end(), std::int64_t{0});
    proposal.needed = planned_sum > proposal.available_seconds;
    const std::vector<int> proposed = shrink_to_fit(planned, proposal.available_seconds, minimum_seconds);
    std::int64_t proposed_sum = 0;
    for (size_t i = 0; i < proposal.items.size(); ++i) {
        proposal.items[i].proposed_seconds = proposed[i];
        proposed_sum += proposed[i];
    }
    proposal.feasible = !proposal.needed || proposed_sum == proposal.available_seconds;
    return proposal;
}

namespace {

std::string format_length(std::int64_t minutes, Language lang) {
    char buffer[48];
    if (minutes < 60) {
        std::snprintf(buffer, sizeof buffer, "%lld min", static_cast<long long>(minutes));
    } else if (lang == Language::French) {
        std::snprintf(buffer, sizeof buffer, "%lld h %02lld", static_cast<long long>(minutes / 60),
                      static_cast<long long>(minutes % 60));
    } else {
        std::snprintf(buffer, sizeof buffer, "%lld h %lld min", static_cast<long long>(minutes / 60),
                      static_cast<long long>(minutes % 60));
    }
    return buffer;
}

std::string format_clock(std::int64_t ms, Language lang, int utc_offset_minutes) {
    // Round to the nearest minute, with floor division so times before 1970 stay right.
    const std::int64_t local_ms = ms + std::int64_t{utc_offset_minutes} * 60000 + 30000;
    std::int64_t minutes = local_ms / 60000 - (local_ms % 60000 < 0 ? 1 : 0);
    minutes = ((minutes % 1440) + 1440) % 1440;
    const int hour = static_cast<int>(minutes / 60);
    const int minute = static_cast<int>(minutes % 60);
    char buffer[32];
    if (lang == Language::French) {
        std::snprintf(buffer, sizeof buffer, "%d h %02d", hour, minute);
    } else {
        const int h12 = hour % 12 == 0 ? 12 : hour % 12;
        std::snprintf(buffer, sizeof buffer, "%d:%02d %s", h12, minute, hour < 12 ? "am" : "pm");
    }
    return buffer;
}

} // namespace

std::string format_schedule(const Schedule& schedule, Language lang, int utc_offset_minutes) {
    const std::string end = format_clock(schedule.projected_end_ms, lang, utc_offset_minutes);
    const auto minutes = static_cast<std::int64_t>(std::llround(static_cast<double>(schedule.late_by_seconds) / 60.0));
    if (minutes > 0) {
        return say(lang, "late_by", {format_length(minutes, lang), end});
    }
    if (minutes < 0) {
        return say(lang, "ahead_by", {format_length(-minutes, lang), end});
    }
    return say(lang, "on_time", {end});
}

namespace {

void flatten_into(const std::vector<AgendaItem>& items, std::vector<PlannedItem>& out) {
    for (const auto& item : items) {
        if (!item.children.empty()) {
            flatten_into(item.children, out);
            continue;
        }
        PlannedItem planned;
        planned.id = item.number.empty() ? std::to_string(out.size() + 1) : item.number;
        planned.title = item.title;
        planned.planned_seconds = item.duration_seconds.value_or(0);
        out.push_back(std::move(planned));
    }
}

} // namespace

std::vector<PlannedItem> flatten_agenda(const std::vector<AgendaItem>& agenda) {
    std::vector<PlannedItem> out;
    flatten_into(agenda, out);
    // Written numbers can repeat ("1." twice in pasted minutes): ids must not.
    for (size_t i = 0; i < out.size(); ++i) {
        for (size_t j = 0; j < i; ++j) {
            if (out[j].id == out[i].id) {
                out[i].id = std::to_string(i + 1) + "#" + out[i].id;
                break;
            }
        }
    }
    return out;
}

} // namespace quorum::live
