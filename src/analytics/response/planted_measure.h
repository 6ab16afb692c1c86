// The response and uplift models measured on planted campaign members
// (planted_campaigns.h): trained on 70% of the members, judged on the other
// 30% against the truth the generator kept. What `vafa response measure`
// prints and the tests hold to the quality bars in docs/analytics.md.
#ifndef VAFA_ANALYTICS_RESPONSE_PLANTED_MEASURE_H_
#define VAFA_ANALYTICS_RESPONSE_PLANTED_MEASURE_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "analytics/churn/classifier_metrics.h"
#include "analytics/response/planted_campaigns.h"
#include "analytics/response/uplift_metrics.h"
#include "analytics/response/uplift_models.h"
#include "core/result.h"

namespace vafa::analytics::response {

struct ResponseFigures {
  Learner learner = Learner::kLogistic;
  churn::ClassifierMetrics holdout;  // AUC and lift by decile
  double seconds = 0;
};

struct UpliftFigures {
  UpliftMethod method = UpliftMethod::kTwoModel;
  Learner learner = Learner::kLogistic;
  double qini = 0;
  double qini_of_oracle = 0;  // qini / the oracle's
  // Share of the planted incremental buyers (the sum of positive true
  // uplifts) among the top 30% of the holdout by predicted uplift.
  double recovered_at_30 = 0;
  std::array<UpliftDecile, 10> deciles{};
  double seconds = 0;
};

struct PlantedMeasure {
  int64_t members = 0, train = 0, holdout = 0;
  double oracle_response_auc = 0;  // ranking by the true P(respond)
  double oracle_qini = 0;          // ranking by the true uplift
  double oracle_recovered_at_30 = 0;
  std::vector<ResponseFigures> response;
  std::vector<UpliftFigures> uplift;
};

Result<PlantedMeasure> MeasureOnPlanted(const PlantOptions& plant,
                                        const LearnOptions& learn = {});

// Share of the sum of positive `truth` that lies in the top `share` of
// members ranked by `score`.
double RecoveredAt(const std::vector<double>& score,
                   const std::vector<double>& truth, double share);

}  // namespace vafa::analytics::response

#endif  // VAFA_ANALYTICS_RESPONSE_PLANTED_MEASURE_H_
