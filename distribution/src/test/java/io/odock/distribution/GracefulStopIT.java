package io.odock.distribution;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A graceful stop refuses new calls and lets a stream in flight finish before the gateway goes away. */
class GracefulStopIT {
    private static FakeOpenAiUpstream upstream;
    private static GatewayHarness gateway;
    private static String key;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        upstream = new FakeOpenAiUpstream();
        gateway = GatewayHarness.start("""
                server: { drainTimeout: 20s }
                providers:
                  - { id: openai, type: openai, baseUrl: "%s", apiKey: "sk-drain" }
                models:
                  - { name: gated, deployments: [ { provider: openai, model: gated-stream } ] }
                  - { name: quick, deployments: [ { provider: openai, model: gpt-4o-mini } ] }
                """.formatted(upstream.baseUrl()), Map.of());
        key = gateway.createKey("drain", List.of());
        // Taken now: once the connector closes, the server no longer knows its port.
        base = gateway.baseUrl().replaceAll("/$", "");
    }

    @AfterAll
    static void stop() throws Exception {
        GatewayHarness.closeAll(gateway, upstream);
    }

    private static HttpRequest chat(String model, boolean stream) {
        // A probe during the drain may land on a connection the server no longer serves: it must not wait long.
        return HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(stream ? 30 : 2))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"drain me\"}]}"))
                .build();
    }

    @Test
    @Timeout(90)
    void aStreamInFlightCompletesWhileNewCallsAreRefused() throws Exception {
        HttpClient streaming = HttpClient.newHttpClient();
        HttpClient other = HttpClient.newHttpClient();
        try {
            HttpResponse<Stream<String>> response = streaming.send(chat("gated", true),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            Iterator<String> lines = response.body().iterator();
            String first = lines.next();
            while (!first.contains("Hello")) {
                first = lines.next();
            }
            assertThat(first).startsWith("data: {");
            // A kept-alive connection from before the stop, so the refusal can come as an answer, not only a reset.
            assertThat(other.send(chat("quick", false), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(gateway.server::close);
            // The gateway stops taking calls at once, while the stream above is still waiting for its upstream.
            boolean refused = false;
            for (int i = 0; i < 100 && !refused; i++) {
                try {
                    HttpResponse<String> answer = other.send(chat("quick", false),
                            HttpResponse.BodyHandlers.ofString());
                    refused = answer.statusCode() == 503;
                    if (refused) {
                        // Refused before any route: still the gateway's JSON error, with its own code.
                        assertThat(answer.body()).contains("\"gateway_stopping\"");
                        assertThat(answer.headers().firstValue("x-request-id")).isPresent();
                    }
                } catch (IOException e) {
                    refused = true;
                }
                if (!refused) {
                    Thread.sleep(50);
                }
            }
            assertThat(refused).as("a new call is refused during the drain").isTrue();
            assertThat(stopping).isNotDone();

            upstream.gate.countDown();
            StringBuilder rest = new StringBuilder();
            lines.forEachRemaining(line -> rest.append(line).append('\n'));
            assertThat(rest.toString()).contains("data: [DONE]");
            stopping.get(30, TimeUnit.SECONDS);
        } finally {
            upstream.gate.countDown();
            streaming.shutdownNow();
            other.shutdownNow();
        }
    }
}
