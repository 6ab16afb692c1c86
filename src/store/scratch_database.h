// ScratchDatabase: a fresh, migrated store for one test, on either backend,
// removed again when the test ends.
//
// SQLite: a new file in a new temporary folder. PostgreSQL: a new database
// created through the server named by $VAFA_TEST_POSTGRES_URL (a libpq URI
// whose user may CREATE DATABASE); when that variable is unset, PostgreSQL
// tests skip, unless $VAFA_REQUIRE_POSTGRES is set (CI sets both), in which
// case they fail.
#ifndef VAFA_STORE_SCRATCH_DATABASE_H_
#define VAFA_STORE_SCRATCH_DATABASE_H_

#include <memory>
#include <string>

#include "store/database.h"

namespace vafa::store {

class ScratchDatabase {
 public:
  // Empty when the backend is not available here (see above); `why` says so.
  static std::unique_ptr<ScratchDatabase> Create(Backend backend,
                                                 std::string* why);
  ~ScratchDatabase();

  Database& db() { return *db_; }
  // The location string, for opening more connections or a child process.
  const std::string& location() const { return location_; }
  // Closes the test's own connection (e.g. before a child process writes).
  void Close() { db_.reset(); }
  // Opens a new connection on the same database.
  Result<std::unique_ptr<Database>> OpenAnother() const;

 private:
  ScratchDatabase() = default;

  Backend backend_ = Backend::kSqlite;
  std::string location_;
  std::string folder_;         // SQLite
  std::string admin_url_;      // PostgreSQL
  std::string database_name_;  // PostgreSQL
  std::unique_ptr<Database> db_;
};

// "sqlite" / "postgres", for test names.
std::string BackendName(Backend backend);

// The PostgreSQL URI of database `name` on the server of `url`.
std::string WithDatabaseName(const std::string& url, const std::string& name);

}  // namespace vafa::store

#endif  // VAFA_STORE_SCRATCH_DATABASE_H_
