// The per-customer summary computed by PostgreSQL (`vafa analyze
// --aggregate-in-db`): one statement folds a workspace's order lines into
// orders and the orders into one row per customer, so that vafa receives
// one row per customer instead of every line. The columns are those of
// analytics::SummarizeCustomers, by the same rules (docs/analytics.md,
// "Per-customer summary"; days are UTC days, floor division as DayOf does;
// refunds are orders whose lines add up to less than 0; orders without a
// customer, deleted orders and the orders of deleted customers are left
// out), and the customers come in the order the snapshot numbers them (of
// their first order), so every model and report read from the summary is
// the same as on the in-process path (database_summary_test.cc checks it).
//
// What it gives is a LoadedLog whose `summary` is set and whose `log`
// holds the customer keys but no orders: the reports that read each order
// (KPIs, cohorts, churn, basket analysis) cannot be made from it.
//
// PostgreSQL only. At 10M lines it takes 3.5 times the in-process path's
// wall time on one machine and a third of its memory in vafa
// (docs/BENCHMARKS.md, "Analysing from PostgreSQL").
#ifndef VAFA_PIPELINE_DATABASE_SUMMARY_H_
#define VAFA_PIPELINE_DATABASE_SUMMARY_H_

#include <cstdint>

#include "core/dates.h"
#include "core/result.h"
#include "pipeline/transaction_source.h"
#include "store/database.h"

namespace vafa::pipeline {

// `as_of` 0: the day after the last order, as the in-process path takes it.
// Fails, naming the option, on SQLite.
Result<LoadedLog> SummarizeWorkspaceInDatabase(store::Database& db,
                                               int64_t workspace_id,
                                               DayNumber as_of);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_DATABASE_SUMMARY_H_
