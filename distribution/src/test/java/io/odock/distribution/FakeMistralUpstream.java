package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Mistral's chat completions API on 127.0.0.1, for the third-party plugin's end-to-end test: it answers
 * {@code POST /v1/chat/completions} like Mistral (a {@code chat.completion}, or chunks ending with {@code [DONE]}),
 * saying back the last user message, and refuses a call without the expected key with Mistral's error shape.
 */
final class FakeMistralUpstream implements AutoCloseable {
    static final String KEY = "mistral-it-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One call as received. */
    record Call(String authorization, JsonNode body) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    FakeMistralUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", this::chat);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Call last() {
        return calls.getLast();
    }

    int callCount() {
        return calls.size();
    }

    private void chat(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        calls.add(new Call(authorization, body));
        if (!("Bearer " + KEY).equals(authorization)) {
            send(exchange, 401, "application/json", "{\"object\":\"error\",\"message\":\"Unauthorized\"}");
            return;
        }
        String said = body.path("messages").get(body.path("messages").size() - 1).path("content").asText();
        String model = body.path("model").asText();
        if (body.path("stream").asBoolean()) {
            StringBuilder events = new StringBuilder();
            for (String word : ("Mistral says: " + said).split("(?<= )")) {
                events.append("data: ").append(chunk(model, JSON.createObjectNode().put("content", word), null, ""))
                        .append("\n\n");
            }
            events.append("data: ").append(chunk(model, JSON.createObjectNode().put("content", ""), "stop",
                    ",\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":4,\"total_tokens\":15}")).append("\n\n");
            events.append("data: [DONE]\n\n");
            send(exchange, 200, "text/event-stream", events.toString());
            return;
        }
        send(exchange, 200, "application/json", """
                {"id":"cmpl-it","object":"chat.completion","created":1732000000,"model":"%s",
                 "choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":11,"completion_tokens":4,"total_tokens":15}}
                """.formatted(model, JSON.writeValueAsString("Mistral says: " + said)));
    }

    private static String chunk(String model, JsonNode delta, String finishReason, String usage) throws IOException {
        return "{\"id\":\"cmpl-it\",\"object\":\"chat.completion.chunk\",\"model\":\"" + model + "\",\"choices\":[{"
                + "\"index\":0,\"delta\":" + JSON.writeValueAsString(delta) + ",\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]" + usage + "}";
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
