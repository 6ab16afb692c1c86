// The loyalty ledger in the store, on both backends, on a small case worked
// by hand: what each order earns (categories, tiers from the year's spend,
// refunds), posting twice, burning first in first out, adjustments, the
// expiry of what is left of a lot, and the liability.
#include "services/loyalty/ledger.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <string>
#include <vector>

#include "store/store_test_support.h"

namespace vafa::services::loyalty {
namespace {

constexpr int64_t kDay = 86400;
constexpr UnixSeconds kStart = 1704067200;  // 2024-01-01 00:00 UTC

// One point per 1,000 minor units, coffee earns double, silver (a year's
// spend of 50,000) doubles again, points last 365 days, a point is worth
// 500 minor units.
LoyaltyProgram SmallProgram() {
  LoyaltyProgram program;
  program.minor_per_point = 1000;
  program.point_value_minor = 500;
  program.expiry_days = 365;
  program.tiers = {{"bronze", 0, 1.0}, {"silver", 50000, 2.0}};
  program.category_multipliers = {{"coffee", 2.0}};
  program.rewards = {{"cup", "A cup", "یک فنجان", 10, ""}};
  return program;
}

class LoyaltyLedgerTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    shop_ = AddWorkspace("shop");
    other_ = AddWorkspace("other");
    sara_ = AddCustomer("Sara");
    tea_ = AddProduct("TEA", "tea");
    coffee_ = AddProduct("COF", "coffee");
  }

  int64_t AddCustomer(const std::string& name) {
    long long w = shop_, id = 0;
    db().sql() << "INSERT INTO customers (workspace_id, display_name, "
                  "created_at, updated_at) VALUES (:w, :n, 0, 0) RETURNING id",
        soci::use(w), soci::use(name), soci::into(id);
    return id;
  }

  int64_t AddProduct(const std::string& sku, const std::string& category) {
    long long w = shop_, id = 0;
    db().sql() << "INSERT INTO products (workspace_id, sku, category, "
                  "created_at) VALUES (:w, :s, :c, 0) RETURNING id",
        soci::use(w), soci::use(sku), soci::use(category), soci::into(id);
    return id;
  }

  // An order of (product, amount) lines at `at`; its total is their sum.
  void AddOrder(const std::string& external_id, UnixSeconds at,
                const std::vector<std::pair<int64_t, int64_t>>& lines) {
    long long w = shop_, c = sara_, when = at, total = 0, id = 0;
    for (const auto& line : lines) total += line.second;
    int count = static_cast<int>(lines.size());
    db().sql() << "INSERT INTO orders (workspace_id, customer_id, external_id, "
                  "ordered_at, currency, total_minor, line_count) VALUES (:w, "
                  ":c, :e, :t, 'IRR', :m, :n) RETURNING id",
        soci::use(w), soci::use(c), soci::use(external_id), soci::use(when),
        soci::use(total), soci::use(count), soci::into(id);
    int line_no = 0;
    for (const auto& [product, amount] : lines) {
      long long key = id * 1024 + line_no, p = product, a = amount;
      db().sql() << "INSERT INTO order_lines (line_key, order_id, line_no, "
                    "workspace_id, customer_id, product_id, quantity, "
                    "amount_minor) VALUES (:k, :o, :l, :w, :c, :p, 1, :a)",
          soci::use(key), soci::use(id), soci::use(line_no), soci::use(w),
          soci::use(c), soci::use(p), soci::use(a);
      ++line_no;
    }
  }

  template <typename Body>
  auto Write(Body body) {
    decltype(body()) result = Status::Internal("not run");
    Status done = store::InTransaction(db(), [&]() -> Status {
      result = body();
      return result.status();
    });
    (void)done;
    return result;
  }

  int64_t shop_ = 0, other_ = 0, sara_ = 0, tea_ = 0, coffee_ = 0;
};

TEST_P(LoyaltyLedgerTest,
       TheRulesRoundTripPerWorkspaceAndABadRuleChangesNothing) {
  auto defaults = LoadLoyaltyProgram(db(), shop_);
  ASSERT_TRUE(defaults.ok()) << defaults.status().message();
  EXPECT_EQ(defaults->minor_per_point, LoyaltyProgram().minor_per_point);
  ASSERT_TRUE(SaveLoyaltyProgram(db(), shop_, SmallProgram()).ok());
  auto saved = LoadLoyaltyProgram(db(), shop_);
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(saved->minor_per_point, 1000);
  EXPECT_EQ(saved->point_value_minor, 500);
  ASSERT_EQ(saved->tiers.size(), 2u);
  EXPECT_EQ(saved->tiers[1].name, "silver");
  EXPECT_DOUBLE_EQ(saved->tiers[1].multiplier, 2.0);
  EXPECT_DOUBLE_EQ(saved->category_multipliers.at("coffee"), 2.0);
  EXPECT_EQ(LoadLoyaltyProgram(db(), other_)->minor_per_point,
            LoyaltyProgram().minor_per_point);

  LoyaltyProgram bad = SmallProgram();
  bad.tiers[1].min_spend_minor = 0;  // not above the first tier
  Status refused = SaveLoyaltyProgram(db(), shop_, bad);
  EXPECT_EQ(refused.field(), "tiers[1].min_spend_minor");
  EXPECT_EQ(LoadLoyaltyProgram(db(), shop_)->tiers[1].min_spend_minor, 50000);

  auto again = ParseLoyaltyProgram(LoyaltyProgramJson(SmallProgram()));
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(LoyaltyProgramJson(*again), LoyaltyProgramJson(SmallProgram()));
  EXPECT_FALSE(ParseLoyaltyProgram("{").ok());
  EXPECT_EQ(ParseLoyaltyProgram(std::string(200, '[') + std::string(200, ']'))
                .status()
                .field(),
            "rules");
}

