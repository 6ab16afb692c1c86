-- The audit log becomes tamper-evident and gets a home for account-level
-- entries (docs/security.md):
--  * workspace_id is NULL for what belongs to no workspace (sign-in and
--    sign-out, passwords, profiles, users); earlier releases wrote those
--    under workspace 0.
--  * client_address is the address the server took the request from.
--  * hash is the SHA-256 of the entry's canonical form and previous_hash
--    (auth/audit_chain.h); audit_chain holds the chain's head, and its row
--    is locked by every append, so ids are given in chain order and
--    concurrent writers cannot fork the chain.
-- Entries of earlier releases keep their ids and are copied without hashes;
-- legacy_through names the last of them, and the first append after this
-- migration (or `vafa audit seal`, which `vafa serve` runs at start) seals
-- them into the chain in id order.
CREATE TABLE audit_log_chained (
  id {{INT_KEY}},
  workspace_id BIGINT,
  user_id BIGINT,
  actor TEXT NOT NULL,
  at BIGINT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT,
  before_json TEXT,
  after_json TEXT,
  client_address TEXT,
  previous_hash TEXT,
  hash TEXT
)
;
INSERT INTO audit_log_chained (id, workspace_id, user_id, actor, at, action,
  entity, entity_id, before_json, after_json)
SELECT id, NULLIF(workspace_id, 0), user_id, actor, at, action, entity,
  entity_id, before_json, after_json FROM audit_log
;
DROP TABLE audit_log
;
ALTER TABLE audit_log_chained RENAME TO audit_log
;
CREATE INDEX audit_log_entity ON audit_log (workspace_id, entity, entity_id, id)
;
CREATE INDEX audit_log_workspace ON audit_log (workspace_id, id)
;
CREATE TABLE audit_chain (
  id {{INT_KEY}},
  last_id BIGINT NOT NULL,
  last_hash TEXT NOT NULL,
  legacy_through BIGINT NOT NULL
)
;
INSERT INTO audit_chain (id, last_id, last_hash, legacy_through)
SELECT 1, 0, '', COALESCE(MAX(id), 0) FROM audit_log
;
