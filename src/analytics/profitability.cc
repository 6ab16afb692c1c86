#include "analytics/profitability.h"

#include <algorithm>
#include <string>

namespace vafa::analytics {

std::string_view AcquisitionRetentionName(AcquisitionRetention group) {
  switch (group) {
    case AcquisitionRetention::kEasyAcquireEasyRetain:
      return "easy_acquire_easy_retain";
    case AcquisitionRetention::kEasyAcquireHardRetain:
      return "easy_acquire_hard_retain";
    case AcquisitionRetention::kHardAcquireEasyRetain:
      return "hard_acquire_easy_retain";
    case AcquisitionRetention::kHardAcquireHardRetain:
      return "hard_acquire_hard_retain";
    case AcquisitionRetention::kNone:
      return "";
  }
  return "";
}

Result<Profitability> AnalyzeProfitability(
    const CustomerSummary& summary, std::span<const int64_t> cost_to_serve,
    std::span<const int64_t> acquisition_cost,
    const ProfitabilityOptions& options) {
  const int32_t customers = summary.size();
  for (auto [column, name] :
       {std::pair{cost_to_serve, "cost_to_serve"},
        std::pair{acquisition_cost, "acquisition_cost"}}) {
    if (!column.empty() && column.size() != static_cast<size_t>(customers)) {
      return Status::Invalid(
          std::string(name) + ": " + std::to_string(column.size()) +
              " values for " + std::to_string(customers) + " customers",
          name);
    }
  }
  Profitability result;
  result.profit.assign(customers, 0);
  result.group.assign(customers, AcquisitionRetention::kNone);
  result.acquisition_cost_given = !acquisition_cost.empty();
  if (result.acquisition_cost_given) {
    std::vector<int64_t> costs;
    for (int32_t customer = 0; customer < customers; ++customer) {
      if (summary.has_purchase(customer)) {
        costs.push_back(acquisition_cost[customer]);
      }
    }
    if (!costs.empty()) {
      auto median = costs.begin() + (costs.size() - 1) / 2;  // lower median
      std::nth_element(costs.begin(), median, costs.end());
      result.median_acquisition_cost = *median;
    }
  }

  int64_t population = 0;
  for (int32_t customer = 0; customer < customers; ++customer) {
    if (!summary.has_purchase(customer)) continue;
    ++population;
    int64_t profit = summary.revenue[customer];
    if (summary.cost_known[customer]) profit -= summary.cost_of_goods[customer];
    if (!cost_to_serve.empty()) profit -= cost_to_serve[customer];
    if (!acquisition_cost.empty()) profit -= acquisition_cost[customer];
    result.profit[customer] = profit;
    result.total_profit += profit;

    const bool easy_acquire =
        result.acquisition_cost_given
            ? acquisition_cost[customer] <= result.median_acquisition_cost
            : !summary.first_order_discounted[customer];
    const bool easy_retain =
        summary.purchase_days[customer] >= 2 &&
        summary.recency_days[customer] <= options.active_window_days;
    const auto group = static_cast<AcquisitionRetention>(
        (easy_acquire ? 0 : 2) + (easy_retain ? 0 : 1));
    result.group[customer] = group;
    MatrixCell& cell = result.matrix[static_cast<int>(group)];
    ++cell.customers;
    cell.profit += profit;
  }
  for (MatrixCell& cell : result.matrix) {
    if (population > 0) {
      cell.customer_share =
          static_cast<double>(cell.customers) / static_cast<double>(population);
    }
    if (result.total_profit != 0) {
      cell.profit_share = static_cast<double>(cell.profit) /
                          static_cast<double>(result.total_profit);
    }
  }
  return result;
}

}  // namespace vafa::analytics
