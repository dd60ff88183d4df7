package io.odock.core.limits;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The calendar window a quota counts in: a day or a month in the configured zone. Its id is part of the bucket name,
 * so a new window starts with a new, full bucket.
 *
 * @param id  {@code 2026-11-25} or {@code 2026-11}
 * @param end the first instant of the next window
 */
record QuotaWindow(String id, Instant end) {

    static QuotaWindow of(LimitKind.Window window, Instant now, ZoneId zone) {
        LocalDate today = now.atZone(zone).toLocalDate();
        return switch (window) {
            case DAY -> new QuotaWindow(today.toString(), startOf(today.plusDays(1), zone));
            case MONTH -> new QuotaWindow(today.toString().substring(0, 7),
                    startOf(today.withDayOfMonth(1).plusMonths(1), zone));
            case MINUTE -> throw new IllegalArgumentException("a per-minute limit has no calendar window");
        };
    }

    private static Instant startOf(LocalDate day, ZoneId zone) {
        ZonedDateTime start = day.atStartOfDay(zone);
        return start.toInstant();
    }
}
