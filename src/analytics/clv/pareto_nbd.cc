#include "analytics/clv/internal/pareto_nbd.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <vector>

#include "analytics/clv/internal/row_sum.h"
#include "analytics/clv/special_functions.h"

namespace vafa::analytics::clv {
namespace {

// ln G(tau) = ln 2F1(a, b; a + 1; z(tau)) - a ln(m + tau) with its gradient
// in (r, alpha, s, beta); a = r + s + x, m = max(alpha, beta), and
//   alpha >= beta: b = s + 1, z = (alpha - beta) / (alpha + tau)
//   alpha <  beta: b = r + x, z = (beta - alpha) / (beta + tau)
// (Fader & Hardie 2005 note: the likelihood's cases alpha >= beta and
// alpha < beta).
double LogG(const ParetoNbdParameters& p, double x, double tau,
            std::array<double, 4>& d) {
  const double a = p.r + p.s + x;
  const bool alpha_larger = p.alpha >= p.beta;
  const double m = alpha_larger ? p.alpha : p.beta;
  const double b = alpha_larger ? p.s + 1 : p.r + x;
  const double m_tau = m + tau;
  const double z = std::fabs(p.alpha - p.beta) / m_tau;
  const Hypergeometric2F1Derivatives f = Hypergeometric2F1APlusOne(a, b, z);
  const double log_m_tau = std::log(m_tau);
  const double fa = f.d_a / f.value;
  const double fb = f.d_b / f.value;
  const double fz = f.d_z / f.value;
  double dz_dalpha, dz_dbeta;
  if (alpha_larger) {
    dz_dalpha = (p.beta + tau) / (m_tau * m_tau);
    dz_dbeta = -1 / m_tau;
  } else {
    dz_dalpha = -1 / m_tau;
    dz_dbeta = (p.alpha + tau) / (m_tau * m_tau);
  }
  d[0] = fa + (alpha_larger ? 0 : fb) - log_m_tau;
  d[1] = fz * dz_dalpha - (alpha_larger ? a / m_tau : 0);
  d[2] = fa + (alpha_larger ? fb : 0) - log_m_tau;
  d[3] = fz * dz_dbeta - (alpha_larger ? 0 : a / m_tau);
  return std::log(f.value) - a * log_m_tau;
}

struct FrequencyTerms {
  double constant =
      0;  // ln Gamma(r + x) - ln Gamma(r) + r ln alpha + s ln beta
  double d_r = 0;
};

FrequencyTerms TermsFor(const ParetoNbdParameters& p, double x) {
  return {LogGamma(p.r + x) - LogGamma(p.r) + p.r * std::log(p.alpha) +
              p.s * std::log(p.beta),
          Digamma(p.r + x) - Digamma(p.r) + std::log(p.alpha)};
}

// The bracket of the likelihood, C1 + (s / a) (G(t_x) - G(T)), as
// exp(top) * (c1 + g1 - g2), with the gradient of its log.
struct Bracket {
  double top = 0;
  double c1 = 0, g1 = 0, g2 = 0;
  std::array<double, 4> d_log{};
};

// ln G(tau) and its gradient, computed once per distinct (x, tau).
struct LogGValue {
  double value = 0;
  std::array<double, 4> d{};
};

LogGValue EvaluateLogG(const ParetoNbdParameters& p, double x, double tau) {
  LogGValue out;
  out.value = LogG(p, x, tau, out.d);
  return out;
}

// `g_recency` and `g_age` are ln G(t_x) and ln G(T); null when t_x >= T
// (then G(t_x) - G(T) vanishes and only the alive-at-T term is left).
Bracket CombineBracket(const ParetoNbdParameters& p, double x, double age,
                       const LogGValue* g_recency, const LogGValue* g_age,
                       bool with_gradient) {
  Bracket out;
  const double a = p.r + p.s + x;
  const double log_alpha_age = std::log(p.alpha + age);
  const double log_beta_age = std::log(p.beta + age);
  const double l_c1 = -(p.r + x) * log_alpha_age - p.s * log_beta_age;
  const std::array<double, 4> d_c1 = {-log_alpha_age,
                                      -(p.r + x) / (p.alpha + age),
                                      -log_beta_age, -p.s / (p.beta + age)};
  if (g_recency == nullptr) {
    out.top = l_c1;
    out.c1 = 1;
    out.d_log = d_c1;
    return out;
  }
  const double l_share = std::log(p.s / a);
  const std::array<double, 4> d_share = {-1 / a, 0, 1 / p.s - 1 / a, 0};
  const double l_g1 = l_share + g_recency->value;
  const double l_g2 = l_share + g_age->value;
  out.top = std::max(l_c1, l_g1);
  out.c1 = std::exp(l_c1 - out.top);
  out.g1 = std::exp(l_g1 - out.top);
  out.g2 = std::exp(l_g2 - out.top);
  if (with_gradient) {
    const double total = out.c1 + out.g1 - out.g2;
    for (int k = 0; k < 4; ++k) {
      out.d_log[k] =
          (out.c1 * d_c1[k] + out.g1 * (d_share[k] + g_recency->d[k]) -
           out.g2 * (d_share[k] + g_age->d[k])) /
          total;
    }
  }
  return out;
}

Bracket EvaluateBracket(const ParetoNbdParameters& p, double x, double t_x,
                        double age, bool with_gradient) {
  if (t_x >= age) {
    return CombineBracket(p, x, age, nullptr, nullptr, with_gradient);
  }
  const LogGValue g_recency = EvaluateLogG(p, x, t_x);
  const LogGValue g_age = EvaluateLogG(p, x, age);
  return CombineBracket(p, x, age, &g_recency, &g_age, with_gradient);
}

void AddBracket(const FrequencyTerms& f, const ParetoNbdParameters& p,
                const Bracket& bracket, double w, std::array<double, 5>& sums) {
  sums[0] += w * (f.constant + bracket.top +
                  std::log(bracket.c1 + bracket.g1 - bracket.g2));
  sums[1] += w * (f.d_r + bracket.d_log[0]);
  sums[2] += w * (p.r / p.alpha + bracket.d_log[1]);
  sums[3] += w * (std::log(p.beta) + bracket.d_log[2]);
  sums[4] += w * (p.s / p.beta + bracket.d_log[3]);
}

// (1 - (scale / (scale + t))^e) / e, with the e -> 0 limit ln(1 + t/scale).
double PowerIntegral(double e, double scale, double t) {
  const double log_ratio = std::log1p(t / scale);
  if (std::fabs(e) < 1e-12) return log_ratio;
  return -std::expm1(-e * log_ratio) / e;
}

}  // namespace

double ParetoNbdCustomerLogLikelihood(const ParetoNbdParameters& params,
                                      double x, double t_x, double age,
                                      std::array<double, 4>* gradient) {
  std::array<double, 5> sums{};
  AddBracket(TermsFor(params, x), params,
             EvaluateBracket(params, x, t_x, age, true), 1.0, sums);
  if (gradient != nullptr) {
    for (int k = 0; k < 4; ++k) (*gradient)[k] = sums[k + 1];
  }
  return sums[0];
}

double ParetoNbdTotalLogLikelihood(const ParetoNbdParameters& params,
                                   const CompressedPurchaseData& data,
                                   std::array<double, 4>* gradient) {
  std::vector<FrequencyTerms> terms;
  terms.reserve(data.distinct_frequency.size());
  for (double x : data.distinct_frequency) terms.push_back(TermsFor(params, x));
  if (data.point_frequency.empty() && data.size() > 0) {
    // Without the time points, evaluate row by row.
    const auto sums = SumOverRows<5>(
        data.size(),
        [&](std::size_t begin, std::size_t end, std::array<double, 5>& acc) {
          for (std::size_t row = begin; row < end; ++row) {
            AddBracket(terms[data.frequency_index[row]], params,
                       EvaluateBracket(params, data.frequency[row],
                                       data.recency[row], data.age[row], true),
                       data.weight[row], acc);
          }
        });
    if (gradient != nullptr) {
      for (int k = 0; k < 4; ++k) (*gradient)[k] = sums[k + 1];
    }
    return sums[0];
  }
  // The 2F1 series are the cost: evaluate ln G once per distinct (x, tau)
  // over all recencies and ages, in parallel (each point on its own, so the
  // values do not depend on the thread count).
  std::vector<LogGValue> points(data.point_frequency.size());
  std::atomic<bool> failed = false;
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, points.size(), 256),
      [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t k = range.begin(); k < range.end(); ++k) {
          // Once one series has failed the total is NaN whatever the rest
          // give, so an optimiser's probe of a degenerate point stays cheap.
          if (failed.load(std::memory_order_relaxed)) return;
          points[k] =
              EvaluateLogG(params, data.point_frequency[k], data.point_time[k]);
          if (std::isnan(points[k].value)) failed = true;
        }
      });
  if (failed) {
    if (gradient != nullptr) gradient->fill(NAN);
    return NAN;
  }
  const auto sums = SumOverRows<5>(
      data.size(),
      [&](std::size_t begin, std::size_t end, std::array<double, 5>& acc) {
        for (std::size_t row = begin; row < end; ++row) {
          const double x = data.frequency[row];
          const bool dead_possible = data.recency[row] < data.age[row];
          const Bracket bracket = CombineBracket(
              params, x, data.age[row],
              dead_possible ? &points[data.recency_point[row]] : nullptr,
              dead_possible ? &points[data.age_point[row]] : nullptr, true);
          AddBracket(terms[data.frequency_index[row]], params, bracket,
                     data.weight[row], acc);
        }
      });
  if (gradient != nullptr) {
    for (int k = 0; k < 4; ++k) (*gradient)[k] = sums[k + 1];
  }
  return sums[0];
}

