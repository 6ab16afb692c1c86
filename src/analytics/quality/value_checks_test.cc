#include "analytics/quality/value_checks.h"

#include <gtest/gtest.h>

namespace vafa::analytics::quality {
namespace {

// 1234567891: 1*10 + 2*9 + ... + 9*2 = 210, 210 mod 11 = 1, so the check
// digit is 1.
TEST(CheckNationalIdTest, NamesTheCheckDigitAndTheLength) {
  EXPECT_EQ(CheckNationalId("1234567891"), ValueProblem::kNone);
  EXPECT_EQ(CheckNationalId("1234567890"), ValueProblem::kWrongCheckDigit);
  EXPECT_EQ(CheckNationalId("1111111111"), ValueProblem::kWrongCheckDigit);
  EXPECT_EQ(CheckNationalId("12345"), ValueProblem::kNotTenDigits);
  EXPECT_EQ(CheckNationalId("12345678a1"), ValueProblem::kNotTenDigits);
}

TEST(CheckPhoneTest, IranianNumbersHaveTenNationalDigitsAndNoPlaceholder) {
  EXPECT_EQ(CheckPhone("+989121234567"), ValueProblem::kNone);
  EXPECT_EQ(CheckPhone("+982112345678"), ValueProblem::kNone);
  EXPECT_EQ(CheckPhone("+4930123456"), ValueProblem::kNone);
  EXPECT_EQ(CheckPhone("+98912123456"), ValueProblem::kWrongIranLength);
  EXPECT_EQ(CheckPhone("+9809121234567"), ValueProblem::kWrongIranLength);
  EXPECT_EQ(CheckPhone("+989120000000"), ValueProblem::kPlaceholderPhone);
  EXPECT_EQ(CheckPhone("+442079999999"), ValueProblem::kPlaceholderPhone);
  EXPECT_EQ(CheckPhone("09121234567"), ValueProblem::kNotE164);
  EXPECT_EQ(CheckPhone("+98 912"), ValueProblem::kNotE164);
  EXPECT_EQ(CheckPhone("+1234567"), ValueProblem::kNotE164);
  EXPECT_EQ(CheckPhone("+1234567890123456"), ValueProblem::kNotE164);
}

TEST(CheckEmailTest, AcceptsTheCommonSyntaxOnly) {
  for (const char* good :
       {"ali@example.com", "a.b+tag@mail.co.ir", "x_y-z@sub-domain.example.org",
        "ali@site.xn--mgba3a4f16a"}) {
    EXPECT_EQ(CheckEmail(good), ValueProblem::kNone) << good;
  }
  for (const char* bad :
       {"ali@example", "ali@@example.com", "ali@x@example.com", "ali..b@x.com",
        ".ali@x.com", "ali.@x.com", "ali@-x.com", "ali@x-.com", "ali@x.c",
        "ali@x.c0m", "@example.com", "ali@", "ali example@x.com",
        "علی@example.com", "ali@example..com"}) {
    EXPECT_EQ(CheckEmail(bad), ValueProblem::kBadEmailSyntax) << bad;
  }
}

TEST(CheckBirthDateTest, RefusesTheFutureBefore1900AndNonDates) {
  const DayNumber today = DaysFromGregorian({2026, 12, 5});
  EXPECT_EQ(CheckBirthDate("2026-12-05", today), ValueProblem::kNone);
  EXPECT_EQ(CheckBirthDate("1900-01-01", today), ValueProblem::kNone);
  EXPECT_EQ(CheckBirthDate("2026-12-06", today), ValueProblem::kInTheFuture);
  EXPECT_EQ(CheckBirthDate("1899-12-31", today), ValueProblem::kBefore1900);
  EXPECT_EQ(CheckBirthDate("2023-02-29", today), ValueProblem::kNotADate);
  EXPECT_EQ(CheckBirthDate("2024-02-29", today), ValueProblem::kNone);
  EXPECT_EQ(CheckBirthDate("1990-1-5", today), ValueProblem::kNotADate);
  EXPECT_EQ(CheckBirthDate("1990-13-01", today), ValueProblem::kNotADate);
}

TEST(ParseStoredDateTest, CountsDaysFrom1970) {
  EXPECT_EQ(ParseStoredDate("1970-01-02"), 1);
  EXPECT_EQ(ParseStoredDate("1969-12-31"), -1);
  EXPECT_EQ(ParseStoredDate("1970-01-32"), std::nullopt);
}

TEST(CheckPersonNameTest, FindsDigitsInEveryScript) {
  EXPECT_EQ(CheckPersonName("سارا"), ValueProblem::kNone);
  EXPECT_EQ(CheckPersonName("Sara"), ValueProblem::kNone);
  EXPECT_EQ(CheckPersonName("Sara2"), ValueProblem::kHoldsDigits);
  EXPECT_EQ(CheckPersonName("سارا۲"), ValueProblem::kHoldsDigits);
  EXPECT_EQ(CheckPersonName("سارا٣"), ValueProblem::kHoldsDigits);
}

}  // namespace
}  // namespace vafa::analytics::quality
