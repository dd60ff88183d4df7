package io.odock.core.budget;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Budget set aside for one call before it runs, to be settled with its actual cost afterwards.
 *
 * @param requestId      the call's request id, which names its holds
 * @param holds          what was reserved on each budget, in lock order
 * @param shadowExceeded shadow budgets this call took past their amount (reserved anyway)
 * @param warnings       for each budget that reached a warning threshold, the highest one reached
 */
public record Reservation(String requestId, List<Hold> holds, List<Budget> shadowExceeded,
                          List<BudgetWarning> warnings) {
    private static final Reservation NONE = new Reservation("", List.of(), List.of(), List.of());

    /** Copies the lists. */
    public Reservation {
        Objects.requireNonNull(requestId, "requestId");
        holds = List.copyOf(holds);
        shadowExceeded = List.copyOf(shadowExceeded);
        warnings = List.copyOf(warnings);
    }

    /** No budget applied: nothing reserved, nothing to settle. */
    public static Reservation none() {
        return NONE;
    }

    /**
     * An amount held on one budget.
     *
     * @param budget      the budget
     * @param periodStart the period the hold counts against (settlement charges that period, even after it ended)
     * @param amountNanos the amount held
     */
    public record Hold(Budget budget, Instant periodStart, long amountNanos) {
    }

    /**
     * A budget whose spending, counting what is reserved, reached a warning threshold.
     *
     * @param budget         the budget
     * @param percent        the highest threshold reached
     * @param remainingNanos what is left of the amount after this reservation
     */
    public record BudgetWarning(Budget budget, int percent, long remainingNanos) {
    }
}
