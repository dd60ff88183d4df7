package io.odock.core.budget;

import io.odock.core.keys.Scope;
import io.odock.core.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every budget definition, in memory, so that the request path finds the budgets of a caller without a query.
 * Loaded at start; changes made here are written through to the store and the cache at once; changes made through
 * other instances arrive with the next refresh.
 *
 * <p>Each refresh reloads every budget rather than polling {@code updated_at} the way keys are refreshed: a deleted
 * budget leaves no row to poll, so an incremental refresh would need tombstones to see deletions, and budgets are
 * few (one per organisation, team, user or key that has one), so one full scan per interval costs next to nothing.
 */
public final class BudgetBook implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BudgetBook.class);

    private final BudgetStore store;
    /** Replaced whole, never modified: readers on the request path see a consistent snapshot without locking. */
    private volatile Map<Scope, Budget> budgets;
    /** Orders writes here against refreshes, so a refresh that read before a write cannot undo it in the cache. */
    private final Object writes = new Object();
    private final ScheduledExecutorService background;

    BudgetBook(BudgetStore store, Duration refreshInterval) {
        this.store = store;
        this.budgets = index(store.findAll());
        this.background = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "odock-budgets");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(100, refreshInterval.toMillis());
        background.scheduleWithFixedDelay(this::refreshQuietly, period, period, TimeUnit.MILLISECONDS);
        log.info("Loaded {} budget(s)", budgets.size());
    }

    /**
     * Loads every budget and starts the background refresh.
     *
     * @throws RuntimeException when the database cannot be read at start
     */
    public static BudgetBook start(Database database, Duration refreshInterval) {
        return new BudgetBook(new BudgetStore(database), refreshInterval);
    }

    /** The budgets that apply to a caller with this principal chain, in the chain's order; in memory only. */
    public List<Budget> budgetsFor(List<Scope> chain) {
        Map<Scope, Budget> snapshot = budgets;
        List<Budget> found = new ArrayList<>();
        for (Scope scope : chain) {
            Budget budget = snapshot.get(scope);
            if (budget != null) {
                found.add(budget);
            }
        }
        return found;
    }

    /** The budget of a scope, from memory. */
    public Optional<Budget> find(Scope scope) {
        return Optional.ofNullable(budgets.get(scope));
    }

    /** Every budget, from memory. */
    public List<Budget> all() {
        return List.copyOf(budgets.values());
    }

    /** Creates or replaces a budget, in the store and in memory. */
    public void put(Budget budget) {
        synchronized (writes) {
            store.put(budget);
            Map<Scope, Budget> next = new LinkedHashMap<>(budgets);
            next.put(budget.scope(), budget);
            budgets = Map.copyOf(next);
        }
        log.info("Budget for {} set to {} {} {}{}", budget.scope(), Money.format(budget.amountNanos()),
                budget.currency(), budget.period().wireName(), budget.shadow() ? " (shadow)" : "");
    }

    /** Deletes a budget, in the store and in memory; what was spent stays in the ledger. False when there was none. */
    public boolean delete(Scope scope) {
        boolean deleted;
        synchronized (writes) {
            deleted = store.delete(scope);
            Map<Scope, Budget> next = new LinkedHashMap<>(budgets);
            next.remove(scope);
            budgets = Map.copyOf(next);
        }
        if (deleted) {
            log.info("Budget for {} deleted", scope);
        }
        return deleted;
    }

    /** Replaces the cache with what the store holds now, picking up other instances' changes and deletions. */
    public void refresh() {
        synchronized (writes) {
            budgets = index(store.findAll());
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Refreshing budgets from the database failed; keeping the ones in memory and retrying in the "
                    + "next interval: {}", e.getMessage());
        }
    }

    private static Map<Scope, Budget> index(List<Budget> all) {
        Map<Scope, Budget> byScope = new LinkedHashMap<>();
        for (Budget budget : all) {
            byScope.put(budget.scope(), budget);
        }
        return Map.copyOf(byScope);
    }

    /** Stops the background refresh. */
    @Override
    public void close() {
        background.shutdownNow();
    }
}
