package io.odock.core.limits;

import io.github.bucket4j.TimeMeter;

import java.time.Clock;

/** Bucket4j's time from a {@link Clock}: wall-clock nanoseconds, so Redis buckets agree across instances. */
final class ClockTimeMeter implements TimeMeter {
    private final Clock clock;

    ClockTimeMeter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long currentTimeNanos() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }
}
