package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configuration reload through the admin API: a model's new deployment and a new model serve without a restart; an
 * invalid file is refused with the problem and the running configuration keeps serving.
 */
class ReloadIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = """
            providers:
              - { id: openai, type: openai, baseUrl: "%s", apiKey: "sk-reload" }
            models:
              - { name: chat, deployments: [ { provider: openai, model: %s } ] }
            %s
            """;
    private static FakeOpenAiUpstream upstream;
    private static GatewayHarness gateway;
    private static String key;
    private static String adminToken;
    private static Path conf;

    @BeforeAll
    static void start() throws Exception {
        upstream = new FakeOpenAiUpstream();
        gateway = GatewayHarness.start(CONFIG.formatted(upstream.baseUrl(), "gpt-4o-mini", ""), Map.of());
        key = gateway.createKey("reload", List.of());
        adminToken = Files.readString(gateway.home.resolve("data/admin.token")).trim();
        conf = gateway.home.resolve("conf/odock.yaml");
    }

    @AfterAll
    static void stop() throws Exception {
        GatewayHarness.closeAll(gateway, upstream);
    }

    /** Rewrites the configuration file, keeping the harness's plugins section. */
    private static void rewrite(String yaml) throws Exception {
        String current = Files.readString(conf);
        Files.writeString(conf, yaml + current.substring(current.indexOf("\nplugins:")));
    }

    private static ContentResponse reload() throws Exception {
        return gateway.http.POST(base() + "/admin/v1/reload")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + adminToken)).send();
    }

    private static String base() {
        return gateway.baseUrl().replaceAll("/$", "");
    }

    private static ContentResponse chat(String model) throws Exception {
        return chat(model, key);
    }

    private static ContentResponse chat(String model, String apiKey) throws Exception {
        return gateway.http.POST(base() + "/v1/chat/completions")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + apiKey))
                .body(new StringRequestContent("application/json",
                        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .timeout(30, TimeUnit.SECONDS).send();
    }

    @Test
    void aReloadChangesDeploymentsWithoutARestartAndAnInvalidOneChangesNothing() throws Exception {
        assertThat(chat("chat").getStatus()).isEqualTo(200);
        assertThat(upstream.last().body().path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(chat("added").getStatus()).isEqualTo(400);

        rewrite(CONFIG.formatted(upstream.baseUrl(), "gpt-4.1-mini",
                "  - { name: added, deployments: [ { provider: openai, model: gpt-4.1-nano } ] }"));
        ContentResponse reloaded = reload();
        assertThat(reloaded.getStatus()).as(reloaded.getContentAsString()).isEqualTo(200);
        JsonNode outcome = JSON.readTree(reloaded.getContentAsString());
        assertThat(outcome.path("models").asInt()).isEqualTo(2);
        assertThat(outcome.path("restart_required").isEmpty()).isTrue();

        assertThat(chat("chat").getStatus()).isEqualTo(200);
        assertThat(upstream.last().body().path("model").asText()).isEqualTo("gpt-4.1-mini");
        assertThat(chat("added").getStatus()).isEqualTo(200);
        assertThat(upstream.last().body().path("model").asText()).isEqualTo("gpt-4.1-nano");

        String good = Files.readString(conf);
        Files.writeString(conf, good.replace("provider: openai, model: gpt-4.1-nano", "provider: openia, model: x"));
        ContentResponse refused = reload();
        assertThat(refused.getStatus()).isEqualTo(400);
        JsonNode error = JSON.readTree(refused.getContentAsString()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_config");
        assertThat(error.path("message").asText()).contains("openia");
        assertThat(chat("added").getStatus()).as("the running configuration keeps serving").isEqualTo(200);
        assertThat(upstream.last().body().path("model").asText()).isEqualTo("gpt-4.1-nano");

        Files.writeString(conf, "server: { maxBodyBytes: 4096 }\n" + good);
        JsonNode restart = JSON.readTree(reload().getContentAsString());
        assertThat(restart.path("restart_required").toString()).contains("server");
    }

    @Test
    void perKeyLimitDefaultsApplyFromTheNextRequestAfterAReload() throws Exception {
        String yaml = CONFIG.formatted(upstream.baseUrl(), "gpt-4o-mini", "");
        try {
            rewrite(yaml + "ratelimit: { defaults: { requestsPerDay: 1 } }\n");
            assertThat(reload().getStatus()).isEqualTo(200);
            String limited = gateway.createKey("defaults", List.of());
            ContentResponse first = chat("chat", limited);
            assertThat(first.getStatus()).isEqualTo(200);
            ContentResponse second = chat("chat", limited);
            assertThat(second.getStatus()).isEqualTo(429);
            assertThat(JSON.readTree(second.getContentAsString()).path("error").path("code").asText())
                    .isEqualTo("quota_exceeded");
        } finally {
            rewrite(yaml);
            assertThat(reload().getStatus()).isEqualTo(200);
        }
    }

    @Test
    void reloadingNeedsTheAdminToken() throws Exception {
        ContentResponse response = gateway.http.POST(base() + "/admin/v1/reload").send();
        assertThat(response.getStatus()).isEqualTo(401);
    }
}
