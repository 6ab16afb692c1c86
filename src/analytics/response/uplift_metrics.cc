#include "analytics/response/uplift_metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace vafa::analytics::response {

std::vector<int64_t> RankByScore(const std::vector<double>& score) {
  std::vector<int64_t> order(score.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&score](int64_t a, int64_t b) {
    return score[a] > score[b];
  });
  return order;
}

QiniCurve ComputeQini(const std::vector<double>& score,
                      const std::vector<uint8_t>& treated,
                      const std::vector<uint8_t>& bought) {
  QiniCurve curve;
  curve.points.push_back({0, 0.0});
  const std::vector<int64_t> order = RankByScore(score);
  const int64_t n = static_cast<int64_t>(order.size());
  int64_t nt = 0, nc = 0, rt = 0, rc = 0;
  for (int64_t at = 0; at < n;) {
    const double block_score = score[order[at]];
    for (; at < n && score[order[at]] == block_score; ++at) {
      const int64_t i = order[at];
      if (treated[i] != 0) {
        ++nt;
        rt += bought[i] != 0;
      } else {
        ++nc;
        rc += bought[i] != 0;
      }
    }
    const double control_term =
        nc > 0 ? static_cast<double>(rc) * nt / static_cast<double>(nc) : 0.0;
    curve.points.push_back({at, static_cast<double>(rt) - control_term});
  }
  if (n == 0) return curve;
  double area = 0;
  for (size_t k = 1; k < curve.points.size(); ++k) {
    const QiniPoint& a = curve.points[k - 1];
    const QiniPoint& b = curve.points[k];
    area += 0.5 * (a.incremental + b.incremental) *
            static_cast<double>(b.targeted - a.targeted);
  }
  const double random_area =
      0.5 * static_cast<double>(n) * curve.points.back().incremental;
  curve.coefficient = (area - random_area) / static_cast<double>(n);
  return curve;
}

std::array<UpliftDecile, 10> UpliftByDecile(
    const std::vector<double>& score, const std::vector<uint8_t>& treated,
    const std::vector<uint8_t>& bought) {
  std::array<UpliftDecile, 10> deciles{};
  const std::vector<int64_t> order = RankByScore(score);
  const int64_t n = static_cast<int64_t>(order.size());
  int64_t at = 0;
  for (int64_t d = 0; d < 10; ++d) {
    const int64_t size = n / 10 + (d < n % 10 ? 1 : 0);
    UpliftDecile& decile = deciles[d];
    double sum = 0;
    for (int64_t k = 0; k < size; ++k, ++at) {
      const int64_t i = order[at];
      sum += score[i];
      if (treated[i] != 0) {
        ++decile.treated;
        decile.treated_bought += bought[i] != 0;
      } else {
        ++decile.control;
        decile.control_bought += bought[i] != 0;
      }
    }
    decile.mean_score = size > 0 ? sum / static_cast<double>(size) : NAN;
    decile.treated_rate =
        decile.treated > 0
            ? static_cast<double>(decile.treated_bought) / decile.treated
            : NAN;
    decile.control_rate =
        decile.control > 0
            ? static_cast<double>(decile.control_bought) / decile.control
            : NAN;
    decile.uplift = decile.treated_rate - decile.control_rate;
  }
  return deciles;
}

}  // namespace vafa::analytics::response
