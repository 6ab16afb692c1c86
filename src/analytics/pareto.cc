#include "analytics/pareto.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <thread>

#include "analytics/parallel.h"
#include "analytics/value_order.h"

namespace vafa::analytics {
namespace {

// Ranks the population by value, highest first, ties by customer index.
std::vector<int32_t> Ranking(const std::vector<int64_t>& value,
                             const std::vector<uint8_t>& included) {
  return OrderByValue(value, included, ValueDirection::kDescending);
}

ParetoCurve Curve(const std::vector<int64_t>& value,
                  const std::vector<int32_t>& ranking) {
  ParetoCurve curve;
  const auto n = static_cast<int64_t>(ranking.size());
  curve.customers = n;
  std::vector<int64_t> cumulative(n + 1, 0);
  for (int64_t rank = 0; rank < n; ++rank) {
    cumulative[rank + 1] = cumulative[rank] + value[ranking[rank]];
  }
  curve.total = cumulative[n];
  curve.value_share.assign(101, 0.0);
  if (n == 0 || curve.total == 0) return curve;
  const auto total = static_cast<double>(curve.total);
  for (int percent = 0; percent <= 100; ++percent) {
    const int64_t top = (percent * n + 99) / 100;
    curve.value_share[percent] = static_cast<double>(cumulative[top]) / total;
  }
  // Integer comparison: 5 * part >= 4 * total is "part reaches 80%".
  const auto reached =
      std::find_if(cumulative.begin(), cumulative.end(),
                   [&](int64_t part) { return 5 * part >= 4 * curve.total; });
  curve.customer_share_for_80 =
      static_cast<double>(reached - cumulative.begin()) /
      static_cast<double>(n);
  return curve;
}

}  // namespace

char AbcClassLetter(AbcClass abc) {
  switch (abc) {
    case AbcClass::kA:
      return 'A';
    case AbcClass::kB:
      return 'B';
    case AbcClass::kC:
      return 'C';
    case AbcClass::kNone:
      return '-';
  }
  return '-';
}

KeyCustomers AnalyzeKeyCustomers(const CustomerSummary& summary,
                                 const ParetoOptions& options) {
  const int32_t customers = summary.size();
  std::vector<int64_t> revenue(customers), margin(customers);
  std::vector<uint8_t> buyer(customers), margin_known(customers);
  for (int32_t customer = 0; customer < customers; ++customer) {
    buyer[customer] = summary.has_purchase(customer);
    margin_known[customer] = buyer[customer] && summary.cost_known[customer];
    revenue[customer] = std::max<int64_t>(summary.revenue[customer], 0);
    margin[customer] = std::max<int64_t>(summary.margin[customer], 0);
  }
  KeyCustomers key;
  std::vector<int32_t> by_revenue, by_margin;
  {
    // The two rankings are independent sorts.
    std::jthread margin_worker;
    auto margin_curve = [&] {
      by_margin = Ranking(margin, margin_known);
      key.margin = Curve(margin, by_margin);
    };
    if (customers >= kMinItemsPerThread) {
      margin_worker = std::jthread(margin_curve);
    } else {
      margin_curve();
    }
    by_revenue = Ranking(revenue, buyer);
    key.revenue = Curve(revenue, by_revenue);
  }

  key.abc.assign(customers, AbcClass::kNone);
  const bool by_profit = options.classes_by_margin;
  const std::vector<int64_t>& value = by_profit ? margin : revenue;
  const auto total =
      static_cast<double>(by_profit ? key.margin.total : key.revenue.total);
  int64_t above = 0;  // value of the customers ranked above
  for (int32_t customer : by_profit ? by_margin : by_revenue) {
    const double share_above =
        total > 0 ? static_cast<double>(above) / total : 1;
    AbcClass abc = AbcClass::kC;
    if (value[customer] > 0) {
      if (share_above < options.a_share) {
        abc = AbcClass::kA;
      } else if (share_above < options.b_share) {
        abc = AbcClass::kB;
      }
    }
    key.abc[customer] = abc;
    above += value[customer];
  }
  for (AbcClass abc : key.abc) ++key.class_sizes[static_cast<int>(abc)];
  return key;
}

std::string ParetoSentence(const ParetoCurve& revenue) {
  char text[160];
  std::snprintf(text, sizeof text,
                "The top 20%% of customers bring %.1f%% of revenue; 80%% of "
                "revenue comes from %.1f%% of customers.",
                100 * revenue.ValueShareOfTop(20),
                100 * revenue.customer_share_for_80);
  return text;
}

}  // namespace vafa::analytics
