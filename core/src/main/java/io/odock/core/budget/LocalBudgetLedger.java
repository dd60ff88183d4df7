package io.odock.core.budget;

import io.odock.core.store.Database;
import io.odock.core.store.WriteBackoff;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The budget ledger of a gateway that is alone on its database (embedded H2, which no other process can open): the
 * figures live in memory and only the spend is written to the database, behind the calls.
 *
 * <p>Each budget's period is read from the database once, the first time a call touches it (after any write in
 * progress, so that spend being written counts once); from then on reserving and settling are a few additions under
 * one lock, so the request path never waits on the database, and a database outage does not stop budgeted calls whose
 * budgets are already known. Settled spend is summed per budget and period
 * and written by a background thread every second (and on {@link #flush} and {@link #close}), retried with backoff
 * through outages. Reservations are not written at all: they matter only while this process runs, and when it starts
 * no call of it is in flight, so it clears any it finds.
 *
 * <p>Admission is exactly that of the {@link SharedBudgetLedger}: spent + reserved + the call's maximum cost must stay
 * within the amount on every enforcing budget, or nothing is reserved. Holds expire as there, so that a call never
 * settled cannot keep its amount reserved for ever. Spend not yet written when the process dies is lost (at most about
 * a second of it); a graceful stop writes it.
 */
public final class LocalBudgetLedger extends BudgetLedger {
    private static final Logger log = LoggerFactory.getLogger(LocalBudgetLedger.class);
    private static final WriteBackoff BACKOFF = WriteBackoff.WRITERS;
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(5);
    /** Above this many budget periods in memory, the idle ones are forgotten (read again when next used). */
    private static final int MAX_ACCOUNTS = 100_000;

    private final SqlSessionFactory sessions;
    /** Guards {@link #accounts}, {@link #holds} and {@link #unwritten}. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition closing = lock.newCondition();
    private final Map<LedgerKey, Account> accounts = new HashMap<>();
    private final Map<String, Held> holds = new HashMap<>();
    /**
     * Spend settled in memory and not yet committed to the database, per budget period. A batch being written stays
     * here until its transaction commits, so nothing reads a period's spend as neither here nor in the database.
     */
    private final Map<LedgerKey, Long> unwritten = new LinkedHashMap<>();
    /**
     * Held while a batch is written, and while a period's row is read to be added to {@link #unwritten}: such a read
     * sees the database either before the batch's commit with the batch still in {@link #unwritten}, or after it with
     * the batch taken out, never one without the other (which would count the batch twice or not at all).
     */
    private final ReentrantLock writing = new ReentrantLock();
    private final Thread worker;
    private volatile boolean closed;

    private record LedgerKey(String kind, String id, Instant periodStart) {
        static LedgerKey of(Budget budget, Instant periodStart) {
            return new LedgerKey(budget.scope().kind().wireName(), budget.scope().id(), periodStart);
        }
    }

    /** What one budget period has spent (settled, written or not) and holds for calls in flight. */
    private static final class Account {
        long spent;
        long reserved;

        Account(long spent) {
            this.spent = spent;
        }
    }

    private record Held(Reservation reservation, Instant expiresAt) {
    }

    /**
     * A ledger on this database, which no other process may open; starts the background thread that writes the spend.
     *
     * @param clock the time that decides periods and hold expiry
     */
    public LocalBudgetLedger(Database database, Clock clock) {
        this(database.sessions(), clock);
    }

    LocalBudgetLedger(SqlSessionFactory sessions, Clock clock) {
        super(clock);
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        clearReservations();
        this.worker = Thread.ofPlatform().daemon().name("odock-budget-ledger").start(this::workLoop);
    }

    /** Reservations in the database are of calls of an earlier process, all ended (or of a ledger once shared). */
    private void clearReservations() {
        try (SqlSession session = sessions.openSession(false)) {
            LedgerMapper ledger = session.getMapper(LedgerMapper.class);
            int holdsCleared = ledger.deleteAllHolds();
            ledger.releaseAllReservations();
            session.commit();
            if (holdsCleared > 0) {
                log.info("Released {} budget hold(s) left by calls of an earlier run", holdsCleared);
            }
        } catch (RuntimeException e) {
            // Nothing here reads them; they only make an operator's direct look at the table confusing.
            log.warn("Could not release budget holds left by an earlier run: {}", e.getMessage());
        }
    }

    @Override
    Reservation reserveOrdered(String requestId, List<Budget> ordered, List<Instant> starts, long maxCostNanos,
                               Instant now, Instant expiresAt) {
        List<LedgerKey> keys = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            keys.add(LedgerKey.of(ordered.get(i), starts.get(i)));
        }
        while (true) {
            List<LedgerKey> missing = new ArrayList<>(0);
            lock.lock();
            try {
                for (LedgerKey key : keys) {
                    if (!accounts.containsKey(key)) {
                        missing.add(key);
                    }
                }
                if (missing.isEmpty()) {
                    return reserveLoaded(requestId, ordered, starts, keys, maxCostNanos, expiresAt);
                }
            } finally {
                lock.unlock();
            }
            load(missing);
        }
    }

    private Reservation reserveLoaded(String requestId, List<Budget> ordered, List<Instant> starts,
                                      List<LedgerKey> keys, long maxCost, Instant expiresAt) {
        if (holds.containsKey(requestId)) {
            throw new IllegalArgumentException("request " + requestId + " already holds budget; each call needs a "
                    + "request id of its own");
        }
        List<Budget> shadowExceeded = new ArrayList<>(0);
        List<Reservation.BudgetWarning> warnings = new ArrayList<>(0);
        List<Reservation.Hold> reserved = new ArrayList<>(ordered.size());
        // Every budget is checked before any is touched: a refusal reserves nothing anywhere.
        for (int i = 0; i < ordered.size(); i++) {
            Budget budget = ordered.get(i);
            Account account = accounts.get(keys.get(i));
            long used = saturatedAdd(account.spent, account.reserved);
            long after = saturatedAdd(used, maxCost);
            if (after > budget.amountNanos()) {
                if (!budget.shadow()) {
                    throw exceeded(budget, starts.get(i), used);
                }
                shadowExceeded.add(budget);
            }
            warning(budget, after).ifPresent(warnings::add);
            reserved.add(new Reservation.Hold(budget, starts.get(i), maxCost));
        }
        for (LedgerKey key : keys) {
            Account account = accounts.get(key);
            account.reserved = saturatedAdd(account.reserved, maxCost);
        }
        Reservation reservation = new Reservation(requestId, reserved, shadowExceeded, warnings);
        holds.put(requestId, new Held(reservation, expiresAt));
        return reservation;
    }

    /**
     * Reads what the budget periods have spent, outside the lock (but not during a write: {@link #writing}); a period
     * without a row has spent nothing.
     */
    private void load(List<LedgerKey> missing) {
        writing.lock();
        try {
            Map<LedgerKey, Long> spent = new HashMap<>();
            try (SqlSession session = sessions.openSession(true)) {
                LedgerMapper ledger = session.getMapper(LedgerMapper.class);
                for (LedgerKey key : missing) {
                    LedgerRow row = ledger.findRow(key.kind(), key.id(), key.periodStart());
                    spent.put(key, row == null ? 0 : row.getSpentNanos());
                }
            } catch (RuntimeException e) {
                throw unavailable("reserve budget", e);
            }
            lock.lock();
            try {
                // Spend settled but not yet written is in memory only: it counts on top of what the row says.
                spent.forEach((key, written) -> accounts.computeIfAbsent(key,
                        k -> new Account(saturatedAdd(written, unwritten.getOrDefault(k, 0L)))));
            } finally {
                lock.unlock();
            }
        } finally {
            writing.unlock();
        }
    }

    @Override
    void settleHolds(Reservation reservation, long actualCostNanos) {
        lock.lock();
        try {
            Held held = holds.get(reservation.requestId());
            // A hold already swept gave its amount back then; only the spend is left to record.
            boolean stillHeld = held != null && held.reservation() == reservation;
            if (stillHeld) {
                holds.remove(reservation.requestId());
            }
            for (Reservation.Hold hold : reservation.holds()) {
                LedgerKey key = LedgerKey.of(hold.budget(), hold.periodStart());
                Account account = accounts.get(key);
                if (account != null) {
                    account.spent = saturatedAdd(account.spent, actualCostNanos);
                    if (stillHeld) {
                        account.reserved = Math.max(0, account.reserved - hold.amountNanos());
                    }
                }
                if (actualCostNanos > 0) {
                    unwritten.merge(key, actualCostNanos, BudgetLedger::saturatedAdd);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void flush() {
        writeUnwritten();
    }

    @Override
    int pendingSettlements() {
        lock.lock();
        try {
            return unwritten.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds the spend settled since the last write to the database, in one transaction, and only then takes it out of
     * {@link #unwritten} (spend settled meanwhile stays there); a failed write leaves it there for the next try.
     */
    private void writeUnwritten() {
        writing.lock();
        try {
            Map<LedgerKey, Long> batch;
            lock.lock();
            try {
                if (unwritten.isEmpty()) {
                    return;
                }
                batch = new LinkedHashMap<>(unwritten);
            } finally {
                lock.unlock();
            }
            Instant now = now();
            try (SqlSession session = sessions.openSession(false)) {
                LedgerMapper ledger = session.getMapper(LedgerMapper.class);
                for (Map.Entry<LedgerKey, Long> entry : batch.entrySet()) {
                    LedgerKey key = entry.getKey();
                    if (ledger.charge(key.kind(), key.id(), key.periodStart(), entry.getValue(), 0, now) == 0) {
                        ledger.insertRow(key.kind(), key.id(), key.periodStart(), now);
                        ledger.charge(key.kind(), key.id(), key.periodStart(), entry.getValue(), 0, now);
                    }
                }
                session.commit();
            } catch (RuntimeException e) {
                throw unavailable("write budget spend", e);
            }
            lock.lock();
            try {
                batch.forEach((key, written) -> unwritten.computeIfPresent(key,
                        (k, amount) -> amount > written ? amount - written : null));
            } finally {
                lock.unlock();
            }
        } finally {
            writing.unlock();
        }
    }

    /** Returns the amounts of holds past their expiry (calls never settled) and forgets idle periods when many. */
    @Override
    int sweepExpiredHolds() {
        Instant now = now();
        int returned = 0;
        lock.lock();
        try {
            for (Iterator<Held> it = holds.values().iterator(); it.hasNext(); ) {
                Held held = it.next();
                if (held.expiresAt().isBefore(now)) {
                    it.remove();
                    returned++;
                    for (Reservation.Hold hold : held.reservation().holds()) {
                        Account account = accounts.get(LedgerKey.of(hold.budget(), hold.periodStart()));
                        if (account != null) {
                            account.reserved = Math.max(0, account.reserved - hold.amountNanos());
                        }
                    }
                }
            }
            if (accounts.size() > MAX_ACCOUNTS) {
                // An idle period is read again from the database when next used: forgetting it loses nothing.
                accounts.entrySet().removeIf(e -> e.getValue().reserved == 0 && !unwritten.containsKey(e.getKey()));
            }
        } finally {
            lock.unlock();
        }
        if (returned > 0) {
            log.info("Returned {} expired budget hold(s)", returned);
        }
        return returned;
    }

    /** From memory when the period is known here, otherwise from the database. */
    @Override
    public BudgetStatus status(Budget budget) {
        Instant start = periodStart(budget, now());
        LedgerKey key = LedgerKey.of(budget, start);
        lock.lock();
        try {
            Account account = accounts.get(key);
            if (account != null) {
                return statusOf(budget, start, account.spent, account.reserved);
            }
        } finally {
            lock.unlock();
        }
        LedgerRow row;
        long pending;
        writing.lock();
        try {
            try (SqlSession session = sessions.openSession(true)) {
                row = session.getMapper(LedgerMapper.class).findRow(key.kind(), key.id(), start);
            } catch (RuntimeException e) {
                throw unavailable("read budget status", e);
            }
            lock.lock();
            try {
                pending = unwritten.getOrDefault(key, 0L);
            } finally {
                lock.unlock();
            }
        } finally {
            writing.unlock();
        }
        return statusOf(budget, start, saturatedAdd(row == null ? 0 : row.getSpentNanos(), pending), 0);
    }

    private void workLoop() {
        Duration wait = BACKOFF.interval();
        long nextSweep = System.nanoTime() + SWEEP_INTERVAL.toNanos();
        while (awaitClose(wait)) {
            try {
                writeUnwritten();
                wait = BACKOFF.interval();
            } catch (RuntimeException e) {
                wait = BACKOFF.afterFailure(wait);
                log.warn("Writing budget spend failed ({} budget period(s) waiting); retrying in {} s: {}",
                        pendingSettlements(), wait.toSeconds(), e.getMessage());
            }
            if (System.nanoTime() - nextSweep >= 0) {
                sweepExpiredHolds();
                nextSweep = System.nanoTime() + SWEEP_INTERVAL.toNanos();
            }
        }
    }

    /** Waits for the interval; false once closed. Settling never wakes the writer: a second's batch is cheaper. */
    private boolean awaitClose(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            long left;
            while (!closed && (left = deadline - System.nanoTime()) > 0) {
                closing.await(left, TimeUnit.NANOSECONDS);
            }
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the background thread and writes the spend not yet written, trying for a few seconds. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            closing.signalAll();
        } finally {
            lock.unlock();
        }
        joinThenWrite(worker, this::writeUnwritten).ifPresent(e -> log.error("Could not write the spend of {} budget "
                + "period(s) on shutdown; it is not recorded: {}", pendingSettlements(), e.getMessage()));
    }
}
