// The outbox over the API (docs/messaging.md): queueing a campaign's
// treatment members (marketing write) or a ticket's satisfaction request
// (tickets write), the outbox with a retry of a failed message (marketing),
// each customer's message history and consent per channel kind (customers
// read; a change needs customers or marketing write). Recipients are shown
// only to roles that see contact details; unsubscribe tokens never. Thin
// over services/messaging.
#include <nlohmann/json.hpp>

#include "api/internal/data_routes.h"
#include "api/json_io.h"
#include "services/messaging/campaign_messages.h"
#include "services/messaging/consent.h"
#include "services/messaging/message_sources.h"
#include "services/messaging/outbox.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;
using services::messaging::ChannelKind;
using services::messaging::OutboxMessage;

json MessageJson(const OutboxMessage& m, const Scope& scope) {
  const bool contact = scope.Can(Resource::kContactDetails, Access::kRead);
  return {{"id", m.id},
          {"channel_id", m.channel_id},
          {"customer_id", Nullable(m.customer_id)},
          {"purpose", services::messaging::MessagePurposeName(m.purpose)},
          {"source", Nullable(m.source)},
          {"recipient", contact ? json(m.recipient) : json()},
          {"subject", Nullable(m.subject)},
          {"body", m.body},
          {"state", services::messaging::MessageStateName(m.state)},
          {"failure", Nullable(m.failure)},
          {"attempts", m.attempts},
          {"next_attempt_at", m.next_attempt_at},
          {"provider_message_id", Nullable(m.provider_message_id)},
          {"created_at", m.created_at},
          {"sent_at", m.sent_at ? json(*m.sent_at) : json()},
          {"opened_at", Nullable(m.opened_at)},
          {"open_count", m.open_count},
          {"clicked_at", Nullable(m.clicked_at)},
          {"click_count", m.click_count},
          {"opted_out_at", Nullable(m.opted_out_at)}};
}

struct QueueRequest {
  int64_t template_id = 0;
  int64_t channel_id = 0;
  bool dry_run = false;  // campaigns only: count, write nothing
};

Result<QueueRequest> QueueRequestFromBody(const HttpRequest& request,
                                          bool may_dry_run) {
  VAFA_ASSIGN_OR_RETURN(json body, ParseJsonObject(request));
  if (may_dry_run) {
    VAFA_RETURN_IF_ERROR(
        RejectUnknownFields(body, {"template_id", "channel_id", "dry_run"}));
  } else {
    VAFA_RETURN_IF_ERROR(
        RejectUnknownFields(body, {"template_id", "channel_id"}));
  }
  QueueRequest out;
  VAFA_ASSIGN_OR_RETURN(auto dry_run, OptionalBool(body, "dry_run"));
  out.dry_run = dry_run.value_or(false);
  for (auto [field, target] : {std::pair{"template_id", &out.template_id},
                               std::pair{"channel_id", &out.channel_id}}) {
    VAFA_ASSIGN_OR_RETURN(auto id, OptionalInt(body, field));
    if (!id) return FieldError(field, "is required");
    *target = *id;
  }
  return out;
}

// What became of the campaign's messages, with their estimated cost.
HttpResponse GetCampaignMessages(const ApiContext& context,
                                 const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kRead));
  VAFA_API_TRY(int64_t campaign,
               PathRecordId(scope, request, "campaigns", "campaign"));
  VAFA_API_TRY(services::messaging::CampaignMessageCounts counts,
               services::messaging::CountCampaignMessages(
                   *scope.db, scope.workspace.id, campaign));
  return JsonResponse(200,
                      {{"queued", counts.queued},
                       {"sending", counts.sending},
                       {"sent", counts.sent},
                       {"delivered", counts.delivered},
                       {"failed", counts.failed},
                       {"opted_out", counts.opted_out},
                       {"opted_out_by_message", counts.opted_out_by_message},
                       {"opened", counts.opened},
                       {"opens", counts.opens},
                       {"clicked", counts.clicked},
                       {"clicks", counts.clicks},
                       {"sms_parts", counts.sms_parts},
                       {"estimated_cost", counts.estimated_cost},
                       {"currency", scope.workspace.currency}});
}

