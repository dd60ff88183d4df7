package io.odock.plugin.anthropic;

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
import java.util.List;

/**
 * The body sent to Anthropic's {@code /v1/messages}. An Anthropic client's own JSON goes as it came (so
 * {@code cache_control}, thinking and server tools reach the upstream) with the upstream model; any other client's
 * request is rebuilt from the normalized fields, and what Anthropic lacks is either dropped with a warning or, when
 * dropping it would change what the caller gets, refused.
 */
final class MessagesPayloads {
    private final ObjectMapper json;
    private final int defaultMaxTokens;

    MessagesPayloads(ObjectMapper json, int defaultMaxTokens) {
        this.json = json;
        this.defaultMaxTokens = defaultMaxTokens;
    }

    /** The payload and what was dropped from the request to build it. */
    record Payload(ObjectNode body, List<String> warnings) {
    }

    Payload build(GatewayRequest request) {
        Payload payload = isAnthropicShaped(request)
                ? new Payload(request.rawPayload().deepCopy(), List.of()) : normalized(request);
        ObjectNode body = payload.body();
        body.put("model", request.requireUpstream().model());
        if (request.stream()) {
            body.put("stream", true);
        } else {
            body.remove("stream");
        }
        return payload;
    }

    /**
     * The client spoke Anthropic: its own JSON is the payload (in passthrough, or when SafetySec redacted it, which it
     * does in the raw payload too).
     */
    private static boolean isAnthropicShaped(GatewayRequest request) {
        return request.dialect().equals(AnthropicDialectTranslatorFactory.DIALECT);
    }

    private Payload normalized(GatewayRequest request) {
        refuseWhatChangesTheAnswer(request);
        List<String> warnings = new ArrayList<>();
        ObjectNode body = json.createObjectNode();
        ArrayNode system = json.createArrayNode();
        ArrayNode messages = body.putArray("messages");
        int droppedParts = 0;
        for (ChatMessage message : request.messages()) {
            switch (message.role()) {
                case "system" -> system.addObject().put("type", "text").put("text", message.content());
                case "tool" -> append(messages, "user").addObject()
                        .put("type", "tool_result")
                        .put("tool_use_id", message.toolCallId().orElse(""))
                        .put("content", message.content());
                default -> {
                    String role = message.role().equals("assistant") ? "assistant" : "user";
                    ArrayNode content = json.createArrayNode();
                    droppedParts += content(message, content);
                    for (ToolCall call : message.toolCalls()) {
                        content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
                                .set("input", arguments(call));
                    }
                    // Anthropic refuses a turn without content (an assistant turn whose only part was dropped).
                    if (!content.isEmpty()) {
                        append(messages, role).addAll(content);
                    }
                }
            }
        }
        if (!system.isEmpty()) {
            body.set("system", system);
        }
        body.put("max_tokens", request.maxTokens().orElse(defaultMaxTokens));
        request.temperature().ifPresent(v -> body.put("temperature", Math.min(1.0, v)));
        request.temperature().filter(v -> v > 1.0).ifPresent(v ->
                warnings.add("temperature above 1 is not supported by anthropic and was lowered to 1"));
        request.topP().ifPresent(v -> body.put("top_p", v));
        request.topK().ifPresent(v -> body.put("top_k", v));
        if (!request.stopSequences().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            request.stopSequences().forEach(stop::add);
        }
        if (request.metadata().containsKey("user_id")) {
            body.putObject("metadata").put("user_id", request.metadata().get("user_id"));
        }
        if (request.metadata().keySet().stream().anyMatch(k -> !k.equals("user_id"))) {
            warnings.add("metadata other than user_id is not supported by anthropic and was dropped");
        }
        request.presencePenalty().ifPresent(v -> warnings.add(dropped("presence_penalty")));
        request.frequencyPenalty().ifPresent(v -> warnings.add(dropped("frequency_penalty")));
        request.seed().ifPresent(v -> warnings.add(dropped("seed")));
        request.unmappedFields().forEach(field -> warnings.add(field + " cannot be sent to anthropic and was dropped"));
        if (droppedParts > 0) {
            warnings.add(droppedParts + " content part(s) anthropic cannot take (such as audio) were dropped");
        }
        tools(request, body);
        return new Payload(body, warnings);
    }

