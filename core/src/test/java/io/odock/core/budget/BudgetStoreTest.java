package io.odock.core.budget;

import io.odock.core.testsupport.MutableClock;
import io.odock.core.keys.Scope;
import io.odock.core.keys.ScopeKind;
import io.odock.core.store.Database;
import io.odock.core.testsupport.Databases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetStoreTest {
    private static final Scope TEAM = new Scope(ScopeKind.TEAM, "research");
    private static final Scope KEY = Scope.apiKey("key_1");
    private static final Scope ORG = new Scope(ScopeKind.ORGANIZATION, "acme");

    private static Budget budget(Scope scope, String amount) {
        return new Budget(scope, Money.parse(amount), "USD", BudgetPeriod.MONTHLY, ZoneId.of("Europe/Paris"),
                List.of(50, 80), false);
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void putsFindsUpdatesAndDeletes(String kind) {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config())) {
            MutableClock clock = new MutableClock(Instant.parse("2025-05-01T10:00:00.123456Z"));
            BudgetStore store = new BudgetStore(database.sessions(), clock);
            Budget team = budget(TEAM, "12.5");
            Budget key = new Budget(KEY, 1, "EUR", BudgetPeriod.TOTAL, ZoneOffset.UTC, List.of(), true);

            store.put(team);
            store.put(key);
            assertThat(store.find(TEAM)).contains(team);
            assertThat(store.find(KEY)).contains(key);
            assertThat(store.find(ORG)).isEmpty();
            assertThat(store.findAll()).containsExactlyInAnyOrder(team, key);

            clock.advance(Duration.ofMinutes(5));
            Budget raised = budget(TEAM, "20");
            store.put(raised);
            assertThat(store.find(TEAM)).contains(raised);
            assertThat(store.findAll()).hasSize(2);
            assertThat(store.findChangedSince(Instant.parse("2025-05-01T10:04:00Z"))).containsExactly(raised);
            assertThat(store.findChangedSince(Instant.parse("2025-05-01T10:00:00.123Z"))).hasSize(2);

            assertThat(store.delete(TEAM)).isTrue();
            assertThat(store.delete(TEAM)).isFalse();
            assertThat(store.find(TEAM)).isEmpty();
            assertThat(store.findAll()).containsExactly(key);
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void deletingABudgetKeepsItsLedger(String kind) {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             BudgetLedger ledger = new SharedBudgetLedger(database, java.time.Clock.systemUTC())) {
            BudgetStore store = new BudgetStore(database);
            Budget team = budget(TEAM, "10");
            store.put(team);
            Reservation reservation = ledger.reserve("req_1", List.of(team), 3, Duration.ofMinutes(5));
            ledger.settle(reservation, 2);
            ledger.flush();

            store.delete(TEAM);
            assertThat(ledger.status(team).spentNanos()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void theBookServesBudgetsFromMemoryAndSeesOtherInstancesChanges(String kind) {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             BudgetBook book = BudgetBook.start(database, Duration.ofHours(1));
             BudgetBook other = BudgetBook.start(database, Duration.ofHours(1))) {
            Budget org = budget(ORG, "1000");
            Budget team = budget(TEAM, "100");
            Budget key = budget(KEY, "10");
            book.put(org);
            book.put(team);
            book.put(key);

            // The caller's chain is narrowest last here; budgets come back in the chain's order.
            assertThat(book.budgetsFor(List.of(KEY, new Scope(ScopeKind.USER, "ann"), TEAM, ORG)))
                    .containsExactly(key, team, org);
            assertThat(book.budgetsFor(List.of(new Scope(ScopeKind.USER, "ann")))).isEmpty();
            assertThat(book.find(TEAM)).contains(team);

            // The other instance learns of creations, updates and deletions at its next refresh.
            assertThat(other.find(TEAM)).isEmpty();
            other.refresh();
            assertThat(other.budgetsFor(List.of(KEY, TEAM, ORG))).containsExactly(key, team, org);
            Budget lowered = budget(KEY, "5");
            book.put(lowered);
            assertThat(book.delete(TEAM)).isTrue();
            assertThat(book.find(TEAM)).isEmpty();
            assertThat(book.find(KEY)).contains(lowered);
            other.refresh();
            assertThat(other.budgetsFor(List.of(KEY, TEAM, ORG))).containsExactly(lowered, org);

            // A fresh book loads what is stored.
            try (BudgetBook restarted = BudgetBook.start(database, Duration.ofHours(1))) {
                assertThat(restarted.all()).containsExactlyInAnyOrder(lowered, org);
            }
        }
    }
}
