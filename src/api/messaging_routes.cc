// Message channels and templates over the API (docs/messaging.md): channels
// are listed with marketing read and changed by owners (workspace write);
// a channel's secret is written, never read back: answers, the audit log and
// errors say only whether it has one. Templates are read and changed with
// marketing, and previewed for one customer in both languages with the SMS
// length. Thin over services/messaging.
#include <nlohmann/json.hpp>

#include "api/internal/data_routes.h"
#include "api/json_io.h"
#include "services/messaging/channels.h"
#include "services/messaging/message_sources.h"
#include "services/messaging/message_templates.h"
#include "services/messaging/sender.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;
using services::messaging::Channel;
using services::messaging::ChannelKind;
using services::messaging::MessageTemplate;

json ChannelJson(const Channel& channel) {
  json settings =
      json::parse(services::messaging::ChannelSettingsJson(channel));
  const bool email = channel.kind == ChannelKind::kEmail;
  return {{"id", channel.id},
          {"name", channel.name},
          {"kind", services::messaging::ChannelKindName(channel.kind)},
          {"per_minute", channel.per_minute},
          {"has_secret", channel.has_secret},
          {"email", email ? settings : json()},
          {"sms", email ? json() : settings}};
}

// The JSON type each settings field must have; ParseChannelSettings reads
// the values once the types are known to be right.
struct SettingsField {
  const char* name;
  json::value_t type;
};
constexpr SettingsField kEmailFields[] = {
    {"host", json::value_t::string},
    {"port", json::value_t::number_unsigned},
    {"security", json::value_t::string},
    {"user", json::value_t::string},
    {"from_address", json::value_t::string},
    {"from_name", json::value_t::string},
    {"reply_to", json::value_t::string},
    {"unsubscribe_url", json::value_t::string},
    {"price", json::value_t::number_unsigned}};
constexpr SettingsField kSmsFields[] = {
    {"url", json::value_t::string},
    {"method", json::value_t::string},
    {"headers", json::value_t::array},
    {"body", json::value_t::string},
    {"id_pointer", json::value_t::string},
    {"status_pointer", json::value_t::string},
    {"accepted_statuses", json::value_t::array},
    {"timeout_seconds", json::value_t::number_unsigned},
    {"report_id_pointer", json::value_t::string},
    {"report_status_pointer", json::value_t::string},
    {"report_reason_pointer", json::value_t::string},
    {"delivered_statuses", json::value_t::array},
    {"failed_statuses", json::value_t::array},
    {"price", json::value_t::number_unsigned}};

bool HasType(const json& value, json::value_t type) {
  if (type == json::value_t::number_unsigned) {
    return value.is_number_integer() && value.get<int64_t>() >= 0 &&
           value.get<int64_t>() <= 1000000;
  }
  return value.type() == type;
}

// `settings` (the "email" or "sms" member) checked field by field.
Status CheckSettingsObject(const json& settings, std::string_view member,
                           std::span<const SettingsField> fields) {
  const std::string prefix = std::string(member) + ".";
  if (!settings.is_object()) {
    return FieldError(member, "must be an object");
  }
  for (const auto& [name, value] : settings.items()) {
    const SettingsField* field = nullptr;
    for (const SettingsField& f : fields) {
      if (name == f.name) field = &f;
    }
    if (field == nullptr) return FieldError(prefix + name, "unknown field");
    if (!HasType(value, field->type)) {
      return FieldError(prefix + name, "has the wrong type");
    }
    if (value.is_array()) {
      for (const json& item : value) {
        const bool pair = item.is_array() && item.size() == 2 &&
                          item[0].is_string() && item[1].is_string();
        if (name == "headers" ? !pair : !item.is_string()) {
          return FieldError(prefix + name,
                            name == "headers"
                                ? "must be a list of [name, value] pairs"
                                : "must be a list of texts");
        }
      }
    }
  }
  return Status::Ok();
}

