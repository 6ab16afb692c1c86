// BulkInsert: appends many rows to one table inside the caller's transaction
// at the speed of each backend's native path, for imports and the demo.
//
// SQLite: one prepared INSERT on the session's sqlite3 handle, stepped per
// row (no SQL text per row). PostgreSQL: rows are encoded in COPY text format
// and sent with COPY ... FROM STDIN through libpq every kFlushBytes, so other
// statements may run on the same session between flushes. Values of a row
// are given in column order, then EndRow().
//
// A streaming BulkInsert (Stream()) keeps its COPY open from one flush to
// the next until Flush(), so the server stores rows while the caller makes
// the next ones. Until then the session may only be used by BulkInserts and
// NextIdForBulk / SyncIdSequence: these end the open COPY first.
#ifndef VAFA_STORE_BULK_INSERT_H_
#define VAFA_STORE_BULK_INSERT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/database.h"

struct sqlite3_stmt;

namespace vafa::store {

class BulkInsert {
 public:
  static constexpr size_t kFlushBytes = 4 << 20;
  // A streaming COPY sends smaller pieces, so the server starts on rows
  // soon after they are made.
  static constexpr size_t kStreamFlushBytes = 256 << 10;

  BulkInsert(Database& db, std::string table, std::vector<std::string> columns);
  ~BulkInsert();
  BulkInsert(const BulkInsert&) = delete;
  BulkInsert& operator=(const BulkInsert&) = delete;

  void Int(int64_t value);
  void Double(double value);
  void Text(std::string_view value);
  void Null();
  // Text, or NULL when empty.
  void TextOrNull(std::string_view value) {
    value.empty() ? Null() : Text(value);
  }
  Status EndRow();
  // Keeps the COPY open between flushes (PostgreSQL; no effect on SQLite).
  void Stream() { streaming_ = true; }
  // Sends rows in COPY's binary format, which the server stores without
  // parsing numbers (PostgreSQL, before the first row; kept in text format
  // when a column has a type other than integer, double precision or text).
  // Values must then match their columns' types: Int for integer columns,
  // Double for double precision, Text for text.
  void Binary();
  // Sends what is buffered (and ends the COPY). Must be called before the
  // transaction commits and before the table is read again.
  Status Flush();
  int64_t rows() const { return rows_; }

 private:
  // Starts a value: the separator (text) or the row's field count (binary).
  void BeginValue();
  // The wire type of the current column in binary format.
  enum class Wire : uint8_t { kInt8, kInt4, kInt2, kFloat8, kText };
  void TypeError(const char* given);
  // Sends the buffer in this inserter's COPY, starting it (and ending any
  // other open one) if need be, and ends it unless streaming and `more`.
  Status SendPostgres(bool more);
  // Ends this inserter's COPY (rejecting it when `error` is given).
  Status EndCopy(const char* error = nullptr);

  Database& db_;
  std::string table_;
  std::vector<std::string> columns_;
  int64_t rows_ = 0;
  int column_ = 0;
  // SQLite.
  sqlite3_stmt* statement_ = nullptr;
  Status bind_error_;
  // PostgreSQL.
  std::string buffer_;
  bool streaming_ = false;
  std::vector<Wire> wire_;  // binary format when not empty
};

// For one large load on SQLite: while no other connection has the store
// open, the load runs with a rollback journal (synchronous FULL) instead of
// the WAL, so each new page is written once rather than to the WAL and again
// when it is checkpointed. Crash safety is the same: a rollback journal left
// by a killed process is played back on the next open. WAL mode returns
// when this goes out of scope, which must be after the load's transaction
// has ended. Elsewhere (PostgreSQL, a small load, other connections open)
// it does nothing.
class LoadJournal {
 public:
  LoadJournal(Database& db, bool large_load);
  ~LoadJournal();
  LoadJournal(const LoadJournal&) = delete;
  LoadJournal& operator=(const LoadJournal&) = delete;
  bool switched() const { return switched_; }

 private:
  Database& db_;
  bool switched_ = false;
};

// Ends the COPY a streaming BulkInsert holds open on `db`, if any, so other
// statements can run.
Status EndOpenCopy(Database& db);

// Puts SQLite in multi-thread mode (no mutex per call) once per process,
// before the first connection: every Database is used by one thread only.
void ConfigureSqliteOnce();

// The next free id of `table`, for callers that write explicit ids in bulk.
// On PostgreSQL the table is locked against other writers until the
// transaction ends, so ids allocated from it cannot collide.
int64_t NextIdForBulk(Database& db, const std::string& table);
// After explicit ids were written, moves PostgreSQL's identity sequence past
// them so later inserts that take the default do not collide.
void SyncIdSequence(Database& db, const std::string& table);

}  // namespace vafa::store

#endif  // VAFA_STORE_BULK_INSERT_H_
