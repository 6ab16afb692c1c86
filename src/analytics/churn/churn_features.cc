#include "analytics/churn/churn_features.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analytics/distinct_count.h"
#include "analytics/parallel.h"

namespace vafa::analytics::churn {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
// The two periods the trends compare: the last half year and the one before.
constexpr DayNumber kTrendPeriodDays = 180;

float Trend(double recent, double before) {
  double total = recent + before;
  return total > 0 ? static_cast<float>((recent - before) / total) : 0.0f;
}

// At least two distinct non-empty names among the codes used up to the
// snapshot.
bool TwoNamedValues(const std::vector<uint16_t>& codes,
                    const std::vector<std::string>& names,
                    const std::vector<uint8_t>& seen_order) {
  int named = -1;
  for (size_t o = 0; o < codes.size(); ++o) {
    if (seen_order[o] == 0 || codes[o] >= names.size() ||
        names[codes[o]].empty()) {
      continue;
    }
    if (named < 0) {
      named = codes[o];
    } else if (named != codes[o]) {
      return true;
    }
  }
  return false;
}

ChurnDataCoverage CoverageAt(const TransactionLog& log,
                             const ComplaintLog& complaints,
                             DayNumber snapshot) {
  ChurnDataCoverage coverage;
  coverage.complaints = !complaints.empty();
  std::vector<uint8_t> seen(log.order_count(), 0);
  for (int64_t o = 0; o < log.order_count(); ++o) {
    if (log.day[o] > snapshot) continue;
    seen[o] = 1;
    if (log.discount[o] > 0) coverage.discounts = true;
  }
  coverage.channels = TwoNamedValues(log.channel, log.channel_names, seen);
  coverage.branches = TwoNamedValues(log.branch, log.branch_names, seen);
  int32_t named = -1;
  for (int64_t o = 0; o < log.order_count() && !coverage.categories; ++o) {
    if (seen[o] == 0) continue;
    for (uint32_t i = log.item_begin[o]; i < log.item_begin[o + 1]; ++i) {
      const int32_t category = log.product_category[log.item_product[i]];
      if (category < 0 || log.category_names[category].empty()) continue;
      if (named < 0) named = category;
      if (named != category) {
        coverage.categories = true;
        break;
      }
    }
  }
  return coverage;
}

// One customer's purchases on or before the snapshot, as they add up.
struct PurchaseTotals {
  int32_t orders = 0;  // purchases: returns (negative amounts) left out
  int32_t discounted = 0;
  int32_t purchase_days = 0;
  int32_t recent = 0;  // orders in the last trend period
  int32_t before = 0;  // orders in the one before
  double spend_recent = 0;
  double spend_before = 0;
  double purchases = 0;
  int64_t revenue = 0;  // returns taken off
  DayNumber first = kNoDay;
  DayNumber last = kNoDay;
};

// The values whose distinct counts are features; cleared for each customer
// with their capacity kept.
struct UsedValues {
  std::vector<int32_t> products;
  std::vector<int32_t> categories;
  std::vector<uint16_t> channels;
  std::vector<uint16_t> branches;
  void Clear() {
    products.clear();
    categories.clear();
    channels.clear();
    branches.clear();
  }
};

// Reads customer `c`'s orders on or before `snapshot` (orders are in day
// order) into totals, and the named values used into `used`.
PurchaseTotals SumPurchases(const TransactionLog& log, int32_t c,
                            DayNumber snapshot, UsedValues& used) {
  PurchaseTotals t;
  used.Clear();
  for (int64_t o = log.customer_begin[c]; o < log.customer_begin[c + 1]; ++o) {
    const DayNumber day = log.day[o];
    if (day > snapshot) break;
    t.revenue += log.amount[o];
    if (log.amount[o] < 0) continue;
    const auto amount = static_cast<double>(log.amount[o]);
    ++t.orders;
    t.purchases += amount;
    if (log.discount[o] > 0) ++t.discounted;
    if (day != t.last) ++t.purchase_days;
    if (t.first == kNoDay) t.first = day;
    t.last = day;
    const DayNumber age = snapshot - day;
    if (age < kTrendPeriodDays) {
      ++t.recent;
      t.spend_recent += amount;
    } else if (age < 2 * kTrendPeriodDays) {
      ++t.before;
      t.spend_before += amount;
    }
    if (!log.channel_names[log.channel[o]].empty())
      used.channels.push_back(log.channel[o]);
    if (!log.branch_names[log.branch[o]].empty())
      used.branches.push_back(log.branch[o]);
    for (uint32_t i = log.item_begin[o]; i < log.item_begin[o + 1]; ++i) {
      const int32_t product = log.item_product[i];
      used.products.push_back(product);
      const int32_t category = log.product_category[product];
      if (category >= 0 && !log.category_names[category].empty())
        used.categories.push_back(category);
    }
  }
  return t;
}

// The purchase features of a customer with at least one purchase; those of
// data the log does not cover stay NaN.
void WritePurchaseFeatures(const PurchaseTotals& t, UsedValues& used,
                           const ChurnDataCoverage& coverage,
                           DayNumber snapshot, float* row) {
  const auto recency = static_cast<float>(snapshot - t.last);
  row[kRecencyDays] = recency;
  row[kTenureDays] = static_cast<float>(snapshot - t.first);
  row[kOrders] = static_cast<float>(t.orders);
  row[kOrdersRecent] = static_cast<float>(t.recent);
  row[kOrdersBefore] = static_cast<float>(t.before);
  row[kOrderTrend] = Trend(t.recent, t.before);
  row[kSpendTrend] = Trend(t.spend_recent, t.spend_before);
  if (t.purchase_days > 1) {
    const float gap = static_cast<float>(t.last - t.first) /
                      static_cast<float>(t.purchase_days - 1);
    row[kMeanGapDays] = gap;
    row[kOverdueRatio] = recency / std::max(1.0f, gap);
  }
  row[kRevenue] = static_cast<float>(t.revenue);
  row[kMeanOrderValue] = static_cast<float>(t.purchases / t.orders);
  row[kDistinctProducts] = static_cast<float>(DistinctCount(used.products));
  if (coverage.categories) {
    row[kDistinctCategories] =
        static_cast<float>(DistinctCount(used.categories));
  }
  if (coverage.channels)
    row[kDistinctChannels] = static_cast<float>(DistinctCount(used.channels));
  if (coverage.branches)
    row[kDistinctBranches] = static_cast<float>(DistinctCount(used.branches));
  if (coverage.discounts)
    row[kDiscountShare] = static_cast<float>(t.discounted) / t.orders;
}

// The complaint features of customer `c`, each complaint as it stood at the
// snapshot.
void WriteComplaintFeatures(const ComplaintLog& complaints, int32_t c,
                            DayNumber snapshot, float* row) {
  int32_t count = 0, unresolved = 0, slow = 0, unhappy = 0;
  DayNumber latest = kNoDay;
  for (int64_t k = complaints.begin[c]; k < complaints.begin[c + 1]; ++k) {
    if (complaints.day[k] > snapshot) continue;
    ++count;
    const bool resolved = complaints.resolved_day[k] <= snapshot;
    const DayNumber due = complaints.due_day[k];
    if (!resolved) ++unresolved;
    if (due != kNever &&
        (resolved ? complaints.resolved_day[k] > due : snapshot > due)) {
      ++slow;
    }
    if (resolved && complaints.satisfaction[k] >= 1 &&
        complaints.satisfaction[k] <= 2) {
      ++unhappy;
    }
    latest = std::max(latest, complaints.day[k]);
  }
  row[kComplaints] = static_cast<float>(count);
  row[kUnresolvedComplaints] = static_cast<float>(unresolved);
  row[kSlowComplaints] = static_cast<float>(slow);
  row[kLowSatisfaction] = static_cast<float>(unhappy);
  if (count > 0)
    row[kDaysSinceComplaint] = static_cast<float>(snapshot - latest);
}

// P(alive) and the expected purchases, when the lifetime model fits.
void AddLifetimeFeatures(const TransactionLog& log,
                         const ProbabilityAliveFunction& p_alive,
                         ChurnFeatures& out) {
  auto scores = p_alive(log, out.snapshot);
  if (!scores.ok() ||
      static_cast<int32_t>(scores->p_alive.size()) != out.customers ||
      static_cast<int32_t>(scores->expected_purchases.size()) !=
          out.customers) {
    return;
  }
  for (int32_t c = 0; c < out.customers; ++c) {
    float* row = &out.values[static_cast<size_t>(c) * kChurnFeatureCount];
    row[kProbabilityAlive] = static_cast<float>(scores->p_alive[c]);
    row[kExpectedPurchases] = static_cast<float>(scores->expected_purchases[c]);
  }
}

}  // namespace

