// A bank's (an insurer's, a subscription business's) book read straight
// from the files `vafa import` takes, with no store: the contractual
// analyses' file path, as `vafa analyze --csv` is for orders
// (docs/holdings.md, "Analyses straight from the files").
//
// The files are the imports' own (customers, holdings, balances,
// interactions CSV or .xlsx, headers in English or Persian with the same
// aliases), each record read and checked by the importers' row readers
// (services::holdings::ReadHoldingRecord,
// services::holdings::ReadBalanceRecord, the interactions' columns), so a file
// the import refuses is refused here with the same message naming the file,
// line and column, and nothing is analysed. What a store would keep is what is
// read: a holding named twice is its last row (with its first row's place), a
// balance of one holding on one day is its last row. Customers are in the order
// the store would give them ids (customers file first, then the holdings file),
// each known by its key, and the book's holdings in the store's order (by
// customer, opening day, first row), so that the reports are the store path's.
//
// The customers, holdings, balances and interactions files are read on
// `threads` threads when they are plain UTF-8 CSV without quotes
// (parallel_csv_ranges.h), on one otherwise; the result is the same. Memory:
// the book's columns (about 40 bytes a balance, 9 an interaction) and the
// files' pages as read.
#ifndef VAFA_PIPELINE_CONTRACT_FILES_H_
#define VAFA_PIPELINE_CONTRACT_FILES_H_

#include <string>
#include <vector>

#include "analytics/churn/churn_features.h"
#include "analytics/churn/contract_churn.h"
#include "core/result.h"
#include "services/holdings/holdings.h"

namespace vafa::pipeline {

struct ContractFiles {
  std::string customers;     // optional: without it, any customer key goes
  std::string holdings;      // required
  std::string balances;      // optional
  std::string interactions;  // optional: complaints and channel uses
};

struct ContractFileOptions {
  std::string currency = "IRR";  // of the balances' amounts
  int threads = 1;               // at least 1
};

struct ContractFileBook {
  // The book's customer_keys, on which the holdout split draws, are what
  // the store path's are: the id a store gives each customer when the
  // files are imported into it fresh (its place in the customers file,
  // then among the holdings' new customers, from 1).
  analytics::churn::ContractRows rows;
  std::vector<std::string> customer_keys;  // the files' key per customer
  analytics::churn::ComplaintLog complaints;
  // Whether the balances (and interactions) were read on several threads.
  bool parallel = false;
};

Result<ContractFileBook> LoadContractFiles(const ContractFiles& files,
                                           const ContractFileOptions& options);

// The holdings of the files (the customers file optional, as above) as
// services::holdings::HoldingSpans gives them from a store the files were
// imported into fresh: a customer's id is the one that store would give (1 +
// their place among the customers file's keys, then the holdings' new ones), a
// holding's its place by its first row plus 1, its values its last row's,
// branches named by the file's text; by customer, opening day, holding.
// What `vafa retention --holdings` and `vafa next-product` read.
struct HoldingSpansOfFiles {
  std::vector<services::holdings::HoldingSpan> spans;
  std::vector<std::string> customer_keys;  // customer id k's at k - 1
};
Result<HoldingSpansOfFiles> LoadHoldingSpansOfFiles(
    const std::string& customers, const std::string& holdings);

// The book of `rows` with, of the balances of one holding on one day, only
// the last of the rows (a store keeps one, the last imported). The rows'
// balances are moved into the book column by column (pass them with
// std::move: a million customers' are gigabytes), in O(balances) when
// the holdings are by customer (as LoadContractFiles gives them) and a
// holding's balances by day, as a bank's files list them
// (contract_files_book.cc).
analytics::churn::ContractBook BuildContractBookOfFiles(
    analytics::churn::ContractRows rows);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_CONTRACT_FILES_H_
