// The transactions file format: one order line per row. Shared by
// `vafa import transactions` and `vafa analyze --csv`, so both read the same
// files the same way.
//
// Columns (canonical name, then accepted aliases; docs/import.md lists all):
//   customer_id (required)  the customer's key (external id by default)
//   date (required)         ISO or Jalali date or date-time
//   order_id (required)     lines with the same order id form one order
//   product (required)      product code (SKU)
//   amount (required, unless unit_price is given)
//                           line total as paid (after discount), in the
//                           file currency
//   unit_price              price of one unit: without an amount, the line
//                           total is quantity x unit_price - discount + tax,
//                           in exact decimal arithmetic, rounded half away
//                           from zero to the currency's minor unit
//   quantity                default 1
//   product_name, category, channel, branch
//   discount                discount given on the line (same currency)
//   tax                     tax (VAT) on the line: added to a computed line
//                           total; an amount column is taken as paid, tax
//                           included, and is not changed
//   cost                    cost of goods of the line (same currency)
//   currency                per-row currency (must agree with the import's)
#ifndef VAFA_IMPORT_TRANSACTION_ROW_H_
#define VAFA_IMPORT_TRANSACTION_ROW_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/dates.h"
#include "core/money.h"
#include "import/column_match.h"
#include "import/date_format.h"
#include "import/import_error.h"

namespace vafa::import {

enum TransactionField : size_t {
  kTxCustomer,
  kTxDate,
  kTxOrder,
  kTxProduct,
  kTxAmount,
  kTxQuantity,
  kTxProductName,
  kTxCategory,
  kTxChannel,
  kTxBranch,
  kTxDiscount,
  kTxCost,
  kTxCurrency,
  kTxUnitPrice,
  kTxTax,
  kTxFieldCount,
};

std::span<const FieldSpec> TransactionFieldSpecs();

// One parsed order line. Views point into the CSV reader's buffer and are
// valid until the next record is read.
struct TransactionRow {
  std::string_view customer_key;
  UnixSeconds at = 0;
  std::string_view order_key;
  std::string_view product_key;
  std::string_view product_name;
  std::string_view category;
  std::string_view channel;
  std::string_view branch;
  double quantity = 1;
  int64_t amount_minor = 0;
  int64_t discount_minor = 0;
  int64_t cost_minor = 0;
  bool has_cost = false;
  // Some amount of the line had more decimals than the currency (or the
  // product quantity x unit_price did) and was rounded.
  bool rounded = false;
};

// How amounts in the file are read: the unit named by --currency or the
// file's currency column (Toman = IRR x 10) and the ISO currency's digits.
struct AmountFormat {
  CurrencyUnit unit;
  int minor_digits = 0;
};
Result<AmountFormat> AmountFormatFor(std::string_view currency_name);

// How the values of a transactions file are read.
struct TransactionFormat {
  AmountFormat amount;
  DateFormat date;  // empty: ISO or Jalali forms (ParseDateTime)
  // An amount written with more decimals than the currency has is an error
  // instead of being rounded (computed line totals are always rounded).
  bool strict_amounts = false;
  // An empty customer key is not an error (the line is anonymous; the
  // caller decides what to do with it).
  bool allow_anonymous = false;
};

// The number of digits after the decimal point ("." or "٫") of an amount as
// written: 0 for "12", 3 for "0.001".
int DecimalsOf(std::string_view text);

// `value`, a number with `from_digits` decimals, with `to_digits` decimals:
// multiplied exactly, or divided rounding half away from zero (so that a
// cancellation line is the exact negative of its sale). Sets `rounded` when
// digits were dropped that were not zero. nullopt on overflow.
std::optional<int64_t> Rescale(int64_t value, int from_digits, int to_digits,
                               bool& rounded);

// An amount as written, in minor units: exact when it fits the currency's
// digits; otherwise rounded (setting `rounded`) or, when `strict`, an error.
Result<int64_t> ReadAmount(std::string_view text, const AmountFormat& format,
                           bool strict, bool& rounded);

// quantity x unit_price in minor units, exact then rounded once (setting
// `rounded` when the product had more decimals than the currency).
Result<int64_t> LineTotal(std::string_view unit_price,
                          std::string_view quantity, const AmountFormat& format,
                          bool& rounded);

// Parses one record. On bad fields, appends one error per field (with the
// given line) and returns false; `row` is then partly filled.
bool ParseTransactionRecord(const ColumnMap& columns,
                            std::span<const std::string_view> fields,
                            const TransactionFormat& format, int64_t line,
                            TransactionRow& row, ImportErrors& errors);
bool ParseTransactionRecord(const ColumnMap& columns,
                            std::span<const std::string_view> fields,
                            const AmountFormat& format, int64_t line,
                            TransactionRow& row, ImportErrors& errors);

}  // namespace vafa::import

#endif  // VAFA_IMPORT_TRANSACTION_ROW_H_