// The channel a POST or PUT body describes; `kind` is fixed on update.
// `secret` is set when the body has one (an empty text removes it).
Result<Channel> ChannelFromBody(const json& body,
                                std::optional<ChannelKind> fixed_kind,
                                std::optional<std::string>& secret) {
  VAFA_RETURN_IF_ERROR(RejectUnknownFields(
      body, {"name", "kind", "per_minute", "email", "sms", "secret"}));
  Channel channel;
  VAFA_ASSIGN_OR_RETURN(channel.name, RequiredString(body, "name"));
  VAFA_ASSIGN_OR_RETURN(auto kind, OptionalString(body, "kind"));
  if (fixed_kind) {
    channel.kind = *fixed_kind;
    if (kind && *kind != services::messaging::ChannelKindName(*fixed_kind)) {
      return FieldError("kind", "a channel's kind does not change");
    }
  } else {
    if (!kind) return FieldError("kind", "is required");
    auto parsed = services::messaging::ParseChannelKind(*kind);
    if (!parsed.ok()) return FieldError("kind", "must be email or sms");
    channel.kind = *parsed;
  }
  VAFA_ASSIGN_OR_RETURN(auto per_minute, OptionalInt(body, "per_minute"));
  if (per_minute && (*per_minute < 0 || *per_minute > 100000)) {
    return FieldError("per_minute", "must be 0 to 100000");
  }
  channel.per_minute = static_cast<int>(per_minute.value_or(0));
  const bool email = channel.kind == ChannelKind::kEmail;
  const char* member = email ? "email" : "sms";
  const char* other = email ? "sms" : "email";
  if (body.contains(other) && !body[other].is_null()) {
    return FieldError(other, std::string("a channel of kind ") + member +
                                 " has no " + other + " settings");
  }
  if (!body.contains(member)) return FieldError(member, "is required");
  VAFA_RETURN_IF_ERROR(
      CheckSettingsObject(body[member], member,
                          email ? std::span<const SettingsField>(kEmailFields)
                                : std::span<const SettingsField>(kSmsFields)));
  Status parsed =
      services::messaging::ParseChannelSettings(body[member].dump(), channel);
  if (!parsed.ok()) return FieldError(member, parsed.message());
  VAFA_ASSIGN_OR_RETURN(secret, OptionalString(body, "secret"));
  if (secret && secret->size() > 4096) {
    return FieldError("secret", "is at most 4096 bytes");
  }
  return channel;
}

// The server's key, needed only when a secret is sealed or opened.
Result<services::messaging::SecretKey> KeyFor(std::string_view what) {
  auto key = services::messaging::SecretKeyFromEnvironment();
  if (!key.ok()) {
    return Status(StatusCode::kFailedPrecondition,
                  std::string(what) + ": the server has no " +
                      services::messaging::kSecretKeyVariable +
                      " to keep channel secrets with (docs/messaging.md)",
                  "secret");
  }
  return key;
}

HttpResponse GetChannels(const ApiContext& context,
                         const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kRead));
  VAFA_API_TRY(auto channels, services::messaging::ListChannels(
                                  *scope.db, scope.workspace.id));
  json items = json::array();
  for (const Channel& channel : channels) items.push_back(ChannelJson(channel));
  return JsonResponse(200, {{"items", items}});
}

HttpResponse PostChannel(const ApiContext& context,
                         const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kWorkspace,
                                      Access::kWrite));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  std::optional<std::string> secret;
  VAFA_API_TRY(Channel channel, ChannelFromBody(body, std::nullopt, secret));
  services::messaging::SecretKey key{};
  if (secret && !secret->empty()) {
    VAFA_API_TRY(key, KeyFor("secret"));
  }
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    auto added = services::messaging::AddChannel(
        *scope.db, scope.workspace.id, channel, secret.value_or(""), key);
    if (!added.ok()) return AsFieldError(added.status());
    channel.id = *added;
    VAFA_ASSIGN_OR_RETURN(
        channel, services::messaging::ReadChannel(*scope.db, scope.workspace.id,
                                                  channel.id));
    return scope.Audit("create", "message_channel", channel.id, nullptr,
                       ChannelJson(channel));
  }));
  return JsonResponse(201, {{"channel", ChannelJson(channel)}});
}

