// XlsxTable: one sheet of an Excel .xlsx file, written a row at a time
// through libxlsxwriter in its constant-memory mode (rows go to a temporary
// file as they are written, so a large export does not grow memory). Text is
// always stored as text, so a cell "=SUM(A1)" is never a formula and needs
// no apostrophe; numbers are stored as numbers. The header row is bold and
// frozen; the sheet reads right to left when asked (Persian workspaces).
// Not thread-safe.
#ifndef VAFA_CLI_XLSX_TABLE_H_
#define VAFA_CLI_XLSX_TABLE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/report_table.h"
#include "core/result.h"

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace vafa::cli {

class XlsxTable {
 public:
  // `sheet` is cut to Excel's 31 characters.
  static Result<std::unique_ptr<XlsxTable>> Create(const std::string& path,
                                                   std::string_view sheet,
                                                   bool right_to_left);
  ~XlsxTable();
  XlsxTable(const XlsxTable&) = delete;
  XlsxTable& operator=(const XlsxTable&) = delete;

  void Header(const std::vector<std::string>& names);
  void Text(std::string_view text);
  void Number(double value);
  void Empty();
  // Ends the row; an error once the sheet is past Excel's 1,048,576 rows.
  Status EndRow();
  // Writes the file.
  Status Close();

 private:
  XlsxTable(std::string path, lxw_workbook* workbook, lxw_worksheet* sheet,
            lxw_format* bold)
      : path_(std::move(path)),
        workbook_(workbook),
        sheet_(sheet),
        bold_(bold) {}
  std::string path_;
  lxw_workbook* workbook_;
  lxw_worksheet* sheet_;
  lxw_format* bold_;
  uint32_t row_ = 0;
  uint16_t column_ = 0;
  int error_ = 0;
};

// A report table (core/report_table.h) as one sheet: text and date cells
// as text whatever they look like (a customer key 12345), integer, money
// and number cells as numbers, empty cells empty. The workbook rendering of
// a report, beside the CSV and JSON ones (core/report_table_csv.h,
// pipeline/report_rendering.h), made from the table its writer built.
Status WriteReportXlsx(const ReportTable& report, const std::string& path,
                       bool right_to_left);

}  // namespace vafa::cli

#endif  // VAFA_CLI_XLSX_TABLE_H_
