// The backup file through the sqlite3 C API (see backup_archive.h).
#include "store/internal/backup_archive.h"

#include <sqlite3.h>

#include <filesystem>
#include <system_error>

namespace vafa::store {
namespace {

constexpr char kCreateInfo[] =
    "CREATE TABLE vafa_backup (key TEXT PRIMARY KEY, value TEXT NOT NULL)";
constexpr char kCreateManifest[] =
    "CREATE TABLE vafa_backup_tables (name TEXT PRIMARY KEY, "
    "rows INTEGER NOT NULL, checksum TEXT NOT NULL)";
constexpr char kInsertInfo[] =
    "INSERT INTO vafa_backup (key, value) VALUES (?, ?)";
constexpr char kInsertManifest[] =
    "INSERT INTO vafa_backup_tables (name, rows, checksum) VALUES (?, ?, ?)";
constexpr char kSelectInfo[] = "SELECT value FROM vafa_backup WHERE key = ?";
constexpr char kSelectManifest[] =
    "SELECT name, rows, checksum FROM vafa_backup_tables ORDER BY name";
constexpr char kSelectTables[] =
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
    "'sqlite\\_%' ESCAPE '\\' AND name NOT IN ('vafa_backup', "
    "'vafa_backup_tables') ORDER BY name";
constexpr char kSelectColumns[] =
    "SELECT name, type FROM pragma_table_info(?) ORDER BY cid";
constexpr char kSelectParents[] =
    "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)";

std::string_view ColumnText(sqlite3_stmt* statement, int column) {
  const unsigned char* text = sqlite3_column_text(statement, column);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<size_t>(sqlite3_column_bytes(statement, column))};
}

// A prepared statement finalised at the end of the scope.
class Statement {
 public:
  Statement(sqlite3* handle, const std::string& sql) {
    rc_ = sqlite3_prepare_v2(handle, sql.c_str(), -1, &statement_, nullptr);
  }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() { return statement_; }
  void Bind(int index, std::string_view text) {
    sqlite3_bind_text(statement_, index, text.data(),
                      static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }

 private:
  sqlite3_stmt* statement_ = nullptr;
  int rc_ = SQLITE_OK;
};

}  // namespace

BackupArchive::BackupArchive(sqlite3* handle, std::string file,
                             std::string writing)
    : handle_(handle), file_(std::move(file)), writing_(std::move(writing)) {}

BackupArchive::~BackupArchive() {
  sqlite3_finalize(insert_);
  if (handle_ != nullptr) sqlite3_close(handle_);
  // An archive abandoned before Finish() leaves nothing behind.
  if (!writing_.empty()) {
    std::error_code ignored;
    std::filesystem::remove(writing_, ignored);
    std::filesystem::remove(writing_ + "-journal", ignored);
  }
}

Result<std::unique_ptr<BackupArchive>> BackupArchive::Create(
    const std::string& file) {
  std::error_code error;
  if (std::filesystem::exists(file, error)) {
    return Status::Conflict(file +
                            ": exists already; choose another name or remove "
                            "it first (a backup never overwrites a file)");
  }
  const std::string writing = file + ".partial";
  std::filesystem::remove(writing, error);
  std::filesystem::remove(writing + "-journal", error);
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(writing.c_str(), &handle,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      nullptr) != SQLITE_OK) {
    std::string message = handle != nullptr ? sqlite3_errmsg(handle) : "";
    sqlite3_close(handle);
    return Status::Invalid(writing + ": cannot create: " + message);
  }
  std::unique_ptr<BackupArchive> archive(
      new BackupArchive(handle, file, writing));
  // A backup holds password and token hashes: readable by its owner only.
  std::filesystem::permissions(
      writing,
      std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
      error);
  if (error) {
    return Status::Invalid(writing +
                           ": cannot restrict access: " + error.message());
  }
  // The file is written once and renamed into place, so its journal only
  // needs to survive a crash of this process (synchronous FULL at Finish).
  Status status = archive->Exec("PRAGMA journal_mode = DELETE", "setting up");
  if (!status.ok()) return status;
  return archive;
}

Result<std::unique_ptr<BackupArchive>> BackupArchive::OpenForReading(
    const std::string& file) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) {
    return Status::NotFound(file + ": no such backup file");
  }
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(file.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) !=
      SQLITE_OK) {
    std::string message = handle != nullptr ? sqlite3_errmsg(handle) : "";
    sqlite3_close(handle);
    return Status::Invalid(file + ": cannot open: " + message);
  }
  std::unique_ptr<BackupArchive> archive(new BackupArchive(handle, file, ""));
  auto format = archive->Info("format");
  if (!format.ok()) return format.status();
  return archive;
}

