#include "analytics/basket/basket_writers.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/report_table_csv.h"

namespace vafa::analytics::basket {
namespace {

FrequentItemsets TwoItemsets() {
  FrequentItemsets itemsets;
  itemsets.num_baskets = 4;
  itemsets.items = {0, 0, 1};
  itemsets.offsets = {0, 1, 3};
  itemsets.support = {3, 1};
  return itemsets;
}

TEST(BasketWritersTest, ItemsetsCsvQuotesNamesThatNeedIt) {
  const std::vector<std::string> names = {"tea", "milk, 1l"};
  const ReportTable table = ItemsetsTable(TwoItemsets(), names);
  EXPECT_EQ(table.name(), "itemsets");
  EXPECT_EQ(table.column(0).type, ColumnType::kText);
  EXPECT_EQ(table.column(1).type, ColumnType::kInteger);
  EXPECT_EQ(table.column(2).type, ColumnType::kInteger);
  EXPECT_EQ(table.column(3).type, ColumnType::kNumber);
  EXPECT_EQ(table.TextAt(0, 1), "tea;milk, 1l");
  EXPECT_EQ(RenderReportCsv(table),
            "items,size,support_count,support\n"
            "tea,1,3,0.75\n"
            "\"tea;milk, 1l\",2,1,0.25\n");
}

TEST(BasketWritersTest, ItemsetsCsvProtectsNamesThatLookLikeFormulas) {
  FrequentItemsets itemsets;
  itemsets.num_baskets = 3;
  itemsets.items = {0, 1};
  itemsets.offsets = {0, 1, 2};
  itemsets.support = {1, 2};
  const std::vector<std::string> names = {"=HYPERLINK(1)", "-5"};
  // A support of 1/3 is the shortest text that reads back as the double.
  EXPECT_EQ(RenderReportCsv(ItemsetsTable(itemsets, names)),
            "items,size,support_count,support\n"
            "'=HYPERLINK(1),1,1,0.3333333333333333\n"
            "-5,1,2,0.6666666666666666\n");
}

TEST(BasketWritersTest, ItemsetsJsonWithAndWithoutNames) {
  std::ostringstream numbers;
  WriteItemsetsJson(TwoItemsets(), {}, numbers);
  EXPECT_EQ(numbers.str(),
            "[{\"items\":[0],\"support_count\":3,\"support\":0.75},"
            "{\"items\":[0,1],\"support_count\":1,\"support\":0.25}]\n");
  const std::vector<std::string> names = {"چای", "say \"hi\""};
  std::ostringstream named;
  WriteItemsetsJson(TwoItemsets(), names, named);
  EXPECT_NE(named.str().find("[\"چای\",\"say \\\"hi\\\"\"]"),
            std::string::npos);
}

AssociationRules OneRule(double confidence, double conviction) {
  AssociationRules rules;
  rules.num_baskets = 4;
  rules.antecedent_items = {0};
  rules.antecedent_offsets = {0, 1};
  rules.consequent_items = {1};
  rules.consequent_offsets = {0, 1};
  rules.support_count = {1};
  rules.support = {0.25};
  rules.confidence = {confidence};
  rules.lift = {2};
  rules.leverage = {0.125};
  rules.conviction = {conviction};
  return rules;
}

TEST(BasketWritersTest, RulesWriteInfiniteConvictionPerFormat) {
  const auto rules = OneRule(1, std::numeric_limits<double>::infinity());
  EXPECT_EQ(RenderReportCsv(RulesTable(rules, {})),
            "antecedent,consequent,support_count,support,confidence,lift,"
            "leverage,conviction\n0,1,1,0.25,1,2,0.125,inf\n");
  std::ostringstream json;
  WriteRulesJson(rules, {}, json);
  EXPECT_EQ(json.str(),
            "[{\"antecedent\":[0],\"consequent\":[1],\"support_count\":1,"
            "\"support\":0.25,\"confidence\":1,\"lift\":2,\"leverage\":0.125,"
            "\"conviction\":null}]\n");
}

TEST(BasketWritersTest, RulesTableKeepsTheTopRulesWhenAskedTo) {
  const auto rules = OneRule(0.5, 1.5);
  EXPECT_EQ(RulesTable(rules, {}).row_count(), 1u);
  EXPECT_EQ(RulesTable(rules, {}, 0).row_count(), 0u);
  EXPECT_EQ(RulesTable(rules, {}, 5).row_count(), 1u);
  // The top's CSV is the beginning of the whole table's.
  EXPECT_EQ(RenderReportCsv(RulesTable(rules, {}, 0)),
            "antecedent,consequent,support_count,support,confidence,lift,"
            "leverage,conviction\n");
}

TEST(BasketWritersTest, OffersAsCampaignList) {
  NextBestOffers offers;
  offers.offsets = {0, 2, 2};
  offers.product = {1, 0};
  offers.probability = {0.5, 0.25};
  offers.expected_value = {50, 10};
  offers.rule = {3, -1};
  const std::vector<std::string> customers = {"c-17", "c-18"};
  const ReportTable table = OffersTable(offers, customers, {});
  EXPECT_EQ(table.column(1).type, ColumnType::kInteger);  // rank
  EXPECT_EQ(table.column(6).type, ColumnType::kInteger);  // rule
  EXPECT_TRUE(table.IsEmpty(6, 1));  // a segment's offer has no rule
  EXPECT_EQ(RenderReportCsv(table),
            "customer,rank,product,probability,expected_value,source,rule\n"
            "c-17,1,1,0.5,50,rule,3\n"
            "c-17,2,0,0.25,10,segment,\n");
  std::ostringstream json;
  WriteOffersJson(offers, {}, {}, json);
  EXPECT_EQ(json.str(),
            "[{\"customer\":0,\"offers\":[{\"product\":1,\"probability\":0.5,"
            "\"expected_value\":50,\"source\":\"rule\",\"rule\":3},"
            "{\"product\":0,\"probability\":0.25,\"expected_value\":10,"
            "\"source\":\"segment\",\"rule\":null}]},"
            "{\"customer\":1,\"offers\":[]}]\n");
}

}  // namespace
}  // namespace vafa::analytics::basket
