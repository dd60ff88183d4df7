package io.odock.plugin.openai;

import io.odock.spi.dialect.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.ContentBlock;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.MediaSource;
import io.odock.spi.model.ToolCall;
import io.odock.spi.model.ToolDefinition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.odock.spi.dialect.JsonFields.array;
import static io.odock.spi.dialect.JsonFields.bool;
import static io.odock.spi.dialect.JsonFields.integer;
import static io.odock.spi.dialect.JsonFields.invalid;
import static io.odock.spi.dialect.JsonFields.number;
import static io.odock.spi.dialect.JsonFields.object;
import static io.odock.spi.dialect.JsonFields.string;
import static io.odock.spi.dialect.JsonFields.wrongType;

/**
 * Reads an OpenAI Chat Completions request body into a {@link GatewayRequest}, checking every field the gateway
 * relies on. Fields it does not know stay in the raw payload and are forwarded untouched.
 */
final class ChatRequestReader {
    /**
     * Fields with a normalized counterpart (or handled by the gateway).
     */
    static final Set<String> MAPPED = Set.of("model", "messages", "max_tokens", "max_completion_tokens", "stream",
            "stream_options", "include_usage", "tool_choice", "tools", "provider", "temperature", "top_p", "stop",
            "presence_penalty", "frequency_penalty", "seed", "metadata", "response_format", "top_k", "timeout", "n");
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private ChatRequestReader() {
    }

    static GatewayRequest read(ObjectNode body, String dialect) {
        String model = string(body, "model").filter(m -> !m.isBlank())
                .orElseThrow(() -> invalid("model", "You must provide a model parameter."));
        JsonNode messages = array(body, "messages")
                .orElseThrow(() -> invalid("messages", "Missing required parameter: 'messages'."));
        if (messages.isEmpty()) {
            throw invalid("messages", "Invalid 'messages': empty array. Expected an array with minimum length 1.");
        }
        Optional<Long> maxTokens = integer(body, "max_completion_tokens").or(() -> integer(body, "max_tokens"));
        maxTokens.filter(n -> n < 1).ifPresent(n -> {
            throw invalid(body.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens",
                    "Invalid value: must be at least 1.");
        });
        integer(body, "n").filter(n -> n < 1).ifPresent(n -> {
            throw invalid("n", "Invalid value for 'n': must be at least 1.");
        });
        Optional<JsonNode> streamOptions = object(body, "stream_options");
        boolean includeUsage = streamOptions.flatMap(o -> bool(o, "include_usage")).orElse(false)
                || bool(body, "include_usage").orElse(false);
        JsonNode toolChoice = body.get("tool_choice");
        if (toolChoice != null && !toolChoice.isNull() && !toolChoice.isTextual() && !toolChoice.isObject()) {
            throw wrongType("tool_choice", "a string or an object");
        }
        return GatewayRequest.builder()
                .dialect(dialect)
                .provider(string(body, "provider"))
                .model(model)
                .messages(messages(messages))
                .temperature(number(body, "temperature"))
                .maxTokens(maxTokens.map(Long::intValue))
                .topP(number(body, "top_p"))
                .stopSequences(stop(body))
                .presencePenalty(number(body, "presence_penalty"))
                .frequencyPenalty(number(body, "frequency_penalty"))
                .seed(integer(body, "seed"))
                .metadata(metadata(body))
                .responseFormat(object(body, "response_format"))
                .tools(tools(body))
                .toolChoice(Optional.ofNullable(toolChoice).filter(t -> !t.isNull()))
                .stream(bool(body, "stream").orElse(false))
                .includeUsage(includeUsage)
                .rawPayload(body)
                .unmappedFields(JsonFields.fieldsOutside(body, MAPPED))
                .choices(integer(body, "n").map(Long::intValue).orElse(1))
                .build();
    }

