// Imports of a bank's (an insurer's, a subscription business's) holdings
// and balances (docs/import.md, docs/holdings.md), with the guarantees of
// every import (import/importer.h): one transaction, every bad field of
// every bad row named by file, line and column, and nothing written when
// any row is bad (unless OnError::kSkip leaves the bad rows out).
//
//  * ImportHoldings: one row per holding (account, deposit, card, loan,
//    policy, plan): its number, customer, product, open and close dates,
//    status, branch and relationship manager. Products, branches and
//    managers named for the first time are created; a holding already
//    present (by its number) is rewritten with the row's values, so a later
//    file closes what an earlier one opened.
//  * ImportBalances: one row per holding and day: balance, credit limit,
//    arrears; a day already present is replaced.
//
// Headers are matched in English and Persian with the aliases banks use
// (account number / شماره حساب, open date / تاریخ افتتاح, balance / مانده,
// ...); dates are Gregorian or Jalali, digits Persian or ASCII. Holdings
// imports are not revertible by `vafa import revert`.
#ifndef VAFA_SERVICES_HOLDINGS_HOLDINGS_IMPORT_H_
#define VAFA_SERVICES_HOLDINGS_HOLDINGS_IMPORT_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/dates.h"
#include "import/column_match.h"
#include "import/date_format.h"
#include "import/import_error.h"
#include "import/importer.h"
#include "import/transaction_row.h"

namespace vafa::services::holdings {

Result<import::ImportReport> ImportHoldings(
    store::Database& db, int64_t workspace_id,
    const import::ImportOptions& options);
Result<import::ImportReport> ImportBalances(
    store::Database& db, int64_t workspace_id,
    const import::ImportOptions& options);

// The columns of each file, with their aliases (the documented formats).
std::span<const import::FieldSpec> HoldingFieldSpecs();
std::span<const import::FieldSpec> BalanceFieldSpecs();

// One record of a holdings or balances file read and checked as the
// imports read it, with no store: the same columns, the same rules, every
// bad field added to `errors` at `line` with the same message. A reader of
// the files themselves (pipeline/contract_files.h) uses them, so that the
// file path and the store path read a file alike.
struct RecordPlace {
  const import::ColumnMap& columns;
  std::span<const std::string_view> fields;  // the record's cells
  int64_t line = 0;
  import::ImportErrors& errors;
};

struct HoldingRecord {
  std::string number;        // the holding's (account) number
  std::string customer_key;  // normalised as the key says
  std::string product_code, product_name;
  std::string product_type;          // the row's, else the product's known type
  std::string opened_on, closed_on;  // "YYYY-MM-DD"; closed "" while open
  std::string status, branch, manager;
};
// `known_customer(key)` says whether a customer has the key;
// `product_types` holds the type of every product known so far (a
// product's type cannot change; a new product needs one).
HoldingRecord ReadHoldingRecord(
    const RecordPlace& place, store::CustomerKey key,
    const import::DateFormat& dates,
    const std::function<bool(const std::string&)>& known_customer,
    const std::unordered_map<std::string, std::string>& product_types);

struct BalanceRecord {
  std::string number;  // the holding's number
  DayNumber day = 0;   // the balance's day
  int64_t balance_minor = 0;
  std::optional<int64_t> credit_limit_minor, arrears_minor;
  int rounded = 0;  // amounts rounded to the currency's minor unit
};
// `known_holding(number)` says whether a holding has the number.
BalanceRecord ReadBalanceRecord(
    const RecordPlace& place, const import::AmountFormat& amounts,
    bool strict_amounts, const import::DateFormat& dates,
    const std::function<bool(const std::string&)>& known_holding);

}  // namespace vafa::services::holdings

#endif  // VAFA_SERVICES_HOLDINGS_HOLDINGS_IMPORT_H_
