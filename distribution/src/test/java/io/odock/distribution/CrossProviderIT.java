package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.usage.UsageRecord;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One model name served by OpenAI, Anthropic and Gemini deployments through the unified endpoint: the same request
 * reaches each provider in its own shape, answers come back in one shape with usage in one convention, a streamed tool
 * call arrives whole whichever provider made it, and failover crosses provider types.
 */
class CrossProviderIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GEMINI_KEY = "gm-cross-operator";
    private static FakeOpenAiUpstream openai;
    private static FakeAnthropicUpstream anthropic;
    private static FakeGeminiUpstream gemini;
    private static GatewayHarness gateway;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        openai = new FakeOpenAiUpstream();
        anthropic = new FakeAnthropicUpstream();
        gemini = new FakeGeminiUpstream(GEMINI_KEY);
        gateway = GatewayHarness.start("""
                providers:
                  - { id: openai, type: openai, baseUrl: "%s", apiKey: "sk-cross" }
                  - { id: anthropic, type: anthropic, baseUrl: "%s", apiKey: "%s" }
                  - { id: gemini, type: gemini, baseUrl: "%s", apiKey: "%s" }
                models:
                  - name: everywhere
                    deployments:
                      - { provider: openai, model: gpt-4o-mini }
                      - { provider: anthropic, model: claude-sonnet-4-5 }
                      - { provider: gemini, model: gemini-2.0-flash }
                  - name: claude-then-gemini
                    deployments:
                      - { provider: anthropic, model: claude-rate-limited }
                      - { provider: gemini, model: gemini-2.0-flash }
                    failover: { on: [rate_limit], retries: 1 }
                """.formatted(openai.baseUrl(), anthropic.baseUrl(), FakeAnthropicUpstream.OPERATOR_KEY,
                gemini.baseUrl(), GEMINI_KEY), Map.of());
        key = gateway.createKey("cross", List.of());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            assertThat(gateway.allLogs()).doesNotContain(FakeAnthropicUpstream.OPERATOR_KEY).doesNotContain(GEMINI_KEY)
                    .doesNotContain("sk-cross").doesNotContain(key);
        } finally {
            GatewayHarness.closeAll(gateway, openai, anthropic, gemini);
        }
    }

    private static ContentResponse chat(String body) throws Exception {
        return gateway.http.POST(gateway.baseUrl() + "/v1/llm/chat")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key))
                .body(new StringRequestContent("application/json", body))
                .timeout(30, TimeUnit.SECONDS).send();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic", "gemini"})
    void theSameRequestIsAnsweredInOneShapeByEachProvider(String provider) throws Exception {
        ContentResponse response = chat("""
                {"model":"everywhere","provider":"%s","max_tokens":64,"temperature":0.5,"stop":["END"],
                 "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"what is odock"}]}
                """.formatted(provider));

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.getContentAsString());
        assertThat(body.path("provider").asText()).isEqualTo(provider);
        assertThat(body.path("model").asText()).isEqualTo("everywhere");
        assertThat(body.path("content").asText()).contains("what is odock");
        assertThat(body.path("stop_reason").asText()).isEqualTo("stop");
        assertThat(body.path("input_tokens").asLong()).isPositive();
        assertThat(body.path("output_tokens").asLong()).isPositive();
        assertThat(response.getHeaders().get("x-odock-provider")).isEqualTo(provider);
    }

    @Test
    void eachProviderReceivesTheConversationInItsOwnShape() throws Exception {
        String conversation = """
                {"model":"everywhere","provider":"%s","max_tokens":32,
                 "messages":[{"role":"system","content":"sys"},
                   {"role":"user","content":[{"type":"text","text":"look"},
                     {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]},
                   {"role":"assistant","content":null,"tool_calls":[{"id":"call_7","type":"function",
                     "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                   {"role":"tool","tool_call_id":"call_7","content":"{\\"temp\\":18}"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}],
                 "tool_choice":"auto"}
                """;
        assertThat(chat(conversation.formatted("anthropic")).getStatus()).isEqualTo(200);
        JsonNode toAnthropic = anthropic.last().body();
        assertThat(toAnthropic.path("system").get(0).path("text").asText()).isEqualTo("sys");
        JsonNode image = toAnthropic.path("messages").get(0).path("content").get(1);
        assertThat(image.path("type").asText()).isEqualTo("image");
        assertThat(image.path("source").path("media_type").asText()).isEqualTo("image/png");
        JsonNode toolUse = toAnthropic.path("messages").get(1).path("content").get(0);
        assertThat(toolUse.path("type").asText()).isEqualTo("tool_use");
        assertThat(toolUse.path("input").path("city").asText()).isEqualTo("Paris");
        JsonNode toolResult = toAnthropic.path("messages").get(2).path("content").get(0);
        assertThat(toolResult.path("type").asText()).isEqualTo("tool_result");
        assertThat(toolResult.path("tool_use_id").asText()).isEqualTo("call_7");
        assertThat(toAnthropic.path("tool_choice").path("type").asText()).isEqualTo("auto");

        assertThat(chat(conversation.formatted("gemini")).getStatus()).isEqualTo(200);
        JsonNode toGemini = gemini.last().body();
        assertThat(toGemini.path("systemInstruction").path("parts").get(0).path("text").asText()).isEqualTo("sys");
        JsonNode contents = toGemini.path("contents");
        assertThat(contents.get(0).path("parts").get(1).path("inlineData").path("mimeType").asText())
                .isEqualTo("image/png");
        assertThat(contents.get(1).path("role").asText()).isEqualTo("model");
        assertThat(contents.get(1).path("parts").get(0).path("functionCall").path("args").path("city").asText())
                .isEqualTo("Paris");
        JsonNode response = contents.get(2).path("parts").get(0).path("functionResponse");
        assertThat(response.path("name").asText()).isEqualTo("get_weather");
        assertThat(response.path("response").path("temp").asInt()).isEqualTo(18);
        assertThat(toGemini.path("generationConfig").path("maxOutputTokens").asInt()).isEqualTo(32);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic", "gemini"})
    void aStreamedToolCallArrivesWholeWhicheverProviderMadeIt(String provider) throws Exception {
        ContentResponse response = chat("""
                {"model":"everywhere","provider":"%s","stream":true,"include_usage":true,
                 "messages":[{"role":"user","content":"weather in Paris?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}
                """.formatted(provider));

        assertThat(response.getStatus()).isEqualTo(200);
        String id = null;
        String name = null;
        String finish = null;
        long promptTokens = 0;
        StringBuilder arguments = new StringBuilder();
        for (String line : response.getContentAsString().split("\n")) {
            if (!line.startsWith("data: {")) {
                continue;
            }
            JsonNode chunk = JSON.readTree(line.substring(6));
            promptTokens = Math.max(promptTokens, chunk.path("usage").path("prompt_tokens").asLong(0));
            JsonNode choice = chunk.path("choices").path(0);
            for (JsonNode call : choice.path("delta").path("tool_calls")) {
                if (call.path("id").isTextual()) {
                    assertThat(id).as("one call, announced once").isNull();
                    id = call.get("id").asText();
                    name = call.path("function").path("name").asText();
                }
                arguments.append(call.path("function").path("arguments").asText(""));
            }
            if (choice.path("finish_reason").isTextual()) {
                finish = choice.get("finish_reason").asText();
            }
        }
        assertThat(id).isNotBlank();
        assertThat(name).isEqualTo("get_weather");
        assertThat(JSON.readTree(arguments.toString()).isObject()).as(arguments.toString()).isTrue();
        assertThat(JSON.readTree(arguments.toString()).size()).isPositive();
        assertThat(finish).isEqualTo("tool_calls");
        assertThat(promptTokens).isPositive();
        assertThat(response.getContentAsString()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void failoverCrossesProviderTypes() throws Exception {
        ContentResponse response = gateway.http.POST(gateway.baseUrl() + "/v1/llm/chat")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key).put("x-request-id", "cross-failover"))
                .body(new StringRequestContent("application/json",
                        "{\"model\":\"claude-then-gemini\",\"messages\":[{\"role\":\"user\",\"content\":\"anyone there\"}]}"))
                .timeout(30, TimeUnit.SECONDS).send();

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.getContentAsString());
        assertThat(body.path("provider").asText()).isEqualTo("gemini");
        assertThat(body.path("content").asText()).contains("anyone there");
        assertThat(response.getHeaders().get("x-odock-attempts")).isEqualTo("2");
        // The unified answer lists both tries: the rate-limited Anthropic one, then Gemini's.
        assertThat(body.path("attempts")).hasSize(2);
        assertThat(body.path("attempts").path(0).path("outcome").asText()).isEqualTo("error");
        assertThat(body.path("attempts").path(0).path("error").asText()).isEqualTo("upstream_rate_limited");
        assertThat(body.path("attempts").path(1).path("outcome").asText()).isEqualTo("ok");

        gateway.server.usage().flush();
        String keyId = gateway.server.keys().list().stream().filter(k -> k.name().equals("cross")).findFirst()
                .orElseThrow().id();
        UsageRecord record = gateway.server.usage().findByKey(keyId, 100).stream()
                .filter(r -> r.requestId().equals("cross-failover")).findFirst().orElseThrow();
        assertThat(record.attempts()).extracting(a -> a.provider()).containsExactly("anthropic", "gemini");
        assertThat(record.attempts().getFirst().error()).contains("upstream_rate_limited");
        // Anthropic's Retry-After (7 s) speaks for Anthropic: Gemini is tried without waiting it out.
        assertThat(record.latencyMs()).isLessThan(7_000);
    }

    @Test
    void unknownRoutesAnswerInTheDialectOfTheirPath() throws Exception {
        String base = gateway.baseUrl().replaceAll("/$", "");
        ContentResponse anthropicPath = gateway.http.POST(base + "/v1/messages/batches")
                .headers(h -> h.put("x-api-key", key)).body(new StringRequestContent("application/json", "{}"))
                .send();
        assertThat(anthropicPath.getStatus()).isEqualTo(404);
        JsonNode anthropicError = JSON.readTree(anthropicPath.getContentAsString());
        assertThat(anthropicError.path("type").asText()).isEqualTo("error");
        assertThat(anthropicError.path("error").path("type").asText()).isEqualTo("not_found_error");

        ContentResponse geminiPath = gateway.http.POST(base + "/v1beta/models/everywhere:countTokens")
                .headers(h -> h.put("x-goog-api-key", key)).body(new StringRequestContent("application/json", "{}"))
                .send();
        assertThat(geminiPath.getStatus()).isEqualTo(404);
        assertThat(JSON.readTree(geminiPath.getContentAsString()).path("error").path("status").asText())
                .isEqualTo("NOT_FOUND");
    }
}
