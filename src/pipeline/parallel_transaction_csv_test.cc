#include "pipeline/internal/parallel_transaction_csv.h"

#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace vafa::pipeline {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

void ExpectSameLog(const LoadedLog& a, const LoadedLog& b) {
  EXPECT_EQ(a.log.customer, b.log.customer);
  EXPECT_EQ(a.log.day, b.log.day);
  EXPECT_EQ(a.log.amount, b.log.amount);
  EXPECT_EQ(a.log.discount, b.log.discount);
  EXPECT_EQ(a.log.cost, b.log.cost);
  EXPECT_EQ(a.log.channel, b.log.channel);
  EXPECT_EQ(a.log.branch, b.log.branch);
  EXPECT_EQ(a.log.item_begin, b.log.item_begin);
  EXPECT_EQ(a.log.item_product, b.log.item_product);
  EXPECT_EQ(a.log.customer_begin, b.log.customer_begin);
  EXPECT_EQ(a.log.customer_keys, b.log.customer_keys);
  EXPECT_EQ(a.log.product_keys, b.log.product_keys);
  EXPECT_EQ(a.log.product_category, b.log.product_category);
  EXPECT_EQ(a.log.category_names, b.log.category_names);
  EXPECT_EQ(a.log.channel_names, b.log.channel_names);
  EXPECT_EQ(a.log.branch_names, b.log.branch_names);
  EXPECT_EQ(a.last_day, b.last_day);
  EXPECT_EQ(a.currency, b.currency);
  EXPECT_EQ(a.minor_digits, b.minor_digits);
  EXPECT_TRUE(a.customer_ids.empty() && b.customer_ids.empty());
}

// Loads `path` serially and on 2, 3 and 5 threads and checks that all give
// the same log, or the same message. Returns the reasons the parallel
// loads fell back (empty when each read in parallel).
std::string ExpectSameAsSerial(const std::string& path,
                               const std::string& currency = "IRR") {
  const Result<LoadedLog> serial = LoadTransactionsCsvSerially(path, currency);
  std::string reasons;
  for (int partitions : {2, 3, 5}) {
    SCOPED_TRACE(path + " on " + std::to_string(partitions) + " threads");
    ParallelCsvLoad parallel =
        LoadTransactionsCsvInParallel(path, currency, 0, partitions);
    reasons += parallel.fallback_reason;
    EXPECT_EQ(parallel.loaded.ok(), serial.ok());
    if (!serial.ok() || !parallel.loaded.ok()) {
      EXPECT_EQ(parallel.loaded.status().ToString(),
                serial.status().ToString());
      continue;
    }
    ExpectSameLog(*parallel.loaded, *serial);
  }
  return reasons;
}

class ParallelTransactionCsvTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    auto path = std::filesystem::temp_directory_path() /
                ("parallel_csv_" + std::to_string(::getpid()) + "_" + name);
    std::ofstream(path, std::ios::binary) << text;
    paths_.push_back(path);
    return path.string();
  }
  void TearDown() override {
    for (auto& path : paths_) std::filesystem::remove(path);
  }
  std::vector<std::filesystem::path> paths_;
};

