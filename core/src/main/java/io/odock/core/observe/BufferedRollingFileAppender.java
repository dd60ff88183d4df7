package io.odock.core.observe;

import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.util.Duration;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A rolling file appender that gathers lines in its buffer ({@code bufferSize}, 8 KB unless set) and writes them to the
 * file when the buffer is full, every {@code flushInterval} (1 second unless set) and when logging stops, instead of
 * one write to the file per line; nginx's {@code access_log ... buffer= flush=} does the same. The access log writes a
 * line per model call from the request's thread: buffered, that thread copies the line under the appender's lock
 * instead of making a system call with the lock held, and other requests' threads wait less for it. The kernel's work
 * for the bytes stays (perf put the file writes at about 2% of the gateway's CPU under load, most of it that); back
 * to back the gateway measured a few per cent less CPU per call at most (docs/performance.md). {@code tail -f} sees a
 * line at most one interval late; a process killed without its shutdown (SIGKILL, or the JVM's exit on running out of
 * memory) loses the lines of the last interval, as it loses the usage records not yet written.
 * {@code <immediateFlush>true</immediateFlush>} writes every line at once again.
 *
 * @param <E> the logging event type
 */
public class BufferedRollingFileAppender<E> extends RollingFileAppender<E> {
    private Duration flushInterval = Duration.buildBySeconds(1);
    private ScheduledFuture<?> flushes;

    /** Buffered unless {@code immediateFlush} is set to true. */
    public BufferedRollingFileAppender() {
        setImmediateFlush(false);
    }

    /** How often the buffer is written out even when it is not full ({@code <flushInterval>1 second</flushInterval>}). */
    public void setFlushInterval(Duration flushInterval) {
        this.flushInterval = flushInterval;
    }

    /** How often the buffer is written out even when it is not full. */
    public Duration getFlushInterval() {
        return flushInterval;
    }

    @Override
    public void start() {
        if (!isImmediateFlush() && (flushInterval == null || flushInterval.getMilliseconds() <= 0)) {
            addError("flushInterval of appender [" + getName() + "] must be a positive duration, such as '1 second'");
            return;
        }
        super.start();
        if (isStarted() && !isImmediateFlush()) {
            long every = flushInterval.getMilliseconds();
            flushes = getContext().getScheduledExecutorService()
                    .scheduleWithFixedDelay(this::flush, every, every, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        if (flushes != null) {
            flushes.cancel(false);
            flushes = null;
        }
        // Closing the file writes out what the buffer holds.
        super.stop();
    }

    /** Writes out what the buffer holds; a rollover in progress holds the same lock. */
    void flush() {
        streamWriteLock.lock();
        try {
            OutputStream out = getOutputStream();
            if (isStarted() && out != null) {
                out.flush();
            }
        } catch (IOException e) {
            addError("Could not write buffered lines to [" + getFile() + "]", e);
        } finally {
            streamWriteLock.unlock();
        }
    }
}
