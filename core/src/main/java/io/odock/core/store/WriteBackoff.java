package io.odock.core.store;

import java.time.Duration;

/**
 * How long a background writer waits before its next write: its interval while writes succeed, doubled after each
 * failed write up to a cap, so a database outage is retried without a warning and a failed round trip every second.
 * The usage recorder and both budget ledgers share one instance, so they back off alike.
 *
 * @param interval the wait while writes succeed, and the first wait after a failure is twice it
 * @param max      the longest wait
 */
public record WriteBackoff(Duration interval, Duration max) {
    /** The gateway's writers: every second, and up to 30 s apart while the database fails. */
    public static final WriteBackoff WRITERS = new WriteBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** The wait after a failed write that followed a wait of {@code previous}. */
    public Duration afterFailure(Duration previous) {
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
