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
// lapsed jobs.
//
// Stopping (serve's exit): RequestStop() takes no more jobs and asks the
// running ones to stop as their next stage starts; AwaitStop() waits for
// them until a deadline and joins every thread this registry started. A
// job cut short at a stage's start is handed back (released): another
// process takes it over at its next renewal, or the next `vafa serve` of the
// store when it starts, and runs it again. A job still running at the deadline
// is recorded failed, saying the server stopped. The destructor does both
// without a deadline.
//
// One registry runs one kind of job: analyses by default, or what its Work
// does (response-model training, api/response_jobs.h). The kinds share the
// table and its one-running-job-per-workspace rule.
#ifndef VAFA_API_ANALYSIS_JOBS_H_
#define VAFA_API_ANALYSIS_JOBS_H_

#include <chrono>
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

  // Runs `job` on `db`, reporting each stage it reaches (name, 1..steps),
  // and returns the id of the run it wrote.
  using StageReport = std::function<void(const std::string& stage, int step)>;
  // True once the registry is stopping: the work should end at its next
  // stage with kUnavailable.
  using StopRequested = std::function<bool()>;
  // `read`: where the job may read what it analyses (a fresh read replica,
  // else `db`); everything is written to `db`.
  using Work = std::function<Result<int64_t>(
      store::Database& db, store::Database& read, const AnalysisJob& job,
      const StageReport& stage, const StopRequested& stop_requested)>;

  // Analyses (kind "analyze", pipeline::AnalyzeWorkspace).
  // `aggregate_in_db`: every analysis, its own or one taken over, has the
  // per-customer summary computed by PostgreSQL (serve --aggregate-in-db;
  // pipeline/database_summary.h).
  explicit AnalysisJobs(int lease_seconds = 30, bool aggregate_in_db = false);
  // Jobs of `kind` doing `work`, starting at `first_stage` of `steps`.
  AnalysisJobs(std::string kind, std::string first_stage, int steps,
               int lease_seconds, Work work);
  AnalysisJobs(const AnalysisJobs&) = delete;
  AnalysisJobs& operator=(const AnalysisJobs&) = delete;
  ~AnalysisJobs();  // RequestStop, then AwaitStop without a deadline

  // Jobs read what they analyse from these replicas while one is fresh
  // (store/read_replicas.h); they write to the primary. Set before the
  // first Start.
  void LoadFrom(std::shared_ptr<store::ReadReplicas> replicas) {
    replicas_ = std::move(replicas);
  }

  // Starts the keeper on `source` if it is not running.
  void Keep(Source source);

  // Starts a job (`model`: AnalysisJob::model); a conflict (kConflict)
  // while one of the workspace's jobs is running, in this process or
  // another; kUnavailable once the registry is stopping.
  Result<AnalysisJob> Start(int64_t workspace_id, std::string requested_by,
                            Source source, std::string model);
  // This registry's job `id`; nothing when it is of another kind.
  Result<std::optional<AnalysisJob>> Get(store::Database& db,
                                         int64_t workspace_id,
                                         int64_t id) const;
  // The workspace's running job when it is of this registry's kind.
  Result<std::optional<AnalysisJob>> Running(store::Database& db,
                                             int64_t workspace_id) const;

  // Takes no more jobs (lapsed ones are left to other processes) and asks
  // the running ones to stop as their next stage starts; returns at once.
  // The keeper goes on renewing the running jobs' leases meanwhile.
  void RequestStop();
  // After RequestStop: waits until `deadline` for the running jobs to end,
  // then joins their threads and the keeper. A job still running at the
  // deadline is recorded failed (on a connection of `source`) and its
  // thread is left running: false then, and the caller must end the
  // process without destroying this registry or anything the thread uses
  // (std::_Exit), since nothing can make a computation stop mid-stage.
  bool AwaitStop(std::chrono::steady_clock::time_point deadline,
                 const Source& source);

 private:
  // A job's thread, kept until it has ended and been joined.
  struct JobThread {
    AnalysisJob job;
    bool ended = false;
    std::thread thread;
  };

  // Starts `job` on a thread of its own; under mutex_.
  void Launch(const AnalysisJob& job, const Source& source);
  // Joins and forgets the threads whose job has ended; under mutex_.
  void JoinEnded();
  void Run(JobThread& slot, const Source& source);
  void RecordEnd(const AnalysisJob& job, const Source& source,
                 const Result<int64_t>& run);
  bool Stopping();
  // Holds the job for `seconds`, or until the registry stops (tests only).
  void Hold(int seconds);
  void StopKeeper();
  void KeeperLoop(Source source);
  void KeepOnce(const Source& source);

  const std::string kind_;
  const std::string first_stage_;
  const int steps_;
  const int lease_seconds_;
  const Work work_;
  std::shared_ptr<store::ReadReplicas> replicas_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;         // RequestStop
  bool keeper_stopping_ = false;  // AwaitStop, once the jobs have ended
  std::thread keeper_;
  std::list<JobThread> threads_;
};

}  // namespace vafa::api

#endif  // VAFA_API_ANALYSIS_JOBS_H_
