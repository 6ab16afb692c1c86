// DeferredIndexes: for a bulk load that is large against what a table
// already holds, drops the table's secondary indexes (and on PostgreSQL the
// unique constraints behind them, and the primary key when asked) and builds
// them again once the rows are in, inside the caller's transaction. Building an
// index sorts its entries once; keeping it during the load puts each entry at a
// random place in a B-tree, which for a million orders costs several times as
// much.
//
// While the indexes are gone the table is locked against readers on
// PostgreSQL (DROP INDEX takes an exclusive lock until the transaction
// ends); on SQLite readers keep seeing the last committed state. SQLite
// cannot drop the index of a UNIQUE clause in CREATE TABLE, and an INTEGER
// PRIMARY KEY is the table itself; such indexes are simply kept.
#ifndef VAFA_STORE_DEFERRED_INDEXES_H_
#define VAFA_STORE_DEFERRED_INDEXES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace vafa::store {

class DeferredIndexes {
 public:
  // Below this many new rows, indexes are kept: rebuilding them would cost
  // more than it saves.
  static constexpr int64_t kMinRows = 100000;

  enum class PrimaryKey { kKeep, kDefer };

  // Drops the indexes of `table` when `incoming_rows` (an estimate is
  // enough) is at least kMinRows and more than the table holds.
  DeferredIndexes(Database& db, std::string table, int64_t incoming_rows,
                  PrimaryKey primary_key = PrimaryKey::kKeep);
  // Builds what was dropped. Must be called before the transaction commits.
  Status Restore();
  bool deferred() const { return !statements_.empty(); }

 private:
  Database& db_;
  std::string table_;
  // The statements that build the dropped indexes again.
  std::vector<std::string> statements_;
};

}  // namespace vafa::store

#endif  // VAFA_STORE_DEFERRED_INDEXES_H_
