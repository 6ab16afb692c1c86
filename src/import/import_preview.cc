#include "import/import_preview.h"

#include <algorithm>
#include <cstdio>

#include "core/dates.h"
#include "import/import_source.h"

namespace vafa::import {
namespace {

std::string JsonStrings(std::span<const std::string> texts) {
  std::string json = "[";
  for (size_t i = 0; i < texts.size(); ++i) {
    if (i > 0) json += ",";
    json += JsonString(texts[i]);
  }
  return json + "]";
}

// The counts of the report that the kind of import fills.
std::vector<std::pair<const char*, int64_t>> Counts(const ImportPreview& p) {
  const ImportReport& r = p.report;
  std::vector<std::pair<const char*, int64_t>> counts = {
      {"rows", r.rows},
      {"created", r.created},
      {"updated", r.updated},
      {"unchanged", r.unchanged}};
  if (p.kind == "transactions") {
    counts.insert(counts.end(), {{"orders_created", r.orders_created},
                                 {"products_created", r.products_created},
                                 {"customers_created", r.customers_created},
                                 {"skipped", r.skipped},
                                 {"rounded", r.rounded},
                                 {"anonymous_lines", r.anonymous_lines}});
  }
  return counts;
}

}  // namespace

std::string PlainAmount(int64_t minor, int minor_digits) {
  const bool negative = minor < 0;
  // Through unsigned, so that the smallest int64_t has a magnitude.
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(minor)
                                : static_cast<uint64_t>(minor);
  std::string digits = std::to_string(magnitude);
  if (minor_digits > 0) {
    const size_t width = static_cast<size_t>(minor_digits);
    if (digits.size() <= width) {
      digits.insert(0, width + 1 - digits.size(), '0');
    }
    digits.insert(digits.size() - width, ".");
  }
  return negative ? "-" + digits : digits;
}

std::vector<std::string> TransactionPreviewFields() {
  return {"order_id",     "customer_id", "date",     "product",
          "product_name", "category",    "quantity", "amount",
          "discount",     "cost",        "channel",  "branch"};
}

std::vector<std::string> TransactionPreviewValues(const TransactionRow& row,
                                                  const AmountFormat& format) {
  char quantity[32];
  std::snprintf(quantity, sizeof quantity, "%.15g", row.quantity);
  const int digits = format.minor_digits;
  return {std::string(row.order_key),
          std::string(row.customer_key),
          FormatIsoDateTime(row.at),
          std::string(row.product_key),
          std::string(row.product_name),
          std::string(row.category),
          quantity,
          PlainAmount(row.amount_minor, digits),
          PlainAmount(row.discount_minor, digits),
          row.has_cost ? PlainAmount(row.cost_minor, digits) : "",
          std::string(row.channel),
          std::string(row.branch)};
}

std::vector<std::string> CustomerPreviewFields(const ColumnMap& columns) {
  std::vector<std::string> fields = {"action"};
  const auto specs = CustomerFieldSpecs();
  for (size_t field = 0; field < specs.size(); ++field) {
    if (columns.has(field)) fields.emplace_back(specs[field].name);
  }
  return fields;
}

std::vector<std::string> CustomerPreviewValues(const ColumnMap& columns,
                                               std::string_view action,
                                               const store::Customer& customer,
                                               std::string_view parent_key,
                                               const AmountFormat& format) {
  std::vector<std::string> values = {std::string(action)};
  for (size_t field = 0; field < kCuFieldCount; ++field) {
    if (!columns.has(field)) continue;
    const store::Customer& c = customer;
    switch (static_cast<CustomerField>(field)) {
      case kCuExternalId:
        values.push_back(c.external_id);
        break;
      case kCuKind:
        values.push_back(c.kind);
        break;
      case kCuFirstName:
        values.push_back(c.first_name);
        break;
      case kCuLastName:
        values.push_back(c.last_name);
        break;
      case kCuOrganisationName:
        values.push_back(c.organisation_name);
        break;
      case kCuParentExternalId:
        values.emplace_back(parent_key);
        break;
      case kCuNationalId:
        values.push_back(c.national_id);
        break;
      case kCuPhone:
        values.push_back(c.phone);
        break;
      case kCuEmail:
        values.push_back(c.email);
        break;
      case kCuGender:
        values.push_back(c.gender);
        break;
      case kCuBirthDate:
        values.push_back(c.birth_date);
        break;
      case kCuCity:
        values.push_back(c.city);
        break;
      case kCuProvince:
        values.push_back(c.province);
        break;
      case kCuAcquisitionChannel:
        values.push_back(c.acquisition_channel);
        break;
      case kCuAcquisitionCost:
        values.push_back(
            c.acquisition_cost_minor
                ? PlainAmount(*c.acquisition_cost_minor, format.minor_digits)
                : "");
        break;
      case kCuJoinedAt:
        values.push_back(c.joined_at ? FormatIsoDateTime(*c.joined_at) : "");
        break;
      case kCuLanguage:
        values.push_back(c.language);
        break;
      case kCuFieldCount:
        break;
    }
  }
  return values;
}

void ImportPreview::AddRow(int64_t line, std::vector<std::string> values) {
  if (full()) return;
  rows.push_back({line, std::move(values)});
}

void ImportPreview::DescribeSource(const ImportSource& source,
                                   std::span<const FieldSpec> specs) {
  file = source.file_name;
  read_as = source.reading;
  columns.clear();
  for (const std::string& header : source.header) {
    columns.push_back({header, ""});
  }
  for (size_t field = 0; field < specs.size(); ++field) {
    const int column = source.columns.column(field);
    if (column >= 0 && static_cast<size_t>(column) < columns.size()) {
      columns[column].field = std::string(specs[field].name);
    }
  }
}

std::string ImportPreview::Format() const {
  std::string text =
      "preview of " + kind + " from " + file + " (nothing was written)\n";
  if (!read_as.empty()) text += "read as " + read_as + "\n";
  text += "columns:\n";
  for (const PreviewColumn& column : columns) {
    text += "  " + column.header + " -> " +
            (column.field.empty() ? "(ignored)" : column.field) + "\n";
  }
  if (!report.currency.empty()) {
    text += "amounts in " + report.currency + "\n";
  }
  if (!report.date_format.empty()) {
    text += "dates read as " + report.date_format + "\n";
  }
  text += "the first " + std::to_string(rows.size()) +
          " rows as they would be stored:\nline";
  for (const std::string& field : fields) text += "\t" + field;
  text += "\n";
  for (const PreviewRow& row : rows) {
    text += std::to_string(row.line);
    for (const std::string& value : row.values) text += "\t" + value;
    text += "\n";
  }
  if (accepted) {
    text += "the import would give:";
    for (const auto& [name, count] : Counts(*this)) {
      text += " " + std::string(name) + " " + std::to_string(count) + ",";
    }
    text.back() = '\n';
  } else {
    text += "the import would be refused, nothing imported\n";
  }
  if (!errors.empty()) {
    text += errors.Format(file, accepted ? "rows that would be skipped"
                                         : "errors that refuse the file");
  }
  return text;
}

std::string ImportPreview::ToJson() const {
  std::string json = "{\"kind\":" + JsonString(kind) +
                     ",\"file\":" + JsonString(file) +
                     ",\"read_as\":" + JsonString(read_as) + ",\"columns\":[";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) json += ",";
    json += "{\"header\":" + JsonString(columns[i].header) + ",\"field\":" +
            (columns[i].field.empty() ? std::string("null")
                                      : JsonString(columns[i].field)) +
            "}";
  }
  json += "],\"currency\":" + JsonString(report.currency) +
          ",\"date_format\":" + JsonString(report.date_format) +
          ",\"fields\":" + JsonStrings(fields) + ",\"rows\":[";
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) json += ",";
    json += "{\"line\":" + std::to_string(rows[i].line) +
            ",\"values\":" + JsonStrings(rows[i].values) + "}";
  }
  json += "],\"accepted\":" + std::string(accepted ? "true" : "false") +
          ",\"counts\":{";
  bool first = true;
  // A refused file has no counts: nothing would be imported.
  for (const auto& [name, count] :
       accepted ? Counts(*this)
                : std::vector<std::pair<const char*, int64_t>>{}) {
    if (!first) json += ",";
    first = false;
    json += "\"" + std::string(name) + "\":" + std::to_string(count);
  }
  return json + "},\"errors\":" + errors.ToJson(file) + "}";
}

Result<ImportPreview> PreviewImport(ImportFunction run_import, std::string kind,
                                    store::Database& db, int64_t workspace_id,
                                    ImportOptions options, size_t examples) {
  ImportPreview preview;
  preview.kind = std::move(kind);
  preview.errors = ImportErrors(examples);
  options.dry_run = true;
  options.preview = &preview;
  options.error_report = &preview.errors;
  options.before_commit = nullptr;
  Result<ImportReport> report = run_import(db, workspace_id, options);
  if (report.ok()) {
    preview.accepted = true;
    ImportReport noted = std::move(preview.report);
    preview.report = std::move(report).value();
    if (preview.report.currency.empty()) {
      preview.report.currency = noted.currency;
    }
    return preview;
  }
  // A refused file has no report; preview.report keeps the currency and
  // date format the importer noted before reading the rows.
  if (report.status().code() == StatusCode::kInvalidArgument &&
      !preview.errors.empty()) {
    preview.accepted = false;
    return preview;
  }
  return report.status();
}

}  // namespace vafa::import
