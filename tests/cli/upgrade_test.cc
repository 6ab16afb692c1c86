// Upgrades keep data. For every schema version V, the shipped binary makes
// a store at V (`vafa migrate --to V`), tests/data/upgrade/V.sql fills every
// table that exists at V, `vafa migrate` brings it to the current version,
// and every table is compared, row by row and column by column, with
// V.expected.sql written directly on a store at the current version. A
// migration that fails leaves the store at the version before it with its
// rows intact. On SQLite and PostgreSQL. tests/data/upgrade/README.md says
// how to add the fixtures of a new migration.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <soci/soci.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "store/migrations.h"
#include "store/scratch_database.h"
#include "tests/cli/run_command.h"
#include "tests/cli/store_rows.h"
#include "tests/test_paths.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;

std::filesystem::path FixturePath(int version, const std::string& suffix) {
  char name[32];
  std::snprintf(name, sizeof name, "%04d%s", version, suffix.c_str());
  return std::filesystem::path(::vafa::testing::kSourceDir) /
         "tests/data/upgrade" / name;
}

// Runs the statements of a fixture (each ends with ";" at the end of a
// line; lines starting with "--" are comments) on the backend's own
// connection, so values are not parsed for bind names. The first failure
// fails the test, naming the file and line.
void RunFixture(store::Database& db, const std::filesystem::path& file) {
  std::ifstream in(file);
  ASSERT_TRUE(in) << file << ": cannot read";
  std::string line, statement;
  int line_no = 0, statement_line = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.starts_with("--") || line.empty()) continue;
    if (statement.empty()) statement_line = line_no;
    statement += line + "\n";
    if (!line.ends_with(";")) continue;
    std::string error;
    if (db.backend() == store::Backend::kSqlite) {
      char* message = nullptr;
      if (sqlite3_exec(static_cast<sqlite3*>(db.sqlite_handle()),
                       statement.c_str(), nullptr, nullptr,
                       &message) != SQLITE_OK) {
        error = message == nullptr ? "failed" : message;
      }
      sqlite3_free(message);
    } else {
      PGresult* result =
          PQexec(static_cast<PGconn*>(db.postgres_handle()), statement.c_str());
      if (PQresultStatus(result) != PGRES_COMMAND_OK) {
        error = PQresultErrorMessage(result);
      }
      PQclear(result);
    }
    ASSERT_TRUE(error.empty())
        << file.string() << ":" << statement_line << ": " << error;
    statement.clear();
  }
}

std::vector<std::string> TableNames(store::Database& db) {
  const char* query =
      db.backend() == store::Backend::kSqlite
          ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name "
            "NOT LIKE 'sqlite_%' ORDER BY name"
          : "SELECT table_name FROM information_schema.tables WHERE "
            "table_schema = current_schema() AND table_type = 'BASE TABLE' "
            "AND table_name NOT IN (SELECT relname FROM pg_class WHERE "
            "relispartition) ORDER BY table_name";
  return testing::Rows(db, query);
}

