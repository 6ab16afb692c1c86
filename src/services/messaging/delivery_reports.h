// Delivery reports: an SMS gateway posts, for a message it took, whether it
// reached the phone. The channel's settings say where in the gateway's JSON
// the provider's message id, the status and a failure reason are, and which
// statuses mean delivered or failed (SmsGatewaySettings::report_*). A
// report moves a `sent` message of that channel to `delivered`, or to
// `failed` with the gateway's reason; any other status (a gateway's
// "enroute") changes nothing. The first final report wins: a message
// already delivered or failed stays as it is, so a gateway that repeats its
// report (or sends them out of order) changes nothing further.
// ReadDeliveryReport is pure; RecordDeliveryReport writes one row.
#ifndef VAFA_SERVICES_MESSAGING_DELIVERY_REPORTS_H_
#define VAFA_SERVICES_MESSAGING_DELIVERY_REPORTS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/result.h"
#include "services/messaging/channels.h"
#include "services/messaging/outbox.h"
#include "store/database.h"

namespace vafa::services::messaging {

enum class ReportedOutcome { kDelivered, kFailed, kPending };

struct DeliveryReport {
  std::string provider_message_id;
  ReportedOutcome outcome = ReportedOutcome::kPending;
  std::string status;  // as the gateway wrote it
  std::string reason;  // failed only: the gateway's reason, or its status
};

// Whether the channel reads delivery reports (it has an id and a status
// pointer and at least one delivered or failed status).
bool ReadsDeliveryReports(const SmsGatewaySettings& sms);

// The report in `body` as `sms` describes it. Invalid naming the pointer
// when the id or the status is missing or not a text or a number; the
// reason is cut to 300 bytes of text without control characters.
Result<DeliveryReport> ReadDeliveryReport(const SmsGatewaySettings& sms,
                                          const nlohmann::json& body);

struct RecordedReport {
  int64_t message_id = 0;
  MessageState state = MessageState::kSent;  // after the report
  bool changed = false;
};

// Records `report` on the workspace's message of `channel_id` with that
// provider id. NotFound when the channel sent no message with that id.
Result<RecordedReport> RecordDeliveryReport(store::Database& db,
                                            int64_t workspace_id,
                                            int64_t channel_id,
                                            const DeliveryReport& report);

}  // namespace vafa::services::messaging

#endif  // VAFA_SERVICES_MESSAGING_DELIVERY_REPORTS_H_
