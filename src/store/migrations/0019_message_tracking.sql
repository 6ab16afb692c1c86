-- Message tracking (docs/messaging.md): opens of marketing e-mail (a
-- tracking pixel, only where the workspace allows it), clicks on the links
-- of marketing messages (rewritten when queued to a redirect on the
-- server's public address), and the opt-out a message carried. Times are
-- Unix seconds.
--
-- tracking_token: an unguessable token per marketing message (32 hex
-- digits), in the pixel's and the links' addresses; pixel: 1 when the
-- e-mail carries the pixel (the workspace allowed it when it was queued).
-- The first open and click are kept with their counts; opted_out_at is
-- when the customer opted out through this message (its unsubscribe link,
-- or an SMS keyword answering it).
ALTER TABLE outbox_messages ADD COLUMN tracking_token TEXT
;
ALTER TABLE outbox_messages ADD COLUMN pixel INTEGER NOT NULL DEFAULT 0
;
ALTER TABLE outbox_messages ADD COLUMN opened_at BIGINT
;
ALTER TABLE outbox_messages ADD COLUMN open_count INTEGER NOT NULL DEFAULT 0
;
ALTER TABLE outbox_messages ADD COLUMN clicked_at BIGINT
;
ALTER TABLE outbox_messages ADD COLUMN click_count INTEGER NOT NULL DEFAULT 0
;
ALTER TABLE outbox_messages ADD COLUMN opted_out_at BIGINT
;
CREATE INDEX outbox_messages_tracking ON outbox_messages (tracking_token)
;
-- Delivery reports find a message by its channel and the provider's id.
CREATE INDEX outbox_messages_provider ON outbox_messages (channel_id, provider_message_id)
;
-- The targets of a source's tracked links ("campaign:12"): a link in a
-- message is /link/{tracking_token}/{link_index}, so the target is looked
-- up on the server, never read from the request. Clicks counted per link.
CREATE TABLE message_links (
  workspace_id BIGINT NOT NULL,
  source {{KEY_TEXT}} NOT NULL,
  link_index INTEGER NOT NULL,
  target TEXT NOT NULL,
  clicks INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, source, link_index)
)
;
-- Whether marketing e-mail may carry the open-tracking pixel (a privacy
-- choice, off by default) and whether links in marketing SMS are tracked.
ALTER TABLE messaging_rules ADD COLUMN track_opens INTEGER NOT NULL DEFAULT 0
;
ALTER TABLE messaging_rules ADD COLUMN track_sms_links INTEGER NOT NULL DEFAULT 0
;
