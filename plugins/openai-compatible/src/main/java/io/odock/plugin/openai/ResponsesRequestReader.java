package io.odock.plugin.openai;

import io.odock.spi.dialect.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.ContentBlock;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.Operation;
import io.odock.spi.model.ToolDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.odock.spi.dialect.JsonFields.array;
import static io.odock.spi.dialect.JsonFields.bool;
import static io.odock.spi.dialect.JsonFields.integer;
import static io.odock.spi.dialect.JsonFields.invalid;
import static io.odock.spi.dialect.JsonFields.number;
import static io.odock.spi.dialect.JsonFields.object;
import static io.odock.spi.dialect.JsonFields.string;
import static io.odock.spi.dialect.JsonFields.wrongType;

/**
 * Reads an OpenAI Responses API request: {@code instructions} become a system message, {@code input} (a string, or
 * message items whose content is a string or {@code input_text}/{@code input_image} parts) becomes the conversation.
 * Everything else stays in the raw payload for passthrough.
 */
final class ResponsesRequestReader {
    private ResponsesRequestReader() {
    }

    static GatewayRequest read(ObjectNode body, String dialect) {
        String model = string(body, "model").filter(m -> !m.isBlank())
                .orElseThrow(() -> invalid("model", "You must provide a model parameter."));
        List<ChatMessage> messages = new ArrayList<>();
        string(body, "instructions").ifPresent(text -> messages.add(ChatMessage.of("system", text)));
        JsonNode input = body.get("input");
        if (input == null || input.isNull()) {
            throw invalid("input", "Missing required parameter: 'input'.");
        }
        if (input.isTextual()) {
            messages.add(ChatMessage.of("user", input.asText()));
        } else if (input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                messages.add(item(input.get(i), "input[" + i + "]"));
            }
        } else {
            throw wrongType("input", "a string or an array of input items");
        }
        integer(body, "max_output_tokens").filter(n -> n < 1).ifPresent(n -> {
            throw invalid("max_output_tokens", "Invalid value: must be at least 1.");
        });
        List<ToolDefinition> tools = new ArrayList<>();
        array(body, "tools").ifPresent(list -> list.forEach(tool -> {
            if (tool.path("type").asText().equals("function") && tool.path("name").isTextual()) {
                tools.add(ToolDefinition.of(tool.get("name").asText(), Optional.ofNullable(
                        tool.path("description").textValue()), tool.get("parameters")));
            }
        }));
        object(body, "metadata"); // validated here, forwarded in the raw payload
        return GatewayRequest.builder()
                .operation(Operation.RESPONSES)
                .dialect(dialect)
                .provider(string(body, "provider"))
                .model(model)
                .messages(messages)
                .temperature(number(body, "temperature"))
                .topP(number(body, "top_p"))
                .maxTokens(integer(body, "max_output_tokens").map(Long::intValue))
                .tools(tools)
                .toolChoice(Optional.ofNullable(body.get("tool_choice")).filter(t -> !t.isNull()))
                .stream(bool(body, "stream").orElse(false))
                // A Responses stream always ends with response.completed, which carries the usage.
                .includeUsage(true)
                .rawPayload(body)
                .build();
    }

    private static ChatMessage item(JsonNode item, String param) {
        if (!item.isObject()) {
            throw wrongType(param, "an input item object");
        }
        String type = item.path("type").asText("message");
        if (!type.equals("message")) {
            // Function call outputs and other items travel in the raw payload; the conversation keeps their text.
            return ChatMessage.of("tool", item.path("output").asText(""));
        }
        String role = item.path("role").asText("");
        if (!List.of("user", "assistant", "system", "developer").contains(role)) {
            throw invalid(param + ".role", "Invalid value for '" + param + ".role': '" + role + "'.");
        }
        JsonNode content = item.get("content");
        StringBuilder text = new StringBuilder();
        List<ContentBlock> blocks = new ArrayList<>();
        if (content != null && content.isTextual()) {
            text.append(content.asText());
        } else if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                Optional<String> partText = Optional.ofNullable(part.path("text").textValue());
                partText.ifPresent(text::append);
                blocks.add(ContentBlock.of(part.path("type").asText("input_text"), partText, part));
            }
        } else {
            throw wrongType(param + ".content", "a string or an array of content parts");
        }
        return new ChatMessage(role.equals("developer") ? "system" : role, text.toString(), blocks, List.of(),
                Optional.empty(), Optional.empty());
    }
}
