#include "analytics/basket/next_best_offer.h"

#include <gtest/gtest.h>

namespace vafa::analytics::basket {
namespace {

// Products: 0 phone, 1 case, 2 charger, 3 headphones, 4 insurance.
// Rules written by hand so each expected offer can be read off directly.
AssociationRules HandRules() {
  AssociationRules rules;
  rules.num_baskets = 100;
  auto add = [&](std::vector<int32_t> x, int32_t y, double confidence) {
    rules.antecedent_items.insert(rules.antecedent_items.end(), x.begin(),
                                  x.end());
    rules.antecedent_offsets.push_back(
        static_cast<int64_t>(rules.antecedent_items.size()));
    rules.consequent_items.push_back(y);
    rules.consequent_offsets.push_back(
        static_cast<int64_t>(rules.consequent_items.size()));
    rules.support_count.push_back(10);
    rules.support.push_back(0.1);
    rules.confidence.push_back(confidence);
    rules.lift.push_back(2);
    rules.leverage.push_back(0.05);
    rules.conviction.push_back(1.5);
  };
  add({0}, 1, 0.6);     // rule 0: phone -> case
  add({0}, 2, 0.5);     // rule 1: phone -> charger
  add({0, 1}, 3, 0.4);  // rule 2: phone + case -> headphones
  add({1}, 2, 0.7);     // rule 3: case -> charger
  add({0}, 4, 0.2);     // rule 4: phone -> insurance
  return rules;
}

Baskets Holdings() {
  Baskets customers;
  customers.num_items = 5;
  customers.Add(std::vector<int32_t>{0});     // phone only
  customers.Add(std::vector<int32_t>{0, 1});  // phone and case
  customers.Add(std::vector<int32_t>{3});     // headphones: no rule applies
  return customers;
}

TEST(NextBestOfferTest, RanksByConfidenceWithoutValues) {
  OfferOptions options;
  options.top_k = 3;
  const auto offers = RecommendOffers(Holdings(), HandRules(), options);
  ASSERT_TRUE(offers.ok()) << offers.status().ToString();
  ASSERT_EQ(offers->num_customers(), 3);
  // Customer 0: case 0.6 (rule 0), charger 0.5 (rule 1), insurance 0.2.
  EXPECT_EQ(offers->offsets[1], 3);
  EXPECT_EQ(offers->product[0], 1);
  EXPECT_EQ(offers->rule[0], 0);
  EXPECT_EQ(offers->product[1], 2);
  EXPECT_EQ(offers->product[2], 4);
  // Customer 1 holds the case: charger 0.7 from rule 3 beats rule 1's 0.5;
  // headphones 0.4 (rule 2); insurance 0.2. The case is not offered again.
  EXPECT_EQ(offers->offsets[2], 6);
  EXPECT_EQ(offers->product[3], 2);
  EXPECT_DOUBLE_EQ(offers->probability[3], 0.7);
  EXPECT_EQ(offers->rule[3], 3);
  EXPECT_EQ(offers->product[4], 3);
  EXPECT_EQ(offers->product[5], 4);
  // Customer 2: nothing.
  EXPECT_EQ(offers->offsets[3], 6);
}

TEST(NextBestOfferTest, ValuesTurnProbabilityIntoExpectedValue) {
  const std::vector<int64_t> margin = {0, 100, 150, 400, 1000};
  OfferOptions options;
  options.top_k = 2;
  options.product_value = margin;
  const auto offers = RecommendOffers(Holdings(), HandRules(), options);
  ASSERT_TRUE(offers.ok());
  // Customer 0: insurance 0.2 * 1000 = 200, charger 0.5 * 150 = 75,
  // case 0.6 * 100 = 60: the cheap likely case drops out of the top two.
  EXPECT_EQ(offers->product[0], 4);
  EXPECT_DOUBLE_EQ(offers->expected_value[0], 200);
  EXPECT_EQ(offers->product[1], 2);
  EXPECT_DOUBLE_EQ(offers->expected_value[1], 75);
}

TEST(NextBestOfferTest, SegmentShareSuggestsWhenNoRuleApplies) {
  Baskets customers = Holdings();
  customers.Add(std::vector<int32_t>{3, 2});
  customers.Add(std::vector<int32_t>{3, 2, 4});
  const std::vector<int32_t> segment = {0, 0, 1, 1, 1};
  OfferOptions options;
  options.customer_segment = segment;
  options.min_segment_share = 0.5;
  const auto offers = RecommendOffers(customers, HandRules(), options);
  ASSERT_TRUE(offers.ok());
  // Customer 2 (segment 1, holds headphones): 2/3 of segment 1 hold the
  // charger; insurance (1/3) is below the 0.5 threshold.
  const int64_t begin = offers->offsets[2];
  ASSERT_EQ(offers->offsets[3] - begin, 1);
  EXPECT_EQ(offers->product[begin], 2);
  EXPECT_DOUBLE_EQ(offers->probability[begin], 2.0 / 3.0);
  EXPECT_EQ(offers->rule[begin], -1);
}

TEST(NextBestOfferTest, ThreadsGiveTheSameOffers) {
  Baskets customers;
  customers.num_items = 5;
  for (int customer = 0; customer < 20000; ++customer) {
    std::vector<int32_t> held;
    for (int32_t product = 0; product < 5; ++product) {
      if ((customer * 7 + product * 3) % (product + 2) == 0) {
        held.push_back(product);
      }
    }
    customers.Add(held);
  }
  OfferOptions options;
  options.threads = 1;
  const auto one = RecommendOffers(customers, HandRules(), options);
  options.threads = 3;
  const auto three = RecommendOffers(customers, HandRules(), options);
  ASSERT_TRUE(one.ok() && three.ok());
  EXPECT_EQ(one->offsets, three->offsets);
  EXPECT_EQ(one->product, three->product);
  EXPECT_EQ(one->rule, three->rule);
}

TEST(NextBestOfferTest, RejectsMismatchedOptions) {
  const std::vector<int64_t> short_values = {1, 2};
  OfferOptions options;
  options.product_value = short_values;
  EXPECT_EQ(RecommendOffers(Holdings(), HandRules(), options).status().code(),
            StatusCode::kInvalidArgument);
  const std::vector<int32_t> segments = {0};
  options = OfferOptions();
  options.customer_segment = segments;
  EXPECT_EQ(RecommendOffers(Holdings(), HandRules(), options).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace vafa::analytics::basket
