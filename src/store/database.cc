#include "store/database.h"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <set>

#include "store/bulk_insert.h"
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
      auto session = std::make_unique<soci::session>(soci::postgresql, where);
      db.reset(new Database(Backend::kPostgres, where, std::move(session)));
      db->sql() << "SET client_min_messages = warning";
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

Result<int> Database::Migrate() {
  if (backend_ == Backend::kPostgres) {
    // Two servers starting at once must not both apply a migration.
    try {
      sql() << "SELECT pg_advisory_lock(7361)";
    } catch (const std::exception& error) {
      return DatabaseError("locking for migration", error);
    }
  }
  auto applied_or = AppliedMigrations();
  if (!applied_or.ok()) return applied_or.status();
  std::set<int> applied(applied_or->begin(), applied_or->end());
  int count = 0;
  Status status;
  for (const Migration& migration : AllMigrations()) {
    if (applied.count(migration.version)) continue;
    status = InTransaction(*this, [&]() -> Status {
      for (const std::string& statement :
           MigrationStatements(migration, backend_)) {
        sql() << statement;
      }
      int version = migration.version;
      std::string name(migration.name);
      int64_t now = NowSeconds();
      sql() << "INSERT INTO schema_migrations (version, name, applied_at) "
               "VALUES (:v, :n, :a)",
          soci::use(version), soci::use(name), soci::use(now);
      return Status::Ok();
    });
    if (!status.ok()) {
      status =
          status.WithPlace("migration " + std::to_string(migration.version) +
                           " (" + std::string(migration.name) + ")");
      break;
    }
    ++count;
  }
  if (backend_ == Backend::kPostgres) {
    try {
      sql() << "SELECT pg_advisory_unlock(7361)";
    } catch (const std::exception&) {
      // The lock ends with the session anyway.
    }
  }
  if (!status.ok()) return status;
  return count;
}

Status InTransaction(Database& db, const std::function<Status()>& body) {
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

bool InOpenTransaction(Database& db) {
  if (db.backend() == Backend::kSqlite) {
    return sqlite_api::sqlite3_get_autocommit(
               static_cast<sqlite_api::sqlite3*>(db.sqlite_handle())) ==
           0;
  }
  return PQtransactionStatus(static_cast<PGconn*>(db.postgres_handle())) !=
         PQTRANS_IDLE;
}

Status DatabaseError(std::string_view what, const std::exception& error) {
  std::string message(what);
  message += ": ";
  message += error.what();
  while (!message.empty() &&
         (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  return Status::Internal(std::move(message));
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