HttpResponse PostCampaignMessages(const ApiContext& context,
                                  const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kWrite));
  VAFA_API_TRY(int64_t campaign,
               PathRecordId(scope, request, "campaigns", "campaign"));
  VAFA_API_TRY(QueueRequest queue, QueueRequestFromBody(request, true));
  auto queued = services::messaging::QueueCampaignMessages(
      *scope.db, scope.workspace.id, campaign, queue.template_id,
      queue.channel_id, store::NowSeconds(),
      queue.dry_run ? services::messaging::QueueMode::kCount
                    : services::messaging::QueueMode::kQueue);
  if (!queued.ok()) return ErrorResponse(AsFieldError(queued.status()));
  const services::messaging::CampaignQueueReport& report = *queued;
  const json out = {{"queued", report.queued},
                    {"already_queued", report.already_queued},
                    {"opted_out", report.opted_out},
                    {"no_address", report.no_address},
                    {"over_cap", report.over_cap},
                    {"due_at", report.due_at},
                    {"dry_run", queue.dry_run}};
  if (queue.dry_run) return JsonResponse(200, out);
  json audited = out;
  audited["template_id"] = queue.template_id;
  audited["channel_id"] = queue.channel_id;
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    return scope.Audit("queue", "campaign", campaign, nullptr, audited);
  }));
  return JsonResponse(200, out);
}

HttpResponse PostSatisfactionRequest(const ApiContext& context,
                                     const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kTickets, Access::kWrite));
  VAFA_API_TRY(int64_t ticket,
               PathRecordId(scope, request, "tickets", "ticket"));
  VAFA_API_TRY(QueueRequest queue, QueueRequestFromBody(request, false));
  bool queued = false;
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    auto added = services::messaging::QueueSatisfactionRequest(
        *scope.db, scope.workspace.id, ticket, queue.template_id,
        queue.channel_id, store::NowSeconds());
    if (!added.ok()) return AsFieldError(added.status());
    queued = *added;
    if (!queued) return Status::Ok();
    return scope.Audit("queue_satisfaction", "ticket", ticket, nullptr,
                       json{{"template_id", queue.template_id},
                            {"channel_id", queue.channel_id}});
  }));
  return JsonResponse(queued ? 201 : 200, {{"queued", queued}});
}

// A page of messages, the newest first; `next_before` asks for the next.
Result<json> MessagePage(const Scope& scope, const HttpRequest& request,
                         services::messaging::OutboxFilter filter) {
  const std::string state = request.Query("state");
  if (!state.empty()) {
    auto parsed = services::messaging::ParseMessageState(state, "state");
    if (!parsed.ok()) return AsFieldError(parsed.status());
    filter.state = *parsed;
  }
  VAFA_ASSIGN_OR_RETURN(filter.before_id, QueryInt(request, "before"));
  VAFA_ASSIGN_OR_RETURN(auto limit, QueryInt(request, "limit"));
  if (limit && (*limit < 1 || *limit > 500)) {
    return FieldError("limit", "must be 1 to 500");
  }
  filter.limit = static_cast<int>(limit.value_or(100));
  VAFA_ASSIGN_OR_RETURN(
      auto messages,
      services::messaging::ListOutbox(*scope.db, scope.workspace.id, filter));
  json items = json::array();
  for (const OutboxMessage& m : messages)
    items.push_back(MessageJson(m, scope));
  json next = messages.size() == static_cast<size_t>(filter.limit)
                  ? json(messages.back().id)
                  : json();
  return json{{"items", items}, {"next_before", next}};
}

HttpResponse GetOutbox(const ApiContext& context, const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kRead));
  VAFA_API_TRY(auto customer, QueryInt(request, "customer_id"));
  VAFA_API_TRY(auto campaign, QueryInt(request, "campaign_id"));
  services::messaging::OutboxFilter filter;
  filter.customer_id = customer;
  filter.campaign_id = campaign;
  VAFA_API_TRY(json page, MessagePage(scope, request, filter));
  return JsonResponse(200, page);
}

HttpResponse PostOutboxRetry(const ApiContext& context,
                             const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kWrite));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "message"));
  OutboxMessage after;
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_RETURN_IF_ERROR(services::messaging::RetryFailedMessage(
        *scope.db, scope.workspace.id, id, store::NowSeconds()));
    VAFA_ASSIGN_OR_RETURN(after, services::messaging::ReadMessage(
                                     *scope.db, scope.workspace.id, id));
    return scope.Audit("retry", "message", id, nullptr,
                       json{{"state", "queued"}});
  }));
  return JsonResponse(200, {{"message", MessageJson(after, scope)}});
}

HttpResponse GetCustomerMessages(const ApiContext& context,
                                 const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kCustomers,
                                      Access::kRead));
  VAFA_API_TRY(int64_t id,
               PathRecordId(scope, request, "customers", "customer"));
  services::messaging::OutboxFilter filter;
  filter.customer_id = id;
  VAFA_API_TRY(json page, MessagePage(scope, request, filter));
  return JsonResponse(200, page);
}

