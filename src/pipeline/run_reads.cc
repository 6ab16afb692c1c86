#include "pipeline/run_reads.h"

#include <soci/soci.h>

#include "pipeline/report_columns.h"
#include "pipeline/report_storage.h"
#include "store/sql_values.h"

namespace vafa::pipeline {
namespace {

constexpr char kLatestRuns[] =
    "SELECT id, kind, parameters, data_fingerprint, started_at, finished_at, "
    "duration_ms, status FROM analysis_runs WHERE workspace_id = :w ORDER BY "
    "id DESC LIMIT :n";
constexpr char kLatestRunOfKind[] =
    "SELECT id, kind, parameters, data_fingerprint, started_at, finished_at, "
    "duration_ms, status, summary FROM analysis_runs WHERE workspace_id = :w "
    "AND kind = :k AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1";
constexpr char kKeptReport[] =
    "SELECT r.body, r.run_id, a.finished_at, r.table_columns, r.table_cells "
    "FROM analysis_reports r JOIN "
    "analysis_runs a ON a.id = r.run_id WHERE r.workspace_id = :w AND r.name "
    "= :n AND r.calendar = :c";
// The currency a report kept as CSV was written in: the workspace's.
constexpr char kWorkspaceCurrency[] =
    "SELECT currency FROM workspaces WHERE id = :w";

}  // namespace

Result<std::vector<AnalysisRunRecord>> LatestAnalysisRuns(store::Database& db,
                                                          int64_t workspace_id,
                                                          int limit) {
  std::vector<AnalysisRunRecord> runs;
  try {
    long long workspace = workspace_id, n = limit;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kLatestRuns, soci::use(workspace), soci::use(n));
    for (const soci::row& row : rows) {
      runs.push_back({.id = store::RowInt(row, 0),
                      .kind = store::RowText(row, 1),
                      .parameters = store::RowText(row, 2),
                      .data_fingerprint = store::RowText(row, 3),
                      .started_at = store::RowInt(row, 4),
                      .finished_at = store::RowOptionalInt(row, 5),
                      .duration_ms = store::RowOptionalInt(row, 6),
                      .status = store::RowText(row, 7)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading analysis runs", error);
  }
  return runs;
}

Result<std::optional<RunWithSummary>> LatestRunOfKind(store::Database& db,
                                                      int64_t workspace_id,
                                                      const std::string& kind) {
  try {
    long long workspace = workspace_id;
    soci::rowset<soci::row> rows = (db.sql().prepare << kLatestRunOfKind,
                                    soci::use(workspace), soci::use(kind));
    for (const soci::row& row : rows) {
      return std::optional<RunWithSummary>(
          RunWithSummary{.run = {.id = store::RowInt(row, 0),
                                 .kind = store::RowText(row, 1),
                                 .parameters = store::RowText(row, 2),
                                 .data_fingerprint = store::RowText(row, 3),
                                 .started_at = store::RowInt(row, 4),
                                 .finished_at = store::RowOptionalInt(row, 5),
                                 .duration_ms = store::RowOptionalInt(row, 6),
                                 .status = store::RowText(row, 7)},
                         .summary = store::RowText(row, 8)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the latest " + kind + " run", error);
  }
  return std::optional<RunWithSummary>();
}

Result<std::optional<KeptReport>> KeptReportOf(store::Database& db,
                                               int64_t workspace_id,
                                               const std::string& name,
                                               const std::string& calendar) {
  try {
    long long workspace = workspace_id, run_id = 0, finished_at = 0;
    std::string body, columns, cells;
    soci::indicator finished = soci::i_ok, typed = soci::i_ok,
                    has_cells = soci::i_ok;
    db.sql() << kKeptReport, soci::use(workspace), soci::use(name),
        soci::use(calendar), soci::into(body), soci::into(run_id),
        soci::into(finished_at, finished), soci::into(columns, typed),
        soci::into(cells, has_cells);
    if (!db.sql().got_data()) return std::optional<KeptReport>();
    KeptReport kept;
    kept.run_id = run_id;
    kept.finished_at = finished == soci::i_ok ? finished_at : 0;
    if (typed == soci::i_ok && has_cells == soci::i_ok) {
      VAFA_ASSIGN_OR_RETURN(kept.table,
                            DecodeReportTable(name, columns, std::move(cells)));
    } else {
      // Kept before migration 0025, when runs stored reports as CSV text:
      // read back by the report's columns (ReportTableFromCsv). This is the
      // only place a report is parsed from CSV; every report made now is
      // built as its table and stored with its cells.
      std::string currency;
      db.sql() << kWorkspaceCurrency, soci::use(workspace),
          soci::into(currency);
      VAFA_ASSIGN_OR_RETURN(
          kept.table, ReportTableFromCsv(std::move(body), name, currency));
    }
    return std::optional<KeptReport>(std::move(kept));
  } catch (const std::exception& error) {
    return store::DatabaseError("reading a stored report", error);
  }
}

Result<bool> WorkspaceHasOrders(store::Database& db, int64_t workspace_id) {
  try {
    long long workspace = workspace_id, count = 0;
    db.sql() << "SELECT COUNT(*) FROM (SELECT 1 FROM orders WHERE "
                "workspace_id = :w LIMIT 1) AS one",
        soci::use(workspace), soci::into(count);
    return count > 0;
  } catch (const std::exception& error) {
    return store::DatabaseError("reading whether the workspace has orders",
                                error);
  }
}

}  // namespace vafa::pipeline
