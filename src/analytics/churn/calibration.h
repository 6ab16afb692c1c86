// Whether a churn risk is a probability, and making the rule model's one:
// the Brier score, the reliability table by decile, and Platt scaling.
//
// Brier score: the mean of (p - y)^2 over the examples (0 is perfect; a
// model that always says the base rate r scores r (1 - r)).
// Reliability table: the examples in deciles of the predicted risk (the
// same deciles as the lift: highest risk first, the first n mod 10 deciles
// one example larger), each with the mean predicted risk, the observed
// churn rate and the count; a calibrated model has the two close.
// Platt scaling (Platt 1999, "Probabilistic outputs for support vector
// machines", eq. 1): p = 1 / (1 + exp(-(a z + b))) on a score z, with a, b
// the maximum-likelihood fit on labelled examples (Newton's method on the
// two parameters, a ridge of 1e-6 so separable data still converge). The
// slope is kept at or above 0: a score that ranks backwards on the data is
// not turned round, it is reduced to the base rate (a = 0).
// Pure functions, O(n log n) for the table, O(n) per Newton step.
#ifndef VAFA_ANALYTICS_CHURN_CALIBRATION_H_
#define VAFA_ANALYTICS_CHURN_CALIBRATION_H_

#include <array>
#include <cstdint>
#include <vector>

namespace vafa::analytics::churn {

struct ReliabilityBin {
  int64_t count = 0;
  double mean_predicted = 0;  // NaN for an empty decile
  double observed_rate = 0;   // NaN for an empty decile
};

struct Calibration {
  double brier = 0;                          // NaN with no example
  std::array<ReliabilityBin, 10> deciles{};  // highest risk first
};

// `risk` in [0, 1] and `label` (1 = churned), one entry per example.
Calibration MeasureCalibration(const std::vector<double>& risk,
                               const std::vector<uint8_t>& label);

struct PlattScaling {
  double slope = 1;      // a
  double intercept = 0;  // b
  bool fitted = false;   // false: a = 1, b = 0 (no example, or one class)
  // The probability for a score: 1 / (1 + exp(-(a score + b))).
  double Apply(double score) const;
};

// Fits a, b on scores `score` (log-odds, any real) with labels `label`.
PlattScaling FitPlattScaling(const std::vector<double>& score,
                             const std::vector<uint8_t>& label);

}  // namespace vafa::analytics::churn

#endif  // VAFA_ANALYTICS_CHURN_CALIBRATION_H_
