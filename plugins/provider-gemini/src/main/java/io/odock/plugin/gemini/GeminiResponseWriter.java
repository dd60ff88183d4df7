package io.odock.plugin.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.ToolCall;
import io.odock.spi.model.Usage;

import java.util.List;

/**
 * Writes a complete answer as Gemini's {@code GenerateContentResponse}. A Gemini upstream's own answer goes back as
 * it came, with only {@code modelVersion} renamed to the client's model; any other answer is built from the normalized
 * response. The pieces ({@link #candidate}, {@link #usageMetadata}) are shared with the stream encoder, whose chunks
 * have the same shape.
 */
final class GeminiResponseWriter {
    private final ObjectMapper json;

    GeminiResponseWriter(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode write(GatewayRequest request, GatewayResponse response) {
        if (response.provider().equals(GeminiProviderAdapterFactory.TYPE)
                && response.rawResponse().filter(JsonNode::isObject).isPresent()) {
            ObjectNode raw = ((ObjectNode) response.rawResponse().get()).deepCopy();
            raw.put("modelVersion", request.model());
            return raw;
        }
        ObjectNode root = json.createObjectNode();
        ArrayNode parts = json.createArrayNode();
        if (!response.content().isEmpty()) {
            parts.addObject().put("text", response.content());
        }
        response.toolCalls().forEach(call -> parts.add(functionCallPart(call)));
        ObjectNode candidate = candidate(parts, 0);
        candidate.put("finishReason", FinishReasons.toGemini(response.stopReason()));
        root.putArray("candidates").add(candidate);
        root.set("usageMetadata", usageMetadata(response.usage()));
        root.put("modelVersion", request.model());
        root.put("responseId", response.providerRequestId().orElseGet(ResponseIds::next));
        return root;
    }

    /** A candidate with these parts; a candidate with none gets an empty text part, as Gemini sends. */
    ObjectNode candidate(ArrayNode parts, int index) {
        ObjectNode candidate = json.createObjectNode();
        ObjectNode content = candidate.putObject("content");
        if (parts.isEmpty()) {
            parts.addObject().put("text", "");
        }
        content.set("parts", parts);
        content.put("role", "model");
        candidate.put("index", index);
        return candidate;
    }

    /** A {@code functionCall} part: id, name and the arguments as an object. */
    ObjectNode functionCallPart(ToolCall call) {
        ObjectNode part = json.createObjectNode();
        ObjectNode functionCall = part.putObject("functionCall");
        functionCall.put("id", call.id());
        functionCall.put("name", call.name());
        functionCall.set("args", ToolArguments.toObject(call.arguments(), json));
        return part;
    }

    /** Gemini's {@code usageMetadata}; its prompt count includes cached tokens, as the gateway's input count does. */
    ObjectNode usageMetadata(Usage usage) {
        ObjectNode metadata = json.createObjectNode();
        metadata.put("promptTokenCount", usage.inputTokens());
        metadata.put("candidatesTokenCount", usage.outputTokens());
        metadata.put("totalTokenCount", usage.totalTokens());
        if (usage.cacheReadTokens() > 0) {
            metadata.put("cachedContentTokenCount", usage.cacheReadTokens());
        }
        return metadata;
    }

    /** Parts for several tool calls. */
    ArrayNode functionCallParts(List<ToolCall> calls) {
        ArrayNode parts = json.createArrayNode();
        calls.forEach(call -> parts.add(functionCallPart(call)));
        return parts;
    }
}
