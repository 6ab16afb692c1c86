#include "store/bulk_read.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <charconv>

namespace vafa::store {
namespace {

// Undoes COPY text format's backslash escapes.
void Unescape(std::string_view field, std::string& out) {
  for (size_t i = 0; i < field.size(); ++i) {
    char c = field[i];
    if (c != '\\' || i + 1 == field.size()) {
      out += c;
      continue;
    }
    switch (char next = field[++i]) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      default:
        out += next;
    }
  }
}

Status ReadSqlite(Database& db, std::string_view sql,
                  const int64_t* workspace_id,
                  const std::function<Status(const BulkRow&)>& row,
                  BulkRow& current, sqlite3_stmt*& statement) {
  auto* handle = static_cast<sqlite3*>(db.sqlite_handle());
  if (sqlite3_prepare_v2(handle, sql.data(), static_cast<int>(sql.size()),
                         &statement, nullptr) != SQLITE_OK) {
    return Status::Internal(std::string("reading the store: ") +
                            sqlite3_errmsg(handle));
  }
  if (workspace_id != nullptr) sqlite3_bind_int64(statement, 1, *workspace_id);
  int rc = SQLITE_OK;
  Status status;
  while (status.ok() && (rc = sqlite3_step(statement)) == SQLITE_ROW) {
    status = row(current);
  }
  if (status.ok() && rc != SQLITE_DONE) {
    status = Status::Internal(std::string("reading the store: ") +
                              sqlite3_errmsg(handle));
  }
  sqlite3_finalize(statement);
  statement = nullptr;
  return status;
}

}  // namespace

int64_t BulkRow::Int(int column) const {
  if (statement_ != nullptr) return sqlite3_column_int64(statement_, column);
  std::string_view text = fields_[column];
  int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

double BulkRow::Double(int column) const {
  if (statement_ != nullptr) return sqlite3_column_double(statement_, column);
  std::string_view text = fields_[column];
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::string_view BulkRow::Text(int column) const {
  if (statement_ != nullptr) {
    const unsigned char* text = sqlite3_column_text(statement_, column);
    return text == nullptr
               ? std::string_view()
               : std::string_view(reinterpret_cast<const char*>(text),
                                  static_cast<size_t>(sqlite3_column_bytes(
                                      statement_, column)));
  }
  return fields_[column];
}

bool BulkRow::IsNull(int column) const {
  if (statement_ != nullptr) {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
  }
  return null_[column];
}

Status ForEachBulkRow(Database& db, std::string_view sql, int64_t workspace_id,
                      const std::function<Status(const BulkRow&)>& row) {
  return ReadBulkRows(db, sql, &workspace_id, row);
}

Status ForEachBulkRow(Database& db, std::string_view sql,
                      const std::function<Status(const BulkRow&)>& row) {
  return ReadBulkRows(db, sql, nullptr, row);
}

Status ReadBulkRows(Database& db, std::string_view sql,
                    const int64_t* workspace_id,
                    const std::function<Status(const BulkRow&)>& row) {
  BulkRow current;
  if (db.backend() == Backend::kSqlite) {
    return ReadSqlite(db, sql, workspace_id, row, current, current.statement_);
  }
  std::string query(sql);
  if (workspace_id != nullptr) {
    const size_t mark = query.find('?');
    if (mark == std::string::npos) {
      return Status::Internal("bulk read without the workspace parameter");
    }
    query.replace(mark, 1, std::to_string(*workspace_id));
  }
  auto* conn = static_cast<PGconn*>(db.postgres_handle());
  PGresult* started = PQexec(conn, ("COPY (" + query + ") TO STDOUT").c_str());
  const bool copying = PQresultStatus(started) == PGRES_COPY_OUT;
  PQclear(started);
  if (!copying) {
    return Status::Internal(std::string("reading the store: ") +
                            PQerrorMessage(conn));
  }
  Status status;
  std::string unescaped;
  // Field boundaries in `unescaped`, taken as offsets while it grows.
  std::vector<std::pair<size_t, size_t>> spans;
  char* buffer = nullptr;
  int length = 0;
  while ((length = PQgetCopyData(conn, &buffer, 0)) > 0) {
    if (status.ok()) {
      std::string_view line(buffer, static_cast<size_t>(length));
      if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
      current.fields_.clear();
      current.null_.clear();
      const bool escaped = line.find('\\') != std::string_view::npos;
      if (escaped) {
        unescaped.clear();
        spans.clear();
      }
      size_t start = 0;
      while (true) {
        size_t tab = line.find('\t', start);
        std::string_view field = line.substr(
            start, tab == std::string_view::npos ? std::string_view::npos
                                                 : tab - start);
        const bool is_null = field == "\\N";
        current.null_.push_back(is_null);
        if (is_null) {
          field = {};
        }
        if (escaped) {
          const size_t at = unescaped.size();
          Unescape(field, unescaped);
          spans.emplace_back(at, unescaped.size() - at);
        } else {
          current.fields_.push_back(field);
        }
        if (tab == std::string_view::npos) break;
        start = tab + 1;
      }
      if (escaped) {
        for (auto [at, size] : spans) {
          current.fields_.push_back(
              std::string_view(unescaped).substr(at, size));
        }
      }
      status = row(current);
    }
    PQfreemem(buffer);
  }
  if (length == -2 && status.ok()) {
    status = Status::Internal(std::string("reading the store: ") +
                              PQerrorMessage(conn));
  }
  while (PGresult* result = PQgetResult(conn)) {
    if (PQresultStatus(result) != PGRES_COMMAND_OK && status.ok()) {
      status = Status::Internal(std::string("reading the store: ") +
                                PQresultErrorMessage(result));
    }
    PQclear(result);
  }
  return status;
}

ReadSnapshot::ReadSnapshot(Database& db) : db_(db) {
  if (db_.backend() == Backend::kSqlite) {
    auto* handle = static_cast<sqlite3*>(db_.sqlite_handle());
    if (sqlite3_get_autocommit(handle) != 0) {
      began_ =
          sqlite3_exec(handle, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
    }
    return;
  }
  auto* conn = static_cast<PGconn*>(db_.postgres_handle());
  if (PQtransactionStatus(conn) != PQTRANS_IDLE) return;
  PGresult* result = PQexec(conn,
                            "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; "
                            "SET LOCAL enable_sort = off");
  began_ = PQresultStatus(result) == PGRES_COMMAND_OK;
  PQclear(result);
}

ReadSnapshot::~ReadSnapshot() {
  if (!began_) return;
  if (db_.backend() == Backend::kSqlite) {
    sqlite3_exec(static_cast<sqlite3*>(db_.sqlite_handle()), "COMMIT", nullptr,
                 nullptr, nullptr);
    return;
  }
  PQclear(PQexec(static_cast<PGconn*>(db_.postgres_handle()), "COMMIT"));
}

}  // namespace vafa::store
