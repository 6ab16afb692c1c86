#include "analytics/clv/fit_diagnostics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "analytics/clv/calibration_holdout.h"
#include "analytics/clv/customer_value.h"
#include "analytics/clv/internal/test_data.h"

namespace vafa::analytics::clv {
namespace {

using ::testing::HasSubstr;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A BG/NBD fit by hand: values, standard errors and correlations chosen.
FitDiagnostics HandMadeFit(double a_standard_error, double ab_correlation) {
  FitDiagnostics fit;
  fit.model = "bg_nbd";
  const double values[4] = {0.25, 4.4, 0.8, 2.4};
  const double errors[4] = {0.013, 0.38, a_standard_error, 0.7};
  const char* names[4] = {"r", "alpha", "a", "b"};
  for (int k = 0; k < 4; ++k) {
    fit.parameters.push_back({names[k], k < 2 ? "purchase rate" : "dropout",
                              values[k], errors[k], errors[k] / values[k]});
  }
  fit.correlation.assign(16, 0.0);
  for (int k = 0; k < 4; ++k) fit.correlation[k * 4 + k] = 1;
  fit.correlation[2 * 4 + 3] = fit.correlation[3 * 4 + 2] = ab_correlation;
  fit.customers = 1000;
  fit.likely_alive = 400;
  fit.long_silent = 200;
  fit.long_silent_likely_alive = 20;
  return fit;
}

TEST(FitDiagnostics, AWellIdentifiedFitIsHealthyAndSaysNothing) {
  const FitVerdict verdict = JudgeFit(HandMadeFit(0.2, 0.8));
  EXPECT_FALSE(verdict.degenerate);
  EXPECT_TRUE(verdict.problems.empty());
  EXPECT_EQ(verdict.warning, "");
}

TEST(FitDiagnostics, ABarelyIdentifiedDropoutWarnsAndSuggestsParetoNbd) {
  // a = 0.8 with a standard error of 2.4: three times its value.
  const FitVerdict verdict = JudgeFit(HandMadeFit(2.4, 0.8));
  EXPECT_TRUE(verdict.degenerate);
  ASSERT_EQ(verdict.problems.size(), 1u);
  EXPECT_EQ(verdict.problems[0].code, "barely_identified");
  EXPECT_THAT(verdict.warning,
              HasSubstr("dropout is barely identified (a = 0.8 has a "
                        "standard error 3.0x its value)"));
  EXPECT_THAT(verdict.warning, HasSubstr("try --model pareto_nbd"));
}

TEST(FitDiagnostics, ConfoundedEstimatesAreNamed) {
  const FitVerdict verdict = JudgeFit(HandMadeFit(0.2, 0.995));
  EXPECT_TRUE(verdict.degenerate);
  EXPECT_THAT(verdict.warning,
              HasSubstr("a and b are confounded (correlation 0.995)"));
  EXPECT_EQ(verdict.problems.back().code, "confounded");
}

TEST(FitDiagnostics, MissingStandardErrorsMakeTheFitDegenerate) {
  FitDiagnostics fit = HandMadeFit(0.2, 0.8);
  fit.parameters[3].standard_error = fit.parameters[3].relative_error = kNaN;
  const FitVerdict verdict = JudgeFit(fit);
  EXPECT_TRUE(verdict.degenerate);
  EXPECT_THAT(verdict.warning, HasSubstr("no standard errors"));
}

TEST(FitDiagnostics, CallingLongSilentCustomersAliveIsDegenerate) {
  FitDiagnostics fit = HandMadeFit(0.2, 0.8);
  fit.long_silent_likely_alive = 180;  // 90% of the long silent
  const FitVerdict verdict = JudgeFit(fit);
  EXPECT_TRUE(verdict.degenerate);
  EXPECT_THAT(verdict.warning, HasSubstr("P(alive) ignores silence: 90%"));
  EXPECT_EQ(verdict.problems.back().code, "alive_despite_silence");
  // Too few long-silent customers to judge: no verdict on that count.
  fit.long_silent = 5;
  fit.long_silent_likely_alive = 5;
  EXPECT_FALSE(JudgeFit(fit).degenerate);
}

TEST(FitDiagnostics, ParetoNbdSuggestsTheOtherFamily) {
  FitDiagnostics fit = HandMadeFit(2.4, 0.8);
  fit.model = "pareto_nbd";
  EXPECT_THAT(JudgeFit(fit).suggestion, HasSubstr("--model mbg_nbd"));
}

TEST(FitDiagnostics, CorrelationComesFromTheCovariance) {
  const double covariance[4] = {4, 3, 3, 9};  // sd 2 and 3: 3 / 6
  EXPECT_DOUBLE_EQ(CorrelationOf(covariance, 2, 0, 1), 0.5);
  EXPECT_DOUBLE_EQ(CorrelationOf(covariance, 2, 1, 1), 1);
  const double flat[4] = {kNaN, 0, 0, 1};
  EXPECT_TRUE(std::isnan(CorrelationOf(flat, 2, 0, 1)));
}

// Customers who bought often and then fell silent for a long time; the
// counts of the P(alive) check come from the data and the scores given.
TEST(FitDiagnostics, PurchaseModelCountsLongSilentCustomers) {
  RepeatPurchaseData data;
  data.frequency = {0, 4, 4, 2};
  data.recency = {0, 8, 8, 20};
  data.age = {30, 40, 9, 24};  // silent 32 > 3 x 2; 1 < 6; 4 < 30
  const double p_alive[4] = {1.0, 0.95, 0.99, 0.5};
  PurchaseModel model;
  model.parameters = {0.25, 4.4, 0.8, 2.4};
  model.standard_errors = {0.01, 0.4, 0.2, 0.7};
  for (int k = 0; k < 4; ++k) {
    for (int j = 0; j < 4; ++j) model.covariance[k][j] = k == j ? 1 : 0;
  }
  const FitDiagnostics fit = DiagnosePurchaseModel(model, data, p_alive);
  EXPECT_EQ(fit.customers, 4);
  EXPECT_EQ(fit.likely_alive, 3);
  EXPECT_EQ(fit.long_silent, 1);
  EXPECT_EQ(fit.long_silent_likely_alive, 1);
  EXPECT_DOUBLE_EQ(fit.ShareLikelyAlive(), 0.75);
  EXPECT_EQ(fit.parameters[2].role, "dropout");
  EXPECT_DOUBLE_EQ(fit.parameters[2].relative_error, 0.25);
}

RepeatPurchaseData CdnowCalibration() {
  const testing::CdnowLog log = testing::ReadCdnowSample();
  const auto split = SplitCalibrationHoldout(
      {log.customer, log.day, log.amount}, testing::CdnowDay(1997, 9, 30),
      testing::CdnowDay(1998, 6, 30), TimeUnit::kWeek);
  EXPECT_TRUE(split.ok());
  return split->calibration;
}

// The published CDNOW fits are the healthy reference: none may warn.
TEST(FitDiagnostics, PublishedCdnowFitsAreHealthy) {
  const RepeatPurchaseData data = CdnowCalibration();
  for (PurchaseModelKind kind :
       {PurchaseModelKind::kBgNbd, PurchaseModelKind::kMbgNbd,
        PurchaseModelKind::kParetoNbd}) {
    const auto model = FitPurchaseModel(kind, data);
    ASSERT_TRUE(model.ok());
    const auto values =
        ScoreCustomerValues(*model, nullptr, data, TimeUnit::kWeek);
    ASSERT_TRUE(values.ok());
    const FitDiagnostics fit =
        DiagnosePurchaseModel(*model, data, values->probability_alive);
    EXPECT_FALSE(fit.verdict.degenerate)
        << PurchaseModelName(kind) << ": " << fit.verdict.warning;
    EXPECT_GT(fit.long_silent, kMinLongSilentCustomers);
    for (double r : fit.correlation) EXPECT_LE(std::fabs(r), 1 + 1e-9);
  }
  const auto spend = FitGammaGamma(data);
  ASSERT_TRUE(spend.ok());
  const FitDiagnostics fit = DiagnoseSpendModel(*spend);
  EXPECT_FALSE(fit.verdict.degenerate) << fit.verdict.warning;
}

// Customers whose purchases say nothing about dropout (everyone bought at a
// steady pace up to the end): the dropout parameters drift off and the fit
// is called degenerate.
TEST(FitDiagnostics, NoEvidenceOfDropoutIsDegenerate) {
  RepeatPurchaseData data;
  for (int c = 0; c < 400; ++c) {
    const double x = 1 + c % 6;
    data.frequency.push_back(x);
    data.age.push_back(30 + c % 11);
    data.recency.push_back(data.age.back() - 0.5);
  }
  const auto model = FitPurchaseModel(PurchaseModelKind::kBgNbd, data);
  ASSERT_TRUE(model.ok());
  const auto values =
      ScoreCustomerValues(*model, nullptr, data, TimeUnit::kWeek);
  ASSERT_TRUE(values.ok());
  const FitDiagnostics fit =
      DiagnosePurchaseModel(*model, data, values->probability_alive);
  EXPECT_TRUE(fit.verdict.degenerate);
  EXPECT_THAT(fit.verdict.warning, HasSubstr("try --model pareto_nbd"));
}

}  // namespace
}  // namespace vafa::analytics::clv
