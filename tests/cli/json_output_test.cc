// `--format json` on analyze, clv, churn and basket, on a demo workspace of
// each backend: stdout is exactly one JSON document with the fitted models,
// their diagnostics, counts and money in the currency's major unit; and a
// fit the data cannot support says so in the text and in the JSON.
#include <gmock/gmock.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "store/store_test_support.h"
#include "tests/cli/run_command.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;
using json = nlohmann::json;

class JsonOutputTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto demo =
        testing::RunVafa({"--db", scratch_->location(), "demo", "--customers",
                          "400", "--seed", "3", "--end", "2026-11-20"});
    ASSERT_EQ(demo.exit_code, 0) << demo.output;
  }
  // Runs vafa on the workspace with --format json and parses stdout.
  json Document(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", scratch_->location()});
    args.insert(args.end(), {"--format", "json"});
    auto run = testing::RunVafa(args, /*with_stderr=*/false);
    EXPECT_EQ(run.exit_code, 0) << run.output;
    json parsed = json::parse(run.output, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << "not one JSON document:\n"
                                        << run.output;
    return parsed.is_discarded() ? json::object() : parsed;
  }
};

// Every parameter has a value and a standard error; the diagnostics give a
// verdict and, for a purchase model, the P(alive) check's shares.
void ExpectFittedModel(const json& model, size_t parameters) {
  ASSERT_EQ(model["parameters"].size(), parameters) << model.dump();
  for (const json& p : model["parameters"]) {
    EXPECT_GT(p["value"].get<double>(), 0) << p.dump();
    EXPECT_TRUE(p["standard_error"].is_number()) << p.dump();
  }
  EXPECT_LT(model["log_likelihood"].get<double>(), 0);
  ASSERT_EQ(model["correlation"].size(), parameters);
  EXPECT_NEAR(model["correlation"][0][0].get<double>(), 1, 1e-9);
  const json& diagnostics = model["diagnostics"];
  EXPECT_TRUE(diagnostics["degenerate"].is_boolean());
  EXPECT_EQ(diagnostics["parameters"].size(), parameters);
  EXPECT_EQ(diagnostics["degenerate"].get<bool>(),
            diagnostics["warning"].is_string());
}

TEST_P(JsonOutputTest, ClvPrintsModelsDiagnosticsAndMoneyInMajorUnits) {
  json clv = Document({"clv", "--holdout-from", "2026-06-01", "--model", "auto",
                       "--no-scores"});
  EXPECT_EQ(clv["command"], "clv");
  EXPECT_EQ(clv["currency"], "IRR");
  EXPECT_GT(clv["customers"].get<int64_t>(), 300);
  ExpectFittedModel(clv["model"], 4);
  EXPECT_GT(
      clv["model"]["diagnostics"]["share_p_alive_above_0_9"].get<double>(), 0);
  ExpectFittedModel(clv["spend_model"], 3);
  EXPECT_EQ(clv["spend_model"]["parameters"][2]["unit"], "IRR");
  ASSERT_EQ(clv["holdout"]["models"].size(), 3u);
  for (const json& model : clv["holdout"]["models"]) {
    EXPECT_GT(model["actual"].get<double>(), 0);
    // A calibration fit without predictions is one its diagnostics call
    // degenerate, and it is never the one chosen.
    if (!model["predicted"].is_number()) {
      EXPECT_EQ(model["diagnostics"]["degenerate"], true) << model.dump();
      EXPECT_NE(model["model"], clv["holdout"]["chosen"]);
      continue;
    }
    EXPECT_GT(model["predicted"].get<double>(), 0);
    EXPECT_GT(model["rmse"].get<double>(), 0);
  }
  EXPECT_EQ(clv["model"]["model"], clv["holdout"]["chosen"]);
  EXPECT_GT(clv["lifetime_value"]["total"].get<double>(), 0);
  EXPECT_EQ(clv["lifetime_value"]["currency"], "IRR");
  EXPECT_TRUE(clv["scores_run"].is_null());
}

