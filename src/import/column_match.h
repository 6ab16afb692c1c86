// Matching a CSV header to the fields an import understands. Each field has
// a canonical English name and aliases in English and Persian; a header cell
// matches when its normalised form (CamelCase split into words, then
// NormalizeForSearch, with spaces, dashes, dots and slashes folded to "_")
// equals a normalised alias, so "CustomerID", "Customer ID" and
// "customer-id" all read as customer_id. A user's explicit mapping
// (`--map "Source Column=field,..."`) takes precedence over the aliases. The
// alias tables are the documented contract of the import formats
// (docs/import.md).
#ifndef VAFA_IMPORT_COLUMN_MATCH_H_
#define VAFA_IMPORT_COLUMN_MATCH_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vafa::import {

struct FieldSpec {
  std::string_view name;  // canonical English header
  std::vector<std::string_view> aliases;
  bool required = false;
  // For a required field: the index of another field whose presence makes
  // this one optional (amount, or unit_price with quantity); -1 for none.
  int unless_field = -1;
};

// One entry of an explicit mapping: the header cell `source` gives `field`
// (a canonical name or an alias of the format); an empty field ignores the
// column.
struct ColumnOverride {
  std::string source;
  std::string field;
  friend bool operator==(const ColumnOverride&,
                         const ColumnOverride&) = default;
};

// Parses "Source Column=field,Other=field2" (spaces around names trimmed; a
// name cannot hold "," or "="). "Column=" ignores Column.
Result<std::vector<ColumnOverride>> ParseColumnMapping(std::string_view text);
// The inverse: "Source Column=field,...".
std::string FormatColumnMapping(std::span<const ColumnOverride> mapping);

// For each spec, the index of the header column that holds it, or -1.
struct ColumnMap {
  std::vector<int> column_of_field;
  std::vector<std::string>
      ignored_columns;  // header cells that matched nothing
  int column(size_t field) const { return column_of_field[field]; }
  bool has(size_t field) const { return column_of_field[field] >= 0; }
};

std::string NormalizeHeader(std::string_view cell);

// The index of the spec a header cell names (its canonical name or an
// alias, normalised), or -1.
int FieldOfHeader(std::string_view cell, std::span<const FieldSpec> specs);

// Errors (all of them, in one message) for a missing required field, a
// field given twice, a mapping entry that names no header cell or no field:
// `customers.csv:1: missing column "phone" (also accepted: mobile, موبایل,
// ...)`. A field that `overrides` gives is not also taken from a column
// whose name happens to match it.
Result<ColumnMap> MatchColumns(std::span<const std::string_view> header,
                               std::span<const FieldSpec> specs,
                               std::string_view file_name,
                               std::span<const ColumnOverride> overrides = {});

}  // namespace vafa::import

#endif  // VAFA_IMPORT_COLUMN_MATCH_H_
