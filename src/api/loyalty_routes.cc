// The loyalty programme over the API (docs/loyalty.md): its rules, posting
// orders, a customer's account and entries, and the liability report. Thin
// over services/loyalty.
#include <nlohmann/json.hpp>

#include "api/internal/data_routes.h"
#include "api/json_io.h"
#include "services/loyalty/expiry_sweeper.h"
#include "services/loyalty/ledger.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;

json AccountJson(const services::loyalty::LoyaltyAccount& account) {
  json entries = json::array();
  for (const auto& e : account.latest) {
    entries.push_back(
        {{"id", e.id},
         {"kind", e.kind},
         {"points", e.points},
         {"at", e.at},
         {"expires_at", e.expires_at ? json(e.expires_at) : json()},
         {"reason", e.reason.empty() ? json() : json(e.reason)}});
  }
  return {{"balance", account.balance},
          {"tier", account.tier},
          {"rolling_spend_minor", account.rolling_spend_minor},
          {"rolling_points", account.rolling_points},
          {"expiring_30_days", account.expiring_30_days},
          {"entries", entries}};
}

Status CheckCustomerHere(const Scope& scope, int64_t id) {
  if (LiveRecordExists(scope, "customers", id)) return Status::Ok();
  return Status::NotFound("customer " + std::to_string(id) + " does not exist");
}

HttpResponse GetLoyaltyProgram(const ApiContext& context,
                               const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kLoyalty, Access::kRead));
  VAFA_API_TRY(auto program, services::loyalty::LoadLoyaltyProgram(
                                 *scope.db, scope.workspace.id));
  return JsonResponse(
      200, json::parse(services::loyalty::LoyaltyProgramJson(program)));
}

// Replaces the rules (owners): orders posted from now on earn by them.
HttpResponse PutLoyaltyProgram(const ApiContext& context,
                               const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kWorkspace,
                                      Access::kWrite));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_TRY(auto program,
               services::loyalty::ParseLoyaltyProgram(body.dump()));
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(auto before, services::loyalty::LoadLoyaltyProgram(
                                           *scope.db, scope.workspace.id));
    VAFA_RETURN_IF_ERROR(services::loyalty::SaveLoyaltyProgram(
        *scope.db, scope.workspace.id, program));
    return scope.Audit(
        "update", "loyalty_program", scope.workspace.id,
        json::parse(services::loyalty::LoyaltyProgramJson(before)),
        json::parse(services::loyalty::LoyaltyProgramJson(program)));
  }));
  return JsonResponse(
      200, json::parse(services::loyalty::LoyaltyProgramJson(program)));
}

// Every order (of one customer with customer_id) that has not earned yet
// earns now; posting again earns nothing more.
HttpResponse PostOrdersToLedger(const ApiContext& context,
                                const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kLoyalty, Access::kWrite));
  VAFA_API_TRY(auto customer, QueryInt(request, "customer_id"));
  if (customer) VAFA_API_CHECK(CheckCustomerHere(scope, *customer));
  services::loyalty::PostingReport report;
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(
        report, services::loyalty::PostOrders(*scope.db, scope.workspace.id,
                                              customer.value_or(0),
                                              scope.caller.user.email));
    return scope.Audit("post", "loyalty", scope.workspace.id, nullptr,
                       json{{"orders_posted", report.orders_posted},
                            {"points", report.points}});
  }));
  return JsonResponse(200, {{"orders_posted", report.orders_posted},
                            {"orders_skipped", report.orders_skipped},
                            {"points", report.points}});
}

HttpResponse GetCustomerLoyalty(const ApiContext& context,
                                const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kLoyalty, Access::kRead));
  VAFA_API_TRY(int64_t id,
               PathRecordId(scope, request, "customers", "customer"));
  services::loyalty::LoyaltyAccount account;
  // The read records the expiries that have come due.
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(
        account, services::loyalty::ReadLoyaltyAccount(
                     *scope.db, scope.workspace.id, id, store::NowSeconds()));
    return Status::Ok();
  }));
  return JsonResponse(200, AccountJson(account));
}

