#include "store/backup.h"

#include <soci/soci.h>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>

#include "core/hash.h"
#include "store/bulk_insert.h"
#include "store/bulk_read.h"
#include "store/internal/backup_archive.h"
#include "store/migrations.h"

namespace vafa::store {
namespace {

// The value of vafa_backup's "format" key; a reader refuses other values.
constexpr char kFormat[] = "vafa-backup 1";
constexpr char kSchemaMigrations[] = "schema_migrations";

// Tables a migration fills in a new store (the audit chain's head, 0011):
// not a sign of data, and restored from the backup like any other.
bool IsSeededByMigrations(std::string_view table) {
  return table == "audit_chain";
}

// The live store's catalog.
constexpr char kSqliteTables[] =
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
    "'sqlite\\_%' ESCAPE '\\' ORDER BY name";
constexpr char kSqliteColumns[] =
    "SELECT name, type FROM pragma_table_info(:t) ORDER BY cid";
constexpr char kSqliteParents[] =
    "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(:t)";
constexpr char kPostgresTables[] =
    "SELECT table_name::text FROM information_schema.tables WHERE "
    "table_schema = current_schema() AND table_type = 'BASE TABLE' "
    "AND table_name NOT IN (SELECT relname FROM pg_class WHERE "
    "relispartition) ORDER BY table_name";
constexpr char kPostgresColumns[] =
    "SELECT column_name::text, data_type::text, is_identity::text FROM "
    "information_schema.columns WHERE table_schema = current_schema() AND "
    "table_name = :t ORDER BY ordinal_position";
constexpr char kPostgresParents[] =
    "SELECT DISTINCT parent.relname::text FROM pg_constraint k "
    "JOIN pg_class child ON child.oid = k.conrelid "
    "JOIN pg_class parent ON parent.oid = k.confrelid "
    "WHERE k.contype = 'f' AND child.relname = :t AND "
    "child.relnamespace = current_schema()::regnamespace";
constexpr char kRecordMigration[] =
    "INSERT INTO schema_migrations (version, name, applied_at) "
    "VALUES (:v, :n, :a)";

std::vector<std::string> Strings(Database& db, const std::string& sql,
                                 const std::string* table = nullptr) {
  std::vector<std::string> values;
  soci::rowset<std::string> rows =
      table == nullptr ? (db.sql().prepare << sql)
                       : (db.sql().prepare << sql, soci::use(*table));
  for (const std::string& value : rows) values.push_back(value);
  return values;
}

// Reads a table's rows as cells and hands them on.
Status ReadCells(Database& db, const TableShape& table,
                 const RowCallback& row) {
  std::string sql = "SELECT ";
  for (size_t i = 0; i < table.columns.size(); ++i) {
    sql += (i > 0 ? ", " : "") + QuotedName(table.columns[i].name);
  }
  sql += " FROM " + QuotedName(table.name);
  std::vector<Cell> cells(table.columns.size());
  return ForEachBulkRow(db, sql, [&](const BulkRow& bulk) -> Status {
    for (size_t i = 0; i < cells.size(); ++i) {
      const int column = static_cast<int>(i);
      Cell& cell = cells[i];
      cell = Cell{};
      cell.null = bulk.IsNull(column);
      if (cell.null) continue;
      switch (table.columns[i].kind) {
        case ValueKind::kInteger:
          cell.integer = bulk.Int(column);
          break;
        case ValueKind::kReal:
          cell.real = bulk.Double(column);
          break;
        case ValueKind::kText:
          cell.text = bulk.Text(column);
          break;
      }
    }
    return row(cells);
  });
}

// What the archive holds: each table's digest (all but schema_migrations)
// and the highest schema version recorded.
Status SummarizeArchive(BackupArchive& archive, std::vector<TableDigest>& out,
                        int& schema_version) {
  auto tables = archive.Tables();
  if (!tables.ok()) return tables.status();
  schema_version = 0;
  for (const TableShape& table : *tables) {
    if (table.name == kSchemaMigrations) {
      TableShape versions{table.name, {{"version", ValueKind::kInteger}}, {}};
      Status status = archive.ForEachRow(versions, [&](auto row) {
        schema_version =
            std::max(schema_version, static_cast<int>(row[0].integer));
        return Status::Ok();
      });
      if (!status.ok()) return status;
      continue;
    }
    RowChecksum checksum(table);
    Status status = archive.ForEachRow(table, [&](auto row) {
      checksum.Add(row);
      return Status::Ok();
    });
    if (!status.ok()) return status;
    out.push_back({table.name, checksum.rows(), checksum.value()});
  }
  return Status::Ok();
}

// ReadSnapshot turns sorts off for the analytics' ordered scans; the
// catalog's views need them (without, their joins take minutes).
void PlanCatalogQueries(Database& db) {
  if (db.backend() == Backend::kPostgres) {
    db.sql() << "SET LOCAL enable_sort = on";
  }
}

// Copies every table of a PostgreSQL store, read in one snapshot.
Status CopyPostgresStore(Database& source, BackupArchive& archive) {
  ReadSnapshot snapshot(source);
  PlanCatalogQueries(source);
  auto tables = StoreTables(source);
  if (!tables.ok()) return tables.status();
  Status status = archive.Begin();
  for (const TableShape& table : *tables) {
    if (status.ok()) status = archive.CreateTable(table);
    if (status.ok()) status = archive.BeginRows(table);
    if (status.ok()) {
      status = ReadCells(source, table, [&](std::span<const Cell> row) {
        return archive.AddRow(row);
      });
    }
    if (status.ok()) status = archive.EndRows();
  }
  if (status.ok()) status = archive.Commit();
  return status;
}

Status ApplyMigrationsUpTo(Database& db, int version) {
  for (const Migration& migration : AllMigrations()) {
    if (migration.version > version) break;
    for (const std::string& statement :
         MigrationStatements(migration, db.backend())) {
      db.sql() << statement;
    }
    int number = migration.version;
    std::string name(migration.name);
    int64_t now = NowSeconds();
    db.sql() << kRecordMigration, soci::use(number), soci::use(name),
        soci::use(now);
  }
  return Status::Ok();
}

bool HasRows(Database& db, const std::string& table) {
  int rows = 0;
  db.sql() << "SELECT COUNT(*) FROM (SELECT 1 FROM " + QuotedName(table) +
                  " LIMIT 1) AS probe",
      soci::into(rows);
  return rows > 0;
}

// Moves each identity sequence past the highest id restored.
void SyncIdentities(Database& db, const TableShape& table) {
  if (db.backend() != Backend::kPostgres) return;
  for (const TableColumn& column : table.columns) {
    if (!column.identity) continue;
    db.sql() << "SELECT setval(pg_get_serial_sequence(:t, :c), top) FROM "
                "(SELECT MAX(" +
                    QuotedName(column.name) + ") AS top FROM " +
                    QuotedName(table.name) + ") AS m WHERE top IS NOT NULL",
        soci::use(table.name), soci::use(column.name);
  }
}

// The archive's table for a store table, with the store's column order;
// an error names what differs.
Result<TableShape> Counterpart(const std::string& file, const TableShape& table,
                               const std::map<std::string, TableShape>& saved,
                               int version) {
  auto found = saved.find(table.name);
  if (found == saved.end()) {
    return Status::Invalid(file + ": has no table " + table.name +
                           ", which schema version " + std::to_string(version) +
                           " has");
  }
  TableShape shape{table.name, {}, {}};
  for (const TableColumn& column : table.columns) {
    auto same = std::find_if(
        found->second.columns.begin(), found->second.columns.end(),
        [&](const TableColumn& c) { return c.name == column.name; });
    if (same == found->second.columns.end()) {
      return Status::Invalid(file + ": table " + table.name +
                             " has no column " + column.name);
    }
    shape.columns.push_back(*same);
  }
  if (shape.columns.size() != found->second.columns.size()) {
    return Status::Invalid(file + ": table " + table.name +
                           " has columns the store's schema does not");
  }
  return shape;
}

Status CopyTable(BackupArchive& archive, const TableShape& saved,
                 Database& target, RowChecksum& checksum) {
  std::vector<std::string> names;
  for (const TableColumn& column : saved.columns) names.push_back(column.name);
  BulkInsert insert(target, saved.name, names);
  Status status = archive.ForEachRow(saved, [&](std::span<const Cell> row) {
    checksum.Add(row);
    for (size_t i = 0; i < row.size(); ++i) {
      const Cell& cell = row[i];
      if (cell.null) {
        insert.Null();
        continue;
      }
      switch (saved.columns[i].kind) {
        case ValueKind::kInteger:
          insert.Int(cell.integer);
          break;
        case ValueKind::kReal:
          insert.Double(cell.real);
          break;
        case ValueKind::kText:
          insert.Text(cell.text);
          break;
      }
    }
    return insert.EndRow();
  });
  Status flushed = insert.Flush();
  return status.ok() ? flushed : status;
}

Status CheckAgainst(const std::string& what, const TableDigest& expected,
                    const RowChecksum& got) {
  if (expected.rows == got.rows() && expected.checksum == got.value()) {
    return Status::Ok();
  }
  return Status::Internal(
      what + ": table " + expected.table + ": " + std::to_string(got.rows()) +
      " rows with checksum " + ChecksumText(got.value()) + ", but the backup " +
      "recorded " + std::to_string(expected.rows) + " rows with checksum " +
      ChecksumText(expected.checksum));
}

}  // namespace

ValueKind KindOfDeclaredType(std::string_view type) {
  std::string upper(type);
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  if (upper.find("INT") != std::string::npos) return ValueKind::kInteger;
  if (upper.find("REAL") != std::string::npos ||
      upper.find("FLOA") != std::string::npos ||
      upper.find("DOUB") != std::string::npos) {
    return ValueKind::kReal;
  }
  return ValueKind::kText;
}

std::vector<TableShape> InDependencyOrder(std::vector<TableShape> tables) {
  std::vector<TableShape> ordered;
  std::set<std::string> placed;
  std::set<std::string> known;
  for (const TableShape& table : tables) known.insert(table.name);
  while (!tables.empty()) {
    auto ready = std::stable_partition(
        tables.begin(), tables.end(), [&](const TableShape& table) {
          return std::all_of(table.parents.begin(), table.parents.end(),
                             [&](const std::string& parent) {
                               return parent == table.name ||
                                      placed.count(parent) > 0 ||
                                      known.count(parent) == 0;
                             });
        });
    // A cycle of references: take the rest as they are.
    if (ready == tables.begin()) ready = tables.end();
    for (auto it = tables.begin(); it != ready; ++it) placed.insert(it->name);
    ordered.insert(ordered.end(), std::make_move_iterator(tables.begin()),
                   std::make_move_iterator(ready));
    tables.erase(tables.begin(), ready);
  }
  return ordered;
}

std::string QuotedName(std::string_view name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string ChecksumText(uint64_t checksum) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx",
                static_cast<unsigned long long>(checksum));
  return text;
}

