// Marketing beyond the segment and campaign records (those are in
// marketing_records.cc): previewing rules, a segment's customers, drawing a
// campaign's members, recording responses, the campaign report with its
// honest uplift, and the member list as CSV (docs/marketing.md).
#include <soci/soci.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "api/internal/data_routes.h"
#include "api/json_io.h"
#include "auth/permissions.h"
#include "core/csv_cell.h"
#include "import/csv_reader.h"
#include "pipeline/campaign_expectation.h"
#include "services/marketing/campaigns.h"
#include "services/messaging/campaign_messages.h"
#include "store/customer_repository.h"
#include "store/record_table.h"
#include "store/sql_values.h"

namespace vafa::api {

using auth::Access;
using auth::Resource;
using nlohmann::json;
using store::TimeValue;

Status CheckSegmentAccess(const Scope& scope,
                          const services::marketing::SegmentRules& rules) {
  for (const std::string& score : services::marketing::ScoresUsed(rules)) {
    if (!scope.Can(Resource::kAnalytics, Access::kRead) ||
        (auth::IsMoneyScore(score) &&
         !scope.Can(Resource::kMoneyScores, Access::kRead))) {
      return Status(StatusCode::kPermissionDenied,
                    "the role " + std::string(auth::RoleName(scope.role)) +
                        " may not select customers by the score " + score,
                    "rules");
    }
  }
  return Status::Ok();
}

namespace {

// Names of these customers, for samples and member lists.
Result<std::map<int64_t, std::string>> DisplayNames(
    const Scope& scope, const std::vector<int64_t>& ids) {
  std::map<int64_t, std::string> names;
  if (ids.empty()) return names;
  store::CustomerRepository customers(*scope.db);
  VAFA_ASSIGN_OR_RETURN(std::vector<store::Customer> found,
                        customers.GetMany(scope.workspace.id, ids));
  for (const store::Customer& customer : found) {
    names[customer.id] = customer.display_name;
  }
  return names;
}

Result<json> CustomersJson(const Scope& scope,
                           const std::vector<int64_t>& ids) {
  VAFA_ASSIGN_OR_RETURN(auto names, DisplayNames(scope, ids));
  json items = json::array();
  for (int64_t id : ids) {
    items.push_back({{"id", id}, {"display_name", names[id]}});
  }
  return items;
}

// A responses CSV file as the JSON body: {"items":[…]}. Headers are
// matched in English or Persian; ids and revenue become numbers, times stay
// text for TimeValue to read.
Result<json> ResponsesFromCsv(const std::string& text) {
  static const std::pair<const char*, const char*> kAliases[] = {
      {"customer_id", "customer_id"},     {"شناسه مشتری", "customer_id"},
      {"external_id", "external_id"},     {"کد مشتری", "external_id"},
      {"responded_at", "responded_at"},   {"تاریخ پاسخ", "responded_at"},
      {"converted_at", "converted_at"},   {"تاریخ خرید", "converted_at"},
      {"revenue_minor", "revenue_minor"}, {"مبلغ خرید", "revenue_minor"}};
  auto reader = import::CsvReader::FromString(text, "responses.csv");
  std::vector<std::string_view> fields;
  VAFA_ASSIGN_OR_RETURN(bool has_header, reader->Next(fields));
  if (!has_header) return FieldError("file", "the CSV file is empty");
  std::vector<std::string> columns;
  for (std::string_view header : fields) {
    std::string name(header);
    if (name.starts_with("\xEF\xBB\xBF")) name = name.substr(3);
    const auto* alias =
        std::find_if(std::begin(kAliases), std::end(kAliases),
                     [&](const auto& a) { return name == a.first; });
    if (alias == std::end(kAliases)) {
      return FieldError("row 1, column " + name, "no column \"" + name + "\"");
    }
    columns.push_back(alias->second);
  }
  json items = json::array();
  while (true) {
    VAFA_ASSIGN_OR_RETURN(bool more, reader->Next(fields));
    if (!more) break;
    const std::string row = "row " + std::to_string(items.size() + 2);
    if (fields.size() != columns.size()) {
      return FieldError(row, "has " + std::to_string(fields.size()) +
                                 " fields; the header has " +
                                 std::to_string(columns.size()));
    }
    json item = json::object();
    for (size_t i = 0; i < columns.size(); ++i) {
      // A member export's cells read back as written (formula protection).
      const std::string value(UnprotectCsvText(fields[i]));
      if (value.empty()) continue;
      if (columns[i] == "customer_id" || columns[i] == "revenue_minor") {
        int64_t number = 0;
        auto [end, error] =
            std::from_chars(value.data(), value.data() + value.size(), number);
        if (error != std::errc() || end != value.data() + value.size()) {
          return FieldError(row + ", column " + columns[i],
                            "\"" + value + "\" is not a whole number");
        }
        item[columns[i]] = number;
      } else {
        item[columns[i]] = value;
      }
    }
    items.push_back(std::move(item));
  }
  return json{{"items", items}};
}

// The customer id of an item: customer_id, or external_id looked up.
Result<int64_t> ItemCustomer(const Scope& scope, const json& item,
                             const std::string& at) {
  if (item.contains("customer_id")) {
    if (!item["customer_id"].is_number_integer()) {
      return FieldError(at + ".customer_id", "customer_id is an id");
    }
    return item["customer_id"].get<int64_t>();
  }
  if (!item.contains("external_id") || !item["external_id"].is_string()) {
    return FieldError(at, "an item names customer_id or external_id");
  }
  const std::string external = item["external_id"];
  store::CustomerRepository customers(*scope.db);
  VAFA_ASSIGN_OR_RETURN(
      std::optional<store::Customer> customer,
      customers.FindByKey(scope.workspace.id, store::CustomerKey::kExternalId,
                          external));
  if (!customer) {
    return FieldError(at + ".external_id", "no customer " + external);
  }
  return customer->id;
}

// How many customers rules select now, with a sample: the segment
// builder's answer before anything is saved.
HttpResponse PreviewSegment(const ApiContext& context,
                            const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kRead));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_CHECK(RejectUnknownFields(body, {"rules"}));
  auto rules = services::marketing::ParseSegmentRules(
      body.contains("rules") ? body["rules"] : json::object());
  if (!rules.ok()) {
    return ErrorResponse(FieldError("rules." + rules.status().field(),
                                    rules.status().message()));
  }
  VAFA_API_CHECK(CheckSegmentAccess(scope, *rules));
  const int64_t now = store::NowSeconds();
  VAFA_API_TRY(int64_t count, services::marketing::CountSegment(
                                  *scope.db, scope.workspace.id, *rules, now));
  VAFA_API_TRY(auto ids,
               services::marketing::SegmentCustomerIds(
                   *scope.db, scope.workspace.id, *rules, now, 0, 20));
  VAFA_API_TRY(json sample, CustomersJson(scope, ids));
  return JsonResponse(200, {{"customers", count}, {"sample", sample}});
}

