package io.odock.plugin.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.dialect.StreamEncoder;
import io.odock.spi.dialect.StreamFraming;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.Usage;
import io.odock.spi.stream.SseEvent;
import io.odock.spi.stream.StreamEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Streaming answers to Gemini clients: framing, whole tool calls, usage with the finish, relayed chunks, errors. */
class GeminiStreamEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final GeminiDialectTranslator translator = new GeminiDialectTranslator(JSON);
    private final List<SseEvent> sent = new ArrayList<>();

    private StreamEncoder encoder(Map<String, String> replyOptions) {
        return translator.streamEncoder(GatewayRequest.builder().dialect("gemini").model("gem").stream(true)
                .replyOptions(replyOptions).build());
    }

    private List<JsonNode> chunks() throws IOException {
        List<JsonNode> chunks = new ArrayList<>();
        for (SseEvent event : sent) {
            chunks.add(JSON.readTree(event.data()));
        }
        return chunks;
    }

    @Test
    void framesAsSseOnlyWhenTheClientAskedAltSse() {
        assertThat(encoder(Map.of("alt", "sse")).framing()).isEqualTo(StreamFraming.SSE);
        assertThat(encoder(Map.of()).framing()).isEqualTo(StreamFraming.JSON_ARRAY);
        assertThat(encoder(Map.of("alt", "json")).framing()).isEqualTo(StreamFraming.JSON_ARRAY);
    }

    @Test
    void writesTextChunksAndAFinalChunkWithFinishReasonAndUsage() throws IOException {
        StreamEncoder encoder = encoder(Map.of());
        encoder.encode(new StreamEvent.TextDelta(0, "Hel"), sent::add);
        encoder.encode(new StreamEvent.TextDelta(0, "lo"), sent::add);
        encoder.encode(new StreamEvent.Finished(0, "length"), sent::add);
        encoder.encode(new StreamEvent.UsageReported(Usage.of(4, 2)), sent::add);
        encoder.finish(sent::add);

        List<JsonNode> chunks = chunks();
        assertThat(chunks).hasSize(3);
        assertThat(chunks.get(0).path("candidates").path(0).path("content").path("parts").path(0).path("text").asText())
                .isEqualTo("Hel");
        assertThat(chunks.get(0).path("modelVersion").asText()).isEqualTo("gem");
        assertThat(chunks.get(0).path("responseId").asText()).isEqualTo(chunks.get(2).path("responseId").asText());
        JsonNode last = chunks.get(2);
        assertThat(last.path("candidates").path(0).path("finishReason").asText()).isEqualTo("MAX_TOKENS");
        assertThat(last.path("usageMetadata").path("promptTokenCount").asLong()).isEqualTo(4);
        assertThat(last.path("usageMetadata").path("totalTokenCount").asLong()).isEqualTo(6);
        assertThat(sent).allSatisfy(event -> assertThat(event.event()).isEmpty());
    }

    @Test
    void aToolCallArrivesWholeWithItsIdNameAndArguments() throws IOException {
        StreamEncoder encoder = encoder(Map.of("alt", "sse"));
        encoder.encode(new StreamEvent.ToolCallDelta(0, 0, Optional.of("call_1"), Optional.of("get_weather"), ""),
                sent::add);
        encoder.encode(new StreamEvent.ToolCallDelta(0, 0, Optional.empty(), Optional.empty(), "{\"city\":"),
                sent::add);
        encoder.encode(new StreamEvent.ToolCallDelta(0, 0, Optional.empty(), Optional.empty(), "\"Paris\"}"),
                sent::add);
        assertThat(sent).as("nothing is written while the call is incomplete").isEmpty();
        encoder.encode(new StreamEvent.Finished(0, "tool_calls"), sent::add);
        encoder.finish(sent::add);

        List<JsonNode> chunks = chunks();
        assertThat(chunks).hasSize(1);
        JsonNode candidate = chunks.getFirst().path("candidates").path(0);
        JsonNode call = candidate.path("content").path("parts").path(0).path("functionCall");
        assertThat(call.path("id").asText()).isEqualTo("call_1");
        assertThat(call.path("name").asText()).isEqualTo("get_weather");
        assertThat(call.path("args").path("city").asText()).isEqualTo("Paris");
        assertThat(candidate.path("finishReason").asText()).isEqualTo("STOP");
    }

    @Test
    void aToolCallWithoutAFinishIsWrittenWhenTheStreamEnds() throws IOException {
        StreamEncoder encoder = encoder(Map.of());
        encoder.encode(new StreamEvent.ToolCallDelta(0, 0, Optional.of("c"), Optional.of("f"), "{}"), sent::add);
        encoder.finish(sent::add);
        assertThat(chunks().getFirst().path("candidates").path(0).path("content").path("parts").path(0)
                .path("functionCall").path("name").asText()).isEqualTo("f");
    }

    @Test
    void relaysGeminiChunksWithTheClientsModel() throws IOException {
        StreamEncoder encoder = encoder(Map.of("alt", "sse"));
        String upstream = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hi\"}],\"role\":\"model\"}}],"
                + "\"usageMetadata\":{\"promptTokenCount\":2},\"modelVersion\":\"gemini-2.0-flash-001\","
                + "\"responseId\":\"abc\"}";
        encoder.encode(new StreamEvent.Raw(SseEvent.data(upstream), Optional.of(Usage.of(2, 0)), false), sent::add);
        encoder.finish(sent::add);

        assertThat(sent).hasSize(1);
        JsonNode chunk = chunks().getFirst();
        assertThat(chunk.path("modelVersion").asText()).isEqualTo("gem");
        assertThat(chunk.path("responseId").asText()).isEqualTo("abc");
        assertThat(sent.getFirst().data()).doesNotContain("gemini-2.0-flash");
    }

    @Test
    void failWritesGooglesErrorObject() throws IOException {
        StreamEncoder encoder = encoder(Map.of());
        encoder.encode(new StreamEvent.TextDelta(0, "partial"), sent::add);
        encoder.fail(new GatewayException(502, ErrorCodes.UPSTREAM_ERROR, "upstream died"), "req", sent::add);

        JsonNode error = chunks().getLast().path("error");
        assertThat(error.path("code").asInt()).isEqualTo(502);
        assertThat(error.path("message").asText()).isEqualTo("upstream died");
        assertThat(error.path("status").asText()).isEqualTo("UNAVAILABLE");
    }
}
