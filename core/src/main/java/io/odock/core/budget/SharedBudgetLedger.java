package io.odock.core.budget;

import io.odock.core.store.Database;
import io.odock.core.store.WriteBackoff;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The budget ledger of instances that share a database: what each budget has spent and has reserved for calls in
 * flight, per period, kept in the database so that every gateway instance sharing it enforces the same budgets.
 *
 * <p>Before a call, {@link #reserve} sets its maximum cost aside on every budget of the caller's chain in one
 * transaction: the ledger rows are locked ({@code SELECT ... FOR UPDATE}) in one order, by scope kind then id, so two
 * instances reserving on overlapping chains wait for each other instead of deadlocking, and a call that would take any
 * enforcing budget past its amount is refused with nothing reserved anywhere. Each reservation leaves a hold per
 * budget, named by the request id, that expires. After the call, {@link #settle} charges the actual cost and gives the
 * hold back; settlements are queued and written by a background thread, so the caller never waits on the database,
 * and kept in memory through an outage and retried with backoff. The same thread sweeps expired holds, returning the
 * reservations of calls whose instance crashed before it could settle them.
 *
 * <p><b>Overspend bound.</b> Admission is exact: a reservation succeeds only if spent + reserved + the call's maximum
 * cost stays within the amount, under a row lock, so with reservations at the maximum cost the ledger never admits
 * spend beyond the amount, across threads and instances. Settled spend can exceed the amount only by what calls
 * actually cost above what they reserved (an input estimate below the real token count, or usage the maximum could
 * not foresee, such as images or audio seconds), summed over the calls in flight at the time. Holds of a crashed
 * instance keep their amounts reserved, which errs towards refusing, until they expire and the sweeper returns them;
 * a call that outlives its hold and settles afterwards is charged in full, but its reservation no longer counted
 * between the expiry and the settlement, so calls must be given holds longer than they can run.
 *
 * <p>Settlements are not idempotent: if a commit succeeds but its acknowledgement is lost, the retry charges again
 * (overcounting errs towards refusing). Settlements still queued when the process dies are lost; their holds expire
 * and are returned, so that spend is not counted.
 */
public final class SharedBudgetLedger extends BudgetLedger {
    private static final Logger log = LoggerFactory.getLogger(SharedBudgetLedger.class);
    private static final WriteBackoff BACKOFF = WriteBackoff.WRITERS;
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(5);
    private static final int SWEEP_BATCH = 500;
    /** Attempts of one transaction that lost a lock wait or a deadlock before the caller is told. */
    private static final int ATTEMPTS = 5;
    private static final int MAX_KNOWN_ROWS = 100_000;

    private final SqlSessionFactory sessions;
    /** Ledger rows known to exist (they are never deleted), so each is inserted once per period per instance. */
    private final Set<LedgerKey> knownRows = ConcurrentHashMap.newKeySet();
    private final ArrayDeque<Settlement> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    /** One applier at a time, so the head of the queue is applied once and settlements keep their order. */
    private final ReentrantLock applying = new ReentrantLock();
    private final Thread worker;
    private volatile boolean closed;

    /**
     * A ledger on this database; starts the background thread that writes settlements and sweeps expired holds.
     *
     * @param clock the time that decides periods and hold expiry
     */
    public SharedBudgetLedger(Database database, Clock clock) {
        this(database.sessions(), clock);
    }

    SharedBudgetLedger(SqlSessionFactory sessions, Clock clock) {
        super(clock);
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.worker = Thread.ofPlatform().daemon().name("odock-budget-ledger").start(this::workLoop);
    }

    private record LedgerKey(String kind, String id, Instant periodStart) {
    }

    private record Settlement(Reservation reservation, long actualCostNanos) {
    }

    @Override
    Reservation reserveOrdered(String requestId, List<Budget> ordered, List<Instant> starts, long maxCostNanos,
                               Instant now, Instant expiresAt) {
        return withRetries("reserve budget", () -> {
            ensureRows(ordered, starts, now);
            return reserveLocked(requestId, ordered, starts, maxCostNanos, now, expiresAt);
        });
    }

    private Reservation reserveLocked(String requestId, List<Budget> ordered, List<Instant> starts, long maxCost,
                                      Instant now, Instant expiresAt) {
        List<Reservation.Hold> holds = new ArrayList<>();
        List<Budget> shadowExceeded = new ArrayList<>();
        List<Reservation.BudgetWarning> warnings = new ArrayList<>();
        try (SqlSession session = sessions.openSession(false)) {
            LedgerMapper ledger = session.getMapper(LedgerMapper.class);
            for (int i = 0; i < ordered.size(); i++) {
                Budget budget = ordered.get(i);
                Instant start = starts.get(i);
                String kind = budget.scope().kind().wireName();
                String id = budget.scope().id();
                LedgerRow row = ledger.lockRow(kind, id, start);
                if (row == null) {
                    knownRows.remove(new LedgerKey(kind, id, start));
                    throw new MissingLedgerRow();
                }
                long used = saturatedAdd(row.getSpentNanos(), row.getReservedNanos());
                long after = saturatedAdd(used, maxCost);
                if (after > budget.amountNanos()) {
                    if (!budget.shadow()) {
                        session.rollback(true);
                        throw exceeded(budget, start, used);
                    }
                    shadowExceeded.add(budget);
                }
                ledger.addReserved(kind, id, start, maxCost, now);
                try {
                    ledger.insertHold(new HoldRow(requestId, kind, id, start, maxCost, expiresAt));
                } catch (RuntimeException e) {
                    if (hasSqlState(e, "23")) {
                        throw new IllegalArgumentException("request " + requestId + " already holds budget on "
                                + budget.scope() + "; each call needs a request id of its own", e);
                    }
                    throw e;
                }
                holds.add(new Reservation.Hold(budget, start, maxCost));
                warning(budget, after).ifPresent(warnings::add);
            }
            session.commit();
        }
        return new Reservation(requestId, holds, shadowExceeded, warnings);
    }

    /**
     * Makes sure each ledger row exists, each insert in its own autocommit statement, before the locking transaction.
     * Inserting inside it would need a locking read of a missing row first, and on MariaDB two such reads take gap
     * locks that deadlock the two inserts that follow; a plain insert whose duplicate-key failure means "already
     * there" is safe when instances race.
     */
    private void ensureRows(List<Budget> ordered, List<Instant> starts, Instant now) {
        if (knownRows.size() > MAX_KNOWN_ROWS) {
            knownRows.clear(); // Old periods' rows: forgetting them only costs an insert attempt.
        }
        for (int i = 0; i < ordered.size(); i++) {
            Budget budget = ordered.get(i);
            LedgerKey key = new LedgerKey(budget.scope().kind().wireName(), budget.scope().id(), starts.get(i));
            if (knownRows.contains(key)) {
                continue;
            }
            try (SqlSession session = sessions.openSession(true)) {
                session.getMapper(LedgerMapper.class).insertRow(key.kind(), key.id(), key.periodStart(), now);
            } catch (RuntimeException e) {
                if (!hasSqlState(e, "23")) {
                    throw e;
                }
            }
            knownRows.add(key);
        }
    }

    @Override
    void settleHolds(Reservation reservation, long actualCostNanos) {
        lock.lock();
        try {
            queue.addLast(new Settlement(reservation, actualCostNanos));
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void flush() {
        applyQueued();
    }

    @Override
    int pendingSettlements() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void applyQueued() {
        applying.lock();
        try {
            Settlement next;
            while ((next = peek()) != null) {
                Settlement settlement = next;
                withRetries("settle budget", () -> {
                    applySettlement(settlement);
                    return null;
                });
                lock.lock();
                try {
                    queue.pollFirst();
                } finally {
                    lock.unlock();
                }
            }
        } finally {
            applying.unlock();
        }
    }

    private Settlement peek() {
        lock.lock();
        try {
            return queue.peekFirst();
        } finally {
            lock.unlock();
        }
    }

    private void applySettlement(Settlement settlement) {
        Reservation reservation = settlement.reservation();
        Instant now = now();
        try (SqlSession session = sessions.openSession(false)) {
            LedgerMapper ledger = session.getMapper(LedgerMapper.class);
            for (Reservation.Hold hold : reservation.holds()) {
                String kind = hold.budget().scope().kind().wireName();
                String id = hold.budget().scope().id();
                // A hold already swept gave its amount back then; only the spend is left to record.
                boolean held = ledger.deleteHold(reservation.requestId(), kind, id) > 0;
                int charged = ledger.charge(kind, id, hold.periodStart(), settlement.actualCostNanos(),
                        held ? hold.amountNanos() : 0, now);
                if (charged == 0) {
                    log.warn("No ledger row for {} from {} to charge request {} to", hold.budget().scope(),
                            hold.periodStart(), reservation.requestId());
                }
            }
            session.commit();
        }
    }

    /**
     * Gives back the amounts of holds past their expiry (calls never settled, usually because their instance
     * crashed) and deletes them.
     */
    @Override
    int sweepExpiredHolds() {
        Instant now = now();
        List<HoldRow> expired;
        try (SqlSession session = sessions.openSession(true)) {
            expired = session.getMapper(LedgerMapper.class).findExpired(now, SWEEP_BATCH);
        } catch (RuntimeException e) {
            throw unavailable("sweep expired budget holds", e);
        }
        int returned = 0;
        for (HoldRow hold : expired) {
            returned += withRetries("return an expired budget hold", () -> returnHold(hold, now));
        }
        if (returned > 0) {
            log.info("Returned {} expired budget hold(s)", returned);
        }
        return returned;
    }

    private int returnHold(HoldRow hold, Instant now) {
        try (SqlSession session = sessions.openSession(false)) {
            LedgerMapper ledger = session.getMapper(LedgerMapper.class);
            // Deleting first decides the race with a settlement of the same hold: only one of them sees the row.
            int deleted = ledger.deleteHold(hold.getRequestId(), hold.getScopeKind(), hold.getScopeId());
            if (deleted > 0) {
                ledger.charge(hold.getScopeKind(), hold.getScopeId(), hold.getPeriodStart(), 0, hold.getAmountNanos(),
                        now);
            }
            session.commit();
            return deleted;
        }
    }

    /** Reads the database. */
    @Override
    public BudgetStatus status(Budget budget) {
        Instant start = periodStart(budget, now());
        LedgerRow row;
        try (SqlSession session = sessions.openSession(true)) {
            row = session.getMapper(LedgerMapper.class).findRow(budget.scope().kind().wireName(), budget.scope().id(),
                    start);
        } catch (RuntimeException e) {
            throw unavailable("read budget status", e);
        }
        return statusOf(budget, start, row == null ? 0 : row.getSpentNanos(), row == null ? 0 : row.getReservedNanos());
    }

    private void workLoop() {
        Duration wait = BACKOFF.interval();
        boolean failing = false;
        long nextSweep = System.nanoTime() + SWEEP_INTERVAL.toNanos();
        while (!closed) {
            if (!awaitWork(wait, failing)) {
                return;
            }
            try {
                applyQueued();
                wait = BACKOFF.interval();
                failing = false;
            } catch (RuntimeException e) {
                wait = BACKOFF.afterFailure(wait);
                failing = true;
                log.warn("Writing budget settlements failed ({} waiting); retrying in {} s: {}",
                        pendingSettlements(), wait.toSeconds(), e.getMessage());
            }
            if (System.nanoTime() - nextSweep >= 0) {
                try {
                    sweepExpiredHolds();
                } catch (RuntimeException e) {
                    log.warn("Sweeping expired budget holds failed; retrying later: {}", e.getMessage());
                }
                nextSweep = System.nanoTime() + SWEEP_INTERVAL.toNanos();
            }
        }
    }

    /**
     * Waits until settlements are queued (unless backing off after a failure, when new ones do not cut the wait
     * short, so an outage is not hammered at the request rate) or the interval passes. False once closed.
     */
    private boolean awaitWork(Duration wait, boolean backingOff) {
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            long left;
            while (!closed && (left = deadline - System.nanoTime()) > 0 && (backingOff || queue.isEmpty())) {
                work.await(left, TimeUnit.NANOSECONDS);
            }
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a transaction, again when it lost a lock wait or a deadlock (it was rolled back, so it is safe to repeat),
     * and turns database failures into {@link BudgetUnavailableException}.
     */
    private <T> T withRetries(String what, Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (BudgetExceededException | IllegalArgumentException e) {
                throw e; // Answers, not failures: retrying cannot change them.
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !isRetryable(e)) {
                    throw unavailable(what, e);
                }
                pause(attempt);
            }
        }
    }

    private static boolean isRetryable(Throwable e) {
        if (e instanceof MissingLedgerRow) {
            return true;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                int code = sql.getErrorCode();
                // 40001: deadlock or serialization failure (both); HYT00 / 50200: H2 lock timeout;
                // 1205 / 1213: MySQL and MariaDB lock wait timeout and deadlock.
                if (state.equals("40001") || state.equals("HYT00") || code == 50200 || code == 1205 || code == 1213) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            // Jittered, so that transactions that collided do not collide again in step.
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt + 5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A ledger row this instance believed existed is gone (deleted by hand); retried after inserting it again. */
    private static final class MissingLedgerRow extends RuntimeException {
        MissingLedgerRow() {
            super("a budget ledger row disappeared", null, false, false);
        }
    }

    /**
     * Stops the background thread and writes the queued settlements, trying for a few seconds; says in an error how
     * many could not be written.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        joinThenWrite(worker, this::applyQueued).ifPresent(e -> log.error("Could not write {} budget settlement(s) on "
                + "shutdown; their spend is not recorded and their holds return when they expire: {}",
                pendingSettlements(), e.getMessage()));
    }
}