// A table's rows as "column=value" fields, sorted (the order rows were
// written in is not what is compared).
struct TableRows {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

TableRows ReadTable(store::Database& db, const std::string& table) {
  TableRows read;
  soci::rowset<soci::row> result =
      (db.sql().prepare << "SELECT * FROM " + table);
  for (const soci::row& row : result) {
    if (read.columns.empty()) {
      for (size_t i = 0; i < row.size(); ++i) {
        read.columns.push_back(row.get_properties(i).get_name());
      }
    }
    std::vector<std::string> fields;
    for (size_t i = 0; i < row.size(); ++i) {
      fields.push_back(testing::FieldText(row, i));
    }
    read.rows.push_back(std::move(fields));
  }
  std::sort(read.rows.begin(), read.rows.end());
  return read;
}

// Every table of `actual` holds what the same table of `expected` holds,
// column by column; both stores have the same tables and the same applied
// migrations. `what` names the comparison in failures.
void ExpectSameStores(store::Database& actual, store::Database& expected,
                      const std::string& what) {
  const std::vector<std::string> tables = TableNames(actual);
  ASSERT_EQ(tables, TableNames(expected)) << what;
  EXPECT_EQ(testing::Rows(actual,
                          "SELECT version, name FROM schema_migrations "
                          "ORDER BY version"),
            testing::Rows(expected,
                          "SELECT version, name FROM schema_migrations "
                          "ORDER BY version"))
      << what;
  for (const std::string& table : tables) {
    if (table == "schema_migrations") continue;
    const TableRows got = ReadTable(actual, table);
    const TableRows want = ReadTable(expected, table);
    ASSERT_EQ(got.rows.size(), want.rows.size())
        << what << ": table " << table << " has " << got.rows.size()
        << " row(s), expected " << want.rows.size();
    for (size_t row_idx = 0; row_idx < got.rows.size(); ++row_idx) {
      for (size_t column_idx = 0; column_idx < got.columns.size();
           ++column_idx) {
        EXPECT_EQ(got.rows[row_idx][column_idx], want.rows[row_idx][column_idx])
            << what << ": table " << table << ", row " << row_idx + 1
            << " (sorted; first field " << want.rows[row_idx][0] << "), column "
            << got.columns[column_idx];
      }
    }
  }
}

std::vector<int> SchemaVersions() {
  std::vector<int> versions;
  for (const store::Migration& migration : store::AllMigrations()) {
    versions.push_back(migration.version);
  }
  return versions;
}

// The fixtures of every migration are in the repository: a migration added
// without them fails here (tests/data/upgrade/README.md says what to write).
TEST(UpgradeFixturesTest, EveryMigrationHasItsFixtures) {
  for (int version : SchemaVersions()) {
    EXPECT_TRUE(std::filesystem::exists(FixturePath(version, ".sql")))
        << FixturePath(version, ".sql")
        << " is missing: the rows of a store at schema version " << version;
    EXPECT_TRUE(std::filesystem::exists(FixturePath(version, ".expected.sql")))
        << FixturePath(version, ".expected.sql")
        << " is missing: those rows after the upgrade";
  }
}

class UpgradeTest
    : public ::testing::TestWithParam<std::tuple<store::Backend, int>> {
 protected:
  store::Backend backend() const { return std::get<0>(GetParam()); }
  int version() const { return std::get<1>(GetParam()); }

  void SetUp() override {
    std::string why;
    scratch_ = store::ScratchDatabase::Create(backend(), &why);
    if (scratch_ == nullptr) {
      if (backend() == store::Backend::kPostgres &&
          std::getenv("VAFA_REQUIRE_POSTGRES") == nullptr) {
        GTEST_SKIP() << why;
      }
      FAIL() << why;
    }
  }

  // Another fresh store at the current schema version.
  std::unique_ptr<store::ScratchDatabase> CurrentStore() {
    std::string why;
    auto scratch = store::ScratchDatabase::Create(backend(), &why);
    EXPECT_NE(scratch, nullptr) << why;
    return scratch;
  }

  // The location of a store with no schema at all. SQLite: a file not yet
  // made beside the scratch store; PostgreSQL: the scratch database emptied.
  std::string EmptyStore(store::ScratchDatabase& scratch) {
    if (backend() == store::Backend::kSqlite) {
      return (std::filesystem::path(scratch.location()).parent_path() /
              "upgraded.db")
          .string();
    }
    scratch.db().sql() << "DROP SCHEMA public CASCADE";
    scratch.db().sql() << "CREATE SCHEMA public";
    scratch.Close();
    return scratch.location();
  }

  // Makes a store at version() with the binary and fills it from
  // version().sql; every table that exists at that version gets rows.
  void MakeStoreAtVersion(const std::string& location) {
    auto made = testing::RunVafa(
        {"--db", location, "migrate", "--to", std::to_string(version())});
    ASSERT_EQ(made.exit_code, 0) << made.output;
    EXPECT_THAT(made.output,
                HasSubstr("schema version " + std::to_string(version())));
    auto db = store::Database::Open(location, /*migrate=*/false);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    auto applied = (*db)->AppliedMigrations();
    ASSERT_TRUE(applied.ok());
    ASSERT_EQ(applied->back(), version());
    ASSERT_NO_FATAL_FAILURE(RunFixture(**db, FixturePath(version(), ".sql")));
    for (const std::string& table : TableNames(**db)) {
      if (table == "schema_migrations") continue;
      EXPECT_FALSE(ReadTable(**db, table).rows.empty())
          << FixturePath(version(), ".sql") << " has no rows for table "
          << table << ", which exists at schema version " << version();
    }
  }

  // The store that version().expected.sql describes.
  void FillExpected(store::ScratchDatabase& expected) {
    RunFixture(expected.db(), FixturePath(version(), ".expected.sql"));
  }

  std::unique_ptr<store::ScratchDatabase> scratch_;
};

TEST_P(UpgradeTest, MigrateKeepsEveryRowOfAStoreAtThisVersion) {
  auto expected = CurrentStore();
  ASSERT_NE(expected, nullptr);
  const std::string location = EmptyStore(*scratch_);
  ASSERT_NO_FATAL_FAILURE(MakeStoreAtVersion(location));

  auto migrated = testing::RunVafa({"--db", location, "migrate"});
  ASSERT_EQ(migrated.exit_code, 0) << migrated.output;
  EXPECT_THAT(migrated.output,
              HasSubstr("schema version " +
                        std::to_string(store::LatestSchemaVersion())));

  ASSERT_NO_FATAL_FAILURE(FillExpected(*expected));
  auto db = store::Database::Open(location, /*migrate=*/false);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ExpectSameStores(**db, expected->db(),
                   "from schema version " + std::to_string(version()));
}

// A store past the requested version is refused and left as it was.
TEST_P(UpgradeTest, MigrateToRefusesAStorePastThatVersion) {
  if (version() == store::LatestSchemaVersion()) return;
  const std::string location = scratch_->location();
  scratch_->Close();
  auto refused = testing::RunVafa(
      {"--db", location, "migrate", "--to", std::to_string(version())});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.output,
              HasSubstr("has schema version " +
                        std::to_string(store::LatestSchemaVersion()) +
                        ", past migrate --to " + std::to_string(version()) +
                        ": migrations are never undone"));
}

