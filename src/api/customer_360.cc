// The customer 360 view over the API: the customer, their organisation and
// contacts, latest scores, order totals, the latest orders, interactions and
// tickets, and the loyalty balance, in one call, each part for the roles
// that may read it; and the customer's story (how their RFM segment,
// P(alive) and churn risk fit together, analytics/churn/customer_story.h)
// as a kind and its numbers, for the UI to put in words.
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "analytics/churn/customer_story.h"
#include "api/access.h"
#include "api/internal/data_routes.h"
#include "api/json_io.h"
#include "pipeline/customer_story_facts.h"
#include "pipeline/score_reads.h"
#include "services/customers/contacts.h"
#include "services/customers/interactions.h"
#include "services/customers/orders.h"
#include "services/loyalty/ledger.h"
#include "services/marketing/campaign_touches.h"
#include "services/sales/customer_deals.h"
#include "services/sales/customer_tasks.h"
#include "services/service/customer_tickets.h"
#include "services/surveys/customer_answers.h"
#include "store/customer_repository.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;

Result<json> ScoresJson(const Scope& scope, int64_t customer_id) {
  VAFA_ASSIGN_OR_RETURN(
      std::vector<pipeline::CustomerScore> rows,
      pipeline::ScoresForCustomer(*scope.db, scope.workspace.id, customer_id));
  json scores = json::object();
  bool money = scope.Can(Resource::kMoneyScores, Access::kRead);
  for (const pipeline::CustomerScore& score : rows) {
    if (!money && auth::IsMoneyScore(score.name)) continue;
    scores[score.name] = {
        {"value", score.value ? json(*score.value) : json(nullptr)},
        {"label", score.label ? json(*score.label) : json(nullptr)},
        {"computed_at", score.computed_at}};
  }
  return scores;
}

json OrderJson(const services::customers::CustomerOrder& order) {
  return {{"id", order.id},
          {"external_id", order.external_id},
          {"ordered_at", order.ordered_at},
          {"channel", Nullable(order.channel)},
          {"branch", Nullable(order.branch)},
          {"total_minor", order.total_minor},
          {"discount_minor", order.discount_minor},
          {"line_count", order.line_count},
          {"currency", order.currency}};
}

json OrderTotalsJson(const services::customers::CustomerOrderTotals& totals,
                     const Scope& scope) {
  json out = {{"orders", totals.orders},
              {"first_order_at", Nullable(totals.first_order_at)},
              {"last_order_at", Nullable(totals.last_order_at)}};
  out["revenue_minor"] = scope.Can(Resource::kMoneyScores, Access::kRead)
                             ? Nullable(totals.revenue_minor)
                             : json(nullptr);
  return out;
}

json InteractionJson(const services::customers::CustomerInteraction& item) {
  return {{"id", item.id},
          {"occurred_at", item.occurred_at},
          {"type", item.type},
          {"channel", Nullable(item.channel)},
          {"direction", Nullable(item.direction)},
          {"subject", Nullable(item.subject)},
          {"outcome", Nullable(item.outcome)}};
}

json TicketJson(const services::service::CustomerTicket& ticket) {
  return {{"id", ticket.id},
          {"opened_at", ticket.opened_at},
          {"subject", ticket.subject},
          {"type", ticket.type},
          {"category", Nullable(ticket.category)},
          {"priority", ticket.priority},
          {"status", ticket.status},
          {"resolved_at", Nullable(ticket.resolved_at)},
          {"resolution_due_at", ticket.resolution_due_at}};
}

json DealJson(const services::sales::CustomerDeal& deal) {
  return {{"id", deal.id},
          {"title", deal.title},
          {"pipeline", deal.pipeline},
          {"stage", deal.stage},
          {"status", deal.status},
          {"value_minor", deal.value_minor},
          {"probability", deal.probability},
          {"expected_close_at", deal.expected_close_at},
          {"closed_at", Nullable(deal.closed_at)},
          {"close_reason", Nullable(deal.close_reason)}};
}

json CampaignTouchJson(const services::marketing::CampaignTouch& touch) {
  return {{"id", touch.campaign_id},
          {"name", touch.name},
          {"channel", touch.channel},
          {"starts_at", touch.starts_at},
          {"group", touch.control ? "control" : "treatment"},
          {"responded_at", Nullable(touch.responded_at)},
          {"converted_at", Nullable(touch.converted_at)}};
}

