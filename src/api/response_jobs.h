// Response-model training started through the API (POST …/response/jobs):
// each trains on its own thread and connection, one at a time per
// workspace, and is not started while the workspace's analysis job runs
// (analysis_jobs.h). A job that ends in a refusal keeps the field the
// refusal names (campaigns, responders, buyers) for the UI to translate.
// Jobs live in the server process, in one registry for the process that
// waits for running jobs when it goes; what a finished job wrote is the
// response run in the store.
#ifndef VAFA_API_RESPONSE_JOBS_H_
#define VAFA_API_RESPONSE_JOBS_H_

#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/result.h"
#include "store/database.h"

namespace vafa::api {

struct ResponseJob {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::string status = "running";  // running, completed, failed
  std::string requested_by;
  int64_t started_at = 0;
  int64_t finished_at = 0;
  int64_t run_id = 0;         // the response run written, when completed
  std::string error;          // why it failed
  std::string refused_field;  // the short figure of a refusal
};

class ResponseJobs {
 public:
  using Source = std::function<Result<store::Database*>()>;
  // Trains and returns the id of the run written.
  using Work = std::function<Result<int64_t>(store::Database&)>;

  ResponseJobs() = default;
  ResponseJobs(const ResponseJobs&) = delete;
  ResponseJobs& operator=(const ResponseJobs&) = delete;
  ~ResponseJobs();  // waits for running jobs

  // The process's registry.
  static ResponseJobs& Shared();

  // A conflict (kConflict) while one of the workspace's jobs is running.
  Result<ResponseJob> Start(int64_t workspace_id, std::string requested_by,
                            Source source, Work work);
  std::optional<ResponseJob> Get(int64_t workspace_id, int64_t id) const;
  std::optional<ResponseJob> Running(int64_t workspace_id) const;

 private:
  void Finish(int64_t id, const Result<int64_t>& run);

  mutable std::mutex mutex_;
  std::map<int64_t, ResponseJob> jobs_;
  std::list<std::thread> threads_;
  int64_t next_id_ = 1;
};

}  // namespace vafa::api

#endif  // VAFA_API_RESPONSE_JOBS_H_
