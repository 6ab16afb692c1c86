#include "services/holdings/profitability_rates.h"

#include <gtest/gtest.h>

#include "services/holdings/holdings.h"
#include "store/store_test_support.h"

namespace vafa::services::holdings {
namespace {

constexpr int64_t kNow = 1733000000;

TEST(ProfitabilityRates, DefaultsCoverEveryProductTypeAndChannel) {
  const auto defaults = DefaultProfitabilityRates();
  EXPECT_TRUE(ValidateProfitabilityRates(defaults).ok());
  int spreads = 0, fees = 0, channels = 0;
  for (const ProfitabilityRate& rate : defaults) {
    spreads += rate.kind == kSpreadRate;
    fees += rate.kind == kFeeRate;
    channels += rate.kind == kChannelCostRate;
  }
  EXPECT_EQ(spreads, static_cast<int>(ProductTypes().size()));
  EXPECT_EQ(fees, static_cast<int>(ProductTypes().size()));
  EXPECT_EQ(channels, static_cast<int>(ServiceChannels().size()));
}

TEST(ProfitabilityRates, ABadRateIsNamedByItsListIndexAndField) {
  std::vector<ProfitabilityRate> rates = {
      {"spread", "account", "2024-01-01", 400},
      {"fee", "account", "2024-01-01", 10},
      {"spread", "loan", "2024-02-30", 500}};
  Status bad_day = ValidateProfitabilityRates(rates);
  EXPECT_EQ(bad_day.field(), "spreads[1].valid_from");
  rates[2].valid_from = "2024-02-29";
  EXPECT_TRUE(ValidateProfitabilityRates(rates).ok());
  rates[2].subject = "mortgage";
  EXPECT_EQ(ValidateProfitabilityRates(rates).field(),
            "spreads[1].product_type");
  rates[2].subject = "loan";
  rates[1].value = -1;
  EXPECT_EQ(ValidateProfitabilityRates(rates).field(),
            "fees[0].monthly_fee_minor");
  rates[1].value = 10;
  rates.push_back({"channel_cost", "Branch", "2024-01-01", 5});
  EXPECT_EQ(ValidateProfitabilityRates(rates).field(),
            "channel_costs[0].channel");
  rates.back().subject = "branch";
  rates.push_back({"channel_cost", "branch", "2024-01-01", 6});
  EXPECT_EQ(ValidateProfitabilityRates(rates).field(),
            "channel_costs[1].valid_from");
  rates.pop_back();
  rates[0].value = 10'001;
  EXPECT_EQ(ValidateProfitabilityRates(rates).field(),
            "spreads[0].basis_points");
}

class ProfitabilityRatesStoreTest : public store::BackendTest {};

TEST_P(ProfitabilityRatesStoreTest, StoredRatesReplaceTheDefaultsPerWorkspace) {
  const int64_t bank = AddWorkspace("bank");
  const int64_t other = AddWorkspace("other");
  auto before = ProfitabilityRatesOf(db(), bank);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_TRUE(before->defaults);
  const std::vector<ProfitabilityRate> rates = {
      {"spread", "account", "2024-03-01", 650},
      {"spread", "account", "2020-01-01", 400},
      {"channel_cost", "mobile", "2020-01-01", 0}};
  ASSERT_TRUE(ReplaceProfitabilityRates(db(), bank, rates, kNow).ok());
  auto after = ProfitabilityRatesOf(db(), bank);
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(after->defaults);
  EXPECT_EQ(after->updated_at, kNow);
  ASSERT_EQ(after->rates.size(), 3u);
  EXPECT_EQ(after->rates[0].kind, "channel_cost");
  EXPECT_EQ(after->rates[1].valid_from, "2020-01-01");
  EXPECT_EQ(after->rates[2].value, 650);
  EXPECT_TRUE(ProfitabilityRatesOf(db(), other)->defaults);
  // A bad set changes nothing.
  std::vector<ProfitabilityRate> bad = rates;
  bad[2].value = -5;
  EXPECT_FALSE(ReplaceProfitabilityRates(db(), bank, bad, kNow + 1).ok());
  EXPECT_EQ(ProfitabilityRatesOf(db(), bank)->rates.size(), 3u);
  // None at all: back to the defaults.
  ASSERT_TRUE(ReplaceProfitabilityRates(db(), bank, {}, kNow + 2).ok());
  EXPECT_TRUE(ProfitabilityRatesOf(db(), bank)->defaults);
}

VAFA_INSTANTIATE_BACKEND_TEST(ProfitabilityRatesStoreTest);

}  // namespace
}  // namespace vafa::services::holdings
