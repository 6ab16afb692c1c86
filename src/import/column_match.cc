#include "import/column_match.h"

#include <algorithm>

#include "core/persian_text.h"
#include "core/trim.h"

namespace vafa::import {
namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLowerOrDigit(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// "CustomerID" -> "Customer_ID", "InvoiceNo" -> "Invoice_No",
// "IDNumber" -> "ID_Number"; other text is left as it is.
std::string SplitCamelCase(std::string_view cell) {
  std::string out;
  out.reserve(cell.size() + 4);
  for (size_t i = 0; i < cell.size(); ++i) {
    const char c = cell[i];
    if (i > 0 && IsUpper(c)) {
      const char before = cell[i - 1];
      const bool next_lower =
          i + 1 < cell.size() && cell[i + 1] >= 'a' && cell[i + 1] <= 'z';
      if (IsLowerOrDigit(before) || (IsUpper(before) && next_lower)) {
        out += '_';
      }
    }
    out += c;
  }
  return out;
}

void AddProblem(std::string& problems, const std::string& text) {
  if (!problems.empty()) problems += "; ";
  problems += text;
}

std::string MissingText(std::span<const FieldSpec> specs, size_t field) {
  std::string text =
      "missing column \"" + std::string(specs[field].name) + "\"";
  if (!specs[field].aliases.empty()) {
    text += " (also accepted:";
    for (std::string_view alias : specs[field].aliases) {
      text += ' ';
      text += alias;
    }
    text += ')';
  }
  if (specs[field].unless_field >= 0) {
    text +=
        " or \"" + std::string(specs[specs[field].unless_field].name) + "\"";
  }
  return text;
}

}  // namespace

std::string NormalizeHeader(std::string_view cell) {
  std::string folded = NormalizeForSearch(SplitCamelCase(cell));
  std::string out;
  out.reserve(folded.size());
  for (char c : folded) {
    if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '_') {
      if (!out.empty() && out.back() != '_') out += '_';
    } else {
      out += c;
    }
  }
  if (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

int FieldOfHeader(std::string_view cell, std::span<const FieldSpec> specs) {
  std::string normalized = NormalizeHeader(cell);
  if (normalized.empty()) return -1;
  for (size_t field = 0; field < specs.size(); ++field) {
    if (NormalizeHeader(specs[field].name) == normalized) {
      return static_cast<int>(field);
    }
    for (std::string_view alias : specs[field].aliases) {
      if (NormalizeHeader(alias) == normalized) return static_cast<int>(field);
    }
  }
  return -1;
}

Result<std::vector<ColumnOverride>> ParseColumnMapping(std::string_view text) {
  std::vector<ColumnOverride> mapping;
  while (!TrimBlanks(text).empty()) {
    const size_t comma = text.find(',');
    std::string_view entry = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view()
                                           : text.substr(comma + 1);
    if (TrimBlanks(entry).empty()) continue;
    const size_t equals = entry.find('=');
    if (equals == std::string_view::npos) {
      return Status::Invalid("--map: \"" + std::string(TrimBlanks(entry)) +
                             "\" is not Source Column=field");
    }
    ColumnOverride item{std::string(TrimBlanks(entry.substr(0, equals))),
                        std::string(TrimBlanks(entry.substr(equals + 1)))};
    if (item.source.empty()) {
      return Status::Invalid("--map: \"" + std::string(TrimBlanks(entry)) +
                             "\" names no source column");
    }
    mapping.push_back(std::move(item));
  }
  return mapping;
}

std::string FormatColumnMapping(std::span<const ColumnOverride> mapping) {
  std::string text;
  for (const ColumnOverride& item : mapping) {
    if (!text.empty()) text += ',';
    text += item.source + "=" + item.field;
  }
  return text;
}

Result<ColumnMap> MatchColumns(std::span<const std::string_view> header,
                               std::span<const FieldSpec> specs,
                               std::string_view file_name,
                               std::span<const ColumnOverride> overrides) {
  ColumnMap map;
  map.column_of_field.assign(specs.size(), -1);
  std::string problems;
  std::vector<bool> overridden(header.size(), false);
  for (const ColumnOverride& item : overrides) {
    const std::string source = NormalizeHeader(item.source);
    int field = -1;
    if (!item.field.empty()) {
      field = FieldOfHeader(item.field, specs);
      if (field < 0) {
        AddProblem(problems, "mapping \"" + item.source + "=" + item.field +
                                 "\": \"" + item.field +
                                 "\" is not a column this import reads");
        continue;
      }
    }
    bool found = false;
    for (size_t column = 0; column < header.size(); ++column) {
      if (NormalizeHeader(header[column]) != source) continue;
      found = true;
      overridden[column] = true;
      if (field < 0) continue;
      if (map.column_of_field[field] >= 0) {
        AddProblem(problems,
                   "mapping gives \"" + std::string(specs[field].name) +
                       "\" twice (columns " +
                       std::to_string(map.column_of_field[field] + 1) +
                       " and " + std::to_string(column + 1) + ")");
      } else {
        map.column_of_field[field] = static_cast<int>(column);
      }
    }
    if (!found) {
      AddProblem(problems, "mapping \"" + item.source + "=" + item.field +
                               "\": no column \"" + item.source +
                               "\" in the header");
    }
  }
  std::vector<bool> given_by_mapping(specs.size(), false);
  for (size_t field = 0; field < specs.size(); ++field) {
    given_by_mapping[field] = map.column_of_field[field] >= 0;
  }
  for (size_t column = 0; column < header.size(); ++column) {
    std::string cell = NormalizeHeader(header[column]);
    const int field =
        overridden[column] ? -1 : FieldOfHeader(header[column], specs);
    if (field >= 0 && !given_by_mapping[field]) {
      if (map.column_of_field[field] >= 0) {
        AddProblem(problems,
                   "columns " + std::to_string(map.column_of_field[field] + 1) +
                       " and " + std::to_string(column + 1) + " both give \"" +
                       std::string(specs[field].name) + "\"");
      } else {
        map.column_of_field[field] = static_cast<int>(column);
      }
      continue;
    }
    const bool mapped_here =
        overridden[column] &&
        std::find(map.column_of_field.begin(), map.column_of_field.end(),
                  static_cast<int>(column)) != map.column_of_field.end();
    if (!mapped_here && !cell.empty()) {
      map.ignored_columns.emplace_back(header[column]);
    }
  }
  for (size_t field = 0; field < specs.size(); ++field) {
    if (!specs[field].required || map.column_of_field[field] >= 0) continue;
    const int unless = specs[field].unless_field;
    if (unless >= 0 && map.column_of_field[unless] >= 0) continue;
    AddProblem(problems, MissingText(specs, field));
  }
  if (!problems.empty()) {
    return Status::Invalid(std::string(file_name) + ":1: " + problems);
  }
  return map;
}

}  // namespace vafa::import
