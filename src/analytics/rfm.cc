#include "analytics/rfm.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "analytics/parallel.h"
#include "analytics/value_order.h"

namespace vafa::analytics {

std::string_view RfmSegmentName(RfmSegment segment) {
  switch (segment) {
    case RfmSegment::kNone:
      return "";
    case RfmSegment::kChampions:
      return "Champions";
    case RfmSegment::kLoyal:
      return "Loyal";
    case RfmSegment::kPotentialLoyalist:
      return "Potential loyalist";
    case RfmSegment::kNew:
      return "New";
    case RfmSegment::kPromising:
      return "Promising";
    case RfmSegment::kNeedAttention:
      return "Need attention";
    case RfmSegment::kAboutToSleep:
      return "About to sleep";
    case RfmSegment::kAtRisk:
      return "At risk";
    case RfmSegment::kCantLoseThem:
      return "Can't lose them";
    case RfmSegment::kHibernating:
      return "Hibernating";
    case RfmSegment::kLost:
      return "Lost";
  }
  return "";
}

RfmSegment RfmSegmentFor(int r, int f) {
  // The widely used R x F grid (rows R, columns F), with its bottom-left
  // cell split off as "Lost": the least recent customers who bought once.
  if (r <= 2) {
    if (r == 1 && f == 1) return RfmSegment::kLost;
    if (f <= 2) return RfmSegment::kHibernating;
    if (f <= 4) return RfmSegment::kAtRisk;
    return RfmSegment::kCantLoseThem;
  }
  if (r == 3) {
    if (f <= 2) return RfmSegment::kAboutToSleep;
    if (f == 3) return RfmSegment::kNeedAttention;
    return RfmSegment::kLoyal;
  }
  if (f == 1) return r == 4 ? RfmSegment::kPromising : RfmSegment::kNew;
  if (f <= 3) return RfmSegment::kPotentialLoyalist;
  return r == 4 ? RfmSegment::kLoyal : RfmSegment::kChampions;
}

namespace {

// Values within this many of each other are counted, not sorted: the days
// of recency and the purchase days of frequency always are.
constexpr int64_t kMaxCountedValueRange = int64_t{1} << 22;

// The scores by a count per value: b(v) is the running total of the counts
// below v, with no sort (linear in the customers and the range).
void CountedQuintileScores(std::span<const int64_t> values,
                           std::span<const uint8_t> included, int64_t lowest,
                           int64_t range, std::vector<uint8_t>& scores) {
  std::vector<int64_t> below(static_cast<size_t>(range) + 1, 0);
  int64_t n = 0;
  for (size_t idx = 0; idx < values.size(); ++idx) {
    if (included[idx]) {
      ++below[values[idx] - lowest];
      ++n;
    }
  }
  int64_t smaller = 0;  // scored customers with a smaller value
  for (int64_t& count : below) {
    const int64_t here = count;
    count = smaller;
    smaller += here;
  }
  for (size_t idx = 0; idx < values.size(); ++idx) {
    if (included[idx]) {
      scores[idx] =
          static_cast<uint8_t>(1 + 5 * below[values[idx] - lowest] / n);
    }
  }
}

}  // namespace

std::vector<uint8_t> QuintileScores(std::span<const int64_t> values,
                                    std::span<const uint8_t> included) {
  std::vector<uint8_t> scores(values.size(), 0);
  int64_t lowest = 0, highest = 0;
  bool any = false;
  for (size_t idx = 0; idx < values.size(); ++idx) {
    if (!included[idx]) continue;
    lowest = any ? std::min(lowest, values[idx]) : values[idx];
    highest = any ? std::max(highest, values[idx]) : values[idx];
    any = true;
  }
  if (!any) return scores;
  // The range as unsigned: the difference of two far-apart int64 values
  // does not fit an int64.
  const uint64_t range =
      static_cast<uint64_t>(highest) - static_cast<uint64_t>(lowest);
  if (range <= static_cast<uint64_t>(kMaxCountedValueRange)) {
    CountedQuintileScores(values, included, lowest, static_cast<int64_t>(range),
                          scores);
    return scores;
  }
  const std::vector<int32_t> ranked =
      OrderByValue(values, included, ValueDirection::kAscending);
  const auto n = static_cast<int64_t>(ranked.size());
  int64_t below = 0;  // scored customers with a strictly smaller value
  for (int64_t pos = 0; pos < n; ++pos) {
    if (pos > 0 && values[ranked[pos]] != values[ranked[pos - 1]]) below = pos;
    scores[ranked[pos]] = static_cast<uint8_t>(1 + 5 * below / n);
  }
  return scores;
}

RfmScores ScoreRfm(const CustomerSummary& summary) {
  const int32_t customers = summary.size();
  std::vector<uint8_t> included(customers);
  std::vector<int64_t> recency(customers), frequency(customers);
  for (int32_t customer = 0; customer < customers; ++customer) {
    included[customer] = summary.has_purchase(customer);
    recency[customer] = -static_cast<int64_t>(summary.recency_days[customer]);
    frequency[customer] = summary.purchase_days[customer];
  }
  RfmScores rfm;
  {
    // Three independent sorts: two on their own threads when it pays.
    const bool parallel = customers >= kMinItemsPerThread;
    std::vector<std::jthread> workers;
    auto run = [&](auto task) {
      if (parallel) {
        workers.emplace_back(task);
      } else {
        task();
      }
    };
    run([&] { rfm.recency = QuintileScores(recency, included); });
    run([&] { rfm.frequency = QuintileScores(frequency, included); });
    rfm.monetary = QuintileScores(summary.revenue, included);
  }
  rfm.segment.assign(customers, RfmSegment::kNone);
  rfm.segment_sizes.assign(kRfmSegmentCount, 0);
  for (int32_t customer = 0; customer < customers; ++customer) {
    if (included[customer]) {
      rfm.segment[customer] =
          RfmSegmentFor(rfm.recency[customer], rfm.frequency[customer]);
    }
    ++rfm.segment_sizes[static_cast<int>(rfm.segment[customer])];
  }
  return rfm;
}

}  // namespace vafa::analytics
