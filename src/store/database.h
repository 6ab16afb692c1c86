// Database: one open connection to the store, SQLite (embedded default) or
// PostgreSQL (server mode), behind SOCI so repositories write their SQL once.
//
// Locations: a file path or "sqlite:PATH" opens SQLite (WAL, synchronous=
// NORMAL, mmap and cache sized for analytics reads); "postgresql://..." or
// "postgres://..." opens PostgreSQL (libpq connection URI). The VAFA_DB
// environment variable supplies the location when none is given.
//
// A Database is not thread-safe: use one per thread (the server keeps a pool).
// A PostgreSQL connection can be lost (the server restarts or closes it);
// Connected() notices, DatabaseError() then answers Unavailable rather than
// Internal, and the owner replaces the Database with a new Open.
// Portable SQL only; backend-specific fast paths live in their own files and
// reach the raw connection through sqlite_handle() / postgres_handle().
#ifndef VAFA_STORE_DATABASE_H_
#define VAFA_STORE_DATABASE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeindex>
#include <typeinfo>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace soci {
class session;
}

namespace vafa::store {

enum class Backend { kSqlite, kPostgres };

class Database {
 public:
  // Opens (creating an SQLite file if needed) and applies pending
  // migrations unless `migrate` is false.
  static Result<std::unique_ptr<Database>> Open(std::string_view location,
                                                bool migrate = true);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Backend backend() const { return backend_; }
  const std::string& location() const { return location_; }
  soci::session& sql() { return *session_; }

  // The raw sqlite3* / PGconn* of this session, for the bulk paths.
  void* sqlite_handle();
  void* postgres_handle();

  // False when the connection to a PostgreSQL server is gone (the server
  // restarted, stopped or closed it): every statement would fail, so the
  // owner should Open a new Database. Notices a close the server announced
  // on an idle connection without a round trip (one poll of the socket).
  // Always true for SQLite.
  bool Connected();

  // Applies every migration not yet recorded in schema_migrations, each in
  // its own transaction (a failing one leaves the store at the version
  // before it). Returns how many were applied. FailedPrecondition, changing
  // nothing, when the store records a migration newer than this build
  // knows (a newer release of vafa wrote it).
  Result<int> Migrate();
  // Versions applied so far, ascending.
  Result<std::vector<int>> AppliedMigrations();
  // The versions of the migrations Migrate() would apply, ascending (their
  // names: AllMigrations()); the same refusal of a newer store. Writes
  // nothing but an empty schema_migrations table where there is none.
  Result<std::vector<int>> PendingMigrations();

  // An object kept for the life of this connection, one per type, made by
  // `make` on first use: a prepared statement with its bound variables, on
  // a path every request takes. Forget<T>() drops it (after an error, so
  // that the next use prepares afresh).
  template <typename T, typename Make>
  T& Kept(Make&& make) {
    std::shared_ptr<void>& slot = kept_[std::type_index(typeid(T))];
    if (slot == nullptr) slot = std::shared_ptr<T>(make());
    return *static_cast<T*>(slot.get());
  }
  template <typename T>
  void Forget() {
    kept_.erase(std::type_index(typeid(T)));
  }

 private:
  Database(Backend backend, std::string location,
           std::unique_ptr<soci::session> session);
  std::string StoreName() const;

  Backend backend_;
  std::string location_;
  std::unique_ptr<soci::session> session_;
  // Declared after the session, so destroyed before it.
  std::unordered_map<std::type_index, std::shared_ptr<void>> kept_;
};

// Runs `body` inside a transaction: commits when it returns ok, rolls back
// when it returns an error or throws (a thrown exception becomes an
// Internal status naming it).
Status InTransaction(Database& db, const std::function<Status()>& body);

// Whether the connection is inside a transaction now (begun by
// InTransaction or a soci::transaction), so that a write that must be
// atomic can open one only when its caller has not.
bool InOpenTransaction(Database& db);

// On SQLite, takes the write lock for the transaction just begun (a
// soci::transaction begins a deferred one), before it reads anything: a
// deferred transaction that reads and then writes fails at once with
// "database is locked" when another connection committed in between, while
// this waits for the lock like BEGIN IMMEDIATE. Nothing on PostgreSQL.
// Throws as SOCI does.
void TakeWriteLock(Database& db);

// Turns a SOCI/database exception into a Status naming `what` was being done:
// Unavailable when the connection was lost (IsConnectionLost),
// FailedPrecondition (422) for a sum past 64 bits, else Internal.
Status DatabaseError(std::string_view what, const std::exception& error);

// A Status thrown through code that reports failures by exception (a check
// deep in a route, a row callback). DatabaseError gives back its code, so a
// lost connection stays "unavailable" (503) inside a transaction.
class StatusError : public std::runtime_error {
 public:
  explicit StatusError(Status status)
      : std::runtime_error(status.message()), status_(std::move(status)) {}
  const Status& status() const { return status_; }

 private:
  Status status_;
};

// True when `error` says the connection to the store is gone or the server
// is shutting down or starting up (SQLSTATE class 08, 57P01-57P03, or an
// error libpq raised itself, which carries no SQLSTATE), rather than that
// the statement failed.
bool IsConnectionLost(const std::exception& error);

// The location to use when none was given: $VAFA_DB, else "vafa.db".
std::string DefaultLocation();

// Now, as Unix seconds (UTC).
int64_t NowSeconds();

}  // namespace vafa::store

#endif  // VAFA_STORE_DATABASE_H_
