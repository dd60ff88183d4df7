package io.odock.core.config;

import java.nio.file.Path;

/**
 * The {@code server:} section.
 *
 * @param host         the address to bind ({@code 0.0.0.0} for all)
 * @param port         the HTTP port; {@code ODOCK_PORT} overrides it; 0 picks a free one
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param dataDir      where the gateway keeps its files (embedded database, generated admin token, pid file)
 * @param drainTimeout how long a graceful stop lets requests and streams in flight finish before closing them
 * @param trustedProxies load balancers and proxies whose {@code X-Forwarded-For} names the real client (for key IP
 *                       lists and the access log); empty trusts no header, only the connection's address
 * @param bodyMemoryBytes how many bytes of request bodies over 64 KiB may be held at once (503
 *                        {@code gateway_overloaded} beyond); empty: an eighth of the JVM's maximum heap
 */
public record ServerConfig(String host, int port, long maxBodyBytes, Path dataDir, java.time.Duration drainTimeout,
                           java.util.List<io.odock.core.net.Cidr> trustedProxies,
                           java.util.OptionalLong bodyMemoryBytes) {

    /** Makes the list immutable. */
    public ServerConfig {
        trustedProxies = java.util.List.copyOf(trustedProxies);
    }

    /** A server section with the default body memory budget. */
    public ServerConfig(String host, int port, long maxBodyBytes, Path dataDir, java.time.Duration drainTimeout,
                        java.util.List<io.odock.core.net.Cidr> trustedProxies) {
        this(host, port, maxBodyBytes, dataDir, drainTimeout, trustedProxies, java.util.OptionalLong.empty());
    }

    /** A server section that trusts no proxy. */
    public ServerConfig(String host, int port, long maxBodyBytes, Path dataDir, java.time.Duration drainTimeout) {
        this(host, port, maxBodyBytes, dataDir, drainTimeout, java.util.List.of());
    }
    /** The default drain time. */
    public static final java.time.Duration DEFAULT_DRAIN_TIMEOUT = java.time.Duration.ofSeconds(30);

    /** A server section with the default drain time. */
    public ServerConfig(String host, int port, long maxBodyBytes, Path dataDir) {
        this(host, port, maxBodyBytes, dataDir, DEFAULT_DRAIN_TIMEOUT);
    }

    /** The default port. */
    public static final int DEFAULT_PORT = 8080;
    /** The default body limit: 32 MiB, room for images sent inline. */
    public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;
}
