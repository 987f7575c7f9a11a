#include "interop/irc.hpp"

#include "domain/names.hpp"
#include "interop/csv.hpp"
#include "util/datetime.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

namespace quorum::interop {

namespace {

constexpr std::string_view k_plugin = "import-log";

struct LogLine {
    int number = 0;
    std::string time; // "09:30" when the log has times
    std::string nick; // empty for a bare line
    std::string text;
};

bool is_digit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// "09:30:12" or "09:30" at the start of `s`; returns its length.
size_t clock_at(std::string_view s, std::string& hhmm) {
    if (s.size() >= 5 && is_digit(s[0]) && is_digit(s[1]) && s[2] == ':' && is_digit(s[3]) && is_digit(s[4])) {
        hhmm = std::string(s.substr(0, 5));
        if (s.size() >= 8 && s[5] == ':' && is_digit(s[6]) && is_digit(s[7])) {
            return 8;
        }
        return 5;
    }
    if (s.size() >= 4 && is_digit(s[0]) && s[1] == ':' && is_digit(s[2]) && is_digit(s[3])) {
        hhmm = "0" + std::string(s.substr(0, 4));
        return s.size() >= 7 && s[4] == ':' ? 7 : 4;
    }
    return 0;
}

// Zakim's speaker queue and lines addressed to the bots: "q+", "q+ to ask about X",
// "q-", "q?", "ack alice", "zakim, close the queue", "rrsagent, make minutes".
// The minutes keep what people said, not how they queued for it.
bool is_queue_machinery(std::string_view t) {
    const std::string lowered = text::to_lower(t.substr(0, std::min<size_t>(t.size(), 64)));
    size_t space = lowered.find(' ');
    std::string_view first = std::string_view(lowered).substr(0, space);
    if (first == "q+" || first == "q-" || first == "q?" || first == "qq+" || first == "+q" || first == "-q") {
        return true;
    }
    // "ack alice", never "ack, that one is wrong".
    if (first == "ack" && (space == std::string::npos || lowered.find(' ', space + 1) == std::string::npos)) {
        return true;
    }
    for (std::string_view bot : {"zakim", "rrsagent", "trackbot", "agendabot", "meetbot"}) {
        if (lowered.starts_with(bot) && lowered.size() > bot.size() &&
            (lowered[bot.size()] == ',' || lowered[bot.size()] == ':')) {
            return true;
        }
    }
    return false;
}

// Splits one physical line into time, nick and text; nothing for lines that
// are not speech (joins, parts, modes, /me).
std::optional<LogLine> split_line(std::string_view raw, int number) {
    LogLine line;
    line.number = number;
    std::string_view s = text::trim(raw);
    if (s.empty()) {
        return std::nullopt;
    }
    // A leading date (Matrix and some loggers): "2021-03-10 09:30:12 <nick>".
    if (s.size() > 11 && is_digit(s[0]) && s[4] == '-' && s[7] == '-' && (s[10] == ' ' || s[10] == 'T')) {
        s = text::trim(s.substr(11));
    }
    bool bracket = !s.empty() && s.front() == '[';
    std::string_view rest = bracket ? s.substr(1) : s;
    if (size_t used = clock_at(rest, line.time); used > 0) {
        rest = rest.substr(used);
        if (bracket) {
            if (rest.empty() || rest.front() != ']') {
                rest = s; // not a time after all
                line.time.clear();
            } else {
                rest = rest.substr(1);
            }
        }
        s = text::trim(rest);
    }
    if (s.starts_with("-!-") || s.starts_with("***") || s.starts_with("* ") || s.starts_with("--") ||
        s.starts_with("<--") || s.starts_with("-->")) {
        return std::nullopt;
    }
    if (!s.empty() && s.front() == '<') {
        size_t close = s.find('>');
        if (close != std::string_view::npos && close > 1 && close < 64) {
            std::string nick(text::trim(s.substr(1, close - 1)));
            // Mode prefixes: <@chair>, <+voice>.
            while (!nick.empty() && (nick.front() == '@' || nick.front() == '+' || nick.front() == '%')) {
                nick.erase(nick.begin());
            }
            line.nick = nick;
            s = text::trim(s.substr(close + 1));
        }
    }
    line.text = std::string(s);
    if (line.text.empty()) {
        return std::nullopt;
    }
    return line;
}

std::vector<std::string> split_names(std::string_view list) {
    std::vector<std::string> names;
    std::string current;
    for (char c : list) {
        if (c == ',' || c == ';') {
            if (!text::trim(current).empty()) {
                names.push_back(text::trim_copy(current));
            }
            current.clear();
        } else {
            current += c;
        }
    }
    if (!text::trim(current).empty()) {
        names.push_back(text::trim_copy(current));
    }
    return names;
}

// "Label: value" with a label from `labels` (ASCII case-insensitive).
std::optional<std::string> labelled(std::string_view line, std::initializer_list<std::string_view> labels) {
    for (std::string_view label : labels) {
        if (line.size() > label.size() && text::starts_with_ci(line, label)) {
            std::string_view rest = line.substr(label.size());
            size_t spaces = 0;
            while (spaces < rest.size() && rest[spaces] == ' ') {
                ++spaces;
            }
            if (spaces < rest.size() && rest[spaces] == ':') {
                return text::trim_copy(rest.substr(spaces + 1));
            }
        }
    }
    return std::nullopt;
}

// "Alice: text" / "Dan Okoro: text": up to three words, no digits or URL.
std::optional<std::pair<std::string, std::string>> speaker_line(std::string_view line) {
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 40 || colon + 1 >= line.size() ||
        line[colon + 1] != ' ') {
        return std::nullopt;
    }
    std::string_view name = text::trim(line.substr(0, colon));
    if (name.empty() || std::count(name.begin(), name.end(), ' ') > 2 ||
        std::any_of(name.begin(), name.end(), [](char c) { return is_digit(c) || c == '/' || c == '<'; })) {
        return std::nullopt;
    }
    if (!std::isalpha(static_cast<unsigned char>(name[0])) && static_cast<unsigned char>(name[0]) < 0x80) {
        return std::nullopt;
    }
    // Labels scribes write that are not people.
    static const std::set<std::string> k_labels = {"note",  "notes", "proposed", "proposal", "summary", "question",
                                                   "issue", "q",     "fyi",      "http",     "https",   "pr"};
    if (k_labels.contains(text::fold_key(name))) {
        return std::nullopt;
    }
    return std::pair{std::string(name), text::trim_copy(line.substr(colon + 1))};
}

// An owner before " to ", ":", " - " or " — " at the start of an action's text.
std::pair<std::string, std::string> split_owner(std::string_view text) {
    auto short_name = [](std::string_view name) {
        return !name.empty() && name.size() < 50 && std::count(name.begin(), name.end(), ' ') <= 3 &&
               std::none_of(name.begin(), name.end(), is_digit);
    };
    for (std::string_view separator : {": ", " — ", " - ", " – "}) {
        size_t at = text.find(separator);
        if (at != std::string_view::npos && short_name(text::trim(text.substr(0, at)))) {
            return {text::trim_copy(text.substr(0, at)), text::trim_copy(text.substr(at + separator.size()))};
        }
    }
    size_t to = text.find(" to ");
    if (to != std::string_view::npos && short_name(text::trim(text.substr(0, to)))) {
        // "Alice to send the draft": the action is "send the draft".
        return {text::trim_copy(text.substr(0, to)), text::trim_copy(text.substr(to + 4))};
    }
    return {std::string(), std::string(text)};
}

class LogReader {
public:
    LogMeeting read(const std::string& text) {
        std::vector<std::string> physical = text::split(text, '\n');
        std::vector<LogLine> lines;
        for (size_t i = 0; i < physical.size(); ++i) {
            if (auto line = split_line(physical[i], static_cast<int>(i + 1))) {
                lines.push_back(std::move(*line));
            }
        }
        apply_corrections(lines);
        for (const LogLine& line : lines) {
            if (!line.time.empty()) {
                if (m_meeting.start.empty()) {
                    m_meeting.start = line.time;
                }
                m_meeting.end = line.time;
            }
            handle(line);
        }
        finish();
        LogMeeting result;
        result.meeting = std::move(m_meeting);
        for (size_t i = 0; i < m_topic_notes.size(); ++i) {
            if (!m_topic_notes[i].empty()) {
                result.notes.push_back(LogNote{i, m_topic_notes[i]});
            }
        }
        return result;
    }

private:
    // s/old/new/ lines rewrite the most recent earlier line holding `old` (the
    // scribe's own lines), or every earlier line with a trailing g; the
    // correction line itself disappears.
    void apply_corrections(std::vector<LogLine>& lines) {
        std::vector<LogLine> kept;
        for (LogLine& line : lines) {
            const std::string& t = line.text;
            if (t.size() > 4 && t[0] == 's' && (t[1] == '/' || t[1] == '|')) {
                char d = t[1];
                size_t middle = t.find(d, 2);
                size_t end = middle == std::string::npos ? std::string::npos : t.find(d, middle + 1);
                if (middle != std::string::npos && middle > 2) {
                    std::string from = t.substr(2, middle - 2);
                    std::string to =
                        end == std::string::npos ? t.substr(middle + 1) : t.substr(middle + 1, end - middle - 1);
                    std::string flags = end == std::string::npos ? std::string() : text::trim_copy(t.substr(end + 1));
                    bool global = flags == "g" || flags == "G";
                    for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
                        size_t at = it->text.find(from);
                        if (at == std::string::npos) {
                            continue;
                        }
                        if (global) {
                            while (at != std::string::npos) {
                                it->text.replace(at, from.size(), to);
                                at = it->text.find(from, at + to.size());
                            }
                            continue;
                        }
                        it->text.replace(at, from.size(), to);
                        break;
                    }
                    continue;
                }
            }
            kept.push_back(std::move(line));
        }
        lines = std::move(kept);
    }

