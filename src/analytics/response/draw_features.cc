#include "analytics/response/draw_features.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "analytics/rfm.h"

namespace vafa::analytics::response {
namespace {

constexpr int kFatigueDays = 90;
// The loyalty programme's tier year (services/loyalty/points.h).
constexpr int kTierYearDays = 365;

// The features every customer of the log had at one snapshot, with the
// RFM scores among those who had bought by then.
struct Snapshot {
  churn::ChurnFeatures churn;
  std::vector<uint8_t> rfm_recency, rfm_frequency, rfm_monetary;
};

Snapshot TakeSnapshot(const TransactionLog& log,
                      const churn::ComplaintLog& complaints, DayNumber day,
                      const churn::ProbabilityAliveFunction& p_alive,
                      int threads) {
  Snapshot snap;
  snap.churn = churn::BuildChurnFeatures(
      log, complaints, day, churn::kDefaultChurnWindowDays, p_alive, threads);
  const int32_t customers = snap.churn.customers;
  std::vector<int64_t> recency(customers), orders(customers),
      revenue(customers);
  for (int32_t c = 0; c < customers; ++c) {
    if (snap.churn.bought[c] == 0) continue;
    // A recent buyer ranks high (rfm.h).
    recency[c] = -static_cast<int64_t>(snap.churn.at(c, churn::kRecencyDays));
    orders[c] = static_cast<int64_t>(snap.churn.at(c, churn::kOrders));
    revenue[c] = static_cast<int64_t>(snap.churn.at(c, churn::kRevenue));
  }
  snap.rfm_recency = QuintileScores(recency, snap.churn.bought);
  snap.rfm_frequency = QuintileScores(orders, snap.churn.bought);
  snap.rfm_monetary = QuintileScores(revenue, snap.churn.bought);
  return snap;
}

// What a customer's earlier memberships say at a draw day.
struct History {
  int past_responses = 0, past_messages = 0, recent_messages = 0;
};

// `theirs`: the member indices of one customer.
History HistoryBefore(const std::vector<DrawnCampaign>& campaigns,
                      const std::vector<DrawnMember>& members,
                      const std::vector<int64_t>& theirs, DayNumber draw_day) {
  History history;
  for (int64_t other : theirs) {
    const DrawnMember& m = members[other];
    const DayNumber drawn = campaigns[m.campaign].draw_day;
    if (drawn >= draw_day || m.control) continue;
    ++history.past_messages;
    if (drawn >= draw_day - kFatigueDays) ++history.recent_messages;
    if (m.responded_day < draw_day) ++history.past_responses;
  }
  return history;
}

// Orders of log customer `c` on days in [first, last]: any, and net spend.
void WindowOutcome(const TransactionLog& log, int32_t c, DayNumber first,
                   DayNumber last, uint8_t* bought, int64_t* revenue) {
  *bought = 0;
  *revenue = 0;
  if (c < 0) return;
  for (int64_t o = log.customer_begin[c]; o < log.customer_begin[c + 1]; ++o) {
    if (log.day[o] < first || log.day[o] > last) continue;
    *revenue += log.amount[o];
    if (log.amount[o] > 0) *bought = 1;
  }
}

float Score(uint8_t score) {
  return score == 0 ? NAN : static_cast<float>(score);
}

}  // namespace

float LoyaltyTierAt(const TransactionLog& log, const LoyaltyRecords& loyalty,
                    int64_t customer_id, int32_t customer, DayNumber day) {
  if (loyalty.tier_minimum.empty()) return NAN;
  const auto account = loyalty.accounts.find(customer_id);
  if (account == loyalty.accounts.end() || account->second.first_day > day) {
    return NAN;
  }
  const DayNumber first = day - kTierYearDays + 1;
  int64_t basis = 0;
  if (loyalty.tier_by_points) {
    for (const auto& [earned_day, points] : account->second.earned) {
      if (earned_day >= first && earned_day <= day) basis += points;
    }
  } else if (customer >= 0) {
    for (int64_t o = log.customer_begin[customer];
         o < log.customer_begin[customer + 1]; ++o) {
      if (log.day[o] >= first && log.day[o] <= day) basis += log.amount[o];
    }
  }
  int tier = 0;
  for (size_t t = 0; t < loyalty.tier_minimum.size(); ++t) {
    if (basis >= loyalty.tier_minimum[t]) tier = static_cast<int>(t);
  }
  return static_cast<float>(tier);
}

CampaignMemberRows BuildCampaignMemberRows(
    const TransactionLog& log, const churn::ComplaintLog& complaints,
    const std::vector<DrawnCampaign>& campaigns,
    const std::vector<DrawnMember>& members,
    const churn::ProbabilityAliveFunction& p_alive,
    const LoyaltyRecords& loyalty, int threads) {
  CampaignMemberRows out;
  // Each customer's memberships, for the history features.
  std::map<int64_t, std::vector<int64_t>> by_customer;
  for (size_t i = 0; i < members.size(); ++i) {
    by_customer[members[i].customer_id].push_back(static_cast<int64_t>(i));
    if (campaigns[members[i].campaign].learn) ++out.rows;
  }
  out.x.assign(static_cast<size_t>(out.rows) * out.cols, NAN);
  std::map<DayNumber, Snapshot> snapshots;
  for (const DrawnCampaign& campaign : campaigns) {
    if (!campaign.learn) continue;
    const DayNumber day = campaign.draw_day - 1;
    if (!snapshots.contains(day)) {
      snapshots.emplace(day,
                        TakeSnapshot(log, complaints, day, p_alive, threads));
    }
  }
  int64_t i = 0;
  for (const DrawnMember& m : members) {
    const DrawnCampaign& campaign = campaigns[m.campaign];
    if (!campaign.learn) continue;
    const Snapshot& snap = snapshots.at(campaign.draw_day - 1);
    float* row = &out.x[static_cast<size_t>(i) * out.cols];
    const int32_t c = m.customer;
    if (c >= 0 && snap.churn.bought[c] != 0) {
      auto feature = [&](int f) { return snap.churn.at(c, f); };
      row[0] = feature(churn::kRecencyDays);
      row[1] = feature(churn::kOrdersRecent) + feature(churn::kOrdersBefore);
      row[2] = feature(churn::kMeanOrderValue);
      row[3] = feature(churn::kTenureDays);
      row[8] = feature(churn::kOverdueRatio);
      row[9] = Score(snap.rfm_recency[c]);
      row[10] = Score(snap.rfm_frequency[c]);
      row[11] = Score(snap.rfm_monetary[c]);
      row[12] = feature(churn::kOrders);
      row[13] = feature(churn::kRevenue);
      row[16] = feature(churn::kProbabilityAlive);
      row[17] = feature(churn::kExpectedPurchases);
    } else {
      row[1] = 0;
      row[12] = 0;
      row[13] = 0;
    }
    const bool have_complaints = c >= 0 && !complaints.empty();
    row[6] =
        have_complaints ? snap.churn.at(c, churn::kUnresolvedComplaints) : 0.0f;
    row[14] = have_complaints ? snap.churn.at(c, churn::kComplaints) : 0.0f;
    const History history = HistoryBefore(
        campaigns, members, by_customer[m.customer_id], campaign.draw_day);
    row[4] = static_cast<float>(history.past_responses);
    row[5] = static_cast<float>(history.recent_messages);
    row[15] = static_cast<float>(history.past_messages);
    row[7] = campaign.channel == "sms" ? 1.0f : 0.0f;
    row[18] =
        LoyaltyTierAt(log, loyalty, m.customer_id, c, campaign.draw_day - 1);

    out.campaign.push_back(m.campaign);
    out.customer_id.push_back(m.customer_id);
    out.treated.push_back(m.control ? 0 : 1);
    out.responded.push_back(!m.control && m.responded_day != churn::kNever);
    out.converted.push_back(!m.control && m.converted_day != churn::kNever);
    uint8_t bought = 0;
    int64_t revenue = 0;
    WindowOutcome(log, c, campaign.window_first, campaign.window_last, &bought,
                  &revenue);
    out.bought.push_back(bought);
    out.revenue.push_back(revenue);
    ++i;
  }
  return out;
}

}  // namespace vafa::analytics::response
