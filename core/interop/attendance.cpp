#include "interop/attendance.hpp"

#include "domain/fields.hpp"
#include "domain/names.hpp"
#include "interop/csv.hpp"
#include "util/text.hpp"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

namespace quorum::interop {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

Error line_error(int line, const Phrase& message) {
    std::string number = std::to_string(line);
    return make_error("invalid",
                      Phrase{"line " + number + ": " + message.en, "ligne " + number + "\u00a0: " + message.fr},
                      "line " + number);
}

// --- Dates and durations as reports write them.

enum class DateOrder { DayFirst, MonthFirst };

struct TimeParts {
    std::vector<int> numbers;
    std::vector<size_t> digits; // how many digits each number had
    std::string separators;     // the character after each of the first numbers
    int meridiem = 0;           // 0 none, 1 AM, 2 PM
};

TimeParts split_time(std::string_view value) {
    TimeParts parts;
    size_t i = 0;
    while (i < value.size()) {
        char c = value[i];
        if (std::isdigit(static_cast<unsigned char>(c))) {
            size_t start = i;
            int number = 0;
            while (i < value.size() && std::isdigit(static_cast<unsigned char>(value[i])) && i - start < 9) {
                number = number * 10 + (value[i] - '0');
                ++i;
            }
            parts.numbers.push_back(number);
            parts.digits.push_back(i - start);
            parts.separators += i < value.size() ? value[i] : ' ';
            continue;
        }
        char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if ((lower == 'a' || lower == 'p') && i + 1 < value.size()) {
            std::string rest;
            for (size_t j = i + 1; j < value.size() && rest.size() < 2; ++j) {
                if (value[j] != '.') {
                    rest += static_cast<char>(std::tolower(static_cast<unsigned char>(value[j])));
                }
            }
            if (rest.starts_with("m")) {
                parts.meridiem = lower == 'a' ? 1 : 2;
            }
        }
        ++i;
    }
    return parts;
}

bool is_empty_value(std::string_view value) {
    std::string_view trimmed = text::trim(value);
    return trimmed.empty() || trimmed == "--" || trimmed == "-";
}

// "03/10/2021 09:28:14 AM", "2021-03-10 09:28:14", "10/03/2021 09:28",
// "10.03.2021 09:28:14", "3/10/2021, 9:01:02 AM" → "2021-03-10T09:28:14".
std::optional<std::string> parse_report_time(std::string_view value, DateOrder order) {
    TimeParts parts = split_time(value);
    if (parts.numbers.size() < 5 || parts.numbers.size() > 6) {
        return std::nullopt;
    }
    int year = 0, month = 0, day = 0;
    if (parts.digits[0] == 4) {
        year = parts.numbers[0];
        month = parts.numbers[1];
        day = parts.numbers[2];
    } else {
        int a = parts.numbers[0], b = parts.numbers[1];
        year = parts.numbers[2];
        if (parts.digits[2] == 2) {
            year += 2000;
        } else if (parts.digits[2] != 4) {
            return std::nullopt;
        }
        if (order == DateOrder::DayFirst) {
            day = a;
            month = b;
        } else {
            month = a;
            day = b;
        }
    }
    int hour = parts.numbers[3], minute = parts.numbers[4];
    int second = parts.numbers.size() == 6 ? parts.numbers[5] : 0;
    if (parts.meridiem != 0) {
        if (hour < 1 || hour > 12) {
            return std::nullopt;
        }
        hour = hour % 12 + (parts.meridiem == 2 ? 12 : 0);
    }
    static constexpr int k_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (year < 1970 || year > 2199 || month < 1 || month > 12 || day < 1 ||
        day > (month == 2 && !leap ? 28 : k_days[month - 1]) || hour > 23 || minute > 59 || second > 59) {
        return std::nullopt;
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, second);
    return std::string(buffer);
}

// Decides once per file whether 03/10/2021 is the 3rd of October or March 10.
DateOrder decide_order(const std::vector<std::string>& values) {
    bool meridiem = false;
    bool dotted = false;
    for (const std::string& value : values) {
        TimeParts parts = split_time(value);
        if (parts.numbers.size() < 3 || parts.digits[0] == 4) {
            continue;
        }
        if (parts.numbers[0] > 12) {
            return DateOrder::DayFirst;
        }
        if (parts.numbers[1] > 12) {
            return DateOrder::MonthFirst;
        }
        meridiem = meridiem || parts.meridiem != 0;
        dotted = dotted || parts.separators[0] == '.';
    }
    // The US locale writes 12-hour times; the day-first locales write 24-hour ones.
    return meridiem && !dotted ? DateOrder::MonthFirst : DateOrder::DayFirst;
}

// "74", "74.5", "1:14:00" (H:MM:SS), "01:14" (H:MM) → seconds.
std::optional<int> parse_duration_seconds(std::string_view value, bool colon_minutes_first = false) {
    std::string_view trimmed = text::trim(value);
    if (trimmed.empty()) {
        return std::nullopt;
    }
    if (trimmed.find(':') != std::string_view::npos) {
        std::vector<int> numbers;
        for (const std::string& part : text::split(trimmed, ':')) {
            if (part.empty() || part.size() > 4 || !std::all_of(part.begin(), part.end(), [](char c) {
                    return std::isdigit(static_cast<unsigned char>(c));
                })) {
                return std::nullopt;
            }
            numbers.push_back(std::stoi(part));
        }
        if (numbers.size() == 3) {
            return numbers[0] * 3600 + numbers[1] * 60 + numbers[2];
        }
        if (numbers.size() == 2) {
            return colon_minutes_first ? numbers[0] * 60 + numbers[1] : numbers[0] * 3600 + numbers[1] * 60;
        }
        return std::nullopt;
    }
    std::string number(trimmed);
    std::replace(number.begin(), number.end(), ',', '.');
    size_t used = 0;
    double minutes = 0;
    try {
        minutes = std::stod(number, &used);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (used != number.size() || minutes < 0 || minutes > 100000) {
        return std::nullopt;
    }
    return static_cast<int>(minutes * 60 + 0.5);
}

// --- Columns.

struct Columns {
    int name = -1, first_name = -1, last_name = -1, email = -1, affiliation = -1;
    int join = -1, leave = -1, minutes = -1, talk_time = -1, attended = -1;
    int widest() const {
        return std::max({name, first_name, last_name, email, affiliation, join, leave, minutes, talk_time, attended});
    }
};

std::vector<std::string> folded(const std::vector<std::string>& cells) {
    std::vector<std::string> keys;
    for (const std::string& cell : cells) {
        keys.push_back(text::fold_key(cell));
    }
    return keys;
}

int find_column(const std::vector<std::string>& keys, std::initializer_list<std::string_view> names) {
    for (std::string_view name : names) {
        for (size_t i = 0; i < keys.size(); ++i) {
            if (keys[i] == name) {
                return static_cast<int>(i);
            }
        }
    }
    return -1;
}

Columns columns_of(const std::vector<std::string>& header) {
    std::vector<std::string> keys = folded(header);
    Columns columns;
    columns.name = find_column(keys, {"name original name", "user name original name", "name", "user name", "full name",
                                      "display name", "participant", "nom original", "nom nom original", "nom complet",
                                      "nom", "participant e"});
    columns.first_name = find_column(keys, {"first name", "given name", "prenom"});
    columns.last_name = find_column(keys, {"last name", "family name", "surname", "nom de famille"});
    if (columns.name >= 0 && columns.name == columns.last_name) {
        columns.name = -1;
    }
    columns.email = find_column(keys, {"user email", "email", "e mail", "email address", "courriel", "adresse courriel",
                                       "e mail de l utilisateur", "adresse e mail"});
    columns.affiliation = find_column(keys, {"affiliation", "organization", "organisation", "org", "company",
                                             "entreprise", "organisme", "institution"});
    columns.join = find_column(keys, {"join time", "join", "joined", "heure d arrivee", "heure de connexion"});
    columns.leave = find_column(keys, {"leave time", "left", "leave", "heure de depart", "heure de deconnexion"});
    columns.minutes = find_column(keys, {"duration minutes", "total duration minutes", "time in session minutes",
                                         "duration", "duree minutes", "duree totale minutes", "duree"});
    columns.talk_time = find_column(keys, {"talk time"});
    columns.attended = find_column(keys, {"attended"});
    return columns;
}

bool has_word(const std::vector<std::string>& keys, std::string_view key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// --- Reading rows into records, merged per person.

class Merger {
public:
    void add(AttendanceRecord record) {
        std::string email_key = text::to_lower(text::trim(record.email));
        std::string name_key = text::fold_key(record.name);
        size_t index = m_people.size();
        if (!email_key.empty() && m_by_email.contains(email_key)) {
            index = m_by_email[email_key];
        } else if (!name_key.empty() && m_by_name.contains(name_key)) {
            index = m_by_name[name_key];
            const std::string& known = m_people[index].email;
            // Same name, two different e-mails: two people.
            if (!known.empty() && !email_key.empty() && text::to_lower(known) != email_key) {
                index = m_people.size();
            }
        }
        if (index == m_people.size()) {
            record.rows = 1;
            m_people.push_back(std::move(record));
        } else {
            AttendanceRecord& person = m_people[index];
            ++person.rows;
            if (person.email.empty()) {
                person.email = record.email;
            }
            if (person.affiliation.empty()) {
                person.affiliation = record.affiliation;
            }
            for (std::string& other : record.other_names) {
                if (std::find(person.other_names.begin(), person.other_names.end(), other) ==
                    person.other_names.end()) {
                    person.other_names.push_back(std::move(other));
                }
            }
            if (!record.joined.empty() && (person.joined.empty() || record.joined < person.joined)) {
                person.joined = record.joined;
            }
            if (!record.left.empty() && (person.left.empty() || record.left > person.left)) {
                person.left = record.left;
            }
            if (record.minutes) {
                person.minutes = person.minutes.value_or(0) + *record.minutes;
            }
            if (record.speaking_seconds) {
                person.speaking_seconds = person.speaking_seconds.value_or(0) + *record.speaking_seconds;
            }
        }
        const AttendanceRecord& stored = m_people[index];
        if (!email_key.empty()) {
            m_by_email.emplace(email_key, index);
        }
        if (!name_key.empty()) {
            m_by_name.emplace(text::fold_key(stored.name), index);
        }
    }
    std::vector<AttendanceRecord> take() { return std::move(m_people); }

private:
    std::vector<AttendanceRecord> m_people;
    std::map<std::string, size_t> m_by_email;
    std::map<std::string, size_t> m_by_name;
};

// "Alice M (Alice Martin)": the display name and, inside the last parentheses,
// the name the person had when they joined.
void split_original_name(std::string cell, AttendanceRecord& record) {
    cell = text::trim_copy(cell);
    if (cell.size() > 2 && cell.back() == ')') {
        size_t open = cell.rfind(" (");
        if (open != std::string::npos && open > 0) {
            std::string inner = text::trim_copy(std::string_view(cell).substr(open + 2, cell.size() - open - 3));
            record.name = text::trim_copy(std::string_view(cell).substr(0, open));
            if (!inner.empty() && text::fold_key(inner) != text::fold_key(record.name)) {
                record.other_names.push_back(inner);
            }
            return;
        }
    }
    record.name = cell;
}

struct TableRead {
    const std::vector<CsvRow>* rows = nullptr;
    size_t first = 0; // the first data row
    size_t end = 0;   // one past the last
    Columns columns;
    int header_line = 0;
    size_t header_cells = 0;
    bool strict = true;          // every recognised column must be present on every row
    bool names_in_parens = true; // "Name (Original Name)"
};

Expected<bool> read_rows(const TableRead& table, Merger& merger, std::vector<std::string>& notes) {
    const Columns& c = table.columns;
    std::vector<std::string> times;
    for (size_t r = table.first; r < table.end; ++r) {
        const CsvRow& row = (*table.rows)[r];
        for (int column : {c.join, c.leave}) {
            if (column >= 0 && static_cast<size_t>(column) < row.cells.size() && !is_empty_value(row.cells[column])) {
                times.push_back(row.cells[column]);
            }
        }
    }
    DateOrder order = decide_order(times);
    int skipped_absent = 0;
    for (size_t r = table.first; r < table.end; ++r) {
        const CsvRow& row = (*table.rows)[r];
        if (row.is_blank()) {
            continue;
        }
        int needed = table.strict ? c.widest() + 1 : std::max({c.name, c.first_name, c.last_name}) + 1;
        if (static_cast<int>(row.cells.size()) < needed) {
            std::string cells = std::to_string(row.cells.size()), header_line = std::to_string(table.header_line),
                        header_cells = std::to_string(table.header_cells);
            return line_error(
                row.line,
                Phrase{cells + " cells where the header (line " + header_line + ") has " + header_cells,
                       cells + " cellules alors que l’en-tête (ligne " + header_line + ") en a " + header_cells});
        }
        auto cell = [&](int column) -> std::string {
            if (column < 0 || static_cast<size_t>(column) >= row.cells.size() || is_empty_value(row.cells[column])) {
                return {};
            }
            return text::trim_copy(row.cells[column]);
        };
        if (c.attended >= 0) {
            std::string attended = text::fold_key(cell(c.attended));
            if (attended == "no" || attended == "non") {
                ++skipped_absent;
                continue;
            }
        }
        AttendanceRecord record;
        record.line = row.line;
        if (c.name >= 0) {
            if (table.names_in_parens) {
                split_original_name(cell(c.name), record);
            } else {
                record.name = cell(c.name);
            }
        }
        std::string first = cell(c.first_name), last = cell(c.last_name);
        std::string full = text::trim_copy(first + " " + last);
        if (record.name.empty()) {
            record.name = full;
        } else if (!full.empty() && text::fold_key(full) != text::fold_key(record.name)) {
            record.other_names.push_back(full);
        }
        if (record.name.empty()) {
            return line_error(row.line, Phrase{"no name", "aucun nom"});
        }
        record.email = cell(c.email);
        if (!record.email.empty() && record.email.find('@') == std::string::npos) {
            return line_error(row.line, Phrase{"'" + record.email + "' is not an e-mail address",
                                               "«\u00a0" + record.email + "\u00a0» n’est pas une adresse courriel"});
        }
        record.affiliation = cell(c.affiliation);
        for (auto [column, target, label, label_fr] :
             {std::tuple{c.join, &record.joined, "join time", "l’heure d’arrivée"},
              std::tuple{c.leave, &record.left, "leave time", "l’heure de départ"}}) {
            std::string value = cell(column);
            if (value.empty()) {
                continue;
            }
            auto parsed = parse_report_time(value, order);
            if (!parsed) {
                return line_error(
                    row.line,
                    Phrase{std::string("the ") + label + " '" + value + "' is not a date and time",
                           std::string(label_fr) + " «\u00a0" + value + "\u00a0» n’est pas une date avec une heure"});
            }
            *target = *parsed;
        }
        if (std::string value = cell(c.minutes); !value.empty()) {
            auto seconds = parse_duration_seconds(value);
            if (!seconds) {
                return line_error(row.line,
                                  Phrase{"the duration '" + value + "' is not a number of minutes",
                                         "la durée «\u00a0" + value + "\u00a0» n’est pas un nombre de minutes"});
            }
            record.minutes = (*seconds + 30) / 60;
        } else if (!record.joined.empty() && !record.left.empty()) {
            // No duration column: the time between join and leave.
            auto a = split_time(record.joined).numbers, b = split_time(record.left).numbers;
            long from = ((a[2] * 24L + a[3]) * 60 + a[4]), to = ((b[2] * 24L + b[3]) * 60 + b[4]);
            if (a[0] == b[0] && a[1] == b[1] && to >= from) {
                record.minutes = static_cast<int>(to - from);
            }
        }
        if (std::string value = cell(c.talk_time); !value.empty()) {
            auto seconds = parse_duration_seconds(value);
            if (!seconds) {
                return line_error(row.line,
                                  Phrase{"the talk time '" + value + "' is not a duration",
                                         "le temps de parole «\u00a0" + value + "\u00a0» n’est pas une durée"});
            }
            record.speaking_seconds = *seconds;
        }
        merger.add(std::move(record));
    }
    if (skipped_absent > 0) {
        notes.push_back(std::to_string(skipped_absent) + " registrant(s) marked as not attended were skipped");
    }
    return true;
}

size_t next_non_blank(const std::vector<CsvRow>& rows, size_t from) {
    while (from < rows.size() && rows[from].is_blank()) {
        ++from;
    }
    return from;
}

bool is_webinar_header(const std::vector<std::string>& keys) {
    return !keys.empty() && keys[0] == "attended" &&
           (has_word(keys, "user name original name") || has_word(keys, "user name"));
}

// Zoom's webinar report: preamble rows (report title, topic, host and panelist
// sections), then tables that each open with an "Attended" header row. Every
// such table is read (hosts and panelists attended too) until a row that is
// the start of the next section.
Expected<AttendanceFile> read_webinar(const std::vector<CsvRow>& rows, AttendanceFile file) {
    Merger merger;
    for (size_t r = 0; r < rows.size(); ++r) {
        std::vector<std::string> keys = folded(rows[r].cells);
        if (!is_webinar_header(keys)) {
            continue;
        }
        TableRead table;
        table.rows = &rows;
        table.columns = columns_of(rows[r].cells);
        table.header_line = rows[r].line;
        table.header_cells = rows[r].cells.size();
        table.first = r + 1;
        size_t end = r + 1;
        while (end < rows.size()) {
            const CsvRow& row = rows[end];
            size_t filled = std::count_if(row.cells.begin(), row.cells.end(),
                                          [](const std::string& cell) { return !text::trim(cell).empty(); });
            if (row.is_blank() || (filled == 1 && row.cells.size() <= 2) || is_webinar_header(folded(row.cells))) {
                break;
            }
            ++end;
        }
        table.end = end;
        QUORUM_TRY(read, read_rows(table, merger, file.notes));
        (void)read;
        r = end - 1;
    }
    file.people = merger.take();
    return file;
}

} // namespace

std::string_view format_name(AttendanceFormat format) {
    switch (format) {
    case AttendanceFormat::ZoomParticipants:
        return "zoom-participants";
    case AttendanceFormat::ZoomUniqueUsers:
        return "zoom-unique-users";
    case AttendanceFormat::ZoomWebinar:
        return "zoom-webinar";
    case AttendanceFormat::BigBlueButton:
        return "bigbluebutton";
    case AttendanceFormat::PlainCsv:
        return "csv";
    case AttendanceFormat::NameList:
        return "names";
    }
    return "names";
}

namespace {

Expected<AttendanceFile> read_file(std::string_view bytes);

// A line break or tab inside a spreadsheet cell ("Ville de⏎Montréal") is
// layout, not part of a name: one space, as the cell shows it wrapped.
void one_line(std::string& value) {
    if (value.find_first_of("\t\r\n") == std::string::npos) {
        return;
    }
    std::string joined;
    for (char c : value) {
        const bool space = c == '\t' || c == '\r' || c == '\n' || c == ' ';
        if (!space) {
            joined += c;
        } else if (!joined.empty() && joined.back() != ' ') {
            joined += ' ';
        }
    }
    while (!joined.empty() && joined.back() == ' ') {
        joined.pop_back();
    }
    value = std::move(joined);
}

// Each person's fields within the limits and characters the API allows for the
// same fields (domain/fields.hpp), so a file cannot store what a request could
// not: a 900 KB name, a control character, a line break carried into the export.
Expected<bool> check_fields(AttendanceFile& file) {
    for (AttendanceRecord& person : file.people) {
        one_line(person.name);
        one_line(person.email);
        one_line(person.affiliation);
        for (std::string& other : person.other_names) {
            one_line(other);
        }
        struct Field {
            const std::string* value;
            size_t most;
            Phrase what;
        };
        std::vector<Field> fields = {{&person.name, k_max_name_bytes, Phrase{"the name", "le nom"}},
                                     {&person.email, k_max_email_bytes, Phrase{"the e-mail address", "le courriel"}},
                                     {&person.affiliation, k_max_affiliation_bytes,
                                      Phrase{"the organisation", "l’organisation"}}};
        for (const std::string& other : person.other_names) {
            fields.push_back({&other, k_max_name_bytes, Phrase{"the name", "le nom"}});
        }
        for (const Field& field : fields) {
            if (field.value->size() > field.most) {
                const std::string most = std::to_string(field.most);
                return line_error(person.line, Phrase{field.what.en + " is longer than " + most + " bytes",
                                                      field.what.fr + " dépasse " + most + " octets"});
            }
            if (auto refused = refused_character(*field.value, Lines::one)) {
                return line_error(person.line,
                                  Phrase{field.what.en + " holds a control character (" + *refused + ")",
                                         field.what.fr + " contient un caractère de contrôle (" + *refused + ")"});
            }
        }
    }
    return true;
}

} // namespace

Expected<AttendanceFile> read_attendance(std::string_view bytes) {
    QUORUM_TRY(file, read_file(bytes));
    QUORUM_TRY(checked, check_fields(file));
    (void)checked;
    return file;
}

namespace {

Expected<AttendanceFile> read_file(std::string_view bytes) {
    if (bytes.find('\0') != std::string_view::npos) {
        return make_error("invalid", Phrase{"the file is binary, not a CSV export or a list of names",
                                            "le fichier est binaire\u00a0: ce n’est ni une exportation CSV ni une "
                                            "liste de noms"});
    }
    DecodedText decoded = decode_text(bytes);
    AttendanceFile file;
    file.encoding = decoded.encoding;
    file.delimiter = detect_delimiter(decoded.text);
    QUORUM_TRY(table, parse_csv(decoded.text, file.delimiter));
    const std::vector<CsvRow>& rows = table.rows;
    size_t first = next_non_blank(rows, 0);
    if (first == rows.size()) {
        return make_error("invalid", Phrase{"the file names nobody", "le fichier ne nomme personne"});
    }

    // Zoom webinar: an "Attended" table somewhere after the preamble.
    for (const CsvRow& row : rows) {
        if (is_webinar_header(folded(row.cells))) {
            file.format = AttendanceFormat::ZoomWebinar;
            return read_webinar(rows, std::move(file));
        }
    }

    TableRead read;
    read.rows = &rows;
    size_t header = first;
    std::vector<std::string> keys = folded(rows[header].cells);
    // Zoom meeting report: the meeting's header block, a blank line, then the table.
    if (has_word(keys, "meeting id") && has_word(keys, "topic")) {
        size_t block_end = header + 1;
        while (block_end < rows.size() && !rows[block_end].is_blank()) {
            ++block_end;
        }
        header = next_non_blank(rows, block_end);
        if (header == rows.size()) {
            return make_error("invalid", Phrase{"the Zoom report has its meeting header but no participants table",
                                                "le rapport Zoom a l’en-tête de la rencontre, mais pas de tableau des "
                                                "participant·es"});
        }
        keys = folded(rows[header].cells);
    }
    Columns columns = columns_of(rows[header].cells);
    bool has_header = columns.name >= 0 || (columns.first_name >= 0 && columns.last_name >= 0);
    if (has_word(keys, "activity score") || (has_word(keys, "moderator") && columns.talk_time >= 0)) {
        file.format = AttendanceFormat::BigBlueButton;
        read.names_in_parens = false;
    } else if (has_header && (has_word(keys, "name original name") || has_word(keys, "user email")) &&
               (columns.join >= 0 || columns.minutes >= 0)) {
        file.format = columns.join >= 0 ? AttendanceFormat::ZoomParticipants : AttendanceFormat::ZoomUniqueUsers;
    } else if (has_header) {
        file.format = AttendanceFormat::PlainCsv;
        read.strict = false;
        read.names_in_parens = false;
    } else if (columns.join >= 0 || columns.email >= 0 || columns.minutes >= 0) {
        return line_error(rows[header].line,
                          Phrase{"the header has no name column", "l’en-tête n’a pas de colonne pour le nom"});
    } else {
        // No header: name[, e-mail][, affiliation] per row, or one name per line.
        size_t widest = 0;
        for (const CsvRow& row : rows) {
            widest = std::max(widest, row.cells.size());
        }
        file.format = widest > 1 ? AttendanceFormat::PlainCsv : AttendanceFormat::NameList;
        Merger merger;
        for (const CsvRow& row : rows) {
            if (row.is_blank()) {
                continue;
            }
            AttendanceRecord record;
            record.line = row.line;
            record.name = text::trim_copy(row.cells[0]);
            if (record.name.empty()) {
                return line_error(row.line,
                                  Phrase{"no name in the first column", "aucun nom dans la première colonne"});
            }
            if (record.name.find('@') != std::string::npos) {
                return line_error(row.line, Phrase{"the first column holds an e-mail address, not a name",
                                                   "la première colonne contient une adresse courriel, pas un nom"});
            }
            for (size_t i = 1; i < row.cells.size(); ++i) {
                std::string value = text::trim_copy(row.cells[i]);
                if (value.find('@') != std::string::npos && record.email.empty()) {
                    record.email = value;
                } else if (!value.empty() && record.affiliation.empty()) {
                    record.affiliation = value;
                }
            }
            merger.add(std::move(record));
        }
        file.people = merger.take();
        return file;
    }
    read.columns = columns;
    read.header_line = rows[header].line;
    read.header_cells = rows[header].cells.size();
    read.first = header + 1;
    read.end = rows.size();
    Merger merger;
    QUORUM_TRY(done, read_rows(read, merger, file.notes));
    (void)done;
    file.people = merger.take();
    if (file.people.empty()) {
        return make_error("invalid", Phrase{"the file names nobody", "le fichier ne nomme personne"});
    }
    return file;
}

} // namespace

// ---------------------------------------------------------------------------
// Matching.

std::string_view matched_by_name(MatchedBy how) {
    switch (how) {
    case MatchedBy::Email:
        return "email";
    case MatchedBy::Name:
        return "name";
    case MatchedBy::Alias:
        return "alias";
    case MatchedBy::None:
        return "none";
    }
    return "none";
}

AttendancePreview match_attendance(const AttendanceFile& file, const std::vector<Invitee>& invitees,
                                   const std::vector<ConfirmedAlias>& aliases) {
    AttendancePreview preview;
    preview.format = file.format;
    preview.encoding = file.encoding;
    preview.notes = file.notes;
    std::map<std::string, size_t> by_email;
    std::vector<Participant> people;
    for (size_t i = 0; i < invitees.size(); ++i) {
        if (!invitees[i].email.empty()) {
            by_email.emplace(text::to_lower(text::trim(invitees[i].email)), i);
        }
        Participant person;
        person.name = invitees[i].name;
        people.push_back(std::move(person));
    }
    NameIndex names(people);
    std::map<std::string, std::int64_t> alias_of;
    for (const ConfirmedAlias& alias : aliases) {
        alias_of[text::fold_key(alias.written)] = alias.participant_id;
        alias_of[text::to_lower(text::trim(alias.written))] = alias.participant_id;
    }
    auto invitee_by_name = [&](const std::string& name) -> std::optional<size_t> {
        std::string matched = names.match(name);
        if (matched.empty()) {
            return std::nullopt;
        }
        std::optional<size_t> found;
        for (size_t i = 0; i < invitees.size(); ++i) {
            if (invitees[i].name == matched) {
                if (found) {
                    return std::nullopt; // two participants with one name: ask
                }
                found = i;
            }
        }
        return found;
    };
    std::map<std::int64_t, size_t> matched_index; // participant → index in preview.matched
    std::set<std::int64_t> seen;
    for (const AttendanceRecord& record : file.people) {
        AttendanceMatch match;
        match.record = record;
        std::optional<size_t> invitee;
        if (!record.email.empty()) {
            if (auto found = by_email.find(text::to_lower(text::trim(record.email))); found != by_email.end()) {
                invitee = found->second;
                match.matched_by = MatchedBy::Email;
            }
        }
        if (!invitee) {
            std::vector<std::string> written = {record.name};
            written.insert(written.end(), record.other_names.begin(), record.other_names.end());
            for (const std::string& name : written) {
                if ((invitee = invitee_by_name(name))) {
                    match.matched_by = MatchedBy::Name;
                    break;
                }
            }
            if (!invitee) {
                written.push_back(record.email);
                for (const std::string& name : written) {
                    auto alias = alias_of.find(name.find('@') != std::string::npos ? text::to_lower(text::trim(name))
                                                                                   : text::fold_key(name));
                    if (name.empty() || alias == alias_of.end()) {
                        continue;
                    }
                    for (size_t i = 0; i < invitees.size(); ++i) {
                        if (invitees[i].id == alias->second) {
                            invitee = i;
                            match.matched_by = MatchedBy::Alias;
                        }
                    }
                    if (invitee) {
                        break;
                    }
                }
            }
        }
        if (!invitee) {
            preview.unmatched.push_back(std::move(match));
            continue;
        }
        const Invitee& who = invitees[*invitee];
        match.participant_id = who.id;
        match.participant_name = who.name;
        seen.insert(who.id);
        if (auto existing = matched_index.find(who.id); existing != matched_index.end()) {
            // Two people of the file are one participant (a phone and a laptop).
            AttendanceRecord& into = preview.matched[existing->second].record;
            into.rows += record.rows;
            if (record.minutes) {
                into.minutes = into.minutes.value_or(0) + *record.minutes;
            }
            if (record.speaking_seconds) {
                into.speaking_seconds = into.speaking_seconds.value_or(0) + *record.speaking_seconds;
            }
            if (!record.joined.empty() && (into.joined.empty() || record.joined < into.joined)) {
                into.joined = record.joined;
            }
            if (!record.left.empty() && (into.left.empty() || record.left > into.left)) {
                into.left = record.left;
            }
            into.other_names.push_back(record.name);
            continue;
        }
        matched_index[who.id] = preview.matched.size();
        preview.matched.push_back(std::move(match));
    }
    for (const Invitee& invitee : invitees) {
        if (!seen.contains(invitee.id)) {
            preview.missing.push_back(invitee);
        }
    }
    return preview;
}

namespace {

Object::Ptr record_json(const AttendanceMatch& match) {
    const AttendanceRecord& record = match.record;
    Object::Ptr object = new Object;
    object->set("name", record.name);
    Array::Ptr others = new Array;
    for (const std::string& other : record.other_names) {
        others->add(other);
    }
    object->set("other_names", others);
    object->set("email", record.email);
    object->set("affiliation", record.affiliation);
    object->set("joined", record.joined);
    object->set("left", record.left);
    object->set("minutes", record.minutes ? Poco::Dynamic::Var(*record.minutes) : Poco::Dynamic::Var());
    object->set("speaking_seconds",
                record.speaking_seconds ? Poco::Dynamic::Var(*record.speaking_seconds) : Poco::Dynamic::Var());
    object->set("rows", record.rows);
    object->set("line", record.line);
    object->set("matched_by", std::string(matched_by_name(match.matched_by)));
    object->set("participant_id",
                match.participant_id ? Poco::Dynamic::Var(Poco::Int64(*match.participant_id)) : Poco::Dynamic::Var());
    object->set("participant_name", match.participant_name);
    return object;
}

} // namespace

Object::Ptr preview_json(const AttendancePreview& preview) {
    Object::Ptr object = new Object;
    object->set("format", std::string(format_name(preview.format)));
    object->set("encoding", preview.encoding);
    Array::Ptr matched = new Array, unmatched = new Array, missing = new Array, notes = new Array;
    for (const AttendanceMatch& match : preview.matched) {
        matched->add(record_json(match));
    }
    for (const AttendanceMatch& match : preview.unmatched) {
        unmatched->add(record_json(match));
    }
    for (const Invitee& invitee : preview.missing) {
        Object::Ptr person = new Object;
        person->set("participant_id", Poco::Int64(invitee.id));
        person->set("name", invitee.name);
        missing->add(person);
    }
    for (const std::string& note : preview.notes) {
        notes->add(note);
    }
    object->set("matched", matched);
    object->set("unmatched", unmatched);
    object->set("missing", missing);
    object->set("notes", notes);
    return object;
}

std::string preview_text(const AttendancePreview& preview) {
    std::ostringstream out;
    out << "format: " << format_name(preview.format) << " (" << preview.encoding << ")\n";
    auto minutes = [](const AttendanceRecord& record) {
        return record.minutes ? std::to_string(*record.minutes) + " min" : std::string("—");
    };
    out << "\nmatched (" << preview.matched.size() << "):\n";
    for (const AttendanceMatch& match : preview.matched) {
        out << "  " << match.participant_name << " [#" << *match.participant_id << "] ← " << match.record.name
            << " (by " << matched_by_name(match.matched_by) << ")  " << minutes(match.record);
        if (!match.record.joined.empty()) {
            out << "  " << match.record.joined << " → " << match.record.left;
        }
        out << "\n";
    }
    out << "\nnew, to confirm (" << preview.unmatched.size() << "):\n";
    for (const AttendanceMatch& match : preview.unmatched) {
        out << "  " << match.record.name;
        if (!match.record.email.empty()) {
            out << " <" << match.record.email << ">";
        }
        out << " (line " << match.record.line << ")  " << minutes(match.record) << "\n";
    }
    out << "\nparticipants not in the file (" << preview.missing.size() << "):\n";
    for (const Invitee& invitee : preview.missing) {
        out << "  " << invitee.name << " [#" << invitee.id << "]\n";
    }
    for (const std::string& note : preview.notes) {
        out << "\nnote: " << note << "\n";
    }
    return out.str();
}

} // namespace quorum::interop
