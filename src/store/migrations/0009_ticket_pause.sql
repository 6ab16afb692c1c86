-- A ticket waiting on the customer (pending) stops its resolution clock:
-- when the wait began, and the business seconds waited before
-- (docs/service.md).
ALTER TABLE tickets ADD COLUMN pending_since BIGINT
;
ALTER TABLE tickets ADD COLUMN paused_seconds BIGINT NOT NULL DEFAULT 0
;
