// Gradient-boosted trees for a binary label through XGBoost's C API
// (Debian's libxgboost-dev): the learned churn model. Histogram trees,
// logistic loss; missing values (NaN) go the way each split learned.
#ifndef VAFA_ANALYTICS_CHURN_BOOSTED_TREES_H_
#define VAFA_ANALYTICS_CHURN_BOOSTED_TREES_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "core/result.h"

namespace vafa::analytics::churn {

struct BoostedTreesOptions {
  int rounds = 80;
  int max_depth = 4;
  double learning_rate = 0.1;
  double subsample = 0.8;
  double min_child_weight = 5;
  int threads = 0;  // 0: all cores
  uint64_t seed = 1;
};

class BoostedTrees {
 public:
  ~BoostedTrees();
  BoostedTrees(BoostedTrees&&) noexcept;
  BoostedTrees& operator=(BoostedTrees&&) noexcept;

  // Trains on `rows` of `x` (row-major, cols each, NaN = missing) with
  // `label` 1/0.
  // `weight`, when not empty, gives each row a positive weight (a row of
  // weight 2 counts as two copies of it).
  static Result<BoostedTrees> Train(const std::vector<float>& x, int64_t rows,
                                    int cols, const std::vector<uint8_t>& label,
                                    const BoostedTreesOptions& options = {},
                                    const std::vector<float>& weight = {});
  // P(label = 1) per row.
  Result<std::vector<double>> Predict(const std::vector<float>& x,
                                      int64_t rows) const;
  // Per row, each column's contribution to the log-odds (SHAP values,
  // cols + 1 per row: the last is the bias).
  Result<std::vector<float>> Contributions(const std::vector<float>& x,
                                           int64_t rows) const;

 private:
  BoostedTrees() = default;
  // XGBoosterPredict with `option_mask` (0: probabilities, 4: contributions).
  Result<std::vector<float>> Run(const std::vector<float>& x, int64_t rows,
                                 int option_mask) const;
  void* booster_ = nullptr;
  int cols_ = 0;
  int threads_ = 0;
};

}  // namespace vafa::analytics::churn

#endif  // VAFA_ANALYTICS_CHURN_BOOSTED_TREES_H_
