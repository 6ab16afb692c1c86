#include "store/database.h"

#include <soci/soci.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "store/migrations.h"
#include "store/scratch_database.h"
#include "store/sql_values.h"
#include "store/store_test_support.h"
#include "store/workspace_repository.h"

namespace vafa::store {
namespace {

// A killed test leaves its SQLite folder behind, and a later test process
// may get the same process id: its scratch store starts empty all the same.
TEST(ScratchDatabaseTest, AFolderLeftByAKilledTestIsStartedAfresh) {
  const std::filesystem::path base = std::filesystem::temp_directory_path();
  std::vector<std::filesystem::path> left;
  for (int serial = 0; serial < 64; ++serial) {
    const std::filesystem::path folder =
        base / ("vafa_test_" + std::to_string(getpid()) + "_" +
                std::to_string(serial));
    if (std::filesystem::exists(folder)) continue;  // this process's own
    std::filesystem::create_directories(folder);
    std::ofstream(folder / "store.db") << "not a database";
    left.push_back(folder);
  }
  std::string why;
  std::unique_ptr<ScratchDatabase> scratch =
      ScratchDatabase::Create(Backend::kSqlite, &why);
  EXPECT_NE(scratch, nullptr) << why;
  if (scratch != nullptr) {
    EXPECT_TRUE(WorkspaceRepository(scratch->db()).Create("shop", "Shop").ok());
  }
  scratch.reset();
  for (const std::filesystem::path& folder : left) {
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
  }
}

using DatabaseTest = BackendTest;

TEST_P(DatabaseTest, AppliesEveryMigrationOnce) {
  auto applied = db().AppliedMigrations();
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  ASSERT_EQ(applied->size(), AllMigrations().size());
  EXPECT_EQ(applied->front(), AllMigrations().front().version);

  auto again = db().Migrate();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, 0);

  auto second = scratch_->OpenAnother();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  auto second_applied = (*second)->AppliedMigrations();
  ASSERT_TRUE(second_applied.ok());
  EXPECT_EQ(*second_applied, *applied);
}

TEST_P(DatabaseTest, TransactionRollsBackWhenBodyFails) {
  WorkspaceRepository workspaces(db());
  Status status = InTransaction(db(), [&]() -> Status {
    auto created = workspaces.Create("shop", "Shop");
    if (!created.ok()) return created.status();
    return Status::Invalid("row 3 is bad");
  });
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(workspaces.GetBySlug("shop").status().code(),
            StatusCode::kNotFound);
}

TEST_P(DatabaseTest, TransactionRollsBackWhenBodyThrows) {
  WorkspaceRepository workspaces(db());
  Status status = InTransaction(db(), [&]() -> Status {
    (void)workspaces.Create("shop", "Shop");
    throw std::runtime_error("disk on fire");
  });
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  EXPECT_NE(status.message().find("disk on fire"), std::string::npos);
  EXPECT_FALSE(workspaces.GetBySlug("shop").ok());
}

TEST_P(DatabaseTest, TransactionCommitsWhenBodySucceeds) {
  WorkspaceRepository workspaces(db());
  Status status = InTransaction(db(), [&]() -> Status {
    return workspaces.Create("shop", "Shop").status();
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  auto other = scratch_->OpenAnother();
  ASSERT_TRUE(other.ok());
  WorkspaceRepository from_other(**other);
  EXPECT_TRUE(from_other.GetBySlug("shop").ok());
}

// Two writers at once, one of which read before writing (as every API write
// does): both commit. A deferred SQLite transaction failed here with
// "database is locked" the moment the other committed first.
TEST_P(DatabaseTest, ConcurrentReadThenWriteTransactionsBothCommit) {
  auto other = scratch_->OpenAnother();
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  WorkspaceRepository workspaces(db());
  std::atomic<bool> read_done{false};
  Status second;
  std::thread writer([&] {
    while (!read_done) std::this_thread::yield();
    second = InTransaction(**other, [&]() -> Status {
      return WorkspaceRepository(**other).Create("second", "Second").status();
    });
  });
  Status first = InTransaction(db(), [&]() -> Status {
    (void)workspaces.GetBySlug("first");
    read_done = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return workspaces.Create("first", "First").status();
  });
  writer.join();
  EXPECT_TRUE(first.ok()) << first.ToString();
  EXPECT_TRUE(second.ok()) << second.ToString();
  EXPECT_TRUE(workspaces.GetBySlug("first").ok());
  EXPECT_TRUE(workspaces.GetBySlug("second").ok());
}

TEST_P(DatabaseTest, WorkspaceSlugsAreUniqueAndValidated) {
  WorkspaceRepository workspaces(db());
  auto first = workspaces.Create("tehran-shop", "فروشگاه تهران");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->currency, "IRR");
  auto again = workspaces.Create("tehran-shop", "Again");
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(workspaces.Create("Bad Slug", "x").status().code(),
            StatusCode::kInvalidArgument);
  auto got = workspaces.GetBySlug("tehran-shop");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "فروشگاه تهران");
  auto same = workspaces.GetOrCreate("tehran-shop");
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->id, first->id);
}

