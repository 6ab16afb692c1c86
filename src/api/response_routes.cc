// The response and uplift models through the API (docs/analytics.md,
// "Campaign response and uplift"; docs/api.md): training as a job
// (response_jobs.h: training on a workspace's campaigns takes seconds to
// minutes and must not hold one of the server's threads), the
// latest run's evaluation with the thresholds a refusal names, and the
// audiences a new campaign can be drawn from, with what to expect of them
// and the segment rules that draw them, and what drives them; a campaign's
// kept expectation beside what it measured once it is over.
#include "api/internal/response_routes.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "analytics/response/audience_estimate.h"
#include "analytics/response/campaign_training.h"
#include "api/json_io.h"
#include "api/response_jobs.h"
#include "auth/permissions.h"
#include "pipeline/campaign_expectation.h"
#include "pipeline/response_training.h"
#include "pipeline/run_reads.h"
#include "pipeline/score_reads.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;
namespace response = analytics::response;

constexpr char kResponseRun[] = "response";

// A refusal for thin data names the figure that is short: campaigns,
// responders or buyers (campaign_training.h), for the UI to translate.
json ResponseJobJson(const AnalysisJob& job) {
  const std::string& field = job.refused;
  const bool refused =
      field == "campaigns" || field == "responders" || field == "buyers";
  return {{"id", job.id},
          {"status", job.status},
          {"elapsed_seconds",
           (job.finished_at != 0 ? job.finished_at : store::NowSeconds()) -
               job.started_at},
          {"requested_by", job.requested_by},
          {"started_at", job.started_at},
          {"finished_at", job.finished_at ? json(job.finished_at) : nullptr},
          {"run_id", job.run_id ? json(job.run_id) : nullptr},
          {"error", job.error.empty() ? json(nullptr) : json(job.error)},
          {"refused", refused ? json(field) : json(nullptr)}};
}

json Thresholds() {
  return {{"campaigns", response::kMinCampaigns},
          {"responders", response::kMinResponders},
          {"buyers_per_group", response::kMinBuyersPerGroup}};
}

// POST …/response/jobs, body {"campaign_type": T} or empty: 202 with the
// job; it fails naming the short figure (`refused`) when data is thin.
HttpResponse StartResponseJob(const ApiContext& context,
                              const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kAnalytics,
                                      Access::kRead));
  // Training serves campaigns: marketing may start it, as may those who
  // may change analytics.
  if (!scope.Can(Resource::kMarketing, Access::kWrite) &&
      !scope.Can(Resource::kAnalytics, Access::kWrite)) {
    return ErrorResponse(Status(StatusCode::kPermissionDenied,
                                "the role " +
                                    std::string(auth::RoleName(scope.role)) +
                                    " may not train the response models"));
  }
  json body = json::object();
  if (!request.body.empty()) {
    VAFA_API_TRY(body, ParseJsonObject(request));
  }
  VAFA_API_CHECK(RejectUnknownFields(body, {"campaign_type"}));
  VAFA_API_TRY(std::optional<std::string> goal,
               OptionalString(body, "campaign_type"));
  if (goal && goal->size() > 100) {
    return ErrorResponse(
        FieldError("campaign_type", "campaign_type is at most 100 characters"));
  }
  // One job of any kind per workspace: the store refuses a second one,
  // naming the running job, whichever process runs it.
  VAFA_API_TRY(AnalysisJob job,
               ResponseJobs().Start(scope.workspace.id, scope.caller.user.email,
                                    context.database, goal.value_or("")));
  VAFA_API_CHECK(scope.Audit("train", "response_model", job.id, nullptr,
                             {{"campaign_type", job.model}}));
  return JsonResponse(202, {{"job", ResponseJobJson(job)}});
}

HttpResponse GetResponseJob(const ApiContext& context,
                            const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kAnalytics,
                                      Access::kRead));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "response job"));
  VAFA_API_TRY(auto job, ResponseJobs().Get(*scope.db, scope.workspace.id, id));
  if (!job) {
    return ErrorResponse(Status::NotFound("response job " + std::to_string(id) +
                                          " does not exist"));
  }
  return JsonResponse(200, {{"job", ResponseJobJson(*job)}});
}

