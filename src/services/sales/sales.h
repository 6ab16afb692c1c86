// Sales in the store (docs/sales.md): the workspace's pipelines, the moves
// of its deals, the facts the forecast and the conversion read, targets per
// month, converting a lead, and writing deals and leads whole. Writes run in
// the caller's transaction.
#ifndef VAFA_SERVICES_SALES_SALES_H_
#define VAFA_SERVICES_SALES_SALES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "services/sales/forecast.h"
#include "services/sales/pipeline.h"
#include "store/database.h"

namespace vafa::services::sales {

// The workspace's pipelines; the default "sales" one when it has set none.
Result<std::vector<Pipeline>> LoadPipelines(store::Database& db,
                                            int64_t workspace_id);
// NotFound naming the key.
Result<Pipeline> LoadPipeline(store::Database& db, int64_t workspace_id,
                              const std::string& key);
// Checks and stores a pipeline, replacing its stages. A stage that live
// deals stand at cannot be dropped (Refused naming "stages").
Status SavePipeline(store::Database& db, int64_t workspace_id,
                    const Pipeline& pipeline);

// A deal entered `to` (from "" when it opened).
Status RecordDealMove(store::Database& db, int64_t workspace_id,
                      int64_t deal_id, const std::string& from,
                      const std::string& to, int64_t user_id, UnixSeconds at);
// The stage the deal last entered ("" before its first move).
Result<std::string> LastDealStage(store::Database& db, int64_t workspace_id,
                                  int64_t deal_id);
struct DealMove {
  std::string from;  // "" for the move that opened the deal
  std::string to;
  int64_t user_id = 0;  // 0: nobody (an import or the system)
  UnixSeconds at = 0;
};
// The stages the deal entered, oldest first.
Result<std::vector<DealMove>> ListDealMoves(store::Database& db,
                                            int64_t workspace_id,
                                            int64_t deal_id);
// The deal's customer: nullopt when the deal does not exist, 0 when it has
// no customer.
Result<std::optional<int64_t>> DealCustomer(store::Database& db,
                                            int64_t workspace_id,
                                            int64_t deal_id);

// Whose deals: everyone's, one user's or one team's.
struct DealFilter {
  std::string pipeline = "sales";
  int64_t owner_user_id = 0;  // 0: any
  std::string team;           // "": any
  // The key of a target for this filter: "all", "user:3", "team:north".
  std::string TargetOwner() const;
};
Result<std::vector<DealFacts>> LoadDealFacts(store::Database& db,
                                             int64_t workspace_id,
                                             const DealFilter& filter);
Result<std::vector<DealPath>> LoadDealPaths(store::Database& db,
                                            int64_t workspace_id,
                                            const DealFilter& filter);

struct SalesTarget {
  std::string period;  // "2026-11" or "1405-09"
  std::string owner;   // "all", "user:3", "team:north"
  int64_t amount_minor = 0;
};
Result<std::vector<SalesTarget>> ListSalesTargets(store::Database& db,
                                                  int64_t workspace_id,
                                                  SalesCalendar calendar);
// Sets each target (an amount of 0 removes it). Errors name
// "targets[i].field".
Status SaveSalesTargets(store::Database& db, int64_t workspace_id,
                        SalesCalendar calendar,
                        const std::vector<SalesTarget>& targets);

// Makes a lead a customer (a new one, or `customer_id` when not 0) with an
// open deal at the pipeline's first open stage. A lead converts once.
struct LeadConversion {
  int64_t customer_id = 0;
  int64_t deal_id = 0;
  bool customer_created = false;
};
struct ConvertOptions {
  int64_t customer_id = 0;
  std::string pipeline = "sales";
  std::string deal_title;             // "" : the lead's company or name
  int64_t value_minor = -1;           // -1: the lead's estimate (or 0)
  UnixSeconds expected_close_at = 0;  // 0: 30 days on
};
Result<LeadConversion> ConvertLead(store::Database& db, int64_t workspace_id,
                                   int64_t lead_id,
                                   const ConvertOptions& options,
                                   int64_t user_id, UnixSeconds now);

// Writes a deal whole, in the state given (its moves are recorded apart,
// with RecordDealMove); `team`, `lead_id` and `owner_user_id` may be empty
// or 0 for none. Returns its id.
Result<int64_t> InsertDeal(store::Database& db, int64_t workspace_id,
                           int64_t customer_id, const std::string& external_id,
                           const std::string& title,
                           const std::string& pipeline, const DealState& state,
                           int64_t value_minor, const std::string& team,
                           int64_t lead_id, int64_t owner_user_id,
                           UnixSeconds expected_close_at,
                           UnixSeconds created_at);

// A lead as recorded elsewhere (another system, the demo).
struct NewLead {
  std::string external_id;
  std::string name;
  std::string company;  // "": none
  std::string phone;
  std::string source;
  std::string status = "new";
  std::string disqualify_reason;  // "": none
  int64_t estimated_value_minor = 0;
  std::string team;
  UnixSeconds created_at = 0;
};
Status InsertLead(store::Database& db, int64_t workspace_id,
                  const NewLead& lead);

}  // namespace vafa::services::sales

#endif  // VAFA_SERVICES_SALES_SALES_H_
