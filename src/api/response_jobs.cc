#include "api/response_jobs.h"

namespace vafa::api {

ResponseJobs& ResponseJobs::Shared() {
  static ResponseJobs jobs;
  return jobs;
}

ResponseJobs::~ResponseJobs() {
  std::list<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    threads.swap(threads_);
  }
  for (std::thread& thread : threads) {
    if (thread.joinable()) thread.join();
  }
}

Result<ResponseJob> ResponseJobs::Start(int64_t workspace_id,
                                        std::string requested_by, Source source,
                                        Work work) {
  std::lock_guard lock(mutex_);
  for (const auto& [id, job] : jobs_) {
    if (job.workspace_id == workspace_id && job.status == "running") {
      return Status(StatusCode::kConflict,
                    "the response models of this workspace are being trained "
                    "(job " +
                        std::to_string(id) + ")");
    }
  }
  ResponseJob job;
  job.id = next_id_++;
  job.workspace_id = workspace_id;
  job.requested_by = std::move(requested_by);
  job.started_at = store::NowSeconds();
  jobs_[job.id] = job;
  const int64_t id = job.id;
  threads_.emplace_back(
      [this, id, source = std::move(source), work = std::move(work)]() {
        auto db = source();
        if (!db.ok()) {
          Finish(id, db.status());
          return;
        }
        Finish(id, work(**db));
      });
  return job;
}

void ResponseJobs::Finish(int64_t id, const Result<int64_t>& run) {
  std::lock_guard lock(mutex_);
  auto found = jobs_.find(id);
  if (found == jobs_.end()) return;
  ResponseJob& job = found->second;
  job.finished_at = store::NowSeconds();
  if (run.ok()) {
    job.status = "completed";
    job.run_id = *run;
  } else {
    job.status = "failed";
    job.error = run.status().message();
    if (run.status().code() == StatusCode::kFailedPrecondition) {
      job.refused_field = run.status().field();
    }
  }
}

std::optional<ResponseJob> ResponseJobs::Get(int64_t workspace_id,
                                             int64_t id) const {
  std::lock_guard lock(mutex_);
  auto found = jobs_.find(id);
  if (found == jobs_.end() || found->second.workspace_id != workspace_id) {
    return std::nullopt;
  }
  return found->second;
}

std::optional<ResponseJob> ResponseJobs::Running(int64_t workspace_id) const {
  std::lock_guard lock(mutex_);
  for (const auto& [id, job] : jobs_) {
    if (job.workspace_id == workspace_id && job.status == "running") {
      return job;
    }
  }
  return std::nullopt;
}

}  // namespace vafa::api
