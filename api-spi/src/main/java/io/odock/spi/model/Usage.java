package io.odock.spi.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;
import java.util.Optional;

/**
 * Tokens a call consumed, as the provider reported them, in one convention for every provider so that accounting
 * agrees across dialects: {@link #inputTokens()} counts every prompt token, cached ones included (OpenAI's
 * {@code prompt_tokens}); the cache buckets say how many of those were read from or written to the provider's prompt
 * cache. An adapter for a provider that reports cache buckets apart (Anthropic's {@code input_tokens} excludes them)
 * adds them in; a translator for such a dialect subtracts them again.
 *
 * @param inputTokens      prompt tokens, cached ones included
 * @param outputTokens     completion tokens (reasoning tokens included)
 * @param cacheReadTokens  prompt tokens read from the provider's cache (part of {@code inputTokens})
 * @param cacheWriteTokens prompt tokens written to the provider's cache (part of {@code inputTokens})
 * @param raw              the provider's usage object as it sent it
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                    Optional<JsonNode> raw) {

    private static final Usage NONE = new Usage(0, 0, 0, 0, Optional.empty());

    /** Validates the components. */
    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
        if (cacheReadTokens + cacheWriteTokens > inputTokens) {
            throw new IllegalArgumentException("cached tokens are part of the input tokens and cannot exceed them");
        }
        Objects.requireNonNull(raw, "raw");
    }

    /** No usage reported. */
    public static Usage none() {
        return NONE;
    }

    /** Usage without cache buckets or a raw provider object. */
    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, 0, 0, Optional.empty());
    }

    /** Usage without cache buckets, with the provider's raw object. */
    public static Usage of(long inputTokens, long outputTokens, JsonNode raw) {
        return new Usage(inputTokens, outputTokens, 0, 0, Optional.ofNullable(raw));
    }

    /** Usage with cache buckets (already counted in {@code inputTokens}) and the provider's raw object. */
    public static Usage of(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                           JsonNode raw) {
        return new Usage(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, Optional.ofNullable(raw));
    }

    /** Prompt tokens that neither came from nor went to the cache. */
    public long uncachedInputTokens() {
        return inputTokens - cacheReadTokens - cacheWriteTokens;
    }

    /** Input plus output tokens. */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
