#include "analytics/response/audience_estimate.h"

#include <gtest/gtest.h>

#include <cmath>

namespace vafa::analytics::response {
namespace {

// Twenty customers: predicted uplift (10 - i) / 100 (0.10 down to -0.09,
// so customer i is in uplift decile i / 2) and P(respond) 0.05 i.
ScoredCustomers Twenty() {
  ScoredCustomers scored;
  for (int i = 0; i < 20; ++i) {
    scored.customer_id.push_back(100 + i);
    scored.respond.push_back(0.05 * i);
    scored.uplift.push_back((10 - i) / 100.0);
  }
  return scored;
}

// Holdout decile 1: 30% of 100 treated and 10% of 50 held out bought
// (uplift 0.2, variance 0.3 x 0.7 / 100 + 0.1 x 0.9 / 50 = 0.0039);
// decile 2: 20% of 100 and 10% of 100 (0.1, 0.0016 + 0.0009 = 0.0025);
// decile 10: 10% of 100 and 20% of 100 (-0.1, 0.0025); the others empty.
std::array<HoldoutUpliftDecile, 10> Deciles() {
  std::array<HoldoutUpliftDecile, 10> deciles{};
  deciles[0] = {100, 50, 0.3, 0.1};
  deciles[1] = {100, 100, 0.2, 0.1};
  deciles[9] = {100, 100, 0.1, 0.2};
  for (int d = 2; d < 9; ++d) deciles[d] = {0, 0, NAN, NAN};
  return deciles;
}

// The top 3 by uplift are customers 0, 1 (decile 1) and 2 (decile 2):
// incremental 2 x 0.2 + 0.1 = 0.5, variance 2^2 x 0.0039 + 0.0025 =
// 0.0181, half-width 1.96 x 0.134536 = 0.263691. Responders: 0 + 0.05 +
// 0.1 = 0.15, variance 0.0475 + 0.09 = 0.1375, half-width 0.726788,
// clipped below at 0.
TEST(AudienceEstimateTest, HandCheckedPersuadableExpectations) {
  auto estimate = EstimateAudience(Twenty(), Deciles(), Audience::kPersuadable,
                                   3, 0.3, 1000);
  ASSERT_TRUE(estimate.ok()) << estimate.status().message();
  EXPECT_EQ(estimate->available, 10);  // uplift 0 is not persuadable
  EXPECT_EQ(estimate->members, (std::vector<int64_t>{100, 101, 102}));
  EXPECT_DOUBLE_EQ(estimate->boundary_score, 0.08);
  EXPECT_NEAR(estimate->incremental_buyers.value, 0.5, 1e-12);
  EXPECT_NEAR(estimate->incremental_buyers.low, 0.236309, 1e-6);
  EXPECT_NEAR(estimate->incremental_buyers.high, 0.763691, 1e-6);
  EXPECT_NEAR(estimate->responders.value, 0.15, 1e-12);
  EXPECT_DOUBLE_EQ(estimate->responders.low, 0);
  EXPECT_NEAR(estimate->responders.high, 0.876788, 1e-6);
  EXPECT_NEAR(estimate->incremental_revenue.value, 500, 1e-9);
  EXPECT_NEAR(estimate->incremental_revenue.low, 236.309, 1e-3);
}

// Most negative first: customers 19 and 18, both in decile 10:
// -0.2 +- 1.96 x sqrt(4 x 0.0025) = [-0.396, -0.004].
TEST(AudienceEstimateTest, DoNotDisturbTakesTheMostNegativeFirst) {
  auto estimate =
      EstimateAudience(Twenty(), Deciles(), Audience::kDoNotDisturb, 2, 0.3, 0);
  ASSERT_TRUE(estimate.ok());
  EXPECT_EQ(estimate->available, 9);
  EXPECT_EQ(estimate->members, (std::vector<int64_t>{119, 118}));
  EXPECT_NEAR(estimate->incremental_buyers.value, -0.2, 1e-12);
  EXPECT_NEAR(estimate->incremental_buyers.low, -0.396, 1e-9);
  EXPECT_NEAR(estimate->incremental_buyers.high, -0.004, 1e-9);
}

TEST(AudienceEstimateTest, DefaultSizesAreTheTopShareAndEveryNegative) {
  auto responders = EstimateAudience(Twenty(), Deciles(),
                                     Audience::kPredictedResponders, 0, 0.3, 0);
  ASSERT_TRUE(responders.ok());
  EXPECT_EQ(responders->size, 6);  // 30% of 20
  EXPECT_EQ(responders->members.front(), 119);
  EXPECT_DOUBLE_EQ(responders->boundary_score, 0.05 * 14);
  auto negative =
      EstimateAudience(Twenty(), Deciles(), Audience::kDoNotDisturb, 0, 0.3, 0);
  ASSERT_TRUE(negative.ok());
  EXPECT_EQ(negative->size, 9);
}

TEST(AudienceEstimateTest, RefusesASizeOverWhatTheAudienceHolds) {
  auto estimate =
      EstimateAudience(Twenty(), Deciles(), Audience::kPersuadable, 11, 0.3, 0);
  ASSERT_FALSE(estimate.ok());
  EXPECT_EQ(estimate.status().field(), "size");
  EXPECT_FALSE(
      EstimateAudience(Twenty(), Deciles(), Audience::kPersuadable, -1, 0.3, 0)
          .ok());
}

// A drawn campaign's treated members 101 (decile 1: +0.2, variance
// 0.0039), 119 (decile 10: -0.1, 0.0025) and 999, who has no scores:
// incremental 0.1, variance 0.0064, half-width 1.96 x 0.08 = 0.1568.
// Responders 0.05 + 0.95 = 1, variance 2 x 0.0475 = 0.095, half-width
// 1.96 x 0.308221 = 0.604113.
TEST(AudienceEstimateTest, HandCheckedMemberExpectations) {
  const MemberEstimate estimate =
      EstimateMembers(Twenty(), Deciles(), {101, 119, 999}, 1000);
  EXPECT_EQ(estimate.members, 3);
  EXPECT_EQ(estimate.scored_members, 2);
  EXPECT_NEAR(estimate.incremental_buyers.value, 0.1, 1e-12);
  EXPECT_NEAR(estimate.incremental_buyers.low, -0.0568, 1e-9);
  EXPECT_NEAR(estimate.incremental_buyers.high, 0.2568, 1e-9);
  EXPECT_NEAR(estimate.responders.value, 1.0, 1e-12);
  EXPECT_NEAR(estimate.responders.low, 0.395887, 1e-6);
  EXPECT_NEAR(estimate.responders.high, 1.604113, 1e-6);
  EXPECT_NEAR(estimate.incremental_revenue.value, 100, 1e-9);
  EXPECT_NEAR(estimate.incremental_revenue.low, -56.8, 1e-6);
  EXPECT_NEAR(estimate.incremental_revenue.high, 256.8, 1e-6);
}

TEST(AudienceEstimateTest, MembersOfAnAudienceExpectWhatTheAudienceDoes) {
  auto audience = EstimateAudience(Twenty(), Deciles(), Audience::kPersuadable,
                                   3, 0.3, 1000);
  ASSERT_TRUE(audience.ok());
  const MemberEstimate members =
      EstimateMembers(Twenty(), Deciles(), audience->members, 1000);
  EXPECT_DOUBLE_EQ(members.incremental_buyers.low,
                   audience->incremental_buyers.low);
  EXPECT_DOUBLE_EQ(members.responders.high, audience->responders.high);
}

TEST(AudienceEstimateTest, WithinIntervalIncludesItsEnds) {
  const Expectation expected{1, 0.5, 1.5};
  EXPECT_TRUE(WithinInterval(expected, 0.5));
  EXPECT_TRUE(WithinInterval(expected, 1.5));
  EXPECT_FALSE(WithinInterval(expected, 1.6));
  EXPECT_FALSE(WithinInterval(expected, 0.4));
  EXPECT_FALSE(WithinInterval(expected, NAN));
}

TEST(AudienceEstimateTest, NamesRoundTrip) {
  for (Audience audience : {Audience::kPredictedResponders,
                            Audience::kPersuadable, Audience::kDoNotDisturb}) {
    EXPECT_EQ(ParseAudience(AudienceName(audience)), audience);
  }
  EXPECT_FALSE(ParseAudience("everyone").has_value());
}

}  // namespace
}  // namespace vafa::analytics::response
