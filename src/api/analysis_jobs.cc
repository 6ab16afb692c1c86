#include "api/analysis_jobs.h"

namespace vafa::api {
AnalysisJobs::~AnalysisJobs() {
  std::list<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    threads.swap(threads_);
  }
  for (std::thread& thread : threads) {
    if (thread.joinable()) thread.join();
  }
}

Result<AnalysisJob> AnalysisJobs::Start(int64_t workspace_id,
                                        std::string requested_by, Source source,
                                        pipeline::LogAnalysisOptions options) {
  std::lock_guard lock(mutex_);
  for (const auto& [id, job] : jobs_) {
    if (job.workspace_id == workspace_id && job.status == "running") {
      return Status(StatusCode::kConflict,
                    "an analysis of this workspace is running (job " +
                        std::to_string(id) + ")");
    }
  }
  AnalysisJob job;
  job.id = next_id_++;
  job.workspace_id = workspace_id;
  job.stage = pipeline::AnalysisStageName(pipeline::AnalysisStage::kLoading);
  job.requested_by = std::move(requested_by);
  job.started_at = store::NowSeconds();
  jobs_[job.id] = job;
  const int64_t id = job.id;
  threads_.emplace_back(
      [this, id, workspace_id, source = std::move(source), options]() {
        Result<int64_t> run = Status::Internal("the analysis did not run");
        auto db = source();
        if (!db.ok()) {
          run = db.status();
        } else {
          run = pipeline::AnalyzeWorkspace(
              **db, workspace_id, options, [&](pipeline::AnalysisStage stage) {
                Update(id, [stage](AnalysisJob& job) {
                  job.stage = pipeline::AnalysisStageName(stage);
                  job.step = static_cast<int>(stage) + 1;
                });
              });
        }
        Update(id, [&run](AnalysisJob& job) {
          job.finished_at = store::NowSeconds();
          if (run.ok()) {
            job.status = "completed";
            job.run_id = *run;
          } else {
            job.status = "failed";
            job.error = run.status().message();
          }
        });
      });
  return job;
}

void AnalysisJobs::Update(int64_t id,
                          const std::function<void(AnalysisJob&)>& change) {
  std::lock_guard lock(mutex_);
  auto found = jobs_.find(id);
  if (found != jobs_.end()) change(found->second);
}

std::optional<AnalysisJob> AnalysisJobs::Get(int64_t workspace_id,
                                             int64_t id) const {
  std::lock_guard lock(mutex_);
  auto found = jobs_.find(id);
  if (found == jobs_.end() || found->second.workspace_id != workspace_id) {
    return std::nullopt;
  }
  return found->second;
}

std::optional<AnalysisJob> AnalysisJobs::Running(int64_t workspace_id) const {
  std::lock_guard lock(mutex_);
  for (const auto& [id, job] : jobs_) {
    if (job.workspace_id == workspace_id && job.status == "running") {
      return job;
    }
  }
  return std::nullopt;
}

}  // namespace vafa::api
