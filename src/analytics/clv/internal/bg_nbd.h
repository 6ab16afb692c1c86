// BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way",
// Marketing Science 24(2)) and its modification MBG/NBD (Batislam, Denizel &
// Filiztekin 2007, IJRM 24(3)): while alive a customer buys at Poisson rate
// lambda ~ Gamma(r, alpha); after each repeat purchase (BG/NBD) or after
// every purchase including the first (MBG/NBD) the customer drops out with
// probability p ~ Beta(a, b).
//
// All functions are pure and thread-safe; times are in one unit (see
// time_unit.h). The per-customer functions work in log space and stay finite
// for customers with zero or thousands of repeat purchases.
#ifndef VAFA_ANALYTICS_CLV_BG_NBD_H_
#define VAFA_ANALYTICS_CLV_BG_NBD_H_

#include <array>

#include "analytics/clv/repeat_purchase_data.h"

namespace vafa::analytics::clv {

enum class DropoutTiming {
  kAfterRepeatPurchases,  // BG/NBD
  kAfterEveryPurchase,    // MBG/NBD
};

struct BgNbdParameters {
  double r = 0;
  double alpha = 0;
  double a = 0;
  double b = 0;
};

// One customer's log-likelihood (FHL 2005 eq. 6; the MBG/NBD analogue in
// Batislam et al. 2007) and, if `gradient` is not null, its derivatives in
// (r, alpha, a, b).
double BgNbdCustomerLogLikelihood(DropoutTiming timing,
                                  const BgNbdParameters& params, double x,
                                  double t_x, double age,
                                  std::array<double, 4>* gradient);

// The sum over customers (weighted by CompressedPurchaseData::weight), with
// x-only terms evaluated once per distinct x and rows summed in parallel.
double BgNbdTotalLogLikelihood(DropoutTiming timing,
                               const BgNbdParameters& params,
                               const CompressedPurchaseData& data,
                               std::array<double, 4>* gradient);

// P(alive at age | x, t_x) (Fader, Hardie & Lee, "Computing P(alive)
// using the BG/NBD model"); 1 for
// BG/NBD customers without repeat purchases.
double BgNbdProbabilityAlive(DropoutTiming timing,
                             const BgNbdParameters& params, double x,
                             double t_x, double age);

// Expected purchases in (age, age + t] given (x, t_x, age) (FHL 2005 eq. 10).
double BgNbdConditionalExpectedPurchases(DropoutTiming timing,
                                         const BgNbdParameters& params,
                                         double x, double t_x, double age,
                                         double t);

// Expected purchases in (age, age + t] if the customer is alive at `age`
// (the conditional expectation without its P(alive) factor).
double BgNbdExpectedPurchasesIfAlive(DropoutTiming timing,
                                     const BgNbdParameters& params, double x,
                                     double age, double t);

// Expected repeat purchases in the first t units after a customer's first
// purchase, for a customer drawn at random (FHL 2005 eq. 9).
double BgNbdExpectedPurchases(DropoutTiming timing,
                              const BgNbdParameters& params, double t);

}  // namespace vafa::analytics::clv

#endif  // VAFA_ANALYTICS_CLV_BG_NBD_H_
