#include "store/bulk_insert.h"

#include <libpq-fe.h>
#include <soci/soci.h>
#include <sqlite3.h>

#include <bit>
#include <charconv>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace vafa::store {
namespace {

// The BulkInsert whose COPY is open on a session, kept with the session.
struct OpenCopy {
  BulkInsert* owner = nullptr;
};

OpenCopy& OpenCopyOf(Database& db) {
  return db.Kept<OpenCopy>([] { return new OpenCopy; });
}

}  // namespace

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
  if (db_.backend() == Backend::kPostgres && OpenCopyOf(db_).owner == this) {
    // Abandoned (after an error): the server rejects the COPY, and the
    // transaction rolls back.
    auto* conn = static_cast<PGconn*>(db_.postgres_handle());
    PQputCopyEnd(conn, "bulk insert abandoned");
    while (PGresult* result = PQgetResult(conn)) PQclear(result);
    OpenCopyOf(db_).owner = nullptr;
  }
}

namespace {

void PutBigEndian(std::string& out, uint64_t value, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
    out += static_cast<char>((value >> shift) & 0xFF);
  }
}

void PutLength(std::string& out, int32_t length) {
  PutBigEndian(out, static_cast<uint32_t>(length), 4);
}

// The header of a binary COPY: signature, flags and header extension length.
constexpr std::string_view kBinaryHeader("PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0",
                                         19);
constexpr std::string_view kBinaryTrailer("\377\377", 2);

}  // namespace

void BulkInsert::Binary() {
  if (db_.backend() != Backend::kPostgres || rows_ > 0 || column_ > 0) return;
  Status ended = EndOpenCopy(db_);
  if (!ended.ok()) {
    bind_error_ = ended;
    return;
  }
  std::vector<Wire> wire;
  std::string name;
  std::string type;
  soci::statement columns =
      (db_.sql().prepare
           << "SELECT a.attname, t.typname FROM pg_attribute a "
              "JOIN pg_type t ON t.oid = a.atttypid "
              "WHERE a.attrelid = CAST(:t AS regclass) AND a.attnum > 0 "
              "AND NOT a.attisdropped",
       soci::use(table_), soci::into(name), soci::into(type));
  columns.execute();
  std::unordered_map<std::string, Wire> types;
  while (columns.fetch()) {
    if (type == "int8") {
      types[name] = Wire::kInt8;
    } else if (type == "int4") {
      types[name] = Wire::kInt4;
    } else if (type == "int2") {
      types[name] = Wire::kInt2;
    } else if (type == "float8") {
      types[name] = Wire::kFloat8;
    } else if (type == "text" || type == "varchar") {
      types[name] = Wire::kText;
    }
  }
  for (const std::string& column : columns_) {
    auto found = types.find(column);
    if (found == types.end()) return;  // stays in text format
    wire.push_back(found->second);
  }
  wire_ = std::move(wire);
}

void BulkInsert::TypeError(const char* given) {
  if (bind_error_.ok()) {
    bind_error_ = Status::Internal("bulk insert into " + table_ + ": column " +
                                   columns_[column_] + " was given " + given);
  }
}

void BulkInsert::BeginValue() {
  if (!wire_.empty()) {
    if (column_ == 0) {
      PutBigEndian(buffer_, columns_.size(), 2);
    }
  } else if (column_ > 0) {
    buffer_ += '\t';
  }
}

void BulkInsert::Int(int64_t value) {
  if (statement_ != nullptr) {
    sqlite3_bind_int64(statement_, ++column_, value);
    return;
  }
  BeginValue();
  if (!wire_.empty()) {
    switch (wire_[column_]) {
      case Wire::kInt8:
        PutLength(buffer_, 8);
        PutBigEndian(buffer_, static_cast<uint64_t>(value), 8);
        break;
      case Wire::kInt4:
        if (value < INT32_MIN || value > INT32_MAX)
          TypeError("a large integer");
        PutLength(buffer_, 4);
        PutBigEndian(buffer_, static_cast<uint64_t>(value), 4);
        break;
      case Wire::kInt2:
        if (value < INT16_MIN || value > INT16_MAX)
          TypeError("a large integer");
        PutLength(buffer_, 2);
        PutBigEndian(buffer_, static_cast<uint64_t>(value), 2);
        break;
      case Wire::kFloat8: {
        PutLength(buffer_, 8);
        PutBigEndian(buffer_,
                     std::bit_cast<uint64_t>(static_cast<double>(value)), 8);
        break;
      }
      case Wire::kText: {
        char digits[24];
        auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        PutLength(buffer_, static_cast<int32_t>(end - digits));
        buffer_.append(digits, end);
        break;
      }
    }
    ++column_;
    return;
  }
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
  BeginValue();
  char digits[32];
  auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  if (!wire_.empty()) {
    if (wire_[column_] == Wire::kFloat8) {
      PutLength(buffer_, 8);
      PutBigEndian(buffer_, std::bit_cast<uint64_t>(value), 8);
    } else if (wire_[column_] == Wire::kText) {
      PutLength(buffer_, static_cast<int32_t>(end - digits));
      buffer_.append(digits, end);
    } else {
      TypeError("a double");
      PutLength(buffer_, -1);
    }
    ++column_;
    return;
  }
  buffer_.append(digits, end);
  ++column_;
}

