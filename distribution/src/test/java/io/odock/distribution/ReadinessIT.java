package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.testsupport.Databases;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness follows the database: {@code /readyz} turns 503 when MariaDB cannot be reached (the connection cut by a
 * proxy in front of the real server) and 200 again when it comes back, while {@code /healthz} stays 200.
 */
class ReadinessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Databases.TestDatabase database;
    private static TcpProxy proxy;
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        database = Databases.fresh("mariadb");
        proxy = new TcpProxy(3306);
        String url = database.config().url().replace("127.0.0.1:3306", "127.0.0.1:" + proxy.port())
                .replace("localhost:3306", "127.0.0.1:" + proxy.port());
        assertThat(url).contains(":" + proxy.port());
        gateway = GatewayHarness.start("""
                database: { url: "%s", user: root, password: "${DB_PASSWORD:-}" }
                providers: [ { id: local, type: echo, baseUrl: "http://localhost/echo" } ]
                models: [ { name: demo, deployments: [ { provider: local, model: echo-1 } ] } ]
                """.formatted(url), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        GatewayHarness.closeAll(gateway, proxy, database);
    }

    private static JsonNode readiness(int status) throws Exception {
        ContentResponse response = gateway.http.GET(gateway.baseUrl().replaceAll("/$", "") + "/readyz");
        return response.getStatus() == status ? JSON.readTree(response.getContentAsString()) : null;
    }

    /** Polls readiness until it answers {@code status}; the database check runs every 2 s in the background. */
    private static JsonNode awaitReadiness(int status) throws Exception {
        for (int i = 0; i < 300; i++) {
            JsonNode answer = readiness(status);
            if (answer != null) {
                return answer;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("/readyz never answered " + status);
    }

    @Test
    @Timeout(120)
    void readinessTurnsUnreadyWhileTheDatabaseIsAwayAndReadyWhenItReturns() throws Exception {
        assertThat(awaitReadiness(200).path("database").asText()).isEqualTo("up");

        proxy.cut();
        JsonNode away = awaitReadiness(503);
        assertThat(away.path("database").asText()).isEqualTo("down");
        assertThat(away.path("status").asText()).isEqualTo("degraded");
        assertThat(gateway.http.GET(gateway.baseUrl().replaceAll("/$", "") + "/healthz").getStatus())
                .isEqualTo(200);
        String metrics = gateway.http.GET(gateway.baseUrl().replaceAll("/$", "") + "/metrics").getContentAsString();
        assertThat(metrics).contains("odock_database_up 0");

        proxy.restore();
        assertThat(awaitReadiness(200).path("database").asText()).isEqualTo("up");
    }
}