// A burn, a manual adjustment (with a reason), a referral reward, or a
// reward of the catalogue redeemed (a burn of its price, for customers of
// its tier or above).
HttpResponse PostCustomerLoyalty(const ApiContext& context,
                                 const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kLoyalty, Access::kWrite));
  VAFA_API_TRY(int64_t id,
               PathRecordId(scope, request, "customers", "customer"));
  VAFA_API_TRY(json body, ParseJsonObject(request));
  VAFA_API_CHECK(
      RejectUnknownFields(body, {"kind", "points", "reason", "reward"}));
  VAFA_API_TRY(std::string kind, RequiredString(body, "kind"));
  VAFA_API_TRY(auto points, OptionalInt(body, "points"));
  VAFA_API_TRY(auto reason, OptionalString(body, "reason"));
  VAFA_API_TRY(auto reward_key, OptionalString(body, "reward"));
  if (kind == "redeem") {
    if (!reward_key) {
      return ErrorResponse(
          FieldError("reward", "redeem names a reward of the catalogue"));
    }
    VAFA_API_TRY(auto program, services::loyalty::LoadLoyaltyProgram(
                                   *scope.db, scope.workspace.id));
    const services::loyalty::LoyaltyReward* reward =
        program.FindReward(*reward_key);
    if (reward == nullptr) {
      return ErrorResponse(
          FieldError("reward", "no reward \"" + *reward_key + "\""));
    }
    VAFA_API_TRY(services::loyalty::LoyaltySnapshot now,
                 services::loyalty::PeekLoyalty(*scope.db, scope.workspace.id,
                                                id, store::NowSeconds()));
    if (!reward->min_tier.empty() &&
        program.TierIndex(now.tier) < program.TierIndex(reward->min_tier)) {
      return ErrorResponse(FieldError(
          "reward", reward->name + " is for " + reward->min_tier +
                        " customers and above; this one is " + now.tier));
    }
    if (now.balance < reward->points) {
      return ErrorResponse(FieldError(
          "reward", reward->name + " costs " + std::to_string(reward->points) +
                        " points; the balance is " +
                        std::to_string(now.balance)));
    }
    kind = "burn";
    points = reward->points;
    reason = "reward " + reward->key + ": " + reward->name;
  } else if (reward_key) {
    return ErrorResponse(
        FieldError("reward", "a reward is redeemed with kind redeem"));
  }
  if (reason && reason->size() > 500) {
    return ErrorResponse(FieldError("reason", "reason is at most 500 bytes"));
  }
  services::loyalty::LoyaltyAccount account;
  int64_t entry = 0;
  VAFA_API_CHECK(store::InTransaction(*scope.db, [&]() -> Status {
    const int64_t now = store::NowSeconds();
    VAFA_ASSIGN_OR_RETURN(
        entry, services::loyalty::RecordLoyaltyEntry(
                   *scope.db, scope.workspace.id, id, kind, points.value_or(0),
                   reason.value_or(""), scope.caller.user.email, now));
    VAFA_ASSIGN_OR_RETURN(account, services::loyalty::ReadLoyaltyAccount(
                                       *scope.db, scope.workspace.id, id, now));
    return scope.Audit("create", "loyalty_entry", entry, nullptr,
                       json{{"customer_id", id},
                            {"kind", kind},
                            {"points", points.value_or(0)},
                            {"reason", reason.value_or("")}});
  }));
  json out = AccountJson(account);
  out["entry_id"] = entry;
  return JsonResponse(201, out);
}

HttpResponse GetLoyaltyLiability(const ApiContext& context,
                                 const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, Resource::kLoyalty, Access::kRead));
  VAFA_API_TRY(services::loyalty::LoyaltyLiability liability,
               services::loyalty::SweptLoyaltyLiability(
                   *scope.db, scope.workspace.id, store::NowSeconds()));
  return JsonResponse(200, {{"points", liability.points},
                            {"value_minor", liability.value_minor},
                            {"customers", liability.customers},
                            {"expiring_30_days", liability.expiring_30_days},
                            {"earned", liability.earned},
                            {"burnt", liability.burnt},
                            {"expired", liability.expired},
                            {"adjusted", liability.adjusted}});
}

}  // namespace

void AddLoyaltyRoutes(Router& router, const ApiContext& context) {
  const std::string ws = "/api/v1/workspaces/{workspace}";

  router.Add("GET", ws + "/loyalty/program",
             BindContext(context, GetLoyaltyProgram));
  router.Add("PUT", ws + "/loyalty/program",
             BindContext(context, PutLoyaltyProgram));
  router.Add("POST", ws + "/loyalty/post-orders",
             BindContext(context, PostOrdersToLedger));
  router.Add("GET", ws + "/customers/{id}/loyalty",
             BindContext(context, GetCustomerLoyalty));
  router.Add("POST", ws + "/customers/{id}/loyalty",
             BindContext(context, PostCustomerLoyalty));
  router.Add("GET", ws + "/loyalty/liability",
             BindContext(context, GetLoyaltyLiability));
}

}  // namespace vafa::api
