-- Response-model training jobs are rows of analysis_jobs (kind
-- 'response'), so that every `vafa serve` process of one store sees them
-- and one lapsed is taken over like an analysis (docs/scale.md). A
-- training refused for thin data keeps the figure that is short.
ALTER TABLE analysis_jobs ADD COLUMN refused TEXT
;
