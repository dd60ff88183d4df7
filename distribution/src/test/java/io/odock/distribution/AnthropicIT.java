package io.odock.distribution;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.usage.UsageRecord;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code POST /v1/messages} end to end: the official Anthropic Java SDK pointed at the gateway, which calls a fake
 * Anthropic upstream (a real HTTP server speaking the Messages API) with the operator's key; and the same Anthropic
 * deployment reached through the unified endpoint.
 */
class AnthropicIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeAnthropicUpstream upstream;
    private static GatewayHarness gateway;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        upstream = new FakeAnthropicUpstream();
        gateway = GatewayHarness.start("""
                providers:
                  - { id: anthropic, type: anthropic, baseUrl: "%s", apiKey: "${ANTHROPIC_KEY}" }
                  - { id: local, type: echo, baseUrl: "http://localhost/echo" }
                models:
                  - name: claude
                    deployments: [ { provider: anthropic, model: claude-sonnet-4-5 } ]
                    pricing: { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 }
                  - { name: claude-limited, deployments: [ { provider: anthropic, model: claude-rate-limited } ] }
                  - { name: claude-broken, deployments: [ { provider: anthropic, model: claude-broken-stream } ] }
                  - { name: demo, deployments: [ { provider: local, model: echo-1 } ] }
                """.formatted(upstream.baseUrl()), Map.of("ANTHROPIC_KEY", FakeAnthropicUpstream.OPERATOR_KEY));
        key = gateway.createKey("anthropic-it", List.of());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            String logs = gateway.allLogs();
            assertThat(logs).doesNotContain(FakeAnthropicUpstream.OPERATOR_KEY).doesNotContain(key);
        } finally {
            GatewayHarness.closeAll(gateway, upstream);
        }
    }

    private static AnthropicClient sdk(boolean bearer) {
        AnthropicOkHttpClient.Builder builder = AnthropicOkHttpClient.builder().baseUrl(gateway.baseUrl())
                .maxRetries(0);
        return (bearer ? builder.authToken(key) : builder.apiKey(key)).build();
    }

    private static Tool weatherTool() {
        return Tool.builder().name("get_weather").description("Current weather in a city")
                .inputSchema(Tool.InputSchema.builder().properties(Tool.InputSchema.Properties.builder()
                        .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string"))).build())
                        .required(List.of("city")).build())
                .build();
    }

    private static ContentResponse post(String path, String body, Map<String, String> headers) throws Exception {
        return gateway.http.POST(gateway.baseUrl() + path)
                .headers(h -> headers.forEach(h::put))
                .body(new StringRequestContent("application/json", body))
                .timeout(30, TimeUnit.SECONDS).send();
    }

    @Test
    void theSdkWithAnApiKeyGetsTheUpstreamsAnswerUnderItsOwnModelName() {
        Message message = sdk(false).messages().create(MessageCreateParams.builder().model("claude").maxTokens(100)
                .system("Be brief.").addUserMessage("hi there").build());

        assertThat(message.content().getFirst().text().orElseThrow().text()).isEqualTo("Hello from Claude: hi there");
        assertThat(message.model().asString()).isEqualTo("claude");
        assertThat(message.usage().inputTokens()).isEqualTo(FakeAnthropicUpstream.UNCACHED_INPUT);
        FakeOpenAiUpstream.Received sent = upstream.last();
        assertThat(sent.header("x-api-key")).isEqualTo(FakeAnthropicUpstream.OPERATOR_KEY);
        assertThat(sent.header("authorization")).isNull();
        assertThat(sent.body().path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(sent.body().path("system").asText()).isEqualTo("Be brief.");
        assertThat(sent.header("anthropic-version")).isNotBlank();
    }

    @Test
    void theSdkWithABearerTokenIsAcceptedToo() {
        Message message = sdk(true).messages().create(MessageCreateParams.builder().model("claude").maxTokens(50)
                .addUserMessage("bearer please").build());

        assertThat(message.content().getFirst().text().orElseThrow().text())
                .isEqualTo("Hello from Claude: bearer please");
        assertThat(upstream.last().header("x-api-key")).isEqualTo(FakeAnthropicUpstream.OPERATOR_KEY);
    }

    @Test
    void theSdkStreamsEveryEventInOrder() {
        MessageAccumulator accumulator = MessageAccumulator.create();
        List<String> types = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        try (StreamResponse<RawMessageStreamEvent> stream = sdk(false).messages().createStreaming(
                MessageCreateParams.builder().model("claude").maxTokens(100).addUserMessage("stream to me").build())) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                types.add(event.isMessageStart() ? "message_start" : event.isContentBlockStart() ? "block_start"
                        : event.isContentBlockDelta() ? "block_delta" : event.isContentBlockStop() ? "block_stop"
                        : event.isMessageDelta() ? "message_delta" : "message_stop");
                event.contentBlockDelta().flatMap(d -> d.delta().text()).ifPresent(t -> text.append(t.text()));
            });
        }

        assertThat(text.toString()).isEqualTo("Hello from Claude: stream to me");
        assertThat(types.getFirst()).isEqualTo("message_start");
        assertThat(types.getLast()).isEqualTo("message_stop");
        assertThat(types).containsSubsequence("block_start", "block_delta", "block_stop", "message_delta");
        Message message = accumulator.message();
        assertThat(message.model().asString()).isEqualTo("claude");
        assertThat(message.usage().outputTokens()).isPositive();
    }

    @Test
    void aStreamedToolUseArrivesWholeInTheSdk() {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = sdk(false).messages().createStreaming(
                MessageCreateParams.builder().model("claude").maxTokens(100).addTool(weatherTool())
                        .addUserMessage("weather in Paris?").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        Message message = accumulator.message();
        ToolUseBlock call = message.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
        assertThat(call.id()).isEqualTo("toolu_01FakeCall");
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris"));
        assertThat(message.stopReason().orElseThrow().asString()).isEqualTo("tool_use");
        assertThat(upstream.last().body().path("tools").get(0).path("input_schema").path("required").get(0).asText())
                .isEqualTo("city");
    }

    @Test
    void versionBetaHeadersAndCacheControlReachTheUpstreamAndCacheTokensArePriced() throws Exception {
        String requestId = "anthropic-cache-1";
        ContentResponse response = post("/v1/messages", """
                {"model":"claude","max_tokens":64,
                 "system":[{"type":"text","text":"A long shared prefix.","cache_control":{"type":"ephemeral"}}],
                 "messages":[{"role":"user","content":[{"type":"text","text":"cached?"}]}],
                 "metadata":{"user_id":"u-42"},"stop_sequences":["END"],"top_k":5}
                """, Map.of("x-api-key", key, "anthropic-version", "2023-06-01",
                "anthropic-beta", "prompt-caching-2024-07-31", "x-request-id", requestId));

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.getContentAsString());
        assertThat(body.path("usage").path("cache_read_input_tokens").asInt()).isEqualTo(200);
        assertThat(body.path("usage").path("cache_creation_input_tokens").asInt()).isEqualTo(50);
        assertThat(response.getHeaders().get("request-id")).isEqualTo(requestId);
        FakeOpenAiUpstream.Received sent = upstream.last();
        assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sent.header("anthropic-beta")).isEqualTo("prompt-caching-2024-07-31");
        assertThat(sent.body().path("system").get(0).path("cache_control").path("type").asText())
                .isEqualTo("ephemeral");
        assertThat(sent.body().path("metadata").path("user_id").asText()).isEqualTo("u-42");
        assertThat(sent.body().path("top_k").asInt()).isEqualTo(5);

        gateway.server.usage().flush();
        String keyId = gateway.server.keys().list().stream().filter(k -> k.name().equals("anthropic-it"))
                .findFirst().orElseThrow().id();
        UsageRecord record = gateway.server.usage().findByKey(keyId, 200).stream()
                .filter(r -> r.requestId().equals(requestId)).findFirst().orElseThrow();
        assertThat(record.inputTokens()).isEqualTo(FakeAnthropicUpstream.UNCACHED_INPUT + 250);
        assertThat(record.cacheReadTokens()).isEqualTo(200);
        assertThat(record.cacheWriteTokens()).isEqualTo(50);
        // 12 × $3 + 200 × $0.30 + 50 × $3.75 + output × $15, per million.
        BigDecimal expected = new BigDecimal(12 * 3 + 200 * 0.3 + 50 * 3.75 + record.outputTokens() * 15)
                .divide(BigDecimal.valueOf(1_000_000));
        assertThat(record.costUsd().orElseThrow()).isEqualByComparingTo(expected);
    }

    @Test
    void errorsComeInAnthropicsShapeWithItsErrorTypes() throws Exception {
        ContentResponse unknownKey = post("/v1/messages",
                "{\"model\":\"claude\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                Map.of("x-api-key", "odk_not_a_key"));
        assertThat(unknownKey.getStatus()).isEqualTo(401);
        JsonNode error = JSON.readTree(unknownKey.getContentAsString());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("authentication_error");
        assertThat(error.path("request_id").asText()).isEqualTo(unknownKey.getHeaders().get("request-id"));

        ContentResponse noMaxTokens = post("/v1/messages",
                "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                Map.of("x-api-key", key));
        assertThat(noMaxTokens.getStatus()).isEqualTo(400);
        assertThat(JSON.readTree(noMaxTokens.getContentAsString()).path("error").path("type").asText())
                .isEqualTo("invalid_request_error");

        ContentResponse notJson = post("/v1/messages", "{nope", Map.of("x-api-key", key));
        assertThat(notJson.getStatus()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.getContentAsString()).path("type").asText()).isEqualTo("error");

        assertThatThrownBy(() -> sdk(false).messages().create(MessageCreateParams.builder().model("claude-limited")
                .maxTokens(5).addUserMessage("x").build()))
                .isInstanceOfSatisfying(AnthropicServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after")).containsExactly("7");
                });
    }

    @Test
    void aFailureMidStreamEndsWithAnErrorEvent() throws Exception {
        ContentResponse response = post("/v1/messages", """
                {"model":"claude-broken","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"go"}]}
                """, Map.of("x-api-key", key));

        String body = response.getContentAsString();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(body).startsWith("event: message_start\n");
        assertThat(body).contains("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\"");
        assertThat(body).doesNotContain("message_stop");
    }

    @Test
    void theEchoDemoAnswersAnthropicClientsInTheirShape() {
        Message message = sdk(false).messages().create(MessageCreateParams.builder().model("demo").maxTokens(50)
                .addUserMessage("echo me").build());
        assertThat(message.content().getFirst().text().orElseThrow().text()).contains("echo me");

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = sdk(false).messages().createStreaming(
                MessageCreateParams.builder().model("demo").maxTokens(50).addUserMessage("stream echo").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        assertThat(accumulator.message().content().getFirst().text().orElseThrow().text()).contains("stream echo");
        assertThat(accumulator.message().usage().outputTokens()).isPositive();
    }

    @Test
    void theUnifiedEndpointReachesAnthropicAndAToolCallStreamsWhole() throws Exception {
        Map<String, String> auth = Map.of(HttpHeader.AUTHORIZATION.asString(), "Bearer " + key);
        ContentResponse complete = post("/v1/llm/chat", """
                {"model":"claude","messages":[{"role":"system","content":"sys"},{"role":"user","content":"unified"}],
                 "presence_penalty":0.5,"logprobs":true}
                """, auth);
        assertThat(complete.getStatus()).as(complete.getContentAsString()).isEqualTo(200);
        JsonNode body = JSON.readTree(complete.getContentAsString());
        assertThat(body.path("provider").asText()).isEqualTo("anthropic");
        assertThat(body.path("content").asText()).isEqualTo("Hello from Claude: unified");
        assertThat(body.path("input_tokens").asLong()).isEqualTo(FakeAnthropicUpstream.UNCACHED_INPUT);
        assertThat(complete.getHeaders().get("x-odock-warning")).contains("presence_penalty", "logprobs");
        assertThat(upstream.last().body().path("system").get(0).path("text").asText()).isEqualTo("sys");
        assertThat(upstream.last().body().path("max_tokens").asInt()).isPositive();

        ContentResponse streamed = post("/v1/llm/chat", """
                {"model":"claude","stream":true,"messages":[{"role":"user","content":"weather?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}
                """, auth);
        assertThat(streamed.getStatus()).isEqualTo(200);
        StringBuilder arguments = new StringBuilder();
        String id = null;
        String name = null;
        String finish = null;
        for (String line : streamed.getContentAsString().split("\n")) {
            if (!line.startsWith("data: {")) {
                continue;
            }
            JsonNode choice = JSON.readTree(line.substring(6)).path("choices").path(0);
            JsonNode call = choice.path("delta").path("tool_calls").path(0);
            if (call.path("id").isTextual()) {
                id = call.get("id").asText();
                name = call.path("function").path("name").asText();
            }
            arguments.append(call.path("function").path("arguments").asText(""));
            if (choice.path("finish_reason").isTextual()) {
                finish = choice.get("finish_reason").asText();
            }
        }
        assertThat(id).isEqualTo("toolu_01FakeCall");
        assertThat(name).isEqualTo("get_weather");
        assertThat(JSON.readTree(arguments.toString())).isEqualTo(JSON.readTree("{\"city\":\"Paris\"}"));
        assertThat(finish).isEqualTo("tool_calls");

        ContentResponse jsonMode = post("/v1/llm/chat", """
                {"model":"claude","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_object"}}
                """, auth);
        assertThat(jsonMode.getStatus()).isEqualTo(400);
        assertThat(JSON.readTree(jsonMode.getContentAsString()).path("error").path("param").asText())
                .isEqualTo("response_format");
    }

    @Test
    void openAiRoutesCannotReachAnAnthropicDeployment() throws Exception {
        ContentResponse response = post("/v1/chat/completions",
                "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                Map.of(HttpHeader.AUTHORIZATION.asString(), "Bearer " + key));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(JSON.readTree(response.getContentAsString()).path("error").path("code").asText())
                .isEqualTo("provider_not_allowed");
    }
}