    // The participant a name refers to, added when new. Constant time per name
    // (an index kept as people are met), so a log's long "Regrets:" or
    // "present+" line of thousands of names reads in linear time.
    Participant& person(const std::string& name) {
        std::string key = text::fold_key(name);
        if (auto found = m_by_key.find(key); found != m_by_key.end()) {
            return m_meeting.participants[found->second];
        }
        // A nick or first name already known under a fuller name.
        if (std::string matched = m_people.match(name); !matched.empty()) {
            if (auto found = m_by_name.find(matched); found != m_by_name.end()) {
                return m_meeting.participants[found->second];
            }
        }
        Participant added;
        added.name = name;
        added.line = m_line;
        const size_t at = m_meeting.participants.size();
        m_meeting.participants.push_back(std::move(added));
        m_by_key.emplace(std::move(key), at);
        m_by_name.emplace(name, at);
        m_people.add(name);
        return m_meeting.participants.back();
    }

    void add_role(const std::string& name, const char* role) {
        Participant& who = person(name);
        if (std::find(who.roles.begin(), who.roles.end(), role) == who.roles.end()) {
            who.roles.push_back(role);
        }
    }

    void open_topic(const std::string& title) {
        close_section();
        AgendaItem item;
        item.number = std::to_string(m_meeting.agenda.size() + 1);
        item.title = title;
        item.line = m_line;
        m_meeting.agenda.push_back(std::move(item));
        m_topic_notes.emplace_back();
        Section section;
        section.title = title;
        section.agenda_index = m_meeting.agenda.size() - 1;
        section.first_line = m_line;
        section.last_line = m_line;
        m_meeting.sections.push_back(std::move(section));
        m_in_section = true;
    }

