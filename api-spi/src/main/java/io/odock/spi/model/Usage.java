package io.odock.spi.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;
import java.util.Optional;

/**
 * Tokens a call consumed, as the provider reported them.
 *
 * @param inputTokens  prompt tokens
 * @param outputTokens completion tokens
 * @param raw          the provider's usage object as it sent it (it may hold more detail, such as cached tokens)
 */
public record Usage(long inputTokens, long outputTokens, Optional<JsonNode> raw) {

    private static final Usage NONE = new Usage(0, 0, Optional.empty());

    /** Validates the components. */
    public Usage {
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
        Objects.requireNonNull(raw, "raw");
    }

    /** No usage reported. */
    public static Usage none() {
        return NONE;
    }

    /** Usage without a raw provider object. */
    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, Optional.empty());
    }

    /** Usage with the provider's raw object. */
    public static Usage of(long inputTokens, long outputTokens, JsonNode raw) {
        return new Usage(inputTokens, outputTokens, Optional.ofNullable(raw));
    }

    /** Input plus output tokens. */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
