-- Imports that skip bad rows (--on-error skip) record how many they
-- skipped, and a workspace keeps named column mappings for the files it
-- imports (`vafa import ... --save-profile NAME`, GET/POST
-- /import-profiles; docs/import.md). A mapping is the text of --map:
-- "Source Column=field,...".
ALTER TABLE import_batches ADD COLUMN rows_skipped BIGINT NOT NULL DEFAULT 0
;
CREATE TABLE import_profiles (
  id {{ID}},
  workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  mapping TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT,
  UNIQUE (workspace_id, name)
)
;
