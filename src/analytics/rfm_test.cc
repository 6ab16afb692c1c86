#include "analytics/rfm.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>

#include "analytics/analytics_test_support.h"

namespace vafa::analytics {
namespace {

std::vector<uint8_t> All(size_t n) { return std::vector<uint8_t>(n, 1); }

TEST(QuintileScores, TenDistinctValuesGiveTwoPerQuintile) {
  std::vector<int64_t> values = {5, 1, 9, 3, 7, 2, 10, 4, 8, 6};
  EXPECT_EQ(QuintileScores(values, All(10)),
            (std::vector<uint8_t>{3, 1, 5, 2, 4, 1, 5, 2, 4, 3}));
}

TEST(QuintileScores, TiesGoToTheLowerQuintile) {
  // Sorted: 1 1 1 1 1 1 2 2 3 4. The six 1s have nobody below them (score 1);
  // the 2s have 6 below: 1 + floor(30 / 10) = 4; 3 has 8 below: 5; 4: 5.
  std::vector<int64_t> values = {1, 2, 1, 1, 3, 1, 4, 2, 1, 1};
  EXPECT_EQ(QuintileScores(values, All(10)),
            (std::vector<uint8_t>{1, 4, 1, 1, 5, 1, 5, 4, 1, 1}));
}

TEST(QuintileScores, ExcludedCustomersScoreZeroAndDoNotCount) {
  std::vector<int64_t> values = {100, 1, 2, 3, 4, 5};
  std::vector<uint8_t> included = {0, 1, 1, 1, 1, 1};
  EXPECT_EQ(QuintileScores(values, included),
            (std::vector<uint8_t>{0, 1, 2, 3, 4, 5}));
}

TEST(QuintileScores, SingleCustomerScoresOne) {
  std::vector<int64_t> values = {42};
  EXPECT_EQ(QuintileScores(values, All(1)), (std::vector<uint8_t>{1}));
}

// Values far apart (amounts in minor units) are ranked by a sort, values
// close together (days) by a count per value: the same ties give the same
// scores either way. The hand-checked case above, spread 2^40 apart.
TEST(QuintileScores, WideValuesScoreAsTheirRanksDo) {
  std::vector<int64_t> wide = {1, 2, 1, 1, 3, 1, 4, 2, 1, 1};
  for (int64_t& v : wide) v = (v - 2) * (int64_t{1} << 40);
  EXPECT_EQ(QuintileScores(wide, All(10)),
            (std::vector<uint8_t>{1, 4, 1, 1, 5, 1, 5, 4, 1, 1}));
  // The extremes of int64, and an excluded value that would widen the
  // range past counting if it counted.
  std::vector<int64_t> extremes = {INT64_MAX, INT64_MIN, 0, INT64_MAX, 7};
  EXPECT_EQ(QuintileScores(extremes, All(5)),
            (std::vector<uint8_t>{4, 1, 2, 4, 3}));
  std::vector<int64_t> narrow = {INT64_MIN, 5, 3, 5, 4};
  EXPECT_EQ(QuintileScores(narrow, std::vector<uint8_t>{0, 1, 1, 1, 1}),
            (std::vector<uint8_t>{0, 3, 1, 3, 2}));
}

TEST(QuintileScores, PropertyScoresAreMonotoneInTheValue) {
  std::vector<int64_t> values;
  for (int i = 0; i < 997; ++i) values.push_back((i * 7919) % 211);
  std::vector<uint8_t> scores = QuintileScores(values, All(values.size()));
  for (size_t a = 0; a < values.size(); ++a) {
    for (size_t b = 0; b < values.size(); b += 13) {
      if (values[a] < values[b]) {
        EXPECT_LE(scores[a], scores[b]);
      }
      if (values[a] == values[b]) {
        EXPECT_EQ(scores[a], scores[b]);
      }
    }
  }
}

TEST(RfmSegmentFor, MapCoversEveryCellWithAllElevenSegments) {
  std::set<RfmSegment> seen;
  for (int r = 1; r <= 5; ++r) {
    for (int f = 1; f <= 5; ++f) {
      RfmSegment segment = RfmSegmentFor(r, f);
      EXPECT_NE(segment, RfmSegment::kNone);
      seen.insert(segment);
    }
  }
  EXPECT_EQ(seen.size(), 11u);
}

TEST(RfmSegmentFor, CornersOfTheGrid) {
  EXPECT_EQ(RfmSegmentFor(5, 5), RfmSegment::kChampions);
  EXPECT_EQ(RfmSegmentFor(5, 1), RfmSegment::kNew);
  EXPECT_EQ(RfmSegmentFor(1, 5), RfmSegment::kCantLoseThem);
  EXPECT_EQ(RfmSegmentFor(1, 1), RfmSegment::kLost);
  EXPECT_EQ(RfmSegmentFor(2, 1), RfmSegment::kHibernating);
  EXPECT_EQ(RfmSegmentFor(3, 3), RfmSegment::kNeedAttention);
  EXPECT_EQ(RfmSegmentFor(4, 1), RfmSegment::kPromising);
  EXPECT_EQ(RfmSegmentFor(2, 3), RfmSegment::kAtRisk);
  EXPECT_EQ(RfmSegmentFor(3, 1), RfmSegment::kAboutToSleep);
  EXPECT_EQ(RfmSegmentFor(4, 4), RfmSegment::kLoyal);
  EXPECT_EQ(RfmSegmentFor(4, 2), RfmSegment::kPotentialLoyalist);
  EXPECT_EQ(RfmSegmentName(RfmSegment::kCantLoseThem), "Can't lose them");
}

TEST(ScoreRfm, HandCheckedFiveCustomers) {
  // as_of = 100. Customer: last purchase day, purchase days, revenue.
  //   a: 99, 3 days (two orders on day 50 count once), 300
  //   b: 90, 1 day, 500
  //   c: 10, 4 days, 50 (a refund takes 100 -> 50)
  //   d: 60, 1 day, 80
  //   e: 60, 2 days, 80
  using testing::Line;
  TransactionLog log = testing::BuildLog({
      {.customer = "a", .order = "a1", .day = 50, .amount = 100},
      {.customer = "a", .order = "a2", .day = 50, .amount = 100},
      {.customer = "a", .order = "a3", .day = 70, .amount = 50},
      {.customer = "a", .order = "a4", .day = 99, .amount = 50},
      {.customer = "b", .order = "b1", .day = 90, .amount = 500},
      {.customer = "c", .order = "c1", .day = 1, .amount = 25},
      {.customer = "c", .order = "c2", .day = 2, .amount = 25},
      {.customer = "c", .order = "c3", .day = 3, .amount = 25},
      {.customer = "c", .order = "c4", .day = 10, .amount = 25},
      {.customer = "c", .order = "c5", .day = 11, .amount = -50},
      {.customer = "d", .order = "d1", .day = 60, .amount = 80},
      {.customer = "e", .order = "e1", .day = 40, .amount = 40},
      {.customer = "e", .order = "e2", .day = 60, .amount = 40},
  });
  RfmScores rfm = ScoreRfm(SummarizeCustomers(log, 100));
  // Recency days 1, 10, 90, 40, 40 -> ranks of -recency: c < d = e < b < a.
  EXPECT_EQ(rfm.recency, (std::vector<uint8_t>{5, 4, 1, 2, 2}));
  // Frequency 3, 1, 4, 1, 2: b = d lowest, then e, a, c.
  EXPECT_EQ(rfm.frequency, (std::vector<uint8_t>{4, 1, 5, 1, 3}));
  // Monetary 300, 500, 50, 80, 80.
  EXPECT_EQ(rfm.monetary, (std::vector<uint8_t>{4, 5, 1, 2, 2}));
  EXPECT_EQ(rfm.segment, (std::vector<RfmSegment>{
                             RfmSegment::kChampions, RfmSegment::kPromising,
                             RfmSegment::kCantLoseThem,
                             RfmSegment::kHibernating, RfmSegment::kAtRisk}));
  EXPECT_EQ(rfm.segment_sizes[static_cast<int>(RfmSegment::kChampions)], 1);
}

}  // namespace
}  // namespace vafa::analytics
