// Service-level clocks on Tehran's work week: met, running, warning past
// 80% of the target's business time, breached; paused time not counted.
#include "services/service/sla.h"

#include <gtest/gtest.h>

#include "services/service/tehran_clock_test_support.h"

namespace vafa::services::service {
namespace {

using testing::Tehran;

TEST(SlaClock, MetRunningWarningBreached) {
  WorkCalendar iran = WorkCalendar::Iran();
  const UnixSeconds start = Tehran(2026, 11, 29, 9);  // Sunday
  const int target = 4 * 60;
  const UnixSeconds due = *AddBusinessTime(iran, start, target * 60);
  EXPECT_EQ(due, Tehran(2026, 11, 29, 13));
  EXPECT_EQ(
      ClockAt(iran, start, due, target, Tehran(2026, 11, 29, 12), 0).state,
      SlaState::kMet);
  EXPECT_EQ(
      ClockAt(iran, start, due, target, 0, Tehran(2026, 11, 29, 11)).state,
      SlaState::kRunning);
  // 3 h 20 min of 4 h used: past 80%.
  SlaClock warning =
      ClockAt(iran, start, due, target, 0, Tehran(2026, 11, 29, 12, 20));
  EXPECT_EQ(warning.state, SlaState::kWarning);
  EXPECT_EQ(warning.business_seconds_used, 200 * 60);
  EXPECT_EQ(
      ClockAt(iran, start, due, target, 0, Tehran(2026, 11, 29, 14)).state,
      SlaState::kBreached);
  EXPECT_EQ(ClockAt(iran, start, due, target, Tehran(2026, 11, 30, 9), 0).state,
            SlaState::kBreached);
  EXPECT_EQ(*ParsePriority("urgent"), Priority::kUrgent);
  EXPECT_FALSE(ParsePriority("whenever").has_value());
  EXPECT_EQ(SlaPolicy::Default().For(Priority::kHigh).resolution_minutes, 480);
}

TEST(SlaClock, PausedTimeDoesNotCountAndNightsAreNotBusinessTime) {
  WorkCalendar iran = WorkCalendar::Iran();
  // Opened on Wednesday at 15:00: one business hour that day, then Thursday
  // 08:00-12:00 (Friday is closed).
  const UnixSeconds start = Tehran(2026, 12, 2, 15);
  const int target = 4 * 60;
  const UnixSeconds due = *AddBusinessTime(iran, start, target * 60);
  EXPECT_EQ(due, Tehran(2026, 12, 3, 11));
  // Seen on Thursday at 10:30: 1 h + 2.5 h used, past 80% of 4 h.
  SlaClock seen =
      ClockAt(iran, start, due, target, 0, Tehran(2026, 12, 3, 10, 30));
  EXPECT_EQ(seen.business_seconds_used, 210 * 60);
  EXPECT_EQ(seen.state, SlaState::kWarning);
  // An hour waiting on the customer did not count (and moved `due` on).
  SlaClock paused = ClockAt(iran, start, due + 3600, target, 0,
                            Tehran(2026, 12, 3, 10, 30), 3600);
  EXPECT_EQ(paused.business_seconds_used, 150 * 60);
  EXPECT_EQ(paused.state, SlaState::kRunning);
  // Never below zero.
  EXPECT_EQ(
      ClockAt(iran, start, due, target, 0, start, 3600).business_seconds_used,
      0);
  EXPECT_EQ(SlaStateName(SlaState::kWarning), "warning");
  EXPECT_EQ(PriorityName(Priority::kLow), "low");
  const SlaPolicy policy = SlaPolicy::Default();
  for (Priority p : {Priority::kLow, Priority::kNormal, Priority::kHigh,
                     Priority::kUrgent}) {
    EXPECT_EQ(*ParsePriority(PriorityName(p)), p);
    const SlaTarget& t = policy.For(p);
    EXPECT_LT(t.first_response_minutes, t.resolution_minutes);
  }
}

}  // namespace
}  // namespace vafa::services::service
