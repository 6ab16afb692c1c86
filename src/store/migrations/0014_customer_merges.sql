-- Merging duplicate customers (docs/duplicates.md): the customer merged
-- into another stays as a hidden row that names the customer it went into
-- (merged_into, with deleted_at set), and each merge keeps what it needs to
-- be undone exactly: both customers' rows as they were, which rows of which
-- table it moved from the merged customer to the kept one, and the rows it
-- removed (both customers' scores and search terms, the merged customer's
-- campaign memberships where the kept one was drawn too). batch names an
-- auto-merge run; it is NULL for a merge by hand.
ALTER TABLE customers ADD COLUMN merged_into BIGINT
;
CREATE TABLE customer_merges (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  kept_id BIGINT NOT NULL,
  other_id BIGINT NOT NULL,
  batch TEXT,
  fields_from_other TEXT NOT NULL,
  kept_version_after INTEGER NOT NULL,
  other_version_after INTEGER NOT NULL,
  merged_by TEXT NOT NULL,
  merged_at BIGINT NOT NULL,
  undone_by TEXT,
  undone_at BIGINT
)
;
CREATE INDEX customer_merges_customer ON customer_merges (workspace_id, kept_id, id)
;
CREATE INDEX customer_merges_other ON customer_merges (workspace_id, other_id, id)
;
CREATE INDEX customer_merges_batch ON customer_merges (workspace_id, batch, id)
;
-- The rows a merge moved: row_key is the row's key in table_name (id,
-- line_key, or campaign_id for campaign_members).
CREATE TABLE customer_merge_moves (
  merge_id BIGINT NOT NULL,
  table_name {{KEY_TEXT}} NOT NULL,
  row_key BIGINT NOT NULL,
  PRIMARY KEY (merge_id, table_name, row_key)
)
;
-- Both customers' rows before the merge, column for column.
CREATE TABLE customer_merge_customers (
  merge_id BIGINT NOT NULL,
  id BIGINT NOT NULL,
  workspace_id BIGINT NOT NULL,
  external_id TEXT,
  kind TEXT NOT NULL,
  parent_id BIGINT,
  first_name TEXT,
  last_name TEXT,
  organisation_name TEXT,
  display_name TEXT NOT NULL,
  national_id TEXT,
  phone TEXT,
  email TEXT,
  gender TEXT,
  birth_date TEXT,
  city TEXT,
  province TEXT,
  acquisition_channel TEXT,
  acquisition_cost_minor BIGINT,
  joined_at BIGINT,
  language TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted_at BIGINT,
  batch_id BIGINT,
  version INTEGER NOT NULL,
  merged_into BIGINT,
  PRIMARY KEY (merge_id, id)
)
;
CREATE TABLE customer_merge_scores (
  merge_id BIGINT NOT NULL,
  workspace_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  name {{KEY_TEXT}} NOT NULL,
  value DOUBLE PRECISION,
  label TEXT,
  run_id BIGINT NOT NULL,
  computed_at BIGINT NOT NULL,
  PRIMARY KEY (merge_id, customer_id, name)
)
;
CREATE TABLE customer_merge_search_terms (
  merge_id BIGINT NOT NULL,
  workspace_id BIGINT NOT NULL,
  term {{KEY_TEXT}} NOT NULL,
  customer_id BIGINT NOT NULL,
  PRIMARY KEY (merge_id, term, customer_id)
)
;
CREATE TABLE customer_merge_campaign_members (
  merge_id BIGINT NOT NULL,
  workspace_id BIGINT NOT NULL,
  campaign_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  control INTEGER NOT NULL,
  responded_at BIGINT,
  converted_at BIGINT,
  revenue_minor BIGINT,
  PRIMARY KEY (merge_id, campaign_id, customer_id)
)
