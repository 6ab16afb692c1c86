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

#include "core/dates.h"
#include "core/report_table.h"
#include "pipeline/report_columns.h"
#include "pipeline/report_rendering.h"
#include "pipeline/report_storage.h"
#include "pipeline/run_reads.h"
#include "pipeline/score_writer.h"
#include "store/database.h"

namespace vafa {
// No day in this report: every customer here has bought.
constexpr DayNumber kNoDayInReport = -2147483647 - 1;
}  // namespace vafa

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

// The summary's deterministic figures, one customer at a time, handed to
// `row` as a writer has them: days as numbers, amounts in minor units.
struct SummaryRow {
  int c, first_day, last_day, orders, refunds, purchase_days, repeat, recency,
      tenure, span, revenue, refund_amount;
  double mean;
  int cost, margin, products, channels, branches;
  double discounted;
};
template <typename Row>
void ForEachSummaryRow(int customers, Row&& row) {
  uint64_t state = 42;
  auto next = [&](int bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((state >> 33) % bound);
  };
  // 2023-01-01 is day 19358, 2024-01-01 day 19723.
  for (int c = 0; c < customers; ++c) {
    const int orders = 1 + next(20), revenue = 10000 + next(9000000);
    SummaryRow r;
    r.c = c;
    r.first_day = 19358 + next(12) * 28 + next(28);
    r.last_day = 19723 + next(12) * 28 + next(28);
    r.orders = orders;
    r.refunds = next(3);
    r.purchase_days = orders;
    r.repeat = orders - 1;
    r.recency = next(400);
    r.tenure = next(700);
    r.span = next(500);
    r.revenue = revenue;
    r.refund_amount = -next(5000);
    r.mean = revenue / double(orders);
    r.cost = r.margin = revenue / 2;
    r.products = 1 + next(30);
    r.channels = 1 + next(3);
    r.branches = 1 + next(5);
    r.discounted = next(1000) / 1000.0;
    row(r);
  }
}

// The summary report as its writer made it before it built tables: CSV.
std::string SummaryCsv(int customers) {
  std::ostringstream out;
  out << "customer,first_purchase,last_purchase,orders,refunds,purchase_days,"
         "repeat_purchases,recency_days,tenure_days,purchase_span_days,"
         "revenue,refund_amount,mean_order_value,cost_of_goods,margin,"
         "distinct_products,distinct_channels,distinct_branches,"
         "discounted_order_share\n";
  char line[512];
  ForEachSummaryRow(customers, [&](const SummaryRow& r) {
    std::snprintf(line, sizeof line,
                  "C%07d,%s,%s,%d,%d,%d,%d,%d,%d,%d,%d,%d,%.6f,%d,%d,%d,%d,%d,"
                  "%.6f\n",
                  r.c, vafa::FormatGregorian(r.first_day).c_str(),
                  vafa::FormatGregorian(r.last_day).c_str(), r.orders,
                  r.refunds, r.purchase_days, r.repeat, r.recency, r.tenure,
                  r.span, r.revenue, r.refund_amount, r.mean, r.cost, r.margin,
                  r.products, r.channels, r.branches, r.discounted);
    out << line;
  });
  return out.str();
}

// The summary report as its writer builds it now: the table, cell by cell.
vafa::ReportTable SummaryTable(int customers) {
  using vafa::ColumnType;
  const vafa::pipeline::ReportShape* shape =
      vafa::pipeline::ShapeOfReport("summary");
  vafa::ReportTable table("summary");
  table.set_currency("IRR");
  for (const vafa::pipeline::ReportColumn& column : shape->columns) {
    table.AddColumn(std::string(column.name), column.type, 6);
  }
  char key[16];
  ForEachSummaryRow(customers, [&](const SummaryRow& r) {
    std::snprintf(key, sizeof key, "C%07d", r.c);
    table.Text(key);
    table.Date(r.first_day, vafa::kNoDayInReport);
    table.Date(r.last_day, vafa::kNoDayInReport);
    for (int figure :
         {r.orders, r.refunds, r.purchase_days, r.repeat, r.recency, r.tenure,
          r.span, r.revenue, r.refund_amount}) {
      table.Integer(figure);
    }
    table.Number(r.mean);
    for (int figure : {r.cost, r.margin, r.products, r.channels, r.branches}) {
      table.Integer(figure);
    }
    table.Number(r.discounted);
    table.EndWrittenRow();
  });
  return table;
}

int Run(const std::string& location, int customers) {
  auto opened = vafa::store::Database::Open(location);
  if (!opened.ok()) {
    std::cerr << opened.status().ToString() << "\n";
    return 1;
  }
  vafa::store::Database& db = **opened;
  Clock start;
  const std::string csv = SummaryCsv(customers);
  const std::string csv_writer = Seconds(start);

  // The workspace whose currency a report kept as CSV is read in.
  long long workspaces = 0;
  db.sql() << "SELECT COUNT(*) FROM workspaces WHERE id = 1",
      soci::into(workspaces);
  if (workspaces == 0) {
    db.sql() << "INSERT INTO workspaces (slug, name, currency, created_at) "
                "VALUES ('bench', 'bench', 'IRR', 1)";
  }

  // Before: the CSV text kept as it is.
  start = Clock();
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

  // Before the writers built tables: their CSV read once into the table.
  start = Clock();
  auto table = ReportTableFromCsv(csv, "summary", "IRR");
  const std::string to_table = Seconds(start);
  // Now: the writer builds the table; the same table, rendered the same.
  start = Clock();
  vafa::ReportTable native = SummaryTable(customers);
  const std::string native_table = Seconds(start);
  if (!table.ok() || vafa::pipeline::RenderReportCsv(native) != csv ||
      vafa::pipeline::RenderReportJson(native) !=
          vafa::pipeline::RenderReportJson(*table)) {
    std::cerr << "the writer's table and the CSV read back differ\n";
    return 1;
  }
  vafa::pipeline::AnalysisRun run;
  run.parameters = run.summary = "{}";
  run.reports.push_back({"typed", std::move(native)});
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
  std::printf("the writer: CSV text %s; the table built natively %s\n",
              csv_writer.c_str(), native_table.c_str());
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
