package io.odock.plugin.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.dialect.JsonFields;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.ToolDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Gemini {@code generateContent} / {@code streamGenerateContent} call into a {@link GatewayRequest}. The model
 * and the action come from the path; fields without a normalized counterpart ({@code safetySettings},
 * {@code cachedContent}, {@code labels}, other tool kinds) stay in the raw payload, which a Gemini upstream receives as
 * it came.
 */
final class GeminiRequestReader {
    static final String STREAM_ACTION = "streamGenerateContent";
    private static final String CONFIG = "generationConfig";
    /** Top-level fields the normalized request carries (both protobuf spellings). */
    private static final Set<String> MAPPED = Set.of("contents", "systemInstruction", "system_instruction",
            "generationConfig", "generation_config", "tools", "toolConfig", "tool_config", "provider");
    /** {@code generationConfig} fields the normalized request carries. */
    private static final Set<String> MAPPED_CONFIG = Set.of("temperature", "topP", "top_p", "topK", "top_k",
            "maxOutputTokens", "max_output_tokens", "stopSequences", "stop_sequences", "presencePenalty",
            "presence_penalty", "frequencyPenalty", "frequency_penalty", "seed", "responseMimeType",
            "response_mime_type", "responseSchema", "response_schema", "responseJsonSchema", "response_json_schema");

    private GeminiRequestReader() {
    }

    static GatewayRequest read(InboundCall call) {
        ObjectNode body = call.body();
        String model = call.pathParameter("model").map(GeminiRequestReader::withoutPrefix).filter(m -> !m.isBlank())
                .orElseThrow(() -> JsonFields.invalid("model", "The model name is missing from the path."));
        boolean stream = call.pathParameter("action").filter(STREAM_ACTION::equals).isPresent();
        JsonNode contents = GeminiFields.array(body, "contents", "")
                .filter(array -> !array.isEmpty())
                .orElseThrow(() -> JsonFields.invalid("contents",
                        "* GenerateContentRequest.contents: contents is not specified"));
        List<ChatMessage> messages = new ArrayList<>();
        systemInstruction(body).ifPresent(messages::add);
        messages.addAll(new ContentsReader().read(contents));
        JsonNode config = GeminiFields.objectOrEmpty(body, CONFIG, "");
        return GatewayRequest.builder()
                .dialect(GeminiDialectTranslatorFactory.DIALECT)
                .model(model)
                .messages(messages)
                .temperature(GeminiFields.number(config, "temperature", CONFIG))
                .topP(GeminiFields.number(config, "topP", CONFIG))
                .topK(GeminiFields.integer(config, "topK", CONFIG).map(Long::intValue))
                .maxTokens(GeminiFields.integer(config, "maxOutputTokens", CONFIG).map(Long::intValue))
                .stopSequences(strings(config, "stopSequences", CONFIG))
                .presencePenalty(GeminiFields.number(config, "presencePenalty", CONFIG))
                .frequencyPenalty(GeminiFields.number(config, "frequencyPenalty", CONFIG))
                .seed(GeminiFields.integer(config, "seed", CONFIG))
                .responseFormat(responseFormat(config))
                .tools(tools(body))
                .toolChoice(toolChoice(body))
                .stream(stream)
                // Gemini reports usageMetadata on every answer and stream; its clients always get it.
                .includeUsage(true)
                .rawPayload(body)
                .unmappedFields(unmapped(body, config))
                .replyOptions(call.queryParameter("alt").map(alt -> Map.of("alt", alt)).orElse(Map.of()))
                .build();
    }

    /**
     * What only a Gemini upstream can take ({@code safetySettings}, {@code cachedContent}, {@code labels},
     * {@code generationConfig.thinkingConfig}, ...), for adapters of other providers to report as dropped.
     */
    private static List<String> unmapped(JsonNode body, JsonNode config) {
        List<String> fields = new ArrayList<>(JsonFields.fieldsOutside(body, MAPPED));
        JsonFields.fieldsOutside(config, MAPPED_CONFIG).forEach(field -> fields.add(CONFIG + "." + field));
        return fields;
    }

    private static String withoutPrefix(String model) {
        return model.startsWith("models/") ? model.substring("models/".length()) : model;
    }

