#include "analytics/clv/internal/bg_nbd.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "analytics/clv/internal/row_sum.h"
#include "analytics/clv/special_functions.h"

namespace vafa::analytics::clv {
namespace {

// MBG/NBD is BG/NBD with the dropout coin tossed once more (at the first
// purchase): the Beta terms see x + 1 tosses survived and a dropout term is
// present for every customer.
double Tosses(DropoutTiming timing, double x) {
  return timing == DropoutTiming::kAfterEveryPurchase ? x + 1 : x;
}

// The terms of the log-likelihood that depend on x only.
struct FrequencyTerms {
  double constant = 0;
  double d_r = 0, d_a = 0, d_b = 0;
  bool has_dropout_term = false;
  double log_dropout_coefficient = 0;  // ln(a / (b + tosses - 1))
  double d_b_dropout = 0;              // -1 / (b + tosses - 1)
};

FrequencyTerms TermsFor(DropoutTiming timing, const BgNbdParameters& p,
                        double x) {
  const double tosses = Tosses(timing, x);
  FrequencyTerms f;
  // ln[Gamma(r + x) alpha^r / Gamma(r)] + ln[B(a, b + tosses) / B(a, b)].
  f.constant = LogGamma(p.r + x) - LogGamma(p.r) + p.r * std::log(p.alpha) +
               LogGamma(p.a + p.b) + LogGamma(p.b + tosses) - LogGamma(p.b) -
               LogGamma(p.a + p.b + tosses);
  f.d_r = Digamma(p.r + x) - Digamma(p.r) + std::log(p.alpha);
  f.d_a = Digamma(p.a + p.b) - Digamma(p.a + p.b + tosses);
  f.d_b = Digamma(p.a + p.b) + Digamma(p.b + tosses) - Digamma(p.b) -
          Digamma(p.a + p.b + tosses);
  f.has_dropout_term = tosses > 0;
  if (f.has_dropout_term) {
    // B(a + 1, b + tosses - 1) / B(a, b + tosses) = a / (b + tosses - 1).
    f.log_dropout_coefficient = std::log(p.a) - std::log(p.b + tosses - 1);
    f.d_b_dropout = -1 / (p.b + tosses - 1);
  }
  return f;
}

// ln(alpha + tau) and 1 / (alpha + tau) at one time tau.
struct TimeTerms {
  double log = 0;
  double inverse = 0;
};

TimeTerms TimeTermsAt(const BgNbdParameters& p, double tau) {
  return {std::log(p.alpha + tau), 1 / (p.alpha + tau)};
}

// Adds w * (row log-likelihood, gradient) to sums[0..4].
void AddRow(const FrequencyTerms& f, const BgNbdParameters& p, double x,
            const TimeTerms& at_age, const TimeTerms& at_recency, double w,
            std::array<double, 5>& sums) {
  const double l_alive = -(p.r + x) * at_age.log;
  if (!f.has_dropout_term) {
    sums[0] += w * (f.constant + l_alive);
    sums[1] += w * (f.d_r - at_age.log);
    sums[2] += w * (p.r / p.alpha - (p.r + x) * at_age.inverse);
    sums[3] += w * f.d_a;
    sums[4] += w * f.d_b;
    return;
  }
  const double l_gone = f.log_dropout_coefficient - (p.r + x) * at_recency.log;
  // ln(e^l_alive + e^l_gone) = top + ln(1 + e^(low - top)).
  const bool alive_larger = l_alive >= l_gone;
  const double top = alive_larger ? l_alive : l_gone;
  const double e = std::exp((alive_larger ? l_gone : l_alive) - top);
  const double w_small = e / (1 + e);
  const double w_alive = alive_larger ? 1 - w_small : w_small;
  const double w_gone = 1 - w_alive;
  sums[0] += w * (f.constant + top + std::log1p(e));
  sums[1] += w * (f.d_r - w_alive * at_age.log - w_gone * at_recency.log);
  sums[2] += w * (p.r / p.alpha - (p.r + x) * (w_alive * at_age.inverse +
                                               w_gone * at_recency.inverse));
  sums[3] += w * (f.d_a + w_gone / p.a);
  sums[4] += w * (f.d_b + w_gone * f.d_b_dropout);
}

// ln of the odds (1 - P(alive)) / P(alive); -inf when there is no way the
// customer can have dropped out.
double LogOddsDead(DropoutTiming timing, const BgNbdParameters& p, double x,
                   double t_x, double age) {
  const double tosses = Tosses(timing, x);
  if (tosses <= 0) return -INFINITY;
  return std::log(p.a) - std::log(p.b + tosses - 1) +
         (p.r + x) * (std::log(p.alpha + age) - std::log(p.alpha + t_x));
}

}  // namespace

double BgNbdCustomerLogLikelihood(DropoutTiming timing,
                                  const BgNbdParameters& params, double x,
                                  double t_x, double age,
                                  std::array<double, 4>* gradient) {
  std::array<double, 5> sums{};
  AddRow(TermsFor(timing, params, x), params, x, TimeTermsAt(params, age),
         TimeTermsAt(params, t_x), 1.0, sums);
  if (gradient != nullptr) {
    for (int k = 0; k < 4; ++k) (*gradient)[k] = sums[k + 1];
  }
  return sums[0];
}

double BgNbdTotalLogLikelihood(DropoutTiming timing,
                               const BgNbdParameters& params,
                               const CompressedPurchaseData& data,
                               std::array<double, 4>* gradient) {
  std::vector<FrequencyTerms> terms;
  terms.reserve(data.distinct_frequency.size());
  for (double x : data.distinct_frequency) {
    terms.push_back(TermsFor(timing, params, x));
  }
  // ln(alpha + tau) once per distinct time, when the data lists them.
  std::vector<TimeTerms> times;
  times.reserve(data.distinct_time.size());
  for (double tau : data.distinct_time) {
    times.push_back(TimeTermsAt(params, tau));
  }
  const bool indexed = !data.distinct_time.empty();
  const auto sums = SumOverRows<5>(
      data.size(),
      [&](std::size_t begin, std::size_t end, std::array<double, 5>& acc) {
        for (std::size_t row = begin; row < end; ++row) {
          const TimeTerms at_age = indexed ? times[data.age_time_index[row]]
                                           : TimeTermsAt(params, data.age[row]);
          const TimeTerms at_recency =
              indexed ? times[data.recency_time_index[row]]
                      : TimeTermsAt(params, data.recency[row]);
          AddRow(terms[data.frequency_index[row]], params, data.frequency[row],
                 at_age, at_recency, data.weight[row], acc);
        }
      });
  if (gradient != nullptr) {
    for (int k = 0; k < 4; ++k) (*gradient)[k] = sums[k + 1];
  }
  return sums[0];
}

double BgNbdProbabilityAlive(DropoutTiming timing,
                             const BgNbdParameters& params, double x,
                             double t_x, double age) {
  const double log_odds = LogOddsDead(timing, params, x, t_x, age);
  // 1 / (1 + e^l) written so that neither branch overflows.
  if (log_odds > 0) {
    const double e = std::exp(-log_odds);
    return e / (1 + e);
  }
  return 1 / (1 + std::exp(log_odds));
}

double BgNbdConditionalExpectedPurchases(DropoutTiming timing,
                                         const BgNbdParameters& params,
                                         double x, double t_x, double age,
                                         double t) {
  const double alive = BgNbdProbabilityAlive(timing, params, x, t_x, age);
  if (alive == 0) return 0;
  return alive * BgNbdExpectedPurchasesIfAlive(timing, params, x, age, t);
}

double BgNbdExpectedPurchasesIfAlive(DropoutTiming timing,
                                     const BgNbdParameters& params, double x,
                                     double age, double t) {
  // Given alive at `age`: lambda ~ Gamma(r + x, alpha + age) and
  // p ~ Beta(a, b + tosses).
  return ExpectedPurchasesWhileAlive(params.r + x, params.alpha + age, params.a,
                                     params.b + Tosses(timing, x), t);
}

double BgNbdExpectedPurchases(DropoutTiming timing,
                              const BgNbdParameters& params, double t) {
  if (timing == DropoutTiming::kAfterRepeatPurchases) {
    return ExpectedPurchasesWhileAlive(params.r, params.alpha, params.a,
                                       params.b, t);
  }
  // MBG/NBD: alive after the first purchase with probability 1 - p, which
  // turns Beta(a, b) into b / (a + b) times Beta(a, b + 1).
  return params.b / (params.a + params.b) *
         ExpectedPurchasesWhileAlive(params.r, params.alpha, params.a,
                                     params.b + 1, t);
}

}  // namespace vafa::analytics::clv