// Every dialect the reader takes: Jalali and ISO dates, refunds, decimal
// amounts, quoted names with commas and line breaks, CRLF, blank lines,
// apostrophe-protected cells, blanks around customer ids, lines of one order
// apart.
std::string GeneratedTransactions(int lines, bool quotes = true) {
  std::mt19937 random(7);
  std::ostringstream out;
  out << "customer_id,date,order_id,product,product_name,category,amount,"
         "discount,cost,channel,branch\n";
  for (int line = 0; line < lines; ++line) {
    const int customer = static_cast<int>(random() % 700);
    const int order = customer * 40 + static_cast<int>(random() % 6);
    const int day = 10 + static_cast<int>(random() % 18);
    const bool jalali = random() % 5 == 0;
    const int product = static_cast<int>(random() % 90);
    out << (random() % 9 == 0 ? " C" : "C") << customer
        << (random() % 9 == 0 ? "\t" : "");
    out << ",";
    // An order's day is its earliest line's; lines may disagree.
    if (jalali)
      out << "1403/0" << (1 + order % 9) << "/" << day;
    else
      out << "2024-" << (order % 2 ? "03" : "11") << "-" << day;
    out << ",O" << order << ",P" << product << ",";
    switch (random() % 4) {
      case 0:
        out << (quotes ? "\"Tea, green\nloose\"" : "Tea green");
        break;
      case 1:
        out << (quotes ? "\"Say \"\"hi\"\"\"" : "Say hi");
        break;
      case 2:
        out << "'=SUM";
        break;
      default:
        out << "Nuts";
    }
    out << ",cat" << product % 7 << ",";
    const int amount = static_cast<int>(random() % 100000);
    out << (random() % 30 == 0 ? "-" : "") << amount / 100 << "."
        << amount % 100 << ",";
    if (random() % 3 == 0) out << random() % 500;
    out << ",";
    if (random() % 2 == 0) out << amount / 200;
    out << ",ch" << random() % 3 << ",b" << random() % 4;
    out << (random() % 4 == 0 ? "\r\n" : "\n");
    if (random() % 50 == 0) out << "\n";
  }
  return out.str();
}

TEST_F(ParallelTransactionCsvTest, GivesTheSerialLogOnTheTestData) {
  for (const char* file : {"tests/data/import/transactions.csv",
                           "tests/data/invoices/invoices_converted.csv"}) {
    EXPECT_THAT(ExpectSameAsSerial(file), IsEmpty()) << file;
    EXPECT_THAT(ExpectSameAsSerial(file, "USD"), IsEmpty()) << file;
  }
  // Files that are not transaction files fail alike.
  for (const char* file : {"tests/data/invoices/invoices.csv",
                           "tests/data/analytics/rfm_small_orders.csv",
                           "tests/data/import/transactions.xlsx"}) {
    ExpectSameAsSerial(file);
  }
}

TEST_F(ParallelTransactionCsvTest, GivesTheSerialLogOnAGeneratedFile) {
  const std::string text = GeneratedTransactions(20000);
  const std::string path = Write("generated.csv", text);
  EXPECT_THAT(ExpectSameAsSerial(path, "USD"), IsEmpty());
  auto loaded = LoadTransactionsCsvSerially(path, "USD");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_GT(loaded->log.customer_count(), 600);
  // With a byte-order mark, and without the last line break.
  EXPECT_THAT(
      ExpectSameAsSerial(Write("bom.csv", "\xEF\xBB\xBF" + text), "USD"),
      IsEmpty());
  EXPECT_THAT(
      ExpectSameAsSerial(Write("no_break.csv", text.substr(0, text.size() - 1)),
                         "USD"),
      IsEmpty());
  // Without quotes, each thread reads its own range of lines: the same log,
  // with CRLF, blank lines, no last line break, and a file cut anywhere.
  const std::string plain = GeneratedTransactions(20000, /*quotes=*/false);
  ASSERT_EQ(plain.find('"'), std::string::npos);
  EXPECT_THAT(ExpectSameAsSerial(Write("plain.csv", plain), "USD"), IsEmpty());
  EXPECT_THAT(ExpectSameAsSerial(Write("plain_no_break.csv",
                                       plain.substr(0, plain.size() - 1)),
                                 "USD"),
              IsEmpty());
  for (size_t lines : {1, 2, 3, 7}) {
    size_t end = 0;
    for (size_t line = 0; line <= lines; ++line)
      end = plain.find('\n', end) + 1;
    EXPECT_THAT(ExpectSameAsSerial(
                    Write("plain_short.csv", plain.substr(0, end)), "USD"),
                IsEmpty())
        << lines << " lines";
  }
  // Semicolons, detected from the header as the reader detects them.
  std::string semicolons =
      "customer_id;date;order_id;product;amount\n"
      "C1;2024-01-02;O1;P1;\"1.5\"\nC2;2024-01-03;O2;P1;-7\r\nC1;2024-01-04;"
      "O3;P2;9";
  EXPECT_THAT(ExpectSameAsSerial(Write("semicolons.csv", semicolons), "USD"),
              IsEmpty());
}

