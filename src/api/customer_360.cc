// The customer 360 view over the API: the customer, their organisation and
// contacts, latest scores, order totals, the latest orders, interactions and
// tickets, and the loyalty balance, in one call, each part for the roles
// that may read it; and the customer's story (how their RFM segment,
// P(alive) and churn risk fit together, analytics/churn/customer_story.h)
// as a kind and its numbers, for the UI to put in words.
#include <soci/soci.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>

#include "analytics/churn/customer_story.h"
#include "api/access.h"
#include "api/data_routes.h"
#include "api/json_io.h"
#include "pipeline/customer_story_facts.h"
#include "services/loyalty/ledger.h"
#include "store/customer_repository.h"
#include "store/sql_values.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;

json ScoresJson(const Scope& scope, int64_t customer_id) {
  json scores = json::object();
  bool money = scope.Can(auth::Resource::kMoneyScores, auth::Access::kRead);
  long long ws = scope.workspace.id, cid = customer_id;
  std::string name, label;
  double value = 0;
  long long computed = 0;
  soci::indicator value_ind = soci::i_ok, label_ind = soci::i_ok;
  soci::statement st =
      (scope.db->sql().prepare
           << "SELECT name, value, label, computed_at FROM scores WHERE "
              "workspace_id = :w AND customer_id = :c ORDER BY name",
       soci::use(ws), soci::use(cid), soci::into(name),
       soci::into(value, value_ind), soci::into(label, label_ind),
       soci::into(computed));
  st.execute();
  while (st.fetch()) {
    if (!money && auth::IsMoneyScore(name)) continue;
    scores[name] = {
        {"value", value_ind == soci::i_null ? json(nullptr) : json(value)},
        {"label", label_ind == soci::i_null ? json(nullptr) : json(label)},
        {"computed_at", computed}};
  }
  return scores;
}