std::string_view ChurnFeatureName(int feature) {
  static constexpr std::string_view kNames[kChurnFeatureCount] = {
      "recency_days",
      "tenure_days",
      "orders",
      "orders_recent",
      "orders_before",
      "order_trend",
      "spend_trend",
      "mean_gap_days",
      "overdue_ratio",
      "revenue",
      "mean_order_value",
      "distinct_products",
      "distinct_categories",
      "distinct_channels",
      "distinct_branches",
      "discount_share",
      "complaints",
      "unresolved_complaints",
      "slow_complaints",
      "low_satisfaction",
      "days_since_complaint",
      "p_alive",
      "expected_purchases",
  };
  return feature >= 0 && feature < kChurnFeatureCount ? kNames[feature] : "";
}

ChurnFeatures BuildChurnFeatures(const TransactionLog& log,
                                 const ComplaintLog& complaints,
                                 DayNumber snapshot, int window_days,
                                 const ProbabilityAliveFunction& p_alive,
                                 int threads) {
  ChurnFeatures out;
  out.snapshot = snapshot;
  out.customers = log.customer_count();
  out.values.assign(static_cast<size_t>(out.customers) * kChurnFeatureCount,
                    kNaN);
  out.bought.assign(out.customers, 0);
  out.active.assign(out.customers, 0);
  out.coverage = CoverageAt(log, complaints, snapshot);
  const ChurnDataCoverage& coverage = out.coverage;

  ParallelFor(out.customers, threads, [&](int, int64_t begin, int64_t end) {
    UsedValues used;
    for (auto c = static_cast<int32_t>(begin); c < end; ++c) {
      float* row = &out.values[static_cast<size_t>(c) * kChurnFeatureCount];
      const PurchaseTotals totals = SumPurchases(log, c, snapshot, used);
      if (totals.orders > 0) {
        out.bought[c] = 1;
        out.active[c] = snapshot - totals.last < window_days ? 1 : 0;
        WritePurchaseFeatures(totals, used, coverage, snapshot, row);
      }
      if (coverage.complaints) {
        WriteComplaintFeatures(complaints, c, snapshot, row);
      } else if (totals.orders > 0) {
        // No complaints recorded for anyone: a buyer has none.
        row[kComplaints] = 0;
        row[kUnresolvedComplaints] = 0;
        row[kSlowComplaints] = 0;
        row[kLowSatisfaction] = 0;
      }
    }
  });
  if (p_alive) AddLifetimeFeatures(log, p_alive, out);
  return out;
}

std::vector<uint8_t> ChurnLabels(const TransactionLog& log, DayNumber snapshot,
                                 int window_days, int threads) {
  std::vector<uint8_t> churned(log.customer_count(), 1);
  ParallelFor(log.customer_count(), threads,
              [&](int, int64_t begin, int64_t end) {
                for (auto c = static_cast<int32_t>(begin); c < end; ++c) {
                  for (int64_t o = log.customer_begin[c];
                       o < log.customer_begin[c + 1]; ++o) {
                    const DayNumber day = log.day[o];
                    if (day > snapshot + window_days) break;
                    if (day > snapshot && log.amount[o] >= 0) {
                      churned[c] = 0;
                      break;
                    }
                  }
                }
              });
  return churned;
}

}  // namespace vafa::analytics::churn