RowChecksum::RowChecksum(const TableShape& table) {
  for (const TableColumn& column : table.columns) kinds_.push_back(column.kind);
  order_.resize(table.columns.size());
  std::iota(order_.begin(), order_.end(), size_t{0});
  std::sort(order_.begin(), order_.end(), [&](size_t a, size_t b) {
    return table.columns[a].name < table.columns[b].name;
  });
}

void RowChecksum::Add(std::span<const Cell> row) {
  // Each value tagged with its kind and length, so that no two different
  // rows encode alike; columns in name order, so that the checksum does not
  // depend on the order a backend keeps them in.
  encoded_.clear();
  for (size_t column : order_) {
    const Cell& cell = row[column];
    if (cell.null) {
      encoded_ += 'N';
      continue;
    }
    switch (kinds_[column]) {
      case ValueKind::kInteger:
        encoded_ += 'I' + std::to_string(cell.integer) + ';';
        break;
      case ValueKind::kReal:
        encoded_ += 'R' + ChecksumText(std::bit_cast<uint64_t>(cell.real));
        break;
      case ValueKind::kText:
        encoded_ += 'T' + std::to_string(cell.text.size()) + ':';
        encoded_ += cell.text;
        break;
    }
  }
  sum_ += Mix64(Fnv1a64(encoded_));
  ++rows_;
}

