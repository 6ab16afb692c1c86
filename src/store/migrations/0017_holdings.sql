-- Holdings of contractual customers (docs/holdings.md): a bank's, an
-- insurer's or a subscription business's branches, relationship managers
-- and products (account, deposit, card, loan, policy, plan), the holdings
-- customers open and close, and each holding's balances over time.
--
-- Dates of the business calendar (opened, closed, a balance's day) are ISO
-- Gregorian dates, 'YYYY-MM-DD', as birth dates are: a day, not an instant,
-- so no time zone shifts it; the text sorts and compares as the days do.
-- Money is integer minor units of the workspace currency.
CREATE TABLE branches (
  id {{ID}},
  workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (workspace_id, code)
)
;
CREATE TABLE relationship_managers (
  id {{ID}},
  workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  branch_id BIGINT,
  created_at BIGINT NOT NULL,
  UNIQUE (workspace_id, code)
)
;
CREATE TABLE holding_products (
  id {{ID}},
  workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (workspace_id, code)
)
;
-- One row per contract. external_id is the account, card, loan or policy
-- number, unique in the workspace. status is open, dormant, frozen or
-- closed; a closed holding has closed_on.
CREATE TABLE holdings (
  id {{ID}},
  workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
  customer_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  external_id TEXT NOT NULL,
  opened_on TEXT NOT NULL,
  closed_on TEXT,
  status TEXT NOT NULL,
  branch_id BIGINT,
  manager_id BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  batch_id BIGINT,
  UNIQUE (workspace_id, external_id)
)
;
CREATE INDEX holdings_customer ON holdings (workspace_id, customer_id)
;
CREATE INDEX holdings_opened ON holdings (workspace_id, opened_on)
;
-- A holding's balance at the end of a day (monthly or daily), with its
-- credit limit (cards, credit lines) and arrears (loans) where they apply.
CREATE TABLE holding_balances (
  workspace_id BIGINT NOT NULL,
  holding_id BIGINT NOT NULL,
  as_of {{KEY_TEXT}} NOT NULL,
  balance_minor BIGINT NOT NULL,
  credit_limit_minor BIGINT,
  arrears_minor BIGINT,
  batch_id BIGINT,
  PRIMARY KEY (holding_id, as_of)
)
;
CREATE INDEX holding_balances_workspace ON holding_balances (workspace_id, as_of)
;