json ConsentJson(const services::messaging::ConsentRecord& record) {
  const char* state =
      record.consent == services::messaging::Consent::kOptedIn    ? "opted_in"
      : record.consent == services::messaging::Consent::kOptedOut ? "opted_out"
                                                                  : "unknown";
  return {
      {"state", state},
      {"source", Nullable(record.source)},
      {"recorded_at", record.consent == services::messaging::Consent::kUnknown
                          ? json()
                          : json(record.recorded_at)}};
}

Result<json> CustomerConsent(const Scope& scope, int64_t customer) {
  json out = json::object();
  for (ChannelKind kind : {ChannelKind::kEmail, ChannelKind::kSms}) {
    VAFA_ASSIGN_OR_RETURN(services::messaging::ConsentRecord record,
                          services::messaging::ReadConsent(
                              *scope.db, scope.workspace.id, customer, kind));
    out[std::string(services::messaging::ChannelKindName(kind))] =
        ConsentJson(record);
  }
  return out;
}

HttpResponse GetCustomerConsent(const ApiContext& context,
                                const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kCustomers,
                                      Access::kRead));
  VAFA_API_TRY(int64_t id,
               PathRecordId(scope, request, "customers", "customer"));
  VAFA_API_TRY(json consent, CustomerConsent(scope, id));
  return JsonResponse(200, consent);
}

// Records a customer's opt-in or opt-out on one channel kind; the source
// says where it came from ("phone call", "paper form"), and the user who
// recorded it is kept beside it ("user:3: phone call").
HttpResponse PutCustomerConsent(const ApiContext& context,
                                const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kCustomers,
                                      Access::kRead));
  if (!scope.Can(Resource::kCustomers, Access::kWrite) &&
      !scope.Can(Resource::kMarketing, Access::kWrite)) {
    return ErrorResponse(Status(StatusCode::kPermissionDenied,
                                "the role " +
                                    std::string(auth::RoleName(scope.role)) +
                                    " may not change consent"));
  }
  VAFA_API_TRY(int64_t id,
               PathRecordId(scope, request, "customers", "customer"));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_CHECK(RejectUnknownFields(body, {"channel", "opted_in", "source"}));
  VAFA_API_TRY(std::string channel, RequiredString(body, "channel"));
  auto kind = services::messaging::ParseChannelKind(channel);
  if (!kind.ok()) {
    return ErrorResponse(FieldError("channel", "must be email or sms"));
  }
  VAFA_API_TRY(auto opted_in, OptionalBool(body, "opted_in"));
  if (!opted_in) return ErrorResponse(FieldError("opted_in", "is required"));
  VAFA_API_TRY(auto note, OptionalString(body, "source"));
  if (note && note->size() > 200) {
    return ErrorResponse(FieldError("source", "is at most 200 bytes"));
  }
  std::string source = "user:" + std::to_string(scope.caller.user.id);
  if (note && !note->empty()) source += ": " + *note;
  json after;
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(json before, CustomerConsent(scope, id));
    VAFA_RETURN_IF_ERROR(services::messaging::RecordConsent(
        *scope.db, scope.workspace.id, id, *kind, *opted_in, source,
        store::NowSeconds()));
    VAFA_ASSIGN_OR_RETURN(after, CustomerConsent(scope, id));
    return scope.Audit("update", "consent", id, before[channel],
                       after[channel]);
  }));
  return JsonResponse(200, after);
}

}  // namespace

void AddOutboxRoutes(Router& router, const ApiContext& context) {
  const std::string ws = "/api/v1/workspaces/{workspace}";
  router.Add("GET", ws + "/campaigns/{id}/messages",
             BindContext(context, GetCampaignMessages));
  router.Add("POST", ws + "/campaigns/{id}/messages",
             BindContext(context, PostCampaignMessages));
  router.Add("POST", ws + "/tickets/{id}/satisfaction-request",
             BindContext(context, PostSatisfactionRequest));
  router.Add("GET", ws + "/outbox", BindContext(context, GetOutbox));
  router.Add("POST", ws + "/outbox/{id}/retry",
             BindContext(context, PostOutboxRetry));
  router.Add("GET", ws + "/customers/{id}/messages",
             BindContext(context, GetCustomerMessages));
  router.Add("GET", ws + "/customers/{id}/consent",
             BindContext(context, GetCustomerConsent));
  router.Add("PUT", ws + "/customers/{id}/consent",
             BindContext(context, PutCustomerConsent));
}

}  // namespace vafa::api
