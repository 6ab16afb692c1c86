#include "services/sales/forecast.h"

#include <gtest/gtest.h>

#include <limits>

namespace vafa::services::sales {
namespace {

DayNumber Day(int y, int m, int d) { return DaysFromGregorian({y, m, d}); }
UnixSeconds At(int y, int m, int d) {
  return static_cast<UnixSeconds>(Day(y, m, d)) * 86400 + 12 * 3600;
}

TEST(SalesMonth, GregorianAndJalali) {
  EXPECT_EQ(SalesMonth(Day(2026, 11, 20), SalesCalendar::kGregorian),
            "2026-11");
  // 1 Azar 1405 is 22 November 2026.
  EXPECT_EQ(SalesMonth(Day(2026, 11, 21), SalesCalendar::kJalali), "1405-08");
  EXPECT_EQ(SalesMonth(Day(2026, 11, 22), SalesCalendar::kJalali), "1405-09");
}

// Worked by hand: see each deal's comment.
TEST(Forecast, WeightedPipelineWonLostAndTargets) {
  std::vector<DealFacts> deals = {
      // Nov: pipeline 1,000,000, weighted 500,000.
      {DealStatus::kOpen, 1'000'000, 50, At(2026, 11, 20), 0},
      // Dec: pipeline 2,000,000, weighted 1,500,000, commit (75%).
      {DealStatus::kOpen, 2'000'000, 75, At(2026, 12, 5), 0},
      // Expected in October, still open on 15 November: overdue.
      {DealStatus::kOpen, 300, 10, At(2026, 10, 30), 0},
      // Won in November.
      {DealStatus::kWon, 400'000, 100, At(2026, 10, 1), At(2026, 11, 2)},
      // Lost on the last day of December.
      {DealStatus::kLost, 999, 0, At(2026, 12, 1), At(2026, 12, 31)},
      // Won before the range: not in any month.
      {DealStatus::kWon, 7, 100, At(2026, 9, 1), At(2026, 9, 1)},
  };
  Forecast f = *ComputeForecast(deals, Day(2026, 11, 1), Day(2027, 1, 31),
                                Day(2026, 11, 15), SalesCalendar::kGregorian,
                                {{"2026-11", 1'800'000}});
  ASSERT_EQ(f.months.size(), 3u);
  const ForecastMonth& nov = f.months[0];
  EXPECT_EQ(nov.month, "2026-11");
  EXPECT_EQ(nov.open_deals, 1);
  EXPECT_EQ(nov.pipeline_minor, 1'000'000);
  EXPECT_EQ(nov.weighted_minor, 500'000);
  EXPECT_EQ(nov.commit_minor, 0);
  EXPECT_EQ(nov.won_deals, 1);
  EXPECT_EQ(nov.won_minor, 400'000);
  EXPECT_EQ(nov.expected_minor, 900'000);
  EXPECT_EQ(nov.target_minor, 1'800'000);
  EXPECT_DOUBLE_EQ(nov.attainment, 0.5);
  const ForecastMonth& dec = f.months[1];
  EXPECT_EQ(dec.weighted_minor, 1'500'000);
  EXPECT_EQ(dec.commit_minor, 2'000'000);
  EXPECT_EQ(dec.lost_deals, 1);
  EXPECT_EQ(dec.lost_minor, 999);
  EXPECT_EQ(dec.target_minor, -1);
  EXPECT_EQ(dec.attainment, -1);
  EXPECT_EQ(f.months[2].month, "2027-01");
  EXPECT_EQ(f.months[2].open_deals, 0);
  EXPECT_EQ(f.overdue_deals, 1);
  EXPECT_EQ(f.overdue_minor, 300);
  EXPECT_EQ(f.open_deals, 3);
  EXPECT_EQ(f.pipeline_minor, 3'000'300);
  EXPECT_EQ(f.weighted_minor, 2'000'030);
}

TEST(Forecast, JalaliMonthsSplitAtTheirOwnBoundaries) {
  std::vector<DealFacts> deals = {
      {DealStatus::kOpen, 100, 50, At(2026, 11, 21), 0},  // 30 Aban
      {DealStatus::kOpen, 200, 50, At(2026, 11, 22), 0},  // 1 Azar
  };
  Forecast f = *ComputeForecast(deals, Day(2026, 11, 1), Day(2026, 12, 31),
                                Day(2026, 11, 1), SalesCalendar::kJalali, {});
  ASSERT_EQ(f.months.size(), 3u);  // Aban, Azar, Dey
  EXPECT_EQ(f.months[0].month, "1405-08");
  EXPECT_EQ(f.months[0].pipeline_minor, 100);
  EXPECT_EQ(f.months[1].month, "1405-09");
  EXPECT_EQ(f.months[1].pipeline_minor, 200);
}

// Four deals worked by hand through the default pipeline (open stages
// lead_in, qualified, proposal, negotiation).
TEST(Conversion, ReachedAdvancedWinRateAndDaysInStage) {
  const UnixSeconds day = 86400;
  DealPath a;  // lead_in -> qualified -> proposal -> won
  a.entries = {{"lead_in", 0},
               {"qualified", 10 * day},
               {"proposal", 20 * day},
               {"won", 30 * day}};
  a.status = DealStatus::kWon;
  a.closed_at = 30 * day;
  DealPath b;  // lead_in -> lost
  b.entries = {{"lead_in", 0}, {"lost", 5 * day}};
  b.status = DealStatus::kLost;
  b.closed_at = 5 * day;
  DealPath c;  // opened at proposal -> negotiation, open
  c.entries = {{"proposal", 0}, {"negotiation", 4 * day}};
  DealPath d;  // lead_in -> qualified -> lost
  d.entries = {{"lead_in", 0}, {"qualified", 2 * day}, {"lost", 8 * day}};
  d.status = DealStatus::kLost;
  d.closed_at = 8 * day;
  Conversion result = ComputeConversion(DefaultPipeline(), {a, b, c, d});
  ASSERT_EQ(result.stages.size(), 4u);
  // lead_in: all four reached it (c skipped it); a, c, d went further.
  EXPECT_EQ(result.stages[0].reached, 4);
  EXPECT_EQ(result.stages[0].advanced, 3);
  EXPECT_DOUBLE_EQ(result.stages[0].rate, 0.75);
  EXPECT_DOUBLE_EQ(result.stages[0].mean_days, 17.0 / 3);  // 10, 5, 2
  // qualified: a, c, d; a and c went further.
  EXPECT_EQ(result.stages[1].reached, 3);
  EXPECT_EQ(result.stages[1].advanced, 2);
  EXPECT_DOUBLE_EQ(result.stages[1].mean_days, 8.0);  // 10, 6
  // proposal: a and c, both further.
  EXPECT_EQ(result.stages[2].reached, 2);
  EXPECT_DOUBLE_EQ(result.stages[2].rate, 1.0);
  EXPECT_DOUBLE_EQ(result.stages[2].mean_days, 7.0);  // 10, 4
  // negotiation: a (won) and c (still there).
  EXPECT_EQ(result.stages[3].reached, 2);
  EXPECT_EQ(result.stages[3].advanced, 1);
  EXPECT_EQ(result.stages[3].mean_days, -1);
  EXPECT_EQ(result.open, 1);
  EXPECT_EQ(result.won, 1);
  EXPECT_EQ(result.lost, 2);
  EXPECT_DOUBLE_EQ(result.win_rate, 1.0 / 3);
  EXPECT_DOUBLE_EQ(result.mean_days_to_win, 30.0);
  EXPECT_EQ(result.lost_at["lead_in"], 1);
  EXPECT_EQ(result.lost_at["qualified"], 1);
}

TEST(Conversion, NoDealsGiveZeroesNotNaN) {
  Conversion result = ComputeConversion(DefaultPipeline(), {});
  EXPECT_EQ(result.stages[0].rate, 0);
  EXPECT_EQ(result.win_rate, 0);
  EXPECT_EQ(result.mean_days_to_win, -1);
}

TEST(Forecast, SumsPastSixtyFourBitsAreAnErrorNamingValueMinor) {
  constexpr int64_t kHalf = std::numeric_limits<int64_t>::max() / 2 + 1;
  std::vector<DealFacts> deals = {
      {DealStatus::kOpen, kHalf, 50, At(2026, 11, 20), 0},
  };
  ASSERT_TRUE(ComputeForecast(deals, Day(2026, 11, 1), Day(2026, 12, 31),
                              Day(2026, 11, 1), SalesCalendar::kGregorian, {})
                  .ok());
  deals.push_back({DealStatus::kOpen, kHalf, 50, At(2026, 12, 20), 0});
  auto forecast =
      ComputeForecast(deals, Day(2026, 11, 1), Day(2026, 12, 31),
                      Day(2026, 11, 1), SalesCalendar::kGregorian, {});
  ASSERT_FALSE(forecast.ok());
  EXPECT_EQ(forecast.status().field(), "value_minor");
}

}  // namespace
}  // namespace vafa::services::sales
