package io.odock.core.budget;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a budget stands in its current period, for operators.
 *
 * @param budget         the budget
 * @param periodStart    the start of the current period
 * @param periodEnd      its end; empty for a total budget
 * @param spentNanos     spent in the period (settled calls)
 * @param reservedNanos  held for calls in flight
 * @param remainingNanos the amount less spent and reserved, never below zero
 */
public record BudgetStatus(Budget budget, Instant periodStart, Optional<Instant> periodEnd, long spentNanos,
                           long reservedNanos, long remainingNanos) {
}
