// The analysis jobs every `vafa serve` process of one store shares (table
// analysis_jobs, docs/scale.md): one running job per workspace whichever
// process was asked, each job's stage readable from any process, and a
// lease the running process renews. A job whose lease has run out (its
// process was killed or hung) is taken over by another process, which runs
// it again from the start; after kMaxJobAttempts starts it is failed
// instead, so that a job that brings its process down cannot do so for
// ever. Only the job's current runner may record its stage or its end.
//
// Two kinds of job share the table: analyses ("analyze") and response-model
// training ("response", api/response_jobs.h). One job of either kind runs
// per workspace at a time, since each takes the machine's cores while it
// runs; each kind's runner takes over only lapsed jobs of its own kind.
#ifndef VAFA_PIPELINE_ANALYSIS_JOB_TABLE_H_
#define VAFA_PIPELINE_ANALYSIS_JOB_TABLE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "store/database.h"

namespace vafa::pipeline {

inline constexpr int kMaxJobAttempts = 3;
inline constexpr char kAnalysisJobKind[] = "analyze";
inline constexpr char kResponseJobKind[] = "response";

struct AnalysisJob {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::string kind = "analyze";
  std::string status = "running";  // running, completed, failed
  // The lifetime model asked for; for a response job, the campaign type
  // trained for (empty: every campaign).
  std::string model = "bg_nbd";
  std::string stage;  // AnalysisStageName
  int step = 1;       // the stage's place, 1..steps
  int steps = 5;      // loading .. churn
  std::string requested_by;
  int64_t started_at = 0;
  int64_t finished_at = 0;
  int64_t run_id = 0;  // the analysis run written, when completed
  std::string error;   // why it failed
  std::string runner;  // the process running it (JobRunnerName)
  int64_t lease_until = 0;
  int attempts = 1;
  // A refusal for thin data: the figure that is short (campaigns,
  // responders, buyers for a response job), empty otherwise.
  std::string refused;
};

// This process's name as a runner: host, process id and a random part (a
// restarted process with a reused id is another runner).
const std::string& JobRunnerName();

// Records `job` (its workspace, kind, model, requested_by, stage, steps) as
// running under `runner` until now + lease_seconds, and returns it with its
// id. Conflict, naming the running job and what it does, while one of the
// workspace's jobs (of any kind) is running.
Result<AnalysisJob> InsertRunningJob(store::Database& db, AnalysisJob job,
                                     const std::string& runner, int64_t now,
                                     int lease_seconds);

// The stage the job reached, renewing its lease; nothing when `runner` no
// longer runs it.
Status RecordJobStage(store::Database& db, int64_t id,
                      const std::string& runner, const std::string& stage,
                      int step, int64_t lease_until);

// Renews the lease of every job `runner` is running.
Status RenewJobLeases(store::Database& db, const std::string& runner,
                      int64_t lease_until);

// The job's end: completed with its run, or failed with the reason (and,
// for a kFailedPrecondition refusal, the field it names).
// Nothing when `runner` no longer runs it (another process took it over).
Status FinishJob(store::Database& db, int64_t id, const std::string& runner,
                 const Result<int64_t>& run, int64_t now);

// Gives the job up for any runner to take over at once (this one too):
// for a job whose run met a lost database connection, so that it is run
// again rather than failed. Nothing when `runner` no longer runs it.
Status ReleaseJob(store::Database& db, int64_t id, const std::string& runner);

// Takes over the oldest running job of `kind` whose lease ran out by `now`
// and that another runner ran (a runner whose own renewal failed may still be
// running it): it is `runner`'s until now + lease_seconds, back at its
// first stage. A job
// already started kMaxJobAttempts times is failed instead (and the next
// lapsed one is tried). Nothing when no lease has run out.
Result<std::optional<AnalysisJob>> TakeOverLapsedJob(
    store::Database& db, const std::string& runner, const std::string& stage,
    int64_t now, int lease_seconds, const std::string& kind = kAnalysisJobKind);

// The workspace's job `id` of `kind`.
Result<std::optional<AnalysisJob>> ReadJob(
    store::Database& db, int64_t workspace_id, int64_t id,
    const std::string& kind = kAnalysisJobKind);
// The workspace's running job, of any kind.
Result<std::optional<AnalysisJob>> ReadRunningJob(store::Database& db,
                                                  int64_t workspace_id);
// The workspace's running job if it is of `kind`.
Result<std::optional<AnalysisJob>> ReadRunningJobOfKind(
    store::Database& db, int64_t workspace_id, const std::string& kind);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_ANALYSIS_JOB_TABLE_H_
