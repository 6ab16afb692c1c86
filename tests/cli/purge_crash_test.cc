// A purge killed with SIGKILL at any moment leaves each workspace purged
// whole or untouched, with its audit entry exactly when it was purged, on
// both backends: `vafa purge --all-workspaces` is killed sooner and later
// until one run completes, and the store is checked after each kill.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <signal.h>
#include <soci/soci.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "store/store_test_support.h"
#include "tests/child_process.h"
#include "tests/cli/run_command.h"
#include "tests/test_paths.h"

namespace vafa {
namespace {

constexpr long long kOrders = 60000;       // per workspace, half of them old
constexpr long long kCutoff = 1704067200;  // 2024-01-01

class PurgeCrashTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    for (const char* slug : {"north", "south"}) {
      const long long workspace = AddWorkspace(slug);
      // An order every 10 minutes around the day, each with two lines,
      // and an interaction for every fourth order.
      long long count = kOrders, first = kCutoff - kOrders / 2 * 600;
      db().sql() << "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 "
                    "FROM n WHERE i + 1 < :n) INSERT INTO orders "
                    "(workspace_id, customer_id, external_id, ordered_at, "
                    "currency, total_minor, line_count) SELECT :w, 1, 'o' || "
                    "i, :f + i * 600, 'IRR', 30, 2 FROM n",
          soci::use(count), soci::use(workspace), soci::use(first);
      for (long long line_no : {1LL, 2LL}) {
        db().sql() << "INSERT INTO order_lines (line_key, order_id, line_no, "
                      "workspace_id, customer_id, product_id, quantity, "
                      "amount_minor) SELECT id * 1024 + :l, id, :l2, "
                      "workspace_id, 1, 1, 1, 15 FROM orders WHERE "
                      "workspace_id = :w",
            soci::use(line_no), soci::use(line_no), soci::use(workspace);
      }
      db().sql() << "INSERT INTO interactions (workspace_id, customer_id, "
                    "external_id, occurred_at, type, created_at) SELECT "
                    "workspace_id, 1, external_id, ordered_at, 'call', "
                    "ordered_at FROM orders WHERE workspace_id = :w AND id % "
                    "4 = 0",
          soci::use(workspace);
    }
    // The newest row of each table stays on SQLite whatever its day: make
    // it new, so every old row goes on both backends.
    AddWorkspace("last");
    db().sql() << "INSERT INTO orders (workspace_id, customer_id, external_id, "
                  "ordered_at, currency, total_minor, line_count) SELECT id, "
                  "1, 'last', 1900000000, 'IRR', 0, 0 FROM workspaces WHERE "
                  "slug = 'last'";
    db().sql() << "INSERT INTO interactions (workspace_id, customer_id, "
                  "external_id, occurred_at, type, created_at) SELECT id, 1, "
                  "'last', 1900000000, 'call', 1900000000 FROM workspaces "
                  "WHERE slug = 'last'";
  }

  // Starts `vafa purge --all-workspaces --yes` and kills it after `delay`.
  // Returns true when it had already finished.
  bool PurgeAndKill(std::chrono::milliseconds delay) {
    pid_t child = ::vafa::testing::ForkChildOfTest();
    if (child == 0) {
      int null = ::open("/dev/null", O_WRONLY);
      dup2(null, 1);
      dup2(null, 2);
      execl(::vafa::testing::kVafaBinary, "vafa", "--db",
            scratch_->location().c_str(), "purge", "--before", "2024-01-01",
            "--all-workspaces", "--yes", static_cast<char*>(nullptr));
      _exit(127);
    }
    std::this_thread::sleep_for(delay);
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }

  static long long Count(store::Database& db, const std::string& sql) {
    long long n = 0;
    db.sql() << sql, soci::into(n);
    return n;
  }

  // A PostgreSQL backend outlives its killed client until its statement
  // ends (and commits, when the client had sent COMMIT): the store is read
  // once no other session of the database is at work (the test's own is
  // idle), so that the counts below are of one state.
  static void WaitForKilledSessions(store::Database& db) {
    if (db.backend() != store::Backend::kPostgres) return;
    for (int tries = 0; tries < 600; ++tries) {
      if (Count(db,
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = "
                "current_database() AND pid <> pg_backend_pid() AND "
                "COALESCE(state, '') <> 'idle'") == 0) {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "a killed purge's session is still running after 60 s";
  }

  // Checks that `slug` is purged whole or untouched; returns whether it
  // was purged.
  bool CheckWorkspace(store::Database& db, const std::string& slug,
                      int delay_ms) {
    const std::string of =
        " WHERE workspace_id = (SELECT id FROM workspaces WHERE slug = '" +
        slug + "')";
    const long long orders = Count(db, "SELECT COUNT(*) FROM orders" + of);
    const long long lines = Count(db, "SELECT COUNT(*) FROM order_lines" + of);
    const long long interactions =
        Count(db, "SELECT COUNT(*) FROM interactions" + of);
    const long long audited = Count(
        db, "SELECT COUNT(*) FROM audit_log" + of + " AND action = 'purge'");
    const bool purged = orders < kOrders;
    EXPECT_EQ(orders, purged ? kOrders / 2 : kOrders)
        << slug << " after " << delay_ms << " ms";
    EXPECT_EQ(lines, 2 * orders) << slug << " after " << delay_ms << " ms";
    EXPECT_EQ(interactions, purged ? kOrders / 8 : kOrders / 4)
        << slug << " after " << delay_ms << " ms";
    EXPECT_EQ(audited, purged ? 1 : 0) << slug << " after " << delay_ms;
    return purged;
  }
};

TEST_P(PurgeCrashTest, KilledPurgeLeavesEachWorkspaceWholeOrUntouched) {
  bool completed = false;
  for (int delay_ms :
       {50, 150, 300, 500, 800, 1200, 2000, 3000, 5000, 8000, 15000, 30000}) {
    if (completed) break;
    completed = PurgeAndKill(std::chrono::milliseconds(delay_ms));
    auto db = scratch_->OpenAnother();
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    WaitForKilledSessions(**db);
    if (GetParam() == store::Backend::kSqlite) {
      std::string check;
      (*db)->sql() << "PRAGMA integrity_check", soci::into(check);
      EXPECT_EQ(check, "ok");
    }
    const bool north = CheckWorkspace(**db, "north", delay_ms);
    const bool south = CheckWorkspace(**db, "south", delay_ms);
    if (completed) {
      EXPECT_TRUE(north && south);
    }
  }
  EXPECT_TRUE(completed) << "the purge never finished";
  auto verified =
      testing::RunVafa({"--db", scratch_->location(), "audit", "verify"});
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_THAT(verified.output, ::testing::HasSubstr("2 entries, chain intact"));
}

VAFA_INSTANTIATE_BACKEND_TEST(PurgeCrashTest);

}  // namespace
}  // namespace vafa
