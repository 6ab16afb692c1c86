#include "analytics/basket/association_rules.h"

#include <algorithm>
#include <numeric>
#include <string>
#include <string_view>
#include <unordered_map>

namespace vafa::analytics::basket {
namespace {

constexpr size_t kMaxRuleItemsetSize = 30;

// Itemsets are keyed by the bytes of their ascending items.
std::string_view KeyOf(std::span<const int32_t> items) {
  return {reinterpret_cast<const char*>(items.data()),
          items.size() * sizeof(int32_t)};
}

bool Contains(std::span<const int32_t> items, int32_t item) {
  return std::binary_search(items.begin(), items.end(), item);
}

bool Passes(const RuleFilter& filter, std::span<const int32_t> antecedent,
            std::span<const int32_t> consequent, double support,
            double confidence, double lift, double leverage,
            double conviction) {
  if (filter.max_antecedent_size > 0 &&
      static_cast<int32_t>(antecedent.size()) > filter.max_antecedent_size) {
    return false;
  }
  if (filter.max_consequent_size > 0 &&
      static_cast<int32_t>(consequent.size()) > filter.max_consequent_size) {
    return false;
  }
  if (filter.antecedent_item >= 0 &&
      !Contains(antecedent, filter.antecedent_item)) {
    return false;
  }
  if (filter.consequent_item >= 0 &&
      !Contains(consequent, filter.consequent_item)) {
    return false;
  }
  return support >= filter.min_support && confidence >= filter.min_confidence &&
         lift >= filter.min_lift && leverage >= filter.min_leverage &&
         conviction >= filter.min_conviction;
}

void AppendRule(AssociationRules& rules, std::span<const int32_t> antecedent,
                std::span<const int32_t> consequent, int64_t support_count,
                double support, double confidence, double lift, double leverage,
                double conviction) {
  rules.antecedent_items.insert(rules.antecedent_items.end(),
                                antecedent.begin(), antecedent.end());
  rules.antecedent_offsets.push_back(
      static_cast<int64_t>(rules.antecedent_items.size()));
  rules.consequent_items.insert(rules.consequent_items.end(),
                                consequent.begin(), consequent.end());
  rules.consequent_offsets.push_back(
      static_cast<int64_t>(rules.consequent_items.size()));
  rules.support_count.push_back(support_count);
  rules.support.push_back(support);
  rules.confidence.push_back(confidence);
  rules.lift.push_back(lift);
  rules.leverage.push_back(leverage);
  rules.conviction.push_back(conviction);
}

}  // namespace

Result<AssociationRules> GenerateRules(const FrequentItemsets& itemsets,
                                       const RuleFilter& filter) {
  AssociationRules rules;
  rules.num_baskets = itemsets.num_baskets;
  if (itemsets.num_baskets <= 0) return rules;
  std::unordered_map<std::string_view, int64_t> support_of;
  support_of.reserve(static_cast<size_t>(itemsets.size()) * 2);
  for (int64_t set_idx = 0; set_idx < itemsets.size(); ++set_idx) {
    support_of.emplace(KeyOf(itemsets.itemset(set_idx)),
                       itemsets.support[set_idx]);
  }
  const double num_baskets = static_cast<double>(itemsets.num_baskets);
  std::vector<int32_t> antecedent;
  std::vector<int32_t> consequent;
  for (int64_t set_idx = 0; set_idx < itemsets.size(); ++set_idx) {
    const auto items = itemsets.itemset(set_idx);
    if (items.size() < 2) continue;
    if (items.size() > kMaxRuleItemsetSize) {
      return Status::Invalid("itemset " + std::to_string(set_idx) + " has " +
                             std::to_string(items.size()) +
                             " items; rules are enumerated up to " +
                             std::to_string(kMaxRuleItemsetSize));
    }
    const int64_t together = itemsets.support[set_idx];
    const double support = static_cast<double>(together) / num_baskets;
    const uint32_t full = (1u << items.size()) - 1;
    for (uint32_t mask = 1; mask < full; ++mask) {
      antecedent.clear();
      consequent.clear();
      for (size_t bit = 0; bit < items.size(); ++bit) {
        (mask & (1u << bit) ? antecedent : consequent).push_back(items[bit]);
      }
      const auto x = support_of.find(KeyOf(antecedent));
      const auto y = support_of.find(KeyOf(consequent));
      if (x == support_of.end() || y == support_of.end()) {
        return Status::Invalid("itemset " + std::to_string(set_idx) +
                               " has a subset missing from the itemsets; "
                               "rules need every frequent itemset");
      }
      const double confidence =
          static_cast<double>(together) / static_cast<double>(x->second);
      const double x_share = static_cast<double>(x->second) / num_baskets;
      const double y_share = static_cast<double>(y->second) / num_baskets;
      const double lift = confidence / y_share;
      const double leverage = support - x_share * y_share;
      const double conviction = confidence >= 1
                                    ? std::numeric_limits<double>::infinity()
                                    : (1 - y_share) / (1 - confidence);
      if (Passes(filter, antecedent, consequent, support, confidence, lift,
                 leverage, conviction)) {
        AppendRule(rules, antecedent, consequent, together, support, confidence,
                   lift, leverage, conviction);
      }
    }
  }
  return rules;
}

AssociationRules FilterRules(const AssociationRules& rules,
                             const RuleFilter& filter) {
  AssociationRules kept;
  kept.num_baskets = rules.num_baskets;
  for (int64_t rule_idx = 0; rule_idx < rules.size(); ++rule_idx) {
    if (Passes(filter, rules.antecedent(rule_idx), rules.consequent(rule_idx),
               rules.support[rule_idx], rules.confidence[rule_idx],
               rules.lift[rule_idx], rules.leverage[rule_idx],
               rules.conviction[rule_idx])) {
      AppendRule(kept, rules.antecedent(rule_idx), rules.consequent(rule_idx),
                 rules.support_count[rule_idx], rules.support[rule_idx],
                 rules.confidence[rule_idx], rules.lift[rule_idx],
                 rules.leverage[rule_idx], rules.conviction[rule_idx]);
    }
  }
  return kept;
}

void SortRules(AssociationRules& rules, RuleMeasure measure, bool ascending) {
  const std::vector<double>* key = nullptr;
  switch (measure) {
    case RuleMeasure::kSupport:
      key = &rules.support;
      break;
    case RuleMeasure::kConfidence:
      key = &rules.confidence;
      break;
    case RuleMeasure::kLift:
      key = &rules.lift;
      break;
    case RuleMeasure::kLeverage:
      key = &rules.leverage;
      break;
    case RuleMeasure::kConviction:
      key = &rules.conviction;
      break;
  }
  std::vector<int64_t> order(rules.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return ascending ? (*key)[a] < (*key)[b] : (*key)[a] > (*key)[b];
  });
  AssociationRules sorted;
  sorted.num_baskets = rules.num_baskets;
  for (const int64_t rule_idx : order) {
    AppendRule(sorted, rules.antecedent(rule_idx), rules.consequent(rule_idx),
               rules.support_count[rule_idx], rules.support[rule_idx],
               rules.confidence[rule_idx], rules.lift[rule_idx],
               rules.leverage[rule_idx], rules.conviction[rule_idx]);
  }
  rules = std::move(sorted);
}

}  // namespace vafa::analytics::basket
