package io.odock.plugin.vllm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.odock.plugin.openai.OpenAiCompatible;
import io.odock.spi.Secret;
import io.odock.spi.dialect.DialectTranslator;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.model.FilePart;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.Operation;
import io.odock.spi.model.UpstreamTarget;
import io.odock.spi.provider.ProviderAdapter;
import io.odock.spi.testing.TestingUpstreamClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The vLLM adapter and dialect against a real local HTTP server answering as vLLM does. */
class VllmAdapterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ProviderAdapter adapter = OpenAiCompatible.adapter(VllmApi.API, new TestingUpstreamClient(), JSON);
    private final DialectTranslator translator = OpenAiCompatible.translator("vllm", "vllm", JSON);
    private final AtomicReference<String> path = new AtomicReference<>();
    private final AtomicReference<String> auth = new AtomicReference<>();
    private final AtomicReference<byte[]> body = new AtomicReference<>();
    private volatile String contentType = "application/json";
    private volatile String answer = "{}";
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                path.set(exchange.getRequestURI().getPath());
                auth.set(exchange.getRequestHeaders().getFirst("Authorization"));
                body.set(exchange.getRequestBody().readAllBytes());
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", contentType);
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private GatewayRequest request(Operation operation, String json, String baseSuffix, List<FilePart> files)
            throws IOException {
        GatewayRequest decoded = translator.decode(new InboundCall(operation, (ObjectNode) JSON.readTree(json),
                Map.of(), files));
        return decoded.toBuilder().passthrough(true).upstream(UpstreamTarget.of("vllm",
                "http://127.0.0.1:" + server.getAddress().getPort() + baseSuffix, Secret.of("vllm-key"),
                Duration.ofSeconds(5), "meta-llama/Llama-3.1-8B-Instruct")).build();
    }

    @Test
    void tokenizeIsCalledAtTheServerRootEvenWithAV1BaseUrl() throws IOException {
        answer = "{\"count\":3,\"max_model_len\":8192,\"tokens\":[1,2,3]}";

        GatewayRequest request = request(Operation.TOKENIZE, "{\"model\":\"llama\",\"prompt\":\"hi there\"}", "/v1",
                List.of());
        GatewayResponse response = adapter.complete(request);

        assertThat(path.get()).isEqualTo("/tokenize");
        assertThat(auth.get()).isEqualTo("Bearer vllm-key");
        assertThat(JSON.readTree(body.get()).path("model").asText()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
        assertThat(request.inputs()).containsExactly("hi there");
        assertThat(translator.encode(request, response).path("tokens").size()).isEqualTo(3);
    }

    @Test
    void chatKeepsVllmsOwnFieldsAndAnswersUnderTheClientsModel() throws IOException {
        answer = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"meta-llama/Llama-3.1-8B-Instruct\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,"
                + "\"total_tokens\":10}}";

        GatewayRequest request = request(Operation.CHAT, "{\"model\":\"llama\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}],\"top_k\":20,\"min_p\":0.1,\"repetition_penalty\":1.1,"
                + "\"guided_json\":{\"type\":\"object\"},\"chat_template_kwargs\":{\"enable_thinking\":false}}", "",
                List.of());
        GatewayResponse response = adapter.complete(request);

        assertThat(path.get()).isEqualTo("/v1/chat/completions");
        JsonNode sent = JSON.readTree(body.get());
        assertThat(sent.path("top_k").asInt()).isEqualTo(20);
        assertThat(sent.path("min_p").asDouble()).isEqualTo(0.1);
        assertThat(sent.path("repetition_penalty").asDouble()).isEqualTo(1.1);
        assertThat(sent.path("guided_json").path("type").asText()).isEqualTo("object");
        assertThat(sent.path("chat_template_kwargs").path("enable_thinking").asBoolean(true)).isFalse();
        assertThat(response.usage().inputTokens()).isEqualTo(9);
        assertThat(translator.encode(request, response).path("model").asText()).isEqualTo("llama");
    }

    @Test
    void rerankUsageIsReadAndTheAnswerGoesBackAsItCame() throws IOException {
        answer = "{\"id\":\"rerank-1\",\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"usage\":{\"total_tokens\":42},"
                + "\"results\":[{\"index\":1,\"document\":{\"text\":\"b\"},\"relevance_score\":0.9}]}";

        GatewayRequest request = request(Operation.RERANK, "{\"model\":\"llama\",\"query\":\"q\","
                + "\"documents\":[\"a\",\"b\"]}", "", List.of());
        GatewayResponse response = adapter.complete(request);

        assertThat(path.get()).isEqualTo("/rerank");
        assertThat(request.inputs()).containsExactly("q", "a", "b");
        JsonNode encoded = translator.encode(request, response);
        assertThat(encoded.path("model").asText()).isEqualTo("llama");
        assertThat(encoded.path("results").get(0).path("relevance_score").asDouble()).isEqualTo(0.9);
    }

    @Test
    void aTextTranscriptComesBackAsTheSameBytes() throws IOException {
        contentType = "text/plain; charset=utf-8";
        answer = "hello from the audio\n";
        FilePart audio = FilePart.of("file", "a.wav", "audio/wav", 4,
                () -> new ByteArrayInputStream(new byte[] {1, 2, 3, 4}));

        GatewayRequest request = request(Operation.AUDIO_TRANSCRIPTION,
                "{\"model\":\"whisper\",\"response_format\":\"text\"}", "", List.of(audio));
        GatewayResponse response = adapter.complete(request);

        assertThat(path.get()).isEqualTo("/v1/audio/transcriptions");
        assertThat(new String(body.get(), StandardCharsets.UTF_8)).contains("name=\"model\"")
                .contains("meta-llama/Llama-3.1-8B-Instruct").contains("name=\"file\"");
        assertThat(translator.encodeRaw(request, response).orElseThrow().bytes())
                .isEqualTo("hello from the audio\n".getBytes(StandardCharsets.UTF_8));
    }
}
