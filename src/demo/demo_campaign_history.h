// The demo workspace's campaign history (vafa demo): monthly retention
// offers over the two years before `end`, each drawn from about 30% of the
// customers who have bought, a fifth held out, whose purchases and
// responses follow the truth planted in analytics/response
// (PlantedTruthAtDraw: persuadables, put-offs, unmoved) from each member's
// features as they stood at the draw, on top of what they buy anyway. So
// `vafa response train --against-planted` on the demo can be judged against
// the oracle (docs/analytics.md).
//
// Campaigns are planted one at a time in draw order, since a campaign's
// purchases and responses are the history the next one reads. Each
// campaign's draw and responses are written in a transaction; its planted
// purchases are imported as a transactions file, as a shop's system would.
#ifndef VAFA_DEMO_DEMO_CAMPAIGN_HISTORY_H_
#define VAFA_DEMO_DEMO_CAMPAIGN_HISTORY_H_

#include <cstdint>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::demo {

inline constexpr int kDemoHistoryCampaigns = 24;

struct DemoCampaignHistory {
  int campaigns = 0;
  int64_t members = 0;
  int64_t planted_orders = 0;
  int64_t responses = 0;
};

Result<DemoCampaignHistory> OpenDemoCampaignHistory(
    store::Database& db, int64_t workspace_id, uint64_t seed, UnixSeconds end,
    int campaigns = kDemoHistoryCampaigns);

}  // namespace vafa::demo

#endif  // VAFA_DEMO_DEMO_CAMPAIGN_HISTORY_H_
