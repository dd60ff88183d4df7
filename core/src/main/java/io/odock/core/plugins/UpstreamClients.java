package io.odock.core.plugins;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pooled HTTP clients lent to plugins for upstream calls: one per connect timeout in use, because the JDK sets
 * connect timeouts per client. Every client keeps its connections alive and speaks HTTP/1.1 (no h2c upgrade dance with
 * plain-HTTP upstreams).
 */
public final class UpstreamClients implements AutoCloseable {
    private final Duration defaultConnectTimeout;
    private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();

    /** Clients whose default connect timeout is {@code upstream.connectTimeout}. */
    public UpstreamClients(Duration defaultConnectTimeout) {
        this.defaultConnectTimeout = defaultConnectTimeout;
    }

    /** The client for the default connect timeout. */
    public HttpClient shared() {
        return forConnectTimeout(defaultConnectTimeout);
    }

    /** The client for this connect timeout, created on first use and kept. */
    public HttpClient forConnectTimeout(Duration connectTimeout) {
        return clients.computeIfAbsent(connectTimeout, timeout -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    @Override
    public void close() {
        clients.values().forEach(HttpClient::close);
    }
}
