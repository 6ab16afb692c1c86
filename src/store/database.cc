#include "store/database.h"

#include <libpq-fe.h>
#include <poll.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <stdexcept>

#include "store/bulk_insert.h"
#include "store/internal/postgres_session.h"
#include "store/migrations.h"

namespace vafa::store {
namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// SOCI's sqlite3 backend takes "db=PATH key=value" with spaces as separators,
// so a path with spaces or quotes must be quoted.
std::string SqliteConnectString(std::string_view path) {
  std::string quoted = "db=\"";
  for (char c : path) {
    if (c == '"') quoted += '\\';
    quoted += c;
  }
  quoted += "\" timeout=30";
  return quoted;
}

// A server that cannot be reached must not hold a request (or a command) for
// the kernel's TCP timeout: give up connecting after 10 seconds unless the
// location says otherwise.
std::string WithConnectTimeout(const std::string& url) {
  if (url.find("connect_timeout=") != std::string::npos) return url;
  return url + (url.find('?') == std::string::npos ? "?" : "&") +
         "connect_timeout=10";
}

// The server's notices ("relation already exists, skipping") are not for
// the user; its warnings are. Filtered here rather than with a session
// SET client_min_messages, which a transaction-mode pooler would leave on
// whichever server connection took it.
void PrintWarningsOnly(void*, const PGresult* message) {
  const char* severity =
      PQresultErrorField(message, PG_DIAG_SEVERITY_NONLOCALIZED);
  if (severity == nullptr) return;
  const std::string_view level(severity);
  if (level == "NOTICE" || level == "INFO" || level == "DEBUG" ||
      level == "LOG") {
    return;
  }
  std::fputs(PQresultErrorMessage(message), stderr);
}

}  // namespace

Database::Database(Backend backend, std::string location,
                   std::unique_ptr<soci::session> session)
    : backend_(backend),
      location_(std::move(location)),
      session_(std::move(session)) {}

Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::Open(std::string_view location,
                                                 bool migrate) {
  std::string where(location.empty() ? DefaultLocation() : location);
  std::unique_ptr<Database> db;
  try {
    if (StartsWith(where, "postgresql://") ||
        StartsWith(where, "postgres://")) {
      auto session = std::make_unique<soci::session>(
          PostgresWithUnnamedStatements(), WithConnectTimeout(where));
      db.reset(new Database(Backend::kPostgres, where, std::move(session)));
      PQsetNoticeReceiver(static_cast<PGconn*>(db->postgres_handle()),
                          PrintWarningsOnly, nullptr);
    } else if (where.find("://") != std::string::npos) {
      return Status::Invalid("unknown database location \"" + where +
                             "\": use a file path, sqlite:PATH or "
                             "postgresql://...");
    } else {
      ConfigureSqliteOnce();
      std::string path = StartsWith(where, "sqlite:") ? where.substr(7) : where;
      auto session = std::make_unique<soci::session>(soci::sqlite3,
                                                     SqliteConnectString(path));
      db.reset(new Database(Backend::kSqlite, where, std::move(session)));
      // WAL lets readers run beside one writer; NORMAL sync in WAL mode keeps
      // every committed transaction through a process crash (a power loss
      // may lose the last few), which is the promise the importer makes.
      db->sql() << "PRAGMA journal_mode = WAL";
      db->sql() << "PRAGMA synchronous = NORMAL";
      db->sql() << "PRAGMA foreign_keys = ON";
      db->sql() << "PRAGMA busy_timeout = 30000";
      db->sql() << "PRAGMA mmap_size = 1073741824";
      db->sql() << "PRAGMA cache_size = -262144";  // 256 MiB
      db->sql() << "PRAGMA temp_store = MEMORY";
    }
  } catch (const std::exception& error) {
    return Status::Unavailable("cannot open database \"" + where +
                               "\": " + error.what());
  }
  if (migrate) {
    auto applied = db->Migrate();
    if (!applied.ok()) return applied.status();
  }
  return db;
}

void* Database::sqlite_handle() {
  if (backend_ != Backend::kSqlite) return nullptr;
  auto* backend =
      static_cast<soci::sqlite3_session_backend*>(session_->get_backend());
  return static_cast<void*>(backend->conn_);
}

void* Database::postgres_handle() {
  if (backend_ != Backend::kPostgres) return nullptr;
  auto* backend =
      static_cast<soci::postgresql_session_backend*>(session_->get_backend());
  return static_cast<void*>(backend->conn_);
}

bool Database::Connected() {
  if (backend_ != Backend::kPostgres) return true;
  auto* connection = static_cast<PGconn*>(postgres_handle());
  if (connection == nullptr || PQstatus(connection) != CONNECTION_OK) {
    return false;
  }
  // A server shutting down sends its idle clients an error and closes the
  // socket; libpq only sees that when it next reads, so read now, without
  // waiting, rather than fail the next statement. One read takes the error
  // message and stops; the closing is seen by the next, so read until
  // nothing more is waiting (a few times at most: an idle session receives
  // little else).
  pollfd socket{PQsocket(connection), POLLIN, 0};
  if (socket.fd < 0) return false;
  for (int read = 0; read < 4 && ::poll(&socket, 1, 0) > 0; ++read) {
    if (PQconsumeInput(connection) == 0) return false;
    if (PQstatus(connection) != CONNECTION_OK) return false;
    socket.revents = 0;
  }
  return PQstatus(connection) == CONNECTION_OK;
}