    void close_section() { m_in_section = false; }

    Source source() const {
        Source where;
        where.line = m_line;
        if (!m_meeting.sections.empty() && m_in_section) {
            where.section = m_meeting.sections.back().title;
        }
        return where;
    }

    void note(const std::string& speaker, const std::string& said, bool continuation) {
        if (!m_in_section) {
            // Before the first topic: greetings and roll call, kept only when
            // the log never names a topic (then they are the whole meeting).
            m_preamble.emplace_back(m_line, speaker, said, continuation);
            return;
        }
        Section& section = m_meeting.sections.back();
        section.last_line = m_line;
        std::string& notes = m_topic_notes.back();
        if (continuation && !notes.empty() && notes.back() == '\n') {
            notes.pop_back();
            notes += " " + said + "\n";
        } else {
            notes += (speaker.empty() ? said : speaker + ": " + said) + "\n";
        }
        if (!speaker.empty()) {
            std::string name = person(speaker).name;
            if (std::find(section.speakers.begin(), section.speakers.end(), name) == section.speakers.end()) {
                section.speakers.push_back(name);
            }
        }
        if (section.excerpt.size() < 200) {
            section.excerpt = text::excerpt(section.excerpt.empty() ? said : section.excerpt + " " + said, 280);
        }
        m_spoken += said + "\n";
    }