// The segment's customers now, in id order, in pages.
HttpResponse GetSegmentCustomers(const ApiContext& context,
                                 const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kRead));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "segment"));
  VAFA_API_TRY(auto rules, services::marketing::LoadSegmentRules(
                               *scope.db, scope.workspace.id, id));
  VAFA_API_CHECK(CheckSegmentAccess(scope, rules));
  VAFA_API_TRY(auto limit, QueryInt(request, "limit"));
  VAFA_API_TRY(auto after, QueryInt(request, "after_id"));
  const int n =
      static_cast<int>(std::clamp<int64_t>(limit.value_or(100), 1, 1000));
  VAFA_API_TRY(auto ids, services::marketing::SegmentCustomerIds(
                             *scope.db, scope.workspace.id, rules,
                             store::NowSeconds(), after.value_or(0), n));
  VAFA_API_TRY(json items, CustomersJson(scope, ids));
  return JsonResponse(
      200, {{"items", items},
            {"next_after_id",
             static_cast<int>(ids.size()) == n ? json(ids.back()) : json()}});
}

// Draws the members from the segment as it stands now, once; a share of
// them (control_percent) is held out and sent nothing. With response models
// trained, the campaign keeps what its treated members are expected to
// bring (pipeline/campaign_expectation.h).
HttpResponse DrawCampaign(const ApiContext& context,
                          const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kWrite));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "campaign"));
  VAFA_API_TRY(
      services::marketing::CampaignHead campaign,
      services::marketing::LoadCampaignHead(*scope.db, scope.workspace.id, id));
  if (campaign.segment_id == 0) {
    return ErrorResponse(
        FieldError("segment_id", "the campaign has no segment to draw"));
  }
  if (campaign.status == "completed" || campaign.status == "cancelled") {
    return ErrorResponse(FieldError(
        "status", "a " + campaign.status + " campaign draws no members"));
  }
  auto loaded = services::marketing::LoadSegmentRules(
      *scope.db, scope.workspace.id, campaign.segment_id);
  if (!loaded.ok() && loaded.status().code() == StatusCode::kNotFound) {
    // The campaign is there; its segment was deleted.
    return ErrorResponse(FieldError("segment_id", loaded.status().message()));
  }
  VAFA_API_TRY(auto rules, std::move(loaded));
  VAFA_API_CHECK(CheckSegmentAccess(scope, rules));
  services::marketing::DrawReport drawn;
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(drawn,
                          services::marketing::DrawCampaignMembers(
                              *scope.db, scope.workspace.id, id, rules,
                              campaign.control_percent, store::NowSeconds()));
    // With response models trained, what the treated members are expected
    // to bring is kept with the draw.
    VAFA_RETURN_IF_ERROR(
        pipeline::RecordCampaignExpectation(*scope.db, scope.workspace.id, id,
                                            store::NowSeconds())
            .status());
    return scope.Audit(
        "draw", "campaign", id, nullptr,
        json{{"members", drawn.members}, {"control", drawn.control}});
  }));
  return JsonResponse(200, {{"members", drawn.members},
                            {"control", drawn.control},
                            {"treatment", drawn.members - drawn.control}});
}

