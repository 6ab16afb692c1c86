#include "services/messaging/channels.h"

#include <soci/soci.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "store/sql_values.h"

namespace vafa::services::messaging {
namespace {

using nlohmann::json;

constexpr char kInsertChannel[] =
    "INSERT INTO message_channels (workspace_id, name, kind, settings, "
    "sealed_secret, per_minute, created_at) VALUES (:w, :n, :k, :s, :x, :r, "
    ":t) RETURNING id";
constexpr char kUpdateChannel[] =
    "UPDATE message_channels SET name = :n, settings = :s, per_minute = :r, "
    "updated_at = :t WHERE workspace_id = :w AND id = :i AND deleted_at IS "
    "NULL";
constexpr char kUpdateChannelSecret[] =
    "UPDATE message_channels SET sealed_secret = :x WHERE workspace_id = :w "
    "AND id = :i AND deleted_at IS NULL";
constexpr char kSelectChannelIds[] =
    "SELECT id FROM message_channels WHERE workspace_id = :w AND deleted_at "
    "IS NULL ORDER BY id";
constexpr char kSelectChannel[] =
    "SELECT name, kind, settings, sealed_secret, per_minute FROM "
    "message_channels WHERE workspace_id = :w AND id = :i AND deleted_at IS "
    "NULL";

std::string_view SecurityName(SmtpSecurity security) {
  switch (security) {
    case SmtpSecurity::kStartTls:
      return "starttls";
    case SmtpSecurity::kImplicitTls:
      return "tls";
    case SmtpSecurity::kNone:
      return "none";
  }
  return "starttls";
}

Status Required(const std::string& value, std::string_view field) {
  if (value.empty()) {
    return Status::Invalid(std::string(field) + ": is required",
                           std::string(field));
  }
  return Status::Ok();
}

Status CheckEmail(const EmailSettings& email) {
  if (Status s = Required(email.host, "email.host"); !s.ok()) return s;
  if (email.port < 1 || email.port > 65535) {
    return Status::Invalid("email.port: must be 1 to 65535", "email.port");
  }
  if (email.from_address.find('@') == std::string::npos) {
    return Status::Invalid("email.from_address: is not an e-mail address",
                           "email.from_address");
  }
  if (!email.unsubscribe_url.empty() &&
      email.unsubscribe_url.find("{token}") == std::string::npos) {
    return Status::Invalid("email.unsubscribe_url: must contain {token}",
                           "email.unsubscribe_url");
  }
  return Status::Ok();
}

// A pointer is empty or a JSON pointer; a status ends a message one way
// only; the reports are read only when both the id and the status are
// found.
Status CheckReportSettings(const SmsGatewaySettings& sms) {
  const std::pair<const std::string*, const char*> pointers[] = {
      {&sms.report_id_pointer, "sms.report_id_pointer"},
      {&sms.report_status_pointer, "sms.report_status_pointer"},
      {&sms.report_reason_pointer, "sms.report_reason_pointer"}};
  for (const auto& [pointer, field] : pointers) {
    if (!pointer->empty() && pointer->front() != '/') {
      return Status::Invalid(
          std::string(field) + ": must start with / (a JSON pointer)", field);
    }
  }
  const bool any_status =
      !sms.delivered_statuses.empty() || !sms.failed_statuses.empty();
  if (any_status &&
      (sms.report_id_pointer.empty() || sms.report_status_pointer.empty())) {
    return Status::Invalid(
        "sms.report_id_pointer: delivery reports need the id and the status "
        "pointers",
        "sms.report_id_pointer");
  }
  for (const std::string& status : sms.delivered_statuses) {
    if (std::find(sms.failed_statuses.begin(), sms.failed_statuses.end(),
                  status) != sms.failed_statuses.end()) {
      return Status::Invalid(
          "sms.failed_statuses: \"" + status + "\" is also a delivered status",
          "sms.failed_statuses");
    }
  }
  return Status::Ok();
}

Status CheckSms(const SmsGatewaySettings& sms) {
  if (sms.url.rfind("http://", 0) != 0 && sms.url.rfind("https://", 0) != 0) {
    return Status::Invalid("sms.url: must be an http:// or https:// address",
                           "sms.url");
  }
  if (sms.method != "GET" && sms.method != "POST" && sms.method != "PUT") {
    return Status::Invalid("sms.method: must be GET, POST or PUT",
                           "sms.method");
  }
  for (const auto* pointer : {&sms.id_pointer, &sms.status_pointer}) {
    if (!pointer->empty() && pointer->front() != '/') {
      return Status::Invalid("sms pointers: must start with / (JSON pointer)",
                             "sms.id_pointer");
    }
  }
  if (Status s = CheckReportSettings(sms); !s.ok()) return s;
  if (sms.timeout_seconds < 1 || sms.timeout_seconds > 120) {
    return Status::Invalid("sms.timeout_seconds: must be 1 to 120",
                           "sms.timeout_seconds");
  }
  return Status::Ok();
}

}  // namespace

std::string_view ChannelKindName(ChannelKind kind) {
  return kind == ChannelKind::kEmail ? "email" : "sms";
}

Result<ChannelKind> ParseChannelKind(std::string_view text) {
  if (text == "email") return ChannelKind::kEmail;
  if (text == "sms") return ChannelKind::kSms;
  return Status::Invalid(
      "kind: must be email or sms, not \"" + std::string(text) + "\"", "kind");
}

Result<SmtpSecurity> ParseSmtpSecurity(std::string_view text) {
  if (text == "starttls") return SmtpSecurity::kStartTls;
  if (text == "tls") return SmtpSecurity::kImplicitTls;
  if (text == "none") return SmtpSecurity::kNone;
  return Status::Invalid(
      "email.security: must be starttls, tls or none, not \"" +
          std::string(text) + "\"",
      "email.security");
}

std::string ChannelSettingsJson(const Channel& channel) {
  json out;
  if (channel.kind == ChannelKind::kEmail) {
    const EmailSettings& e = channel.email;
    out = {{"host", e.host},
           {"port", e.port},
           {"security", SecurityName(e.security)},
           {"user", e.user},
           {"from_address", e.from_address},
           {"from_name", e.from_name},
           {"reply_to", e.reply_to},
           {"unsubscribe_url", e.unsubscribe_url},
           {"price", e.price}};
  } else {
    const SmsGatewaySettings& s = channel.sms;
    json headers = json::array();
    for (const auto& [name, value] : s.headers) {
      headers.push_back({name, value});
    }
    out = {{"url", s.url},
           {"method", s.method},
           {"headers", headers},
           {"body", s.body},
           {"id_pointer", s.id_pointer},
           {"status_pointer", s.status_pointer},
           {"accepted_statuses", s.accepted_statuses},
           {"timeout_seconds", s.timeout_seconds},
           {"report_id_pointer", s.report_id_pointer},
           {"report_status_pointer", s.report_status_pointer},
           {"report_reason_pointer", s.report_reason_pointer},
           {"delivered_statuses", s.delivered_statuses},
           {"failed_statuses", s.failed_statuses},
           {"price", s.price}};
  }
  return out.dump();
}

Status ParseChannelSettings(std::string_view text, Channel& channel) {
  const json in = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!in.is_object()) return Status::Invalid("settings: not a JSON object");
  try {
    if (channel.kind == ChannelKind::kEmail) {
      EmailSettings& e = channel.email;
      e.host = in.value("host", "");
      e.port = in.value("port", 587);
      VAFA_ASSIGN_OR_RETURN(
          e.security, ParseSmtpSecurity(in.value("security", "starttls")));
      e.user = in.value("user", "");
      e.from_address = in.value("from_address", "");
      e.from_name = in.value("from_name", "");
      e.reply_to = in.value("reply_to", "");
      e.unsubscribe_url = in.value("unsubscribe_url", "");
      e.price = in.value("price", int64_t{0});
      return Status::Ok();
    }
    SmsGatewaySettings& s = channel.sms;
    s.url = in.value("url", "");
    s.method = in.value("method", "POST");
    s.headers.clear();
    for (const json& header : in.value("headers", json::array())) {
      s.headers.emplace_back(header.at(0).get<std::string>(),
                             header.at(1).get<std::string>());
    }
    s.body = in.value("body", "");
    s.id_pointer = in.value("id_pointer", "");
    s.status_pointer = in.value("status_pointer", "");
    s.accepted_statuses =
        in.value("accepted_statuses", std::vector<std::string>{});
    s.timeout_seconds = in.value("timeout_seconds", 15);
    s.report_id_pointer = in.value("report_id_pointer", "");
    s.report_status_pointer = in.value("report_status_pointer", "");
    s.report_reason_pointer = in.value("report_reason_pointer", "");
    s.delivered_statuses =
        in.value("delivered_statuses", std::vector<std::string>{});
    s.failed_statuses = in.value("failed_statuses", std::vector<std::string>{});
    s.price = in.value("price", int64_t{0});
  } catch (const json::exception& error) {
    return Status::Invalid(std::string("settings: ") + error.what());
  }
  return Status::Ok();
}

