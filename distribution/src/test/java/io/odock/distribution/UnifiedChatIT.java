package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.usage.UsageRecord;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The unified endpoint, {@code POST /v1/llm/chat}, served by an OpenAI upstream and by the echo provider. */
class UnifiedChatIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeOpenAiUpstream upstream;
    private static GatewayHarness gateway;
    private static HttpClient http;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        upstream = new FakeOpenAiUpstream();
        gateway = GatewayHarness.start("""
                providers:
                  - { id: openai, type: openai, baseUrl: "%s", apiKey: "sk-unified-test" }
                  - { id: local, type: echo, baseUrl: "http://localhost/echo" }
                models:
                  - { name: my-chat-model, deployments: [ { provider: openai, model: gpt-4o-mini } ] }
                  - { name: demo, deployments: [ { provider: local, model: echo-1 } ] }
                  - name: both
                    deployments: [ { provider: openai, model: gpt-4o-mini }, { provider: local, model: echo-1 } ]
                """.formatted(upstream.baseUrl()), Map.of());
        key = gateway.createKey("unified", List.of());
        http = gateway.http;
    }

    @AfterAll
    static void stop() throws Exception {
        GatewayHarness.closeAll(gateway, upstream);
    }

    private static ContentResponse chat(String body) throws Exception {
        return http.POST(gateway.baseUrl() + "/v1/llm/chat")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key))
                .body(new StringRequestContent("application/json", body))
                .timeout(30, TimeUnit.SECONDS).send();
    }

    private static JsonNode ok(ContentResponse response) throws Exception {
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return JSON.readTree(response.getContentAsString());
    }

    @Test
    void answersInTheNormalizedShapeFromAnOpenAiUpstream() throws Exception {
        ContentResponse response = chat("""
                {"model":"my-chat-model","messages":[{"role":"user","content":"unified hello"}],
                 "temperature":0.4,"max_tokens":50,"top_k":5}
                """);
        JsonNode body = ok(response);

        assertThat(body.path("provider").asText()).isEqualTo("openai");
        assertThat(body.path("model").asText()).isEqualTo("my-chat-model");
        assertThat(body.path("content").asText()).isEqualTo("Hello! You said: unified hello");
        assertThat(body.path("stop_reason").asText()).isEqualTo("stop");
        assertThat(body.path("input_tokens").asLong()).isPositive();
        assertThat(body.path("output_tokens").asLong()).isPositive();
        assertThat(body.path("provider_usage").path("prompt_tokens").asLong())
                .isEqualTo(body.path("input_tokens").asLong());
        assertThat(body.path("provider_request_id").asText()).isEqualTo(FakeOpenAiUpstream.UPSTREAM_REQUEST_ID);
        assertThat(body.path("tool_calls").isArray()).isTrue();
        assertThat(body.path("deployment").asText()).isEqualTo("openai/gpt-4o-mini");
        assertThat(body.path("attempts")).hasSize(1);
        assertThat(body.path("attempts").path(0).path("provider").asText()).isEqualTo("openai");
        assertThat(body.path("attempts").path(0).path("outcome").asText()).isEqualTo("ok");
        assertThat(response.getHeaders().get("x-odock-attempts")).isEqualTo("1");

        JsonNode sent = upstream.last().body();
        assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.4);
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(50);
        assertThat(sent.has("top_k")).as("OpenAI has no top_k; it is not sent there").isFalse();
        assertThat(response.getHeaders().get("x-odock-warning")).contains("top_k");
        assertThat(upstream.last().header("Authorization")).isEqualTo("Bearer sk-unified-test");
    }

    @Test
    void normalizesToolCalls() throws Exception {
        JsonNode body = ok(chat("""
                {"model":"my-chat-model","messages":[{"role":"user","content":"weather?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}
                """));

        assertThat(body.path("stop_reason").asText()).isEqualTo("tool_calls");
        assertThat(body.path("tool_calls").path(0).path("name").asText()).isEqualTo("get_weather");
        assertThat(body.path("tool_calls").path(0).path("arguments").asText()).isEqualTo("{\"location\":\"Paris\"}");
    }

    @Test
    void streamsOpenAiChunksWhateverTheProvider() throws Exception {
        for (String model : List.of("my-chat-model", "demo")) {
            ContentResponse response = chat("""
                    {"model":"%s","stream":true,"include_usage":true,"messages":[{"role":"user","content":"one two"}]}
                    """.formatted(model));
            assertThat(response.getStatus()).isEqualTo(200);
            List<String> data = response.getContentAsString().lines().filter(l -> l.startsWith("data: "))
                    .map(l -> l.substring(6)).toList();
            assertThat(data.getLast()).isEqualTo("[DONE]");
            StringBuilder text = new StringBuilder();
            long outputTokens = 0;
            for (String event : data.subList(0, data.size() - 1)) {
                JsonNode chunk = JSON.readTree(event);
                assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
                assertThat(chunk.path("model").asText()).isEqualTo(model);
                text.append(chunk.path("choices").path(0).path("delta").path("content").asText(""));
                outputTokens = Math.max(outputTokens, chunk.path("usage").path("completion_tokens").asLong(0));
            }
            assertThat(text.toString()).endsWith("one two");
            assertThat(outputTokens).as("usage chunk for %s", model).isPositive();
        }
    }

    @Test
    void streamsToolCallDeltasAsChunks() throws Exception {
        ContentResponse response = chat("""
                {"model":"my-chat-model","stream":true,"messages":[{"role":"user","content":"weather?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}
                """);
        StringBuilder arguments = new StringBuilder();
        String name = null;
        for (String line : response.getContentAsString().lines().filter(l -> l.startsWith("data: {")).toList()) {
            JsonNode call = JSON.readTree(line.substring(6)).path("choices").path(0).path("delta").path("tool_calls").path(0);
            if (call.path("function").has("name")) {
                name = call.path("function").path("name").asText();
            }
            arguments.append(call.path("function").path("arguments").asText(""));
        }
        assertThat(name).isEqualTo("get_weather");
        assertThat(arguments.toString()).isEqualTo("{\"location\":\"Paris\"}");
    }

    @Test
    void theProviderFieldChoosesAmongTheModelsDeployments() throws Exception {
        String message = "\"messages\":[{\"role\":\"user\",\"content\":\"who?\"}]";
        assertThat(ok(chat("{\"model\":\"both\"," + message + "}")).path("provider").asText()).isEqualTo("openai");
        assertThat(ok(chat("{\"model\":\"both\",\"provider\":\"echo\"," + message + "}")).path("provider").asText())
                .isEqualTo("echo");
        assertThat(ok(chat("{\"model\":\"both\",\"provider\":\"local\"," + message + "}")).path("provider").asText())
                .isEqualTo("echo");

        ContentResponse mismatch = chat("{\"model\":\"both\",\"provider\":\"anthropic\"," + message + "}");
        assertThat(mismatch.getStatus()).isEqualTo(400);
        assertThat(JSON.readTree(mismatch.getContentAsString()).path("error").path("code").asText())
                .isEqualTo("provider_not_allowed");
    }

    @Test
    void errorsUseOdocksShape() throws Exception {
        for (Object[] c : new Object[][]{
                {"{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", 400, "model_not_found"},
                {"{\"model\":\"demo\",\"messages\":[]}", 400, "invalid_request"},
                {"{\"model\":\"demo\",\"top_k\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", 400,
                        "invalid_request"},
                {"not json", 400, "invalid_json"}}) {
            ContentResponse response = chat((String) c[0]);
            assertThat(response.getStatus()).isEqualTo(c[1]);
            JsonNode error = JSON.readTree(response.getContentAsString()).path("error");
            assertThat(error.path("code").asText()).isEqualTo(c[2]);
            assertThat(error.path("request_id").asText()).isEqualTo(response.getHeaders().get("x-request-id"));
        }
        ContentResponse anonymous = http.POST(gateway.baseUrl() + "/v1/llm/chat")
                .body(new StringRequestContent("application/json", "{}")).send();
        assertThat(anonymous.getStatus()).isEqualTo(401);
        assertThat(JSON.readTree(anonymous.getContentAsString()).path("error").path("code").asText())
                .isEqualTo("missing_api_key");
    }

    @Test
    void usageIsRecordedForUnifiedCalls() throws Exception {
        String requestId = "unified-usage-1";
        http.POST(gateway.baseUrl() + "/v1/llm/chat")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key).put("x-request-id", requestId))
                .body(new StringRequestContent("application/json",
                        "{\"model\":\"demo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"count\"}]}"))
                .send();
        gateway.server.usage().flush();
        String keyId = gateway.server.keys().list().stream().filter(k -> k.name().equals("unified")).findFirst()
                .orElseThrow().id();
        UsageRecord record = gateway.server.usage().findByKey(keyId, 100).stream()
                .filter(r -> r.requestId().equals(requestId)).findFirst().orElseThrow();
        assertThat(record.route()).isEqualTo("/v1/llm/chat");
        assertThat(record.streamed()).isTrue();
        assertThat(record.outputTokens()).isPositive();
    }
}
