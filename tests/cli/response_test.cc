// vafa response measure, as a user runs it: the quality bars for
// the response and uplift models on planted campaign members
// (docs/analytics.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "tests/cli/run_command.h"

namespace vafa {
namespace {

// Response AUC at least 0.75 on the holdout; the best uplift model's Qini
// at least 70% of the oracle's, its top 30% holding at least 60% of the
// planted incremental buyers.
TEST(ResponseMeasureTest, MeetsTheQualityBarsOnPlantedMembers) {
  auto measured = testing::RunVafa(
      {"response", "measure", "--members", "60000", "--format", "json"},
      /*with_stderr=*/false);
  ASSERT_EQ(measured.exit_code, 0) << measured.output;
  const auto document = nlohmann::json::parse(measured.output);
  EXPECT_EQ(document["members"].get<int>(), 60000);
  double best_auc = 0, best_qini = 0, recovered = 0;
  for (const auto& r : document["response"]) {
    best_auc = std::max(best_auc, r["auc"].get<double>());
    EXPECT_EQ(r["lift_by_decile"].size(), 10u);
  }
  ASSERT_EQ(document["uplift"].size(), 4u);
  for (const auto& u : document["uplift"]) {
    EXPECT_EQ(u["uplift_by_decile"].size(), 10u);
    if (u["qini_of_oracle"].get<double>() > best_qini) {
      best_qini = u["qini_of_oracle"].get<double>();
      recovered = u["recovered_at_30"].get<double>();
    }
  }
  EXPECT_GE(best_auc, 0.75);
  EXPECT_GE(best_qini, 0.70);
  EXPECT_GE(recovered, 0.60);
}

TEST(ResponseMeasureTest, RefusesOutOfRangeFlagsWithTheirName) {
  auto result = testing::RunVafa(
      {"response", "measure", "--members", "10", "--format", "json"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.output.find("--members"), std::string::npos)
      << result.output;
}

}  // namespace
}  // namespace vafa
