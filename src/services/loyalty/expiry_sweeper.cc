#include "services/loyalty/expiry_sweeper.h"

#include <utility>

namespace vafa::services {

Result<ExpirySweep> SweepWorkspaceExpiries(store::Database& db,
                                           int64_t workspace_id,
                                           UnixSeconds now) {
  ExpirySweep sweep;
  VAFA_RETURN_IF_ERROR(store::InTransaction(db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(sweep, SweepExpiries(db, workspace_id, 0, now));
    return Status::Ok();
  }));
  return sweep;
}

Result<std::vector<WorkspaceExpiries>> SweepEveryWorkspace(store::Database& db,
                                                           UnixSeconds now) {
  VAFA_ASSIGN_OR_RETURN(std::vector<store::Workspace> workspaces,
                        store::WorkspaceRepository(db).List());
  std::vector<WorkspaceExpiries> swept;
  for (store::Workspace& workspace : workspaces) {
    auto sweep = SweepWorkspaceExpiries(db, workspace.id, now);
    if (!sweep.ok()) {
      return Status(
          sweep.status().code(),
          "workspace \"" + workspace.slug + "\": " + sweep.status().message());
    }
    swept.push_back({std::move(workspace), *sweep});
  }
  return swept;
}

ExpirySweeper::ExpirySweeper(Opener open, std::chrono::seconds period,
                             Reporter report, Clock now)
    : open_(std::move(open)),
      period_(period),
      report_(std::move(report)),
      now_(std::move(now)),
      thread_([this] { Loop(); }) {}

ExpirySweeper::~ExpirySweeper() { Stop(); }

void ExpirySweeper::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int ExpirySweeper::sweeps() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return sweeps_;
}

void ExpirySweeper::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    SweepOnce();
    lock.lock();
    ++sweeps_;
    wake_.wait_for(lock, period_, [this] { return stopping_; });
  }
}

void ExpirySweeper::SweepOnce() {
  auto db = open_();
  if (!db.ok()) {
    report_("loyalty expiry: " + db.status().message());
    return;
  }
  auto swept = SweepEveryWorkspace(**db, now_());
  if (!swept.ok()) {
    report_("loyalty expiry: " + swept.status().message());
    return;
  }
  for (const WorkspaceExpiries& one : *swept) {
    if (one.sweep.entries == 0) continue;
    report_("loyalty expiry: workspace \"" + one.workspace.slug +
            "\": " + std::to_string(one.sweep.points) + " points of " +
            std::to_string(one.sweep.customers) + " customers expired (" +
            std::to_string(one.sweep.entries) + " entries)");
  }
}

}  // namespace vafa::services
