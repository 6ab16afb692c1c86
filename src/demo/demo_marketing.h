// The demo workspace's marketing (vafa demo): three segments and a win-back
// campaign on one of them that ran from 75 to 45 days before `end` (the
// demo's last day), with a fifth held out and the responses of most
// treatment members who came back, drawn from the seed. Written through
// services/marketing; in the caller's transaction.
#ifndef VAFA_DEMO_DEMO_MARKETING_H_
#define VAFA_DEMO_DEMO_MARKETING_H_

#include <cstdint>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::demo {

// Returns the campaign's members.
Result<int64_t> OpenDemoMarketing(store::Database& db, int64_t workspace_id,
                                  uint64_t seed, UnixSeconds end);

}  // namespace vafa::demo

#endif  // VAFA_DEMO_DEMO_MARKETING_H_
