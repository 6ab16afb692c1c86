#include "services/messaging/sender.h"

#include <curl/curl.h>

#include <map>
#include <mutex>
#include <string>

#include "services/messaging/consent.h"
#include "services/messaging/sending_rules.h"
#include "services/service/tickets.h"

namespace vafa::services::messaging {
namespace {

struct OpenChannel {
  Channel channel;
  std::string secret;
};

struct WorkspaceRules {
  SendingRules rules;
  service::WorkCalendar calendar;
};

std::string WithoutSecret(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (size_t at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at)) {
    text.replace(at, secret.size(), "[secret]");
  }
  return text;
}

// What one run reads once: channels with their opened secrets, and each
// workspace's rules.
class SendingRun {
 public:
  SendingRun(store::Database& db, const SendOptions& options)
      : db_(db), options_(options) {}

  const Result<OpenChannel>& ChannelOf(const OutboxMessage& message) {
    auto found = channels_.find(message.channel_id);
    if (found != channels_.end()) return found->second;
    Result<OpenChannel> open = [&]() -> Result<OpenChannel> {
      VAFA_ASSIGN_OR_RETURN(
          Channel channel,
          ReadChannel(db_, message.workspace_id, message.channel_id));
      VAFA_ASSIGN_OR_RETURN(
          std::string secret,
          ReadChannelSecret(db_, message.workspace_id, message.channel_id,
                            options_.key));
      return OpenChannel{std::move(channel), std::move(secret)};
    }();
    return channels_.emplace(message.channel_id, std::move(open)).first->second;
  }

  Result<WorkspaceRules> RulesOf(int64_t workspace_id) {
    auto found = rules_.find(workspace_id);
    if (found != rules_.end()) return found->second;
    WorkspaceRules rules;
    VAFA_ASSIGN_OR_RETURN(rules.rules, ReadSendingRules(db_, workspace_id));
    VAFA_ASSIGN_OR_RETURN(rules.calendar,
                          service::LoadWorkCalendar(db_, workspace_id));
    return rules_.emplace(workspace_id, rules).first->second;
  }

 private:
  store::Database& db_;
  const SendOptions& options_;
  std::map<int64_t, Result<OpenChannel>> channels_;
  std::map<int64_t, WorkspaceRules> rules_;
};

// For a marketing message, what the rules say now: a failure when the
// customer opted out since it was queued, a later moment when quiet hours
// began while it waited (SMS), else nothing.
Result<std::optional<DeliveryOutcome>> CheckMarketing(
    store::Database& db, SendingRun& run, const OutboxMessage& message,
    const Channel& channel, UnixSeconds now, UnixSeconds* defer_until) {
  *defer_until = 0;
  if (message.purpose != MessagePurpose::kMarketing)
    return std::optional<DeliveryOutcome>();
  if (message.customer_id) {
    VAFA_ASSIGN_OR_RETURN(ConsentRecord consent,
                          ReadConsent(db, message.workspace_id,
                                      *message.customer_id, channel.kind));
    if (consent.consent == Consent::kOptedOut) {
      return std::optional<DeliveryOutcome>(DeliveryOutcome{
          DeliveryOutcome::kPermanentFailure, "",
          "customer opted out of " +
              std::string(ChannelKindName(channel.kind)) + " (" +
              consent.source + ") after the message was queued"});
    }
  }
  if (channel.kind == ChannelKind::kSms) {
    VAFA_ASSIGN_OR_RETURN(WorkspaceRules rules,
                          run.RulesOf(message.workspace_id));
    const UnixSeconds next =
        NextSendingMoment(rules.rules, rules.calendar, now);
    if (next > now) *defer_until = next;
  }
  return std::optional<DeliveryOutcome>();
}

Status Record(store::Database& db, const OutboxMessage& message,
              const DeliveryOutcome& outcome, SendReport& report) {
  const UnixSeconds done_at = store::NowSeconds();
  if (outcome.kind == DeliveryOutcome::kSent) {
    ++report.sent;
    return RecordSent(db, message.id, outcome.provider_message_id, done_at);
  }
  const bool permanent = outcome.kind == DeliveryOutcome::kPermanentFailure;
  if (permanent || message.attempts >= kMaxAttempts) {
    ++report.failed;
  } else {
    ++report.retrying;
  }
  return RecordFailure(db, message, outcome.reason, permanent, done_at);
}

}  // namespace

