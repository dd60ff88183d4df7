package io.odock.plugin.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.GatewayException;
import io.odock.spi.Secret;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.ContentBlock;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.MediaSource;
import io.odock.spi.model.ToolCall;
import io.odock.spi.model.ToolDefinition;
import io.odock.spi.model.UpstreamTarget;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The normalized request of another dialect rebuilt as an Anthropic Messages payload, and what cannot be. */
class MessagesPayloadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MessagesPayloads payloads = new MessagesPayloads(JSON, 4096);

    private static GatewayRequest.Builder openAi() {
        return GatewayRequest.builder().dialect("openai").model("alias")
                .upstream(UpstreamTarget.of("anthropic", "http://127.0.0.1", Secret.of("k"), Duration.ofSeconds(5),
                        "claude-sonnet-4-5"));
    }

    @Test
    void rebuildsTheConversationInAnthropicsShape() {
        JsonNode imagePart = JsonNodeFactory.instance.objectNode().put("type", "image_url");
        GatewayRequest request = openAi()
                .messages(List.of(
                        ChatMessage.of("system", "be terse"),
                        new ChatMessage("user", "look", List.of(ContentBlock.text("look"),
                                ContentBlock.media("image_url", MediaSource.inline("image/png", "iVBOR"), imagePart),
                                ContentBlock.media("image_url", MediaSource.at("image/jpeg", "https://x/y.jpg"),
                                        imagePart)),
                                List.of(), Optional.empty(), Optional.empty()),
                        new ChatMessage("assistant", "", List.of(), List.of(ToolCall.of("call_1", "lookup",
                                "{\"q\":\"cats\"}")), Optional.empty(), Optional.empty()),
                        new ChatMessage("tool", "found 3", List.of(), List.of(), Optional.of("call_1"),
                                Optional.empty()),
                        ChatMessage.of("user", "thanks")))
                .temperature(Optional.of(0.3)).topP(Optional.of(0.8)).topK(Optional.of(7))
                .stopSequences(List.of("END")).metadata(Map.of("user_id", "u"))
                .tools(List.of(ToolDefinition.of("lookup", Optional.of("finds"),
                        JSON.createObjectNode().put("type", "object"))))
                .toolChoice(Optional.of(JSON.getNodeFactory().textNode("required")))
                .stream(true)
                .build();

        MessagesPayloads.Payload payload = payloads.build(request);
        ObjectNode body = payload.body();

        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(4096);
        assertThat(body.path("system").get(0).path("text").asText()).isEqualTo("be terse");
        JsonNode messages = body.path("messages");
        assertThat(messages.size()).isEqualTo(3);
        JsonNode user = messages.get(0).path("content");
        assertThat(user.get(1).path("source").path("type").asText()).isEqualTo("base64");
        assertThat(user.get(1).path("source").path("media_type").asText()).isEqualTo("image/png");
        assertThat(user.get(2).path("source").path("url").asText()).isEqualTo("https://x/y.jpg");
        JsonNode toolUse = messages.get(1).path("content").get(0);
        assertThat(toolUse.path("type").asText()).isEqualTo("tool_use");
        assertThat(toolUse.path("input").path("q").asText()).isEqualTo("cats");
        JsonNode results = messages.get(2).path("content");
        assertThat(results.get(0).path("type").asText()).isEqualTo("tool_result");
        assertThat(results.get(0).path("tool_use_id").asText()).isEqualTo("call_1");
        assertThat(results.get(1).path("text").asText()).isEqualTo("thanks");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.path("top_p").asDouble()).isEqualTo(0.8);
        assertThat(body.path("top_k").asInt()).isEqualTo(7);
        assertThat(body.path("stop_sequences").get(0).asText()).isEqualTo("END");
        assertThat(body.path("metadata").path("user_id").asText()).isEqualTo("u");
        assertThat(body.path("tools").get(0).path("input_schema").path("type").asText()).isEqualTo("object");
        assertThat(body.path("tool_choice").path("type").asText()).isEqualTo("any");
        assertThat(payload.warnings()).isEmpty();
    }

    @Test
    void dropsWhatAnthropicLacksWithAWarning() {
        GatewayRequest request = openAi().messages(List.of(ChatMessage.of("user", "x")))
                .presencePenalty(Optional.of(0.1)).frequencyPenalty(Optional.of(0.2)).seed(Optional.of(3L))
                .temperature(Optional.of(1.5)).metadata(Map.of("team", "a")).unmappedFields(List.of("logprobs"))
                .toolChoice(Optional.of(JSON.createObjectNode().put("type", "function")
                        .set("function", JSON.createObjectNode().put("name", "f"))))
                .build();

        MessagesPayloads.Payload payload = payloads.build(request);

        assertThat(payload.body().path("temperature").asDouble()).isEqualTo(1.0);
        assertThat(payload.body().has("metadata")).isFalse();
        assertThat(payload.body().path("tool_choice").toString()).isEqualTo("{\"type\":\"tool\",\"name\":\"f\"}");
        assertThat(String.join("; ", payload.warnings())).contains("presence_penalty", "frequency_penalty", "seed",
                "temperature", "metadata", "logprobs");
    }

    @Test
    void aTurnLeftWithoutContentIsLeftOut() {
        GatewayRequest request = openAi().messages(List.of(ChatMessage.of("user", "hi"),
                new ChatMessage("assistant", "", List.of(ContentBlock.of("thinking", Optional.empty(),
                        JSON.createObjectNode().put("type", "thinking"))), List.of(), Optional.empty(),
                        Optional.empty()),
                ChatMessage.of("user", "again"))).build();

        MessagesPayloads.Payload payload = payloads.build(request);

        JsonNode messages = payload.body().path("messages");
        assertThat(messages.size()).isEqualTo(1);
        assertThat(messages.get(0).path("content").size()).as("the two user turns merge").isEqualTo(2);
        assertThat(payload.warnings()).anyMatch(w -> w.contains("content part"));
    }

    @Test
    void refusesWhatWouldChangeTheAnswer() {
        GatewayRequest json = openAi().messages(List.of(ChatMessage.of("user", "x")))
                .responseFormat(Optional.of(JSON.createObjectNode().put("type", "json_object"))).build();
        assertThatThrownBy(() -> payloads.build(json)).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.details()).containsEntry("param", "response_format"));

        GatewayRequest several = openAi().messages(List.of(ChatMessage.of("user", "x"))).choices(2).build();
        assertThatThrownBy(() -> payloads.build(several)).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.details()).containsEntry("param", "n"));
    }

    @Test
    void anAnthropicClientsOwnJsonGoesAsItCameWithTheUpstreamModel() throws Exception {
        ObjectNode raw = (ObjectNode) JSON.readTree("""
                {"model":"alias","max_tokens":9,"thinking":{"type":"enabled","budget_tokens":1024},
                 "messages":[{"role":"user","content":[{"type":"text","text":"x","cache_control":{"type":"ephemeral"}}]}]}
                """);
        GatewayRequest request = openAi().dialect("anthropic").rawPayload(raw).build();

        ObjectNode body = payloads.build(request).body();

        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.path("thinking").path("budget_tokens").asInt()).isEqualTo(1024);
        assertThat(body.path("messages").get(0).path("content").get(0).has("cache_control")).isTrue();
        assertThat(body.has("stream")).isFalse();
        assertThat(raw.path("model").asText()).as("the client's body is not changed").isEqualTo("alias");
    }
}
