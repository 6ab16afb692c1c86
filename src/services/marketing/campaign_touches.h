// The campaigns a customer was drawn into (the campaign touches on the
// customer's timeline), with the group they were drawn into and their
// response. Deleted campaigns are left out; rows of other workspaces are
// never read. One query on campaign_members_customer.
#ifndef VAFA_SERVICES_MARKETING_CAMPAIGN_TOUCHES_H_
#define VAFA_SERVICES_MARKETING_CAMPAIGN_TOUCHES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::services::marketing {

struct CampaignTouch {
  int64_t campaign_id = 0;
  std::string name;
  std::string channel;
  UnixSeconds starts_at = 0;
  bool control = false;  // in the control group: held back, not contacted
  std::optional<UnixSeconds> responded_at;
  std::optional<UnixSeconds> converted_at;
};
// At most `limit` of the customer's campaign touches, the latest campaign
// start first (ties: higher campaign id first).
Result<std::vector<CampaignTouch>> CampaignTouchesForCustomer(
    store::Database& db, int64_t workspace_id, int64_t customer_id, int limit);

}  // namespace vafa::services::marketing

#endif  // VAFA_SERVICES_MARKETING_CAMPAIGN_TOUCHES_H_
