#include "services/messaging/sender.h"

#include <curl/curl.h>

#include <map>
#include <mutex>
#include <string>

namespace vafa::services {
namespace {

struct OpenChannel {
  Channel channel;
  std::string secret;
};

std::string WithoutSecret(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (size_t at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at)) {
    text.replace(at, secret.size(), "[secret]");
  }
  return text;
}

}  // namespace

Result<SendReport> SendDueMessages(store::Database& db,
                                   const SendOptions& options,
                                   const Deliverers& deliverers) {
  // libcurl's global start is not thread-safe; do it once per process.
  static std::once_flag curl_started;
  std::call_once(curl_started, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  SendReport report;
  std::map<int64_t, Result<OpenChannel>> channels;
  for (int count = 0; count < options.limit; ++count) {
    const UnixSeconds now = store::NowSeconds();
    VAFA_ASSIGN_OR_RETURN(
        std::optional<OutboxMessage> message,
        ClaimNextMessage(db, options.workspace_id, now, options.lease_seconds));
    if (!message) break;
    auto found = channels.find(message->channel_id);
    if (found == channels.end()) {
      Result<OpenChannel> open = [&]() -> Result<OpenChannel> {
        VAFA_ASSIGN_OR_RETURN(
            Channel channel,
            ReadChannel(db, message->workspace_id, message->channel_id));
        VAFA_ASSIGN_OR_RETURN(
            std::string secret,
            ReadChannelSecret(db, message->workspace_id, message->channel_id,
                              options.key));
        return OpenChannel{std::move(channel), std::move(secret)};
      }();
      found = channels.emplace(message->channel_id, std::move(open)).first;
    }
    DeliveryOutcome outcome;
    if (!found->second.ok()) {
      // A channel deleted or a key that cannot open its secret: nothing
      // another attempt could fix without a person.
      outcome = {DeliveryOutcome::kPermanentFailure, "",
                 found->second.status().message()};
    } else {
      const OpenChannel& open = *found->second;
      outcome = open.channel.kind == ChannelKind::kEmail
                    ? deliverers.email(open.channel, open.secret, *message, now)
                    : deliverers.sms(open.channel, open.secret, *message);
      outcome.reason = WithoutSecret(outcome.reason, open.secret);
    }
    if (options.after_delivery) options.after_delivery();
    const UnixSeconds done_at = store::NowSeconds();
    Status recorded;
    if (outcome.kind == DeliveryOutcome::kSent) {
      recorded =
          RecordSent(db, message->id, outcome.provider_message_id, done_at);
      ++report.sent;
    } else {
      const bool permanent = outcome.kind == DeliveryOutcome::kPermanentFailure;
      recorded =
          RecordFailure(db, *message, outcome.reason, permanent, done_at);
      if (permanent || message->attempts >= kMaxAttempts) {
        ++report.failed;
      } else {
        ++report.retrying;
      }
    }
    if (!recorded.ok()) return recorded;
  }
  return report;
}

}  // namespace vafa::services
