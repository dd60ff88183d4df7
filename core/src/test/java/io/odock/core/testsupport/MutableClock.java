package io.odock.core.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A UTC clock tests move by hand, safe to read from several threads. */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    /** Starts at this instant. */
    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** Moves time forward (or back, with a negative duration). */
    public void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    /** Jumps to this instant. */
    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("tests use instants only");
    }
}
