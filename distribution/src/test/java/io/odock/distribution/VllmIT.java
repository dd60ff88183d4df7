package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.transcriptions.Transcription;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.odock.core.usage.UsageRecord;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.MultiPartRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code /v1/vllm/...} routes end to end against {@link FakeVllmUpstream}, a real HTTP server answering as
 * {@code vllm serve --api-key} does: the official OpenAI Java SDK (chat, completions, embeddings, transcriptions) and
 * plain HTTP (models, responses, the pooling family, tokenize, detokenize, translations, transcripts as text and as
 * streams, and every route's errors). For each route it checks the upstream path, the model renamed to the
 * deployment's, the operator's key sent and the client's Odock key never, the client's model name in the answer, and
 * the usage recorded where vLLM reports it.
 */
class VllmIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATOR_KEY = "vllm-operator-secret";
    private static final String LLAMA = "meta-llama/Llama-3.1-8B-Instruct";
    private static final String WHISPER = "openai/whisper-large-v3";
    private static final String QWEN = "Qwen/Qwen2.5-0.5B-Instruct";
    private static final String KEY_NAME = "vllm-it";

    /** Started with {@code --api-key}; configured by its root URL. */
    private static FakeVllmUpstream vllm;
    /** Started without an API key; configured with a base URL ending in {@code /v1}. */
    private static FakeVllmUpstream openVllm;
    private static FakeOpenAiUpstream openai;
    private static GatewayHarness gateway;
    private static String key;
    private static String keyId;
    private static OpenAIClient sdk;

    @BeforeAll
    static void start() throws Exception {
        vllm = new FakeVllmUpstream(OPERATOR_KEY);
        openVllm = new FakeVllmUpstream();
        openai = new FakeOpenAiUpstream();
        gateway = GatewayHarness.start("""
                providers:
                  - { id: vllm, type: vllm, baseUrl: "%1$s", apiKey: "%2$s" }
                  - { id: vllm-open, type: vllm, baseUrl: "%3$s/v1" }
                  - { id: vllm-wrong-key, type: vllm, baseUrl: "%1$s", apiKey: "not-the-operator-key" }
                  - { id: openai, type: openai, baseUrl: "%4$s", apiKey: "sk-x" }
                models:
                  - { name: llama, deployments: [ { provider: vllm, model: "%5$s" } ] }
                  - { name: whisper, deployments: [ { provider: vllm, model: "%6$s" } ] }
                  - { name: broken, deployments: [ { provider: vllm, model: fail-500 } ] }
                  - { name: strict, deployments: [ { provider: vllm, model: reject-400 } ] }
                  - { name: legacy-strict, deployments: [ { provider: vllm, model: legacy-400 } ] }
                  - { name: qwen, deployments: [ { provider: vllm-open, model: "%7$s" } ] }
                  - { name: locked, deployments: [ { provider: vllm-wrong-key, model: "%5$s" } ] }
                  - { name: gpt, deployments: [ { provider: openai, model: gpt-4o-mini } ] }
                """.formatted(vllm.baseUrl(), OPERATOR_KEY, openVllm.baseUrl(), openai.baseUrl(), LLAMA, WHISPER,
                QWEN), Map.of());
        key = gateway.createKey(KEY_NAME, List.of());
        keyId = gateway.server.keys().list().stream().filter(k -> k.name().equals(KEY_NAME)).findFirst()
                .orElseThrow().id();
        sdk = OpenAIOkHttpClient.builder().baseUrl(base() + "/v1/vllm").apiKey(key).maxRetries(0).build();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (gateway != null) {
                String logs = gateway.allLogs();
                assertThat(logs).as("the operator's vLLM key is never logged").doesNotContain(OPERATOR_KEY);
                assertThat(logs).as("the client's Odock key is never logged").doesNotContain(key);
            }
        } finally {
            GatewayHarness.closeAll(sdk == null ? null : sdk::close, gateway, vllm, openVllm, openai);
        }
    }

    @BeforeEach
    void clear() {
        vllm.clear();
        openVllm.clear();
        openai.clear();
    }

    /** Whatever a test did, the client's Odock key reached no upstream, in no header and no body. */
    @AfterEach
    void theOdockKeyNeverReachedAnUpstream() {
        List<FakeOpenAiUpstream.Received> all = new ArrayList<>(vllm.received());
        all.addAll(openVllm.received());
        all.addAll(openai.received());
        for (FakeOpenAiUpstream.Received received : all) {
            received.headers().forEach((name, values) -> assertThat(values).as("upstream header " + name)
                    .noneMatch(value -> value.contains(key)));
            assertThat(String.valueOf(received.body())).doesNotContain(key);
        }
    }

    // ------------------------------------------------------------------------------------------------------ helpers

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

    private static Request multipart(String route, Map<String, String> fields, byte[] file, String requestId) {
        MultiPartRequestContent form = new MultiPartRequestContent();
        fields.forEach((name, value) -> form.addPart(new MultiPart.ContentSourcePart(name, null, HttpFields.EMPTY,
                new StringRequestContent(value))));
        if (file != null) {
            form.addPart(new MultiPart.ContentSourcePart("file", "speech.wav",
                    HttpFields.build().put(HttpHeader.CONTENT_TYPE, "audio/wav"), new BytesRequestContent(file)));
        }
        form.close();
        return gateway.http.POST(base() + "/v1/vllm/" + route)
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key).put("x-request-id", requestId))
                .body(form).timeout(30, TimeUnit.SECONDS);
    }

    private static JsonNode json(ContentResponse response) throws Exception {
        return JSON.readTree(response.getContentAsString());
    }

    /** The usage record of a call, found by the {@code x-request-id} it was sent with. */
    private static UsageRecord usage(String requestId) {
        gateway.server.usage().flush();
        return gateway.server.usage().findByKey(keyId, 500).stream().filter(r -> r.requestId().equals(requestId))
                .findFirst().orElseThrow(() -> new AssertionError("no usage record for " + requestId));
    }

    /**
     * The last upstream call: on {@code path}, for {@code upstreamModel}, with the operator's key as
     * {@code Authorization: Bearer}; returned for further checks.
     */
    private static FakeOpenAiUpstream.Received assertForwarded(String path, String upstreamModel) {
        FakeOpenAiUpstream.Received sent = vllm.last();
        assertThat(sent.path()).as("upstream path").isEqualTo(path);
        assertThat(sent.body().path("model").asText()).as("model renamed to the deployment's").isEqualTo(upstreamModel);
        assertThat(sent.header("Authorization")).as("the operator's key").isEqualTo("Bearer " + OPERATOR_KEY);
        return sent;
    }

    private static void assertUsage(UsageRecord record, String route, String model, String upstreamModel,
                                    boolean streamed) {
        assertThat(record.route()).isEqualTo(route);
        assertThat(record.status()).isEqualTo(200);
        assertThat(record.model()).isEqualTo(model);
        assertThat(record.providerId()).contains("vllm");
        assertThat(record.upstreamModel()).contains(upstreamModel);
        assertThat(record.streamed()).isEqualTo(streamed);
        assertThat(record.errorCode()).isEmpty();
    }

    /** The {@code data:} payloads of an SSE body, in order. */
    private static List<String> dataLines(String sse) {
        return sse.lines().filter(line -> line.startsWith("data:")).map(line -> line.substring(5).trim()).toList();
    }

    /** A small valid WAV file: 16 kHz mono 16-bit PCM, a 440 Hz tone. */
    static byte[] wav(double seconds) {
        int rate = 16_000;
        int samples = (int) (rate * seconds);
        ByteBuffer wav = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII));
        wav.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            wav.putShort((short) (Math.sin(2 * Math.PI * 440 * i / rate) * 8_000));
        }
        return wav.array();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    // ------------------------------------------------------------------------------------------------ SDK: chat

    @Test
    void theSdkChatsWithVllmAndVllmsOwnSamplingFieldsArriveIntact() {
        ChatCompletion completion = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("llama").addSystemMessage("Be brief.").addUserMessage("hi vllm")
                .putAdditionalBodyProperty("top_k", JsonValue.from(20))
                .putAdditionalBodyProperty("min_p", JsonValue.from(0.05))
                .putAdditionalBodyProperty("repetition_penalty", JsonValue.from(1.1))
                .putAdditionalBodyProperty("guided_json", JsonValue.from(Map.of("type", "object",
                        "properties", Map.of("answer", Map.of("type", "string")))))
                .putAdditionalBodyProperty("chat_template_kwargs", JsonValue.from(Map.of("enable_thinking", false)))
                .putAdditionalHeader("x-request-id", "vllm-it-chat")
                .build());

        assertThat(completion.choices().getFirst().message().content()).contains("Hello from vLLM: hi vllm");
        assertThat(completion.model()).as("the client's model name comes back").isEqualTo("llama");
        JsonNode sent = assertForwarded("/v1/chat/completions", LLAMA).body();
        assertThat(sent.path("top_k").asInt()).isEqualTo(20);
        assertThat(sent.path("min_p").asDouble()).isEqualTo(0.05);
        assertThat(sent.path("repetition_penalty").asDouble()).isEqualTo(1.1);
        assertThat(sent.path("guided_json")).isEqualTo(JSON.valueToTree(Map.of("type", "object",
                "properties", Map.of("answer", Map.of("type", "string")))));
        assertThat(sent.path("chat_template_kwargs").path("enable_thinking").isBoolean()).isTrue();
        assertThat(sent.path("chat_template_kwargs").path("enable_thinking").asBoolean()).isFalse();
        assertThat(sent.path("messages").size()).isEqualTo(2);

        CompletionUsage reported = completion.usage().orElseThrow();
        UsageRecord record = usage("vllm-it-chat");
        assertUsage(record, "/v1/vllm/chat/completions", "llama", LLAMA, false);
        assertThat(record.inputTokens()).as("vLLM's prompt_tokens").isEqualTo(reported.promptTokens()).isPositive();
        assertThat(record.outputTokens()).as("vLLM's completion_tokens").isEqualTo(reported.completionTokens())
                .isPositive();
    }

    @Test
    void theSdkStreamsChatWithTheUsageChunkItAskedFor() {
        StringBuilder text = new StringBuilder();
        List<CompletionUsage> usages = new ArrayList<>();
        List<String> models = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("llama").addUserMessage("stream please")
                        .putAdditionalBodyProperty("top_k", JsonValue.from(5))
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                        .putAdditionalHeader("x-request-id", "vllm-it-chat-stream").build())) {
            stream.stream().forEach(chunk -> {
                models.add(chunk.model());
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
                chunk.usage().ifPresent(usages::add);
            });
        }

        assertThat(text.toString()).isEqualTo("Hello from vLLM: stream please");
        assertThat(models).isNotEmpty().containsOnly("llama");
        assertThat(usages).hasSize(1);
        JsonNode sent = assertForwarded("/v1/chat/completions", LLAMA).body();
        assertThat(sent.path("stream").asBoolean()).isTrue();
        assertThat(sent.path("top_k").asInt()).isEqualTo(5);

        UsageRecord record = usage("vllm-it-chat-stream");
        assertUsage(record, "/v1/vllm/chat/completions", "llama", LLAMA, true);
        assertThat(record.inputTokens()).isEqualTo(usages.getFirst().promptTokens()).isPositive();
        assertThat(record.outputTokens()).isEqualTo(usages.getFirst().completionTokens()).isPositive();
    }

    @Test
    void aStreamWithoutIncludeUsageGetsNoUsageChunk() {
        List<CompletionUsage> usages = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("llama").addUserMessage("no usage for me")
                        .putAdditionalHeader("x-request-id", "vllm-it-chat-stream-no-usage").build())) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
                chunk.usage().ifPresent(usages::add);
            });
        }
        assertThat(text.toString()).isEqualTo("Hello from vLLM: no usage for me");
        assertThat(usages).as("OpenAI semantics: no usage chunk unless asked").isEmpty();
        FakeOpenAiUpstream.Received sent = assertForwarded("/v1/chat/completions", LLAMA);
        UsageRecord record = usage("vllm-it-chat-stream-no-usage");
        assertUsage(record, "/v1/vllm/chat/completions", "llama", LLAMA, true);
        if (sent.body().path("stream_options").path("include_usage").asBoolean(false)) {
            // The gateway asked vLLM for usage on its own account: it must have metered it.
            assertThat(record.inputTokens()).isPositive();
            assertThat(record.outputTokens()).isPositive();
        }
    }

    // ----------------------------------------------------------------------------------------- SDK: completions

    @Test
    void theSdkCompletesTextPlainAndWithSeveralPrompts() {
        Completion completion = sdk.completions().create(CompletionCreateParams.builder().model("llama")
                .prompt("Once upon a time").maxTokens(16)
                .putAdditionalBodyProperty("repetition_penalty", JsonValue.from(1.2))
                .putAdditionalHeader("x-request-id", "vllm-it-completion").build());

        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().getFirst().text())
                .isEqualTo(FakeVllmUpstream.completionAnswer("Once upon a time"));
        assertThat(completion.model()).isEqualTo("llama");
        JsonNode sent = assertForwarded("/v1/completions", LLAMA).body();
        assertThat(sent.path("prompt").asText()).isEqualTo("Once upon a time");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(16);
        assertThat(sent.path("repetition_penalty").asDouble()).isEqualTo(1.2);
        UsageRecord record = usage("vllm-it-completion");
        assertUsage(record, "/v1/vllm/completions", "llama", LLAMA, false);
        assertThat(record.inputTokens()).isEqualTo(completion.usage().orElseThrow().promptTokens()).isPositive();
        assertThat(record.outputTokens()).isEqualTo(completion.usage().orElseThrow().completionTokens());

        Completion two = sdk.completions().create(CompletionCreateParams.builder().model("llama")
                .promptOfArrayOfStrings(List.of("first", "second")).build());
        assertThat(two.choices()).extracting(c -> c.text()).containsExactly(
                FakeVllmUpstream.completionAnswer("first"), FakeVllmUpstream.completionAnswer("second"));
        assertThat(vllm.last().body().path("prompt")).hasSize(2);
    }

    @Test
    void theSdkStreamsACompletion() {
        StringBuilder streamed = new StringBuilder();
        List<CompletionUsage> usages = new ArrayList<>();
        List<String> models = new ArrayList<>();
        try (StreamResponse<Completion> stream = sdk.completions().createStreaming(CompletionCreateParams.builder()
                .model("llama").prompt("a long time ago")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .putAdditionalHeader("x-request-id", "vllm-it-completion-stream").build())) {
            stream.stream().forEach(chunk -> {
                models.add(chunk.model());
                chunk.choices().forEach(c -> streamed.append(c.text()));
                chunk.usage().ifPresent(usages::add);
            });
        }

        assertThat(streamed.toString()).isEqualTo(FakeVllmUpstream.completionAnswer("a long time ago"));
        assertThat(models).containsOnly("llama");
        assertThat(usages).hasSize(1);
        assertThat(assertForwarded("/v1/completions", LLAMA).body().path("stream").asBoolean()).isTrue();
        UsageRecord record = usage("vllm-it-completion-stream");
        assertUsage(record, "/v1/vllm/completions", "llama", LLAMA, true);
        assertThat(record.inputTokens()).isEqualTo(usages.getFirst().promptTokens()).isPositive();
        assertThat(record.outputTokens()).isEqualTo(usages.getFirst().completionTokens()).isPositive();
    }

    // ------------------------------------------------------------------------------------------ SDK: embeddings

    @Test
    void theSdkEmbeds() {
        CreateEmbeddingResponse embeddings = sdk.embeddings().create(EmbeddingCreateParams.builder().model("llama")
                .inputOfArrayOfStrings(List.of("embed me", "and me too"))
                .putAdditionalHeader("x-request-id", "vllm-it-embeddings").build());

        assertThat(embeddings.data()).hasSize(2);
        assertThat(embeddings.data().getFirst().embedding()).hasSize(4);
        assertThat(embeddings.data().get(1).index()).isEqualTo(1);
        assertThat(embeddings.model()).isEqualTo("llama");
        JsonNode sent = assertForwarded("/v1/embeddings", LLAMA).body();
        assertThat(sent.path("input")).hasSize(2);
        UsageRecord record = usage("vllm-it-embeddings");
        assertUsage(record, "/v1/vllm/embeddings", "llama", LLAMA, false);
        assertThat(record.inputTokens()).isEqualTo(embeddings.usage().promptTokens()).isPositive();
    }

    // ------------------------------------------------------------------------------------------------ SDK: audio

    @Test
    void theSdkTranscribesAWavFileSentAsMultipart() throws Exception {
        byte[] audio = wav(3.0);
        Transcription transcription = sdk.audio().transcriptions().create(TranscriptionCreateParams.builder()
                .model("whisper").file(audio).language("en").responseFormat(AudioResponseFormat.JSON)
                .putAdditionalHeader("x-request-id", "vllm-it-transcription").build()).asTranscription();

        assertThat(transcription.text()).isEqualTo(FakeVllmUpstream.heard(false, audio.length));
        FakeOpenAiUpstream.Received sent = assertForwarded("/v1/audio/transcriptions", WHISPER);
        assertThat(sent.header("Content-Type")).startsWith("multipart/form-data");
        assertThat(sent.body().path("language").asText()).isEqualTo("en");
        assertThat(sent.body().path("response_format").asText()).isEqualTo("json");
        FakeVllmUpstream.Upload upload = vllm.lastUpload();
        assertThat(upload.field()).isEqualTo("file");
        assertThat(upload.size()).as("the whole file arrived").isEqualTo(audio.length);
        assertThat(upload.sha256()).as("byte for byte").isEqualTo(sha256(audio));
        UsageRecord record = usage("vllm-it-transcription");
        assertUsage(record, "/v1/vllm/audio/transcriptions", "whisper", WHISPER, false);
    }

    // ---------------------------------------------------------------------------------------------- HTTP: models

    @Test
    void theModelListShowsTheVllmModelsThisKeyMayUseByGetAndByPost() throws Exception {
        for (ContentResponse response : List.of(
                gateway.http.newRequest(base() + "/v1/vllm/models")
                        .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key)).send(),
                gateway.http.POST(base() + "/v1/vllm/models")
                        .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key)).send())) {
            assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
            assertThat(response.getMediaType()).isEqualTo("application/json");
            JsonNode list = json(response);
            assertThat(list.path("object").asText()).isEqualTo("list");
            assertThat(list.path("data").findValuesAsText("id")).contains("llama", "whisper")
                    .doesNotContain("gpt", LLAMA, WHISPER);
            for (JsonNode model : list.path("data")) {
                assertThat(model.path("object").asText()).isEqualTo("model");
                assertThat(model.path("owned_by").asText()).isEqualTo("vllm");
                assertThat(model.path("created").isIntegralNumber()).isTrue();
            }
        }
        assertThat(vllm.received()).as("the gateway answers from its configuration").isEmpty();

        String limited = gateway.createKey("vllm-it-limited", List.of("llama", "gpt"));
        ContentResponse onlyLlama = gateway.http.newRequest(base() + "/v1/vllm/models")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + limited)).send();
        assertThat(onlyLlama.getStatus()).isEqualTo(200);
        assertThat(json(onlyLlama).path("data").findValuesAsText("id")).containsExactly("llama");

        ContentResponse anonymous = gateway.http.newRequest(base() + "/v1/vllm/models").send();
        assertThat(anonymous.getStatus()).isEqualTo(401);
        assertThat(json(anonymous).path("error").path("code").asText()).isEqualTo("missing_api_key");
    }

    // ------------------------------------------------------------------------------------------- HTTP: responses

    @Test
    void theResponsesApiAnswersAsVllmDidUnderTheClientsModelName() throws Exception {
        ContentResponse response = post("responses",
                "{\"model\":\"llama\",\"input\":\"tell me\",\"max_output_tokens\":64}", "vllm-it-responses").send();

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(answer.path("object").asText()).isEqualTo("response");
        assertThat(answer.path("model").asText()).isEqualTo("llama");
        assertThat(answer.path("status").asText()).isEqualTo("completed");
        assertThat(answer.path("output").path(0).path("content").path(0).path("text").asText())
                .isEqualTo("Hello from vLLM: tell me");
        assertThat(response.getContentAsString()).doesNotContain(LLAMA);
        JsonNode sent = assertForwarded("/v1/responses", LLAMA).body();
        assertThat(sent.path("max_output_tokens").asInt()).isEqualTo(64);
        UsageRecord record = usage("vllm-it-responses");
        assertUsage(record, "/v1/vllm/responses", "llama", LLAMA, false);
        assertThat(record.inputTokens()).isEqualTo(answer.path("usage").path("input_tokens").asLong()).isPositive();
        assertThat(record.outputTokens()).isEqualTo(answer.path("usage").path("output_tokens").asLong()).isPositive();
    }

    @Test
    void theResponsesApiStreamsItsNamedEvents() throws Exception {
        ContentResponse response = post("responses",
                "{\"model\":\"llama\",\"stream\":true,\"input\":[{\"role\":\"user\",\"content\":\"stream it\"}]}",
                "vllm-it-responses-stream").send();

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        assertThat(response.getMediaType()).isEqualTo("text/event-stream");
        String sse = response.getContentAsString();
        List<JsonNode> events = new ArrayList<>();
        for (String data : dataLines(sse)) {
            events.add(JSON.readTree(data));
        }
        List<String> types = events.stream().map(e -> e.path("type").asText()).toList();
        assertThat(types.getFirst()).isEqualTo("response.created");
        assertThat(types.getLast()).isEqualTo("response.completed");
        assertThat(types).contains("response.output_text.delta", "response.output_text.done");
        assertThat(sse).contains("event: response.completed");
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.path("type").asText().equals("response.output_text.delta"))
                .forEach(e -> text.append(e.path("delta").asText()));
        assertThat(text.toString()).isEqualTo("Hello from vLLM: stream it");
        JsonNode completed = events.getLast().path("response");
        assertThat(completed.path("model").asText()).isEqualTo("llama");
        assertThat(events.getFirst().path("response").path("model").asText()).isEqualTo("llama");
        assertThat(sse).doesNotContain(LLAMA);
        assertThat(assertForwarded("/v1/responses", LLAMA).body().path("stream").asBoolean()).isTrue();

        UsageRecord record = usage("vllm-it-responses-stream");
        assertUsage(record, "/v1/vllm/responses", "llama", LLAMA, true);
        assertThat(record.inputTokens()).isEqualTo(completed.path("usage").path("input_tokens").asLong()).isPositive();
        assertThat(record.outputTokens()).isEqualTo(completed.path("usage").path("output_tokens").asLong());
    }

    // -------------------------------------------------------------------------------------- HTTP: pooling family

    static Stream<Arguments> poolingCalls() {
        return Stream.of(
                Arguments.of("pooling", "{\"model\":\"llama\",\"input\":[\"pool me\",\"and me\"]}", "/pooling"),
                Arguments.of("classify", "{\"model\":\"llama\",\"input\":[\"a great product\",\"awful\"]}",
                        "/classify"),
                Arguments.of("score", "{\"model\":\"llama\",\"text_1\":\"capital of France\","
                        + "\"text_2\":[\"Paris is the capital of France\",\"Bananas are yellow\"]}", "/score"),
                Arguments.of("rerank", "{\"model\":\"llama\",\"query\":\"capital of France\",\"top_n\":2,"
                        + "\"documents\":[\"Bananas\",\"The capital of France is Paris\",\"Berlin\"]}", "/rerank"));
    }

    @ParameterizedTest
    @MethodSource("poolingCalls")
    void thePoolingFamilyReachesVllmsRootPathsAndComesBackInVllmsShape(String route, String body, String upstream)
            throws Exception {
        String requestId = "vllm-it-" + route;
        ContentResponse response = post(route, body, requestId).send();

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        JsonNode answer = json(response);
        JsonNode sent = assertForwarded(upstream, LLAMA).body();
        ObjectNode expectedSent = (ObjectNode) JSON.readTree(body);
        expectedSent.put("model", LLAMA);
        assertThat(sent).as("every other field forwarded as the client sent it").isEqualTo(expectedSent);
        assertThat(answer.path("model").asText()).isEqualTo("llama");
        assertThat(answer.path("id").asText()).isNotBlank();
        assertThat(response.getContentAsString()).doesNotContain(LLAMA);
        long inputTokens;
        switch (route) {
            case "pooling" -> {
                assertThat(answer.path("object").asText()).isEqualTo("list");
                assertThat(answer.path("data")).hasSize(2);
                assertThat(answer.path("data").path(0).path("object").asText()).isEqualTo("pooling");
                assertThat(answer.path("data").path(0).path("data").path(0).isArray()).isTrue();
                inputTokens = answer.path("usage").path("prompt_tokens").asLong();
            }
            case "classify" -> {
                assertThat(answer.path("data")).hasSize(2);
                assertThat(answer.path("data").path(0).path("label").asText()).isEqualTo("positive");
                assertThat(answer.path("data").path(1).path("label").asText()).isEqualTo("negative");
                assertThat(answer.path("data").path(0).path("probs")).hasSize(2);
                assertThat(answer.path("data").path(0).path("num_classes").asInt()).isEqualTo(2);
                inputTokens = answer.path("usage").path("prompt_tokens").asLong();
            }
            case "score" -> {
                assertThat(answer.path("data")).hasSize(2);
                assertThat(answer.path("data").path(0).path("object").asText()).isEqualTo("score");
                assertThat(answer.path("data").path(0).path("score").asDouble())
                        .isGreaterThan(answer.path("data").path(1).path("score").asDouble());
                inputTokens = answer.path("usage").path("prompt_tokens").asLong();
            }
            case "rerank" -> {
                assertThat(answer.path("results")).hasSize(2);
                assertThat(answer.path("results").path(0).path("index").asInt()).isEqualTo(1);
                assertThat(answer.path("results").path(0).path("document").path("text").asText())
                        .isEqualTo("The capital of France is Paris");
                assertThat(answer.path("results").path(0).path("relevance_score").isNumber()).isTrue();
                inputTokens = answer.path("usage").path("total_tokens").asLong();
            }
            default -> throw new IllegalArgumentException(route);
        }
        UsageRecord record = usage(requestId);
        assertUsage(record, "/v1/vllm/" + route, "llama", LLAMA, false);
        assertThat(record.inputTokens()).as("the tokens vLLM reports").isEqualTo(inputTokens).isPositive();
        assertThat(record.outputTokens()).isZero();
    }

    // ------------------------------------------------------------------------------------- HTTP: tokenize family

    @Test
    void tokenizeAndDetokenizeReachVllmsRootPathsAndRoundTrip() throws Exception {
        ContentResponse tokenized = post("tokenize",
                "{\"model\":\"llama\",\"prompt\":\"count these four words\",\"return_token_strs\":true}",
                "vllm-it-tokenize").send();

        assertThat(tokenized.getStatus()).as(tokenized.getContentAsString()).isEqualTo(200);
        JsonNode tokens = json(tokenized);
        assertForwarded("/tokenize", LLAMA);
        assertThat(tokens.path("count").asInt()).isEqualTo(5);
        assertThat(tokens.path("max_model_len").asInt()).isEqualTo(FakeVllmUpstream.MAX_MODEL_LEN);
        assertThat(tokens.path("tokens")).hasSize(5);
        assertThat(tokens.path("tokens").path(0).asInt()).isEqualTo(FakeVllmUpstream.BOS);
        assertThat(tokens.path("token_strs")).hasSize(5);
        assertThat(tokens.has("model")).as("vLLM's TokenizeResponse has no model field").isFalse();
        assertUsage(usage("vllm-it-tokenize"), "/v1/vllm/tokenize", "llama", LLAMA, false);

        ContentResponse detokenized = post("detokenize",
                "{\"model\":\"llama\",\"tokens\":" + tokens.path("tokens").toString() + "}", "vllm-it-detokenize")
                .send();
        assertThat(detokenized.getStatus()).as(detokenized.getContentAsString()).isEqualTo(200);
        JsonNode sent = assertForwarded("/detokenize", LLAMA).body();
        assertThat(sent.path("tokens")).isEqualTo(tokens.path("tokens"));
        assertThat(json(detokenized).path("prompt").asText()).isEqualTo("<|begin_of_text|>count these four words");
        assertUsage(usage("vllm-it-detokenize"), "/v1/vllm/detokenize", "llama", LLAMA, false);

        ContentResponse chatTemplate = post("tokenize",
                "{\"model\":\"llama\",\"messages\":[{\"role\":\"user\",\"content\":\"hi there\"}]}",
                "vllm-it-tokenize-chat").send();
        assertThat(chatTemplate.getStatus()).as(chatTemplate.getContentAsString()).isEqualTo(200);
        assertThat(json(chatTemplate).path("count").asInt()).isEqualTo(2);
        assertThat(assertForwarded("/tokenize", LLAMA).body().path("messages")).hasSize(1);
    }

    // ------------------------------------------------------------------------------------------- HTTP: audio

    @Test
    void aTranscriptAskedAsTextStaysPlainText() throws Exception {
        byte[] audio = wav(0.5);
        ContentResponse response = multipart("audio/transcriptions",
                Map.of("model", "whisper", "response_format", "text"), audio, "vllm-it-transcription-text").send();

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        assertThat(response.getMediaType()).isEqualTo("text/plain");
        assertThat(response.getContentAsString()).isEqualTo(FakeVllmUpstream.heard(false, audio.length));
        FakeOpenAiUpstream.Received sent = assertForwarded("/v1/audio/transcriptions", WHISPER);
        assertThat(sent.body().path("response_format").asText()).isEqualTo("text");
        assertThat(vllm.lastUpload().filename()).isEqualTo("speech.wav");
        assertThat(vllm.lastUpload().contentType()).isEqualTo("audio/wav");
        assertThat(vllm.lastUpload().sha256()).isEqualTo(sha256(audio));
        assertUsage(usage("vllm-it-transcription-text"), "/v1/vllm/audio/transcriptions", "whisper", WHISPER, false);
    }

    @Test
    void translationsAnswerJsonAndVerboseJson() throws Exception {
        byte[] audio = wav(1.0);
        ContentResponse plain = multipart("audio/translations", Map.of("model", "whisper"), audio,
                "vllm-it-translation").send();
        assertThat(plain.getStatus()).as(plain.getContentAsString()).isEqualTo(200);
        assertThat(json(plain).path("text").asText()).isEqualTo(FakeVllmUpstream.heard(true, audio.length));
        assertForwarded("/v1/audio/translations", WHISPER);
        assertThat(vllm.lastUpload().size()).isEqualTo(audio.length);
        assertUsage(usage("vllm-it-translation"), "/v1/vllm/audio/translations", "whisper", WHISPER, false);

        ContentResponse verbose = multipart("audio/translations",
                Map.of("model", "whisper", "response_format", "verbose_json", "language", "de"), audio,
                "vllm-it-translation-verbose").send();
        assertThat(verbose.getStatus()).as(verbose.getContentAsString()).isEqualTo(200);
        JsonNode body = json(verbose);
        assertThat(body.path("task").asText()).isEqualTo("translate");
        assertThat(body.path("language").asText()).isEqualTo("english");
        assertThat(body.path("duration").asDouble()).isPositive();
        assertThat(body.path("text").asText()).isEqualTo(FakeVllmUpstream.heard(true, audio.length));
        assertThat(body.path("segments")).hasSize(1);
        assertThat(assertForwarded("/v1/audio/translations", WHISPER).body().path("language").asText())
                .isEqualTo("de");
    }

    @ParameterizedTest
    @ValueSource(strings = {"transcriptions", "translations"})
    void audioStreamsAsVllmsChunksUnderTheClientsModelName(String kind) throws Exception {
        byte[] audio = wav(2.0);
        String requestId = "vllm-it-audio-stream-" + kind;
        ContentResponse response = multipart("audio/" + kind,
                Map.of("model", "whisper", "stream", "true", "stream_include_usage", "true"), audio, requestId).send();

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        assertThat(response.getMediaType()).isEqualTo("text/event-stream");
        List<String> data = dataLines(response.getContentAsString());
        assertThat(data.getLast()).isEqualTo("[DONE]");
        String object = kind.equals("transcriptions") ? "transcription.chunk" : "translation.chunk";
        StringBuilder text = new StringBuilder();
        JsonNode usageChunk = null;
        for (String line : data.subList(0, data.size() - 1)) {
            JsonNode chunk = JSON.readTree(line);
            assertThat(chunk.path("object").asText()).isEqualTo(object);
            assertThat(chunk.path("model").asText()).isEqualTo("whisper");
            chunk.path("choices").forEach(c -> text.append(c.path("delta").path("content").asText("")));
            if (chunk.path("usage").isObject()) {
                usageChunk = chunk.path("usage");
            }
        }
        assertThat(text.toString()).isEqualTo(FakeVllmUpstream.heard(kind.equals("translations"), audio.length));
        assertThat(response.getContentAsString()).doesNotContain(WHISPER);
        FakeOpenAiUpstream.Received sent = assertForwarded("/v1/audio/" + kind, WHISPER);
        assertThat(sent.body().path("stream").asText()).isEqualTo("true");
        assertThat(vllm.lastUpload().sha256()).isEqualTo(sha256(audio));
        assertThat(usageChunk).as("the usage chunk the client asked for").isNotNull();

        UsageRecord record = usage(requestId);
        assertUsage(record, "/v1/vllm/audio/" + kind, "whisper", WHISPER, true);
        assertThat(record.inputTokens()).isEqualTo(FakeVllmUpstream.audioPromptTokens(audio.length))
                .isEqualTo(usageChunk.path("prompt_tokens").asLong());
        assertThat(record.outputTokens()).isEqualTo(usageChunk.path("completion_tokens").asLong()).isPositive();
    }

    @Test
    void aLargeAudioFileIsForwardedWhole() throws Exception {
        byte[] audio = wav(40.0);
        assertThat(audio.length).isGreaterThan(1_000_000);
        ContentResponse response = multipart("audio/transcriptions", Map.of("model", "whisper"), audio,
                "vllm-it-transcription-large").send();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        assertThat(json(response).path("text").asText()).isEqualTo(FakeVllmUpstream.heard(false, audio.length));
        assertThat(vllm.lastUpload().size()).isEqualTo(audio.length);
        assertThat(vllm.lastUpload().sha256()).isEqualTo(sha256(audio));
    }

    // ------------------------------------------------------------------------------------------------ errors

    /** Where vLLM serves each JSON route: the OpenAI ones under /v1, the rest at the server's root. */
    private static final Map<String, String> UPSTREAM_PATHS = Map.of("chat/completions", "/v1/chat/completions",
            "completions", "/v1/completions", "responses", "/v1/responses", "embeddings", "/v1/embeddings",
            "pooling", "/pooling", "classify", "/classify", "score", "/score", "rerank", "/rerank",
            "tokenize", "/tokenize", "detokenize", "/detokenize");

    /** A valid body for each JSON route, for the model given. */
    private static String validBody(String route, String model) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (model != null) {
            body.put("model", model);
        }
        switch (route) {
            case "chat/completions" -> body.put("messages", List.of(Map.of("role", "user", "content", "x")));
            case "completions", "tokenize" -> body.put("prompt", "x");
            case "responses", "embeddings", "pooling", "classify" -> body.put("input", "x");
            case "score" -> {
                body.put("text_1", "x");
                body.put("text_2", "y");
            }
            case "rerank" -> {
                body.put("query", "x");
                body.put("documents", List.of("y", "z"));
            }
            case "detokenize" -> body.put("tokens", List.of(1, 2, 3));
            default -> throw new IllegalArgumentException(route);
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends with {@code Expect: 100-continue} and returns the final answer the gateway gave instead of asking for the
     * body. The gateway refuses an unauthenticated upload without reading it and then closes the connection; a client
     * that sends the body anyway races that close (a broken pipe instead of the 401), so upload clients ask first,
     * as curl does. Jetty's client reports the refused expectation as a failure, with the answer complete.
     */
    private static ContentResponse answerBeforeTheBody(Request request) throws Exception {
        CompletableFuture<ContentResponse> answer = new CompletableFuture<>();
        request.headers(h -> h.put(HttpHeader.EXPECT, "100-continue")).timeout(30, TimeUnit.SECONDS)
                .send(new BufferingResponseListener() {
                    @Override
                    public void onComplete(Result result) {
                        answer.complete(ContentResponse.from(result.getResponse(), getContent(), getMediaType(),
                                getEncoding()));
                    }
                });
        return answer.get(30, TimeUnit.SECONDS);
    }

    private static void assertOpenAiError(ContentResponse response, int status, String code) throws Exception {
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        assertThat(response.getMediaType()).isEqualTo("application/json");
        JsonNode error = json(response).path("error");
        assertThat(error.isObject()).as(response.getContentAsString()).isTrue();
        assertThat(error.path("code").asText()).as(response.getContentAsString()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("type").asText()).isNotBlank();
        assertThat(error.has("param")).isTrue();
        assertThat(response.getContentAsString()).doesNotContain(OPERATOR_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat/completions", "completions", "responses", "embeddings", "pooling", "classify",
            "score", "rerank", "tokenize", "detokenize"})
    void everyJsonRouteRefusesInOpenAisShape(String route) throws Exception {
        assertOpenAiError(post(route, validBody(route, "gpt"), "vllm-it-err-provider").send(), 400,
                "provider_not_allowed");
        assertOpenAiError(post(route, validBody(route, "nope"), "vllm-it-err-unknown").send(), 400,
                "model_not_found");
        assertOpenAiError(post(route, validBody(route, null), "vllm-it-err-nomodel").send(), 400,
                "invalid_request");
        assertOpenAiError(post(route, "{\"model\": ", "vllm-it-err-json").send(), 400, "invalid_json");
        ContentResponse anonymous = gateway.http.POST(base() + "/v1/vllm/" + route)
                .body(new StringRequestContent("application/json", validBody(route, "llama"))).send();
        assertOpenAiError(anonymous, 401, "missing_api_key");
        assertThat(vllm.received()).as("refused by the gateway: vLLM was never called").isEmpty();
        assertThat(openai.received()).as("nor OpenAI").isEmpty();

        ContentResponse broken = post(route, validBody(route, "broken"), "vllm-it-err-500").send();
        assertOpenAiError(broken, 502, "upstream_error");
        assertForwarded(UPSTREAM_PATHS.get(route), "fail-500");
        assertThat(broken.getContentAsString()).as("vLLM's internal message is not shown")
                .doesNotContain("EngineCore");

        ContentResponse strict = post(route, validBody(route, "strict"), "vllm-it-err-400").send();
        assertOpenAiError(strict, 400, "invalid_request");
        assertForwarded(UPSTREAM_PATHS.get(route), "reject-400");
        assertThat(json(strict).path("error").path("message").asText()).as("vLLM's own message")
                .contains("maximum context length is 8192 tokens");
    }

    @ParameterizedTest
    @ValueSource(strings = {"transcriptions", "translations"})
    void audioRoutesRefuseInOpenAisShape(String kind) throws Exception {
        String route = "audio/" + kind;
        byte[] audio = wav(0.2);
        assertOpenAiError(multipart(route, Map.of("model", "gpt"), audio, "vllm-it-audio-provider").send(), 400,
                "provider_not_allowed");
        assertOpenAiError(multipart(route, Map.of("model", "nope"), audio, "vllm-it-audio-unknown").send(), 400,
                "model_not_found");
        assertOpenAiError(multipart(route, Map.of("language", "en"), audio, "vllm-it-audio-nomodel").send(), 400,
                "invalid_request");
        ContentResponse noFile = multipart(route, Map.of("model", "whisper"), null, "vllm-it-audio-nofile").send();
        assertOpenAiError(noFile, 400, "invalid_request");
        assertThat(json(noFile).path("error").path("param").asText()).isEqualTo("file");
        MultiPartRequestContent form = new MultiPartRequestContent();
        form.addPart(new MultiPart.ContentSourcePart("model", null, HttpFields.EMPTY,
                new StringRequestContent("whisper")));
        form.close();
        assertOpenAiError(answerBeforeTheBody(gateway.http.POST(base() + "/v1/vllm/" + route).body(form)), 401,
                "missing_api_key");
        assertThat(vllm.received()).as("refused by the gateway: vLLM was never called").isEmpty();

        assertOpenAiError(multipart(route, Map.of("model", "broken"), audio, "vllm-it-audio-500").send(), 502,
                "upstream_error");
        assertForwarded("/v1/" + route, "fail-500");
        ContentResponse strict = multipart(route, Map.of("model", "strict"), audio, "vllm-it-audio-400").send();
        assertOpenAiError(strict, 400, "invalid_request");
        assertForwarded("/v1/" + route, "reject-400");
        assertThat(json(strict).path("error").path("message").asText())
                .contains("maximum context length is 8192 tokens");
    }

    @Test
    void theSdkSeesVllmsRefusalAsABadRequest() {
        assertThatThrownBy(() -> sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("strict").addUserMessage("way too long").build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("maximum context length");
    }

    @Test
    void anOlderVllmsFlatErrorShapeIsUnderstoodToo() throws Exception {
        ContentResponse response = post("chat/completions", validBody("chat/completions", "legacy-strict"),
                "vllm-it-err-legacy").send();
        assertOpenAiError(response, 400, "invalid_request");
        assertThat(json(response).path("error").path("message").asText()).contains(FakeVllmUpstream.LEGACY_MESSAGE);
    }

    @Test
    void aWrongOperatorKeyIsTheGatewaysProblemNotTheClients() throws Exception {
        ContentResponse response = post("chat/completions", validBody("chat/completions", "locked"),
                "vllm-it-err-401").send();
        assertOpenAiError(response, 502, "upstream_error");
        assertThat(vllm.last().path()).isEqualTo("/v1/chat/completions");
        assertThat(vllm.last().header("Authorization")).isEqualTo("Bearer not-the-operator-key");
        assertThat(response.getContentAsString()).doesNotContain("not-the-operator-key");
    }

    // -------------------------------------------------------------------------- a keyless server, base URL /v1

    @Test
    void aKeylessVllmConfiguredWithV1IsCalledWithoutCredentialsAtTheRightPaths() throws Exception {
        ContentResponse chat = post("chat/completions",
                "{\"model\":\"qwen\",\"messages\":[{\"role\":\"user\",\"content\":\"open server\"}]}",
                "vllm-it-open-chat").send();
        assertThat(chat.getStatus()).as(chat.getContentAsString()).isEqualTo(200);
        assertThat(json(chat).path("model").asText()).isEqualTo("qwen");
        assertThat(json(chat).path("choices").path(0).path("message").path("content").asText())
                .isEqualTo("Hello from vLLM: open server");
        FakeOpenAiUpstream.Received sent = openVllm.last();
        assertThat(sent.path()).as("not /v1/v1/...").isEqualTo("/v1/chat/completions");
        assertThat(sent.body().path("model").asText()).isEqualTo(QWEN);
        assertThat(sent.header("Authorization")).as("no key configured, none sent (and never the client's)")
                .isNull();

        ContentResponse tokenize = post("tokenize", "{\"model\":\"qwen\",\"prompt\":\"a b\"}", "vllm-it-open-tok")
                .send();
        assertThat(tokenize.getStatus()).as(tokenize.getContentAsString()).isEqualTo(200);
        assertThat(openVllm.last().path()).as("tokenize lives at the server's root").isEqualTo("/tokenize");
        assertThat(openVllm.last().header("Authorization")).isNull();
        assertThat(vllm.received()).isEmpty();
        UsageRecord record = usage("vllm-it-open-chat");
        assertThat(record.providerId()).contains("vllm-open");
        assertThat(record.inputTokens()).isPositive();
    }

    // ------------------------------------------------------------------------------------- the unified endpoint

    @Test
    void theUnifiedEndpointCanBeServedByVllmAndTopKReachesIt() throws Exception {
        ContentResponse response = gateway.http.POST(base() + "/v1/llm/chat")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key).put("x-request-id", "vllm-it-unified"))
                .body(new StringRequestContent("application/json",
                        "{\"model\":\"llama\",\"top_k\":7,\"messages\":[{\"role\":\"user\",\"content\":\"unified\"}]}"))
                .timeout(30, TimeUnit.SECONDS).send();

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("provider").asText()).isEqualTo("vllm");
        assertThat(body.path("content").asText()).isEqualTo("Hello from vLLM: unified");
        JsonNode sent = assertForwarded("/v1/chat/completions", LLAMA).body();
        assertThat(sent.path("top_k").asInt()).as("vLLM samples with top_k").isEqualTo(7);
        assertThat(response.getHeaders().get("x-odock-warning")).as("nothing was dropped").isNull();
        UsageRecord record = usage("vllm-it-unified");
        assertThat(record.route()).isEqualTo("/v1/llm/chat");
        assertThat(record.providerId()).contains("vllm");
        assertThat(record.inputTokens()).isPositive();
    }
}
