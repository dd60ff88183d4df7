package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.testsupport.PluginJars;
import io.odock.distribution.fixtures.AuditFileListenerFactory;
import io.odock.distribution.fixtures.TopicBlockerFactory;
import io.odock.distribution.fixtures.WordFilterFactory;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Blocking and SafetySec plugins, built into a real plugin jar and dropped into {@code plugins/} beside the built-in
 * ones, acting at their moments on real requests: block before routing, redact before the upstream call, block an
 * answer, redact and block streamed text, and fail closed when a plugin throws.
 */
class SafetyAndBlockersIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static GatewayHarness gateway;
    private static HttpClient http;
    private static String key;
    private static Path audit;

    @BeforeAll
    static void start() throws Exception {
        Path plugins = Files.createTempDirectory("odock-plugins");
        for (String builtIn : List.of("provider-openai", "provider-echo")) {
            Files.createSymbolicLink(plugins.resolve(builtIn), GatewayHarness.pluginsDir().resolve(builtIn));
        }
        PluginJars.jar(plugins, "acme-guard", ">=0.1.0", TopicBlockerFactory.class, WordFilterFactory.class,
                AuditFileListenerFactory.class);
        audit = Files.createTempFile("odock-audit", ".log");
        gateway = GatewayHarness.start("""
                providers: [ { id: local, type: echo, baseUrl: "http://localhost/echo" } ]
                models: [ { name: demo, deployments: [ { provider: local, model: echo-1 } ] } ]
                """, Map.of(), plugins, Map.of("topic-blocker", "{\"topic\": \"forbidden-topic\"}",
                "audit-file", "{\"file\": \"" + audit + "\"}", "order", "[ word-filter, topic-blocker ]"));
        key = gateway.createKey("guarded", List.of());
        http = gateway.http;
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static ContentResponse chat(String text, boolean stream) throws Exception {
        return http.POST(gateway.baseUrl() + "/v1/chat/completions")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key))
                .body(new StringRequestContent("application/json", JSON.writeValueAsString(Map.of("model", "demo",
                        "stream", stream, "messages", List.of(Map.of("role", "user", "content", text))))))
                .timeout(30, TimeUnit.SECONDS).send();
    }

    private static JsonNode error(ContentResponse response, int status) throws Exception {
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        return JSON.readTree(response.getContentAsString()).path("error");
    }

    @Test
    void bothPluginsAreLoadedFromTheDroppedJar() {
        assertThat(gateway.allLogs()).contains("Loaded plugin acme-guard 1.2.3 (safety word-filter, blocker topic-blocker, "
                + "listener audit-file)");
    }

    @Test
    void aBlockerRefusesBeforeRouting() throws Exception {
        JsonNode error = error(chat("tell me about forbidden-topic", false), 403);

        assertThat(error.path("code").asText()).isEqualTo("request_blocked");
        assertThat(error.path("message").asText()).isEqualTo("Requests about this topic are not allowed here");
        assertThat(error.path("type").asText()).isEqualTo("permission_error");

        String metrics = gateway.http.GET(gateway.baseUrl().replaceAll("/$", "") + "/metrics").getContentAsString();
        assertThat(metrics).containsPattern("odock_plugin_executions_total\\{plugin=\"[^\"]+\",moment=\"before_routing\","
                + "verdict=\"block\"} [1-9]")
                .contains("odock_plugin_duration_seconds_count{plugin=");
    }

    @Test
    void aRedactionHappensBeforeTheUpstreamSeesTheRequest() throws Exception {
        ContentResponse response = chat("my password is hunter2", false);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(JSON.readTree(response.getContentAsString()).path("choices").path(0).path("message")
                .path("content").asText()).isEqualTo("Echo: my password is [REDACTED]");
    }

    @Test
    void anAnswerCanBeBlocked() throws Exception {
        JsonNode error = error(chat("this is classified", false), 403);

        assertThat(error.path("code").asText()).isEqualTo("safety_blocked");
        assertThat(error.path("message").asText()).doesNotContain("classified");
    }

    @Test
    void streamedTextIsInspectedPieceByPiece() throws Exception {
        ContentResponse redacted = chat("the secret plan", true);
        StringBuilder text = new StringBuilder();
        for (String line : redacted.getContentAsString().lines().filter(l -> l.startsWith("data: {")).toList()) {
            text.append(JSON.readTree(line.substring(6)).path("choices").path(0).path("delta").path("content").asText(""));
        }
        assertThat(text.toString()).isEqualTo("Echo: the [SECRET] plan");

        ContentResponse blocked = chat("a classified plan", true);
        assertThat(blocked.getStatus()).isEqualTo(200);
        List<String> events = blocked.getContentAsString().lines().filter(l -> l.startsWith("data: ")).toList();
        JsonNode last = JSON.readTree(events.getLast().substring(6));
        assertThat(last.path("error").path("code").asText()).isEqualTo("safety_blocked");
        assertThat(blocked.getContentAsString()).doesNotContain("classified");
    }

    @Test
    void everyPluginExecutionIsInTheUsageRecordAndReachesBackgroundListeners() throws Exception {
        ContentResponse response = http.POST(gateway.baseUrl() + "/v1/chat/completions")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key).put("x-request-id", "audited-call"))
                .body(new StringRequestContent("application/json", JSON.writeValueAsString(Map.of("model", "demo",
                        "messages", List.of(Map.of("role", "user", "content", "my password is hunter2"))))))
                .send();
        assertThat(response.getStatus()).isEqualTo(200);

        gateway.server.usage().flush();
        String keyId = gateway.server.keys().list().stream().filter(k -> k.name().equals("guarded")).findFirst()
                .orElseThrow().id();
        io.odock.core.usage.UsageRecord record = gateway.server.usage().findByKey(keyId, 50).stream()
                .filter(r -> r.requestId().equals("audited-call")).findFirst().orElseThrow();
        assertThat(record.details().plugins()).extracting(e -> e.plugin() + "/" + e.moment() + "/" + e.action())
                .containsExactly("topic-blocker/before_routing/allow", "word-filter/before_upstream/redact",
                        "word-filter/after_upstream/allow");
        assertThat(record.details().plugins().get(1).rules()).containsExactly("password");

        String line = null;
        for (int i = 0; i < 100 && line == null; i++) {
            line = Files.readAllLines(audit).stream().filter(l -> l.startsWith("audited-call ")).findFirst()
                    .orElse(null);
            if (line == null) {
                Thread.sleep(50);
            }
        }
        assertThat(line).isEqualTo("audited-call 200 - [topic-blocker/before_routing/allow, "
                + "word-filter/before_upstream/redact, word-filter/after_upstream/allow]");
    }

    @Test
    void blockerSettingsReloadWithoutARestartAndBadOnesChangeNothing() throws Exception {
        Path conf = gateway.home.resolve("conf/odock.yaml");
        String original = Files.readString(conf);
        try {
            Files.writeString(conf, original.replace("forbidden-topic", "moved-topic"));
            io.odock.core.reload.ConfigReload.Outcome outcome = gateway.server.reload();
            assertThat(outcome.restartRequired()).isEmpty();
            assertThat(chat("tell me about forbidden-topic", false).getStatus()).isEqualTo(200);
            assertThat(error(chat("tell me about moved-topic", false), 403).path("code").asText())
                    .isEqualTo("request_blocked");

            // The blocker requires its topic: a section without it is refused, and the running blocker stays.
            Files.writeString(conf, original.replace("{\"topic\": \"forbidden-topic\"}", "{}"));
            assertThatThrownBy(() -> gateway.server.reload()).isInstanceOfSatisfying(
                    io.odock.spi.GatewayException.class, e -> assertThat(e.getMessage()).contains("topic-blocker"));
            assertThat(chat("tell me about moved-topic", false).getStatus()).isEqualTo(403);
        } finally {
            Files.writeString(conf, original);
            gateway.server.reload();
        }
        assertThat(chat("tell me about forbidden-topic", false).getStatus()).isEqualTo(403);
    }

    @Test
    void aFailingPluginFailsTheRequestClosed() throws Exception {
        JsonNode error = error(chat("please explode", false), 500);

        assertThat(error.path("code").asText()).isEqualTo("plugin_error");
        assertThat(error.path("message").asText()).doesNotContain("the filter broke");
    }
}
