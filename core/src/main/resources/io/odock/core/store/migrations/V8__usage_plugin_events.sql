-- Odock schema v8: what the inspecting plugins (blockers, SafetySec) did to each call: a JSON array of
-- {plugin, moment, action, rules, duration_us}.

ALTER TABLE usage_records ADD COLUMN plugin_events TEXT NULL;
