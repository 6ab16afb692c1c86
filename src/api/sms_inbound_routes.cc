// The route an SMS gateway forwards incoming messages to (docs/messaging.md):
// POST /api/v1/workspaces/{workspace}/sms-inbound with {"from", "text"} and
// "Authorization: Bearer" the shared token of $VAFA_SMS_INBOUND_TOKEN (no
// session: the gateway is not a user). An opt-out keyword opts the
// sender's customers out of marketing SMS (services/messaging/
// sms_keywords.h). A request without the right token is 404, as a
// workspace route is for a caller who is not a member, and the token is
// checked before the workspace is looked up: such a caller learns nothing,
// not even whether the route or the workspace exists.
#include <nlohmann/json.hpp>

#include "api/internal/data_routes.h"
#include "api/json_io.h"
#include "services/messaging/sms_keywords.h"

namespace vafa::api {
namespace {

using nlohmann::json;

HttpResponse PostSmsInbound(const ApiContext& context,
                            const HttpRequest& request) {
  const std::string authorization = request.Header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.rfind(kBearer, 0) != 0 ||
      !services::messaging::SmsInboundTokenMatches(
          std::string_view(authorization).substr(kBearer.size()))) {
    return ErrorResponse(Status::NotFound("no such route for this caller"));
  }
  VAFA_API_TRY(store::Database * db, context.database());
  VAFA_API_TRY(store::Workspace workspace,
               store::WorkspaceRepository(*db).GetBySlug(
                   request.params.at("workspace")));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_CHECK(RejectUnknownFields(body, {"from", "text"}));
  VAFA_API_TRY(std::string from, RequiredString(body, "from"));
  VAFA_API_TRY(std::string text, RequiredString(body, "text"));
  if (from.size() > 64) return ErrorResponse(FieldError("from", "too long"));
  if (text.size() > 2000) return ErrorResponse(FieldError("text", "too long"));
  services::messaging::SmsOptOut out;
  VAFA_API_CHECK(store::InTransaction(*db, [&]() -> Status {
    auto recorded = services::messaging::OptOutBySmsKeyword(
        *db, workspace.id, from, text, store::NowSeconds());
    if (!recorded.ok()) return AsFieldError(recorded.status());
    out = *recorded;
    return Status::Ok();
  }));
  return JsonResponse(
      200, {{"keyword", out.keyword}, {"customers_opted_out", out.customers}});
}

}  // namespace

void AddSmsInboundRoutes(Router& router, const ApiContext& context) {
  router.Add("POST", "/api/v1/workspaces/{workspace}/sms-inbound",
             BindContext(context, PostSmsInbound));
}

}  // namespace vafa::api
