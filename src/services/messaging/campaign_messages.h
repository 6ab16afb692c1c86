// What became of a campaign's messages: how many are queued, being sent,
// sent, delivered (by the gateway's report) and failed, how many of the
// customers they went to opted out of that channel kind after the message
// was queued, and the cost estimated from each channel's price (per
// e-mail, per SMS part: Persian text is 70 characters a part, 67 when
// longer). Failed messages cost nothing in the estimate. Reads the outbox
// rows of the campaign (keys "campaign:C:customer:N", a range of the
// unique index) once; O(messages).
#ifndef VAFA_SERVICES_MESSAGING_CAMPAIGN_MESSAGES_H_
#define VAFA_SERVICES_MESSAGING_CAMPAIGN_MESSAGES_H_

#include <cstdint>

#include "core/result.h"
#include "store/database.h"

namespace vafa::services {

struct CampaignMessageCounts {
  int64_t queued = 0;  // queued, including those waiting for quiet hours
  int64_t sending = 0;
  int64_t sent = 0;
  int64_t delivered = 0;
  int64_t failed = 0;
  int64_t opted_out = 0;       // customers who opted out after their message
  int64_t sms_parts = 0;       // of the SMS not failed
  int64_t estimated_cost = 0;  // minor units of the workspace's currency
};

Result<CampaignMessageCounts> CountCampaignMessages(store::Database& db,
                                                    int64_t workspace_id,
                                                    int64_t campaign_id);

}  // namespace vafa::services

#endif  // VAFA_SERVICES_MESSAGING_CAMPAIGN_MESSAGES_H_
