#include "analytics/retention/holding_cohorts.h"

#include <gtest/gtest.h>

namespace vafa::analytics::retention {
namespace {

DayNumber Day(int year, int month, int day) {
  return DaysFromGregorian({year, month, day});
}

TEST(HoldingCohortsTest, ALifeCountsAliveUpToThePeriodItEndedIn) {
  const std::vector<ContractLife> lives = {
      {"", Day(2020, 3, 1), Day(2020, 11, 1)},  // ended in its first year
      {"", Day(2020, 6, 1), Day(2022, 2, 1)},   // reached 2021 and 2022
      {"", Day(2020, 1, 1), std::nullopt},      // going on
      {"", Day(2021, 5, 1), Day(2030, 1, 1)},   // ends after as_of: going on
      {"", Day(2024, 1, 1), std::nullopt},      // starts after as_of
  };
  const auto cohorts =
      CohortsFromLives(lives, RenewalPeriod::kYear, Day(2023, 6, 30));
  ASSERT_EQ(cohorts.size(), 2u);
  EXPECT_EQ(cohorts[0].started, "2020");
  EXPECT_EQ(cohorts[0].alive, (std::vector<int64_t>{3, 2, 2, 1}));
  EXPECT_EQ(cohorts[1].started, "2021");
  EXPECT_EQ(cohorts[1].alive, (std::vector<int64_t>{1, 1, 1}));
}

TEST(HoldingCohortsTest, GroupsAndQuartersSplitTheCohorts) {
  const std::vector<ContractLife> lives = {
      {"loan", Day(2023, 2, 1), Day(2023, 5, 1)},
      {"card", Day(2023, 3, 31), std::nullopt},
      {"card", Day(2023, 4, 1), std::nullopt},
  };
  const auto cohorts =
      CohortsFromLives(lives, RenewalPeriod::kQuarter, Day(2023, 8, 1));
  ASSERT_EQ(cohorts.size(), 3u);
  EXPECT_EQ(cohorts[0].group, "card");
  EXPECT_EQ(cohorts[0].started, "2023-Q1");
  EXPECT_EQ(cohorts[0].alive, (std::vector<int64_t>{1, 1, 1}));
  EXPECT_EQ(cohorts[1].started, "2023-Q2");
  EXPECT_EQ(cohorts[1].alive, (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(cohorts[2].group, "loan");
  EXPECT_EQ(cohorts[2].alive, (std::vector<int64_t>{1, 1, 0}));
}

TEST(HoldingCohortsTest, CountsNeverGrowAndStartAtTheCohortsSize) {
  std::vector<ContractLife> lives;
  for (int i = 0; i < 500; ++i) {
    const DayNumber start = Day(2015, 1, 1) + (i * 37) % 2500;
    std::optional<DayNumber> end;
    if (i % 3 != 0) end = start + (i * 53) % 3000;
    lives.push_back({i % 2 ? "a" : "b", start, end});
  }
  for (RenewalPeriod period :
       {RenewalPeriod::kYear, RenewalPeriod::kQuarter, RenewalPeriod::kMonth}) {
    int64_t total = 0;
    for (const ContractCohort& cohort :
         CohortsFromLives(lives, period, Day(2023, 1, 1))) {
      ASSERT_FALSE(cohort.alive.empty());
      total += cohort.alive[0];
      for (size_t t = 1; t < cohort.alive.size(); ++t) {
        EXPECT_LE(cohort.alive[t], cohort.alive[t - 1]);
      }
    }
    EXPECT_EQ(total, 500);
  }
}

TEST(HoldingCohortsTest, PeriodsAreNamedAndParsed) {
  EXPECT_EQ(PeriodLabel(PeriodOf(Day(2019, 4, 1), RenewalPeriod::kQuarter),
                        RenewalPeriod::kQuarter),
            "2019-Q2");
  EXPECT_EQ(PeriodLabel(PeriodOf(Day(2019, 12, 31), RenewalPeriod::kMonth),
                        RenewalPeriod::kMonth),
            "2019-12");
  EXPECT_EQ(*ParseRenewalPeriod("month"), RenewalPeriod::kMonth);
  EXPECT_FALSE(ParseRenewalPeriod("week").ok());
}

}  // namespace
}  // namespace vafa::analytics::retention
