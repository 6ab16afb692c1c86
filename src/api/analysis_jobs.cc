#include "api/analysis_jobs.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <vector>

#include "api/server_log.h"

namespace vafa::api {
namespace {

// What a job still running when its server's shutdown grace ran out
// records.
constexpr char kStoppedAtDeadline[] =
    "the server stopped before the job finished (it was still running when "
    "the shutdown grace ran out); start it again";

Result<int64_t> Analyze(store::Database& db, store::Database& read,
                        const AnalysisJob& job,
                        const AnalysisJobs::StageReport& report,
                        const AnalysisJobs::StopRequested& stop_requested,
                        bool aggregate_in_db) {
  pipeline::LogAnalysisOptions options;
  options.model = job.model;
  options.aggregate_in_db = aggregate_in_db;
  options.stop_requested = stop_requested;
  return pipeline::AnalyzeWorkspace(
      db, job.workspace_id, options,
      [&](pipeline::AnalysisStage stage) {
        report(pipeline::AnalysisStageName(stage), static_cast<int>(stage) + 1);
      },
      &read);
}

// Tests only (docs/scale.md): seconds of the variable `name`, 0 when unset.
int TestSeconds(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? 0 : std::atoi(value);
}

}  // namespace

AnalysisJobs::AnalysisJobs(int lease_seconds, bool aggregate_in_db)
    : AnalysisJobs(
          pipeline::kAnalysisJobKind,
          pipeline::AnalysisStageName(pipeline::AnalysisStage::kLoading),
          static_cast<int>(pipeline::AnalysisStage::kChurn) + 1, lease_seconds,
          [aggregate_in_db](store::Database& db, store::Database& read,
                            const AnalysisJob& job, const StageReport& report,
                            const StopRequested& stop_requested) {
            return Analyze(db, read, job, report, stop_requested,
                           aggregate_in_db);
          }) {}

AnalysisJobs::AnalysisJobs(std::string kind, std::string first_stage, int steps,
                           int lease_seconds, Work work)
    : kind_(std::move(kind)),
      first_stage_(std::move(first_stage)),
      steps_(steps),
      lease_seconds_(lease_seconds),
      work_(std::move(work)) {}

AnalysisJobs::~AnalysisJobs() {
  RequestStop();
  {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] {
      return std::all_of(threads_.begin(), threads_.end(),
                         [](const JobThread& slot) { return slot.ended; });
    });
    JoinEnded();
  }
  StopKeeper();
}

void AnalysisJobs::Keep(Source source) {
  std::lock_guard lock(mutex_);
  if (keeper_.joinable() || stopping_) return;
  keeper_ =
      std::thread([this, source = std::move(source)] { KeeperLoop(source); });
}

Result<AnalysisJob> AnalysisJobs::Start(int64_t workspace_id,
                                        std::string requested_by, Source source,
                                        std::string model) {
  if (Stopping()) {
    return Status::Unavailable(
        "the server is stopping; start the job again once it is back");
  }
  VAFA_ASSIGN_OR_RETURN(store::Database * db, source());
  AnalysisJob job;
  job.workspace_id = workspace_id;
  job.kind = kind_;
  job.model = std::move(model);
  job.stage = first_stage_;
  job.step = 1;
  job.steps = steps_;
  job.requested_by = std::move(requested_by);
  VAFA_ASSIGN_OR_RETURN(job, pipeline::InsertRunningJob(
                                 *db, std::move(job), pipeline::JobRunnerName(),
                                 store::NowSeconds(), lease_seconds_));
  Keep(source);
  // A stop asked meanwhile is seen by the job itself, which records it.
  std::lock_guard lock(mutex_);
  Launch(job, source);
  return job;
}

void AnalysisJobs::Launch(const AnalysisJob& job, const Source& source) {
  JoinEnded();
  JobThread& slot = threads_.emplace_back();
  slot.job = job;
  slot.thread = std::thread([this, &slot, source] { Run(slot, source); });
}

void AnalysisJobs::JoinEnded() {
  for (auto slot = threads_.begin(); slot != threads_.end();) {
    if (!slot->ended) {
      ++slot;
      continue;
    }
    if (slot->thread.joinable()) slot->thread.join();
    slot = threads_.erase(slot);
  }
}

void AnalysisJobs::Run(JobThread& slot, const Source& source) {
  const AnalysisJob& job = slot.job;
  const std::string& runner = pipeline::JobRunnerName();
  // Tests only: hold the job before it loads anything, so that a test can
  // stop this process while its job is surely running (docs/scale.md);
  // the busy hold does not look at a stop request, as a long stage does not.
  Hold(TestSeconds("VAFA_TEST_ANALYSIS_JOB_DELAY_SECONDS"));
  if (int busy = TestSeconds("VAFA_TEST_ANALYSIS_JOB_BUSY_SECONDS")) {
    std::this_thread::sleep_for(std::chrono::seconds(busy));
  }
  Result<int64_t> run = Status::Unavailable("stopped before it started");
  if (!Stopping()) {
    auto db = source();
    if (db.ok()) {
      store::ReadConnection read(replicas_.get(), **db);
      run = work_(
          **db, read.db(), job,
          [&](const std::string& stage, int step) {
            (void)pipeline::RecordJobStage(
                **db, job.id, runner, stage, step,
                store::NowSeconds() + lease_seconds_);
          },
          [this] { return Stopping(); });
    } else {
      run = db.status();
    }
  }
  RecordEnd(job, source, run);
  {
    std::lock_guard lock(mutex_);
    slot.ended = true;
  }
  wake_.notify_all();
}

