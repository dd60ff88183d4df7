package io.odock.core.budget;

/** The amounts of a row of {@code budget_ledger} as MyBatis maps them. */
public final class LedgerRow {
    private long spentNanos;
    private long reservedNanos;

    /** For MyBatis. */
    public LedgerRow() {
    }

    public long getSpentNanos() { return spentNanos; }
    public long getReservedNanos() { return reservedNanos; }
}
