// Association rules X -> Y drawn from frequent itemsets (Agrawal, Imielinski
// & Swami 1993): for every frequent itemset Z and every non-empty proper
// subset X of it, the rule X -> Z \ X, with, for N baskets and s(.) the number
// of baskets holding a set,
//   support    = s(Z) / N
//   confidence = s(Z) / s(X)
//   lift       = confidence / (s(Y) / N)                  (Brin et al. 1997)
//   leverage   = s(Z) / N - (s(X) / N) (s(Y) / N)         (Piatetsky-Shapiro
//                                                          1991)
//   conviction = (1 - s(Y) / N) / (1 - confidence),      (Brin et al. 1997)
//                +infinity when confidence is 1.
// The itemsets must be complete (every subset of a frequent itemset present,
// as the miners return them). Rules come out in the itemsets' canonical
// order, antecedent subsets by bit mask; SortRules reorders them by a
// measure. Cost: 2^|Z| per itemset Z, one hash lookup each.
#ifndef VAFA_ANALYTICS_BASKET_ASSOCIATION_RULES_H_
#define VAFA_ANALYTICS_BASKET_ASSOCIATION_RULES_H_

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "analytics/basket/frequent_itemsets.h"
#include "core/result.h"

namespace vafa::analytics::basket {

struct AssociationRules {
  std::vector<int64_t> antecedent_offsets{0};
  std::vector<int32_t> antecedent_items;  // ascending within a rule
  std::vector<int64_t> consequent_offsets{0};
  std::vector<int32_t> consequent_items;  // ascending within a rule
  std::vector<int64_t> support_count;     // s(X u Y)
  std::vector<double> support;
  std::vector<double> confidence;
  std::vector<double> lift;
  std::vector<double> leverage;
  std::vector<double> conviction;
  int64_t num_baskets = 0;

  int64_t size() const { return static_cast<int64_t>(support_count.size()); }
  std::span<const int32_t> antecedent(int64_t rule_idx) const {
    return {antecedent_items.data() + antecedent_offsets[rule_idx],
            antecedent_items.data() + antecedent_offsets[rule_idx + 1]};
  }
  std::span<const int32_t> consequent(int64_t rule_idx) const {
    return {consequent_items.data() + consequent_offsets[rule_idx],
            consequent_items.data() + consequent_offsets[rule_idx + 1]};
  }
};

// Which rules to keep; the defaults keep every rule.
struct RuleFilter {
  double min_support = 0;
  double min_confidence = 0;
  double min_lift = 0;
  double min_leverage = -std::numeric_limits<double>::infinity();
  double min_conviction = 0;
  int32_t max_antecedent_size = 0;  // 0 means no limit
  int32_t max_consequent_size = 0;  // 0 means no limit
  int32_t antecedent_item = -1;     // >= 0: the antecedent must hold it
  int32_t consequent_item = -1;     // >= 0: the consequent must hold it
};

// Generates the rules that pass `filter`. Fails when an itemset's subset is
// missing (incomplete input) or an itemset is too long to enumerate (> 30).
Result<AssociationRules> GenerateRules(const FrequentItemsets& itemsets,
                                       const RuleFilter& filter = {});

// Keeps the rules that pass `filter`, in their current order.
AssociationRules FilterRules(const AssociationRules& rules,
                             const RuleFilter& filter);

enum class RuleMeasure { kSupport, kConfidence, kLift, kLeverage, kConviction };

// Sorts by the measure (descending unless ascending is set); ties keep their
// current relative order, so the result is deterministic.
void SortRules(AssociationRules& rules, RuleMeasure measure,
               bool ascending = false);

}  // namespace vafa::analytics::basket

#endif  // VAFA_ANALYTICS_BASKET_ASSOCIATION_RULES_H_
