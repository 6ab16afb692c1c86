#include "services/messaging/delivery_reports.h"

#include <soci/soci.h>

#include <algorithm>

#include "store/sql_values.h"

namespace vafa::services::messaging {
namespace {

using nlohmann::json;

// The message a report names: the provider's id is unique per gateway, so
// it is looked up within the channel (and the workspace, which owns it).
constexpr char kFindReported[] =
    "SELECT id, state FROM outbox_messages WHERE workspace_id = :w AND "
    "channel_id = :c AND provider_message_id = :p";
// Only a message still `sent` moves: the first final report wins.
constexpr char kRecordReport[] =
    "UPDATE outbox_messages SET state = :s, failure = :f WHERE id = :i AND "
    "state = 'sent'";

constexpr size_t kMaxReasonBytes = 300;
constexpr size_t kMaxIdBytes = 200;

// A text or an integer at `pointer` as text; nullopt when absent or of
// another type.
std::optional<std::string> TextAt(const json& body,
                                  const std::string& pointer) {
  json::json_pointer where;
  try {
    where = json::json_pointer(pointer);
  } catch (const json::exception&) {
    return std::nullopt;
  }
  if (!body.contains(where)) return std::nullopt;
  const json& value = body.at(where);
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return value.dump();
  return std::nullopt;
}

// At most `limit` bytes of `text`, control characters as spaces, cut
// before a UTF-8 continuation byte so no character is split.
std::string Printable(std::string text, size_t limit) {
  if (text.size() > limit) {
    size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    text.resize(cut);
  }
  std::replace_if(
      text.begin(), text.end(),
      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; },
      ' ');
  return text;
}

bool Listed(const std::vector<std::string>& statuses,
            const std::string& status) {
  return std::find(statuses.begin(), statuses.end(), status) != statuses.end();
}

}  // namespace

bool ReadsDeliveryReports(const SmsGatewaySettings& sms) {
  return !sms.report_id_pointer.empty() && !sms.report_status_pointer.empty() &&
         (!sms.delivered_statuses.empty() || !sms.failed_statuses.empty());
}

Result<DeliveryReport> ReadDeliveryReport(const SmsGatewaySettings& sms,
                                          const json& body) {
  DeliveryReport report;
  auto id = TextAt(body, sms.report_id_pointer);
  if (!id || id->empty() || id->size() > kMaxIdBytes) {
    return Status::Invalid(sms.report_id_pointer +
                               ": the message id must be a text of 1 to 200 "
                               "bytes or an integer",
                           "report_id_pointer");
  }
  report.provider_message_id = *id;
  auto status = TextAt(body, sms.report_status_pointer);
  if (!status) {
    return Status::Invalid(
        sms.report_status_pointer + ": the status must be a text or an integer",
        "report_status_pointer");
  }
  report.status = Printable(*status, 100);
  if (Listed(sms.delivered_statuses, *status)) {
    report.outcome = ReportedOutcome::kDelivered;
  } else if (Listed(sms.failed_statuses, *status)) {
    report.outcome = ReportedOutcome::kFailed;
    std::optional<std::string> reason;
    if (!sms.report_reason_pointer.empty()) {
      reason = TextAt(body, sms.report_reason_pointer);
    }
    report.reason = "gateway: " + Printable(reason && !reason->empty()
                                                ? *reason
                                                : "status " + report.status,
                                            kMaxReasonBytes);
  }
  return report;
}

Result<RecordedReport> RecordDeliveryReport(store::Database& db,
                                            int64_t workspace_id,
                                            int64_t channel_id,
                                            const DeliveryReport& report) {
  RecordedReport out;
  try {
    long long w = workspace_id, c = channel_id, id = 0;
    std::string p = report.provider_message_id, state;
    db.sql() << kFindReported, soci::use(w), soci::use(c), soci::use(p),
        soci::into(id), soci::into(state);
    if (!db.sql().got_data()) {
      return Status::NotFound("no message with provider id \"" + p + "\"");
    }
    out.message_id = id;
    VAFA_ASSIGN_OR_RETURN(out.state, ParseMessageState(state, "state"));
    if (report.outcome == ReportedOutcome::kPending ||
        out.state != MessageState::kSent) {
      return out;
    }
    const bool delivered = report.outcome == ReportedOutcome::kDelivered;
    std::string s = delivered ? "delivered" : "failed";
    store::NullableText f(delivered ? std::string() : report.reason);
    soci::statement update = (db.sql().prepare << kRecordReport, soci::use(s),
                              f.use(), soci::use(id));
    update.execute(true);
    if (update.get_affected_rows() == 1) {
      out.changed = true;
      out.state = delivered ? MessageState::kDelivered : MessageState::kFailed;
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("recording a delivery report", error);
  }
  return out;
}

}  // namespace vafa::services::messaging
