#include "import/xlsx_reader.h"

#include <charconv>
#include <map>

#include "import/internal/excel_cell.h"

namespace vafa::import {
namespace {

constexpr int64_t kMaxRows = 1048576;

std::string_view Attribute(const XmlHandler::Attributes& attributes,
                           std::string_view name) {
  for (const auto& [key, value] : attributes) {
    if (key == name) return value;
  }
  return {};
}

bool ParseInt(std::string_view text, int64_t& value) {
  auto [ptr, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && ptr == text.data() + text.size();
}

std::string Quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

// xl/workbook.xml: the sheets in order and the date system.
class WorkbookHandler : public XmlHandler {
 public:
  struct Sheet {
    std::string name;
    std::string relationship;
  };
  std::vector<Sheet> sheets;
  bool date1904 = false;

  std::string Start(std::string_view element,
                    const Attributes& attributes) override {
    if (element == "sheet") {
      sheets.push_back({std::string(Attribute(attributes, "name")),
                        std::string(Attribute(attributes, "id"))});
    } else if (element == "workbookPr") {
      std::string_view value = Attribute(attributes, "date1904");
      date1904 = value == "1" || value == "true";
    }
    return "";
  }
  std::string End(std::string_view) override { return ""; }
  std::string Text(std::string_view) override { return ""; }
};

// xl/_rels/workbook.xml.rels: relationship id -> (type, part).
class RelationshipsHandler : public XmlHandler {
 public:
  struct Target {
    std::string type;
    std::string part;
  };
  std::map<std::string, Target, std::less<>> targets;

  std::string Start(std::string_view element,
                    const Attributes& attributes) override {
    if (element != "Relationship") return "";
    std::string part(Attribute(attributes, "Target"));
    // Targets are relative to xl/ unless absolute within the package.
    part = !part.empty() && part[0] == '/' ? part.substr(1) : "xl/" + part;
    targets[std::string(Attribute(attributes, "Id"))] = {
        std::string(Attribute(attributes, "Type")), part};
    return "";
  }
  std::string End(std::string_view) override { return ""; }
  std::string Text(std::string_view) override { return ""; }

  std::string PartOfType(std::string_view suffix) const {
    for (const auto& [id, target] : targets) {
      if (target.type.size() >= suffix.size() &&
          target.type.compare(target.type.size() - suffix.size(), suffix.size(),
                              suffix) == 0) {
        return target.part;
      }
    }
    return "";
  }
};

// xl/styles.xml: which cell styles show dates.
class StylesHandler : public XmlHandler {
 public:
  explicit StylesHandler(std::vector<bool>& date_styles)
      : date_styles_(date_styles) {}

  std::string Start(std::string_view element,
                    const Attributes& attributes) override {
    if (element == "numFmt") {
      int64_t id = 0;
      if (ParseInt(Attribute(attributes, "numFmtId"), id)) {
        codes_[id] = std::string(Attribute(attributes, "formatCode"));
      }
    } else if (element == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (element == "xf" && in_cell_xfs_) {
      int64_t id = 0;
      if (!ParseInt(Attribute(attributes, "numFmtId"), id)) id = 0;
      auto code = codes_.find(id);
      date_styles_.push_back(IsDateNumberFormat(
          static_cast<int>(id), code != codes_.end() ? code->second : ""));
    }
    return "";
  }
  std::string End(std::string_view element) override {
    if (element == "cellXfs") in_cell_xfs_ = false;
    return "";
  }
  std::string Text(std::string_view) override { return ""; }

 private:
  std::vector<bool>& date_styles_;
  std::map<int64_t, std::string> codes_;
  bool in_cell_xfs_ = false;
};

// xl/sharedStrings.xml: the text of each <si>, runs joined, phonetic
// readings (<rPh>) left out.
class SharedStringsHandler : public XmlHandler {
 public:
  SharedStringsHandler(XlsxReader::Context& context, const XlsxOptions& options)
      : context_(context), options_(options) {}

  std::string Start(std::string_view element, const Attributes&) override {
    if (element == "si") {
      if (static_cast<int64_t>(context_.shared_start.size()) >=
          options_.max_shared_strings) {
        return "more than " + std::to_string(options_.max_shared_strings) +
               " shared strings";
      }
      context_.shared_start.push_back(context_.shared_text.size());
      in_item_ = true;
    } else if (element == "rPh") {
      ++in_phonetic_;
    } else if (element == "t" && in_item_ && in_phonetic_ == 0) {
      in_text_ = true;
    }
    return "";
  }
  std::string End(std::string_view element) override {
    if (element == "si") in_item_ = false;
    if (element == "rPh") --in_phonetic_;
    if (element == "t") in_text_ = false;
    return "";
  }
  std::string Text(std::string_view text) override {
    if (!in_text_) return "";
    if (static_cast<int64_t>(context_.shared_text.size() + text.size()) >
        options_.max_shared_string_bytes) {
      return "more than " + std::to_string(options_.max_shared_string_bytes) +
             " bytes of shared strings";
    }
    context_.shared_text.append(text);
    return "";
  }

 private:
  XlsxReader::Context& context_;
  const XlsxOptions& options_;
  bool in_item_ = false;
  bool in_text_ = false;
  int in_phonetic_ = 0;
};

// A worksheet: rows with a value, queued as they are parsed.
class SheetHandler : public XmlHandler {
 public:
  SheetHandler(const XlsxReader::Context& context, const XlsxOptions& options,
               std::deque<XlsxReader::Row>& rows)
      : context_(context), options_(options), rows_(rows) {}

  std::string Start(std::string_view element,
                    const Attributes& attributes) override {
    if (element == "sheetData") {
      in_data_ = true;
    } else if (!in_data_) {
      return "";
    } else if (element == "row") {
      return StartRow(Attribute(attributes, "r"));
    } else if (element == "c") {
      return StartCell(attributes);
    } else if (element == "v" && in_cell_) {
      capture_ = true;
    } else if (element == "rPh") {
      ++in_phonetic_;
    } else if (element == "t" && in_inline_ && in_phonetic_ == 0) {
      capture_ = true;
    } else if (element == "is") {
      in_inline_ = true;
    }
    return "";
  }

  std::string End(std::string_view element) override {
    if (element == "sheetData") {
      in_data_ = false;
    } else if (element == "v" || element == "t") {
      capture_ = false;
    } else if (element == "rPh") {
      --in_phonetic_;
    } else if (element == "is") {
      in_inline_ = false;
    } else if (element == "c" && in_cell_) {
      in_cell_ = false;
      return EndCell();
    } else if (element == "row" && in_data_) {
      if (!row_.cells.empty()) rows_.push_back(std::move(row_));
      row_ = {};
    }
    return "";
  }

  std::string Text(std::string_view text) override {
    if (!capture_) return "";
    if (text_.size() + text.size() > options_.max_cell_bytes) {
      return "cell " + reference_ + ": longer than " +
             std::to_string(options_.max_cell_bytes) + " bytes";
    }
    text_.append(text);
    return "";
  }

 private:
  std::string StartRow(std::string_view number) {
    int64_t value = last_row_ + 1;
    if (!number.empty() && !ParseInt(number, value)) {
      return "row " + Quoted(number) + " is not a row number";
    }
    if (value < 1 || value > kMaxRows) {
      return "row " + std::to_string(value) + " is past Excel's last row";
    }
    row_ = {};
    row_.number = value;
    last_row_ = value;
    last_column_ = -1;
    return "";
  }

  std::string StartCell(const Attributes& attributes) {
    std::string_view reference = Attribute(attributes, "r");
    column_ = last_column_ + 1;
    if (!reference.empty()) {
      column_ = ExcelColumnIndex(reference);
      if (column_ < 0) {
        return "cell " + Quoted(reference) + " is not a cell reference";
      }
    } else if (column_ >= 16384) {
      return "row " + std::to_string(row_.number) +
             " has more than 16384 cells";
    }
    last_column_ = column_;
    reference_ = ExcelColumnName(column_) + std::to_string(row_.number);
    type_ = std::string(Attribute(attributes, "t"));
    style_ = 0;
    if (std::string_view style = Attribute(attributes, "s");
        !style.empty() && !ParseInt(style, style_)) {
      return "cell " + reference_ + ": style " + Quoted(style) +
             " is not a number";
    }
    text_.clear();
    in_cell_ = true;
    return "";
  }

  std::string EndCell() {
    std::string value;
    if (type_ == "s") {
      int64_t index = -1;
      if (!ParseInt(text_, index) || index < 0 ||
          index + 1 >= static_cast<int64_t>(context_.shared_start.size())) {
        return "cell " + reference_ + ": shared string " + Quoted(text_) +
               " does not exist (the workbook has " +
               std::to_string(context_.shared_start.empty()
                                  ? 0
                                  : context_.shared_start.size() - 1) +
               ")";
      }
      const uint64_t begin = context_.shared_start[index];
      value = context_.shared_text.substr(
          begin, context_.shared_start[index + 1] - begin);
    } else if (type_ == "b") {
      value = text_ == "1" ? "TRUE" : text_ == "0" ? "FALSE" : text_;
    } else if (type_.empty() || type_ == "n") {
      if (!text_.empty()) {
        const bool date =
            style_ >= 0 &&
            style_ < static_cast<int64_t>(context_.date_styles.size()) &&
            context_.date_styles[style_];
        std::optional<std::string> shown =
            date ? ExcelSerialText(text_, context_.date1904)
                 : ExcelNumberText(text_);
        if (!shown) {
          return "cell " + reference_ + ": " + Quoted(text_) + " is not " +
                 (date ? "a date serial" : "a number");
        }
        value = std::move(*shown);
      }
    } else {
      value = std::move(text_);  // inlineStr, str (formula text), e, d
    }
    text_.clear();
    if (!value.empty()) row_.cells.emplace_back(column_, std::move(value));
    return "";
  }

  const XlsxReader::Context& context_;
  const XlsxOptions& options_;
  std::deque<XlsxReader::Row>& rows_;
  bool in_data_ = false;
  bool in_cell_ = false;
  bool in_inline_ = false;
  bool capture_ = false;
  int in_phonetic_ = 0;
  int64_t last_row_ = 0;
  int last_column_ = -1;
  XlsxReader::Row row_;
  int column_ = 0;
  std::string reference_;
  std::string type_;
  int64_t style_ = 0;
  std::string text_;
};

}  // namespace

XlsxReader::XlsxReader(std::unique_ptr<ZipArchive> archive, std::string name,
                       XlsxOptions options)
    : archive_(std::move(archive)),
      name_(std::move(name)),
      options_(std::move(options)) {}

XlsxReader::~XlsxReader() = default;

Result<std::unique_ptr<XlsxReader>> XlsxReader::Open(const std::string& path,
                                                     std::string name,
                                                     XlsxOptions options) {
  VAFA_ASSIGN_OR_RETURN(auto archive, ZipArchive::Open(path, name));
  std::unique_ptr<XlsxReader> reader(
      new XlsxReader(std::move(archive), std::move(name), std::move(options)));
  VAFA_RETURN_IF_ERROR(reader->Load());
  return reader;
}

Result<std::unique_ptr<XlsxReader>> XlsxReader::FromBuffer(
    std::string_view data, std::string name, XlsxOptions options) {
  VAFA_ASSIGN_OR_RETURN(auto archive, ZipArchive::FromBuffer(data, name));
  std::unique_ptr<XlsxReader> reader(
      new XlsxReader(std::move(archive), std::move(name), std::move(options)));
  VAFA_RETURN_IF_ERROR(reader->Load());
  return reader;
}

Status XlsxReader::Load() {
  if (!archive_->Has("xl/workbook.xml")) {
    return Status::Invalid(name_ +
                           ": not an Excel .xlsx file (no xl/workbook.xml)");
  }
  WorkbookHandler workbook;
  VAFA_ASSIGN_OR_RETURN(auto stream,
                        ZipXmlStream::Open(*archive_, "xl/workbook.xml", "",
                                           workbook, options_.part_limits));
  VAFA_RETURN_IF_ERROR(stream->ParseAll());
  context_.date1904 = workbook.date1904;
  RelationshipsHandler relationships;
  VAFA_ASSIGN_OR_RETURN(
      stream, ZipXmlStream::Open(*archive_, "xl/_rels/workbook.xml.rels", "",
                                 relationships, options_.part_limits));
  VAFA_RETURN_IF_ERROR(stream->ParseAll());

  const WorkbookHandler::Sheet* chosen = nullptr;
  std::string names;
  for (const WorkbookHandler::Sheet& sheet : workbook.sheets) {
    if (chosen == nullptr &&
        (options_.sheet.empty() || sheet.name == options_.sheet)) {
      chosen = &sheet;
    }
    names += (names.empty() ? "" : ", ") + Quoted(sheet.name);
  }
  if (chosen == nullptr) {
    return Status::Invalid(name_ + ": " +
                           (options_.sheet.empty()
                                ? "the workbook has no sheet"
                                : "no sheet " + Quoted(options_.sheet) +
                                      " (the workbook has " + names + ")"));
  }
  sheet_ = chosen->name;
  auto target = relationships.targets.find(chosen->relationship);
  if (target == relationships.targets.end()) {
    return Status::Invalid(name_ + ": sheet " + Quoted(sheet_) +
                           " has no part in the package");
  }

  std::string styles = relationships.PartOfType("/styles");
  if (!styles.empty() && archive_->Has(styles)) {
    StylesHandler handler(context_.date_styles);
    VAFA_ASSIGN_OR_RETURN(stream,
                          ZipXmlStream::Open(*archive_, styles, "", handler,
                                             options_.part_limits));
    VAFA_RETURN_IF_ERROR(stream->ParseAll());
  }
  std::string strings = relationships.PartOfType("/sharedStrings");
  if (!strings.empty() && archive_->Has(strings)) {
    SharedStringsHandler handler(context_, options_);
    VAFA_ASSIGN_OR_RETURN(stream,
                          ZipXmlStream::Open(*archive_, strings, "", handler,
                                             options_.shared_string_limits));
    VAFA_RETURN_IF_ERROR(stream->ParseAll());
  }
  context_.shared_start.push_back(context_.shared_text.size());

  sheet_handler_ = std::make_unique<SheetHandler>(context_, options_, rows_);
  VAFA_ASSIGN_OR_RETURN(
      sheet_stream_,
      ZipXmlStream::Open(*archive_, target->second.part,
                         "sheet " + Quoted(sheet_), *sheet_handler_,
                         options_.sheet_limits));
  return Status::Ok();
}

Result<bool> XlsxReader::Next(std::vector<std::string_view>& fields) {
  fields.clear();
  while (rows_.empty()) {
    VAFA_ASSIGN_OR_RETURN(bool more, sheet_stream_->ParseMore());
    if (!more && rows_.empty()) return false;
  }
  Row row = std::move(rows_.front());
  rows_.pop_front();
  line_ = row.number;
  int width = 0;
  for (const auto& [column, value] : row.cells) {
    width = std::max(width, column + 1);
  }
  if (header_width_ == 0) header_width_ = static_cast<size_t>(width);
  values_.assign(std::max(header_width_, static_cast<size_t>(width)), "");
  for (auto& [column, value] : row.cells) values_[column] = std::move(value);
  fields.assign(values_.begin(), values_.end());
  return true;
}

}  // namespace vafa::import