void BulkInsert::Text(std::string_view value) {
  if (statement_ != nullptr) {
    sqlite3_bind_text(statement_, ++column_, value.data(),
                      static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return;
  }
  BeginValue();
  if (!wire_.empty()) {
    if (wire_[column_] == Wire::kText) {
      PutLength(buffer_, static_cast<int32_t>(value.size()));
      buffer_.append(value);
    } else {
      TypeError("text");
      PutLength(buffer_, -1);
    }
    ++column_;
    return;
  }
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
  BeginValue();
  if (!wire_.empty()) {
    PutLength(buffer_, -1);
  } else {
    buffer_ += "\\N";
  }
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
  if (wire_.empty()) buffer_ += '\n';
  if (buffer_.size() >= (streaming_ ? kStreamFlushBytes : kFlushBytes)) {
    return SendPostgres(true);
  }
  return Status::Ok();
}

Status BulkInsert::Flush() {
  if (!bind_error_.ok()) return bind_error_;
  if (statement_ != nullptr) return Status::Ok();
  return SendPostgres(false);
}

Status BulkInsert::SendPostgres(bool more) {
  OpenCopy& open = OpenCopyOf(db_);
  if (buffer_.empty() && open.owner != this) return Status::Ok();
  auto* conn = static_cast<PGconn*>(db_.postgres_handle());
  if (open.owner != this) {
    if (open.owner != nullptr) VAFA_RETURN_IF_ERROR(open.owner->EndCopy());
    std::string sql = "COPY " + table_ + " (";
    for (size_t i = 0; i < columns_.size(); ++i) {
      sql += (i > 0 ? ", " : "") + columns_[i];
    }
    sql += wire_.empty() ? ") FROM STDIN" : ") FROM STDIN WITH (FORMAT binary)";
    PGresult* started = PQexec(conn, sql.c_str());
    bool copying = PQresultStatus(started) == PGRES_COPY_IN;
    PQclear(started);
    if (!copying) {
      return Status::Internal("starting COPY into " + table_ + ": " +
                              PQerrorMessage(conn));
    }
    open.owner = this;
    if (!wire_.empty() &&
        PQputCopyData(conn, kBinaryHeader.data(), kBinaryHeader.size()) != 1) {
      return EndCopy("client failed to send rows");
    }
  }
  if (!buffer_.empty()) {
    const bool sent = PQputCopyData(conn, buffer_.data(),
                                    static_cast<int>(buffer_.size())) == 1;
    buffer_.clear();
    if (!sent) return EndCopy("client failed to send rows");
  }
  if (streaming_ && more) return Status::Ok();
  return EndCopy();
}

Status BulkInsert::EndCopy(const char* error) {
  auto* conn = static_cast<PGconn*>(db_.postgres_handle());
  OpenCopyOf(db_).owner = nullptr;
  if (error == nullptr && !wire_.empty() &&
      PQputCopyData(conn, kBinaryTrailer.data(), kBinaryTrailer.size()) != 1) {
    error = "client failed to send rows";
  }
  PQputCopyEnd(conn, error);
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

LoadJournal::LoadJournal(Database& db, bool large_load) : db_(db) {
  if (!large_load || db_.backend() != Backend::kSqlite) return;
  try {
    // Fails at once ("database is locked") while another connection is open.
    std::string mode;
    db_.sql() << "PRAGMA journal_mode = DELETE", soci::into(mode);
    switched_ = mode == "delete";
    if (switched_) db_.sql() << "PRAGMA synchronous = FULL";
  } catch (const std::exception&) {
    switched_ = false;  // stays in WAL mode
  }
}

LoadJournal::~LoadJournal() {
  if (!switched_) return;
  try {
    db_.sql() << "PRAGMA journal_mode = WAL";
    db_.sql() << "PRAGMA synchronous = NORMAL";
  } catch (const std::exception&) {
    // Another connection opened the store meanwhile; it set WAL mode itself
    // (every connection does on opening).
  }
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

Status EndOpenCopy(Database& db) {
  if (db.backend() != Backend::kPostgres) return Status::Ok();
  BulkInsert* owner = OpenCopyOf(db).owner;
  return owner == nullptr ? Status::Ok() : owner->Flush();
}

// For the helpers below, which report errors as SOCI does: by throwing.
void EndOpenCopyOrThrow(Database& db) {
  Status ended = EndOpenCopy(db);
  if (!ended.ok()) throw std::runtime_error(ended.message());
}

int64_t NextIdForBulk(Database& db, const std::string& table) {
  EndOpenCopyOrThrow(db);
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
  EndOpenCopyOrThrow(db);
  db.sql() << "SELECT setval(pg_get_serial_sequence('" + table +
                  "', 'id'), (SELECT COALESCE(MAX(id), 1) FROM " + table + "))";
}

}  // namespace vafa::store
