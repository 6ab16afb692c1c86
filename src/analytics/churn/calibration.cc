#include "analytics/churn/calibration.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace vafa::analytics::churn {
namespace {

constexpr double kRidge = 1e-6;

double Sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// The negative log-likelihood plus the ridge at (a, b).
double Loss(const std::vector<double>& z, const std::vector<uint8_t>& y,
            double a, double b) {
  double loss = kRidge * (a * a + b * b) / 2;
  for (size_t i = 0; i < z.size(); ++i) {
    const double t = a * z[i] + b;
    // log(1 + e^t) - y t, written to stay finite for large |t|.
    loss += std::max(t, 0.0) + std::log1p(std::exp(-std::fabs(t))) -
            (y[i] != 0 ? t : 0.0);
  }
  return loss;
}

// Newton's method on (a, b), or on b alone when `fix_slope_at_zero`.
PlattScaling Newton(const std::vector<double>& z, const std::vector<uint8_t>& y,
                    bool fix_slope_at_zero) {
  double a = fix_slope_at_zero ? 0.0 : 1.0, b = 0;
  double loss = Loss(z, y, a, b);
  for (int iteration = 0; iteration < 100; ++iteration) {
    double ga = kRidge * a, gb = kRidge * b;
    double haa = kRidge, hab = 0, hbb = kRidge;
    for (size_t i = 0; i < z.size(); ++i) {
      const double p = Sigmoid(a * z[i] + b);
      const double r = p - (y[i] != 0 ? 1.0 : 0.0);
      const double w = p * (1 - p);
      ga += r * z[i];
      gb += r;
      haa += w * z[i] * z[i];
      hab += w * z[i];
      hbb += w;
    }
    double da = 0, db = 0;
    if (fix_slope_at_zero) {
      db = -gb / hbb;
    } else {
      const double det = haa * hbb - hab * hab;
      if (!(det > 0)) break;
      da = -(hbb * ga - hab * gb) / det;
      db = -(haa * gb - hab * ga) / det;
    }
    // Step halving keeps every step a descent.
    double step = 1;
    double next = Loss(z, y, a + da, b + db);
    while (next > loss && step > 1e-8) {
      step /= 2;
      next = Loss(z, y, a + step * da, b + step * db);
    }
    if (next > loss) break;
    a += step * da;
    b += step * db;
    const bool converged = loss - next < 1e-12 * (1 + std::fabs(loss));
    loss = next;
    if (converged) break;
  }
  return {a, b, true};
}

}  // namespace

double PlattScaling::Apply(double score) const {
  // Unfitted, a = 1 and b = 0: the score's own logistic (NaN stays NaN).
  return Sigmoid(slope * score + intercept);
}

PlattScaling FitPlattScaling(const std::vector<double>& score,
                             const std::vector<uint8_t>& label) {
  const auto positives = std::count_if(label.begin(), label.end(),
                                       [](uint8_t y) { return y != 0; });
  if (score.empty() || positives == 0 ||
      positives == static_cast<std::ptrdiff_t>(label.size())) {
    return {};
  }
  PlattScaling fit = Newton(score, label, false);
  if (!(fit.slope > 0)) fit = Newton(score, label, true);
  return fit;
}

Calibration MeasureCalibration(const std::vector<double>& risk,
                               const std::vector<uint8_t>& label) {
  Calibration out;
  const auto n = static_cast<int64_t>(risk.size());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (n == 0) {
    out.brier = nan;
    for (ReliabilityBin& bin : out.deciles) bin = {0, nan, nan};
    return out;
  }
  double squared = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double miss = risk[i] - (label[i] != 0 ? 1.0 : 0.0);
    squared += miss * miss;
  }
  out.brier = squared / static_cast<double>(n);
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int64_t a, int64_t b) { return risk[a] > risk[b]; });
  int64_t at = 0;
  for (int d = 0; d < 10; ++d) {
    const int64_t size = n / 10 + (d < n % 10 ? 1 : 0);
    ReliabilityBin& bin = out.deciles[d];
    bin.count = size;
    double predicted = 0, churned = 0;
    for (int64_t k = at; k < at + size; ++k) {
      predicted += risk[order[k]];
      churned += label[order[k]] != 0 ? 1 : 0;
    }
    at += size;
    bin.mean_predicted = size > 0 ? predicted / size : nan;
    bin.observed_rate = size > 0 ? churned / size : nan;
  }
  return out;
}

}  // namespace vafa::analytics::churn
