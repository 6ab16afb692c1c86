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
#include <span>

#include "import/importer.h"

namespace vafa::services {

Result<import::ImportReport> ImportHoldings(
    store::Database& db, int64_t workspace_id,
    const import::ImportOptions& options);
Result<import::ImportReport> ImportBalances(
    store::Database& db, int64_t workspace_id,
    const import::ImportOptions& options);

// The columns of each file, with their aliases (the documented formats).
std::span<const import::FieldSpec> HoldingFieldSpecs();
std::span<const import::FieldSpec> BalanceFieldSpecs();

}  // namespace vafa::services

#endif  // VAFA_SERVICES_HOLDINGS_HOLDINGS_IMPORT_H_
