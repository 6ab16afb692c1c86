#include "services/service/sla.h"

#include <algorithm>

namespace vafa::services::service {

std::optional<Priority> ParsePriority(std::string_view name) {
  for (Priority p : {Priority::kLow, Priority::kNormal, Priority::kHigh,
                     Priority::kUrgent}) {
    if (PriorityName(p) == name) return p;
  }
  return std::nullopt;
}

std::string_view PriorityName(Priority priority) {
  switch (priority) {
    case Priority::kLow:
      return "low";
    case Priority::kNormal:
      return "normal";
    case Priority::kHigh:
      return "high";
    case Priority::kUrgent:
      return "urgent";
  }
  return "";
}

SlaPolicy SlaPolicy::Default() {
  SlaPolicy policy;
  policy.targets[static_cast<int>(Priority::kUrgent)] = {30, 4 * 60};
  policy.targets[static_cast<int>(Priority::kHigh)] = {60, 8 * 60};
  policy.targets[static_cast<int>(Priority::kNormal)] = {4 * 60, 24 * 60};
  policy.targets[static_cast<int>(Priority::kLow)] = {8 * 60, 40 * 60};
  return policy;
}

std::string_view SlaStateName(SlaState state) {
  switch (state) {
    case SlaState::kMet:
      return "met";
    case SlaState::kRunning:
      return "running";
    case SlaState::kWarning:
      return "warning";
    case SlaState::kBreached:
      return "breached";
  }
  return "";
}

SlaClock ClockAt(const WorkCalendar& calendar, UnixSeconds start,
                 UnixSeconds due, int target_minutes, UnixSeconds stopped,
                 UnixSeconds now, int64_t paused_seconds) {
  SlaClock clock;
  clock.due = due;
  const UnixSeconds end = stopped != 0 ? stopped : now;
  clock.business_seconds_used = std::max<int64_t>(
      0, BusinessSecondsBetween(calendar, start, end) - paused_seconds);
  if (stopped != 0) {
    clock.state = stopped <= due ? SlaState::kMet : SlaState::kBreached;
  } else if (now > due) {
    clock.state = SlaState::kBreached;
  } else if (clock.business_seconds_used >=
             kSlaWarningShare * target_minutes * 60.0) {
    clock.state = SlaState::kWarning;
  } else {
    clock.state = SlaState::kRunning;
  }
  return clock;
}

}  // namespace vafa::services::service
