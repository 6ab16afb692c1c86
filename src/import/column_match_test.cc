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

TEST(ColumnMatchTest, SplitsCamelCaseAndReadsCommonExportNames) {
  EXPECT_EQ(NormalizeHeader("CustomerID"), "customer_id");
  EXPECT_EQ(NormalizeHeader("InvoiceNo"), "invoice_no");
  EXPECT_EQ(NormalizeHeader("IDNumber"), "id_number");
  EXPECT_EQ(NormalizeHeader(" Unit  Price "), "unit_price");
  auto map = Match({"InvoiceNo", "StockCode", "Description", "Quantity",
                    "InvoiceDate", "UnitPrice", "CustomerID", "Country"});
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  EXPECT_EQ(map->column(kTxOrder), 0);
  EXPECT_EQ(map->column(kTxProduct), 1);
  EXPECT_EQ(map->column(kTxProductName), 2);
  EXPECT_EQ(map->column(kTxQuantity), 3);
  EXPECT_EQ(map->column(kTxDate), 4);
  EXPECT_EQ(map->column(kTxUnitPrice), 5);
  EXPECT_EQ(map->column(kTxCustomer), 6);
  EXPECT_FALSE(map->has(kTxAmount));  // unit_price stands in for it
  EXPECT_EQ(map->ignored_columns, std::vector<std::string>{"Country"});
}

TEST(ColumnMatchTest, PersianExportNamesIncludingUnitPriceAndTax) {
  auto map = Match({"شماره فاکتور", "کد کالا", "تعداد", "تاریخ", "قیمت واحد",
                    "مالیات", "کد مشتری"});
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  EXPECT_EQ(map->column(kTxUnitPrice), 4);
  EXPECT_EQ(map->column(kTxTax), 5);
}

TEST(ColumnMatchTest, WithoutAmountOrUnitPriceBothAreNamed) {
  auto map = Match({"customer_id", "date", "order_id", "product"});
  ASSERT_FALSE(map.ok());
  EXPECT_THAT(map.status().message(), HasSubstr("or \"unit_price\""));
}

TEST(ColumnMatchTest, AnExplicitMappingWinsOverAliases) {
  auto mapping = ParseColumnMapping(
      " Kunde = customer_id,Beleg=order_id, "
      "Customer=,Betrag=amount");
  ASSERT_TRUE(mapping.ok()) << mapping.status().ToString();
  ASSERT_EQ(mapping->size(), 4u);
  EXPECT_EQ((*mapping)[0], (ColumnOverride{"Kunde", "customer_id"}));
  EXPECT_EQ((*mapping)[2], (ColumnOverride{"Customer", ""}));
  EXPECT_EQ(FormatColumnMapping(*mapping),
            "Kunde=customer_id,Beleg=order_id,Customer=,Betrag=amount");
  std::vector<std::string_view> header = {"Customer", "Kunde", "date",
                                          "Beleg",    "sku",   "Betrag"};
  auto map = MatchColumns(header, TransactionFieldSpecs(), "t.csv", *mapping);
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  EXPECT_EQ(map->column(kTxCustomer), 1);
  EXPECT_EQ(map->column(kTxOrder), 3);
  EXPECT_EQ(map->column(kTxAmount), 5);
  EXPECT_EQ(map->ignored_columns, std::vector<std::string>{"Customer"});
}

TEST(ColumnMatchTest, AMappingNamingNoColumnOrNoFieldIsAnError) {
  std::vector<ColumnOverride> mapping = {{"Nope", "customer_id"},
                                         {"Kunde", "shoe_size"}};
  std::vector<std::string_view> header = {"Kunde",    "customer_id", "date",
                                          "order_id", "sku",         "amount"};
  auto map = MatchColumns(header, TransactionFieldSpecs(), "t.csv", mapping);
  ASSERT_FALSE(map.ok());
  EXPECT_THAT(map.status().message(),
              HasSubstr("no column \"Nope\" in the header"));
  EXPECT_THAT(map.status().message(),
              HasSubstr("\"shoe_size\" is not a column this import reads"));
  EXPECT_FALSE(ParseColumnMapping("Kunde").ok());
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