TEST_P(JsonOutputTest, AnalyzePrintsCountsAndTheLifetimeModel) {
  json analyze = Document({"analyze"});
  EXPECT_EQ(analyze["command"], "analyze");
  EXPECT_EQ(analyze["customers"], 400);
  EXPECT_GT(analyze["orders"].get<int64_t>(), 400);
  EXPECT_GE(analyze["lines"].get<int64_t>(), analyze["orders"].get<int64_t>());
  EXPECT_FALSE(analyze["rfm_segments"].empty());
  EXPECT_TRUE(analyze["last_complete_month"]["active_customers"].is_number());
  const json& clv = analyze["lifetime_value"];
  ExpectFittedModel(clv["model"], 4);
  ExpectFittedModel(clv["spend_model"], 3);
  EXPECT_EQ(clv["total_value"]["currency"], "IRR");
  EXPECT_GT(analyze["scores_run"].get<int64_t>(), 0);
  // The stored run keeps the diagnostics as a report of its own.
  auto stored = testing::RunVafa(
      {"--db", scratch_->location(), "analyze", "--report", "clv_diagnostics"});
  ASSERT_EQ(stored.exit_code, 0) << stored.output;
  EXPECT_THAT(stored.output, HasSubstr("model,degenerate,customers,"));
  EXPECT_THAT(stored.output, HasSubstr("\nbg_nbd,"));
  EXPECT_THAT(stored.output, HasSubstr("\ngamma_gamma,"));
}

TEST_P(JsonOutputTest, ChurnAndBasketPrintOneDocument) {
  json churn = Document({"churn", "--threads", "2", "--no-scores"});
  EXPECT_EQ(churn["command"], "churn");
  EXPECT_GT(churn["evidence"]["training_rows"].get<int64_t>(), 0);
  EXPECT_GT(churn["evidence"]["holdout_customers"].get<int64_t>(), 0);
  EXPECT_TRUE(churn["evidence"]["refusal"].is_string());
  EXPECT_FALSE(churn["evaluations"].empty());
  const json& bands = churn["risk_bands"];
  EXPECT_EQ(bands["high"].get<int64_t>() + bands["medium"].get<int64_t>() +
                bands["low"].get<int64_t>(),
            churn["customers_scored"].get<int64_t>());
  EXPECT_EQ(churn["currency"], "IRR");
  json basket = Document({"basket", "--min-support", "1%", "--no-scores"});
  EXPECT_EQ(basket["command"], "basket");
  EXPECT_GT(basket["baskets"].get<int64_t>(), 0);
  EXPECT_GT(basket["frequent_itemsets"].get<int64_t>(), 0);
  EXPECT_TRUE(basket["rules"].is_number());
}

VAFA_INSTANTIATE_BACKEND_TEST(JsonOutputTest);

// Customers who kept buying at a steady pace right up to the end: the data
// hold no evidence of dropout, and BG/NBD's dropout is not identified. The
// user is told, with the model to try, in the text and in the JSON.
TEST(FitWarningTest, ADegenerateFitWarnsWithTheAlternative) {
  auto path = std::filesystem::temp_directory_path() /
              ("vafa_steady_" + std::to_string(getpid()) + ".csv");
  {
    std::ofstream out(path);
    out << "customer_id,order_id,date,product,amount\n";
    int order = 0;
    for (int c = 0; c < 300; ++c) {
      const int interval = 7 + c % 9;
      for (int day = c % 5; day < 360; day += interval) {
        const std::chrono::year_month_day date{
            std::chrono::sys_days{std::chrono::year{2025} / 1 / 1} +
            std::chrono::days{day}};
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02u-%02u",
                      static_cast<int>(date.year()),
                      static_cast<unsigned>(date.month()),
                      static_cast<unsigned>(date.day()));
        out << "c" << c << ",o" << ++order << ',' << text << ",p,"
            << 100 + c % 50 << '\n';
      }
    }
  }
  auto text = testing::RunVafa({"clv", "--csv", path.string(), "--currency",
                                "USD", "--as-of", "2026-01-01"});
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_THAT(text.output, HasSubstr("warning: "));
  EXPECT_THAT(text.output, HasSubstr("try --model pareto_nbd"));
  auto run =
      testing::RunVafa({"clv", "--csv", path.string(), "--currency", "USD",
                        "--as-of", "2026-01-01", "--format", "json"},
                       /*with_stderr=*/false);
  ASSERT_EQ(run.exit_code, 0);
  json document = json::parse(run.output);
  EXPECT_EQ(document["model"]["diagnostics"]["degenerate"], true);
  EXPECT_THAT(document["model"]["diagnostics"]["warning"].get<std::string>(),
              HasSubstr("try --model pareto_nbd"));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace vafa
