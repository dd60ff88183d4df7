package io.odock.core.budget;

import io.odock.core.config.DatabaseConfig;
import io.odock.core.store.Database;
import io.odock.core.testsupport.Databases;
import io.odock.core.testsupport.MutableClock;
import io.odock.spi.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.odock.core.budget.LedgerFixtures.DAY_ONE;
import static io.odock.core.budget.LedgerFixtures.HOLD;
import static io.odock.core.budget.LedgerFixtures.KEY;
import static io.odock.core.budget.LedgerFixtures.ORG;
import static io.odock.core.budget.LedgerFixtures.TEAM;
import static io.odock.core.budget.LedgerFixtures.count;
import static io.odock.core.budget.LedgerFixtures.daily;
import static io.odock.core.budget.LedgerFixtures.execute;
import static io.odock.core.budget.LedgerFixtures.race;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The ledger of a gateway alone on its database: the same admission as the shared ledger, from memory, with only the
 * spend written, behind the calls.
 */
class LocalBudgetLedgerTest {
    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void reservesInMemoryAndWritesOnlyTheSpend(String kind) throws SQLException {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             BudgetLedger ledger = new LocalBudgetLedger(database, new MutableClock(DAY_ONE))) {
            Budget key = daily(KEY, 10);

            Reservation reservation = ledger.reserve("req_1", List.of(key), 3, HOLD);
            assertThat(reservation.holds()).containsExactly(
                    new Reservation.Hold(key, Instant.parse("2025-03-10T00:00:00Z"), 3));
            BudgetStatus held = ledger.status(key);
            assertThat(held.reservedNanos()).isEqualTo(3);
            assertThat(held.remainingNanos()).isEqualTo(7);
            assertThat(held.periodEnd()).contains(Instant.parse("2025-03-11T00:00:00Z"));
            assertThat(count(database, "budget_holds")).isZero();
            assertThat(count(database, "budget_ledger")).isZero();
            assertThatThrownBy(() -> ledger.reserve("req_1", List.of(key), 1, HOLD))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("req_1");
            assertThat(ledger.status(key).reservedNanos()).isEqualTo(3);

            ledger.settle(reservation, 2);
            BudgetStatus settled = ledger.status(key);
            assertThat(settled.spentNanos()).isEqualTo(2);
            assertThat(settled.reservedNanos()).isZero();
            assertThat(ledger.pendingSettlements()).isEqualTo(1);

            ledger.flush();
            assertThat(ledger.pendingSettlements()).isZero();
            assertThat(spentInDatabase(database)).isEqualTo(2);
            ledger.settle(ledger.reserve("req_2", List.of(key), 3, HOLD), 3);
            ledger.flush();
            assertThat(spentInDatabase(database)).isEqualTo(5);
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void refusesACallThatWouldExceedAnyBudgetAndReservesNothing(String kind) {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             BudgetLedger ledger = new LocalBudgetLedger(database, new MutableClock(DAY_ONE))) {
            Budget org = daily(ORG, 100);
            Budget team = daily(TEAM, 10);
            Budget key = daily(KEY, 100);
            List<Budget> chain = List.of(key, team, org);
            ledger.settle(ledger.reserve("req_1", chain, 9, HOLD), 9);

            BudgetExceededException refused = catchThrowableOfType(BudgetExceededException.class,
                    () -> ledger.reserve("req_2", chain, 2, HOLD));
            assertThat(refused.budget()).isEqualTo(team);
            assertThat(refused.remainingNanos()).isEqualTo(1);
            assertThat(refused.periodEnd()).contains(Instant.parse("2025-03-11T00:00:00Z"));
            for (Budget budget : chain) {
                assertThat(ledger.status(budget).spentNanos()).as(budget.scope().toString()).isEqualTo(9);
                assertThat(ledger.status(budget).reservedNanos()).as(budget.scope().toString()).isZero();
            }
            assertThat(ledger.reserve("req_3", chain, 1, HOLD).holds()).hasSize(3);
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void concurrentCallsNeverReserveMoreThanIsLeft(String kind) throws Exception {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             BudgetLedger ledger = new LocalBudgetLedger(database, Clock.systemUTC())) {
            Budget org = daily(ORG, 1_000);
            Budget key = daily(KEY, 15);
            ledger.settle(ledger.reserve("req_before", List.of(key), 5, HOLD), 5);

            assertThat(race(List.of(ledger), key, org)).isEqualTo(10);
            assertThat(ledger.status(key).spentNanos()).isEqualTo(15);
            assertThat(ledger.status(org).spentNanos()).isEqualTo(10);
            assertThat(ledger.status(key).reservedNanos()).isZero();
            ledger.flush();
            assertThat(spentInDatabase(database, "api_key")).isEqualTo(15);
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void aNewPeriodStartsFromZeroAndALateSettlementChargesItsOwnPeriod(String kind) throws SQLException {
        MutableClock clock = new MutableClock(DAY_ONE);
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             BudgetLedger ledger = new LocalBudgetLedger(database, clock)) {
            Budget key = daily(KEY, 10);
            ledger.settle(ledger.reserve("req_1", List.of(key), 8, HOLD), 8);
            Reservation acrossMidnight = ledger.reserve("req_2", List.of(key), 2, HOLD);
            assertThatThrownBy(() -> ledger.reserve("req_3", List.of(key), 1, HOLD))
                    .isInstanceOf(BudgetExceededException.class);

            clock.advance(Duration.ofDays(1));
            assertThat(ledger.status(key).periodStart()).isEqualTo(Instant.parse("2025-03-11T00:00:00Z"));
            assertThat(ledger.status(key).spentNanos()).isZero();
            ledger.settle(acrossMidnight, 1);
            ledger.settle(ledger.reserve("req_4", List.of(key), 5, HOLD), 4);
            assertThat(ledger.status(key).spentNanos()).isEqualTo(4);
            ledger.flush();
            assertThat(count(database, "budget_ledger")).isEqualTo(2);
            assertThat(spentInDatabase(database)).isEqualTo(13);
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void shadowBudgetsAndWarnings(String kind) {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             BudgetLedger ledger = new LocalBudgetLedger(database, new MutableClock(DAY_ONE))) {
            Budget shadow = new Budget(TEAM, 5, "USD", BudgetPeriod.DAILY, ZoneOffset.UTC, List.of(), true);
            Budget key = new Budget(KEY, 100, "USD", BudgetPeriod.DAILY, ZoneOffset.UTC, List.of(50, 80), false);

            Reservation within = ledger.reserve("req_1", List.of(key, shadow), 4, HOLD);
            assertThat(within.shadowExceeded()).isEmpty();
            assertThat(within.warnings()).isEmpty();
            Reservation over = ledger.reserve("req_2", List.of(key, shadow), 46, HOLD);
            assertThat(over.shadowExceeded()).containsExactly(shadow);
            assertThat(over.warnings()).containsExactly(new Reservation.BudgetWarning(key, 50, 50));
            assertThat(ledger.status(shadow).reservedNanos()).isEqualTo(50);
            assertThat(ledger.status(shadow).remainingNanos()).isZero();
            assertThat(ledger.reserve("req_3", List.of(key), 30, HOLD).warnings())
                    .containsExactly(new Reservation.BudgetWarning(key, 80, 20));
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void expiredHoldsAreReturnedAndALateSettlementOnlyAddsItsSpend(String kind) {
        MutableClock clock = new MutableClock(DAY_ONE);
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             BudgetLedger ledger = new LocalBudgetLedger(database, clock)) {
            Budget key = daily(KEY, 10);
            Reservation forgotten = ledger.reserve("req_forgotten", List.of(key), 6, Duration.ofMinutes(1));
            Reservation alive = ledger.reserve("req_alive", List.of(key), 3, Duration.ofMinutes(30));

            clock.advance(Duration.ofMinutes(2));
            assertThat(ledger.sweepExpiredHolds()).isEqualTo(1);
            assertThat(ledger.status(key).reservedNanos()).isEqualTo(3);
            assertThat(ledger.sweepExpiredHolds()).isZero();

            ledger.settle(forgotten, 5);
            ledger.settle(alive, 2);
            assertThat(ledger.status(key).spentNanos()).isEqualTo(7);
            assertThat(ledger.status(key).reservedNanos()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void theNextRunStartsFromTheWrittenSpendAndForgetsStaleHolds(String kind) throws SQLException {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config())) {
            Budget key = daily(KEY, 10);
            // A run with the shared ledger that died with a call in flight.
            SharedBudgetLedger shared = new SharedBudgetLedger(database, new MutableClock(DAY_ONE));
            shared.settle(shared.reserve("req_1", List.of(key), 2, HOLD), 2);
            shared.flush();
            shared.reserve("req_in_flight", List.of(key), 5, HOLD);
            shared.close();

            BudgetLedger first = new LocalBudgetLedger(database, new MutableClock(DAY_ONE));
            assertThat(count(database, "budget_holds")).isZero();
            assertThat(first.status(key).reservedNanos()).isZero();
            first.settle(first.reserve("req_2", List.of(key), 4, HOLD), 4);
            first.close(); // Writes what is not yet written.

            try (BudgetLedger second = new LocalBudgetLedger(database, new MutableClock(DAY_ONE))) {
                assertThat(second.status(key).spentNanos()).isEqualTo(6);
                assertThatThrownBy(() -> second.reserve("req_3", List.of(key), 5, HOLD))
                        .isInstanceOf(BudgetExceededException.class);
                assertThat(second.reserve("req_4", List.of(key), 4, HOLD).holds()).hasSize(1);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void knownBudgetsKeepWorkingThroughAnOutageAndTheSpendIsWrittenAfter(String kind) throws Exception {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             BudgetLedger ledger = new LocalBudgetLedger(database, new MutableClock(DAY_ONE))) {
            Budget key = daily(KEY, 10);
            ledger.settle(ledger.reserve("req_1", List.of(key), 1, HOLD), 1);
            ledger.flush();

            execute(database, "ALTER TABLE budget_ledger RENAME TO budget_ledger_away");
            ledger.settle(ledger.reserve("req_2", List.of(key), 3, HOLD), 3);
            assertThat(ledger.status(key).spentNanos()).isEqualTo(4);
            assertThatThrownBy(ledger::flush).isInstanceOf(BudgetUnavailableException.class)
                    .hasMessageContaining("write budget spend").hasMessageNotContaining("jdbc:");
            assertThat(ledger.pendingSettlements()).isEqualTo(1);
            // A budget this process has not read yet cannot be checked.
            assertThatThrownBy(() -> ledger.reserve("req_3", List.of(daily(TEAM, 10)), 1, HOLD))
                    .isInstanceOf(BudgetUnavailableException.class).hasMessageContaining("reserve budget");

            execute(database, "ALTER TABLE budget_ledger_away RENAME TO budget_ledger");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (ledger.pendingSettlements() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(ledger.pendingSettlements()).isZero();
            assertThat(spentInDatabase(database)).isEqualTo(4);
            assertThat(ledger.reserve("req_3", List.of(daily(TEAM, 10)), 1, HOLD).holds()).hasSize(1);
        }
    }

    @Test
    void aDatabaseOnlyThisProcessCanOpenGetsTheLocalLedgerAndAnyOtherTheSharedOne() {
        assertThat(new DatabaseConfig("jdbc:h2:file:./data/odock;MODE=MySQL", "", Secret.none(), 2).isExclusive())
                .isTrue();
        assertThat(new DatabaseConfig("jdbc:h2:file:./data/odock;AUTO_SERVER=TRUE", "", Secret.none(), 2)
                .isExclusive()).isFalse();
        assertThat(new DatabaseConfig("jdbc:h2:tcp://db:9092/odock", "", Secret.none(), 2).isExclusive()).isFalse();
        assertThat(new DatabaseConfig("jdbc:mysql://db:3306/odock", "", Secret.none(), 2).isExclusive()).isFalse();
        for (String kind : List.of("h2", "mariadb")) {
            try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
                 BudgetLedger ledger = BudgetLedger.open(database, Clock.systemUTC())) {
                assertThat(ledger).as(kind).isInstanceOf(kind.equals("h2") ? LocalBudgetLedger.class
                        : SharedBudgetLedger.class);
            }
        }
    }

    private static long spentInDatabase(Database database) throws SQLException {
        return spentInDatabase(database, "api_key");
    }

    private static long spentInDatabase(Database database, String scopeKind) throws SQLException {
        try (var connection = database.dataSource().getConnection();
             var statement = connection.prepareStatement(
                     "SELECT COALESCE(SUM(spent_nanos), 0) FROM budget_ledger WHERE scope_kind = ?")) {
            statement.setString(1, scopeKind);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
