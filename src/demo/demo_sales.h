// The demo workspace's sales (vafa demo): leads, deals along the default
// pipeline with their moves (some won, some lost, most still open), the next
// task on each open deal, and targets, drawn from the seed for the
// workspace's customers, so the same seed gives the same sales. Written
// through services/sales; in the caller's transaction.
#ifndef VAFA_DEMO_DEMO_SALES_H_
#define VAFA_DEMO_DEMO_SALES_H_

#include <cstdint>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::demo {

// Returns the deals written.
Result<int64_t> OpenDemoSales(store::Database& db, int64_t workspace_id,
                              uint64_t seed, UnixSeconds now);

}  // namespace vafa::demo

#endif  // VAFA_DEMO_DEMO_SALES_H_
