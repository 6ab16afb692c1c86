// Segments and campaigns in the store (docs/marketing.md): evaluating a
// segment, drawing a campaign's members once with a control group held
// out, recording responses and conversions, measuring what both groups
// bought in the campaign's window, and writing segments and campaigns
// whole. Writes run in the caller's transaction.
#ifndef VAFA_SERVICES_MARKETING_CAMPAIGNS_H_
#define VAFA_SERVICES_MARKETING_CAMPAIGNS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "services/marketing/segment_rules.h"
#include "services/marketing/uplift.h"
#include "store/database.h"

namespace vafa::services::marketing {

// What drawing, responses and the report need of a live campaign.
struct CampaignHead {
  int64_t id = 0;
  int64_t segment_id = 0;
  int control_percent = 0;
  int attribution_days = 0;
  int64_t cost_minor = 0;
  int64_t budget_minor = -1;  // -1: none set
  UnixSeconds starts_at = 0, ends_at = 0;
  bool drawn = false;
  std::string status;
};
// NotFound ("campaign 7 does not exist") when there is no live campaign.
Result<CampaignHead> LoadCampaignHead(store::Database& db, int64_t workspace_id,
                                      int64_t campaign_id);

// A campaign member as the send list shows it.
struct CampaignMember {
  int64_t customer_id = 0;
  std::string external_id;
  std::string display_name;
  std::string phone;
  std::string email;
  bool control = false;
  UnixSeconds responded_at = 0;  // 0: not yet
  UnixSeconds converted_at = 0;  // 0: not yet
};
enum class MemberGroup { kTreatment, kControl, kAll };
// Members with customer ids above `after_id`, by customer id, at most
// `limit`.
Result<std::vector<CampaignMember>> ListCampaignMembers(
    store::Database& db, int64_t workspace_id, int64_t campaign_id,
    MemberGroup group, int64_t after_id, int64_t limit);

// The rules of a live segment of the workspace (NotFound otherwise).
Result<SegmentRules> LoadSegmentRules(store::Database& db, int64_t workspace_id,
                                      int64_t segment_id);

// Live customers of the workspace the rules select.
Result<int64_t> CountSegment(store::Database& db, int64_t workspace_id,
                             const SegmentRules& rules, UnixSeconds now);
// Their ids after `after_id`, ascending, at most `limit`.
Result<std::vector<int64_t>> SegmentCustomerIds(store::Database& db,
                                                int64_t workspace_id,
                                                const SegmentRules& rules,
                                                UnixSeconds now,
                                                int64_t after_id, int limit);

// A customer is in the control group when a hash of the campaign and the
// customer falls below `control_percent` of 100: fixed for the pair, so a
// re-run draws the same groups.
bool InControlGroup(int64_t campaign_id, int64_t customer_id,
                    int control_percent);

struct DrawReport {
  int64_t members = 0;
  int64_t control = 0;
};
// Draws the campaign's members from the rules once (Conflict when drawn).
Result<DrawReport> DrawCampaignMembers(store::Database& db,
                                       int64_t workspace_id,
                                       int64_t campaign_id,
                                       const SegmentRules& rules,
                                       int control_percent, UnixSeconds now);
// Draws the campaign's members from customers chosen elsewhere (the demo's
// campaign history), with the same control rule, once.
Result<DrawReport> DrawCampaignMembersFrom(
    store::Database& db, int64_t workspace_id, int64_t campaign_id,
    const std::vector<int64_t>& ids, int control_percent, UnixSeconds now);

struct CampaignResponse {
  int64_t customer_id = 0;
  UnixSeconds responded_at = 0;  // 0: not given
  UnixSeconds converted_at = 0;  // 0: not given (a conversion responds too)
  int64_t revenue_minor = -1;    // -1: not given
};
// Records responses of treatment members (a control member or a customer
// who is not a member is Refused naming "items[i].customer_id"); a response
// recorded again keeps its first time.
Status RecordCampaignResponses(store::Database& db, int64_t workspace_id,
                               int64_t campaign_id,
                               const std::vector<CampaignResponse>& responses);

struct CampaignOutcomes {
  GroupOutcome treatment;
  GroupOutcome control;
};
// What each group did: recorded responses, and orders in [from, to).
Result<CampaignOutcomes> MeasureCampaign(store::Database& db,
                                         int64_t workspace_id,
                                         int64_t campaign_id, UnixSeconds from,
                                         UnixSeconds to);

// What the treatment members among `among` (customer ids; others are left
// out) did, as MeasureCampaign's treatment group: for the uplift over the
// members whose message was delivered (docs/marketing.md).
Result<GroupOutcome> MeasureTreatmentAmong(store::Database& db,
                                           int64_t workspace_id,
                                           int64_t campaign_id,
                                           UnixSeconds from, UnixSeconds to,
                                           const std::vector<int64_t>& among);

// The treatment members who ordered in [from, to): their first order's
// time there and what they spent, by customer id.
struct CampaignBuyer {
  int64_t customer_id = 0;
  UnixSeconds first_order_at = 0;
  int64_t spent_minor = 0;
};
Result<std::vector<CampaignBuyer>> TreatmentBuyers(store::Database& db,
                                                   int64_t workspace_id,
                                                   int64_t campaign_id,
                                                   UnixSeconds from,
                                                   UnixSeconds to);

// A segment as recorded elsewhere (another system, the demo), its rules as
// JSON text. Returns its id.
Result<int64_t> InsertSegment(store::Database& db, int64_t workspace_id,
                              const std::string& name,
                              const std::string& description,
                              const std::string& rules_json,
                              UnixSeconds created_at);

// A campaign as recorded elsewhere (another system, the demo), not drawn.
// Returns its id.
struct NewCampaign {
  std::string name;
  std::string goal;
  std::string channel;
  int64_t segment_id = 0;
  std::string status = "draft";
  std::string offer;
  int64_t budget_minor = 0;
  int64_t cost_minor = 0;
  UnixSeconds starts_at = 0, ends_at = 0;
  int attribution_days = 30;
  int control_percent = 10;
  UnixSeconds created_at = 0;
};
Result<int64_t> InsertCampaign(store::Database& db, int64_t workspace_id,
                               const NewCampaign& campaign);
Status SetCampaignCost(store::Database& db, int64_t workspace_id,
                       int64_t campaign_id, int64_t cost_minor);

}  // namespace vafa::services::marketing

#endif  // VAFA_SERVICES_MARKETING_CAMPAIGNS_H_
