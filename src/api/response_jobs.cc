#include "api/response_jobs.h"

#include <algorithm>
#include <thread>

#include "pipeline/response_training.h"

namespace vafa::api {
namespace {

constexpr char kTrainingStage[] = "training";

// Trains as of the time the job was asked for, so that a job taken over
// by another process learns from the same history. Training is one stage:
// a stop asked while it runs waits for it (or for serve's shutdown grace).
Result<int64_t> Train(store::Database& db, store::Database& /*read*/,
                      const AnalysisJob& job,
                      const AnalysisJobs::StageReport& /*stage*/,
                      const AnalysisJobs::StopRequested& /*stop_requested*/) {
  pipeline::ResponseTrainingOptions options;
  options.now = job.started_at;
  options.goal = job.model;
  // One core fewer than the machine has, so the server keeps answering.
  options.threads = std::max(
      1,
      static_cast<int>(std::max(1u, std::thread::hardware_concurrency())) - 1);
  VAFA_ASSIGN_OR_RETURN(
      pipeline::ResponseTrainingReport report,
      pipeline::TrainResponseModels(db, job.workspace_id, options));
  return report.run_id;
}

}  // namespace

AnalysisJobs& ResponseJobs(int lease_seconds) {
  static AnalysisJobs jobs(pipeline::kResponseJobKind, kTrainingStage, 1,
                           lease_seconds, Train);
  return jobs;
}

}  // namespace vafa::api
