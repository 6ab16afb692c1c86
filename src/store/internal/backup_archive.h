// Private to backup.cc: the backup file (an SQLite database reached through
// the sqlite3 C API, never through a Database, which would switch it to WAL)
// and the table catalog and row streams both sides of a copy share.
#ifndef VAFA_STORE_BACKUP_ARCHIVE_H_
#define VAFA_STORE_BACKUP_ARCHIVE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/backup.h"
#include "store/database.h"

struct sqlite3;
struct sqlite3_stmt;

namespace vafa::store {

// How a column's values are read and compared: by its declared type, so an
// integer is an integer on both backends.
enum class ValueKind { kInteger, kReal, kText };

struct TableColumn {
  std::string name;
  ValueKind kind = ValueKind::kText;
  bool identity = false;  // PostgreSQL identity column
};

struct TableShape {
  std::string name;
  std::vector<TableColumn> columns;  // in the table's order
  std::vector<std::string> parents;  // tables its foreign keys reference
};

// One value of a row being copied; `text` is valid during the callback.
struct Cell {
  bool null = true;
  int64_t integer = 0;
  double real = 0;
  std::string_view text;
};
using RowCallback = std::function<Status(std::span<const Cell>)>;

// The kind a declared SQL type reads as (SQLite's affinity rules, which
// PostgreSQL's type names also satisfy).
ValueKind KindOfDeclaredType(std::string_view type);

// `tables` ordered so that each comes after the tables it references.
std::vector<TableShape> InDependencyOrder(std::vector<TableShape> tables);

class BackupArchive {
 public:
  // A new archive at `file` + ".partial"; `file` itself must not exist.
  static Result<std::unique_ptr<BackupArchive>> Create(const std::string& file);
  // An existing archive, read-only.
  static Result<std::unique_ptr<BackupArchive>> OpenForReading(
      const std::string& file);
  ~BackupArchive();
  BackupArchive(const BackupArchive&) = delete;
  BackupArchive& operator=(const BackupArchive&) = delete;

  // Copies the whole of an SQLite store with the online backup API, in one
  // step (one read transaction on the source, so one committed state).
  Status CopyWholeSqliteStore(Database& source);

  // Writing table by table, inside Begin() / Commit().
  Status Begin();
  Status Commit();
  Status CreateTable(const TableShape& table);
  Status BeginRows(const TableShape& table);
  Status AddRow(std::span<const Cell> row);
  Status EndRows();

  // The archive's tables (without sqlite_* and the archive's own), with
  // kinds from their declared types.
  Result<std::vector<TableShape>> Tables();
  Status ForEachRow(const TableShape& table, const RowCallback& row);

  // The vafa_backup key/value table and the manifest of tables.
  Status WriteInfo(const std::vector<std::pair<std::string, std::string>>& info,
                   const std::vector<TableDigest>& tables);
  // "" when the key is missing; an error when the file is no vafa backup.
  Result<std::string> Info(const std::string& key);
  Result<std::vector<TableDigest>> Manifest();

  // Makes the file self-contained (no WAL), closes it and renames it into
  // place. Returns its size.
  Result<int64_t> Finish();

 private:
  BackupArchive(sqlite3* handle, std::string file, std::string writing);
  Status Exec(const std::string& sql, std::string_view what);
  Status Error(std::string_view what);

  sqlite3* handle_;
  std::string file_;
  std::string writing_;  // the .partial path while writing, else ""
  sqlite3_stmt* insert_ = nullptr;
  std::string insert_table_;
  std::vector<ValueKind> insert_kinds_;
};

// The tables of a live store, with their columns and foreign keys.
Result<std::vector<TableShape>> StoreTables(Database& db);

// Accumulates a TableDigest's checksum: the sum of one 64-bit hash per row,
// so it does not depend on the order rows are read in.
class RowChecksum {
 public:
  explicit RowChecksum(const TableShape& table);
  void Add(std::span<const Cell> row);
  int64_t rows() const { return rows_; }
  uint64_t value() const { return sum_; }

 private:
  int64_t rows_ = 0;
  uint64_t sum_ = 0;
  std::vector<ValueKind> kinds_;
  std::vector<size_t> order_;  // columns by name
  std::string encoded_;
};

// A quoted SQL identifier: "name".
std::string QuotedName(std::string_view name);

}  // namespace vafa::store

#endif  // VAFA_STORE_BACKUP_ARCHIVE_H_
