// A workspace's messaging rules over the API (docs/messaging.md, "Quiet
// hours and the weekly cap"): read with marketing read; changed field by
// field by owners and managers (marketing write alone does not do: the
// quiet hours and the open pixel are the business's choices, not a
// campaign's). A change is checked whole before anything is written, and
// audited with the rules before and after. Thin over
// services/messaging/sending_rules.h.
#include <nlohmann/json.hpp>

#include "api/internal/data_routes.h"
#include "api/json_io.h"
#include "services/messaging/sending_rules.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;
using services::messaging::SendingRules;

json RulesJson(const SendingRules& rules) {
  return {{"window_start_minute", rules.window_start_minute},
          {"window_end_minute", rules.window_end_minute},
          {"on_fridays", rules.on_fridays},
          {"on_holidays", rules.on_holidays},
          {"weekly_cap", rules.weekly_cap},
          {"track_opens", rules.track_opens},
          {"track_sms_links", rules.track_sms_links}};
}

// null is refused rather than read as "no change": a client that sends
// null for a switch means something, and it is not clear what.
Status RejectNull(const json& body) {
  for (const auto& [name, value] : body.items()) {
    if (value.is_null()) return FieldError(name, "must not be null");
  }
  return Status::Ok();
}

Status ReadMinute(const json& body, std::string_view field, int max,
                  int& minute) {
  VAFA_ASSIGN_OR_RETURN(auto value, OptionalInt(body, field));
  if (!value) return Status::Ok();
  if (*value < 0 || *value > max) {
    return FieldError(field, "must be 0 to " + std::to_string(max) +
                                 " (minutes after local midnight)");
  }
  minute = static_cast<int>(*value);
  return Status::Ok();
}

Status ReadSwitch(const json& body, std::string_view field, bool& on) {
  VAFA_ASSIGN_OR_RETURN(auto value, OptionalBool(body, field));
  if (value) on = *value;
  return Status::Ok();
}

// `rules` with the fields the PATCH body gives; the others stay.
Result<SendingRules> ChangedRules(const json& body, SendingRules rules) {
  VAFA_RETURN_IF_ERROR(RejectUnknownFields(
      body, {"window_start_minute", "window_end_minute", "on_fridays",
             "on_holidays", "weekly_cap", "track_opens", "track_sms_links"}));
  VAFA_RETURN_IF_ERROR(RejectNull(body));
  VAFA_RETURN_IF_ERROR(
      ReadMinute(body, "window_start_minute", 1439, rules.window_start_minute));
  VAFA_RETURN_IF_ERROR(
      ReadMinute(body, "window_end_minute", 1440, rules.window_end_minute));
  if (rules.window_end_minute <= rules.window_start_minute) {
    // Name the field the caller changed: moving only the start past the
    // end that stays is the start's fault.
    const bool start_only = body.contains("window_start_minute") &&
                            !body.contains("window_end_minute");
    return FieldError(start_only ? "window_start_minute" : "window_end_minute",
                      "the sending window must end after it starts (" +
                          std::to_string(rules.window_start_minute) + " to " +
                          std::to_string(rules.window_end_minute) + ")");
  }
  VAFA_ASSIGN_OR_RETURN(auto cap, OptionalInt(body, "weekly_cap"));
  if (cap) {
    if (*cap < 0 || *cap > 1000) {
      return FieldError("weekly_cap", "must be 0 (no cap) to 1000");
    }
    rules.weekly_cap = static_cast<int>(*cap);
  }
  VAFA_RETURN_IF_ERROR(ReadSwitch(body, "on_fridays", rules.on_fridays));
  VAFA_RETURN_IF_ERROR(ReadSwitch(body, "on_holidays", rules.on_holidays));
  VAFA_RETURN_IF_ERROR(ReadSwitch(body, "track_opens", rules.track_opens));
  VAFA_RETURN_IF_ERROR(
      ReadSwitch(body, "track_sms_links", rules.track_sms_links));
  return rules;
}

HttpResponse GetMessagingRules(const ApiContext& context,
                               const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kRead));
  VAFA_API_TRY(SendingRules rules, services::messaging::ReadSendingRules(
                                       *scope.db, scope.workspace.id));
  return JsonResponse(200, {{"rules", RulesJson(rules)}});
}

HttpResponse PatchMessagingRules(const ApiContext& context,
                                 const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kWrite));
  if (scope.role != auth::Role::kOwner && scope.role != auth::Role::kManager) {
    return ErrorResponse(
        Status(StatusCode::kPermissionDenied,
               "the messaging rules are changed by owners and managers"));
  }
  VAFA_API_TRY(json body, ParseJsonObject(request));
  SendingRules after;
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(
        SendingRules before,
        services::messaging::ReadSendingRules(*scope.db, scope.workspace.id));
    VAFA_ASSIGN_OR_RETURN(after, ChangedRules(body, before));
    VAFA_RETURN_IF_ERROR(AsFieldError(services::messaging::SaveSendingRules(
        *scope.db, scope.workspace.id, after)));
    return scope.Audit("update", "messaging_rules", scope.workspace.id,
                       RulesJson(before), RulesJson(after));
  }));
  return JsonResponse(200, {{"rules", RulesJson(after)}});
}

}  // namespace

void AddMessagingRulesRoutes(Router& router, const ApiContext& context) {
  const std::string ws = "/api/v1/workspaces/{workspace}/messaging-rules";
  router.Add("GET", ws, BindContext(context, GetMessagingRules));
  router.Add("PATCH", ws, BindContext(context, PatchMessagingRules));
}

}  // namespace vafa::api