Status BackupArchive::Exec(const std::string& sql, std::string_view what) {
  if (sqlite3_exec(handle_, sql.c_str(), nullptr, nullptr, nullptr) !=
      SQLITE_OK) {
    return Error(what);
  }
  return Status::Ok();
}

Status BackupArchive::Error(std::string_view what) {
  return Status::Internal(file_ + ": " + std::string(what) + ": " +
                          sqlite3_errmsg(handle_));
}

Status BackupArchive::CopyWholeSqliteStore(Database& source) {
  auto* from = static_cast<sqlite3*>(source.sqlite_handle());
  sqlite3_backup* backup = sqlite3_backup_init(handle_, "main", from, "main");
  if (backup == nullptr) return Error("starting the online backup");
  // All pages in one step: one read transaction on the source, so the copy
  // is one committed state; in WAL mode writers are not held up meanwhile.
  // (Stepping in pieces would restart whenever another process writes.)
  int rc = SQLITE_OK;
  while ((rc = sqlite3_backup_step(backup, -1)) == SQLITE_BUSY ||
         rc == SQLITE_LOCKED) {
    sqlite3_sleep(50);
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    return Status::Internal(file_ + ": online backup of " + source.location() +
                            ": " + sqlite3_errstr(rc));
  }
  return Exec("PRAGMA journal_mode = DELETE", "leaving WAL mode");
}

Status BackupArchive::Begin() { return Exec("BEGIN", "beginning"); }
Status BackupArchive::Commit() { return Exec("COMMIT", "committing"); }

Status BackupArchive::CreateTable(const TableShape& table) {
  std::string sql = "CREATE TABLE " + QuotedName(table.name) + " (";
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const TableColumn& column = table.columns[i];
    sql += (i > 0 ? ", " : "") + QuotedName(column.name);
    sql += column.kind == ValueKind::kInteger ? " INTEGER"
           : column.kind == ValueKind::kReal  ? " REAL"
                                              : " TEXT";
  }
  sql += ")";
  return Exec(sql, "creating table " + table.name);
}

Status BackupArchive::BeginRows(const TableShape& table) {
  std::string sql = "INSERT INTO " + QuotedName(table.name) + " VALUES (";
  for (size_t i = 0; i < table.columns.size(); ++i) sql += i > 0 ? ", ?" : "?";
  sql += ")";
  sqlite3_finalize(insert_);
  insert_ = nullptr;
  insert_table_ = table.name;
  insert_kinds_.clear();
  for (const TableColumn& column : table.columns) {
    insert_kinds_.push_back(column.kind);
  }
  if (sqlite3_prepare_v2(handle_, sql.c_str(), -1, &insert_, nullptr) !=
      SQLITE_OK) {
    return Error("writing table " + table.name);
  }
  return Status::Ok();
}

Status BackupArchive::AddRow(std::span<const Cell> row) {
  for (size_t i = 0; i < row.size(); ++i) {
    const Cell& cell = row[i];
    const int index = static_cast<int>(i) + 1;
    if (cell.null) {
      sqlite3_bind_null(insert_, index);
      continue;
    }
    switch (insert_kinds_[i]) {
      case ValueKind::kInteger:
        sqlite3_bind_int64(insert_, index, cell.integer);
        break;
      case ValueKind::kReal:
        sqlite3_bind_double(insert_, index, cell.real);
        break;
      case ValueKind::kText:
        sqlite3_bind_text(insert_, index, cell.text.data(),
                          static_cast<int>(cell.text.size()), SQLITE_STATIC);
        break;
    }
  }
  if (sqlite3_step(insert_) != SQLITE_DONE) {
    return Error("writing a row of " + insert_table_);
  }
  sqlite3_reset(insert_);
  return Status::Ok();
}

Status BackupArchive::EndRows() {
  sqlite3_finalize(insert_);
  insert_ = nullptr;
  return Status::Ok();
}

Result<std::vector<TableShape>> BackupArchive::Tables() {
  std::vector<TableShape> tables;
  {
    Statement names(handle_, kSelectTables);
    if (!names.ok()) return Error("listing tables");
    while (sqlite3_step(names.get()) == SQLITE_ROW) {
      tables.push_back({std::string(ColumnText(names.get(), 0)), {}, {}});
    }
  }
  for (TableShape& table : tables) {
    Statement columns(handle_, kSelectColumns);
    Statement parents(handle_, kSelectParents);
    if (!columns.ok() || !parents.ok()) return Error("reading " + table.name);
    columns.Bind(1, table.name);
    while (sqlite3_step(columns.get()) == SQLITE_ROW) {
      table.columns.push_back({std::string(ColumnText(columns.get(), 0)),
                               KindOfDeclaredType(ColumnText(columns.get(), 1)),
                               false});
    }
    parents.Bind(1, table.name);
    while (sqlite3_step(parents.get()) == SQLITE_ROW) {
      table.parents.emplace_back(ColumnText(parents.get(), 0));
    }
  }
  return tables;
}