json SurveyAnswerJson(const services::surveys::CustomerSurveyAnswer& answer) {
  return {{"survey_id", answer.survey_id},
          {"survey", answer.survey},
          {"kind", answer.kind},
          {"score", Nullable(answer.score)},
          {"comment", Nullable(answer.comment)},
          {"answered_at", answer.answered_at},
          {"ticket_id", Nullable(answer.ticket_id)}};
}

json TaskJson(const services::sales::CustomerTask& task) {
  return {{"id", task.id},
          {"title", task.title},
          {"kind", task.kind},
          {"due_at", task.due_at},
          {"deal_id", Nullable(task.deal_id)},
          {"ticket_id", Nullable(task.ticket_id)},
          {"owner_user_id", Nullable(task.owner_user_id)},
          {"version", task.version}};
}

// One domain's "for customer" read, as a JSON array of its rows.
template <typename Row>
Result<json> JsonList(Result<std::vector<Row>> rows,
                      json (*to_json)(const Row&)) {
  if (!rows.ok()) return rows.status();
  json items = json::array();
  for (const Row& row : *rows) items.push_back(to_json(row));
  return items;
}

// The latest churn run of the workspace: the day it scored at and its window.
struct ChurnRun {
  DayNumber as_of = 0;
  int window_days = 0;
};

Result<std::optional<ChurnRun>> LatestChurnRun(const Scope& scope) {
  VAFA_ASSIGN_OR_RETURN(
      std::optional<std::string> parameters,
      pipeline::LatestRunParameters(*scope.db, scope.workspace.id, "churn"));
  if (!parameters) return std::optional<ChurnRun>();
  json parsed = json::parse(*parameters, nullptr, false);
  if (parsed.is_discarded() || !parsed.contains("as_of") ||
      !parsed["as_of"].is_string() || !parsed.contains("window_days") ||
      !parsed["window_days"].is_number_integer()) {
    return std::optional<ChurnRun>();
  }
  auto as_of = ParseDateTime(parsed["as_of"].get<std::string>());
  if (!as_of.ok()) return std::optional<ChurnRun>();
  return std::optional<ChurnRun>(
      ChurnRun{DayOf(*as_of), parsed["window_days"].get<int>()});
}

// The story of the customer at the latest churn run, null when no churn
// run scored them.
Result<json> StoryJson(const Scope& scope, int64_t customer_id,
                       const json& scores) {
  if (!scores.contains("churn_risk") ||
      !scores["churn_risk"]["value"].is_number())
    return json(nullptr);
  VAFA_ASSIGN_OR_RETURN(std::optional<ChurnRun> run, LatestChurnRun(scope));
  if (!run) return json(nullptr);
  analytics::churn::CustomerStoryInput input;
  input.window_days = run->window_days;
  input.churn_risk = scores["churn_risk"]["value"].get<double>();
  if (scores.contains("p_alive") && scores["p_alive"]["value"].is_number())
    input.p_alive = scores["p_alive"]["value"].get<double>();
  if (scores.contains("rfm_segment") &&
      scores["rfm_segment"]["label"].is_string()) {
    input.segment = scores["rfm_segment"]["label"].get<std::string>();
  }
  VAFA_ASSIGN_OR_RETURN(
      pipeline::PurchaseDays days,
      pipeline::PurchaseDaysBefore(
          *scope.db, scope.workspace.id, customer_id,
          (static_cast<UnixSeconds>(run->as_of) + 1) * 86400));
  if (!days.first || !days.last) return json(nullptr);
  input.purchase_days = days.days;
  input.days_since_first = run->as_of - DayOf(*days.first);
  input.days_since_last = run->as_of - DayOf(*days.last);
  const analytics::churn::CustomerStory story =
      analytics::churn::TellCustomerStory(input);
  auto number = [](double v) {
    return std::isnan(v) ? json(nullptr) : json(v);
  };
  return json{
      {"kind", analytics::churn::StoryKindName(story.kind)},
      {"segment", input.segment.empty() ? json(nullptr) : json(input.segment)},
      {"p_alive", number(input.p_alive)},
      {"churn_risk", input.churn_risk},
      {"purchase_days", input.purchase_days},
      {"days_since_first", input.days_since_first},
      {"days_since_last", input.days_since_last},
      {"usual_gap_days", story.usual_gap_days},
      {"gap_ratio", story.gap_ratio},
      {"cites_gap", story.cites_gap},
      {"window_days", input.window_days},
      {"as_of", FormatGregorian(run->as_of)}};
}

}  // namespace

