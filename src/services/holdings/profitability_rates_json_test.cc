#include "services/holdings/profitability_rates_json.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

namespace vafa::services::holdings {
namespace {

using nlohmann::json;

TEST(ProfitabilityRatesJson, ReadsTheThreeListsInOrder) {
  const json body = json::parse(R"({
    "spreads": [{"product_type": "account", "valid_from": "2020-01-01", "basis_points": 400},
                {"product_type": "account", "valid_from": "2024-03-01", "basis_points": 600}],
    "fees": [{"product_type": "loan", "valid_from": "2020-01-01", "monthly_fee_minor": 200000}],
    "channel_costs": [{"channel": "branch", "valid_from": "2020-01-01", "cost_minor": 250000}]})");
  auto rates = ParseProfitabilityRates(body);
  ASSERT_TRUE(rates.ok()) << rates.status().message();
  ASSERT_EQ(rates->size(), 4u);
  EXPECT_EQ((*rates)[1].kind, kSpreadRate);
  EXPECT_EQ((*rates)[1].valid_from, "2024-03-01");
  EXPECT_EQ((*rates)[1].value, 600);
  EXPECT_EQ((*rates)[2].kind, kFeeRate);
  EXPECT_EQ((*rates)[2].subject, "loan");
  EXPECT_EQ((*rates)[3].kind, kChannelCostRate);
  EXPECT_EQ((*rates)[3].value, 250000);
}

TEST(ProfitabilityRatesJson, NamesTheBadFieldByListIndexAndField) {
  struct Case {
    const char* body;
    const char* field;
  };
  const Case cases[] = {
      {R"({"spreads": [], "fees": []})", "channel_costs"},
      {R"({"spreads": [], "fees": [], "channel_costs": [], "rates": []})",
       "rates"},
      {R"({"spreads": [{"product_type": "loan", "valid_from": "2024-01-01"}],
           "fees": [], "channel_costs": []})",
       "spreads[0].basis_points"},
      {R"({"spreads": [], "fees": [7], "channel_costs": []})", "fees[0]"},
      {R"({"spreads": [], "fees": [], "channel_costs": [
            {"channel": "branch", "valid_from": "2024-01-01", "cost_minor": 1},
            {"channel": "atm", "valid_from": "2024-01-01", "cost_minor": 2.5}]})",
       "channel_costs[1].cost_minor"},
      {R"({"spreads": [{"product_type": "loan", "valid_from": "2024-01-01",
                        "basis_points": 500, "note": "x"}],
           "fees": [], "channel_costs": []})",
       "spreads[0].note"},
      // Validation after reading: a day that does not exist.
      {R"({"spreads": [{"product_type": "loan", "valid_from": "2024-02-30",
                        "basis_points": 500}],
           "fees": [], "channel_costs": []})",
       "spreads[0].valid_from"},
  };
  for (const Case& c : cases) {
    auto rates = ParseProfitabilityRates(json::parse(c.body));
    ASSERT_FALSE(rates.ok()) << c.body;
    EXPECT_EQ(rates.status().field(), c.field) << rates.status().message();
  }
  EXPECT_FALSE(ParseProfitabilityRates(json::array()).ok());
}

TEST(ProfitabilityRatesJson, WritesWhatItReads) {
  StoredProfitabilityRates stored;
  stored.rates = DefaultProfitabilityRates();
  stored.defaults = true;
  const json out = ProfitabilityRatesJson(stored);
  EXPECT_TRUE(out["defaults"].get<bool>());
  EXPECT_TRUE(out["updated_at"].is_null());
  json body = out;
  body.erase("defaults");
  body.erase("updated_at");
  auto again = ParseProfitabilityRates(body);
  ASSERT_TRUE(again.ok()) << again.status().message();
  // The JSON groups the rates by list; compare them as sets.
  auto key = [](const ProfitabilityRate& rate) {
    return std::tuple(rate.kind, rate.subject, rate.valid_from, rate.value);
  };
  std::vector<decltype(key(stored.rates[0]))> read, written;
  for (const auto& rate : *again) read.push_back(key(rate));
  for (const auto& rate : stored.rates) written.push_back(key(rate));
  std::sort(read.begin(), read.end());
  std::sort(written.begin(), written.end());
  EXPECT_EQ(read, written);
}

}  // namespace
}  // namespace vafa::services::holdings
