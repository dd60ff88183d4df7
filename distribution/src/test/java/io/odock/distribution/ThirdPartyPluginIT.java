package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.testsupport.PluginJars;
import io.odock.distribution.fixtures.BrokenAtLoadBlockerFactory;
import io.odock.distribution.fixtures.BrokenAtRequestBlockerFactory;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A third party's plugin in the real distribution, as an operator installs it: the sample Mistral provider's zip (as
 * its own build makes it; it is not bundled) dropped into {@code plugins/} of an unpacked tree, a {@code mistral}
 * provider in {@code conf/odock.yaml}, {@code bin/odock start}, the plugin listed by {@code bin/odock plugins}, and
 * calls to the unified endpoint served through it by a fake Mistral server. The bundled {@code blocker-rules} plugin
 * guards the same gateway. Then third-party blockers that throw, at a request or when created: the gateway keeps
 * running and refuses what they should have inspected (fail closed, 500 {@code plugin_error}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThirdPartyPluginIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeMistralUpstream mistral;
    private static UnpackedDistribution odock;
    private static HttpClient http;
    private static String key;

    @BeforeAll
    static void install() throws Exception {
        mistral = new FakeMistralUpstream();
        odock = new UnpackedDistribution(Map.of("MISTRAL_API_KEY", FakeMistralUpstream.KEY));
        Path sample = samplePluginZip();
        Files.copy(sample, odock.plugins().resolve(sample.getFileName()));
        odock.configure("""
                providers:
                  - { id: mistral-eu, type: mistral, baseUrl: "%s", apiKey: "${MISTRAL_API_KEY}", timeout: 20s }
                models:
                  - { name: le-chat, deployments: [ { provider: mistral-eu, model: mistral-small-latest } ] }
                plugins:
                  dir: plugins
                  mistral: { safePrompt: true }
                  blocker-rules:
                    rules:
                      - id: project-header
                        header: { name: x-project, matches: "[a-z0-9-]{3,40}" }
                        reason: "Send your project in x-project"
                """.formatted(mistral.baseUrl()));
        http = new HttpClient();
        http.start();
    }

    @AfterAll
    static void uninstall() throws Exception {
        if (http != null) {
            http.stop();
        }
        GatewayHarness.closeAll(odock, mistral);
    }

    /** The sample plugin's zip, copied out of the reactor by the distribution's build. */
    private static Path samplePluginZip() throws Exception {
        Path dir = Path.of(System.getProperty("odock.sample.plugins.dir"));
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("odock-provider-mistral")
                    && p.getFileName().toString().endsWith(".zip")).findFirst().orElseThrow();
        }
    }

    private static ContentResponse chat(String body, Map<String, String> headers) throws Exception {
        return http.POST(odock.baseUrl() + "/v1/llm/chat")
                .headers(h -> {
                    h.put(HttpHeader.AUTHORIZATION, "Bearer " + key);
                    headers.forEach(h::put);
                })
                .body(new StringRequestContent("application/json", body))
                .timeout(30, TimeUnit.SECONDS).send();
    }

    private static ContentResponse chat(String text, String project) throws Exception {
        return chat(JSON.writeValueAsString(Map.of("model", "le-chat",
                "messages", List.of(Map.of("role", "user", "content", text)))), Map.of("x-project", project));
    }

    private static JsonNode error(ContentResponse response, int status) throws Exception {
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        return JSON.readTree(response.getContentAsString()).path("error");
    }

    private static void start() throws Exception {
        UnpackedDistribution.Run start = odock.odock("start");
        assertThat(start.exitCode()).as(start.output()).isZero();
    }

    private static void stop() throws Exception {
        UnpackedDistribution.Run stop = odock.odock("stop");
        assertThat(stop.exitCode()).as(stop.output()).isZero();
    }

    @Test
    @Order(1)
    void theDroppedPluginIsLoadedAndListed() throws Exception {
        start();

        UnpackedDistribution.Run plugins = odock.odock("plugins");
        assertThat(plugins.exitCode()).as(plugins.output()).isZero();
        assertThat(plugins.output().lines().filter(line -> line.startsWith("provider-mistral")).findFirst())
                .hasValueSatisfying(line -> assertThat(line).contains("1.0.0").contains("provider mistral"));
        assertThat(plugins.output()).contains("blocker blocker-rules").doesNotContain("Skipped");

        UnpackedDistribution.Run created = odock.odock("keys", "create", "--name", "third-party", "--json");
        assertThat(created.exitCode()).as(created.output()).isZero();
        key = JSON.readTree(created.output().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow())
                .path("key").asText();
    }

    @Test
    @Order(2)
    void servesTheUnifiedEndpointThroughMistral() throws Exception {
        ContentResponse response = chat("bonjour", "billing-42");

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.getContentAsString());
        assertThat(answer.path("provider").asText()).isEqualTo("mistral");
        assertThat(answer.path("content").asText()).isEqualTo("Mistral says: bonjour");
        assertThat(answer.path("input_tokens").asLong()).isEqualTo(11);
        assertThat(answer.path("output_tokens").asLong()).isEqualTo(4);
        assertThat(answer.path("deployment").asText()).isEqualTo("mistral-eu/mistral-small-latest");

        FakeMistralUpstream.Call call = mistral.last();
        assertThat(call.authorization()).isEqualTo("Bearer " + FakeMistralUpstream.KEY);
        assertThat(call.body().path("model").asText()).isEqualTo("mistral-small-latest");
        assertThat(call.body().path("safe_prompt").asBoolean()).as("plugins.mistral.safePrompt").isTrue();
    }

    @Test
    @Order(3)
    void streamsThroughMistral() throws Exception {
        ContentResponse response = chat("""
                {"model":"le-chat","stream":true,"messages":[{"role":"user","content":"streamed hello"}]}
                """, Map.of("x-project", "billing-42"));

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        List<String> data = response.getContentAsString().lines().filter(l -> l.startsWith("data: "))
                .map(l -> l.substring(6)).toList();
        assertThat(data.getLast()).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        for (String event : data.subList(0, data.size() - 1)) {
            text.append(JSON.readTree(event).path("choices").path(0).path("delta").path("content").asText(""));
        }
        assertThat(text.toString()).isEqualTo("Mistral says: streamed hello");
        assertThat(mistral.last().body().path("stream").asBoolean()).isTrue();
    }

    @Test
    @Order(4)
    void theBundledRulesBlockerRefusesBeforeMistralIsCalled() throws Exception {
        int calls = mistral.callCount();

        JsonNode missing = error(chat(JSON.writeValueAsString(Map.of("model", "le-chat",
                "messages", List.of(Map.of("role", "user", "content", "hi")))), Map.of()), 403);
        JsonNode malformed = error(chat("hi", "Not A Project!"), 403);

        assertThat(missing.path("code").asText()).isEqualTo("plugin_blocked");
        assertThat(missing.path("message").asText()).isEqualTo("Send your project in x-project");
        assertThat(malformed.path("code").asText()).isEqualTo("plugin_blocked");
        assertThat(mistral.callCount()).as("refused before routing").isEqualTo(calls);
        stop();
    }

    @Test
    @Order(5)
    void aBlockerThatThrowsOnARequestFailsThatRequestClosed() throws Exception {
        PluginJars.jar(odock.plugins(), "acme-flaky", ">=0.1.0", BrokenAtRequestBlockerFactory.class);
        start();
        int calls = mistral.callCount();

        JsonNode failed = error(chat(JSON.writeValueAsString(Map.of("model", "le-chat",
                "messages", List.of(Map.of("role", "user", "content", "hi")))),
                Map.of("x-project", "billing-42", "x-break", "yes")), 500);

        assertThat(failed.path("code").asText()).isEqualTo("plugin_error");
        assertThat(failed.path("message").asText()).doesNotContain("broke");
        assertThat(mistral.callCount()).as("a failed blocker lets nothing through").isEqualTo(calls);
        assertThat(odock.odock("status").exitCode()).as("the gateway still runs").isZero();
        assertThat(chat("still served", "billing-42").getStatus()).isEqualTo(200);
        stop();
        Files.delete(odock.plugins().resolve("acme-flaky.jar"));
    }

    @Test
    @Order(6)
    void aBlockerThatFailsToLoadRefusesEveryRequestWhileTheGatewayRuns() throws Exception {
        PluginJars.jar(odock.plugins(), "acme-policy", ">=0.1.0", BrokenAtLoadBlockerFactory.class);
        start();
        int calls = mistral.callCount();

        UnpackedDistribution.Run plugins = odock.odock("plugins");
        assertThat(plugins.output()).contains("acme-policy/broken-at-load")
                .contains("cannot reach the policy server").contains("provider-mistral");
        JsonNode ready = JSON.readTree(http.GET(odock.baseUrl() + "/readyz").getContentAsString());
        assertThat(ready.path("failed_plugins").toString()).contains("acme-policy/broken-at-load");

        JsonNode refused = error(chat("hi", "billing-42"), 500);
        assertThat(refused.path("code").asText()).isEqualTo("plugin_error");
        assertThat(mistral.callCount()).as("a blocker that never loaded lets nothing through").isEqualTo(calls);
        assertThat(odock.odock("status").exitCode()).isZero();

        stop();
        assertThat(odock.log()).contains("Plugin skipped: acme-policy/broken-at-load")
                .doesNotContain(FakeMistralUpstream.KEY).doesNotContain(key);
    }
}
