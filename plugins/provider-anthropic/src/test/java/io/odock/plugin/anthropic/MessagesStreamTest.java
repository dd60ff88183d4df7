package io.odock.plugin.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.Usage;
import io.odock.spi.stream.SseEvent;
import io.odock.spi.stream.StreamEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Anthropic's event stream read into normalized events, and normalized events written as Anthropic's stream. */
class MessagesStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPSTREAM = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":5,"cache_read_input_tokens":20,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: ping
            data: {"type": "ping"}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: content_block_start
            data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_9","name":"f","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"a\\":"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"1}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":1}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":42}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    private static List<StreamEvent> read(boolean passthrough, String wire) throws Exception {
        List<StreamEvent> events = new ArrayList<>();
        try (AnthropicEventStream stream = new AnthropicEventStream(
                new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)), JSON, "anthropic", passthrough,
                Optional.empty())) {
            Optional<StreamEvent> next;
            while ((next = stream.next()).isPresent()) {
                events.add(next.get());
            }
        }
        return events;
    }

    @Test
    void normalizesTextToolUseStopReasonAndUsageWithCacheBuckets() throws Exception {
        List<StreamEvent> events = read(false, UPSTREAM);

        Usage usage = Usage.of(35, 42, 20, 5, null);
        assertThat(events).containsExactly(
                new StreamEvent.TextDelta(0, "Hi"),
                new StreamEvent.ToolCallDelta(0, 0, Optional.of("toolu_9"), Optional.of("f"), ""),
                new StreamEvent.ToolCallDelta(0, 0, Optional.empty(), Optional.empty(), "{\"a\":"),
                new StreamEvent.ToolCallDelta(0, 0, Optional.empty(), Optional.empty(), "1}"),
                new StreamEvent.Finished(0, "tool_calls"),
                new StreamEvent.UsageReported(new Usage(35, 42, 20, 5,
                        ((StreamEvent.UsageReported) events.getLast()).usage().raw())));
        assertThat(((StreamEvent.UsageReported) events.getLast()).usage().totalTokens()).isEqualTo(usage.totalTokens());
    }

    @Test
    void passthroughRelaysEveryEventWithTheUsageSoFar() throws Exception {
        List<StreamEvent> events = read(true, UPSTREAM);

        assertThat(events).hasSize(11).allMatch(e -> e instanceof StreamEvent.Raw);
        StreamEvent.Raw delta = (StreamEvent.Raw) events.get(9);
        assertThat(delta.event().event()).contains("message_delta");
        assertThat(delta.usage().orElseThrow().inputTokens()).isEqualTo(35);
        assertThat(delta.usage().orElseThrow().outputTokens()).isEqualTo(42);
    }

    @Test
    void anErrorEventFailsTheStream() {
        String wire = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}\n\n";
        assertThatThrownBy(() -> read(false, wire)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCodes.UPSTREAM_ERROR);
            assertThat(e.getMessage()).contains("Overloaded");
        });
    }

    private static List<SseEvent> encode(GatewayRequest request, List<StreamEvent> events) throws Exception {
        List<SseEvent> wire = new ArrayList<>();
        MessagesStreamEncoder encoder = new MessagesStreamEncoder(JSON, request, new AnthropicErrors(JSON));
        for (StreamEvent event : events) {
            encoder.encode(event, wire::add);
        }
        encoder.finish(wire::add);
        return wire;
    }

    @Test
    void writesNormalizedEventsAsAnthropicsEventSequence() throws Exception {
        GatewayRequest request = GatewayRequest.builder().dialect("anthropic").model("alias").build();
        List<SseEvent> wire = encode(request, List.of(
                new StreamEvent.TextDelta(0, "Hel"), new StreamEvent.TextDelta(0, "lo"),
                new StreamEvent.ToolCallDelta(0, 0, Optional.of("call_1"), Optional.of("f"), ""),
                new StreamEvent.ToolCallDelta(0, 0, Optional.empty(), Optional.empty(), "{\"a\":1}"),
                new StreamEvent.Finished(0, "tool_calls"),
                new StreamEvent.UsageReported(Usage.of(30, 7, 20, 0, null))));

        assertThat(wire).extracting(e -> e.event().orElseThrow()).containsExactly("message_start",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        assertThat(JSON.readTree(wire.getFirst().data()).path("message").path("model").asText()).isEqualTo("alias");
        JsonNode toolStart = JSON.readTree(wire.get(5).data());
        assertThat(toolStart.path("index").asInt()).isEqualTo(1);
        assertThat(toolStart.path("content_block").path("id").asText()).isEqualTo("call_1");
        assertThat(JSON.readTree(wire.get(6).data()).path("delta").path("partial_json").asText())
                .isEqualTo("{\"a\":1}");
        JsonNode delta = JSON.readTree(wire.get(8).data());
        assertThat(delta.path("delta").path("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(delta.path("usage").path("input_tokens").asInt()).isEqualTo(10);
        assertThat(delta.path("usage").path("cache_read_input_tokens").asInt()).isEqualTo(20);
        assertThat(delta.path("usage").path("output_tokens").asInt()).isEqualTo(7);
    }

    @Test
    void relaysAnthropicEventsRenamingOnlyTheModel() throws Exception {
        GatewayRequest request = GatewayRequest.builder().dialect("anthropic").model("alias").build();
        List<StreamEvent> raw = read(true, UPSTREAM);

        List<SseEvent> wire = encode(request, raw);

        assertThat(wire).hasSize(11);
        assertThat(JSON.readTree(wire.getFirst().data()).path("message").path("model").asText()).isEqualTo("alias");
        assertThat(wire.subList(1, 11)).isEqualTo(raw.subList(1, 11).stream()
                .map(e -> ((StreamEvent.Raw) e).event()).toList());
        assertThat(wire.getLast().event()).contains("message_stop");
    }

    @Test
    void aFailureIsAnErrorEventInAnthropicsShape() throws Exception {
        List<SseEvent> wire = new ArrayList<>();
        new MessagesStreamEncoder(JSON, GatewayRequest.builder().model("m").build(), new AnthropicErrors(JSON))
                .fail(new GatewayException(504, ErrorCodes.UPSTREAM_TIMEOUT, "too slow"), "req_1", wire::add);

        assertThat(wire.getFirst().event()).contains("error");
        JsonNode error = JSON.readTree(wire.getFirst().data());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("timeout_error");
        assertThat(error.path("request_id").asText()).isEqualTo("req_1");
    }
}
