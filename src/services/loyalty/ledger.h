// The loyalty ledger in the store (docs/loyalty.md): the programme's rules,
// posting orders (each earns once, however often it is posted), burning,
// adjusting and referral rewards, the expiry sweep, a customer's balance and
// tier, and the liability of the points outstanding. Writes run in the
// caller's transaction.
#ifndef VAFA_SERVICES_LOYALTY_LEDGER_H_
#define VAFA_SERVICES_LOYALTY_LEDGER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "services/loyalty/points.h"
#include "store/database.h"

namespace vafa::services::loyalty {

Result<LoyaltyProgram> LoadLoyaltyProgram(store::Database& db,
                                          int64_t workspace_id);
// Checks and stores the rules (they apply to orders posted from now on).
Status SaveLoyaltyProgram(store::Database& db, int64_t workspace_id,
                          const LoyaltyProgram& program);
// JSON form of the rules, as the API reads and writes them.
std::string LoyaltyProgramJson(const LoyaltyProgram& program);
Result<LoyaltyProgram> ParseLoyaltyProgram(const std::string& json);

struct PostingReport {
  int64_t orders_posted = 0;   // newly earned
  int64_t orders_skipped = 0;  // had earned already, or earned nothing
  int64_t points = 0;
};
// Posts every order of the workspace (of one customer when customer_id is
// not 0) that has not earned yet. Posting twice earns nothing more.
Result<PostingReport> PostOrders(store::Database& db, int64_t workspace_id,
                                 int64_t customer_id, const std::string& by);

// What one expiry sweep recorded.
struct ExpirySweep {
  int64_t entries = 0;    // `expire` entries written
  int64_t customers = 0;  // customers who lost points
  int64_t points = 0;     // points expired
};
// The customers with expiries due by `now`, in the order of their ids (read
// without a transaction of its own: the batched sweep of expiry_sweeper.h
// reads each batch again inside its own).
Result<std::vector<int64_t>> CustomersWithDueExpiries(store::Database& db,
                                                      int64_t workspace_id,
                                                      UnixSeconds now);
// Records the expiries due by `now` of the customers whose ids lie in
// [first, last]: what is left of each lot past its expiry time, once (a
// second sweep records nothing more). Run in batches by `vafa loyalty
// expire` and daily by `vafa serve` (expiry_sweeper.h); reads of an account
// record a customer's own, and the liability sweeps first.
Result<ExpirySweep> SweepExpiriesBetween(store::Database& db,
                                         int64_t workspace_id, int64_t first,
                                         int64_t last, UnixSeconds now);

struct LoyaltyAccount {
  int64_t balance = 0;
  std::string tier;
  int64_t rolling_spend_minor = 0;
  int64_t rolling_points = 0;       // earned in the year to now
  int64_t expiring_30_days = 0;     // points that expire in the next 30 days
  std::vector<LedgerEntry> latest;  // newest first, up to 50
};
// After the sweep.
Result<LoyaltyAccount> ReadLoyaltyAccount(store::Database& db,
                                          int64_t workspace_id,
                                          int64_t customer_id, UnixSeconds now);

// The balance and tier now without writing: the ledger's sum less the
// expiries due and not yet swept (for read-only views such as the 360).
struct LoyaltySnapshot {
  int64_t balance = 0;
  std::string tier;
  bool member = false;  // has any ledger entry
};
Result<LoyaltySnapshot> PeekLoyalty(store::Database& db, int64_t workspace_id,
                                    int64_t customer_id, UnixSeconds now);

// A burn (points > 0 spent, at most the balance), a manual adjustment
// (signed, with a reason) or a referral reward (the programme's points when
// 0). Returns the entry id. Errors name the field.
Result<int64_t> RecordLoyaltyEntry(store::Database& db, int64_t workspace_id,
                                   int64_t customer_id, const std::string& kind,
                                   int64_t points, const std::string& reason,
                                   const std::string& by, UnixSeconds now);

// Every ledger entry of the workspace, by customer then id: the history an
// analysis reads as of a past day (the tier a campaign member had at the
// draw, pipeline/campaign_history.h). Reads only; no expiry is swept.
struct CustomerLoyaltyRecords {
  int64_t customer_id = 0;
  std::vector<LedgerEntry> entries;
};
Result<std::vector<CustomerLoyaltyRecords>> ReadLoyaltyRecords(
    store::Database& db, int64_t workspace_id);

struct LoyaltyLiability {
  int64_t points = 0;       // outstanding, after the sweep
  int64_t value_minor = 0;  // points x point value
  int64_t customers = 0;    // with a positive balance
  int64_t expiring_30_days = 0;
  int64_t earned = 0, burnt = 0, expired = 0, adjusted = 0;  // all time
};
Result<LoyaltyLiability> ComputeLoyaltyLiability(store::Database& db,
                                                 int64_t workspace_id,
                                                 UnixSeconds now);

}  // namespace vafa::services::loyalty

#endif  // VAFA_SERVICES_LOYALTY_LEDGER_H_