Result<std::vector<int>> Database::AppliedMigrations() {
  try {
    sql() << "CREATE TABLE IF NOT EXISTS schema_migrations ("
             "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
             "applied_at BIGINT NOT NULL)";
    std::vector<int> versions;
    soci::rowset<int> rows =
        (sql().prepare
         << "SELECT version FROM schema_migrations ORDER BY version");
    for (int version : rows) versions.push_back(version);
    return versions;
  } catch (const std::exception& error) {
    return DatabaseError("reading schema_migrations", error);
  }
}

namespace {

// A store that records a migration this build does not have was written by
// a newer release: migrating or using it could lose what that release keeps.
Status RefuseNewerStore(const std::string& location,
                        const std::vector<int>& applied, int latest) {
  if (applied.empty() || applied.back() <= latest) return Status::Ok();
  return Status(StatusCode::kFailedPrecondition,
                "store " + location + " has schema version " +
                    std::to_string(applied.back()) +
                    ", newer than this vafa knows (schema version " +
                    std::to_string(latest) +
                    "): a newer release of vafa wrote it; run that release, "
                    "or restore a backup made before the upgrade");
}

// The store as a message may name it: a PostgreSQL location can hold a
// password.
std::string StoreName(const Database& db) {
  return db.backend() == Backend::kSqlite ? db.location()
                                          : "(the PostgreSQL database)";
}

}  // namespace

std::string Database::StoreName() const {
  return vafa::store::StoreName(*this);
}

Result<std::vector<int>> Database::PendingMigrations() {
  VAFA_ASSIGN_OR_RETURN(std::vector<int> applied_list, AppliedMigrations());
  VAFA_RETURN_IF_ERROR(
      RefuseNewerStore(StoreName(), applied_list, LatestSchemaVersion()));
  std::set<int> applied(applied_list.begin(), applied_list.end());
  std::vector<int> pending;
  for (const Migration& migration : AllMigrations()) {
    if (!applied.count(migration.version)) pending.push_back(migration.version);
  }
  return pending;
}

Result<int> Database::Migrate() {
  return ApplyMigrations(*this, AllMigrations());
}

namespace {

// Two servers starting at once must not both apply a migration. The lock
// is a transaction's (released by its COMMIT or ROLLBACK), never the
// session's: behind a pooler in transaction mode a session lock stays on
// whichever server connection took it, and the unlock reaches another.
// SQLite's BEGIN IMMEDIATE already serialises the transactions.
void LockForMigration(Database& db) {
  if (db.backend() == Backend::kPostgres) {
    db.sql() << "SELECT pg_advisory_xact_lock(7361)";
  }
}

// Applies `migration` in one transaction unless another process recorded it
// meanwhile; the statements and the version's row commit together or not
// at all (both backends roll back schema changes). Sets `done` when this
// call applied it.
Status ApplyOneMigration(Database& db, const Migration& migration, bool& done) {
  done = false;
  return InTransaction(db, [&]() -> Status {
    LockForMigration(db);
    int version = migration.version;
    long long recorded = 0;
    db.sql() << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v",
        soci::use(version), soci::into(recorded);
    if (recorded > 0) return Status::Ok();
    for (const std::string& statement :
         MigrationStatements(migration, db.backend())) {
      db.sql() << statement;
    }
    std::string name(migration.name);
    int64_t now = NowSeconds();
    db.sql() << "INSERT INTO schema_migrations (version, name, applied_at) "
                "VALUES (:v, :n, :a)",
        soci::use(version), soci::use(name), soci::use(now);
    done = true;
    return Status::Ok();
  });
}

}  // namespace

Result<int> ApplyMigrations(Database& db,
                            std::span<const Migration> migrations) {
  std::vector<int> applied_list;
  Status status = InTransaction(db, [&]() -> Status {
    // Under the lock: two servers creating schema_migrations at once
    // would collide on PostgreSQL's catalog.
    LockForMigration(db);
    VAFA_ASSIGN_OR_RETURN(applied_list, db.AppliedMigrations());
    return Status::Ok();
  });
  if (!status.ok()) return status.WithPlace("locking for migration");
  std::set<int> applied(applied_list.begin(), applied_list.end());
  VAFA_RETURN_IF_ERROR(
      RefuseNewerStore(StoreName(db), applied_list,
                       migrations.empty() ? 0 : migrations.back().version));
  int count = 0;
  for (const Migration& migration : migrations) {
    if (applied.count(migration.version)) continue;
    bool done = false;
    status = ApplyOneMigration(db, migration, done);
    if (!status.ok()) {
      const int kept = applied.empty() ? 0 : *applied.rbegin();
      return status.WithPlace(
          "migration " + std::to_string(migration.version) + " (" +
          std::string(migration.name) +
          ") failed and nothing of it was kept (the store is still at "
          "schema version " +
          std::to_string(kept) + ")");
    }
    applied.insert(migration.version);
    if (done) ++count;
  }
  return count;
}

