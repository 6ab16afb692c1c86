// The route an SMS gateway posts delivery reports to (docs/messaging.md):
// POST /api/v1/workspaces/{workspace}/message-channels/{id}/delivery-reports
// with the gateway's JSON, read as the channel's settings say
// (services/messaging/delivery_reports.h), and "Authorization: Bearer" the
// shared token of $VAFA_SMS_INBOUND_TOKEN (no session: the gateway is not a
// user). A wrong token, an unknown workspace, a channel that is not an SMS
// channel taking reports, and a provider id the channel never sent are all
// the same 404, so a caller learns nothing of what exists.
#include <nlohmann/json.hpp>

#include "api/internal/data_routes.h"
#include "api/json_io.h"
#include "services/messaging/delivery_reports.h"
#include "services/messaging/sms_keywords.h"

namespace vafa::api {
namespace {

using nlohmann::json;

HttpResponse NotForThisCaller() {
  return ErrorResponse(Status::NotFound("no such route for this caller"));
}

// NotFound of any kind becomes the one answer that reveals nothing; a store
// that is down stays 503.
HttpResponse Refusal(const Status& status) {
  if (status.code() == StatusCode::kNotFound) return NotForThisCaller();
  return ErrorResponse(status);
}

HttpResponse PostDeliveryReport(const ApiContext& context,
                                const HttpRequest& request) {
  const std::string authorization = request.Header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.rfind(kBearer, 0) != 0 ||
      !services::messaging::SmsInboundTokenMatches(
          std::string_view(authorization).substr(kBearer.size()))) {
    return NotForThisCaller();
  }
  auto channel_id = PathId(request, "id", "message channel");
  if (!channel_id.ok()) return NotForThisCaller();
  VAFA_API_TRY(store::Database * db, context.database());
  auto workspace =
      store::WorkspaceRepository(*db).GetBySlug(request.params.at("workspace"));
  if (!workspace.ok()) return Refusal(workspace.status());
  auto channel =
      services::messaging::ReadChannel(*db, workspace->id, *channel_id);
  if (!channel.ok()) return Refusal(channel.status());
  if (channel->kind != services::messaging::ChannelKind::kSms ||
      !services::messaging::ReadsDeliveryReports(channel->sms)) {
    return NotForThisCaller();
  }
  VAFA_API_TRY(json body, ParseJsonObject(request));
  auto report = services::messaging::ReadDeliveryReport(channel->sms, body);
  if (!report.ok()) return ErrorResponse(AsFieldError(report.status()));
  services::messaging::RecordedReport recorded;
  Status written = store::InTransaction(*db, [&]() -> Status {
    auto done = services::messaging::RecordDeliveryReport(*db, workspace->id,
                                                          channel->id, *report);
    if (!done.ok()) return done.status();
    recorded = *done;
    return Status::Ok();
  });
  if (!written.ok()) return Refusal(written);
  return JsonResponse(
      200, {{"state", services::messaging::MessageStateName(recorded.state)},
            {"changed", recorded.changed}});
}

}  // namespace

void AddDeliveryReportRoutes(Router& router, const ApiContext& context) {
  router.Add("POST",
             "/api/v1/workspaces/{workspace}/message-channels/{id}/"
             "delivery-reports",
             BindContext(context, PostDeliveryReport));
}

}  // namespace vafa::api
