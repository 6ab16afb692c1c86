// The transactions file format: one order line per row. Shared by
// `vafa import transactions` and `vafa analyze --csv`, so both read the same
// files the same way.
//
// Columns (canonical name, then accepted aliases; docs/import.md lists all):
//   customer_id (required)  the customer's key (external id by default)
//   date (required)         ISO or Jalali date or date-time
//   order_id (required)     lines with the same order id form one order
//   product (required)      product code (SKU)
//   amount (required)       line total after discount, in the file currency
//   quantity                default 1
//   product_name, category, channel, branch
//   discount                discount given on the line (same currency)
//   cost                    cost of goods of the line (same currency)
//   currency                per-row currency (must agree with the import's)
#ifndef VAFA_IMPORT_TRANSACTION_ROW_H_
#define VAFA_IMPORT_TRANSACTION_ROW_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/dates.h"
#include "core/money.h"
#include "import/column_match.h"
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
};

// How amounts in the file are read: the unit named by --currency or the
// file's currency column (Toman = IRR x 10) and the ISO currency's digits.
struct AmountFormat {
  CurrencyUnit unit;
  int minor_digits = 0;
};
Result<AmountFormat> AmountFormatFor(std::string_view currency_name);

// Parses one record. On bad fields, appends one error per field (with the
// given line) and returns false; `row` is then partly filled.
bool ParseTransactionRecord(const ColumnMap& columns,
                            std::span<const std::string_view> fields,
                            const AmountFormat& format, int64_t line,
                            TransactionRow& row, ImportErrors& errors);

}  // namespace vafa::import

#endif  // VAFA_IMPORT_TRANSACTION_ROW_H_