HttpResponse PutChannel(const ApiContext& context, const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kWorkspace,
                                      Access::kWrite));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "message channel"));
  VAFA_API_TRY(Channel before, services::messaging::ReadChannel(
                                   *scope.db, scope.workspace.id, id));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  std::optional<std::string> secret;
  VAFA_API_TRY(Channel channel, ChannelFromBody(body, before.kind, secret));
  channel.id = id;
  services::messaging::SecretKey key{};
  if (secret && !secret->empty()) {
    VAFA_API_TRY(key, KeyFor("secret"));
  }
  std::optional<std::string_view> new_secret;
  if (secret) new_secret = *secret;
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_RETURN_IF_ERROR(AsFieldError(services::messaging::UpdateChannel(
        *scope.db, scope.workspace.id, channel, new_secret, key)));
    VAFA_ASSIGN_OR_RETURN(channel, services::messaging::ReadChannel(
                                       *scope.db, scope.workspace.id, id));
    return scope.Audit("update", "message_channel", id, ChannelJson(before),
                       ChannelJson(channel));
  }));
  return JsonResponse(200, {{"channel", ChannelJson(channel)}});
}

// Sends one message on the channel now to the address in the body and says
// what the provider answered; nothing goes into the outbox.
HttpResponse PostChannelTest(const ApiContext& context,
                             const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kWorkspace,
                                      Access::kWrite));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "message channel"));
  VAFA_API_TRY(Channel channel, services::messaging::ReadChannel(
                                    *scope.db, scope.workspace.id, id));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_CHECK(RejectUnknownFields(body, {"to", "text"}));
  VAFA_API_TRY(std::string to, RequiredString(body, "to"));
  VAFA_API_TRY(auto text, OptionalString(body, "text"));
  if (to.size() > 320 || to.find_first_of("\r\n") != std::string::npos) {
    return ErrorResponse(FieldError("to", "is not an address"));
  }
  if (text && text->size() > 2000) {
    return ErrorResponse(FieldError("text", "is at most 2000 bytes"));
  }
  std::string secret;
  if (channel.has_secret) {
    VAFA_API_TRY(services::messaging::SecretKey key, KeyFor("test"));
    VAFA_API_TRY(secret, services::messaging::ReadChannelSecret(
                             *scope.db, scope.workspace.id, id, key));
  }
  const std::string message =
      text.value_or("A test message from vafa, channel " + channel.name);
  const services::messaging::DeliveryOutcome outcome =
      services::messaging::SendTestMessage(channel, secret, to,
                                           "vafa: test of " + channel.name,
                                           message, store::NowSeconds());
  const char* result =
      outcome.kind == services::messaging::DeliveryOutcome::kSent ? "sent"
      : outcome.kind == services::messaging::DeliveryOutcome::kTemporaryFailure
          ? "temporary_failure"
          : "permanent_failure";
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    return scope.Audit("test", "message_channel", id, nullptr,
                       json{{"to", to}, {"result", result}});
  }));
  return JsonResponse(
      200, {{"result", result},
            {"provider_message_id", Nullable(outcome.provider_message_id)},
            {"reason", Nullable(outcome.reason)}});
}

json TemplateJson(const MessageTemplate& t) {
  return {
      {"id", t.id},
      {"name", t.name},
      {"kind", services::messaging::ChannelKindName(t.kind)},
      {"purpose", services::messaging::MessagePurposeName(t.purpose)},
      {"calendar", t.calendar == services::messaging::TemplateCalendar::kJalali
                       ? "jalali"
                       : "gregorian"},
      {"subject_fa", Nullable(t.subject_fa)},
      {"subject_en", Nullable(t.subject_en)},
      {"body_fa", t.body_fa},
      {"body_en", Nullable(t.body_en)}};
}

