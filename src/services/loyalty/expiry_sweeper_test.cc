#include "services/loyalty/expiry_sweeper.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <string>
#include <vector>

#include "core/dates.h"
#include "store/store_test_support.h"

namespace vafa::services::loyalty {
namespace {

constexpr int64_t kDay = 86400;
// 2024-01-01, and the programme's default expiry of 365 days after it.
constexpr UnixSeconds kEarned = 1704067200;
constexpr UnixSeconds kExpires = kEarned + 365 * kDay;

class LoyaltyExpirySweeperTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    shop_ = AddWorkspace("shop");
    cafe_ = AddWorkspace("cafe");
    sara_ = AddCustomer(shop_, "Sara");
    reza_ = AddCustomer(cafe_, "Reza");
  }

  int64_t AddCustomer(int64_t workspace, const std::string& name) {
    long long w = workspace, id = 0;
    db().sql() << "INSERT INTO customers (workspace_id, display_name, "
                  "created_at, updated_at) VALUES (:w, :n, 0, 0) RETURNING id",
        soci::use(w), soci::use(name), soci::into(id);
    return id;
  }

  // A referral reward of `points` made at `at`: it expires 365 days later.
  void Refer(int64_t workspace, int64_t customer, int64_t points,
             UnixSeconds at) {
    Status done = store::InTransaction(db(), [&]() -> Status {
      return RecordLoyaltyEntry(db(), workspace, customer, "referral", points,
                                "", "test", at)
          .status();
    });
    ASSERT_TRUE(done.ok()) << done.message();
  }

  long long Balance(int64_t customer) {
    long long sum = 0, c = customer;
    soci::indicator none = soci::i_ok;
    db().sql() << "SELECT SUM(points) FROM loyalty_ledger WHERE customer_id = "
                  ":c",
        soci::use(c), soci::into(sum, none);
    return none == soci::i_null ? 0 : sum;
  }

  int64_t shop_ = 0, cafe_ = 0, sara_ = 0, reza_ = 0;
};

TEST_P(LoyaltyExpirySweeperTest, ExpiresWhatIsDueInEveryWorkspaceOnce) {
  Refer(shop_, sara_, 100, kEarned);
  Refer(shop_, sara_, 40, kEarned + 10 * kDay);  // due 10 days later
  Refer(cafe_, reza_, 70, kEarned);

  auto before = SweepEveryWorkspace(db(), kExpires - 1);
  ASSERT_TRUE(before.ok()) << before.status().message();
  for (const WorkspaceExpiries& one : *before) EXPECT_EQ(one.sweep.entries, 0);

  auto swept = SweepEveryWorkspace(db(), kExpires + kDay);
  ASSERT_TRUE(swept.ok()) << swept.status().message();
  ASSERT_EQ(swept->size(), 2u);
  const WorkspaceExpiries& shop =
      (*swept)[0].workspace.slug == "shop" ? (*swept)[0] : (*swept)[1];
  const WorkspaceExpiries& cafe =
      (*swept)[0].workspace.slug == "cafe" ? (*swept)[0] : (*swept)[1];
  EXPECT_EQ(shop.sweep.points, 100);
  EXPECT_EQ(shop.sweep.entries, 1);
  EXPECT_EQ(shop.sweep.customers, 1);
  EXPECT_EQ(cafe.sweep.points, 70);
  EXPECT_EQ(Balance(sara_), 40);
  EXPECT_EQ(Balance(reza_), 0);

  auto again = SweepEveryWorkspace(db(), kExpires + kDay);
  ASSERT_TRUE(again.ok()) << again.status().message();
  for (const WorkspaceExpiries& one : *again) EXPECT_EQ(one.sweep.entries, 0);
  EXPECT_EQ(Balance(sara_), 40);
}

