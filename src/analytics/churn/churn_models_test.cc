#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "analytics/analytics_test_support.h"
#include "analytics/churn/boosted_trees.h"
#include "analytics/churn/churn_model.h"
#include "analytics/churn/churn_rules.h"
#include "analytics/churn/classifier_metrics.h"
#include "analytics/churn/logistic_regression.h"

namespace vafa::analytics::churn {
namespace {

// y depends on x0 only: P(y = 1) = sigmoid(2 x0 - 1), x0 ~ U(-2, 2); x1 is
// noise and missing in a tenth of the rows.
void LinearProblem(int rows, std::vector<float>& x, std::vector<uint8_t>& y) {
  std::mt19937 random(3);
  std::uniform_real_distribution<double> u(0, 1);
  for (int r = 0; r < rows; ++r) {
    double x0 = -2 + 4 * u(random);
    double x1 = u(random);
    x.push_back(static_cast<float>(x0));
    x.push_back(u(random) < 0.1 ? NAN : static_cast<float>(x1));
    y.push_back(u(random) < 1 / (1 + std::exp(-(2 * x0 - 1))) ? 1 : 0);
  }
}

TEST(LogisticRegression, MeanPredictionEqualsTheBaseRateAndRanksByTheSignal) {
  std::vector<float> x;
  std::vector<uint8_t> y;
  LinearProblem(4000, x, y);
  auto model = LogisticRegression::Fit(x, 4000, 2, y);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  std::vector<double> p = model->PredictAll(x, 4000);
  // The intercept is not penalised, so at the optimum sum(y - p) = 0.
  double mean_p = 0, mean_y = 0;
  for (int r = 0; r < 4000; ++r) {
    mean_p += p[r] / 4000;
    mean_y += y[r] / 4000.0;
  }
  EXPECT_NEAR(mean_p, mean_y, 1e-6);
  EXPECT_GT(model->weights()[0], 1.0);              // the signal
  EXPECT_LT(std::fabs(model->weights()[1]), 0.15);  // the noise
  EXPECT_LT(model->iterations(), 25);
  // The true model's AUC on this sample is about 0.85.
  EXPECT_GT(AreaUnderRoc(p, y), 0.8);
}

// The sums over the rows add their terms in row order on any number of
// threads: the same fit bit for bit, over more rows than one chunk.
TEST(LogisticRegression, SeveralThreadsFitWhatOneFits) {
  constexpr int kRows = 50000;
  std::vector<float> x;
  std::vector<uint8_t> y;
  LinearProblem(kRows, x, y);
  auto one = LogisticRegression::Fit(x, kRows, 2, y, {.threads = 1});
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  for (int threads : {2, 3}) {
    auto more = LogisticRegression::Fit(x, kRows, 2, y, {.threads = threads});
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    EXPECT_EQ(one->weights(), more->weights()) << threads;
    EXPECT_EQ(one->intercept(), more->intercept()) << threads;
    EXPECT_EQ(one->iterations(), more->iterations()) << threads;
    EXPECT_EQ(one->PredictAll(x, kRows), more->PredictAll(x, kRows, threads));
  }
}

TEST(LogisticRegression, OneClassIsAnError) {
  std::vector<float> x = {1, 2, 3};
  EXPECT_FALSE(LogisticRegression::Fit(x, 3, 1, {1, 1, 1}).ok());
}

TEST(BoostedTrees, LearnWhatALineCannot) {
  // y = x0 XOR x1 (both 0/1) with 10% label noise.
  std::mt19937 random(5);
  std::vector<float> x;
  std::vector<uint8_t> y;
  for (int r = 0; r < 3000; ++r) {
    int a = static_cast<int>(random() % 2), b = static_cast<int>(random() % 2);
    x.push_back(static_cast<float>(a));
    x.push_back(static_cast<float>(b));
    y.push_back(((a ^ b) != 0) != (random() % 10 == 0) ? 1 : 0);
  }
  BoostedTreesOptions options;
  options.rounds = 30;
  options.threads = 2;
  auto trees = BoostedTrees::Train(x, 3000, 2, y, options);
  ASSERT_TRUE(trees.ok()) << trees.status().ToString();
  auto p = trees->Predict(x, 3000);
  ASSERT_TRUE(p.ok());
  EXPECT_NEAR(AreaUnderRoc(*p, y), 0.9, 0.03);
  auto line = LogisticRegression::Fit(x, 3000, 2, y);
  ASSERT_TRUE(line.ok());
  EXPECT_LT(AreaUnderRoc(line->PredictAll(x, 3000), y), 0.6);
  // Contributions: two features and the bias per row, summing to the
  // log-odds of the prediction.
  auto contributions = trees->Contributions(x, 3000);
  ASSERT_TRUE(contributions.ok());
  ASSERT_EQ(contributions->size(), 3000u * 3);
  double z = (*contributions)[0] + (*contributions)[1] + (*contributions)[2];
  EXPECT_NEAR(1 / (1 + std::exp(-z)), (*p)[0], 1e-4);
}

std::vector<float> Row() {
  std::vector<float> row(kChurnFeatureCount, NAN);
  row[kOrders] = 5;
  row[kRecencyDays] = 30;
  row[kTenureDays] = 400;
  row[kOrdersRecent] = 3;
  row[kOrdersBefore] = 2;
  row[kOrderTrend] = 0.2f;
  row[kMeanGapDays] = 80;
  row[kOverdueRatio] = 30.0f / 80;
  row[kDistinctCategories] = 3;
  row[kDistinctChannels] = 2;
  row[kDiscountShare] = 0.4f;
  row[kComplaints] = 0;
  row[kUnresolvedComplaints] = 0;
  row[kProbabilityAlive] = 0.9f;
  return row;
}

TEST(ChurnRules, AHealthyCustomerHasNoReasonAndTheBaseRisk) {
  std::vector<float> row = Row();
  EXPECT_TRUE(RuleReasons(row.data()).empty());
  EXPECT_NEAR(RuleRisk(row.data()), 1 / (1 + std::exp(-kRuleBase)), 1e-12);
  EXPECT_EQ(ChurnStage(row.data(), RiskBand::kLow, 180), "");
}

TEST(ChurnRules, ReasonsNameTheirValuesHeaviestFirst) {
  std::vector<float> row = Row();
  row[kDistinctCategories] = 1;
  row[kDiscountShare] = 0;
  row[kComplaints] = 2;
  row[kUnresolvedComplaints] = 1;
  row[kRecencyDays] = 250;
  row[kOverdueRatio] = 250.0f / 80;
  std::vector<Reason> reasons = RuleReasons(row.data());
  EXPECT_EQ(FormatReasons(reasons),
            "overdue:3.12;complaint:2;one_category:5;unresolved_complaint:1;"
            "no_discount:5");
  EXPECT_EQ(DescribeReason(reasons[2]),
            "bought from one category only, in 5 orders");
  double z =
      kRuleBase + std::log(2.5) + 1.0 + std::log(2.0) + 0.5 + std::log(1.6);
  EXPECT_NEAR(RuleRisk(row.data()), 1 / (1 + std::exp(-z)), 1e-12);
  const RiskBand band = RiskBand::kHigh;
  // 250 days silent in a 180-day window: settled elsewhere.
  EXPECT_EQ(ChurnStage(row.data(), band, 180), "settled");
  EXPECT_EQ(ChurnStage(row.data(), band, 365), "evaluation");
  EXPECT_EQ(NextBestAction(reasons, band, false).action, "service_follow_up");
  int controllable = 0;
  for (const Reason& reason : reasons)
    controllable += ChurnFactors()[reason.factor].controllable;
  EXPECT_EQ(controllable, 4);
}

TEST(ChurnRules, ActionsFollowTheCause) {
  std::vector<float> row = Row();
  row[kDiscountShare] = 0;
  std::vector<Reason> reasons = RuleReasons(row.data());
  EXPECT_EQ(NextBestAction(reasons, RiskBand::kMedium, false).action,
            "discount");
  EXPECT_EQ(NextBestAction(reasons, RiskBand::kMedium, true).action, "call");
  EXPECT_EQ(NextBestAction(reasons, RiskBand::kLow, true).action, "");
  EXPECT_DOUBLE_EQ(NextBestAction(reasons, RiskBand::kHigh, false).save_rate,
                   0.15);
}

TEST(ChurnRules, AbsentDataNamesNoReason) {
  std::vector<float> row = Row();
  row[kDistinctCategories] = NAN;  // the file has no categories
  row[kDiscountShare] = NAN;       // nor discounts
  row[kDistinctChannels] = NAN;    // nor channels
  EXPECT_TRUE(RuleReasons(row.data()).empty());
  EXPECT_NEAR(RuleRisk(row.data()), 1 / (1 + std::exp(-kRuleBase)), 1e-12);
}

// Value at risk 50, 30, 10, 5, 5 (total 100): the first customer's 50 makes
// up half (high: nothing ranked above it), the second starts at 50 (medium,
// up to 80), the rest start at 80 or later (low); no value, no band.
TEST(RiskBands, FollowTheShareOfValueAtRisk) {
  std::vector<RiskBand> band = BandsByValueAtRisk({5, 30, 50, NAN, 10, 5, 0});
  EXPECT_EQ(band[2], RiskBand::kHigh);
  EXPECT_EQ(band[1], RiskBand::kMedium);
  EXPECT_EQ(band[4], RiskBand::kLow);
  EXPECT_EQ(band[0], RiskBand::kLow);
  EXPECT_EQ(band[5], RiskBand::kLow);
  EXPECT_EQ(band[3], RiskBand::kLow);
  EXPECT_EQ(band[6], RiskBand::kLow);
  // Many equal customers: the high band is half of them, not all.
  std::vector<double> equal(100, 1.0);
  int high = 0;
  for (RiskBand b : BandsByValueAtRisk(equal)) high += b == RiskBand::kHigh;
  EXPECT_EQ(high, 50);
}

// A log where each customer buys every `gap` days until a planted dropout;
// customers who buy from one category drop out sooner.
TransactionLog SimulatedLog(int customers, DayNumber end, bool with_future) {
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<testing::Line> lines;
  for (int c = 0; c < customers; ++c) {
    // Each customer's own stream: the same past with or without a future.
    std::mt19937 random(11 + c);
    const bool narrow = u(random) < 0.4;
    const double leave = narrow ? 0.12 : 0.04;
    const int gap = 20 + static_cast<int>(u(random) * 40);
    DayNumber day = static_cast<DayNumber>(u(random) * 500);
    int k = 0;
    while (day < end + (with_future ? 300 : 0)) {
      testing::Line line;
      line.customer = "c" + std::to_string(c);
      line.order = line.customer + "-" + std::to_string(k++);
      line.day = day;
      line.amount = 1000 + static_cast<int64_t>(u(random) * 3000);
      line.category = narrow ? "k0" : "k" + std::to_string(k % 3);
      line.product = line.category + std::to_string(k % 2);
      lines.push_back(line);
      if (day < end && u(random) < leave) break;
      day += gap / 2 + static_cast<DayNumber>(u(random) * gap);
    }
  }
  return testing::BuildLog(lines);
}

TEST(PredictChurn, LearnsThePlantedChurnAndIgnoresTheFuture) {
  const DayNumber end = 1200;
  TransactionLog log = SimulatedLog(3000, end, false);
  ChurnOptions options;
  options.as_of = end;
  options.threads = 2;
  options.trees.rounds = 60;
  auto result = PredictChurn(log, {}, nullptr, {}, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->evaluations.size(), 3u);
  EXPECT_GT(result->evidence.training_rows, 1000);
  EXPECT_GT(result->evidence.holdout_customers, 200);
  for (const ModelEvaluation& e : result->evaluations) {
    EXPECT_GT(e.holdout.auc, 0.7) << e.model;
    EXPECT_GT(e.holdout.lift[0], 1.2) << e.model;
  }
  EXPECT_TRUE(result->chosen_model == "trees" ||
              result->chosen_model == "logistic");
  // The evidence adds up: training rows from two snapshots, the holdout's
  // churners among its customers.
  const ChurnEvidence& evidence = result->evidence;
  EXPECT_TRUE(evidence.learned_models) << evidence.refusal;
  EXPECT_EQ(evidence.snapshots, 2);
  EXPECT_GT(evidence.training_rows, evidence.training_customers);
  EXPECT_GT(evidence.training_churners, 0);
  EXPECT_GE(evidence.holdout_churners, 100);
  EXPECT_EQ(result->evaluations[0].holdout.positives,
            evidence.holdout_churners);
  // Calibrated: each model's Brier score beats always saying the base rate.
  const double rate = static_cast<double>(evidence.holdout_churners) /
                      evidence.holdout_customers;
  for (const ModelEvaluation& e : result->evaluations)
    EXPECT_LT(e.calibration.brier, rate * (1 - rate)) << e.model;
  EXPECT_TRUE(result->rule_calibration.fitted);
  // Customers still buying are mostly low risk; the long-silent settled.
  int settled = 0, scored = 0;
  for (int32_t c = 0; c < log.customer_count(); ++c) {
    if (std::isnan(result->risk[c])) continue;
    ++scored;
    EXPECT_GE(result->risk[c], 0);
    EXPECT_LE(result->risk[c], 1);
    if (result->stage[c] == "settled") {
      ++settled;
      EXPECT_GE(result->features.at(c, kRecencyDays), 180);
    }
    EXPECT_NEAR(result->priority[c], result->value[c] * result->risk[c],
                1e-6 * (1 + result->value[c]));
  }
  EXPECT_EQ(scored, log.customer_count());
  EXPECT_GT(settled, 100);

  // Orders after as_of change nothing: not the training, not the scores.
  TransactionLog later = SimulatedLog(3000, end, true);
  ASSERT_GT(later.order_count(), log.order_count());
  auto again = PredictChurn(later, {}, nullptr, {}, options);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->evidence.training_rows, result->evidence.training_rows);
  for (size_t m = 0; m < 3; ++m) {
    EXPECT_DOUBLE_EQ(again->evaluations[m].holdout.auc,
                     result->evaluations[m].holdout.auc);
  }
  for (int32_t c = 0; c < log.customer_count(); ++c) {
    ASSERT_EQ(later.customer_keys[c], log.customer_keys[c]);
    EXPECT_DOUBLE_EQ(again->rule_risk[c], result->rule_risk[c]);
  }
}

// Too few churners in the holdout, or too short a history for the window:
// the learned models are refused, the rule model (calibrated) is kept, and
// the reason is said.
TEST(PredictChurn, ThinEvidenceKeepsTheRuleModelAndSaysWhy) {
  ChurnOptions options;
  options.as_of = 1200;
  options.model = "trees";
  TransactionLog few = SimulatedLog(300, 1200, false);
  auto small = PredictChurn(few, {}, nullptr, {}, options);
  ASSERT_TRUE(small.ok()) << small.status().ToString();
  EXPECT_FALSE(small->evidence.learned_models);
  EXPECT_LT(small->evidence.holdout_churners, 100);
  EXPECT_NE(small->evidence.refusal.find("churners"), std::string::npos)
      << small->evidence.refusal;
  EXPECT_EQ(small->chosen_model, "rules");
  ASSERT_EQ(small->evaluations.size(), 1u);
  EXPECT_EQ(small->evaluations[0].model, "rules");
  for (int32_t c = 0; c < few.customer_count(); ++c)
    if (!std::isnan(small->risk[c])) {
      EXPECT_DOUBLE_EQ(small->risk[c], small->rule_risk[c]);
    }

  options.as_of = 600;  // 600 days of history for a 365-day window
  auto short_history =
      PredictChurn(SimulatedLog(3000, 600, false), {}, nullptr, {}, options);
  ASSERT_TRUE(short_history.ok()) << short_history.status().ToString();
  EXPECT_FALSE(short_history->evidence.learned_models);
  EXPECT_NE(short_history->evidence.refusal.find("730"), std::string::npos)
      << short_history->evidence.refusal;
}

TEST(PredictChurn, TooShortAHistoryIsAClearError) {
  TransactionLog log = SimulatedLog(50, 150, false);
  ChurnOptions options;
  options.as_of = 150;
  auto result = PredictChurn(log, {}, nullptr, {}, options);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("too short"), std::string::npos);
}

}  // namespace
}  // namespace vafa::analytics::churn
