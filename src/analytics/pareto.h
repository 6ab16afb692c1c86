// Key customers: the Pareto curve of revenue and of margin over customers,
// ABC classes, and the figures behind the one-sentence 80/20 check
// ("the top 20% of customers bring 63.2% of revenue; 80% of revenue comes
// from 31.0% of customers").
//
// Population: customers with a purchase up to as_of. A customer's value is
// max(revenue, 0) (max(margin, 0) for the margin curve, over customers whose
// cost is known): refunds can make a customer's net negative, and a share of
// a total is only readable when no part is negative. Customers are ranked by
// value, highest first, ties by customer index.
//
// ABC (docs/analytics.md): walking down the ranking, a customer is A while
// the share of value of the customers ranked above it is below a_share
// (default 0.80), B while it is below b_share (default 0.95), C after; a
// customer with value 0 is always C. So the customer that crosses 80% is
// still A. O(n log n); pure.
#ifndef VAFA_ANALYTICS_PARETO_H_
#define VAFA_ANALYTICS_PARETO_H_

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/customer_summary.h"

namespace vafa::analytics {

enum class AbcClass : uint8_t { kNone, kA, kB, kC };
char AbcClassLetter(AbcClass abc);  // 'A', 'B', 'C', or '-' for kNone

struct ParetoCurve {
  // value_share[k] = share of value of the top ceil(k * n / 100) customers,
  // k = 0..100.
  std::vector<double> value_share;
  int64_t customers = 0;  // n
  int64_t total = 0;      // sum of values
  // Smallest share of customers whose value reaches 80% of the total.
  double customer_share_for_80 = 0;
  double ValueShareOfTop(int percent) const { return value_share[percent]; }
};

struct KeyCustomers {
  ParetoCurve revenue;
  ParetoCurve margin;         // customers == 0 when no customer's cost is known
  std::vector<AbcClass> abc;  // per customer, by revenue
  int64_t class_sizes[4] = {0, 0, 0, 0};  // indexed by AbcClass
};

struct ParetoOptions {
  double a_share = 0.80;
  double b_share = 0.95;
  // ABC classes by margin (over customers whose cost is known) instead of
  // revenue: a contractual workspace ranks its customers by profit.
  bool classes_by_margin = false;
};

KeyCustomers AnalyzeKeyCustomers(const CustomerSummary& summary,
                                 const ParetoOptions& options = {});

// "The top 20% of customers bring 63.2% of revenue; 80% of revenue comes from
// 31.0% of customers." (one decimal, fixed).
std::string ParetoSentence(const ParetoCurve& revenue);

}  // namespace vafa::analytics

#endif  // VAFA_ANALYTICS_PARETO_H_
