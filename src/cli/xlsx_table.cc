#include "cli/xlsx_table.h"

#include <xlsxwriter.h>

namespace vafa::cli {
namespace {

constexpr size_t kMaxCellBytes = 32767;  // Excel's limit, in characters

}  // namespace

Result<std::unique_ptr<XlsxTable>> XlsxTable::Create(const std::string& path,
                                                     std::string_view sheet,
                                                     bool right_to_left) {
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  options.use_zip64 = LXW_TRUE;
  lxw_workbook* workbook = workbook_new_opt(path.c_str(), &options);
  if (workbook == nullptr) {
    return Status::Invalid(path + ": cannot create the workbook");
  }
  std::string name(sheet.substr(0, 31));
  lxw_worksheet* worksheet = workbook_add_worksheet(workbook, name.c_str());
  if (worksheet == nullptr) {
    workbook_close(workbook);
    return Status::Internal(path + ": cannot add sheet " + name);
  }
  if (right_to_left) worksheet_right_to_left(worksheet);
  worksheet_freeze_panes(worksheet, 1, 0);
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  return std::unique_ptr<XlsxTable>(
      new XlsxTable(path, workbook, worksheet, bold));
}

XlsxTable::~XlsxTable() {
  if (workbook_ != nullptr) workbook_close(workbook_);
}

void XlsxTable::Header(const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    worksheet_write_string(sheet_, row_, column_++, name.c_str(), bold_);
  }
}

void XlsxTable::Text(std::string_view text) {
  if (!text.empty()) {
    if (text.size() > kMaxCellBytes) {
      size_t cut = kMaxCellBytes;
      while (cut > 0 &&
             (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut;
      }
      text = text.substr(0, cut);
    }
    const std::string value(text);
    worksheet_write_string(sheet_, row_, column_, value.c_str(), nullptr);
  }
  ++column_;
}

void XlsxTable::Number(double value) {
  worksheet_write_number(sheet_, row_, column_++, value, nullptr);
}

void XlsxTable::Empty() { ++column_; }

Status XlsxTable::EndRow() {
  ++row_;
  column_ = 0;
  if (row_ >= LXW_ROW_MAX) {
    return Status::Invalid(path_ +
                           ": more than 1,048,576 rows, which is all an .xlsx "
                           "sheet holds; export as CSV");
  }
  return Status::Ok();
}

Status XlsxTable::Close() {
  const lxw_error error = workbook_close(workbook_);
  workbook_ = nullptr;
  if (error != LXW_NO_ERROR) {
    return Status::Internal(path_ + ": " + lxw_strerror(error));
  }
  return Status::Ok();
}

Status WriteReportXlsx(const ReportTable& report, const std::string& path,
                       bool right_to_left) {
  VAFA_ASSIGN_OR_RETURN(auto sheet,
                        XlsxTable::Create(path, report.name(), right_to_left));
  std::vector<std::string> names;
  for (const ReportTable::Column& column : report.columns()) {
    names.push_back(column.name);
  }
  if (!names.empty()) {
    sheet->Header(names);
    VAFA_RETURN_IF_ERROR(sheet->EndRow());
  }
  for (size_t row = 0; row < report.row_count(); ++row) {
    for (size_t column = 0; column < report.column_count(); ++column) {
      const ColumnType type = report.column(column).type;
      if (report.IsEmpty(column, row)) {
        sheet->Empty();
      } else if (HoldsIntegers(type)) {
        sheet->Number(static_cast<double>(report.IntegerAt(column, row)));
      } else if (type == ColumnType::kNumber) {
        sheet->Number(report.NumberAt(column, row));
      } else {
        sheet->Text(report.TextAt(column, row));
      }
    }
    VAFA_RETURN_IF_ERROR(sheet->EndRow());
  }
  return sheet->Close();
}

}  // namespace vafa::cli
