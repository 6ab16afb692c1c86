#include "pipeline/run_reads.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <optional>
#include <string>

#include "pipeline/score_writer.h"
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
  // Kept as CSV before reports were tables: read by the report's columns.
  ASSERT_EQ((*kpis)->table.column_count(), 2u);
  EXPECT_EQ((*kpis)->table.column(0).name, "month");
  EXPECT_EQ((*kpis)->table.column(1).type, ColumnType::kMoney);
  EXPECT_EQ((*kpis)->table.row_count(), 0u);
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

// A table with a cell of every kind: a key of digits, a formula-like text,
// a day, money (negative too), a share, and empty cells.
ReportTable Summary() {
  ReportTable table("summary");
  table.set_currency("IRR");
  table.AddColumn("customer", ColumnType::kText);
  table.AddColumn("first_purchase", ColumnType::kDate);
  table.AddColumn("orders", ColumnType::kInteger);
  table.AddColumn("revenue", ColumnType::kMoney);
  table.AddColumn("discounted_order_share", ColumnType::kNumber);
  table.Text("007");
  table.Text("2024-03-20");
  table.Integer(3);
  table.Integer(-125000);
  table.Number(0.25);
  EXPECT_TRUE(table.EndRow().ok());
  table.Text("=HYPERLINK(\"x\")");
  table.Empty();
  table.Integer(0);
  table.Empty();
  table.Empty();
  EXPECT_TRUE(table.EndRow().ok());
  return table;
}

TEST_P(RunReadsTest, AKeptTableReadsBackCellForCell) {
  AnalysisRun run;
  run.started_at = 100;
  run.duration_ms = 2000;
  run.parameters = "{}";
  run.summary = "{}";
  run.reports.push_back({"", Summary()});
  auto run_id = WriteScores(db(), 1, {}, {}, run);
  ASSERT_TRUE(run_id.ok()) << run_id.status().ToString();

  auto kept = KeptReportOf(db(), 1, "summary", "");
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  ASSERT_TRUE(kept->has_value());
  EXPECT_EQ((*kept)->run_id, *run_id);
  EXPECT_EQ((*kept)->finished_at, 102);
  const ReportTable& table = (*kept)->table;
  EXPECT_EQ(table.name(), "summary");
  EXPECT_EQ(table.currency(), "IRR");
  ASSERT_EQ(table.column_count(), 5u);
  ASSERT_EQ(table.row_count(), 2u);
  const ColumnType types[] = {ColumnType::kText, ColumnType::kDate,
                              ColumnType::kInteger, ColumnType::kMoney,
                              ColumnType::kNumber};
  for (size_t column = 0; column < 5; ++column) {
    EXPECT_EQ(table.column(column).type, types[column]) << column;
  }
  EXPECT_EQ(table.TextAt(0, 0), "007");
  EXPECT_EQ(table.TextAt(1, 0), "2024-03-20");
  EXPECT_EQ(table.IntegerAt(2, 0), 3);
  EXPECT_EQ(table.IntegerAt(3, 0), -125000);
  EXPECT_EQ(table.NumberAt(4, 0), 0.25);
  EXPECT_EQ(table.TextAt(0, 1), "=HYPERLINK(\"x\")");
  EXPECT_TRUE(table.IsEmpty(1, 1));
  EXPECT_FALSE(table.IsEmpty(2, 1));
  EXPECT_EQ(table.IntegerAt(2, 1), 0);
  EXPECT_TRUE(table.IsEmpty(3, 1));
  EXPECT_TRUE(table.IsEmpty(4, 1));

  // A later run's copy replaces it; the CSV column is left empty.
  run.reports[0].table = ReportTable("summary");
  run.reports[0].table.AddColumn("customer", ColumnType::kText);
  ASSERT_TRUE(WriteScores(db(), 1, {}, {}, run).ok());
  auto later = KeptReportOf(db(), 1, "summary", "");
  ASSERT_TRUE(later.ok() && later->has_value());
  EXPECT_EQ((*later)->table.column_count(), 1u);
  std::string body;
  db().sql() << "SELECT body FROM analysis_reports WHERE name = 'summary'",
      soci::into(body);
  EXPECT_EQ(body, "");
}

TEST_P(RunReadsTest, AReportKeptAsCsvIsReadByItsColumns) {
  const long long done = Run(1, "analyze", 700);
  Report(1, "value", "", done,
         "customer,abc,profit,acquisition_retention\n"
         "'-x,A,-40,easy_acquire_easy_retain\n"
         "0071,,,\n");
  auto kept = KeptReportOf(db(), 1, "value", "");
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  ASSERT_TRUE(kept->has_value());
  const ReportTable& table = (*kept)->table;
  ASSERT_EQ(table.row_count(), 2u);
  EXPECT_EQ(table.TextAt(0, 0), "-x");
  EXPECT_EQ(table.IntegerAt(2, 0), -40);
  EXPECT_EQ(table.TextAt(0, 1), "0071");
  EXPECT_TRUE(table.IsEmpty(1, 1));
  EXPECT_TRUE(table.IsEmpty(2, 1));
}

VAFA_INSTANTIATE_BACKEND_TEST(RunReadsTest);

}  // namespace
}  // namespace vafa::pipeline
