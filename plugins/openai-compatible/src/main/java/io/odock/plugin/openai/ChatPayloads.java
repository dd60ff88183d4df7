package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.ContentBlock;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.MediaSource;
import io.odock.spi.model.Operation;
import io.odock.spi.model.ToolDefinition;

import java.util.ArrayList;
import java.util.List;

/**
 * The body sent to {@code /chat/completions}, {@code /embeddings} or {@code /responses}. For an OpenAI client (passthrough) it is the client's own JSON with
 * only what the gateway must change; otherwise it is built from the normalized request.
 */
final class ChatPayloads {
    private final ObjectMapper json;
    private final CompatibleApi api;

    ChatPayloads(ObjectMapper json, CompatibleApi api) {
        this.json = json;
        this.api = api;
    }

    ObjectNode build(GatewayRequest request) {
        if (request.operation() == Operation.EMBEDDINGS) {
            return embeddings(request);
        }
        if (request.operation() == Operation.RESPONSES) {
            return responses(request);
        }
        if (request.operation() != Operation.CHAT && request.operation() != Operation.COMPLETIONS) {
            // Only this wire format speaks these shapes (images, vLLM's pooling family): the client's JSON goes as it
            // came, with the upstream model.
            ObjectNode body = passthrough(request);
            body.put("model", request.requireUpstream().model());
            return body;
        }
        // An OpenAI-shaped body (OpenAI or unified client) keeps every field, also when the answer is not passed
        // through (SafetySec inspecting streams): SafetySec's redactions are applied to the raw payload too.
        ObjectNode body = request.passthrough() || isOpenAiShaped(request) ? passthrough(request) : normalized(request);
        body.put("model", request.requireUpstream().model());
        if (request.stream()) {
            body.put("stream", true);
            // Metering needs usage on every stream; the client only sees it if it asked (the translator drops it).
            ObjectNode options = body.has("stream_options") && body.get("stream_options").isObject()
                    ? (ObjectNode) body.get("stream_options") : body.putObject("stream_options");
            options.put("include_usage", true);
        } else {
            body.remove("stream_options");
        }
        return body;
    }

    private ObjectNode embeddings(GatewayRequest request) {
        ObjectNode body;
        if (request.passthrough()) {
            body = passthrough(request);
        } else {
            body = json.createObjectNode();
            ArrayNode input = body.putArray("input");
            request.inputs().forEach(input::add);
            request.dimensions().ifPresent(d -> body.put("dimensions", d));
            body.put("encoding_format", "float");
        }
        body.put("model", request.requireUpstream().model());
        return body;
    }

    private ObjectNode responses(GatewayRequest request) {
        ObjectNode body;
        if (request.passthrough()) {
            body = passthrough(request);
        } else {
            body = json.createObjectNode();
            ArrayNode input = body.putArray("input");
            for (ChatMessage message : request.messages()) {
                if (message.role().equals("system")) {
                    String instructions = body.path("instructions").asText("");
                    body.put("instructions", instructions.isEmpty() ? message.content()
                            : instructions + "\n" + message.content());
                } else if (!message.role().equals("tool")) {
                    input.addObject().put("role", message.role()).put("content", message.content());
                }
            }
            request.temperature().ifPresent(v -> body.put("temperature", v));
            request.topP().ifPresent(v -> body.put("top_p", v));
            request.maxTokens().ifPresent(v -> body.put("max_output_tokens", v));
        }
        body.put("model", request.requireUpstream().model());
        if (request.stream()) {
            body.put("stream", true);
        }
        return body;
    }

    /** What {@link #build} leaves out because OpenAI's chat API lacks it, one sentence each. */
    List<String> warnings(GatewayRequest request) {
        if (request.passthrough() || request.operation() != Operation.CHAT) {
            return List.of();
        }
        List<String> warnings = new ArrayList<>();
        if (!api.acceptsTopK()) {
            request.topK().ifPresent(k -> warnings.add("top_k is not supported by " + api.providerType()
                    + " and was dropped"));
        }
        boolean ownDialect = isOpenAiShaped(request);
        if (!ownDialect) {
            request.unmappedFields().forEach(field -> warnings.add(field + " cannot be sent to " + api.providerType()
                    + " and was dropped"));
        }
        long dropped = request.messages().stream().flatMap(m -> m.blocks().stream())
                .filter(b -> !(ownDialect && b.raw().isObject()) && b.media().isEmpty() && b.text().isEmpty())
                .count();
        if (dropped > 0) {
            warnings.add(dropped + " content part(s) " + api.providerType()
                    + " cannot take (such as thinking blocks) were dropped");
        }
        return warnings;
    }

