// CSV cells for files people open in spreadsheet programs: the one CSV
// writer of the server, the CLI and the reports (the web UI's csv.ts keeps
// the same rules in TypeScript).
//
// A cell is quoted per RFC 4180 when it holds a comma, a quote or a line
// break. A text cell that a spreadsheet would read as a formula (it begins
// with '=', '+', '-', '@', a tab or a carriage return) is prefixed with an
// apostrophe, which spreadsheets take as "this is text" (OWASP's advice on
// CSV injection); text that is a plain number ("-12.50", "+98912...")
// stays as it is, so numbers stay numbers. Import reads such a cell back
// without the apostrophe (UnprotectCsvText), so an export imports to the
// same values; text that itself begins with apostrophes before a formula
// ("'=x") gets one more, so it too reads back as written.
#ifndef VAFA_CORE_CSV_CELL_H_
#define VAFA_CORE_CSV_CELL_H_

#include <string>
#include <string_view>

namespace vafa {

// Whether `text` is a plain decimal number: an optional sign, digits, an
// optional fraction and an optional exponent.
bool IsPlainNumber(std::string_view text);

// Whether a spreadsheet could take `text` as a formula: it begins with
// '=', '+', '-', '@', tab or carriage return and is not a plain number.
bool LooksLikeFormula(std::string_view text);

// `text` quoted when it must be, without formula protection: for cells the
// program itself wrote (numbers, dates, codes).
std::string CsvQuoted(std::string_view text);

// A text cell: formula-protected (an apostrophe before text that looks like
// a formula, or apostrophes and then a formula), then quoted when it must be.
std::string CsvText(std::string_view text);
// CsvQuoted and CsvText appended to `out`, for writers of many cells (a
// cell that needs neither quotes nor an apostrophe is copied as it is).
void AppendCsvQuoted(std::string& out, std::string_view text);
void AppendCsvText(std::string& out, std::string_view text);

// The value of a cell CsvText wrote: an apostrophe before what would be a
// formula is dropped; any other text is returned unchanged.
std::string_view UnprotectCsvText(std::string_view cell);

}  // namespace vafa

#endif  // VAFA_CORE_CSV_CELL_H_
