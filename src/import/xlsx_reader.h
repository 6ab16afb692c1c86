// XlsxReader: the rows of one sheet of an Excel workbook (.xlsx) as records,
// the first non-empty row being the header, so that a sheet imports as a CSV
// file with the same columns would.
//
// Cells read as Excel shows them: shared and inline strings as their text,
// numbers with 15 significant digits and no binary artefacts (2.55, not
// 2.5499999999999998), cells whose number format is a date as ISO dates
// (excel_cell.h; the 1904 date system when the workbook says so), booleans
// as TRUE/FALSE, formulas as their cached value. Rows are as wide as the
// header (missing cells are empty); rows without a value are skipped.
// line() is the sheet's row number, as Excel shows it.
//
// The sheet is streamed (libzip, expat): memory holds the shared strings,
// the styles and a block of rows, not the sheet. Hostile files are refused
// with the file, part and cell named: zip bombs (ZipXmlLimits), shared
// string tables past the limits below, malformed XML, references past
// Excel's 16,384 columns or 1,048,576 rows.
#ifndef VAFA_IMPORT_XLSX_READER_H_
#define VAFA_IMPORT_XLSX_READER_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "import/record_reader.h"
#include "import/zip_xml_stream.h"

namespace vafa::import {

struct XlsxOptions {
  std::string sheet;  // by name; empty: the first sheet
  int64_t max_shared_strings = 8'000'000;
  int64_t max_shared_string_bytes = int64_t{256} << 20;
  size_t max_cell_bytes = 1 << 20;
  // The workbook, its relationships and styles.
  ZipXmlLimits part_limits{int64_t{64} << 20, 200, int64_t{16} << 20};
  ZipXmlLimits sheet_limits{};
  ZipXmlLimits shared_string_limits{int64_t{2} << 30, 200, int64_t{16} << 20};
};

class XlsxReader : public RecordReader {
 public:
  // `name` is the file as messages name it.
  static Result<std::unique_ptr<XlsxReader>> Open(const std::string& path,
                                                  std::string name,
                                                  XlsxOptions options = {});
  // `data` must outlive the reader.
  static Result<std::unique_ptr<XlsxReader>> FromBuffer(
      std::string_view data, std::string name, XlsxOptions options = {});
  ~XlsxReader() override;
  XlsxReader(const XlsxReader&) = delete;
  XlsxReader& operator=(const XlsxReader&) = delete;

  Result<bool> Next(std::vector<std::string_view>& fields) override;
  int64_t line() const override { return line_; }
  const std::string& name() const override { return name_; }
  const std::string& sheet() const { return sheet_; }

  // One row of the sheet: its number and its cells by column.
  struct Row {
    int64_t number = 0;
    std::vector<std::pair<int, std::string>> cells;
  };
  // What the workbook's parts say about the sheet's cells.
  struct Context {
    std::string shared_text;             // all shared strings
    std::vector<uint64_t> shared_start;  // where each begins, plus the end
    std::vector<bool> date_styles;       // by cell style index
    bool date1904 = false;
  };

 private:
  XlsxReader(std::unique_ptr<ZipArchive> archive, std::string name,
             XlsxOptions options);
  Status Load();

  std::unique_ptr<ZipArchive> archive_;
  std::string name_;
  XlsxOptions options_;
  std::string sheet_;
  Context context_;
  std::unique_ptr<XmlHandler> sheet_handler_;
  std::unique_ptr<ZipXmlStream> sheet_stream_;
  std::deque<Row> rows_;
  std::vector<std::string> values_;
  size_t header_width_ = 0;
  int64_t line_ = 0;
};

}  // namespace vafa::import

#endif  // VAFA_IMPORT_XLSX_READER_H_
