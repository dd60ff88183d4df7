-- Odock schema v2: each usage record says whether the call was rerouted and lists its attempts
-- (a JSON array of {provider, model, outcome, error, latency_ms}).

ALTER TABLE usage_records ADD COLUMN rerouted BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE usage_records ADD COLUMN attempts TEXT NULL;
