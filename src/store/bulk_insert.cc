#include "store/bulk_insert.h"

#include <libpq-fe.h>
#include <soci/soci.h>
#include <sqlite3.h>

#include <charconv>
#include <mutex>

namespace vafa::store {

BulkInsert::BulkInsert(Database& db, std::string table,
                       std::vector<std::string> columns)
    : db_(db), table_(std::move(table)), columns_(std::move(columns)) {
  if (db_.backend() == Backend::kSqlite) {
    std::string sql = "INSERT INTO " + table_ + " (";
    std::string marks;
    for (size_t i = 0; i < columns_.size(); ++i) {
      sql += (i > 0 ? ", " : "") + columns_[i];
      marks += i > 0 ? ", ?" : "?";
    }
    sql += ") VALUES (" + marks + ")";
    auto* handle = static_cast<sqlite3*>(db_.sqlite_handle());
    if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &statement_, nullptr) !=
        SQLITE_OK) {
      bind_error_ = Status::Internal("preparing bulk insert into " + table_ +
                                     ": " + sqlite3_errmsg(handle));
    }
  } else {
    buffer_.reserve(kFlushBytes + (64 << 10));
  }
}

BulkInsert::~BulkInsert() {
  if (statement_ != nullptr) sqlite3_finalize(statement_);
}

void BulkInsert::Separate() {
  if (column_ > 0) buffer_ += '\t';
}

void BulkInsert::Int(int64_t value) {
  if (statement_ != nullptr) {
    sqlite3_bind_int64(statement_, ++column_, value);
    return;
  }
  Separate();
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  buffer_.append(digits, end);
  ++column_;
}

void BulkInsert::Double(double value) {
  if (statement_ != nullptr) {
    sqlite3_bind_double(statement_, ++column_, value);
    return;
  }
  Separate();
  char digits[32];
  auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  buffer_.append(digits, end);
  ++column_;
}

void BulkInsert::Text(std::string_view value) {
  if (statement_ != nullptr) {
    sqlite3_bind_text(statement_, ++column_, value.data(),
                      static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return;
  }
  Separate();
  // COPY text format: backslash escapes for the delimiter, line ends and
  // the backslash itself.
  for (char c : value) {
    switch (c) {
      case '\\':
        buffer_ += "\\\\";
        break;
      case '\t':
        buffer_ += "\\t";
        break;
      case '\n':
        buffer_ += "\\n";
        break;
      case '\r':
        buffer_ += "\\r";
        break;
      default:
        buffer_ += c;
    }
  }
  ++column_;
}

void BulkInsert::Null() {
  if (statement_ != nullptr) {
    sqlite3_bind_null(statement_, ++column_);
    return;
  }
  Separate();
  buffer_ += "\\N";
  ++column_;
}

Status BulkInsert::EndRow() {
  if (!bind_error_.ok()) return bind_error_;
  if (column_ != static_cast<int>(columns_.size())) {
    return Status::Internal("bulk insert into " + table_ + ": row has " +
                            std::to_string(column_) + " values for " +
                            std::to_string(columns_.size()) + " columns");
  }
  column_ = 0;
  ++rows_;
  if (statement_ != nullptr) {
    int rc = sqlite3_step(statement_);
    sqlite3_reset(statement_);
    if (rc != SQLITE_DONE) {
      auto* handle = static_cast<sqlite3*>(db_.sqlite_handle());
      return Status::Internal("inserting into " + table_ + ": " +
                              sqlite3_errmsg(handle));
    }
    return Status::Ok();
  }
  buffer_ += '\n';
  if (buffer_.size() >= kFlushBytes) return FlushPostgres();
  return Status::Ok();
}

Status BulkInsert::Flush() {
  if (!bind_error_.ok()) return bind_error_;
  if (statement_ != nullptr) return Status::Ok();
  return FlushPostgres();
}

Status BulkInsert::FlushPostgres() {
  if (buffer_.empty()) return Status::Ok();
  auto* conn = static_cast<PGconn*>(db_.postgres_handle());
  std::string sql = "COPY " + table_ + " (";
  for (size_t i = 0; i < columns_.size(); ++i) {
    sql += (i > 0 ? ", " : "") + columns_[i];
  }
  sql += ") FROM STDIN";
  PGresult* started = PQexec(conn, sql.c_str());
  bool copying = PQresultStatus(started) == PGRES_COPY_IN;
  PQclear(started);
  if (!copying) {
    return Status::Internal("starting COPY into " + table_ + ": " +
                            PQerrorMessage(conn));
  }
  bool sent = PQputCopyData(conn, buffer_.data(),
                            static_cast<int>(buffer_.size())) == 1;
  buffer_.clear();
  PQputCopyEnd(conn, sent ? nullptr : "client failed to send rows");
  Status status;
  while (PGresult* result = PQgetResult(conn)) {
    if (PQresultStatus(result) != PGRES_COMMAND_OK && status.ok()) {
      status = Status::Internal("copying rows into " + table_ + ": " +
                                PQresultErrorMessage(result));
    }
    PQclear(result);
  }
  return status;
}

void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sqlite3_initialize() == SQLITE_OK) {
      // Must precede initialisation; harmless if another part got there first.
      sqlite3_shutdown();
      sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
      sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
      sqlite3_initialize();
    }
  });
}

int64_t NextIdForBulk(Database& db, const std::string& table) {
  if (db.backend() == Backend::kPostgres) {
    db.sql() << "LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE";
  }
  long long max_id = 0;
  soci::indicator ind = soci::i_ok;
  db.sql() << "SELECT MAX(id) FROM " + table, soci::into(max_id, ind);
  return (ind == soci::i_null ? 0 : max_id) + 1;
}

void SyncIdSequence(Database& db, const std::string& table) {
  if (db.backend() != Backend::kPostgres) return;
  db.sql() << "SELECT setval(pg_get_serial_sequence('" + table +
                  "', 'id'), (SELECT COALESCE(MAX(id), 1) FROM " + table + "))";
}

}  // namespace vafa::store
