// The outbox: every message vafa is to send, with its delivery state.
//
// A message is queued once per idempotency key (per workspace): queueing
// the same key again does nothing and says so. The sender claims one due
// message at a time (state `sending`, `claimed_until` = now + lease, the
// attempt counted) in its own transaction, delivers it, and records the
// outcome in another: sent with the provider's id; a temporary failure
// back to queued with exponential backoff (1, 2, 4 ... minutes, at most
// 6 hours; failed after kMaxAttempts); a permanent one failed with the
// reason. A claim whose lease ran out (the sender died between claim and
// record) is claimed again and delivered again under the same key, so a
// message is delivered at least once and, where the provider recognises
// the key, exactly once (docs/messaging.md). Not thread-safe beyond the
// Database; two senders on one store never claim the same message (the
// claim is a conditional UPDATE).
#ifndef VAFA_SERVICES_MESSAGING_OUTBOX_H_
#define VAFA_SERVICES_MESSAGING_OUTBOX_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::services::messaging {

// Marketing messages need the customer's consent not withdrawn and keep to
// quiet hours and caps; transactional ones (a satisfaction request, a
// reminder) are what the customer's own dealings call for.
enum class MessagePurpose { kMarketing, kTransactional };
std::string_view MessagePurposeName(MessagePurpose purpose);

enum class MessageState { kQueued, kSending, kSent, kDelivered, kFailed };
std::string_view MessageStateName(MessageState state);

inline constexpr int kMaxAttempts = 8;

struct OutboxMessage {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::string idempotency_key;  // [A-Za-z0-9._:-], at most 200 bytes
  int64_t channel_id = 0;
  std::optional<int64_t> customer_id;
  MessagePurpose purpose = MessagePurpose::kTransactional;
  std::string source;     // "campaign:12", "ticket:40"; may be empty
  std::string recipient;  // an e-mail address or an international phone
  std::string subject;    // e-mail only
  std::string body;
  std::string unsubscribe_token;  // marketing only; made by QueueMessage
  MessageState state = MessageState::kQueued;
  std::string failure;  // the last failure's reason
  int attempts = 0;
  UnixSeconds next_attempt_at = 0;
  std::string provider_message_id;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> sent_at;
  // Tracking (message_tracking.h): marketing only; made by QueueMessage.
  std::string tracking_token;
  bool pixel = false;                    // the e-mail carries the open pixel
  std::optional<UnixSeconds> opened_at;  // the first open
  int64_t open_count = 0;
  std::optional<UnixSeconds> clicked_at;  // the first click
  int64_t click_count = 0;
  std::optional<UnixSeconds> opted_out_at;  // opted out through this message
};

// Queues `message` (its id, state, attempts and token are set here); due at
// `message.next_attempt_at`, or now when that is 0. Returns false when a
// message with its key was queued before (nothing is written).
Result<bool> QueueMessage(store::Database& db, OutboxMessage message);

// Claims the next due message (of one workspace, or any when
// `workspace_id` is 0): queued and due, or sending with its lease run out.
// Commits the claim before returning. nullopt when none is due.
Result<std::optional<OutboxMessage>> ClaimNextMessage(store::Database& db,
                                                      int64_t workspace_id,
                                                      UnixSeconds now,
                                                      int lease_seconds);

Status RecordSent(store::Database& db, int64_t message_id,
                  std::string_view provider_message_id, UnixSeconds now);
// A temporary failure is retried (after backoff) until kMaxAttempts
// attempts; a permanent one ends the message. `reason` is kept.
Status RecordFailure(store::Database& db, const OutboxMessage& message,
                     std::string_view reason, bool permanent, UnixSeconds now);

// The wait before attempt `attempts` + 1: 60 s doubled per attempt made,
// at most six hours.
int64_t RetryDelaySeconds(int attempts);

// Puts a claimed message back to queued until `until` without counting the
// attempt (quiet hours began while it waited).
Status RecordDeferred(store::Database& db, const OutboxMessage& message,
                      UnixSeconds until);

// A fresh random unsubscribe token (32 hex digits).
std::string NewUnsubscribeToken();

// "queued", "sending", "sent", "delivered" or "failed"; Invalid naming
// `field` otherwise.
Result<MessageState> ParseMessageState(std::string_view text,
                                       std::string_view field);

// Which messages a listing shows: of one state, of one customer, of one
// campaign, older than a message (the next page).
struct OutboxFilter {
  std::optional<MessageState> state;
  std::optional<int64_t> customer_id;
  std::optional<int64_t> campaign_id;
  std::optional<int64_t> before_id;
  int limit = 100;
};

// At most `filter.limit` messages of the workspace, the newest first.
Result<std::vector<OutboxMessage>> ListOutbox(store::Database& db,
                                              int64_t workspace_id,
                                              const OutboxFilter& filter);
inline Result<std::vector<OutboxMessage>> ListOutbox(store::Database& db,
                                                     int64_t workspace_id,
                                                     int limit) {
  OutboxFilter filter;
  filter.limit = limit;
  return ListOutbox(db, workspace_id, filter);
}
Result<OutboxMessage> ReadMessage(store::Database& db, int64_t workspace_id,
                                  int64_t message_id);

// Queues a failed message again, due at `now`, with its attempts counted
// from zero (its last reason is kept until the next outcome). NotFound for
// a message of another workspace; Conflict when it has not failed.
Status RetryFailedMessage(store::Database& db, int64_t workspace_id,
                          int64_t message_id, UnixSeconds now);

}  // namespace vafa::services::messaging

#endif  // VAFA_SERVICES_MESSAGING_OUTBOX_H_
