// The demo workspace's service desk (vafa demo): a ticket for every
// complaint interaction that has none yet (external id
// "complaint-<interaction id>"), with a reply, a resolution (when the
// interaction's outcome says resolved) and a satisfaction drawn from the
// seed, so the same seed gives the same tickets. Written through
// services/service; in the caller's transaction.
#ifndef VAFA_DEMO_DEMO_TICKETS_H_
#define VAFA_DEMO_DEMO_TICKETS_H_

#include <cstdint>

#include "core/result.h"
#include "store/database.h"

namespace vafa::demo {

// Returns how many tickets it opened.
Result<int64_t> OpenDemoComplaintTickets(store::Database& db,
                                         int64_t workspace_id, uint64_t seed);

}  // namespace vafa::demo

#endif  // VAFA_DEMO_DEMO_TICKETS_H_
