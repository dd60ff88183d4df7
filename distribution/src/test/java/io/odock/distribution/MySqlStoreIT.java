package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.testsupport.Databases;
import io.odock.core.usage.UsageRecord;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway with MySQL selected in odock.yaml (the real MariaDB on 127.0.0.1:3306, through Connector/J): keys made
 * through the admin API work on the request path, and usage lands in MySQL.
 */
class MySqlStoreIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Databases.TestDatabase database;
    private static GatewayHarness gateway;
    private static HttpClient http;
    private static String adminToken;

    @BeforeAll
    static void start() throws Exception {
        database = Databases.fresh("mariadb");
        gateway = GatewayHarness.start("""
                database: { url: "%s", user: root, password: "${DB_PASSWORD:-}" }
                providers: [ { id: local, type: echo, baseUrl: "http://localhost/echo" } ]
                models:
                  - name: demo
                    deployments: [ { provider: local, model: echo-1 } ]
                    pricing: { inputPerMTok: 1, outputPerMTok: 2 }
                """.formatted(database.config().url()), Map.of());
        adminToken = Files.readString(gateway.home.resolve("data/admin.token")).trim();
        http = gateway.http;
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private static ContentResponse admin(String method, String path, String token, String body) throws Exception {
        var request = http.newRequest(gateway.baseUrl() + path).method(method).timeout(30, TimeUnit.SECONDS);
        if (token != null) {
            request.headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + token));
        }
        if (body != null) {
            request.body(new StringRequestContent("application/json", body));
        }
        return request.send();
    }

    @Test
    void keysFromTheAdminApiServeChatsAndUsageLandsInMySql() throws Exception {
        ContentResponse created = admin("POST", "/admin/v1/keys", adminToken, "{\"name\":\"mysql\",\"models\":[\"demo\"]}");
        assertThat(created.getStatus()).as(created.getContentAsString()).isEqualTo(201);
        JsonNode key = JSON.readTree(created.getContentAsString());

        ContentResponse chat = http.POST(gateway.baseUrl() + "/v1/chat/completions")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key.path("key").asText())
                        .put("x-request-id", "mysql-usage-1"))
                .body(new StringRequestContent("application/json",
                        "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"stored in mysql\"}]}"))
                .timeout(30, TimeUnit.SECONDS).send();
        assertThat(chat.getStatus()).isEqualTo(200);

        gateway.server.usage().flush();
        List<UsageRecord> usage = gateway.server.usage().findByKey(key.path("id").asText(), 10);
        assertThat(usage).singleElement().satisfies(record -> {
            assertThat(record.requestId()).isEqualTo("mysql-usage-1");
            assertThat(record.outputTokens()).isPositive();
            assertThat(record.costUsd()).isPresent();
            assertThat(record.providerId()).contains("local");
        });

        JsonNode listed = JSON.readTree(admin("GET", "/admin/v1/keys", adminToken, null).getContentAsString());
        assertThat(listed.path("data").path(0).path("id").asText()).isEqualTo(key.path("id").asText());
        assertThat(listed.toString()).doesNotContain(key.path("key").asText());
    }

    @Test
    void theAdminApiNeedsItsToken() throws Exception {
        for (String token : new String[]{null, "not-the-admin-token-at-all"}) {
            ContentResponse response = admin("GET", "/admin/v1/keys", token, null);
            assertThat(response.getStatus()).isEqualTo(401);
            JsonNode error = JSON.readTree(response.getContentAsString()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("admin_unauthorized");
            assertThat(error.path("request_id").asText()).isNotBlank();
        }
        ContentResponse unknown = admin("POST", "/admin/v1/keys/key_nope/revoke", adminToken, null);
        assertThat(unknown.getStatus()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.getContentAsString()).path("error").path("code").asText()).isEqualTo("not_found");
        ContentResponse invalid = admin("POST", "/admin/v1/keys", adminToken, "{\"name\":7}");
        assertThat(invalid.getStatus()).isEqualTo(400);
        ContentResponse version = admin("GET", "/admin/v1/version", adminToken, null);
        assertThat(JSON.readTree(version.getContentAsString()).path("spi_version").asText()).isEqualTo("0.1.0");
    }

    @Test
    void healthAndReadiness() throws Exception {
        assertThat(admin("GET", "/healthz", null, null).getStatus()).isEqualTo(200);
        JsonNode ready = JSON.readTree(admin("GET", "/readyz", null, null).getContentAsString());
        assertThat(ready.path("status").asText()).isEqualTo("ready");
        assertThat(ready.path("plugins").toString()).contains("provider-openai", "provider-echo");
    }
}
