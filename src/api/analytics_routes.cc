// AddAnalyticsRoutes (data_routes.h): the analysis reports over a
// workspace's orders, as JSON or CSV. Reports that show what customers are
// worth need money_scores besides analytics.

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>

#include "api/access.h"
#include "api/analysis_jobs.h"
#include "api/internal/data_routes.h"
#include "api/json_io.h"
#include "pipeline/analysis_reports.h"
#include "pipeline/contract_profitability.h"
#include "pipeline/report_rendering.h"
#include "pipeline/run_reads.h"
#include "services/holdings/holdings_overview.h"

namespace vafa::api {
namespace {

// The latest run's copy of a report, when the request asks for nothing the
// run did not compute (only `calendar` and `format`) and not for `fresh`.
Result<std::optional<pipeline::KeptReport>> FindKeptReport(
    const Scope& scope, const HttpRequest& request, const std::string& name,
    const std::string& calendar) {
  for (const auto& [key, value] : request.query) {
    if (key != "calendar" && key != "format") {
      return std::optional<pipeline::KeptReport>();
    }
  }
  bool by_calendar = name == "kpis" || name == "cohorts";
  std::string stored_calendar = by_calendar ? calendar : "";
  return pipeline::KeptReportOf(*scope.db, scope.workspace.id, name,
                                stored_calendar);
}

nlohmann::json JobJson(const AnalysisJob& job) {
  return {{"id", job.id},
          {"status", job.status},
          {"stage", job.stage},
          {"step", job.step},
          {"steps", job.steps},
          {"elapsed_seconds",
           (job.finished_at != 0 ? job.finished_at : store::NowSeconds()) -
               job.started_at},
          {"requested_by", job.requested_by},
          {"started_at", job.started_at},
          {"finished_at",
           job.finished_at ? nlohmann::json(job.finished_at) : nullptr},
          {"run_id", job.run_id ? nlohmann::json(job.run_id) : nullptr},
          {"error", job.error.empty() ? nlohmann::json(nullptr)
                                      : nlohmann::json(job.error)}};
}

// GET /analytics/runs: the workspace's latest analysis runs, newest first.
Result<nlohmann::json> ListRuns(const Scope& scope) {
  VAFA_ASSIGN_OR_RETURN(
      std::vector<pipeline::AnalysisRunRecord> runs,
      pipeline::LatestAnalysisRuns(*scope.db, scope.workspace.id, 20));
  nlohmann::json items = nlohmann::json::array();
  for (const pipeline::AnalysisRunRecord& run : runs) {
    nlohmann::json parameters =
        nlohmann::json::parse(run.parameters, nullptr, false);
    items.push_back(
        {{"id", run.id},
         {"kind", run.kind},
         {"parameters",
          parameters.is_discarded() ? nlohmann::json(nullptr) : parameters},
         {"data", run.data_fingerprint},
         {"started_at", run.started_at},
         {"finished_at", run.finished_at ? nlohmann::json(*run.finished_at)
                                         : nlohmann::json(nullptr)},
         {"duration_ms", run.duration_ms ? nlohmann::json(*run.duration_ms)
                                         : nlohmann::json(nullptr)},
         {"status", run.status}});
  }
  return items;
}

bool IsMoneyReport(const std::string& name) {
  for (const char* money :
       {"summary", "clv", "clv_model", "clv_diagnostics", "clv_distribution",
        "clv_tracking", "pareto", "value", "matrix", "segments", "abc",
        "churn_stages", "retention_list"}) {
    if (name == money) return true;
  }
  return false;
}

// The reports computed from orders, or kept by runs over them (the segment
// moves, churn's reports and its retention list).
bool IsOrdersReport(const std::string& name) {
  const auto& names = pipeline::AnalysisReportNames();
  return std::find(names.begin(), names.end(), name) != names.end() ||
         name == "rfm_moves" || name.starts_with("churn_") ||
         name == "retention_list";
}

// What a report over orders is where there are none (a bank's workspace,
// whose customers hold products instead, or one not yet imported): empty,
// with the reason as a code for the UI's words and a sentence.
HttpResponse NoOrdersResponse(const HttpRequest& request,
                              const std::string& name) {
  if (request.Query("format", "json") == "csv") return CsvResponse("");
  return JsonResponse(200, {{"report", name},
                            {"columns", nlohmann::json::array()},
                            {"column_types", nlohmann::json::array()},
                            {"rows", nlohmann::json::array()},
                            {"empty_reason", "no_orders"},
                            {"message", "there are no orders to analyse"}});
}

Result<bool> HoldsProducts(const Scope& scope) {
  VAFA_ASSIGN_OR_RETURN(std::string kind, services::holdings::WorkspaceKind(
                                              *scope.db, scope.workspace.id));
  return kind == "contractual";
}

// A key-customer report of a contractual workspace, over the last twelve
// months of its contracts' profit.
Result<ReportTable> ContractReport(const Scope& scope,
                                   const std::string& name) {
  VAFA_ASSIGN_OR_RETURN(pipeline::LoadedContracts loaded,
                        pipeline::LoadContracts(*scope.db, scope.workspace.id));
  VAFA_ASSIGN_OR_RETURN(pipeline::ContractPeriod period,
                        pipeline::PeriodOf(loaded, std::nullopt, std::nullopt));
  return pipeline::ContractReportTable(
      loaded, period, analytics::MigrationPeriod::kQuarter, name);
}

// An analysis of the workspace on the server, as `vafa analyze` would run
// it (scores and small reports replaced when it completes); 202 with the
// job to follow.
HttpResponse StartAnalysisJob(const ApiContext& context,
                              const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, auth::Resource::kAnalytics,
                         auth::Access::kWrite));
  pipeline::LogAnalysisOptions options;
  options.model = request.Query("model", options.model);
  if (options.model != "bg_nbd" && options.model != "mbg_nbd" &&
      options.model != "pareto_nbd") {
    return ErrorResponse(
        Status::Invalid("model is bg_nbd, mbg_nbd or pareto_nbd", "model"));
  }
  VAFA_API_TRY(AnalysisJob job, context.analysis_jobs->Start(
                                    scope.workspace.id, scope.caller.user.email,
                                    context.database, options.model));
  VAFA_API_CHECK(scope.Audit("analyze", "workspace", scope.workspace.id,
                             nullptr, JobJson(job)));
  return JsonResponse(202, {{"job", JobJson(job)}});
}

