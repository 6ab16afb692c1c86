// The sender: delivers the outbox's due messages one at a time (claim,
// deliver through the channel, record the outcome; outbox.h), as `vafa
// send` does once. Channels with their opened secrets, and each
// workspace's sending rules, are read once per run. Before a marketing
// message goes, the rules are asked again: a customer who opted out since
// it was queued gets nothing (it fails, naming the opt-out), and a
// marketing SMS whose quiet hours began while it waited is put back until
// they end. A message over its channel's per-minute limit is put back
// until the minute ends (not counted as an attempt). The secret is taken out
// of every failure reason before it is stored or printed. Not thread-safe
// beyond the Database; several senders may share a store.
#ifndef VAFA_SERVICES_MESSAGING_SENDER_H_
#define VAFA_SERVICES_MESSAGING_SENDER_H_

#include <cstdint>
#include <functional>
#include <map>

#include "core/result.h"
#include "services/messaging/delivery.h"
#include "services/messaging/secrets.h"
#include "store/database.h"

namespace vafa::services::messaging {

// Each channel's messages in the current minute, kept across runs (the
// sender loop keeps one), so a channel's `per_minute` holds however the
// runs fall. Not thread-safe: one per sender.
class ChannelRateLimiter {
 public:
  // Whether one more message may go on `channel` at `now`; counts it when
  // it may. A channel with per_minute 0 always may.
  bool Take(const Channel& channel, UnixSeconds now);
  // When the channel's current minute ends.
  UnixSeconds MinuteEnd(int64_t channel_id) const;

 private:
  struct Minute {
    UnixSeconds start = 0;
    int used = 0;
  };
  std::map<int64_t, Minute> minutes_;
};

struct SendOptions {
  int64_t workspace_id = 0;  // 0: every workspace
  int limit = 100;           // messages claimed in this run at most
  // How long a claim holds: longer than any delivery takes (the SMTP
  // timeout is 60 s), so a live sender's message is never claimed twice.
  int lease_seconds = 300;
  SecretKey key{};
  // The rate limits' counts; when null, a run counts on its own.
  ChannelRateLimiter* rate_limiter = nullptr;
  // Called between a provider taking a message and its state being
  // recorded: a test pauses here to kill the sender at the worst moment.
  std::function<void()> after_delivery;
};

struct SendReport {
  int sent = 0;
  int retrying = 0;  // temporary failures, queued again
  int failed = 0;    // permanent failures or attempts used up
  int deferred = 0;  // put back: quiet hours, or the channel's rate limit
};

// The provider calls, replaceable for tests of the bookkeeping.
struct Deliverers {
  std::function<DeliveryOutcome(const Channel&, std::string_view,
                                const OutboxMessage&, UnixSeconds)>
      email = DeliverEmail;
  std::function<DeliveryOutcome(const Channel&, std::string_view,
                                const OutboxMessage&)>
      sms = DeliverSms;
};

// Delivers one message to `recipient` on `channel` now, outside the outbox
// (a channel's test: nothing is queued or recorded), with `subject` and
// `text`. The outcome's reason never carries `secret`.
DeliveryOutcome SendTestMessage(const Channel& channel, std::string_view secret,
                                std::string_view recipient,
                                std::string_view subject, std::string_view text,
                                UnixSeconds now,
                                const Deliverers& deliverers = {});

Result<SendReport> SendDueMessages(store::Database& db,
                                   const SendOptions& options,
                                   const Deliverers& deliverers = {});

}  // namespace vafa::services::messaging

#endif  // VAFA_SERVICES_MESSAGING_SENDER_H_
