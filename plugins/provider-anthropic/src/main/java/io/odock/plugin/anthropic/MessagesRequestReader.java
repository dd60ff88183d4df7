package io.odock.plugin.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.dialect.InboundCall;
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

import static io.odock.spi.dialect.JsonFields.array;
import static io.odock.spi.dialect.JsonFields.bool;
import static io.odock.spi.dialect.JsonFields.fieldsOutside;
import static io.odock.spi.dialect.JsonFields.integer;
import static io.odock.spi.dialect.JsonFields.invalid;
import static io.odock.spi.dialect.JsonFields.number;
import static io.odock.spi.dialect.JsonFields.object;
import static io.odock.spi.dialect.JsonFields.string;
import static io.odock.spi.dialect.JsonFields.wrongType;

/**
 * Reads an Anthropic Messages request into a {@link GatewayRequest}, checking what Anthropic would check. Content
 * blocks keep their raw form (with {@code cache_control}) for an Anthropic upstream and gain a {@link MediaSource}
 * for images and documents so other providers can rebuild them; {@code tool_result} blocks become {@code tool} turns.
 */
final class MessagesRequestReader {
    /** Headers an Anthropic upstream must see as the client sent them. */
    private static final List<String> PROVIDER_HEADERS = List.of("anthropic-version", "anthropic-beta");
    /** Fields with a normalized counterpart; the rest (thinking, service_tier, ...) reach Anthropic upstreams only. */
    private static final java.util.Set<String> MAPPED = java.util.Set.of("model", "max_tokens", "messages", "system",
            "temperature", "top_p", "top_k", "stop_sequences", "metadata", "tools", "tool_choice", "stream");

    private MessagesRequestReader() {
    }

    static GatewayRequest read(InboundCall call) {
        ObjectNode body = call.body();
        String model = string(body, "model").filter(m -> !m.isBlank())
                .orElseThrow(() -> invalid("model", "model: Field required"));
        long maxTokens = integer(body, "max_tokens").orElseThrow(() -> invalid("max_tokens",
                "max_tokens: Field required"));
        if (maxTokens < 1) {
            throw invalid("max_tokens", "max_tokens: Input should be greater than or equal to 1");
        }
        JsonNode messages = array(body, "messages").orElseThrow(() -> invalid("messages", "messages: Field required"));
        if (messages.isEmpty()) {
            throw invalid("messages", "messages: at least one message is required");
        }
        List<ChatMessage> turns = new ArrayList<>();
        system(body).ifPresent(turns::add);
        for (int i = 0; i < messages.size(); i++) {
            turns.addAll(turn(messages.get(i), "messages." + i));
        }
        Map<String, String> providerHeaders = new LinkedHashMap<>();
        for (String header : PROVIDER_HEADERS) {
            call.header(header).ifPresent(value -> providerHeaders.put(header, value));
        }
        return GatewayRequest.builder()
                .dialect(AnthropicDialectTranslatorFactory.DIALECT)
                .model(model)
                .messages(turns)
                .maxTokens(Optional.of((int) Math.min(Integer.MAX_VALUE, maxTokens)))
                .temperature(number(body, "temperature"))
                .topP(number(body, "top_p"))
                .topK(integer(body, "top_k").map(Long::intValue))
                .stopSequences(strings(body, "stop_sequences"))
                .metadata(metadata(body))
                .tools(tools(body))
                .toolChoice(toolChoice(body))
                .stream(bool(body, "stream").orElse(false))
                // Anthropic streams always report usage, so an Anthropic client always gets it.
                .includeUsage(true)
                .rawPayload(body)
                .providerHeaders(providerHeaders)
                .unmappedFields(fieldsOutside(body, MAPPED))
                .build();
    }