Result<MessageTemplate> TemplateFromBody(const json& body) {
  VAFA_RETURN_IF_ERROR(RejectUnknownFields(
      body, {"name", "kind", "purpose", "calendar", "subject_fa", "subject_en",
             "body_fa", "body_en"}));
  MessageTemplate t;
  VAFA_ASSIGN_OR_RETURN(t.name, RequiredString(body, "name"));
  VAFA_ASSIGN_OR_RETURN(std::string kind, RequiredString(body, "kind"));
  auto parsed = services::messaging::ParseChannelKind(kind);
  if (!parsed.ok()) return FieldError("kind", "must be email or sms");
  t.kind = *parsed;
  VAFA_ASSIGN_OR_RETURN(auto purpose, OptionalString(body, "purpose"));
  if (purpose && *purpose != "marketing" && *purpose != "transactional") {
    return FieldError("purpose", "must be marketing or transactional");
  }
  t.purpose = purpose.value_or("marketing") == "marketing"
                  ? services::messaging::MessagePurpose::kMarketing
                  : services::messaging::MessagePurpose::kTransactional;
  VAFA_ASSIGN_OR_RETURN(auto calendar, OptionalString(body, "calendar"));
  if (calendar && *calendar != "jalali" && *calendar != "gregorian") {
    return FieldError("calendar", "must be jalali or gregorian");
  }
  t.calendar = calendar.value_or("jalali") == "jalali"
                   ? services::messaging::TemplateCalendar::kJalali
                   : services::messaging::TemplateCalendar::kGregorian;
  VAFA_ASSIGN_OR_RETURN(auto subject_fa, OptionalString(body, "subject_fa"));
  VAFA_ASSIGN_OR_RETURN(auto subject_en, OptionalString(body, "subject_en"));
  VAFA_ASSIGN_OR_RETURN(t.body_fa, RequiredString(body, "body_fa"));
  VAFA_ASSIGN_OR_RETURN(auto body_en, OptionalString(body, "body_en"));
  t.subject_fa = subject_fa.value_or("");
  t.subject_en = subject_en.value_or("");
  t.body_en = body_en.value_or("");
  if (t.kind == ChannelKind::kSms &&
      (!t.subject_fa.empty() || !t.subject_en.empty())) {
    return FieldError("subject_fa", "an SMS template has no subject");
  }
  return t;
}

HttpResponse GetTemplates(const ApiContext& context,
                          const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kRead));
  VAFA_API_TRY(auto templates, services::messaging::ListTemplates(
                                   *scope.db, scope.workspace.id));
  json items = json::array();
  for (const MessageTemplate& t : templates) items.push_back(TemplateJson(t));
  return JsonResponse(200, {{"items", items}});
}

HttpResponse GetTemplate(const ApiContext& context,
                         const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kRead));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "message template"));
  VAFA_API_TRY(MessageTemplate t, services::messaging::ReadTemplate(
                                      *scope.db, scope.workspace.id, id));
  return JsonResponse(200, {{"template", TemplateJson(t)}});
}

HttpResponse PostTemplate(const ApiContext& context,
                          const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kWrite));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_TRY(MessageTemplate t, TemplateFromBody(body));
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    auto added =
        services::messaging::AddTemplate(*scope.db, scope.workspace.id, t);
    if (!added.ok()) return AsFieldError(added.status());
    t.id = *added;
    return scope.Audit("create", "message_template", t.id, nullptr,
                       TemplateJson(t));
  }));
  return JsonResponse(201, {{"template", TemplateJson(t)}});
}

HttpResponse PutTemplate(const ApiContext& context,
                         const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kWrite));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "message template"));
  VAFA_API_TRY(MessageTemplate before, services::messaging::ReadTemplate(
                                           *scope.db, scope.workspace.id, id));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_TRY(MessageTemplate t, TemplateFromBody(body));
  t.id = id;
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_RETURN_IF_ERROR(AsFieldError(
        services::messaging::UpdateTemplate(*scope.db, scope.workspace.id, t)));
    return scope.Audit("update", "message_template", id, TemplateJson(before),
                       TemplateJson(t));
  }));
  return JsonResponse(200, {{"template", TemplateJson(t)}});
}

HttpResponse DeleteTemplate(const ApiContext& context,
                            const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kWrite));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "message template"));
  VAFA_API_TRY(MessageTemplate before, services::messaging::ReadTemplate(
                                           *scope.db, scope.workspace.id, id));
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_RETURN_IF_ERROR(
        services::messaging::DeleteTemplate(*scope.db, scope.workspace.id, id));
    return scope.Audit("delete", "message_template", id, TemplateJson(before),
                       nullptr);
  }));
  return NoContent();
}

json FilledJson(const services::messaging::FilledMessage& filled,
                ChannelKind kind) {
  const services::messaging::SmsLength sms =
      services::messaging::MeasureSms(filled.body);
  return {
      {"subject", kind == ChannelKind::kEmail ? json(filled.subject) : json()},
      {"body", filled.body},
      {"sms_parts", kind == ChannelKind::kSms ? json(sms.parts) : json()},
      {"sms_units", kind == ChannelKind::kSms ? json(sms.units) : json()},
      {"sms_unicode", kind == ChannelKind::kSms ? json(sms.unicode) : json()}};
}

