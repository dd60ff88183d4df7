package io.odock.core.budget;

import io.odock.core.testsupport.MutableClock;
import io.odock.core.store.Database;
import io.odock.core.testsupport.Databases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static io.odock.core.budget.LedgerFixtures.DAY_ONE;
import static io.odock.core.budget.LedgerFixtures.HOLD;
import static io.odock.core.budget.LedgerFixtures.KEY;
import static io.odock.core.budget.LedgerFixtures.ORG;
import static io.odock.core.budget.LedgerFixtures.TEAM;
import static io.odock.core.budget.LedgerFixtures.count;
import static io.odock.core.budget.LedgerFixtures.daily;
import static io.odock.core.budget.LedgerFixtures.execute;
import static io.odock.core.budget.LedgerFixtures.race;

class SharedBudgetLedgerTest {
    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void reservesThenSettlesTheActualCost(String kind) throws SQLException {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             BudgetLedger ledger = new SharedBudgetLedger(database, new MutableClock(DAY_ONE))) {
            Budget key = daily(KEY, 10);

            Reservation reservation = ledger.reserve("req_1", List.of(key), 3, HOLD);
            assertThat(reservation.holds()).containsExactly(
                    new Reservation.Hold(key, Instant.parse("2025-03-10T00:00:00Z"), 3));
            assertThat(reservation.shadowExceeded()).isEmpty();
            BudgetStatus held = ledger.status(key);
            assertThat(held.spentNanos()).isZero();
            assertThat(held.reservedNanos()).isEqualTo(3);
            assertThat(held.remainingNanos()).isEqualTo(7);
            assertThat(held.periodEnd()).contains(Instant.parse("2025-03-11T00:00:00Z"));
            assertThat(count(database, "budget_holds")).isEqualTo(1);
            // A request id names one reservation; reusing it is refused and changes nothing.
            assertThatThrownBy(() -> ledger.reserve("req_1", List.of(key), 1, HOLD))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("req_1");
            assertThat(ledger.status(key).reservedNanos()).isEqualTo(3);

            ledger.settle(reservation, 2);
            ledger.flush();
            BudgetStatus settled = ledger.status(key);
            assertThat(settled.spentNanos()).isEqualTo(2);
            assertThat(settled.reservedNanos()).isZero();
            assertThat(settled.remainingNanos()).isEqualTo(8);
            assertThat(count(database, "budget_holds")).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void withoutBudgetsNothingIsReservedOrWritten(String kind) throws SQLException {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             BudgetLedger ledger = new SharedBudgetLedger(database, Clock.systemUTC())) {
            Reservation none = ledger.reserve("req_1", List.of(), 5, HOLD);
            assertThat(none).isEqualTo(Reservation.none());
            ledger.settle(none, 5);
            ledger.flush();
            assertThat(count(database, "budget_ledger")).isZero();
            assertThat(ledger.pendingSettlements()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void refusesACallThatWouldExceedAnyBudgetAndReservesNothing(String kind) throws SQLException {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             BudgetLedger ledger = new SharedBudgetLedger(database, new MutableClock(DAY_ONE))) {
            // Locked in the order organisation, team, key: the organisation is reserved before the team refuses.
            Budget org = daily(ORG, 100);
            Budget team = daily(TEAM, 10);
            Budget key = daily(KEY, 100);
            List<Budget> chain = List.of(key, team, org);
            ledger.settle(ledger.reserve("req_1", chain, 9, HOLD), 9);
            ledger.flush();

            BudgetExceededException refused = catchThrowableOfType(BudgetExceededException.class,
                    () -> ledger.reserve("req_2", chain, 2, HOLD));
            assertThat(refused.budget()).isEqualTo(team);
            assertThat(refused.remainingNanos()).isEqualTo(1);
            assertThat(refused.periodEnd()).contains(Instant.parse("2025-03-11T00:00:00Z"));

            for (Budget budget : chain) {
                BudgetStatus status = ledger.status(budget);
                assertThat(status.spentNanos()).as(budget.scope().toString()).isEqualTo(9);
                assertThat(status.reservedNanos()).as(budget.scope().toString()).isZero();
            }
            assertThat(count(database, "budget_holds")).isZero();

            // What is left can still be used.
            assertThat(ledger.reserve("req_3", chain, 1, HOLD).holds()).hasSize(3);
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void concurrentCallsNeverReserveMoreThanIsLeft(String kind) throws Exception {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             BudgetLedger ledger = new SharedBudgetLedger(database, Clock.systemUTC())) {
            Budget key = daily(KEY, 15);
            ledger.settle(ledger.reserve("req_before", List.of(key), 5, HOLD), 5);
            ledger.flush();

            assertThat(race(List.of(ledger), key)).isEqualTo(10);
            ledger.flush();
            BudgetStatus status = ledger.status(key);
            assertThat(status.spentNanos()).isEqualTo(15);
            assertThat(status.reservedNanos()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void twoInstancesSharingTheDatabaseNeverReserveMoreThanIsLeft(String kind) throws Exception {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database first = Database.open(db.config());
             Database second = Database.open(db.config());
             BudgetLedger one = new SharedBudgetLedger(first, Clock.systemUTC());
             BudgetLedger two = new SharedBudgetLedger(second, Clock.systemUTC())) {
            Budget org = daily(ORG, 1_000);
            Budget key = daily(KEY, 10);

            // Both instances charge two budgets, so they also take row locks in turn on the same pair of rows.
            assertThat(race(List.of(one, two), key, org)).isEqualTo(10);
            one.flush();
            two.flush();
            BudgetStatus status = one.status(key);
            assertThat(status.spentNanos()).isEqualTo(10);
            assertThat(status.reservedNanos()).isZero();
            assertThat(two.status(org).spentNanos()).isEqualTo(10);
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void aNewPeriodStartsFromZero(String kind) {
        MutableClock clock = new MutableClock(DAY_ONE);
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             BudgetLedger ledger = new SharedBudgetLedger(database, clock)) {
            Budget key = daily(KEY, 10);
            ledger.settle(ledger.reserve("req_1", List.of(key), 8, HOLD), 8);
            ledger.flush();
            assertThat(ledger.status(key).spentNanos()).isEqualTo(8);
            assertThatThrownBy(() -> ledger.reserve("req_2", List.of(key), 5, HOLD))
                    .isInstanceOf(BudgetExceededException.class);

            clock.advance(Duration.ofDays(1));
            BudgetStatus dayTwo = ledger.status(key);
            assertThat(dayTwo.periodStart()).isEqualTo(Instant.parse("2025-03-11T00:00:00Z"));
            assertThat(dayTwo.spentNanos()).isZero();
            Reservation reservation = ledger.reserve("req_3", List.of(key), 5, HOLD);
            assertThat(reservation.holds().getFirst().periodStart()).isEqualTo(dayTwo.periodStart());
            ledger.settle(reservation, 4);
            ledger.flush();
            assertThat(ledger.status(key).spentNanos()).isEqualTo(4);
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void aShadowBudgetReservesAnywayAndReportsTheExcess(String kind) {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             BudgetLedger ledger = new SharedBudgetLedger(database, new MutableClock(DAY_ONE))) {
            Budget shadow = new Budget(TEAM, 5, "USD", BudgetPeriod.DAILY, ZoneOffset.UTC, List.of(), true);
            Budget key = daily(KEY, 100);

            Reservation within = ledger.reserve("req_1", List.of(key, shadow), 4, HOLD);
            assertThat(within.shadowExceeded()).isEmpty();
            Reservation over = ledger.reserve("req_2", List.of(key, shadow), 4, HOLD);
            assertThat(over.shadowExceeded()).containsExactly(shadow);
            assertThat(over.holds()).hasSize(2);
            assertThat(ledger.status(shadow).reservedNanos()).isEqualTo(8);
            assertThat(ledger.status(shadow).remainingNanos()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void expiredHoldsAreReturnedAndALateSettlementOnlyAddsItsSpend(String kind) throws SQLException {
        MutableClock clock = new MutableClock(DAY_ONE);
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             BudgetLedger ledger = new SharedBudgetLedger(database, clock)) {
            Budget key = daily(KEY, 10);
            Reservation crashed = ledger.reserve("req_crashed", List.of(key), 6, Duration.ofMinutes(1));
            Reservation alive = ledger.reserve("req_alive", List.of(key), 3, Duration.ofMinutes(30));
            assertThat(ledger.status(key).reservedNanos()).isEqualTo(9);

            clock.advance(Duration.ofMinutes(2));
            ledger.sweepExpiredHolds();
            assertThat(ledger.status(key).reservedNanos()).isEqualTo(3);
            assertThat(count(database, "budget_holds")).isEqualTo(1);
            assertThat(ledger.sweepExpiredHolds()).isZero();

            // The crashed call's instance comes back after all: its spend counts, its hold is not given back twice.
            ledger.settle(crashed, 5);
            ledger.settle(alive, 2);
            ledger.flush();
            BudgetStatus status = ledger.status(key);
            assertThat(status.spentNanos()).isEqualTo(7);
            assertThat(status.reservedNanos()).isZero();
            assertThat(count(database, "budget_holds")).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void warnsAtTheHighestThresholdReached(String kind) {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             BudgetLedger ledger = new SharedBudgetLedger(database, new MutableClock(DAY_ONE))) {
            Budget key = new Budget(KEY, 100, "USD", BudgetPeriod.DAILY, ZoneOffset.UTC, List.of(50, 80), false);
            Budget quiet = daily(TEAM, 1_000);

            assertThat(ledger.reserve("req_1", List.of(key, quiet), 40, HOLD).warnings()).isEmpty();
            assertThat(ledger.reserve("req_2", List.of(key, quiet), 10, HOLD).warnings())
                    .containsExactly(new Reservation.BudgetWarning(key, 50, 50));
            assertThat(ledger.reserve("req_3", List.of(key, quiet), 35, HOLD).warnings())
                    .containsExactly(new Reservation.BudgetWarning(key, 80, 15));
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void settlementsSurviveAnOutageAndAreWrittenWhenTheDatabaseReturns(String kind) throws Exception {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             BudgetLedger ledger = new SharedBudgetLedger(database, new MutableClock(DAY_ONE))) {
            Budget key = daily(KEY, 10);
            Reservation first = ledger.reserve("req_1", List.of(key), 3, HOLD);
            Reservation second = ledger.reserve("req_2", List.of(key), 3, HOLD);

            // A real outage of the holds table: settlements cannot be written until it is back.
            execute(database, "ALTER TABLE budget_holds RENAME TO budget_holds_away");
            ledger.settle(first, 2);
            ledger.settle(second, 1);
            assertThatThrownBy(ledger::flush).isInstanceOf(BudgetUnavailableException.class)
                    .hasMessageNotContaining("jdbc:");
            assertThat(ledger.pendingSettlements()).isEqualTo(2);
            BudgetStatus during = ledger.status(key);
            assertThat(during.spentNanos()).isZero();
            assertThat(during.reservedNanos()).isEqualTo(6);

            // Back: the background thread writes both on its own, without a flush.
            execute(database, "ALTER TABLE budget_holds_away RENAME TO budget_holds");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (ledger.pendingSettlements() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(ledger.pendingSettlements()).isZero();
            BudgetStatus after = ledger.status(key);
            assertThat(after.spentNanos()).isEqualTo(3);
            assertThat(after.reservedNanos()).isZero();
            assertThat(count(database, "budget_holds")).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void reservingWhileTheLedgerIsUnavailableFailsClearly(String kind) throws Exception {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config());
             BudgetLedger ledger = new SharedBudgetLedger(database, new MutableClock(DAY_ONE))) {
            execute(database, "ALTER TABLE budget_ledger RENAME TO budget_ledger_away");
            assertThatThrownBy(() -> ledger.reserve("req_1", List.of(daily(KEY, 10)), 1, HOLD))
                    .isInstanceOf(BudgetUnavailableException.class).hasMessageContaining("reserve budget");
            execute(database, "ALTER TABLE budget_ledger_away RENAME TO budget_ledger");
            assertThat(ledger.reserve("req_1", List.of(daily(KEY, 10)), 1, HOLD).holds()).hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource("io.odock.core.testsupport.Databases#kinds")
    void closeWritesWhatIsQueued(String kind) {
        try (Databases.TestDatabase db = Databases.fresh(kind); Database database = Database.open(db.config())) {
            Budget key = daily(KEY, 10);
            BudgetLedger ledger = new SharedBudgetLedger(database, new MutableClock(DAY_ONE));
            ledger.settle(ledger.reserve("req_1", List.of(key), 4, HOLD), 4);
            ledger.close();
            try (BudgetLedger reader = new SharedBudgetLedger(database, new MutableClock(DAY_ONE))) {
                assertThat(reader.status(key).spentNanos()).isEqualTo(4);
            }
        }
    }
}
