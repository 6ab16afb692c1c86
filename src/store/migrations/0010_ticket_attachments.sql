-- What is attached to a ticket (the files themselves live where the
-- workspace keeps documents; vafa keeps their description), and when a
-- resolved ticket's satisfaction was asked for (docs/service.md).
CREATE TABLE ticket_attachments (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  ticket_id BIGINT NOT NULL,
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT,
  location TEXT,
  uploaded_by BIGINT,
  at BIGINT NOT NULL
)
;
CREATE INDEX ticket_attachments_ticket ON ticket_attachments (workspace_id, ticket_id, id)
;
ALTER TABLE tickets ADD COLUMN satisfaction_requested_at BIGINT
;
