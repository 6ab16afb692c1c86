// Analyses started through the API (POST …/analytics/jobs): each runs
// pipeline::AnalyzeWorkspace on its own thread and connection, one at a
// time per workspace, and reports its stage until it ends. Jobs live in the
// server process; what a finished job wrote is the analysis run in the store.
#ifndef VAFA_API_ANALYSIS_JOBS_H_
#define VAFA_API_ANALYSIS_JOBS_H_

#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/result.h"
#include "pipeline/workspace_analysis.h"
#include "store/database.h"

namespace vafa::api {

struct AnalysisJob {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::string status = "running";  // running, completed, failed
  std::string stage;               // pipeline::AnalysisStageName
  int step = 1;                    // the stage's place, 1..steps
  int steps = 5;                   // loading .. churn
  std::string requested_by;
  int64_t started_at = 0;
  int64_t finished_at = 0;
  int64_t run_id = 0;  // the analysis run written, when completed
  std::string error;   // why it failed
};

class AnalysisJobs {
 public:
  using Source = std::function<Result<store::Database*>()>;

  AnalysisJobs() = default;
  AnalysisJobs(const AnalysisJobs&) = delete;
  AnalysisJobs& operator=(const AnalysisJobs&) = delete;
  ~AnalysisJobs();  // waits for running jobs

  // Starts a job; a conflict (kConflict) while one of the workspace's
  // jobs is running. `source` gives the job thread its own connection.
  Result<AnalysisJob> Start(int64_t workspace_id, std::string requested_by,
                            Source source,
                            pipeline::LogAnalysisOptions options);
  std::optional<AnalysisJob> Get(int64_t workspace_id, int64_t id) const;
  std::optional<AnalysisJob> Running(int64_t workspace_id) const;

 private:
  void Update(int64_t id, const std::function<void(AnalysisJob&)>& change);

  mutable std::mutex mutex_;
  std::map<int64_t, AnalysisJob> jobs_;
  std::list<std::thread> threads_;
  int64_t next_id_ = 1;
};

}  // namespace vafa::api

#endif  // VAFA_API_ANALYSIS_JOBS_H_
