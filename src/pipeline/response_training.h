// `vafa response train` and its API job: the response and uplift models
// learned from a workspace's finished campaigns (campaign_history.h,
// analytics/response/campaign_training.h), judged on held-out campaigns or
// members, and stored: an analysis run of kind "response" whose summary is
// the evaluation (response_training_json below), and two scores of every
// customer who has bought, as a campaign drawn tomorrow would see them:
//   response_probability: P(respond | sent); label predicted_responder for
//     the top kAudienceShare of customers by it;
//   predicted_uplift: P(buy | sent) - P(buy | held out); label persuadable
//     for the top kAudienceShare by it when positive, do_not_disturb when
//     negative.
//   uplift_drivers: label the features that move the customer's predicted
//     uplift most in its sign's direction (audience_drivers.h), value the
//     strongest one's contribution to the log-odds.
// The summary also keeps each audience's drivers (audience_drivers.h).
// Scores and the run are written in one transaction; a refusal (too few
// campaigns, responders or buyers) writes nothing.
#ifndef VAFA_PIPELINE_RESPONSE_TRAINING_H_
#define VAFA_PIPELINE_RESPONSE_TRAINING_H_

#include <array>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "analytics/response/audience_drivers.h"
#include "analytics/response/campaign_training.h"
#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::pipeline {

inline constexpr double kAudienceShare = 0.3;

struct ResponseTrainingOptions {
  UnixSeconds now = 0;
  std::string goal;  // "": every campaign type
  analytics::response::TrainingOptions training;
  int threads = 0;
  bool store = true;
};

struct ResponseTrainingReport {
  int64_t finished_campaigns = 0;
  int64_t members = 0;  // rows learned from and judged on
  analytics::response::CampaignTraining training;
  int64_t scored_customers = 0;
  int64_t predicted_responders = 0, persuadable = 0, do_not_disturb = 0;
  // Mean net spend in the outcome window of the treated members who bought
  // (minor units; NaN when none did): what an incremental buyer is worth
  // in the audience estimates (analytics/response/audience_estimate.h).
  double spend_per_buyer = NAN;
  // What drives each stored audience (audience_drivers.h), from the
  // chosen models' contributions: predicted responders, persuadable, do
  // not disturb.
  std::array<std::vector<analytics::response::AudienceDriver>, 3> drivers;
  int64_t run_id = 0;  // 0: not stored
  double seconds_features = 0, seconds_training = 0;
};

Result<ResponseTrainingReport> TrainResponseModels(
    store::Database& db, int64_t workspace_id,
    const ResponseTrainingOptions& options);

// The evaluation as the CLI prints it with --format json and the run keeps
// as its summary.
nlohmann::json ResponseTrainingJson(const ResponseTrainingReport& report);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_RESPONSE_TRAINING_H_
