-- Messaging (docs/messaging.md): a workspace's channels (an SMTP server for
-- e-mail, an HTTP gateway for SMS), its message templates, the outbox of
-- messages to send with their delivery state, and each customer's consent
-- per channel kind. Times are Unix seconds.
--
-- A channel's settings are JSON without secrets; its secret (the SMTP
-- password, the gateway's token) is kept apart, sealed with the server's
-- key (libsodium secretbox: base64 of nonce and box), so no read of the
-- settings can carry it.
CREATE TABLE message_channels (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  settings TEXT NOT NULL,
  sealed_secret TEXT,
  per_minute INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT,
  deleted_at BIGINT
)
;
CREATE TABLE message_templates (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  purpose TEXT NOT NULL,
  calendar TEXT NOT NULL,
  subject_fa TEXT,
  subject_en TEXT,
  body_fa TEXT NOT NULL,
  body_en TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT,
  deleted_at BIGINT
)
;
-- One row per message. The idempotency key is unique per workspace, so a
-- source queued twice queues once; it travels with the message (the
-- e-mail's Message-ID, the gateway request's Idempotency-Key header). The
-- state moves queued -> sending (claimed, with claimed_until) -> sent, or
-- back to queued with next_attempt_at after a temporary failure, or to
-- failed with the reason.
CREATE TABLE outbox_messages (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  idempotency_key {{KEY_TEXT}} NOT NULL,
  channel_id BIGINT NOT NULL,
  customer_id BIGINT,
  purpose TEXT NOT NULL,
  source TEXT,
  recipient TEXT NOT NULL,
  subject TEXT,
  body TEXT NOT NULL,
  unsubscribe_token TEXT,
  state TEXT NOT NULL,
  failure TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  claimed_until BIGINT,
  provider_message_id TEXT,
  created_at BIGINT NOT NULL,
  sent_at BIGINT,
  UNIQUE (workspace_id, idempotency_key)
)
;
CREATE INDEX outbox_messages_due ON outbox_messages (state, next_attempt_at, id)
;
CREATE INDEX outbox_messages_customer ON outbox_messages (workspace_id, customer_id, created_at)
;
CREATE TABLE message_consents (
  workspace_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  channel_kind {{KEY_TEXT}} NOT NULL,
  opted_in INTEGER NOT NULL,
  source TEXT NOT NULL,
  recorded_at BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, customer_id, channel_kind)
)
;
-- A workspace's rules for marketing (docs/messaging.md): the local window
-- in minutes after midnight, whether Fridays and holidays are allowed, and
-- the weekly cap per customer (0: none). No row: the defaults.
CREATE TABLE messaging_rules (
  workspace_id BIGINT PRIMARY KEY,
  window_start_minute INTEGER NOT NULL,
  window_end_minute INTEGER NOT NULL,
  on_fridays INTEGER NOT NULL,
  on_holidays INTEGER NOT NULL,
  weekly_cap INTEGER NOT NULL
)
;
CREATE INDEX outbox_messages_unsubscribe ON outbox_messages (unsubscribe_token)
;
