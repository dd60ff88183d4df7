package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import io.odock.core.testsupport.Databases;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances behind one imaginary load balancer, sharing MariaDB and Redis: one key's requests-per-minute
 * and budget are enforced across both together.
 */
class ClusterGovernanceIT {
    private static final String CONFIG = """
            admin: { token: "%s" }
            database: { url: "%s", user: root, password: "${DB_PASSWORD:-}" }
            keys: { refreshInterval: 500ms }
            ratelimit: { backend: redis, redis: "redis://127.0.0.1:6379" }
            providers:
              - { id: openai, type: openai, baseUrl: "%s", apiKey: "sk-cluster" }
            models:
              - name: chat
                deployments: [ { provider: openai, model: gpt-4o-mini } ]
                pricing: { inputPerMTok: 1000, outputPerMTok: 2000 }
              - name: slow
                deployments: [ { provider: openai, model: slow-first-byte } ]
                pricing: { inputPerMTok: 1000, outputPerMTok: 2000 }
            """;
    private static Databases.TestDatabase database;
    private static FakeOpenAiUpstream upstream;
    private static GatewayHarness first;
    private static GatewayHarness second;

    @BeforeAll
    static void start() throws Exception {
        database = Databases.fresh("mariadb");
        upstream = new FakeOpenAiUpstream();
        String yaml = CONFIG.formatted(GovernanceIT.ADMIN_TOKEN, database.config().url(), upstream.baseUrl());
        first = GatewayHarness.start(yaml, Map.of());
        second = GatewayHarness.start(yaml, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        GatewayHarness.closeAll(first, second, upstream, database);
    }

    /** Creates a key on the first instance and waits until the second knows it. */
    private static JsonNode sharedKey(String fields) throws Exception {
        JsonNode created = GovernanceIT.createKey(first, fields);
        String key = created.path("key").asText();
        for (int i = 0; i < 100; i++) {
            ContentResponse probe = second.http.newRequest(GovernanceIT.base(second) + "/v1/models")
                    .headers(h -> h.put("Authorization", "Bearer " + key)).send();
            if (probe.getStatus() == 200) {
                return created;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the second instance never learned the key");
    }

    @Test
    @Timeout(60)
    void oneKeysRequestsPerMinuteHoldAcrossBothInstances() throws Exception {
        String key = sharedKey("\"limits\":{\"requests_per_minute\":4}").path("key").asText();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(GovernanceIT.chat(i % 2 == 0 ? first : second, key, "chat", "").getStatus());
        }
        assertThat(statuses).containsExactly(200, 200, 200, 200, 429, 429);
    }

    @Test
    @Timeout(120)
    void oneKeysBudgetHoldsAcrossBothInstancesUnderConcurrency() throws Exception {
        JsonNode created = sharedKey("\"budget\":{\"amount\":\"0.30\",\"period\":\"daily\"}");
        String key = created.path("key").asText();
        String id = created.path("id").asText();
        List<Future<ContentResponse>> calls = new ArrayList<>();
        int ok = 0;
        try (ExecutorService threads = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                GatewayHarness instance = i % 2 == 0 ? first : second;
                calls.add(threads.submit(() -> GovernanceIT.chat(instance, key, "slow", ",\"max_tokens\":20")));
            }
            for (Future<ContentResponse> call : calls) {
                int status = call.get(60, TimeUnit.SECONDS).getStatus();
                assertThat(status).isIn(200, 402);
                ok += status == 200 ? 1 : 0;
            }
        }
        assertThat(ok).isPositive().isLessThan(50);
        JsonNode budget = GovernanceIT.awaitSettled(second, id);
        assertThat(new BigDecimal(budget.path("spent").asText())).isLessThanOrEqualTo(new BigDecimal("0.30"));

        // Spend it down through the first instance; the second refuses at once, with nothing to wait for.
        while (GovernanceIT.chat(first, key, "chat", ",\"max_tokens\":20").getStatus() == 200) {
            GovernanceIT.awaitSettled(first, id);
        }
        ContentResponse refused = GovernanceIT.chat(second, key, "chat", ",\"max_tokens\":20");
        assertThat(refused.getStatus()).isEqualTo(402);
        JsonNode report = GovernanceIT.admin(second, HttpMethod.GET, "/admin/v1/keys/" + id, null);
        assertThat(new BigDecimal(report.path("budget").path("spent").asText()))
                .isLessThanOrEqualTo(new BigDecimal("0.30"));
    }
}
