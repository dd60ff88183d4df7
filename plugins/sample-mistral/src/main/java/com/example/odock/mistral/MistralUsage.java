package com.example.odock.mistral;

import com.fasterxml.jackson.databind.JsonNode;
import io.odock.spi.model.Usage;

/** Reads Mistral's {@code usage} object ({@code prompt_tokens}, {@code completion_tokens}, {@code total_tokens}). */
final class MistralUsage {
    private MistralUsage() {
    }

    /** The usage; zero tokens when the upstream sent none. */
    static Usage read(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.none();
        }
        return Usage.of(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0), usage);
    }

    /** Mistral's finish reasons in the gateway's (OpenAI's) vocabulary. */
    static String stopReason(String finishReason) {
        return switch (finishReason) {
            case "length", "model_length" -> "length";
            case "tool_calls" -> "tool_calls";
            default -> "stop";
        };
    }
}