// The stored summary (pipeline::ResponseTrainingJson) as the API shows it.
json EvaluationJson(const pipeline::RunWithSummary& stored) {
  json summary = json::parse(stored.summary, nullptr, false);
  if (!summary.is_object()) summary = json::object();
  json parameters = json::parse(stored.run.parameters, nullptr, false);
  json response = json::array(), uplift = json::array();
  json chosen = {{"response_learner", nullptr},
                 {"uplift_method", nullptr},
                 {"uplift_learner", nullptr}};
  for (const json& model : summary.value("response", json::array())) {
    response.push_back(
        {{"learner", model.value("learner", "")},
         {"auc", model.value("auc", json())},
         {"lift_by_decile", model.value("lift_by_decile", json::array())},
         {"chosen", model.value("chosen", false)}});
    if (model.value("chosen", false)) {
      chosen["response_learner"] = model.value("learner", "");
    }
  }
  for (const json& model : summary.value("uplift", json::array())) {
    uplift.push_back(
        {{"method", model.value("method", "")},
         {"learner", model.value("learner", "")},
         {"qini", model.value("qini", json())},
         {"uplift_by_decile", model.value("uplift_by_decile", json::array())},
         {"chosen", model.value("chosen", false)}});
    if (model.value("chosen", false)) {
      chosen["uplift_method"] = model.value("method", "");
      chosen["uplift_learner"] = model.value("learner", "");
    }
  }
  const json holdout = summary.value("holdout", json::object());
  return {{"run_id", stored.run.id},
          {"trained_at", stored.run.finished_at ? json(*stored.run.finished_at)
                                                : json(stored.run.started_at)},
          {"campaign_type", parameters.is_object()
                                ? parameters.value("campaign_type", "")
                                : std::string()},
          {"finished_campaigns", summary.value("finished_campaigns", 0)},
          {"members", summary.value("members", 0)},
          {"holdout",
           {{"campaigns", holdout.value("campaigns", 0)},
            {"member_share", holdout.value("member_share", 0.0)},
            {"train_members", holdout.value("train_members", 0)},
            {"holdout_members", holdout.value("holdout_members", 0)}}},
          {"chosen", chosen},
          {"response", response},
          {"uplift", uplift},
          {"scored_customers", summary.value("scored_customers", 0)},
          {"audiences", summary.value("audiences", json::object())}};
}

// GET …/response/evaluation: the latest run's evaluation (null before the
// first), the thresholds below which training is refused, and the running
// job if any.
HttpResponse GetResponseEvaluation(const ApiContext& context,
                                   const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kAnalytics,
                                      Access::kRead));
  VAFA_API_TRY(auto stored, pipeline::LatestRunOfKind(
                                *scope.db, scope.workspace.id, kResponseRun));
  VAFA_API_TRY(auto running,
               ResponseJobs().Running(*scope.db, scope.workspace.id));
  return JsonResponse(
      200, {{"evaluation", stored ? EvaluationJson(*stored) : json(nullptr)},
            {"thresholds", Thresholds()},
            {"running", running ? ResponseJobJson(*running) : json(nullptr)}});
}

// The segment rules that draw this audience (segment_rules.h; `top` orders
// ties by customer id, as the estimate does).
json AudienceRules(const response::AudienceEstimate& estimate) {
  if (estimate.size == 0) return nullptr;
  json condition;
  switch (estimate.audience) {
    case response::Audience::kPredictedResponders:
      condition = {{"field", "response_probability"},
                   {"op", "top"},
                   {"value", estimate.size}};
      break;
    case response::Audience::kPersuadable:
      condition = {{"field", "predicted_uplift"},
                   {"op", "top"},
                   {"value", estimate.size}};
      break;
    case response::Audience::kDoNotDisturb:
      condition = {{"field", "predicted_uplift"},
                   {"op", "<="},
                   {"value", estimate.boundary_score}};
      break;
  }
  return {{"match", "all"}, {"conditions", json::array({condition})}};
}

// What drives the audience as the run stored it (its default size), from
// the chosen model's contributions (audience_drivers.h).
json DriversOf(const json& summary, const std::string& audience) {
  json out = json::array();
  const json drivers = summary.value("drivers", json::object());
  for (const json& d : drivers.value(audience, json::array())) {
    out.push_back(
        {{"feature", d.value("feature", "")},
         {"contribution", d.value("contribution", json())},
         {"audience_mean", d.value("audience_mean", json())},
         {"overall_mean", d.value("overall_mean", json())},
         {"words", {{"en", d.value("en", "")}, {"fa", d.value("fa", "")}}}});
  }
  return out;
}

json ExpectationJson(const response::Expectation& e) {
  return {{"value", NumberOrNull(e.value)},
          {"low", NumberOrNull(e.low)},
          {"high", NumberOrNull(e.high)}};
}

