#include "import/plain_transaction_record.h"

#include <gmock/gmock.h>

#include <random>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/money.h"

namespace vafa::import {
namespace {

TEST(ReadPlainIsoDate, ReadsDaysAndTimes) {
  UnixSeconds at = 0;
  ASSERT_TRUE(ReadPlainIsoDate("2024-01-05", at));
  EXPECT_EQ(at, 1704412800);  // date -u -d 2024-01-05 +%s
  ASSERT_TRUE(ReadPlainIsoDate("2024-01-05 08:26:00", at));
  EXPECT_EQ(at, 1704412800 + 8 * 3600 + 26 * 60);
  ASSERT_TRUE(ReadPlainIsoDate("2024-02-29T23:59:59", at));
  EXPECT_EQ(at, 1709251199);
  ASSERT_TRUE(ReadPlainIsoDate("1700-01-01", at));
  ASSERT_TRUE(ReadPlainIsoDate("9999-12-31 23:59:59", at));
}

TEST(ReadPlainIsoDate, LeavesEverythingElseToParseDateTime) {
  UnixSeconds at = 0;
  for (const char* text :
       {"2023-02-29", "2024-13-01", "2024-00-10", "2024-01-00", "2024-1-05",
        "1403-01-01", "1699-12-31", "2024/01/05", "20240105", "2024-01-05Z",
        "2024-01-05 24:00:00", "2024-01-05 08:60:00", "2024-01-05 08:26",
        "2024-01-05 08:26:00Z", "2024-01-05+08:26:00", "", "۲۰۲۴-۰۱-۰۵"}) {
    EXPECT_FALSE(ReadPlainIsoDate(text, at)) << text;
  }
}

TEST(ReadPlainAmount, ReadsAsParseAmountDoes) {
  int64_t minor = 0;
  ASSERT_TRUE(ReadPlainAmount("1200", 0, 1, minor));
  EXPECT_EQ(minor, 1200);
  ASSERT_TRUE(ReadPlainAmount("-1200", 0, 10, minor));  // Toman
  EXPECT_EQ(minor, -12000);
  ASSERT_TRUE(ReadPlainAmount("12.5", 2, 1, minor));
  EXPECT_EQ(minor, 1250);
  ASSERT_TRUE(ReadPlainAmount("0.05", 2, 1, minor));
  EXPECT_EQ(minor, 5);
  ASSERT_TRUE(ReadPlainAmount("999999999999999999", 0, 1, minor));
  EXPECT_EQ(minor, 999999999999999999);
  for (const char* text :
       {"", "-", "12.", "12.505", "1,200", "+5", "1e3", "(5)", "5-", "1 200",
        "۱۲۰۰", "1000000000000000000", "1.2.3", "12..5"}) {
    EXPECT_FALSE(ReadPlainAmount(text, 2, 1, minor)) << text;
  }
  EXPECT_FALSE(ReadPlainAmount("922337203685477580", 0, 100, minor));
  EXPECT_FALSE(ReadPlainAmount("92233720368547759", 2, 1, minor));
}

// Random texts from the characters that matter to dates and amounts: when
// the plain reading takes one, the general one reads the same value.
std::string RandomText(std::mt19937_64& random, std::string_view alphabet,
                       size_t longest) {
  std::string text;
  const size_t size = random() % (longest + 1);
  for (size_t i = 0; i < size; ++i)
    text += alphabet[random() % alphabet.size()];
  return text;
}

TEST(ReadPlainAmount, AgreesWithParseAmountOnRandomTexts) {
  std::mt19937_64 random(7);
  int taken = 0;
  for (int round = 0; round < 300000; ++round) {
    std::string text = RandomText(random, "0123456789.-,+ 9", 21);
    if (round % 3 == 0) text = std::to_string(random() % 100000000000);
    const int digits = static_cast<int>(random() % 4);
    const int64_t factor = round % 5 == 0 ? 10 : 1;
    int64_t minor = 0;
    if (!ReadPlainAmount(text, digits, factor, minor)) continue;
    ++taken;
    auto general = ParseAmount(text, digits, factor);
    ASSERT_TRUE(general.ok()) << text << " " << general.status().ToString();
    EXPECT_EQ(*general, minor) << text << " digits " << digits;
  }
  EXPECT_GT(taken, 100000);
}

TEST(ReadPlainIsoDate, AgreesWithParseDateTimeOnEveryDayAndRandomTexts) {
  UnixSeconds at = 0;
  for (DayNumber day = DaysFromGregorian({1700, 1, 1});
       day <= DaysFromGregorian({2200, 12, 31}); ++day) {
    const std::string text = FormatGregorian(day);
    ASSERT_TRUE(ReadPlainIsoDate(text, at)) << text;
    EXPECT_EQ(at, *ParseDateTime(text)) << text;
  }
  std::mt19937_64 random(11);
  int taken = 0;
  for (int round = 0; round < 300000; ++round) {
    std::string text = "2024-02-28 23:59:59";
    const int changes = 1 + static_cast<int>(random() % 3);
    for (int change = 0; change < changes; ++change) {
      text[random() % text.size()] = "0123456789-: T/"[random() % 15];
    }
    if (round % 2 == 0) text.resize(10);
    if (!ReadPlainIsoDate(text, at)) continue;
    ++taken;
    auto general = ParseDateTime(text);
    ASSERT_TRUE(general.ok()) << text << " " << general.status().ToString();
    EXPECT_EQ(*general, at) << text;
  }
  EXPECT_GT(taken, 10000);
}

// Records built from plain and not-so-plain cells: every record the plain
// reader takes, ParseTransactionRecord takes with the same row.
TEST(PlainTransactionReader, AgreesWithParseTransactionRecord) {
  const std::vector<std::string_view> header = {
      "customer_id", "date",         "order_id", "product",  "amount",
      "quantity",    "channel",      "branch",   "discount", "cost",
      "category",    "product_name", "tax",      "currency"};
  const ColumnMap columns =
      *MatchColumns(header, TransactionFieldSpecs(), "t.csv");
  const std::vector<std::vector<std::string>> cells = {
      {"C1", " C2", "C3\t", "", "  ", "مشتری", "'C4"},
      {"2024-01-05", "2024-01-05 08:26:00", "1403/01/01", "2024-02-30", "",
       " 2024-01-05 ", "2024-01-05T08:26:00Z", "5/1/2024"},
      {"O1", "O2 ", "", "۱۲"},
      {"P1", "", " P2"},
      {"1200", "-1200", "12.5", "", "1,200", "abc", "0", "۱۲۰۰",
       "99999999999999999999", " 7 "},
      {"", "1", "3", "2.5", "-1", "x", "1234567890"},
      {"", "web", " shop "},
      {"", "B1"},
      {"", "0", "100", "-5", "1.5", "x"},
      {"", "700", "-1", "y"},
      {"", "toys"},
      {"", "A toy"},
      {"", "", "", "9"},
      {"", "", "", "IRR", "toman", "USD"}};
  std::mt19937_64 random(3);
  int taken = 0;
  for (const char* currency : {"IRR", "toman", "USD"}) {
    TransactionFormat format;
    format.amount = *AmountFormatFor(currency);
    PlainTransactionReader plain(columns, format);
    ASSERT_TRUE(plain.usable());
    for (int round = 0; round < 40000; ++round) {
      std::vector<std::string> record;
      for (const auto& choices : cells) {
        // Mostly the first (plain) choice, so that many records are plain.
        record.push_back(random() % 2 == 0
                             ? choices[0]
                             : choices[random() % choices.size()]);
      }
      const std::vector<std::string_view> fields(record.begin(), record.end());
      TransactionRow fast;
      if (!plain.Read(fields, fast)) continue;
      ++taken;
      TransactionRow general;
      ImportErrors errors;
      ASSERT_TRUE(
          ParseTransactionRecord(columns, fields, format, 2, general, errors))
          << ::testing::PrintToString(record);
      const std::string where = ::testing::PrintToString(record);
      EXPECT_EQ(fast.customer_key, general.customer_key) << where;
      EXPECT_EQ(fast.order_key, general.order_key) << where;
      EXPECT_EQ(fast.product_key, general.product_key) << where;
      EXPECT_EQ(fast.at, general.at) << where;
      EXPECT_EQ(fast.amount_minor, general.amount_minor) << where;
      EXPECT_EQ(fast.discount_minor, general.discount_minor) << where;
      EXPECT_EQ(fast.cost_minor, general.cost_minor) << where;
      EXPECT_EQ(fast.has_cost, general.has_cost) << where;
      EXPECT_EQ(fast.quantity, general.quantity) << where;
      EXPECT_EQ(fast.rounded, general.rounded) << where;
      EXPECT_EQ(fast.product_name, general.product_name) << where;
      EXPECT_EQ(fast.category, general.category) << where;
      EXPECT_EQ(fast.channel, general.channel) << where;
      EXPECT_EQ(fast.branch, general.branch) << where;
    }
  }
  EXPECT_GT(taken, 3000);
}

// The columns of a file with the required fields only, and rials.
ColumnMap RequiredColumns() {
  const std::vector<std::string_view> header = {
      "customer_id", "date", "order_id", "product", "amount"};
  return *MatchColumns(header, TransactionFieldSpecs(), "t.csv");
}
TransactionFormat Rials() {
  TransactionFormat format;
  format.amount = *AmountFormatFor("IRR");
  return format;
}

// A reader that has read no date yet, then one that has: an empty or
// malformed date is never taken for the last one read.
TEST(PlainTransactionReader, RemembersOnlyDatesItRead) {
  const ColumnMap columns = RequiredColumns();
  TransactionFormat format = Rials();
  PlainTransactionReader plain(columns, format);
  TransactionRow row;
  const std::vector<std::string_view> empty_date = {"C1", "", "O1", "P1", "5"};
  EXPECT_FALSE(plain.Read(empty_date, row));
  const std::vector<std::string_view> dated = {"C1", "2024-01-05", "O1", "P1",
                                               "5"};
  ASSERT_TRUE(plain.Read(dated, row));
  EXPECT_EQ(row.at, 1704412800);
  ASSERT_TRUE(plain.Read(dated, row));
  EXPECT_EQ(row.at, 1704412800);
  EXPECT_FALSE(plain.Read(empty_date, row));
  const std::vector<std::string_view> bad = {"C1", "2024-01-32", "O1", "P1",
                                             "5"};
  EXPECT_FALSE(plain.Read(bad, row));
}

TEST(PlainTransactionReader, LeavesDatePatternsToTheImport) {
  const ColumnMap columns = RequiredColumns();
  TransactionFormat format = Rials();
  format.date = *ParseDateFormat("%d/%m/%Y");
  PlainTransactionReader plain(columns, format);
  EXPECT_FALSE(plain.usable());
  TransactionRow row;
  const std::vector<std::string_view> fields = {"C1", "2024-01-05", "O1", "P1",
                                                "5"};
  EXPECT_FALSE(plain.Read(fields, row));
}

}  // namespace
}  // namespace vafa::import
