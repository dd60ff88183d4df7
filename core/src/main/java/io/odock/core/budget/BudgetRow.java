package io.odock.core.budget;

import java.time.Instant;

/** A row of {@code budgets} as MyBatis maps it; turned into a {@link Budget} by {@link BudgetStore}. */
public final class BudgetRow {
    private String scopeKind;
    private String scopeId;
    private long amountNanos;
    private String currency;
    private String period;
    private String timezone;
    private String warnAt;
    private boolean shadow;
    private Instant updatedAt;

    /** For MyBatis. */
    public BudgetRow() {
    }

    BudgetRow(String scopeKind, String scopeId, long amountNanos, String currency, String period, String timezone,
              String warnAt, boolean shadow, Instant updatedAt) {
        this.scopeKind = scopeKind;
        this.scopeId = scopeId;
        this.amountNanos = amountNanos;
        this.currency = currency;
        this.period = period;
        this.timezone = timezone;
        this.warnAt = warnAt;
        this.shadow = shadow;
        this.updatedAt = updatedAt;
    }

    public String getScopeKind() { return scopeKind; }
    public String getScopeId() { return scopeId; }
    public long getAmountNanos() { return amountNanos; }
    public String getCurrency() { return currency; }
    public String getPeriod() { return period; }
    public String getTimezone() { return timezone; }
    public String getWarnAt() { return warnAt; }
    public boolean isShadow() { return shadow; }
    public Instant getUpdatedAt() { return updatedAt; }
}
