package io.odock.core.budget;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/**
 * How often a budget starts again from zero. Periods begin at midnight in the budget's time zone (weeks on Monday,
 * months on the 1st); computed on {@link ZonedDateTime}, so a day across a daylight-saving change lasts 23 or 25
 * hours, as the people who set the budget expect.
 */
public enum BudgetPeriod {
    /** Never resets: one period since the epoch. */
    TOTAL,
    DAILY,
    WEEKLY,
    MONTHLY;

    /** The name in configuration, the admin API and the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The period with this wire name, case-insensitively. */
    public static Optional<BudgetPeriod> fromWireName(String name) {
        String lower = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (BudgetPeriod period : values()) {
            if (period.wireName().equals(lower)) {
                return Optional.of(period);
            }
        }
        return Optional.empty();
    }

    /**
     * The start of the period that contains {@code now}.
     *
     * @param now  the moment
     * @param zone the budget's time zone
     * @return {@link Instant#EPOCH} for {@link #TOTAL}, otherwise the period's first midnight
     */
    public Instant start(Instant now, ZoneId zone) {
        if (this == TOTAL) {
            return Instant.EPOCH;
        }
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime day = switch (this) {
            case DAILY -> local;
            case WEEKLY -> local.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTHLY -> local.withDayOfMonth(1);
            case TOTAL -> throw new AssertionError();
        };
        // atStartOfDay resolves a midnight that a DST gap skips to the first valid instant of that day.
        return day.toLocalDate().atStartOfDay(zone).toInstant();
    }

    /**
     * The end (exclusive) of the period beginning at {@code start}.
     *
     * @param start a value {@link #start} returned
     * @param zone  the budget's time zone
     * @return empty for {@link #TOTAL}, which never ends
     */
    public Optional<Instant> end(Instant start, ZoneId zone) {
        if (this == TOTAL) {
            return Optional.empty();
        }
        ZonedDateTime first = start.atZone(zone).toLocalDate().atStartOfDay(zone);
        ZonedDateTime next = switch (this) {
            case DAILY -> first.plusDays(1);
            case WEEKLY -> first.plusWeeks(1);
            case MONTHLY -> first.plusMonths(1);
            case TOTAL -> throw new AssertionError();
        };
        // Re-anchor at that date's midnight: adding days keeps the wall clock, which a DST gap may have moved.
        return Optional.of(next.toLocalDate().atStartOfDay(zone).toInstant());
    }
}
