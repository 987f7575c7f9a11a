#include "interop/csv.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <map>

namespace quorum::interop {

namespace {

std::string normalize_newlines(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
        } else {
            out += text[i];
        }
    }
    return out;
}

// Counts of each candidate delimiter per line, outside quotes, over the first
// non-blank lines.
std::map<char, std::vector<int>> delimiter_counts(std::string_view text, size_t max_lines) {
    std::map<char, std::vector<int>> counts;
    std::map<char, int> current;
    bool quoted = false;
    size_t lines = 0;
    bool line_has_text = false;
    auto end_line = [&] {
        if (line_has_text) {
            for (char candidate : {',', ';', '\t'}) {
                counts[candidate].push_back(current[candidate]);
            }
            ++lines;
        }
        current.clear();
        line_has_text = false;
    };
    for (char c : text) {
        if (lines >= max_lines) {
            break;
        }
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && c == '\n') {
            end_line();
            continue;
        } else if (!quoted && (c == ',' || c == ';' || c == '\t')) {
            ++current[c];
        }
        if (c != ' ' && c != '\n') {
            line_has_text = true;
        }
    }
    end_line();
    return counts;
}

} // namespace

DecodedText decode_text(std::string_view bytes) {
    DecodedText decoded;
    bool bom = bytes.starts_with("\xEF\xBB\xBF");
    if (bom) {
        bytes.remove_prefix(3);
    }
    std::string converted;
    switch (text::to_utf8(bytes, converted)) {
    case text::Decoding::Utf8:
        decoded.text = normalize_newlines(bytes);
        decoded.encoding = bom ? "utf-8 (bom)" : "utf-8";
        break;
    case text::Decoding::Windows1252:
        decoded.text = normalize_newlines(converted);
        decoded.encoding = "windows-1252";
        break;
    case text::Decoding::Repaired:
        decoded.text = normalize_newlines(converted);
        decoded.encoding = "utf-8 (repaired)";
        break;
    }
    return decoded;
}

bool CsvRow::is_blank() const {
    return std::all_of(cells.begin(), cells.end(), [](const std::string& cell) { return text::trim(cell).empty(); });
}

char detect_delimiter(std::string_view text) {
    auto counts = delimiter_counts(text, 20);
    char best = ',';
    double best_score = 0;
    for (char candidate : {',', ';', '\t'}) {
        const std::vector<int>& per_line = counts[candidate];
        if (per_line.empty()) {
            continue;
        }
        // Lines that split at all, weighted by how many agree with the header
        // line's count: a delimiter that appears only inside free text (a ','
        // in "Martin, Alice" under a ';' file) scores low.
        int header = per_line.front();
        double score = 0;
        for (int count : per_line) {
            if (count > 0) {
                score += count == header ? 1.0 + count : 0.5;
            }
        }
        if (score > best_score) {
            best_score = score;
            best = candidate;
        }
    }
    return best;
}

Expected<CsvTable> parse_csv(std::string_view text, char delimiter) {
    CsvTable table;
    table.delimiter = delimiter;
    int line = 1;
    size_t i = 0;
    const size_t n = text.size();
    while (i < n) {
        CsvRow row;
        row.line = line;
        if (text[i] == '\n') {
            table.rows.push_back(std::move(row));
            ++line;
            ++i;
            continue;
        }
        while (true) {
            std::string cell;
            // Spaces before an opening quote are not part of the field.
            size_t start = i;
            while (i < n && text[i] == ' ') {
                ++i;
            }
            // Excel's way of keeping leading zeros: ="0123".
            bool excel_text = i + 1 < n && text[i] == '=' && text[i + 1] == '"';
            if (excel_text) {
                ++i;
            }
            if (i < n && text[i] == '"') {
                int opened = line;
                ++i;
                bool closed = false;
                while (i < n) {
                    char c = text[i];
                    if (c == '"') {
                        if (i + 1 < n && text[i + 1] == '"') {
                            cell += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        closed = true;
                        break;
                    }
                    if (c == '\n') {
                        ++line;
                    }
                    cell += c;
                    ++i;
                }
                if (!closed) {
                    std::string number = std::to_string(opened);
                    return make_error(
                        "invalid",
                        Phrase{"line " + number + ": a quoted field never ends",
                               "ligne " + number + "\u00a0: un champ entre guillemets n’est jamais fermé"},
                        "line " + number);
                }
                // Whatever follows the closing quote up to the delimiter is kept:
                // lenient, as spreadsheets are, about `"a" b`.
                while (i < n && text[i] != delimiter && text[i] != '\n') {
                    if (text[i] != ' ') {
                        cell += text[i];
                    }
                    ++i;
                }
            } else {
                i = excel_text ? i - 1 : start;
                while (i < n && text[i] != delimiter && text[i] != '\n') {
                    cell += text[i];
                    ++i;
                }
            }
            row.cells.push_back(std::move(cell));
            if (i < n && text[i] == delimiter) {
                ++i;
                continue;
            }
            if (i < n && text[i] == '\n') {
                ++i;
                ++line;
            }
            break;
        }
        table.rows.push_back(std::move(row));
    }
    return table;
}

std::string csv_field(std::string_view value) {
    std::string field(value);
    if (!field.empty() && (field[0] == '=' || field[0] == '+' || field[0] == '-' || field[0] == '@' ||
                           field[0] == '\t' || field[0] == '\r')) {
        field.insert(field.begin(), '\'');
    }
    if (field.find_first_of(",;\"\r\n") == std::string::npos) {
        return field;
    }
    std::string quoted = "\"";
    for (char c : field) {
        quoted += c;
        if (c == '"') {
            quoted += '"';
        }
    }
    quoted += '"';
    return quoted;
}

std::string csv_row(const std::vector<std::string>& fields) {
    std::string row;
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) {
            row += ',';
        }
        row += csv_field(fields[i]);
    }
    row += "\r\n";
    return row;
}

} // namespace quorum::interop
