#include "services/messaging/sending_rules.h"

#include <gtest/gtest.h>

namespace vafa::services::messaging {
namespace {

// Local (UTC+03:30) time on a Gregorian date as Unix seconds.
UnixSeconds Tehran(int year, int month, int day, int hour, int minute) {
  return DaysFromGregorian({year, month, day}) * 86400LL + hour * 3600LL +
         minute * 60LL - (3 * 3600 + 30 * 60);
}

// 2024-12-04 is a Wednesday, 2024-12-06 a Friday.
TEST(SendingRulesTest, InsideTheWindowIsNowOutsideIsTheNextOpening) {
  const SendingRules rules;  // 09:00-21:00, not Fridays or holidays
  const service::WorkCalendar iran = service::WorkCalendar::Iran();
  const UnixSeconds noon = Tehran(2024, 12, 4, 12, 0);
  EXPECT_EQ(NextSendingMoment(rules, iran, noon), noon);
  EXPECT_EQ(NextSendingMoment(rules, iran, Tehran(2024, 12, 4, 7, 15)),
            Tehran(2024, 12, 4, 9, 0));
  EXPECT_EQ(NextSendingMoment(rules, iran, Tehran(2024, 12, 4, 21, 0)),
            Tehran(2024, 12, 5, 9, 0));
  // Thursday night waits past Friday to Saturday morning.
  EXPECT_EQ(NextSendingMoment(rules, iran, Tehran(2024, 12, 5, 22, 0)),
            Tehran(2024, 12, 7, 9, 0));
}

TEST(SendingRulesTest, HolidaysAreSkippedUnlessAllowedAndFridaysLikewise) {
  SendingRules rules;
  service::WorkCalendar iran = service::WorkCalendar::Iran();
  iran.holidays.insert(DaysFromGregorian({2024, 12, 7}));
  EXPECT_EQ(NextSendingMoment(rules, iran, Tehran(2024, 12, 5, 22, 0)),
            Tehran(2024, 12, 8, 9, 0));
  rules.on_holidays = true;
  rules.on_fridays = true;
  EXPECT_EQ(NextSendingMoment(rules, iran, Tehran(2024, 12, 5, 22, 0)),
            Tehran(2024, 12, 6, 9, 0));
}

}  // namespace
}  // namespace vafa::services::messaging
