package io.odock.core.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Whether the database answers, checked in the background every few seconds so that {@code /readyz} stays cheap: a
 * probe reads the last result, never waits on a connection. A change is logged once, not at every check.
 */
public final class DatabaseHealth implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DatabaseHealth.class);
    private static final int VALIDATION_SECONDS = 2;

    private final DataSource dataSource;
    private final ScheduledExecutorService checks;
    private volatile boolean up = true;

    /** Starts checking every {@code interval}. */
    public DatabaseHealth(DataSource dataSource, Duration interval) {
        this.dataSource = dataSource;
        this.checks = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("odock-db-health")
                .factory());
        checks.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the last check reached the database. */
    public boolean isUp() {
        return up;
    }

    private void check() {
        boolean reached;
        String reason = "";
        try (Connection connection = dataSource.getConnection()) {
            reached = connection.isValid(VALIDATION_SECONDS);
        } catch (Exception e) {
            reached = false;
            reason = ": " + e.getMessage();
        }
        if (reached != up) {
            if (reached) {
                log.info("The database is reachable again");
            } else {
                log.warn("The database cannot be reached{}", reason);
            }
            up = reached;
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
