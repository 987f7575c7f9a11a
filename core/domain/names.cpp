#include "domain/names.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <list>
#include <mutex>

namespace quorum {

namespace {

std::string without_spaces(std::string s) {
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    return s;
}

// Strips "@", a parenthesised affiliation and the "Dr." kind of title.
std::string clean_written(std::string_view written) {
    std::string raw = text::trim_copy(written);
    if (!raw.empty() && raw.front() == '@') {
        raw.erase(0, 1);
    }
    if (size_t paren = raw.find('('); paren != std::string::npos && paren > 0) {
        raw = text::trim_copy(std::string_view(raw).substr(0, paren));
    }
    return raw;
}

} // namespace

NameIndex::NameIndex(const std::vector<Participant>& participants) {
    for (const Participant& participant : participants) {
        add(participant.name);
    }
}

void NameIndex::add(const std::string& name) {
    const size_t i = m_names.size();
    m_names.push_back(name);
    std::string key = text::fold_key(name);
    if (key.empty()) {
        return;
    }
    std::vector<std::string> words = text::split(key, ' ');
    words.erase(std::remove(words.begin(), words.end(), std::string()), words.end());
    std::vector<std::string> forms = {"full:" + key, "compact:" + without_spaces(key)};
    if (!words.empty()) {
        forms.push_back("first:" + words.front());
    }
    if (words.size() > 1) {
        forms.push_back("last:" + words.back());
        forms.push_back("initial:" + words.front().substr(0, 1) + words.back());
        // A compound first name said alone: "Anne-Sophie" of "Anne-Sophie Hulin".
        forms.push_back("first:" + words[0] + " " + words[1]);
    }
    for (const std::string& form : forms) {
        auto& list = m_keys[form];
        if (list.empty() || list.back() != i) { // names are added in order: a repeat is the last one
            list.push_back(i);
        }
    }
}

std::shared_ptr<const NameIndex> NameIndex::shared(const std::vector<Participant>& participants) {
    // Only the names go into an index: they are its key, in order.
    std::string key;
    for (const Participant& participant : participants) {
        key += participant.name;
        key += '\0';
    }
    static std::mutex mutex;
    static std::list<std::pair<std::string, std::shared_ptr<const NameIndex>>> recent; // most recent first
    constexpr size_t k_kept = 16;
    {
        std::lock_guard lock(mutex);
        for (auto it = recent.begin(); it != recent.end(); ++it) {
            if (it->first == key) {
                recent.splice(recent.begin(), recent, it);
                return recent.front().second;
            }
        }
    }
    auto index = std::make_shared<const NameIndex>(participants);
    std::lock_guard lock(mutex);
    recent.emplace_front(std::move(key), index);
    if (recent.size() > k_kept) {
        recent.pop_back();
    }
    return index;
}

std::string NameIndex::match(std::string_view written) const {
    std::string key = text::fold_key(clean_written(written));
    if (key.empty()) {
        return {};
    }
    std::string compact = without_spaces(key);
    // "J Leblanc" (from "J. Leblanc") → initial form.
    std::string initial_form;
    if (size_t space = key.find(' '); space == 1) {
        initial_form = key.substr(0, 1) + without_spaces(key.substr(2));
    }
    const std::string attempts[] = {
        "full:" + key,        "compact:" + compact,
        "initial:" + compact, initial_form.empty() ? std::string() : "initial:" + initial_form,
        "first:" + key,       "last:" + key};
    for (const std::string& attempt : attempts) {
        if (attempt.empty()) {
            continue;
        }
        auto found = m_keys.find(attempt);
        if (found == m_keys.end()) {
            continue;
        }
        if (found->second.size() == 1) {
            return m_names[found->second.front()];
        }
        // An exact full name shared by two entries is still that person; anything
        // else shared is ambiguous, and a guess would put work on the wrong desk.
        if (attempt.starts_with("full:")) {
            return m_names[found->second.front()];
        }
        return {};
    }
    return {};
}

std::string match_participant(std::string_view written, const std::vector<Participant>& participants) {
    return NameIndex(participants).match(written);
}

} // namespace quorum
