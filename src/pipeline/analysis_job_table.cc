#include "pipeline/analysis_job_table.h"

#include <soci/soci.h>
#include <unistd.h>

#include <array>
#include <random>

#include "store/sql_values.h"

namespace vafa::pipeline {
namespace {

constexpr char kJobColumns[] =
    "SELECT id, workspace_id, kind, status, model, stage, step, steps, "
    "requested_by, started_at, finished_at, run_id, error, runner, "
    "lease_until, attempts, refused FROM analysis_jobs ";
constexpr char kInsertJob[] =
    "INSERT INTO analysis_jobs (workspace_id, kind, status, model, stage, "
    "step, steps, requested_by, started_at, runner, lease_until, attempts) "
    "VALUES (:w, :k, 'running', :m, :s, :p, :n, :r, :a, :u, :l, 1)";
constexpr char kRecordStage[] =
    "UPDATE analysis_jobs SET stage = :s, step = :p, lease_until = :l WHERE "
    "id = :i AND runner = :r AND status = 'running'";
constexpr char kRenewLeases[] =
    "UPDATE analysis_jobs SET lease_until = :l WHERE runner = :r AND status "
    "= 'running'";
constexpr char kFinish[] =
    "UPDATE analysis_jobs SET status = :s, finished_at = :f, run_id = :d, "
    "error = :e, refused = :u WHERE id = :i AND runner = :r AND status = "
    "'running'";
constexpr char kRelease[] =
    "UPDATE analysis_jobs SET runner = '', lease_until = 0 WHERE id = :i AND "
    "runner = :r AND status = 'running'";
constexpr char kNextLapsed[] =
    "SELECT id, attempts FROM analysis_jobs WHERE status = 'running' AND "
    "lease_until < :n AND runner <> :r AND kind = :k ORDER BY id LIMIT 1";
constexpr char kTakeOver[] =
    "UPDATE analysis_jobs SET runner = :r, lease_until = :l, attempts = "
    "attempts + 1, stage = :s, step = 1 WHERE id = :i AND status = "
    "'running' AND lease_until < :n";
constexpr char kGiveUp[] =
    "UPDATE analysis_jobs SET status = 'failed', finished_at = :f, error = "
    ":e WHERE id = :i AND status = 'running' AND lease_until < :n";

AnalysisJob JobOf(const soci::row& row) {
  AnalysisJob job;
  job.id = store::RowInt(row, 0);
  job.workspace_id = store::RowInt(row, 1);
  job.kind = store::RowText(row, 2);
  job.status = store::RowText(row, 3);
  job.model = store::RowText(row, 4);
  job.stage = store::RowText(row, 5);
  job.step = static_cast<int>(store::RowInt(row, 6));
  job.steps = static_cast<int>(store::RowInt(row, 7));
  job.requested_by = store::RowText(row, 8);
  job.started_at = store::RowInt(row, 9);
  job.finished_at = store::RowOptionalInt(row, 10).value_or(0);
  job.run_id = store::RowOptionalInt(row, 11).value_or(0);
  job.error = store::RowText(row, 12);
  job.runner = store::RowText(row, 13);
  job.lease_until = store::RowInt(row, 14);
  job.attempts = static_cast<int>(store::RowInt(row, 15));
  job.refused = store::RowText(row, 16);
  return job;
}

// The first job `sql` (kJobColumns + a condition) selects with `params`.
template <typename... Params>
Result<std::optional<AnalysisJob>> ReadOne(store::Database& db,
                                           const std::string& sql,
                                           Params... params) {
  try {
    soci::rowset<soci::row> rows =
        ((db.sql().prepare << sql), ..., soci::use(params));
    for (const soci::row& row : rows) return std::optional(JobOf(row));
  } catch (const std::exception& error) {
    return store::DatabaseError("reading analysis jobs", error);
  }
  return std::optional<AnalysisJob>();
}

// Names the running job by what it does: one job of any kind runs per
// workspace, since each takes the machine's cores for its time.
Status ConflictWith(const AnalysisJob& running) {
  const std::string job = "(job " + std::to_string(running.id) + ")";
  if (running.kind == kResponseJobKind) {
    return Status(
        StatusCode::kConflict,
        "the response models of this workspace are being trained " + job);
  }
  return Status(StatusCode::kConflict,
                "an analysis of this workspace is running " + job);
}

}  // namespace

const std::string& JobRunnerName() {
  // Never destroyed, as a second guard: serve joins its job threads before
  // it returns (api/analysis_jobs.h); before it did, a job thread still
  // running during exit read this name after the static destructors had
  // freed it (found by ASan).
  static const std::string& name = *new std::string([] {
    std::array<char, 256> host{};
    if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
    std::random_device random;
    std::string tag;
    for (int i = 0; i < 8; ++i) tag += "0123456789abcdef"[random() & 15];
    return std::string(host.data()) + ":" + std::to_string(getpid()) + ":" +
           tag;
  }());
  return name;
}

Result<AnalysisJob> InsertRunningJob(store::Database& db, AnalysisJob job,
                                     const std::string& runner, int64_t now,
                                     int lease_seconds) {
  job.status = "running";
  job.started_at = now;
  job.runner = runner;
  job.lease_until = now + lease_seconds;
  job.attempts = 1;
  std::optional<AnalysisJob> running;
  Status written = store::InTransaction(db, [&]() -> Status {
    store::TakeWriteLock(db);
    VAFA_ASSIGN_OR_RETURN(running, ReadRunningJob(db, job.workspace_id));
    if (running) return Status::Ok();
    long long w = job.workspace_id, step = job.step, steps = job.steps,
              at = now, until = job.lease_until, id = 0;
    db.sql() << kInsertJob, soci::use(w), soci::use(job.kind),
        soci::use(job.model), soci::use(job.stage), soci::use(step),
        soci::use(steps), soci::use(job.requested_by), soci::use(at),
        soci::use(job.runner), soci::use(until);
    db.sql() << (db.backend() == store::Backend::kPostgres
                     ? "SELECT lastval()"
                     : "SELECT last_insert_rowid()"),
        soci::into(id);
    job.id = id;
    return Status::Ok();
  });
  if (!written.ok()) {
    // Two processes inserting at once: the unique index refuses one.
    auto now_running = ReadRunningJob(db, job.workspace_id);
    if (now_running.ok() && *now_running) return ConflictWith(**now_running);
    return written.WithPlace("starting an analysis job");
  }
  if (running) return ConflictWith(*running);
  return job;
}

Status RecordJobStage(store::Database& db, int64_t id,
                      const std::string& runner, const std::string& stage,
                      int step, int64_t lease_until) {
  long long i = id, p = step, l = lease_until;
  try {
    db.sql() << kRecordStage, soci::use(stage), soci::use(p), soci::use(l),
        soci::use(i), soci::use(runner);
  } catch (const std::exception& error) {
    return store::DatabaseError("recording analysis job " + std::to_string(id),
                                error);
  }
  return Status::Ok();
}

Status RenewJobLeases(store::Database& db, const std::string& runner,
                      int64_t lease_until) {
  long long l = lease_until;
  try {
    db.sql() << kRenewLeases, soci::use(l), soci::use(runner);
  } catch (const std::exception& error) {
    return store::DatabaseError("renewing analysis job leases", error);
  }
  return Status::Ok();
}

Status FinishJob(store::Database& db, int64_t id, const std::string& runner,
                 const Result<int64_t>& run, int64_t now) {
  const std::string status = run.ok() ? "completed" : "failed";
  store::NullableInt run_id(run.ok() ? std::optional<int64_t>(*run)
                                     : std::nullopt);
  store::NullableText error(run.ok() ? std::string() : run.status().message());
  // A refusal for thin data keeps the figure that is short (the field the
  // refusal names) for the UI to translate.
  const bool refusal =
      !run.ok() && run.status().code() == StatusCode::kFailedPrecondition;
  store::NullableText refused(refusal ? run.status().field() : std::string());
  long long f = now, i = id;
  try {
    db.sql() << kFinish, soci::use(status), soci::use(f), run_id.use(),
        error.use(), refused.use(), soci::use(i), soci::use(runner);
  } catch (const std::exception& failure) {
    return store::DatabaseError(
        "recording the end of analysis job " + std::to_string(id), failure);
  }
  return Status::Ok();
}

Status ReleaseJob(store::Database& db, int64_t id, const std::string& runner) {
  long long i = id;
  try {
    db.sql() << kRelease, soci::use(i), soci::use(runner);
  } catch (const std::exception& error) {
    return store::DatabaseError("releasing job " + std::to_string(id), error);
  }
  return Status::Ok();
}

Result<std::optional<AnalysisJob>> TakeOverLapsedJob(
    store::Database& db, const std::string& runner, const std::string& stage,
    int64_t now, int lease_seconds, const std::string& kind) {
  // Each pass takes one job or gives one up; a few passes end the loop
  // whatever other processes do meanwhile.
  for (int pass = 0; pass < 8; ++pass) {
    long long n = now, id = 0;
    int attempts = 0;
    soci::indicator found = soci::i_null;
    try {
      db.sql() << kNextLapsed, soci::use(n), soci::use(runner), soci::use(kind),
          soci::into(id, found), soci::into(attempts);
      if (!db.sql().got_data() || found != soci::i_ok)
        return std::optional<AnalysisJob>();
      long long l = now + lease_seconds, f = now;
      if (attempts >= kMaxJobAttempts) {
        const std::string why = "the job was interrupted " +
                                std::to_string(attempts) +
                                " times (its server stopped); start it again";
        db.sql() << kGiveUp, soci::use(f), soci::use(why), soci::use(id),
            soci::use(n);
        continue;
      }
      soci::statement take =
          (db.sql().prepare << kTakeOver, soci::use(runner), soci::use(l),
           soci::use(stage), soci::use(id), soci::use(n));
      take.execute(true);
      if (take.get_affected_rows() == 0) continue;  // another took it
    } catch (const std::exception& error) {
      return store::DatabaseError("taking over an analysis job", error);
    }
    return ReadOne(db, std::string(kJobColumns) + "WHERE id = :i",
                   static_cast<long long>(id));
  }
  return std::optional<AnalysisJob>();
}

Result<std::optional<AnalysisJob>> ReadJob(store::Database& db,
                                           int64_t workspace_id, int64_t id,
                                           const std::string& kind) {
  return ReadOne(db,
                 std::string(kJobColumns) +
                     "WHERE id = :i AND workspace_id = :w AND kind = :k",
                 static_cast<long long>(id),
                 static_cast<long long>(workspace_id), kind);
}

Result<std::optional<AnalysisJob>> ReadRunningJob(store::Database& db,
                                                  int64_t workspace_id) {
  return ReadOne(db,
                 std::string(kJobColumns) +
                     "WHERE workspace_id = :w AND status = 'running'",
                 static_cast<long long>(workspace_id));
}

Result<std::optional<AnalysisJob>> ReadRunningJobOfKind(
    store::Database& db, int64_t workspace_id, const std::string& kind) {
  return ReadOne(db,
                 std::string(kJobColumns) +
                     "WHERE workspace_id = :w AND status = 'running' AND "
                     "kind = :k",
                 static_cast<long long>(workspace_id), kind);
}

}  // namespace vafa::pipeline
