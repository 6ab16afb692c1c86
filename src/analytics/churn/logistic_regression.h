// L2-regularised logistic regression fitted by Newton's method (iteratively
// reweighted least squares): the transparent baseline the churn models are
// compared with.
//
// Inputs are a row-major float matrix with NaN for missing values. Each
// column is put on a common scale first: x -> sign(x) log(1 + |x|) (counts,
// days and money are heavy-tailed), then standardised with the training
// mean and deviation; a missing value becomes the mean (0) and the column
// gets a missing-indicator column beside it when any training value was
// missing. The intercept is not penalised.
#ifndef VAFA_ANALYTICS_CHURN_LOGISTIC_REGRESSION_H_
#define VAFA_ANALYTICS_CHURN_LOGISTIC_REGRESSION_H_

#include <cstdint>
#include <vector>

#include "core/result.h"

namespace vafa::analytics::churn {

struct LogisticOptions {
  double l2 = 1.0;  // penalty on the squared weights (standardised scale)
  int max_iterations = 25;
  double tolerance = 1e-8;  // on the change of the mean log-likelihood
  // Threads for the sums over the rows; every sum adds its terms in row
  // order on any number of them, so the fit is the same bit for bit.
  int threads = 1;
};

class LogisticRegression {
 public:
  // `rows` of `x` (cols each) with `label` 1/0. Fails on no rows, one class
  // only, or a singular system.
  static Result<LogisticRegression> Fit(const std::vector<float>& x,
                                        int64_t rows, int cols,
                                        const std::vector<uint8_t>& label,
                                        const LogisticOptions& options = {});
  // The same with a positive weight per row (a row of weight 2 counts as
  // two copies of it); an empty `weight` weighs every row 1.
  static Result<LogisticRegression> FitWeighted(
      const std::vector<float>& x, int64_t rows, int cols,
      const std::vector<uint8_t>& label, const std::vector<float>& weight,
      const LogisticOptions& options = {});
  // P(label = 1) for one row of `cols` values.
  double Predict(const float* row) const;
  std::vector<double> PredictAll(const std::vector<float>& x, int64_t rows,
                                 int threads = 1) const;
  // Per row, each input column's contribution to the log-odds (its weight
  // times its standardised value, plus its missing indicator's weight when
  // missing), cols + 1 per row: the last is the intercept. They sum to the
  // row's log-odds, as the trees' SHAP values do (boosted_trees.h).
  std::vector<float> Contributions(const std::vector<float>& x,
                                   int64_t rows) const;

  int iterations() const { return iterations_; }
  // Weight of each input column on the standardised scale (without the
  // missing indicators), for explanations.
  const std::vector<double>& weights() const { return weights_; }
  double intercept() const { return intercept_; }

 private:
  // The model's inputs for one row: standardised columns then indicators.
  void Design(const float* row, std::vector<double>& out) const;
  // The fit's objective at `beta` (design weights, the intercept last).
  double PenalisedLogLikelihood(const std::vector<float>& x, int64_t rows,
                                const std::vector<uint8_t>& label,
                                const std::vector<float>& weight,
                                const std::vector<double>& beta, double l2,
                                int threads) const;
  // One Newton step's log-likelihood, gradient and Hessian (lower
  // triangle) at `beta`, each summed over the rows in row order.
  void NewtonSums(const std::vector<float>& x, int64_t rows,
                  const std::vector<uint8_t>& label,
                  const std::vector<float>& weight,
                  const std::vector<double>& beta, int threads,
                  std::vector<double>& hessian, std::vector<double>& gradient,
                  double& log_likelihood) const;

  int cols_ = 0;
  std::vector<double> mean_, scale_;
  std::vector<int> indicator_;   // per column: its indicator's index or -1
  int width_ = 0;                // design columns, without the intercept
  std::vector<double> weights_;  // on the design columns
  double intercept_ = 0;
  int iterations_ = 0;
};

}  // namespace vafa::analytics::churn

#endif  // VAFA_ANALYTICS_CHURN_LOGISTIC_REGRESSION_H_
