#include "pipeline/campaign_history.h"

#include <soci/soci.h>

#include <algorithm>
#include <unordered_map>

#include "analytics/customer_summary.h"
#include "core/dates.h"
#include "pipeline/analysis_reports.h"
#include "pipeline/complaint_source.h"
#include "pipeline/transaction_source.h"
#include "services/loyalty/ledger.h"
#include "store/sql_values.h"

namespace vafa::pipeline {
namespace {

namespace response = analytics::response;

constexpr char kDrawnCampaigns[] =
    "SELECT id, drawn_at, starts_at, ends_at, attribution_days, channel, "
    "COALESCE(goal, ''), status FROM campaigns WHERE workspace_id = :w AND "
    "deleted_at IS NULL AND drawn_at IS NOT NULL ORDER BY id";
constexpr char kMembers[] =
    "SELECT campaign_id, customer_id, control, responded_at, converted_at "
    "FROM campaign_members WHERE workspace_id = :w ORDER BY campaign_id, "
    "customer_id";

Result<std::vector<response::DrawnCampaign>> LoadDrawnCampaigns(
    store::Database& db, int64_t workspace_id,
    const CampaignHistoryOptions& options) {
  std::vector<response::DrawnCampaign> campaigns;
  try {
    long long workspace = workspace_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kDrawnCampaigns, soci::use(workspace));
    for (const soci::row& row : rows) {
      const UnixSeconds drawn_at = store::RowInt(row, 1);
      const UnixSeconds starts_at = store::RowInt(row, 2);
      const UnixSeconds window_end =
          store::RowInt(row, 3) + store::RowInt(row, 4) * kSecondsPerDay;
      response::DrawnCampaign campaign;
      campaign.id = store::RowInt(row, 0);
      campaign.draw_day = DayOf(drawn_at);
      campaign.window_first = DayOf(starts_at);
      campaign.window_last = DayOf(window_end - 1);
      campaign.channel = store::RowText(row, 5);
      campaign.goal = store::RowText(row, 6);
      const std::string status = store::RowText(row, 7);
      campaign.learn = status != "cancelled" && window_end <= options.now &&
                       (options.goal.empty() || options.goal == campaign.goal);
      if (options.only_campaign != 0) {
        campaign.learn = campaign.id == options.only_campaign;
      }
      campaigns.push_back(std::move(campaign));
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading campaigns", error);
  }
  return campaigns;
}

Result<std::vector<response::DrawnMember>> LoadDrawnMembers(
    store::Database& db, int64_t workspace_id,
    const std::vector<response::DrawnCampaign>& campaigns,
    const LoadedLog& loaded) {
  std::unordered_map<int64_t, int32_t> campaign_index, customer_index;
  for (size_t i = 0; i < campaigns.size(); ++i) {
    campaign_index[campaigns[i].id] = static_cast<int32_t>(i);
  }
  for (size_t c = 0; c < loaded.customer_ids.size(); ++c) {
    customer_index[loaded.customer_ids[c]] = static_cast<int32_t>(c);
  }
  std::vector<response::DrawnMember> members;
  try {
    long long workspace = workspace_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kMembers, soci::use(workspace));
    for (const soci::row& row : rows) {
      const auto campaign = campaign_index.find(store::RowInt(row, 0));
      if (campaign == campaign_index.end()) continue;  // deleted or undrawn
      response::DrawnMember member;
      member.campaign = campaign->second;
      member.customer_id = store::RowInt(row, 1);
      const auto customer = customer_index.find(member.customer_id);
      if (customer != customer_index.end()) member.customer = customer->second;
      member.control = store::RowInt(row, 2) != 0;
      if (auto at = store::RowOptionalInt(row, 3)) {
        member.responded_day = DayOf(*at);
      }
      if (auto at = store::RowOptionalInt(row, 4)) {
        member.converted_day = DayOf(*at);
      }
      members.push_back(member);
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading campaign members", error);
  }
  return members;
}

// The programme's tiers and every customer's loyalty records, through the
// loyalty domain.
Result<response::LoyaltyRecords> LoadLoyaltyRecords(store::Database& db,
                                                    int64_t workspace_id) {
  response::LoyaltyRecords loyalty;
  VAFA_ASSIGN_OR_RETURN(
      services::loyalty::LoyaltyProgram program,
      services::loyalty::LoadLoyaltyProgram(db, workspace_id));
  loyalty.tier_by_points = program.tier_basis == "points";
  for (const services::loyalty::LoyaltyTier& tier : program.tiers) {
    loyalty.tier_minimum.push_back(
        loyalty.tier_by_points ? tier.min_points : tier.min_spend_minor);
  }
  VAFA_ASSIGN_OR_RETURN(
      auto records, services::loyalty::ReadLoyaltyRecords(db, workspace_id));
  for (const services::loyalty::CustomerLoyaltyRecords& mine : records) {
    response::LoyaltyRecords::Account& account =
        loyalty.accounts[mine.customer_id];
    for (const services::loyalty::LedgerEntry& entry : mine.entries) {
      const DayNumber day = DayOf(entry.at);
      account.first_day = std::min(account.first_day, day);
      if (entry.kind == "earn") account.earned.emplace_back(day, entry.points);
    }
  }
  return loyalty;
}

// Every buyer of the log as a member of a campaign drawn the day after
// `now`, the drawn campaigns as their history.
response::CampaignMemberRows ScoreNowRows(
    const LoadedLog& loaded, const analytics::churn::ComplaintLog& complaints,
    std::vector<response::DrawnCampaign> campaigns,
    std::vector<response::DrawnMember> members,
    const analytics::churn::ProbabilityAliveFunction& p_alive,
    const response::LoyaltyRecords& loyalty,
    const CampaignHistoryOptions& options) {
  response::DrawnCampaign next;
  next.draw_day = DayOf(options.now) + 1;
  next.window_first = next.window_last = next.draw_day;
  next.channel = options.now_channel;
  DayNumber latest = 0;
  for (response::DrawnCampaign& campaign : campaigns) {
    if (options.now_channel.empty() && campaign.draw_day >= latest) {
      latest = campaign.draw_day;
      next.channel = campaign.channel;
    }
    campaign.learn = false;
  }
  const auto index = static_cast<int32_t>(campaigns.size());
  campaigns.push_back(next);
  for (size_t c = 0; c < loaded.customer_ids.size(); ++c) {
    response::DrawnMember member;
    member.campaign = index;
    member.customer_id = loaded.customer_ids[c];
    member.customer = static_cast<int32_t>(c);
    members.push_back(member);
  }
  return response::BuildCampaignMemberRows(loaded.log, complaints, campaigns,
                                           members, p_alive, loyalty,
                                           options.threads);
}

}  // namespace

Result<CampaignHistory> LoadCampaignHistory(
    store::Database& db, int64_t workspace_id,
    const CampaignHistoryOptions& options) {
  CampaignHistory history;
  VAFA_ASSIGN_OR_RETURN(history.campaigns,
                        LoadDrawnCampaigns(db, workspace_id, options));
  for (const response::DrawnCampaign& campaign : history.campaigns) {
    if (campaign.learn) ++history.finished_campaigns;
  }
  VAFA_ASSIGN_OR_RETURN(LoadedLog loaded,
                        LoadTransactionsFromStore(db, workspace_id));
  VAFA_ASSIGN_OR_RETURN(analytics::churn::ComplaintLog complaints,
                        LoadComplaintsFromStore(db, workspace_id, loaded));
  VAFA_ASSIGN_OR_RETURN(
      std::vector<response::DrawnMember> members,
      LoadDrawnMembers(db, workspace_id, history.campaigns, loaded));
  VAFA_ASSIGN_OR_RETURN(response::LoyaltyRecords loyalty,
                        LoadLoyaltyRecords(db, workspace_id));
  analytics::churn::ProbabilityAliveFunction p_alive;
  if (options.lifetime) {
    const int threads = options.threads;
    p_alive =
        [threads](
            const analytics::TransactionLog& log,
            DayNumber snapshot) -> Result<analytics::churn::LifetimeScores> {
      analytics::CustomerSummary summary =
          analytics::SummarizeCustomers(log, snapshot, threads);
      VAFA_ASSIGN_OR_RETURN(ClvResult clv,
                            ScoreLifetimeValue(summary, "bg_nbd"));
      return analytics::churn::LifetimeScores{
          std::move(clv.p_alive), std::move(clv.expected_purchases)};
    };
  }
  history.rows = response::BuildCampaignMemberRows(
      loaded.log, complaints, history.campaigns, members, p_alive, loyalty,
      options.threads);
  if (options.score_now) {
    history.now = ScoreNowRows(loaded, complaints, history.campaigns, members,
                               p_alive, loyalty, options);
  }
  return history;
}

}  // namespace vafa::pipeline
