// The agenda's titles cleaned of tags and times; without an agenda list, the agenda
// from timeboxed lists, topic headings or pseudo-headings.

#include "minutes/reader_state.hpp"

#include "util/datetime.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace quorum::minutes::detail {

// Titles of an explicit agenda lose their tags and commentary; a line that only
// points to the agenda's issue or document is not an item; a bulleted list whose
// every item only groups sub-items ("General items" / "Issue 4: cache bug") reports
// the sub-items. A block of logistics under "Agenda for …" is not an agenda.
void Reader::finish_explicit_agenda() {
    auto& kept = m_meeting.agenda;
    if (m_agenda_logistics * 2 >= static_cast<int>(kept.size())) {
        kept.clear();
        return;
    }
    bool groups = kept.size() >= 2;
    for (const AgendaItem& item : kept) {
        size_t words = std::count(item.title.begin(), item.title.end(), ' ') + 1;
        if (item.children.empty() || words > 4 || item.duration_seconds || !item.type.empty() ||
            std::any_of(item.title.begin(), item.title.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
            groups = false;
            break;
        }
    }
    if (groups) {
        for (const Line& line : m_lines) {
            if (line.number == kept.front().line) {
                groups = !line.ordered;
                break;
            }
        }
    }
    if (groups) {
        std::vector<AgendaItem> leaves;
        for (AgendaItem& item : kept) {
            for (AgendaItem& child : item.children) {
                if (!is_link_line(child.title) && !child.title.empty()) {
                    child.number = std::to_string(leaves.size() + 1);
                    leaves.push_back(std::move(child));
                }
            }
        }
        kept = std::move(leaves);
    }
}

bool Reader::is_logistics_label(std::string_view key) {
    return key_starts(key, {"where", "when", "date", "time", "location", "lieu", "heure", "quand", "ou", "dial in",
                            "dial", "call", "phone", "zoom", "link", "lien", "meeting id", "passcode",
                            "password", "room", "salle", "venue", "visio", "jitsi", "teams", "webex"});
}

// "Agenda issue: https://…", "https://…", "[Agenda doc](…)" alone.
bool Reader::is_link_line(std::string_view title) {
    std::string_view t = text::trim(title);
    if (t.starts_with("http://") || t.starts_with("https://")) {
        return t.find(' ') == std::string_view::npos;
    }
    size_t colon = t.find(": ");
    if (colon != std::string_view::npos && colon < 40) {
        std::string_view rest = text::trim(t.substr(colon + 2));
        if (!(rest.starts_with("http://") || rest.starts_with("https://")) || rest.find(' ') != std::string_view::npos) {
            return false;
        }
        // The label names the link itself: "Agenda issue", "Notes doc", "Slides".
        std::string key = text::fold_key(t.substr(0, colon));
        return key_contains(key, {"agenda", "issue", "link", "lien", "doc", "document", "notes", "minutes",
                                  "slides", "recording", "video", "zoom", "call", "meet", "pad", "hackmd",
                                  "thread", "discussion", "ordre du jour", "url"});
    }
    return false;
}

// "09h30 - Accueil", "11:00–11:05 Motions", "21:37 Close" → the words after the time.
std::string Reader::strip_leading_time(std::string_view title) {
    std::string_view t = text::trim(title);
    size_t i = 0;
    auto clock = [&](size_t& pos) {
        size_t start = pos;
        while (pos < t.size() && std::isdigit(static_cast<unsigned char>(t[pos]))) {
            ++pos;
        }
        if (pos == start || pos - start > 2 || pos >= t.size() || (t[pos] != ':' && t[pos] != 'h' && t[pos] != 'H')) {
            pos = start;
            return false;
        }
        ++pos;
        size_t minutes = pos;
        while (pos < t.size() && std::isdigit(static_cast<unsigned char>(t[pos]))) {
            ++pos;
        }
        if (t[minutes - 1] == ':' && pos - minutes != 2) {
            pos = start;
            return false;
        }
        return true;
    };
    if (!clock(i)) {
        return std::string(t);
    }
    size_t after = i;
    // A range: "11:00–11:05", "9h30 à 12h".
    for (std::string_view dash : {"\u2013", "\u2014", "-", " - ", " \u2013 ", " à ", " to "}) {
        if (t.substr(i).starts_with(dash)) {
            size_t j = i + dash.size();
            if (clock(j)) {
                after = j;
            }
            break;
        }
    }
    std::string_view rest = t.substr(after);
    // Skip a time zone or am/pm word glued to the time ("11:00-0800", " pm").
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '-' || rest.front() == ':' ||
                             std::isdigit(static_cast<unsigned char>(rest.front())))) {
        rest.remove_prefix(1);
    }
    for (std::string_view word : {"\u2013 ", "\u2014 ", "am ", "pm ", "AM ", "PM "}) {
        if (rest.starts_with(word)) {
            rest.remove_prefix(word.size());
        }
    }
    rest = text::trim(rest);
    return rest.empty() ? std::string(t) : std::string(rest);
}

