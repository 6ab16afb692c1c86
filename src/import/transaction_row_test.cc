#include "import/transaction_row.h"

#include <gmock/gmock.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/dates.h"
#include "import/internal/transaction_stream.h"

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

TEST_F(TransactionRowTest, MoreDecimalsThanTheCurrencyAreRoundedUnlessStrict) {
  ASSERT_TRUE(
      Parse({"C1", "2024-01-01", "O1", "P1", "12.505", "", "", ""}, "USD"));
  EXPECT_EQ(row_.amount_minor, 1251);
  EXPECT_TRUE(row_.rounded);
  ASSERT_TRUE(Parse({"C1", "2024-01-01", "O1", "P1", "12.5", "", "", ""}));
  EXPECT_EQ(row_.amount_minor, 13);  // IRR has no decimals
  EXPECT_TRUE(row_.rounded);
  ASSERT_TRUE(
      Parse({"C1", "2024-01-01", "O1", "P1", "12.50", "", "", ""}, "USD"));
  EXPECT_FALSE(row_.rounded);

  bool rounded = false;
  AmountFormat usd = *AmountFormatFor("USD");
  EXPECT_FALSE(ReadAmount("12.505", usd, /*strict=*/true, rounded).ok());
  EXPECT_EQ(*ReadAmount("-0.005", usd, false, rounded), -1);
  EXPECT_EQ(*ReadAmount("12.55", *AmountFormatFor("toman"), false, rounded),
            126);  // 125.5 rial
}

TEST(LineTotalTest, QuantityTimesUnitPriceIsExactThenRoundedHalfAwayFromZero) {
  const AmountFormat gbp = *AmountFormatFor("GBP");
  bool rounded = false;
  EXPECT_EQ(*LineTotal("2.55", "6", gbp, rounded), 1530);
  EXPECT_EQ(*LineTotal("0.29", "0.5", gbp, rounded), 15);  // 0.145
  EXPECT_TRUE(rounded);
  rounded = false;
  EXPECT_EQ(*LineTotal("0.29", "-0.5", gbp, rounded), -15);
  EXPECT_EQ(*LineTotal("0.001", "4", gbp, rounded), 0);  // 0.004
  EXPECT_EQ(*LineTotal("0.001", "5", gbp, rounded), 1);  // 0.005
  rounded = false;
  EXPECT_EQ(*LineTotal("4.25", "", gbp, rounded), 425);  // quantity 1
  EXPECT_EQ(*LineTotal("۱۲۰۰۰", "۳", *AmountFormatFor("IRR"), rounded), 36000);
  EXPECT_EQ(*LineTotal("1,500", "2", *AmountFormatFor("toman"), rounded),
            30000);
  EXPECT_FALSE(rounded);
  EXPECT_THAT(
      LineTotal("9000000000000000000", "3", gbp, rounded).status().message(),
      HasSubstr("exceeds the largest amount"));
}

TEST(LineTotalTest, RescaleRoundsHalvesAwayFromZero) {
  bool rounded = false;
  EXPECT_EQ(*Rescale(1245, 3, 2, rounded), 125);
  EXPECT_EQ(*Rescale(-1245, 3, 2, rounded), -125);
  EXPECT_EQ(*Rescale(1244, 3, 2, rounded), 124);
  EXPECT_EQ(*Rescale(12, 0, 2, rounded), 1200);
  EXPECT_FALSE(Rescale(INT64_MAX / 10, 0, 2, rounded).has_value());
}

class UnitPriceRowTest : public ::testing::Test {
 protected:
  bool Parse(std::vector<std::string_view> fields) {
    std::vector<std::string_view> header = {
        "InvoiceNo", "StockCode",  "Quantity", "InvoiceDate",
        "UnitPrice", "CustomerID", "Discount", "VAT"};
    columns_ = *MatchColumns(header, TransactionFieldSpecs(), "t.csv");
    TransactionFormat format;
    format.amount = *AmountFormatFor("GBP");
    format.date = *ParseDateFormat("%m/%d/%y %H:%M");
    format.allow_anonymous = true;
    return ParseTransactionRecord(columns_, fields, format, 3, row_, errors_);
  }
  ColumnMap columns_;
  TransactionRow row_;
  ImportErrors errors_;
};

