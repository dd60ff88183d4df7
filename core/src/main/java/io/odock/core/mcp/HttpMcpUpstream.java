package io.odock.core.mcp;

import io.odock.core.config.McpServerConfig;
import io.odock.spi.stream.SseEvent;
import io.odock.spi.stream.SseReader;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An MCP server over Streamable HTTP: each exchange is relayed as it is, with the operator's credential. */
final class HttpMcpUpstream implements McpUpstream {
    /** Client headers relayed upstream and upstream headers relayed back. */
    static final List<String> MCP_HEADERS = List.of("mcp-session-id", "mcp-protocol-version", "last-event-id");

    private final McpServerConfig server;
    private final HttpClient http;

    HttpMcpUpstream(McpServerConfig server, HttpClient http) {
        this.server = server;
        this.http = http;
    }

    @Override
    public McpAnswer post(byte[] body, Map<String, String> headers) throws IOException {
        return exchange(request(headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    @Override
    public McpAnswer get(Map<String, String> headers) throws IOException {
        return exchange(request(headers).GET());
    }

    @Override
    public McpAnswer delete(Map<String, String> headers) throws IOException {
        return exchange(request(headers).DELETE());
    }

    private HttpRequest.Builder request(Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url().orElseThrow()))
                .timeout(server.timeout())
                .header("Accept", "application/json, text/event-stream");
        for (String name : MCP_HEADERS) {
            String value = headers.get(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        server.auth().header().ifPresent(value -> request.header("Authorization", value));
        return request;
    }

    private McpAnswer exchange(HttpRequest.Builder request) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("the MCP call was interrupted");
        }
        Map<String, String> back = new LinkedHashMap<>();
        for (String name : MCP_HEADERS) {
            response.headers().firstValue(name).ifPresent(value -> back.put(name, value));
        }
        String type = response.headers().firstValue("content-type").orElse("");
        if (type.startsWith("text/event-stream")) {
            SseReader reader = new SseReader(response.body());
            return new McpAnswer.Events(response.statusCode(), back, new McpAnswer.EventSource() {
                @Override
                public Optional<SseEvent> next() throws IOException {
                    return reader.next();
                }

                @Override
                public void close() throws IOException {
                    reader.close();
                }
            });
        }
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readAllBytes();
        }
        if (body.length == 0) {
            return new McpAnswer.Empty(response.statusCode(), back);
        }
        return new McpAnswer.Json(response.statusCode(), body, back);
    }

    @Override
    public void close() {
        // The shared HTTP client belongs to the gateway.
    }
}
