// Small adapters between vafa's value conventions and SOCI's: empty strings
// and empty optionals travel as SQL NULL, and result columns are read by
// position whatever integer width the backend reports.
#ifndef VAFA_STORE_SQL_VALUES_H_
#define VAFA_STORE_SQL_VALUES_H_

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace vafa::store {

// A text parameter that is NULL when empty. Must outlive the statement's
// execution.
class NullableText {
 public:
  explicit NullableText(const std::string& value)
      : value_(value), indicator_(value.empty() ? soci::i_null : soci::i_ok) {}
  // SOCI keeps a reference to the bind name, so it must outlive the call.
  auto use() { return soci::use(value_, indicator_, name_); }

 private:
  std::string value_;
  soci::indicator indicator_;
  std::string name_;
};

// An integer parameter that is NULL when empty.
class NullableInt {
 public:
  explicit NullableInt(std::optional<int64_t> value)
      : value_(value.value_or(0)),
        indicator_(value ? soci::i_ok : soci::i_null) {}
  // SOCI keeps a reference to the bind name, so it must outlive the call.
  auto use() { return soci::use(value_, indicator_, name_); }

 private:
  long long value_;
  soci::indicator indicator_;
  std::string name_;
};

inline bool RowIsNull(const soci::row& row, size_t column) {
  return row.get_indicator(column) == soci::i_null;
}

inline std::optional<int64_t> RowOptionalInt(const soci::row& row,
                                             size_t column) {
  if (RowIsNull(row, column)) return std::nullopt;
  switch (row.get_properties(column).get_data_type()) {
    case soci::dt_integer:
      return row.get<int>(column);
    case soci::dt_long_long:
      return row.get<long long>(column);
    case soci::dt_unsigned_long_long: {
      const unsigned long long value = row.get<unsigned long long>(column);
      if (value > static_cast<unsigned long long>(INT64_MAX)) {
        throw std::overflow_error("a value past 64 bits");
      }
      return static_cast<int64_t>(value);
    }
    case soci::dt_double: {
      // PostgreSQL's SUM of bigints is numeric: a sum past 64 bits is an
      // error (as SQLite's "integer overflow"), never a wrapped number.
      const double value = row.get<double>(column);
      if (!(value >= -9223372036854775808.0 && value < 9223372036854775808.0)) {
        throw std::overflow_error("a sum past 64 bits");
      }
      return static_cast<int64_t>(value);
    }
    case soci::dt_string:
      return std::stoll(row.get<std::string>(column));
    default:
      return std::nullopt;
  }
}

inline int64_t RowInt(const soci::row& row, size_t column) {
  return RowOptionalInt(row, column).value_or(0);
}

inline std::optional<double> RowOptionalDouble(const soci::row& row,
                                               size_t column) {
  if (RowIsNull(row, column)) return std::nullopt;
  switch (row.get_properties(column).get_data_type()) {
    case soci::dt_double:
      return row.get<double>(column);
    case soci::dt_integer:
      return row.get<int>(column);
    case soci::dt_long_long:
      return static_cast<double>(row.get<long long>(column));
    case soci::dt_string:
      return std::stod(row.get<std::string>(column));
    default:
      return std::nullopt;
  }
}

inline std::string RowText(const soci::row& row, size_t column) {
  if (RowIsNull(row, column)) return std::string();
  if (row.get_properties(column).get_data_type() == soci::dt_string) {
    return row.get<std::string>(column);
  }
  auto number = RowOptionalInt(row, column);
  return number ? std::to_string(*number) : std::string();
}

}  // namespace vafa::store

#endif  // VAFA_STORE_SQL_VALUES_H_
