package io.odock.core.upstream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.Secret;
import io.odock.spi.model.UpstreamTarget;
import io.odock.spi.provider.UpstreamAnswer;
import io.odock.spi.provider.UpstreamBody;
import io.odock.spi.provider.UpstreamCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The host's upstream client against a real HTTP server: bodies, headers, streams, timeouts and failures. */
class JettyUpstreamClientTest {
    private final JettyUpstreamClient client = new JettyUpstreamClient();
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private final List<String> cookiesSent = new CopyOnWriteArrayList<>();
    private final CountDownLatch streamAbandoned = new CountDownLatch(1);
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/echo", this::echo);
        server.createContext("/error", exchange -> answer(exchange, 429, "{\"error\":{\"message\":\"slow down\"}}",
                Map.of("Retry-After", "7")));
        server.createContext("/slow", exchange -> {
            sleep(2_000);
            answer(exchange, 200, "{}", Map.of());
        });
        server.createContext("/stream", this::stream);
        server.createContext("/cookie", exchange -> {
            cookiesSent.add(String.valueOf(exchange.getRequestHeaders().getFirst("Cookie")));
            answer(exchange, 200, "{}", Map.of("Set-Cookie", "__cf_bm=caller-one; Path=/; HttpOnly"));
        });
        server.start();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    @Test
    void aCompleteAnswerArrivesWholeWithItsStatusAndHeaders() throws IOException {
        UpstreamAnswer answer = client.send(UpstreamCall.post(url("/echo"))
                .header("Authorization", "Bearer sk-operator")
                .body(UpstreamBody.json("{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8))).build(), target(5), false);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("X-REQUEST-ID")).contains("req_1");
        assertThat(answer.header("x-missing")).isEmpty();
        assertThat(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"m\"}");
        assertThat(seen).containsEntry("authorization", "Bearer sk-operator")
                .containsEntry("content-type", "application/json")
                .containsEntry("content-length", "13")
                .containsEntry("user-agent", "Odock")
                .doesNotContainKey("accept-encoding");
    }

    @Test
    void aCookieAnUpstreamSetsIsNotSentWithTheNextCall() throws IOException {
        for (int call = 0; call < 2; call++) {
            UpstreamAnswer answer = client.send(UpstreamCall.post(url("/cookie"))
                    .body(UpstreamBody.json("{}".getBytes(StandardCharsets.UTF_8))).build(), target(5), false);
            assertThat(answer.header("Set-Cookie")).contains("__cf_bm=caller-one; Path=/; HttpOnly");
            answer.body().readAllBytes();
        }

        assertThat(cookiesSent).containsExactly("null", "null");
    }

    @Test
    void aNon2xxAnswerIsReturnedForTheAdapterToRead() {
        UpstreamAnswer answer = client.send(UpstreamCall.get(url("/error")).build(), target(5), false);

        assertThat(answer.status()).isEqualTo(429);
        assertThat(answer.header("retry-after")).contains("7");
    }

    @Test
    void aStreamedBodyIsSentWithItsDeclaredLength() throws IOException {
        byte[] file = "a file of some bytes".getBytes(StandardCharsets.UTF_8);
        UpstreamAnswer answer = client.send(UpstreamCall.post(url("/echo"))
                .body(new UpstreamBody.Streamed("application/octet-stream", file.length,
                        () -> new ByteArrayInputStream(file))).build(), target(5), false);

        assertThat(answer.body().readAllBytes()).isEqualTo(file);
        assertThat(seen).containsEntry("content-length", Integer.toString(file.length))
                .doesNotContainKey("transfer-encoding");
    }

    @Test
    void aStreamIsReadAsItArrivesAndClosingItEndsTheExchange() throws Exception {
        UpstreamAnswer answer = client.send(UpstreamCall.get(url("/stream")).build(), target(10), true);

        InputStream body = answer.body();
        byte[] first = new byte[12];
        assertThat(body.readNBytes(first, 0, first.length)).isEqualTo(12);
        assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("data: 0\n\ndat");
        body.close();

        // The upstream notices: its next writes fail once the connection is gone.
        assertThat(streamAbandoned.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aCompleteAnswerMustArriveWithinTheTotalTimeout() {
        assertThatThrownBy(() -> client.send(UpstreamCall.get(url("/slow")).build(),
                UpstreamTarget.of("p", base(), Secret.none(), Duration.ofMillis(300), "m"), false))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(504);
                    assertThat(e.code()).isEqualTo(ErrorCodes.UPSTREAM_TIMEOUT);
                });
    }

    @Test
    void aCompleteAnswerMustStartWithinAShorterFirstByteTimeout() {
        UpstreamTarget target = UpstreamTarget.of("p", base(), Secret.none(), Duration.ofSeconds(10), "m",
                Duration.ofMillis(300), Duration.ofSeconds(2));

        long started = System.nanoTime();
        assertThatThrownBy(() -> client.send(UpstreamCall.get(url("/slow")).build(), target, false))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCodes.UPSTREAM_TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_900));
    }

    @Test
    void aStreamMustStartWithinTheFirstByteTimeout() {
        UpstreamTarget target = UpstreamTarget.of("p", base(), Secret.none(), Duration.ofSeconds(10), "m",
                Duration.ofMillis(300), Duration.ofSeconds(2));

        assertThatThrownBy(() -> client.send(UpstreamCall.get(url("/slow")).build(), target, true))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCodes.UPSTREAM_TIMEOUT));
    }

    @Test
    void aClosedPortIsUnreachable() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThatThrownBy(() -> client.send(UpstreamCall.get("http://127.0.0.1:" + closed + "/x").build(),
                target(5), false))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.code()).isEqualTo(ErrorCodes.UPSTREAM_UNREACHABLE);
                });
    }

    @Test
    @Timeout(10)
    void anInterruptedCallIsAbandoned() throws Exception {
        Thread caller = Thread.currentThread();
        Thread.ofVirtual().start(() -> {
            sleep(300);
            caller.interrupt();
        });

        assertThatThrownBy(() -> client.send(UpstreamCall.get(url("/slow")).build(), target(10), false))
                .isInstanceOf(GatewayException.class);
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void failuresNeverCarryTheCallsHeaders() {
        UpstreamCall call = UpstreamCall.post(url("/echo")).header("Authorization", "Bearer sk-secret").build();

        assertThat(call.toString()).doesNotContain("sk-secret");
        assertThat(call.headers().getFirst().toString()).doesNotContain("sk-secret");
    }

    private void echo(HttpExchange exchange) throws IOException {
        exchange.getRequestHeaders().forEach((name, values) -> seen.put(name.toLowerCase(), values.getFirst()));
        byte[] body = exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("x-request-id", "req_1");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 200; i++) {
                out.write(("data: " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                sleep(50);
            }
        } catch (IOException e) {
            streamAbandoned.countDown();
        }
    }

    private static void answer(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        headers.forEach(exchange.getResponseHeaders()::add);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private UpstreamTarget target(int seconds) {
        return UpstreamTarget.of("p", base(), Secret.none(), Duration.ofSeconds(seconds), "m");
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private String url(String path) {
        return base() + path;
    }
}
