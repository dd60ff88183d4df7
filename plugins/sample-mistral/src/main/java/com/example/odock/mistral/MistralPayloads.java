package com.example.odock.mistral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.ToolCall;
import io.odock.spi.model.ToolDefinition;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the body of Mistral's {@code POST /v1/chat/completions} from the gateway's normalized request. The shape is
 * OpenAI-like, with Mistral's own names where they differ: {@code random_seed} for the seed, {@code safe_prompt},
 * and {@code any} where OpenAI says {@code tool_choice: "required"}.
 */
final class MistralPayloads {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final boolean safePrompt;

    /** @param safePrompt whether every call asks for Mistral's safety prompt */
    MistralPayloads(boolean safePrompt) {
        this.safePrompt = safePrompt;
    }

    /** The request body for {@code request}, streamed or not as it asks. */
    ObjectNode build(GatewayRequest request) {
        ObjectNode body = NODES.objectNode();
        body.put("model", request.requireUpstream().model());
        ArrayNode messages = body.putArray("messages");
        request.messages().forEach(message -> messages.add(message(message)));
        request.temperature().ifPresent(value -> body.put("temperature", value));
        request.topP().ifPresent(value -> body.put("top_p", value));
        request.maxTokens().ifPresent(value -> body.put("max_tokens", value));
        request.presencePenalty().ifPresent(value -> body.put("presence_penalty", value));
        request.frequencyPenalty().ifPresent(value -> body.put("frequency_penalty", value));
        request.seed().ifPresent(value -> body.put("random_seed", value));
        if (!request.stopSequences().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.stopSequences().forEach(stop::add);
        }
        if (request.choices() > 1) {
            body.put("n", request.choices());
        }
        request.responseFormat().ifPresent(format -> body.set("response_format", format));
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            request.tools().forEach(tool -> tools.add(tool(tool)));
        }
        request.toolChoice().ifPresent(choice -> body.set("tool_choice", toolChoice(choice)));
        body.put("stream", request.stream());
        body.put("safe_prompt", safePrompt);
        return body;
    }

    /**
     * What this provider could not carry, one sentence each, for the {@code x-odock-warning} header: top-level fields
     * of the client's body that have no Mistral equivalent, and top-k sampling, which Mistral does not offer.
     */
    List<String> warnings(GatewayRequest request) {
        List<String> warnings = new ArrayList<>();
        request.topK().ifPresent(value -> warnings.add("top_k was dropped: Mistral has no top-k sampling"));
        request.unmappedFields().forEach(field -> warnings.add(field + " was dropped: Mistral has no equivalent"));
        return warnings;
    }

    private static ObjectNode message(ChatMessage message) {
        ObjectNode node = NODES.objectNode();
        node.put("role", message.role());
        node.put("content", message.content());
        message.name().ifPresent(name -> node.put("name", name));
        message.toolCallId().ifPresent(id -> node.put("tool_call_id", id));
        if (!message.toolCalls().isEmpty()) {
            ArrayNode calls = node.putArray("tool_calls");
            for (ToolCall call : message.toolCalls()) {
                ObjectNode function = NODES.objectNode().put("name", call.name()).put("arguments", call.arguments());
                calls.addObject().put("id", call.id()).put("type", "function").set("function", function);
            }
        }
        return node;
    }

    private static ObjectNode tool(ToolDefinition tool) {
        ObjectNode function = NODES.objectNode().put("name", tool.name());
        tool.description().ifPresent(text -> function.put("description", text));
        function.set("parameters", tool.parameters());
        ObjectNode node = NODES.objectNode().put("type", "function");
        node.set("function", function);
        return node;
    }

    /** OpenAI's vocabulary in, Mistral's out: {@code required} is {@code any}; the rest is spelt the same. */
    private static JsonNode toolChoice(JsonNode choice) {
        if (choice.isTextual() && choice.asText().equals("required")) {
            return NODES.textNode("any");
        }
        return choice;
    }
}
