package io.odock.plugin.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.Operation;
import io.odock.spi.model.ToolCall;
import io.odock.spi.model.Usage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Decoding Gemini calls, encoding answers and errors in Gemini's shapes. */
class GeminiDialectTranslatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final GeminiDialectTranslator translator = new GeminiDialectTranslator(JSON);

    private GatewayRequest decode(String body, String model, String action, Map<String, String> query)
            throws IOException {
        return translator.decode(new InboundCall(Operation.CHAT, (ObjectNode) JSON.readTree(body), Map.of(), List.of(),
                Map.of("model", model, "action", action), query));
    }

    private GatewayRequest decode(String body) throws IOException {
        return decode(body, "gem", "generateContent", Map.of());
    }

    @Test
    void decodesTheConversationToolsAndGenerationConfig() throws IOException {
        GatewayRequest request = decode("""
                {"systemInstruction":{"parts":[{"text":"Be brief."},{"text":"Use metric."}]},
                 "contents":[
                   {"role":"user","parts":[{"text":"Weather in "},{"text":"Paris?"},
                     {"inlineData":{"mimeType":"image/png","data":"iVBOR"}},
                     {"fileData":{"mimeType":"application/pdf","fileUri":"gs://b/doc.pdf"}}]},
                   {"role":"model","parts":[{"text":"thinking...","thought":true},{"text":"Let me check."},
                     {"functionCall":{"name":"get_weather","args":{"city":"Paris"}}},
                     {"functionCall":{"id":"given-1","name":"get_time","args":{}}}]},
                   {"role":"user","parts":[
                     {"functionResponse":{"name":"get_weather","response":{"temp":21}}},
                     {"functionResponse":{"id":"given-1","name":"get_time","response":{"time":"noon"}}},
                     {"text":"Thanks"}]}],
                 "generationConfig":{"temperature":0.3,"topP":0.9,"topK":40.0,"maxOutputTokens":256,
                   "stopSequences":["END"],"presencePenalty":0.1,"frequencyPenalty":0.2,"seed":7},
                 "tools":[{"functionDeclarations":[
                   {"name":"get_weather","description":"Weather now","parameters":{"type":"OBJECT",
                     "properties":{"city":{"type":"STRING","nullable":true}},"required":["city"],
                     "propertyOrdering":["city"]}},
                   {"name":"get_time","parametersJsonSchema":{"type":"object","properties":{}}}]},
                   {"googleSearch":{}}],
                 "toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_weather"]}},
                 "safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}],
                 "cachedContent":"cachedContents/abc","labels":{"team":"x"}}
                """, "models/gem", "streamGenerateContent", Map.of("alt", "sse"));

        assertThat(request.dialect()).isEqualTo("gemini");
        assertThat(request.model()).isEqualTo("gem");
        assertThat(request.stream()).isTrue();
        assertThat(request.replyOptions()).containsEntry("alt", "sse");
        List<ChatMessage> messages = request.messages();
        assertThat(messages).extracting(ChatMessage::role)
                .containsExactly("system", "user", "assistant", "tool", "tool", "user");
        assertThat(messages.get(0).content()).isEqualTo("Be brief.\nUse metric.");

        ChatMessage user = messages.get(1);
        assertThat(user.content()).isEqualTo("Weather in Paris?");
        assertThat(user.blocks()).hasSize(4);
        assertThat(user.blocks().get(2).media().orElseThrow().data()).contains("iVBOR");
        assertThat(user.blocks().get(2).media().orElseThrow().mediaType()).isEqualTo("image/png");
        assertThat(user.blocks().get(3).media().orElseThrow().url()).contains("gs://b/doc.pdf");

        ChatMessage model = messages.get(2);
        assertThat(model.content()).isEqualTo("Let me check.");
        assertThat(model.blocks().getFirst().type()).isEqualTo("thought");
        assertThat(model.blocks().getFirst().text()).isEmpty();
        assertThat(model.toolCalls()).containsExactly(ToolCall.of("call_0", "get_weather", "{\"city\":\"Paris\"}"),
                ToolCall.of("given-1", "get_time", "{}"));

        assertThat(messages.get(3).toolCallId()).contains("call_0");
        assertThat(messages.get(3).name()).contains("get_weather");
        assertThat(JSON.readTree(messages.get(3).content()).path("temp").asInt()).isEqualTo(21);
        assertThat(messages.get(4).toolCallId()).contains("given-1");
        assertThat(messages.get(5).content()).isEqualTo("Thanks");
        assertThat(messages.get(5).blocks()).as("a plain-text turn has no blocks").isEmpty();

        assertThat(request.temperature()).contains(0.3);
        assertThat(request.topP()).contains(0.9);
        assertThat(request.topK()).contains(40);
        assertThat(request.maxTokens()).contains(256);
        assertThat(request.stopSequences()).containsExactly("END");
        assertThat(request.presencePenalty()).contains(0.1);
        assertThat(request.frequencyPenalty()).contains(0.2);
        assertThat(request.seed()).contains(7L);

        assertThat(request.tools()).hasSize(2);
        JsonNode weather = request.tools().getFirst().parameters();
        assertThat(weather.path("type").asText()).isEqualTo("object");
        assertThat(weather.path("properties").path("city").path("type").toString()).isEqualTo("[\"string\",\"null\"]");
        assertThat(weather.has("propertyOrdering")).isFalse();
        assertThat(request.tools().getFirst().description()).contains("Weather now");
        assertThat(request.tools().get(1).parameters().path("type").asText()).isEqualTo("object");
        assertThat(request.toolChoice().orElseThrow().toString())
                .isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}");
        assertThat(request.rawPayload().has("safetySettings")).isTrue();
        assertThat(request.rawPayload().path("cachedContent").asText()).isEqualTo("cachedContents/abc");
        assertThat(request.rawPayload().has("labels")).isTrue();
        assertThat(request.unmappedFields()).containsExactly("safetySettings", "cachedContent", "labels");
    }

    @Test
    void mapsToolModesAndResponseFormats() throws IOException {
        String contents = "\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]";
        assertThat(decode("{" + contents + ",\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"AUTO\"}}}")
                .toolChoice().orElseThrow().asText()).isEqualTo("auto");
        assertThat(decode("{" + contents + ",\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"NONE\"}}}")
                .toolChoice().orElseThrow().asText()).isEqualTo("none");
        assertThat(decode("{" + contents + ",\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\"}}}")
                .toolChoice().orElseThrow().asText()).isEqualTo("required");

        assertThat(decode("{" + contents + ",\"generationConfig\":{\"responseMimeType\":\"application/json\"}}")
                .responseFormat().orElseThrow().toString()).isEqualTo("{\"type\":\"json_object\"}");
        JsonNode schema = decode("{" + contents + ",\"generationConfig\":{\"responseMimeType\":\"application/json\","
                + "\"responseSchema\":{\"type\":\"ARRAY\",\"items\":{\"type\":\"INTEGER\"},\"minItems\":\"1\"}}}")
                .responseFormat().orElseThrow();
        assertThat(schema.path("type").asText()).isEqualTo("json_schema");
        assertThat(schema.path("json_schema").path("name").asText()).isEqualTo("response");
        assertThat(schema.path("json_schema").path("schema").toString())
                .isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"minItems\":1}");
        JsonNode jsonSchema = decode("{" + contents + ",\"generationConfig\":{\"responseMimeType\":\"application/json\","
                + "\"responseJsonSchema\":{\"type\":\"object\"}}}").responseFormat().orElseThrow();
        assertThat(jsonSchema.path("json_schema").path("schema").toString()).isEqualTo("{\"type\":\"object\"}");

        GatewayRequest plain = decode("{" + contents + "}");
        assertThat(plain.stream()).isFalse();
        assertThat(plain.replyOptions()).isEmpty();
        assertThat(plain.messages()).extracting(ChatMessage::role).containsExactly("user");
        assertThat(decode("{" + contents + ",\"generationConfig\":{\"temperature\":1,\"thinkingConfig\":"
                + "{\"thinkingBudget\":0}}}").unmappedFields()).containsExactly("generationConfig.thinkingConfig");
    }

    @Test
    void acceptsProtobufSnakeCaseNames() throws IOException {
        GatewayRequest request = decode("""
                {"contents":[{"role":"user","parts":[{"inline_data":{"mime_type":"image/jpeg","data":"AAA"}}]}],
                 "system_instruction":{"parts":[{"text":"sys"}]},"generation_config":{"max_output_tokens":5}}
                """);
        assertThat(request.messages().getFirst().content()).isEqualTo("sys");
        assertThat(request.messages().get(1).blocks().getFirst().media().orElseThrow().mediaType())
                .isEqualTo("image/jpeg");
        assertThat(request.maxTokens()).contains(5);
    }

    @Test
    void refusesInvalidCallsNamingTheField() {
        for (String[] c : new String[][]{
                {"{}", "contents"},
                {"{\"contents\":[]}", "contents"},
                {"{\"contents\":\"hi\"}", "contents"},
                {"{\"contents\":[{\"role\":\"system\",\"parts\":[{\"text\":\"x\"}]}]}", "contents[0].role"},
                {"{\"contents\":[{\"role\":\"user\"}]}", "contents[0].parts"},
                {"{\"contents\":[{\"parts\":[{\"text\":5}]}]}", "contents[0].parts[0].text"},
                {"{\"contents\":[{\"parts\":[{\"functionCall\":{\"args\":{}}}]}]}",
                        "contents[0].parts[0].functionCall.name"},
                {"{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"generationConfig\":{\"temperature\":\"hot\"}}",
                        "generationConfig.temperature"},
                {"{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"toolConfig\":{\"functionCallingConfig\":"
                        + "{\"mode\":\"SOMETIMES\"}}}", "toolConfig.functionCallingConfig.mode"}}) {
            assertThatThrownBy(() -> decode(c[0]))
                    .as(c[0])
                    .isInstanceOfSatisfying(GatewayException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_REQUEST);
                        assertThat(e.details()).containsEntry("param", c[1]);
                    });
        }
    }

    @Test
    void encodesANormalizedAnswerInGeminisShape() throws IOException {
        GatewayRequest request = decode("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}]}");
        GatewayResponse response = GatewayResponse.builder()
                .provider("openai").model("gpt-4o-mini-2024").content("Calling.")
                .toolCalls(List.of(ToolCall.of("call_abc", "get_weather", "{\"city\":\"Paris\"}")))
                .stopReason("tool_calls").usage(Usage.of(12, 5, 4, 0, null))
                .providerRequestId(Optional.of("chatcmpl-1")).build();

        JsonNode body = translator.encode(request, response);

        JsonNode candidate = body.path("candidates").path(0);
        assertThat(candidate.path("content").path("role").asText()).isEqualTo("model");
        assertThat(candidate.path("content").path("parts").path(0).path("text").asText()).isEqualTo("Calling.");
        JsonNode call = candidate.path("content").path("parts").path(1).path("functionCall");
        assertThat(call.path("id").asText()).isEqualTo("call_abc");
        assertThat(call.path("name").asText()).isEqualTo("get_weather");
        assertThat(call.path("args").path("city").asText()).isEqualTo("Paris");
        assertThat(candidate.path("finishReason").asText()).isEqualTo("STOP");
        assertThat(candidate.path("index").asInt()).isZero();
        assertThat(body.path("usageMetadata").path("promptTokenCount").asLong()).isEqualTo(12);
        assertThat(body.path("usageMetadata").path("candidatesTokenCount").asLong()).isEqualTo(5);
        assertThat(body.path("usageMetadata").path("totalTokenCount").asLong()).isEqualTo(17);
        assertThat(body.path("usageMetadata").path("cachedContentTokenCount").asLong()).isEqualTo(4);
        assertThat(body.path("modelVersion").asText()).isEqualTo("gem");
        assertThat(body.path("responseId").asText()).isEqualTo("chatcmpl-1");
        assertThat(body.toString()).doesNotContain("gpt-4o-mini");

        for (String[] reason : new String[][]{{"stop", "STOP"}, {"length", "MAX_TOKENS"},
                {"content_filter", "SAFETY"}}) {
            JsonNode encoded = translator.encode(request, response.toBuilder().stopReason(reason[0]).toolCalls(List.of())
                    .usage(Usage.of(1, 1)).build());
            assertThat(encoded.path("candidates").path(0).path("finishReason").asText()).isEqualTo(reason[1]);
            assertThat(encoded.path("usageMetadata").has("cachedContentTokenCount")).isFalse();
        }
    }

    @Test
    void returnsAGeminiUpstreamsAnswerAsItCameButForTheModel() throws IOException {
        GatewayRequest request = decode("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}]}");
        JsonNode raw = JSON.readTree("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"hi\","
                + "\"thoughtSignature\":\"sig\"}]},\"finishReason\":\"STOP\",\"avgLogprobs\":-0.1}],"
                + "\"usageMetadata\":{\"promptTokenCount\":3},\"modelVersion\":\"gemini-2.0-flash-001\","
                + "\"responseId\":\"r1\"}");
        GatewayResponse response = GatewayResponse.builder().provider("gemini").content("hi")
                .rawResponse(Optional.of(raw)).build();

        JsonNode body = translator.encode(request, response);

        assertThat(body.path("modelVersion").asText()).isEqualTo("gem");
        assertThat(body.path("candidates").path(0).path("avgLogprobs").asDouble()).isEqualTo(-0.1);
        assertThat(body.path("candidates").path(0).path("content").path("parts").path(0).path("thoughtSignature")
                .asText()).isEqualTo("sig");
        assertThat(raw.path("modelVersion").asText()).as("the upstream's answer is not modified")
                .isEqualTo("gemini-2.0-flash-001");
    }

    @Test
    void writesErrorsInGooglesShape() {
        JsonNode unauthenticated = translator.encodeError(
                new GatewayException(401, ErrorCodes.INVALID_API_KEY, "Invalid API key"), "req-1");
        JsonNode error = unauthenticated.path("error");
        assertThat(error.path("code").asInt()).isEqualTo(401);
        assertThat(error.path("message").asText()).isEqualTo("Invalid API key");
        assertThat(error.path("status").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(error.path("details").path(0).path("@type").asText())
                .isEqualTo("type.googleapis.com/google.rpc.ErrorInfo");
        assertThat(error.path("details").path(0).path("reason").asText()).isEqualTo("invalid_api_key");
        assertThat(error.path("details").path(0).path("domain").asText()).isEqualTo("odock.io");

        JsonNode limited = translator.encodeError(new GatewayException(429, ErrorCodes.UPSTREAM_RATE_LIMITED, "slow down")
                .withRetryAfter(Duration.ofSeconds(7)), "req-2").path("error");
        assertThat(limited.path("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(limited.path("details").findValues("retryDelay")).extracting(JsonNode::asText).containsExactly("7s");

        JsonNode invalid = translator.encodeError(GatewayException.invalidRequest("bad").withDetail("param",
                "contents"), "req-3").path("error");
        assertThat(invalid.path("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(invalid.path("details").path(0).path("metadata").path("param").asText()).isEqualTo("contents");
        assertThat(invalid.path("details").path(1).path("fieldViolations").path(0).path("field").asText())
                .isEqualTo("contents");

        Map<Integer, String> statuses = Map.ofEntries(Map.entry(402, "FAILED_PRECONDITION"),
                Map.entry(403, "PERMISSION_DENIED"), Map.entry(404, "NOT_FOUND"), Map.entry(405, "UNIMPLEMENTED"),
                Map.entry(409, "ABORTED"), Map.entry(413, "INVALID_ARGUMENT"), Map.entry(415, "INVALID_ARGUMENT"),
                Map.entry(500, "INTERNAL"), Map.entry(501, "UNIMPLEMENTED"), Map.entry(502, "UNAVAILABLE"),
                Map.entry(503, "UNAVAILABLE"), Map.entry(504, "DEADLINE_EXCEEDED"));
        statuses.forEach((status, name) -> assertThat(translator.encodeError(
                new GatewayException(status, "x", "m"), "r").path("error").path("status").asText())
                .as("HTTP %d", status).isEqualTo(name));
    }
}
