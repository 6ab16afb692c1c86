#include "core/money.h"

#include <gmock/gmock.h>

#include <limits>

namespace vafa {
namespace {

using ::testing::HasSubstr;

int64_t Amount(std::string_view text, int digits = 0, int64_t factor = 1) {
  auto parsed = ParseAmount(text, digits, factor);
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status().message();
  return parsed.value_or(-999);
}

TEST(ParseAmountTest, DigitsAndSeparatorsOfEveryScript) {
  EXPECT_EQ(Amount("۱۲٬۳۴۵"), 12345);
  EXPECT_EQ(Amount("١٢٣"), 123);
  EXPECT_EQ(Amount("1,234,567"), 1234567);
  EXPECT_EQ(Amount("1 234 567"), 1234567);
  EXPECT_EQ(Amount("1\u2009234"), 1234);
  EXPECT_EQ(Amount("12.50", 2), 1250);
  EXPECT_EQ(Amount("12٫5", 2), 1250);
  EXPECT_EQ(Amount("7", 2), 700);
}

TEST(ParseAmountTest, NegativeForms) {
  EXPECT_EQ(Amount("-1,000"), -1000);
  EXPECT_EQ(Amount("1000-"), -1000);
  EXPECT_EQ(Amount("(1,000)"), -1000);
  EXPECT_EQ(Amount("+5"), 5);
}

TEST(ParseAmountTest, TomanIsTimesTenAndMayCarryOneDecimal) {
  EXPECT_EQ(Amount("1,500", 0, 10), 15000);
  EXPECT_EQ(Amount("12.5", 0, 10), 125);
  EXPECT_FALSE(ParseAmount("12.55", 0, 10).ok());
}

TEST(ParseAmountTest, ErrorsSayWhy) {
  EXPECT_THAT(ParseAmount("12.505", 2).status().message(),
              HasSubstr("more decimals"));
  EXPECT_THAT(ParseAmount("", 0).status().message(), HasSubstr("empty"));
  EXPECT_THAT(ParseAmount("12a", 0).status().message(),
              HasSubstr("not an amount"));
  EXPECT_THAT(ParseAmount("1.2.3", 2).status().message(),
              HasSubstr("not an amount"));
  EXPECT_THAT(ParseAmount("-", 0).status().message(),
              HasSubstr("not an amount"));
  EXPECT_EQ(Amount("9223372036854775807"), INT64_MAX);
  EXPECT_THAT(ParseAmount("9223372036854775808", 0).status().message(),
              HasSubstr("too large"));
  EXPECT_THAT(ParseAmount("922337203685477581", 0, 10).status().message(),
              HasSubstr("too large"));
  EXPECT_THAT(ParseAmount("99999999999999999999999", 0).status().message(),
              HasSubstr("too large"));
}

TEST(CurrencyTest, MinorDigitsAndUnits) {
  EXPECT_EQ(*CurrencyMinorDigits("IRR"), 0);
  EXPECT_EQ(*CurrencyMinorDigits("usd"), 2);
  EXPECT_EQ(*CurrencyMinorDigits("KWD"), 3);
  EXPECT_FALSE(CurrencyMinorDigits("XYZ").ok());
  EXPECT_EQ(ResolveCurrencyUnit("Toman")->factor, 10);
  EXPECT_EQ(ResolveCurrencyUnit("تومان")->iso, "IRR");
  EXPECT_EQ(ResolveCurrencyUnit("ریال")->factor, 1);
  EXPECT_EQ(ResolveCurrencyUnit("eur")->iso, "EUR");
  EXPECT_THAT(ResolveCurrencyUnit("doubloons").status().message(),
              HasSubstr("doubloons"));
}

TEST(FormatTest, GroupsAndDecimals) {
  EXPECT_EQ(FormatAmount(1234567, 0), "1,234,567");
  EXPECT_EQ(FormatAmount(-123450, 2), "-1,234.50");
  EXPECT_EQ(FormatAmount(5, 2), "0.05");
  EXPECT_EQ(FormatAmount(0, 0), "0");
  EXPECT_EQ(FormatAmount(INT64_MIN, 0), "-9,223,372,036,854,775,808");
  EXPECT_EQ(FormatToman(1234560), "123,456");
  EXPECT_EQ(FormatToman(15), "1.5");
  EXPECT_EQ(FormatToman(-20), "-2");
}

TEST(CheckedArithmeticTest, OverflowIsNulloptNeverAWrap) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  EXPECT_EQ(CheckedAdd(kMax - 1, 1), kMax);
  EXPECT_EQ(CheckedAdd(kMax, 1), std::nullopt);
  EXPECT_EQ(CheckedAdd(kMax / 2 + 1, kMax / 2 + 1), std::nullopt);
  EXPECT_EQ(CheckedAdd(kMin, -1), std::nullopt);
  EXPECT_EQ(CheckedAdd(kMin, kMax), -1);
  EXPECT_EQ(CheckedMultiply(kMax / 2, 2), kMax - 1);
  EXPECT_EQ(CheckedMultiply(kMax / 2 + 1, 2), std::nullopt);
  EXPECT_EQ(CheckedMultiply(kMin, -1), std::nullopt);
  EXPECT_EQ(CheckedMultiply(-3, 4), -12);
  EXPECT_THAT(AmountOverflowMessage("the order total"),
              HasSubstr("the order total exceeds the largest amount "
                        "(9223372036854775807"));
}

}  // namespace
}  // namespace vafa
