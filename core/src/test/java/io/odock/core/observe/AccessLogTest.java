package io.odock.core.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.usage.Attempt;
import io.odock.core.usage.UsageRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AccessLog accessLog = new AccessLog(JSON);

    @Test
    void aCompleteCallsLineHasEveryFieldWithTheGatewaysOverhead() throws Exception {
        UsageRecord call = new UsageRecord("req_1", "key_a", "/v1/chat/completions", "chat", Optional.of("backup"),
                Optional.of("gpt-4o-mini"), 200, Optional.empty(), 120, 30, Optional.of(new BigDecimal("0.0000375")),
                false, 90, Instant.parse("2026-12-04T10:15:30.123Z"), List.of(
                new Attempt("primary", "gpt-4o-mini", false, Optional.of("upstream_error"), 20),
                new Attempt("backup", "gpt-4o-mini", true, Optional.empty(), 60)), 100, 0);

        JsonNode line = JSON.readTree(accessLog.line(call));

        assertThat(line.path("time").asText()).isEqualTo("2026-12-04T10:15:30.123Z");
        assertThat(line.path("request_id").asText()).isEqualTo("req_1");
        assertThat(line.path("key_id").asText()).isEqualTo("key_a");
        assertThat(line.path("provider").asText()).isEqualTo("backup");
        assertThat(line.path("deployment").asText()).isEqualTo("backup/gpt-4o-mini");
        assertThat(line.path("status").asInt()).isEqualTo(200);
        assertThat(line.path("error").isNull()).isTrue();
        assertThat(line.path("latency_ms").asLong()).isEqualTo(90);
        assertThat(line.path("overhead_ms").asLong()).isEqualTo(10);
        assertThat(line.path("attempts").asInt()).isEqualTo(2);
        assertThat(line.path("input_tokens").asLong()).isEqualTo(120);
        assertThat(line.path("output_tokens").asLong()).isEqualTo(30);
        assertThat(line.path("cache_read_tokens").asLong()).isEqualTo(100);
        assertThat(line.path("cost_usd").decimalValue()).isEqualByComparingTo("0.0000375");
    }

    @Test
    void aRefusedStreamsLineHasNoProviderNoOverheadAndNoCost() throws Exception {
        UsageRecord call = new UsageRecord("req_2", "key_b", "/v1/messages", "claude", Optional.empty(),
                Optional.empty(), 429, Optional.of("rate_limit_exceeded"), 0, 0, Optional.empty(), true, 1,
                Instant.parse("2026-12-04T10:15:31Z"), List.of(), 0, 0);

        JsonNode line = JSON.readTree(accessLog.line(call));

        assertThat(line.path("provider").isNull()).isTrue();
        assertThat(line.path("deployment").isNull()).isTrue();
        assertThat(line.path("error").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(line.path("streamed").asBoolean()).isTrue();
        assertThat(line.has("overhead_ms")).isFalse();
        assertThat(line.has("cost_usd")).isFalse();
    }
}
