// The customer data quality report over the API (docs/quality.md): run it
// now, read the latest run or one by id, and list the runs with their
// totals. Thin over pipeline/customer_quality, which stores each run.
//
// A run is synchronous: the report is one pass over the customers (about
// 3 s at 200,000 on two cores), so the answer is the report itself. It is
// bounded: one run at a time per workspace (409 while one runs) and at most
// QualityRunMaxCustomers() customers (422 above, naming `vafa quality`,
// which has no bound).
#include "api/quality_routes.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "api/internal/data_routes.h"
#include "api/json_io.h"
#include "pipeline/customer_quality.h"
#include "pipeline/quality_json.h"
#include "pipeline/quality_runs.h"
#include "store/customer_repository.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;

constexpr int kDefaultRuns = 20;
constexpr int kMaxRuns = 200;

std::atomic<int64_t> max_customers{250000};
std::mutex running_mutex;
std::set<int64_t> running_workspaces;  // under running_mutex

// Marks the workspace's run as started for as long as it lives.
class RunningQualityRun {
 public:
  explicit RunningQualityRun(int64_t workspace_id)
      : workspace_id_(workspace_id) {
    std::lock_guard<std::mutex> lock(running_mutex);
    started_ = running_workspaces.insert(workspace_id_).second;
  }
  RunningQualityRun(const RunningQualityRun&) = delete;
  RunningQualityRun& operator=(const RunningQualityRun&) = delete;
  ~RunningQualityRun() {
    if (!started_) return;
    std::lock_guard<std::mutex> lock(running_mutex);
    running_workspaces.erase(workspace_id_);
  }
  bool started() const { return started_; }

 private:
  int64_t workspace_id_;
  bool started_ = false;
};

// The report on the workspace's customers now, stored; 201 with the run
// and its change since the previous one. The body is empty or {}.
HttpResponse PostQualityRun(const ApiContext& context,
                            const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kAnalytics,
                                      Access::kWrite));
  if (!request.body.empty()) {
    VAFA_API_TRY(json body, ParseJsonObject(request));
    VAFA_API_CHECK(RejectUnknownFields(body, {}));
  }
  const int64_t limit = QualityRunMaxCustomers();
  VAFA_API_TRY(int64_t customers,
               store::CustomerRepository(*scope.db).Count(scope.workspace.id));
  if (customers > limit) {
    return ErrorResponse(
        Status(StatusCode::kFailedPrecondition,
               "workspace " + scope.workspace.name + " has " +
                   std::to_string(customers) +
                   " customers; the server runs the quality report on up to " +
                   std::to_string(limit) +
                   " (vafa serve --quality-max-customers): run `vafa quality` "
                   "instead"));
  }
  RunningQualityRun running(scope.workspace.id);
  if (!running.started()) {
    return ErrorResponse(
        Status(StatusCode::kConflict,
               "a quality report of workspace " + scope.workspace.name +
                   " is running; read it when it ends (GET …/quality/runs/"
                   "latest)"));
  }
  VAFA_API_TRY(json report,
               pipeline::RunCustomerQuality(*scope.db, scope.workspace.id,
                                            store::NowSeconds()));
  const int64_t run_id = report["run"]["id"].get<int64_t>();
  VAFA_API_CHECK(scope.Audit(
      "run", "quality_run", run_id, nullptr,
      {{"customers", report["customers"]},
       {"customers_with_problems", report["customers_with_problems"]},
       {"duplicate_pairs", report["duplicates"]["pairs"]}}));
  return JsonResponse(201, report);
}

// The run `up_to_id` names (or the latest when 0) with the one before it.
Result<json> StoredRun(const Scope& scope, int64_t up_to_id) {
  VAFA_ASSIGN_OR_RETURN(
      std::vector<pipeline::QualityRunRecord> runs,
      pipeline::LatestQualityRuns(*scope.db, scope.workspace.id, 2,
                                  up_to_id == 0 ? INT64_MAX : up_to_id));
  if (runs.empty() || (up_to_id != 0 && runs[0].id != up_to_id)) {
    return Status::NotFound(
        up_to_id == 0
            ? "workspace " + scope.workspace.name + " has no quality run yet"
            : "quality run " + std::to_string(up_to_id) + " does not exist");
  }
  return pipeline::QualityRunJson(runs[0],
                                  runs.size() > 1 ? &runs[1] : nullptr);
}

HttpResponse GetLatestQualityRun(const ApiContext& context,
                                 const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kAnalytics,
                                      Access::kRead));
  VAFA_API_TRY(json run, StoredRun(scope, 0));
  return JsonResponse(200, run);
}

HttpResponse GetQualityRun(const ApiContext& context,
                           const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kAnalytics,
                                      Access::kRead));
  VAFA_API_TRY(int64_t id, PathId(request, "id", "quality run"));
  VAFA_API_TRY(json run, StoredRun(scope, id));
  return JsonResponse(200, run);
}

// Newest first: limit (default 20, at most 200).
HttpResponse GetQualityRuns(const ApiContext& context,
                            const HttpRequest& request) {
  VAFA_API_TRY(Scope scope, OpenScope(context, request, Resource::kAnalytics,
                                      Access::kRead));
  VAFA_API_TRY(auto limit, QueryInt(request, "limit"));
  const int shown = static_cast<int>(
      std::clamp<int64_t>(limit.value_or(kDefaultRuns), 1, kMaxRuns));
  // One more than shown, so the oldest shown has its change too.
  VAFA_API_TRY(
      std::vector<pipeline::QualityRunRecord> runs,
      pipeline::LatestQualityRuns(*scope.db, scope.workspace.id, shown + 1));
  json history = pipeline::QualityHistoryJson(runs);
  if (static_cast<int>(history["items"].size()) > shown) {
    history["items"].erase(history["items"].end() - 1);
  }
  return JsonResponse(200, history);
}

}  // namespace

void SetQualityRunMaxCustomers(int64_t customers) { max_customers = customers; }
int64_t QualityRunMaxCustomers() { return max_customers; }

void AddQualityRoutes(Router& router, const ApiContext& context) {
  const std::string base = "/api/v1/workspaces/{workspace}/quality/runs";
  router.Add("POST", base, BindContext(context, PostQualityRun));
  router.Add("GET", base, BindContext(context, GetQualityRuns));
  router.Add("GET", base + "/latest",
             BindContext(context, GetLatestQualityRun));
  router.Add("GET", base + "/{id}", BindContext(context, GetQualityRun));
}

}  // namespace vafa::api
