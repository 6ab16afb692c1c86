// Backup and restore of a whole store, on either backend, while it is in use.
//
// A backup is one SQLite database file (docs/backup.md): every table of the
// store with its rows as of one committed state, plus `vafa_backup` (the
// format, the source's backend, the schema version, when it was taken) and
// `vafa_backup_tables` (each table's row count and checksum). From SQLite it
// is made with SQLite's online backup API in one read transaction, so
// writers carry on (WAL) and the copy is one committed state, with the
// schema and indexes. From PostgreSQL it is a logical copy of every table
// read in one REPEATABLE READ, READ ONLY transaction (one snapshot), written
// as plain tables. The file is written beside FILE and renamed into place
// when complete, so FILE is either absent or whole.
//
// A restore loads a backup into an empty store of either backend in one
// transaction: it creates the schema up to the backup's version when the
// store has none, copies every table (parents before children), moves
// PostgreSQL's identity sequences past the restored ids, compares each
// table's rows and checksum with the backup's, and commits only when all
// match. Migrations newer than the backup are then applied as usual. A
// backup from a newer schema than this program knows is refused, and so is
// a store that holds any row; a refused or failed restore changes nothing.
//
// Both read and write whole tables in streaming fashion (memory does not grow
// with the store). Not thread-safe: one Database per call, as everywhere.
#ifndef VAFA_STORE_BACKUP_H_
#define VAFA_STORE_BACKUP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace vafa::store {

// One table as copied: its rows and an order-independent checksum of their
// values (64 bits, the same for the same rows on either backend).
struct TableDigest {
  std::string table;
  int64_t rows = 0;
  uint64_t checksum = 0;
};

struct BackupReport {
  std::string file;
  std::string method;  // "sqlite online backup" or "postgresql snapshot"
  int schema_version = 0;
  std::vector<TableDigest> tables;
  int64_t bytes = 0;  // the file's size
};

// Writes a backup of `source` to `file`, which must not exist yet.
Result<BackupReport> WriteBackup(Database& source, const std::string& file);

struct RestoreReport {
  int schema_version = 0;      // the backup's
  int migrations_applied = 0;  // after the restore, up to this program's
  std::vector<TableDigest> tables;
};

// Loads the backup in `file` into `target`, which must be empty (opened
// without migrating, or migrated to exactly the backup's schema version).
Result<RestoreReport> RestoreBackup(Database& target, const std::string& file);

// Every table of `db` (but schema_migrations) with its rows and checksum,
// read in one snapshot: what a backup of it now would record.
Result<std::vector<TableDigest>> DigestStore(Database& db);

// The checksum as 16 hexadecimal digits.
std::string ChecksumText(uint64_t checksum);

}  // namespace vafa::store

#endif  // VAFA_STORE_BACKUP_H_
