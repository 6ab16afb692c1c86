// Expected against actual (docs/analytics.md, "Expected against actual"):
// when a campaign is drawn or started with response models trained, what
// its treated members were expected to bring is kept (the latest response
// run's estimate, analytics/response/audience_estimate.h, with the run and
// models it came from), and once the campaign's window (starts_at to
// ends_at plus its attribution days) has closed it is set beside what the
// campaign measured (services/marketing/uplift.h): responders as recorded,
// incremental buyers as the uplift and its interval times the treated
// members, incremental revenue with its interval; each says whether the
// actual lies inside the expected interval.
//
// Also the scores the audiences and the expectations read: every live
// customer's response_probability and predicted_uplift, and the chosen
// uplift model's holdout deciles from a run's summary.
#ifndef VAFA_PIPELINE_CAMPAIGN_EXPECTATION_H_
#define VAFA_PIPELINE_CAMPAIGN_EXPECTATION_H_

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "analytics/response/audience_estimate.h"
#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::pipeline {

// Every live customer with both scores of the latest response run.
Result<analytics::response::ScoredCustomers> LoadResponseScores(
    store::Database& db, int64_t workspace_id);

// The chosen uplift model's holdout deciles in a response run's summary
// (pipeline/response_training.h).
std::array<analytics::response::HoldoutUpliftDecile, 10> ChosenUpliftDeciles(
    const nlohmann::json& summary);

struct CampaignExpectation {
  int64_t campaign_id = 0;
  int64_t run_id = 0;
  std::string response_learner, uplift_method, uplift_learner;
  int64_t treatment_members = 0, scored_members = 0;
  analytics::response::Expectation responders, incremental_buyers;
  // Minor units, rounded; nullopt when the run knew no spend per buyer.
  std::optional<analytics::response::Expectation> incremental_revenue;
  UnixSeconds recorded_at = 0;
};

// Computes and keeps the expectation of the drawn campaign's treated
// members from the latest response run, once: a campaign that has one
// keeps it, and it is returned. nullopt, storing nothing, when the
// workspace has no response run or the campaign no treated member. Runs in
// the caller's transaction.
Result<std::optional<CampaignExpectation>> RecordCampaignExpectation(
    store::Database& db, int64_t workspace_id, int64_t campaign_id,
    UnixSeconds now);

Result<std::optional<CampaignExpectation>> ReadCampaignExpectation(
    store::Database& db, int64_t workspace_id, int64_t campaign_id);

// A measured figure; nullopt parts where the campaign cannot measure it (no
// control group) or an interval where it has none (recorded responses are
// counted, not estimated).
struct MeasuredFigure {
  std::optional<double> value, low, high;
  std::optional<bool> inside;  // the value within the expected interval
};

struct ExpectedAgainstActual {
  std::optional<CampaignExpectation> expectation;
  UnixSeconds window_closes_at = 0;
  bool over = false;  // the window has closed: `actual` is measured
  bool has_control = false;
  MeasuredFigure responders, incremental_buyers, incremental_revenue;
};

// NotFound for a campaign that does not exist (or was deleted).
Result<ExpectedAgainstActual> CompareCampaignExpectation(store::Database& db,
                                                         int64_t workspace_id,
                                                         int64_t campaign_id,
                                                         UnixSeconds now);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_CAMPAIGN_EXPECTATION_H_
