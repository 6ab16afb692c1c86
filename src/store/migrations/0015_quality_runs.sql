-- Runs of the customer data quality report (`vafa quality`,
-- docs/quality.md): one row per run with its totals and the whole report as
-- JSON, and one row per customer field with its counts, so that each run
-- shows the change since the one before.
CREATE TABLE quality_runs (
  id {{ID}},
  workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
  ran_at BIGINT NOT NULL,
  customers BIGINT NOT NULL,
  customers_with_problems BIGINT NOT NULL,
  duplicate_pairs BIGINT NOT NULL,
  customers_in_duplicates BIGINT NOT NULL,
  report TEXT NOT NULL
)
;
CREATE INDEX quality_runs_workspace ON quality_runs (workspace_id, id)
;
CREATE TABLE quality_run_fields (
  run_id BIGINT NOT NULL REFERENCES quality_runs (id),
  field TEXT NOT NULL,
  applicable BIGINT NOT NULL,
  filled BIGINT NOT NULL,
  invalid BIGINT NOT NULL,
  inconsistent BIGINT NOT NULL,
  PRIMARY KEY (run_id, field)
)
;
