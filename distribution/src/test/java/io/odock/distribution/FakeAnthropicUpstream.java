package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server speaking Anthropic's Messages API as its reference documents it: {@code x-api-key} and
 * {@code anthropic-version} required, {@code max_tokens} required, answers as {@code message} objects or as the named
 * SSE event sequence ({@code message_start}, {@code content_block_start}, {@code ping}, {@code content_block_delta}
 * with {@code text_delta} / {@code input_json_delta}, {@code content_block_stop}, {@code message_delta},
 * {@code message_stop}), errors as {@code {"type":"error","error":{...}}} with a {@code request-id} header.
 *
 * <p>Behaviour by upstream model: {@code claude-rate-limited} answers 429 with {@code retry-after: 7};
 * {@code claude-overloaded} answers 529; {@code claude-broken-stream} starts a stream and ends it with an
 * {@code error} event. When the request offers tools and its last turn is not a tool result, the model calls the
 * first tool with {@code {"city":"Paris"}}. Prompt caching: when any block carries {@code cache_control}, usage
 * reports 50 tokens written to and 200 read from the cache.
 */
final class FakeAnthropicUpstream implements AutoCloseable {
    static final String OPERATOR_KEY = "sk-ant-operator-secret";
    static final String UPSTREAM_REQUEST_ID = "req_011CAnthropicFake";
    static final int UNCACHED_INPUT = 12;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final List<FakeOpenAiUpstream.Received> received = new CopyOnWriteArrayList<>();

    FakeAnthropicUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/messages", this::messages);
        server.start();
    }

    /** The base URL to configure (Anthropic's is {@code https://api.anthropic.com}). */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeOpenAiUpstream.Received last() {
        return received.getLast();
    }

    private void messages(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = json.readTree(exchange.getRequestBody());
            received.add(new FakeOpenAiUpstream.Received(exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            if (!OPERATOR_KEY.equals(exchange.getRequestHeaders().getFirst("x-api-key"))) {
                error(exchange, 401, "authentication_error", "invalid x-api-key");
                return;
            }
            if (exchange.getRequestHeaders().getFirst("anthropic-version") == null) {
                error(exchange, 400, "invalid_request_error", "anthropic-version: header is required");
                return;
            }
            if (!body.path("max_tokens").canConvertToInt() || !body.path("model").isTextual()) {
                error(exchange, 400, "invalid_request_error", "max_tokens: Field required");
                return;
            }
            String model = body.get("model").asText();
            switch (model) {
                case "claude-rate-limited" -> {
                    exchange.getResponseHeaders().add("retry-after", "7");
                    error(exchange, 429, "rate_limit_error", "Number of requests has exceeded your rate limit");
                    return;
                }
                case "claude-overloaded" -> {
                    error(exchange, 529, "overloaded_error", "Overloaded");
                    return;
                }
                default -> {
                }
            }
            Answer answer = answer(body);
            if (body.path("stream").asBoolean(false)) {
                stream(exchange, model, answer, body);
            } else {
                complete(exchange, model, answer, body);
            }
        }
    }

    /** What the model says: text, or a call of the first tool. */
    private record Answer(String text, String toolName, String stopReason) {
    }

    private static Answer answer(JsonNode body) {
        JsonNode tools = body.path("tools");
        JsonNode last = body.path("messages").path(body.path("messages").size() - 1);
        boolean answersToolResult = last.path("content").isArray()
                && last.path("content").findValues("type").stream().anyMatch(t -> t.asText().equals("tool_result"));
        if (tools.isArray() && !tools.isEmpty() && !answersToolResult) {
            return new Answer("Let me look that up.", tools.get(0).path("name").asText(), "tool_use");
        }
        return new Answer("Hello from Claude: " + lastUserText(body), null, "end_turn");
    }

    private static String lastUserText(JsonNode body) {
        JsonNode last = body.path("messages").path(body.path("messages").size() - 1).path("content");
        if (last.isTextual()) {
            return last.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : last) {
            if (block.path("type").asText().equals("text")) {
                text.append(block.path("text").asText());
            } else if (block.path("type").asText().equals("tool_result")) {
                text.append("tool said ").append(block.path("content").isTextual()
                        ? block.get("content").asText() : block.path("content").toString());
            }
        }
        return text.toString();
    }

    private ObjectNode usage(JsonNode body, int output) {
        boolean cached = body.toString().contains("\"cache_control\"");
        return json.createObjectNode()
                .put("input_tokens", UNCACHED_INPUT)
                .put("cache_creation_input_tokens", cached ? 50 : 0)
                .put("cache_read_input_tokens", cached ? 200 : 0)
                .put("output_tokens", output);
    }

    private void complete(HttpExchange exchange, String model, Answer answer, JsonNode body) throws IOException {
        ObjectNode message = json.createObjectNode();
        message.put("id", "msg_01FakeAnthropic");
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        message.putArray("content").addObject().put("type", "text").put("text", answer.text());
        if (answer.toolName() != null) {
            ObjectNode tool = ((com.fasterxml.jackson.databind.node.ArrayNode) message.get("content")).addObject();
            tool.put("type", "tool_use").put("id", "toolu_01FakeCall").put("name", answer.toolName());
            tool.putObject("input").put("city", "Paris");
        }
        message.put("stop_reason", answer.stopReason());
        message.putNull("stop_sequence");
        message.set("usage", usage(body, answer.text().split(" ").length));
        exchange.getResponseHeaders().add("request-id", UPSTREAM_REQUEST_ID);
        send(exchange, 200, message);
    }

    private void stream(HttpExchange exchange, String model, Answer answer, JsonNode body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().add("request-id", UPSTREAM_REQUEST_ID);
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        ObjectNode start = json.createObjectNode().put("type", "message_start");
        ObjectNode message = start.putObject("message");
        message.put("id", "msg_01FakeAnthropic").put("type", "message").put("role", "assistant").put("model", model);
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        message.set("usage", usage(body, 1));
        event(out, "message_start", start);
        event(out, "content_block_start", json.readTree(
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        event(out, "ping", json.readTree("{\"type\":\"ping\"}"));
        String[] words = answer.text().split("(?<= )");
        for (String word : words) {
            ObjectNode delta = json.createObjectNode().put("type", "content_block_delta").put("index", 0);
            delta.putObject("delta").put("type", "text_delta").put("text", word);
            event(out, "content_block_delta", delta);
            if (model.equals("claude-broken-stream")) {
                event(out, "error", json.readTree(
                        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
                return;
            }
        }
        event(out, "content_block_stop", json.readTree("{\"type\":\"content_block_stop\",\"index\":0}"));
        if (answer.toolName() != null) {
            ObjectNode toolStart = json.createObjectNode().put("type", "content_block_start").put("index", 1);
            toolStart.putObject("content_block").put("type", "tool_use").put("id", "toolu_01FakeCall")
                    .put("name", answer.toolName()).putObject("input");
            event(out, "content_block_start", toolStart);
            for (String piece : new String[] {"", "{\"city\"", ": \"Par", "is\"}"}) {
                ObjectNode delta = json.createObjectNode().put("type", "content_block_delta").put("index", 1);
                delta.putObject("delta").put("type", "input_json_delta").put("partial_json", piece);
                event(out, "content_block_delta", delta);
            }
            event(out, "content_block_stop", json.readTree("{\"type\":\"content_block_stop\",\"index\":1}"));
        }
        ObjectNode delta = json.createObjectNode().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", answer.stopReason()).putNull("stop_sequence");
        delta.putObject("usage").put("output_tokens", words.length);
        event(out, "message_delta", delta);
        event(out, "message_stop", json.readTree("{\"type\":\"message_stop\"}"));
    }

    private void event(OutputStream out, String name, JsonNode data) throws IOException {
        out.write(("event: " + name + "\ndata: " + json.writeValueAsString(data) + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        ObjectNode body = json.createObjectNode().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        body.put("request_id", UPSTREAM_REQUEST_ID);
        exchange.getResponseHeaders().add("request-id", UPSTREAM_REQUEST_ID);
        send(exchange, status, body);
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
