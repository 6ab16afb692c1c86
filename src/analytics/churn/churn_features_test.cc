#include "analytics/churn/churn_features.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "analytics/analytics_test_support.h"

namespace vafa::analytics::churn {
namespace {

using testing::BuildLog;
using testing::Line;

TransactionLog SmallLog() {
  return BuildLog({
      {"A", "o1", 100, 1000, "p1", 100, -1, "shop", "b1", "tea"},
      {"A", "o2", 160, 2000, "p2", 0, -1, "online", "b1", "coffee"},
      {"A", "o3", 220, 3000, "p1", 0, -1, "shop", "b1", "tea"},
      {"A", "o4", 400, 500, "p1", 0, -1, "shop", "b1", "tea"},
      {"B", "o5", 310, 700},
      {"C", "o6", 50, 900},
  });
}

ComplaintLog SmallComplaints() {
  // A: a complaint on day 250, due day 255, resolved on day 320 (after S =
  // 300) and rated 1 then; one on day 350 (after S).
  ComplaintLog complaints;
  complaints.begin = {0, 2, 2, 2};
  complaints.day = {250, 350};
  complaints.resolved_day = {320, 351};
  complaints.due_day = {255, 360};
  complaints.satisfaction = {1, 5};
  return complaints;
}

TEST(ChurnFeatures, HandCheckedCustomer) {
  TransactionLog log = SmallLog();
  ChurnFeatures f =
      BuildChurnFeatures(log, SmallComplaints(), 300, 180, nullptr, 1);
  ASSERT_EQ(f.customers, 3);
  const int32_t a = 0;
  EXPECT_EQ(f.bought[a], 1);
  EXPECT_EQ(f.active[a], 1);
  EXPECT_FLOAT_EQ(f.at(a, kRecencyDays), 80);
  EXPECT_FLOAT_EQ(f.at(a, kTenureDays), 200);
  EXPECT_FLOAT_EQ(f.at(a, kOrders), 3);
  EXPECT_FLOAT_EQ(f.at(a, kOrdersRecent), 2);  // days 160 and 220
  EXPECT_FLOAT_EQ(f.at(a, kOrdersBefore), 1);  // day 100
  EXPECT_FLOAT_EQ(f.at(a, kOrderTrend), 1.0f / 3);
  EXPECT_FLOAT_EQ(f.at(a, kSpendTrend), 4000.0f / 6000);
  EXPECT_FLOAT_EQ(f.at(a, kMeanGapDays), 60);
  EXPECT_FLOAT_EQ(f.at(a, kOverdueRatio), 80.0f / 60);
  EXPECT_FLOAT_EQ(f.at(a, kRevenue), 6000);
  EXPECT_FLOAT_EQ(f.at(a, kMeanOrderValue), 2000);
  EXPECT_FLOAT_EQ(f.at(a, kDistinctProducts), 2);
  EXPECT_FLOAT_EQ(f.at(a, kDistinctCategories), 2);
  EXPECT_FLOAT_EQ(f.at(a, kDistinctChannels), 2);
  // One branch in the whole log: no branch data to speak of.
  EXPECT_FALSE(f.coverage.branches);
  EXPECT_TRUE(std::isnan(f.at(a, kDistinctBranches)));
  EXPECT_FLOAT_EQ(f.at(a, kDiscountShare), 1.0f / 3);
  EXPECT_FLOAT_EQ(f.at(a, kComplaints), 1);
  // At S the complaint was open (resolved later), past its due day, and not
  // yet rated: none of the later state shows.
  EXPECT_FLOAT_EQ(f.at(a, kUnresolvedComplaints), 1);
  EXPECT_FLOAT_EQ(f.at(a, kSlowComplaints), 1);
  EXPECT_FLOAT_EQ(f.at(a, kLowSatisfaction), 0);
  ChurnFeatures later =
      BuildChurnFeatures(log, SmallComplaints(), 330, 180, nullptr, 1);
  EXPECT_FLOAT_EQ(later.at(a, kUnresolvedComplaints), 0);
  EXPECT_FLOAT_EQ(later.at(a, kSlowComplaints), 1);  // resolved late
  EXPECT_FLOAT_EQ(later.at(a, kLowSatisfaction), 1);
  EXPECT_FLOAT_EQ(f.at(a, kDaysSinceComplaint), 50);
  EXPECT_TRUE(std::isnan(f.at(a, kProbabilityAlive)));
  EXPECT_TRUE(std::isnan(f.at(a, kExpectedPurchases)));
  // B first bought after the snapshot: nothing known.
  EXPECT_EQ(f.bought[1], 0);
  EXPECT_TRUE(std::isnan(f.at(1, kRecencyDays)));
  // C bought once, 250 days before: not active in a 180-day window, and a
  // one-time buyer has no rhythm.
  EXPECT_EQ(f.bought[2], 1);
  EXPECT_EQ(f.active[2], 0);
  EXPECT_TRUE(std::isnan(f.at(2, kMeanGapDays)));
  EXPECT_TRUE(std::isnan(f.at(2, kOverdueRatio)));
}

// A file without categories, discounts or channels: those features have no
// value, so no customer is said to buy from one category, to have never had
// a discount or to use one channel.
TEST(ChurnFeatures, ColumnsTheDataLacksHaveNoValue) {
  TransactionLog log = BuildLog({
      {"A", "o1", 100, 1000, "p1"},
      {"A", "o2", 160, 2000, "p2"},
      {"A", "o3", 220, 3000, "p1"},
      {"B", "o4", 210, 700, "p3"},
  });
  ChurnFeatures f = BuildChurnFeatures(log, {}, 300, 180, nullptr, 1);
  EXPECT_FALSE(f.coverage.categories);
  EXPECT_FALSE(f.coverage.channels);
  EXPECT_FALSE(f.coverage.discounts);
  EXPECT_FALSE(f.coverage.complaints);
  for (int32_t c = 0; c < 2; ++c) {
    EXPECT_TRUE(std::isnan(f.at(c, kDistinctCategories)));
    EXPECT_TRUE(std::isnan(f.at(c, kDistinctChannels)));
    EXPECT_TRUE(std::isnan(f.at(c, kDiscountShare)));
    EXPECT_FLOAT_EQ(f.at(c, kDistinctProducts), c == 0 ? 2 : 1);
  }
  // Discounts given only after the snapshot are not data at it.
  TransactionLog later = BuildLog({
      {"A", "o1", 100, 1000, "p1"},
      {"A", "o2", 400, 1000, "p1", 100},
  });
  EXPECT_FALSE(
      BuildChurnFeatures(later, {}, 300, 180, nullptr, 1).coverage.discounts);
  EXPECT_TRUE(
      BuildChurnFeatures(later, {}, 400, 180, nullptr, 1).coverage.discounts);
}

TEST(ChurnLabels, NoPurchaseInTheWindowAfterTheSnapshot) {
  TransactionLog log = SmallLog();
  std::vector<uint8_t> labels = ChurnLabels(log, 300, 180, 1);
  EXPECT_EQ(labels[0], 0);  // A bought on day 400
  EXPECT_EQ(labels[1], 0);  // B on day 310
  EXPECT_EQ(labels[2], 1);  // C never again
  // A 90-day window ends before A's day 400.
  EXPECT_EQ(ChurnLabels(log, 300, 90, 1)[0], 1);
}

// The proof that nothing after the snapshot reaches the features the models
// learn from: the features of a log equal, customer by customer, those of
// the same log cut at the snapshot, for any later history (the P(alive)
// function included, as long as it reads the summary at the snapshot).
TEST(ChurnFeatures, NothingAfterTheSnapshotIsRead) {
  std::mt19937 random(7);
  std::vector<Line> lines;
  for (int day = 0; day < 1000; ++day) {
    for (int k = 0; k < 3; ++k) {
      int customer = static_cast<int>(random() % 150);
      Line line;
      line.customer = "c" + std::to_string(customer);
      line.order = "o" + std::to_string(lines.size());
      line.day = day;
      line.amount = 1000 + static_cast<int64_t>(random() % 5000);
      line.product = "p" + std::to_string(random() % 12);
      line.category = "k" + std::to_string(random() % 4);
      line.channel = random() % 3 == 0 ? "online" : "shop";
      line.discount = random() % 4 == 0 ? 100 : 0;
      lines.push_back(line);
    }
  }
  const DayNumber snapshot = 600;
  std::vector<Line> cut;
  for (const Line& line : lines)
    if (line.day <= snapshot) cut.push_back(line);
  TransactionLog full = BuildLog(lines), before = BuildLog(cut);
  // As the real one does: a summary of the log at the snapshot.
  auto p_alive = [](const TransactionLog& log,
                    DayNumber at) -> Result<LifetimeScores> {
    CustomerSummary s = SummarizeCustomers(log, at, 1);
    LifetimeScores out;
    for (int32_t c = 0; c < s.size(); ++c) {
      out.p_alive.push_back(
          s.has_purchase(c) ? 1.0 / (1 + s.recency_days[c] + s.orders[c] * 0.5)
                            : NAN);
      out.expected_purchases.push_back(
          s.has_purchase(c) ? s.orders[c] * 365.0 / (1 + s.tenure_days[c])
                            : NAN);
    }
    return out;
  };
  // Complaints over the whole history, some resolved and rated after the
  // snapshot; the cut log holds them as they stood at the snapshot.
  auto complaints_of = [&](const TransactionLog& log, bool cut) {
    std::mt19937 draw(13);
    ComplaintLog out;
    out.begin.push_back(0);
    for (int32_t c = 0; c < log.customer_count(); ++c) {
      for (int k = 0; k < 3; ++k) {
        const auto day = static_cast<DayNumber>(draw() % 1000);
        const auto resolved = static_cast<DayNumber>(day + draw() % 60);
        const auto due = static_cast<DayNumber>(day + 5);
        const auto rating = static_cast<int8_t>(1 + draw() % 5);
        if (cut && day > snapshot) continue;
        out.day.push_back(day);
        out.due_day.push_back(due);
        const bool known = !cut || resolved <= snapshot;
        out.resolved_day.push_back(known ? resolved : kNever);
        out.satisfaction.push_back(known ? rating : 0);
      }
      out.begin.push_back(static_cast<int64_t>(out.day.size()));
    }
    return out;
  };
  ChurnFeatures a = BuildChurnFeatures(full, complaints_of(full, false),
                                       snapshot, 180, p_alive, 2);
  ChurnFeatures b = BuildChurnFeatures(before, complaints_of(before, true),
                                       snapshot, 180, p_alive, 1);
  ASSERT_LE(b.customers, a.customers);
  int compared = 0;
  for (int32_t c = 0; c < b.customers; ++c) {
    ASSERT_EQ(full.customer_keys[c], before.customer_keys[c]);
    EXPECT_EQ(a.active[c], b.active[c]);
    for (int f = 0; f < kChurnFeatureCount; ++f) {
      float x = a.at(c, f), y = b.at(c, f);
      if (std::isnan(x) && std::isnan(y)) continue;
      EXPECT_FLOAT_EQ(x, y)
          << full.customer_keys[c] << " " << ChurnFeatureName(f);
      ++compared;
    }
  }
  EXPECT_GT(compared, 100 * 15);
  // Customers first seen after the snapshot have no features at all.
  for (int32_t c = b.customers; c < a.customers; ++c) EXPECT_EQ(a.bought[c], 0);
}

}  // namespace
}  // namespace vafa::analytics::churn
