#include "cli/xlsx_table.h"

#include <xlsxwriter.h>

#include <charconv>

#include "core/csv_cell.h"
#include "import/csv_reader.h"
#include "pipeline/report_columns.h"

namespace vafa::cli {
namespace {

constexpr size_t kMaxCellBytes = 32767;  // Excel's limit, in characters

// Plain decimals only: an optional '-', digits without a leading zero (or a
// lone 0), an optional fraction; at most 15 significant digits, which a
// double holds exactly as Excel shows it.
bool IsPlainNumber(std::string_view text) {
  size_t i = text.size() > 1 && text[0] == '-' ? 1 : 0;
  const size_t start = i;
  size_t digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  if (digits == 0 || (text[start] == '0' && digits > 1)) return false;
  if (i < text.size() && text[i] == '.') {
    ++i;
    size_t fraction = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      ++i, ++fraction;
    }
    if (fraction == 0) return false;
    digits += fraction;
  }
  return i == text.size() && digits <= 15;
}

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

Status WriteCsvAsXlsx(std::string csv, const std::string& path,
                      std::string_view sheet, bool right_to_left) {
  auto reader = import::CsvReader::FromString(std::move(csv), path);
  VAFA_ASSIGN_OR_RETURN(auto table,
                        XlsxTable::Create(path, sheet, right_to_left));
  // A report's columns say which cells are text (a customer key 007 stays
  // 007); a sheet that is no report is read by its cells' looks.
  const pipeline::ReportShape* shape = pipeline::ShapeOfReport(sheet);
  std::vector<bool> text_column;
  std::vector<std::string_view> fields;
  VAFA_ASSIGN_OR_RETURN(bool more, reader->Next(fields));
  if (more) {
    table->Header(std::vector<std::string>(fields.begin(), fields.end()));
    for (std::string_view name : fields) {
      text_column.push_back(shape != nullptr &&
                            shape->TypeOf(name) == pipeline::ColumnType::kText);
    }
    VAFA_RETURN_IF_ERROR(table->EndRow());
  }
  while (true) {
    VAFA_ASSIGN_OR_RETURN(more, reader->Next(fields));
    if (!more) break;
    for (size_t i = 0; i < fields.size(); ++i) {
      const std::string_view field = fields[i];
      const bool text = i < text_column.size() && text_column[i];
      if (!text && IsPlainNumber(field)) {
        double value = 0;
        std::from_chars(field.data(), field.data() + field.size(), value);
        table->Number(value);
      } else {
        table->Text(UnprotectCsvText(field));
      }
    }
    VAFA_RETURN_IF_ERROR(table->EndRow());
  }
  return table->Close();
}

}  // namespace vafa::cli
