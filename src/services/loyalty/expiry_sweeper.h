// The loyalty expiry sweep over the store's workspaces (docs/loyalty.md):
// once on demand (`vafa loyalty expire`), or at start and then daily on a
// thread of its own while `vafa serve` runs. A workspace is swept in batches
// of customers, each in a transaction of its own, so that a sign-in or an
// order waits for one batch at most, never for the whole sweep (a first
// sweep of a million customers writes about a million entries); one that
// fails leaves the batches before it recorded, and the next sweep records
// the rest.
#ifndef VAFA_SERVICES_LOYALTY_EXPIRY_SWEEPER_H_
#define VAFA_SERVICES_LOYALTY_EXPIRY_SWEEPER_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "services/loyalty/ledger.h"
#include "store/database.h"
#include "store/workspace_repository.h"

namespace vafa::services::loyalty {

struct WorkspaceExpiries {
  store::Workspace workspace;
  ExpirySweep sweep;
};

// How a sweep shares the store: customers with something due to a batch
// (one transaction), a pause after each batch, and a question asked between
// batches whether to stop (the rest then waits for the next sweep). The
// pause lets writers waiting on SQLite's lock in: its busy handler polls
// every 100 ms once it has waited a while, and is not fair to them.
struct SweepPace {
  size_t batch_customers = 1000;
  std::chrono::milliseconds pause{0};
  std::function<bool()> stop;  // none: never
};

// Records the expiries due by `now` in one workspace, batch by batch.
Result<ExpirySweep> SweepWorkspaceExpiries(store::Database& db,
                                           int64_t workspace_id,
                                           UnixSeconds now,
                                           const SweepPace& pace = {});

// The liability (ComputeLoyaltyLiability) after sweeping the workspace in
// batches: read in one transaction, it would otherwise record every
// expiry due since the last sweep in that transaction, holding the store's
// write lock for as long (a minute on a million customers never swept).
Result<LoyaltyLiability> SweptLoyaltyLiability(store::Database& db,
                                               int64_t workspace_id,
                                               UnixSeconds now);

// The same for every workspace, in the order of their ids; stops at the
// first failure, naming its workspace.
Result<std::vector<WorkspaceExpiries>> SweepEveryWorkspace(
    store::Database& db, UnixSeconds now, const SweepPace& pace = {});

// Sweeps every workspace when started and then every `period`, on its own
// thread and its own connection (made by `open` for each sweep, so a lost
// database connection is not kept). What it recorded, and any failure, goes
// to `report` as one line per workspace (nothing when nothing expired). It
// pauses 100 ms after each batch. Stop (or the destructor) wakes the thread
// and stops a sweep under way after its current batch.
class ExpirySweeper {
 public:
  using Opener = std::function<Result<std::unique_ptr<store::Database>>()>;
  using Reporter = std::function<void(const std::string&)>;
  using Clock = std::function<UnixSeconds()>;

  ExpirySweeper(Opener open, std::chrono::seconds period, Reporter report,
                Clock now = store::NowSeconds);
  ~ExpirySweeper();
  ExpirySweeper(const ExpirySweeper&) = delete;
  ExpirySweeper& operator=(const ExpirySweeper&) = delete;

  void Stop();
  // Sweeps finished so far (for tests and logs).
  int sweeps() const;

 private:
  void Loop();
  void SweepOnce();

  Opener open_;
  std::chrono::seconds period_;
  Reporter report_;
  Clock now_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int sweeps_ = 0;
  std::thread thread_;
};

}  // namespace vafa::services::loyalty

#endif  // VAFA_SERVICES_LOYALTY_EXPIRY_SWEEPER_H_