// Responses and conversions of treatment members, all or none:
// {"items":[{"customer_id" | "external_id", "responded_at",
//            "converted_at", "revenue_minor"}]}, or the same as a CSV file
// (Content-Type text/csv; headers in English or Persian, errors name the
// row and column).
HttpResponse PostCampaignResponses(const ApiContext& context,
                                   const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kWrite));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "campaign"));
  VAFA_API_TRY(
      services::marketing::CampaignHead campaign,
      services::marketing::LoadCampaignHead(*scope.db, scope.workspace.id, id));
  const bool csv =
      request.Header("content-type").find("csv") != std::string::npos;
  json body;
  if (csv) {
    VAFA_API_TRY(body, ResponsesFromCsv(request.body));
  } else {
    VAFA_API_TRY(body, ParseJsonObject(request));
  }
  VAFA_API_CHECK(RejectUnknownFields(body, {"items"}));
  // A CSV file's errors name its row (the header is row 1) and column.
  auto where = [csv](const Status& status) {
    std::string field = status.field();
    if (csv && field.starts_with("items[")) {
      const size_t close = field.find(']');
      const int row = std::stoi(field.substr(6, close - 6)) + 2;
      std::string column =
          close + 1 < field.size() ? field.substr(close + 2) : "";
      field = "row " + std::to_string(row) +
              (column.empty() ? "" : ", column " + column);
    }
    return FieldError(field, status.message());
  };
  if (!body.contains("items") || !body["items"].is_array() ||
      body["items"].empty() || body["items"].size() > 10000) {
    return ErrorResponse(
        FieldError("items", "items is a list of 1 to 10000 responses"));
  }
  if (!campaign.drawn) {
    return ErrorResponse(
        FieldError("items", "the campaign's members are not drawn yet"));
  }
  std::vector<services::marketing::CampaignResponse> responses;
  for (size_t i = 0; i < body["items"].size(); ++i) {
    const json& item = body["items"][i];
    const std::string at = "items[" + std::to_string(i) + "]";
    if (!item.is_object()) {
      return ErrorResponse(FieldError(at, "a response is an object"));
    }
    for (const auto& [key, value] : item.items()) {
      if (key != "customer_id" && key != "external_id" &&
          key != "responded_at" && key != "converted_at" &&
          key != "revenue_minor") {
        return ErrorResponse(
            FieldError(at + "." + key, "unknown field \"" + key + "\""));
      }
    }
    services::marketing::CampaignResponse response;
    auto customer = ItemCustomer(scope, item, at);
    if (!customer.ok()) return ErrorResponse(where(customer.status()));
    response.customer_id = *customer;
    for (auto [name, into] :
         {std::pair{"responded_at", &response.responded_at},
          std::pair{"converted_at", &response.converted_at}}) {
      if (!item.contains(name)) continue;
      auto time = TimeValue(item[name], at + "." + name);
      if (!time.ok()) return ErrorResponse(where(time.status()));
      *into = *time;
    }
    if (item.contains("revenue_minor")) {
      if (!item["revenue_minor"].is_number_integer() ||
          item["revenue_minor"].get<int64_t>() < 0) {
        return ErrorResponse(
            where(FieldError(at + ".revenue_minor", "revenue_minor is >= 0")));
      }
      response.revenue_minor = item["revenue_minor"].get<int64_t>();
    }
    if (response.responded_at == 0 && response.converted_at == 0) {
      response.responded_at = store::NowSeconds();
    }
    responses.push_back(response);
  }
  Status recorded = store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_RETURN_IF_ERROR(services::marketing::RecordCampaignResponses(
        *scope.db, scope.workspace.id, id, responses));
    return scope.Audit("respond", "campaign", id, nullptr,
                       json{{"responses", responses.size()}});
  });
  if (!recorded.ok()) {
    return ErrorResponse(recorded.field().empty() ? recorded : where(recorded));
  }
  return JsonResponse(200, {{"recorded", responses.size()}});
}

