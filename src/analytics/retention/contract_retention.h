// Retention of contractual customers (subscriptions, policies, accounts),
// who leave visibly by not renewing: the shifted-beta-geometric model (sBG;
// Fader & Hardie 2007, "How to project customer retention", Journal of
// Interactive Marketing 21(1)) and its beta-discrete-Weibull extension (BdW;
// Fader, Hardie, Liu, Davin & Steenburgh 2018, "How to project customer
// retention" revisited: the role of duration dependence", JIM 43).
//
// Time is counted in whole renewal periods. T is the period in which a
// contract ends: a contract that starts at time 0 and renews at the end of
// periods 1..k, then lapses, has T = k + 1. Each contract has its own churn
// probability theta ~ Beta(alpha, beta); under BdW the chance of surviving t
// periods is (1 - theta)^(t^c), so c < 1 means churn falls with tenure
// (beyond the fall that heterogeneity alone explains) and c > 1 that it
// rises; c = 1 is sBG. Averaged over theta:
//
//   S(t) = P(T > t) = B(alpha, beta + t^c) / B(alpha, beta),
//   P(T = t) = S(t - 1) - S(t).
//
// All functions are pure and thread-safe.
#ifndef VAFA_ANALYTICS_RETENTION_CONTRACT_RETENTION_H_
#define VAFA_ANALYTICS_RETENTION_CONTRACT_RETENTION_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vafa::analytics::retention {

enum class RetentionModel {
  kShiftedBetaGeometric,  // sBG: alpha, beta
  kBetaDiscreteWeibull,   // BdW: alpha, beta, c
};

// "sbg" / "bdw".
std::string_view RetentionModelName(RetentionModel model);

struct RetentionParameters {
  double alpha = 1;
  double beta = 1;
  double c = 1;  // 1 under sBG
};

// What was observed of a group of contracts, in renewal periods.
struct RetentionData {
  // ended[t - 1]: contracts that ended in period t (T = t), t >= 1.
  std::vector<double> ended;
  // active[t - 1]: contracts observed for t periods and still active at the
  // end of period t (T > t, right-censored), t >= 1.
  std::vector<double> active;
  double Contracts() const;
};

// A cohort's counts alive at times 0, 1, ..., n (alive[0] contracts started
// together; alive[t] of them renewed t times). Fails when there are fewer
// than two counts, a count is negative, the first is zero, or a count grows
// (the message names the position, counting from 0).
Result<RetentionData> RetentionDataFromAliveCounts(
    std::span<const int64_t> alive);

// S(t) = P(T > t) for t >= 0 (S(0) = 1); t need not be whole.
double Survival(const RetentionParameters& parameters, double t);

// S(t) / S(t - 1): the share of contracts active through period t - 1 that
// renew again at the end of period t (t >= 1).
double RetentionRate(const RetentionParameters& parameters, int64_t t);

// The log-likelihood of `data` and, when `gradient` is not null, its
// derivatives in (alpha, beta) for sBG or (alpha, beta, c) for BdW.
double RetentionLogLikelihood(RetentionModel model,
                              const RetentionParameters& parameters,
                              const RetentionData& data,
                              std::vector<double>* gradient);

struct RetentionFit {
  RetentionModel model = RetentionModel::kShiftedBetaGeometric;
  RetentionParameters parameters;
  // Standard errors of alpha, beta (and c); NaN when the information
  // matrix is not definite.
  std::vector<double> standard_errors;
  double log_likelihood = 0;
  int evaluations = 0;
};

// Maximum-likelihood fit. Fails with kInvalidArgument when `data` has no
// contract or no ended contract is observed (no churn, nothing to fit) and
// kInternal when the optimiser fails.
Result<RetentionFit> FitRetention(RetentionModel model,
                                  const RetentionData& data);

// Expected discounted residual lifetime (Fader & Hardie 2010, "Customer-base
// valuation in a contractual setting: the perils of ignoring
// heterogeneity", Marketing Science 29(1)): for a contract that has renewed
// `renewals` times (T > renewals) and whose next renewal is due now, the
// expected number of future payments, the one due now counted in full and
// each later one discounted by (1 + discount) per period:
//
//   DERL = sum_{k >= 0} S(renewals + 1 + k) / S(renewals) / (1 + discount)^k
//
// (for sBG, (beta + n - 1)/(alpha + beta + n - 1) 2F1(1, beta + n; alpha +
// beta + n; 1/(1 + d)) with n = renewals + 1). `discount` must be > 0; the
// sum is taken until its terms fall below 1e-12 of it.
double DiscountedExpectedResidualLifetime(const RetentionParameters& parameters,
                                          int64_t renewals, double discount);

// The smallest k >= 1 with S(renewals + k) <= S(renewals) / 2: the median
// number of further periods a contract that has renewed `renewals` times
// stays; -1 when that is beyond `limit` periods.
int64_t MedianResidualPeriods(const RetentionParameters& parameters,
                              int64_t renewals, int64_t limit = 100'000);

}  // namespace vafa::analytics::retention

#endif  // VAFA_ANALYTICS_RETENTION_CONTRACT_RETENTION_H_
