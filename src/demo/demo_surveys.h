// The demo workspace's voice of customer and employee (vafa demo): an NPS
// survey answered by about a third of the customers over the last year
// (lower from those who complained or slipped away), CSAT on the resolved
// tickets, an employee pulse over six branches (one too small to show), and
// two readiness self-assessments six months apart; drawn from the seed, so
// the same seed gives the same answers. Written through services/surveys; in
// the caller's transaction.
#ifndef VAFA_DEMO_DEMO_SURVEYS_H_
#define VAFA_DEMO_DEMO_SURVEYS_H_

#include <cstdint>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::demo {

// Returns the answers written.
Result<int64_t> OpenDemoSurveys(store::Database& db, int64_t workspace_id,
                                uint64_t seed, UnixSeconds end);

}  // namespace vafa::demo

#endif  // VAFA_DEMO_DEMO_SURVEYS_H_
