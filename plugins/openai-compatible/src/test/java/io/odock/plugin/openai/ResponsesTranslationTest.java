package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.dialect.StreamEncoder;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.Operation;
import io.odock.spi.model.Usage;
import io.odock.spi.stream.SseEvent;
import io.odock.spi.stream.StreamEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResponsesTranslationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OpenAiDialectTranslator translator = new OpenAiDialectTranslator("openai", "openai", JSON);

    private GatewayRequest decode(String body) throws Exception {
        return translator.decode(new InboundCall(Operation.RESPONSES, (ObjectNode) JSON.readTree(body), Map.of()));
    }

    @Test
    void instructionsAndInputItemsBecomeTheConversation() throws Exception {
        GatewayRequest request = decode("""
                {"model":"m","instructions":"be brief","max_output_tokens":20,"input":[
                  {"role":"user","content":"hi"},
                  {"type":"message","role":"assistant","content":[{"type":"output_text","text":"hello"}]},
                  {"role":"user","content":[{"type":"input_text","text":"more"}]}]}
                """);

        assertThat(request.operation()).isEqualTo(Operation.RESPONSES);
        assertThat(request.messages()).extracting(m -> m.role() + ":" + m.content())
                .containsExactly("system:be brief", "user:hi", "assistant:hello", "user:more");
        assertThat(request.maxTokens()).contains(20);
        assertThat(decode("{\"model\":\"m\",\"input\":\"just text\"}").messages().getFirst().content())
                .isEqualTo("just text");
    }

    @Test
    void aNormalizedAnswerBecomesAResponseObject() throws Exception {
        JsonNode body = translator.encode(decode("{\"model\":\"alias\",\"input\":\"x\"}"), GatewayResponse.builder()
                .provider("echo").model("echo-1").content("hi there").usage(Usage.of(3, 2)).build());

        assertThat(body.path("object").asText()).isEqualTo("response");
        assertThat(body.path("model").asText()).isEqualTo("alias");
        assertThat(body.path("status").asText()).isEqualTo("completed");
        assertThat(body.path("output").path(0).path("content").path(0).path("text").asText()).isEqualTo("hi there");
        assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void aNormalizedStreamBecomesTheResponsesEventSequence() throws Exception {
        GatewayRequest request = decode("{\"model\":\"alias\",\"input\":\"x\",\"stream\":true}");
        StreamEncoder encoder = translator.streamEncoder(request);
        List<SseEvent> events = new ArrayList<>();
        for (StreamEvent event : List.of(new StreamEvent.TextDelta(0, "a "), new StreamEvent.TextDelta(0, "b"),
                new StreamEvent.Finished(0, "stop"), new StreamEvent.UsageReported(Usage.of(1, 2)))) {
            encoder.encode(event, events::add);
        }
        encoder.finish(events::add);

        assertThat(events).extracting(e -> e.event().orElseThrow()).containsExactly("response.created",
                "response.in_progress", "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.delta", "response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.completed");
        JsonNode completed = JSON.readTree(events.getLast().data());
        assertThat(completed.path("response").path("usage").path("output_tokens").asInt()).isEqualTo(2);
        assertThat(completed.path("response").path("output").path(0).path("content").path(0).path("text").asText())
                .isEqualTo("a b");
        assertThat(completed.path("sequence_number").asInt()).isEqualTo(9);
    }

    @Test
    void rawEventsKeepTheirNamesWithTheModelRenamed() throws Exception {
        StreamEncoder encoder = translator.streamEncoder(decode("{\"model\":\"alias\",\"input\":\"x\",\"stream\":true}"));
        List<SseEvent> events = new ArrayList<>();
        encoder.encode(StreamEvent.Raw.of(SseEvent.named("response.created",
                "{\"type\":\"response.created\",\"response\":{\"model\":\"gpt-4o\"}}")), events::add);
        encoder.finish(events::add);

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.event()).contains("response.created");
            assertThat(e.data()).contains("\"model\":\"alias\"");
        });
    }
}
