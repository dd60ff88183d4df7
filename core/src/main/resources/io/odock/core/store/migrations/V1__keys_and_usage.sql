-- Odock schema v1: API keys (hashes only) and usage records.
-- Portable between H2 (MODE=MySQL) and MySQL/MariaDB. Times are UTC, written by the gateway.

CREATE TABLE api_keys (
    id           VARCHAR(40)  NOT NULL PRIMARY KEY,
    name         VARCHAR(200) NOT NULL,
    key_prefix   VARCHAR(16)  NOT NULL,
    key_hash     CHAR(64)     NOT NULL,
    models       TEXT         NOT NULL,
    state        VARCHAR(16)  NOT NULL,
    created_at   DATETIME(3)  NOT NULL,
    updated_at   DATETIME(3)  NOT NULL,
    last_used_at DATETIME(3)  NULL,
    revoked_at   DATETIME(3)  NULL,
    CONSTRAINT uq_api_keys_hash UNIQUE (key_hash)
);

CREATE INDEX ix_api_keys_updated ON api_keys (updated_at);

CREATE TABLE usage_records (
    id             BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
    request_id     VARCHAR(128)   NOT NULL,
    key_id         VARCHAR(40)    NOT NULL,
    route          VARCHAR(100)   NOT NULL,
    model          VARCHAR(200)   NOT NULL,
    provider_id    VARCHAR(100)   NULL,
    upstream_model VARCHAR(200)   NULL,
    status         INT            NOT NULL,
    error_code     VARCHAR(64)    NULL,
    input_tokens   BIGINT         NOT NULL,
    output_tokens  BIGINT         NOT NULL,
    cost_usd       DECIMAL(20,10) NULL,
    streamed       BOOLEAN        NOT NULL,
    latency_ms     BIGINT         NOT NULL,
    created_at     DATETIME(3)    NOT NULL
);

CREATE INDEX ix_usage_key_time ON usage_records (key_id, created_at);

CREATE INDEX ix_usage_request ON usage_records (request_id);
