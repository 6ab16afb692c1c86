// How well a risk score ranks the customers who then churned: the area
// under the ROC curve, precision and recall in the top decile, and the lift
// of each decile (share of churners in the decile / share overall).
//
// AUC is the Mann-Whitney statistic: the probability that a random churner
// scores above a random stayer, ties counting one half (average ranks).
// Deciles are by score, highest first; the first n mod 10 deciles hold one
// customer more, and customers are ordered by (score descending, index) so
// the split is deterministic.
#ifndef VAFA_ANALYTICS_CHURN_CLASSIFIER_METRICS_H_
#define VAFA_ANALYTICS_CHURN_CLASSIFIER_METRICS_H_

#include <array>
#include <cstdint>
#include <vector>

namespace vafa::analytics::churn {

struct ClassifierMetrics {
  int64_t examples = 0;
  int64_t positives = 0;
  double auc = 0;  // NaN when only one class is present
  double top_decile_precision = 0;
  double top_decile_recall = 0;
  std::array<double, 10> lift{};  // decile 1 (highest scores) first
  std::array<int64_t, 10> decile_size{};
  std::array<int64_t, 10> decile_positives{};
};

// `score` and `label` (1 = churned) have one entry per example.
ClassifierMetrics EvaluateClassifier(const std::vector<double>& score,
                                     const std::vector<uint8_t>& label);

// The AUC alone.
double AreaUnderRoc(const std::vector<double>& score,
                    const std::vector<uint8_t>& label);

}  // namespace vafa::analytics::churn

#endif  // VAFA_ANALYTICS_CHURN_CLASSIFIER_METRICS_H_
