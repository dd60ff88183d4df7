package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.usage.Attempt;
import io.odock.core.usage.UsageRecord;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries and failover against a fake upstream that injects faults on demand: which failures are retried, how many
 * times, on which deployment, and what the client is told about it.
 */
class FailoverIT {
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
                  - { id: primary, type: openai, baseUrl: "%1$s", apiKey: "sk-primary" }
                  - { id: backup, type: openai, baseUrl: "%1$s", apiKey: "sk-backup" }
                models:
                  - name: retried
                    deployments: [ { provider: primary, model: fail-twice } ]
                    failover: { retries: 2, backoff: 10ms }
                  - name: not-enough
                    deployments: [ { provider: primary, model: fail-twice } ]
                    failover: { retries: 1, backoff: 10ms }
                  - name: fallback
                    deployments: [ { provider: primary, model: fail-500 }, { provider: backup, model: gpt-4o-mini } ]
                  - name: connect-only
                    deployments: [ { provider: primary, model: fail-500 }, { provider: backup, model: gpt-4o-mini } ]
                    failover: { on: [connect] }
                  - name: bad-request
                    deployments: [ { provider: primary, model: reject-400 }, { provider: backup, model: gpt-4o-mini } ]
                    failover: { retries: 3, on: [any] }
                  - name: mid-stream
                    deployments: [ { provider: primary, model: broken-stream }, { provider: backup, model: gpt-4o-mini } ]
                    failover: { retries: 3, on: [any], backoff: 10ms }
                  - name: cooling
                    deployments: [ { provider: primary, model: fail-500 }, { provider: backup, model: gpt-4o-mini } ]
                    failover: { cooldownAfter: 2, cooldown: 60s }
                  - name: garbled
                    deployments: [ { provider: primary, model: garbage }, { provider: backup, model: gpt-4o-mini } ]
                  - name: garbled-only
                    deployments: [ { provider: primary, model: garbage } ]
                  - name: rate-limited
                    deployments: [ { provider: primary, model: limited-once } ]
                    failover: { retries: 1, on: [rate_limit], backoff: 10ms, maxBackoff: 2s }
                """.formatted(upstream.baseUrl()), Map.of());
        key = gateway.createKey("failover", List.of());
        http = gateway.http;
    }

    @AfterAll
    static void stop() throws Exception {
        GatewayHarness.closeAll(gateway, upstream);
    }

    @BeforeEach
    void clear() {
        upstream.clear();
    }

    private static ContentResponse chat(String model, boolean stream) throws Exception {
        return http.POST(gateway.baseUrl() + "/v1/chat/completions")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key)
                        .put("x-request-id", "failover-" + model + "-" + System.nanoTime()))
                .body(new StringRequestContent("application/json", "{\"model\":\"" + model + "\",\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"))
                .timeout(30, TimeUnit.SECONDS).send();
    }

    @Test
    void aFailingDeploymentIsRetriedWithBackoffUntilItAnswers() throws Exception {
        ContentResponse response = chat("retried", false);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaders().get("x-odock-attempts")).isEqualTo("3");
        assertThat(response.getHeaders().get("x-odock-provider")).isEqualTo("primary");
        assertThat(response.getHeaders().get("x-odock-deployment")).isEqualTo("primary/fail-twice");
        assertThat(upstream.received()).hasSize(3);

        gateway.server.usage().flush();
        String requestId = response.getHeaders().get("x-request-id");
        UsageRecord record = gateway.server.usage().findByKey(gateway.server.keys().list().getFirst().id(), 100)
                .stream().filter(r -> r.requestId().equals(requestId)).findFirst().orElseThrow();
        assertThat(record.rerouted()).isTrue();
        assertThat(record.attempts()).extracting(Attempt::succeeded).containsExactly(false, false, true);
        assertThat(record.attempts().getFirst().error()).contains("upstream_error");
    }

    @Test
    void retriesStopAtTheConfiguredCount() throws Exception {
        ContentResponse response = chat("not-enough", false);

        assertThat(response.getStatus()).isEqualTo(502);
        assertThat(JSON.readTree(response.getContentAsString()).path("error").path("code").asText())
                .isEqualTo("upstream_error");
        assertThat(response.getContentAsString()).doesNotContain("sk-primary");
        assertThat(upstream.received()).hasSize(2);
    }

    @Test
    void aFailedDeploymentHandsOverToTheNextOneStreamsIncluded() throws Exception {
        for (boolean stream : new boolean[]{false, true}) {
            upstream.clear();
            ContentResponse response = chat("fallback", stream);

            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeaders().get("x-odock-provider")).isEqualTo("backup");
            assertThat(response.getHeaders().get("x-odock-attempts")).isEqualTo("2");
            assertThat(upstream.received()).extracting(r -> r.header("Authorization"))
                    .containsExactly("Bearer sk-primary", "Bearer sk-backup");
        }
    }

    @Test
    void onlyTheConfiguredTriggersAreRetried() throws Exception {
        ContentResponse response = chat("connect-only", false);

        assertThat(response.getStatus()).isEqualTo(502);
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void aRequestTheUpstreamRefusesIsNeverRetried() throws Exception {
        ContentResponse response = chat("bad-request", false);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void aRateLimitedCallWaitsForRetryAfterAndTriesAgain() throws Exception {
        ContentResponse response = chat("rate-limited", false);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaders().get("x-odock-attempts")).isEqualTo("2");
        assertThat(upstream.received()).hasSize(2);
    }

    @Test
    void aDeploymentThatKeepsFailingIsCooledDownAndShownSoInTheAdminApi() throws Exception {
        for (int call = 1; call <= 4; call++) {
            upstream.clear();
            ContentResponse response = chat("cooling", false);
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeaders().get("x-odock-provider")).isEqualTo("backup");
            assertThat(upstream.received()).as("call %d", call).hasSize(call <= 2 ? 2 : 1);
        }

        String adminToken = java.nio.file.Files.readString(gateway.home.resolve("data/admin.token")).trim();
        JsonNode deployments = JSON.readTree(http.newRequest(gateway.baseUrl() + "/admin/v1/deployments")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + adminToken)).send().getContentAsString());
        JsonNode primary = null;
        JsonNode backup = null;
        for (JsonNode deployment : deployments.path("data")) {
            if (deployment.path("model").asText().equals("cooling")) {
                if (deployment.path("provider").asText().equals("primary")) {
                    primary = deployment;
                } else {
                    backup = deployment;
                }
            }
        }
        assertThat(primary).isNotNull();
        assertThat(primary.path("state").asText()).isEqualTo("open");
        assertThat(primary.path("consecutive_failures").asInt()).isEqualTo(2);
        assertThat(primary.path("open_until").asText()).isNotBlank();
        assertThat(backup.path("state").asText()).isEqualTo("closed");
        assertThat(backup.path("latency_ms").asDouble()).isPositive();
    }

    @Test
    void anAnswerThatIsNotJsonIsAnUpstreamFailureAndFailsOver() throws Exception {
        ContentResponse alone = chat("garbled-only", false);
        assertThat(alone.getStatus()).isEqualTo(502);
        assertThat(JSON.readTree(alone.getContentAsString()).path("error").path("code").asText())
                .isEqualTo("upstream_error");

        ContentResponse rescued = chat("garbled", false);
        assertThat(rescued.getStatus()).isEqualTo(200);
        assertThat(rescued.getHeaders().get("x-odock-provider")).isEqualTo("backup");
    }

    @Test
    void aConnectionDroppedMidStreamEndsTheStreamWithAnErrorAndNoRetry() throws Exception {
        try (java.net.ServerSocket dropping = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress());
             GatewayHarness gateway2 = GatewayHarness.start("""
                     providers:
                       - { id: flaky, type: openai, baseUrl: "http://127.0.0.1:%d/v1", apiKey: "sk-f" }
                       - { id: backup, type: openai, baseUrl: "%s", apiKey: "sk-b" }
                     models:
                       - name: dropped
                         deployments: [ { provider: flaky, model: m }, { provider: backup, model: gpt-4o-mini } ]
                         failover: { on: [any], retries: 3 }
                     """.formatted(dropping.getLocalPort(), upstream.baseUrl()), Map.of())) {
            Thread server = Thread.ofVirtual().start(() -> {
                try (java.net.Socket socket = dropping.accept()) {
                    java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                            socket.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1));
                    String line;
                    while ((line = in.readLine()) != null && !line.isEmpty()) {
                        // Skip the request headers; the body is not needed to misbehave.
                    }
                    String event = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"m\","
                            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n";
                    socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(event.length()) + "\r\n"
                            + event + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                    // Then the connection is cut without the final chunk, as a crashed upstream does.
                } catch (IOException e) {
                    // The test sees the outcome through the gateway.
                }
            });
            String ownKey = gateway2.createKey("dropped", List.of());
            upstream.clear();
            ContentResponse response = gateway2.http.POST(gateway2.baseUrl() + "/v1/chat/completions")
                    .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + ownKey))
                    .body(new StringRequestContent("application/json", "{\"model\":\"dropped\",\"stream\":true,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).send();
            server.join(5000);

            assertThat(response.getStatus()).isEqualTo(200);
            List<String> events = response.getContentAsString().lines().filter(l -> l.startsWith("data: ")).toList();
            assertThat(events.getFirst()).contains("Hel");
            assertThat(JSON.readTree(events.getLast().substring(6)).path("error").path("code").asText())
                    .isEqualTo("upstream_error");
            assertThat(upstream.received()).as("the backup is not tried once the stream has started").isEmpty();
        }
    }

    @Test
    void aStreamIsRetriedBeforeItsFirstByteButNeverAfter() throws Exception {
        ContentResponse before = chat("retried", true);
        assertThat(before.getStatus()).isEqualTo(200);
        assertThat(before.getHeaders().get("x-odock-attempts")).isEqualTo("3");
        assertThat(before.getContentAsString()).contains("data: [DONE]");

        upstream.clear();
        ContentResponse after = chat("mid-stream", true);
        assertThat(after.getStatus()).isEqualTo(200);
        List<String> events = after.getContentAsString().lines().filter(l -> l.startsWith("data: ")).toList();
        JsonNode last = JSON.readTree(events.getLast().substring(6));
        assertThat(last.path("error").path("code").asText()).isEqualTo("upstream_error");
        assertThat(upstream.received()).as("no retry once the stream has reached the client").hasSize(1);
    }
}
