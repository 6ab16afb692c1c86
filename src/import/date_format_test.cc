#include "import/date_format.h"

#include <gmock/gmock.h>

namespace vafa::import {
namespace {

using ::testing::HasSubstr;

std::string Iso(const DateFormat& format, std::string_view text) {
  auto at = ReadDate(format, text);
  return at.ok() ? FormatIsoDateTime(*at) : "error: " + at.status().message();
}

TEST(DateFormatTest, ReadsStrftimePatterns) {
  auto us = ParseDateFormat("%m/%d/%y %H:%M");
  ASSERT_TRUE(us.ok()) << us.status().ToString();
  EXPECT_EQ(Iso(*us, "12/1/10 8:26"), "2010-12-01T08:26:00Z");
  EXPECT_EQ(Iso(*us, "12/1/10"), "2010-12-01T00:00:00Z");  // no time: midnight
  EXPECT_EQ(Iso(*us, "1/13/69 0:00"), "1969-01-13T00:00:00Z");
  EXPECT_THAT(Iso(*us, "13/1/10 8:26"), HasSubstr("month 13"));
  EXPECT_THAT(Iso(*us, "2010-12-01"), HasSubstr("not a date in the format"));
  auto german = ParseDateFormat("%d.%m.%Y");
  ASSERT_TRUE(german.ok());
  EXPECT_EQ(Iso(*german, "05.11.2024"), "2024-11-05T00:00:00Z");
  EXPECT_THAT(Iso(*german, "31.11.2024"), HasSubstr("day 31"));
  auto named = ParseDateFormat("%d %b %Y");
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(Iso(*named, "5 NOV 2024"), "2024-11-05T00:00:00Z");
}

TEST(DateFormatTest, JalaliMarkerReadsPersianDigits) {
  auto jalali = ParseDateFormat("jalali:%d/%m/%Y");
  ASSERT_TRUE(jalali.ok());
  EXPECT_TRUE(jalali->jalali);
  EXPECT_EQ(Iso(*jalali, "۰۱/۰۱/۱۴۰۳"), "2024-03-20T00:00:00Z");  // Nowruz
  EXPECT_THAT(Iso(*jalali, "31/12/1403"), HasSubstr("day 31"));
}

TEST(DateFormatTest, RefusesPatternsWithoutADayOrWithUnknownDirectives) {
  EXPECT_FALSE(ParseDateFormat("%m/%Y").ok());
  EXPECT_THAT(ParseDateFormat("%d/%m/%Q").status().message(),
              HasSubstr("%Q is not supported"));
}

TEST(DateOrderVoteTest, AValueOnlyMonthFirstReadsDecidesMonthFirst) {
  DateOrderVote vote;
  EXPECT_TRUE(vote.Add(2, "12/1/10 8:26"));
  EXPECT_FALSE(vote.decided());
  EXPECT_TRUE(vote.Add(3, "12/13/10 9:00"));
  EXPECT_TRUE(vote.decided());
  auto format = vote.result("sales.csv");
  ASSERT_TRUE(format.ok()) << format.status().ToString();
  EXPECT_EQ(format->pattern, "%m/%d/%y %H:%M");
  EXPECT_EQ(vote.order(), "month-first");
}

TEST(DateOrderVoteTest, AValueOnlyDayFirstReadsDecidesDayFirst) {
  DateOrderVote vote;
  vote.Add(2, "05.11.2024");
  vote.Add(3, "25.11.2024");
  auto format = vote.result("sales.csv");
  ASSERT_TRUE(format.ok());
  EXPECT_EQ(format->pattern, "%d.%m.%Y");
  EXPECT_EQ(vote.order(), "day-first");
}

TEST(DateOrderVoteTest, AmbiguousDatesThatDifferAskForAFormatNamingTwoLines) {
  DateOrderVote vote;
  vote.Add(2, "1/1/2024");  // reads the same both ways
  vote.Add(3, "1/2/2024");
  vote.Add(4, "3/4/2024");
  auto format = vote.result("sales.csv");
  ASSERT_FALSE(format.ok());
  EXPECT_THAT(format.status().message(), HasSubstr("line 3 \"1/2/2024\""));
  EXPECT_THAT(format.status().message(), HasSubstr("line 4 \"3/4/2024\""));
  EXPECT_THAT(format.status().message(), HasSubstr("--date-format"));
}

TEST(DateOrderVoteTest, DatesThatReadTheSameEitherWayNeedNoFormat) {
  DateOrderVote vote;
  vote.Add(2, "1/1/2024");
  vote.Add(3, "2/2/2024");
  EXPECT_TRUE(vote.result("sales.csv").ok());
}

TEST(DateOrderVoteTest, ContradictingValuesNameBothLines) {
  DateOrderVote vote;
  vote.Add(2, "13/1/2024");
  vote.Add(7, "1/13/2024");
  auto format = vote.result("sales.csv");
  ASSERT_FALSE(format.ok());
  EXPECT_THAT(format.status().message(),
              HasSubstr("line 2 \"13/1/2024\" reads only day-first"));
  EXPECT_THAT(format.status().message(),
              HasSubstr("line 7 \"1/13/2024\" reads only month-first"));
}

TEST(DateOrderVoteTest, YearFirstValuesHaveNoOrderToDecide) {
  DateOrderVote vote;
  EXPECT_FALSE(vote.Add(2, "2024-01-05"));
  EXPECT_FALSE(vote.Add(2, "1403/01/05"));
  auto format = vote.result("sales.csv");
  ASSERT_TRUE(format.ok());
  EXPECT_TRUE(format->empty());
}

}  // namespace
}  // namespace vafa::import