Result<json> RecentOrders(const Scope& scope, int64_t customer_id, int limit) {
  json orders = json::array();
  try {
    long long ws = scope.workspace.id, cid = customer_id, n = limit;
    soci::rowset<soci::row> rows =
        (scope.db->sql().prepare
             << "SELECT id, external_id, ordered_at, channel, branch, "
                "total_minor, discount_minor, line_count, currency FROM orders "
                "WHERE workspace_id = :w AND customer_id = :c AND deleted_at "
                "IS NULL ORDER BY ordered_at DESC, id DESC LIMIT :n",
         soci::use(ws), soci::use(cid), soci::use(n));
    for (const soci::row& row : rows) {
      orders.push_back({{"id", store::RowInt(row, 0)},
                        {"external_id", store::RowText(row, 1)},
                        {"ordered_at", store::RowInt(row, 2)},
                        {"channel", Nullable(store::RowText(row, 3))},
                        {"branch", Nullable(store::RowText(row, 4))},
                        {"total_minor", store::RowInt(row, 5)},
                        {"discount_minor", store::RowInt(row, 6)},
                        {"line_count", store::RowInt(row, 7)},
                        {"currency", store::RowText(row, 8)}});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading orders", error);
  }
  return orders;
}

Result<json> OrderTotals(const Scope& scope, int64_t customer_id) {
  try {
    long long ws = scope.workspace.id, cid = customer_id;
    soci::row row;
    scope.db->sql() << "SELECT COUNT(*), SUM(total_minor), MIN(ordered_at), "
                       "MAX(ordered_at) FROM orders WHERE workspace_id = :w "
                       "AND customer_id = :c AND deleted_at IS NULL",
        soci::use(ws), soci::use(cid), soci::into(row);
    json totals = {{"orders", store::RowInt(row, 0)},
                   {"first_order_at", Nullable(store::RowOptionalInt(row, 2))},
                   {"last_order_at", Nullable(store::RowOptionalInt(row, 3))}};
    totals["revenue_minor"] =
        scope.Can(auth::Resource::kMoneyScores, auth::Access::kRead)
            ? Nullable(store::RowOptionalInt(row, 1))
            : json(nullptr);
    return totals;
  } catch (const std::exception& error) {
    return store::DatabaseError("reading orders", error);
  }
}

Result<json> RecentInteractions(const Scope& scope, int64_t customer_id,
                                int limit) {
  json items = json::array();
  try {
    long long ws = scope.workspace.id, cid = customer_id, n = limit;
    soci::rowset<soci::row> rows =
        (scope.db->sql().prepare
             << "SELECT id, occurred_at, type, channel, direction, subject, "
                "outcome FROM interactions WHERE workspace_id = :w AND "
                "customer_id = :c AND deleted_at IS NULL ORDER BY occurred_at "
                "DESC, id DESC LIMIT :n",
         soci::use(ws), soci::use(cid), soci::use(n));
    for (const soci::row& row : rows) {
      items.push_back({{"id", store::RowInt(row, 0)},
                       {"occurred_at", store::RowInt(row, 1)},
                       {"type", store::RowText(row, 2)},
                       {"channel", Nullable(store::RowText(row, 3))},
                       {"direction", Nullable(store::RowText(row, 4))},
                       {"subject", Nullable(store::RowText(row, 5))},
                       {"outcome", Nullable(store::RowText(row, 6))}});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading interactions", error);
  }
  return items;
}

Result<json> RecentTickets(const Scope& scope, int64_t customer_id, int limit) {
  json items = json::array();
  try {
    long long ws = scope.workspace.id, cid = customer_id, n = limit;
    soci::rowset<soci::row> rows =
        (scope.db->sql().prepare
             << "SELECT id, opened_at, subject, type, category, priority, "
                "status, resolved_at, resolution_due_at FROM tickets WHERE "
                "workspace_id = :w AND customer_id = :c AND deleted_at IS "
                "NULL ORDER BY opened_at DESC, id DESC LIMIT :n",
         soci::use(ws), soci::use(cid), soci::use(n));
    for (const soci::row& row : rows) {
      auto resolved = store::RowOptionalInt(row, 7);
      items.push_back({{"id", store::RowInt(row, 0)},
                       {"opened_at", store::RowInt(row, 1)},
                       {"subject", store::RowText(row, 2)},
                       {"type", store::RowText(row, 3)},
                       {"category", Nullable(store::RowText(row, 4))},
                       {"priority", store::RowText(row, 5)},
                       {"status", store::RowText(row, 6)},
                       {"resolved_at", resolved ? json(*resolved) : json()},
                       {"resolution_due_at", store::RowInt(row, 8)}});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading tickets", error);
  }
  return items;
}

// The customer's deals: open ones first, then the latest closed.
Result<json> Deals(const Scope& scope, int64_t customer_id, int limit) {
  json items = json::array();
  try {
    long long ws = scope.workspace.id, cid = customer_id, n = limit;
    soci::rowset<soci::row> rows =
        (scope.db->sql().prepare
             << "SELECT id, title, pipeline, stage, status, value_minor, "
                "probability, expected_close_at, closed_at, close_reason "
                "FROM deals WHERE workspace_id = :w AND customer_id = :c AND "
                "deleted_at IS NULL ORDER BY CASE WHEN status = 'open' THEN 0 "
                "ELSE 1 END, COALESCE(closed_at, expected_close_at) DESC, id "
                "DESC LIMIT :n",
         soci::use(ws), soci::use(cid), soci::use(n));
    for (const soci::row& row : rows) {
      auto closed = store::RowOptionalInt(row, 8);
      items.push_back({{"id", store::RowInt(row, 0)},
                       {"title", store::RowText(row, 1)},
                       {"pipeline", store::RowText(row, 2)},
                       {"stage", store::RowText(row, 3)},
                       {"status", store::RowText(row, 4)},
                       {"value_minor", store::RowInt(row, 5)},
                       {"probability", store::RowInt(row, 6)},
                       {"expected_close_at", store::RowInt(row, 7)},
                       {"closed_at", closed ? json(*closed) : json()},
                       {"close_reason", Nullable(store::RowText(row, 9))}});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading deals", error);
  }
  return items;
}

// The campaigns the customer was drawn into, newest first, with their
// group and response: the campaign touches on the timeline.
Result<json> Campaigns(const Scope& scope, int64_t customer_id, int limit) {
  json items = json::array();
  try {
    long long ws = scope.workspace.id, cid = customer_id, n = limit;
    soci::rowset<soci::row> rows =
        (scope.db->sql().prepare
             << "SELECT ca.id, ca.name, ca.channel, ca.starts_at, m.control, "
                "m.responded_at, m.converted_at FROM campaign_members m JOIN "
                "campaigns ca ON ca.workspace_id = m.workspace_id AND ca.id = "
                "m.campaign_id WHERE m.workspace_id = :w AND m.customer_id = "
                ":c AND ca.deleted_at IS NULL ORDER BY ca.starts_at DESC, "
                "ca.id "
                "DESC LIMIT :n",
         soci::use(ws), soci::use(cid), soci::use(n));
    for (const soci::row& row : rows) {
      auto responded = store::RowOptionalInt(row, 5);
      auto converted = store::RowOptionalInt(row, 6);
      items.push_back(
          {{"id", store::RowInt(row, 0)},
           {"name", store::RowText(row, 1)},
           {"channel", store::RowText(row, 2)},
           {"starts_at", store::RowInt(row, 3)},
           {"group", store::RowInt(row, 4) == 1 ? "control" : "treatment"},
           {"responded_at", responded ? json(*responded) : json()},
           {"converted_at", converted ? json(*converted) : json()}});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading campaigns", error);
  }
  return items;
}

// The customer's latest survey answers (never a pulse's: those name no one).
Result<json> SurveyAnswers(const Scope& scope, int64_t customer_id, int limit) {
  json items = json::array();
  try {
    long long ws = scope.workspace.id, cid = customer_id, n = limit;
    soci::rowset<soci::row> rows =
        (scope.db->sql().prepare
             << "SELECT s.id, s.name, s.kind, r.score, r.comment, "
                "r.answered_at, r.ticket_id FROM survey_responses r JOIN "
                "surveys s ON s.workspace_id = r.workspace_id AND s.id = "
                "r.survey_id WHERE r.workspace_id = :w AND r.customer_id = :c "
                "ORDER BY r.answered_at DESC, r.id DESC LIMIT :n",
         soci::use(ws), soci::use(cid), soci::use(n));
    for (const soci::row& row : rows) {
      auto score = store::RowOptionalInt(row, 3);
      auto ticket = store::RowOptionalInt(row, 6);
      items.push_back({{"survey_id", store::RowInt(row, 0)},
                       {"survey", store::RowText(row, 1)},
                       {"kind", store::RowText(row, 2)},
                       {"score", score ? json(*score) : json()},
                       {"comment", Nullable(store::RowText(row, 4))},
                       {"answered_at", store::RowInt(row, 5)},
                       {"ticket_id", ticket ? json(*ticket) : json()}});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading survey answers", error);
  }
  return items;
}

// The customer's open tasks, soonest due first.
Result<json> OpenTasks(const Scope& scope, int64_t customer_id, int limit) {
  json items = json::array();
  try {
    long long ws = scope.workspace.id, cid = customer_id, n = limit;
    soci::rowset<soci::row> rows =
        (scope.db->sql().prepare
             << "SELECT id, title, kind, due_at, deal_id, ticket_id, "
                "owner_user_id, version FROM tasks WHERE workspace_id = :w "
                "AND customer_id = :c AND status = 'open' AND deleted_at IS "
                "NULL ORDER BY due_at, id LIMIT :n",
         soci::use(ws), soci::use(cid), soci::use(n));
    for (const soci::row& row : rows) {
      auto deal = store::RowOptionalInt(row, 4);
      auto ticket = store::RowOptionalInt(row, 5);
      auto owner = store::RowOptionalInt(row, 6);
      items.push_back({{"id", store::RowInt(row, 0)},
                       {"title", store::RowText(row, 1)},
                       {"kind", store::RowText(row, 2)},
                       {"due_at", store::RowInt(row, 3)},
                       {"deal_id", deal ? json(*deal) : json()},
                       {"ticket_id", ticket ? json(*ticket) : json()},
                       {"owner_user_id", owner ? json(*owner) : json()},
                       {"version", store::RowInt(row, 7)}});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading tasks", error);
  }
  return items;
}

Result<std::vector<store::Customer>> Contacts(const Scope& scope,
                                              int64_t organisation_id) {
  std::vector<int64_t> ids;
  try {
    long long ws = scope.workspace.id, parent = organisation_id, id = 0;
    soci::statement st =
        (scope.db->sql().prepare
             << "SELECT id FROM customers WHERE workspace_id = :w AND "
                "parent_id = :p AND deleted_at IS NULL ORDER BY id LIMIT 200",
         soci::use(ws), soci::use(parent), soci::into(id));
    st.execute();
    while (st.fetch()) ids.push_back(id);
  } catch (const std::exception& error) {
    return store::DatabaseError("reading contacts", error);
  }
  return store::CustomerRepository(*scope.db).GetMany(scope.workspace.id, ids);
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
      VAFA_API_TRY(auto people, Contacts(scope, customer.id));
      for (const store::Customer& c : people) {
        contacts.push_back(CustomerJson(c, scope));
      }
    }
    out["contacts"] = std::move(contacts);
    try {
      out["scores"] = scope.Can(Resource::kAnalytics, Access::kRead)
                          ? ScoresJson(scope, customer.id)
                          : json::object();
    } catch (const std::exception& error) {
      return ErrorResponse(store::DatabaseError("reading scores", error));
    }
    out["story"] = nullptr;
    if (scope.Can(Resource::kAnalytics, Access::kRead)) {
      VAFA_API_TRY(out["story"], StoryJson(scope, customer.id, out["scores"]));
    }
    if (scope.Can(Resource::kOrders, Access::kRead)) {
      VAFA_API_TRY(out["order_totals"], OrderTotals(scope, customer.id));
      VAFA_API_TRY(out["recent_orders"], RecentOrders(scope, customer.id, 20));
    }
    if (scope.Can(Resource::kInteractions, Access::kRead)) {
      VAFA_API_TRY(out["recent_interactions"],
                   RecentInteractions(scope, customer.id, 20));
    }
    if (scope.Can(Resource::kTickets, Access::kRead)) {
      VAFA_API_TRY(out["recent_tickets"],
                   RecentTickets(scope, customer.id, 20));
    }
    if (scope.Can(Resource::kSales, Access::kRead)) {
      VAFA_API_TRY(out["deals"], Deals(scope, customer.id, 20));
    }
    if (scope.Can(Resource::kMarketing, Access::kRead)) {
      VAFA_API_TRY(out["campaigns"], Campaigns(scope, customer.id, 20));
    }
    if (scope.Can(Resource::kSurveys, Access::kRead)) {
      VAFA_API_TRY(out["survey_answers"],
                   SurveyAnswers(scope, customer.id, 10));
    }
    if (scope.Can(Resource::kTasks, Access::kRead)) {
      VAFA_API_TRY(out["open_tasks"], OpenTasks(scope, customer.id, 20));
    }
    if (scope.Can(Resource::kLoyalty, Access::kRead)) {
      VAFA_API_TRY(services::LoyaltySnapshot loyalty,
                   services::PeekLoyalty(*scope.db, scope.workspace.id,
                                         customer.id, store::NowSeconds()));
      out["loyalty"] = {{"balance", loyalty.balance},
                        {"tier", loyalty.tier},
                        {"member", loyalty.member}};
    }
    return JsonResponse(200, out);
  });
}

}  // namespace vafa::api