// Nothing a connection does outlives its transaction on the server: no
// named prepared statement, no session advisory lock (the migration lock),
// no session SET, so that the connection may go through a pooler in
// transaction mode (docs/scale.md).
TEST_P(DatabaseTest, NothingOutlivesATransactionOnTheServer) {
  if (GetParam() != Backend::kPostgres) GTEST_SKIP() << "PostgreSQL only";
  auto opened = scratch_->OpenAnother();  // migrates, under the lock
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Database& db = **opened;
  int value = 0;
  soci::statement repeated =
      (db.sql().prepare << "SELECT 41 + 1", soci::into(value));
  repeated.execute(true);
  EXPECT_EQ(value, 42);
  long long prepared = -1;
  long long advisory = -1;
  std::string level;
  Status read = InTransaction(db, [&]() -> Status {
    db.sql() << "SELECT COUNT(*) FROM pg_prepared_statements",
        soci::into(prepared);
    db.sql() << "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' "
                "AND pid = pg_backend_pid()",
        soci::into(advisory);
    db.sql() << "SELECT current_setting('client_min_messages')",
        soci::into(level);
    return Status::Ok();
  });
  ASSERT_TRUE(read.ok()) << read.ToString();
  EXPECT_EQ(prepared, 0);
  EXPECT_EQ(advisory, 0);
  EXPECT_EQ(level, "notice");
  value = 0;
  repeated.execute(true);
  EXPECT_EQ(value, 42);
}

