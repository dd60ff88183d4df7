package io.odock.plugin.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.MediaSource;
import io.odock.spi.model.Operation;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every Anthropic request field the gateway maps, read into the normalized request. */
class MessagesRequestReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static GatewayRequest read(String body, Map<String, String> headers) throws Exception {
        return MessagesRequestReader.read(new InboundCall(Operation.CHAT, (ObjectNode) JSON.readTree(body), headers));
    }

    private static GatewayRequest read(String body) throws Exception {
        return read(body, Map.of());
    }

    @Test
    void readsTheSamplingFieldsHeadersAndMetadata() throws Exception {
        GatewayRequest request = read("""
                {"model":"claude","max_tokens":300,"temperature":0.2,"top_p":0.9,"top_k":40,
                 "stop_sequences":["END","STOP"],"metadata":{"user_id":"u-1"},"stream":true,
                 "thinking":{"type":"enabled","budget_tokens":2048},"service_tier":"auto",
                 "messages":[{"role":"user","content":"hi"}]}
                """, Map.of("anthropic-version", "2023-06-01", "anthropic-beta", "b1", "x-other", "no"));

        assertThat(request.dialect()).isEqualTo("anthropic");
        assertThat(request.model()).isEqualTo("claude");
        assertThat(request.maxTokens()).contains(300);
        assertThat(request.temperature()).contains(0.2);
        assertThat(request.topP()).contains(0.9);
        assertThat(request.topK()).contains(40);
        assertThat(request.stopSequences()).containsExactly("END", "STOP");
        assertThat(request.metadata()).containsEntry("user_id", "u-1");
        assertThat(request.stream()).isTrue();
        assertThat(request.includeUsage()).isTrue();
        assertThat(request.providerHeaders()).containsOnly(Map.entry("anthropic-version", "2023-06-01"),
                Map.entry("anthropic-beta", "b1"));
        assertThat(request.messages()).containsExactly(ChatMessage.of("user", "hi"));
        assertThat(request.unmappedFields()).containsExactly("thinking", "service_tier");
    }

    @Test
    void aSystemPromptOfBlocksKeepsItsCacheControl() throws Exception {
        GatewayRequest request = read("""
                {"model":"claude","max_tokens":10,"messages":[{"role":"user","content":"q"}],
                 "system":[{"type":"text","text":"one"},{"type":"text","text":"two","cache_control":{"type":"ephemeral"}}]}
                """);

        ChatMessage system = request.messages().getFirst();
        assertThat(system.role()).isEqualTo("system");
        assertThat(system.content()).isEqualTo("one\ntwo");
        assertThat(system.blocks().get(1).raw().path("cache_control").path("type").asText()).isEqualTo("ephemeral");
    }

    @Test
    void imagesAndDocumentsCarryWhereTheirBytesAre() throws Exception {
        GatewayRequest request = read("""
                {"model":"claude","max_tokens":10,"messages":[{"role":"user","content":[
                  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBOR"}},
                  {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}},
                  {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBER"}},
                  {"type":"document","source":{"type":"text","media_type":"text/plain","data":"plain doc"}},
                  {"type":"text","text":"describe"}]}]}
                """);

        ChatMessage user = request.messages().getFirst();
        assertThat(user.blocks().get(0).media()).contains(MediaSource.inline("image/png", "iVBOR"));
        assertThat(user.blocks().get(1).media()).contains(MediaSource.at("image/jpeg", "https://example.com/cat.jpg"));
        assertThat(user.blocks().get(2).media()).contains(MediaSource.inline("application/pdf", "JVBER"));
        assertThat(user.blocks().get(3).text()).contains("plain doc");
        assertThat(user.content()).isEqualTo("describe");
    }

    @Test
    void toolUseBecomesToolCallsAndToolResultsBecomeToolTurns() throws Exception {
        GatewayRequest request = read("""
                {"model":"claude","max_tokens":10,"messages":[
                  {"role":"user","content":"weather?"},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"s"},
                    {"type":"text","text":"Looking."},
                    {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1",
                    "content":[{"type":"text","text":"18C"}]},{"type":"text","text":"and tomorrow?"}]}]}
                """);

        ChatMessage assistant = request.messages().get(1);
        assertThat(assistant.role()).isEqualTo("assistant");
        assertThat(assistant.content()).isEqualTo("Looking.");
        assertThat(assistant.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.id()).isEqualTo("toolu_1");
            assertThat(call.name()).isEqualTo("get_weather");
            assertThat(call.arguments()).isEqualTo("{\"city\":\"Paris\"}");
        });
        assertThat(assistant.blocks().getFirst().type()).isEqualTo("thinking");
        assertThat(assistant.blocks().getFirst().text()).isEmpty();
        ChatMessage tool = request.messages().get(2);
        assertThat(tool.role()).isEqualTo("tool");
        assertThat(tool.toolCallId()).contains("toolu_1");
        assertThat(tool.content()).isEqualTo("18C");
        assertThat(request.messages().get(3)).isEqualTo(new ChatMessage("user", "and tomorrow?",
                request.messages().get(3).blocks(), java.util.List.of(), Optional.empty(), Optional.empty()));
    }

    @Test
    void toolsAndToolChoiceAreReadInTheGatewaysVocabulary() throws Exception {
        String tools = "\"tools\":[{\"name\":\"f\",\"description\":\"d\",\"input_schema\":{\"type\":\"object\"}},"
                + "{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]";
        String base = "{\"model\":\"c\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + tools + ",\"tool_choice\":";

        GatewayRequest any = read(base + "{\"type\":\"any\"}}");
        assertThat(any.tools()).singleElement().satisfies(tool -> {
            assertThat(tool.name()).isEqualTo("f");
            assertThat(tool.description()).contains("d");
            assertThat(tool.parameters().path("type").asText()).isEqualTo("object");
        });
        assertThat(any.toolChoice().orElseThrow().asText()).isEqualTo("required");
        assertThat(read(base + "{\"type\":\"auto\"}}").toolChoice().orElseThrow().asText()).isEqualTo("auto");
        assertThat(read(base + "{\"type\":\"none\"}}").toolChoice().orElseThrow().asText()).isEqualTo("none");
        assertThat(read(base + "{\"type\":\"tool\",\"name\":\"f\"}}").toolChoice().orElseThrow().toString())
                .isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}");
    }

    @Test
    void refusesWhatAnthropicWouldRefuseNamingTheField() {
        assertInvalid("{\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model");
        assertInvalid("{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "max_tokens");
        assertInvalid("{\"model\":\"c\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "max_tokens");
        assertInvalid("{\"model\":\"c\",\"max_tokens\":5,\"messages\":[]}", "messages");
        assertInvalid("{\"model\":\"c\",\"max_tokens\":5,\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}",
                "messages.0.role");
        assertInvalid("{\"model\":\"c\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":7}]}",
                "messages.0.content");
        assertInvalid("{\"model\":\"c\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tool_choice\":{\"type\":\"sometimes\"}}", "tool_choice.type");
    }

    private static void assertInvalid(String body, String param) {
        assertThatThrownBy(() -> read(body)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
            assertThat(e.details()).containsEntry("param", param);
        });
    }
}