TEST_F(UnitPriceRowTest, AmountIsQuantityTimesPriceLessDiscountPlusTax) {
  ASSERT_TRUE(Parse({"536365", "85123A", "6", "12/1/10 8:26", "2.55", "17850",
                     "1.00", "0.20"}))
      << errors_.Format("t.csv");
  EXPECT_EQ(row_.amount_minor, 1530 - 100 + 20);
  EXPECT_EQ(row_.discount_minor, 100);
  EXPECT_EQ(row_.quantity, 6);
  EXPECT_EQ(FormatIsoDateTime(row_.at), "2010-12-01T08:26:00Z");
}

TEST_F(UnitPriceRowTest, ACancellationIsTheNegativeOfItsSale) {
  ASSERT_TRUE(
      Parse({"C536379", "D", "-1", "12/1/10 9:41", "27.50", "", "", ""}));
  EXPECT_EQ(row_.amount_minor, -2750);
  EXPECT_TRUE(row_.customer_key.empty());  // anonymous allowed here
  EXPECT_FALSE(Parse(
      {"536365", "85123A", "6", "12/1/10 8:26", "2.5x", "17850", "", ""}));
  EXPECT_THAT(errors_.Format("t.csv"),
              HasSubstr("t.csv:3: column \"unit_price\": \"2.5x\""));
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
  EXPECT_EQ(errors.groups().size(), 1u);
  EXPECT_EQ(errors.groups()[0].count,
            static_cast<int64_t>(ImportErrors::kMaxKept) + 5);
  EXPECT_THAT(errors.Format("f.csv"),
              HasSubstr("10005\tamount\tis not an amount"));
  EXPECT_THAT(errors.Format("f.csv"),
              HasSubstr("10000 more errors of this kind not shown"));
}

TEST(ImportErrorsTest, ExcerptCutsLongValuesOnACharacterBoundary) {
  std::string persian;
  for (int i = 0; i < 50; ++i) persian += "س";  // two bytes each
  std::string cut = Excerpt(persian);
  EXPECT_LT(cut.size(), persian.size());
  EXPECT_EQ(cut.substr(cut.size() - 3), "…");
  EXPECT_EQ((cut.size() - 3) % 2, 0u);
}

class TransactionStreamTest : public ::testing::Test {
 protected:
  static TransactionFormat Irr() {
    TransactionFormat format;
    format.amount = *AmountFormatFor("IRR");
    return format;
  }
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("vafa_stream_" + std::to_string(::getpid()) + ".csv"))
                .string();
  }
  void TearDown() override { std::filesystem::remove(path_); }

  // A file of `rows` order lines, two to an order, of customers C0..C9 and
  // products P0..P99.
  ImportSource Source(int rows, const std::string& extra = "") {
    std::ofstream out(path_, std::ios::binary);
    out << "customer_id,date,order_id,product,amount\n";
    for (int i = 0; i < rows; ++i) {
      out << 'C' << i / 2 % 10 << ",2024-01-01,O" << i / 2 << ",P" << i % 100
          << ",1000\n";
    }
    out << extra;
    out.close();
    return std::move(OpenImportSource(path_, 0, TransactionFieldSpecs()))
        .value();
  }

  KnownKeys Known() {
    KnownKeys known;
    for (int i = 0; i < 10; ++i)
      known.customers["C" + std::to_string(i)] = i + 1;
    known.products["P0"] = 500;
    known.orders.insert("O0");
    known.next_order_id = 7000;
    known.next_product_id = 1000;
    return known;
  }

  std::string path_;
};

