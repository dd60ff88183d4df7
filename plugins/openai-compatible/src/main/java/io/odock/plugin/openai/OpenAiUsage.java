package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.odock.spi.model.Usage;

/**
 * Reads OpenAI's usage objects: chat's ({@code prompt_tokens}, {@code completion_tokens}) and the newer APIs'
 * (Responses, images: {@code input_tokens}, {@code output_tokens}).
 */
final class OpenAiUsage {
    private OpenAiUsage() {
    }

    static Usage read(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.none();
        }
        long input = Math.max(0, usage.path("prompt_tokens").asLong(0));
        // OpenAI caches automatically and counts cache hits inside prompt_tokens; it reports no cache writes.
        long cached = Math.min(input, Math.max(0, usage.path("prompt_tokens_details").path("cached_tokens").asLong(0)));
        return Usage.of(input, Math.max(0, usage.path("completion_tokens").asLong(0)), cached, 0, usage);
    }

    static Usage readInputOutput(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.none();
        }
        return Usage.of(Math.max(0, usage.path("input_tokens").asLong(0)),
                Math.max(0, usage.path("output_tokens").asLong(0)), usage);
    }

    /**
     * Whichever usage shape an answer carries: chat's, the newer APIs', or only a {@code total_tokens} (vLLM's rerank
     * counts the tokens it read that way), which are all input.
     */
    static Usage readAny(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.none();
        }
        if (usage.has("prompt_tokens")) {
            return read(usage);
        }
        if (usage.has("input_tokens")) {
            return readInputOutput(usage);
        }
        return Usage.of(Math.max(0, usage.path("total_tokens").asLong(0)), 0, usage);
    }
}