// The same comparison over the treatment members whose message was
// delivered (services::messaging::DeliveredCampaignMembers) against the whole
// control group, which was never sent anything (docs/marketing.md).
Result<json> DeliveredFigures(store::Database& db, int64_t workspace_id,
                              const services::marketing::CampaignHead& c,
                              UnixSeconds to,
                              const services::marketing::GroupOutcome& control,
                              bool money) {
  VAFA_ASSIGN_OR_RETURN(
      std::vector<int64_t> ids,
      services::messaging::DeliveredCampaignMembers(db, workspace_id, c.id));
  VAFA_ASSIGN_OR_RETURN(services::marketing::GroupOutcome group,
                        services::marketing::MeasureTreatmentAmong(
                            db, workspace_id, c.id, c.starts_at, to, ids));
  const services::marketing::CampaignFigures f =
      services::marketing::ComputeCampaignFigures(group, control, c.cost_minor);
  auto hidden = [money](json value) { return money ? value : json(); };
  return json{{"members", group.members},
              {"buyers", group.buyers},
              {"window_revenue_minor", hidden(group.window_revenue_minor)},
              {"buy_rate", NumberOrNull(f.buy_rate_treatment)},
              {"uplift", NumberOrNull(f.uplift)},
              {"uplift_low", NumberOrNull(f.uplift_low)},
              {"uplift_high", NumberOrNull(f.uplift_high)},
              {"p_value", NumberOrNull(f.p_value)},
              {"revenue_per_member",
               hidden(NumberOrNull(f.revenue_per_member_treatment))},
              {"incremental_revenue_minor",
               hidden(NumberOrNull(f.incremental_revenue_minor))},
              {"roi", hidden(NumberOrNull(f.roi))}};
}

