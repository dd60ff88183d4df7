package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.odock.core.usage.UsageRecord;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.MultiPartRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code /v1/vllm/...} routes end to end: the official OpenAI Java SDK and plain HTTP against the gateway, which
 * calls a fake vLLM server (a real HTTP server answering as {@code vllm serve} does) with the operator's key.
 */
class VllmRoutesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPSTREAM_MODEL = "meta-llama/Llama-3.1-8B-Instruct";
    private static FakeVllmServer vllm;
    private static FakeOpenAiUpstream openai;
    private static GatewayHarness gateway;
    private static String key;
    private static OpenAIClient sdk;

    @BeforeAll
    static void start() throws Exception {
        vllm = new FakeVllmServer();
        openai = new FakeOpenAiUpstream();
        gateway = GatewayHarness.start("""
                providers:
                  - { id: vllm, type: vllm, baseUrl: "%s/v1", apiKey: "${VLLM_KEY}" }
                  - { id: openai, type: openai, baseUrl: "%s", apiKey: "sk-not-for-vllm" }
                models:
                  - { name: llama, deployments: [ { provider: vllm, model: "%s" } ] }
                  - { name: whisper, deployments: [ { provider: vllm, model: openai/whisper-large-v3 } ] }
                  - { name: broken, deployments: [ { provider: vllm, model: fail-500 } ] }
                  - { name: strict, deployments: [ { provider: vllm, model: reject-400 } ] }
                  - { name: gpt, deployments: [ { provider: openai, model: gpt-4o-mini } ] }
                """.formatted(vllm.baseUrl(), openai.baseUrl(), UPSTREAM_MODEL),
                Map.of("VLLM_KEY", FakeVllmServer.API_KEY));
        key = gateway.createKey("vllm-it", List.of());
        sdk = OpenAIOkHttpClient.builder().baseUrl(base() + "/v1/vllm").apiKey(key).maxRetries(0).build();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            assertThat(gateway.allLogs()).doesNotContain(FakeVllmServer.API_KEY).doesNotContain(key);
        } finally {
            GatewayHarness.closeAll(sdk == null ? null : sdk::close, gateway, vllm, openai);
        }
    }

    /** The gateway's address without a trailing slash. */
    private static String base() {
        return gateway.baseUrl().replaceAll("/$", "");
    }

    private static Request post(String route, String body, String requestId) {
        return gateway.http.POST(base() + "/v1/vllm/" + route)
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key).put("x-request-id", requestId))
                .body(new StringRequestContent("application/json", body))
                .timeout(30, TimeUnit.SECONDS);
    }

    private static UsageRecord usage(String requestId) {
        gateway.server.usage().flush();
        String keyId = gateway.server.keys().list().stream().filter(k -> k.name().equals("vllm-it")).findFirst()
                .orElseThrow().id();
        return gateway.server.usage().findByKey(keyId, 500).stream().filter(r -> r.requestId().equals(requestId))
                .findFirst().orElseThrow();
    }

    private static void assertUpstreamSaw(String path) {
        FakeOpenAiUpstream.Received sent = vllm.last();
        assertThat(sent.path()).isEqualTo(path);
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + FakeVllmServer.API_KEY);
    }

    @Test
    void theSdkChatsWithVllmAndKeepsVllmsOwnFields() throws Exception {
        ChatCompletion completion = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("llama").addUserMessage("hi vllm")
                .putAdditionalBodyProperty("top_k", com.openai.core.JsonValue.from(20))
                .putAdditionalBodyProperty("min_p", com.openai.core.JsonValue.from(0.05))
                .putAdditionalBodyProperty("repetition_penalty", com.openai.core.JsonValue.from(1.1))
                .putAdditionalBodyProperty("guided_json", com.openai.core.JsonValue.from(Map.of("type", "object")))
                .putAdditionalBodyProperty("chat_template_kwargs",
                        com.openai.core.JsonValue.from(Map.of("enable_thinking", false)))
                .build());

        assertThat(completion.choices().getFirst().message().content()).contains("Hello from vLLM: hi vllm");
        assertThat(completion.model()).isEqualTo("llama");
        assertUpstreamSaw("/v1/chat/completions");
        JsonNode sent = vllm.last().body();
        assertThat(sent.path("model").asText()).isEqualTo(UPSTREAM_MODEL);
        assertThat(sent.path("top_k").asInt()).isEqualTo(20);
        assertThat(sent.path("min_p").asDouble()).isEqualTo(0.05);
        assertThat(sent.path("repetition_penalty").asDouble()).isEqualTo(1.1);
        assertThat(sent.path("guided_json").path("type").asText()).isEqualTo("object");
        assertThat(sent.path("chat_template_kwargs").path("enable_thinking").asBoolean(true)).isFalse();
    }

    @Test
    void theSdkStreamsChatAndUsageIsRecorded() {
        StringBuilder text = new StringBuilder();
        long[] promptTokens = {0};
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("llama").addUserMessage("stream please")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                assertThat(chunk.model()).isEqualTo("llama");
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
                chunk.usage().ifPresent(u -> promptTokens[0] = u.promptTokens());
            });
        }
        assertThat(text.toString()).isEqualTo("Hello from vLLM: stream please");
        assertThat(promptTokens[0]).isEqualTo(7);
    }

    @Test
    void theSdkCompletesTextStreamingOrNot() {
        Completion completion = sdk.completions().create(CompletionCreateParams.builder().model("llama")
                .prompt("Once upon").maxTokens(16).build());
        assertThat(completion.choices().getFirst().text()).isEqualTo(" completed: Once upon");
        assertThat(completion.model()).isEqualTo("llama");
        assertUpstreamSaw("/v1/completions");
        assertThat(vllm.last().body().path("model").asText()).isEqualTo(UPSTREAM_MODEL);

        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<Completion> stream = sdk.completions().createStreaming(CompletionCreateParams.builder()
                .model("llama").prompt("a time").build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> streamed.append(c.text())));
        }
        assertThat(streamed.toString()).isEqualTo(" completed: a time");
        assertThat(vllm.last().body().path("stream_options").path("include_usage").asBoolean())
                .as("usage is always requested, for metering").isTrue();
    }

    @Test
    void theSdkEmbeds() {
        CreateEmbeddingResponse embeddings = sdk.embeddings().create(EmbeddingCreateParams.builder().model("llama")
                .input("embed me").build());
        assertThat(embeddings.data().getFirst().embedding()).hasSize(3);
        assertThat(embeddings.model()).isEqualTo("llama");
        assertUpstreamSaw("/v1/embeddings");
    }

    @Test
    void theSdkTranscribesAudioSentAsMultipart() {
        byte[] audio = new byte[200_000];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (byte) (i * 31);
        }
        var transcription = sdk.audio().transcriptions().create(TranscriptionCreateParams.builder()
                .model("whisper").file(audio).build());

        assertThat(transcription.asTranscription().text()).isEqualTo("transcribed 200000 bytes");
        assertUpstreamSaw("/v1/audio/transcriptions");
        assertThat(vllm.lastUpload.size()).isEqualTo(200_000);
        assertThat(vllm.lastUpload.fields()).containsEntry("model", "openai/whisper-large-v3");
    }

    private static Request audio(String route, Map<String, String> fields, String requestId) {
        MultiPartRequestContent form = new MultiPartRequestContent();
        fields.forEach((name, value) -> form.addPart(new MultiPart.ContentSourcePart(name, null, HttpFields.EMPTY,
                new StringRequestContent(value))));
        form.addPart(new MultiPart.ContentSourcePart("file", "speech.wav",
                HttpFields.build().put(HttpHeader.CONTENT_TYPE, "audio/wav"), new BytesRequestContent(new byte[4096])));
        form.close();
        return gateway.http.POST(base() + "/v1/vllm/" + route)
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key).put("x-request-id", requestId))
                .body(form).timeout(30, TimeUnit.SECONDS);
    }

    @Test
    void audioAnswersComeInTheFormatAskedForStreamedOrNot() throws Exception {
        ContentResponse text = audio("audio/transcriptions", Map.of("model", "whisper", "response_format", "text"),
                "vllm-audio-text").send();
        assertThat(text.getStatus()).as(text.getContentAsString()).isEqualTo(200);
        assertThat(text.getMediaType()).isEqualTo("text/plain");
        assertThat(text.getContentAsString()).isEqualTo("transcribed 4096 bytes\n");

        ContentResponse verbose = audio("audio/translations",
                Map.of("model", "whisper", "response_format", "verbose_json"), "vllm-audio-verbose").send();
        JsonNode body = JSON.readTree(verbose.getContentAsString());
        assertThat(body.path("task").asText()).isEqualTo("translate");
        assertThat(body.path("segments").size()).isEqualTo(1);
        assertUpstreamSaw("/v1/audio/translations");

        ContentResponse streamed = audio("audio/transcriptions", Map.of("model", "whisper", "stream", "true"),
                "vllm-audio-stream").send();
        assertThat(streamed.getMediaType()).isEqualTo("text/event-stream");
        assertThat(streamed.getContentAsString()).contains("\"object\":\"transcription.chunk\"")
                .contains("\"model\":\"whisper\"").endsWith("data: [DONE]\n\n");
        assertThat(usage("vllm-audio-stream").streamed()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "responses|{\"model\":\"llama\",\"input\":\"hello\"}|/v1/responses",
            "pooling|{\"model\":\"llama\",\"input\":\"pool me\"}|/pooling",
            "classify|{\"model\":\"llama\",\"input\":\"great product\"}|/classify",
            "score|{\"model\":\"llama\",\"text_1\":\"a\",\"text_2\":\"b\"}|/score",
            "rerank|{\"model\":\"llama\",\"query\":\"q\",\"documents\":[\"x\",\"y\"]}|/rerank",
            "tokenize|{\"model\":\"llama\",\"prompt\":\"count these words\"}|/tokenize",
            "detokenize|{\"model\":\"llama\",\"tokens\":[1,2,3]}|/detokenize"})
    void everyVllmEndpointReachesItsUpstreamPathWithTheModelRenamed(String route, String body, String upstreamPath)
            throws Exception {
        String requestId = "vllm-" + route;
        ContentResponse response = post(route, body, requestId).send();

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        assertUpstreamSaw(upstreamPath);
        assertThat(vllm.last().body().path("model").asText()).isEqualTo(UPSTREAM_MODEL);
        assertThat(vllm.last().header("Authorization")).doesNotContain(key);
        JsonNode answer = JSON.readTree(response.getContentAsString());
        if (answer.has("model")) {
            assertThat(answer.path("model").asText()).isEqualTo("llama");
        }
        assertThat(response.getContentAsString()).doesNotContain(UPSTREAM_MODEL);
        UsageRecord record = usage(requestId);
        assertThat(record.route()).isEqualTo("/v1/vllm/" + route);
        assertThat(record.status()).isEqualTo(200);
        if (!route.equals("tokenize") && !route.equals("detokenize")) {
            assertThat(record.inputTokens()).as("usage reported by vLLM is recorded").isPositive();
        }
    }

    @Test
    void theModelListShowsTheVllmModelsThisKeyMayUse() throws Exception {
        for (ContentResponse response : List.of(
                gateway.http.newRequest(base() + "/v1/vllm/models")
                        .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key)).send(),
                gateway.http.POST(base() + "/v1/vllm/models")
                        .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key)).send())) {
            assertThat(response.getStatus()).isEqualTo(200);
            JsonNode list = JSON.readTree(response.getContentAsString());
            assertThat(list.path("object").asText()).isEqualTo("list");
            assertThat(list.path("data").findValuesAsText("id")).contains("llama", "whisper").doesNotContain("gpt");
            assertThat(list.path("data").get(0).path("owned_by").asText()).isEqualTo("vllm");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "chat/completions|{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|400|provider_not_allowed",
            "completions|{\"model\":\"nope\",\"prompt\":\"x\"}|400|model_not_found",
            "tokenize|{\"prompt\":\"x\"}|400|invalid_request",
            "rerank|{\"model\": |400|invalid_json",
            "embeddings|{\"model\":\"broken\",\"input\":\"x\"}|502|upstream_error",
            "chat/completions|{\"model\":\"strict\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|400|invalid_request"})
    void errorsComeInOpenAisShape(String route, String body, int status, String code) throws Exception {
        ContentResponse response = post(route, body, "vllm-error-" + code).send();

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.getContentAsString()).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("type").asText()).isNotBlank();
        assertThat(error.path("message").asText()).isNotBlank();
        if (code.equals("invalid_request") && body.contains("strict")) {
            assertThat(error.path("message").asText()).contains("maximum context length");
        }
    }

    @ParameterizedTest
    @CsvSource({"chat/completions", "completions", "responses", "embeddings", "pooling", "classify", "score",
            "rerank", "tokenize", "detokenize"})
    void everyRouteAnswersUnknownModelsAndUpstreamFailuresInOpenAisShape(String route) throws Exception {
        for (String[] expectation : new String[][] {{"nope", "400", "model_not_found"},
                {"broken", "502", "upstream_error"}, {"gpt", "400", "provider_not_allowed"}}) {
            String body = "{\"model\":\"" + expectation[0] + "\",\"prompt\":\"x\",\"input\":\"x\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
            ContentResponse response = post(route, body, "vllm-" + route + "-" + expectation[2]).send();
            assertThat(response.getStatus()).as(route + " " + response.getContentAsString())
                    .isEqualTo(Integer.parseInt(expectation[1]));
            JsonNode error = JSON.readTree(response.getContentAsString()).path("error");
            assertThat(error.path("code").asText()).isEqualTo(expectation[2]);
            assertThat(error.has("param")).isTrue();
            assertThat(response.getHeaders().get("x-request-id")).isNotBlank();
        }
        ContentResponse missingKey = gateway.http.POST(base() + "/v1/vllm/" + route)
                .body(new StringRequestContent("application/json", "{\"model\":\"llama\"}")).send();
        assertThat(missingKey.getStatus()).isEqualTo(401);
    }

    @Test
    void audioRoutesRefuseACallWithoutTheFile() throws Exception {
        MultiPartRequestContent form = new MultiPartRequestContent();
        form.addPart(new MultiPart.ContentSourcePart("model", null, HttpFields.EMPTY, new StringRequestContent("whisper")));
        form.close();
        ContentResponse response = gateway.http.POST(base() + "/v1/vllm/audio/transcriptions")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key)).body(form).send();
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(JSON.readTree(response.getContentAsString()).path("error").path("param").asText())
                .isEqualTo("file");
    }

    @Test
    void aMissingKeyIsRefused() throws Exception {
        ContentResponse response = gateway.http.POST(base() + "/v1/vllm/tokenize")
                .body(new StringRequestContent("application/json", "{\"model\":\"llama\",\"prompt\":\"x\"}")).send();
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(JSON.readTree(response.getContentAsString()).path("error").path("code").asText())
                .isEqualTo("missing_api_key");
    }

    @Test
    void theUnifiedEndpointCanBeServedByVllmWithTopK() throws Exception {
        ContentResponse response = gateway.http.POST(base() + "/v1/llm/chat")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key))
                .body(new StringRequestContent("application/json",
                        "{\"model\":\"llama\",\"top_k\":5,\"messages\":[{\"role\":\"user\",\"content\":\"unified\"}]}"))
                .send();

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.getContentAsString());
        assertThat(body.path("provider").asText()).isEqualTo("vllm");
        assertThat(body.path("content").asText()).isEqualTo("Hello from vLLM: unified");
        assertThat(vllm.last().body().path("top_k").asInt()).isEqualTo(5);
        assertThat(response.getHeaders().get("x-odock-warning")).isNull();
    }
}
