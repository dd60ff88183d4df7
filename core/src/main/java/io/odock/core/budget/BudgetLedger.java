package io.odock.core.budget;

import io.odock.core.store.Database;

import java.math.BigInteger;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The budget ledger: what each budget has spent and has reserved for calls in flight, per period.
 *
 * <p>Before a call, {@link #reserve} sets its maximum cost aside on every budget of the caller's chain, or on none: a
 * call that would take any enforcing budget past its amount is refused with nothing reserved anywhere. After the call,
 * {@link #settle} charges the actual cost and gives the reservation back, without waiting on the database.
 *
 * <p>Two ledgers keep this promise, chosen by {@link #open} from the database: a {@link SharedBudgetLedger} when other
 * gateway instances may share the database (MySQL, MariaDB), which reserves in the database on every call so that
 * every instance enforces the same budgets; and a {@link LocalBudgetLedger} when only this process can open it
 * (embedded H2), which keeps the figures in memory and writes the spend behind, so that the request path never waits
 * on the database.
 */
public abstract sealed class BudgetLedger implements AutoCloseable permits SharedBudgetLedger, LocalBudgetLedger {
    private static final int MAX_REQUEST_ID = 128;
    /** How long closing waits for the background thread, then keeps trying to write what is queued. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** The order in which a chain's budgets are taken, the same in every instance (shared rows lock in it). */
    private static final Comparator<Budget> CHAIN_ORDER = Comparator.<Budget, Integer>comparing(
            b -> b.scope().kind().ordinal()).thenComparing(b -> b.scope().id());

    private final Clock clock;

    BudgetLedger(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The ledger for this database: in memory when no other process can open the database, in the database otherwise.
     *
     * @param clock the time that decides periods and hold expiry
     */
    public static BudgetLedger open(Database database, Clock clock) {
        return database.isExclusive() ? new LocalBudgetLedger(database, clock) : new SharedBudgetLedger(database, clock);
    }

    /**
     * Reserves a call's maximum cost on every budget, or on none.
     *
     * @param requestId    the call's request id (at most 128 characters), which names its holds
     * @param budgets      the budgets of the caller's chain; a scope listed twice counts once
     * @param maxCostNanos the most the call can cost
     * @param holdFor      how long the holds last if the call is never settled; longer than a call can run
     * @return the reservation, to {@link #settle} after the call; {@link Reservation#none()} without budgets
     * @throws BudgetExceededException    when an enforcing budget has less left than {@code maxCostNanos}
     * @throws BudgetUnavailableException when the database cannot be used
     * @throws IllegalArgumentException   for invalid arguments, or a request id that already holds a reservation
     */
    public final Reservation reserve(String requestId, List<Budget> budgets, long maxCostNanos, Duration holdFor) {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(holdFor, "holdFor");
        if (budgets.isEmpty()) {
            return Reservation.none();
        }
        if (requestId.isBlank() || requestId.length() > MAX_REQUEST_ID) {
            throw new IllegalArgumentException("a reservation needs a request id of 1 to 128 characters");
        }
        if (maxCostNanos < 0) {
            throw new IllegalArgumentException("a call's maximum cost cannot be negative");
        }
        if (holdFor.isNegative() || holdFor.isZero()) {
            throw new IllegalArgumentException("holds must last longer than 0");
        }
        Map<io.odock.core.keys.Scope, Budget> byScope = new LinkedHashMap<>();
        budgets.forEach(b -> byScope.putIfAbsent(b.scope(), b));
        List<Budget> ordered = byScope.values().stream().sorted(CHAIN_ORDER).toList();
        Instant now = now();
        List<Instant> starts = ordered.stream().map(b -> periodStart(b, now)).toList();
        return reserveOrdered(requestId, ordered, starts, maxCostNanos, now,
                now.plus(holdFor).truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * Reserves on budgets already checked, without duplicates and in chain order, with each one's current period.
     */
    abstract Reservation reserveOrdered(String requestId, List<Budget> ordered, List<Instant> starts, long maxCostNanos,
                                        Instant now, Instant expiresAt);

    /**
     * Charges a call's actual cost to every budget it reserved on and gives the holds back. Never blocks on the
     * database: what must be written is queued and retried through outages.
     *
     * @param reservation     what {@link #reserve} returned
     * @param actualCostNanos what the call cost
     */
    public final void settle(Reservation reservation, long actualCostNanos) {
        Objects.requireNonNull(reservation, "reservation");
        if (actualCostNanos < 0) {
            throw new IllegalArgumentException("a call's cost cannot be negative");
        }
        if (!reservation.holds().isEmpty()) {
            settleHolds(reservation, actualCostNanos);
        }
    }

    abstract void settleHolds(Reservation reservation, long actualCostNanos);

    /**
     * Writes everything queued now.
     *
     * @throws BudgetUnavailableException when the database cannot be written; what was queued stays queued
     */
    public abstract void flush();

    /**
     * Where a budget stands in its current period (for operators, not the request path).
     *
     * @throws BudgetUnavailableException when the database cannot be read
     */
    public abstract BudgetStatus status(Budget budget);

    /** How many writes wait for the database. */
    abstract int pendingSettlements();

    /** Gives back the reservations of holds past their expiry; how many were returned. */
    abstract int sweepExpiredHolds();

    /** Stops the background work and writes what is queued, trying for a few seconds. */
    @Override
    public abstract void close();

    /**
     * The end of {@link #close}, once the background thread was told to stop: waits for it, then tries {@code write}
     * until it succeeds or {@link #CLOSE_WAIT} passes.
     *
     * @return the last failure when what was queued could not all be written
     */
    static Optional<RuntimeException> joinThenWrite(Thread worker, Runnable write) {
        try {
            worker.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (true) {
            try {
                write.run();
                return Optional.empty();
            } catch (RuntimeException e) {
                if (System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
                    return Optional.of(e);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The highest warning threshold that {@code used} reaches on this budget, if any. */
    static Optional<Reservation.BudgetWarning> warning(Budget budget, long used) {
        if (budget.amountNanos() == 0) {
            return Optional.empty(); // Every percent of nothing is reached at once; a zero budget refuses instead.
        }
        BigInteger usedTimes100 = BigInteger.valueOf(used).multiply(BigInteger.valueOf(100));
        List<Integer> thresholds = budget.warnAtPercent();
        for (int i = thresholds.size() - 1; i >= 0; i--) {
            int percent = thresholds.get(i);
            if (usedTimes100.compareTo(BigInteger.valueOf(budget.amountNanos()).multiply(BigInteger.valueOf(percent)))
                    >= 0) {
                return Optional.of(new Reservation.BudgetWarning(budget, percent,
                        Math.max(0, budget.amountNanos() - used)));
            }
        }
        return Optional.empty();
    }

    /** The refusal of a call that would take an enforcing budget past its amount, with what is left. */
    static BudgetExceededException exceeded(Budget budget, Instant periodStart, long used) {
        return new BudgetExceededException(budget, Math.max(0, budget.amountNanos() - used),
                budget.period().end(periodStart, budget.timezone()));
    }

    static BudgetStatus statusOf(Budget budget, Instant periodStart, long spent, long reserved) {
        return new BudgetStatus(budget, periodStart, budget.period().end(periodStart, budget.timezone()), spent, reserved,
                Math.max(0, budget.amountNanos() - saturatedAdd(spent, reserved)));
    }

    Instant periodStart(Budget budget, Instant now) {
        return budget.period().start(now, budget.timezone()).truncatedTo(ChronoUnit.MILLIS);
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    static boolean hasSqlState(Throwable e, String prefix) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The failure without driver messages, which can carry host names; the cause keeps them for the logs. */
    static BudgetUnavailableException unavailable(String what, RuntimeException e) {
        if (e instanceof BudgetUnavailableException unavailable) {
            return unavailable;
        }
        String state = "";
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                state = " (SQL state " + sql.getSQLState() + ")";
                break;
            }
        }
        return new BudgetUnavailableException("cannot " + what + ": the budget ledger's database is unavailable"
                + state, e);
    }
}
