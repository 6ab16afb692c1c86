// The sender: delivers the outbox's due messages one at a time (claim,
// deliver through the channel, record the outcome; outbox.h), as `vafa
// send` does once. Channels with their opened secrets, and each
// workspace's sending rules, are read once per run. Before a marketing
// message goes, the rules are asked again: a customer who opted out since
// it was queued gets nothing (it fails, naming the opt-out), and a
// marketing SMS whose quiet hours began while it waited is put back until
// they end. The secret is taken out
// of every failure reason before it is stored or printed. Not thread-safe
// beyond the Database; several senders may share a store.
#ifndef VAFA_SERVICES_MESSAGING_SENDER_H_
#define VAFA_SERVICES_MESSAGING_SENDER_H_

#include <cstdint>
#include <functional>

#include "core/result.h"
#include "services/messaging/delivery.h"
#include "services/messaging/secrets.h"
#include "store/database.h"

namespace vafa::services {

struct SendOptions {
  int64_t workspace_id = 0;  // 0: every workspace
  int limit = 100;           // messages claimed in this run at most
  // How long a claim holds: longer than any delivery takes (the SMTP
  // timeout is 60 s), so a live sender's message is never claimed twice.
  int lease_seconds = 300;
  SecretKey key{};
  // Called between a provider taking a message and its state being
  // recorded: a test pauses here to kill the sender at the worst moment.
  std::function<void()> after_delivery;
};

struct SendReport {
  int sent = 0;
  int retrying = 0;  // temporary failures, queued again
  int failed = 0;    // permanent failures or attempts used up
  int deferred = 0;  // marketing SMS put back until quiet hours end
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

Result<SendReport> SendDueMessages(store::Database& db,
                                   const SendOptions& options,
                                   const Deliverers& deliverers = {});

}  // namespace vafa::services

#endif  // VAFA_SERVICES_MESSAGING_SENDER_H_
