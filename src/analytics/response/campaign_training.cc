#include "analytics/response/campaign_training.h"

#include <algorithm>
#include <string>

#include "analytics/response/planted_measure.h"
#include "core/hash.h"

namespace vafa::analytics::response {
namespace {

// The rows of `all` where `keep` is set, every column.
struct Part {
  int64_t rows = 0;
  std::vector<float> x;
  std::vector<uint8_t> treated, responded, bought;
};

Part PartOf(const CampaignMemberRows& all, const std::vector<uint8_t>& keep) {
  Part part;
  for (int64_t i = 0; i < all.rows; ++i) {
    if (keep[i] == 0) continue;
    ++part.rows;
    part.treated.push_back(all.treated[i]);
    part.responded.push_back(all.responded[i]);
    part.bought.push_back(all.bought[i]);
  }
  part.x = SelectRows(all.x, all.cols, keep);
  return part;
}

// 1 per row held out.
std::vector<uint8_t> HoldoutRows(const CampaignMemberRows& rows,
                                 const std::vector<DrawnCampaign>& campaigns,
                                 int learned, CampaignTraining& training,
                                 const TrainingOptions& options) {
  std::vector<uint8_t> held(rows.rows, 0);
  const bool by_members =
      options.holdout_share > 0 || (options.holdout_campaigns == 0 &&
                                    learned < kMinCampaignsForCampaignHoldout);
  if (by_members) {
    training.holdout_share =
        options.holdout_share > 0 ? options.holdout_share : 0.3;
    for (int64_t i = 0; i < rows.rows; ++i) {
      const uint64_t h = Mix64(static_cast<uint64_t>(rows.customer_id[i]));
      held[i] = UnitInterval(h) < training.holdout_share;
    }
    return held;
  }
  // The latest campaigns by draw day (then id) are held out.
  std::vector<size_t> order;
  for (size_t c = 0; c < campaigns.size(); ++c) {
    if (campaigns[c].learn) order.push_back(c);
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::pair(campaigns[a].draw_day, campaigns[a].id) >
           std::pair(campaigns[b].draw_day, campaigns[b].id);
  });
  const int k = options.holdout_campaigns > 0 ? options.holdout_campaigns
                                              : std::max(2, learned / 4);
  training.holdout_campaigns = std::min<int>(k, learned - 1);
  std::vector<uint8_t> campaign_held(campaigns.size(), 0);
  for (int c = 0; c < training.holdout_campaigns; ++c) {
    campaign_held[order[c]] = 1;
  }
  for (int64_t i = 0; i < rows.rows; ++i) {
    held[i] = campaign_held[rows.campaign[i]];
  }
  return held;
}

Status CheckEnough(const Part& train, int learned) {
  if (learned < kMinCampaigns) {
    return Status::Refused(
        "campaigns",
        "the workspace has " + std::to_string(learned) +
            (learned == 1 ? " finished campaign" : " finished campaigns") +
            " with members; the models need " + std::to_string(kMinCampaigns));
  }
  int64_t responders = 0, treated_buyers = 0, control_buyers = 0;
  for (int64_t i = 0; i < train.rows; ++i) {
    responders += train.responded[i];
    if (train.bought[i] != 0) {
      ++(train.treated[i] != 0 ? treated_buyers : control_buyers);
    }
  }
  if (responders < kMinResponders) {
    return Status::Refused("responders",
                           "the training campaigns hold " +
                               std::to_string(responders) +
                               " members who responded; the models need " +
                               std::to_string(kMinResponders));
  }
  if (std::min(treated_buyers, control_buyers) < kMinBuyersPerGroup) {
    return Status::Refused(
        "buyers", "the training campaigns hold " +
                      std::to_string(treated_buyers) + " treated and " +
                      std::to_string(control_buyers) +
                      " held-out members who bought; the uplift models need " +
                      std::to_string(kMinBuyersPerGroup) + " in each group");
  }
  return Status::Ok();
}

}  // namespace

