// The per-plugin key-value store (quorum.store_get/set/del): plugin state kept
// across restarts. Not meeting data, so outside the event log and its projections.

#include "store/store.hpp"

namespace quorum::store {

Expected<std::optional<std::string>> Store::plugin_value(const std::string& plugin, const std::string& key) {
    std::lock_guard lock(m_mutex);
    Query q = m_db->query("SELECT value FROM plugin_values WHERE plugin = ? AND key = ?");
    q->bind(1, plugin).bind(2, key);
    if (!q->step()) {
        return std::optional<std::string>();
    }
    return std::optional<std::string>(q->text(0));
}

Expected<bool> Store::set_plugin_value(const std::string& plugin, const std::string& key, const std::string& value) {
    std::lock_guard lock(m_mutex);
    m_db->query("INSERT INTO plugin_values (plugin, key, value) VALUES (?, ?, ?) "
                "ON CONFLICT (plugin, key) DO UPDATE SET value = excluded.value")
        ->bind(1, plugin)
        .bind(2, key)
        .bind(3, value)
        .run();
    return true;
}

Expected<bool> Store::delete_plugin_value(const std::string& plugin, const std::string& key) {
    std::lock_guard lock(m_mutex);
    Query exists = m_db->query("SELECT 1 FROM plugin_values WHERE plugin = ? AND key = ?");
    exists->bind(1, plugin).bind(2, key);
    bool found = exists->step();
    m_db->query("DELETE FROM plugin_values WHERE plugin = ? AND key = ?")->bind(1, plugin).bind(2, key).run();
    return found;
}

std::int64_t Store::plugin_value_bytes(const std::string& plugin) {
    std::lock_guard lock(m_mutex);
    Query q = m_db->query("SELECT COALESCE(SUM(length(CAST(key AS BLOB)) + length(CAST(value AS BLOB))), 0) "
                          "FROM plugin_values WHERE plugin = ?");
    q->bind(1, plugin);
    q->step();
    return q->integer(0);
}

} // namespace quorum::store
