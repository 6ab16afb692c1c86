#include "store/scratch_database.h"

#include <soci/soci.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

namespace vafa::store {
namespace {

std::atomic<int> next_serial{0};

std::string EnvOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

}  // namespace

std::string BackendName(Backend backend) {
  return backend == Backend::kSqlite ? "sqlite" : "postgres";
}

std::string WithDatabaseName(const std::string& url, const std::string& name) {
  // postgresql://user:pw@host:port/dbname?options
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t query = url.find('?', start);
  std::string base = url.substr(0, query);
  std::string rest = query == std::string::npos ? "" : url.substr(query);
  size_t slash = base.find('/', start);
  if (slash != std::string::npos) base.resize(slash);
  return base + "/" + name + rest;
}

std::unique_ptr<ScratchDatabase> ScratchDatabase::Create(Backend backend,
                                                         std::string* why) {
  std::unique_ptr<ScratchDatabase> scratch(new ScratchDatabase());
  scratch->backend_ = backend;
  std::string serial =
      std::to_string(getpid()) + "_" + std::to_string(next_serial.fetch_add(1));
  if (backend == Backend::kSqlite) {
    std::filesystem::path folder =
        std::filesystem::temp_directory_path() / ("vafa_test_" + serial);
    // A killed test leaves its folder, and a later test process may get the
    // same process id: start empty, as the PostgreSQL database is dropped.
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
    std::filesystem::create_directories(folder);
    scratch->folder_ = folder.string();
    scratch->location_ = (folder / "store.db").string();
  } else {
    std::string url = EnvOr("VAFA_TEST_POSTGRES_URL", "");
    if (url.empty()) {
      *why = "VAFA_TEST_POSTGRES_URL is not set";
      return nullptr;
    }
    scratch->admin_url_ = url;
    scratch->database_name_ = "vafa_test_" + serial;
    try {
      soci::session admin("postgresql", url);
      admin << "DROP DATABASE IF EXISTS " + scratch->database_name_;
      admin << "CREATE DATABASE " + scratch->database_name_;
    } catch (const std::exception& error) {
      *why = std::string("cannot create a PostgreSQL test database: ") +
             error.what();
      return nullptr;
    }
    scratch->location_ = WithDatabaseName(url, scratch->database_name_);
  }
  auto db = Database::Open(scratch->location_);
  if (!db.ok()) {
    *why = db.status().ToString();
    return nullptr;
  }
  scratch->db_ = std::move(db).value();
  return scratch;
}

Result<std::unique_ptr<Database>> ScratchDatabase::OpenAnother() const {
  return Database::Open(location_);
}

ScratchDatabase::~ScratchDatabase() {
  db_.reset();
  if (backend_ == Backend::kSqlite) {
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
  } else if (!database_name_.empty()) {
    try {
      soci::session admin("postgresql", admin_url_);
      admin << "DROP DATABASE IF EXISTS " + database_name_ + " WITH (FORCE)";
    } catch (const std::exception&) {
      // A database left behind is harmless; the next run drops it by name.
    }
  }
}

}  // namespace vafa::store
