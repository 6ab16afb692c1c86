// Keeping a large report and reading it back as the API's JSON: the CSV
// text a run kept before migration 0025 (read back through the CSV reader
// by the report's columns) against the typed table kept since (columns and
// cells as JSON). The report is the per-customer summary (19 columns) of
// CUSTOMERS customers with deterministic values; prints one line per step.
//
//   report_store STORE [CUSTOMERS]     STORE: an SQLite path or postgresql://
#include <soci/soci.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <sstream>
#include <string>

#include "pipeline/report_columns.h"
#include "pipeline/report_rendering.h"
#include "pipeline/report_storage.h"
#include "pipeline/run_reads.h"
#include "pipeline/score_writer.h"
#include "store/database.h"

namespace {

using vafa::pipeline::ReportTableFromCsv;

// Wall-clock and CPU seconds of a step (the CPU time is the process's,
// so it counts the work done here whatever else the machine runs).
struct Clock {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  std::clock_t cpu = std::clock();
};
std::string Seconds(const Clock& since) {
  const double wall = std::chrono::duration<double>(
                          std::chrono::steady_clock::now() - since.wall)
                          .count();
  const double cpu =
      static_cast<double>(std::clock() - since.cpu) / CLOCKS_PER_SEC;
  char text[64];
  std::snprintf(text, sizeof text, "%.2f s (CPU %.2f s)", wall, cpu);
  return text;
}

// The summary report as its writer makes it.
std::string SummaryCsv(int customers) {
  std::ostringstream out;
  out << "customer,first_purchase,last_purchase,orders,refunds,purchase_days,"
         "repeat_purchases,recency_days,tenure_days,purchase_span_days,"
         "revenue,refund_amount,mean_order_value,cost_of_goods,margin,"
         "distinct_products,distinct_channels,distinct_branches,"
         "discounted_order_share\n";
  uint64_t state = 42;
  auto next = [&](int bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((state >> 33) % bound);
  };
  char line[512];
  for (int c = 0; c < customers; ++c) {
    const int orders = 1 + next(20), revenue = 10000 + next(9000000);
    std::snprintf(line, sizeof line,
                  "C%07d,2023-%02d-%02d,2024-%02d-%02d,%d,%d,%d,%d,%d,%d,%d,"
                  "%d,%d,%.6f,%d,%d,%d,%d,%d,%.6f\n",
                  c, 1 + next(12), 1 + next(28), 1 + next(12), 1 + next(28),
                  orders, next(3), orders, orders - 1, next(400), next(700),
                  next(500), revenue, -next(5000), revenue / double(orders),
                  revenue / 2, revenue / 2, 1 + next(30), 1 + next(3),
                  1 + next(5), next(1000) / 1000.0);
    out << line;
  }
  return out.str();
}

int Run(const std::string& location, int customers) {
  auto opened = vafa::store::Database::Open(location);
  if (!opened.ok()) {
    std::cerr << opened.status().ToString() << "\n";
    return 1;
  }
  vafa::store::Database& db = **opened;
  const std::string csv = SummaryCsv(customers);

  // Before: the CSV text kept as it is.
  Clock start;
  {
    long long run_id = 0;
    db.sql() << "INSERT INTO analysis_runs (workspace_id, kind, parameters, "
                "data_fingerprint, started_at, finished_at, duration_ms, "
                "status, summary) VALUES (1, 'analyze', '{}', '', 1, 2, 1, "
                "'completed', '{}')";
    db.sql() << "SELECT MAX(id) FROM analysis_runs", soci::into(run_id);
    db.sql() << "INSERT INTO analysis_reports (workspace_id, name, calendar, "
                "run_id, body) VALUES (1, 'summary', 'csv', :r, :b)",
        soci::use(run_id), soci::use(csv);
  }
  const std::string csv_write = Seconds(start);
  start = Clock();
  auto legacy = vafa::pipeline::KeptReportOf(db, 1, "summary", "csv");
  const std::string csv_read = Seconds(start);
  start = Clock();
  const std::string csv_json =
      vafa::pipeline::RenderReportJson((*legacy)->table);
  const std::string csv_json_seconds = Seconds(start);

  // After: the writer's CSV read once into the table, kept as the table.
  start = Clock();
  auto table = ReportTableFromCsv(csv, "summary", "IRR");
  const std::string to_table = Seconds(start);
  vafa::pipeline::AnalysisRun run;
  run.parameters = run.summary = "{}";
  run.reports.push_back({"typed", std::move(table).value()});
  start = Clock();
  auto written = vafa::pipeline::WriteScores(db, 1, {}, {}, run);
  const std::string typed_write = Seconds(start);
  start = Clock();
  auto kept = vafa::pipeline::KeptReportOf(db, 1, "summary", "typed");
  const std::string typed_read = Seconds(start);
  start = Clock();
  const std::string typed_json =
      vafa::pipeline::RenderReportJson((*kept)->table);
  const std::string typed_json_seconds = Seconds(start);
  if (!written.ok() || !kept.ok() || !legacy.ok() || csv_json != typed_json) {
    std::cerr << "the two forms differ or failed\n";
    return 1;
  }
  const vafa::pipeline::StoredTable stored =
      vafa::pipeline::EncodeReportTable((*kept)->table);
  std::printf("customers %d, JSON answer %zu bytes\n", customers,
              typed_json.size());
  std::printf("csv   kept %zu bytes: write %s, read %s, JSON %s\n", csv.size(),
              csv_write.c_str(), csv_read.c_str(), csv_json_seconds.c_str());
  std::printf(
      "table kept %zu bytes: CSV to table %s, write %s, read %s, JSON %s\n",
      stored.columns.size() + stored.cells.size(), to_table.c_str(),
      typed_write.c_str(), typed_read.c_str(), typed_json_seconds.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: report_store STORE [CUSTOMERS]\n";
    return 2;
  }
  return Run(argv[1], argc > 2 ? std::stoi(argv[2]) : 1000000);
}
