#include "analytics/clv/customer_value.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <unordered_map>

namespace vafa::analytics::clv {
namespace {

constexpr double kDaysPerYear = 365.25;

// (x, T, t_x) of a customer; t_x is 0 where only (x, T) matters.
struct TimeKey {
  double x, age, t_x;
  bool operator==(const TimeKey&) const = default;
};
struct TimeKeyHash {
  std::size_t operator()(const TimeKey& key) const {
    const std::hash<double> h;
    std::size_t seed = h(key.x);
    seed ^= h(key.age) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
    seed ^= h(key.t_x) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
    return seed;
  }
};

Status ValidateOptions(const ClvOptions& options) {
  if (!(options.horizon_days > 0)) {
    return Status::Invalid("horizon must be > 0 days", "horizon");
  }
  if (!(options.cash_flow_step_days > 0) ||
      options.cash_flow_step_days > options.horizon_days) {
    return Status::Invalid("cash-flow step must be > 0 and within the horizon",
                           "cash_flow_step");
  }
  if (!(options.annual_discount_rate > -1)) {
    return Status::Invalid("discount rate must be > -1", "discount_rate");
  }
  if (!std::isfinite(options.margin)) {
    return Status::Invalid("margin must be a finite number", "margin");
  }
  return Status::Ok();
}

}  // namespace

Result<CustomerValues> ScoreCustomerValues(const PurchaseModel& model,
                                           const GammaGammaModel* spend,
                                           const RepeatPurchaseData& data,
                                           TimeUnit unit,
                                           const ClvOptions& options) {
  VAFA_RETURN_IF_ERROR(ValidateRepeatPurchaseData(data));
  VAFA_RETURN_IF_ERROR(ValidateOptions(options));
  if (spend != nullptr && data.monetary_mean.size() != data.size()) {
    return Status::Invalid("lifetime value needs monetary_mean",
                           "monetary_mean");
  }
  const std::size_t n = data.size();
  const int steps =
      std::max(1, static_cast<int>(std::lround(options.horizon_days /
                                               options.cash_flow_step_days)));
  // Step ends in the model's unit and their discount factors.
  std::vector<double> step_end(steps + 1), discount(steps + 1);
  for (int k = 0; k <= steps; ++k) {
    const double days = k * options.cash_flow_step_days;
    step_end[k] = DaysToUnits(days, unit);
    discount[k] =
        std::pow(1 + options.annual_discount_rate, -days / kDaysPerYear);
  }
  CustomerValues out;
  out.probability_alive.resize(n);
  out.expected_purchases.resize(n);
  if (spend != nullptr) {
    out.expected_spend.resize(n);
    out.lifetime_value.resize(n);
  }
  // Purchases expected if alive depend on (x, T) only, and P(alive) on
  // (x, t_x, T): purchase days are whole days, so customers share these keys
  // massively. Number the distinct keys in order of first appearance (a
  // serial pass, so the numbering is fixed), score each key once in
  // parallel, then fill the customers' columns in their own order.
  const bool costly_alive = model.kind == PurchaseModelKind::kParetoNbd;
  std::unordered_map<TimeKey, std::uint32_t, TimeKeyHash> group_ids, row_ids;
  std::vector<TimeKey> groups, rows;
  std::vector<std::uint32_t> group_of(n), row_of(costly_alive ? n : 0);
  for (std::size_t i = 0; i < n; ++i) {
    const TimeKey group{data.frequency[i], data.age[i], 0};
    const auto [it, added] =
        group_ids.try_emplace(group, static_cast<std::uint32_t>(groups.size()));
    if (added) groups.push_back(group);
    group_of[i] = it->second;
    if (costly_alive) {
      const TimeKey row{data.frequency[i], data.age[i], data.recency[i]};
      const auto [row_it, row_added] =
          row_ids.try_emplace(row, static_cast<std::uint32_t>(rows.size()));
      if (row_added) rows.push_back(row);
      row_of[i] = row_it->second;
    }
  }
  // Per group: purchases expected over the horizon and their discounted sum
  // if alive.
  std::vector<double> group_purchases(groups.size());
  std::vector<double> group_discounted(groups.size());
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, groups.size(), 16),
      [&](const tbb::blocked_range<std::size_t>& range) {
        std::vector<double> if_alive(steps + 1, 0.0);
        for (std::size_t g = range.begin(); g < range.end(); ++g) {
          for (int k = 1; k <= steps; ++k) {
            if_alive[k] = ExpectedPurchasesIfAlive(model, groups[g].x,
                                                   groups[g].age, step_end[k]);
          }
          double discounted = 0;
          for (int k = 1; k <= steps; ++k) {
            discounted += (if_alive[k] - if_alive[k - 1]) * discount[k];
          }
          group_purchases[g] = if_alive[steps];
          group_discounted[g] = discounted;
        }
      });
  std::vector<double> row_alive(rows.size());
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, rows.size(), 64),
      [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t r = range.begin(); r < range.end(); ++r) {
          row_alive[r] =
              ProbabilityAlive(model, rows[r].x, rows[r].t_x, rows[r].age);
        }
      });
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, n, 4096),
      [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t i = range.begin(); i < range.end(); ++i) {
          const double alive =
              costly_alive ? row_alive[row_of[i]]
                           : ProbabilityAlive(model, data.frequency[i],
                                              data.recency[i], data.age[i]);
          const std::uint32_t g = group_of[i];
          out.probability_alive[i] = alive;
          out.expected_purchases[i] = alive * group_purchases[g];
          if (spend != nullptr) {
            const double per_purchase = GammaGammaExpectedSpend(
                spend->parameters, data.frequency[i], data.monetary_mean[i]);
            out.expected_spend[i] = per_purchase;
            out.lifetime_value[i] =
                options.margin * per_purchase * alive * group_discounted[g];
          }
        }
      });
  return out;
}

}  // namespace vafa::analytics::clv
