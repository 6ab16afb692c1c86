// Rows of a query as text, for tests that compare two stores row by row
// (the same data imported two ways, or exported and imported again).
#ifndef VAFA_TESTS_CLI_STORE_ROWS_H_
#define VAFA_TESTS_CLI_STORE_ROWS_H_

#include <soci/soci.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "store/database.h"

namespace vafa::testing {

// Field `i` of `row` as text, NULL as "NULL".
inline std::string FieldText(const soci::row& row, size_t i) {
  if (row.get_indicator(i) == soci::i_null) return "NULL";
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_string:
      return row.get<std::string>(i);
    case soci::dt_double: {
      std::ostringstream number;
      number << row.get<double>(i);
      return number.str();
    }
    case soci::dt_integer:
      return std::to_string(row.get<int>(i));
    case soci::dt_long_long:
      return std::to_string(row.get<long long>(i));
    case soci::dt_unsigned_long_long:
      return std::to_string(row.get<unsigned long long>(i));
    default:
      return "?";
  }
}

// Every row of `sql` as one line, fields separated by "|", NULL as "NULL".
inline std::vector<std::string> Rows(store::Database& db,
                                     const std::string& sql) {
  std::vector<std::string> rows;
  soci::rowset<soci::row> result = (db.sql().prepare << sql);
  for (const soci::row& row : result) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += "|";
      line += FieldText(row, i);
    }
    rows.push_back(line);
  }
  return rows;
}

// Each customer's external id by its store id (as text), for comparing a
// report that names customers by id with one that names them by key.
inline std::map<std::string, std::string> CustomerKeysById(
    store::Database& db) {
  std::map<std::string, std::string> keys;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << "SELECT CAST(id AS TEXT), external_id FROM "
                           "customers WHERE external_id IS NOT NULL");
  for (const soci::row& row : rows) {
    keys[row.get<std::string>(0)] = row.get<std::string>(1);
  }
  return keys;
}

}  // namespace vafa::testing

#endif  // VAFA_TESTS_CLI_STORE_ROWS_H_