Status BackupArchive::ForEachRow(const TableShape& table,
                                 const RowCallback& row) {
  std::string sql = "SELECT ";
  for (size_t i = 0; i < table.columns.size(); ++i) {
    sql += (i > 0 ? ", " : "") + QuotedName(table.columns[i].name);
  }
  sql += " FROM " + QuotedName(table.name);
  Statement select(handle_, sql);
  if (!select.ok()) return Error("reading table " + table.name);
  std::vector<Cell> cells(table.columns.size());
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
    for (size_t i = 0; i < cells.size(); ++i) {
      const int column = static_cast<int>(i);
      Cell& cell = cells[i];
      cell = Cell{};
      cell.null = sqlite3_column_type(select.get(), column) == SQLITE_NULL;
      if (cell.null) continue;
      switch (table.columns[i].kind) {
        case ValueKind::kInteger:
          cell.integer = sqlite3_column_int64(select.get(), column);
          break;
        case ValueKind::kReal:
          cell.real = sqlite3_column_double(select.get(), column);
          break;
        case ValueKind::kText:
          cell.text = ColumnText(select.get(), column);
          break;
      }
    }
    Status status = row(cells);
    if (!status.ok()) return status;
  }
  if (rc != SQLITE_DONE) return Error("reading table " + table.name);
  return Status::Ok();
}

Status BackupArchive::WriteInfo(
    const std::vector<std::pair<std::string, std::string>>& info,
    const std::vector<TableDigest>& tables) {
  Status status = Exec("BEGIN", "writing the manifest");
  if (status.ok()) status = Exec(kCreateInfo, "writing the manifest");
  if (status.ok()) status = Exec(kCreateManifest, "writing the manifest");
  if (!status.ok()) return status;
  for (const auto& [key, value] : info) {
    Statement insert(handle_, kInsertInfo);
    insert.Bind(1, key);
    insert.Bind(2, value);
    if (sqlite3_step(insert.get()) != SQLITE_DONE) {
      return Error("writing the manifest");
    }
  }
  for (const TableDigest& table : tables) {
    Statement insert(handle_, kInsertManifest);
    insert.Bind(1, table.table);
    sqlite3_bind_int64(insert.get(), 2, table.rows);
    insert.Bind(3, ChecksumText(table.checksum));
    if (sqlite3_step(insert.get()) != SQLITE_DONE) {
      return Error("writing the manifest");
    }
  }
  return Exec("COMMIT", "writing the manifest");
}

Result<std::string> BackupArchive::Info(const std::string& key) {
  Statement select(handle_, kSelectInfo);
  if (!select.ok()) {
    return Status::Invalid(file_ +
                           ": not a vafa backup (it has no vafa_backup table)");
  }
  select.Bind(1, key);
  if (sqlite3_step(select.get()) != SQLITE_ROW) return std::string();
  return std::string(ColumnText(select.get(), 0));
}

Result<std::vector<TableDigest>> BackupArchive::Manifest() {
  Statement select(handle_, kSelectManifest);
  if (!select.ok()) return Error("reading the manifest");
  std::vector<TableDigest> tables;
  while (sqlite3_step(select.get()) == SQLITE_ROW) {
    TableDigest table;
    table.table = std::string(ColumnText(select.get(), 0));
    table.rows = sqlite3_column_int64(select.get(), 1);
    table.checksum =
        std::stoull(std::string(ColumnText(select.get(), 2)), nullptr, 16);
    tables.push_back(std::move(table));
  }
  return tables;
}

Result<int64_t> BackupArchive::Finish() {
  // Every transaction on the archive was synced (rollback journal,
  // synchronous FULL by default).
  if (sqlite3_close(handle_) != SQLITE_OK) return Error("closing");
  handle_ = nullptr;
  std::error_code error;
  std::filesystem::rename(writing_, file_, error);
  if (error) {
    return Status::Internal(writing_ + ": cannot rename to " + file_ + ": " +
                            error.message());
  }
  writing_.clear();
  const auto size = std::filesystem::file_size(file_, error);
  return error ? int64_t{0} : static_cast<int64_t>(size);
}

}  // namespace vafa::store
