package io.odock.core.pipeline;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Ends streams that run past their total timeout: one daemon timer for the whole gateway interrupts the stream's
 * (virtual) thread, which is blocked reading the upstream, when its time is up.
 */
final class StreamDeadlines {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private StreamDeadlines() {
    }

    /**
     * Almost every stream ends before its deadline and cancels it. A plain scheduled executor keeps cancelled tasks
     * (each holding its stream's thread) queued until their delay has passed, so a busy gateway would hold minutes of
     * finished streams in memory; this one drops them when they are cancelled.
     */
    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "odock-stream-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** How many deadlines are waiting (for tests). */
    static int pending() {
        return TIMER.getQueue().size();
    }

    /** Runs {@code expire} after {@code delay}, unless the returned future is cancelled first. */
    static ScheduledFuture<?> after(Duration delay, Runnable expire) {
        return TIMER.schedule(expire, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }
}