// Orders whose lines are adjacent, as most exports write them: 1 to 4
// lines each, days that may differ between an order's lines.
std::string AdjacentOrderLines(int orders) {
  std::mt19937 random(11);
  std::string text = "customer_id,date,order_id,product,amount,channel\n";
  for (int order = 0; order < orders; ++order) {
    const std::string customer = "C" + std::to_string(random() % 300);
    const int lines = 1 + static_cast<int>(random() % 4);
    for (int line = 0; line < lines; ++line) {
      text += customer + ",2024-0" + std::to_string(1 + random() % 9) + "-1" +
              std::to_string(random() % 10) + ",O" + std::to_string(order) +
              ",P" + std::to_string(random() % 40) + "," +
              std::to_string(random() % 900) + ",ch" +
              std::to_string(random() % 3) + "\n";
    }
  }
  return text;
}

bool ReadWithOrderDictionary(const std::string& path) {
  ParallelCsvLoad load = LoadTransactionsCsvInParallel(path, "USD", 0, 3);
  EXPECT_THAT(load.fallback_reason, IsEmpty());
  return load.order_dictionary;
}

TEST_F(ParallelTransactionCsvTest, AdjacentOrderLinesNeedNoOrderDictionary) {
  const std::string adjacent = AdjacentOrderLines(3000);
  const std::string path = Write("adjacent.csv", adjacent);
  EXPECT_THAT(ExpectSameAsSerial(path, "USD"), IsEmpty());
  EXPECT_FALSE(ReadWithOrderDictionary(path));

  // A line of order O7 after other orders: read again with the dictionary,
  // and O7 is still one order.
  const size_t o7 = adjacent.find(",O7,");
  const size_t o7_line = adjacent.rfind('\n', o7) + 1;
  const std::string o7_text =
      adjacent.substr(o7_line, adjacent.find('\n', o7) + 1 - o7_line);
  const std::string apart = Write("apart.csv", adjacent + o7_text);
  EXPECT_THAT(ExpectSameAsSerial(apart, "USD"), IsEmpty());
  EXPECT_TRUE(ReadWithOrderDictionary(apart));
  auto with_apart = LoadTransactionsCsvSerially(apart, "USD");
  auto without = LoadTransactionsCsvSerially(path, "USD");
  ASSERT_TRUE(with_apart.ok() && without.ok());
  EXPECT_EQ(with_apart->log.order_count(), without->log.order_count());
  EXPECT_EQ(with_apart->log.line_count(), without->log.line_count() + 1);

  // Scattered lines of an order (the generated file without quotes).
  const std::string scattered =
      Write("scattered.csv", GeneratedTransactions(3000, /*quotes=*/false));
  EXPECT_TRUE(ReadWithOrderDictionary(scattered));

  // The next line of an order with another customer, in a run or apart:
  // the serial message.
  const std::string customer = o7_text.substr(0, o7_text.find(','));
  std::string other = o7_text;
  other.replace(0, customer.size(), customer + "x");
  for (const std::string& text :
       {adjacent.substr(0, o7_line) + other + adjacent.substr(o7_line),
        adjacent + other}) {
    const std::string bad = Write("other_customer.csv", text);
    auto serial = LoadTransactionsCsvSerially(bad, "USD");
    ASSERT_FALSE(serial.ok());
    EXPECT_THAT(serial.status().message(), HasSubstr("belongs to customer"));
    EXPECT_THAT(ExpectSameAsSerial(bad, "USD"), Not(IsEmpty()));
  }
}

