// vafa response measure and train, as a user runs them: the issue's
// quality bars for the response and uplift models on planted campaign
// members and on the demo workspace's campaign history, the refusal when
// the history is thin, and the stored run and scores (docs/analytics.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_store_test.h"
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

class ResponseTrainTest : public testing::CliStoreTest {};

// On the default-sized demo (5,000 customers, 24 monthly offers), judged
// on the latest six offers: response AUC at least 0.75; the chosen uplift
// model's Qini at least 70% of the planted oracle's and its top 30%
// holding at least 60% of the planted incremental buyers. Then the run and
// both scores are stored.
TEST_P(ResponseTrainTest, MeetsTheQualityBarsOnTheDemosCampaigns) {
  auto demo = Vafa({"demo", "--customers", "5000", "--seed", "1", "--end",
                    "2026-11-20", "--campaign-history"});
  ASSERT_EQ(demo.exit_code, 0) << demo.output;
  EXPECT_NE(demo.output.find("planted 24 finished campaigns"),
            std::string::npos)
      << demo.output;
  auto trained = Vafa({"response", "train", "--campaign-type", "retention",
                       "--against-planted", "--format", "json"},
                      /*with_stderr=*/false);
  ASSERT_EQ(trained.exit_code, 0) << trained.output;
  const auto document = nlohmann::json::parse(trained.output);
  EXPECT_EQ(document["finished_campaigns"].get<int>(), 24);
  EXPECT_EQ(document["holdout"]["campaigns"].get<int>(), 6);
  double best_auc = 0;
  for (const auto& r : document["response"]) {
    best_auc = std::max(best_auc, r["auc"].get<double>());
  }
  EXPECT_GE(best_auc, 0.75);
  int chosen = 0;
  for (const auto& u : document["uplift"]) {
    if (!u["chosen"].get<bool>()) continue;
    ++chosen;
    EXPECT_GE(u["qini_of_oracle"].get<double>(), 0.70) << u.dump();
    EXPECT_GE(u["recovered_at_30"].get<double>(), 0.60) << u.dump();
  }
  EXPECT_EQ(chosen, 1);
  ASSERT_TRUE(document["run_id"].is_number());
  EXPECT_EQ(document["scored_customers"].get<int>(), 5000);
  long long run_kind = 0, scored = 0, persuadable = 0;
  scratch_->db().sql() << "SELECT COUNT(*) FROM analysis_runs WHERE kind = "
                          "'response'",
      soci::into(run_kind);
  scratch_->db().sql() << "SELECT COUNT(*) FROM scores WHERE name = "
                          "'predicted_uplift'",
      soci::into(scored);
  scratch_->db().sql() << "SELECT COUNT(*) FROM scores WHERE name = "
                          "'predicted_uplift' AND label = 'persuadable'",
      soci::into(persuadable);
  EXPECT_EQ(run_kind, 1);
  EXPECT_EQ(scored, 5000);
  EXPECT_EQ(persuadable, document["audiences"]["persuadable"].get<long long>());
  EXPECT_GT(persuadable, 0);
}

TEST_P(ResponseTrainTest, RefusesWhenTheHistoryIsThinAndStoresNothing) {
  auto demo = Vafa({"demo", "--customers", "200", "--seed", "2", "--end",
                    "2026-11-20", "--campaign-history"});
  ASSERT_EQ(demo.exit_code, 0) << demo.output;
  // Only the win-back campaign is of its type.
  auto trained = Vafa({"response", "train", "--campaign-type", "winback"});
  EXPECT_NE(trained.exit_code, 0);
  EXPECT_NE(trained.output.find("has 1 finished campaign with members; the "
                                "models need 5"),
            std::string::npos)
      << trained.output;
  long long runs = 0;
  scratch_->db().sql() << "SELECT COUNT(*) FROM analysis_runs WHERE kind = "
                          "'response'",
      soci::into(runs);
  EXPECT_EQ(runs, 0);
}

VAFA_INSTANTIATE_BACKEND_TEST(ResponseTrainTest);

}  // namespace
}  // namespace vafa
