package io.odock.core.budget;

import java.time.Instant;

/** A row of {@code budget_holds} as MyBatis maps it. */
public final class HoldRow {
    private String requestId;
    private String scopeKind;
    private String scopeId;
    private Instant periodStart;
    private long amountNanos;
    private Instant expiresAt;

    /** For MyBatis. */
    public HoldRow() {
    }

    HoldRow(String requestId, String scopeKind, String scopeId, Instant periodStart, long amountNanos,
            Instant expiresAt) {
        this.requestId = requestId;
        this.scopeKind = scopeKind;
        this.scopeId = scopeId;
        this.periodStart = periodStart;
        this.amountNanos = amountNanos;
        this.expiresAt = expiresAt;
    }

    public String getRequestId() { return requestId; }
    public String getScopeKind() { return scopeKind; }
    public String getScopeId() { return scopeId; }
    public Instant getPeriodStart() { return periodStart; }
    public long getAmountNanos() { return amountNanos; }
    public Instant getExpiresAt() { return expiresAt; }
}
