package io.odock.core.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.config.McpServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An MCP server reached over a message channel (STDIO, or the older HTTP+SSE transport), offered to clients as
 * Streamable HTTP. Each client session gets its own channel, opened by the client's {@code initialize} and named by the
 * {@code Mcp-Session-Id} the gateway gives it; a request waits for the message answering its id, a notification is
 * accepted at once. Channels of sessions idle for {@value #IDLE_MINUTES} minutes, or ended with DELETE, are closed.
 */
final class SessionMcpUpstream implements McpUpstream {
    private static final Logger log = LoggerFactory.getLogger(SessionMcpUpstream.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IDLE_MINUTES = 15;

    private final McpServerConfig server;
    private final MessageChannel.Opener opener;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    SessionMcpUpstream(McpServerConfig server, MessageChannel.Opener opener) {
        this.server = server;
        this.opener = opener;
    }

    @Override
    public McpAnswer post(byte[] body, Map<String, String> headers) throws IOException {
        reapIdle();
        JsonNode message = JSON.readTree(body);
        String sessionId = headers.get("mcp-session-id");
        Session session;
        if (sessionId == null) {
            if (!"initialize".equals(message.path("method").asText())) {
                return error(400, "A session starts with 'initialize'; send the Mcp-Session-Id it returned");
            }
            sessionId = UUID.randomUUID().toString();
            session = new Session();
            session.channel = opener.open(session::received, session::ended);
            sessions.put(sessionId, session);
            log.info("MCP server {}: opened a {} channel for a new session", server.id(),
                    server.transport().name().toLowerCase(java.util.Locale.ROOT));
        } else {
            session = sessions.get(sessionId);
            if (session == null) {
                // The transport's answer for an unknown or ended session: the client starts a new one.
                return error(404, "No such MCP session; initialize again");
            }
        }
        Map<String, String> back = Map.of("mcp-session-id", sessionId);
        if (!message.has("id") || !message.has("method")) {
            session.send(body);
            return new McpAnswer.Empty(202, back);
        }
        String id = message.get("id").toString();
        CompletableFuture<byte[]> answer = session.expect(id);
        session.send(body);
        try {
            return new McpAnswer.Json(200, answer.get(server.timeout().toMillis(), TimeUnit.MILLISECONDS), back);
        } catch (TimeoutException e) {
            session.waiting.remove(id);
            return error(504, "The MCP server did not answer in time");
        } catch (ExecutionException e) {
            sessions.remove(sessionId);
            session.channel.close();
            return error(502, "The MCP server's channel ended");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.waiting.remove(id);
            throw new java.io.InterruptedIOException("the MCP call was interrupted");
        }
    }

    @Override
    public McpAnswer get(Map<String, String> headers) {
        // Server-initiated messages have no stream to travel on for these transports.
        return new McpAnswer.Empty(405, Map.of());
    }

    @Override
    public McpAnswer delete(Map<String, String> headers) {
        String sessionId = headers.get("mcp-session-id");
        Session session = sessionId == null ? null : sessions.remove(sessionId);
        if (session == null) {
            return new McpAnswer.Empty(404, Map.of());
        }
        session.channel.close();
        return new McpAnswer.Empty(204, Map.of());
    }

    private static McpAnswer error(int status, String message) {
        byte[] body = JSON.createObjectNode().set("error", JSON.createObjectNode().put("message", message))
                .toString().getBytes(StandardCharsets.UTF_8);
        return new McpAnswer.Json(status, body, Map.of());
    }

    private void reapIdle() {
        long now = System.nanoTime();
        sessions.entrySet().removeIf(entry -> {
            Session session = entry.getValue();
            boolean idle = now - session.lastUsed > Duration.ofMinutes(IDLE_MINUTES).toNanos();
            if (idle || !session.channel.alive()) {
                session.channel.close();
                return true;
            }
            return false;
        });
    }

    @Override
    public void close() {
        sessions.values().forEach(session -> session.channel.close());
        sessions.clear();
    }

    /** One client session: its channel, and the requests waiting for their answer. */
    private final class Session {
        private volatile MessageChannel channel;
        private final Map<String, CompletableFuture<byte[]>> waiting = new ConcurrentHashMap<>();
        private volatile long lastUsed = System.nanoTime();

        CompletableFuture<byte[]> expect(String id) {
            CompletableFuture<byte[]> answer = new CompletableFuture<>();
            waiting.put(id, answer);
            return answer;
        }

        synchronized void send(byte[] message) throws IOException {
            lastUsed = System.nanoTime();
            channel.send(message);
        }

        void received(String text) {
            try {
                JsonNode message = JSON.readTree(text);
                CompletableFuture<byte[]> answer = message.has("id") && !message.has("method")
                        ? waiting.remove(message.get("id").toString()) : null;
                if (answer != null) {
                    answer.complete(text.getBytes(StandardCharsets.UTF_8));
                }
                // Server-initiated requests and notifications have no client stream to go to here.
            } catch (IOException e) {
                log.warn("MCP server {} sent a message that is not JSON; ignoring it", server.id());
            }
        }

        void ended() {
            IOException ended = new IOException("the MCP server's channel ended");
            waiting.values().forEach(answer -> answer.completeExceptionally(ended));
        }
    }
}
