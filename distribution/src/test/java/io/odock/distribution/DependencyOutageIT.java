package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.testsupport.Databases;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database and Redis go away mid-run (a TCP proxy in front of each is cut): requests that need them are refused
 * with 503, never admitted unmetered; the others go on while the usage buffer has room; once both are back, every
 * request made meanwhile has its usage record.
 */
class DependencyOutageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = """
            admin: { token: "%s" }
            database: { url: "jdbc:mysql://127.0.0.1:%d/%s", user: root, password: "${DB_PASSWORD:-}",
                        connectionTimeout: 1s }
            keys: { refreshInterval: 1s }
            usage: { bufferCapacity: 8 }
            ratelimit: { backend: redis, redis: "redis://127.0.0.1:%d", redisTimeout: 300ms }
            providers:
              - { id: openai, type: openai, baseUrl: "%s", apiKey: "sk-outage" }
            models:
              - name: chat
                deployments: [ { provider: openai, model: gpt-4o-mini } ]
                pricing: { inputPerMTok: 1, outputPerMTok: 2 }
            """;
    private static Databases.TestDatabase database;
    private static TcpProxy databaseProxy;
    private static TcpProxy redisProxy;
    private static FakeOpenAiUpstream upstream;
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        database = Databases.fresh("mariadb");
        databaseProxy = new TcpProxy(3306);
        redisProxy = new TcpProxy(6379);
        upstream = new FakeOpenAiUpstream();
        String name = database.config().url().substring(database.config().url().lastIndexOf('/') + 1);
        gateway = GatewayHarness.start(CONFIG.formatted(GovernanceIT.ADMIN_TOKEN, databaseProxy.port(), name,
                redisProxy.port(), upstream.baseUrl()), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        GatewayHarness.closeAll(gateway, upstream, redisProxy, databaseProxy, database);
    }

    private static ContentResponse chat(String key) throws Exception {
        return GovernanceIT.chat(gateway, key, "chat", "");
    }

    private static String code(ContentResponse response) throws Exception {
        return JSON.readTree(response.getContentAsString()).path("error").path("code").asText();
    }

    @Test
    @Timeout(120)
    void theDatabaseGoesAwayAndComesBackWithoutLosingAUsageRecord() throws Exception {
        JsonNode plain = GovernanceIT.createKey(gateway, "");
        String plainId = plain.path("id").asText();
        String plainKey = plain.path("key").asText();
        JsonNode budgeted = GovernanceIT.createKey(gateway, "\"budget\":{\"amount\":\"10\"}");
        String budgetedKey = budgeted.path("key").asText();
        assertThat(chat(plainKey).getStatus()).isEqualTo(200);
        assertThat(chat(budgetedKey).getStatus()).isEqualTo(200);
        gateway.server.usage().flush();

        databaseProxy.cut();
        int plainCalls = 1;
        int budgetedCalls = 1;
        try {
            ContentResponse noLedger = chat(budgetedKey);
            budgetedCalls++;
            assertThat(noLedger.getStatus()).isEqualTo(503);
            assertThat(code(noLedger)).isEqualTo("budget_unavailable");
            assertThat(noLedger.getHeaders().get("Retry-After")).isNotNull();

            // Without a budget, calls go on while their records fit in the buffer; then they are refused too.
            int answered = 0;
            ContentResponse response;
            do {
                response = chat(plainKey);
                plainCalls++;
                if (response.getStatus() == 200) {
                    answered++;
                }
            } while (response.getStatus() == 200 && plainCalls < 50);
            assertThat(answered).isPositive();
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(code(response)).isEqualTo("usage_buffer_full");
            String ready = gateway.http.GET(GovernanceIT.base(gateway) + "/readyz").getContentAsString();
            assertThat(JSON.readTree(ready).path("database").asText()).isIn("down", "up");
        } finally {
            databaseProxy.restore();
        }

        // Back: queued records are written, and requests are admitted again.
        boolean written = false;
        for (int i = 0; i < 100 && !written; i++) {
            try {
                gateway.server.usage().flush();
                written = gateway.server.usage().pending() == 0;
            } catch (RuntimeException e) {
                Thread.sleep(200);
            }
        }
        assertThat(written).isTrue();
        assertThat(chat(plainKey).getStatus()).isEqualTo(200);
        plainCalls++;
        assertThat(chat(budgetedKey).getStatus()).isEqualTo(200);
        budgetedCalls++;
        gateway.server.usage().flush();

        assertThat(recordsOf(plainId)).isEqualTo(plainCalls);
        assertThat(recordsOf(budgeted.path("id").asText())).isEqualTo(budgetedCalls);
        assertThat(gateway.allLogs()).doesNotContain(plainKey).doesNotContain(budgetedKey);
    }

    @Test
    @Timeout(60)
    void redisGoesAwayAndLimitedKeysGet503UntilItIsBack() throws Exception {
        String limited = GovernanceIT.createKey(gateway, "\"limits\":{\"requests_per_minute\":100}").path("key")
                .asText();
        String unlimited = GovernanceIT.createKey(gateway, "").path("key").asText();
        assertThat(chat(limited).getStatus()).isEqualTo(200);

        redisProxy.cut();
        try {
            ContentResponse refused = chat(limited);
            assertThat(refused.getStatus()).isEqualTo(503);
            assertThat(code(refused)).isEqualTo("rate_limit_unavailable");
            // A key with no limit has nothing to meter in Redis.
            assertThat(chat(unlimited).getStatus()).isEqualTo(200);
            ContentResponse ready = gateway.http.GET(GovernanceIT.base(gateway) + "/readyz");
            assertThat(ready.getStatus()).isEqualTo(503);
            assertThat(JSON.readTree(ready.getContentAsString()).path("redis").asText()).isEqualTo("down");
        } finally {
            redisProxy.restore();
        }
        int status = 0;
        for (int i = 0; i < 100 && status != 200; i++) {
            status = chat(limited).getStatus();
            if (status != 200) {
                Thread.sleep(200);
            }
        }
        assertThat(status).isEqualTo(200);
        assertThat(gateway.http.GET(GovernanceIT.base(gateway) + "/readyz").getStatus()).isEqualTo(200);
    }

    private static int recordsOf(String keyId) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.config().url(), "root", "");
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM usage_records WHERE key_id = '" + keyId
                     + "'")) {
            row.next();
            return row.getInt(1);
        }
    }
}
