// Retention of a workspace's transactional history: the orders (with their
// lines) and interactions dated before a day, counted and deleted. These are
// the customers domain's tables that grow with every import and sale; the
// customers themselves, their holdings, tickets, deals, the loyalty ledger,
// the audit log and stored analysis runs and reports are kept.
//
// What a purge promises:
// - Rows go by their own day: an order by ordered_at, its lines with it, an
//   interaction by occurred_at, all strictly before the day (UTC midnight),
//   soft-deleted rows included. A customer whose every order goes stays a
//   customer.
// - The loyalty ledger is not touched: its earn entries keep the order id
//   they were earned by (no foreign key; balances are sums of the ledger),
//   so every balance and tier lot stays as it was.
// - On SQLite, an id is the rowid, which SQLite gives again once the row
//   with the highest id is gone; the ledger (one earn per order id) and the
//   merge records name rows by id, so the one row with the highest id in
//   the whole table is kept even when it is older than the day. PostgreSQL's
//   identities never repeat, so nothing is kept there.
// - Deletes run in batches of `batch_rows` orders or interactions (keyset by
//   id, memory bounded by the batch), lines before their orders. The caller
//   owns the transaction: PurgeHistoryBefore must run inside one, so a
//   workspace's purge commits whole or not at all.
#ifndef VAFA_SERVICES_CUSTOMERS_HISTORY_PURGE_H_
#define VAFA_SERVICES_CUSTOMERS_HISTORY_PURGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::services::customers {

// Orders or interactions per batch: a few hundred kilobytes of ids.
inline constexpr int kPurgeBatchRows = 10000;

// One table of a purge: the rows that go, the rows that stay and the days
// of the oldest and newest rows that stay (empty when none stays; for
// order_lines, the days of their orders).
struct PurgedTable {
  std::string table;  // orders | order_lines | interactions
  int64_t going = 0;
  int64_t staying = 0;
  std::optional<DayNumber> oldest_kept;
  std::optional<DayNumber> newest_kept;
  // Rows before the day kept on SQLite because theirs is the table's
  // highest id (0 or 1; always 0 on PostgreSQL).
  int64_t kept_for_id = 0;
};

struct HistoryPurge {
  int64_t workspace_id = 0;
  DayNumber before = 0;
  std::vector<PurgedTable> tables;  // orders, order_lines, interactions

  int64_t Going(const std::string& table) const;
};

// What purging the workspace's history before `before` would delete and
// keep. Reads only.
Result<HistoryPurge> CountHistoryBefore(store::Database& db,
                                        int64_t workspace_id, DayNumber before);

// Deletes the workspace's history before `before` inside the caller's
// transaction and returns what went and what stayed (the counts are those
// the deletes reported). A second call with the same day deletes nothing.
Result<HistoryPurge> PurgeHistoryBefore(store::Database& db,
                                        int64_t workspace_id, DayNumber before,
                                        int batch_rows = kPurgeBatchRows);

// The purge as the audit log keeps it: {"before": "YYYY-MM-DD", "orders":
// n, "order_lines": n, "interactions": n}.
std::string HistoryPurgeJson(const HistoryPurge& purge);

}  // namespace vafa::services::customers

#endif  // VAFA_SERVICES_CUSTOMERS_HISTORY_PURGE_H_