namespace {

// SQLite: a deferred transaction that reads and then writes cannot take the
// write lock once another connection has committed since its read began;
// SQLite answers SQLITE_BUSY at once (waiting could not help, its snapshot
// is stale), so two API writes at the same moment failed as "database is
// locked". BEGIN IMMEDIATE takes the write lock up front, waiting for it
// under the busy timeout, as writers queue anyway.
Status InSqliteTransaction(Database& db, const std::function<Status()>& body) {
  try {
    db.sql() << "BEGIN IMMEDIATE";
  } catch (const std::exception& error) {
    return DatabaseError("beginning a transaction", error);
  }
  Status status;
  try {
    status = body();
  } catch (const std::exception& error) {
    status = DatabaseError("transaction", error);
  } catch (...) {
    try {
      db.sql() << "ROLLBACK";
    } catch (...) {
      // The exception in flight says more.
    }
    throw;
  }
  try {
    db.sql() << (status.ok() ? "COMMIT" : "ROLLBACK");
  } catch (const std::exception& error) {
    if (!status.ok()) return status;
    try {
      db.sql() << "ROLLBACK";
    } catch (const std::exception&) {
      // Nothing was committed either way.
    }
    return DatabaseError("committing", error);
  }
  return status;
}

}  // namespace

Status InTransaction(Database& db, const std::function<Status()>& body) {
  if (db.backend() == Backend::kSqlite) return InSqliteTransaction(db, body);
  try {
    soci::transaction transaction(db.sql());
    Status status = body();
    if (status.ok()) {
      transaction.commit();
    } else {
      transaction.rollback();
    }
    return status;
  } catch (const std::exception& error) {
    return DatabaseError("transaction", error);
  }
}

void TakeWriteLock(Database& db) {
  if (db.backend() != Backend::kSqlite) return;
  // A write statement takes the write lock even when it changes no row.
  db.sql() << "UPDATE schema_migrations SET version = version WHERE 0 = 1";
}

bool InOpenTransaction(Database& db) {
  if (db.backend() == Backend::kSqlite) {
    return sqlite_api::sqlite3_get_autocommit(
               static_cast<sqlite_api::sqlite3*>(db.sqlite_handle())) == 0;
  }
  return PQtransactionStatus(static_cast<PGconn*>(db.postgres_handle())) !=
         PQTRANS_IDLE;
}

Status DatabaseError(std::string_view what, const std::exception& error) {
  if (const auto* carried = dynamic_cast<const StatusError*>(&error)) {
    const Status& status = carried->status();
    return Status(status.code(), std::string(what) + ": " + status.message(),
                  status.field());
  }
  std::string message(what);
  if (IsConnectionLost(error)) {
    // libpq's text names hosts and sockets; the caller only needs to know
    // to come back.
    message += ": the connection to the database was lost; try again shortly";
    return Status::Unavailable(std::move(message));
  }
  message += ": ";
  message += error.what();
  while (!message.empty() &&
         (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  // A sum of client amounts past 64 bits (SQLite's SUM raises "integer
  // overflow"; RowOptionalInt refuses a larger PostgreSQL numeric, or
  // std::stoll its text) is the data's limit, not a server fault: 422,
  // never a wrapped number.
  if (dynamic_cast<const std::overflow_error*>(&error) != nullptr ||
      dynamic_cast<const std::out_of_range*>(&error) != nullptr ||
      message.find("integer overflow") != std::string::npos ||
      message.find("out of range for type bigint") != std::string::npos) {
    return Status(StatusCode::kFailedPrecondition, std::move(message));
  }
  return Status::Internal(std::move(message));
}

bool IsConnectionLost(const std::exception& error) {
  const auto* postgres =
      dynamic_cast<const soci::postgresql_soci_error*>(&error);
  if (postgres == nullptr) {
    const auto* other = dynamic_cast<const soci::soci_error*>(&error);
    return other != nullptr &&
           other->get_error_category() == soci::soci_error::connection_error;
  }
  // 08: connection exception; 57P01-57P03: the server is shutting down,
  // crashed, or not yet accepting connections. libpq's own errors (the
  // socket closed under a statement) come without a SQLSTATE.
  const std::string state = postgres->sqlstate();
  return state.compare(0, 2, "08") == 0 || state == "57P01" ||
         state == "57P02" || state == "57P03" ||
         state.find_first_not_of(' ') == std::string::npos;
}

std::string DefaultLocation() {
  const char* env = std::getenv("VAFA_DB");
  return env != nullptr && *env != '\0' ? env : "vafa.db";
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace vafa::store
