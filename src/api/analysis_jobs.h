// Analyses started through the API (POST …/analytics/jobs): each runs
// pipeline::AnalyzeWorkspace on its own thread and connection, one at a
// time per workspace, and reports its stage until it ends. The jobs are
// rows of the store (pipeline/analysis_job_table.h), so that every `vafa
// serve` process of one store sees the same jobs: one process starts a
// job, any answers for it, and when the process running a job stops
// renewing its lease (killed, hung) another takes it over and runs it
// again. What a finished job wrote is the analysis run in the store.
//
// A keeper thread, started by Keep() (serve) or by the first Start(),
// renews this process's leases every third of the lease and takes over
// lapsed jobs; the destructor stops it and waits for running jobs.
#ifndef VAFA_API_ANALYSIS_JOBS_H_
#define VAFA_API_ANALYSIS_JOBS_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/result.h"
#include "pipeline/analysis_job_table.h"
#include "pipeline/workspace_analysis.h"
#include "store/database.h"
#include "store/read_replicas.h"

namespace vafa::api {

using pipeline::AnalysisJob;

class AnalysisJobs {
 public:
  // The calling thread's connection (each thread gets its own).
  using Source = std::function<Result<store::Database*>()>;

  explicit AnalysisJobs(int lease_seconds = 30)
      : lease_seconds_(lease_seconds) {}
  AnalysisJobs(const AnalysisJobs&) = delete;
  AnalysisJobs& operator=(const AnalysisJobs&) = delete;
  ~AnalysisJobs();  // stops the keeper, waits for running jobs

  // Jobs load the workspace's orders from these replicas while one is
  // fresh (store/read_replicas.h); they write to the primary. Set before
  // the first Start.
  void LoadFrom(std::shared_ptr<store::ReadReplicas> replicas) {
    replicas_ = std::move(replicas);
  }

  // Starts the keeper on `source` if it is not running.
  void Keep(Source source);

  // Starts a job; a conflict (kConflict) while one of the workspace's
  // jobs is running, in this process or another.
  Result<AnalysisJob> Start(int64_t workspace_id, std::string requested_by,
                            Source source,
                            pipeline::LogAnalysisOptions options);
  Result<std::optional<AnalysisJob>> Get(store::Database& db,
                                         int64_t workspace_id,
                                         int64_t id) const;
  Result<std::optional<AnalysisJob>> Running(store::Database& db,
                                             int64_t workspace_id) const;

 private:
  void Run(AnalysisJob job, Source source,
           pipeline::LogAnalysisOptions options);
  void KeeperLoop(Source source);
  void KeepOnce(const Source& source);

  const int lease_seconds_;
  std::shared_ptr<store::ReadReplicas> replicas_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread keeper_;
  std::list<std::thread> threads_;
};

}  // namespace vafa::api

#endif  // VAFA_API_ANALYSIS_JOBS_H_
