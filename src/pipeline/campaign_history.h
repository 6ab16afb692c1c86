// A workspace's campaign history as rows to learn from: the members of its
// finished campaigns with their features as of each draw and the outcomes
// after it (analytics/response/draw_features.h), read from the store.
//
// A campaign is finished when it was drawn, is neither deleted nor
// cancelled, and its outcome window (starts_at to ends_at plus its
// attribution days) closed by `now`. Members of every drawn campaign count
// in the history of later draws (past responses, fatigue) whatever their
// type. Rows of other workspaces are never read.
#ifndef VAFA_PIPELINE_CAMPAIGN_HISTORY_H_
#define VAFA_PIPELINE_CAMPAIGN_HISTORY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/response/draw_features.h"
#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::pipeline {

struct CampaignHistoryOptions {
  UnixSeconds now = 0;
  std::string goal;      // "": every campaign type
  bool lifetime = true;  // P(alive) features (a BG/NBD fit per draw day)
  int threads = 0;
  // Also every buyer's features as of `now` (through the day of `now`), as
  // a draw on the next day would see them, for `now_channel` ("": the
  // channel of the latest drawn campaign).
  bool score_now = false;
  // Not 0: rows of this campaign only (finished or not; the demo plants its
  // history one campaign at a time).
  int64_t only_campaign = 0;
  std::string now_channel;
};

struct CampaignHistory {
  std::vector<analytics::response::DrawnCampaign> campaigns;
  analytics::response::CampaignMemberRows rows;
  int64_t finished_campaigns = 0;               // of the type asked for
  analytics::response::CampaignMemberRows now;  // with score_now
};

Result<CampaignHistory> LoadCampaignHistory(
    store::Database& db, int64_t workspace_id,
    const CampaignHistoryOptions& options);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_CAMPAIGN_HISTORY_H_