    private static List<ChatMessage> messages(JsonNode messages) {
        List<ChatMessage> result = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String param = "messages[" + i + "]";
            if (!message.isObject()) {
                throw wrongType(param, "an object");
            }
            JsonNode role = message.get("role");
            if (role == null || !role.isTextual()) {
                throw invalid(param + ".role", "Missing required parameter: '" + param + ".role'.");
            }
            if (!ROLES.contains(role.asText())) {
                throw invalid(param + ".role", "Invalid value: '" + role.asText() + "'. Supported values are: "
                        + "'system', 'developer', 'user', 'assistant', 'tool', and 'function'.");
            }
            JsonNode content = message.get("content");
            StringBuilder text = new StringBuilder();
            List<ContentBlock> blocks = new ArrayList<>();
            if (content == null || content.isNull()) {
                // Allowed for assistant turns that only call tools.
            } else if (content.isTextual()) {
                text.append(content.asText());
            } else if (content.isArray()) {
                for (JsonNode part : content) {
                    if (!part.isObject() || !part.path("type").isTextual()) {
                        throw invalid(param + ".content", "Each content part must be an object with a 'type'.");
                    }
                    Optional<String> partText = part.path("text").isTextual()
                            ? Optional.of(part.get("text").asText()) : Optional.empty();
                    partText.ifPresent(text::append);
                    blocks.add(part(part, partText));
                }
            } else {
                throw wrongType(param + ".content", "a string or an array of content parts");
            }
            String roleName = role.asText().equals("developer") ? "system" : role.asText();
            result.add(new ChatMessage(roleName, text.toString(), blocks, toolCalls(message, param),
                    string(message, "tool_call_id"), string(message, "name")));
        }
        return result;
    }

    /** A content part, with where its bytes are for images, files and audio. */
    private static ContentBlock part(JsonNode part, Optional<String> text) {
        String type = part.get("type").asText();
        Optional<MediaSource> media = switch (type) {
            case "image_url" -> Optional.ofNullable(part.path("image_url").path("url").textValue())
                    .map(url -> MediaSource.fromUrl(url, imageTypeOf(url)));
            case "input_audio" -> Optional.ofNullable(part.path("input_audio").path("data").textValue())
                    .map(data -> MediaSource.inline("audio/" + part.path("input_audio").path("format").asText("wav")
                            .replace("mp3", "mpeg"), data));
            case "file" -> Optional.ofNullable(part.path("file").path("file_data").textValue())
                    .map(data -> MediaSource.fromUrl(data.startsWith("data:") ? data
                            : "data:application/pdf;base64," + data, "application/pdf"));
            default -> Optional.empty();
        };
        return new ContentBlock(type, text, part, media);
    }

    /** An image URL's type from its extension; JPEG when it does not say (providers sniff the bytes anyway). */
    static String imageTypeOf(String url) {
        String path = url.toLowerCase(java.util.Locale.ROOT).replaceAll("[?#].*$", "");
        if (path.endsWith(".png")) {
            return "image/png";
        }
        if (path.endsWith(".gif")) {
            return "image/gif";
        }
        if (path.endsWith(".webp")) {
            return "image/webp";
        }
        return "image/jpeg";
    }

    private static List<ToolCall> toolCalls(JsonNode message, String param) {
        Optional<JsonNode> calls = array(message, "tool_calls");
        if (calls.isEmpty()) {
            return List.of();
        }
        List<ToolCall> result = new ArrayList<>();
        for (JsonNode call : calls.get()) {
            JsonNode function = call.path("function");
            if (!call.path("id").isTextual() || !function.path("name").isTextual()) {
                throw invalid(param + ".tool_calls", "Each tool call needs an 'id' and a 'function.name'.");
            }
            result.add(ToolCall.of(call.get("id").asText(), function.get("name").asText(),
                    function.path("arguments").asText("")));
        }
        return result;
    }

    private static List<String> stop(JsonNode body) {
        JsonNode stop = body.get("stop");
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stop.asText());
        }
        if (stop.isArray()) {
            List<String> sequences = new ArrayList<>();
            for (JsonNode item : stop) {
                if (!item.isTextual()) {
                    throw wrongType("stop", "a string or an array of strings");
                }
                sequences.add(item.asText());
            }
            return sequences;
        }
        throw wrongType("stop", "a string or an array of strings");
    }

    private static Map<String, String> metadata(JsonNode body) {
        Optional<JsonNode> metadata = object(body, "metadata");
        Map<String, String> result = new LinkedHashMap<>();
        metadata.ifPresent(node -> node.properties().forEach(entry -> {
            if (!entry.getValue().isTextual()) {
                throw wrongType("metadata." + entry.getKey(), "a string");
            }
            result.put(entry.getKey(), entry.getValue().asText());
        }));
        return result;
    }

    private static List<ToolDefinition> tools(JsonNode body) {
        Optional<JsonNode> tools = array(body, "tools");
        if (tools.isEmpty()) {
            return List.of();
        }
        List<ToolDefinition> result = new ArrayList<>();
        for (int i = 0; i < tools.get().size(); i++) {
            JsonNode tool = tools.get().get(i);
            if (!tool.isObject()) {
                throw wrongType("tools[" + i + "]", "an object");
            }
            JsonNode function = tool.path("function");
            if (function.path("name").isTextual()) {
                result.add(ToolDefinition.of(function.get("name").asText(),
                        function.path("description").isTextual()
                                ? Optional.of(function.get("description").asText()) : Optional.empty(),
                        function.get("parameters")));
            } else if (tool.path("type").asText("function").equals("function")) {
                throw invalid("tools[" + i + "].function.name", "Missing required parameter: 'tools[" + i
                        + "].function.name'.");
            }
        }
        return result;
    }
}
