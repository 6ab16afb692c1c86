#include "api/analysis_jobs.h"

#include <chrono>
#include <cstdlib>

#include "api/server_log.h"

namespace vafa::api {
namespace {

const std::string kFirstStage =
    pipeline::AnalysisStageName(pipeline::AnalysisStage::kLoading);

}  // namespace

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
                                        pipeline::LogAnalysisOptions options) {
  VAFA_ASSIGN_OR_RETURN(store::Database * db, source());
  AnalysisJob job;
  job.workspace_id = workspace_id;
  job.model = options.model;
  job.stage = kFirstStage;
  job.requested_by = std::move(requested_by);
  VAFA_ASSIGN_OR_RETURN(job, pipeline::InsertRunningJob(
                                 *db, std::move(job), pipeline::JobRunnerName(),
                                 store::NowSeconds(), lease_seconds_));
  Keep(source);
  std::lock_guard lock(mutex_);
  threads_.emplace_back(
      [this, job, source, options] { Run(job, source, options); });
  return job;
}

void AnalysisJobs::Run(AnalysisJob job, Source source,
                       pipeline::LogAnalysisOptions options) {
  const std::string& runner = pipeline::JobRunnerName();
  // Tests only: hold the job before it loads anything, so that a test can
  // stop this process while its job is surely running (docs/scale.md).
  if (const char* delay = std::getenv("VAFA_TEST_ANALYSIS_JOB_DELAY_SECONDS")) {
    std::this_thread::sleep_for(std::chrono::seconds(std::atoi(delay)));
  }
  auto db = source();
  if (!db.ok()) return;  // the lease lapses and another process runs it
  options.model = job.model;
  store::ReadConnection orders(replicas_.get(), **db);
  Result<int64_t> run = pipeline::AnalyzeWorkspace(
      **db, job.workspace_id, options,
      [&](pipeline::AnalysisStage stage) {
        (void)pipeline::RecordJobStage(
            **db, job.id, runner, pipeline::AnalysisStageName(stage),
            static_cast<int>(stage) + 1, store::NowSeconds() + lease_seconds_);
      },
      &orders.db());
  Status finished =
      pipeline::FinishJob(**db, job.id, runner, run, store::NowSeconds());
  if (!finished.ok()) Log(LogLevel::kError, finished.ToString());
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
    auto taken = pipeline::TakeOverLapsedJob(**db, runner, kFirstStage, now,
                                             lease_seconds_);
    if (!taken.ok()) {
      Log(LogLevel::kError, taken.status().ToString());
      return;
    }
    if (!*taken) return;
    const AnalysisJob& job = **taken;
    Log(LogLevel::kWarning, "taking over analysis job " +
                                std::to_string(job.id) + " of workspace " +
                                std::to_string(job.workspace_id) +
                                " (its server stopped renewing it); attempt " +
                                std::to_string(job.attempts));
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    threads_.emplace_back([this, job, source] {
      Run(job, source, pipeline::LogAnalysisOptions{});
    });
  }
}

Result<std::optional<AnalysisJob>> AnalysisJobs::Get(store::Database& db,
                                                     int64_t workspace_id,
                                                     int64_t id) const {
  return pipeline::ReadJob(db, workspace_id, id);
}

Result<std::optional<AnalysisJob>> AnalysisJobs::Running(
    store::Database& db, int64_t workspace_id) const {
  return pipeline::ReadRunningJob(db, workspace_id);
}

}  // namespace vafa::api
