package io.odock.core.reload;

import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Spreads a configuration reload to every instance sharing the database: a reload made here increments a counter
 * there, and each instance, checking the counter every few seconds, reloads its own configuration file when it moved.
 * The counter is read off the request path; a database that cannot be reached only delays the spreading.
 */
public final class ReloadBroadcast implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReloadBroadcast.class);

    private final SqlSessionFactory sessions;
    private final ScheduledExecutorService checks;
    private volatile Runnable reloadHere = () -> { };
    private long seen;

    /** Starts following the counter, checking every {@code interval}. */
    public ReloadBroadcast(SqlSessionFactory sessions, Duration interval) {
        this.sessions = sessions;
        this.seen = read();
        this.checks = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("odock-reload-follow")
                .factory());
        checks.scheduleWithFixedDelay(this::follow, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What to run when another instance reloaded: this instance's own reload, without announcing it again. */
    public void onPeerReload(Runnable reload) {
        this.reloadHere = reload;
    }

    /** Tells the other instances that this one reloaded. */
    public synchronized void announce() {
        try (SqlSession session = sessions.openSession(true)) {
            GenerationMapper mapper = session.getMapper(GenerationMapper.class);
            mapper.increment();
            seen = mapper.current();
        } catch (RuntimeException e) {
            log.warn("Could not tell the other instances about this reload (the database is away?): {}",
                    e.getMessage());
        }
    }

    private void follow() {
        long current;
        try {
            current = read();
        } catch (RuntimeException e) {
            return; // The database health check reports the outage; the next check tries again.
        }
        boolean moved;
        synchronized (this) {
            moved = current > seen;
            seen = Math.max(seen, current);
        }
        if (moved) {
            log.info("Another instance reloaded its configuration: reloading this one's");
            try {
                reloadHere.run();
            } catch (RuntimeException e) {
                // ConfigReload logged why; this instance keeps its running configuration.
            }
        }
    }

    private long read() {
        try (SqlSession session = sessions.openSession(true)) {
            return session.getMapper(GenerationMapper.class).current();
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
