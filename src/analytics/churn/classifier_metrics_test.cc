#include "analytics/churn/classifier_metrics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace vafa::analytics::churn {
namespace {

TEST(AreaUnderRoc, HandCheckedExample) {
  // Pairs (churner, stayer): (0.35, 0.1) yes, (0.35, 0.4) no, (0.8, 0.1)
  // yes, (0.8, 0.4) yes: 3 of 4.
  EXPECT_DOUBLE_EQ(AreaUnderRoc({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1}), 0.75);
}

TEST(AreaUnderRoc, TiesCountOneHalfAndOneClassHasNone) {
  EXPECT_DOUBLE_EQ(AreaUnderRoc({0.5, 0.5}, {0, 1}), 0.5);
  // Churner 0.5 vs stayers 0.5 (tie, 1/2) and 0.2 (win): 1.5 / 2.
  EXPECT_DOUBLE_EQ(AreaUnderRoc({0.5, 0.5, 0.2}, {1, 0, 0}), 0.75);
  EXPECT_TRUE(std::isnan(AreaUnderRoc({0.1, 0.2}, {1, 1})));
}

TEST(EvaluateClassifier, DecilesPrecisionRecallAndLift) {
  // 20 customers scored 20..1; churners are the scores 20, 19, 18 and 1.
  std::vector<double> score;
  std::vector<uint8_t> label;
  for (int i = 20; i >= 1; --i) {
    score.push_back(i);
    label.push_back(i >= 18 || i == 1 ? 1 : 0);
  }
  ClassifierMetrics m = EvaluateClassifier(score, label);
  EXPECT_EQ(m.examples, 20);
  EXPECT_EQ(m.positives, 4);
  // Top decile: scores 20 and 19, both churners.
  EXPECT_EQ(m.decile_size[0], 2);
  EXPECT_EQ(m.decile_positives[0], 2);
  EXPECT_DOUBLE_EQ(m.top_decile_precision, 1.0);
  EXPECT_DOUBLE_EQ(m.top_decile_recall, 0.5);
  // Lift: 2/2 over 4/20 = 5; decile 2 (18, 17): 1/2 / 0.2 = 2.5; last
  // (2, 1): 2.5; the rest 0.
  EXPECT_DOUBLE_EQ(m.lift[0], 5.0);
  EXPECT_DOUBLE_EQ(m.lift[1], 2.5);
  EXPECT_DOUBLE_EQ(m.lift[9], 2.5);
  for (int d = 2; d < 9; ++d) EXPECT_DOUBLE_EQ(m.lift[d], 0.0) << d;
  // AUC: each churner above all stayers except score 1 (below all 16).
  EXPECT_DOUBLE_EQ(m.auc, (3.0 * 16 + 0) / (4.0 * 16));
}

TEST(EvaluateClassifier, UnevenDecilesGiveTheFirstOnesOneMore) {
  std::vector<double> score(13);
  std::vector<uint8_t> label(13, 0);
  for (int i = 0; i < 13; ++i) score[i] = i;
  label[12] = 1;
  ClassifierMetrics m = EvaluateClassifier(score, label);
  EXPECT_EQ(m.decile_size[0], 2);
  EXPECT_EQ(m.decile_size[2], 2);
  EXPECT_EQ(m.decile_size[3], 1);
  int64_t total = 0;
  for (int64_t size : m.decile_size) total += size;
  EXPECT_EQ(total, 13);
}

}  // namespace
}  // namespace vafa::analytics::churn
