// The churn features of every customer at a snapshot day, and the churn
// label that follows it (docs/analytics.md, "Churn").
//
// A feature at snapshot S reads only orders and complaints on or before S,
// so a model trained on snapshot features cannot see the future; the label
// is the one thing read after S. Features are floats in a row-major matrix
// (customers x kChurnFeatureCount), NaN where a feature has no value (the
// rhythm of a one-time buyer, the days since a complaint never made).
//
// Label: a customer is *active* at S when they bought in the `window` days
// up to S (S - window, S]; an active customer *churned* when they made no
// purchase in the `window` days after S (S, S + window]. The default window
// is a year, the usual "lapsed" line of retail: on shorter windows the label
// counts too many slow but loyal buyers as gone (a customer who buys twice a
// year is often silent for six months); a business with a faster cycle sets
// its own.
#ifndef VAFA_ANALYTICS_CHURN_CHURN_FEATURES_H_
#define VAFA_ANALYTICS_CHURN_CHURN_FEATURES_H_

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <string_view>
#include <vector>

#include "analytics/customer_summary.h"
#include "analytics/transaction_log.h"
#include "core/result.h"

namespace vafa::analytics::churn {

inline constexpr int kDefaultChurnWindowDays = 365;

// "Never" for a complaint's resolution or due day.
inline constexpr DayNumber kNever = std::numeric_limits<DayNumber>::max();

// Complaints per log customer in CSR form: those of customer c are
// [begin[c], begin[c + 1]), in any order of day. Each carries the days its
// state changed, so a snapshot sees it as it stood then: unresolved until
// its resolution day, rated (satisfaction, given on resolution) from then.
struct ComplaintLog {
  std::vector<int64_t> begin;  // size customers + 1, or empty: no complaints
  std::vector<DayNumber> day;
  std::vector<DayNumber> resolved_day;  // kNever: not resolved
  std::vector<DayNumber> due_day;       // resolution target; kNever: none
  std::vector<int8_t> satisfaction;     // 1-5 on resolution; 0: none
  bool empty() const { return day.empty(); }
};

enum ChurnFeature : int {
  kRecencyDays,     // S - last purchase
  kTenureDays,      // S - first purchase
  kOrders,          // purchase orders up to S
  kOrdersRecent,    // in (S - 180, S]
  kOrdersBefore,    // in (S - 360, S - 180]
  kOrderTrend,      // (recent - before) / (recent + before), -1..1
  kSpendTrend,      // the same on spend
  kMeanGapDays,     // mean days between purchase days (NaN: one day)
  kOverdueRatio,    // recency / mean gap (NaN: one purchase day)
  kRevenue,         // net, minor units
  kMeanOrderValue,  // minor units
  kDistinctProducts,
  kDistinctCategories,    // NaN when the data has no categories
  kDistinctChannels,      // NaN when the data has no channels
  kDistinctBranches,      // NaN when the data has no branches
  kDiscountShare,         // of purchase orders with a discount; NaN: no data
  kComplaints,            // up to S
  kUnresolvedComplaints,  // up to S, not resolved by S
  kSlowComplaints,        // resolved after their due day, or past it open
  kLowSatisfaction,       // rated 1 or 2 by S
  kDaysSinceComplaint,    // NaN: none
  kProbabilityAlive,      // from the lifetime model fitted at S; NaN: none
  kExpectedPurchases,     // in the year after S, from the same model
  kChurnFeatureCount
};

// The stable name of a feature ("recency_days", ...).
std::string_view ChurnFeatureName(int feature);

// Which optional inputs the log holds up to the snapshot. A column the data
// lacks leaves its feature NaN for everyone (no value, so no reason and no
// split on it): categories and channels count as present when at least two
// distinct non-empty values appear (one value for everyone says nothing
// about anyone), discounts when at least one order had one, complaints when
// a complaint log was given.
struct ChurnDataCoverage {
  bool categories = false;
  bool channels = false;
  bool branches = false;
  bool discounts = false;
  bool complaints = false;
};

struct ChurnFeatures {
  DayNumber snapshot = 0;
  int32_t customers = 0;
  ChurnDataCoverage coverage;
  std::vector<float> values;    // customers x kChurnFeatureCount
  std::vector<uint8_t> bought;  // 1: a purchase on or before S
  std::vector<uint8_t> active;  // 1: a purchase in (S - window, S]
  float at(int32_t customer, int feature) const {
    return values[static_cast<size_t>(customer) * kChurnFeatureCount + feature];
  }
};

// P(alive) and the expected purchases in the next year of each log customer
// at `snapshot` (NaN for those without a purchase), from a lifetime model
// fitted on the orders on or before the snapshot alone (the summary of the
// log at the snapshot). May fail (too few buyers): the features are then NaN
// for everyone.
struct LifetimeScores {
  std::vector<double> p_alive;
  std::vector<double> expected_purchases;
};
using ProbabilityAliveFunction = std::function<Result<LifetimeScores>(
    const TransactionLog& log, DayNumber snapshot)>;

// Features at `snapshot` (orders and complaints on or before it count).
// `complaints` may be empty; `p_alive` may be empty (no P(alive) feature).
ChurnFeatures BuildChurnFeatures(const TransactionLog& log,
                                 const ComplaintLog& complaints,
                                 DayNumber snapshot, int window_days,
                                 const ProbabilityAliveFunction& p_alive,
                                 int threads = 0);

// Per customer: 1 when no purchase in (snapshot, snapshot + window], else 0.
// Meaningful for the customers active at the snapshot.
std::vector<uint8_t> ChurnLabels(const TransactionLog& log, DayNumber snapshot,
                                 int window_days, int threads = 0);

}  // namespace vafa::analytics::churn

#endif  // VAFA_ANALYTICS_CHURN_CHURN_FEATURES_H_
