-- Marketing: segments (saved rules over customer fields and scores, JSON,
-- docs/marketing.md), campaigns on them, and each campaign's members drawn
-- once, a share of them held out as the control group, with the responses
-- and conversions recorded against them. Times are Unix seconds.
CREATE TABLE segments (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  rules TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT,
  deleted_at BIGINT
)
;
CREATE TABLE campaigns (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  goal TEXT,
  channel TEXT NOT NULL,
  segment_id BIGINT,
  status TEXT NOT NULL,
  offer TEXT,
  budget_minor BIGINT,
  cost_minor BIGINT NOT NULL DEFAULT 0,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  attribution_days INTEGER NOT NULL,
  control_percent INTEGER NOT NULL,
  members_count INTEGER NOT NULL DEFAULT 0,
  control_count INTEGER NOT NULL DEFAULT 0,
  drawn_at BIGINT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT,
  deleted_at BIGINT
)
;
CREATE TABLE campaign_members (
  workspace_id BIGINT NOT NULL,
  campaign_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  control INTEGER NOT NULL,
  responded_at BIGINT,
  converted_at BIGINT,
  revenue_minor BIGINT,
  PRIMARY KEY (workspace_id, campaign_id, customer_id)
)
;
CREATE INDEX campaign_members_customer ON campaign_members (workspace_id, customer_id)
;
