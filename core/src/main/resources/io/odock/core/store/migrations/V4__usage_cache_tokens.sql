-- Odock schema v4: prompt-cache buckets of each call (part of input_tokens), priced apart from other input tokens.

ALTER TABLE usage_records ADD COLUMN cache_read_tokens BIGINT NOT NULL DEFAULT 0;

ALTER TABLE usage_records ADD COLUMN cache_write_tokens BIGINT NOT NULL DEFAULT 0;
