package io.odock.core.budget;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetPeriodTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void dailyPeriodsFollowDaylightSavingInTheBudgetsZone() {
        // 30 March 2025: Paris moves from +01:00 to +02:00, so that day has 23 hours.
        Instant start = BudgetPeriod.DAILY.start(Instant.parse("2025-03-30T12:00:00Z"), PARIS);
        assertThat(start).isEqualTo(Instant.parse("2025-03-29T23:00:00Z"));
        Instant end = BudgetPeriod.DAILY.end(start, PARIS).orElseThrow();
        assertThat(end).isEqualTo(Instant.parse("2025-03-30T22:00:00Z"));
        assertThat(Duration.between(start, end)).isEqualTo(Duration.ofHours(23));

        // 26 October 2025: back to +01:00, a 25-hour day.
        Instant autumn = BudgetPeriod.DAILY.start(Instant.parse("2025-10-26T20:00:00Z"), PARIS);
        assertThat(autumn).isEqualTo(Instant.parse("2025-10-25T22:00:00Z"));
        assertThat(Duration.between(autumn, BudgetPeriod.DAILY.end(autumn, PARIS).orElseThrow()))
                .isEqualTo(Duration.ofHours(25));
    }

    @Test
    void aDayStartsAtLocalMidnightNotUtcMidnight() {
        // 23:30 UTC on the 9th is already the 10th in Paris.
        assertThat(BudgetPeriod.DAILY.start(Instant.parse("2025-01-09T23:30:00Z"), PARIS))
                .isEqualTo(Instant.parse("2025-01-09T23:00:00Z"));
        assertThat(BudgetPeriod.DAILY.start(Instant.parse("2025-01-09T22:59:59Z"), PARIS))
                .isEqualTo(Instant.parse("2025-01-08T23:00:00Z"));
    }

    @Test
    void weeksStartOnMonday() {
        Instant monday = Instant.parse("2025-03-10T00:00:00Z");
        assertThat(BudgetPeriod.WEEKLY.start(Instant.parse("2025-03-12T15:00:00Z"), ZoneOffset.UTC)).isEqualTo(monday);
        assertThat(BudgetPeriod.WEEKLY.start(monday, ZoneOffset.UTC)).isEqualTo(monday);
        assertThat(BudgetPeriod.WEEKLY.start(Instant.parse("2025-03-16T23:59:59.999Z"), ZoneOffset.UTC))
                .isEqualTo(monday);
        assertThat(BudgetPeriod.WEEKLY.end(monday, ZoneOffset.UTC))
                .contains(Instant.parse("2025-03-17T00:00:00Z"));
        // The week of the spring change in Paris is an hour short.
        Instant parisMonday = BudgetPeriod.WEEKLY.start(Instant.parse("2025-03-27T10:00:00Z"), PARIS);
        assertThat(parisMonday).isEqualTo(Instant.parse("2025-03-23T23:00:00Z"));
        assertThat(BudgetPeriod.WEEKLY.end(parisMonday, PARIS)).contains(Instant.parse("2025-03-30T22:00:00Z"));
    }

    @Test
    void monthsStartOnTheFirst() {
        Instant start = BudgetPeriod.MONTHLY.start(Instant.parse("2025-03-15T10:00:00Z"), PARIS);
        assertThat(start).isEqualTo(Instant.parse("2025-02-28T23:00:00Z"));
        assertThat(BudgetPeriod.MONTHLY.end(start, PARIS)).contains(Instant.parse("2025-03-31T22:00:00Z"));
        assertThat(BudgetPeriod.MONTHLY.end(Instant.parse("2024-02-01T00:00:00Z"), ZoneOffset.UTC))
                .contains(Instant.parse("2024-03-01T00:00:00Z"));
    }

    @Test
    void aTotalBudgetIsOnePeriodThatNeverEnds() {
        assertThat(BudgetPeriod.TOTAL.start(Instant.parse("2031-06-01T10:00:00Z"), PARIS)).isEqualTo(Instant.EPOCH);
        assertThat(BudgetPeriod.TOTAL.end(Instant.EPOCH, PARIS)).isEmpty();
    }

    @Test
    void wireNames() {
        assertThat(BudgetPeriod.MONTHLY.wireName()).isEqualTo("monthly");
        assertThat(BudgetPeriod.fromWireName(" Weekly ")).contains(BudgetPeriod.WEEKLY);
        assertThat(BudgetPeriod.fromWireName("yearly")).isEqualTo(Optional.empty());
        assertThat(BudgetPeriod.fromWireName(null)).isEmpty();
    }
}