    private static Optional<ChatMessage> systemInstruction(JsonNode body) {
        JsonNode instruction = GeminiFields.get(body, "systemInstruction");
        if (instruction == null) {
            return Optional.empty();
        }
        if (instruction.isTextual()) {
            return Optional.of(ChatMessage.of("system", instruction.asText()));
        }
        if (!instruction.isObject()) {
            throw JsonFields.wrongType("systemInstruction", "an object");
        }
        List<String> texts = new ArrayList<>();
        JsonNode parts = GeminiFields.array(instruction, "parts", "systemInstruction").orElse(JsonNodeFactory.instance.arrayNode());
        for (int i = 0; i < parts.size(); i++) {
            GeminiFields.string(parts.get(i), "text", "systemInstruction.parts[" + i + "]").ifPresent(texts::add);
        }
        return texts.isEmpty() ? Optional.empty() : Optional.of(ChatMessage.of("system", String.join("\n", texts)));
    }

    private static List<String> strings(JsonNode object, String field, String path) {
        List<String> values = new ArrayList<>();
        JsonNode array = GeminiFields.array(object, field, path).orElse(JsonNodeFactory.instance.arrayNode());
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isTextual()) {
                throw JsonFields.wrongType(path + "." + field + "[" + i + "]", "a string");
            }
            values.add(array.get(i).asText());
        }
        return values;
    }

    /** {@code responseMimeType: application/json} with or without a schema, in OpenAI's {@code response_format}. */
    private static Optional<JsonNode> responseFormat(JsonNode config) {
        if (!GeminiFields.string(config, "responseMimeType", CONFIG).filter("application/json"::equals).isPresent()) {
            return Optional.empty();
        }
        Optional<JsonNode> schema = GeminiFields.object(config, "responseJsonSchema", CONFIG)
                .or(() -> GeminiFields.object(config, "responseSchema", CONFIG).map(SchemaConverter::toJsonSchema));
        ObjectNode format = JsonNodeFactory.instance.objectNode();
        if (schema.isEmpty()) {
            return Optional.of(format.put("type", "json_object"));
        }
        format.put("type", "json_schema").putObject("json_schema").put("name", "response").set("schema", schema.get());
        return Optional.of(format);
    }

    private static List<ToolDefinition> tools(JsonNode body) {
        List<ToolDefinition> definitions = new ArrayList<>();
        JsonNode tools = GeminiFields.array(body, "tools", "").orElse(JsonNodeFactory.instance.arrayNode());
        for (int i = 0; i < tools.size(); i++) {
            String toolPath = "tools[" + i + "]";
            JsonNode declarations = GeminiFields.array(tools.get(i), "functionDeclarations", toolPath)
                    .orElse(JsonNodeFactory.instance.arrayNode());
            for (int j = 0; j < declarations.size(); j++) {
                String path = toolPath + ".functionDeclarations[" + j + "]";
                JsonNode declaration = declarations.get(j);
                if (!declaration.isObject()) {
                    throw JsonFields.wrongType(path, "an object");
                }
                JsonNode parameters = GeminiFields.object(declaration, "parametersJsonSchema", path)
                        .or(() -> GeminiFields.object(declaration, "parameters", path)
                                .map(SchemaConverter::toJsonSchema))
                        .orElseGet(JsonNodeFactory.instance::objectNode);
                definitions.add(ToolDefinition.of(GeminiFields.requiredString(declaration, "name", path),
                        GeminiFields.string(declaration, "description", path), parameters));
            }
        }
        return definitions;
    }

    /** {@code toolConfig.functionCallingConfig} in OpenAI's {@code tool_choice} vocabulary. */
    private static Optional<JsonNode> toolChoice(JsonNode body) {
        String path = "toolConfig.functionCallingConfig";
        JsonNode config = GeminiFields.get(GeminiFields.get(body, "toolConfig"), "functionCallingConfig");
        if (config == null) {
            return Optional.empty();
        }
        List<String> allowed = strings(config, "allowedFunctionNames", path);
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (GeminiFields.string(config, "mode", path).orElse("MODE_UNSPECIFIED")) {
            case "AUTO", "VALIDATED" -> Optional.of(nodes.textNode("auto"));
            case "NONE" -> Optional.of(nodes.textNode("none"));
            case "ANY" -> {
                if (allowed.size() != 1) {
                    yield Optional.of(nodes.textNode("required"));
                }
                ObjectNode choice = nodes.objectNode().put("type", "function");
                choice.putObject("function").put("name", allowed.getFirst());
                yield Optional.of(choice);
            }
            case "MODE_UNSPECIFIED" -> Optional.empty();
            default -> throw JsonFields.invalid(path + ".mode",
                    "Invalid value at '" + path + ".mode': expected AUTO, ANY, NONE or VALIDATED.");
        };
    }
}
