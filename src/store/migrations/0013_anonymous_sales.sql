-- Anonymous sales: order lines without a customer key, imported with
-- `--anonymous keep` (docs/import.md), are orders and order lines with no
-- customer. Basket analysis reads them; every customer analytic leaves
-- them out. The batch counts them.
--
-- PostgreSQL drops the NOT NULL in place. SQLite cannot change a column,
-- so it builds each table again with the same columns, copies the rows
-- (ids and line keys kept) and builds the index again.
{{POSTGRES_ONLY}}
ALTER TABLE orders ALTER COLUMN customer_id DROP NOT NULL
;
{{POSTGRES_ONLY}}
ALTER TABLE order_lines ALTER COLUMN customer_id DROP NOT NULL
;
{{SQLITE_ONLY}}
CREATE TABLE orders_with_anonymous (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  customer_id BIGINT,
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
  updated_at BIGINT,
  deleted_at BIGINT,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (workspace_id, external_id)
)
;
{{SQLITE_ONLY}}
INSERT INTO orders_with_anonymous (id, workspace_id, customer_id,
  external_id, ordered_at, channel, branch, currency, total_minor,
  discount_minor, cost_minor, line_count, batch_id, updated_at, deleted_at,
  version)
SELECT id, workspace_id, customer_id, external_id, ordered_at, channel,
  branch, currency, total_minor, discount_minor, cost_minor, line_count,
  batch_id, updated_at, deleted_at, version FROM orders
;
{{SQLITE_ONLY}}
DROP TABLE orders
;
{{SQLITE_ONLY}}
ALTER TABLE orders_with_anonymous RENAME TO orders
;
{{SQLITE_ONLY}}
CREATE INDEX orders_customer ON orders (workspace_id, customer_id, ordered_at)
;
{{SQLITE_ONLY}}
CREATE TABLE order_lines_with_anonymous (
  line_key {{INT_KEY}},
  order_id BIGINT NOT NULL,
  line_no INTEGER NOT NULL,
  workspace_id BIGINT NOT NULL,
  customer_id BIGINT,
  product_id BIGINT NOT NULL,
  quantity DOUBLE PRECISION NOT NULL,
  amount_minor BIGINT NOT NULL,
  discount_minor BIGINT NOT NULL DEFAULT 0,
  cost_minor BIGINT
)
;
{{SQLITE_ONLY}}
INSERT INTO order_lines_with_anonymous (line_key, order_id, line_no,
  workspace_id, customer_id, product_id, quantity, amount_minor,
  discount_minor, cost_minor)
SELECT line_key, order_id, line_no, workspace_id, customer_id, product_id,
  quantity, amount_minor, discount_minor, cost_minor FROM order_lines
;
{{SQLITE_ONLY}}
DROP TABLE order_lines
;
{{SQLITE_ONLY}}
ALTER TABLE order_lines_with_anonymous RENAME TO order_lines
;
ALTER TABLE import_batches ADD COLUMN rows_anonymous BIGINT NOT NULL DEFAULT 0
;
