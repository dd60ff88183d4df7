package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.dialect.StreamEncoder;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.Operation;
import io.odock.spi.model.ToolCall;
import io.odock.spi.model.Usage;
import io.odock.spi.stream.SseEvent;
import io.odock.spi.stream.StreamEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiDialectTranslatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OpenAiDialectTranslator translator = new OpenAiDialectTranslator("openai", "openai", JSON);

    private GatewayRequest decode(String body) throws Exception {
        return translator.decode(new InboundCall(Operation.CHAT, (ObjectNode) JSON.readTree(body), Map.of()));
    }

    @Test
    void decodesEveryNormalizedField() throws Exception {
        GatewayRequest request = decode("""
                {"model":"m","messages":[
                   {"role":"developer","content":"be brief"},
                   {"role":"user","content":[{"type":"text","text":"look "},{"type":"image_url","image_url":{"url":"data:x"}}]},
                   {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                   {"role":"tool","tool_call_id":"c1","content":"42"}],
                 "temperature":0.5,"max_tokens":100,"top_p":0.9,"stop":["END"],"presence_penalty":0.1,
                 "frequency_penalty":0.2,"seed":7,"metadata":{"team":"a"},"response_format":{"type":"json_object"},
                 "tools":[{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object"}}}],
                 "tool_choice":"auto","stream":true,"stream_options":{"include_usage":true},"provider":"openai",
                 "unknown_field":1}
                """);

        assertThat(request.dialect()).isEqualTo("openai");
        assertThat(request.model()).isEqualTo("m");
        assertThat(request.provider()).contains("openai");
        assertThat(request.messages()).extracting(m -> m.role()).containsExactly("system", "user", "assistant", "tool");
        assertThat(request.messages().get(1).content()).isEqualTo("look ");
        assertThat(request.messages().get(1).blocks()).extracting(b -> b.type()).containsExactly("text", "image_url");
        assertThat(request.messages().get(2).toolCalls()).containsExactly(ToolCall.of("c1", "f", "{}"));
        assertThat(request.messages().get(3).toolCallId()).contains("c1");
        assertThat(request.temperature()).contains(0.5);
        assertThat(request.maxTokens()).contains(100);
        assertThat(request.stopSequences()).containsExactly("END");
        assertThat(request.seed()).contains(7L);
        assertThat(request.metadata()).containsEntry("team", "a");
        assertThat(request.tools()).singleElement().satisfies(t -> assertThat(t.name()).isEqualTo("f"));
        assertThat(request.toolChoice().orElseThrow().asText()).isEqualTo("auto");
        assertThat(request.stream()).isTrue();
        assertThat(request.includeUsage()).isTrue();
        assertThat(request.rawPayload().has("unknown_field")).isTrue();
    }

    @Test
    void acceptsTheTopLevelIncludeUsageAlias() throws Exception {
        assertThat(decode("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"include_usage\":true}")
                .includeUsage()).isTrue();
        assertThat(decode("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").includeUsage())
                .isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|model",
            "{\"model\":3,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|model",
            "{\"model\":\"m\"}|messages",
            "{\"model\":\"m\",\"messages\":[]}|messages",
            "{\"model\":\"m\",\"messages\":\"hi\"}|messages",
            "{\"model\":\"m\",\"messages\":[{\"content\":\"x\"}]}|messages[0].role",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}|messages[0].role",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":5}]}|messages[0].content",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":\"hot\"}|temperature",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":1.5}|max_tokens",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":0}|max_tokens",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"yes\"}|stream",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stop\":[1]}|stop",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":{}}|tools",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tool_choice\":1}|tool_choice",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"metadata\":{\"a\":1}}|metadata.a",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream_options\":[]}|stream_options",
    })
    void refusesInvalidBodiesNamingTheParameter(String body, String param) {
        assertThatThrownBy(() -> decode(body)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
            assertThat(e.details()).containsEntry("param", param);
        });
    }

    @Test
    void sendsAnOpenAiAnswerBackAsItCameUnderTheClientModelName() throws Exception {
        GatewayRequest request = decode("{\"model\":\"alias\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        JsonNode raw = JSON.readTree("{\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],"
                + "\"system_fingerprint\":\"fp\"}");
        GatewayResponse response = GatewayResponse.builder().provider("openai").model("gpt-4o-mini-2024-07-18")
                .rawResponse(Optional.of(raw)).build();

        JsonNode encoded = translator.encode(request, response);

        assertThat(encoded.path("model").asText()).isEqualTo("alias");
        assertThat(encoded.path("system_fingerprint").asText()).isEqualTo("fp");
        assertThat(raw.path("model").asText()).as("the raw answer is not modified").startsWith("gpt-4o");
    }

    @Test
    void buildsAChatCompletionFromAnotherProvidersAnswer() throws Exception {
        GatewayRequest request = decode("{\"model\":\"alias\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        GatewayResponse response = GatewayResponse.builder().provider("echo").model("echo-1").content("hi")
                .toolCalls(List.of(ToolCall.of("c", "f", "{\"a\":1}"))).stopReason("tool_calls")
                .usage(Usage.of(3, 4)).build();

        JsonNode encoded = translator.encode(request, response);

        assertThat(encoded.path("object").asText()).isEqualTo("chat.completion");
        assertThat(encoded.path("model").asText()).isEqualTo("alias");
        JsonNode choice = encoded.path("choices").path(0);
        assertThat(choice.path("message").path("content").asText()).isEqualTo("hi");
        assertThat(choice.path("message").path("tool_calls").path(0).path("function").path("name").asText())
                .isEqualTo("f");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(encoded.path("usage").path("total_tokens").asInt()).isEqualTo(7);
    }

    @Test
    void relaysRawChunksWithTheModelRenamedAndDropsUnaskedUsage() throws Exception {
        GatewayRequest request = decode("{\"model\":\"alias\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        List<String> sent = new ArrayList<>();
        StreamEncoder encoder = translator.streamEncoder(request);

        encoder.encode(StreamEvent.Raw.of(SseEvent.data("{\"id\":\"c\",\"model\":\"gpt-4o\",\"choices\":"
                + "[{\"delta\":{\"content\":\"say \\\"model\\\":\\\"x\\\"\"}}]}")), e -> sent.add(e.data()));
        encoder.encode(new StreamEvent.Raw(SseEvent.data("{\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{}}"),
                Optional.of(Usage.of(1, 2)), true), e -> sent.add(e.data()));
        encoder.finish(e -> sent.add(e.data()));

        assertThat(sent).hasSize(2);
        JsonNode first = JSON.readTree(sent.getFirst());
        assertThat(first.path("model").asText()).isEqualTo("alias");
        assertThat(first.path("choices").path(0).path("delta").path("content").asText())
                .isEqualTo("say \"model\":\"x\"");
        assertThat(sent.getLast()).isEqualTo("[DONE]");
    }

    @Test
    void encodesNormalizedEventsAsChunks() throws Exception {
        GatewayRequest request = decode("{\"model\":\"alias\",\"stream\":true,\"include_usage\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        List<JsonNode> chunks = new ArrayList<>();
        StreamEncoder encoder = translator.streamEncoder(request);
        for (StreamEvent event : List.of(new StreamEvent.TextDelta(0, "Hel"), new StreamEvent.TextDelta(0, "lo"),
                new StreamEvent.ToolCallDelta(0, 0, Optional.of("c"), Optional.of("f"), "{"),
                new StreamEvent.Finished(0, "stop"), new StreamEvent.UsageReported(Usage.of(1, 2)))) {
            encoder.encode(event, e -> chunks.add(JSON.readTree(e.data())));
        }

        assertThat(chunks).hasSize(5);
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.path("model").asText()).isEqualTo("alias");
            assertThat(c.path("id").asText()).isEqualTo(chunks.getFirst().path("id").asText());
        });
        assertThat(chunks.get(0).path("choices").path(0).path("delta").path("role").asText()).isEqualTo("assistant");
        assertThat(chunks.get(1).path("choices").path(0).path("delta").has("role")).isFalse();
        assertThat(chunks.get(2).path("choices").path(0).path("delta").path("tool_calls").path(0).path("id").asText())
                .isEqualTo("c");
        assertThat(chunks.get(3).path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(chunks.get(4).path("choices")).isEmpty();
        assertThat(chunks.get(4).path("usage").path("completion_tokens").asInt()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({"400,invalid_request_error", "401,authentication_error", "403,permission_error",
            "404,not_found_error", "413,invalid_request_error", "429,rate_limit_error", "502,api_error"})
    void rendersErrorsInOpenAiShape(int status, String type) {
        JsonNode body = translator.encodeError(new GatewayException(status, "some_code", "what happened")
                .withDetail("param", "model").withDetail("retry_after", 3), "req_1");

        JsonNode error = body.path("error");
        assertThat(error.path("message").asText()).isEqualTo("what happened");
        assertThat(error.path("type").asText()).isEqualTo(type);
        assertThat(error.path("code").asText()).isEqualTo("some_code");
        assertThat(error.path("param").asText()).isEqualTo("model");
        assertThat(error.path("retry_after").asInt()).isEqualTo(3);
    }
}
