package io.odock.core.pipeline;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends streams that run past their total timeout: one daemon timer for the whole gateway interrupts the stream's
 * (virtual) thread, which is blocked reading the upstream, when its time is up.
 */
final class StreamDeadlines {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "odock-stream-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    private StreamDeadlines() {
    }

    /** Runs {@code expire} after {@code delay}, unless the returned future is cancelled first. */
    static ScheduledFuture<?> after(Duration delay, Runnable expire) {
        return TIMER.schedule(expire, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }
}
