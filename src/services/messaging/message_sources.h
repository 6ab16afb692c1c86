// What puts messages into the outbox: a campaign's treatment members (its
// control group is never contacted) for a marketing template, and a
// ticket's satisfaction request for a transactional one.
//
// Queueing a campaign is one transaction: members already queued for it are
// left alone (their idempotency key is "campaign:C:customer:N"), members
// without an address on the channel, who opted out of its kind, or who have
// had the weekly cap of marketing messages are skipped and counted. A
// marketing SMS is due at the next moment the workspace's quiet hours allow
// (sending_rules.h). Rows are written through store::BulkInsert, so 100,000
// members queue in seconds (docs/BENCHMARKS.md). QueueMode::kCount counts
// the same way and writes nothing, so a user sees what queueing would do.
#ifndef VAFA_SERVICES_MESSAGING_MESSAGE_SOURCES_H_
#define VAFA_SERVICES_MESSAGING_MESSAGE_SOURCES_H_

#include <cstdint>

#include "core/dates.h"
#include "core/result.h"
#include "services/messaging/templates.h"
#include "store/database.h"

namespace vafa::services::messaging {

struct CampaignQueueReport {
  int64_t queued = 0;
  int64_t already_queued = 0;
  int64_t opted_out = 0;
  int64_t no_address = 0;
  int64_t over_cap = 0;
  // When the messages are due: `now`, or for marketing SMS the next moment
  // the quiet hours allow.
  UnixSeconds due_at = 0;
};

enum class QueueMode { kQueue, kCount };

Result<CampaignQueueReport> QueueCampaignMessages(
    store::Database& db, int64_t workspace_id, int64_t campaign_id,
    int64_t template_id, int64_t channel_id, UnixSeconds now,
    QueueMode mode = QueueMode::kQueue);

// Queues the satisfaction request of a ticket to its customer ("ticket:T:
// satisfaction"); false when it was queued before. Refuses a marketing
// template and a customer without an address on the channel.
Result<bool> QueueSatisfactionRequest(store::Database& db, int64_t workspace_id,
                                      int64_t ticket_id, int64_t template_id,
                                      int64_t channel_id, UnixSeconds now);

// What the placeholders of a message to one customer say today: their
// first name, points balance and the local date (the workspace's calendar
// offset); whether they read English. NotFound for a customer of another
// workspace or deleted. For previews: the campaign queue reads these for
// all members at once.
struct CustomerPlaceholders {
  PlaceholderValues values;
  bool english = false;
};
Result<CustomerPlaceholders> ReadCustomerPlaceholders(store::Database& db,
                                                      int64_t workspace_id,
                                                      int64_t customer_id,
                                                      UnixSeconds now);

}  // namespace vafa::services::messaging

#endif  // VAFA_SERVICES_MESSAGING_MESSAGE_SOURCES_H_
