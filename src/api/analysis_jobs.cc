#include "api/analysis_jobs.h"

#include <chrono>
#include <cstdlib>

#include "api/server_log.h"

namespace vafa::api {
namespace {

Result<int64_t> Analyze(store::Database& db, store::Database& read,
                        const AnalysisJob& job,
                        const AnalysisJobs::StageReport& report,
                        bool aggregate_in_db) {
  pipeline::LogAnalysisOptions options;
  options.model = job.model;
  options.aggregate_in_db = aggregate_in_db;
  return pipeline::AnalyzeWorkspace(
      db, job.workspace_id, options,
      [&](pipeline::AnalysisStage stage) {
        report(pipeline::AnalysisStageName(stage), static_cast<int>(stage) + 1);
      },
      &read);
}

}  // namespace

AnalysisJobs::AnalysisJobs(int lease_seconds, bool aggregate_in_db)
    : AnalysisJobs(
          pipeline::kAnalysisJobKind,
          pipeline::AnalysisStageName(pipeline::AnalysisStage::kLoading),
          static_cast<int>(pipeline::AnalysisStage::kChurn) + 1, lease_seconds,
          [aggregate_in_db](store::Database& db, store::Database& read,
                            const AnalysisJob& job, const StageReport& report) {
            return Analyze(db, read, job, report, aggregate_in_db);
          }) {}

AnalysisJobs::AnalysisJobs(std::string kind, std::string first_stage, int steps,
                           int lease_seconds, Work work)
    : kind_(std::move(kind)),
      first_stage_(std::move(first_stage)),
      steps_(steps),
      lease_seconds_(lease_seconds),
      work_(std::move(work)) {}

AnalysisJobs::~AnalysisJobs() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (keeper_.joinable()) keeper_.join();
  std::list<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    threads.swap(threads_);
  }
  for (std::thread& thread : threads) {
    if (thread.joinable()) thread.join();
  }
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
  std::lock_guard lock(mutex_);
  threads_.emplace_back([this, job, source] { Run(job, source); });
  return job;
}

void AnalysisJobs::Run(AnalysisJob job, Source source) {
  const std::string& runner = pipeline::JobRunnerName();
  // Tests only: hold the job before it loads anything, so that a test can
  // stop this process while its job is surely running (docs/scale.md).
  if (const char* delay = std::getenv("VAFA_TEST_ANALYSIS_JOB_DELAY_SECONDS")) {
    std::this_thread::sleep_for(std::chrono::seconds(std::atoi(delay)));
  }
  auto db = source();
  if (!db.ok()) {
    RecordEnd(job, source, db.status());
    return;
  }
  store::ReadConnection read(replicas_.get(), **db);
  Result<int64_t> run =
      work_(**db, read.db(), job, [&](const std::string& stage, int step) {
        (void)pipeline::RecordJobStage(**db, job.id, runner, stage, step,
                                       store::NowSeconds() + lease_seconds_);
      });
  RecordEnd(job, source, run);
}

// A run that met a lost database connection (a restart, a failover) is
// released for a runner to take over and run again, not failed. The store
// may be away for a while: recording is tried again every second on a
// fresh connection until it succeeds or the registry stops, since this
// process's keeper would otherwise renew the job's lease for ever.
void AnalysisJobs::RecordEnd(const AnalysisJob& job, const Source& source,
                             const Result<int64_t>& run) {
  const std::string& runner = pipeline::JobRunnerName();
  const bool lost =
      !run.ok() && run.status().code() == StatusCode::kUnavailable;
  for (int attempt = 0;; ++attempt) {
    auto db = source();
    Status recorded = db.status();
    if (db.ok()) {
      recorded = lost ? pipeline::ReleaseJob(**db, job.id, runner)
                      : pipeline::FinishJob(**db, job.id, runner, run,
                                            store::NowSeconds());
    }
    if (recorded.ok()) {
      if (lost) {
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

void AnalysisJobs::KeeperLoop(Source source) {
  const auto period =
      std::chrono::milliseconds(std::max(200, lease_seconds_ * 1000 / 3));
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    KeepOnce(source);
    lock.lock();
    wake_.wait_for(lock, period, [this] { return stopping_; });
  }
}

// Renews this process's leases, then takes over every lapsed job.
void AnalysisJobs::KeepOnce(const Source& source) {
  auto db = source();
  if (!db.ok()) return;
  const std::string& runner = pipeline::JobRunnerName();
  const int64_t now = store::NowSeconds();
  Status renewed = pipeline::RenewJobLeases(**db, runner, now + lease_seconds_);
  if (!renewed.ok()) Log(LogLevel::kError, renewed.ToString());
  while (true) {
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
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    threads_.emplace_back([this, job, source] { Run(job, source); });
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
