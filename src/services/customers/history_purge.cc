#include "services/customers/history_purge.h"

#include <soci/soci.h>

#include <limits>

#include "store/order_lines.h"
#include "store/sql_values.h"

namespace vafa::services::customers {
namespace {

// A dated table of the purge. Its rows go when their time (ordered_at,
// occurred_at) is before the cutoff and their id below the guard (the
// highest id of the whole table on SQLite, so that id is never given
// again; past every id on PostgreSQL). Batches are taken in id order.
struct DatedTable {
  const char* name;
  const char* count_going;
  const char* kept_days;
  const char* kept_for_id;
  const char* next_batch;
  const char* delete_batch;
};

constexpr DatedTable kOrders = {
    "orders",
    "SELECT COUNT(*) FROM orders WHERE workspace_id = :w AND ordered_at < :c "
    "AND id < :g",
    "SELECT COUNT(*), MIN(ordered_at), MAX(ordered_at) FROM orders WHERE "
    "workspace_id = :w AND (ordered_at >= :c OR id >= :g)",
    "SELECT COUNT(*) FROM orders WHERE workspace_id = :w AND ordered_at < :c "
    "AND id >= :g",
    "SELECT id FROM orders WHERE workspace_id = :w AND id > :a AND id < :g "
    "AND ordered_at < :c ORDER BY id LIMIT :n",
    "DELETE FROM orders WHERE workspace_id = :w AND id >= :lo AND id <= :hi "
    "AND ordered_at < :c"};

constexpr DatedTable kInteractions = {
    "interactions",
    "SELECT COUNT(*) FROM interactions WHERE workspace_id = :w AND "
    "occurred_at < :c AND id < :g",
    "SELECT COUNT(*), MIN(occurred_at), MAX(occurred_at) FROM interactions "
    "WHERE workspace_id = :w AND (occurred_at >= :c OR id >= :g)",
    "SELECT COUNT(*) FROM interactions WHERE workspace_id = :w AND "
    "occurred_at < :c AND id >= :g",
    "SELECT id FROM interactions WHERE workspace_id = :w AND id > :a AND id "
    "< :g AND occurred_at < :c ORDER BY id LIMIT :n",
    "DELETE FROM interactions WHERE workspace_id = :w AND id >= :lo AND id "
    "<= :hi AND occurred_at < :c"};

// Lines go with their orders; an order's lines are the key range
// [id * 1024, id * 1024 + 1023] (store/order_lines.h), so each batch's
// lines are one range of the primary key, in the workspace's partition.
// Each backend has the form its planner does well with whatever its
// statistics (a table just loaded has none on PostgreSQL): SQLite looks
// up each order's key range in the rowid and keeps no set of ids;
// PostgreSQL hashes, and a batch's delete names the batch's ids as an
// array, so no join is planned at all.
struct LineStatements {
  const char* going;      // :w :c :g :w2
  const char* kept_days;  // :w :c :g :w2
  const char* remove;     // :w :klo :khi, then the batch (see DeleteLines)
};

constexpr LineStatements kSqliteLines = {
    "SELECT COUNT(*) FROM orders o JOIN order_lines l ON l.line_key >= o.id "
    "* 1024 AND l.line_key < o.id * 1024 + 1024 WHERE o.workspace_id = :w AND "
    "o.ordered_at < :c AND o.id < :g AND l.workspace_id = :w2",
    "SELECT MIN(o.ordered_at), MAX(o.ordered_at) FROM orders o WHERE "
    "o.workspace_id = :w AND (o.ordered_at >= :c OR o.id >= :g) AND EXISTS "
    "(SELECT 1 FROM order_lines l WHERE l.workspace_id = :w2 AND l.line_key "
    ">= o.id * 1024 AND l.line_key < o.id * 1024 + 1024)",
    "DELETE FROM order_lines WHERE workspace_id = :w AND line_key >= :klo AND "
    "line_key < :khi AND order_id IN (SELECT id FROM orders WHERE "
    "workspace_id = :w2 AND id >= :lo AND id <= :hi AND ordered_at < :c)"};

constexpr LineStatements kPostgresLines = {
    "SELECT COUNT(*) FROM order_lines WHERE order_id IN (SELECT id FROM "
    "orders WHERE workspace_id = :w AND ordered_at < :c AND id < :g) AND "
    "workspace_id = :w2",
    "SELECT MIN(o.ordered_at), MAX(o.ordered_at) FROM orders o WHERE "
    "o.workspace_id = :w AND (o.ordered_at >= :c OR o.id >= :g) AND o.id IN "
    "(SELECT order_id FROM order_lines WHERE workspace_id = :w2)",
    "DELETE FROM order_lines WHERE workspace_id = :w AND line_key >= :klo AND "
    "line_key < :khi AND order_id = ANY(CAST(:ids AS BIGINT[]))"};

const LineStatements& LinesOf(store::Database& db) {
  return db.backend() == store::Backend::kSqlite ? kSqliteLines
                                                 : kPostgresLines;
}

constexpr char kLinesTotal[] =
    "SELECT COUNT(*) FROM order_lines WHERE workspace_id = :w";

static_assert(store::kLinesPerOrderKey == 1024,
              "the line statements spell the line key's width");

long long IdGuard(store::Database& db, const char* table) {
  if (db.backend() != store::Backend::kSqlite) {
    return std::numeric_limits<long long>::max();
  }
  long long highest = 0;
  soci::indicator none = soci::i_ok;
  db.sql() << std::string("SELECT MAX(id) FROM ") + table,
      soci::into(highest, none);
  return none == soci::i_null ? std::numeric_limits<long long>::max() : highest;
}

std::optional<DayNumber> OptionalDay(const soci::row& row, size_t column) {
  std::optional<int64_t> at = store::RowOptionalInt(row, column);
  if (!at) return std::nullopt;
  return DayOf(*at);
}

PurgedTable CountDated(store::Database& db, const DatedTable& table,
                       long long workspace, long long cutoff, long long guard) {
  PurgedTable out;
  out.table = table.name;
  long long going = 0;
  db.sql() << table.count_going, soci::use(workspace), soci::use(cutoff),
      soci::use(guard), soci::into(going);
  out.going = going;
  soci::row kept;
  db.sql() << table.kept_days, soci::use(workspace), soci::use(cutoff),
      soci::use(guard), soci::into(kept);
  out.staying = store::RowInt(kept, 0);
  out.oldest_kept = OptionalDay(kept, 1);
  out.newest_kept = OptionalDay(kept, 2);
  long long held = 0;
  db.sql() << table.kept_for_id, soci::use(workspace), soci::use(cutoff),
      soci::use(guard), soci::into(held);
  out.kept_for_id = held;
  return out;
}

PurgedTable CountLines(store::Database& db, long long workspace,
                       long long cutoff, long long guard) {
  PurgedTable out;
  out.table = "order_lines";
  long long going = 0, total = 0;
  const LineStatements& lines = LinesOf(db);
  db.sql() << lines.going, soci::use(workspace), soci::use(cutoff),
      soci::use(guard), soci::use(workspace), soci::into(going);
  db.sql() << kLinesTotal, soci::use(workspace), soci::into(total);
  out.going = going;
  out.staying = total - going;
  soci::row kept;
  db.sql() << lines.kept_days, soci::use(workspace), soci::use(cutoff),
      soci::use(guard), soci::use(workspace), soci::into(kept);
  out.oldest_kept = OptionalDay(kept, 0);
  out.newest_kept = OptionalDay(kept, 1);
  return out;
}

// The ids of the next batch of rows to go after `after`, at most `limit`.
std::vector<long long> NextBatch(store::Database& db, const DatedTable& table,
                                 long long workspace, long long after,
                                 long long guard, long long cutoff,
                                 long long limit) {
  std::vector<long long> ids;
  // On PostgreSQL the batch is locked, so that an order edited meanwhile
  // cannot lose its lines and keep itself.
  const std::string sql =
      std::string(table.next_batch) +
      (db.backend() == store::Backend::kPostgres ? " FOR UPDATE" : "");
  soci::rowset<soci::row> rows =
      (db.sql().prepare << sql, soci::use(workspace), soci::use(after),
       soci::use(guard), soci::use(cutoff), soci::use(limit));
  for (const soci::row& row : rows) ids.push_back(store::RowInt(row, 0));
  return ids;
}

// Deletes the lines of the batch `ids` (ascending) of old orders.
long long DeleteLines(store::Database& db, long long workspace,
                      const std::vector<long long>& ids, long long cutoff) {
  long long lo = ids.front(), hi = ids.back();
  long long key_lo = store::LineKey(lo, 0), key_hi = store::LineKey(hi + 1, 0);
  const LineStatements& lines = LinesOf(db);
  if (db.backend() == store::Backend::kSqlite) {
    soci::statement remove =
        (db.sql().prepare << lines.remove, soci::use(workspace),
         soci::use(key_lo), soci::use(key_hi), soci::use(workspace),
         soci::use(lo), soci::use(hi), soci::use(cutoff));
    remove.execute(true);
    return remove.get_affected_rows();
  }
  std::string array = "{";
  for (long long id : ids) {
    if (array.size() > 1) array += ',';
    array += std::to_string(id);
  }
  array += '}';
  soci::statement remove =
      (db.sql().prepare << lines.remove, soci::use(workspace),
       soci::use(key_lo), soci::use(key_hi), soci::use(array));
  remove.execute(true);
  return remove.get_affected_rows();
}

// Deletes the table's rows that go, batch by batch (and, for orders, their
// lines first); returns the rows deleted and adds the lines to `lines`.
long long DeleteDated(store::Database& db, const DatedTable& table,
                      long long workspace, long long cutoff, long long guard,
                      long long batch_rows, long long* lines) {
  const bool orders = &table == &kOrders;
  long long deleted = 0, after = std::numeric_limits<long long>::min();
  for (;;) {
    std::vector<long long> ids =
        NextBatch(db, table, workspace, after, guard, cutoff, batch_rows);
    if (ids.empty()) break;
    long long lo = ids.front(), hi = ids.back();
    if (orders) *lines += DeleteLines(db, workspace, ids, cutoff);
    soci::statement remove =
        (db.sql().prepare << table.delete_batch, soci::use(workspace),
         soci::use(lo), soci::use(hi), soci::use(cutoff));
    remove.execute(true);
    deleted += remove.get_affected_rows();
    after = hi;
  }
  return deleted;
}

long long CutoffOf(DayNumber before) {
  return static_cast<long long>(before) * 86400;
}

}  // namespace

int64_t HistoryPurge::Going(const std::string& table) const {
  for (const PurgedTable& one : tables) {
    if (one.table == table) return one.going;
  }
  return 0;
}

Result<HistoryPurge> CountHistoryBefore(store::Database& db,
                                        int64_t workspace_id,
                                        DayNumber before) {
  HistoryPurge out;
  out.workspace_id = workspace_id;
  out.before = before;
  try {
    const long long workspace = workspace_id, cutoff = CutoffOf(before);
    const long long order_guard = IdGuard(db, "orders");
    out.tables.push_back(
        CountDated(db, kOrders, workspace, cutoff, order_guard));
    out.tables.push_back(CountLines(db, workspace, cutoff, order_guard));
    out.tables.push_back(CountDated(db, kInteractions, workspace, cutoff,
                                    IdGuard(db, "interactions")));
  } catch (const std::exception& error) {
    return store::DatabaseError("counting the history to purge", error);
  }
  return out;
}

Result<HistoryPurge> PurgeHistoryBefore(store::Database& db,
                                        int64_t workspace_id, DayNumber before,
                                        int batch_rows) {
  if (!store::InOpenTransaction(db)) {
    return Status::Internal("purging history outside a transaction");
  }
  if (batch_rows < 1) {
    return Status::Invalid("a purge batch holds at least one row",
                           "batch_rows");
  }
  long long orders = 0, lines = 0, interactions = 0;
  try {
    store::TakeWriteLock(db);
    const long long workspace = workspace_id, cutoff = CutoffOf(before);
    orders = DeleteDated(db, kOrders, workspace, cutoff, IdGuard(db, "orders"),
                         batch_rows, &lines);
    long long no_lines = 0;
    interactions =
        DeleteDated(db, kInteractions, workspace, cutoff,
                    IdGuard(db, "interactions"), batch_rows, &no_lines);
  } catch (const std::exception& error) {
    return store::DatabaseError("purging history", error);
  }
  // What stays, read after the deletes; what went, as the deletes said.
  VAFA_ASSIGN_OR_RETURN(HistoryPurge out,
                        CountHistoryBefore(db, workspace_id, before));
  for (PurgedTable& table : out.tables) {
    table.going = table.table == "orders"        ? orders
                  : table.table == "order_lines" ? lines
                                                 : interactions;
  }
  return out;
}

std::string HistoryPurgeJson(const HistoryPurge& purge) {
  return "{\"before\":\"" + FormatGregorian(purge.before) +
         "\",\"orders\":" + std::to_string(purge.Going("orders")) +
         ",\"order_lines\":" + std::to_string(purge.Going("order_lines")) +
         ",\"interactions\":" + std::to_string(purge.Going("interactions")) +
         "}";
}

}  // namespace vafa::services::customers