    void add_action(std::string owner, std::string what, std::string due, const char* rule) {
        ActionItem action;
        action.owner_as_written = owner;
        action.owner = owner;
        action.text = what;
        action.due_text = due;
        action.rule = rule;
        action.plugin = std::string(k_plugin);
        action.source = source();
        m_actions.push_back(std::move(action));
        if (m_in_section) {
            m_meeting.sections.back().last_line = m_line;
            m_topic_notes.back() += "ACTION: " + (owner.empty() ? what : owner + " — " + what) + "\n";
        }
    }

    void add_decision(const std::string& what, const char* rule) {
        Decision decision;
        decision.text = what;
        decision.rule = rule;
        decision.plugin = std::string(k_plugin);
        decision.source = source();
        m_meeting.decisions.push_back(std::move(decision));
        if (m_in_section) {
            m_meeting.sections.back().last_line = m_line;
            m_topic_notes.back() += "RESOLVED: " + what + "\n";
        }
    }

    void add_resource(const std::string& rest) {
        std::string_view r = text::trim(rest);
        size_t space = r.find(' ');
        Resource resource;
        resource.url = std::string(space == std::string_view::npos ? r : r.substr(0, space));
        resource.title = space == std::string_view::npos ? std::string() : text::trim_copy(r.substr(space + 1));
        if (!resource.url.starts_with("http://") && !resource.url.starts_with("https://")) {
            resource.title = std::string(r);
            resource.url.clear();
            resource.missing_url = true;
        }
        resource.kind = "link";
        resource.plugin = std::string(k_plugin);
        resource.mentions.push_back(source());
        m_meeting.resources.push_back(std::move(resource));
    }

    // trackbot: "Created ACTION-12 - Send the draft [on Alice Martin - due 2021-03-17]."
    bool trackbot(const std::string& t) {
        size_t at = t.find("Created ACTION-");
        if (at == std::string::npos) {
            return false;
        }
        size_t dash = t.find(" - ", at);
        size_t open = t.rfind("[on ");
        if (dash == std::string::npos || open == std::string::npos || open < dash) {
            return false;
        }
        std::string what = text::trim_copy(std::string_view(t).substr(dash + 3, open - dash - 3));
        size_t close = t.find(']', open);
        std::string inside = t.substr(open + 4, close == std::string::npos ? std::string::npos : close - open - 4);
        std::string owner = inside, due;
        if (size_t due_at = inside.find(" - due "); due_at != std::string::npos) {
            owner = inside.substr(0, due_at);
            due = text::trim_copy(std::string_view(inside).substr(due_at + 7));
        }
        add_action(text::trim_copy(owner), what, due, "w3c:trackbot");
        return true;
    }