// A run cut short by the registry's stop, or by a lost database connection
// (a restart, a failover), is released, not failed: another process takes
// it over at its next renewal (its lease is gone), or a server as it starts,
// and runs it again from the start (docs/scale.md). The store may be away
// for a while: recording is tried again every second on a fresh connection
// until it succeeds or the registry stops, since this process's keeper
// would otherwise renew the job's lease for ever.
void AnalysisJobs::RecordEnd(const AnalysisJob& job, const Source& source,
                             const Result<int64_t>& run) {
  const std::string& runner = pipeline::JobRunnerName();
  const bool unavailable =
      !run.ok() && run.status().code() == StatusCode::kUnavailable;
  const bool stopped = unavailable && Stopping();
  for (int attempt = 0;; ++attempt) {
    auto db = source();
    Status recorded = db.status();
    if (db.ok()) {
      recorded = unavailable ? pipeline::ReleaseJob(**db, job.id, runner)
                             : pipeline::FinishJob(**db, job.id, runner, run,
                                                   store::NowSeconds());
    }
    if (recorded.ok()) {
      if (stopped) {
        Log(LogLevel::kWarning,
            kind_ + " job " + std::to_string(job.id) +
                " stopped with the server; handed back to be run again");
      } else if (unavailable) {
        Log(LogLevel::kWarning,
            kind_ + " job " + std::to_string(job.id) +
                " lost its database connection; released to be run again");
      }
      return;
    }
    if (attempt == 0) Log(LogLevel::kError, recorded.ToString());
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, std::chrono::seconds(1),
                       [this] { return stopping_; })) {
      return;
    }
  }
}

bool AnalysisJobs::Stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void AnalysisJobs::Hold(int seconds) {
  if (seconds <= 0) return;
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, std::chrono::seconds(seconds),
                 [this] { return stopping_; });
}

void AnalysisJobs::RequestStop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
}

bool AnalysisJobs::AwaitStop(std::chrono::steady_clock::time_point deadline,
                             const Source& source) {
  std::vector<AnalysisJob> unfinished;
  {
    std::unique_lock lock(mutex_);
    wake_.wait_until(lock, deadline, [this] {
      return std::all_of(threads_.begin(), threads_.end(),
                         [](const JobThread& slot) { return slot.ended; });
    });
    JoinEnded();
    for (const JobThread& slot : threads_) unfinished.push_back(slot.job);
  }
  if (!unfinished.empty()) {
    // Recorded here, since the job's thread may never get to it; what that
    // thread records later is refused (the job is no longer running).
    auto db = source();
    for (const AnalysisJob& job : unfinished) {
      Status recorded =
          db.ok() ? pipeline::FinishJob(**db, job.id, pipeline::JobRunnerName(),
                                        Status::Unavailable(kStoppedAtDeadline),
                                        store::NowSeconds())
                  : db.status();
      Log(LogLevel::kWarning,
          kind_ + " job " + std::to_string(job.id) +
              " was still running when the shutdown grace ran out; " +
              (recorded.ok() ? "recorded failed"
                             : "not recorded: " + recorded.ToString()));
    }
  }
  StopKeeper();
  return unfinished.empty();
}

void AnalysisJobs::StopKeeper() {
  {
    std::lock_guard lock(mutex_);
    keeper_stopping_ = true;
  }
  wake_.notify_all();
  if (keeper_.joinable()) keeper_.join();
}

void AnalysisJobs::KeeperLoop(Source source) {
  const auto period =
      std::chrono::milliseconds(std::max(200, lease_seconds_ * 1000 / 3));
  std::unique_lock lock(mutex_);
  while (!keeper_stopping_) {
    lock.unlock();
    KeepOnce(source);
    lock.lock();
    wake_.wait_for(lock, period, [this] { return keeper_stopping_; });
  }
}

// Renews this process's leases, then (unless stopping) takes over every
// lapsed job.
void AnalysisJobs::KeepOnce(const Source& source) {
  auto db = source();
  if (!db.ok()) return;
  const std::string& runner = pipeline::JobRunnerName();
  const int64_t now = store::NowSeconds();
  Status renewed = pipeline::RenewJobLeases(**db, runner, now + lease_seconds_);
  if (!renewed.ok()) Log(LogLevel::kError, renewed.ToString());
  while (!Stopping()) {
    auto taken = pipeline::TakeOverLapsedJob(**db, runner, first_stage_, now,
                                             lease_seconds_, kind_);
    if (!taken.ok()) {
      Log(LogLevel::kError, taken.status().ToString());
      return;
    }
    if (!*taken) return;
    const AnalysisJob& job = **taken;
    Log(LogLevel::kWarning, "taking over " + kind_ + " job " +
                                std::to_string(job.id) + " of workspace " +
                                std::to_string(job.workspace_id) +
                                " (its server stopped renewing it); attempt " +
                                std::to_string(job.attempts));
    std::unique_lock lock(mutex_);
    if (stopping_) {
      // Taken as the stop came: left for another process at once.
      lock.unlock();
      Status released = pipeline::ReleaseJob(**db, job.id, runner);
      if (!released.ok()) Log(LogLevel::kError, released.ToString());
      return;
    }
    Launch(job, source);
  }
}

Result<std::optional<AnalysisJob>> AnalysisJobs::Get(store::Database& db,
                                                     int64_t workspace_id,
                                                     int64_t id) const {
  return pipeline::ReadJob(db, workspace_id, id, kind_);
}

Result<std::optional<AnalysisJob>> AnalysisJobs::Running(
    store::Database& db, int64_t workspace_id) const {
  return pipeline::ReadRunningJobOfKind(db, workspace_id, kind_);
}

}  // namespace vafa::api