void AddCustomer360Route(Router& router, const ApiContext& context) {
  const std::string base = "/api/v1/workspaces/{workspace}/customers";
  router.Add("GET", base + "/{id}/360", [context](const HttpRequest& request) {
    VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kCustomers,
                                        Access::kRead));
    VAFA_API_TRY(store::Customer customer,
                 PathCustomer(scope, request, /*deleted_ok=*/true));
    json out = {{"customer", CustomerJson(customer, scope)},
                {"organisation", nullptr}};
    store::CustomerRepository repo(*scope.db);
    if (customer.parent_id != 0) {
      auto parent = repo.Get(scope.workspace.id, customer.parent_id);
      if (parent.ok()) out["organisation"] = CustomerJson(*parent, scope);
    }
    json contacts = json::array();
    if (customer.kind == "organisation") {
      VAFA_API_TRY(auto people,
                   services::customers::ContactsOfOrganisation(
                       *scope.db, scope.workspace.id, customer.id));
      for (const store::Customer& c : people) {
        contacts.push_back(CustomerJson(c, scope));
      }
    }
    out["contacts"] = std::move(contacts);
    out["scores"] = json::object();
    out["story"] = nullptr;
    if (scope.Can(Resource::kAnalytics, Access::kRead)) {
      VAFA_API_TRY(out["scores"], ScoresJson(scope, customer.id));
      VAFA_API_TRY(out["story"], StoryJson(scope, customer.id, out["scores"]));
    }
    store::Database& db = *scope.db;
    const int64_t ws = scope.workspace.id, id = customer.id;
    if (scope.Can(Resource::kOrders, Access::kRead)) {
      VAFA_API_TRY(auto totals,
                   services::customers::OrderTotalsForCustomer(db, ws, id));
      out["order_totals"] = OrderTotalsJson(totals, scope);
      VAFA_API_TRY(
          out["recent_orders"],
          JsonList(services::customers::RecentOrdersForCustomer(db, ws, id, 20),
                   OrderJson));
    }
    if (scope.Can(Resource::kInteractions, Access::kRead)) {
      VAFA_API_TRY(out["recent_interactions"],
                   JsonList(services::customers::RecentInteractionsForCustomer(
                                db, ws, id, 20),
                            InteractionJson));
    }
    if (scope.Can(Resource::kTickets, Access::kRead)) {
      VAFA_API_TRY(
          out["recent_tickets"],
          JsonList(services::service::RecentTicketsForCustomer(db, ws, id, 20),
                   TicketJson));
    }
    if (scope.Can(Resource::kSales, Access::kRead)) {
      VAFA_API_TRY(out["deals"],
                   JsonList(services::sales::DealsForCustomer(db, ws, id, 20),
                            DealJson));
    }
    if (scope.Can(Resource::kMarketing, Access::kRead)) {
      VAFA_API_TRY(out["campaigns"],
                   JsonList(services::marketing::CampaignTouchesForCustomer(
                                db, ws, id, 20),
                            CampaignTouchJson));
    }
    if (scope.Can(Resource::kSurveys, Access::kRead)) {
      VAFA_API_TRY(
          out["survey_answers"],
          JsonList(services::surveys::SurveyAnswersForCustomer(db, ws, id, 10),
                   SurveyAnswerJson));
    }
    if (scope.Can(Resource::kTasks, Access::kRead)) {
      VAFA_API_TRY(
          out["open_tasks"],
          JsonList(services::sales::OpenTasksForCustomer(db, ws, id, 20),
                   TaskJson));
    }
    if (scope.Can(Resource::kLoyalty, Access::kRead)) {
      VAFA_API_TRY(
          services::loyalty::LoyaltySnapshot loyalty,
          services::loyalty::PeekLoyalty(*scope.db, scope.workspace.id,
                                         customer.id, store::NowSeconds()));
      out["loyalty"] = {{"balance", loyalty.balance},
                        {"tier", loyalty.tier},
                        {"member", loyalty.member}};
    }
    return JsonResponse(200, out);
  });
}

}  // namespace vafa::api
