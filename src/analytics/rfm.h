// RFM: recency, frequency and monetary scores 1-5 and named segments, from
// the per-customer summary. Only customers with a purchase up to as_of are
// scored; the others get score 0 and RfmSegment::kNone.
//
//   R ranks -recency_days (a recent buyer ranks high), F ranks purchase_days
//   (distinct purchase days: same-day orders count once), M ranks revenue
//   (net of refunds).
//
// Quintile and tie rule: with n scored customers and b(v) the number of
// scored customers whose value is strictly below v,
//     score(v) = 1 + floor(5 * b(v) / n).
// Equal values always get the same score, and a tied block gets the score of
// its lowest position ("ties go to the lower quintile"). This is SQL's
// 1 + floor(5 * (RANK() OVER (ORDER BY v) - 1) / n), which the tests and the
// DuckDB benchmark use as the independent check.
//
// Segments come from (R, F) on the 5 x 5 grid documented in
// docs/analytics.md; M is reported but does not change the segment.
// O(n log n); pure.
#ifndef VAFA_ANALYTICS_RFM_H_
#define VAFA_ANALYTICS_RFM_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "analytics/customer_summary.h"

namespace vafa::analytics {

enum class RfmSegment : uint8_t {
  kNone,  // no purchase up to as_of
  kChampions,
  kLoyal,
  kPotentialLoyalist,
  kNew,
  kPromising,
  kNeedAttention,
  kAboutToSleep,
  kAtRisk,
  kCantLoseThem,
  kHibernating,
  kLost,
};
inline constexpr int kRfmSegmentCount = 12;

// "Champions", "Can't lose them", ...; "" for kNone.
std::string_view RfmSegmentName(RfmSegment segment);
// The segment map; recency and frequency in 1..5.
RfmSegment RfmSegmentFor(int recency_score, int frequency_score);

// Scores 1..5 for values[i] where included[i] != 0 (0 elsewhere), by the
// quintile and tie rule above.
std::vector<uint8_t> QuintileScores(std::span<const int64_t> values,
                                    std::span<const uint8_t> included);

struct RfmScores {
  std::vector<uint8_t> recency;  // per customer, 1..5 or 0
  std::vector<uint8_t> frequency;
  std::vector<uint8_t> monetary;
  std::vector<RfmSegment> segment;
  // Customers per segment, indexed by RfmSegment.
  std::vector<int64_t> segment_sizes;
};

RfmScores ScoreRfm(const CustomerSummary& summary);

}  // namespace vafa::analytics

#endif  // VAFA_ANALYTICS_RFM_H_