// A migration that fails part way leaves the store at the version before
// it, with every row as it was: here migration 14 adds a column to
// customers, then cannot create customer_merges, which is already there.
// Once the conflict is gone, the same store upgrades as any other.
class FailedUpgradeTest : public UpgradeTest {};

std::map<std::string, TableRows> ReadAllTables(store::Database& db) {
  std::map<std::string, TableRows> tables;
  for (const std::string& table : TableNames(db)) {
    tables[table] = ReadTable(db, table);
  }
  return tables;
}

TEST_P(FailedUpgradeTest, AFailedMigrationLeavesTheStoreAtItsVersion) {
  ASSERT_EQ(version(), 13);
  auto expected = CurrentStore();
  ASSERT_NE(expected, nullptr);
  const std::string location = EmptyStore(*scratch_);
  ASSERT_NO_FATAL_FAILURE(MakeStoreAtVersion(location));
  std::map<std::string, TableRows> before;
  {
    auto db = store::Database::Open(location, /*migrate=*/false);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    (*db)->sql() << "CREATE TABLE customer_merges (note TEXT)";
    before = ReadAllTables(**db);
  }

  auto failed = testing::RunVafa({"--db", location, "migrate"});
  EXPECT_NE(failed.exit_code, 0) << failed.output;
  EXPECT_THAT(failed.output,
              HasSubstr("migration 14 (customer_merges) failed and nothing of "
                        "it was kept (the store is still at schema version "
                        "13): "));
  {
    auto db = store::Database::Open(location, /*migrate=*/false);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    auto applied = (*db)->AppliedMigrations();
    ASSERT_TRUE(applied.ok());
    EXPECT_EQ(applied->back(), 13);
    // The column the migration added before it failed is gone with it.
    EXPECT_ANY_THROW((*db)->sql() << "SELECT merged_into FROM customers");
    const std::map<std::string, TableRows> after = ReadAllTables(**db);
    ASSERT_EQ(after.size(), before.size());
    for (const auto& [table, rows] : before) {
      ASSERT_TRUE(after.count(table)) << table;
      EXPECT_EQ(after.at(table).columns, rows.columns) << table;
      EXPECT_EQ(after.at(table).rows, rows.rows) << table;
    }
    (*db)->sql() << "DROP TABLE customer_merges";
  }

  auto migrated = testing::RunVafa({"--db", location, "migrate"});
  ASSERT_EQ(migrated.exit_code, 0) << migrated.output;
  ASSERT_NO_FATAL_FAILURE(FillExpected(*expected));
  auto db = store::Database::Open(location, /*migrate=*/false);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ExpectSameStores(**db, expected->db(), "from 13 after a failed upgrade");
}

