#include "pipeline/workspace_analysis.h"

#include <soci/soci.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <utility>

#include "analytics/cohorts.h"
#include "analytics/kpi.h"
#include "analytics/report_tables.h"
#include "core/dates.h"
#include "pipeline/churn_analysis.h"
#include "pipeline/complaint_source.h"
#include "pipeline/database_summary.h"
#include "pipeline/score_writer.h"
#include "store/sql_values.h"

namespace vafa::pipeline {
using analytics::AbcClassLetter;
using analytics::AnalyzeKeyCustomers;
using analytics::AnalyzeProfitability;
using analytics::Calendar;
using analytics::ComputeCohorts;
using analytics::ComputeRetentionKpis;
using analytics::CustomerSummary;
using analytics::RfmScores;
using analytics::RfmSegmentName;
using analytics::ScoreRfm;
using analytics::SummarizeCustomers;
using analytics::TransactionLog;
namespace churn = analytics::churn;

namespace {

// How customers moved between RFM segments since the previous run: from,
// to, customers ("" from: a customer the previous run did not segment; ""
// to: one it did that this run does not, an empty cell). nullopt when there
// was no previous run with segments.
Result<std::optional<ReportTable>> SegmentMoves(
    store::Database& db, int64_t workspace_id,
    const std::vector<int64_t>& customer_ids,
    const std::vector<std::string>& segments) {
  std::unordered_map<int64_t, std::string> before;
  try {
    long long workspace = workspace_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << "SELECT customer_id, label FROM scores WHERE "
                             "workspace_id = :w AND name = 'rfm_segment'",
         soci::use(workspace));
    for (const soci::row& row : rows) {
      if (row.get_indicator(1) == soci::i_null) continue;
      before.emplace(store::RowInt(row, 0), row.get<std::string>(1));
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the previous segments", error);
  }
  if (before.empty()) return std::optional<ReportTable>();
  std::map<std::pair<std::string, std::string>, int64_t> moves;
  for (size_t c = 0; c < customer_ids.size(); ++c) {
    auto found = before.find(customer_ids[c]);
    std::string from = found == before.end() ? "" : found->second;
    if (found != before.end()) before.erase(found);
    if (from.empty() && segments[c].empty()) continue;
    ++moves[{from, segments[c]}];
  }
  for (const auto& [customer, from] : before) ++moves[{from, ""}];
  ReportTable table("rfm_moves");
  table.AddColumn("from", ColumnType::kText);
  table.AddColumn("to", ColumnType::kText);
  table.AddColumn("customers", ColumnType::kInteger);
  for (const auto& [move, customers] : moves) {
    move.first.empty() ? table.Empty() : table.Text(move.first);
    move.second.empty() ? table.Empty() : table.Text(move.second);
    table.Integer(customers);
    VAFA_RETURN_IF_ERROR(table.EndRow());
  }
  return std::optional<ReportTable>(std::move(table));
}

// Lifetime value needs at least a few repeat buyers; without them the
// analysis stands and says why.
void AddLifetimeValue(LogAnalysis& analysis, const LoadedLog& loaded,
                      const std::string& model_name) {
  auto scored = ScoreLifetimeValue(analysis.summary, model_name, 365.25, 0.10,
                                   loaded.currency, loaded.minor_digits);
  if (scored.ok()) {
    analysis.clv = std::move(scored).value();
    analysis.have_clv = true;
  } else {
    analysis.clv_note =
        "lifetime value not computed: " + scored.status().message();
  }
}

}  // namespace

Result<LogAnalysis> AnalyzeLog(const LoadedLog& loaded,
                               const LogAnalysisOptions& options) {
  LogAnalysis out;
  VAFA_RETURN_IF_ERROR(AnalyzeLogInto(loaded, options, out));
  return out;
}

Status AnalyzeLogInto(const LoadedLog& loaded,
                      const LogAnalysisOptions& options, LogAnalysis& out) {
  const TransactionLog& log = loaded.log;
  DayNumber as_of = options.as_of != 0 ? options.as_of : loaded.last_day + 1;
  auto ready = [&options](std::string_view part) {
    if (options.on_ready) options.on_ready(part);
  };
  // Runs one part and reports its wall time.
  auto timed = [&options](std::string_view part, auto&& work) {
    const auto start = std::chrono::steady_clock::now();
    work();
    if (options.on_part) {
      options.on_part(part, std::chrono::duration<double>(
                                std::chrono::steady_clock::now() - start)
                                .count());
    }
  };
  if (loaded.summary) {
    // Computed by the database at the day the same rule chose.
    if (loaded.summary->as_of != as_of) {
      return Status::Internal("the database's summary is of another day");
    }
    out.summary = *loaded.summary;
    ready("summary");
  } else if (options.summary || options.rfm || options.key_customers ||
             options.profitability || options.lifetime_value) {
    timed("summary", [&] {
      out.summary = SummarizeCustomers(log, as_of, options.threads,
                                       options.distinct_counts);
    });
    ready("summary");
  }
  {
    // RFM's one sort (monetary) and the key customers' two are
    // independent: RFM on a thread of its own while the rankings run.
    std::jthread rfm_worker;
    if (options.rfm) {
      auto score = [&] {
        timed("rfm", [&] { out.rfm = ScoreRfm(out.summary); });
        ready("rfm");
      };
      if (options.key_customers && options.threads != 1) {
        rfm_worker = std::jthread(score);
      } else {
        score();
      }
    }
    if (options.key_customers) {
      timed("key_customers",
            [&] { out.key = AnalyzeKeyCustomers(out.summary); });
      ready("key_customers");
    }
  }
  if (options.profitability) {
    Result<Profitability> profitability = Status::Internal("not computed");
    timed("profitability", [&] {
      profitability =
          AnalyzeProfitability(out.summary, {}, loaded.acquisition_cost);
    });
    if (!profitability.ok()) return profitability.status();
    out.profitability = std::move(profitability).value();
    ready("profitability");
  }
  if (options.lifetime_value) {
    timed("lifetime_value",
          [&] { AddLifetimeValue(out, loaded, options.model); });
    ready("lifetime_value");
  }
  return Status::Ok();
}

Result<int64_t> StoreAnalysis(store::Database& db, int64_t workspace_id,
                              const LoadedLog& loaded,
                              const LogAnalysis& analysis,
                              const LogAnalysisOptions& options,
                              int64_t started_at, int64_t duration_ms) {
  const TransactionLog& log = loaded.log;
  const CustomerSummary& summary = analysis.summary;
  const RfmScores& rfm = analysis.rfm;
  DayNumber as_of = options.as_of != 0 ? options.as_of : loaded.last_day + 1;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  ScoreColumn segment{"rfm_segment", {}, {}}, score{"rfm_score", {}, {}},
      abc{"abc_class", {}, {}}, profit{"profit", {}, {}},
      revenue{"revenue", {}, {}};
  for (int32_t c = 0; c < summary.size(); ++c) {
    bool scored = rfm.recency[c] != 0;
    segment.label.push_back(scored ? std::string(RfmSegmentName(rfm.segment[c]))
                                   : "");
    score.value.push_back(scored ? rfm.recency[c] * 100 +
                                       rfm.frequency[c] * 10 + rfm.monetary[c]
                                 : nan);
    char letter = AbcClassLetter(analysis.key.abc[c]);
    abc.label.push_back(letter == '-' ? "" : std::string(1, letter));
    profit.value.push_back(
        summary.has_purchase(c)
            ? static_cast<double>(analysis.profitability.profit[c])
            : nan);
    revenue.value.push_back(static_cast<double>(summary.revenue[c]));
  }
  std::vector<ScoreColumn> columns = {segment, score, abc, profit, revenue};
  if (analysis.have_clv) {
    columns.push_back({"p_alive", analysis.clv.p_alive, {}});
    columns.push_back(
        {"expected_purchases_1y", analysis.clv.expected_purchases, {}});
    columns.push_back({"clv_1y", analysis.clv.value, {}});
  }

  AnalysisRun run;
  run.started_at = started_at;
  run.parameters = "{\"as_of\":\"" + FormatGregorian(as_of) +
                   "\",\"model\":\"" + options.model + "\"}";
  run.data_fingerprint = std::to_string(loaded.order_count()) + " orders, " +
                         std::to_string(loaded.line_count()) + " lines, last " +
                         FormatGregorian(loaded.last_day);
  run.duration_ms = duration_ms;
  run.summary = "{\"customers\":" + std::to_string(summary.size()) + "}";
  // The small reports, kept for dashboards: KPIs and cohorts in both
  // calendars, each built as its table by its writer.
  const std::string& currency = loaded.currency;
  auto keep = [&](std::string calendar, ReportTable table) {
    table.set_currency(currency);
    run.reports.push_back({std::move(calendar), std::move(table)});
  };
  keep("", analytics::ParetoTable(analysis.key));
  keep("", analytics::MatrixTable(analysis.profitability, currency));
  keep("", analytics::SegmentsTable(summary, rfm, analysis.profitability,
                                    currency));
  keep("", analytics::AbcTable(summary, analysis.key, analysis.profitability,
                               currency));
  if (analysis.have_clv) {
    keep("", ClvModelTable(analysis.clv));
    keep("", ClvDiagnosticsTable(analysis.clv));
    keep("", ClvDistributionTable(analysis.clv, currency));
  }
  // A summary from the database comes without the orders these read.
  for (Calendar each : {Calendar::kGregorian, Calendar::kJalali}) {
    if (loaded.summary) break;
    std::string label = each == Calendar::kJalali ? "jalali" : "gregorian";
    keep(label, analytics::RetentionKpisTable(
                    ComputeRetentionKpis(log, as_of, each, options.threads),
                    currency));
    keep(label, analytics::CohortsTable(
                    ComputeCohorts(log, as_of, each, options.threads)));
  }
  VAFA_ASSIGN_OR_RETURN(
      std::optional<ReportTable> moves,
      SegmentMoves(db, workspace_id, loaded.customer_ids, segment.label));
  if (moves) run.reports.push_back({"", std::move(*moves)});
  return WriteScores(db, workspace_id, loaded.customer_ids, columns, run);
}

const char* AnalysisStageName(AnalysisStage stage) {
  switch (stage) {
    case AnalysisStage::kLoading:
      return "loading";
    case AnalysisStage::kAnalyzing:
      return "analyzing";
    case AnalysisStage::kLifetimeValue:
      return "lifetime_value";
    case AnalysisStage::kStoring:
      return "storing";
    case AnalysisStage::kChurn:
      return "churn";
  }
  return "unknown";
}

Result<int64_t> AnalyzeWorkspace(
    store::Database& db, int64_t workspace_id, LogAnalysisOptions options,
    const std::function<void(AnalysisStage)>& progress,
    store::Database* orders_from) {
  auto report = [&](AnalysisStage stage) -> Status {
    if (options.stop_requested && options.stop_requested()) {
      return Status::Unavailable(std::string("the analysis was stopped before "
                                             "its ") +
                                 AnalysisStageName(stage) + " stage");
    }
    if (progress) progress(stage);
    return Status::Ok();
  };
  const auto started = std::chrono::steady_clock::now();
  const int64_t started_at = store::NowSeconds();
  VAFA_RETURN_IF_ERROR(report(AnalysisStage::kLoading));
  store::Database& orders = orders_from != nullptr ? *orders_from : db;
  VAFA_ASSIGN_OR_RETURN(
      LoadedLog loaded,
      options.aggregate_in_db
          ? SummarizeWorkspaceInDatabase(orders, workspace_id, options.as_of)
          : LoadTransactionsFromStore(orders, workspace_id));
  VAFA_RETURN_IF_ERROR(report(AnalysisStage::kAnalyzing));
  bool lifetime_value = options.lifetime_value;
  options.lifetime_value = false;
  VAFA_ASSIGN_OR_RETURN(LogAnalysis analysis, AnalyzeLog(loaded, options));
  if (lifetime_value) {
    VAFA_RETURN_IF_ERROR(report(AnalysisStage::kLifetimeValue));
    AddLifetimeValue(analysis, loaded, options.model);
    options.lifetime_value = true;
  }
  VAFA_RETURN_IF_ERROR(report(AnalysisStage::kStoring));
  int64_t duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
  VAFA_ASSIGN_OR_RETURN(
      int64_t run, StoreAnalysis(db, workspace_id, loaded, analysis, options,
                                 started_at, duration_ms));
  // Churn reads each customer's orders, which a summary has not.
  if (!options.churn || loaded.summary) return run;
  VAFA_RETURN_IF_ERROR(report(AnalysisStage::kChurn));
  const auto churn_started = std::chrono::steady_clock::now();
  const int64_t churn_started_at = store::NowSeconds();
  VAFA_ASSIGN_OR_RETURN(churn::ComplaintLog complaints,
                        LoadComplaintsFromStore(db, workspace_id, loaded));
  churn::ChurnOptions churn_options;
  churn_options.as_of = options.as_of;
  churn_options.threads = options.threads;
  // The analysis's lifetime model was fitted at the same day: reused.
  auto churned = AnalyzeChurn(
      loaded, complaints, churn_options,
      analysis.have_clv && options.model == "bg_nbd" ? &analysis.clv : nullptr);
  // Too short a history (or one class only) is no failure of the analysis.
  if (!churned.ok()) return run;
  VAFA_RETURN_IF_ERROR(
      StoreChurn(db, workspace_id, loaded, *churned, churn_options,
                 churn_started_at,
                 std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - churn_started)
                     .count())
          .status());
  return run;
}

}  // namespace vafa::pipeline
