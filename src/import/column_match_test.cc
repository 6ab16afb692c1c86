#include "import/column_match.h"

#include <gmock/gmock.h>

#include "import/customer_row.h"
#include "import/transaction_row.h"

namespace vafa::import {
namespace {

using ::testing::HasSubstr;

Result<ColumnMap> Match(std::vector<std::string_view> header) {
  return MatchColumns(header, TransactionFieldSpecs(), "t.csv");
}

TEST(ColumnMatchTest, MatchesCanonicalNamesAliasesAndPersianHeaders) {
  auto map =
      Match({"Customer ID", "تاریخ", "Invoice-No", "SKU", "مبلغ", "comment"});
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  EXPECT_EQ(map->column(kTxCustomer), 0);
  EXPECT_EQ(map->column(kTxDate), 1);
  EXPECT_EQ(map->column(kTxOrder), 2);
  EXPECT_EQ(map->column(kTxProduct), 3);
  EXPECT_EQ(map->column(kTxAmount), 4);
  EXPECT_FALSE(map->has(kTxQuantity));
  EXPECT_EQ(map->ignored_columns, std::vector<std::string>{"comment"});
}

TEST(ColumnMatchTest, ArabicLettersInHeadersMatchPersianAliases) {
  // "کد مشتری" typed with Arabic kaf and yeh.
  auto map = Match({"كد مشتري", "date", "order_id", "product", "amount"});
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  EXPECT_EQ(map->column(kTxCustomer), 0);
}

TEST(ColumnMatchTest, ReportsEveryMissingAndDuplicatedColumnAtOnce) {
  auto map = Match({"customer_id", "customer", "product"});
  ASSERT_FALSE(map.ok());
  const std::string message = map.status().message();
  EXPECT_THAT(message, HasSubstr("t.csv:1:"));
  EXPECT_THAT(message, HasSubstr("columns 1 and 2 both give \"customer_id\""));
  EXPECT_THAT(message, HasSubstr("missing column \"date\""));
  EXPECT_THAT(message, HasSubstr("missing column \"order_id\""));
  EXPECT_THAT(message, HasSubstr("missing column \"amount\""));
}

TEST(ColumnMatchTest, NoAliasIsSharedBetweenTwoFieldsOfAFormat) {
  for (auto specs : {TransactionFieldSpecs(), CustomerFieldSpecs()}) {
    std::vector<std::string> seen;
    for (const FieldSpec& spec : specs) {
      seen.push_back(NormalizeHeader(spec.name));
      for (std::string_view alias : spec.aliases) {
        seen.push_back(NormalizeHeader(alias));
      }
    }
    std::sort(seen.begin(), seen.end());
    auto repeated = std::adjacent_find(seen.begin(), seen.end());
    EXPECT_EQ(repeated, seen.end()) << "alias used twice: " << *repeated;
  }
}

}  // namespace
}  // namespace vafa::import