// Tags that follow a title: "(10 min, Kim)", "(@ana - 2 minutes)", "(delivered by Bo)",
// "(Gabbro)"; an unclosed "(… 20 minutes" at the end counts too.
bool Reader::is_tag(std::string_view inside) {
    std::string_view t = text::trim(inside);
    if (t.empty()) {
        return false;
    }
    if (t.find('@') != std::string_view::npos || datetime::find_duration(t)) {
        return true;
    }
    std::string key = text::fold_key(t);
    for (std::string_view phrase : {"delivered by", "presented by", "presente par", "presentee par", "led by",
                                    "anime par", "if any", "s il y a lieu", "optional", "facultatif"}) {
        if (key.find(phrase) != std::string::npos) {
            return true;
        }
    }
    // One to three capitalised words: a presenter's name or nickname.
    std::vector<std::string> words;
    for (const std::string& word : text::split(std::string(t), ' ')) {
        if (!word.empty()) {
            words.push_back(word);
        }
    }
    if (words.empty() || words.size() > 3) {
        return false;
    }
    for (std::string word : words) {
        while (!word.empty() && (word.back() == ',' || word.back() == ';')) {
            word.pop_back();
        }
        if (!is_upper_initial(word) || word.size() < 2) {
            return false;
        }
    }
    return true;
}

// A status after the title: ", adopté à l'unanimité", " — approved", "(quorum not reached)".
bool Reader::is_status_tail(std::string_view tail) {
    std::string key = text::fold_key(tail);
    for (std::string_view word : {"adopte", "adoptee", "adoptes", "adoptees", "approuve", "approuvee", "approuves",
                                  "elu", "elue", "elus", "reelu", "reelue", "reelus", "rejete", "rejetee",
                                  "reporte", "reportee", "approved", "adopted", "carried", "rejected", "passed",
                                  "postponed", "deferred", "elected", "re elected", "done", "fait", "faite",
                                  "quorum", "no report", "pas de nouvelles"}) {
        if (key_starts(key, {word}) || key_contains(key, {word})) {
            return key.size() < 60;
        }
    }
    return false;
}

