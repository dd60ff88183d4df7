package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** First-byte and total timeouts per provider and deployment, a caller asking for less, and failover on timeout. */
class TimeoutIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeOpenAiUpstream upstream;
    private static GatewayHarness gateway;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        upstream = new FakeOpenAiUpstream();
        gateway = GatewayHarness.start("""
                providers:
                  - { id: quick, type: openai, baseUrl: "%1$s", apiKey: "sk-q", timeout: 1s, firstByteTimeout: 500ms,
                      connectTimeout: 2s }
                  - { id: patient, type: openai, baseUrl: "%1$s", apiKey: "sk-p", timeout: 10s }
                models:
                  - { name: late-start, deployments: [ { provider: quick, model: slow-first-byte } ] }
                  - { name: late-body, deployments: [ { provider: quick, model: slow-body } ] }
                  - { name: long-stream, deployments: [ { provider: quick, model: slow-stream } ] }
                  - { name: overridden, deployments: [ { provider: patient, model: slow-first-byte,
                                                         firstByteTimeout: 300ms } ] }
                  - { name: patient-late, deployments: [ { provider: patient, model: slow-first-byte } ] }
                  - name: rescued
                    deployments: [ { provider: quick, model: slow-first-byte }, { provider: patient, model: gpt-4o-mini } ]
                """.formatted(upstream.baseUrl()), Map.of());
        key = gateway.createKey("timeouts", List.of());
    }

    @AfterAll
    static void stop() throws Exception {
        GatewayHarness.closeAll(gateway, upstream);
    }

    private static ContentResponse call(String route, String body) throws Exception {
        return gateway.http.POST(gateway.baseUrl() + route)
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key))
                .body(new StringRequestContent("application/json", body))
                .timeout(30, TimeUnit.SECONDS).send();
    }

    private static ContentResponse chat(String model, boolean stream) throws Exception {
        return call("/v1/chat/completions", "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"one two three four five six\"}]}");
    }

    private static String code(ContentResponse response) throws Exception {
        return JSON.readTree(response.getContentAsString()).path("error").path("code").asText();
    }

    @Test
    void anUpstreamThatDoesNotStartInTimeIs504() throws Exception {
        ContentResponse response = chat("late-start", false);

        assertThat(response.getStatus()).isEqualTo(504);
        assertThat(code(response)).isEqualTo("upstream_timeout");
        assertThat(chat("late-start", true).getStatus()).isEqualTo(504);
    }

    @Test
    void aDeploymentMayHaveItsOwnFirstByteTimeout() throws Exception {
        assertThat(chat("overridden", false).getStatus()).isEqualTo(504);
        assertThat(chat("patient-late", false).getStatus()).isEqualTo(200);
    }

    @Test
    void aCompleteAnswerMustArriveWithinTheTotalTimeout() throws Exception {
        ContentResponse response = chat("late-body", false);

        assertThat(response.getStatus()).isEqualTo(504);
        assertThat(code(response)).isEqualTo("upstream_timeout");
    }

    @Test
    void aStreamRunningPastTheTotalTimeoutEndsWithAnError() throws Exception {
        ContentResponse response = chat("long-stream", true);

        assertThat(response.getStatus()).isEqualTo(200);
        List<String> events = response.getContentAsString().lines().filter(l -> l.startsWith("data: ")).toList();
        JsonNode last = JSON.readTree(events.getLast().substring(6));
        assertThat(last.path("error").path("code").asText()).isEqualTo("upstream_timeout");
        assertThat(events.size()).as("some events got through first").isGreaterThan(1);
    }

    @Test
    void aTimeoutHandsTheCallToTheNextDeployment() throws Exception {
        ContentResponse response = chat("rescued", false);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaders().get("x-odock-provider")).isEqualTo("patient");
    }

    @Test
    void aCallerMayAskForLessTimeButNotMore() throws Exception {
        ContentResponse shorter = call("/v1/llm/chat", "{\"model\":\"patient-late\",\"timeout\":0.3,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(shorter.getStatus()).isEqualTo(504);
        assertThat(code(shorter)).isEqualTo("upstream_timeout");

        ContentResponse longer = call("/v1/llm/chat", "{\"model\":\"late-start\",\"timeout\":60,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(longer.getStatus()).as("the operator's 500ms first-byte limit still holds").isEqualTo(504);
    }
}
