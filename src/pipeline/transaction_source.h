// Where the analytics snapshot comes from: a transactions CSV (read exactly
// as `vafa import transactions` reads it, so both agree on every row and
// reject the same bad rows with the same messages) or a workspace in the
// store (one streaming query over its order lines). The models themselves
// never do I/O; this is the loader the analytics design puts outside them.
#ifndef VAFA_PIPELINE_TRANSACTION_SOURCE_H_
#define VAFA_PIPELINE_TRANSACTION_SOURCE_H_

#include <optional>
#include <string>
#include <vector>

#include "analytics/customer_summary.h"
#include "analytics/transaction_log.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::pipeline {

struct LoadedLog {
  analytics::TransactionLog log;
  // From the store: the anonymous sales (orders without a customer,
  // imported with `--anonymous keep`), in a log of their own whose one
  // customer key is "". Only basket analysis reads them (order_baskets.h);
  // every customer analytic reads `log`, which never holds them.
  analytics::TransactionLog anonymous;
  // From the store: the store id of each log customer (same index as
  // log.customer_keys). Empty for a CSV.
  std::vector<int64_t> customer_ids;
  // Acquisition cost per log customer when the store knows it (0 otherwise).
  std::vector<int64_t> acquisition_cost;
  DayNumber last_day = 0;  // the latest order day, 0 when there is none
  // The amounts' currency (ISO code) and its minor digits: amounts are in
  // minor units of it.
  std::string currency;
  int minor_digits = 0;
  // Set when the database computed the per-customer summary
  // (database_summary.h): `log` then holds the customer keys and no
  // orders, and these count the orders and lines the database summarised.
  std::optional<analytics::CustomerSummary> summary;
  int64_t summarized_orders = 0;
  int64_t summarized_lines = 0;

  int64_t order_count() const {
    return summary ? summarized_orders : log.order_count();
  }
  int64_t line_count() const {
    return summary ? summarized_lines : log.line_count();
  }
};

// `currency`: the unit of the file's amounts (IRR, toman, USD, ...).
// `threads`: 0 for every core, never more than the machine has. On one
// thread the file is read record by record with the import's reader; on
// more, a CSV file is memory-mapped and its customers split between the
// threads (parallel_transaction_csv.h), with the same result and the same
// messages.
Result<LoadedLog> LoadTransactionsCsv(const std::string& path,
                                      const std::string& currency,
                                      char delimiter = 0, int threads = 0);
// The one-thread reading: the reference the parallel loader is checked
// against, and what it falls back to on anything it does not read itself.
Result<LoadedLog> LoadTransactionsCsvSerially(const std::string& path,
                                              const std::string& currency,
                                              char delimiter = 0);

// Order lines of a workspace; customers are keyed by their external id (or
// "#<id>" when they have none). Orders without a customer go to
// LoadedLog::anonymous.
Result<LoadedLog> LoadTransactionsFromStore(store::Database& db,
                                            int64_t workspace_id);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_TRANSACTION_SOURCE_H_
