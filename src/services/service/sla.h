// Service-level targets of tickets: first response and resolution, counted
// in business time on the workspace's work calendar, per priority; and where
// a ticket stands against them (docs/service.md).
#ifndef VAFA_SERVICES_SERVICE_SLA_H_
#define VAFA_SERVICES_SERVICE_SLA_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "services/service/work_calendar.h"

namespace vafa::services::service {

enum class Priority { kLow, kNormal, kHigh, kUrgent };
std::optional<Priority> ParsePriority(std::string_view name);
std::string_view PriorityName(Priority priority);

struct SlaTarget {
  int first_response_minutes = 0;  // business minutes
  int resolution_minutes = 0;
};

// Per priority (indexed by Priority). Defaults: urgent 30 min / 4 h, high
// 1 h / 8 h (a full working day), normal 4 h / 24 h (three days), low 8 h /
// 40 h (a working week), all in business time.
struct SlaPolicy {
  std::array<SlaTarget, 4> targets{};
  static SlaPolicy Default();
  const SlaTarget& For(Priority p) const {
    return targets[static_cast<int>(p)];
  }
};

// A share of the target's business time after which a ticket still open is
// in warning.
inline constexpr double kSlaWarningShare = 0.8;

enum class SlaState { kMet, kRunning, kWarning, kBreached };
std::string_view SlaStateName(SlaState state);

struct SlaClock {
  UnixSeconds due = 0;
  SlaState state = SlaState::kRunning;
  int64_t business_seconds_used = 0;  // to the stop or to now
};

// A clock that started at `start` with `target_minutes` of business time and
// stopped at `stopped` (0: still running), seen at `now`. A clock stopped
// after its due time is breached; one stopped on time is met.
// `paused_seconds` of business time did not count (a ticket waiting on the
// customer); `due` has been moved on by them already.
SlaClock ClockAt(const WorkCalendar& calendar, UnixSeconds start,
                 UnixSeconds due, int target_minutes, UnixSeconds stopped,
                 UnixSeconds now, int64_t paused_seconds = 0);

}  // namespace vafa::services::service

#endif  // VAFA_SERVICES_SERVICE_SLA_H_