    /** Whether the request's content parts are already in OpenAI's shape. */
    private static boolean isOpenAiShaped(GatewayRequest request) {
        return CompatibleApi.isOpenAiShaped(request.dialect());
    }

    /** An image, PDF or audio part from another dialect, in OpenAI's chat shape. */
    private ObjectNode mediaPart(MediaSource media) {
        ObjectNode part = json.createObjectNode();
        if (media.isImage()) {
            part.put("type", "image_url").putObject("image_url").put("url", media.asUrl());
        } else if (media.mediaType().startsWith("audio/") && media.data().isPresent()) {
            part.put("type", "input_audio").putObject("input_audio").put("data", media.data().get())
                    .put("format", media.mediaType().substring("audio/".length()).replace("mpeg", "mp3"));
        } else {
            ObjectNode file = part.put("type", "file").putObject("file");
            if (media.data().isPresent()) {
                file.put("file_data", media.asUrl()).put("filename", "document");
            } else {
                // OpenAI takes files by id or inline only: a URL is passed as text the model can read.
                part.removeAll();
                part.put("type", "text").put("text", media.url().orElseThrow());
            }
        }
        return part;
    }

    private ObjectNode passthrough(GatewayRequest request) {
        ObjectNode body = request.rawPayload().deepCopy();
        // Odock's own fields: the upstream would reject them.
        body.remove("provider");
        body.remove("include_usage");
        if (request.dialect().equals(UnifiedDialectTranslator.DIALECT)) {
            // The unified request's own fields: the gateway has applied them (top_k goes where it is understood).
            body.remove("timeout");
            if (!api.acceptsTopK()) {
                body.remove("top_k");
            }
        }
        return body;
    }

    private ObjectNode normalized(GatewayRequest request) {
        ObjectNode body = json.createObjectNode();
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage message : request.messages()) {
            ObjectNode node = messages.addObject();
            node.put("role", message.role());
            if (!message.blocks().isEmpty() && message.blocks().stream().anyMatch(b -> !b.type().equals("text"))) {
                ArrayNode parts = node.putArray("content");
                boolean ownDialect = isOpenAiShaped(request);
                for (ContentBlock block : message.blocks()) {
                    if (ownDialect && block.raw().isObject()) {
                        parts.add(block.raw());
                    } else if (block.media().isPresent()) {
                        parts.add(mediaPart(block.media().get()));
                    } else {
                        block.text().ifPresent(text -> parts.addObject().put("type", "text").put("text", text));
                    }
                }
            } else if (message.content().isEmpty() && !message.toolCalls().isEmpty()) {
                node.putNull("content");
            } else {
                node.put("content", message.content());
            }
            if (!message.toolCalls().isEmpty()) {
                ChatResponseWriter.writeToolCalls(node.putArray("tool_calls"), message.toolCalls());
            }
            message.toolCallId().ifPresent(id -> node.put("tool_call_id", id));
            message.name().ifPresent(name -> node.put("name", name));
        }
        request.temperature().ifPresent(v -> body.put("temperature", v));
        request.maxTokens().ifPresent(v -> body.put("max_completion_tokens", v));
        request.topP().ifPresent(v -> body.put("top_p", v));
        if (api.acceptsTopK()) {
            request.topK().ifPresent(v -> body.put("top_k", v));
        }
        if (!request.stopSequences().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.stopSequences().forEach(stop::add);
        }
        request.presencePenalty().ifPresent(v -> body.put("presence_penalty", v));
        request.frequencyPenalty().ifPresent(v -> body.put("frequency_penalty", v));
        request.seed().ifPresent(v -> body.put("seed", v));
        if (!request.metadata().isEmpty()) {
            ObjectNode metadata = body.putObject("metadata");
            request.metadata().forEach(metadata::put);
        }
        request.responseFormat().ifPresent(v -> body.set("response_format", v));
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolDefinition tool : request.tools()) {
                ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", tool.name());
                tool.description().ifPresent(d -> function.put("description", d));
                function.set("parameters", tool.parameters());
            }
        }
        request.toolChoice().ifPresent(v -> body.set("tool_choice", v));
        return body;
    }
}
