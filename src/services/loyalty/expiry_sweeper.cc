#include "services/loyalty/expiry_sweeper.h"

#include <algorithm>
#include <optional>
#include <thread>
#include <utility>

#include "core/money.h"

namespace vafa::services::loyalty {

Result<ExpirySweep> SweepWorkspaceExpiries(store::Database& db,
                                           int64_t workspace_id,
                                           UnixSeconds now,
                                           const SweepPace& pace) {
  VAFA_ASSIGN_OR_RETURN(std::vector<int64_t> due,
                        CustomersWithDueExpiries(db, workspace_id, now));
  const size_t batch = std::max<size_t>(pace.batch_customers, 1);
  ExpirySweep sweep;
  for (size_t begin = 0; begin < due.size(); begin += batch) {
    if (pace.stop && pace.stop()) break;
    const size_t end = std::min(begin + batch, due.size());
    ExpirySweep part;
    VAFA_RETURN_IF_ERROR(store::InTransaction(db, [&]() -> Status {
      VAFA_ASSIGN_OR_RETURN(
          part, SweepExpiriesBetween(db, workspace_id, due[begin], due[end - 1],
                                     now));
      return Status::Ok();
    }));
    sweep.entries += part.entries;
    sweep.customers += part.customers;
    const std::optional<int64_t> points = CheckedAdd(sweep.points, part.points);
    if (!points) {
      return Status::Refused("points",
                             AmountOverflowMessage("the points expired"));
    }
    sweep.points = *points;
    if (pace.pause.count() > 0 && end < due.size()) {
      std::this_thread::sleep_for(pace.pause);
    }
  }
  return sweep;
}

Result<LoyaltyLiability> SweptLoyaltyLiability(store::Database& db,
                                               int64_t workspace_id,
                                               UnixSeconds now) {
  VAFA_RETURN_IF_ERROR(SweepWorkspaceExpiries(db, workspace_id, now).status());
  LoyaltyLiability liability;
  VAFA_RETURN_IF_ERROR(store::InTransaction(db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(liability,
                          ComputeLoyaltyLiability(db, workspace_id, now));
    return Status::Ok();
  }));
  return liability;
}

Result<std::vector<WorkspaceExpiries>> SweepEveryWorkspace(
    store::Database& db, UnixSeconds now, const SweepPace& pace) {
  VAFA_ASSIGN_OR_RETURN(std::vector<store::Workspace> workspaces,
                        store::WorkspaceRepository(db).List());
  std::vector<WorkspaceExpiries> swept;
  for (store::Workspace& workspace : workspaces) {
    if (pace.stop && pace.stop()) break;
    auto sweep = SweepWorkspaceExpiries(db, workspace.id, now, pace);
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
  const SweepPace pace{.batch_customers = 1000,
                       .pause = std::chrono::milliseconds(100),
                       .stop = [this] {
                         std::lock_guard<std::mutex> lock(mutex_);
                         return stopping_;
                       }};
  auto swept = SweepEveryWorkspace(**db, now_(), pace);
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

}  // namespace vafa::services::loyalty
