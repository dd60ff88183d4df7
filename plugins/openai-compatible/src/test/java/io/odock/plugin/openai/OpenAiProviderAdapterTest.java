package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.Secret;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.Operation;
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
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The adapter against a real local HTTP server that answers as OpenAI's API does. */
class OpenAiProviderAdapterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHUNK = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},\"finish_reason\":%s}],\"usage\":null}";

    private HttpServer server;
    private final AtomicReference<JsonNode> receivedBody = new AtomicReference<>();
    private final AtomicReference<String> receivedAuth = new AtomicReference<>();
    private volatile Answer answer;
    private final OpenAiProviderAdapter adapter = new OpenAiProviderAdapter(CompatibleApi.OPENAI,
            new TestingUpstreamClient(), JSON);

    @FunctionalInterface
    interface Answer {
        void write(HttpExchange exchange) throws IOException;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            try (exchange) {
                receivedBody.set(JSON.readTree(exchange.getRequestBody().readAllBytes()));
                receivedAuth.set(exchange.getRequestHeaders().getFirst("Authorization"));
                answer.write(exchange);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private GatewayRequest request(String body, boolean passthrough, String baseUrl) throws IOException {
        GatewayRequest decoded = new OpenAiDialectTranslator("openai", "openai", JSON).decode(
                new InboundCall(Operation.CHAT, (ObjectNode) JSON.readTree(body), Map.of()));
        return decoded.toBuilder().passthrough(passthrough)
                .upstream(UpstreamTarget.of("openai", baseUrl, Secret.of("sk-operator"), Duration.ofSeconds(5),
                        "gpt-4o-mini"))
                .build();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private static void json(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Test
    void passthroughSendsTheClientJsonWithTheUpstreamModelAndTheOperatorKey() throws IOException {
        answer = ex -> json(ex, 200, "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini-2024\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,"
                + "\"total_tokens\":7}}", Map.of("x-request-id", "req_up"));

        GatewayResponse response = adapter.complete(request("{\"model\":\"alias\",\"provider\":\"openai\","
                + "\"include_usage\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"logit_bias\":{\"1\":2}}",
                true, base()));

        assertThat(receivedAuth.get()).isEqualTo("Bearer sk-operator");
        JsonNode sent = receivedBody.get();
        assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.has("provider")).isFalse();
        assertThat(sent.has("include_usage")).isFalse();
        assertThat(sent.path("logit_bias").path("1").asInt()).isEqualTo(2);
        assertThat(response.content()).isEqualTo("hi");
        assertThat(response.usage().inputTokens()).isEqualTo(5);
        assertThat(response.usage().outputTokens()).isEqualTo(2);
        assertThat(response.providerRequestId()).contains("req_up");
        assertThat(response.rawResponse()).isPresent();
    }

    @Test
    void anOpenAiShapedRequestKeepsItsOwnFieldsWhenItsAnswerIsNotPassedThrough() throws IOException {
        answer = ex -> json(ex, 200, "{\"choices\":[{\"message\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}",
                Map.of());

        // Not passthrough (as when SafetySec inspects streams): the answer is normalized, the payload stays the client's.
        adapter.complete(request("{\"model\":\"alias\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"temperature\":0.3,\"max_tokens\":9,\"odd_field\":true,\"provider\":\"openai\"}", false, base()));

        JsonNode sent = receivedBody.get();
        assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.path("messages").path(0).path("content").asText()).isEqualTo("x");
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(9);
        assertThat(sent.path("odd_field").asBoolean()).isTrue();
        assertThat(sent.has("provider")).isFalse();
    }

    @Test
    void streamsRawEventsAndReadsUsageFromTheUsageChunk() throws IOException {
        answer = ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write(("data: " + CHUNK.formatted("Hi", "null") + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.write((": keep-alive\n\ndata: " + CHUNK.formatted("", "\"stop\"") + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.write(("data: {\"id\":\"c\",\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":4,"
                    + "\"completion_tokens\":1,\"total_tokens\":5}}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
        };

        List<StreamEvent> events = drain(adapter.stream(request("{\"model\":\"alias\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", true, base())));

        assertThat(receivedBody.get().path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(events).hasSize(3).allMatch(e -> e instanceof StreamEvent.Raw);
        StreamEvent.Raw usage = (StreamEvent.Raw) events.getLast();
        assertThat(usage.usageOnly()).isTrue();
        assertThat(usage.usage().orElseThrow().outputTokens()).isEqualTo(1);
        assertThat(((StreamEvent.Raw) events.getFirst()).usage()).isEmpty();
    }

    @Test
    void streamsNormalizedEventsWhenNotPassthrough() throws IOException {
        answer = ex -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write(("data: " + CHUNK.formatted("Hi", "null") + "\n\ndata: " + CHUNK.formatted("", "\"length\"")
                    + "\n\ndata: {\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":1}}\n\n"
                    + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
        };

        List<StreamEvent> events = drain(adapter.stream(request("{\"model\":\"alias\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", false, base())));

        assertThat(events).containsExactly(new StreamEvent.TextDelta(0, "Hi"), new StreamEvent.Finished(0, "length"),
                new StreamEvent.UsageReported(events.getLast() instanceof StreamEvent.UsageReported u ? u.usage() : null));
        assertThat(((StreamEvent.UsageReported) events.getLast()).usage().inputTokens()).isEqualTo(4);
    }

    @Test
    void anErrorEventMidStreamFailsTheStream() throws IOException {
        answer = ex -> {
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().write(("data: " + CHUNK.formatted("Hi", "null") + "\n\ndata: {\"error\":{\"message\":"
                    + "\"overloaded\",\"type\":\"server_error\"}}\n\n").getBytes(StandardCharsets.UTF_8));
        };
        EventStream stream = adapter.stream(request("{\"model\":\"a\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", true, base()));

        assertThat(stream.next()).isPresent();
        assertThatThrownBy(stream::next).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCodes.UPSTREAM_ERROR));
        stream.close();
    }

    @Test
    void mapsUpstreamErrors() {
        String body = "{\"model\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        answer = ex -> json(ex, 400, "{\"error\":{\"message\":\"bad temperature\",\"type\":\"invalid_request_error\"}}",
                Map.of());
        assertThatThrownBy(() -> adapter.complete(request(body, true, base())))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("bad temperature");
                });
        answer = ex -> json(ex, 401, "{\"error\":{\"message\":\"Incorrect API key sk-operator\"}}", Map.of());
        assertThatThrownBy(() -> adapter.complete(request(body, true, base())))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.getMessage()).doesNotContain("sk-operator");
                });
        answer = ex -> json(ex, 429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "12"));
        assertThatThrownBy(() -> adapter.stream(request(body, true, base())))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.UPSTREAM_RATE_LIMITED);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
                });
        answer = ex -> json(ex, 200, "<html>not json</html>", Map.of());
        assertThatThrownBy(() -> adapter.complete(request(body, true, base())))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCodes.UPSTREAM_ERROR));
    }

    @Test
    void anUnreachableUpstreamIsUpstreamUnreachable() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String body = "{\"model\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        GatewayRequest request = request(body, true, "http://127.0.0.1:" + closed + "/v1");
        assertThatThrownBy(() -> adapter.complete(request)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEqualTo(ErrorCodes.UPSTREAM_UNREACHABLE);
        });
    }

    private static List<StreamEvent> drain(EventStream stream) throws IOException {
        List<StreamEvent> events = new ArrayList<>();
        try (stream) {
            Optional<StreamEvent> next;
            while ((next = stream.next()).isPresent()) {
                events.add(next.get());
            }
        }
        return events;
    }
}