    /** Fields whose loss would give the caller a different kind of answer than it asked for. */
    private static void refuseWhatChangesTheAnswer(GatewayRequest request) {
        if (request.responseFormat().isPresent()
                && !request.responseFormat().get().path("type").asText("text").equals("text")) {
            throw GatewayException.invalidRequest("response_format is not supported by anthropic deployments; "
                    + "describe the JSON you want in the prompt or use a tool").withDetail("param", "response_format");
        }
        if (request.choices() > 1) {
            throw GatewayException.invalidRequest("n > 1 is not supported by anthropic deployments")
                    .withDetail("param", "n");
        }
    }

    private static String dropped(String field) {
        return field + " is not supported by anthropic and was dropped";
    }

    /** The content array of the message to add to: the last one when it has the same role (Anthropic alternates). */
    private static ArrayNode append(ArrayNode messages, String role) {
        if (!messages.isEmpty() && messages.get(messages.size() - 1).path("role").asText().equals(role)) {
            return (ArrayNode) messages.get(messages.size() - 1).get("content");
        }
        ObjectNode message = messages.addObject().put("role", role);
        return message.putArray("content");
    }

    /** Adds the message's parts; returns how many had to be dropped. */
    private int content(ChatMessage message, ArrayNode content) {
        if (message.blocks().isEmpty()) {
            if (!message.content().isEmpty()) {
                content.addObject().put("type", "text").put("text", message.content());
            }
            return 0;
        }
        int dropped = 0;
        for (ContentBlock block : message.blocks()) {
            if (block.media().isPresent()) {
                if (!addMedia(block.media().get(), content)) {
                    dropped++;
                }
            } else if (block.text().isPresent()) {
                content.addObject().put("type", "text").put("text", block.text().get());
            } else {
                dropped++;
            }
        }
        return dropped;
    }

    private boolean addMedia(MediaSource media, ArrayNode content) {
        String type;
        if (media.isImage()) {
            type = "image";
        } else if (media.mediaType().equals("application/pdf")) {
            type = "document";
        } else {
            return false;
        }
        ObjectNode source = content.addObject().put("type", type).putObject("source");
        if (media.data().isPresent()) {
            source.put("type", "base64").put("media_type", media.mediaType()).put("data", media.data().get());
        } else {
            source.put("type", "url").put("url", media.url().orElseThrow());
        }
        return true;
    }

    /** A tool call's arguments as the object Anthropic's {@code input} must be. */
    private JsonNode arguments(ToolCall call) {
        if (call.arguments().isBlank()) {
            return json.createObjectNode();
        }
        try {
            JsonNode input = json.readTree(call.arguments());
            if (input != null && input.isObject()) {
                return input;
            }
        } catch (JsonProcessingException e) {
            // Falls through to the refusal below.
        }
        throw GatewayException.invalidRequest("The arguments of tool call '" + call.id()
                + "' are not a JSON object, which anthropic requires").withDetail("param", "messages");
    }

    private void tools(GatewayRequest request, ObjectNode body) {
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolDefinition tool : request.tools()) {
                ObjectNode node = tools.addObject().put("name", tool.name());
                tool.description().ifPresent(d -> node.put("description", d));
                JsonNode schema = tool.parameters().isObject() && tool.parameters().size() > 0
                        ? tool.parameters() : json.createObjectNode().put("type", "object");
                node.set("input_schema", schema);
            }
        }
        request.toolChoice().ifPresent(choice -> {
            ObjectNode node = json.createObjectNode();
            if (choice.isTextual()) {
                switch (choice.asText()) {
                    case "required" -> node.put("type", "any");
                    case "none" -> node.put("type", "none");
                    default -> node.put("type", "auto");
                }
            } else {
                node.put("type", "tool").put("name", choice.path("function").path("name").asText());
            }
            body.set("tool_choice", node);
        });
    }
}
