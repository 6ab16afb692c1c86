#include "import/column_match.h"

#include "core/persian_text.h"

namespace vafa::import {

std::string NormalizeHeader(std::string_view cell) {
  std::string folded = NormalizeForSearch(cell);
  for (char& c : folded) {
    if (c == ' ' || c == '-' || c == '.') c = '_';
  }
  return folded;
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

Result<ColumnMap> MatchColumns(std::span<const std::string_view> header,
                               std::span<const FieldSpec> specs,
                               std::string_view file_name) {
  ColumnMap map;
  map.column_of_field.assign(specs.size(), -1);
  std::string problems;
  auto add_problem = [&](const std::string& text) {
    if (!problems.empty()) problems += "; ";
    problems += text;
  };
  for (size_t column = 0; column < header.size(); ++column) {
    std::string cell = NormalizeHeader(header[column]);
    int field = FieldOfHeader(header[column], specs);
    bool matched = field >= 0;
    if (matched) {
      if (map.column_of_field[field] >= 0) {
        add_problem("columns " +
                    std::to_string(map.column_of_field[field] + 1) + " and " +
                    std::to_string(column + 1) + " both give \"" +
                    std::string(specs[field].name) + "\"");
      } else {
        map.column_of_field[field] = static_cast<int>(column);
      }
    }
    if (!matched && !cell.empty()) {
      map.ignored_columns.emplace_back(header[column]);
    }
  }
  for (size_t field = 0; field < specs.size(); ++field) {
    if (!specs[field].required || map.column_of_field[field] >= 0) continue;
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
    add_problem(text);
  }
  if (!problems.empty()) {
    return Status::Invalid(std::string(file_name) + ":1: " + problems);
  }
  return map;
}

}  // namespace vafa::import
