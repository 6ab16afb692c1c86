// Anonymous sales (orders without a customer) in basket analysis and out of
// every customer analytic: from a transactions file imported with
// --anonymous keep, on both backends; and the numbering of items the
// anonymous sales alone hold.
#include "pipeline/order_baskets.h"

#include <gmock/gmock.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analytics/customer_summary.h"
#include "import/importer.h"
#include "pipeline/analysis_reports.h"
#include "store/import_batch_repository.h"
#include "store/store_test_support.h"
#include "store/workspace_repository.h"

namespace vafa::pipeline {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Two customers bought P1 with P2; two anonymous sales P1 with P3.
constexpr char kSales[] =
    "customer_id,date,order_id,product,category,amount\n"
    "C1,2024-01-05,O1,P1,tea,300\n"
    "C1,2024-01-05,O1,P2,nuts,100\n"
    ",2024-01-05,A1,P1,tea,100\n"
    ",2024-01-05,A1,P3,cups,150\n"
    "C2,2024-01-06,O2,P1,tea,200\n"
    "C2,2024-01-06,O2,P2,nuts,50\n"
    ",2024-01-07,A2,P3,cups,250\n"
    ",2024-01-07,A2,P1,tea,120\n";

class OrderBasketsTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    workspace_ = AddWorkspace("shop");
    import::ImportOptions options;
    options.path = Write("customers.csv", "external_id\nC1\nC2\n");
    ASSERT_TRUE(import::ImportCustomers(db(), workspace_, options).ok());
    options.path = Write("sales.csv", kSales);
    options.anonymous = import::AnonymousSales::kKeep;
    auto report = import::ImportTransactions(db(), workspace_, options);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    ASSERT_EQ(report->anonymous_lines, 4);
  }
  void TearDown() override {
    for (const auto& path : paths_) std::filesystem::remove(path);
  }
  std::string Write(const std::string& name, const std::string& text) {
    auto path = std::filesystem::temp_directory_path() /
                (std::to_string(::getpid()) + "_" +
                 store::BackendName(GetParam()) + "_" + name);
    std::ofstream(path) << text;
    paths_.push_back(path);
    return path.string();
  }

  int64_t workspace_ = 0;
  std::vector<std::filesystem::path> paths_;
};

TEST_P(OrderBasketsTest, CustomerAnalyticsNeverSeeAnonymousSales) {
  auto loaded = LoadTransactionsFromStore(db(), workspace_);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_THAT(loaded->log.customer_keys, ElementsAre("C1", "C2"));
  EXPECT_EQ(loaded->log.order_count(), 2);
  EXPECT_EQ(loaded->customer_ids.size(), 2u);
  EXPECT_EQ(FormatGregorian(loaded->last_day), "2024-01-06");
  const analytics::CustomerSummary summary =
      analytics::SummarizeCustomers(loaded->log, loaded->last_day + 1, 1);
  EXPECT_THAT(summary.revenue, ElementsAre(400, 250));

  std::ostringstream rfm;
  ASSERT_TRUE(WriteAnalysisReport(*loaded, {}, "rfm", rfm).ok());
  const std::string text = rfm.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3) << text;
  EXPECT_THAT(text, HasSubstr("\nC1,"));
  EXPECT_THAT(text, HasSubstr("\nC2,"));

  EXPECT_EQ(loaded->anonymous.order_count(), 2);
  EXPECT_EQ(loaded->anonymous.line_count(), 4);
}

TEST_P(OrderBasketsTest, BasketAnalysisMinesAnonymousSalesToo) {
  auto loaded = LoadTransactionsFromStore(db(), workspace_);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const OrderBaskets all = BuildOrderBaskets(*loaded);
  EXPECT_EQ(all.baskets.size(), 4);
  EXPECT_EQ(all.anonymous_baskets, 2);
  EXPECT_THAT(all.item_names, ElementsAre("P1", "P2", "P3"));
  EXPECT_THAT(all.basket_customer,
              ElementsAre(0, 1, kAnonymousBasket, kAnonymousBasket));
  EXPECT_THAT(all.baskets.basket(2), ElementsAre(0, 2));
  EXPECT_THAT(all.baskets.basket(3), ElementsAre(0, 2));
  // A line's value is its order's total shared by its lines: P3 is in A1
  // (250 / 2) and A2 (370 / 2).
  EXPECT_EQ(all.item_value[2], 155);

  const OrderBaskets customers_only =
      BuildOrderBaskets(*loaded, {.with_anonymous = false});
  EXPECT_EQ(customers_only.baskets.size(), 2);
  EXPECT_THAT(customers_only.item_names, ElementsAre("P1", "P2"));

  const OrderBaskets by_category =
      BuildOrderBaskets(*loaded, {.by_category = true});
  EXPECT_THAT(by_category.item_names, ElementsAre("tea", "nuts", "cups"));
  EXPECT_THAT(by_category.baskets.basket(3), ElementsAre(0, 2));

  std::ostringstream rules;
  ReportOptions options;
  options.min_support = "2";
  ASSERT_TRUE(WriteAnalysisReport(*loaded, options, "basket", rules).ok());
  EXPECT_THAT(rules.str(), HasSubstr("P3"));
  EXPECT_THAT(rules.str(), HasSubstr("P2"));
}

TEST_P(OrderBasketsTest, RevertingTheImportTakesTheAnonymousSalesAway) {
  store::ImportBatchRepository batches(db());
  auto listed = batches.List(workspace_, 1);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->front().rows_anonymous, 4);
  ASSERT_TRUE(import::RevertBatch(db(), workspace_, listed->front().id).ok());
  auto loaded = LoadTransactionsFromStore(db(), workspace_);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->anonymous.order_count(), 0);
  EXPECT_EQ(BuildOrderBaskets(*loaded).baskets.size(), 0);
}

VAFA_INSTANTIATE_BACKEND_TEST(OrderBasketsTest);

}  // namespace
}  // namespace vafa::pipeline
