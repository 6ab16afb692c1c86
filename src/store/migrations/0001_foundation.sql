-- Workspaces (tenants), users, customers with contacts, products, orders and
-- their lines, interactions, import batches and the scores table that
-- analytics writes. Every customer-scoped table carries workspace_id and
-- customer_id. Instants are Unix seconds (UTC); money is integer minor units.
CREATE TABLE workspaces (
  id {{ID}},
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  currency TEXT NOT NULL DEFAULT 'IRR',
  money_display TEXT NOT NULL DEFAULT 'toman',
  timezone TEXT NOT NULL DEFAULT 'Asia/Tehran',
  created_at BIGINT NOT NULL
)
;
CREATE TABLE users (
  id {{ID}},
  workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT,
  language TEXT NOT NULL DEFAULT 'fa',
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  UNIQUE (workspace_id, email)
)
;
CREATE TABLE import_batches (
  id {{ID}},
  workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
  kind TEXT NOT NULL,
  file_name TEXT NOT NULL,
  mode TEXT NOT NULL,
  match_key TEXT NOT NULL,
  status TEXT NOT NULL,
  rows_total BIGINT NOT NULL DEFAULT 0,
  rows_created BIGINT NOT NULL DEFAULT 0,
  rows_updated BIGINT NOT NULL DEFAULT 0,
  rows_unchanged BIGINT NOT NULL DEFAULT 0,
  started_at BIGINT NOT NULL,
  finished_at BIGINT,
  reverted_at BIGINT,
  created_by TEXT
)
;
CREATE TABLE customers (
  id {{ID}},
  workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
  external_id TEXT,
  kind TEXT NOT NULL DEFAULT 'person',
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
  version INTEGER NOT NULL DEFAULT 1
)
;
CREATE UNIQUE INDEX customers_external_id ON customers (workspace_id, external_id)
;
CREATE INDEX customers_national_id ON customers (workspace_id, national_id)
;
CREATE INDEX customers_phone ON customers (workspace_id, phone)
;
CREATE INDEX customers_email ON customers (workspace_id, email)
;
CREATE INDEX customers_parent ON customers (workspace_id, parent_id)
;
-- One row per normalised word of a customer's names (and per identifier), so
-- a search is a prefix range scan on an index on both backends.
CREATE TABLE customer_search_terms (
  workspace_id BIGINT NOT NULL,
  term {{KEY_TEXT}} NOT NULL,
  customer_id BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, term, customer_id)
) {{WITHOUT_ROWID}}
;
CREATE INDEX customer_search_terms_customer ON customer_search_terms (customer_id)
;
-- Before-images of customers changed by an import, so a batch can be reverted.
CREATE TABLE customer_versions (
  batch_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  workspace_id BIGINT NOT NULL,
  before_json TEXT NOT NULL,
  PRIMARY KEY (batch_id, customer_id)
)
;
CREATE TABLE products (
  id {{ID}},
  workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
  sku TEXT NOT NULL,
  name TEXT,
  name_en TEXT,
  category TEXT,
  price_minor BIGINT,
  unit_cost_minor BIGINT,
  created_at BIGINT NOT NULL,
  batch_id BIGINT,
  UNIQUE (workspace_id, sku)
)
;
CREATE TABLE orders (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  external_id TEXT NOT NULL,
  ordered_at BIGINT NOT NULL,
  channel TEXT,
  branch TEXT,
  currency TEXT NOT NULL,
  total_minor BIGINT NOT NULL,
  discount_minor BIGINT NOT NULL DEFAULT 0,
  cost_minor BIGINT,
  line_count INTEGER NOT NULL,
  batch_id BIGINT,
  UNIQUE (workspace_id, external_id)
)
;
CREATE INDEX orders_customer ON orders (workspace_id, customer_id, ordered_at)
;
-- line_key = order_id * 1024 + line_no: an integer key that grows as lines
-- are imported, so bulk loads append to the table (no index search per row)
-- and an order's lines are one key range. An order has at most 1023 lines.
CREATE TABLE order_lines (
  line_key {{INT_KEY}},
  order_id BIGINT NOT NULL,
  line_no INTEGER NOT NULL,
  workspace_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  quantity DOUBLE PRECISION NOT NULL,
  amount_minor BIGINT NOT NULL,
  discount_minor BIGINT NOT NULL DEFAULT 0,
  cost_minor BIGINT
)
;
CREATE TABLE interactions (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  external_id TEXT NOT NULL,
  occurred_at BIGINT NOT NULL,
  type TEXT NOT NULL,
  channel TEXT,
  direction TEXT,
  subject TEXT,
  outcome TEXT,
  user_id BIGINT,
  batch_id BIGINT,
  created_at BIGINT NOT NULL
)
;
-- external_id is the file's interaction id, or a fingerprint of the row
-- when the file has none, so re-importing a file adds nothing.
CREATE UNIQUE INDEX interactions_external_id ON interactions (workspace_id, external_id)
;
CREATE INDEX interactions_customer ON interactions (workspace_id, customer_id, occurred_at)
;
CREATE TABLE analysis_runs (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  parameters TEXT NOT NULL,
  data_fingerprint TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  finished_at BIGINT,
  duration_ms BIGINT,
  status TEXT NOT NULL,
  summary TEXT
)
;
-- Latest value of each named score per customer (rfm_segment, clv, ...).
CREATE TABLE scores (
  workspace_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  value DOUBLE PRECISION,
  label TEXT,
  run_id BIGINT NOT NULL,
  computed_at BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, customer_id, name)
)
;
CREATE INDEX scores_by_name ON scores (workspace_id, name, value)
