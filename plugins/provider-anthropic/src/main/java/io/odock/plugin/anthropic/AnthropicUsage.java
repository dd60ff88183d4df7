package io.odock.plugin.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.model.Usage;

/**
 * Anthropic's usage object and the gateway's convention. Anthropic's {@code input_tokens} excludes the prompt-cache
 * buckets ({@code cache_creation_input_tokens}, {@code cache_read_input_tokens}); the gateway's input tokens include
 * them, so reading adds them in and writing takes them out again.
 */
final class AnthropicUsage {
    private AnthropicUsage() {
    }

    static Usage read(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.none();
        }
        long uncached = nonNegative(usage, "input_tokens");
        long written = nonNegative(usage, "cache_creation_input_tokens");
        long read = nonNegative(usage, "cache_read_input_tokens");
        return Usage.of(uncached + written + read, nonNegative(usage, "output_tokens"), read, written, usage);
    }

    /**
     * A stream's usage so far: {@code message_start} reports the input side, {@code message_delta} the cumulative
     * output (and, from newer API versions, the input side again, which then wins).
     */
    static Usage merge(Usage start, JsonNode delta) {
        if (delta == null || !delta.isObject()) {
            return start;
        }
        boolean hasInput = delta.has("input_tokens") || delta.has("cache_read_input_tokens")
                || delta.has("cache_creation_input_tokens");
        Usage input = hasInput ? read(delta) : start;
        long output = delta.has("output_tokens") ? nonNegative(delta, "output_tokens") : start.outputTokens();
        return new Usage(input.inputTokens(), output, input.cacheReadTokens(), input.cacheWriteTokens(),
                java.util.Optional.of(delta));
    }

    static void write(ObjectNode node, Usage usage) {
        node.put("input_tokens", usage.uncachedInputTokens());
        node.put("cache_creation_input_tokens", usage.cacheWriteTokens());
        node.put("cache_read_input_tokens", usage.cacheReadTokens());
        node.put("output_tokens", usage.outputTokens());
    }

    private static long nonNegative(JsonNode node, String field) {
        return Math.max(0, node.path(field).asLong(0));
    }
}