// The campaign's figures: recorded responses and conversions, and what
// both groups bought from the start to attribution_days after the end.
HttpResponse GetCampaignReport(const ApiContext& context,
                               const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kRead));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "campaign"));
  VAFA_API_TRY(
      services::marketing::CampaignHead c,
      services::marketing::LoadCampaignHead(*scope.db, scope.workspace.id, id));
  const UnixSeconds to =
      c.ends_at + static_cast<int64_t>(c.attribution_days) * 86400 + 1;
  VAFA_API_TRY(auto outcomes,
               services::marketing::MeasureCampaign(
                   *scope.db, scope.workspace.id, id, c.starts_at, to));
  services::marketing::CampaignFigures f =
      services::marketing::ComputeCampaignFigures(
          outcomes.treatment, outcomes.control, c.cost_minor);
  const bool money = scope.Can(Resource::kMoneyScores, Access::kRead);
  VAFA_API_TRY(json delivered,
               DeliveredFigures(*scope.db, scope.workspace.id, c, to,
                                outcomes.control, money));
  auto group = [&](const services::marketing::GroupOutcome& g) {
    return json{{"members", g.members},
                {"responded", g.responded},
                {"converted", g.converted},
                {"buyers", g.buyers},
                {"new_buyers", g.new_buyers},
                {"never_bought", g.never_bought},
                {"window_revenue_minor", g.window_revenue_minor},
                {"recorded_revenue_minor", g.recorded_revenue_minor}};
  };
  json report = {
      {"campaign_id", id},
      {"window", {{"from", c.starts_at}, {"to", to}}},
      {"treatment", group(outcomes.treatment)},
      {"control", group(outcomes.control)},
      {"response_rate", NumberOrNull(f.response_rate)},
      {"conversion_rate", NumberOrNull(f.conversion_rate)},
      {"acquisition_rate", NumberOrNull(f.acquisition_rate)},
      {"buy_rate_treatment", NumberOrNull(f.buy_rate_treatment)},
      {"buy_rate_control", NumberOrNull(f.buy_rate_control)},
      {"has_control", f.has_control},
      {"uplift", NumberOrNull(f.uplift)},
      {"uplift_low", NumberOrNull(f.uplift_low)},
      {"uplift_high", NumberOrNull(f.uplift_high)},
      {"p_value", NumberOrNull(f.p_value)},
      {"revenue_per_member_treatment",
       NumberOrNull(f.revenue_per_member_treatment)},
      {"revenue_per_member_control",
       NumberOrNull(f.revenue_per_member_control)},
      {"incremental_revenue_minor", NumberOrNull(f.incremental_revenue_minor)},
      {"cost_minor", c.cost_minor},
      {"budget_minor", c.budget_minor < 0 ? json() : json(c.budget_minor)},
      {"roi", NumberOrNull(f.roi)},
      {"delivered", delivered}};
  if (!money) {
    // What a campaign earned is money: hidden like the money scores.
    for (const char* key :
         {"incremental_revenue_minor", "roi", "revenue_per_member_treatment",
          "revenue_per_member_control"}) {
      report[key] = nullptr;
    }
    for (const char* side : {"treatment", "control"}) {
      report[side]["window_revenue_minor"] = nullptr;
      report[side]["recorded_revenue_minor"] = nullptr;
    }
  }
  return JsonResponse(200, report);
}

