package io.odock.core.budget;

import io.odock.core.keys.Scope;
import io.odock.core.keys.ScopeKind;
import io.odock.core.store.Database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What the tests of both budget ledgers share: racing calls, and looking at the tables directly. */
final class LedgerFixtures {
    static final Duration HOLD = Duration.ofMinutes(10);
    static final Instant DAY_ONE = Instant.parse("2025-03-10T10:00:00Z");
    static final Scope ORG = new Scope(ScopeKind.ORGANIZATION, "acme");
    static final Scope TEAM = new Scope(ScopeKind.TEAM, "research");
    static final Scope KEY = Scope.apiKey("key_1");

    private LedgerFixtures() {
    }

    /** An enforcing daily budget in UTC, without warnings. */
    static Budget daily(Scope scope, long amount) {
        return new Budget(scope, amount, "USD", BudgetPeriod.DAILY, ZoneOffset.UTC, List.of(), false);
    }

    /** 50 threads reserve 1 each, spread over the ledgers, and settle at that cost; returns how many were let in. */
    static int race(List<BudgetLedger> ledgers, Budget... budgets) throws Exception {
        int threads = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                BudgetLedger ledger = ledgers.get(i % ledgers.size());
                String requestId = "req_" + i;
                calls.add(pool.submit(() -> {
                    start.await();
                    try {
                        Reservation reservation = ledger.reserve(requestId, List.of(budgets), 1, HOLD);
                        admitted.incrementAndGet();
                        ledger.settle(reservation, 1);
                    } catch (BudgetExceededException e) {
                        refused.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> call : calls) {
                call.get(60, TimeUnit.SECONDS); // Any other failure (a lock timeout not retried) fails the test.
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(admitted.get() + refused.get()).isEqualTo(threads);
        return admitted.get();
    }

    static long count(Database database, String table) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static void execute(Database database, String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
