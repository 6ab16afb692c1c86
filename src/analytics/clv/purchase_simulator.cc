#include "analytics/clv/purchase_simulator.h"

#include <cmath>
#include <limits>
#include <random>

namespace vafa::analytics::clv {
namespace {

double DrawGamma(std::mt19937_64& rng, double shape, double rate) {
  return std::gamma_distribution<double>(shape, 1 / rate)(rng);
}

double DrawBeta(std::mt19937_64& rng, double a, double b) {
  const double x = DrawGamma(rng, a, 1);
  const double y = DrawGamma(rng, b, 1);
  return x / (x + y);
}

}  // namespace

RepeatPurchaseData SimulateRepeatPurchases(const SimulationSpec& spec,
                                           std::span<const double> ages) {
  std::mt19937_64 rng(spec.seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const auto& p = spec.parameters;
  RepeatPurchaseData out;
  out.frequency.reserve(ages.size());
  out.recency.reserve(ages.size());
  out.age.reserve(ages.size());
  for (double age : ages) {
    const double lambda = DrawGamma(rng, p[0], p[1]);
    double dropout = 0;  // BG family: probability after each purchase
    double death = std::numeric_limits<double>::infinity();  // Pareto/NBD
    bool alive = true;
    if (spec.kind == PurchaseModelKind::kParetoNbd) {
      const double mu = DrawGamma(rng, p[2], p[3]);
      death = std::exponential_distribution<double>(mu)(rng);
    } else {
      dropout = DrawBeta(rng, p[2], p[3]);
      if (spec.kind == PurchaseModelKind::kMbgNbd) {
        alive = uniform(rng) >= dropout;
      }
    }
    double nu = 0;
    if (spec.spend) nu = DrawGamma(rng, spec.spend->q, spec.spend->gamma);
    double t = 0, x = 0, t_x = 0, spend = 0, last_unit = 0;
    std::exponential_distribution<double> gap(lambda);
    while (alive) {
      t += gap(rng);
      if (t > age || t > death) break;
      const double when = spec.whole_units ? std::floor(t) : t;
      const bool new_purchase = !spec.whole_units || (when > last_unit);
      if (new_purchase) {
        x += 1;
        t_x = when;
        last_unit = when;
        if (spec.spend) spend += DrawGamma(rng, spec.spend->p, nu);
      }
      if (spec.kind != PurchaseModelKind::kParetoNbd &&
          uniform(rng) < dropout) {
        alive = false;
      }
    }
    out.frequency.push_back(x);
    out.recency.push_back(t_x);
    out.age.push_back(age);
    if (spec.spend) out.monetary_mean.push_back(x > 0 ? spend / x : 0.0);
  }
  return out;
}

}  // namespace vafa::analytics::clv
