package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances sharing a Redis share their deployments' circuits: a deployment that failed its way into a cool-down
 * on one is avoided by the other at once, and the probe that finds it healthy again on one closes it on both.
 */
class SharedCircuitsIT {
    private static final String CONFIG = """
            admin: { token: "%s" }
            ratelimit: { backend: redis, redis: "redis://127.0.0.1:6379" }
            providers:
              - { id: primary, type: openai, baseUrl: "%s", apiKey: "sk-primary" }
              - { id: backup, type: openai, baseUrl: "%s", apiKey: "sk-backup" }
            models:
              - name: %s
                routing: priority
                deployments: [ { provider: primary, model: fail-twice }, { provider: backup, model: gpt-4o-mini } ]
                failover: { on: [5xx], cooldownAfter: 2, cooldown: 2s }
            """;
    private static FakeOpenAiUpstream upstream;
    private static GatewayHarness first;
    private static GatewayHarness second;
    /** A model name of this run only: circuits of earlier runs may still sit in the shared Redis. */
    private static final String MODEL = "shared-" + System.nanoTime();

    @BeforeAll
    static void start() throws Exception {
        upstream = new FakeOpenAiUpstream();
        String yaml = CONFIG.formatted(GovernanceIT.ADMIN_TOKEN, upstream.baseUrl(), upstream.baseUrl(), MODEL);
        first = GatewayHarness.start(yaml, Map.of());
        second = GatewayHarness.start(yaml, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        GatewayHarness.closeAll(first, second, upstream);
    }

    private static JsonNode primaryCircuit(GatewayHarness gateway) throws Exception {
        for (JsonNode deployment : GovernanceIT.admin(gateway, HttpMethod.GET, "/admin/v1/deployments", null)
                .path("data")) {
            if (deployment.path("provider").asText().equals("primary")) {
                return deployment;
            }
        }
        throw new AssertionError("no primary deployment");
    }

    private static String awaitState(GatewayHarness gateway, String state) throws Exception {
        String seen = "";
        for (int i = 0; i < 100 && !seen.equals(state); i++) {
            seen = primaryCircuit(gateway).path("state").asText();
            if (!seen.equals(state)) {
                Thread.sleep(50);
            }
        }
        return seen;
    }

    @Test
    @Timeout(60)
    void aCircuitOpenedOnOneInstanceIsAvoidedOnTheOtherAndClosesOnBoth() throws Exception {
        String firstKey = first.createKey("a", List.of());
        String secondKey = second.createKey("b", List.of());
        // Two failures of the primary on the first instance (each call is answered by the backup) open its circuit.
        for (int i = 0; i < 2; i++) {
            ContentResponse answer = GovernanceIT.chat(first, firstKey, MODEL, "");
            assertThat(answer.getStatus()).isEqualTo(200);
            assertThat(answer.getHeaders().get("x-odock-provider")).isEqualTo("backup");
        }
        assertThat(primaryCircuit(first).path("state").asText()).isEqualTo("open");
        assertThat(awaitState(second, "open")).isEqualTo("open");
        // The same cool-down end on both (shared at millisecond precision).
        assertThat(java.time.Instant.parse(primaryCircuit(second).path("open_until").asText())).isEqualTo(
                java.time.Instant.parse(primaryCircuit(first).path("open_until").asText())
                        .truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

        // The second instance goes straight to the backup: one attempt, and the primary is not called.
        int primaryCalls = (int) upstream.received().stream()
                .filter(r -> r.body().path("model").asText().equals("fail-twice")).count();
        ContentResponse avoided = GovernanceIT.chat(second, secondKey, MODEL, "");
        assertThat(avoided.getHeaders().get("x-odock-attempts")).isEqualTo("1");
        assertThat(upstream.received().stream().filter(r -> r.body().path("model").asText().equals("fail-twice")))
                .hasSize(primaryCalls);

        // After the cool-down the second instance probes the primary, which now answers: closed on both.
        Thread.sleep(2100);
        ContentResponse probe = GovernanceIT.chat(second, secondKey, MODEL, "");
        assertThat(probe.getHeaders().get("x-odock-provider")).isEqualTo("primary");
        assertThat(primaryCircuit(second).path("state").asText()).isEqualTo("closed");
        assertThat(awaitState(first, "closed")).isEqualTo("closed");
        assertThat(GovernanceIT.chat(first, firstKey, MODEL, "").getHeaders().get("x-odock-provider"))
                .isEqualTo("primary");
    }
}
