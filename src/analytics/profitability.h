// Customer profitability and the acquisition x retention matrix (Thomas,
// Reinartz & Kumar 2004, "Getting the most out of all your customers", HBR:
// customers placed by how easy they were to acquire and how easy they are to
// retain, with profitability as the third dimension).
//
// profit = revenue - cost of goods (where the customer's cost is known)
//          - cost to serve - acquisition cost (where given).
// The two cost columns are optional: pass an empty span when unknown, or one
// value per customer index of the summary.
//
// Rules (docs/analytics.md, "Acquisition x retention"):
//   easy to acquire: with acquisition costs, cost <= the lower median of the
//     population's acquisition costs; without them, the customer's first
//     purchase was made without a discount (no incentive was needed).
//   easy to retain: at least two purchase days and a last purchase within
//     active_window_days of as_of.
// Population: customers with a purchase up to as_of. Pure; O(n log n).
#ifndef VAFA_ANALYTICS_PROFITABILITY_H_
#define VAFA_ANALYTICS_PROFITABILITY_H_

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "analytics/customer_summary.h"
#include "core/result.h"

namespace vafa::analytics {

enum class AcquisitionRetention : uint8_t {
  kEasyAcquireEasyRetain,
  kEasyAcquireHardRetain,
  kHardAcquireEasyRetain,
  kHardAcquireHardRetain,
  kNone,  // no purchase up to as_of
};
// "easy_acquire_easy_retain", ...; "" for kNone.
std::string_view AcquisitionRetentionName(AcquisitionRetention group);

struct MatrixCell {
  int64_t customers = 0;
  int64_t profit = 0;
  double customer_share = 0;  // of the population
  double profit_share = 0;  // of the population's total profit; 0 if that is 0
};

struct Profitability {
  std::vector<int64_t> profit;  // per customer; 0 without a purchase
  std::vector<AcquisitionRetention> group;
  std::array<MatrixCell, 4> matrix;  // indexed by AcquisitionRetention
  int64_t total_profit = 0;
  bool acquisition_cost_given = false;
  int64_t median_acquisition_cost = 0;  // when given
};

struct ProfitabilityOptions {
  int32_t active_window_days = 180;
};

// Fails when a non-empty cost column does not have one value per customer.
Result<Profitability> AnalyzeProfitability(
    const CustomerSummary& summary, std::span<const int64_t> cost_to_serve,
    std::span<const int64_t> acquisition_cost,
    const ProfitabilityOptions& options = {});

}  // namespace vafa::analytics

#endif  // VAFA_ANALYTICS_PROFITABILITY_H_
