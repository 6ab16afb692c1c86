#include "core/dates.h"

#include <gmock/gmock.h>
#include <unicode/calendar.h>
#include <unicode/locid.h>

#include <memory>

namespace vafa {
namespace {

using ::testing::HasSubstr;

TEST(GregorianTest, KnownDays) {
  EXPECT_EQ(DaysFromGregorian({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromGregorian({2000, 3, 1}), 11017);
  EXPECT_EQ(DaysFromGregorian({1969, 12, 31}), -1);
  EXPECT_EQ(GregorianFromDays(19723), (CivilDate{2024, 1, 1}));
  for (DayNumber d = -800000; d < 800000; d += 7) {
    ASSERT_EQ(DaysFromGregorian(GregorianFromDays(d)), d);
  }
  EXPECT_TRUE(IsGregorianLeapYear(2000));
  EXPECT_FALSE(IsGregorianLeapYear(1900));
  EXPECT_EQ(GregorianMonthLength(2024, 2), 29);
}

TEST(JalaliTest, HandCheckedDays) {
  // 1 Azar 1405 is 22 November 2026; Nowruz falls on 20 or 21 March.
  EXPECT_EQ(FormatJalali(DaysFromGregorian({2026, 11, 22})), "1405-09-01");
  EXPECT_EQ(GregorianFromDays(DaysFromJalali({1403, 1, 1})),
            (CivilDate{2024, 3, 20}));
  EXPECT_EQ(GregorianFromDays(DaysFromJalali({1404, 1, 1})),
            (CivilDate{2025, 3, 21}));
  EXPECT_EQ(GregorianFromDays(DaysFromJalali({1402, 1, 1})),
            (CivilDate{2023, 3, 21}));
  EXPECT_EQ(GregorianFromDays(DaysFromJalali({1370, 1, 1})),
            (CivilDate{1991, 3, 21}));
  EXPECT_TRUE(IsJalaliLeapYear(1403));
  EXPECT_FALSE(IsJalaliLeapYear(1402));
  EXPECT_EQ(JalaliMonthLength(1403, 12), 30);
  EXPECT_EQ(JalaliMonthLength(1402, 12), 29);
  EXPECT_EQ(JalaliMonthLength(1402, 6), 31);
  EXPECT_EQ(JalaliMonthLength(1402, 7), 30);
}

// Every day from 1300/01/01 to the end of 1500 agrees with ICU's Persian
// calendar, leap years included.
TEST(JalaliTest, AgreesWithIcuEveryDayFrom1300To1500) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Calendar> calendar(icu::Calendar::createInstance(
      icu::TimeZone::createTimeZone("UTC"),
      icu::Locale("fa_IR@calendar=persian"), status));
  ASSERT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  DayNumber first = DaysFromJalali({1300, 1, 1});
  DayNumber last = DaysFromJalali({1501, 1, 1});
  int leap_years = 0;
  for (DayNumber d = first; d < last; ++d) {
    calendar->setTime(static_cast<UDate>(d) * 86400000.0 + 43200000.0, status);
    CivilDate expected{calendar->get(UCAL_EXTENDED_YEAR, status),
                       calendar->get(UCAL_MONTH, status) + 1,
                       calendar->get(UCAL_DATE, status)};
    ASSERT_TRUE(U_SUCCESS(status));
    CivilDate got = JalaliFromDays(d);
    ASSERT_EQ(got, expected) << FormatGregorian(d);
    ASSERT_EQ(DaysFromJalali(got), d);
    if (got.month == 12 && got.day == 30) ++leap_years;
  }
  EXPECT_GT(leap_years, 45);  // about 8 in 33 over 201 years
}

TEST(IranWeekdayTest, SaturdayIsZero) {
  EXPECT_EQ(IranWeekday(DaysFromGregorian({2026, 11, 21})), 0);  // Saturday
  EXPECT_EQ(IranWeekday(DaysFromGregorian({2026, 11, 27})), 6);  // Friday
  EXPECT_EQ(IranWeekday(0), 5);                                  // Thursday
}

UnixSeconds Parse(std::string_view text) {
  auto parsed = ParseDateTime(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status().message();
  return parsed.value_or(0);
}

TEST(ParseDateTimeTest, AcceptsEveryDocumentedForm) {
  const UnixSeconds day = int64_t{DaysFromGregorian({2024, 1, 5})} * 86400;
  EXPECT_EQ(Parse("2024-01-05"), day);
  EXPECT_EQ(Parse("2024/01/05"), day);
  EXPECT_EQ(Parse("20240105"), day);
  EXPECT_EQ(Parse(" 2024-1-5 "), day);
  EXPECT_EQ(Parse("2024-01-05T10:30"), day + 37800);
  EXPECT_EQ(Parse("2024-01-05 10:30:15"), day + 37815);
  EXPECT_EQ(Parse("2024-01-05T10:30:15Z"), day + 37815);
  EXPECT_EQ(Parse("2024-01-05T10:30:15.250Z"), day + 37815);
  EXPECT_EQ(Parse("2024-01-05T14:00:00+03:30"), day + 37800);
  const UnixSeconds jalali = int64_t{DaysFromGregorian({2024, 11, 5})} * 86400;
  EXPECT_EQ(Parse("1403/08/15"), jalali);
  EXPECT_EQ(Parse("1403-08-15"), jalali);
  EXPECT_EQ(Parse("۱۴۰۳/۰۸/۱۵"), jalali);
  EXPECT_EQ(Parse("١٤٠٣/٠٨/١٥"), jalali);
  EXPECT_EQ(Parse("۱۴۰۳/۰۸/۱۵ ۰۹:۱۵"), jalali + 33300);
  EXPECT_EQ(Parse("1403/12/30"),
            int64_t{DaysFromGregorian({2025, 3, 20})} * 86400);
}

TEST(ParseDateTimeTest, RejectsWithAReason) {
  EXPECT_THAT(ParseDateTime("2024-13-01").status().message(),
              HasSubstr("month 13 is out of range"));
  EXPECT_THAT(ParseDateTime("2023-02-29").status().message(),
              HasSubstr("day 29 is out of range"));
  EXPECT_THAT(ParseDateTime("1402/12/30").status().message(),
              HasSubstr("day 30 is out of range for Esfand 1402"));
  EXPECT_THAT(ParseDateTime("2024-01-05T25:00").status().message(),
              HasSubstr("out of range"));
  for (std::string_view bad : {"", "yesterday", "2024-01", "2024-01-05x",
                               "05/01/2024", "2024-01-05T10", "2024-01/05"}) {
    EXPECT_FALSE(ParseDateTime(bad).ok()) << bad;
  }
}

// Found by fuzz/dates_fuzzer: "0244-1-5" was read as Jalali year 244 (865
// AD), whose ISO form "0865-..." then read back as another Jalali date.
TEST(ParseDateTimeTest, RefusesInstantsItsIsoFormCannotReadBack) {
  const DayNumber first_day = DaysFromGregorian({1700, 1, 1});
  const std::string day_before = FormatJalali(first_day - 1);
  for (const std::string& far :
       {std::string("0244-1-5"), std::string("1000/01/01"), day_before,
        std::string("1700-01-01T00:30+01:00"),
        std::string("9999-12-31T23:30-01:00")}) {
    auto parsed = ParseDateTime(far);
    ASSERT_FALSE(parsed.ok()) << far;
    EXPECT_THAT(parsed.status().message(),
                HasSubstr("outside the years 1700 to 9999"));
  }
  const std::string first_jalali = FormatJalali(first_day);
  for (const std::string& edge :
       {std::string("1700-01-01T00:00:00Z"), first_jalali,
        std::string("9999-12-31T23:59:59Z"), std::string("1699/12/29")}) {
    auto parsed = ParseDateTime(edge);
    ASSERT_TRUE(parsed.ok()) << edge << ": " << parsed.status().message();
    EXPECT_EQ(ParseDateTime(FormatIsoDateTime(*parsed)).value(), *parsed)
        << edge;
  }
}

TEST(FormatTest, IsoAndBeforeEpoch) {
  EXPECT_EQ(FormatIsoDateTime(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatIsoDateTime(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(DayOf(-1), -1);
  EXPECT_EQ(DayOf(-86400), -1);
  EXPECT_EQ(FormatGregorian(-1), "1969-12-31");
}

}  // namespace
}  // namespace vafa