HttpResponse GetAnalysisJob(const ApiContext& context,
                            const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, auth::Resource::kAnalytics,
                         auth::Access::kRead));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "analysis job"));
  VAFA_API_TRY(auto job,
               context.analysis_jobs->Get(*scope.db, scope.workspace.id, id));
  if (!job) {
    return ErrorResponse(Status::NotFound("analysis job " + std::to_string(id) +
                                          " does not exist"));
  }
  return JsonResponse(200, {{"job", JobJson(*job)}});
}

HttpResponse GetAnalysisRuns(const ApiContext& context,
                             const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, auth::Resource::kAnalytics,
                         auth::Access::kRead));
  VAFA_API_TRY(nlohmann::json runs, ListRuns(scope));
  VAFA_API_TRY(auto running,
               context.analysis_jobs->Running(*scope.db, scope.workspace.id));
  return JsonResponse(200,
                      {{"items", std::move(runs)},
                       {"running", running ? JobJson(*running) : nullptr}});
}

HttpResponse GetAnalyticsReport(const ApiContext& context,
                                const HttpRequest& request) {
  VAFA_API_TRY(Scope scope,
               OpenScope(context, request, auth::Resource::kAnalytics,
                         auth::Access::kRead));
  const std::string& name = request.params.at("name");
  if (IsMoneyReport(name) &&
      !scope.Can(auth::Resource::kMoneyScores, auth::Access::kRead)) {
    return ErrorResponse(Status(StatusCode::kPermissionDenied,
                                "the role " +
                                    std::string(auth::RoleName(scope.role)) +
                                    " may not read the " + name + " report"));
  }
  pipeline::ReportOptions options;
  std::string calendar = request.Query("calendar", "gregorian");
  if (calendar != "gregorian" && calendar != "jalali") {
    return ErrorResponse(
        Status::Invalid("calendar is gregorian or jalali", "calendar"));
  }
  options.calendar = calendar == "jalali" ? analytics::Calendar::kJalali
                                          : analytics::Calendar::kGregorian;
  if (std::string as_of = request.Query("as_of"); !as_of.empty()) {
    auto parsed = ParseDateTime(as_of);
    if (!parsed.ok()) {
      return ErrorResponse(
          Status::Invalid("as_of " + parsed.status().message(), "as_of"));
    }
    options.as_of = DayOf(*parsed);
  }
  options.model = request.Query("model", options.model);
  for (auto [key, target] :
       {std::pair{"horizon_days", &options.horizon_days},
        std::pair{"discount", &options.annual_discount_rate},
        std::pair{"min_confidence", &options.min_confidence},
        std::pair{"holdout_days", &options.holdout_days},
        std::pair{"min_lift", &options.min_lift}}) {
    VAFA_API_TRY(std::optional<double> value, QueryNumber(request, key));
    if (!value) continue;
    if (*value < 0 || *value > 36525) {
      return ErrorResponse(
          Status::Invalid(std::string(key) + " must be a number >= 0", key));
    }
    *target = *value;
  }
  options.min_support = request.Query("min_support", options.min_support);
  options.sort = request.Query("sort", options.sort);
  options.product = request.Query("product");
  // The latest analysis run's copy when there is one: a dashboard
  // must not re-read every order. `fresh=true` (or any parameter the
  // run did not use) computes the report on the current data.
  VAFA_API_TRY(std::optional<pipeline::KeptReport> kept,
               FindKeptReport(scope, request, name, calendar));
  std::optional<ReportTable> table;
  if (!kept && IsOrdersReport(name)) {
    VAFA_API_TRY(bool has_orders,
                 pipeline::WorkspaceHasOrders(*scope.db, scope.workspace.id));
    if (!has_orders) {
      // A contractual workspace's key customers are ranked by what the
      // bank earns on them (docs/holdings.md).
      VAFA_API_TRY(bool contractual, HoldsProducts(scope));
      if (!contractual || !pipeline::IsContractKeyCustomerReport(name)) {
        return NoOrdersResponse(request, name);
      }
      VAFA_API_TRY(table, ContractReport(scope, name));
    }
  }
  if (table) {
    // computed from the workspace's contracts
  } else if (kept) {
    table = std::move(kept->table);
  } else if (name == "rfm_moves") {
    return ErrorResponse(Status::NotFound(
        "segment moves are kept by an analysis run that follows an "
        "earlier one; run the analysis again"));
  } else if (name.starts_with("churn_") || name == "retention_list") {
    return ErrorResponse(Status::NotFound(
        "the churn reports are kept by a churn run: run the analysis "
        "(or vafa churn)"));
  } else {
    // Stale by at most --read-db-max-lag seconds when a replica serves it.
    store::ReadConnection orders(context.read_replicas.get(), *scope.db);
    auto loaded =
        pipeline::LoadTransactionsFromStore(orders.db(), scope.workspace.id);
    if (!loaded.ok()) return ErrorResponse(loaded.status());
    VAFA_API_TRY(table, pipeline::AnalysisReportTable(*loaded, options, name));
  }
  if (request.Query("format", "json") == "csv") {
    return CsvResponse(pipeline::RenderReportCsv(*table));
  }
  std::optional<pipeline::ReportRun> run;
  if (kept) run = pipeline::ReportRun{kept->run_id, kept->finished_at};
  return HttpResponse::Json(
      200, pipeline::RenderReportJson(*table, run ? &*run : nullptr));
}

}  // namespace

void AddAnalyticsRoutes(Router& router, const ApiContext& context) {
  const std::string base = "/api/v1/workspaces/{workspace}/analytics";

  router.Add("POST", base + "/jobs", BindContext(context, StartAnalysisJob));
  router.Add("GET", base + "/jobs/{id}", BindContext(context, GetAnalysisJob));
  router.Add("GET", base + "/runs", BindContext(context, GetAnalysisRuns));
  router.Add("GET", "/api/v1/workspaces/{workspace}/analytics/reports/{name}",
             BindContext(context, GetAnalyticsReport));
}

}  // namespace vafa::api
