// Nothing acknowledged is lost and nothing half-done is kept: an import
// killed with SIGKILL at any moment leaves the store as before the import
// or with the whole import, on both backends.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <signal.h>
#include <soci/soci.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "store/store_test_support.h"
#include "tests/child_process.h"
#include "tests/cli/run_command.h"
#include "tests/test_paths.h"

namespace vafa {
namespace {

constexpr int kCustomers = 2000;
constexpr int kLines = 300000;

class CrashTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    folder_ = std::filesystem::temp_directory_path() /
              ("vafa_crash_" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder_);
    customers_ = (folder_ / "customers.csv").string();
    transactions_ = (folder_ / "transactions.csv").string();
    std::ofstream c(customers_);
    c << "external_id,first_name\n";
    for (int i = 0; i < kCustomers; ++i) c << "C" << i << ",N" << i << "\n";
    std::ofstream t(transactions_);
    t << "customer_id,date,order_id,product,quantity,amount\n";
    for (int i = 0; i < kLines; ++i) {
      t << "C" << (i / 3 * 7919) % kCustomers << ",2024-0" << 1 + i % 9 << "-1"
        << i % 10 << ",O" << i / 3 << ","
        << "P" << i % 50 << ",1," << 1000 + i % 977 << "\n";
    }
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  // Starts an import of the transactions and kills it after `delay`.
  // Returns true when the child had already finished.
  bool ImportAndKill(std::chrono::milliseconds delay) {
    pid_t child = ::vafa::testing::ForkChildOfTest();
    if (child == 0) {
      int null = ::open("/dev/null", O_WRONLY);
      dup2(null, 1);
      dup2(null, 2);
      execl(::vafa::testing::kVafaBinary, "vafa", "--db",
            scratch_->location().c_str(), "--workspace", "crash", "import",
            "transactions", transactions_.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    std::this_thread::sleep_for(delay);
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status);
  }

  long long Count(store::Database& db, const std::string& sql) {
    long long n = 0;
    db.sql() << sql, soci::into(n);
    return n;
  }

  // Imports the customers, then kills imports of the transactions sooner
  // and later until one completes, checking the store after each.
  void KillUntilComplete() {
    auto setup = testing::RunVafa({"--db", scratch_->location(), "--workspace",
                                   "crash", "import", "customers", customers_});
    ASSERT_EQ(setup.exit_code, 0) << setup.output;
    bool completed = false;
    for (int delay_ms :
         {30, 120, 300, 600, 1000, 1600, 2500, 4000, 8000, 30000}) {
      if (completed) break;
      completed = ImportAndKill(std::chrono::milliseconds(delay_ms));
      auto db = scratch_->OpenAnother();
      ASSERT_TRUE(db.ok()) << db.status().ToString();
      if (GetParam() == store::Backend::kSqlite) {
        std::string check;
        (*db)->sql() << "PRAGMA integrity_check", soci::into(check);
        EXPECT_EQ(check, "ok");
      }
      long long lines = Count(**db, "SELECT COUNT(*) FROM order_lines");
      long long orders = Count(**db, "SELECT COUNT(*) FROM orders");
      long long committed =
          Count(**db,
                "SELECT COUNT(*) FROM import_batches WHERE "
                "kind = 'transactions' AND status = 'committed'");
      if (committed == 0) {
        EXPECT_EQ(lines, 0) << "after " << delay_ms << " ms";
        EXPECT_EQ(orders, 0);
      } else {
        EXPECT_EQ(committed, 1);
        EXPECT_EQ(lines, kLines) << "after " << delay_ms << " ms";
        EXPECT_EQ(orders, (kLines + 2) / 3);
        completed = true;
      }
    }
    EXPECT_TRUE(completed) << "the import never finished";
  }

  std::filesystem::path folder_;
  std::string customers_;
  std::string transactions_;
};

// The test keeps a connection open, so an SQLite import runs in WAL mode.
TEST_P(CrashTest, KilledImportLeavesAllOrNothing) { KillUntilComplete(); }

// With the store to itself, a large SQLite import runs with a rollback
// journal (store::LoadJournal), which a killed import leaves behind.
TEST_P(CrashTest, KilledImportAloneLeavesAllOrNothing) {
  scratch_->Close();
  KillUntilComplete();
}

VAFA_INSTANTIATE_BACKEND_TEST(CrashTest);

}  // namespace
}  // namespace vafa
