package io.odock.distribution;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.observe.AccessLog;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What operators see: Prometheus metrics after known traffic, the overhead header, and the JSON access log line. */
class OperationsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeOpenAiUpstream upstream;
    private static GatewayHarness gateway;
    private static String key;
    private static String keyId;
    private static final ListAppender<ILoggingEvent> access = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        access.start();
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(AccessLog.LOGGER).addAppender(access);
        upstream = new FakeOpenAiUpstream();
        gateway = GatewayHarness.start("""
                providers:
                  - { id: openai, type: openai, baseUrl: "%s", apiKey: "sk-ops-secret" }
                models:
                  - name: priced
                    deployments: [ { provider: openai, model: gpt-4o-mini } ]
                    pricing: { inputPerMTok: 1000000, outputPerMTok: 2000000 }
                  - { name: flaky, deployments: [ { provider: openai, model: fail-500 } ] }
                """.formatted(upstream.baseUrl()), Map.of());
        key = gateway.createKey("ops", List.of());
        keyId = gateway.server.keys().list().stream().filter(k -> k.name().equals("ops")).findFirst().orElseThrow()
                .id();
    }

    @AfterAll
    static void stop() throws Exception {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(AccessLog.LOGGER).detachAppender(access);
        GatewayHarness.closeAll(gateway, upstream);
    }

    private static ContentResponse chat(String model, boolean stream, String requestId) throws Exception {
        return gateway.http.POST(gateway.baseUrl().replaceAll("/$", "") + "/v1/chat/completions")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key).put("x-request-id", requestId))
                .body(new StringRequestContent("application/json", "{\"model\":\"" + model + "\",\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"three little words\"}]}"))
                .timeout(30, TimeUnit.SECONDS).send();
    }

    private static String metrics() throws Exception {
        ContentResponse response = gateway.http.GET(gateway.baseUrl().replaceAll("/$", "") + "/metrics");
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaders().get(HttpHeader.CONTENT_TYPE)).startsWith("text/plain").contains("version=0.0.4");
        return response.getContentAsString();
    }

    /** The value of one sample line, or 0 when it is not there. */
    private static double sample(String scrape, String series) {
        return scrape.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1))).orElse(0.0);
    }

    @Test
    void metricsCountKnownTrafficAndAnswersCarryTheirOverhead() throws Exception {
        String before = metrics();
        String ok = "odock_requests_total{route=\"/v1/chat/completions\",provider=\"openai\",model=\"priced\","
                + "status=\"200\"}";
        String failed = "odock_requests_total{route=\"/v1/chat/completions\",provider=\"openai\",model=\"flaky\","
                + "status=\"502\"}";

        ContentResponse complete = chat("priced", false, "ops-complete");
        chat("priced", false, "ops-complete-2");
        chat("priced", true, "ops-stream");
        chat("flaky", false, "ops-failed");

        assertThat(complete.getStatus()).isEqualTo(200);
        long overheadMs = Long.parseLong(complete.getHeaders().get("x-odock-overhead-ms"));
        assertThat(overheadMs).isNotNegative();
        String after = metrics();
        assertThat(sample(after, ok) - sample(before, ok)).isEqualTo(3);
        assertThat(sample(after, failed) - sample(before, failed)).isEqualTo(1);
        assertThat(after).contains("odock_request_errors_total{route=\"/v1/chat/completions\",code=\"upstream_error\"}")
                .contains("odock_overhead_seconds_bucket{route=\"/v1/chat/completions\",le=\"+Inf\"}")
                .contains("odock_upstream_duration_seconds_count{provider=\"openai\",outcome=\"ok\"}")
                .contains("odock_stream_first_byte_seconds_count{provider=\"openai\",model=\"priced\"} 1")
                .contains("odock_active_streams 0")
                .contains("odock_jvm_heap_used_bytes ")
                .contains("odock_usage_records_pending ");
        String outputTokens = "odock_tokens_total{model=\"priced\",key=\"" + keyId + "\",kind=\"output\"}";
        assertThat(sample(after, outputTokens)).isPositive();
        assertThat(sample(after, "odock_cost_usd_total{model=\"priced\",key=\"" + keyId + "\"}")).isPositive();
        assertThat(after).doesNotContain("sk-ops-secret").doesNotContain(key);

        // A scraper that speaks OpenMetrics gets request ids as exemplars: a slow bucket leads to its request.
        ContentResponse open = gateway.http.newRequest(gateway.baseUrl().replaceAll("/$", "") + "/metrics")
                .headers(h -> h.put("Accept", "application/openmetrics-text; version=1.0.0")).send();
        assertThat(open.getHeaders().get("Content-Type")).startsWith("application/openmetrics-text");
        assertThat(open.getContentAsString()).containsPattern("odock_request_duration_seconds_bucket\\{route="
                + "\"/v1/chat/completions\",streamed=\"true\",le=\"[^\"]+\"} 1 # \\{request_id=\"ops-stream\"}")
                .endsWith("# EOF\n");
    }

    @Test
    void eachCallLeavesOneJsonAccessLogLineWithoutSecretsOrContent() throws Exception {
        chat("priced", false, "ops-access-line");

        JsonNode line = null;
        for (ILoggingEvent event : List.copyOf(access.list)) {
            JsonNode parsed = JSON.readTree(event.getFormattedMessage());
            if (parsed.path("request_id").asText().equals("ops-access-line")) {
                assertThat(line).as("one line per call").isNull();
                line = parsed;
            }
        }
        assertThat(line).isNotNull();
        assertThat(line.path("key_id").asText()).isEqualTo(keyId);
        assertThat(line.path("route").asText()).isEqualTo("/v1/chat/completions");
        assertThat(line.path("model").asText()).isEqualTo("priced");
        assertThat(line.path("provider").asText()).isEqualTo("openai");
        assertThat(line.path("deployment").asText()).isEqualTo("openai/gpt-4o-mini");
        assertThat(line.path("status").asInt()).isEqualTo(200);
        assertThat(line.path("latency_ms").isNumber()).isTrue();
        assertThat(line.path("overhead_ms").isNumber()).isTrue();
        assertThat(line.path("input_tokens").asLong()).isPositive();
        assertThat(line.path("output_tokens").asLong()).isPositive();
        assertThat(line.path("cost_usd").isNumber()).isTrue();
        assertThat(line.toString()).doesNotContain("three little words").doesNotContain(key)
                .doesNotContain("sk-ops-secret");
    }
}
