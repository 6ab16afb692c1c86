#include "demo/demo_marketing.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/hash.h"
#include "services/marketing/campaigns.h"
#include "services/marketing/segment_rules.h"

namespace vafa::demo {

Result<int64_t> OpenDemoMarketing(store::Database& db, int64_t workspace_id,
                                  uint64_t seed, UnixSeconds end) {
  const UnixSeconds now = store::NowSeconds();
  using nlohmann::json;
  struct DemoSegment {
    const char* name;
    const char* description;
    json rules;
  };
  const DemoSegment segments[] = {
      {"Lapsed regulars",
       "Two or more orders, none in the last 60 days: win them back",
       json::parse(R"({"match": "all", "conditions": [
           {"field": "orders_count", "op": ">=", "value": 2},
           {"field": "days_since_last_order", "op": ">", "value": 60}]})")},
      {"Tehran customers", "Everyone in Tehran, for branch events",
       json::parse(R"({"match": "all", "conditions": [
           {"field": "city", "op": "in", "value": ["تهران", "Tehran"]}]})")},
      {"New this year", "Joined in the last 365 days with one order so far",
       json::parse(R"({"match": "all", "conditions": [
           {"field": "days_since_last_order", "op": "<=", "value": 365},
           {"field": "orders_count", "op": "<=", "value": 1}]})")},
  };
  int64_t first_segment = 0;
  for (const DemoSegment& segment : segments) {
    VAFA_ASSIGN_OR_RETURN(
        int64_t id, services::marketing::InsertSegment(
                        db, workspace_id, segment.name, segment.description,
                        segment.rules.dump(), now));
    if (first_segment == 0) first_segment = id;
  }
  // The win-back campaign: 75 to 45 days before the end, by SMS, a fifth
  // held out.
  const UnixSeconds starts = end - 75 * 86400, ends = end - 45 * 86400;
  VAFA_ASSIGN_OR_RETURN(
      services::marketing::SegmentRules rules,
      services::marketing::ParseSegmentRules(segments[0].rules));
  services::marketing::NewCampaign winback;
  winback.name = "Win back lapsed regulars";
  winback.goal = "winback";
  winback.channel = "sms";
  winback.segment_id = first_segment;
  winback.status = "completed";
  winback.offer = "15% off the next order";
  winback.budget_minor = 500000000;
  winback.starts_at = starts;
  winback.ends_at = ends;
  winback.attribution_days = 30;
  winback.control_percent = 20;
  winback.created_at = now;
  VAFA_ASSIGN_OR_RETURN(int64_t campaign, services::marketing::InsertCampaign(
                                              db, workspace_id, winback));
  // Members as the segment stood when the campaign started.
  VAFA_ASSIGN_OR_RETURN(services::marketing::DrawReport drawn,
                        services::marketing::DrawCampaignMembers(
                            db, workspace_id, campaign, rules, 20, starts));
  // 1,500 rial an SMS.
  VAFA_RETURN_IF_ERROR(services::marketing::SetCampaignCost(
      db, workspace_id, campaign, (drawn.members - drawn.control) * 1500));
  // Treatment members who bought in the window responded, most of them
  // with the offer's code (a conversion with its revenue).
  VAFA_ASSIGN_OR_RETURN(
      auto buyers, services::marketing::TreatmentBuyers(
                       db, workspace_id, campaign, starts, ends + 30 * 86400));
  std::vector<services::marketing::CampaignResponse> responses;
  for (const services::marketing::CampaignBuyer& buyer : buyers) {
    if (UnitInterval(Mix64(seed ^ static_cast<uint64_t>(buyer.customer_id))) >
        0.7) {
      continue;
    }
    responses.push_back({buyer.customer_id, buyer.first_order_at,
                         buyer.first_order_at, buyer.spent_minor});
  }
  VAFA_RETURN_IF_ERROR(services::marketing::RecordCampaignResponses(
      db, workspace_id, campaign, responses));
  return drawn.members;
}

}  // namespace vafa::demo
