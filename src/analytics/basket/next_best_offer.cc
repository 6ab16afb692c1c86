#include "analytics/basket/next_best_offer.h"

#include <algorithm>
#include <string>
#include <thread>

namespace vafa::analytics::basket {
namespace {

// Rules with one consequent item, grouped by their smallest antecedent item:
// a customer can only satisfy a rule if they hold that item.
struct RuleIndex {
  std::vector<int64_t> offsets;  // product -> range in rule_ids
  std::vector<int64_t> rule_ids;
};

RuleIndex IndexRules(const AssociationRules& rules, int32_t num_products,
                     double min_confidence) {
  RuleIndex index;
  index.offsets.assign(num_products + 1, 0);
  auto usable = [&](int64_t rule_idx) {
    return rules.consequent(rule_idx).size() == 1 &&
           !rules.antecedent(rule_idx).empty() &&
           rules.confidence[rule_idx] >= min_confidence;
  };
  for (int64_t rule_idx = 0; rule_idx < rules.size(); ++rule_idx) {
    if (usable(rule_idx)) ++index.offsets[rules.antecedent(rule_idx)[0] + 1];
  }
  for (int32_t product = 0; product < num_products; ++product) {
    index.offsets[product + 1] += index.offsets[product];
  }
  index.rule_ids.resize(index.offsets.back());
  std::vector<int64_t> fill(index.offsets.begin(), index.offsets.end() - 1);
  for (int64_t rule_idx = 0; rule_idx < rules.size(); ++rule_idx) {
    if (usable(rule_idx)) {
      index.rule_ids[fill[rules.antecedent(rule_idx)[0]]++] = rule_idx;
    }
  }
  return index;
}

struct SegmentSuggestion {
  int32_t product;
  double share;
};

// For each segment, the products held by at least min_share of its members.
std::vector<std::vector<SegmentSuggestion>> SuggestBySegment(
    const Baskets& customer_products, std::span<const int32_t> segment,
    int32_t num_products, double min_share) {
  int32_t num_segments = 0;
  for (const int32_t seg : segment)
    num_segments = std::max(num_segments, seg + 1);
  std::vector<std::vector<int64_t>> holders(
      num_segments, std::vector<int64_t>(num_products, 0));
  std::vector<int64_t> members(num_segments, 0);
  std::vector<int64_t> last_customer(num_products, -1);
  for (int64_t customer = 0; customer < customer_products.size(); ++customer) {
    ++members[segment[customer]];
    for (const int32_t product : customer_products.basket(customer)) {
      if (last_customer[product] == customer) continue;
      last_customer[product] = customer;
      ++holders[segment[customer]][product];
    }
  }
  std::vector<std::vector<SegmentSuggestion>> suggestions(num_segments);
  for (int32_t seg = 0; seg < num_segments; ++seg) {
    for (int32_t product = 0; product < num_products; ++product) {
      if (members[seg] == 0) break;
      const double share = static_cast<double>(holders[seg][product]) /
                           static_cast<double>(members[seg]);
      if (holders[seg][product] > 0 && share >= min_share) {
        suggestions[seg].push_back({product, share});
      }
    }
  }
  return suggestions;
}

struct Candidate {
  int32_t product;
  double probability;
  double expected_value;
  int64_t rule;
};

void RecommendRange(
    const Baskets& customer_products, const AssociationRules& rules,
    const RuleIndex& index,
    const std::vector<std::vector<SegmentSuggestion>>& by_segment,
    const OfferOptions& options, int32_t num_products, int64_t begin,
    int64_t end, NextBestOffers& out) {
  std::vector<int64_t> held_by(num_products, -1);
  std::vector<double> best_probability(num_products, -1);
  std::vector<int64_t> best_rule(num_products, -1);
  std::vector<int32_t> touched;
  std::vector<Candidate> candidates;
  auto consider = [&](int32_t product, double probability, int64_t rule) {
    if (best_probability[product] < 0) touched.push_back(product);
    // Higher probability wins; between equals a rule beats the segment and
    // the rule listed first beats later ones, whatever order they came in.
    const int64_t current = best_rule[product];
    const bool better_tie = probability == best_probability[product] &&
                            rule >= 0 && (current < 0 || rule < current);
    if (probability > best_probability[product] || better_tie) {
      best_probability[product] = probability;
      best_rule[product] = rule;
    }
  };
  for (int64_t customer = begin; customer < end; ++customer) {
    const auto held = customer_products.basket(customer);
    for (const int32_t product : held) held_by[product] = customer;
    for (const int32_t product : held) {
      for (int64_t pos = index.offsets[product];
           pos < index.offsets[product + 1]; ++pos) {
        const int64_t rule_idx = index.rule_ids[pos];
        const int32_t offered = rules.consequent(rule_idx)[0];
        if (held_by[offered] == customer) continue;
        const auto antecedent = rules.antecedent(rule_idx);
        const bool applies = std::all_of(
            antecedent.begin(), antecedent.end(),
            [&](int32_t item) { return held_by[item] == customer; });
        if (applies) consider(offered, rules.confidence[rule_idx], rule_idx);
      }
    }
    if (!options.customer_segment.empty()) {
      for (const SegmentSuggestion& suggestion :
           by_segment[options.customer_segment[customer]]) {
        if (held_by[suggestion.product] != customer) {
          consider(suggestion.product, suggestion.share, -1);
        }
      }
    }
    candidates.clear();
    for (const int32_t product : touched) {
      const double value =
          options.product_value.empty()
              ? 1.0
              : static_cast<double>(options.product_value[product]);
      candidates.push_back({product, best_probability[product],
                            best_probability[product] * value,
                            best_rule[product]});
      best_probability[product] = -1;
      best_rule[product] = -1;
    }
    touched.clear();
    const size_t keep =
        std::min(candidates.size(), static_cast<size_t>(options.top_k));
    std::partial_sort(candidates.begin(), candidates.begin() + keep,
                      candidates.end(),
                      [](const Candidate& a, const Candidate& b) {
                        if (a.expected_value != b.expected_value) {
                          return a.expected_value > b.expected_value;
                        }
                        if (a.probability != b.probability) {
                          return a.probability > b.probability;
                        }
                        return a.product < b.product;
                      });
    for (size_t pos = 0; pos < keep; ++pos) {
      out.product.push_back(candidates[pos].product);
      out.probability.push_back(candidates[pos].probability);
      out.expected_value.push_back(candidates[pos].expected_value);
      out.rule.push_back(candidates[pos].rule);
    }
    out.offsets.push_back(static_cast<int64_t>(out.product.size()));
  }
}

}  // namespace

Result<NextBestOffers> RecommendOffers(const Baskets& customer_products,
                                       const AssociationRules& rules,
                                       const OfferOptions& options) {
  VAFA_RETURN_IF_ERROR(ValidateBaskets(customer_products));
  if (options.top_k < 0) {
    return Status::Invalid("top_k must be >= 0", "top_k");
  }
  int32_t num_products = customer_products.num_items;
  for (const auto* items : {&rules.antecedent_items, &rules.consequent_items}) {
    for (const int32_t item : *items) {
      if (item < 0) return Status::Invalid("rules hold a negative item");
      num_products = std::max(num_products, item + 1);
    }
  }
  if (!options.product_value.empty() &&
      static_cast<int64_t>(options.product_value.size()) < num_products) {
    return Status::Invalid(
        "product_value has " + std::to_string(options.product_value.size()) +
            " entries; products go up to " + std::to_string(num_products - 1),
        "product_value");
  }
  if (!options.product_value.empty()) {
    num_products = static_cast<int32_t>(options.product_value.size());
  }
  if (!options.customer_segment.empty()) {
    if (static_cast<int64_t>(options.customer_segment.size()) !=
        customer_products.size()) {
      return Status::Invalid(
          "customer_segment has " +
              std::to_string(options.customer_segment.size()) +
              " entries for " + std::to_string(customer_products.size()) +
              " customers",
          "customer_segment");
    }
    for (const int32_t seg : options.customer_segment) {
      if (seg < 0) {
        return Status::Invalid("segment indices must be >= 0",
                               "customer_segment");
      }
    }
  }
  const RuleIndex index =
      IndexRules(rules, num_products, options.min_confidence);
  std::vector<std::vector<SegmentSuggestion>> by_segment;
  if (!options.customer_segment.empty()) {
    by_segment = SuggestBySegment(customer_products, options.customer_segment,
                                  num_products, options.min_segment_share);
  }
  const int64_t num_customers = customer_products.size();
  int threads =
      options.threads > 0
          ? options.threads
          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // A thread per few thousand customers at least, or it costs more than it
  // saves.
  threads =
      static_cast<int>(std::clamp<int64_t>(num_customers / 4096, 1, threads));
  std::vector<NextBestOffers> parts(threads);
  {
    std::vector<std::jthread> workers;
    for (int part = 0; part < threads; ++part) {
      const int64_t begin = num_customers * part / threads;
      const int64_t end = num_customers * (part + 1) / threads;
      auto work = [&, part, begin, end] {
        RecommendRange(customer_products, rules, index, by_segment, options,
                       num_products, begin, end, parts[part]);
      };
      if (part + 1 == threads) {
        work();
      } else {
        workers.emplace_back(work);
      }
    }
  }
  NextBestOffers offers = std::move(parts[0]);
  for (int part = 1; part < threads; ++part) {
    const int64_t shift = static_cast<int64_t>(offers.product.size());
    for (size_t pos = 1; pos < parts[part].offsets.size(); ++pos) {
      offers.offsets.push_back(parts[part].offsets[pos] + shift);
    }
    offers.product.insert(offers.product.end(), parts[part].product.begin(),
                          parts[part].product.end());
    offers.probability.insert(offers.probability.end(),
                              parts[part].probability.begin(),
                              parts[part].probability.end());
    offers.expected_value.insert(offers.expected_value.end(),
                                 parts[part].expected_value.begin(),
                                 parts[part].expected_value.end());
    offers.rule.insert(offers.rule.end(), parts[part].rule.begin(),
                       parts[part].rule.end());
  }
  return offers;
}

}  // namespace vafa::analytics::basket
