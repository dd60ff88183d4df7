package io.odock.core.limits;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * The calendar day or month a quota counts in.
 *
 * @param label the window as it appears in bucket names: {@code 2026-11-25} or {@code 2026-11}
 * @param end   when the window ends and the quota starts afresh
 */
record QuotaWindow(String label, Instant end) {

    /** The window of {@code unit} (days or months) containing {@code now} in {@code zone}. */
    static QuotaWindow containing(ChronoUnit unit, Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        return switch (unit) {
            case DAYS -> new QuotaWindow(today.toString(), today.plusDays(1).atStartOfDay(zone).toInstant());
            case MONTHS -> {
                YearMonth month = YearMonth.from(today);
                yield new QuotaWindow(month.toString(), month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
            }
            default -> throw new IllegalArgumentException("quota windows are days or months, not " + unit);
        };
    }
}
