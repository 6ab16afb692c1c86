-- The service desk: tickets and complaints with their SLA clocks, the
-- replies and notes on them, and the workspace's SLA targets and holidays
-- (docs/service.md). Times are Unix seconds.
CREATE TABLE tickets (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  external_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  description TEXT,
  type TEXT NOT NULL,
  channel TEXT,
  category TEXT,
  priority TEXT NOT NULL,
  status TEXT NOT NULL,
  assignee_user_id BIGINT,
  team TEXT,
  opened_at BIGINT NOT NULL,
  first_response_at BIGINT,
  resolved_at BIGINT,
  closed_at BIGINT,
  first_response_due_at BIGINT NOT NULL,
  resolution_due_at BIGINT NOT NULL,
  reopen_count INTEGER NOT NULL DEFAULT 0,
  satisfaction INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT,
  deleted_at BIGINT
)
;
CREATE UNIQUE INDEX tickets_external_id ON tickets (workspace_id, external_id)
;
CREATE INDEX tickets_customer ON tickets (workspace_id, customer_id, opened_at)
;
CREATE INDEX tickets_status ON tickets (workspace_id, status, id)
;
CREATE TABLE ticket_events (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  ticket_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  author_user_id BIGINT,
  at BIGINT NOT NULL
)
;
CREATE INDEX ticket_events_ticket ON ticket_events (workspace_id, ticket_id, id)
;
CREATE TABLE sla_targets (
  workspace_id BIGINT NOT NULL,
  priority {{KEY_TEXT}} NOT NULL,
  first_response_minutes INTEGER NOT NULL,
  resolution_minutes INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, priority)
)
;
CREATE TABLE holidays (
  workspace_id BIGINT NOT NULL,
  day {{KEY_TEXT}} NOT NULL,
  name TEXT,
  PRIMARY KEY (workspace_id, day)
)
;
