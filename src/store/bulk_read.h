// Reading a whole workspace's rows of one query at each backend's native
// speed, for the analytics that load everything at once.
//
// SQLite: a prepared statement stepped through the C API. PostgreSQL:
// COPY (query) TO STDOUT, parsed from COPY's text format: no round trip per
// row and no conversion layer. The query takes one parameter, written `?`:
// the workspace id. (COPY takes no bind parameters, so on PostgreSQL the
// id, an integer, is written into the text of the query.)
#ifndef VAFA_STORE_BULK_READ_H_
#define VAFA_STORE_BULK_READ_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/database.h"

struct sqlite3_stmt;

namespace vafa::store {

// One row of a bulk read; valid during the callback.
class BulkRow {
 public:
  int64_t Int(int column) const;  // 0 for NULL
  double Double(int column) const;
  std::string_view Text(int column) const;  // "" for NULL
  bool IsNull(int column) const;

 private:
  friend Status ReadBulkRows(Database&, std::string_view, const int64_t*,
                             const std::function<Status(const BulkRow&)>&);
  sqlite3_stmt* statement_ = nullptr;     // SQLite
  std::vector<std::string_view> fields_;  // PostgreSQL, unescaped
  std::vector<bool> null_;
};

Status ForEachBulkRow(Database& db, std::string_view sql, int64_t workspace_id,
                      const std::function<Status(const BulkRow&)>& row);
// The same for a query without parameters (a whole table, for backups).
Status ForEachBulkRow(Database& db, std::string_view sql,
                      const std::function<Status(const BulkRow&)>& row);
// Both of the above: `workspace_id` is null for a query without parameters.
Status ReadBulkRows(Database& db, std::string_view sql,
                    const int64_t* workspace_id,
                    const std::function<Status(const BulkRow&)>& row);

// Several bulk reads that see one state of the store: a read-only
// transaction (on PostgreSQL REPEATABLE READ, which also keeps ORDER BY on
// a key to the key's index rather than a sort of the whole table), unless
// the caller has a transaction open already, in which case it is used as it
// is.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Database& db);
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Database& db_;
  bool began_ = false;
};

}  // namespace vafa::store

#endif  // VAFA_STORE_BULK_READ_H_
