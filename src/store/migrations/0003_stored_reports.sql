-- The small reports of the latest analysis run of a workspace (KPIs and
-- cohorts in each calendar, Pareto, the value matrix, the lifetime-value
-- model), kept as the CSV the CLI writes, so that a dashboard reads them
-- instead of re-analysing every order. Written with the run's scores, in the
-- same transaction; one row per report name and calendar ('' when the
-- report has none).
CREATE TABLE analysis_reports (
  workspace_id BIGINT NOT NULL,
  name {{KEY_TEXT}} NOT NULL,
  calendar {{KEY_TEXT}} NOT NULL,
  run_id BIGINT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (workspace_id, name, calendar)
)
;
