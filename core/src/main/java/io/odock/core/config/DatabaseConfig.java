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
 */
public record DatabaseConfig(String url, String user, Secret password, int maxPoolSize) {

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
    }

    /** Whether this is the embedded H2 store. */
    public boolean isEmbedded() {
        return url.startsWith("jdbc:h2:");
    }
}