TEST_P(LoyaltyExpirySweeperTest, SweepsInBatchesOfCustomersWithSomethingDue) {
  // Six customers: four with points due, one whose points are not yet due
  // between them, and Sara with both.
  std::vector<int64_t> due;
  for (const char* name : {"Ali", "Mina", "Omid", "Nika"}) {
    due.push_back(AddCustomer(shop_, name));
    Refer(shop_, due.back(), 10 * static_cast<int64_t>(due.size()), kEarned);
  }
  const int64_t later = AddCustomer(shop_, "Later");
  Refer(shop_, later, 500, kEarned + 30 * kDay);
  Refer(shop_, sara_, 7, kEarned);
  Refer(shop_, sara_, 9, kEarned + 30 * kDay);

  // Asked to stop after the first batch: two customers' expiries recorded
  // (Sara's and Ali's, the lowest ids), the rest left for the next sweep.
  SweepPace two;
  two.batch_customers = 2;
  SweepPace first_only = two;
  int asked = 0;
  first_only.stop = [&asked] { return ++asked > 1; };
  auto stopped =
      SweepWorkspaceExpiries(db(), shop_, kExpires + kDay, first_only);
  ASSERT_TRUE(stopped.ok()) << stopped.status().message();
  EXPECT_EQ(stopped->customers, 2);
  EXPECT_EQ(Balance(due[0]), 0);
  EXPECT_EQ(Balance(sara_), 9);
  EXPECT_EQ(Balance(due[1]), 20);

  // Two customers with something due to a batch: two batches now.
  auto swept = SweepWorkspaceExpiries(db(), shop_, kExpires + kDay, two);
  ASSERT_TRUE(swept.ok()) << swept.status().message();
  EXPECT_EQ(swept->entries, 3);
  EXPECT_EQ(swept->customers, 3);
  EXPECT_EQ(swept->points, 20 + 30 + 40);
  for (int64_t customer : due) EXPECT_EQ(Balance(customer), 0);
  EXPECT_EQ(Balance(later), 500);
  EXPECT_EQ(Balance(sara_), 9);

  auto again = SweepWorkspaceExpiries(db(), shop_, kExpires + kDay, two);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->entries, 0);
  // A day after the later points' expiry, one batch takes them both.
  auto last = SweepWorkspaceExpiries(db(), shop_, kExpires + 31 * kDay, two);
  ASSERT_TRUE(last.ok()) << last.status().message();
  EXPECT_EQ(last->entries, 2);
  EXPECT_EQ(last->points, 509);
  EXPECT_EQ(Balance(later), 0);
  EXPECT_EQ(Balance(sara_), 0);
}

TEST_P(LoyaltyExpirySweeperTest,
       SweepsAtStartAndStopsWithoutWaitingForThePeriod) {
  Refer(shop_, sara_, 100, kEarned);
  std::vector<std::string> lines;
  std::mutex lines_mutex;
  const std::string location = scratch_->location();
  {
    ExpirySweeper sweeper(
        [location] { return store::Database::Open(location, false); },
        std::chrono::hours(24),
        [&](const std::string& line) {
          std::lock_guard<std::mutex> lock(lines_mutex);
          lines.push_back(line);
        },
        [] { return kExpires + kDay; });
    for (int wait = 0; wait < 500 && sweeper.sweeps() == 0; ++wait) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(sweeper.sweeps(), 1);
  }  // the destructor returns now, not in 24 hours
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0],
            "loyalty expiry: workspace \"shop\": 100 points of 1 customers "
            "expired (1 entries)");
  EXPECT_EQ(Balance(sara_), 0);
}

TEST_P(LoyaltyExpirySweeperTest, ReportsAStoreItCannotOpen) {
  std::vector<std::string> lines;
  {
    ExpirySweeper sweeper(
        []() -> Result<std::unique_ptr<store::Database>> {
          return Status::Unavailable("the database cannot be reached");
        },
        std::chrono::hours(24),
        [&](const std::string& line) { lines.push_back(line); });
    for (int wait = 0; wait < 500 && sweeper.sweeps() == 0; ++wait) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "loyalty expiry: the database cannot be reached");
}

VAFA_INSTANTIATE_BACKEND_TEST(LoyaltyExpirySweeperTest);

}  // namespace
}  // namespace vafa::services::loyalty
