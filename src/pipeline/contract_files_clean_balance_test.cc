#include "pipeline/contract_files_clean_balance.h"

#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "import/column_match.h"
#include "import/import_error.h"
#include "import/transaction_row.h"
#include "services/holdings/holdings_import.h"

namespace vafa::pipeline {
namespace {

// The columns of "account_number,date,balance,credit_limit,arrears".
constexpr BalanceFileColumns kAllColumns{
    .number = 0, .date = 1, .balance = 2, .limit = 3, .arrears = 4};

DayNumber IsoDay(int year, int month, int day) {
  return DaysFromGregorian({year, month, day});
}

bool Clean(const std::vector<std::string_view>& fields, CleanBalance& out,
           int64_t scale = 1) {
  return ReadCleanBalance(fields, kAllColumns, scale, out);
}

TEST(CleanBalanceTest, ReadsADemoLineAsItIs) {
  CleanBalance read;
  ASSERT_TRUE(Clean({"CUR-100000", "2026-10-31", "40123456", "", ""}, read));
  EXPECT_EQ(read.number, "CUR-100000");
  EXPECT_EQ(read.day, IsoDay(2026, 10, 31));
  EXPECT_EQ(read.balance_minor, 40123456);
  EXPECT_FALSE(read.has_limit);
  EXPECT_FALSE(read.has_arrears);
  ASSERT_TRUE(
      Clean({"CARD-7", "2024-02-29", "-60000000", "200000000", "0"}, read));
  EXPECT_EQ(read.day, IsoDay(2024, 2, 29));
  EXPECT_EQ(read.balance_minor, -60000000);
  EXPECT_TRUE(read.has_limit);
  EXPECT_EQ(read.limit_minor, 200000000);
  EXPECT_TRUE(read.has_arrears);
  EXPECT_EQ(read.arrears_minor, 0);
}

TEST(CleanBalanceTest, TomansAreScaledToRials) {
  CleanBalance read;
  ASSERT_TRUE(Clean({"A1", "2024-01-31", "-15", "", "3"}, read, 10));
  EXPECT_EQ(read.balance_minor, -150);
  EXPECT_EQ(read.arrears_minor, 30);
}

TEST(CleanBalanceTest, LeavesAnyOtherFormToTheCarefulReader) {
  const std::vector<std::vector<std::string_view>> others = {
      {" A1", "2024-01-31", "1", "", ""},                   // a space to trim
      {"A 1", "2024-01-31", "1", "", ""},                   // a space inside
      {"حساب۱", "2024-01-31", "1", "", ""},                 // Persian
      {"", "2024-01-31", "1", "", ""},                      // no number
      {"A1", "1403-11-12", "1", "", ""},                    // a Jalali day
      {"A1", "2024-02-30", "1", "", ""},                    // no such day
      {"A1", "2023-02-29", "1", "", ""},                    // not a leap year
      {"A1", "2024-1-31", "1", "", ""},                     // one digit
      {"A1", "2024/01/31", "1", "", ""},                    // slashes
      {"A1", "2024-01-31T10:00", "1", "", ""},              // a time
      {"A1", "2024-01-31", "1,000", "", ""},                // grouped
      {"A1", "2024-01-31", "12.5", "", ""},                 // decimals
      {"A1", "2024-01-31", "+5", "", ""},                   // a plus sign
      {"A1", "2024-01-31", "(5)", "", ""},                  // brackets
      {"A1", "2024-01-31", "", "", ""},                     // no balance
      {"A1", "2024-01-31", "-", "", ""},                    // a bare sign
      {"A1", "2024-01-31", "۱۲۳", "", ""},                  // Persian digits
      {"A1", "2024-01-31", "1", " ", ""},                   // a blank limit
      {"A1", "2024-01-31", "1", "", "x"},                   // bad arrears
      {"A1", "2024-01-31", "1234567890123456789", "", ""},  // 19 digits
  };
  for (const auto& fields : others) {
    CleanBalance read;
    EXPECT_FALSE(Clean(fields, read))
        << fields[0] << "," << fields[1] << "," << fields[2];
  }
  CleanBalance read;
  // 18 digits times 10 overflow an int64: the careful reader says so.
  EXPECT_FALSE(
      Clean({"A1", "2024-01-31", "999999999999999999", "", ""}, read, 10));
  // A currency with decimals: never clean (scale 0).
  EXPECT_FALSE(Clean({"A1", "2024-01-31", "5", "", ""}, read, 0));
}

TEST(CleanBalanceTest, ColumnsTheFileLacksAreAbsent) {
  CleanBalance read;
  const std::vector<std::string_view> fields = {"2024-01-31", "A1", "9"};
  ASSERT_TRUE(ReadCleanBalance(fields, {.number = 1, .date = 0, .balance = 2},
                               1, read));
  EXPECT_EQ(read.number, "A1");
  EXPECT_EQ(read.balance_minor, 9);
  EXPECT_FALSE(read.has_limit);
  EXPECT_FALSE(read.has_arrears);
}

// Whatever the clean reader takes, the import's reader reads the same,
// without an error.
TEST(CleanBalanceTest, ReadsWhatTheImportsReaderReads) {
  const std::vector<std::string_view> header = {
      "account_number", "date", "balance", "credit_limit", "arrears"};
  auto columns = import::MatchColumns(
      header, services::holdings::BalanceFieldSpecs(), "balances.csv");
  ASSERT_TRUE(columns.ok());
  auto rials = import::AmountFormatFor("IRR");
  ASSERT_TRUE(rials.ok());
  const std::vector<std::vector<std::string_view>> lines = {
      {"CUR-100000", "2026-10-31", "40123456", "", ""},
      {"CARD-7", "2024-02-29", "-60000000", "200000000", "0"},
      {"loan_9.a/b", "1999-12-31", "-0", "", "000123"},
      {"X", "1700-01-01", "999999999999999999", "1", "-1"},
  };
  for (const auto& fields : lines) {
    CleanBalance clean;
    ASSERT_TRUE(Clean(fields, clean)) << fields[0];
    import::ImportErrors errors;
    const services::holdings::BalanceRecord careful =
        services::holdings::ReadBalanceRecord(
            services::holdings::RecordPlace{*columns, fields, 2, errors},
            *rials,
            /*strict_amounts=*/false, import::DateFormat{},
            [](const std::string&) { return true; });
    ASSERT_TRUE(errors.empty()) << fields[0];
    EXPECT_EQ(careful.number, clean.number);
    EXPECT_EQ(careful.day, clean.day);
    EXPECT_EQ(careful.balance_minor, clean.balance_minor);
    EXPECT_EQ(careful.credit_limit_minor.has_value(), clean.has_limit);
    if (clean.has_limit) {
      EXPECT_EQ(*careful.credit_limit_minor, clean.limit_minor);
    }
    EXPECT_EQ(careful.arrears_minor.has_value(), clean.has_arrears);
    if (clean.has_arrears) {
      EXPECT_EQ(*careful.arrears_minor, clean.arrears_minor);
    }
  }
}

}  // namespace
}  // namespace vafa::pipeline
