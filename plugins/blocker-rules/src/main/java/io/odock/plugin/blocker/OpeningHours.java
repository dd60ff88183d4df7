package io.odock.plugin.blocker;

import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.RequestInfo;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Set;

/**
 * The request must arrive within a weekly window, read on the wall clock of {@code zone} (so daylight saving time
 * moves the window with local time, as office hours do).
 *
 * <p>A window runs from {@code from} included to {@code to} excluded. When {@code to} is not after {@code from} the
 * window crosses midnight ({@code 22:00} to {@code 06:00}); its early-morning hours then belong to the day it began
 * on, so {@code days: [fri]} with {@code 22:00}-{@code 06:00} admits Saturday 03:00 and refuses Monday 03:00.
 * When {@code from} equals {@code to} the window is the whole of each listed day.
 *
 * @param days the days a window may begin on
 * @param from when the window opens
 * @param to   when it closes
 * @param zone the time zone of {@code from} and {@code to}
 */
record OpeningHours(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) implements Condition {

    /** Validates the components. */
    OpeningHours {
        days = Set.copyOf(days);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a window needs at least one day");
        }
    }

    /** Every hour of the listed days. */
    static OpeningHours wholeDays(Set<DayOfWeek> days, ZoneId zone) {
        return new OpeningHours(days, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, zone);
    }

    /** Whether the window admits a request at {@code now}. */
    @Override
    public boolean holds(GatewayRequest request, RequestInfo info, ZonedDateTime now) {
        ZonedDateTime local = now.withZoneSameInstant(zone);
        LocalTime time = local.toLocalTime();
        DayOfWeek today = local.getDayOfWeek();
        if (from.equals(to)) {
            return days.contains(today);
        }
        if (from.isBefore(to)) {
            return days.contains(today) && !time.isBefore(from) && time.isBefore(to);
        }
        // Crosses midnight: the evening part opened today, the morning part opened yesterday.
        if (!time.isBefore(from)) {
            return days.contains(today);
        }
        return time.isBefore(to) && days.contains(today.minus(1));
    }
}