    bool meetbot(const LogLine& line) {
        const std::string& t = line.text;
        if (t.empty() || t[0] != '#') {
            return false;
        }
        size_t space = t.find(' ');
        std::string command = text::to_lower(t.substr(0, space));
        std::string rest = space == std::string::npos ? std::string() : text::trim_copy(t.substr(space + 1));
        if (command == "#startmeeting") {
            m_meetbot = true;
            if (!rest.empty()) {
                m_meeting.title = rest;
            }
            if (!line.nick.empty()) {
                add_role(line.nick, "facilitator");
            }
        } else if (command == "#endmeeting") {
            close_section();
            m_ended = true;
        } else if (command == "#topic") {
            open_topic(rest);
        } else if (command == "#chair") {
            for (const std::string& name : split_names(rest.find(',') == std::string::npos
                                                           ? [&] {
                                                                 std::string commas = rest;
                                                                 std::replace(commas.begin(), commas.end(), ' ', ',');
                                                                 return commas;
                                                             }()
                                                           : rest)) {
                add_role(name, "facilitator");
            }
        } else if (command == "#info") {
            note(line.nick, rest, false);
        } else if (command == "#action") {
            // The first word is the owner when it names someone of the meeting.
            size_t word_end = rest.find(' ');
            std::string first = rest.substr(0, word_end);
            std::string owner;
            if (!first.empty() && word_end != std::string::npos && !m_people.match(first).empty()) {
                owner = first;
            }
            add_action(owner, owner.empty() ? rest : text::trim_copy(rest.substr(word_end)), "", "meetbot:#action");
        } else if (command == "#agreed" || command == "#accepted" || command == "#agree") {
            add_decision(rest, "meetbot:#agreed");
        } else if (command == "#link") {
            add_resource(rest);
        } else if (command == "#idea") {
            Suggestion suggestion;
            suggestion.kind = "action";
            suggestion.text = rest;
            suggestion.speaker = line.nick.empty() ? std::string() : person(line.nick).name;
            suggestion.rule = "meetbot:#idea";
            suggestion.plugin = std::string(k_plugin);
            suggestion.source = source();
            m_meeting.suggestions.push_back(std::move(suggestion));
        } else {
            return false;
        }
        return true;
    }

    void handle(const LogLine& line) {
        m_line = line.number;
        const std::string& t = line.text;
        if (m_ended) {
            return;
        }
        if (!line.nick.empty() && !m_meetbot) {
            // Everyone who speaks on the channel is there.
            m_nicks.insert(line.nick);
        }
        if (meetbot(line)) {
            return;
        }
        if (m_meetbot && !line.nick.empty()) {
            person(line.nick);
        }
        if (trackbot(t)) {
            return;
        }
        if (auto value = labelled(t, {"Meeting"})) {
            m_meeting.title = *value;
            return;
        }
        if (auto value = labelled(t, {"Date"})) {
            if (auto date = datetime::find_date(*value, text::Language::English)) {
                m_meeting.date = date->iso();
            }
            return;
        }
        if (auto value = labelled(t, {"Chair", "Chairs"})) {
            for (const std::string& name : split_names(*value)) {
                add_role(name, "facilitator");
            }
            return;
        }
        if (auto value = labelled(t, {"ScribeNick", "Scribe"})) {
            for (const std::string& name : split_names(*value)) {
                add_role(name, "note-taker");
                m_scribes.insert(text::fold_key(name));
            }
            return;
        }
        if (auto value = labelled(t, {"Present"})) {
            for (const std::string& name : split_names(*value)) {
                person(name).status = AttendanceStatus::Present;
            }
            return;
        }
        if (auto value = labelled(t, {"Regrets"})) {
            for (const std::string& name : split_names(*value)) {
                person(name).status = AttendanceStatus::Excused;
            }
            return;
        }
        if (auto value = labelled(t, {"Agenda"})) {
            if (value->starts_with("http")) {
                add_resource(*value + " Agenda");
            }
            return;
        }
        if (auto value = labelled(t, {"Topic", "Subtopic"})) {
            open_topic(*value);
            return;
        }
        for (auto [prefix, status] :
             {std::pair{"present+", AttendanceStatus::Present}, std::pair{"regrets+", AttendanceStatus::Excused}}) {
            if (text::starts_with_ci(t, prefix)) {
                std::vector<std::string> names = split_names(t.substr(std::string_view(prefix).size()));
                if (names.empty() && !line.nick.empty()) {
                    names.push_back(line.nick);
                }
                for (const std::string& name : names) {
                    person(name).status = status;
                }
                return;
            }
        }
        if (text::starts_with_ci(t, "present-") || text::starts_with_ci(t, "regrets-")) {
            return; // leaving the list does not erase a presence already recorded
        }
        if (auto value = labelled(t, {"ACTION"})) {
            auto [owner, what] = split_owner(*value);
            add_action(owner, what, "", "w3c:action");
            return;
        }
        if (auto value = labelled(t, {"RESOLUTION", "RESOLVED"})) {
            add_decision(*value, "w3c:resolution");
            return;
        }
        if (t.starts_with("->")) {
            add_resource(t.substr(2));
            return;
        }
        // Bots and the IRC machinery do not speak in the minutes.
        std::string nick_key = text::fold_key(line.nick);
        if (nick_key == "rrsagent" || nick_key == "zakim" || nick_key == "trackbot" || nick_key == "meetbot" ||
            nick_key == "github bot" || nick_key == "agendabot" || is_queue_machinery(t)) {
            return;
        }
        bool by_scribe = line.nick.empty() || m_scribes.contains(nick_key);
        if (t.starts_with("...") || t.starts_with("…")) {
            std::string rest = text::trim_copy(t.substr(t.starts_with("...") ? 3 : 3));
            note(m_last_speaker, rest, true);
            return;
        }
        // Until a scribe is named, anyone may scribe ("Bob: …" by alice is Bob speaking).
        if ((by_scribe || m_scribes.empty()) && !m_meetbot) {
            if (auto spoken = speaker_line(t)) {
                m_last_speaker = person(spoken->first).name;
                note(m_last_speaker, spoken->second, false);
                return;
            }
        }
        if (by_scribe) {
            // The scribe's own words, without a speaker.
            m_last_speaker.clear();
            note("", t, false);
            return;
        }
        // Someone typing for themselves.
        m_last_speaker = line.nick.empty() ? std::string() : person(line.nick).name;
        note(m_last_speaker, t, false);
    }

