#include "analytics/churn/classifier_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace vafa::analytics::churn {
namespace {

// Indices by score, highest first, ties in index order.
std::vector<int64_t> OrderByScoreDescending(const std::vector<double>& score) {
  std::vector<int64_t> order(score.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int64_t a, int64_t b) { return score[a] > score[b]; });
  return order;
}

// The Mann-Whitney AUC from the examples in descending score order: the
// positives' ranks counted from the lowest score, ties sharing their
// average rank.
double AucOfOrder(const std::vector<double>& score,
                  const std::vector<uint8_t>& label,
                  const std::vector<int64_t>& order) {
  const auto n = static_cast<int64_t>(order.size());
  double rank_sum = 0;
  int64_t positives = 0;
  for (int64_t i = 0; i < n;) {
    int64_t j = i;
    while (j < n && score[order[j]] == score[order[i]]) ++j;
    // Places i..j-1 from the top are ranks n-j+1..n-i from the bottom.
    const double average_rank = static_cast<double>((n - j + 1) + (n - i)) / 2;
    for (int64_t k = i; k < j; ++k) {
      if (label[order[k]] != 0) {
        rank_sum += average_rank;
        ++positives;
      }
    }
    i = j;
  }
  const int64_t negatives = n - positives;
  if (positives == 0 || negatives == 0)
    return std::numeric_limits<double>::quiet_NaN();
  const double p = static_cast<double>(positives);
  return (rank_sum - p * (p + 1) / 2.0) / (p * static_cast<double>(negatives));
}

}  // namespace

double AreaUnderRoc(const std::vector<double>& score,
                    const std::vector<uint8_t>& label) {
  return AucOfOrder(score, label, OrderByScoreDescending(score));
}

ClassifierMetrics EvaluateClassifier(const std::vector<double>& score,
                                     const std::vector<uint8_t>& label) {
  ClassifierMetrics m;
  m.examples = static_cast<int64_t>(score.size());
  for (uint8_t l : label) m.positives += l != 0;
  // One sort serves the AUC and the deciles.
  const std::vector<int64_t> order = OrderByScoreDescending(score);
  m.auc = AucOfOrder(score, label, order);
  if (m.examples == 0) return m;
  const double base =
      static_cast<double>(m.positives) / static_cast<double>(m.examples);
  int64_t at = 0;
  for (int d = 0; d < 10; ++d) {
    const int64_t size = m.examples / 10 + (d < m.examples % 10 ? 1 : 0);
    int64_t positives = 0;
    for (int64_t k = at; k < at + size; ++k) positives += label[order[k]] != 0;
    at += size;
    m.decile_size[d] = size;
    m.decile_positives[d] = positives;
    m.lift[d] =
        size > 0 && base > 0 ? static_cast<double>(positives) / size / base : 0;
  }
  if (m.decile_size[0] > 0) {
    m.top_decile_precision =
        static_cast<double>(m.decile_positives[0]) / m.decile_size[0];
  }
  if (m.positives > 0) {
    m.top_decile_recall =
        static_cast<double>(m.decile_positives[0]) / m.positives;
  }
  return m;
}

}  // namespace vafa::analytics::churn
