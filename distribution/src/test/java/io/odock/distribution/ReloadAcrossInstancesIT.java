package io.odock.distribution;

import io.odock.core.testsupport.Databases;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances sharing one MariaDB database: a reload asked of one reaches the other, which reloads its own
 * configuration file within seconds.
 */
class ReloadAcrossInstancesIT {
    private static final String CONFIG = """
            database: { url: "%s", user: root, password: "${DB_PASSWORD:-}" }
            keys: { refreshInterval: 1s }
            providers:
              - { id: openai, type: openai, baseUrl: "%s", apiKey: "sk-cluster" }
            models:
              - { name: chat, deployments: [ { provider: openai, model: %s } ] }
            """;
    private static Databases.TestDatabase database;
    private static FakeOpenAiUpstream upstream;
    private static GatewayHarness first;
    private static GatewayHarness second;

    @BeforeAll
    static void start() throws Exception {
        database = Databases.fresh("mariadb");
        upstream = new FakeOpenAiUpstream();
        String yaml = CONFIG.formatted(database.config().url(), upstream.baseUrl(), "gpt-4o-mini");
        first = GatewayHarness.start(yaml, Map.of());
        second = GatewayHarness.start(yaml, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        GatewayHarness.closeAll(first, second, upstream, database);
    }

    private static void switchModel(GatewayHarness gateway, String model) throws Exception {
        Path conf = gateway.home.resolve("conf/odock.yaml");
        Files.writeString(conf, Files.readString(conf).replace("model: gpt-4o-mini", "model: " + model));
    }

    private static String upstreamModelThrough(GatewayHarness gateway, String key) throws Exception {
        ContentResponse response = call(gateway, key);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return upstream.last().body().path("model").asText();
    }

    private static ContentResponse call(GatewayHarness gateway, String key) throws Exception {
        return gateway.http.POST(gateway.baseUrl().replaceAll("/$", "") + "/v1/chat/completions")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key))
                .body(new StringRequestContent("application/json",
                        "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .timeout(30, TimeUnit.SECONDS).send();
    }

    @Test
    @Timeout(60)
    void aReloadOnOneInstanceReachesTheOther() throws Exception {
        // A key created on one instance works on the other (shared database).
        String key = first.createKey("cluster", List.of());
        for (int i = 0; i < 100 && call(second, key).getStatus() == 401; i++) {
            Thread.sleep(100);
        }
        assertThat(upstreamModelThrough(second, key)).isEqualTo("gpt-4o-mini");

        switchModel(first, "gpt-4.1-mini");
        switchModel(second, "gpt-4.1-mini");
        String token = Files.readString(first.home.resolve("data/admin.token")).trim();
        ContentResponse reloaded = first.http.POST(first.baseUrl().replaceAll("/$", "") + "/admin/v1/reload")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + token)).send();
        assertThat(reloaded.getStatus()).isEqualTo(200);
        assertThat(upstreamModelThrough(first, key)).isEqualTo("gpt-4.1-mini");

        String seenBySecond = "";
        for (int i = 0; i < 100 && !seenBySecond.equals("gpt-4.1-mini"); i++) {
            Thread.sleep(100);
            seenBySecond = upstreamModelThrough(second, key);
        }
        assertThat(seenBySecond).as("the second instance reloaded its own file").isEqualTo("gpt-4.1-mini");
    }
}
