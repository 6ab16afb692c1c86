// Simulates purchase histories from a purchase model with known parameters,
// for parameter-recovery tests and benchmarks: each customer draws its
// purchase rate lambda ~ Gamma(r, alpha) and its dropout (p ~ Beta(a, b) for
// BG/NBD and MBG/NBD, or an exponential lifetime with mu ~ Gamma(s, beta) for
// Pareto/NBD), then purchases as a Poisson process from its first purchase at
// time 0 until it drops out or its age T is reached. With a Gamma-Gamma model
// each repeat purchase also gets a value z ~ Gamma(p, nu), nu ~ Gamma(q,
// gamma).
//
// Deterministic for a given seed (std::mt19937_64 and libstdc++'s
// distributions); O(customers + purchases).
#ifndef VAFA_ANALYTICS_CLV_PURCHASE_SIMULATOR_H_
#define VAFA_ANALYTICS_CLV_PURCHASE_SIMULATOR_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "analytics/clv/gamma_gamma.h"
#include "analytics/clv/purchase_model.h"
#include "analytics/clv/repeat_purchase_data.h"

namespace vafa::analytics::clv {

struct SimulationSpec {
  PurchaseModelKind kind = PurchaseModelKind::kBgNbd;
  std::array<double, 4> parameters{};         // as in PurchaseModel::parameters
  std::optional<GammaGammaParameters> spend;  // fills monetary_mean if set
  std::uint64_t seed = 1;
  // When true, purchase times are truncated to whole time units and
  // purchases falling on one unit count once, as a log of purchase days
  // summarised in days does.
  bool whole_units = false;
};

// One row per entry of `ages` (each T > 0, in the model's time unit).
RepeatPurchaseData SimulateRepeatPurchases(const SimulationSpec& spec,
                                           std::span<const double> ages);

}  // namespace vafa::analytics::clv

#endif  // VAFA_ANALYTICS_CLV_PURCHASE_SIMULATOR_H_
