-- Sign-in and access: users are people who sign in (one account, any number
-- of workspaces), memberships give a user a role in a workspace, sessions
-- and API keys are random tokens stored only as hashes, and the audit log
-- records every change with its before and after images. The users table of
-- 0001 was never written by any release, so it is replaced.
DROP TABLE users
;
CREATE TABLE users (
  id {{ID}},
  email {{KEY_TEXT}} NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  language TEXT NOT NULL DEFAULT 'fa',
  is_admin INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
)
;
CREATE TABLE memberships (
  workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  role TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, user_id)
)
;
CREATE INDEX memberships_user ON memberships (user_id)
;
-- kind is 'session' (browser cookie, expires) or 'api_key' (bearer token,
-- named, bound to one workspace, expires only when given a date).
CREATE TABLE credentials (
  id {{ID}},
  token_hash {{KEY_TEXT}} NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users (id),
  workspace_id BIGINT,
  name TEXT,
  prefix TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  last_used_at BIGINT,
  revoked_at BIGINT
)
;
CREATE INDEX credentials_user ON credentials (user_id, kind)
;
CREATE TABLE audit_log (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  user_id BIGINT,
  actor TEXT NOT NULL,
  at BIGINT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT,
  before_json TEXT,
  after_json TEXT
)
;
CREATE INDEX audit_log_entity ON audit_log (workspace_id, entity, entity_id, id)
;
ALTER TABLE products ADD COLUMN updated_at BIGINT
;
ALTER TABLE products ADD COLUMN deleted_at BIGINT
;
ALTER TABLE products ADD COLUMN version INTEGER NOT NULL DEFAULT 1
;
ALTER TABLE orders ADD COLUMN updated_at BIGINT
;
ALTER TABLE orders ADD COLUMN deleted_at BIGINT
;
ALTER TABLE orders ADD COLUMN version INTEGER NOT NULL DEFAULT 1
;
ALTER TABLE interactions ADD COLUMN updated_at BIGINT
;
ALTER TABLE interactions ADD COLUMN deleted_at BIGINT
;
ALTER TABLE interactions ADD COLUMN version INTEGER NOT NULL DEFAULT 1
;