namespace {

Status CheckChannel(const Channel& channel) {
  if (Status s = Required(channel.name, "name"); !s.ok()) return s;
  if (channel.name.size() > 200) {
    return Status::Invalid("name: is at most 200 bytes", "name");
  }
  Status valid = channel.kind == ChannelKind::kEmail ? CheckEmail(channel.email)
                                                     : CheckSms(channel.sms);
  if (!valid.ok()) return valid;
  if (channel.per_minute < 0) {
    return Status::Invalid("per_minute: must not be negative", "per_minute");
  }
  return Status::Ok();
}

}  // namespace

Result<int64_t> AddChannel(store::Database& db, int64_t workspace_id,
                           const Channel& channel, std::string_view secret,
                           const SecretKey& key) {
  if (Status s = CheckChannel(channel); !s.ok()) return s;
  long long w = workspace_id, id = 0, r = channel.per_minute,
            t = store::NowSeconds();
  std::string n = channel.name, k(ChannelKindName(channel.kind)),
              s = ChannelSettingsJson(channel);
  store::NullableText sealed(secret.empty() ? std::string()
                                            : SealSecret(key, secret));
  try {
    db.sql() << kInsertChannel, soci::use(w), soci::use(n), soci::use(k),
        soci::use(s), sealed.use(), soci::use(r), soci::use(t), soci::into(id);
  } catch (const std::exception& error) {
    return store::DatabaseError("adding a message channel", error);
  }
  return static_cast<int64_t>(id);
}