// Migration 27 stores the interaction types an import before it kept in
// Persian as the codes imports now write; other types stay as written.
class InteractionTypesUpgradeTest : public UpgradeTest {};

TEST_P(InteractionTypesUpgradeTest, PersianTypesBecomeTheirCodes) {
  ASSERT_EQ(version(), 26);
  const std::string location = EmptyStore(*scratch_);
  ASSERT_NO_FATAL_FAILURE(MakeStoreAtVersion(location));
  {
    auto db = store::Database::Open(location, /*migrate=*/false);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    int id = 10;
    for (const char* type :
         {"شکایت", "تماس", "بازدید", "رایانامه", "پیام", "یادداشت", "گلایه"}) {
      const std::string external_id = "I-" + std::to_string(id);
      const std::string text = type;
      (*db)->sql() << "INSERT INTO interactions (id, workspace_id, "
                      "customer_id, external_id, occurred_at, type, "
                      "created_at, version) VALUES (:i, 1, 1, :e, 1700001000, "
                      ":t, 1700001001, 1)",
          soci::use(id), soci::use(external_id), soci::use(text);
      ++id;
    }
  }
  auto migrated = testing::RunVafa({"--db", location, "migrate"});
  ASSERT_EQ(migrated.exit_code, 0) << migrated.output;
  auto db = store::Database::Open(location, /*migrate=*/false);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  std::vector<std::string> types(7);
  (*db)->sql() << "SELECT type FROM interactions WHERE id >= 10 ORDER BY id",
      soci::into(types);
  EXPECT_THAT(types,
              ::testing::ElementsAre("complaint", "call", "visit", "email",
                                     "message", "note", "گلایه"));
}

std::string UpgradeTestName(
    const ::testing::TestParamInfo<std::tuple<store::Backend, int>>& info) {
  return store::BackendName(std::get<0>(info.param)) + "_from_" +
         std::to_string(std::get<1>(info.param));
}

INSTANTIATE_TEST_SUITE_P(
    Versions, UpgradeTest,
    ::testing::Combine(::testing::Values(store::Backend::kSqlite,
                                         store::Backend::kPostgres),
                       ::testing::ValuesIn(SchemaVersions())),
    UpgradeTestName);

INSTANTIATE_TEST_SUITE_P(
    AtVersion13, FailedUpgradeTest,
    ::testing::Combine(::testing::Values(store::Backend::kSqlite,
                                         store::Backend::kPostgres),
                       ::testing::Values(13)),
    UpgradeTestName);

INSTANTIATE_TEST_SUITE_P(
    AtVersion26, InteractionTypesUpgradeTest,
    ::testing::Combine(::testing::Values(store::Backend::kSqlite,
                                         store::Backend::kPostgres),
                       ::testing::Values(26)),
    UpgradeTestName);

}  // namespace
}  // namespace vafa
