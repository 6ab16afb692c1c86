-- Voice of the customer and the employee (docs/surveys.md): surveys (NPS,
-- CSAT, CES, employee pulse, CRM-readiness self-assessment) and their
-- responses. A pulse response has no person in it by design: only the group
-- (team, branch) it counts for. Times are Unix seconds.
CREATE TABLE surveys (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  question TEXT,
  description TEXT,
  status TEXT NOT NULL,
  min_group INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT,
  deleted_at BIGINT
)
;
CREATE TABLE survey_responses (
  id {{ID}},
  workspace_id BIGINT NOT NULL,
  survey_id BIGINT NOT NULL,
  customer_id BIGINT,
  ticket_id BIGINT,
  campaign_id BIGINT,
  respondent_group TEXT,
  channel TEXT,
  branch TEXT,
  score INTEGER,
  answers TEXT,
  comment TEXT,
  answered_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
)
;
CREATE INDEX survey_responses_survey ON survey_responses (workspace_id, survey_id, answered_at)
;
CREATE INDEX survey_responses_customer ON survey_responses (workspace_id, customer_id)
;
