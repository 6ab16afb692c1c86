#include "services/loyalty/points.h"

#include <gtest/gtest.h>

#include <limits>

namespace vafa::services::loyalty {
namespace {

constexpr UnixSeconds kDay = 86400;

TEST(LoyaltyPoints, CategoryTierAndPromotionMultipliersThenRoundDown) {
  LoyaltyProgram program;
  program.category_multipliers["tea"] = 2;
  const LoyaltyTier& silver = TierFor(program, 250000000);
  EXPECT_EQ(silver.name, "silver");
  // (1,000,000 x 2 + 550,000) x 1.25 / 100,000 = 31.875 -> 31.
  std::vector<PointsLine> lines = {{1000000, "tea"}, {550000, "nuts"}};
  EXPECT_EQ(EarnedPoints(program, lines, silver, 100), 31);
  // A double-points week: 63.75 -> 63.
  program.promotions.push_back({95, 101, 2.0});
  EXPECT_EQ(EarnedPoints(program, lines, silver, 100), 63);
  EXPECT_EQ(EarnedPoints(program, lines, silver, 102), 31);
  // Exact products are not lost to rounding: 2 x 1.5 x 100,000 is 3 points.
  EXPECT_EQ(EarnedPoints(program, {{200000, "x"}}, {"t", 0, 1.5}, 0), 3);
  // A refund earns nothing.
  EXPECT_EQ(EarnedPoints(program, {{-900000, "tea"}}, silver, 100), 0);
}

TEST(LoyaltyPoints, PointsPastSixtyFourBitsAreNoneNotAWrap) {
  LoyaltyProgram program;
  program.minor_per_point = 1;
  const LoyaltyTier& bronze = TierFor(program, 0);
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  // The lines' sum does not fit.
  EXPECT_EQ(EarnedPoints(program, {{kMax, "x"}, {1, "x"}}, bronze, 0),
            std::nullopt);
  // The sum fits; twice it in points does not.
  program.category_multipliers["x"] = 2;
  EXPECT_EQ(EarnedPoints(program, {{kMax / 2 + 1024, "x"}}, bronze, 0),
            std::nullopt);
  EXPECT_EQ(EarnedPoints(program, {{1000, "x"}}, bronze, 0), 2000);
}

TEST(LoyaltyPoints, TiersByRollingSpend) {
  LoyaltyProgram program;
  EXPECT_EQ(TierFor(program, 0).name, "bronze");
  EXPECT_EQ(TierFor(program, 199999999).name, "bronze");
  EXPECT_EQ(TierFor(program, 200000000).name, "silver");
  EXPECT_EQ(TierFor(program, 1000000000).name, "gold");
}

TEST(LoyaltyPoints, ImpossibleProgramsNameTheField) {
  LoyaltyProgram program;
  EXPECT_TRUE(program.Check().ok());
  program.tiers[2].min_spend_minor = 100;
  EXPECT_EQ(program.Check().field(), "tiers[2].min_spend_minor");
  program = LoyaltyProgram();
  program.minor_per_point = 0;
  EXPECT_EQ(program.Check().field(), "minor_per_point");
  program = LoyaltyProgram();
  program.promotions.push_back({10, 5, 2});
  EXPECT_EQ(program.Check().field(), "promotions[0].to");
}

// Earn 100 on day 0 and 50 on day 100 (each valid a year); burn 120 on day
// 200: the older lot is spent first (100), then 20 of the newer. On day 400
// the first lot expires with nothing left; on day 500 the second's 30 do.
TEST(DueExpiries, FirstInFirstOut) {
  std::vector<LedgerEntry> ledger = {
      {1, "earn", 100, 0, 365 * kDay},
      {2, "earn", 50, 100 * kDay, 465 * kDay},
      {3, "burn", -120, 200 * kDay, 0},
  };
  EXPECT_TRUE(DueExpiries(ledger, 400 * kDay).empty());
  auto due = DueExpiries(ledger, 500 * kDay);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].source_entry_id, 2);
  EXPECT_EQ(due[0].points, 30);
  EXPECT_EQ(due[0].at, 465 * kDay);
  // Once recorded, it is not due again.
  ledger.push_back({4, "expire", -30, 465 * kDay, 0, 2});
  EXPECT_TRUE(DueExpiries(ledger, 900 * kDay).empty());
}

// A lot that expired before a burn is not spent by it: the burn takes the
// newer lot, and the old one's points expire whole.
TEST(DueExpiries, ExpiredLotsAreNotSpent) {
  std::vector<LedgerEntry> ledger = {
      {1, "earn", 100, 0, 10 * kDay},
      {2, "referral", 100, 5 * kDay, 400 * kDay},
      {3, "burn", -60, 20 * kDay, 0},
      {4, "adjust", 7, 30 * kDay, 0},  // never expires
  };
  auto due = DueExpiries(ledger, 50 * kDay);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].source_entry_id, 1);
  EXPECT_EQ(due[0].points, 100);
  due = DueExpiries(ledger, 500 * kDay);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[1].source_entry_id, 2);
  EXPECT_EQ(due[1].points, 40);
}

TEST(LoyaltyProgram, TheRewardsCatalogueIsChecked) {
  LoyaltyProgram program;
  EXPECT_TRUE(program.Check().ok());
  EXPECT_EQ(program.FindReward("coffee")->points, 50);
  EXPECT_EQ(program.FindReward("yacht"), nullptr);
  EXPECT_EQ(program.TierIndex("silver"), 1);
  program.rewards[1].key = "coffee";
  EXPECT_EQ(program.Check().field(), "rewards[1].key");
  program = LoyaltyProgram();
  program.rewards[0].points = 0;
  EXPECT_EQ(program.Check().field(), "rewards[0].points");
  program = LoyaltyProgram();
  program.rewards[2].min_tier = "platinum";
  EXPECT_EQ(program.Check().field(), "rewards[2].min_tier");
}

TEST(LoyaltyProgram, TiersByPointsEarnedInTheYear) {
  LoyaltyProgram program;
  program.tier_basis = "points";
  program.tiers = {{"member", 0, 1.0, 0}, {"vip", 0, 2.0, 100}};
  program.rewards.clear();
  EXPECT_TRUE(program.Check().ok());
  // Spend does not count; points do.
  EXPECT_EQ(TierFor(program, 999999999999, 99).name, "member");
  EXPECT_EQ(TierFor(program, 0, 100).name, "vip");
  program.tiers[1].min_points = 0;
  EXPECT_EQ(program.Check().field(), "tiers[1].min_points");
  program.tier_basis = "mood";
  EXPECT_EQ(program.Check().field(), "tier_basis");
}

}  // namespace
}  // namespace vafa::services::loyalty