// The members: ?group=treatment (default; the list to send to), control
// or all; ?format=csv for the file a sender loads.
HttpResponse GetCampaignMembers(const ApiContext& context,
                                const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kRead));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "campaign"));
  VAFA_API_TRY(
      services::marketing::CampaignHead c,
      services::marketing::LoadCampaignHead(*scope.db, scope.workspace.id, id));
  const std::string group = request.Query("group", "treatment");
  if (group != "treatment" && group != "control" && group != "all") {
    return ErrorResponse(
        Status::Invalid("group is treatment, control or all", "group"));
  }
  // JSON comes in pages (?after_id=, ?limit= up to 10000); the CSV
  // file is the whole list.
  const bool as_csv = request.Query("format", "json") == "csv";
  VAFA_API_TRY(auto limit, QueryInt(request, "limit"));
  VAFA_API_TRY(auto after, QueryInt(request, "after_id"));
  const long long page =
      as_csv ? std::numeric_limits<long long>::max()
             : std::clamp<int64_t>(limit.value_or(1000), 1, 10000);
  const bool contacts = scope.Can(Resource::kContactDetails, Access::kRead);
  json items = json::array();
  int64_t last_id = 0;
  std::string csv =
      "customer_id,external_id,display_name,phone,email,group,"
      "responded_at,converted_at\n";
  VAFA_API_TRY(
      std::vector<services::marketing::CampaignMember> members,
      services::marketing::ListCampaignMembers(
          *scope.db, scope.workspace.id, id,
          group == "treatment" ? services::marketing::MemberGroup::kTreatment
          : group == "control" ? services::marketing::MemberGroup::kControl
                               : services::marketing::MemberGroup::kAll,
          after.value_or(0), page));
  auto at_or_null = [](int64_t at) { return at == 0 ? json() : json(at); };
  auto at_or_empty = [](int64_t at) {
    return at == 0 ? std::string() : std::to_string(at);
  };
  for (const services::marketing::CampaignMember& member : members) {
    last_id = member.customer_id;
    const std::string side = member.control ? "control" : "treatment";
    const std::string phone = contacts ? member.phone : "";
    const std::string email = contacts ? member.email : "";
    items.push_back({{"customer_id", member.customer_id},
                     {"external_id", member.external_id},
                     {"display_name", member.display_name},
                     {"phone", contacts ? Nullable(phone) : json()},
                     {"email", contacts ? Nullable(email) : json()},
                     {"group", side},
                     {"responded_at", at_or_null(member.responded_at)},
                     {"converted_at", at_or_null(member.converted_at)}});
    csv += std::to_string(member.customer_id) + "," +
           CsvText(member.external_id) + "," + CsvText(member.display_name) +
           "," + CsvText(phone) + "," + CsvText(email) + "," + side + "," +
           at_or_empty(member.responded_at) + "," +
           at_or_empty(member.converted_at) + "\n";
  }
  if (request.Query("format", "json") == "csv") {
    return CsvResponse(std::move(csv), "campaign-" + std::to_string(c.id) +
                                           "-" + group + ".csv");
  }
  return JsonResponse(
      200, {{"group", group},
            {"items", items},
            {"next_after_id", static_cast<long long>(items.size()) == page
                                  ? json(last_id)
                                  : json()}});
}

}  // namespace

void AddMarketingRoutes(Router& router, const ApiContext& context) {
  const std::string ws = "/api/v1/workspaces/{workspace}";

  router.Add("POST", ws + "/segments/preview",
             BindContext(context, PreviewSegment));
  router.Add("GET", ws + "/segments/{id}/customers",
             BindContext(context, GetSegmentCustomers));
  router.Add("POST", ws + "/campaigns/{id}/draw",
             BindContext(context, DrawCampaign));
  router.Add("POST", ws + "/campaigns/{id}/responses",
             BindContext(context, PostCampaignResponses));
  router.Add("GET", ws + "/campaigns/{id}/report",
             BindContext(context, GetCampaignReport));
  router.Add("GET", ws + "/campaigns/{id}/members",
             BindContext(context, GetCampaignMembers));
}

}  // namespace vafa::api