TEST_P(LoyaltyLedgerTest, OrdersEarnOnceByCategoryTierAndRefund) {
  ASSERT_TRUE(SaveLoyaltyProgram(db(), shop_, SmallProgram()).ok());
  // 10,000 of tea + 5,000 of coffee (x2) = 20,000 -> 20 points, bronze.
  AddOrder("O1", kStart, {{tea_, 10000}, {coffee_, 5000}});
  // The year's spend before it is 15,000: bronze, 40 points.
  AddOrder("O2", kStart + 10 * kDay, {{tea_, 40000}});
  // 55,000 before it: silver doubles 10 points to 20.
  AddOrder("O3", kStart + 20 * kDay, {{tea_, 10000}});
  // A refund earns nothing.
  AddOrder("R1", kStart + 21 * kDay, {{tea_, -5000}});
  auto posted = Write([&] { return PostOrders(db(), shop_, 0, "test"); });
  ASSERT_TRUE(posted.ok()) << posted.status().message();
  EXPECT_EQ(posted->orders_posted, 3);
  EXPECT_EQ(posted->orders_skipped, 1);
  EXPECT_EQ(posted->points, 80);
  auto twice = Write([&] { return PostOrders(db(), shop_, 0, "test"); });
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->orders_posted, 0);
  EXPECT_EQ(twice->points, 0);

  auto account = ReadLoyaltyAccount(db(), shop_, sara_, kStart + 30 * kDay);
  ASSERT_TRUE(account.ok()) << account.status().message();
  EXPECT_EQ(account->balance, 80);
  EXPECT_EQ(account->tier, "silver");
  ASSERT_EQ(account->latest.size(), 3u);
  EXPECT_EQ(account->latest[0].points, 20);  // newest first
  EXPECT_EQ(account->latest[0].reason, "silver");
  EXPECT_EQ(account->latest[2].reason, "bronze");
}

TEST_P(LoyaltyLedgerTest, BurnsFirstInFirstOutAndExpiresWhatIsLeftOnce) {
  ASSERT_TRUE(SaveLoyaltyProgram(db(), shop_, SmallProgram()).ok());
  AddOrder("O1", kStart, {{tea_, 20000}});              // 20, ends day 365
  AddOrder("O2", kStart + 10 * kDay, {{tea_, 40000}});  // 40, ends day 375
  ASSERT_TRUE(Write([&] { return PostOrders(db(), shop_, 0, "test"); }).ok());
  const UnixSeconds now = kStart + 30 * kDay;

  auto burn = [&](int64_t points) {
    return Write([&] {
      return RecordLoyaltyEntry(db(), shop_, sara_, "burn", points, "", "test",
                                now);
    });
  };
  auto too_much = burn(61);
  ASSERT_FALSE(too_much.ok());
  EXPECT_EQ(too_much.status().field(), "points");
  EXPECT_NE(too_much.status().message().find("only 60 points"),
            std::string::npos);
  EXPECT_EQ(burn(0).status().field(), "points");
  ASSERT_TRUE(burn(30).ok());  // all of O1's 20, then 10 of O2's
  auto entry = [&](const std::string& kind, int64_t points,
                   const std::string& reason) {
    return Write([&] {
      return RecordLoyaltyEntry(db(), shop_, sara_, kind, points, reason,
                                "test", now);
    });
  };
  EXPECT_EQ(entry("adjust", 5, "").status().field(), "reason");
  EXPECT_EQ(entry("adjust", 0, "why").status().field(), "points");
  EXPECT_EQ(entry("gift", 5, "").status().field(), "kind");
  EXPECT_EQ(ReadLoyaltyAccount(db(), shop_, sara_, now)->balance, 30);

  // Past O1's end nothing of it is left to expire; past O2's, its 30 are.
  auto at_366 = ComputeLoyaltyLiability(db(), shop_, kStart + 366 * kDay);
  ASSERT_TRUE(at_366.ok()) << at_366.status().message();
  EXPECT_EQ(at_366->expired, 0);
  EXPECT_EQ(at_366->points, 30);
  EXPECT_EQ(at_366->value_minor, 30 * 500);
  EXPECT_EQ(at_366->customers, 1);
  for (int round = 0; round < 2; ++round) {
    auto at_380 = ComputeLoyaltyLiability(db(), shop_, kStart + 380 * kDay);
    ASSERT_TRUE(at_380.ok()) << at_380.status().message();
    EXPECT_EQ(at_380->expired, 30) << "round " << round;
    EXPECT_EQ(at_380->points, 0);
    EXPECT_EQ(at_380->customers, 0);
    EXPECT_EQ(at_380->earned, 60);
    EXPECT_EQ(at_380->burnt, 30);
  }
  auto snapshot = PeekLoyalty(db(), shop_, sara_, kStart + 380 * kDay);
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(snapshot->balance, 0);
  EXPECT_TRUE(snapshot->member);
  EXPECT_FALSE(PeekLoyalty(db(), other_, sara_, now)->member);
}

VAFA_INSTANTIATE_BACKEND_TEST(LoyaltyLedgerTest);

}  // namespace
}  // namespace vafa::services::loyalty