// The server closing a session (as it does to every session when it stops)
// is noticed before the next statement, and a statement on the dead session
// fails as Unavailable, not Internal, without the server's own words.
TEST_P(DatabaseTest, LostConnectionIsNoticedAndUnavailable) {
  EXPECT_TRUE(db().Connected());
  if (GetParam() != Backend::kPostgres) return;
  if (std::getenv("VAFA_TEST_PGBOUNCER") != nullptr) {
    GTEST_SKIP() << "behind a pooler the server process belongs to the pool, "
                    "not to this connection: ending it loses no client";
  }
  int pid = 0;
  db().sql() << "SELECT pg_backend_pid()", soci::into(pid);
  auto other = scratch_->OpenAnother();
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  int terminated = 0;
  (*other)->sql() << "SELECT CAST(pg_terminate_backend(:p) AS INTEGER)",
      soci::use(pid), soci::into(terminated);
  ASSERT_EQ(terminated, 1);
  // The backend exits and closes the socket a moment after the call: wait
  // until it is gone, without asking this session. Then the first question
  // must see it (its error message and its closing are both waiting, and
  // reading only the message once let a health check answer 200 during an
  // outage).
  for (int wait_ms = 0; wait_ms < 5000; wait_ms += 10) {
    int alive = 0;
    (*other)->sql() << "SELECT CAST(COUNT(*) AS INTEGER) FROM "
                       "pg_stat_activity WHERE pid = :p",
        soci::use(pid), soci::into(alive);
    if (alive == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(db().Connected());
  try {
    db().sql() << "SELECT 1";
    ADD_FAILURE() << "a statement on a closed session should fail";
  } catch (const std::exception& error) {
    EXPECT_TRUE(IsConnectionLost(error)) << error.what();
    Status status = DatabaseError("reading", error);
    EXPECT_EQ(status.code(), StatusCode::kUnavailable) << status.ToString();
    EXPECT_EQ(status.message().find("terminat"), std::string::npos)
        << status.message();
  }
  Status in_transaction = InTransaction(db(), [] { return Status::Ok(); });
  EXPECT_EQ(in_transaction.code(), StatusCode::kUnavailable)
      << in_transaction.ToString();
  // A new Database on the same location works again.
  auto reopened = scratch_->OpenAnother();
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_TRUE((*reopened)->Connected());
}

TEST_P(DatabaseTest, StatementErrorsStayInternal) {
  try {
    db().sql() << "SELECT no_such_column FROM workspaces";
    FAIL() << "the statement should have failed";
  } catch (const std::exception& error) {
    EXPECT_FALSE(IsConnectionLost(error)) << error.what();
    EXPECT_EQ(DatabaseError("reading", error).code(), StatusCode::kInternal);
  }
  EXPECT_TRUE(db().Connected());
}

// A Status thrown inside a transaction comes back with its code: a lost
// connection found by a check deep in a route stays unavailable (503).
TEST_P(DatabaseTest, AThrownStatusKeepsItsCodeThroughATransaction) {
  Status status = InTransaction(db(), []() -> Status {
    throw StatusError(Status::Unavailable(
        "reading customers: the connection to the database was lost"));
  });
  EXPECT_EQ(status.code(), StatusCode::kUnavailable) << status.ToString();
  EXPECT_EQ(status.message(),
            "transaction: reading customers: the connection to the database "
            "was lost");
  Status refused = InTransaction(db(), []() -> Status {
    throw StatusError(Status::Refused("amount", "is too large"));
  });
  EXPECT_EQ(refused.code(), Status::Refused("amount", "x").code());
  EXPECT_EQ(refused.field(), "amount");
}

// Orders and order lines as text, NULL as "-".
std::string OrdersAndLines(Database& db) {
  std::string out;
  for (const char* sql :
       {"SELECT id, workspace_id, customer_id, external_id, ordered_at, "
        "total_minor, line_count, batch_id, version FROM orders ORDER BY id",
        "SELECT line_key, order_id, line_no, workspace_id, customer_id, "
        "product_id, amount_minor, cost_minor FROM order_lines ORDER BY "
        "line_key"}) {
    soci::rowset<soci::row> rows = db.sql().prepare << sql;
    for (const soci::row& row : rows) {
      for (size_t column = 0; column < row.size(); ++column) {
        if (RowIsNull(row, column)) {
          out += "-";
        } else if (row.get_properties(column).get_data_type() ==
                   soci::dt_string) {
          out += RowText(row, column);
        } else {
          out += std::to_string(RowInt(row, column));
        }
        out += '|';
      }
      out += '\n';
    }
  }
  return out;
}

TEST_P(DatabaseTest, AnonymousSalesMigrationKeepsEveryOrderAndLine) {
  const int64_t workspace = AddWorkspace("shop");
  long long w = workspace;
  db().sql() << "INSERT INTO orders (id, workspace_id, customer_id, "
                "external_id, ordered_at, currency, total_minor, line_count, "
                "batch_id, version) VALUES (5, :w, 7, 'O5', 1700000000, 'IRR', "
                "1200, 2, NULL, 3)",
      soci::use(w);
  db().sql() << "INSERT INTO order_lines (line_key, order_id, line_no, "
                "workspace_id, customer_id, product_id, quantity, "
                "amount_minor, cost_minor) VALUES (5121, 5, 1, :w, 7, 9, 1, "
                "1000, 400), (5122, 5, 2, :w2, 7, 10, 2, 200, NULL)",
      soci::use(w), soci::use(w);
  const std::string before = OrdersAndLines(db());
  ASSERT_NE(before.find("O5"), std::string::npos);

  // The table statements run again on tables that hold rows (SQLite's
  // rebuild copies them; PostgreSQL's DROP NOT NULL is repeatable).
  const Migration* anonymous_sales = nullptr;
  for (const Migration& migration : AllMigrations()) {
    if (migration.name == "anonymous_sales") anonymous_sales = &migration;
  }
  ASSERT_NE(anonymous_sales, nullptr);
  Status rerun = InTransaction(db(), [&]() -> Status {
    for (const std::string& statement :
         MigrationStatements(*anonymous_sales, db().backend())) {
      if (statement.find("import_batches") != std::string::npos) continue;
      db().sql() << statement;
    }
    return Status::Ok();
  });
  ASSERT_TRUE(rerun.ok()) << rerun.ToString();
  EXPECT_EQ(OrdersAndLines(db()), before);

  db().sql() << "INSERT INTO orders (id, workspace_id, customer_id, "
                "external_id, ordered_at, currency, total_minor, line_count) "
                "VALUES (6, :w, NULL, 'A6', 1700000000, 'IRR', 50, 1)",
      soci::use(w);
  db().sql() << "INSERT INTO order_lines (line_key, order_id, line_no, "
                "workspace_id, customer_id, product_id, quantity, "
                "amount_minor) VALUES (6145, 6, 1, :w, NULL, 9, 1, 50)",
      soci::use(w);
  EXPECT_NE(OrdersAndLines(db()).find("6|" + std::to_string(w) + "|-|A6|"),
            std::string::npos);
  // The external id stays unique in a workspace.
  auto insert_again = [&] {
    db().sql() << "INSERT INTO orders (workspace_id, customer_id, "
                  "external_id, ordered_at, currency, total_minor, "
                  "line_count) VALUES (:w, NULL, 'A6', 1, 'IRR', 0, 0)",
        soci::use(w);
  };
  EXPECT_THROW(insert_again(), std::exception);
}

TEST(MigrationStatementsTest, BackendOnlyStatementsRunOnTheirBackendAlone) {
  const Migration migration{
      99, "test",
      "CREATE TABLE a (id {{ID}})\n;\n{{SQLITE_ONLY}}\nDROP TABLE a\n;\n"
      "{{POSTGRES_ONLY}}\nALTER TABLE a ADD COLUMN b TEXT\n;\n"};
  const auto sqlite = MigrationStatements(migration, Backend::kSqlite);
  ASSERT_EQ(sqlite.size(), 2u);
  EXPECT_EQ(sqlite[0], "CREATE TABLE a (id INTEGER PRIMARY KEY)\n");
  EXPECT_EQ(sqlite[1], "DROP TABLE a\n");
  const auto postgres = MigrationStatements(migration, Backend::kPostgres);
  ASSERT_EQ(postgres.size(), 2u);
  EXPECT_EQ(postgres[1], "ALTER TABLE a ADD COLUMN b TEXT\n");
}

VAFA_INSTANTIATE_BACKEND_TEST(DatabaseTest);

TEST(DatabaseOpenTest, UnknownSchemeIsRejectedWithTheLocation) {
  auto db = Database::Open("mysql://localhost/x");
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.status().message().find("mysql://localhost/x"),
            std::string::npos)
      << db.status().message();
}

TEST(DatabaseOpenTest, UnreachableFolderIsAnError) {
  auto db = Database::Open("/nonexistent/folder/vafa.db");
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.status().message().find("/nonexistent/folder/vafa.db"),
            std::string::npos);
}

TEST(WithDatabaseNameTest, ReplacesOnlyTheDatabase) {
  EXPECT_EQ(WithDatabaseName("postgresql://u@h:5/postgres", "t1"),
            "postgresql://u@h:5/t1");
  EXPECT_EQ(
      WithDatabaseName("postgresql://u@/postgres?host=/tmp/x&port=5", "t1"),
      "postgresql://u@/t1?host=/tmp/x&port=5");
  EXPECT_EQ(WithDatabaseName("postgresql://h", "t1"), "postgresql://h/t1");
}

}  // namespace
}  // namespace vafa::store
