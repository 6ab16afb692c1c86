#include "analytics/response/uplift_metrics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace vafa::analytics::response {
namespace {

// Six members, scored 0.9 down to 0.4, treated and held out in turn.
// By hand: Q after each member is 1, 1, 2, 2 - 1 x 2/2 = 1,
// 2 - 1 x 3/2 = 0.5, 2 - 1 x 3/3 = 1. Trapezoids from (0, 0):
// 0.5 + 1 + 1.5 + 1.5 + 0.75 + 0.75 = 6; the random line's area is
// 6 x 1 / 2 = 3; the coefficient is (6 - 3) / 6 = 0.5.
TEST(QiniTest, HandCheckedCurveAndCoefficient) {
  const std::vector<double> score = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4};
  const std::vector<uint8_t> treated = {1, 0, 1, 0, 1, 0};
  const std::vector<uint8_t> bought = {1, 0, 1, 1, 0, 0};
  const QiniCurve curve = ComputeQini(score, treated, bought);
  ASSERT_EQ(curve.points.size(), 7u);
  const double expected[] = {0, 1, 1, 2, 1, 0.5, 1};
  for (size_t k = 0; k < 7; ++k) {
    EXPECT_EQ(curve.points[k].targeted, static_cast<int64_t>(k));
    EXPECT_DOUBLE_EQ(curve.points[k].incremental, expected[k]) << k;
  }
  EXPECT_DOUBLE_EQ(curve.coefficient, 0.5);
}

// The same members in the input's reverse order of score: the score now
// puts the held-out buyer first.
TEST(QiniTest, ReversedScoreIsWorseThanChance) {
  const std::vector<double> score = {0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
  const std::vector<uint8_t> treated = {1, 0, 1, 0, 1, 0};
  const std::vector<uint8_t> bought = {1, 0, 1, 1, 0, 0};
  EXPECT_LT(ComputeQini(score, treated, bought).coefficient, 0);
}

// A score that cannot tell members apart is one block: the curve is the
// random line and earns nothing, whatever the input order.
TEST(QiniTest, TiedScoresEarnNothing) {
  const std::vector<double> score(6, 0.3);
  const std::vector<uint8_t> treated = {1, 0, 1, 0, 1, 0};
  const std::vector<uint8_t> bought = {1, 0, 1, 1, 0, 0};
  const QiniCurve curve = ComputeQini(score, treated, bought);
  ASSERT_EQ(curve.points.size(), 2u);
  EXPECT_DOUBLE_EQ(curve.points[1].incremental, 1.0);
  EXPECT_DOUBLE_EQ(curve.coefficient, 0.0);
}

TEST(QiniTest, NoMembersGivesTheOriginOnly) {
  const QiniCurve curve = ComputeQini({}, {}, {});
  ASSERT_EQ(curve.points.size(), 1u);
  EXPECT_EQ(curve.coefficient, 0);
}

// Twenty members scored 20 down to 1, a treated and a held-out member in
// each decile. The treated of deciles 1-5 bought; the held out of deciles
// 9-10 bought: uplift 1 in deciles 1-5, 0 in 6-8, -1 in 9-10.
TEST(UpliftByDecileTest, HandCheckedDeciles) {
  std::vector<double> score;
  std::vector<uint8_t> treated, bought;
  for (int i = 0; i < 20; ++i) {
    const int decile = i / 2;
    const bool t = i % 2 == 0;
    score.push_back(20 - i);
    treated.push_back(t);
    bought.push_back(t ? decile < 5 : decile >= 8);
  }
  const auto deciles = UpliftByDecile(score, treated, bought);
  for (int d = 0; d < 10; ++d) {
    EXPECT_EQ(deciles[d].treated, 1) << d;
    EXPECT_EQ(deciles[d].control, 1) << d;
    EXPECT_DOUBLE_EQ(deciles[d].uplift, d < 5 ? 1.0 : d < 8 ? 0.0 : -1.0) << d;
  }
  EXPECT_DOUBLE_EQ(deciles[0].mean_score, 19.5);
  EXPECT_DOUBLE_EQ(deciles[9].mean_score, 1.5);
}

// 13 members: the first three deciles hold two, the rest one; a decile
// with no held-out member has no uplift.
TEST(UpliftByDecileTest, UnevenSizesAndMissingGroup) {
  std::vector<double> score;
  std::vector<uint8_t> treated(13, 1), bought(13, 0);
  for (int i = 0; i < 13; ++i) score.push_back(13 - i);
  treated[0] = 0;
  const auto deciles = UpliftByDecile(score, treated, bought);
  EXPECT_EQ(deciles[0].treated + deciles[0].control, 2);
  EXPECT_EQ(deciles[2].treated + deciles[2].control, 2);
  EXPECT_EQ(deciles[3].treated + deciles[3].control, 1);
  EXPECT_DOUBLE_EQ(deciles[0].uplift, 0.0);
  EXPECT_TRUE(std::isnan(deciles[5].uplift));
}

}  // namespace
}  // namespace vafa::analytics::response
