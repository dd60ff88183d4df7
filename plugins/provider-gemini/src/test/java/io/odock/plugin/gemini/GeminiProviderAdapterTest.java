package io.odock.plugin.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.Secret;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.ContentBlock;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.MediaSource;
import io.odock.spi.model.Operation;
import io.odock.spi.model.ToolCall;
import io.odock.spi.model.ToolDefinition;
import io.odock.spi.model.UpstreamTarget;
import io.odock.spi.stream.EventStream;
import io.odock.spi.stream.StreamEvent;
import io.odock.spi.testing.TestingUpstreamClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The adapter against a real local HTTP server that answers as Gemini's REST API does. */
class GeminiProviderAdapterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final AtomicReference<JsonNode> receivedBody = new AtomicReference<>();
    private final AtomicReference<String> receivedPath = new AtomicReference<>();
    private final AtomicReference<String> receivedKey = new AtomicReference<>();
    private volatile Answer answer;
    private final GeminiProviderAdapter adapter = new GeminiProviderAdapter(new TestingUpstreamClient(), JSON);

    @FunctionalInterface
    interface Answer {
        void write(HttpExchange exchange) throws IOException;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1beta/models/", exchange -> {
            try (exchange) {
                receivedBody.set(JSON.readTree(exchange.getRequestBody().readAllBytes()));
                receivedPath.set(exchange.getRequestURI().toString());
                receivedKey.set(exchange.getRequestHeaders().getFirst("x-goog-api-key"));
                answer.write(exchange);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private UpstreamTarget target() {
        return UpstreamTarget.of("gemini", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1beta",
                Secret.of("gm-operator"), Duration.ofSeconds(5), "gemini-2.0-flash");
    }

    private GatewayRequest geminiRequest(String body, String action, boolean passthrough) throws IOException {
        GatewayRequest decoded = new GeminiDialectTranslator(JSON).decode(new InboundCall(Operation.CHAT,
                (ObjectNode) JSON.readTree(body), Map.of(), List.of(), Map.of("model", "gem", "action", action),
                Map.of()));
        return decoded.toBuilder().passthrough(passthrough).upstream(target()).build();
    }

    private static void json(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Gemini's SSE: each chunk as {@code data: ...} followed by a blank line, every line ended by CRLF. */
    private static void sse(HttpExchange exchange, List<String> chunks) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String chunk : chunks) {
            out.write(("data: " + chunk + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static List<StreamEvent> drain(EventStream stream) throws IOException {
        List<StreamEvent> events = new ArrayList<>();
        try (stream) {
            for (Optional<StreamEvent> event = stream.next(); event.isPresent(); event = stream.next()) {
                events.add(event.get());
            }
        }
        return events;
    }

    @Test
    void passthroughSendsTheClientsBodyToGenerateContentWithTheOperatorKey() throws IOException {
        answer = ex -> json(ex, 200, """
                {"candidates":[{"content":{"role":"model","parts":[{"text":"thinking","thought":true},
                  {"text":"Hello"},{"text":" there"}]},"finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":3,"thoughtsTokenCount":4,
                  "cachedContentTokenCount":6,"toolUsePromptTokenCount":2,"totalTokenCount":19},
                 "modelVersion":"gemini-2.0-flash-001","responseId":"resp-1"}
                """, Map.of());

        GatewayResponse response = adapter.complete(geminiRequest("""
                {"contents":[{"role":"user","parts":[{"text":"hi"}]}],"provider":"gemini",
                 "safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}]}
                """, "generateContent", true));

        assertThat(receivedPath.get()).isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
        assertThat(receivedKey.get()).isEqualTo("gm-operator");
        assertThat(receivedBody.get().has("safetySettings")).isTrue();
        assertThat(receivedBody.get().has("provider")).isFalse();
        assertThat(response.provider()).isEqualTo("gemini");
        assertThat(response.content()).isEqualTo("Hello there");
        assertThat(response.stopReason()).isEqualTo("stop");
        assertThat(response.usage().inputTokens()).isEqualTo(12);
        assertThat(response.usage().outputTokens()).isEqualTo(7);
        assertThat(response.usage().cacheReadTokens()).isEqualTo(6);
        assertThat(response.usage().raw().orElseThrow().path("totalTokenCount").asInt()).isEqualTo(19);
        assertThat(response.providerRequestId()).contains("resp-1");
        assertThat(response.rawResponse()).isPresent();
    }

    @Test
    void readsFunctionCallsAndFinishReasons() throws IOException {
        answer = ex -> json(ex, 200, """
                {"candidates":[{"content":{"role":"model","parts":[
                  {"functionCall":{"name":"get_weather","args":{"city":"Paris"}}},
                  {"functionCall":{"id":"fc-2","name":"get_time","args":{}}}]},"finishReason":"STOP"}],
                 "usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":2},"modelVersion":"m"}
                """, Map.of());
        GatewayResponse response = adapter.complete(geminiRequest(
                "{\"contents\":[{\"parts\":[{\"text\":\"w\"}]}]}", "generateContent", true));
        assertThat(response.stopReason()).isEqualTo("tool_calls");
        assertThat(response.toolCalls()).containsExactly(ToolCall.of("call_0", "get_weather", "{\"city\":\"Paris\"}"),
                ToolCall.of("fc-2", "get_time", "{}"));

        for (String[] c : new String[][]{{"MAX_TOKENS", "length"}, {"SAFETY", "content_filter"},
                {"RECITATION", "content_filter"}, {"PROHIBITED_CONTENT", "content_filter"}}) {
            answer = ex -> json(ex, 200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"x\"}]},"
                    + "\"finishReason\":\"" + c[0] + "\"}]}", Map.of());
            assertThat(adapter.complete(geminiRequest("{\"contents\":[{\"parts\":[{\"text\":\"w\"}]}]}",
                    "generateContent", true)).stopReason()).as(c[0]).isEqualTo(c[1]);
        }
        answer = ex -> json(ex, 200, "{\"promptFeedback\":{\"blockReason\":\"SAFETY\"},"
                + "\"usageMetadata\":{\"promptTokenCount\":5}}", Map.of());
        assertThat(adapter.complete(geminiRequest("{\"contents\":[{\"parts\":[{\"text\":\"w\"}]}]}",
                "generateContent", true)).stopReason()).isEqualTo("content_filter");
    }

    @Test
    void buildsGeminisPayloadFromAnOpenAiRequest() {
        answer = ex -> json(ex, 200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},"
                + "\"finishReason\":\"STOP\"}]}", Map.of());
        JsonNode imagePart = JSON.createObjectNode().put("type", "image_url");
        GatewayRequest request = GatewayRequest.builder()
                .dialect("openai").model("gem")
                .messages(List.of(
                        ChatMessage.of("system", "Be brief."),
                        new ChatMessage("user", "What is this?", List.of(
                                ContentBlock.text("What is this?"),
                                ContentBlock.media("image_url", MediaSource.inline("image/png", "iVBOR"), imagePart),
                                ContentBlock.media("image_url", MediaSource.at("image/jpeg", "https://x/y.jpg"), imagePart),
                                ContentBlock.of("thinking", Optional.empty(), JSON.createObjectNode())),
                                List.of(), Optional.empty(), Optional.empty()),
                        new ChatMessage("assistant", "", List.of(), List.of(
                                ToolCall.of("call_a", "get_weather", "{\"city\":\"Paris\"}"),
                                ToolCall.of("call_b", "get_time", "")), Optional.empty(), Optional.empty()),
                        new ChatMessage("tool", "{\"temp\":21}", List.of(), List.of(), Optional.of("call_a"),
                                Optional.empty()),
                        new ChatMessage("tool", "noon", List.of(), List.of(), Optional.of("call_b"), Optional.empty()),
                        ChatMessage.of("user", "Thanks")))
                .temperature(Optional.of(0.5)).topP(Optional.of(0.9)).topK(Optional.of(20))
                .maxTokens(Optional.of(100)).stopSequences(List.of("END")).seed(Optional.of(3L))
                .presencePenalty(Optional.of(0.1)).frequencyPenalty(Optional.of(0.2))
                .metadata(Map.of("user", "u1")).unmappedFields(List.of("logprobs"))
                .responseFormat(Optional.of(JSON.createObjectNode().put("type", "json_schema")
                        .set("json_schema", JSON.createObjectNode().put("name", "r")
                                .set("schema", JSON.createObjectNode().put("type", "object")))))
                .tools(List.of(ToolDefinition.of("get_weather", Optional.of("Weather"),
                        JSON.createObjectNode().put("type", "object"))))
                .toolChoice(Optional.of(JSON.getNodeFactory().textNode("required")))
                .upstream(target()).build();

        GatewayResponse response = adapter.complete(request);

        JsonNode sent = receivedBody.get();
        assertThat(sent.path("systemInstruction").path("parts").path(0).path("text").asText()).isEqualTo("Be brief.");
        JsonNode contents = sent.path("contents");
        assertThat(contents).hasSize(4);
        JsonNode userParts = contents.path(0).path("parts");
        assertThat(contents.path(0).path("role").asText()).isEqualTo("user");
        assertThat(userParts).hasSize(3);
        assertThat(userParts.path(0).path("text").asText()).isEqualTo("What is this?");
        assertThat(userParts.path(1).path("inlineData").path("mimeType").asText()).isEqualTo("image/png");
        assertThat(userParts.path(1).path("inlineData").path("data").asText()).isEqualTo("iVBOR");
        assertThat(userParts.path(2).path("fileData").path("fileUri").asText()).isEqualTo("https://x/y.jpg");
        JsonNode model = contents.path(1);
        assertThat(model.path("role").asText()).isEqualTo("model");
        assertThat(model.path("parts").path(0).path("functionCall").path("id").asText()).isEqualTo("call_a");
        assertThat(model.path("parts").path(0).path("functionCall").path("args").path("city").asText())
                .isEqualTo("Paris");
        assertThat(model.path("parts").path(1).path("functionCall").path("args").isObject()).isTrue();
        JsonNode results = contents.path(2);
        assertThat(results.path("role").asText()).isEqualTo("user");
        assertThat(results.path("parts")).as("consecutive tool results share one turn").hasSize(2);
        assertThat(results.path("parts").path(0).path("functionResponse").path("name").asText())
                .isEqualTo("get_weather");
        assertThat(results.path("parts").path(0).path("functionResponse").path("id").asText()).isEqualTo("call_a");
        assertThat(results.path("parts").path(0).path("functionResponse").path("response").path("temp").asInt())
                .isEqualTo(21);
        assertThat(results.path("parts").path(1).path("functionResponse").path("name").asText()).isEqualTo("get_time");
        assertThat(results.path("parts").path(1).path("functionResponse").path("response").path("result").asText())
                .isEqualTo("noon");
        assertThat(contents.path(3).path("parts").path(0).path("text").asText()).isEqualTo("Thanks");

        JsonNode config = sent.path("generationConfig");
        assertThat(config.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(config.path("topP").asDouble()).isEqualTo(0.9);
        assertThat(config.path("topK").asInt()).isEqualTo(20);
        assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(100);
        assertThat(config.path("stopSequences").path(0).asText()).isEqualTo("END");
        assertThat(config.path("seed").asInt()).isEqualTo(3);
        assertThat(config.path("presencePenalty").asDouble()).isEqualTo(0.1);
        assertThat(config.path("frequencyPenalty").asDouble()).isEqualTo(0.2);
        assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(config.path("responseJsonSchema").path("type").asText()).isEqualTo("object");
        JsonNode declaration = sent.path("tools").path(0).path("functionDeclarations").path(0);
        assertThat(declaration.path("name").asText()).isEqualTo("get_weather");
        assertThat(declaration.path("description").asText()).isEqualTo("Weather");
        assertThat(declaration.path("parametersJsonSchema").path("type").asText()).isEqualTo("object");
        assertThat(sent.path("toolConfig").path("functionCallingConfig").path("mode").asText()).isEqualTo("ANY");
        assertThat(sent.has("metadata")).isFalse();

        assertThat(response.warnings()).containsExactly("metadata is not supported by gemini and was dropped",
                "logprobs cannot be sent to gemini and was dropped",
                "1 content part(s) gemini cannot take (such as thinking blocks) were dropped");
    }

    @Test
    void streamsNormalizedEventsFromCrlfFramedSse() throws IOException {
        answer = ex -> sse(ex, List.of(
                "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hel\"}]},\"index\":0}],"
                        + "\"usageMetadata\":{\"promptTokenCount\":4},\"modelVersion\":\"gemini-2.0-flash-001\"}",
                "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"lo\"},"
                        + "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}}]},"
                        + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":4,"
                        + "\"candidatesTokenCount\":6,\"totalTokenCount\":10},\"modelVersion\":\"gemini-2.0-flash-001\"}"));

        List<StreamEvent> events = drain(adapter.stream(geminiRequest(
                "{\"contents\":[{\"parts\":[{\"text\":\"w\"}]}]}", "streamGenerateContent", false)));

        assertThat(receivedPath.get()).isEqualTo("/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse");
        assertThat(receivedKey.get()).isEqualTo("gm-operator");
        assertThat(events).containsExactly(
                new StreamEvent.TextDelta(0, "Hel"),
                new StreamEvent.TextDelta(0, "lo"),
                new StreamEvent.ToolCallDelta(0, 0, Optional.of("call_0"), Optional.of("get_weather"),
                        "{\"city\":\"Paris\"}"),
                new StreamEvent.Finished(0, "tool_calls"),
                new StreamEvent.UsageReported(((StreamEvent.UsageReported) events.getLast()).usage()));
        assertThat(((StreamEvent.UsageReported) events.getLast()).usage().outputTokens()).isEqualTo(6);
    }

    @Test
    void aStreamCutBeforeItsFinishStillReportsTheUsageItCarried() throws IOException {
        answer = ex -> sse(ex, List.of(
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"partial\"}]}}],"
                        + "\"usageMetadata\":{\"promptTokenCount\":7,\"candidatesTokenCount\":1}}"));

        List<StreamEvent> events = drain(adapter.stream(geminiRequest(
                "{\"contents\":[{\"parts\":[{\"text\":\"w\"}]}]}", "streamGenerateContent", false)));

        assertThat(events.getFirst()).isEqualTo(new StreamEvent.TextDelta(0, "partial"));
        assertThat(events.getLast()).isInstanceOfSatisfying(StreamEvent.UsageReported.class,
                reported -> assertThat(reported.usage().inputTokens()).isEqualTo(7));
        assertThat(events).hasSize(2);
    }

    @Test
    void passthroughStreamsRawChunksWithTheirUsage() throws IOException {
        answer = ex -> sse(ex, List.of(
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}],\"modelVersion\":\"m\"}",
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"b\"}]},\"finishReason\":\"STOP\"}],"
                        + "\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":2}}"));

        List<StreamEvent> events = drain(adapter.stream(geminiRequest(
                "{\"contents\":[{\"parts\":[{\"text\":\"w\"}]}]}", "streamGenerateContent", true)));

        assertThat(events).hasSize(2).allSatisfy(e -> assertThat(e).isInstanceOf(StreamEvent.Raw.class));
        StreamEvent.Raw first = (StreamEvent.Raw) events.getFirst();
        StreamEvent.Raw last = (StreamEvent.Raw) events.getLast();
        assertThat(first.event().data()).contains("\"text\":\"a\"");
        assertThat(first.usage()).isEmpty();
        assertThat(last.usage().orElseThrow().inputTokens()).isEqualTo(3);
        assertThat(last.usage().orElseThrow().outputTokens()).isEqualTo(2);
    }

    @Test
    void anInStreamErrorFailsTheStream() throws IOException {
        answer = ex -> sse(ex, List.of(
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}",
                "{\"error\":{\"code\":500,\"message\":\"Internal error encountered.\",\"status\":\"INTERNAL\"}}"));
        EventStream stream = adapter.stream(geminiRequest("{\"contents\":[{\"parts\":[{\"text\":\"w\"}]}]}",
                "streamGenerateContent", true));
        assertThat(stream.next()).isPresent();
        assertThatThrownBy(stream::next).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEqualTo(ErrorCodes.UPSTREAM_ERROR);
            assertThat(e.getMessage()).contains("Internal error encountered.");
        });
        stream.close();
    }

    @Test
    void mapsUpstreamErrorStatuses() {
        for (Object[] c : new Object[][]{{400, 400, ErrorCodes.INVALID_REQUEST}, {403, 502, ErrorCodes.UPSTREAM_ERROR},
                {429, 429, ErrorCodes.UPSTREAM_RATE_LIMITED}, {500, 502, ErrorCodes.UPSTREAM_ERROR},
                {503, 502, ErrorCodes.UPSTREAM_ERROR}}) {
            answer = ex -> json(ex, (int) c[0], "{\"error\":{\"code\":" + c[0] + ",\"message\":\"* GenerateContentRequest"
                    + ".contents: contents is not specified\",\"status\":\"X\"}}", Map.of("Retry-After", "9"));
            assertThatThrownBy(() -> adapter.complete(geminiRequest("{\"contents\":[{\"parts\":[{\"text\":\"w\"}]}]}",
                    "generateContent", true)))
                    .as("upstream %s", c[0])
                    .isInstanceOfSatisfying(GatewayException.class, e -> {
                        assertThat(e.status()).isEqualTo(c[1]);
                        assertThat(e.code()).isEqualTo(c[2]);
                        assertThat(e.getMessage()).doesNotContain("gm-operator");
                        if ((int) c[0] == 400) {
                            assertThat(e.getMessage()).contains("contents is not specified");
                        }
                        if ((int) c[0] == 429) {
                            assertThat(e.retryAfter()).contains(Duration.ofSeconds(9));
                        }
                    });
        }
        assertThatThrownBy(() -> adapter.stream(geminiRequest("{\"contents\":[{\"parts\":[{\"text\":\"w\"}]}]}",
                "streamGenerateContent", true)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(502));
    }
}
