// Matching a CSV header to the fields an import understands. Each field has
// a canonical English name and aliases in English and Persian; a header cell
// matches when its normalised form (NormalizeForSearch, with spaces, dashes
// and dots folded to "_") equals a normalised alias. The alias tables are the
// documented contract of the import formats (docs/import.md).
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
};

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

// Errors (all of them, in one message) for a missing required field or a
// field given twice: `customers.csv:1: missing column "phone" (also
// accepted: mobile, موبایل, ...)`.
Result<ColumnMap> MatchColumns(std::span<const std::string_view> header,
                               std::span<const FieldSpec> specs,
                               std::string_view file_name);

}  // namespace vafa::import

#endif  // VAFA_IMPORT_COLUMN_MATCH_H_
