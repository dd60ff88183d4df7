package io.odock.core.budget;

import java.time.Instant;
import java.util.Optional;

/** A call refused because it could take a budget past its amount. */
public final class BudgetExceededException extends RuntimeException {
    private final transient Budget budget;
    private final long remainingNanos;
    private final transient Optional<Instant> periodEnd;

    /**
     * @param budget         the budget that refused
     * @param remainingNanos what is left of it in this period, never below zero
     * @param periodEnd      when the period ends and the budget starts again; empty for a total budget
     */
    public BudgetExceededException(Budget budget, long remainingNanos, Optional<Instant> periodEnd) {
        super("the " + budget.period().wireName() + " budget of " + budget.scope() + " has "
                + Money.format(remainingNanos) + " " + budget.currency() + " left, less than the call may cost");
        this.budget = budget;
        this.remainingNanos = remainingNanos;
        this.periodEnd = periodEnd;
    }

    /** The budget that refused. */
    public Budget budget() {
        return budget;
    }

    /** What is left of the budget in this period. */
    public long remainingNanos() {
        return remainingNanos;
    }

    /** When the period ends; empty for a total budget. */
    public Optional<Instant> periodEnd() {
        return periodEnd;
    }
}
