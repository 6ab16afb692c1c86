-- What a campaign was expected to bring, kept when it was drawn or started
-- with response models trained (docs/analytics.md, "Expected against
-- actual"): the expectation the campaign page showed for its treated
-- members, with the run and models it came from, to be set beside what
-- happened once the campaign's window has closed. One row per campaign;
-- counts are expectations (fractions), revenue is whole minor units.
CREATE TABLE campaign_expectations (
  workspace_id BIGINT NOT NULL,
  campaign_id BIGINT NOT NULL,
  run_id BIGINT NOT NULL,
  response_learner TEXT NOT NULL,
  uplift_method TEXT NOT NULL,
  uplift_learner TEXT NOT NULL,
  treatment_members BIGINT NOT NULL,
  scored_members BIGINT NOT NULL,
  responders DOUBLE PRECISION NOT NULL,
  responders_low DOUBLE PRECISION NOT NULL,
  responders_high DOUBLE PRECISION NOT NULL,
  incremental_buyers DOUBLE PRECISION NOT NULL,
  incremental_buyers_low DOUBLE PRECISION NOT NULL,
  incremental_buyers_high DOUBLE PRECISION NOT NULL,
  incremental_revenue_minor BIGINT,
  incremental_revenue_low_minor BIGINT,
  incremental_revenue_high_minor BIGINT,
  recorded_at BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, campaign_id)
)
;
