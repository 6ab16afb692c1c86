// A workspace's message channels: an e-mail channel over SMTP and an SMS
// channel over an HTTP gateway, each with a name, its settings and at most
// one secret (the SMTP password, the gateway's token). The settings are
// stored as JSON; the secret only sealed (secrets.h), and no read here
// returns it except ReadChannelSecret, which the sender alone calls. Every
// read is confined to one workspace. Not thread-safe beyond the Database.
#ifndef VAFA_SERVICES_MESSAGING_CHANNELS_H_
#define VAFA_SERVICES_MESSAGING_CHANNELS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "services/messaging/secrets.h"
#include "store/database.h"

namespace vafa::services::messaging {

enum class ChannelKind { kEmail, kSms };
std::string_view ChannelKindName(ChannelKind kind);  // "email", "sms"
Result<ChannelKind> ParseChannelKind(std::string_view text);

// How the SMTP connection is protected: STARTTLS on a plain port (587),
// TLS from the first byte (465), or none (a relay on loopback only).
enum class SmtpSecurity { kStartTls, kImplicitTls, kNone };

// "starttls", "tls" or "none".
Result<SmtpSecurity> ParseSmtpSecurity(std::string_view text);

struct EmailSettings {
  std::string host;
  int port = 587;
  SmtpSecurity security = SmtpSecurity::kStartTls;
  std::string user;          // empty: no AUTH
  std::string from_address;  // "shop@example.com"
  std::string from_name;     // shown beside the address; may be Persian
  std::string reply_to;
  // Where a marketing e-mail's unsubscribe link points; "{token}" is
  // replaced by the message's token. Required for marketing e-mail.
  std::string unsubscribe_url;
  // What one e-mail costs, in minor units of the workspace's currency (for
  // the campaign's cost estimate only); 0 when free or unknown.
  int64_t price = 0;
};

// One request per message to an HTTP gateway. In the url, the header values
// and the body, {to} (the phone in international form), {text}, {key} (the
// message's idempotency key) and {secret} are replaced; in the body they are
// written as JSON string contents (escaped). The answer is JSON: the
// provider's message id is read at `id_pointer` (a JSON pointer, e.g.
// "/messages/0/id") and, when `status_pointer` is set, a status there must
// be one of `accepted_statuses` for the message to count as sent.
//
// Delivery reports (delivery_reports.h): the gateway posts a JSON report
// per message; the provider's id is read at `report_id_pointer`, its status
// at `report_status_pointer` (a text or an integer, compared as text) and,
// for a failure, its reason at `report_reason_pointer` (optional). A status
// in `delivered_statuses` or `failed_statuses` ends the message; any other
// changes nothing. Without the pointers the channel takes no reports.
struct SmsGatewaySettings {
  std::string url;
  std::string method = "POST";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string id_pointer;
  std::string status_pointer;
  std::vector<std::string> accepted_statuses;
  int timeout_seconds = 15;
  std::string report_id_pointer;
  std::string report_status_pointer;
  std::string report_reason_pointer;
  std::vector<std::string> delivered_statuses;
  std::vector<std::string> failed_statuses;
  // What one SMS part costs, in minor units of the workspace's currency
  // (for the campaign's cost estimate only); 0 when unknown.
  int64_t price = 0;
};

struct Channel {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::string name;
  ChannelKind kind = ChannelKind::kEmail;
  EmailSettings email;     // when kind is kEmail
  SmsGatewaySettings sms;  // when kind is kSms
  bool has_secret = false;
  int per_minute = 0;  // the sender loop's rate limit; 0: unlimited
};

// Validates and stores a channel; seals a non-empty `secret` with `key`.
// Errors name the settings field ("email.host: is required").
Result<int64_t> AddChannel(store::Database& db, int64_t workspace_id,
                           const Channel& channel, std::string_view secret,
                           const SecretKey& key);
// Replaces a channel's name, settings and rate limit (its kind stays).
// The secret is kept when `secret` is nullopt, removed when it is empty and
// sealed anew otherwise. NotFound for a channel of another workspace.
Status UpdateChannel(store::Database& db, int64_t workspace_id,
                     const Channel& channel,
                     std::optional<std::string_view> secret,
                     const SecretKey& key);
Result<Channel> ReadChannel(store::Database& db, int64_t workspace_id,
                            int64_t channel_id);
// The workspace's channels, by id.
Result<std::vector<Channel>> ListChannels(store::Database& db,
                                          int64_t workspace_id);
// The channel's secret opened with `key`; empty when it has none.
Result<std::string> ReadChannelSecret(store::Database& db, int64_t workspace_id,
                                      int64_t channel_id, const SecretKey& key);

// The settings as stored (JSON text) and back; exposed for tests.
std::string ChannelSettingsJson(const Channel& channel);
Status ParseChannelSettings(std::string_view json, Channel& channel);

}  // namespace vafa::services::messaging

#endif  // VAFA_SERVICES_MESSAGING_CHANNELS_H_
