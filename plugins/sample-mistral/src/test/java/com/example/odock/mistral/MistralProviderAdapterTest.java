package com.example.odock.mistral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.odock.spi.GatewayException;
import io.odock.spi.Secret;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.Operation;
import io.odock.spi.model.ToolDefinition;
import io.odock.spi.model.UpstreamTarget;
import io.odock.spi.plugin.PluginConfig;
import io.odock.spi.plugin.PluginContext;
import io.odock.spi.provider.ProviderAdapter;
import io.odock.spi.provider.UpstreamClient;
import io.odock.spi.stream.EventStream;
import io.odock.spi.stream.StreamEvent;
import io.odock.spi.testing.TestingUpstreamClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The adapter against a fake Mistral server over real HTTP: payload, answer, stream, errors. */
class MistralProviderAdapterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "mistral-secret-key";
    private FakeMistral mistral;
    private ProviderAdapter adapter;

    @BeforeEach
    void start() throws Exception {
        mistral = new FakeMistral();
        adapter = adapter(PluginConfig.empty());
    }

    @AfterEach
    void stop() {
        mistral.close();
    }

    private static ProviderAdapter adapter(PluginConfig config) {
        UpstreamClient upstream = new TestingUpstreamClient();
        return new MistralProviderAdapterFactory().create(config, new PluginContext() {
            @Override
            public UpstreamClient upstreamClient() {
                return upstream;
            }

            @Override
            public ObjectMapper objectMapper() {
                return JSON;
            }

            @Override
            public String pluginId() {
                return "provider-mistral";
            }
        });
    }

    private GatewayRequest.Builder request() {
        return GatewayRequest.builder()
                .model("chat")
                .addMessage(ChatMessage.of("system", "Be brief."))
                .addMessage(ChatMessage.of("user", "Bonjour"))
                .upstream(UpstreamTarget.of("mistral-eu", mistral.baseUrl() + "/", Secret.of(KEY),
                        Duration.ofSeconds(10), "mistral-small-latest"));
    }

    private JsonNode sentBody() throws Exception {
        return JSON.readTree(mistral.calls().getLast().body());
    }

    @Test
    void sendsMistralsChatCompletionsCall() throws Exception {
        mistral.willAnswer(FakeMistral.Reply.json(200, COMPLETION));

        adapter.complete(request().temperature(Optional.of(0.3)).maxTokens(Optional.of(64)).seed(Optional.of(42L))
                .stopSequences(List.of("END")).build());

        FakeMistral.Call call = mistral.calls().getLast();
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/v1/chat/completions");
        assertThat(call.authorization()).isEqualTo("Bearer " + KEY);
        JsonNode body = sentBody();
        assertThat(body.path("model").asText()).isEqualTo("mistral-small-latest");
        assertThat(body.path("messages")).hasSize(2);
        assertThat(body.path("messages").path(1).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").path(1).path("content").asText()).isEqualTo("Bonjour");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.path("random_seed").asLong()).as("Mistral's name for the seed").isEqualTo(42);
        assertThat(body.has("seed")).isFalse();
        assertThat(body.path("stop").path(0).asText()).isEqualTo("END");
        assertThat(body.path("stream").asBoolean()).isFalse();
        assertThat(body.path("safe_prompt").asBoolean()).isFalse();
    }

    @Test
    void asksForTheSafetyPromptWhenConfigured() throws Exception {
        mistral.willAnswer(FakeMistral.Reply.json(200, COMPLETION));
        ProviderAdapter safe = adapter(PluginConfig.of(JsonNodeFactory.instance.objectNode().put("safePrompt", true)));

        safe.complete(request().build());

        assertThat(sentBody().path("safe_prompt").asBoolean()).isTrue();
    }

    @Test
    void readsTheAnswerAndItsUsage() {
        mistral.willAnswer(FakeMistral.Reply.json(200, COMPLETION));

        GatewayResponse answer = adapter.complete(request().topK(Optional.of(5)).build());

        assertThat(answer.provider()).isEqualTo("mistral");
        assertThat(answer.model()).isEqualTo("mistral-small-2409");
        assertThat(answer.content()).isEqualTo("Bonjour ! Comment puis-je aider ?");
        assertThat(answer.stopReason()).as("model_length is a length stop").isEqualTo("length");
        assertThat(answer.usage().inputTokens()).isEqualTo(12);
        assertThat(answer.usage().outputTokens()).isEqualTo(9);
        assertThat(answer.providerRequestId()).contains("mistral-req-1");
        assertThat(answer.warnings()).containsExactly("top_k was dropped: Mistral has no top-k sampling");
    }

    @Test
    void sendsToolsInMistralsVocabularyAndReadsToolCalls() throws Exception {
        mistral.willAnswer(FakeMistral.Reply.json(200, """
                {"id":"cmpl-2","object":"chat.completion","model":"mistral-large-latest",
                 "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":"",
                   "tool_calls":[{"id":"call1","type":"function",
                     "function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]}}],
                 "usage":{"prompt_tokens":30,"completion_tokens":11,"total_tokens":41}}
                """));

        GatewayResponse answer = adapter.complete(request()
                .tools(List.of(ToolDefinition.of("weather", Optional.of("Weather in a city"),
                        JSON.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"))))
                .toolChoice(Optional.of(JsonNodeFactory.instance.textNode("required"))).build());

        JsonNode body = sentBody();
        assertThat(body.path("tools").path(0).path("function").path("name").asText()).isEqualTo("weather");
        assertThat(body.path("tool_choice").asText()).as("Mistral says any for required").isEqualTo("any");
        assertThat(answer.stopReason()).isEqualTo("tool_calls");
        assertThat(answer.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("weather");
            assertThat(call.arguments()).isEqualTo("{\"city\":\"Paris\"}");
        });
    }

    @Test
    void streamsChunksUntilDone() throws Exception {
        mistral.willAnswer(FakeMistral.Reply.events(
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"mistral-small-latest\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                        + "\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"content\":\"Bon\"},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"content\":\"jour\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2,\"total_tokens\":9}}",
                "[DONE]",
                "{\"never\":\"read after DONE\"}"));

        List<StreamEvent> events = new ArrayList<>();
        try (EventStream stream = adapter.stream(request().stream(true).build())) {
            for (Optional<StreamEvent> event = stream.next(); event.isPresent(); event = stream.next()) {
                events.add(event.get());
            }
        }

        assertThat(mistral.calls().getLast().accept()).isEqualTo("text/event-stream");
        assertThat(sentBody().path("stream").asBoolean()).isTrue();
        assertThat(events).containsExactly(new StreamEvent.TextDelta(0, "Bon"), new StreamEvent.TextDelta(0, "jour"),
                new StreamEvent.Finished(0, "stop"),
                new StreamEvent.UsageReported(io.odock.spi.model.Usage.of(7, 2,
                        JSON.readTree("{\"prompt_tokens\":7,\"completion_tokens\":2,\"total_tokens\":9}"))));
    }

    @Test
    void aRefusalInMistralsErrorShapeKeepsItsMessage() {
        mistral.willAnswer(FakeMistral.Reply.json(400, """
                {"object":"error","message":"Prompt contains 40000 tokens, too large for model","type":"invalid_request_error","param":null,"code":null}
                """));

        assertThatThrownBy(() -> adapter.complete(request().build()))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_request");
                    assertThat(e.getMessage()).isEqualTo("Prompt contains 40000 tokens, too large for model");
                });
    }

    @Test
    void aValidationErrorNamesTheField() {
        mistral.willAnswer(FakeMistral.Reply.json(422, """
                {"detail":[{"type":"less_than_equal","loc":["body","temperature"],"msg":"Input should be less than or equal to 1.5","input":9}]}
                """));

        assertThatThrownBy(() -> adapter.stream(request().stream(true).build()))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("temperature: Input should be less than or equal to 1.5");
                });
    }

    @Test
    void aRejectedKeyIsTheGatewaysProblemAndIsNeverEchoed() {
        mistral.willAnswer(FakeMistral.Reply.json(401, "{\"detail\":\"Unauthorized\"}"));

        assertThatThrownBy(() -> adapter.complete(request().build()))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.code()).isEqualTo("upstream_error");
                    assertThat(e.getMessage()).contains("mistral-eu").doesNotContain(KEY);
                });
    }

    @Test
    void rateLimitingKeepsRetryAfter() {
        mistral.willAnswer(new FakeMistral.Reply(429, java.util.Map.of("Content-Type", "application/json",
                "Retry-After", "7"), "{\"object\":\"error\",\"message\":\"Requests rate limit exceeded\"}"));

        assertThatThrownBy(() -> adapter.complete(request().build()))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.code()).isEqualTo("upstream_rate_limited");
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                });
    }

    @Test
    void aFailureMidStreamBecomesAnUpstreamError() throws Exception {
        mistral.willAnswer(FakeMistral.Reply.events(
                "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}",
                "{\"object\":\"error\",\"message\":\"Service unavailable\"}"));

        try (EventStream stream = adapter.stream(request().stream(true).build())) {
            assertThat(stream.next()).contains(new StreamEvent.TextDelta(0, "Hi"));
            assertThatThrownBy(stream::next).isInstanceOfSatisfying(GatewayException.class, e -> {
                assertThat(e.status()).isEqualTo(502);
                assertThat(e.getMessage()).contains("Service unavailable");
            });
        }
    }

    @Test
    void refusesOperationsItDoesNotImplementWithoutCallingMistral() {
        assertThatThrownBy(() -> adapter.complete(request().operation(Operation.EMBEDDINGS)
                .inputs(List.of("x")).build()))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThat(mistral.calls()).isEmpty();
    }

    private static final String COMPLETION = """
            {"id":"cmpl-1","object":"chat.completion","created":1732000000,"model":"mistral-small-2409",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Bonjour ! Comment puis-je aider ?",
               "tool_calls":null},"finish_reason":"model_length"}],
             "usage":{"prompt_tokens":12,"completion_tokens":9,"total_tokens":21}}
            """;
}
