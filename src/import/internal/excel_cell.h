// How Excel's stored cell values read as import text: numbers without the
// binary artefacts Excel writes (a cell showing 2.55 is stored as
// 2.5499999999999998 and reads "2.55"), and date serials as ISO dates in
// the workbook's date system. Pure functions; thread-safe.
#ifndef VAFA_IMPORT_EXCEL_CELL_H_
#define VAFA_IMPORT_EXCEL_CELL_H_

#include <optional>
#include <string>
#include <string_view>

namespace vafa::import {

// A stored number ("2.5499999999999998", "1E-3", "45600") as Excel shows it
// with 15 significant digits: "2.55", "0.001", "45600". nullopt when the
// text is not a number.
std::optional<std::string> ExcelNumberText(std::string_view stored);

// A date serial as "2024-11-05", or "2024-11-05T10:30:00" when it has a time
// of day (rounded to the second), or "10:30:00" for a time alone (a serial
// under 1). The 1900 system counts 1900-01-01 as 1 and keeps Lotus's
// 1900-02-29 (serial 60); the 1904 system counts 1904-01-01 as 0.
// nullopt for a negative or unreadable serial or one past 9999-12-31.
std::optional<std::string> ExcelSerialText(std::string_view stored,
                                           bool date1904);

// Whether a number format shows dates or times: the built-in ids 14-22,
// 27-36, 45-47 and 50-58, or a format code with day, month, year, hour or
// second letters outside quotes, escapes and [...] sections.
bool IsDateNumberFormat(int id, std::string_view code);

// The 0-based column of a cell reference ("B7" -> 1, "AA1" -> 26); -1 when
// it has no column letters or is past XFD (16,384 columns).
int ExcelColumnIndex(std::string_view reference);

// "A" for 0, "AA" for 26.
std::string ExcelColumnName(int index);

}  // namespace vafa::import

#endif  // VAFA_IMPORT_EXCEL_CELL_H_
