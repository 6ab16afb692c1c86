// The one way from vafa's data to the purchase and spend models' input, used
// by `vafa clv`, the stored analysis, the tracking report and so the API and
// the web UI: so every path fits the same numbers.
//
// - RepeatPurchasesOf: x (repeat purchase days), t_x, T and m_x per customer
//   from the per-customer summary. m_x is the mean value of the repeat
//   purchase days, the first purchase day left out, as the Gamma-Gamma
//   model defines it (Fader, Hardie & Lee 2005b; docs/clv.md); a customer's
//   refunds are never purchases.
// - PurchasesOf: the orders of a log that are purchases (amount >= 0), as
//   the columns a calibration/holdout split reads, so refunds count neither
//   in calibration, nor as holdout purchases, nor in the tracking plot.
//
// Both agree: RepeatPurchasesOf(summary at D) equals the calibration part of
// SplitCalibrationHoldout(PurchasesOf(log), D, D) (a test holds them to it).
#ifndef VAFA_PIPELINE_REPEAT_PURCHASES_H_
#define VAFA_PIPELINE_REPEAT_PURCHASES_H_

#include <cstdint>
#include <vector>

#include "analytics/clv/calibration_holdout.h"
#include "analytics/clv/repeat_purchase_data.h"
#include "analytics/clv/time_unit.h"
#include "analytics/customer_summary.h"
#include "analytics/transaction_log.h"

namespace vafa::pipeline {

struct RepeatPurchaseInput {
  // The summary's customer index of each row: customers with a purchase
  // before as_of (T > 0), in index order.
  std::vector<int32_t> rows;
  analytics::clv::RepeatPurchaseData
      data;  // in `unit`, monetary_mean in minor units
};

RepeatPurchaseInput RepeatPurchasesOf(const analytics::CustomerSummary& summary,
                                      analytics::clv::TimeUnit unit);

// The purchase orders of `log` as columns (they own what PurchaseLog views).
struct PurchaseColumns {
  std::vector<int> customer;
  std::vector<int> day;
  std::vector<double> amount;
  analytics::clv::PurchaseLog View() const { return {customer, day, amount}; }
};

PurchaseColumns PurchasesOf(const analytics::TransactionLog& log);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_REPEAT_PURCHASES_H_
