#include "analytics/response/planted_measure.h"

#include <chrono>
#include <cmath>

namespace vafa::analytics::response {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Members i with i % 10 < 3 are the holdout: the generator draws them
// independently, so this is a random 30%.
bool InHoldout(int64_t i) { return i % 10 < 3; }

// The members where `take(i)` holds, all of their columns.
struct Part {
  int64_t rows = 0;
  std::vector<float> x;
  std::vector<uint8_t> treated, responded, bought;
  std::vector<double> true_uplift, true_response;
};

template <typename Take>
Part PartOf(const PlantedMembers& all, Take take) {
  Part part;
  std::vector<uint8_t> keep(all.rows);
  for (int64_t i = 0; i < all.rows; ++i) {
    keep[i] = take(i);
    if (keep[i] == 0) continue;
    ++part.rows;
    part.treated.push_back(all.treated[i]);
    part.responded.push_back(all.responded[i]);
    part.bought.push_back(all.bought[i]);
    part.true_uplift.push_back(all.true_uplift[i]);
    part.true_response.push_back(all.true_response[i]);
  }
  part.x = SelectRows(all.x, all.cols, keep);
  return part;
}

Result<ResponseFigures> MeasureResponse(Learner learner, const Part& train,
                                        const Part& holdout, int cols,
                                        const LearnOptions& options) {
  ResponseFigures figures;
  figures.learner = learner;
  const auto started = Clock::now();
  VAFA_ASSIGN_OR_RETURN(Classifier model,
                        Classifier::Fit(learner, train.x, train.rows, cols,
                                        train.responded, {}, options));
  VAFA_ASSIGN_OR_RETURN(std::vector<double> score,
                        model.Predict(holdout.x, holdout.rows));
  figures.seconds = SecondsSince(started);
  figures.holdout = churn::EvaluateClassifier(score, holdout.responded);
  return figures;
}

}  // namespace

double RecoveredAt(const std::vector<double>& score,
                   const std::vector<double>& truth, double share) {
  const std::vector<int64_t> order = RankByScore(score);
  const auto top = static_cast<size_t>(std::llround(share * order.size()));
  double total = 0, found = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    const double gain = std::max(0.0, truth[order[k]]);
    total += gain;
    if (k < top) found += gain;
  }
  return total > 0 ? found / total : NAN;
}

Result<PlantedMeasure> MeasureOnPlanted(const PlantOptions& plant,
                                        const LearnOptions& learn) {
  const PlantedMembers all = PlantCampaignMembers(plant);
  const Part train = PartOf(all, [](int64_t i) { return !InHoldout(i); });
  const Part holdout = PartOf(all, InHoldout);
  // The response model learns from the treated: only they got a message.
  const Part treated_train = PartOf(
      all, [&all](int64_t i) { return !InHoldout(i) && all.treated[i]; });
  const Part treated_holdout =
      PartOf(all, [&all](int64_t i) { return InHoldout(i) && all.treated[i]; });
  PlantedMeasure out;
  out.members = all.rows;
  out.train = train.rows;
  out.holdout = holdout.rows;
  out.oracle_response_auc = churn::AreaUnderRoc(treated_holdout.true_response,
                                                treated_holdout.responded);
  out.oracle_qini =
      ComputeQini(holdout.true_uplift, holdout.treated, holdout.bought)
          .coefficient;
  out.oracle_recovered_at_30 =
      RecoveredAt(holdout.true_uplift, holdout.true_uplift, 0.3);
  for (Learner learner : {Learner::kLogistic, Learner::kBoostedTrees}) {
    VAFA_ASSIGN_OR_RETURN(ResponseFigures response,
                          MeasureResponse(learner, treated_train,
                                          treated_holdout, all.cols, learn));
    out.response.push_back(response);
  }
  for (UpliftMethod method :
       {UpliftMethod::kTwoModel, UpliftMethod::kClassTransformation}) {
    for (Learner learner : {Learner::kLogistic, Learner::kBoostedTrees}) {
      UpliftFigures figures;
      figures.method = method;
      figures.learner = learner;
      const auto started = Clock::now();
      VAFA_ASSIGN_OR_RETURN(
          UpliftModel model,
          UpliftModel::Fit(method, learner, train.x, train.rows, all.cols,
                           train.treated, train.bought, learn));
      VAFA_ASSIGN_OR_RETURN(std::vector<double> score,
                            model.Predict(holdout.x, holdout.rows));
      figures.seconds = SecondsSince(started);
      figures.qini =
          ComputeQini(score, holdout.treated, holdout.bought).coefficient;
      figures.qini_of_oracle = figures.qini / out.oracle_qini;
      figures.recovered_at_30 = RecoveredAt(score, holdout.true_uplift, 0.3);
      figures.deciles = UpliftByDecile(score, holdout.treated, holdout.bought);
      out.uplift.push_back(figures);
    }
  }
  return out;
}

}  // namespace vafa::analytics::response
