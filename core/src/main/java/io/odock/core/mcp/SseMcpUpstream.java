package io.odock.core.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.config.McpServerConfig;
import io.odock.spi.stream.SseEvent;
import io.odock.spi.stream.SseReader;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An MCP server on the older HTTP+SSE transport, offered to clients as Streamable HTTP: per client session the gateway
 * opens the server's SSE stream, learns from its {@code endpoint} event where to POST messages, and reads the answers
 * from the stream's {@code message} events.
 */
final class SseMcpUpstream implements McpUpstream {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SessionMcpUpstream sessions;

    SseMcpUpstream(McpServerConfig server, HttpClient http) {
        this.sessions = new SessionMcpUpstream(server, (onMessage, onEnd) -> open(server, http, onMessage, onEnd));
    }

    private static MessageChannel open(McpServerConfig server, HttpClient http, Consumer<String> onMessage,
                                       Runnable onEnd) throws IOException {
        URI stream = URI.create(server.url().orElseThrow());
        HttpRequest.Builder get = HttpRequest.newBuilder(stream).header("Accept", "text/event-stream").GET();
        server.auth().header().ifPresent(value -> get.header("Authorization", value));
        HttpResponse<InputStream> response;
        try {
            response = http.send(get.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while opening the MCP server's stream");
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("the MCP server's SSE endpoint answered HTTP " + response.statusCode());
        }
        SseReader reader = new SseReader(response.body());
        Optional<SseEvent> first = reader.next();
        if (first.isEmpty() || !first.get().event().orElse("").equals("endpoint")) {
            reader.close();
            throw new IOException("the MCP server's stream did not start with its endpoint");
        }
        URI endpoint = stream.resolve(first.get().data().strip());
        Thread.ofVirtual().name("odock-mcp-sse-" + server.id()).start(() -> {
            try {
                Optional<SseEvent> event;
                while ((event = reader.next()).isPresent()) {
                    if (event.get().event().orElse("message").equals("message")) {
                        onMessage.accept(event.get().data());
                    }
                }
            } catch (IOException e) {
                // The stream ended.
            } finally {
                onEnd.run();
            }
        });
        return new MessageChannel() {
            private volatile boolean open = true;

            @Override
            public void send(byte[] message) throws IOException {
                HttpRequest.Builder post = HttpRequest.newBuilder(endpoint).timeout(server.timeout())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(message));
                server.auth().header().ifPresent(value -> post.header("Authorization", value));
                try {
                    HttpResponse<Void> sent = http.send(post.build(), HttpResponse.BodyHandlers.discarding());
                    if (sent.statusCode() / 100 != 2) {
                        throw new IOException("the MCP server refused a message: HTTP " + sent.statusCode());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while sending to the MCP server");
                }
            }

            @Override
            public boolean alive() {
                return open;
            }

            @Override
            public void close() {
                open = false;
                try {
                    reader.close();
                } catch (IOException e) {
                    // Closing anyway.
                }
            }
        };
    }

    @Override
    public McpAnswer post(byte[] body, Map<String, String> headers) throws IOException {
        McpAnswer answer = sessions.post(body, headers);
        JsonNode request = JSON.readTree(body);
        if (answer instanceof McpAnswer.Json json && json.status() == 200
                && "initialize".equals(request.path("method").asText())) {
            return negotiated(json, request.path("params").path("protocolVersion").asText(""));
        }
        return answer;
    }

    /**
     * Servers on this older transport speak the protocol of its time (2024-11-05), which clients of Streamable HTTP
     * may no longer accept. The gateway is the Streamable HTTP server here, so it agrees the client's version; the
     * messages it relays are unchanged, and a feature the server's protocol lacks is simply never offered by it.
     */
    private static McpAnswer negotiated(McpAnswer.Json json, String clientVersion) throws IOException {
        JsonNode message = JSON.readTree(json.body());
        if (clientVersion.isEmpty() || !(message.path("result") instanceof ObjectNode result)
                || clientVersion.compareTo(result.path("protocolVersion").asText("")) <= 0) {
            return json;
        }
        result.put("protocolVersion", clientVersion);
        return new McpAnswer.Json(json.status(), JSON.writeValueAsBytes(message), json.headers());
    }

    @Override
    public McpAnswer get(Map<String, String> headers) {
        return sessions.get(headers);
    }

    @Override
    public McpAnswer delete(Map<String, String> headers) {
        return sessions.delete(headers);
    }

    @Override
    public void close() {
        sessions.close();
    }
}
