// Per-customer scores from a fitted purchase model and, optionally, a
// Gamma-Gamma spend model: P(alive), expected purchases over the horizon,
// expected spend per purchase and the discounted customer lifetime value
//
//   CLV = margin * E[spend] * sum_{k=1..K} (E[Y(t_k)] - E[Y(t_(k-1))])
//                                          / (1 + annual_rate)^(t_k / 1 year)
//
// with t_k = k * cash_flow_step, K = horizon / cash_flow_step (the purchases
// expected in each step, valued at the step's end; Fader, Hardie & Lee 2005,
// "RFM and CLV", in discrete time, as lifetimes computes it).
//
// Defaults: a one-year horizon (365.25 days) in monthly steps (365.25 / 12
// days), a 10% annual discount rate, margin 1 (CLV in revenue).
//
// Cost: the expected-purchase profile is computed once per distinct (x, T)
// (and, for Pareto/NBD, P(alive) once per distinct (x, t_x, T)), keys being
// numbered in one serial hashing pass; the scoring runs in parallel (TBB).
// Each customer's scores come from the same arithmetic whatever the thread
// count, so results are deterministic.
#ifndef VAFA_ANALYTICS_CLV_CUSTOMER_VALUE_H_
#define VAFA_ANALYTICS_CLV_CUSTOMER_VALUE_H_

#include <vector>

#include "analytics/clv/gamma_gamma.h"
#include "analytics/clv/purchase_model.h"
#include "analytics/clv/repeat_purchase_data.h"
#include "analytics/clv/time_unit.h"
#include "core/result.h"

namespace vafa::analytics::clv {

struct ClvOptions {
  double horizon_days = 365.25;
  double cash_flow_step_days = 365.25 / 12;
  double annual_discount_rate = 0.10;
  double margin = 1.0;  // share of spend that is value to the business
};

struct CustomerValues {
  std::vector<double> probability_alive;
  std::vector<double> expected_purchases;  // over the horizon
  std::vector<double> expected_spend;      // per purchase; empty without spend
  std::vector<double> lifetime_value;      // empty without a spend model
};

// `data` is in `unit`, the unit `model` was fitted in. `spend` may be null;
// then only P(alive) and expected purchases are scored. Fails on invalid data
// or options (non-positive horizon or step, step longer than the horizon,
// discount rate <= -1, spend model without data.monetary_mean).
Result<CustomerValues> ScoreCustomerValues(const PurchaseModel& model,
                                           const GammaGammaModel* spend,
                                           const RepeatPurchaseData& data,
                                           TimeUnit unit,
                                           const ClvOptions& options = {});

}  // namespace vafa::analytics::clv

#endif  // VAFA_ANALYTICS_CLV_CUSTOMER_VALUE_H_
