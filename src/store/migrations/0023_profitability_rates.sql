-- The rates from which a contractual workspace's profitability per customer
-- is computed (docs/holdings.md, "Profitability per customer"): per product
-- type the yearly interest spread in basis points (kind spread) and the
-- monthly fee in minor units (kind fee), per channel the cost of one use in
-- minor units (kind channel_cost), each valid from a day ('YYYY-MM-DD')
-- until the next row of its kind and subject. A workspace with no rows
-- uses the documented defaults.
CREATE TABLE profitability_rates (
  workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
  kind {{KEY_TEXT}} NOT NULL,
  subject {{KEY_TEXT}} NOT NULL,
  valid_from {{KEY_TEXT}} NOT NULL,
  value BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, kind, subject, valid_from)
)
;
