// Training the response and uplift models on a workspace's campaign
// history (draw_features.h) and judging them on campaigns or members held
// out (docs/analytics.md, "Campaign response and uplift").
//
// Holdout: the latest `holdout_campaigns` campaigns by draw day (a model is
// judged on campaigns it never saw, as it will be used); when the history
// holds fewer than kMinCampaignsForCampaignHoldout campaigns, or when a
// member share is asked, a fixed share of the members instead (by a hash
// of the customer, so a customer's memberships fall on one side).
//
// Refusals (Status Refused, naming the figure that is short): fewer than
// kMinCampaigns finished campaigns, fewer than kMinResponders treated
// members who responded, or fewer than kMinBuyersPerGroup buyers among the
// treated or among the held-out members of the training rows.
//
// Chosen: the response learner with the higher holdout AUC and the uplift
// method and learner with the higher holdout Qini coefficient; both are
// then fitted again on every row, to score customers now.
#ifndef VAFA_ANALYTICS_RESPONSE_CAMPAIGN_TRAINING_H_
#define VAFA_ANALYTICS_RESPONSE_CAMPAIGN_TRAINING_H_

#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "analytics/churn/classifier_metrics.h"
#include "analytics/response/draw_features.h"
#include "analytics/response/uplift_metrics.h"
#include "analytics/response/uplift_models.h"
#include "core/result.h"

namespace vafa::analytics::response {

inline constexpr int kMinCampaigns = 5;
inline constexpr int kMinCampaignsForCampaignHoldout = 8;
inline constexpr int64_t kMinResponders = 50;
inline constexpr int64_t kMinBuyersPerGroup = 30;

struct TrainingOptions {
  int holdout_campaigns = 0;  // 0: a quarter of them, at least 2
  double holdout_share = 0;   // > 0: hold out this share of members
  LearnOptions learn;
  // When the true uplift of a member is known from their features (the
  // demo's planted truth): the oracle's Qini and each model's against it.
  std::function<double(const float* row)> true_uplift;
};

struct ResponseEvaluation {
  Learner learner = Learner::kLogistic;
  churn::ClassifierMetrics holdout;
};

struct UpliftEvaluation {
  UpliftMethod method = UpliftMethod::kTwoModel;
  Learner learner = Learner::kLogistic;
  double qini = 0;
  std::array<UpliftDecile, 10> deciles{};
  // With a known truth: qini / the oracle's, and the share of the true
  // incremental buyers in the top 30% by this model (NaN otherwise).
  double qini_of_oracle = NAN, recovered_at_30 = NAN;
};

struct CampaignTraining {
  int campaigns = 0, holdout_campaigns = 0;  // 0 held out: a member holdout
  double holdout_share = 0;
  int64_t train_rows = 0, holdout_rows = 0;
  int64_t train_responders = 0, holdout_responders = 0;
  std::vector<ResponseEvaluation> response;  // logistic, boosted trees
  std::vector<UpliftEvaluation> uplift;      // methods x learners
  size_t chosen_response = 0, chosen_uplift = 0;
  // With a known truth: the oracle ranks the holdout by true uplift.
  double oracle_qini = NAN, oracle_recovered_at_30 = NAN;
  // The chosen models fitted on every row.
  std::optional<Classifier> response_model;
  std::optional<UpliftModel> uplift_model;
};

// `campaigns`: those `rows` index; the ones marked `learn` count.
Result<CampaignTraining> TrainOnCampaigns(
    const CampaignMemberRows& rows, const std::vector<DrawnCampaign>& campaigns,
    const TrainingOptions& options);

}  // namespace vafa::analytics::response

#endif  // VAFA_ANALYTICS_RESPONSE_CAMPAIGN_TRAINING_H_
