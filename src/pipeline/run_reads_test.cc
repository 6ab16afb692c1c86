#include "pipeline/run_reads.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <optional>
#include <string>

#include "store/store_test_support.h"

namespace vafa::pipeline {
namespace {

class RunReadsTest : public store::BackendTest {
 protected:
  long long Run(long long workspace, const std::string& kind,
                std::optional<long long> finished) {
    long long id = 0, finished_at = finished.value_or(0);
    soci::indicator running = finished ? soci::i_ok : soci::i_null;
    std::string status = finished ? "completed" : "running";
    db().sql() << "INSERT INTO analysis_runs (workspace_id, kind, "
                  "parameters, data_fingerprint, started_at, finished_at, "
                  "duration_ms, status) VALUES (:w, :k, '{\"as_of\":1}', "
                  "'orders:3', 100, :f, :d, :s) RETURNING id",
        soci::use(workspace), soci::use(kind), soci::use(finished_at, running),
        soci::use(finished_at, running), soci::use(status), soci::into(id);
    return id;
  }
  void Report(long long workspace, const std::string& name,
              const std::string& calendar, long long run,
              const std::string& body) {
    db().sql() << "INSERT INTO analysis_reports (workspace_id, name, "
                  "calendar, run_id, body) VALUES (:w, :n, :c, :r, :b)",
        soci::use(workspace), soci::use(name), soci::use(calendar),
        soci::use(run), soci::use(body);
  }
};

TEST_P(RunReadsTest, TheLatestRunsOfTheWorkspaceNewestFirst) {
  const long long first = Run(1, "analyze", 700);
  const long long second = Run(1, "churn", 800);
  Run(2, "analyze", 900);  // another workspace
  const long long running = Run(1, "analyze", std::nullopt);

  auto runs = LatestAnalysisRuns(db(), 1, 20);
  ASSERT_TRUE(runs.ok()) << runs.status().ToString();
  ASSERT_EQ(runs->size(), 3u);
  EXPECT_EQ((*runs)[0].id, running);
  EXPECT_EQ((*runs)[1].id, second);
  EXPECT_EQ((*runs)[2].id, first);
  EXPECT_EQ((*runs)[0].status, "running");
  EXPECT_FALSE((*runs)[0].finished_at.has_value());
  EXPECT_FALSE((*runs)[0].duration_ms.has_value());
  const AnalysisRunRecord& churn = (*runs)[1];
  EXPECT_EQ(churn.kind, "churn");
  EXPECT_EQ(churn.parameters, "{\"as_of\":1}");
  EXPECT_EQ(churn.data_fingerprint, "orders:3");
  EXPECT_EQ(churn.started_at, 100);
  EXPECT_EQ(churn.finished_at, 800);
  EXPECT_EQ(churn.duration_ms, 800);
  EXPECT_EQ(churn.status, "completed");

  auto two = LatestAnalysisRuns(db(), 1, 2);
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[1].id, second);
}

TEST_P(RunReadsTest, AKeptReportIsFoundByNameAndCalendar) {
  const long long done = Run(1, "analyze", 700);
  const long long running = Run(1, "analyze", std::nullopt);
  const long long elsewhere = Run(2, "analyze", 900);
  Report(1, "kpis", "gregorian", done, "month,revenue\n");
  Report(1, "pareto", "", running, "share\n");
  Report(2, "kpis", "jalali", elsewhere, "other\n");

  auto kpis = KeptReportOf(db(), 1, "kpis", "gregorian");
  ASSERT_TRUE(kpis.ok()) << kpis.status().ToString();
  ASSERT_TRUE(kpis->has_value());
  EXPECT_EQ((*kpis)->body, "month,revenue\n");
  EXPECT_EQ((*kpis)->run_id, done);
  EXPECT_EQ((*kpis)->finished_at, 700);

  auto pareto = KeptReportOf(db(), 1, "pareto", "");
  ASSERT_TRUE(pareto.ok());
  ASSERT_TRUE(pareto->has_value());
  EXPECT_EQ((*pareto)->finished_at, 0);  // its run has not finished

  for (const auto& [name, calendar] :
       {std::pair{"kpis", "jalali"}, std::pair{"cohorts", "gregorian"}}) {
    auto missing = KeptReportOf(db(), 1, name, calendar);
    ASSERT_TRUE(missing.ok());
    EXPECT_FALSE(missing->has_value()) << name << " " << calendar;
  }
}

VAFA_INSTANTIATE_BACKEND_TEST(RunReadsTest);

}  // namespace
}  // namespace vafa::pipeline
