package io.odock.core.mcp;

import io.odock.core.config.McpServerConfig;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every configured MCP server, reachable by its id; built once at start. */
public final class McpUpstreams implements AutoCloseable {
    private final Map<String, Entry> byId = new LinkedHashMap<>();

    /** A server's configuration and its connection. */
    record Entry(McpServerConfig config, McpUpstream upstream) {
    }

    /** Connects to nothing yet: HTTP servers are called per request, STDIO processes start per session. */
    public McpUpstreams(List<McpServerConfig> servers, Duration connectTimeout) {
        // The client (its selector thread and SSL set-up, a quarter second of start-up) only when a server needs it.
        HttpClient http = servers.stream().anyMatch(server -> server.transport() != McpServerConfig.Transport.STDIO)
                ? HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build()
                : null;
        for (McpServerConfig server : servers) {
            McpUpstream upstream = switch (server.transport()) {
                case HTTP -> new HttpMcpUpstream(server, http);
                case SSE -> new SseMcpUpstream(server, http);
                case STDIO -> new SessionMcpUpstream(server, StdioChannel.opener(server));
            };
            byId.put(server.id(), new Entry(server, upstream));
        }
    }

    Optional<Entry> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public void close() {
        byId.values().forEach(entry -> entry.upstream().close());
    }
}
