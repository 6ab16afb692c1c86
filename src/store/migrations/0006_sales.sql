-- Sales: the workspace's pipelines and their stages, leads, deals with the
-- history of their stage moves, tasks, and targets per month (docs/sales.md).
-- Times are Unix seconds; money is in minor units of the workspace currency.
CREATE TABLE pipeline_stages (
  workspace_id BIGINT NOT NULL,
  pipeline {{KEY_TEXT}} NOT NULL,
  stage {{KEY_TEXT}} NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  name_fa TEXT,
  probability INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  PRIMARY KEY (workspace_id, pipeline, stage)
)
;
CREATE TABLE leads (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  external_id TEXT NOT NULL,
  name TEXT NOT NULL,
  company TEXT,
  phone TEXT,
  email TEXT,
  source TEXT,
  status TEXT NOT NULL,
  disqualify_reason TEXT,
  estimated_value_minor BIGINT,
  owner_user_id BIGINT,
  team TEXT,
  customer_id BIGINT,
  deal_id BIGINT,
  converted_at BIGINT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT,
  deleted_at BIGINT
)
;
CREATE UNIQUE INDEX leads_external_id ON leads (workspace_id, external_id)
;
CREATE INDEX leads_status ON leads (workspace_id, status, id)
;
CREATE TABLE deals (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  external_id TEXT NOT NULL,
  title TEXT NOT NULL,
  pipeline TEXT NOT NULL,
  stage TEXT NOT NULL,
  status TEXT NOT NULL,
  probability INTEGER NOT NULL,
  value_minor BIGINT NOT NULL,
  owner_user_id BIGINT,
  team TEXT,
  source TEXT,
  lead_id BIGINT,
  expected_close_at BIGINT NOT NULL,
  stage_entered_at BIGINT NOT NULL,
  closed_at BIGINT,
  close_reason TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT,
  deleted_at BIGINT
)
;
CREATE UNIQUE INDEX deals_external_id ON deals (workspace_id, external_id)
;
CREATE INDEX deals_customer ON deals (workspace_id, customer_id, expected_close_at)
;
CREATE INDEX deals_stage ON deals (workspace_id, pipeline, stage, id)
;
CREATE TABLE deal_moves (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  deal_id BIGINT NOT NULL,
  from_stage TEXT,
  to_stage TEXT NOT NULL,
  user_id BIGINT,
  at BIGINT NOT NULL
)
;
CREATE INDEX deal_moves_deal ON deal_moves (workspace_id, deal_id, id)
;
CREATE TABLE tasks (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  customer_id BIGINT,
  deal_id BIGINT,
  ticket_id BIGINT,
  title TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  due_at BIGINT NOT NULL,
  remind_at BIGINT,
  done_at BIGINT,
  outcome TEXT,
  owner_user_id BIGINT,
  interaction_id BIGINT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT,
  deleted_at BIGINT
)
;
CREATE INDEX tasks_due ON tasks (workspace_id, status, due_at)
;
CREATE INDEX tasks_customer ON tasks (workspace_id, customer_id, due_at)
;
CREATE TABLE sales_targets (
  workspace_id BIGINT NOT NULL,
  calendar {{KEY_TEXT}} NOT NULL,
  period {{KEY_TEXT}} NOT NULL,
  owner {{KEY_TEXT}} NOT NULL,
  amount_minor BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, calendar, period, owner)
)
;