TEST_F(TransactionStreamTest, ResolvesKeysAndGathersOrdersInFileOrder) {
  ImportSource source = Source(20000);
  TransactionStream stream(source, Irr(), Known());
  int64_t expected_line = 4;  // O0 (lines 2 and 3) was imported before
  int batches = 0;
  std::vector<int64_t> new_products;
  while (const TransactionBatch* batch = stream.Next()) {
    ++batches;
    ASSERT_LE(batch->rows.size(), TransactionStream::kBatchRows);
    for (const StreamedRow& row : batch->rows) {
      ASSERT_EQ(row.line, expected_line++);
      const int i = static_cast<int>(row.line - 2);
      EXPECT_EQ(row.customer_id, i / 2 % 10 + 1);
      EXPECT_FALSE(row.new_customer);
      EXPECT_EQ(row.order_id, 7000 + i / 2 - 1);
      EXPECT_EQ(row.line_no, i % 2 + 1);
      if (row.new_product) {
        new_products.push_back(row.product_id);
        EXPECT_EQ(row.row.product_key, "P" + std::to_string(i % 100));
      } else {
        EXPECT_TRUE(row.row.product_key.empty());
      }
      if (i % 100 == 0) {
        EXPECT_EQ(row.product_id, 500);
      }
    }
  }
  EXPECT_EQ(expected_line, 20002);
  EXPECT_GE(batches, 3);
  EXPECT_TRUE(stream.status().ok());
  EXPECT_EQ(stream.records(), 20000);
  EXPECT_EQ(stream.unchanged(), 2);
  // P1..P99, each flagged once, with ids in order of first appearance.
  ASSERT_EQ(new_products.size(), 99u);
  for (size_t k = 0; k < new_products.size(); ++k) {
    EXPECT_EQ(new_products[k], 1000 + static_cast<int64_t>(k));
  }
  ASSERT_EQ(stream.orders().size(), 9999u);
  const GatheredOrder& first = stream.orders().front()->second;
  EXPECT_EQ(stream.orders().front()->first, "O1");
  EXPECT_EQ(first.id, 7000);
  EXPECT_EQ(first.line_count, 2);
  EXPECT_EQ(first.total_minor, 2000);
  EXPECT_EQ(stream.orders().back()->second.id, 7000 + 9998);
  EXPECT_FALSE(stream.has_errors());
}

TEST_F(TransactionStreamTest, NewCustomersGetIdsOnTheirFirstRow) {
  ImportSource source = Source(
      0,
      "N1,2024-01-01,A,P1,10\nN1,2024-01-02,B,P1,10\nN2,2024-01-01,A,P1,1\n");
  KnownKeys known = Known();
  known.create_missing_customers = true;
  known.next_customer_id = 300;
  TransactionStream stream(source, Irr(), std::move(known));
  std::vector<std::pair<int64_t, bool>> customers;
  while (const TransactionBatch* batch = stream.Next()) {
    for (const StreamedRow& row : batch->rows) {
      customers.emplace_back(row.customer_id, row.new_customer);
    }
  }
  EXPECT_EQ(customers,
            (std::vector<std::pair<int64_t, bool>>{{300, true}, {300, false}}));
  // N2 on N1's order A is refused, and takes no id.
  EXPECT_THAT(stream.errors().Format("t.csv"),
              HasSubstr("t.csv:4: column \"customer_id\": \"N2\": differs "
                        "from the customer of order \"A\" on line 2"));
}

TEST_F(TransactionStreamTest, BadRowsAreKeptBackAndReported) {
  ImportSource source =
      Source(10, "C1,2024-02-30,O99,P1,1000\nC404,2024-01-01,O98,P1,1\n");
  TransactionStream stream(source, Irr(), Known());
  int rows = 0;
  while (const TransactionBatch* batch = stream.Next()) {
    rows += static_cast<int>(batch->rows.size());
  }
  EXPECT_EQ(rows, 8);  // ten, less O0's two lines
  EXPECT_TRUE(stream.has_errors());
  const std::string report = stream.errors().Format("t.csv");
  EXPECT_THAT(report, HasSubstr("t.csv:12: column \"date\""));
  EXPECT_THAT(report, HasSubstr("t.csv:13: column \"customer_id\": "
                                "\"C404\": no customer has this external_id"));
}

TEST_F(TransactionStreamTest, ACsvErrorEndsTheStreamWithIt) {
  ImportSource source = Source(5, "C1,\"2024-01-01,O9,P1,1000\n");
  TransactionStream stream(source, Irr(), Known());
  while (stream.Next() != nullptr) {
  }
  EXPECT_FALSE(stream.status().ok());
  EXPECT_THAT(stream.status().message(), HasSubstr("unterminated"));
}

TEST_F(TransactionStreamTest, StopsWhenTheCallerGivesUpEarly) {
  ImportSource source = Source(200000);
  {
    TransactionStream stream(source, Irr(), Known());
    ASSERT_NE(stream.Next(), nullptr);
  }  // must join without reading the rest
  SUCCEED();
}

}  // namespace
}  // namespace vafa::import