// GET …/response/audiences/{audience}?size=N: who the audience holds and
// what to expect of a campaign sent to them (audience_estimate.h says how
// the intervals are computed). Revenue is null for roles that may not read
// money scores.
HttpResponse GetAudience(const ApiContext& context,
                         const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kAnalytics,
                                      Access::kRead));
  const std::string& name = request.params.at("audience");
  const auto audience = response::ParseAudience(name);
  if (!audience) {
    return ErrorResponse(Status::NotFound(
        "no audience \"" + name +
        "\" (predicted_responders, persuadable or do_not_disturb)"));
  }
  VAFA_API_TRY(std::optional<int64_t> size, QueryInt(request, "size"));
  VAFA_API_TRY(auto stored, pipeline::LatestRunOfKind(
                                *scope.db, scope.workspace.id, kResponseRun));
  if (!stored) {
    return ErrorResponse(
        Status::Refused("evaluation",
                        "no response models have been trained in this "
                        "workspace: train them first"));
  }
  const json summary = json::parse(stored->summary, nullptr, false);
  if (!summary.is_object()) {
    return ErrorResponse(Status::Internal("response run " +
                                          std::to_string(stored->run.id) +
                                          ": the summary is not JSON"));
  }
  VAFA_API_TRY(response::ScoredCustomers scored,
               pipeline::LoadResponseScores(*scope.db, scope.workspace.id));
  const json spend = summary.value("spend_per_buyer", json());
  VAFA_API_TRY(response::AudienceEstimate estimate,
               response::EstimateAudience(
                   scored, pipeline::ChosenUpliftDeciles(summary), *audience,
                   size.value_or(0), pipeline::kAudienceShare,
                   spend.is_number() ? spend.get<double>() : NAN));
  const bool money = scope.Can(Resource::kMoneyScores, Access::kRead);
  return JsonResponse(
      200,
      {{"audience", name},
       {"run_id", stored->run.id},
       {"scored_customers", static_cast<int64_t>(scored.customer_id.size())},
       {"available", estimate.available},
       {"size", estimate.size},
       {"boundary_score", NumberOrNull(estimate.boundary_score)},
       {"expected_responders", ExpectationJson(estimate.responders)},
       {"expected_incremental_buyers",
        ExpectationJson(estimate.incremental_buyers)},
       {"expected_incremental_revenue",
        money && std::isfinite(estimate.incremental_revenue.value)
            ? ExpectationJson(estimate.incremental_revenue)
            : json(nullptr)},
       {"segment_rules", AudienceRules(estimate)},
       {"drivers", DriversOf(summary, name)}});
}

json MeasuredJson(const pipeline::MeasuredFigure& figure) {
  auto number = [](const std::optional<double>& value) {
    return value ? NumberOrNull(*value) : json();
  };
  return {{"value", number(figure.value)},
          {"low", number(figure.low)},
          {"high", number(figure.high)},
          {"inside", figure.inside ? json(*figure.inside) : json()}};
}

json StoredExpectationJson(const pipeline::CampaignExpectation& e, bool money) {
  return {
      {"run_id", e.run_id},
      {"response_learner", e.response_learner},
      {"uplift_method", e.uplift_method},
      {"uplift_learner", e.uplift_learner},
      {"recorded_at", e.recorded_at},
      {"treatment_members", e.treatment_members},
      {"scored_members", e.scored_members},
      {"responders", ExpectationJson(e.responders)},
      {"incremental_buyers", ExpectationJson(e.incremental_buyers)},
      {"incremental_revenue_minor",
       money && e.incremental_revenue ? ExpectationJson(*e.incremental_revenue)
                                      : json()}};
}

// GET …/campaigns/{id}/expectation: what the campaign was expected to
// bring when it was drawn or started (null when no response models were
// trained then), and, once its window has closed, what it measured beside
// it with whether each figure fell inside the expected interval. Revenue
// is null for roles that may not read money scores.
HttpResponse GetCampaignExpectation(const ApiContext& context,
                                    const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kMarketing,
                                      Access::kRead));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "campaign"));
  VAFA_API_TRY(pipeline::ExpectedAgainstActual compared,
               pipeline::CompareCampaignExpectation(
                   *scope.db, scope.workspace.id, id, store::NowSeconds()));
  const bool money = scope.Can(Resource::kMoneyScores, Access::kRead);
  json actual = nullptr;
  if (compared.over) {
    actual = {{"responders", MeasuredJson(compared.responders)},
              {"incremental_buyers", MeasuredJson(compared.incremental_buyers)},
              {"incremental_revenue_minor",
               money ? MeasuredJson(compared.incremental_revenue) : json()}};
  }
  return JsonResponse(
      200,
      {{"campaign_id", id},
       {"expectation", compared.expectation
                           ? StoredExpectationJson(*compared.expectation, money)
                           : json()},
       {"window_closes_at", compared.window_closes_at},
       {"over", compared.over},
       {"has_control", compared.has_control},
       {"actual", actual}});
}

}  // namespace

void AddResponseRoutes(Router& router, const ApiContext& context) {
  const std::string base = "/api/v1/workspaces/{workspace}/response";
  router.Add("POST", base + "/jobs", BindContext(context, StartResponseJob));
  router.Add("GET", base + "/jobs/{id}", BindContext(context, GetResponseJob));
  router.Add("GET", base + "/evaluation",
             BindContext(context, GetResponseEvaluation));
  router.Add("GET", base + "/audiences/{audience}",
             BindContext(context, GetAudience));
  router.Add("GET", "/api/v1/workspaces/{workspace}/campaigns/{id}/expectation",
             BindContext(context, GetCampaignExpectation));
}

}  // namespace vafa::api
