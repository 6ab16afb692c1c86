#include "analytics/clv/likelihood_fit.h"

#include <gtest/gtest.h>

#include <cmath>

namespace vafa::analytics::clv {
namespace {

// Two independent exponential samples with rates theta0, theta1:
// LL = n ln(theta0) - theta0 S0 + m ln(theta1) - theta1 S1, whose maximum
// is n / S0, m / S1 with standard errors theta0 / sqrt(n), theta1 / sqrt(m).
constexpr double kN = 50, kS0 = 20, kM = 200, kS1 = 1000;

double ExponentialLogLikelihood(const std::vector<double>& theta,
                                std::vector<double>* gradient) {
  if (gradient != nullptr) {
    *gradient = {kN / theta[0] - kS0, kM / theta[1] - kS1};
  }
  return kN * std::log(theta[0]) - theta[0] * kS0 + kM * std::log(theta[1]) -
         theta[1] * kS1;
}

TEST(LikelihoodFit, FindsClosedFormMaximumAndStandardErrors) {
  const auto fit = MaximizeLogLikelihood(ExponentialLogLikelihood, {1.0, 1.0});
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  EXPECT_NEAR(fit->parameters[0], kN / kS0, 1e-7);
  EXPECT_NEAR(fit->parameters[1], kM / kS1, 1e-7);
  EXPECT_NEAR(fit->standard_errors[0], (kN / kS0) / std::sqrt(kN), 1e-6);
  EXPECT_NEAR(fit->standard_errors[1], (kM / kS1) / std::sqrt(kM), 1e-7);
  EXPECT_NEAR(fit->log_likelihood,
              ExponentialLogLikelihood(fit->parameters, nullptr), 1e-9);
}

TEST(LikelihoodFit, RejectsNonPositiveStart) {
  const auto fit = MaximizeLogLikelihood(ExponentialLogLikelihood, {1.0, 0.0});
  ASSERT_FALSE(fit.ok());
  EXPECT_EQ(fit.status().code(), StatusCode::kInvalidArgument);
}

TEST(LikelihoodFit, StandardErrorsAreNaNWhenCurvatureIsNotDefinite) {
  // A likelihood flat in the second parameter has no finite error there.
  const LogLikelihoodFunction flat = [](const std::vector<double>& theta,
                                        std::vector<double>* gradient) {
    if (gradient != nullptr) *gradient = {kN / theta[0] - kS0, 0.0};
    return kN * std::log(theta[0]) - theta[0] * kS0;
  };
  const std::vector<double> errors = StandardErrors(flat, {2.5, 1.0});
  EXPECT_TRUE(std::isnan(errors[0]) && std::isnan(errors[1]));
}

}  // namespace
}  // namespace vafa::analytics::clv