// The template filled for one customer in Persian and, when it has English
// texts, in English, and which of the two the customer would get.
Result<json> Preview(const Scope& scope, const MessageTemplate& t,
                     int64_t customer_id) {
  if (!scope.Can(Resource::kCustomers, Access::kRead)) {
    return Status(StatusCode::kPermissionDenied,
                  "a preview shows a customer's name: the role may not read "
                  "customers");
  }
  VAFA_ASSIGN_OR_RETURN(
      services::messaging::CustomerPlaceholders customer,
      services::messaging::ReadCustomerPlaceholders(
          *scope.db, scope.workspace.id, customer_id, store::NowSeconds()));
  VAFA_ASSIGN_OR_RETURN(
      services::messaging::FilledMessage fa,
      services::messaging::FillMessage(t, customer.values, false));
  json out = {
      {"customer_id", customer_id},
      {"language", customer.english && !t.body_en.empty() ? "en" : "fa"},
      {"fa", FilledJson(fa, t.kind)},
      {"en", nullptr}};
  if (!t.body_en.empty()) {
    VAFA_ASSIGN_OR_RETURN(
        services::messaging::FilledMessage en,
        services::messaging::FillMessage(t, customer.values, true));
    out["en"] = FilledJson(en, t.kind);
  }
  return out;
}

Result<int64_t> PreviewCustomer(const HttpRequest& request) {
  VAFA_ASSIGN_OR_RETURN(auto customer, QueryInt(request, "customer_id"));
  if (!customer) return FieldError("customer_id", "is required");
  return *customer;
}

HttpResponse GetTemplatePreview(const ApiContext& context,
                                const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kRead));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "message template"));
  VAFA_API_TRY(int64_t customer, PreviewCustomer(request));
  VAFA_API_TRY(MessageTemplate t, services::messaging::ReadTemplate(
                                      *scope.db, scope.workspace.id, id));
  VAFA_API_TRY(json preview, Preview(scope, t, customer));
  return JsonResponse(200, preview);
}

// A preview of texts not yet saved (the template page's live preview): the
// template's fields and customer_id in the body; nothing is stored.
HttpResponse PostTemplatePreview(const ApiContext& context,
                                 const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kRead));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_TRY(auto customer, OptionalInt(body, "customer_id"));
  if (!customer) {
    return ErrorResponse(FieldError("customer_id", "is required"));
  }
  body.erase("customer_id");
  if (!body.contains("name")) body["name"] = "preview";
  VAFA_API_TRY(MessageTemplate t, TemplateFromBody(body));
  for (const auto& [text, field] :
       {std::pair{&t.subject_fa, "subject_fa"},
        std::pair{&t.subject_en, "subject_en"},
        std::pair{&t.body_fa, "body_fa"}, std::pair{&t.body_en, "body_en"}}) {
    if (text->size() > services::messaging::kMaxTemplateTextBytes) {
      return ErrorResponse(FieldError(field, "is at most 16384 bytes"));
    }
    VAFA_API_CHECK(
        AsFieldError(services::messaging::CheckTemplate(*text, field)));
  }
  VAFA_API_TRY(json preview, Preview(scope, t, *customer));
  return JsonResponse(200, preview);
}

}  // namespace

void AddMessagingRoutes(Router& router, const ApiContext& context) {
  const std::string ws = "/api/v1/workspaces/{workspace}";
  router.Add("GET", ws + "/message-channels",
             BindContext(context, GetChannels));
  router.Add("POST", ws + "/message-channels",
             BindContext(context, PostChannel));
  router.Add("PUT", ws + "/message-channels/{id}",
             BindContext(context, PutChannel));
  router.Add("POST", ws + "/message-channels/{id}/test",
             BindContext(context, PostChannelTest));
  router.Add("GET", ws + "/message-templates",
             BindContext(context, GetTemplates));
  router.Add("POST", ws + "/message-templates",
             BindContext(context, PostTemplate));
  router.Add("POST", ws + "/message-templates/preview",
             BindContext(context, PostTemplatePreview));
  router.Add("GET", ws + "/message-templates/{id}",
             BindContext(context, GetTemplate));
  router.Add("PUT", ws + "/message-templates/{id}",
             BindContext(context, PutTemplate));
  router.Add("DELETE", ws + "/message-templates/{id}",
             BindContext(context, DeleteTemplate));
  router.Add("GET", ws + "/message-templates/{id}/preview",
             BindContext(context, GetTemplatePreview));
}

}  // namespace vafa::api