TEST_F(ParallelTransactionCsvTest, BadFilesFailWithTheSerialMessage) {
  const std::string header = "customer_id,date,order_id,product,amount\n";
  std::string lines;
  for (int line = 0; line < 200; ++line) {
    lines += "C" + std::to_string(line % 17) + ",2024-01-0" +
             std::to_string(1 + line % 9) + ",O" + std::to_string(line) +
             ",P1,100\n";
  }
  struct Case {
    const char* name;
    std::string text;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"bad_amount", header + lines + "C1,2024-01-01,O900,P1,abc\n" + lines,
       ":202: column \"amount\""},
      {"bad_date", header + "C1,2024-13-01,O1,P1,5\n" + lines,
       ":2: column \"date\""},
      {"shared_order", header + lines + "C2,2024-01-01,O5,P1,100\n",
       "belongs to customer"},
      {"field_count", header + lines + "C1,2024-01-01,O900,P1\n",
       "has 4 fields; the header has 5"},
      {"unterminated", header + lines + "C1,2024-01-01,\"O9\n",
       "unterminated quoted field"},
      {"after_quote", header + "C1,2024-01-01,\"O9\"x,P1,5\n" + lines,
       "text after the closing quote"},
      {"invalid_utf8", header + lines + "C1,2024-01-01,O\xE9,P1,5\n",
       "invalid UTF-8"},
      {"huge_line",
       header + lines + "C1,2024-01-01,O9,P1,5," + std::string(9 << 20, '9') +
           "\n",
       "longer than"},
      {"overflow",
       header + "C1,2024-01-01,O1,P1,9000000000000000000\n" +
           "C2,2024-01-01,O2,P1,9000000000000000000\n",
       "amount"},
      {"missing_column",
       "customer_id,date,product,amount\nC1,2024-01-01,P1,5\n",
       "missing column"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = Write(std::string(c.name) + ".csv", c.text);
    auto serial = LoadTransactionsCsvSerially(path, "IRR");
    ASSERT_FALSE(serial.ok());
    EXPECT_THAT(serial.status().message(), HasSubstr(c.message));
    EXPECT_THAT(ExpectSameAsSerial(path), Not(IsEmpty()));
  }
}

TEST_F(ParallelTransactionCsvTest, OtherSourcesAreReadSerially) {
  const std::string text =
      "customer_id,date,order_id,product,amount\nC1,2024-01-01,O1,P1,5\n";
  EXPECT_EQ(LoadTransactionsCsvInParallel(Write("one.csv", text), "IRR", 0, 1)
                .fallback_reason,
            "one thread");
  EXPECT_EQ(LoadTransactionsCsvInParallel("tests/data/import/transactions.xlsx",
                                          "IRR", 0, 2)
                .fallback_reason,
            "not a CSV file");
  std::string utf16 = "\xFF\xFE";
  for (char c : text) utf16 += std::string{c, '\0'};
  ParallelCsvLoad wide =
      LoadTransactionsCsvInParallel(Write("wide.csv", utf16), "IRR", 0, 2);
  EXPECT_EQ(wide.fallback_reason, "not UTF-8");
  ASSERT_TRUE(wide.loaded.ok()) << wide.loaded.status().ToString();
  EXPECT_EQ(wide.loaded->log.order_count(), 1);
}

TEST(LoadTransactionsCsvTest, ThreadsAreBoundedAndOneThreadReadsSerially) {
  const std::string path = "tests/data/import/transactions.csv";
  auto one = LoadTransactionsCsv(path, "USD", 0, 1);
  auto many = LoadTransactionsCsv(path, "USD", 0, 1000);
  ASSERT_TRUE(one.ok() && many.ok());
  ExpectSameLog(*one, *many);
}

}  // namespace
}  // namespace vafa::pipeline