bool ChannelRateLimiter::Take(const Channel& channel, UnixSeconds now) {
  if (channel.per_minute <= 0) return true;
  Minute& minute = minutes_[channel.id];
  if (now >= minute.start + 60) minute = Minute{now, 0};
  if (minute.used >= channel.per_minute) return false;
  ++minute.used;
  return true;
}

UnixSeconds ChannelRateLimiter::MinuteEnd(int64_t channel_id) const {
  auto found = minutes_.find(channel_id);
  return found == minutes_.end() ? 0 : found->second.start + 60;
}

void StartCurlOnce() {
  // libcurl's global start is not thread-safe; do it once per process.
  static std::once_flag curl_started;
  std::call_once(curl_started, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

DeliveryOutcome SendTestMessage(const Channel& channel, std::string_view secret,
                                std::string_view recipient,
                                std::string_view subject, std::string_view text,
                                UnixSeconds now, const Deliverers& deliverers) {
  StartCurlOnce();
  OutboxMessage message;
  message.workspace_id = channel.workspace_id;
  message.idempotency_key =
      "test:channel:" + std::to_string(channel.id) + ":" + std::to_string(now);
  message.channel_id = channel.id;
  message.purpose = MessagePurpose::kTransactional;
  message.recipient = recipient;
  message.subject = subject;
  message.body = text;
  message.created_at = now;
  DeliveryOutcome outcome =
      channel.kind == ChannelKind::kEmail
          ? deliverers.email(channel, secret, message, now)
          : deliverers.sms(channel, secret, message);
  outcome.reason = WithoutSecret(outcome.reason, std::string(secret));
  return outcome;
}

Result<SendReport> SendDueMessages(store::Database& db,
                                   const SendOptions& options,
                                   const Deliverers& deliverers) {
  StartCurlOnce();
  SendReport report;
  SendingRun run(db, options);
  ChannelRateLimiter own_limiter;
  ChannelRateLimiter& limiter =
      options.rate_limiter != nullptr ? *options.rate_limiter : own_limiter;
  for (int count = 0; count < options.limit; ++count) {
    const UnixSeconds now = store::NowSeconds();
    VAFA_ASSIGN_OR_RETURN(
        std::optional<OutboxMessage> message,
        ClaimNextMessage(db, options.workspace_id, now, options.lease_seconds));
    if (!message) break;
    const Result<OpenChannel>& open = run.ChannelOf(*message);
    DeliveryOutcome outcome;
    if (!open.ok()) {
      // A channel deleted or a key that cannot open its secret: nothing
      // another attempt could fix without a person.
      outcome = {DeliveryOutcome::kPermanentFailure, "",
                 open.status().message()};
    } else {
      UnixSeconds defer_until = 0;
      VAFA_ASSIGN_OR_RETURN(
          std::optional<DeliveryOutcome> refused,
          CheckMarketing(db, run, *message, open->channel, now, &defer_until));
      if (defer_until == 0 && !refused && !limiter.Take(open->channel, now)) {
        defer_until = limiter.MinuteEnd(open->channel.id);
      }
      if (defer_until > 0) {
        ++report.deferred;
        if (Status s = RecordDeferred(db, *message, defer_until); !s.ok()) {
          return s;
        }
        continue;
      }
      if (refused) {
        outcome = *refused;
      } else {
        outcome =
            open->channel.kind == ChannelKind::kEmail
                ? deliverers.email(open->channel, open->secret, *message, now)
                : deliverers.sms(open->channel, open->secret, *message);
        outcome.reason = WithoutSecret(outcome.reason, open->secret);
        if (options.after_delivery) options.after_delivery();
      }
    }
    if (Status s = Record(db, *message, outcome, report); !s.ok()) return s;
  }
  return report;
}

}  // namespace vafa::services::messaging
