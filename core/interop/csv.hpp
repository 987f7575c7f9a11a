#pragma once

#include "util/error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace quorum::interop {

// The text of a file as people export it: a UTF-8 byte order mark is dropped, a
// file that is not UTF-8 is read as Windows-1252 (a superset of the printable
// Latin-1 that Excel and older Zoom exports write on Western systems) and
// converted, UTF-8 with a few bad bytes has them replaced (text::to_utf8), CRLF
// and lone CR become LF.
struct DecodedText {
    std::string text;
    std::string encoding; // "utf-8", "utf-8 (bom)", "windows-1252" or "utf-8 (repaired)"
};
DecodedText decode_text(std::string_view bytes);

struct CsvRow {
    std::vector<std::string> cells; // empty for a blank line
    int line = 0;                   // the line the row starts on, from 1
    bool is_blank() const;          // no cells, or only empty ones
};

struct CsvTable {
    char delimiter = ',';
    std::vector<CsvRow> rows;
};

// The delimiter of a CSV text: ',' ';' or tab, whichever splits the first
// non-blank lines most consistently into more than one cell (outside quotes).
// ',' when nothing splits, so a list of names reads as one column.
char detect_delimiter(std::string_view text);

// RFC 4180 with what spreadsheets really write: quoted fields with doubled
// quotes and embedded delimiters or newlines, Excel's ="0123" text fields,
// spaces around quoted fields, a missing final newline. Blank lines are kept
// as rows without cells, since some exports use them as separators. A quote
// that never closes is an error naming the line it opened on.
Expected<CsvTable> parse_csv(std::string_view text, char delimiter);

// One field as RFC 4180 writes it: quoted when it holds the delimiter, a
// quote, or a line break. Cells that a spreadsheet would run as a formula
// (starting with = + - @ or a tab) get a leading apostrophe, so an exported
// name cannot become a formula in the reader's spreadsheet.
std::string csv_field(std::string_view value);
// A row of fields, ended by CRLF (RFC 4180).
std::string csv_row(const std::vector<std::string>& fields);

} // namespace quorum::interop
