package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.core.JsonValue;
import com.openai.models.models.Model;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.odock.core.usage.UsageRecord;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * OpenAI chat end to end: the real gateway with the distribution's real plugins, a fake OpenAI upstream that is a real
 * HTTP server, and two real clients (the Jetty HTTP client and the official OpenAI Java SDK).
 */
class OpenAiChatIT {
    private static final String UPSTREAM_KEY = "sk-upstream-operator-secret-123";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static FakeOpenAiUpstream upstream;
    private static GatewayHarness gateway;
    private static HttpClient http;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        upstream = new FakeOpenAiUpstream();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        gateway = GatewayHarness.start("""
                providers:
                  - { id: openai, type: openai, baseUrl: "%s", apiKey: "${OPENAI_API_KEY}", timeout: 20s }
                  - { id: nowhere, type: openai, baseUrl: "http://127.0.0.1:%d/v1", apiKey: "sk-unused", timeout: 5s }
                  - { id: local, type: echo, baseUrl: "http://localhost/echo" }
                models:
                  - name: my-chat-model
                    deployments: [ { provider: openai, model: gpt-4o-mini } ]
                    pricing: { inputPerMTok: 0.15, outputPerMTok: 0.60 }
                  - { name: flaky, deployments: [ { provider: openai, model: fail-500 } ] }
                  - { name: strict, deployments: [ { provider: openai, model: reject-400 } ] }
                  - { name: busy, deployments: [ { provider: openai, model: rate-limited } ] }
                  - { name: broken, deployments: [ { provider: openai, model: broken-stream } ] }
                  - { name: gated, deployments: [ { provider: openai, model: gated-stream } ] }
                  - { name: unreachable, deployments: [ { provider: nowhere, model: gpt-4o-mini } ] }
                  - name: resilient
                    deployments: [ { provider: nowhere, model: gpt-4o-mini }, { provider: openai, model: gpt-4o-mini } ]
                  - { name: demo, deployments: [ { provider: local, model: echo-1 } ] }
                  - name: spread
                    routing: round-robin
                    deployments: [ { provider: openai, model: gpt-4o-mini }, { provider: openai, model: gpt-4o } ]
                  - name: embedder
                    deployments: [ { provider: openai, model: text-embedding-3-small } ]
                    pricing: { inputPerMTok: 0.02, outputPerMTok: 0 }
                server: { maxBodyBytes: 65536 }
                """.formatted(upstream.baseUrl(), closedPort), Map.of("OPENAI_API_KEY", UPSTREAM_KEY));
        key = gateway.createKey("it", List.of());
        http = gateway.http;
    }

    @AfterAll
    static void stop() throws Exception {
        GatewayHarness.closeAll(gateway, upstream);
    }

    @BeforeEach
    void clearUpstream() {
        upstream.clear();
    }

    private static Request chat(String body) {
        return http.POST(gateway.baseUrl() + "/v1/chat/completions")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key))
                .body(new StringRequestContent("application/json", body))
                .timeout(30, TimeUnit.SECONDS);
    }

    private static JsonNode json(ContentResponse response) throws Exception {
        return JSON.readTree(response.getContentAsString());
    }

    private static OpenAIClient sdk(String apiKey) {
        return OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl() + "/v1").apiKey(apiKey).maxRetries(0).build();
    }

    /** The data fields of an SSE body, in order. */
    private static List<String> sseData(String body) {
        return body.lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).collect(Collectors.toList());
    }

    @Test
    void nonStreamingChatForwardsTheClientJsonWithOnlyTheModelRenamed() throws Exception {
        ContentResponse response = chat("""
                {"model":"my-chat-model","messages":[{"role":"user","content":"hi there"}],
                 "temperature":0.2,"foo_extension":{"keep":true},"provider":"openai"}
                """).headers(h -> h.put("x-request-id", "client-trace-42")).send();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaders().get("x-request-id")).isEqualTo("client-trace-42");
        JsonNode body = json(response);
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo("my-chat-model");
        assertThat(body.path("choices").path(0).path("message").path("content").asText())
                .isEqualTo("Hello! You said: hi there");
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isPositive();
        assertThat(body.path("system_fingerprint").asText()).isEqualTo("fp_fake");

        FakeOpenAiUpstream.Received sent = upstream.last();
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + UPSTREAM_KEY);
        assertThat(sent.body().path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.body().path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(sent.body().path("foo_extension").path("keep").asBoolean()).isTrue();
        assertThat(sent.body().has("provider")).isFalse();
    }

    @Test
    void aRoundRobinModelSpreadsCallsOverItsDeployments() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertThat(chat("{\"model\":\"spread\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                    .send().getStatus()).isEqualTo(200);
        }
        assertThat(upstream.received()).extracting(r -> r.body().path("model").asText())
                .containsExactly("gpt-4o-mini", "gpt-4o", "gpt-4o-mini", "gpt-4o");
    }

    @Test
    void usageIsRecordedWithCost() throws Exception {
        String requestId = "usage-check-1";
        ContentResponse response = chat("""
                {"model":"my-chat-model","messages":[{"role":"user","content":"count me"}]}
                """).headers(h -> h.put("x-request-id", requestId)).send();
        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode usage = json(response).path("usage");

        gateway.server.usage().flush();
        String keyId = gateway.server.keys().list().stream().filter(k -> k.name().equals("it")).findFirst()
                .orElseThrow().id();
        UsageRecord record = gateway.server.usage().findByKey(keyId, 100).stream()
                .filter(r -> r.requestId().equals(requestId)).findFirst().orElseThrow();
        assertThat(record.inputTokens()).isEqualTo(usage.path("prompt_tokens").asLong());
        assertThat(record.outputTokens()).isEqualTo(usage.path("completion_tokens").asLong());
        assertThat(record.model()).isEqualTo("my-chat-model");
        assertThat(record.upstreamModel()).contains("gpt-4o-mini");
        assertThat(record.costUsd()).isPresent();
        assertThat(record.status()).isEqualTo(200);
    }

    @Test
    void streamingRelaysChunksWithTheClientModelAndDropsUsageTheClientDidNotAskFor() throws Exception {
        ContentResponse response = chat("""
                {"model":"my-chat-model","stream":true,"messages":[{"role":"user","content":"stream please"}]}
                """).send();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaders().get(HttpHeader.CONTENT_TYPE)).startsWith("text/event-stream");
        assertThat(response.getHeaders().get("x-request-id")).isNotBlank();
        List<String> data = sseData(response.getContentAsString());
        assertThat(data.getLast()).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        for (String event : data.subList(0, data.size() - 1)) {
            JsonNode chunk = JSON.readTree(event);
            assertThat(chunk.path("model").asText()).isEqualTo("my-chat-model");
            assertThat(chunk.path("choices").size()).as("no usage-only chunk for a client that did not ask").isOne();
            text.append(chunk.path("choices").path(0).path("delta").path("content").asText(""));
        }
        assertThat(text.toString()).isEqualTo("Hello! You said: stream please");

        JsonNode sent = upstream.last().body();
        assertThat(sent.path("stream_options").path("include_usage").asBoolean())
                .as("usage is always requested upstream for metering").isTrue();
    }

    @Test
    void streamingUsageReachesTheClientWhenAskedEitherWay() throws Exception {
        for (String asking : List.of("\"stream_options\":{\"include_usage\":true}", "\"include_usage\":true")) {
            ContentResponse response = chat("""
                    {"model":"my-chat-model","stream":true,%s,"messages":[{"role":"user","content":"with usage"}]}
                    """.formatted(asking)).send();

            List<String> data = sseData(response.getContentAsString());
            JsonNode usageChunk = JSON.readTree(data.get(data.size() - 2));
            assertThat(usageChunk.path("choices").size()).isZero();
            assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isPositive();
            assertThat(usageChunk.path("model").asText()).isEqualTo("my-chat-model");
            assertThat(upstream.last().body().has("include_usage")).isFalse();
        }
    }

    @Test
    void eachStreamedEventReachesTheClientBeforeTheUpstreamSendsTheNext() throws Exception {
        InputStreamResponseListener listener = new InputStreamResponseListener();
        chat("""
                {"model":"gated","stream":true,"messages":[{"role":"user","content":"one two three"}]}
                """).send(listener);
        Response response = listener.get(20, TimeUnit.SECONDS);
        assertThat(response.getStatus()).isEqualTo(200);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(listener.getInputStream(),
                StandardCharsets.UTF_8))) {
            List<String> seen = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    seen.add(line.substring(6));
                    if (seen.size() == 2) {
                        // The upstream is holding the rest until this gate opens: this event was relayed on its own.
                        assertThat(JSON.readTree(line.substring(6)).path("choices").path(0).path("delta")
                                .path("content").asText()).isEqualTo("Hello! ");
                        upstream.gate.countDown();
                    }
                }
            }
            assertThat(seen.getLast()).isEqualTo("[DONE]");
        }
    }

    @Test
    void aClientLeavingMidStreamReleasesTheUpstreamAndTheCallIsStillAccounted() throws Exception {
        InputStreamResponseListener listener = new InputStreamResponseListener();
        Request request = chat("""
                {"model":"gated","stream":true,"messages":[{"role":"user","content":"leaving early"}]}
                """).headers(h -> h.put("x-request-id", "client-leaves-1"));
        request.send(listener);
        Response response = listener.get(20, TimeUnit.SECONDS);
        assertThat(response.getStatus()).isEqualTo(200);
        BufferedReader reader = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
        assertThat(reader.readLine()).startsWith("data: ");
        // The client has hung up before the upstream goes on: Jetty's abort completes asynchronously, and a gate opened
        // before it did could let the rest of the stream reach a still-open connection, which is no hang-up at all.
        assertThat(request.abort(new Exception("the client hung up")).get(5, TimeUnit.SECONDS)).isTrue();
        upstream.gate.countDown();

        String keyId = gateway.server.keys().list().stream().filter(k -> k.name().equals("it")).findFirst()
                .orElseThrow().id();
        UsageRecord record = null;
        for (int attempt = 0; attempt < 100 && record == null; attempt++) {
            gateway.server.usage().flush();
            record = gateway.server.usage().findByKey(keyId, 500).stream()
                    .filter(r -> r.requestId().equals("client-leaves-1")).findFirst().orElse(null);
            if (record == null) {
                Thread.sleep(100);
            }
        }
        assertThat(record).as("the abandoned stream is accounted").isNotNull();
        assertThat(record.streamed()).isTrue();
        assertThat(record.errorCode()).contains("client_disconnected");
    }

    @Test
    void aFailureAfterTheStreamStartedEndsItWithAnOpenAiErrorEvent() throws Exception {
        ContentResponse response = chat("""
                {"model":"broken","stream":true,"messages":[{"role":"user","content":"a b c d"}]}
                """).send();

        assertThat(response.getStatus()).isEqualTo(200);
        List<String> data = sseData(response.getContentAsString());
        JsonNode last = JSON.readTree(data.getLast());
        assertThat(last.path("error").path("code").asText()).isEqualTo("upstream_error");
    }

    @Test
    void theOfficialSdkChatsAndStreams() {
        OpenAIClient client = sdk(key);
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("my-chat-model").addUserMessage("from the sdk").build());
        assertThat(completion.model()).isEqualTo("my-chat-model");
        assertThat(completion.choices().getFirst().message().content()).contains("Hello! You said: from the sdk");
        assertThat(completion.usage().orElseThrow().completionTokens()).isPositive();

        StringBuilder text = new StringBuilder();
        long[] completionTokens = {0};
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("my-chat-model").addUserMessage("sdk stream")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                assertThat(chunk.model()).isEqualTo("my-chat-model");
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
                chunk.usage().ifPresent(usage -> completionTokens[0] = usage.completionTokens());
            });
        }
        assertThat(text.toString()).isEqualTo("Hello! You said: sdk stream");
        assertThat(completionTokens[0]).isPositive();
    }

    @Test
    void theDemoModelAnswersThroughTheEchoProviderInOpenAiShape() {
        ChatCompletion completion = sdk(key).chat().completions().create(ChatCompletionCreateParams.builder()
                .model("demo").addUserMessage("ping").build());

        assertThat(completion.model()).isEqualTo("demo");
        assertThat(completion.choices().getFirst().message().content().orElseThrow()).isEqualTo("Echo: ping");
        assertThat(upstream.received()).isEmpty();

        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = sdk(key).chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("demo").addUserMessage("ping pong").build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
        }
        assertThat(text.toString()).contains("ping pong");
    }

    @Test
    void theSdkSeesGatewayErrorsAsOpenAiErrors() {
        assertThatThrownBy(() -> sdk("odk_not_a_real_key").chat().completions().create(
                ChatCompletionCreateParams.builder().model("my-chat-model").addUserMessage("x").build()))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(401);
                    assertThat(e.code()).contains("invalid_api_key");
                });
        assertThatThrownBy(() -> sdk(key).chat().completions().create(
                ChatCompletionCreateParams.builder().model("no-such-model").addUserMessage("x").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.code()).contains("model_not_found");
                    assertThat(e.param()).contains("model");
                });
        assertThatThrownBy(() -> sdk(key).chat().completions().create(
                ChatCompletionCreateParams.builder().model("flaky").addUserMessage("x").build()))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.code()).contains("upstream_error");
                });
    }

    private static ChatCompletionCreateParams.Builder weatherQuestion() {
        return ChatCompletionCreateParams.builder().model("my-chat-model").addUserMessage("weather in Paris?")
                .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                        .name("get_weather").description("Current weather for a city")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("location",
                                        Map.of("type", "string"))))
                                .build())
                        .build()).build())
                .toolChoice(ChatCompletionToolChoiceOption.Auto.AUTO);
    }

    @Test
    void toolCallsComeBackWholeAndStreamedAsDeltas() {
        ChatCompletion completion = sdk(key).chat().completions().create(weatherQuestion().build());
        ChatCompletionMessageFunctionToolCall call = completion.choices().getFirst().message().toolCalls()
                .orElseThrow().getFirst().asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).isEqualTo("{\"location\":\"Paris\"}");
        assertThat(completion.choices().getFirst().finishReason().asString()).isEqualTo("tool_calls");
        JsonNode sent = upstream.last().body();
        assertThat(sent.path("tools").path(0).path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(sent.path("tool_choice").asText()).isEqualTo("auto");

        StringBuilder arguments = new StringBuilder();
        List<String> names = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = sdk(key).chat().completions()
                .createStreaming(weatherQuestion().build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().toolCalls()
                    .ifPresent(calls -> calls.forEach(delta -> delta.function().ifPresent(function -> {
                        function.name().ifPresent(names::add);
                        function.arguments().ifPresent(arguments::append);
                    })))));
        }
        assertThat(names).containsExactly("get_weather");
        assertThat(arguments.toString()).isEqualTo("{\"location\":\"Paris\"}");
    }

    @Test
    void choicesLogprobsImagesAndResponseFormatsPassThrough() throws Exception {
        ChatCompletion completion = sdk(key).chat().completions().create(ChatCompletionCreateParams.builder()
                .model("my-chat-model").addUserMessage("two please").n(2).logprobs(true).build());
        assertThat(completion.choices()).hasSize(2);
        assertThat(completion.choices().getFirst().logprobs()).isPresent();

        ContentResponse response = chat("""
                {"model":"my-chat-model","messages":[{"role":"user","content":[
                   {"type":"text","text":"what is this?"},
                   {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}}]}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"answer","strict":true,
                   "schema":{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}}}}
                """).send();
        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode sent = upstream.last().body();
        assertThat(sent.path("messages").path(0).path("content").path(1).path("image_url").path("url").asText())
                .startsWith("data:image/png;base64,");
        assertThat(sent.path("response_format").path("json_schema").path("name").asText()).isEqualTo("answer");
    }

    @Test
    void embeddingsThroughTheSdkWithStringAndArrayInputs() {
        CreateEmbeddingResponse one = sdk(key).embeddings().create(EmbeddingCreateParams.builder()
                .model("embedder").input("hello world").dimensions(4).build());
        assertThat(one.model()).isEqualTo("embedder");
        assertThat(one.data()).singleElement().satisfies(e -> assertThat(e.embedding()).hasSize(4));
        assertThat(one.usage().promptTokens()).isEqualTo(2);
        JsonNode sent = upstream.last().body();
        assertThat(upstream.last().path()).isEqualTo("/v1/embeddings");
        assertThat(sent.path("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(sent.path("dimensions").asInt()).isEqualTo(4);

        CreateEmbeddingResponse many = sdk(key).embeddings().create(EmbeddingCreateParams.builder()
                .model("embedder").input(EmbeddingCreateParams.Input.ofArrayOfStrings(List.of("a", "b c"))).build());
        assertThat(many.data()).hasSize(2);
        assertThat(many.data().get(1).index()).isEqualTo(1);

        CreateEmbeddingResponse echo = sdk(key).embeddings().create(EmbeddingCreateParams.builder()
                .model("demo").input("same text").dimensions(5).build());
        CreateEmbeddingResponse again = sdk(key).embeddings().create(EmbeddingCreateParams.builder()
                .model("demo").input("same text").dimensions(5).build());
        assertThat(echo.data().getFirst().embedding()).hasSize(5).isEqualTo(again.data().getFirst().embedding());
    }

    @Test
    void embeddingsInBase64AreRelayedAndUsageRecorded() throws Exception {
        ContentResponse response = http.POST(gateway.baseUrl() + "/v1/embeddings")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key).put("x-request-id", "embed-usage-1"))
                .body(new StringRequestContent("application/json",
                        "{\"model\":\"embedder\",\"input\":[\"x y z\"],\"encoding_format\":\"base64\",\"dimensions\":3}"))
                .send();
        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.getContentAsString());
        assertThat(body.path("model").asText()).isEqualTo("embedder");
        byte[] floats = java.util.Base64.getDecoder().decode(body.path("data").path(0).path("embedding").asText());
        assertThat(floats).hasSize(12);

        ContentResponse fromEcho = http.POST(gateway.baseUrl() + "/v1/embeddings")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key))
                .body(new StringRequestContent("application/json",
                        "{\"model\":\"demo\",\"input\":\"x\",\"encoding_format\":\"base64\",\"dimensions\":3}"))
                .send();
        assertThat(java.util.Base64.getDecoder().decode(JSON.readTree(fromEcho.getContentAsString()).path("data")
                .path(0).path("embedding").asText())).hasSize(12);

        gateway.server.usage().flush();
        String keyId = gateway.server.keys().list().stream().filter(k -> k.name().equals("it")).findFirst()
                .orElseThrow().id();
        UsageRecord record = gateway.server.usage().findByKey(keyId, 500).stream()
                .filter(r -> r.requestId().equals("embed-usage-1")).findFirst().orElseThrow();
        assertThat(record.route()).isEqualTo("/v1/embeddings");
        assertThat(record.inputTokens()).isEqualTo(3);
        assertThat(record.costUsd()).isPresent();
    }

    @Test
    void embeddingMistakesAreOpenAiShapedErrors() throws Exception {
        for (String[] c : new String[][]{
                {"{\"model\":\"embedder\"}", "400", "invalid_request"},
                {"{\"model\":\"embedder\",\"input\":[]}", "400", "invalid_request"},
                {"{\"model\":\"embedder\",\"input\":\"x\",\"encoding_format\":\"int8\"}", "400", "invalid_request"},
                {"{\"model\":\"embedder\",\"input\":\"x\",\"dimensions\":0}", "400", "invalid_request"},
                {"{\"model\":\"nope\",\"input\":\"x\"}", "400", "model_not_found"}}) {
            assertError(http.POST(gateway.baseUrl() + "/v1/embeddings")
                    .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key))
                    .body(new StringRequestContent("application/json", c[0])), Integer.parseInt(c[1]), c[2]);
        }
        String demoOnly = gateway.createKey("embed-demo-only", List.of("demo"));
        assertError(http.POST(gateway.baseUrl() + "/v1/embeddings")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + demoOnly))
                .body(new StringRequestContent("application/json", "{\"model\":\"embedder\",\"input\":\"x\"}")),
                403, "model_not_allowed");
    }

    private static String outputText(com.openai.models.responses.Response response) {
        StringBuilder text = new StringBuilder();
        response.output().forEach(item -> item.message().ifPresent(message -> message.content()
                .forEach(part -> part.outputText().ifPresent(t -> text.append(t.text())))));
        return text.toString();
    }

    @Test
    void theResponsesApiPassesThroughWithUsage() {
        for (String model : List.of("my-chat-model", "demo")) {
            com.openai.models.responses.Response response = sdk(key).responses().create(ResponseCreateParams.builder().model(model)
                    .instructions("be brief").input("responses please").build());
            assertThat(response.model().asString()).isEqualTo(model);
            assertThat(outputText(response)).endsWith("responses please");
            assertThat(response.usage().orElseThrow().outputTokens()).isPositive();
        }
        JsonNode sent = upstream.last().body();
        assertThat(upstream.last().path()).isEqualTo("/v1/responses");
        assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.path("instructions").asText()).isEqualTo("be brief");
    }

    @Test
    void theResponsesStreamIsRelayedEventByEventWithUsageCaptured() throws Exception {
        for (String model : List.of("my-chat-model", "demo")) {
            StringBuilder text = new StringBuilder();
            long[] outputTokens = {0};
            List<String> types = new ArrayList<>();
            try (StreamResponse<ResponseStreamEvent> stream = sdk(key).responses().createStreaming(
                    ResponseCreateParams.builder().model(model).input("stream it").build())) {
                stream.stream().forEach(event -> {
                    event.outputTextDelta().ifPresent(delta -> text.append(delta.delta()));
                    event.completed().ifPresent(done -> {
                        outputTokens[0] = done.response().usage().orElseThrow().outputTokens();
                        assertThat(done.response().model().asString()).isEqualTo(model);
                    });
                    event.created().ifPresent(created -> types.add("created"));
                });
            }
            assertThat(text.toString()).as(model).endsWith("stream it");
            assertThat(outputTokens[0]).as(model).isPositive();
            assertThat(types).containsExactly("created");
        }

        ContentResponse raw = http.POST(gateway.baseUrl() + "/v1/responses")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key).put("x-request-id", "responses-usage-1"))
                .body(new StringRequestContent("application/json",
                        "{\"model\":\"my-chat-model\",\"input\":\"raw\",\"stream\":true}"))
                .send();
        assertThat(raw.getContentAsString()).contains("event: response.created\n")
                .contains("event: response.completed\n").doesNotContain("gpt-4o-mini").doesNotContain("[DONE]");
        gateway.server.usage().flush();
        String keyId = gateway.server.keys().list().stream().filter(k -> k.name().equals("it")).findFirst()
                .orElseThrow().id();
        UsageRecord record = gateway.server.usage().findByKey(keyId, 500).stream()
                .filter(r -> r.requestId().equals("responses-usage-1")).findFirst().orElseThrow();
        assertThat(record.route()).isEqualTo("/v1/responses");
        assertThat(record.streamed()).isTrue();
        assertThat(record.outputTokens()).isPositive();
    }

    @Test
    void responsesMistakesAreOpenAiShapedErrors() throws Exception {
        for (String body : List.of("{\"model\":\"my-chat-model\"}", "{\"model\":\"my-chat-model\",\"input\":5}",
                "{\"model\":\"my-chat-model\",\"input\":[{\"role\":\"robot\",\"content\":\"x\"}]}",
                "{\"model\":\"my-chat-model\",\"input\":\"x\",\"max_output_tokens\":0}")) {
            assertError(http.POST(gateway.baseUrl() + "/v1/responses")
                    .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key))
                    .body(new StringRequestContent("application/json", body)), 400, "invalid_request");
        }
        assertError(http.POST(gateway.baseUrl() + "/v1/responses")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key))
                .body(new StringRequestContent("application/json", "{\"model\":\"flaky\",\"input\":\"x\"}")),
                502, "upstream_error");
    }

    @Test
    void theModelListShowsWhatTheKeyMayUse() {
        List<String> all = new ArrayList<>();
        sdk(key).models().list().autoPager().forEach(model -> all.add(model.id()));
        assertThat(all).contains("my-chat-model", "demo", "resilient");

        String demoOnly = gateway.createKey("models-demo-only", List.of("demo"));
        List<String> limited = new ArrayList<>();
        sdk(demoOnly).models().list().autoPager().forEach(model -> limited.add(model.id()));
        assertThat(limited).containsExactly("demo");

        Model demo = sdk(demoOnly).models().retrieve("demo");
        assertThat(demo.ownedBy()).isEqualTo("echo");
        assertThatThrownBy(() -> sdk(demoOnly).models().retrieve("my-chat-model"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).contains("model_not_found"));
        assertThatThrownBy(() -> sdk("odk_wrong").models().list())
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void clientMistakesAreOpenAiShapedErrors() throws Exception {
        assertError(chat("{\"model\":\"my-chat-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}"), 400,
                "invalid_json");
        assertError(chat("{\"model\":\"my-chat-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"temperature\":\"hot\"}"), 400, "invalid_request");
        assertError(chat("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 400, "invalid_request");
        assertError(chat("{\"model\":\"no-such\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 400,
                "model_not_found");
        assertError(chat("{\"model\":\"my-chat-model\",\"provider\":\"anthropic\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 400, "provider_not_allowed");
        String huge = "x".repeat(70_000);
        assertError(chat("{\"model\":\"my-chat-model\",\"messages\":[{\"role\":\"user\",\"content\":\"" + huge
                + "\"}]}"), 413, "request_too_large");
        assertError(http.POST(gateway.baseUrl() + "/v1/chat/completions")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key))
                .body(new StringRequestContent("text/plain", "hello")), 415, "unsupported_media_type");
        assertError(http.newRequest(gateway.baseUrl() + "/v1/no/such/route")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key)), 404, "not_found");
    }

    @Test
    void credentialsAreCheckedWithDistinctCodes() throws Exception {
        String body = "{\"model\":\"my-chat-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        assertError(http.POST(gateway.baseUrl() + "/v1/chat/completions")
                .body(new StringRequestContent("application/json", body)), 401, "missing_api_key");
        assertError(http.POST(gateway.baseUrl() + "/v1/chat/completions")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer odk_wrong"))
                .body(new StringRequestContent("application/json", body)), 401, "invalid_api_key");

        String revoked = gateway.createKey("to-revoke", List.of());
        String id = gateway.server.keys().list().stream().filter(k -> k.name().equals("to-revoke")).findFirst()
                .orElseThrow().id();
        gateway.server.keys().revoke(id);
        assertError(http.POST(gateway.baseUrl() + "/v1/chat/completions")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + revoked))
                .body(new StringRequestContent("application/json", body)), 401, "api_key_revoked");

        String limited = gateway.createKey("demo-only", List.of("demo"));
        assertError(http.POST(gateway.baseUrl() + "/v1/chat/completions")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + limited))
                .body(new StringRequestContent("application/json", body)), 403, "model_not_allowed");
    }

    @Test
    void upstreamFailuresMapToGatewayErrors() throws Exception {
        String message = "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]";
        assertError(chat("{\"model\":\"unreachable\"," + message + "}"), 502, "upstream_unreachable");
        assertError(chat("{\"model\":\"flaky\"," + message + "}"), 502, "upstream_error");
        JsonNode rejected = assertError(chat("{\"model\":\"strict\"," + message + "}"), 400, "invalid_request");
        assertThat(rejected.path("error").path("message").asText()).contains("temperature");
        ContentResponse busy = chat("{\"model\":\"busy\"," + message + "}").send();
        assertThat(busy.getStatus()).isEqualTo(429);
        assertThat(busy.getHeaders().get("Retry-After")).isEqualTo("7");
        assertError(chat("{\"model\":\"unreachable\",\"stream\":true," + message + "}"), 502, "upstream_unreachable");
    }

    @Test
    void anUnreachableDeploymentFailsOverToTheNextOne() throws Exception {
        ContentResponse response = chat("""
                {"model":"resilient","messages":[{"role":"user","content":"still there?"}]}
                """).send();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(json(response).path("model").asText()).isEqualTo("resilient");
    }

    @Test
    void noSecretEverReachesTheLog() throws Exception {
        chat("{\"model\":\"flaky\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").send();
        chat("{\"model\":\"unreachable\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").send();

        String logs = gateway.allLogs();
        assertThat(logs).isNotEmpty();
        assertThat(logs).doesNotContain(UPSTREAM_KEY).doesNotContain(key);
    }

    private static JsonNode assertError(Request request, int status, String code) throws Exception {
        ContentResponse response = request.timeout(30, TimeUnit.SECONDS).send();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        assertThat(response.getHeaders().get("x-request-id")).isNotBlank();
        JsonNode body = JSON.readTree(response.getContentAsString());
        assertThat(body.path("error").path("code").asText()).isEqualTo(code);
        assertThat(body.path("error").path("message").asText()).isNotBlank();
        assertThat(body.path("error").has("type")).isTrue();
        assertThat(response.getContentAsString()).doesNotContain("Exception").doesNotContain("\tat ");
        return body;
    }
}