Status UpdateChannel(store::Database& db, int64_t workspace_id,
                     const Channel& channel,
                     std::optional<std::string_view> secret,
                     const SecretKey& key) {
  if (Status s = CheckChannel(channel); !s.ok()) return s;
  long long w = workspace_id, i = channel.id, r = channel.per_minute,
            t = store::NowSeconds();
  std::string n = channel.name, s = ChannelSettingsJson(channel);
  try {
    soci::statement update =
        (db.sql().prepare << kUpdateChannel, soci::use(n), soci::use(s),
         soci::use(r), soci::use(t), soci::use(w), soci::use(i));
    update.execute(true);
    if (update.get_affected_rows() == 0) {
      return Status::NotFound("message channel " + std::to_string(channel.id) +
                              " is not in this workspace");
    }
    if (secret) {
      store::NullableText sealed(secret->empty() ? std::string()
                                                 : SealSecret(key, *secret));
      db.sql() << kUpdateChannelSecret, sealed.use(), soci::use(w),
          soci::use(i);
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("updating a message channel", error);
  }
  return Status::Ok();
}

namespace {

struct StoredChannel {
  Channel channel;
  std::string sealed_secret;
};

Result<StoredChannel> ReadStored(store::Database& db, int64_t workspace_id,
                                 int64_t channel_id) {
  long long w = workspace_id, i = channel_id;
  soci::row row;
  try {
    db.sql() << kSelectChannel, soci::use(w), soci::use(i), soci::into(row);
    if (!db.sql().got_data()) {
      return Status::NotFound("message channel " + std::to_string(channel_id) +
                              " is not in this workspace");
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading a message channel", error);
  }
  StoredChannel out;
  Channel& c = out.channel;
  c.id = channel_id;
  c.workspace_id = workspace_id;
  c.name = store::RowText(row, 0);
  VAFA_ASSIGN_OR_RETURN(c.kind, ParseChannelKind(store::RowText(row, 1)));
  Status parsed = ParseChannelSettings(store::RowText(row, 2), c);
  if (!parsed.ok()) {
    return parsed.WithPlace("message channel " + std::to_string(channel_id));
  }
  out.sealed_secret = store::RowText(row, 3);
  c.has_secret = !out.sealed_secret.empty();
  c.per_minute = static_cast<int>(store::RowInt(row, 4));
  return out;
}

}  // namespace

Result<Channel> ReadChannel(store::Database& db, int64_t workspace_id,
                            int64_t channel_id) {
  VAFA_ASSIGN_OR_RETURN(StoredChannel stored,
                        ReadStored(db, workspace_id, channel_id));
  return stored.channel;
}

Result<std::vector<Channel>> ListChannels(store::Database& db,
                                          int64_t workspace_id) {
  std::vector<long long> ids;
  try {
    long long w = workspace_id;
    soci::rowset<long long> rows =
        (db.sql().prepare << kSelectChannelIds, soci::use(w));
    ids.assign(rows.begin(), rows.end());
  } catch (const std::exception& error) {
    return store::DatabaseError("listing message channels", error);
  }
  std::vector<Channel> out;
  for (long long id : ids) {
    VAFA_ASSIGN_OR_RETURN(Channel channel, ReadChannel(db, workspace_id, id));
    out.push_back(std::move(channel));
  }
  return out;
}

Result<std::string> ReadChannelSecret(store::Database& db, int64_t workspace_id,
                                      int64_t channel_id,
                                      const SecretKey& key) {
  VAFA_ASSIGN_OR_RETURN(StoredChannel stored,
                        ReadStored(db, workspace_id, channel_id));
  if (stored.sealed_secret.empty()) return std::string();
  return OpenSecret(
      key, stored.sealed_secret,
      "message channel " + std::to_string(channel_id) + " secret");
}

}  // namespace vafa::services::messaging
