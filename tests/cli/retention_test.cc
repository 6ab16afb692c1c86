// `vafa retention` through the shipped binary: the published sBG fits and
// the refusals of input that is not a cohort (scripts/reference-check holds
// the projections against docs/retention.md).
#include <gmock/gmock.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/run_command.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;

constexpr char kRegular[] = "regular=1000,631,468,382,326,289,262,241";
constexpr char kHighEnd[] = "high-end=1000,869,743,653,593,551,517,491";

nlohmann::json Parameters(const nlohmann::json& model) {
  nlohmann::json by_name;
  for (const auto& p : model["parameters"]) by_name[p["name"]] = p["value"];
  return by_name;
}

TEST(RetentionCommandTest, FitsBothPublishedCohortsWithBothModels) {
  auto run = testing::RunVafa({"retention", "--alive", kRegular, "--alive",
                               kHighEnd, "--format", "json"},
                              /*with_stderr=*/false);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto document = nlohmann::json::parse(run.output);
  ASSERT_EQ(document["cohorts"].size(), 2u);
  const auto& regular = document["cohorts"][0];
  EXPECT_EQ(regular["name"], "regular");
  EXPECT_EQ(regular["calibration_periods"], 7);
  ASSERT_EQ(regular["models"].size(), 2u);
  const auto sbg = Parameters(regular["models"][0]);
  EXPECT_NEAR(sbg["alpha"].get<double>(), 0.704, 5e-4);
  EXPECT_NEAR(sbg["beta"].get<double>(), 1.182, 5e-4);
  EXPECT_NEAR(regular["models"][0]["log_likelihood"].get<double>(), -1680.27,
              5e-3);
  // BdW nests the sBG: never a worse fit, and the likelihood ratio is given.
  EXPECT_EQ(regular["models"][1]["model"], "bdw");
  EXPECT_GE(regular["models"][1]["log_likelihood"].get<double>(),
            regular["models"][0]["log_likelihood"].get<double>() - 1e-6);
  EXPECT_TRUE(regular["likelihood_ratio"]["p_value"].is_number());
  const auto high_end = Parameters(document["cohorts"][1]["models"][0]);
  EXPECT_NEAR(high_end["alpha"].get<double>(), 0.668, 5e-4);
  EXPECT_NEAR(high_end["beta"].get<double>(), 3.806, 5e-4);
  // Projected 5 periods past the counts; the fitted count at 0 is the start.
  const auto& periods = regular["models"][0]["periods"];
  ASSERT_EQ(periods.size(), 13u);
  EXPECT_NEAR(periods[0]["expected_alive"].get<double>(), 1000, 1e-9);
  EXPECT_TRUE(periods[12]["actual_alive"].is_null());
  EXPECT_FALSE(periods[12]["in_calibration"].get<bool>());
}

TEST(RetentionCommandTest, ResidualValueIsTheDiscountedLifetimeTimesValue) {
  auto run = testing::RunVafa(
      {"retention", "--alive", kRegular, "--model", "sbg", "--value-per-period",
       "100", "--discount", "0.1", "--format", "json"},
      /*with_stderr=*/false);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto residual =
      nlohmann::json::parse(run.output)["cohorts"][0]["models"][0]["residual"];
  EXPECT_EQ(residual["renewals"], 7);
  EXPECT_EQ(residual["survivors"], 241);
  const double derl =
      residual["discounted_expected_residual_lifetime"].get<double>();
  EXPECT_GT(derl, 1);
  EXPECT_NEAR(residual["residual_value_per_contract"].get<double>(), 100 * derl,
              1e-9);
  EXPECT_NEAR(residual["residual_value"].get<double>(), 241 * 100 * derl, 1e-6);
}

TEST(RetentionCommandTest, TextNamesTheModelsAndMarksTheProjection) {
  auto run = testing::RunVafa(
      {"retention", "--alive",
       "regular=1000,631,468,382,326,289,262,241,223,207,194,183,173",
       "--calibration", "7"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("Cohort regular (fitted on periods 0-7)"));
  EXPECT_THAT(run.output, HasSubstr("sbg"));
  EXPECT_THAT(run.output, HasSubstr("bdw"));
  EXPECT_THAT(run.output, HasSubstr("     8* "));
}

TEST(RetentionCommandTest, RefusesWhatIsNotACohortNamingThePlace) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  std::string long_cohort = "long=";
  for (int i = 0; i <= 10'000; ++i) long_cohort += (i ? ",1" : "1");
  const std::vector<Case> cases = {
      {{"--alive", "shop=1000,600,700"},
       "--alive shop: alive counts: position 2"},
      {{"--alive", "shop=1000,x,700"},
       "--alive shop: count 1 (\"x\") is not a whole number"},
      {{"--alive", "shop=1000,,700"}, "count 1 (\"\")"},
      {{"--alive", "shop=1000,600.5"}, "count 1 (\"600.5\")"},
      {{"--alive", "shop=99999999999999999999999,1"}, "count 0"},
      {{"--alive", "shop=1000"}, "at least two"},
      {{"--alive", "shop=0,0"}, "position 0"},
      {{"--alive", "shop=1000,-5"}, "position 1 is negative"},
      {{"--alive", "loyal=10,10,10"}, "cohort loyal: no contract ended"},
      {{"--alive", "shop=1000,600,500", "--calibration", "3"},
       "--calibration 3: cohort shop has periods 1 to 2"},
      {{"--alive", "shop=1000,600", "--discount", "0"}, "--discount"},
      {{"--alive", long_cohort}, "more than 10,000 periods"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"retention"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    auto run = testing::RunVafa(args);
    EXPECT_EQ(run.exit_code, 1) << c.message << ": " << run.output;
    EXPECT_THAT(run.output, HasSubstr(c.message));
  }
  auto missing = testing::RunVafa({"retention"});
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
}

}  // namespace
}  // namespace vafa