Result<CampaignTraining> TrainOnCampaigns(
    const CampaignMemberRows& rows, const std::vector<DrawnCampaign>& campaigns,
    const TrainingOptions& options) {
  CampaignTraining training;
  for (const DrawnCampaign& campaign : campaigns) {
    if (campaign.learn) ++training.campaigns;
  }
  const std::vector<uint8_t> held =
      HoldoutRows(rows, campaigns, training.campaigns, training, options);
  std::vector<uint8_t> kept(held.size());
  for (size_t i = 0; i < held.size(); ++i) kept[i] = held[i] == 0;
  const Part train = PartOf(rows, kept);
  const Part holdout = PartOf(rows, held);
  VAFA_RETURN_IF_ERROR(CheckEnough(train, training.campaigns));
  training.train_rows = train.rows;
  training.holdout_rows = holdout.rows;
  for (uint8_t r : train.responded) training.train_responders += r;
  for (uint8_t r : holdout.responded) training.holdout_responders += r;

  // Response: learned from and judged on treated members only.
  const Part treated_train = PartOf(rows, [&] {
    std::vector<uint8_t> keep(rows.rows);
    for (int64_t i = 0; i < rows.rows; ++i)
      keep[i] = kept[i] && rows.treated[i];
    return keep;
  }());
  const Part treated_holdout = PartOf(rows, [&] {
    std::vector<uint8_t> keep(rows.rows);
    for (int64_t i = 0; i < rows.rows; ++i)
      keep[i] = held[i] && rows.treated[i];
    return keep;
  }());
  for (Learner learner : {Learner::kLogistic, Learner::kBoostedTrees}) {
    VAFA_ASSIGN_OR_RETURN(
        Classifier model,
        Classifier::Fit(learner, treated_train.x, treated_train.rows, rows.cols,
                        treated_train.responded, {}, options.learn));
    VAFA_ASSIGN_OR_RETURN(
        std::vector<double> score,
        model.Predict(treated_holdout.x, treated_holdout.rows));
    training.response.push_back(
        {learner, churn::EvaluateClassifier(score, treated_holdout.responded)});
  }
  std::vector<double> truth;
  if (options.true_uplift) {
    for (int64_t i = 0; i < holdout.rows; ++i) {
      truth.push_back(options.true_uplift(&holdout.x[i * rows.cols]));
    }
    training.oracle_qini =
        ComputeQini(truth, holdout.treated, holdout.bought).coefficient;
    training.oracle_recovered_at_30 = RecoveredAt(truth, truth, 0.3);
  }
  for (UpliftMethod method :
       {UpliftMethod::kTwoModel, UpliftMethod::kClassTransformation}) {
    for (Learner learner : {Learner::kLogistic, Learner::kBoostedTrees}) {
      VAFA_ASSIGN_OR_RETURN(
          UpliftModel model,
          UpliftModel::Fit(method, learner, train.x, train.rows, rows.cols,
                           train.treated, train.bought, options.learn));
      VAFA_ASSIGN_OR_RETURN(std::vector<double> score,
                            model.Predict(holdout.x, holdout.rows));
      UpliftEvaluation evaluation;
      evaluation.method = method;
      evaluation.learner = learner;
      evaluation.qini =
          ComputeQini(score, holdout.treated, holdout.bought).coefficient;
      evaluation.deciles =
          UpliftByDecile(score, holdout.treated, holdout.bought);
      if (!truth.empty()) {
        evaluation.qini_of_oracle = evaluation.qini / training.oracle_qini;
        evaluation.recovered_at_30 = RecoveredAt(score, truth, 0.3);
      }
      training.uplift.push_back(evaluation);
    }
  }
  // NaN AUCs (a holdout with one class) never win.
  for (size_t m = 1; m < training.response.size(); ++m) {
    if (training.response[m].holdout.auc >
        training.response[training.chosen_response].holdout.auc) {
      training.chosen_response = m;
    }
  }
  for (size_t m = 1; m < training.uplift.size(); ++m) {
    if (training.uplift[m].qini >
        training.uplift[training.chosen_uplift].qini) {
      training.chosen_uplift = m;
    }
  }
  // The chosen models again, on every row.
  const Part treated_all = PartOf(rows, rows.treated);
  VAFA_ASSIGN_OR_RETURN(
      training.response_model,
      Classifier::Fit(training.response[training.chosen_response].learner,
                      treated_all.x, treated_all.rows, rows.cols,
                      treated_all.responded, {}, options.learn));
  const UpliftEvaluation& best = training.uplift[training.chosen_uplift];
  VAFA_ASSIGN_OR_RETURN(
      training.uplift_model,
      UpliftModel::Fit(best.method, best.learner, rows.x, rows.rows, rows.cols,
                       rows.treated, rows.bought, options.learn));
  return training;
}

}  // namespace vafa::analytics::response