    void finish() {
        if (m_meeting.agenda.empty() && !m_preamble.empty()) {
            int end_line = m_line;
            m_line = std::get<0>(m_preamble.front());
            open_topic("Discussion");
            for (const auto& [line, speaker, said, continuation] : m_preamble) {
                m_line = line;
                note(speaker, said, continuation);
            }
            m_line = end_line;
        }
        if (m_meeting.title.empty()) {
            m_meeting.title = "Meeting log";
        }
        // Action owners: the participant's full name when one matches.
        NameIndex index(m_meeting.participants);
        for (ActionItem& action : m_actions) {
            if (!action.owner.empty()) {
                if (std::string matched = index.match(action.owner); !matched.empty()) {
                    action.owner = matched;
                    action.owner_matched = true;
                }
            }
            if (!action.due_text.empty()) {
                if (auto due = datetime::resolve_due(action.due_text, std::nullopt, text::Language::English)) {
                    action.due = due->iso();
                }
            }
            m_meeting.action_items.push_back(std::move(action));
        }
        m_meeting.language = std::string(text::language_code(text::detect_language(m_spoken)));
        if (m_meeting.start == m_meeting.end) {
            m_meeting.end.clear();
        }
    }

    Meeting m_meeting;
    NameIndex m_people{std::vector<Participant>{}};         // m_meeting.participants' names
    std::unordered_map<std::string, size_t> m_by_key;      // folded name → participant
    std::unordered_map<std::string, size_t> m_by_name;     // name as recorded → participant
    std::vector<ActionItem> m_actions;
    std::vector<std::string> m_topic_notes;
    std::vector<std::tuple<int, std::string, std::string, bool>> m_preamble;
    std::set<std::string> m_scribes;
    std::set<std::string> m_nicks;
    std::string m_last_speaker;
    std::string m_spoken;
    int m_line = 0;
    bool m_in_section = false;
    bool m_meetbot = false;
    bool m_ended = false;
};

} // namespace

Expected<LogMeeting> read_log(std::string_view bytes) {
    if (bytes.find('\0') != std::string_view::npos) {
        return make_error("invalid", Phrase{"the log is binary, not text", "le journal est binaire, pas du texte"});
    }
    if (bytes.size() > (16u << 20)) {
        return make_error("too_large", Phrase{"the log is larger than 16 MiB", "le journal dépasse 16\u00a0Mio"});
    }
    DecodedText decoded = decode_text(bytes);
    LogReader reader;
    return reader.read(decoded.text);
}

} // namespace quorum::interop