    private static Optional<ChatMessage> system(JsonNode body) {
        JsonNode system = body.get("system");
        if (system == null || system.isNull()) {
            return Optional.empty();
        }
        if (system.isTextual()) {
            return Optional.of(ChatMessage.of("system", system.asText()));
        }
        if (!system.isArray()) {
            throw wrongType("system", "a string or an array of text blocks");
        }
        List<ContentBlock> blocks = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < system.size(); i++) {
            JsonNode block = system.get(i);
            if (!block.path("type").asText().equals("text") || !block.path("text").isTextual()) {
                throw invalid("system." + i, "system." + i + ": only text blocks are allowed in the system prompt");
            }
            text.append(text.isEmpty() ? "" : "\n").append(block.get("text").asText());
            blocks.add(ContentBlock.of("text", Optional.of(block.get("text").asText()), block));
        }
        return Optional.of(new ChatMessage("system", text.toString(), blocks, List.of(), Optional.empty(),
                Optional.empty()));
    }

    /** One Anthropic message: tool results become {@code tool} turns ahead of whatever else the message says. */
    private static List<ChatMessage> turn(JsonNode message, String param) {
        if (!message.isObject()) {
            throw wrongType(param, "an object");
        }
        String role = message.path("role").asText("");
        if (!role.equals("user") && !role.equals("assistant")) {
            throw invalid(param + ".role", param + ".role: Input should be 'user' or 'assistant'");
        }
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            return List.of(ChatMessage.of(role, content.asText()));
        }
        if (content == null || !content.isArray()) {
            throw wrongType(param + ".content", "a string or an array of content blocks");
        }
        List<ChatMessage> result = new ArrayList<>();
        List<ContentBlock> blocks = new ArrayList<>();
        List<ToolCall> calls = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            String where = param + ".content." + i;
            String type = block.path("type").asText("");
            switch (type) {
                case "text" -> {
                    String value = block.path("text").asText("");
                    text.append(value);
                    blocks.add(ContentBlock.of("text", Optional.of(value), block));
                }
                case "image", "document" -> blocks.add(media(block, type, where));
                case "tool_use" -> {
                    if (!block.path("id").isTextual() || !block.path("name").isTextual()) {
                        throw invalid(where, where + ": a tool_use block needs an id and a name");
                    }
                    JsonNode input = block.path("input").isObject() ? block.get("input")
                            : JsonNodeFactory.instance.objectNode();
                    calls.add(ToolCall.of(block.get("id").asText(), block.get("name").asText(), input.toString()));
                }
                case "tool_result" -> {
                    if (!block.path("tool_use_id").isTextual()) {
                        throw invalid(where + ".tool_use_id", where + ".tool_use_id: Field required");
                    }
                    result.add(new ChatMessage("tool", resultText(block.get("content")), List.of(), List.of(),
                            Optional.of(block.get("tool_use_id").asText()), Optional.empty()));
                }
                case "" -> throw invalid(where + ".type", where + ".type: Field required");
                // thinking, redacted_thinking, server tool blocks...: kept for an Anthropic upstream only.
                default -> blocks.add(ContentBlock.of(type, Optional.empty(), block));
            }
        }
        if (!blocks.isEmpty() || !calls.isEmpty()) {
            result.add(new ChatMessage(role, text.toString(), blocks, calls, Optional.empty(), Optional.empty()));
        }
        return result;
    }

    private static ContentBlock media(JsonNode block, String type, String where) {
        JsonNode source = block.path("source");
        String kind = source.path("type").asText("");
        String fallback = type.equals("image") ? "image/jpeg" : "application/pdf";
        MediaSource media = switch (kind) {
            case "base64" -> {
                if (!source.path("data").isTextual()) {
                    throw invalid(where + ".source.data", where + ".source.data: Field required");
                }
                yield MediaSource.inline(source.path("media_type").asText(fallback), source.get("data").asText());
            }
            case "url" -> MediaSource.at(fallback, source.path("url").asText());
            case "text" -> null;
            default -> throw invalid(where + ".source", where + ".source: unsupported source type '" + kind + "'");
        };
        if (media == null) {
            // A plain-text document: its text is what any provider can read.
            return ContentBlock.of(type, Optional.of(source.path("data").asText("")), block);
        }
        return ContentBlock.media(type, media, block);
    }

    /** A tool result's content (a string or text blocks) as one text. */
    private static String resultText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if (block.path("text").isTextual()) {
                text.append(text.isEmpty() ? "" : "\n").append(block.get("text").asText());
            }
        }
        return text.toString();
    }

    private static List<String> strings(JsonNode body, String field) {
        Optional<JsonNode> values = array(body, field);
        List<String> result = new ArrayList<>();
        values.ifPresent(array -> array.forEach(value -> {
            if (!value.isTextual()) {
                throw wrongType(field, "an array of strings");
            }
            result.add(value.asText());
        }));
        return result;
    }

    private static Map<String, String> metadata(JsonNode body) {
        Map<String, String> result = new LinkedHashMap<>();
        object(body, "metadata").ifPresent(node -> node.properties().forEach(entry -> {
            if (!entry.getValue().isNull()) {
                result.put(entry.getKey(), entry.getValue().asText());
            }
        }));
        return result;
    }

    private static List<ToolDefinition> tools(JsonNode body) {
        List<ToolDefinition> result = new ArrayList<>();
        Optional<JsonNode> tools = array(body, "tools");
        if (tools.isEmpty()) {
            return result;
        }
        for (int i = 0; i < tools.get().size(); i++) {
            JsonNode tool = tools.get().get(i);
            if (!tool.path("name").isTextual()) {
                throw invalid("tools." + i + ".name", "tools." + i + ".name: Field required");
            }
            // Server tools (web search, code execution) have a type and no schema: an Anthropic upstream runs them.
            if (tool.has("input_schema") || !tool.has("type") || tool.path("type").asText().equals("custom")) {
                result.add(ToolDefinition.of(tool.get("name").asText(),
                        Optional.ofNullable(tool.path("description").textValue()), tool.get("input_schema")));
            }
        }
        return result;
    }

    /** Anthropic's {@code tool_choice} in the gateway's (OpenAI's) vocabulary. */
    private static Optional<JsonNode> toolChoice(JsonNode body) {
        return object(body, "tool_choice").map(choice -> switch (choice.path("type").asText("")) {
            case "auto" -> JsonNodeFactory.instance.textNode("auto");
            case "any" -> JsonNodeFactory.instance.textNode("required");
            case "none" -> JsonNodeFactory.instance.textNode("none");
            case "tool" -> {
                ObjectNode named = JsonNodeFactory.instance.objectNode().put("type", "function");
                named.putObject("function").put("name", choice.path("name").asText());
                yield named;
            }
            default -> throw invalid("tool_choice.type",
                    "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'");
        });
    }
}
