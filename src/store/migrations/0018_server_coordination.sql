-- What several `vafa serve` processes of one store share (docs/scale.md).
-- Analysis jobs: any process reports a job, one job at a time runs per
-- workspace whichever process was asked, and the process running a job
-- renews its lease; when a process stops renewing (it was killed or hung),
-- another one takes the job over and runs it again from the start.
CREATE TABLE analysis_jobs (
  id {{ID}},
  workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  model TEXT NOT NULL,
  stage TEXT NOT NULL,
  step INTEGER NOT NULL,
  steps INTEGER NOT NULL,
  requested_by TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  finished_at BIGINT,
  run_id BIGINT,
  error TEXT,
  runner TEXT NOT NULL,
  lease_until BIGINT NOT NULL,
  attempts INTEGER NOT NULL
)
;
CREATE UNIQUE INDEX analysis_jobs_one_running ON analysis_jobs (workspace_id)
  WHERE status = 'running'
;
CREATE INDEX analysis_jobs_lease ON analysis_jobs (status, lease_until)
;
-- Failed sign-ins (and other throttled public requests), counted by every
-- process in a sliding window (auth/stored_throttle.h): per (e-mail, client)
-- pair and per client.
CREATE TABLE throttle_failures (
  kind TEXT NOT NULL,
  throttle_key TEXT NOT NULL,
  failed_at BIGINT NOT NULL
)
;
CREATE INDEX throttle_failures_key ON throttle_failures (kind, throttle_key, failed_at)
;
CREATE INDEX throttle_failures_age ON throttle_failures (failed_at)
;
