package io.odock.plugin.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.ToolCall;

/** Writes a complete answer as an Anthropic {@code message}. */
final class MessagesResponseWriter {
    private final ObjectMapper json;

    MessagesResponseWriter(ObjectMapper json) {
        this.json = json;
    }

    JsonNode write(GatewayRequest request, GatewayResponse response) {
        if (response.provider().equals(AnthropicProviderAdapterFactory.TYPE) && response.rawResponse().isPresent()
                && response.rawResponse().get().isObject()) {
            // Same dialect: the upstream's answer goes back as it came, under the client's model name.
            ObjectNode raw = response.rawResponse().get().deepCopy();
            raw.put("model", request.model());
            return raw;
        }
        ObjectNode root = json.createObjectNode();
        root.put("id", messageId(response.providerRequestId().orElse(null)));
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", request.model());
        ArrayNode content = root.putArray("content");
        if (!response.content().isEmpty() || response.toolCalls().isEmpty()) {
            content.addObject().put("type", "text").put("text", response.content());
        }
        for (ToolCall call : response.toolCalls()) {
            content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
                    .set("input", input(json, call.arguments()));
        }
        root.put("stop_reason", StopReasons.toAnthropic(response.stopReason()));
        root.putNull("stop_sequence");
        AnthropicUsage.write(root.putObject("usage"), response.usage());
        return root;
    }

    /** A message id in Anthropic's form, derived from the upstream's id when there is one. */
    static String messageId(String upstreamId) {
        String suffix = upstreamId == null ? Long.toHexString(System.nanoTime()) : upstreamId.replaceAll("[^A-Za-z0-9]", "");
        return "msg_" + suffix;
    }

    /** A tool call's arguments as Anthropic's {@code input} object; text that is not an object is wrapped. */
    static JsonNode input(ObjectMapper json, String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return json.createObjectNode();
        }
        try {
            JsonNode input = json.readTree(arguments);
            if (input != null && input.isObject()) {
                return input;
            }
        } catch (JsonProcessingException e) {
            // Not JSON: kept as text below, so nothing the model said is lost.
        }
        return json.createObjectNode().put("arguments", arguments);
    }
}
