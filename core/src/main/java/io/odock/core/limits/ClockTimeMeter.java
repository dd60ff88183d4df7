package io.odock.core.limits;

import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Instant;

/** Lets Bucket4j read time from the settings' clock, so refills follow the same time as quota windows. */
record ClockTimeMeter(Clock clock) implements TimeMeter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    @Override
    public long currentTimeNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * NANOS_PER_SECOND + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }
}
