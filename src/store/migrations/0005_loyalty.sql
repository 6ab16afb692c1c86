-- The loyalty programme: its rules per workspace (JSON, docs/loyalty.md) and
-- the append-only points ledger. An order earns once: the unique index on
-- (workspace, order) for earn entries; a lot expires once: the unique index on
-- (workspace, source entry) for expire entries.
CREATE TABLE loyalty_programs (
  workspace_id BIGINT NOT NULL PRIMARY KEY,
  rules TEXT NOT NULL,
  updated_at BIGINT NOT NULL
)
;
CREATE TABLE loyalty_ledger (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  points BIGINT NOT NULL,
  order_id BIGINT,
  source_entry_id BIGINT,
  reason TEXT,
  at BIGINT NOT NULL,
  expires_at BIGINT,
  created_by TEXT,
  created_at BIGINT NOT NULL
)
;
CREATE UNIQUE INDEX loyalty_earned_once ON loyalty_ledger (workspace_id, order_id) WHERE kind = 'earn'
;
CREATE UNIQUE INDEX loyalty_expired_once ON loyalty_ledger (workspace_id, source_entry_id) WHERE kind = 'expire'
;
CREATE INDEX loyalty_ledger_customer ON loyalty_ledger (workspace_id, customer_id, id)
;
