#include "import/transaction_row.h"

#include <gmock/gmock.h>

#include "core/dates.h"

namespace vafa::import {
namespace {

using ::testing::HasSubstr;

class TransactionRowTest : public ::testing::Test {
 protected:
  bool Parse(std::vector<std::string_view> fields,
             std::string_view currency = "IRR") {
    std::vector<std::string_view> header = {"customer_id", "date",   "order_id",
                                            "product",     "amount", "quantity",
                                            "discount",    "cost"};
    columns_ = *MatchColumns(header, TransactionFieldSpecs(), "t.csv");
    auto format = AmountFormatFor(currency);
    EXPECT_TRUE(format.ok()) << format.status().ToString();
    return ParseTransactionRecord(columns_, fields, *format, 7, row_, errors_);
  }
  ColumnMap columns_;
  TransactionRow row_;
  ImportErrors errors_;
};

TEST_F(TransactionRowTest, ParsesAFullRow) {
  ASSERT_TRUE(Parse(
      {"C1", "1403/01/01", "O1", "P1", "۱٬۲۰۰٬۰۰۰", "2", "100", "700000"}));
  EXPECT_EQ(row_.customer_key, "C1");
  EXPECT_EQ(FormatGregorian(DayOf(row_.at)), "2024-03-20");  // Nowruz 1403
  EXPECT_EQ(row_.amount_minor, 1200000);
  EXPECT_EQ(row_.quantity, 2);
  EXPECT_EQ(row_.discount_minor, 100);
  EXPECT_TRUE(row_.has_cost);
  EXPECT_EQ(row_.cost_minor, 700000);
}

TEST_F(TransactionRowTest, TomanIsTenRial) {
  ASSERT_TRUE(
      Parse({"C1", "2024-01-01", "O1", "P1", "1,500", "", "", ""}, "toman"));
  EXPECT_EQ(row_.amount_minor, 15000);
  EXPECT_FALSE(row_.has_cost);
  EXPECT_EQ(row_.quantity, 1);
}

TEST_F(TransactionRowTest, DollarsKeepCents) {
  ASSERT_TRUE(
      Parse({"C1", "2024-01-01", "O1", "P1", "12.50", "", "", ""}, "USD"));
  EXPECT_EQ(row_.amount_minor, 1250);
}

TEST_F(TransactionRowTest, ReportsEveryBadFieldOfTheRow) {
  EXPECT_FALSE(Parse({"", "2024-13-01", "O1", "", "12a", "x", "-5", ""}));
  std::string report = errors_.Format("t.csv");
  EXPECT_THAT(report,
              HasSubstr("t.csv:7: column \"customer_id\": \"\": is empty"));
  EXPECT_THAT(report, HasSubstr("t.csv:7: column \"date\": \"2024-13-01\""));
  EXPECT_THAT(report, HasSubstr("t.csv:7: column \"product\""));
  EXPECT_THAT(report, HasSubstr("t.csv:7: column \"amount\": \"12a\""));
  EXPECT_THAT(report, HasSubstr("t.csv:7: column \"quantity\": \"x\""));
  EXPECT_THAT(report, HasSubstr("t.csv:7: column \"discount\": \"-5\""));
  EXPECT_EQ(errors_.bad_rows(), 1);
  EXPECT_EQ(errors_.total(), 6);
}

TEST(ImportErrorsTest, KeepsABoundedNumberAndCountsTheRest) {
  ImportErrors errors;
  for (int64_t line = 2;
       line < 2 + static_cast<int64_t>(ImportErrors::kMaxKept) + 5; ++line) {
    errors.Add(line, "amount", "x", "is not an amount");
  }
  EXPECT_EQ(errors.kept().size(), ImportErrors::kMaxKept);
  EXPECT_THAT(errors.Format("f.csv"), HasSubstr("5 more errors not shown"));
}

TEST(ImportErrorsTest, ExcerptCutsLongValuesOnACharacterBoundary) {
  std::string persian;
  for (int i = 0; i < 50; ++i) persian += "س";  // two bytes each
  std::string cut = Excerpt(persian);
  EXPECT_LT(cut.size(), persian.size());
  EXPECT_EQ(cut.substr(cut.size() - 3), "…");
  EXPECT_EQ((cut.size() - 3) % 2, 0u);
}

}  // namespace
}  // namespace vafa::import
