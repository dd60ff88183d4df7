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
 * @param reasoningTokens  output tokens the model spent reasoning (part of {@code outputTokens}), when reported
 * @param images           images generated, for models priced per image (0 otherwise)
 * @param audioSeconds     seconds of audio processed, for models priced per audio second (0 otherwise)
 * @param raw              the provider's usage object as it sent it
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                    long reasoningTokens, long images, long audioSeconds, Optional<JsonNode> raw) {

    private static final Usage NONE = new Usage(0, 0, 0, 0, Optional.empty());

    /** Validates the components. */
    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0
                || reasoningTokens < 0 || images < 0 || audioSeconds < 0) {
            throw new IllegalArgumentException("token, image and audio counts cannot be negative");
        }
        if (reasoningTokens > outputTokens) {
            throw new IllegalArgumentException("reasoning tokens are part of the output tokens and cannot exceed them");
        }
        if (cacheReadTokens + cacheWriteTokens > inputTokens) {
            throw new IllegalArgumentException("cached tokens are part of the input tokens and cannot exceed them");
        }
        Objects.requireNonNull(raw, "raw");
    }

    /**
     * Token counts without reasoning, image or audio figures.
     *
     * @param inputTokens      prompt tokens, cached ones included
     * @param outputTokens     completion tokens
     * @param cacheReadTokens  prompt tokens read from the provider's cache
     * @param cacheWriteTokens prompt tokens written to the provider's cache
     * @param raw              the provider's usage object
     */
    public Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                 Optional<JsonNode> raw) {
        this(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, 0, 0, 0, raw);
    }

    /**
     * The same usage with the output tokens spent reasoning, as the provider reported them.
     *
     * @param tokens reasoning tokens, at most {@link #outputTokens()}
     * @return a copy with {@code reasoningTokens} set
     */
    public Usage withReasoningTokens(long tokens) {
        return new Usage(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, tokens, images, audioSeconds,
                raw);
    }

    /**
     * The same usage with the images generated and the seconds of audio processed, for models priced per image or
     * per audio second.
     *
     * @param imageCount images generated
     * @param seconds    seconds of audio processed
     * @return a copy with {@code images} and {@code audioSeconds} set
     */
    public Usage withMedia(long imageCount, long seconds) {
        return new Usage(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens, imageCount,
                seconds, raw);
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
