package io.odock.plugin.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.GatewayException;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.ContentBlock;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.MediaSource;
import io.odock.spi.model.ToolCall;
import io.odock.spi.model.ToolDefinition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code GenerateContentRequest} body sent upstream. For a Gemini client (passthrough) it is the client's own JSON:
 * the model is in the URL, not the body, so nothing needs changing. Otherwise it is built from the normalized request:
 * system messages become {@code systemInstruction}, tool results {@code functionResponse} parts of a user turn (named
 * after the call they answer, since Gemini matches results by function name), sampling parameters
 * {@code generationConfig}, and OpenAI's {@code response_format} and {@code tool_choice} their Gemini counterparts.
 */
final class GeminiPayloads {
    private final ObjectMapper json;

    GeminiPayloads(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode build(GatewayRequest request) {
        if (request.passthrough() || request.dialect().equals(GeminiDialectTranslatorFactory.DIALECT)) {
            // A Gemini client's own JSON, also when its answer is not passed through (SafetySec inspecting streams,
            // whose redactions reach the raw payload too): safetySettings, cachedContent and the like stay.
            ObjectNode body = request.rawPayload().deepCopy();
            // Odock's own routing field; Gemini refuses unknown fields.
            body.remove("provider");
            return body;
        }
        if (request.choices() > 1) {
            // Several candidates would come back as one answer: not what was asked.
            throw GatewayException.invalidRequest("n > 1 is not supported by gemini deployments")
                    .withDetail("param", "n");
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode system = json.createArrayNode();
        ArrayNode contents = body.putArray("contents");
        Map<String, String> toolNames = new HashMap<>();
        ArrayNode toolResults = null;
        for (ChatMessage message : request.messages()) {
            switch (message.role()) {
                case "system" -> {
                    if (!message.content().isEmpty()) {
                        system.addObject().put("text", message.content());
                    }
                }
                case "tool" -> {
                    // Consecutive results answer one model turn: Gemini wants them together in one user turn.
                    if (toolResults == null) {
                        toolResults = contents.addObject().put("role", "user").putArray("parts");
                    }
                    toolResults.add(functionResponse(message, toolNames));
                }
                default -> {
                    toolResults = null;
                    ArrayNode parts = parts(message, request);
                    for (ToolCall call : message.toolCalls()) {
                        toolNames.put(call.id(), call.name());
                        parts.add(functionCall(call));
                    }
                    // Gemini refuses a turn without parts (an assistant turn whose only part was dropped, say).
                    if (!parts.isEmpty()) {
                        ObjectNode content = contents.addObject();
                        content.put("role", message.role().equals("assistant") ? "model" : "user");
                        content.set("parts", parts);
                    }
                }
            }
        }
        if (!system.isEmpty()) {
            body.putObject("systemInstruction").set("parts", system);
        }
        ObjectNode config = generationConfig(request);
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        if (!request.tools().isEmpty()) {
            ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
            request.tools().forEach(tool -> declarations.add(declaration(tool)));
        }
        request.toolChoice().flatMap(this::functionCallingConfig)
                .ifPresent(calling -> body.putObject("toolConfig").set("functionCallingConfig", calling));
        return body;
    }

    /** What {@link #build} leaves out because Gemini lacks it, one sentence each. */
    List<String> warnings(GatewayRequest request) {
        if (request.passthrough()) {
            return List.of();
        }
        List<String> warnings = new ArrayList<>();
        if (!request.metadata().isEmpty()) {
            warnings.add("metadata is not supported by gemini and was dropped");
        }
        if (!request.dialect().equals(GeminiDialectTranslatorFactory.DIALECT)) {
            request.unmappedFields().forEach(field -> warnings.add(field + " cannot be sent to gemini and was dropped"));
        }
        long dropped = request.messages().stream().flatMap(m -> m.blocks().stream())
                .filter(block -> !isGeminiPart(request, block) && block.media().isEmpty() && block.text().isEmpty())
                .count();
        if (dropped > 0) {
            warnings.add(dropped + " content part(s) gemini cannot take (such as thinking blocks) were dropped");
        }
        return warnings;
    }

    private ArrayNode parts(ChatMessage message, GatewayRequest request) {
        ArrayNode parts = json.createArrayNode();
        if (message.blocks().isEmpty()) {
            if (!message.content().isEmpty()) {
                parts.addObject().put("text", message.content());
            }
            return parts;
        }
        for (ContentBlock block : message.blocks()) {
            if (isGeminiPart(request, block)) {
                // Already a Gemini part: keeps what only Gemini knows (thoughtSignature, videoMetadata).
                parts.add(block.raw());
            } else if (block.media().isPresent()) {
                parts.add(mediaPart(block.media().get()));
            } else {
                block.text().ifPresent(text -> parts.addObject().put("text", text));
            }
        }
        return parts;
    }

    /** Whether the block came from a Gemini client, so that its raw form is a Gemini part. */
    private static boolean isGeminiPart(GatewayRequest request, ContentBlock block) {
        return request.dialect().equals(GeminiDialectTranslatorFactory.DIALECT) && block.raw().isObject();
    }

    private ObjectNode mediaPart(MediaSource media) {
        ObjectNode part = json.createObjectNode();
        if (media.data().isPresent()) {
            part.putObject("inlineData").put("mimeType", media.mediaType()).put("data", media.data().get());
        } else {
            part.putObject("fileData").put("mimeType", media.mediaType()).put("fileUri", media.url().orElseThrow());
        }
        return part;
    }

    private ObjectNode functionCall(ToolCall call) {
        ObjectNode part = json.createObjectNode();
        part.putObject("functionCall").put("id", call.id()).put("name", call.name())
                .set("args", ToolArguments.toObject(call.arguments(), json));
        return part;
    }

    /** A tool result as a {@code functionResponse} part: Gemini's {@code response} must be an object. */
    private ObjectNode functionResponse(ChatMessage message, Map<String, String> toolNames) {
        String name = message.toolCallId().map(toolNames::get).or(message::name)
                .or(message::toolCallId).orElse("tool");
        ObjectNode response = json.createObjectNode();
        ObjectNode function = response.putObject("functionResponse");
        message.toolCallId().ifPresent(id -> function.put("id", id));
        function.put("name", name);
        function.set("response", resultObject(message.content()));
        return response;
    }

    private JsonNode resultObject(String content) {
        try {
            JsonNode parsed = json.readTree(content);
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (JsonProcessingException e) {
            // Plain text: wrapped below.
        }
        return json.createObjectNode().put("result", content);
    }

    private ObjectNode generationConfig(GatewayRequest request) {
        ObjectNode config = json.createObjectNode();
        request.temperature().ifPresent(v -> config.put("temperature", v));
        request.topP().ifPresent(v -> config.put("topP", v));
        request.topK().ifPresent(v -> config.put("topK", v));
        request.maxTokens().ifPresent(v -> config.put("maxOutputTokens", v));
        if (!request.stopSequences().isEmpty()) {
            ArrayNode stop = config.putArray("stopSequences");
            request.stopSequences().forEach(stop::add);
        }
        request.presencePenalty().ifPresent(v -> config.put("presencePenalty", v));
        request.frequencyPenalty().ifPresent(v -> config.put("frequencyPenalty", v));
        request.seed().ifPresent(v -> config.put("seed", v));
        request.responseFormat().ifPresent(format -> {
            String type = format.path("type").asText("");
            if (type.equals("json_object") || type.equals("json_schema")) {
                config.put("responseMimeType", "application/json");
            }
            JsonNode schema = format.path("json_schema").path("schema");
            if (type.equals("json_schema") && schema.isObject()) {
                config.set("responseJsonSchema", schema);
            }
        });
        return config;
    }

    private ObjectNode declaration(ToolDefinition tool) {
        ObjectNode declaration = json.createObjectNode();
        declaration.put("name", tool.name());
        tool.description().ifPresent(d -> declaration.put("description", d));
        if (tool.parameters().isObject() && !tool.parameters().isEmpty()) {
            declaration.set("parametersJsonSchema", tool.parameters());
        }
        return declaration;
    }

    /** OpenAI's {@code tool_choice} as Gemini's {@code functionCallingConfig}. */
    private Optional<ObjectNode> functionCallingConfig(JsonNode choice) {
        ObjectNode config = json.createObjectNode();
        if (choice.isTextual()) {
            String mode = switch (choice.asText()) {
                case "auto" -> "AUTO";
                case "none" -> "NONE";
                case "required", "any" -> "ANY";
                default -> null;
            };
            return Optional.ofNullable(mode).map(m -> config.put("mode", m));
        }
        String name = choice.path("function").path("name").asText(choice.path("name").asText(""));
        if (name.isEmpty()) {
            return Optional.empty();
        }
        config.put("mode", "ANY").putArray("allowedFunctionNames").add(name);
        return Optional.of(config);
    }
}