double ParetoNbdProbabilityAlive(const ParetoNbdParameters& params, double x,
                                 double t_x, double age) {
  const Bracket bracket = EvaluateBracket(params, x, t_x, age, false);
  const double p = bracket.c1 / (bracket.c1 + bracket.g1 - bracket.g2);
  return std::clamp(p, 0.0, 1.0);
}

double ParetoNbdConditionalExpectedPurchases(const ParetoNbdParameters& params,
                                             double x, double t_x, double age,
                                             double t) {
  if (t <= 0) return 0;
  return ParetoNbdProbabilityAlive(params, x, t_x, age) *
         ParetoNbdExpectedPurchasesIfAlive(params, x, age, t);
}

double ParetoNbdExpectedPurchasesIfAlive(const ParetoNbdParameters& params,
                                         double x, double age, double t) {
  if (t <= 0) return 0;
  // Given alive at T: lambda ~ Gamma(r + x, alpha + T), mu ~ Gamma(s, beta +
  // T), so E[purchases in t] = (r + x) / (alpha + T) * E[(1 - e^(-mu t)) / mu].
  return (params.r + x) / (params.alpha + age) * (params.beta + age) *
         PowerIntegral(params.s - 1, params.beta + age, t);
}

double ParetoNbdExpectedPurchases(const ParetoNbdParameters& params, double t) {
  if (t <= 0) return 0;
  return params.r / params.alpha * params.beta *
         PowerIntegral(params.s - 1, params.beta, t);
}

}  // namespace vafa::analytics::clv