Result<std::vector<TableShape>> StoreTables(Database& db) {
  try {
    const bool sqlite = db.backend() == Backend::kSqlite;
    std::vector<TableShape> tables;
    for (std::string& name :
         Strings(db, sqlite ? kSqliteTables : kPostgresTables)) {
      TableShape table{std::move(name), {}, {}};
      soci::rowset<soci::row> columns =
          (db.sql().prepare << (sqlite ? kSqliteColumns : kPostgresColumns),
           soci::use(table.name));
      for (const soci::row& column : columns) {
        table.columns.push_back(
            {column.get<std::string>(0),
             KindOfDeclaredType(column.get<std::string>(1)),
             !sqlite && column.get<std::string>(2) == "YES"});
      }
      table.parents =
          Strings(db, sqlite ? kSqliteParents : kPostgresParents, &table.name);
      tables.push_back(std::move(table));
    }
    return InDependencyOrder(std::move(tables));
  } catch (const std::exception& error) {
    return DatabaseError("listing the store's tables", error);
  }
}

Result<std::vector<TableDigest>> DigestStore(Database& db) {
  ReadSnapshot snapshot(db);
  PlanCatalogQueries(db);
  auto tables = StoreTables(db);
  if (!tables.ok()) return tables.status();
  std::vector<TableDigest> digests;
  for (const TableShape& table : *tables) {
    if (table.name == kSchemaMigrations) continue;
    RowChecksum checksum(table);
    Status status = ReadCells(db, table, [&](std::span<const Cell> row) {
      checksum.Add(row);
      return Status::Ok();
    });
    if (!status.ok()) return status;
    digests.push_back({table.name, checksum.rows(), checksum.value()});
  }
  std::sort(digests.begin(), digests.end(),
            [](const auto& a, const auto& b) { return a.table < b.table; });
  return digests;
}

