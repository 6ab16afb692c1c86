#include "import/transaction_row.h"

#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "core/dates.h"
#include "import/transaction_stream.h"

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

TEST(ImportErrorsTest, MergeKeepsLineOrderAndTheBound) {
  ImportErrors reading, gathering;
  reading.Add(3, "date", "x", "is not a date");
  reading.Add(3, "amount", "y", "is not an amount");
  reading.Add(9, "date", "z", "is not a date");
  gathering.Add(5, "customer_id", "C2", "differs");
  gathering.Add(12, "customer_id", "C3", "differs");
  reading.Merge(gathering);
  std::vector<int64_t> lines;
  for (const ImportError& error : reading.kept()) lines.push_back(error.line);
  EXPECT_EQ(lines, (std::vector<int64_t>{3, 3, 5, 9, 12}));
  EXPECT_EQ(reading.total(), 5);
  EXPECT_EQ(reading.bad_rows(), 4);

  // Of two full reports, the earliest kMaxKept lines are kept.
  ImportErrors odd, even;
  for (int64_t i = 0; i < static_cast<int64_t>(ImportErrors::kMaxKept); ++i) {
    odd.Add(2 * i + 1, "date", "", "bad");
    even.Add(2 * i + 2, "date", "", "bad");
  }
  odd.Merge(even);
  ASSERT_EQ(odd.kept().size(), ImportErrors::kMaxKept);
  EXPECT_EQ(odd.kept().back().line,
            static_cast<int64_t>(ImportErrors::kMaxKept));
  EXPECT_EQ(odd.total(), 2 * static_cast<int64_t>(ImportErrors::kMaxKept));
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
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("vafa_stream_" + std::to_string(::getpid()) + ".csv"))
                .string();
  }
  void TearDown() override { std::filesystem::remove(path_); }

  // A file of `rows` order lines of customers C0..C9 and products P0..P99.
  ImportSource Source(int rows, const std::string& extra = "") {
    std::ofstream out(path_, std::ios::binary);
    out << "customer_id,date,order_id,product,amount\n";
    for (int i = 0; i < rows; ++i) {
      out << 'C' << i % 10 << ",2024-01-01,O" << i / 2 << ",P" << i % 100
          << ",1000\n";
    }
    out << extra;
    out.close();
    return std::move(OpenImportSource(path_, 0, TransactionFieldSpecs())).value();
  }

  KnownKeys Known() {
    KnownKeys known;
    for (int i = 0; i < 10; ++i)
      known.customers["C" + std::to_string(i)] = i + 1;
    known.products["P0"] = 500;
    known.orders.insert("O0");
    known.next_product_id = 1000;
    return known;
  }

  std::string path_;
};

TEST_F(TransactionStreamTest, ResolvesKeysInBatchesInFileOrder) {
  ImportSource source = Source(20000);
  TransactionStream stream(source, *AmountFormatFor("IRR"), Known());
  int64_t expected_line = 4;  // O0 (lines 2 and 3) was imported before
  int batches = 0;
  std::set<int64_t> new_products;
  while (const TransactionBatch* batch = stream.Next()) {
    ++batches;
    ASSERT_LE(batch->rows.size(), TransactionStream::kBatchRows);
    for (const StreamedRow& row : batch->rows) {
      ASSERT_EQ(row.line, expected_line++);
      const int i = static_cast<int>(row.line - 2);
      EXPECT_EQ(row.customer_id, i % 10 + 1);
      EXPECT_EQ(row.row.customer_key, "C" + std::to_string(i % 10));
      if (i % 100 == 0) {
        EXPECT_EQ(row.product_id, 500);
        EXPECT_FALSE(row.new_product);
      } else {
        EXPECT_TRUE(row.new_product);
        new_products.insert(row.product_id);
      }
    }
  }
  EXPECT_EQ(expected_line, 20002);
  EXPECT_GE(batches, 3);
  EXPECT_TRUE(stream.status().ok());
  EXPECT_EQ(stream.records(), 20000);
  EXPECT_EQ(stream.unchanged(), 2);
  EXPECT_EQ(stream.new_products(), 99);
  EXPECT_EQ(new_products.size(), 99u);
  EXPECT_EQ(*new_products.begin(), 1000);
  EXPECT_FALSE(stream.has_errors());
}

TEST_F(TransactionStreamTest, BadRowsAreKeptBackAndReported) {
  ImportSource source =
      Source(10, "C1,2024-02-30,O99,P1,1000\nC404,2024-01-01,O98,P1,1\n");
  TransactionStream stream(source, *AmountFormatFor("IRR"), Known());
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
  TransactionStream stream(source, *AmountFormatFor("IRR"), Known());
  while (stream.Next() != nullptr) {
  }
  EXPECT_FALSE(stream.status().ok());
  EXPECT_THAT(stream.status().message(), HasSubstr("unterminated"));
}

TEST_F(TransactionStreamTest, StopsWhenTheCallerGivesUpEarly) {
  ImportSource source = Source(200000);
  {
    TransactionStream stream(source, *AmountFormatFor("IRR"), Known());
    ASSERT_NE(stream.Next(), nullptr);
  }  // must join without reading the rest
  SUCCEED();
}

}  // namespace
}  // namespace vafa::import
