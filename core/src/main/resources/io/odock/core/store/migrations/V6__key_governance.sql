-- Odock schema v6: keys belong to a principal chain (organisation, team, user), carry access rules and policies, can
-- expire and be rotated in place; limits and quotas attach to any level of the chain; usage records name the chain,
-- the exact cost with the pricing used, and whether their tokens are estimated.

ALTER TABLE api_keys ADD COLUMN organization_id VARCHAR(100) NULL;

ALTER TABLE api_keys ADD COLUMN team_id VARCHAR(100) NULL;

ALTER TABLE api_keys ADD COLUMN user_id VARCHAR(100) NULL;

ALTER TABLE api_keys ADD COLUMN mcp_servers TEXT NULL;

ALTER TABLE api_keys ADD COLUMN expires_at DATETIME(3) NULL;

ALTER TABLE api_keys ADD COLUMN rotated_at DATETIME(3) NULL;

ALTER TABLE api_keys ADD COLUMN policy TEXT NULL;

CREATE TABLE scope_limits (
    scope_kind VARCHAR(16)  NOT NULL,
    scope_id   VARCHAR(100) NOT NULL,
    limits     TEXT         NOT NULL,
    updated_at DATETIME(3)  NOT NULL,
    PRIMARY KEY (scope_kind, scope_id)
);

ALTER TABLE usage_records ADD COLUMN organization_id VARCHAR(100) NULL;

ALTER TABLE usage_records ADD COLUMN team_id VARCHAR(100) NULL;

ALTER TABLE usage_records ADD COLUMN user_id VARCHAR(100) NULL;

ALTER TABLE usage_records ADD COLUMN reasoning_tokens BIGINT NOT NULL DEFAULT 0;

ALTER TABLE usage_records ADD COLUMN cost_nanos BIGINT NULL;

ALTER TABLE usage_records ADD COLUMN currency VARCHAR(8) NULL;

ALTER TABLE usage_records ADD COLUMN pricing TEXT NULL;

ALTER TABLE usage_records ADD COLUMN provider_request_id VARCHAR(200) NULL;

ALTER TABLE usage_records ADD COLUMN usage_estimated BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE usage_records ADD COLUMN limit_events TEXT NULL;

CREATE INDEX ix_usage_team_time ON usage_records (team_id, created_at);

CREATE INDEX ix_usage_org_time ON usage_records (organization_id, created_at);

CREATE INDEX ix_usage_time ON usage_records (created_at);
