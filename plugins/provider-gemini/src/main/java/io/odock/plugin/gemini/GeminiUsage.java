package io.odock.plugin.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.odock.spi.model.Usage;

/**
 * Reads Gemini's {@code usageMetadata} in the gateway's convention. Gemini's {@code promptTokenCount} already includes
 * cached tokens ({@code cachedContentTokenCount}), as the gateway's input count does; tokens of tool-use prompts
 * (code execution, search results) are counted apart by Gemini and added in here, and so are thinking tokens to the
 * output, since both are billed.
 */
final class GeminiUsage {
    private GeminiUsage() {
    }

    static Usage read(JsonNode metadata) {
        if (metadata == null || !metadata.isObject()) {
            return Usage.none();
        }
        long input = metadata.path("promptTokenCount").asLong(0) + metadata.path("toolUsePromptTokenCount").asLong(0);
        long output = metadata.path("candidatesTokenCount").asLong(0) + metadata.path("thoughtsTokenCount").asLong(0);
        long cached = Math.min(metadata.path("cachedContentTokenCount").asLong(0), input);
        long thoughts = Math.max(0, metadata.path("thoughtsTokenCount").asLong(0));
        return Usage.of(input, output, cached, 0, metadata).withReasoningTokens(Math.min(output, thoughts));
    }
}