Result<BackupReport> WriteBackup(Database& source, const std::string& file) {
  auto archive = BackupArchive::Create(file);
  if (!archive.ok()) return archive.status();
  BackupReport report;
  report.file = file;
  Status status;
  if (source.backend() == Backend::kSqlite) {
    report.method = "sqlite online backup";
    status = (*archive)->CopyWholeSqliteStore(source);
  } else {
    report.method = "postgresql snapshot";
    status = CopyPostgresStore(source, **archive);
  }
  if (status.ok()) {
    status = SummarizeArchive(**archive, report.tables, report.schema_version);
  }
  if (status.ok()) {
    status = (*archive)->WriteInfo(
        {{"format", kFormat},
         {"source_backend",
          source.backend() == Backend::kSqlite ? "sqlite" : "postgresql"},
         {"method", report.method},
         {"schema_version", std::to_string(report.schema_version)},
         {"taken_at", std::to_string(NowSeconds())}},
        report.tables);
  }
  if (!status.ok()) return status;
  auto bytes = (*archive)->Finish();
  if (!bytes.ok()) return bytes.status();
  report.bytes = *bytes;
  return report;
}

Result<RestoreReport> RestoreBackup(Database& target, const std::string& file) {
  auto opened = BackupArchive::OpenForReading(file);
  if (!opened.ok()) return opened.status();
  BackupArchive& archive = **opened;
  auto format = archive.Info("format");
  if (!format.ok()) return format.status();
  if (*format != kFormat) {
    return Status::Invalid(file + ": format \"" + *format +
                           "\" is not one this vafa reads (\"" + kFormat +
                           "\")");
  }
  auto version_text = archive.Info("schema_version");
  if (!version_text.ok()) return version_text.status();
  RestoreReport report;
  report.schema_version = std::atoi(version_text->c_str());
  const int latest = AllMigrations().back().version;
  if (report.schema_version > latest) {
    return Status::Refused(
        file, file + ": holds schema version " +
                  std::to_string(report.schema_version) +
                  ", newer than this vafa knows (" + std::to_string(latest) +
                  "): restore it with the vafa that wrote it, or a newer one");
  }
  auto manifest = archive.Manifest();
  if (!manifest.ok()) return manifest.status();
  std::map<std::string, TableDigest> expected;
  for (const TableDigest& table : *manifest) expected[table.table] = table;
  auto saved_tables = archive.Tables();
  if (!saved_tables.ok()) return saved_tables.status();
  std::map<std::string, TableShape> saved;
  for (TableShape& table : *saved_tables) saved[table.name] = std::move(table);

  auto applied = target.AppliedMigrations();
  if (!applied.ok()) return applied.status();
  if (!applied->empty() && applied->back() != report.schema_version) {
    return Status::Refused(
        target.location(),
        target.location() + ": the store is at schema version " +
            std::to_string(applied->back()) + " and the backup at " +
            std::to_string(report.schema_version) +
            ": restore into a new store (a new file, or a new PostgreSQL "
            "database), which the restore creates at the backup's version");
  }
  Status status = InTransaction(target, [&]() -> Status {
    if (applied->empty()) {
      Status created = ApplyMigrationsUpTo(target, report.schema_version);
      if (!created.ok()) return created;
    }
    auto tables = StoreTables(target);
    if (!tables.ok()) return tables.status();
    std::vector<TableShape> copies;
    for (const TableShape& table : *tables) {
      if (table.name == kSchemaMigrations) continue;
      if (IsSeededByMigrations(table.name)) {
        // Its rows in a new store are the migrations' own, and the backup
        // holds the source's: those replace them.
        try {
          target.sql() << "DELETE FROM " + table.name;
        } catch (const std::exception& error) {
          return DatabaseError("clearing " + table.name, error);
        }
      } else if (HasRows(target, table.name)) {
        return Status::Refused(
            target.location(),
            target.location() + ": the store is not empty (table " +
                table.name +
                " has rows); a restore needs an empty store, and this one "
                "is left as it was");
      }
      auto copy = Counterpart(file, table, saved, report.schema_version);
      if (!copy.ok()) return copy.status();
      copies.push_back(std::move(*copy));
    }
    for (const auto& saved_table : saved) {
      // Not a structured binding: clang 14 cannot capture one in a lambda.
      const std::string& name = saved_table.first;
      if (name != kSchemaMigrations &&
          std::none_of(copies.begin(), copies.end(),
                       [&](const TableShape& t) { return t.name == name; })) {
        return Status::Invalid(file + ": table " + name +
                               " is not part of schema version " +
                               std::to_string(report.schema_version));
      }
    }
    for (size_t i = 0; i < copies.size(); ++i) {
      const TableShape& copy = copies[i];
      RowChecksum checksum(copy);
      Status copied = CopyTable(archive, copy, target, checksum);
      if (!copied.ok()) return copied.WithPlace("table " + copy.name);
      Status same =
          CheckAgainst(file + " (damaged?)", expected[copy.name], checksum);
      if (!same.ok()) return same;
    }
    for (const TableShape& table : *tables) SyncIdentities(target, table);
    // What was written reads back as what the backup recorded.
    for (const TableShape& copy : copies) {
      RowChecksum checksum(copy);
      Status read = ReadCells(target, copy, [&](std::span<const Cell> row) {
        checksum.Add(row);
        return Status::Ok();
      });
      if (!read.ok()) return read;
      Status same =
          CheckAgainst(target.location(), expected[copy.name], checksum);
      if (!same.ok()) return same;
      report.tables.push_back(expected[copy.name]);
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  auto migrated = target.Migrate();
  if (!migrated.ok()) return migrated.status();
  report.migrations_applied = *migrated;
  std::sort(report.tables.begin(), report.tables.end(),
            [](const auto& a, const auto& b) { return a.table < b.table; });
  return report;
}

}  // namespace vafa::store
