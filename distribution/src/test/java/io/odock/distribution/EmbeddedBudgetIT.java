package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.odock.distribution.GovernanceIT.ADMIN_TOKEN;
import static io.odock.distribution.GovernanceIT.admin;
import static io.odock.distribution.GovernanceIT.awaitSettled;
import static io.odock.distribution.GovernanceIT.chat;
import static io.odock.distribution.GovernanceIT.createKey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Budgets on the embedded H2, where the ledger lives in memory and writes its spend behind: the same exact admission
 * under concurrency as on a shared database, and the spend still there after a restart.
 */
class EmbeddedBudgetIT {
    private static final String CONFIG = """
            admin: { token: "%s" }
            database: { url: "jdbc:h2:file:%s;MODE=MySQL;DATABASE_TO_LOWER=TRUE" }
            budgets: { currency: USD, defaultMaxOutputTokens: 50 }
            providers:
              - { id: openai, type: openai, baseUrl: "%s", apiKey: "sk-embedded" }
            models:
              - name: slow
                deployments: [ { provider: openai, model: slow-first-byte } ]
                pricing: { inputPerMTok: 1000, outputPerMTok: 2000 }
            """;
    private static FakeOpenAiUpstream upstream;
    private static Path data;

    @BeforeAll
    static void start() throws Exception {
        upstream = new FakeOpenAiUpstream();
        data = Files.createTempDirectory("odock-embedded-budget").resolve("odock");
    }

    @AfterAll
    static void stop() throws Exception {
        GatewayHarness.closeAll(upstream);
    }

    private static GatewayHarness gateway() throws Exception {
        return GatewayHarness.start(CONFIG.formatted(ADMIN_TOKEN, data, upstream.baseUrl()), Map.of());
    }

    @Test
    @Timeout(120)
    void concurrentCallsCannotOverspendAndTheSpendOutlivesARestart() throws Exception {
        String key;
        String id;
        BigDecimal spent;
        try (GatewayHarness first = gateway()) {
            JsonNode created = createKey(first, "\"budget\":{\"amount\":\"0.20\",\"period\":\"total\"}");
            key = created.path("key").asText();
            id = created.path("id").asText();
            List<Future<ContentResponse>> calls = new ArrayList<>();
            int ok = 0;
            int refused = 0;
            try (ExecutorService threads = Executors.newFixedThreadPool(50)) {
                for (int i = 0; i < 50; i++) {
                    calls.add(threads.submit(() -> chat(first, key, "slow", ",\"max_tokens\":20")));
                }
                for (Future<ContentResponse> call : calls) {
                    int status = call.get(60, TimeUnit.SECONDS).getStatus();
                    ok += status == 200 ? 1 : 0;
                    refused += status == 402 ? 1 : 0;
                }
            }
            assertThat(ok).isPositive();
            assertThat(refused).isPositive();
            assertThat(ok + refused).isEqualTo(50);
            spent = new BigDecimal(awaitSettled(first, id).path("spent").asText());
            assertThat(spent).isPositive().isLessThanOrEqualTo(new BigDecimal("0.20"));
        } // A graceful stop writes the spend not yet written.

        try (GatewayHarness second = gateway()) {
            JsonNode budget = admin(second, HttpMethod.GET, "/admin/v1/keys/" + id, null).path("budget");
            assertThat(new BigDecimal(budget.path("spent").asText())).isEqualByComparingTo(spent);
            assertThat(budget.path("reserved").asText()).isEqualTo("0.00");
            // What is left cannot cover a call whose ceiling is the whole budget.
            ContentResponse refused = chat(second, key, "slow", ",\"max_tokens\":100000");
            assertThat(refused.getStatus()).as(refused.getContentAsString()).isEqualTo(402);
        }
    }
}
