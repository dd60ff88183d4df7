package io.odock.core.config;

import io.odock.spi.Secret;

import java.util.Objects;

/**
 * The {@code database:} section: where keys and usage records live.
 *
 * @param url         JDBC URL; {@code jdbc:h2:file:./data/odock;MODE=MySQL} (embedded, the default) or
 *                    {@code jdbc:mysql://host:3306/odock}
 * @param user        database user (empty for embedded H2)
 * @param password    database password
 * @param maxPoolSize the most pooled connections
 * @param connectionTimeout how long a caller waits for a connection before the database counts as unavailable
 *                    (budgeted requests then get 503 {@code budget_unavailable} instead of hanging)
 */
public record DatabaseConfig(String url, String user, Secret password, int maxPoolSize,
                             java.time.Duration connectionTimeout) {
    /** The default connection timeout. */
    public static final java.time.Duration DEFAULT_CONNECTION_TIMEOUT = java.time.Duration.ofSeconds(5);

    /** A database with the default connection timeout. */
    public DatabaseConfig(String url, String user, Secret password, int maxPoolSize) {
        this(url, user, password, maxPoolSize, DEFAULT_CONNECTION_TIMEOUT);
    }

    /** The embedded default, relative to the gateway's working directory (its home). */
    public static final String EMBEDDED_URL = "jdbc:h2:file:./data/odock;MODE=MySQL;DATABASE_TO_LOWER=TRUE";

    /** Validates the components. */
    public DatabaseConfig {
        Objects.requireNonNull(url, "url");
        user = user == null ? "" : user;
        password = password == null ? Secret.none() : password;
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1");
        }
        if (connectionTimeout == null || connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connectionTimeout must be at least 250ms");
        }
    }

    /** Whether this is the embedded H2 store. */
    public boolean isEmbedded() {
        return url.startsWith("jdbc:h2:");
    }

    /**
     * Whether no other process can open this database: embedded H2 without its server modes ({@code tcp:},
     * {@code ssl:}, {@code AUTO_SERVER=TRUE}). State kept for this process alone (the budget ledger) then lives in
     * memory and is written behind; a database other instances may share is asked on every call instead.
     */
    public boolean isExclusive() {
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        return isEmbedded() && !lower.startsWith("jdbc:h2:tcp:") && !lower.startsWith("jdbc:h2:ssl:")
                && !lower.replace(" ", "").contains("auto_server=true");
    }
}