std::string Reader::clean_agenda_title(std::string title, bool from_list, AgendaItem& item) const {
    title = text::trim_copy(title);
    // Trailing tags, closed or left open at the end.
    for (int round = 0; round < 2 && !title.empty(); ++round) {
        size_t open = title.rfind('(');
        if (open == std::string::npos || open == 0) {
            break;
        }
        size_t close = title.find(')', open);
        if (close != std::string::npos && close + 1 != title.size()) {
            break;
        }
        std::string inside = title.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
        if (!is_tag(inside) && !is_status_tail(inside)) {
            break;
        }
        if (!item.duration_seconds) {
            if (auto duration = datetime::find_duration(inside)) {
                item.duration_seconds = duration;
            }
        }
        title = text::trim_copy(std::string_view(title).substr(0, open));
    }
    // ", adopté à l'unanimité", " - Ramos" (a presenter), ": the 5/2 notes were accepted on 6/6 …".
    for (std::string_view separator : {", ", " \u2014 ", " \u2013 ", " - ", " -- "}) {
        size_t pos = title.rfind(separator);
        if (pos == std::string::npos || pos == 0) {
            continue;
        }
        std::string_view tail = std::string_view(title).substr(pos + separator.size());
        bool presenter = separator != ", " && from_list && is_tag(tail) &&
                         std::count(tail.begin(), tail.end(), ' ') < 2;
        bool count = from_list && separator != ", " && !tail.empty() &&
                     std::all_of(tail.begin(), tail.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
        if (presenter || count || is_status_tail(tail)) {
            title = text::trim_copy(std::string_view(title).substr(0, pos));
            break;
        }
    }
    if (from_list) {
        size_t colon = title.find(": ");
        if (colon != std::string::npos && colon > 2) {
            std::string_view tail = text::trim(std::string_view(title).substr(colon + 2));
            size_t words = std::count(tail.begin(), tail.end(), ' ') + 1;
            bool url = tail.starts_with("http://") || tail.starts_with("https://");
            if (url || words >= 4 || is_status_tail(tail)) {
                title = text::trim_copy(std::string_view(title).substr(0, colon));
            }
        }
    }
    while (!title.empty() && (title.back() == ':' || title.back() == ';' || title.back() == '-' ||
                              title.back() == ',' || title.back() == '.' || title.back() == ' ')) {
        title.pop_back();
    }
    if (title.ends_with("\u2026")) {
        title = text::trim_copy(std::string_view(title).substr(0, title.size() - 3));
    }
    return title;
}

// Headings that are not topics of the meeting: attendance, the agenda itself, actions,
// decisions, summaries, links, annexes, the next meeting, thanks, transcripts.
bool Reader::is_boilerplate_heading(std::string_view key) {
    if (key.empty() || attendance_label(key) != ListKind::None) {
        return true;
    }
    for (std::string_view word :
         {"actions", "taches", "votes", "links", "liens", "resources", "ressources", "references", "annexe",
          "annexes", "appendix", "appendices", "attachments", "thanks", "merci", "chat", "comments",
          "commentaires", "announcements", "annonces", "roles", "credentials", "minutes", "notes", "meeting notes",
          "compte rendu", "proces verbal", "discussion", "discussions", "details", "topics", "key topics",
          "deroulement", "table of contents", "sommaire", "contents", "documents", "tl dr", "tldr", "synthese",
          "resume", "summary", "questions diverses et imprevus"}) {
        if (key == word) {
            return true;
        }
    }
    return key_starts(key, {"agenda", "ordre du jour", "action items", "action item", "action points",
                            "actions a prevoir", "actions a mener", "a faire", "to do", "todo", "todos",
                            "next steps", "prochaines etapes", "suivi des actions", "review of action items",
                            "decisions", "resolutions", "les votes", "resultats des votes", "vote results",
                            "en resume", "short version", "useful links", "liens utiles", "important links",
                            "pieces jointes", "next meeting", "prochaine reunion", "prochaine rencontre",
                            "date of next meeting", "donm", "next call", "remerciements", "acknowledgements",
                            "transcript", "recording", "enregistrement", "moderator checklist"});
}

// Headings whose sub-headings are the topics: "Minutes", "Notes", "Compte rendu", "Topics".
bool Reader::is_container_heading(std::string_view key) {
    return key == "minutes" || key == "notes" || key == "meeting notes" || key == "compte rendu" ||
           key == "proces verbal" || key == "discussion" || key == "discussions" || key == "details" ||
           key == "topics" || key == "key topics" || key == "deroulement" || key == "notes de reunion" ||
           key == "sujets" || key == "points abordes";
}

// A list whose items carry timeboxes ("Budget (10 min - Ana)") is the prepared agenda,
// even under no agenda heading: its items at that depth, to the end of the list.
bool Reader::read_timeboxed_agenda() {
    std::array<int, 8> counts{};
    std::array<size_t, 8> first{};
    for (size_t i = 0; i < m_lines.size(); ++i) {
        const Line& line = m_lines[i];
        if (!line.is_item || line.depth <= 0 || line.depth >= 8 || line.text.empty() || line.text.size() > 300 ||
            line.text.back() != ')') {
            continue;
        }
        size_t open = line.text.rfind('(');
        if (open == std::string::npos) {
            continue;
        }
        std::string inside = line.text.substr(open + 1, line.text.size() - open - 2);
        std::string head = inside.substr(0, std::min(inside.find(" - "), inside.find(',')));
        if (datetime::find_duration(head)) {
            if (counts[line.depth]++ == 0) {
                first[line.depth] = i;
            }
        }
    }
    int depth = 0;
    for (int d = 1; d < 8; ++d) {
        if (counts[d] >= 3 && (depth == 0 || counts[d] > counts[depth])) {
            depth = d;
        }
    }
    if (depth == 0) {
        return false;
    }
    size_t i = first[depth];
    while (i > 0 && (m_lines[i - 1].kind == BlockKind::ListItem) && m_lines[i - 1].depth >= depth) {
        --i;
    }
    m_agenda_first_line = m_lines[i].number;
    for (; i < m_lines.size(); ++i) {
        const Line& line = m_lines[i];
        if (line.kind != BlockKind::ListItem || line.depth < depth - 1 || line.heading_level > 0) {
            break;
        }
        if (!line.is_item || line.depth != depth) {
            continue;
        }
        AgendaItem item = make_item(line.text, line);
        std::string title = item.title;
        item.title = clean_agenda_title(title, true, item);
        if (item.title.empty()) {
            continue;
        }
        item.number = std::to_string(m_meeting.agenda.size() + 1);
        m_meeting.agenda.push_back(std::move(item));
        m_agenda_last_line = line.number;
    }
    return !m_meeting.agenda.empty();
}

// No agenda list: the agenda is the document's topic headings, less the title and
// boilerplate (attendance, actions, summary, links, annexes, next meeting); headings
// under "Minutes" / "Notes" / "Topics" are topics, those under a recap are not.
// Without headings, short bold paragraphs or lone numbered lines that open each
// part ("**Guest Speakers**", "3.\tAccounts") stand for them.
void Reader::read_topic_headings() {
    size_t title_index = m_lines.size();
    std::array<int, 7> per_level{};
    size_t first_heading = m_lines.size();
    for (size_t i = 0; i < m_lines.size(); ++i) {
        const Line& line = m_lines[i];
        if (line.heading_level > 0 && line.heading_level < 7 && line.first_of_block) {
            ++per_level[line.heading_level];
            first_heading = std::min(first_heading, i);
            if (line.number == m_title_line) {
                title_index = i;
            }
        }
    }
    if (title_index == m_lines.size() && first_heading < m_lines.size() &&
        per_level[m_lines[first_heading].heading_level] == 1) {
        title_index = first_heading; // a lone heading at the top names the meeting
    }
    struct Open {
        int level;
        int role; // 0: excluded with its sub-headings, 1: container, 2: topic
    };
    std::vector<Open> stack;
    for (size_t i = 0; i < m_lines.size(); ++i) {
        const Line& line = m_lines[i];
        if (line.heading_level == 0 || !line.first_of_block || i == title_index) {
            continue;
        }
        while (!stack.empty() && stack.back().level >= line.heading_level) {
            stack.pop_back();
        }
        bool excluded = false;
        bool under_topic = false;
        for (const Open& open : stack) {
            excluded = excluded || open.role == 0;
            under_topic = under_topic || open.role == 2;
        }
        std::string title = strip_leading_time(line.text);
        std::string number = take_number(title);
        std::string key = text::fold_key(title);
        int role = is_container_heading(key) ? 1 : is_boilerplate_heading(key) ? 0 : 2;
        stack.push_back({line.heading_level, role});
        if (excluded || under_topic || role != 2) {
            continue;
        }
        AgendaItem item;
        item.line = line.number;
        item.number = number;
        item.title = clean_agenda_title(title, false, item);
        if (item.title.empty()) {
            continue;
        }
        if (item.number.empty()) {
            item.number = std::to_string(m_meeting.agenda.size() + 1);
        }
        m_meeting.agenda.push_back(std::move(item));
    }
    if (m_meeting.agenda.empty()) {
        read_pseudo_headings();
    }
}

void Reader::read_pseudo_headings() {
    std::vector<AgendaItem> bold;
    std::vector<AgendaItem> numbered;
    size_t bold_caps = 0;
    const auto& blocks = m_document.blocks;
    for (const Line& line : m_lines) {
        if (!line.first_of_block || line.heading_level > 0) {
            continue;
        }
        const Block& block = blocks[line.block];
        if (block.text.size() > 200) {
            continue;
        }
        std::string text = text::trim_copy(text::normalize_spaces(block.text));
        std::replace(text.begin(), text.end(), '\n', ' ');
        text = text::normalize_spaces(text);
        if (text.empty() || text.size() > 90) {
            continue;
        }
        char last = text.back();
        if (last == '.' || last == '!' || last == '?' || last == ':' || last == ';') {
            continue;
        }
        if (block.kind == BlockKind::Paragraph && block.has_strong && text.find(": ") == std::string::npos) {
            AgendaItem item;
            item.line = line.number;
            item.title = clean_agenda_title(text, false, item);
            if (item.title.empty() || is_boilerplate_heading(text::fold_key(item.title))) {
                continue;
            }
            std::string letters;
            for (char c : item.title) {
                if (std::isalpha(static_cast<unsigned char>(c))) {
                    letters += c;
                }
            }
            if (letters.size() > 3 && std::all_of(letters.begin(), letters.end(), [](char c) {
                    return std::isupper(static_cast<unsigned char>(c));
                })) {
                item.type = "caps";
                ++bold_caps;
            }
            bold.push_back(std::move(item));
        } else if (block.kind == BlockKind::ListItem && line.is_item && line.ordered && line.depth == 1 &&
                   (line.block + 1 >= blocks.size() || blocks[line.block + 1].kind != BlockKind::ListItem) &&
                   (line.block == 0 || blocks[line.block - 1].kind != BlockKind::ListItem)) {
            AgendaItem item;
            item.line = line.number;
            item.number = std::to_string(line.item_number);
            item.title = clean_agenda_title(text, false, item);
            if (!item.title.empty()) {
                numbered.push_back(std::move(item));
            }
        }
    }
    // Hundreds of them are formatting, not the parts of one meeting.
    constexpr size_t k_most_parts = 150;
    if (numbered.size() >= 3 && numbered.size() <= k_most_parts) {
        m_meeting.agenda = std::move(numbered);
        return;
    }
    if (bold_caps >= 2) {
        std::erase_if(bold, [](const AgendaItem& item) { return item.type != "caps"; });
    }
    if (bold.size() >= 2 && bold.size() <= k_most_parts) {
        for (size_t i = 0; i < bold.size(); ++i) {
            bold[i].type.clear();
            bold[i].number = std::to_string(i + 1);
        }
        m_meeting.agenda = std::move(bold);
    }
}

} // namespace quorum::minutes::detail
