#include "pipeline/score_writer.h"

#include <soci/soci.h>

#include <cmath>

#include "pipeline/report_storage.h"
#include "store/bulk_insert.h"

namespace vafa::pipeline {

Result<int64_t> WriteScores(store::Database& db, int64_t workspace_id,
                            const std::vector<int64_t>& customer_ids,
                            const std::vector<ScoreColumn>& columns,
                            const AnalysisRun& run) {
  for (const ScoreColumn& column : columns) {
    if ((!column.value.empty() && column.value.size() != customer_ids.size()) ||
        (!column.label.empty() && column.label.size() != customer_ids.size())) {
      return Status::Internal("score " + column.name +
                              " does not have one value per customer");
    }
  }
  try {
    soci::transaction transaction(db.sql());
    store::TakeWriteLock(db);
    long long w = workspace_id, started = run.started_at,
              duration = run.duration_ms, run_id = 0;
    long long finished = run.started_at + run.duration_ms / 1000;
    std::string status = "completed";
    std::string sql =
        "INSERT INTO analysis_runs (workspace_id, kind, parameters, "
        "data_fingerprint, started_at, finished_at, duration_ms, status, "
        "summary) VALUES (:w, :k, :p, :f, :s, :e, :d, :st, :su)";
    if (db.backend() == store::Backend::kPostgres) {
      db.sql() << sql + " RETURNING id", soci::use(w), soci::use(run.kind),
          soci::use(run.parameters), soci::use(run.data_fingerprint),
          soci::use(started), soci::use(finished), soci::use(duration),
          soci::use(status), soci::use(run.summary), soci::into(run_id);
    } else {
      db.sql() << sql, soci::use(w), soci::use(run.kind),
          soci::use(run.parameters), soci::use(run.data_fingerprint),
          soci::use(started), soci::use(finished), soci::use(duration),
          soci::use(status), soci::use(run.summary);
      db.sql() << "SELECT last_insert_rowid()", soci::into(run_id);
    }
    store::BulkInsert rows(db, "scores",
                           {"workspace_id", "customer_id", "name", "value",
                            "label", "run_id", "computed_at"});
    for (const ScoreColumn& column : columns) {
      db.sql() << "DELETE FROM scores WHERE workspace_id = :w AND name = :n",
          soci::use(w), soci::use(column.name);
      for (size_t i = 0; i < customer_ids.size(); ++i) {
        const bool has_value =
            !column.value.empty() && !std::isnan(column.value[i]);
        const bool has_label =
            !column.label.empty() && !column.label[i].empty();
        if (!has_value && !has_label) continue;
        rows.Int(workspace_id);
        rows.Int(customer_ids[i]);
        rows.Text(column.name);
        has_value ? rows.Double(column.value[i]) : rows.Null();
        has_label ? rows.Text(column.label[i]) : rows.Null();
        rows.Int(run_id);
        rows.Int(finished);
        VAFA_RETURN_IF_ERROR(rows.EndRow());
      }
      VAFA_RETURN_IF_ERROR(rows.Flush());
    }
    for (const StoredReport& report : run.reports) {
      const std::string& name = report.table.name();
      const StoredTable stored = EncodeReportTable(report.table);
      const std::string no_csv;
      db.sql() << "DELETE FROM analysis_reports WHERE workspace_id = :w AND "
                  "name = :n AND calendar = :c",
          soci::use(w), soci::use(name), soci::use(report.calendar);
      db.sql() << "INSERT INTO analysis_reports (workspace_id, name, "
                  "calendar, run_id, body, table_columns, table_cells) "
                  "VALUES (:w, :n, :c, :r, :b, :tc, :tr)",
          soci::use(w), soci::use(name), soci::use(report.calendar),
          soci::use(run_id), soci::use(no_csv), soci::use(stored.columns),
          soci::use(stored.cells);
    }
    transaction.commit();
    return static_cast<int64_t>(run_id);
  } catch (const std::exception& error) {
    return store::DatabaseError("writing scores", error);
  }
}

}  // namespace vafa::pipeline
