// What became of a campaign's messages: how many are queued, being sent,
// sent, delivered (by the gateway's report) and failed, how many of the
// customers they went to opted out of that channel kind after the message
// was queued, and the cost estimated from each channel's price (per
// e-mail, per SMS part: Persian text is 70 characters a part, 67 when
// longer), and how many were opened and clicked through. Failed messages
// cost nothing in the estimate. Reads the outbox
// rows of the campaign (keys "campaign:C:customer:N", a range of the
// unique index) once; O(messages).
#ifndef VAFA_SERVICES_MESSAGING_CAMPAIGN_MESSAGES_H_
#define VAFA_SERVICES_MESSAGING_CAMPAIGN_MESSAGES_H_

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace vafa::services::messaging {

struct CampaignMessageCounts {
  int64_t queued = 0;  // queued, including those waiting for quiet hours
  int64_t sending = 0;
  int64_t sent = 0;
  int64_t delivered = 0;
  int64_t failed = 0;
  int64_t opted_out = 0;  // customers who opted out after their message
  int64_t opted_out_by_message = 0;  // ... through the message itself
  int64_t opened = 0;          // messages opened at least once (the pixel)
  int64_t opens = 0;           // opens in all
  int64_t clicked = 0;         // messages with a tracked link followed
  int64_t clicks = 0;          // clicks in all
  int64_t sms_parts = 0;       // of the SMS not failed
  int64_t estimated_cost = 0;  // minor units of the workspace's currency
};

Result<CampaignMessageCounts> CountCampaignMessages(store::Database& db,
                                                    int64_t workspace_id,
                                                    int64_t campaign_id);

// The customers whose message of the campaign was delivered: the gateway
// reported it, it was opened or a link clicked, or (e-mail, which has no
// delivery report) an SMTP server took it. For the uplift over delivered
// members (docs/marketing.md).
Result<std::vector<int64_t>> DeliveredCampaignMembers(store::Database& db,
                                                      int64_t workspace_id,
                                                      int64_t campaign_id);

}  // namespace vafa::services::messaging

#endif  // VAFA_SERVICES_MESSAGING_CAMPAIGN_MESSAGES_H_
