package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.AutomaticFunctionCallingConfig;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.Schema;
import com.google.genai.types.Tool;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Gemini-compatible routes end to end: Google's own GenAI SDK and plain HTTP clients against the real gateway,
 * which serves them from a fake Gemini upstream with the operator's key; and the unified endpoint served by the Gemini
 * deployment.
 */
class GeminiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATOR_KEY = "gm-operator-secret";
    private static final String HELLO = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hello array\"}]}]}";
    private static FakeGeminiUpstream upstream;
    private static GatewayHarness gateway;
    private static HttpClient http;
    private static String key;
    private static Client sdk;

    @BeforeAll
    static void start() throws Exception {
        upstream = new FakeGeminiUpstream(OPERATOR_KEY);
        gateway = GatewayHarness.start("""
                providers:
                  - { id: gemini, type: gemini, baseUrl: "%s", apiKey: "%s" }
                models:
                  - { name: gem, deployments: [ { provider: gemini, model: gemini-2.0-flash } ] }
                  - { name: limited, deployments: [ { provider: gemini, model: rate-limited } ] }
                  - { name: demo, deployments: [ { provider: local, model: echo-1 } ] }
                """.formatted(upstream.baseUrl(), OPERATOR_KEY).replace("providers:\n",
                "providers:\n  - { id: local, type: echo, baseUrl: \"http://localhost/echo\" }\n"), Map.of());
        key = gateway.createKey("gemini-it", List.of());
        http = gateway.http;
        sdk = Client.builder().apiKey(key).vertexAI(false)
                .httpOptions(HttpOptions.builder().baseUrl(gateway.baseUrl()).build()).build();
    }

    @AfterAll
    static void stop() throws Exception {
        GatewayHarness.closeAll(sdk, gateway, upstream);
    }

    private static Request post(String path, String body) {
        return http.POST(gateway.baseUrl().replaceAll("/$", "") + path)
                .body(new StringRequestContent("application/json", body))
                .timeout(30, TimeUnit.SECONDS);
    }

    private static GenerateContentConfig weatherTool() {
        FunctionDeclaration weather = FunctionDeclaration.builder().name("get_weather")
                .description("The current weather in a city")
                .parameters(Schema.builder().type("OBJECT")
                        .properties(Map.of("location", Schema.builder().type("STRING").build()))
                        .required("location").build())
                .build();
        return GenerateContentConfig.builder().tools(Tool.builder().functionDeclarations(weather).build())
                .automaticFunctionCalling(AutomaticFunctionCallingConfig.builder().disable(true).build())
                .build();
    }

    @Test
    void theSdkOnApiVersionV1AndTheEchoDemoAnswerInGeminisShape() {
        try (Client v1 = Client.builder().apiKey(key).vertexAI(false).httpOptions(HttpOptions.builder()
                .baseUrl(gateway.baseUrl()).apiVersion("v1").build()).build()) {
            GenerateContentResponse response = v1.models.generateContent("demo", "echo through v1", null);
            assertThat(response.text()).contains("echo through v1");
            assertThat(response.usageMetadata().orElseThrow().candidatesTokenCount().orElseThrow()).isPositive();

            StringBuilder streamed = new StringBuilder();
            try (var stream = v1.models.generateContentStream("demo", "stream the echo", null)) {
                stream.forEach(chunk -> streamed.append(chunk.text() == null ? "" : chunk.text()));
            }
            assertThat(streamed.toString()).contains("stream the echo");
        }
    }

    @Test
    void openAisModelRoutesUnderV1AreUndisturbed() throws Exception {
        ContentResponse list = http.newRequest(gateway.baseUrl().replaceAll("/$", "") + "/v1/models")
                .headers(h -> h.put("Authorization", "Bearer " + key)).send();
        assertThat(list.getStatus()).isEqualTo(200);
        assertThat(list.getContentAsString()).contains("\"object\":\"list\"");

        ContentResponse fineTuned = http.newRequest(gateway.baseUrl().replaceAll("/$", "")
                        + "/v1/models/ft:gpt-4o-mini:acme:custom")
                .headers(h -> h.put("Authorization", "Bearer " + key)).send();
        assertThat(fineTuned.getStatus()).as("OpenAI's retrieve, not Gemini's action route").isEqualTo(404);
        assertThat(fineTuned.getContentAsString()).contains("\"code\":\"model_not_found\"");
    }

    @Test
    void theSdkGetsAPlainAnswerWithUsageAndTheClientsModel() {
        GenerateContentResponse response = sdk.models.generateContent("gem", "hello gemini", null);

        assertThat(response.text()).isEqualTo("Hello! You said: hello gemini");
        assertThat(response.modelVersion()).contains("gem");
        assertThat(response.usageMetadata().orElseThrow().promptTokenCount().orElseThrow()).isPositive();
        assertThat(response.usageMetadata().orElseThrow().candidatesTokenCount().orElseThrow()).isPositive();
        assertThat(response.usageMetadata().orElseThrow().totalTokenCount().orElseThrow()).isPositive();

        FakeGeminiUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
        assertThat(sent.header("x-goog-api-key")).isEqualTo(OPERATOR_KEY);
        assertThat(sent.body().path("contents").path(0).path("parts").path(0).path("text").asText())
                .isEqualTo("hello gemini");
    }

    @Test
    void theSdkStreamsTextAndUsage() {
        StringBuilder text = new StringBuilder();
        List<GenerateContentResponse> chunks = new ArrayList<>();
        try (ResponseStream<GenerateContentResponse> stream =
                     sdk.models.generateContentStream("gem", "stream me please", null)) {
            for (GenerateContentResponse chunk : stream) {
                chunks.add(chunk);
                if (chunk.text() != null) {
                    text.append(chunk.text());
                }
            }
        }
        assertThat(chunks.size()).isGreaterThan(1);
        assertThat(text.toString()).isEqualTo("Hello! You said: stream me please");
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.modelVersion()).contains("gem"));
        assertThat(chunks.getLast().usageMetadata().orElseThrow().candidatesTokenCount().orElseThrow()).isPositive();
        assertThat(upstream.last().query()).isEqualTo("alt=sse");
        assertThat(upstream.last().path()).isEqualTo("/v1beta/models/gemini-2.0-flash:streamGenerateContent");
    }

    @Test
    void theSdkGetsAFunctionCallWholeCompleteOrStreamed() {
        GenerateContentResponse response = sdk.models.generateContent("gem", "weather in Paris?", weatherTool());
        FunctionCall call = response.functionCalls().getFirst();
        assertThat(call.name()).contains("get_weather");
        assertThat(call.args().orElseThrow()).containsEntry("location", "Paris");
        JsonNode declaration = upstream.last().body().path("tools").path(0).path("functionDeclarations").path(0);
        assertThat(declaration.path("name").asText()).isEqualTo("get_weather");

        List<FunctionCall> streamed = new ArrayList<>();
        try (ResponseStream<GenerateContentResponse> stream =
                     sdk.models.generateContentStream("gem", "weather in Paris?", weatherTool())) {
            for (GenerateContentResponse chunk : stream) {
                if (chunk.functionCalls() != null) {
                    streamed.addAll(chunk.functionCalls());
                }
            }
        }
        assertThat(streamed).hasSize(1);
        assertThat(streamed.getFirst().name()).contains("get_weather");
        assertThat(streamed.getFirst().args().orElseThrow()).containsEntry("location", "Paris");
    }

    @Test
    void streamingWithoutAltSseAnswersOneJsonArray() throws Exception {
        ContentResponse response = post("/v1beta/models/gem:streamGenerateContent", HELLO)
                .headers(h -> h.put("x-goog-api-key", key)).send();

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        assertThat(response.getHeaders().get(HttpHeader.CONTENT_TYPE)).startsWith("application/json");
        JsonNode chunks = JSON.readTree(response.getContentAsString());
        assertThat(chunks.isArray()).isTrue();
        assertThat(chunks.size()).isGreaterThan(1);
        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : chunks) {
            assertThat(chunk.path("modelVersion").asText()).isEqualTo("gem");
            text.append(chunk.path("candidates").path(0).path("content").path("parts").path(0).path("text").asText(""));
        }
        assertThat(text.toString()).isEqualTo("Hello! You said: hello array");
        assertThat(chunks.get(chunks.size() - 1).path("usageMetadata").path("totalTokenCount").asLong()).isPositive();

        ContentResponse sse = post("/v1beta/models/gem:streamGenerateContent?alt=sse", HELLO)
                .headers(h -> h.put("x-goog-api-key", key)).send();
        assertThat(sse.getHeaders().get(HttpHeader.CONTENT_TYPE)).startsWith("text/event-stream");
        assertThat(sse.getContentAsString().lines().filter(l -> l.startsWith("data: {")).count()).isGreaterThan(1);
    }

    @Test
    void queryKeyAndHeaderKeyAuthenticateAndNeverReachTheUpstream() throws Exception {
        ContentResponse byQuery = post("/v1beta/models/gem:generateContent?key=" + key, HELLO).send();
        assertThat(byQuery.getStatus()).as(byQuery.getContentAsString()).isEqualTo(200);
        assertUpstreamSawOnlyTheOperatorKey();

        ContentResponse byHeader = post("/v1/models/gem:generateContent", HELLO)
                .headers(h -> h.put("x-goog-api-key", key)).send();
        assertThat(byHeader.getStatus()).as(byHeader.getContentAsString()).isEqualTo(200);
        assertThat(JSON.readTree(byHeader.getContentAsString()).path("modelVersion").asText()).isEqualTo("gem");
        assertUpstreamSawOnlyTheOperatorKey();
    }

    private static void assertUpstreamSawOnlyTheOperatorKey() {
        FakeGeminiUpstream.Received sent = upstream.last();
        assertThat(sent.header("x-goog-api-key")).isEqualTo(OPERATOR_KEY);
        assertThat(sent.query()).isNull();
        assertThat(sent.headers().toString()).doesNotContain(key);
        assertThat(sent.body().toString()).doesNotContain(key);
    }

    @Test
    void anUnknownKeyIsRefusedInGooglesErrorShape() throws Exception {
        ContentResponse response = post("/v1beta/models/gem:generateContent", HELLO)
                .headers(h -> h.put("x-goog-api-key", "odk-not-a-real-key")).send();

        assertThat(response.getStatus()).isEqualTo(401);
        JsonNode error = JSON.readTree(response.getContentAsString()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(401);
        assertThat(error.path("status").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("details").path(0).path("reason").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void anUpstreamRateLimitBecomesResourceExhaustedWithRetryInfo() throws Exception {
        ContentResponse response = post("/v1beta/models/limited:generateContent", HELLO)
                .headers(h -> h.put("x-goog-api-key", key)).send();

        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getHeaders().get("Retry-After")).isEqualTo("7");
        JsonNode error = JSON.readTree(response.getContentAsString()).path("error");
        assertThat(error.path("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(error.path("details").findValues("retryDelay")).extracting(JsonNode::asText).containsExactly("7s");
    }

    @Test
    void invalidCallsAreRefusedNamingTheField() throws Exception {
        ContentResponse response = post("/v1beta/models/gem:generateContent", "{\"contents\":[]}")
                .headers(h -> h.put("x-goog-api-key", key)).send();

        assertThat(response.getStatus()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.getContentAsString()).path("error");
        assertThat(error.path("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.path("details").path(0).path("metadata").path("param").asText()).isEqualTo("contents");
    }

    @Test
    void theUnifiedEndpointStreamsAGeminiToolCallWhole() throws Exception {
        ContentResponse response = post("/v1/llm/chat", """
                {"model":"gem","stream":true,"messages":[{"role":"user","content":"weather?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather",
                   "parameters":{"type":"object","properties":{"location":{"type":"string"}}}}}]}
                """).headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key)).send();

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        List<JsonNode> calls = new ArrayList<>();
        String finishReason = null;
        for (String line : response.getContentAsString().lines().filter(l -> l.startsWith("data: {")).toList()) {
            JsonNode choice = JSON.readTree(line.substring(6)).path("choices").path(0);
            choice.path("delta").path("tool_calls").forEach(calls::add);
            if (choice.path("finish_reason").isTextual()) {
                finishReason = choice.path("finish_reason").asText();
            }
        }
        assertThat(calls).as("one delta carries the whole call").hasSize(1);
        JsonNode call = calls.getFirst();
        assertThat(call.path("id").asText()).isNotBlank();
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(JSON.readTree(call.path("function").path("arguments").asText()).path("location").asText())
                .isEqualTo("Paris");
        assertThat(finishReason).isEqualTo("tool_calls");
        JsonNode sent = upstream.last().body();
        assertThat(sent.path("tools").path(0).path("functionDeclarations").path(0).path("parametersJsonSchema")
                .path("type").asText()).isEqualTo("object");
        assertThat(upstream.last().header("x-goog-api-key")).isEqualTo(OPERATOR_KEY);
    }

    @Test
    void theUnifiedEndpointAnswersFromGeminiInTheNormalizedShape() throws Exception {
        ContentResponse response = post("/v1/llm/chat",
                "{\"model\":\"gem\",\"messages\":[{\"role\":\"system\",\"content\":\"Be kind.\"},"
                        + "{\"role\":\"user\",\"content\":\"unified gemini\"}],\"temperature\":0.2,\"max_tokens\":30}")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key)).send();

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.getContentAsString());
        assertThat(body.path("provider").asText()).isEqualTo("gemini");
        assertThat(body.path("content").asText()).isEqualTo("Hello! You said: unified gemini");
        assertThat(body.path("input_tokens").asLong()).isPositive();
        JsonNode sent = upstream.last().body();
        assertThat(sent.path("systemInstruction").path("parts").path(0).path("text").asText()).isEqualTo("Be kind.");
        assertThat(sent.path("generationConfig").path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(sent.path("generationConfig").path("maxOutputTokens").asInt()).isEqualTo(30);
    }

    @Test
    void anOpenAiClientCannotReachAGeminiDeployment() throws Exception {
        ContentResponse response = post("/v1/chat/completions",
                "{\"model\":\"gem\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key)).send();

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(JSON.readTree(response.getContentAsString()).path("error").path("code").asText())
                .isEqualTo("provider_not_allowed");
    }

    @Test
    void theOperatorKeyIsNeverLogged() {
        sdk.models.generateContent("gem", "log check", null);
        assertThat(gateway.allLogs()).doesNotContain(OPERATOR_KEY);
    }
}
