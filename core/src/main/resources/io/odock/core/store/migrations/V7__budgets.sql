-- Odock schema v7: budgets at any level of the principal chain, and the ledger that enforces them across instances.
-- Money is an exact integer count of nano-units (1e-9) of the configured currency.

CREATE TABLE budgets (
    scope_kind   VARCHAR(16)  NOT NULL,
    scope_id     VARCHAR(100) NOT NULL,
    amount_nanos BIGINT       NOT NULL,
    currency     VARCHAR(8)   NOT NULL,
    period       VARCHAR(16)  NOT NULL,
    timezone     VARCHAR(64)  NOT NULL,
    warn_at      VARCHAR(200) NOT NULL,
    shadow       BOOLEAN      NOT NULL DEFAULT FALSE,
    updated_at   DATETIME(3)  NOT NULL,
    PRIMARY KEY (scope_kind, scope_id)
);

CREATE TABLE budget_ledger (
    scope_kind     VARCHAR(16)  NOT NULL,
    scope_id       VARCHAR(100) NOT NULL,
    period_start   DATETIME(3)  NOT NULL,
    spent_nanos    BIGINT       NOT NULL,
    reserved_nanos BIGINT       NOT NULL,
    updated_at     DATETIME(3)  NOT NULL,
    PRIMARY KEY (scope_kind, scope_id, period_start)
);

CREATE TABLE budget_holds (
    request_id   VARCHAR(128) NOT NULL,
    scope_kind   VARCHAR(16)  NOT NULL,
    scope_id     VARCHAR(100) NOT NULL,
    period_start DATETIME(3)  NOT NULL,
    amount_nanos BIGINT       NOT NULL,
    expires_at   DATETIME(3)  NOT NULL,
    PRIMARY KEY (request_id, scope_kind, scope_id)
);

CREATE INDEX ix_budget_holds_expiry ON budget_holds (expires_at);
