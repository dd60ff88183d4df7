package io.odock.plugin.gemini;

import java.util.Set;

/**
 * Gemini's {@code finishReason} values and the gateway's stop reasons (OpenAI's vocabulary), both ways. Gemini has no
 * reason for "stopped to call a tool": it says {@code STOP}, and the presence of {@code functionCall} parts tells.
 */
final class FinishReasons {
    /** Every reason Gemini gives for withholding or cutting an answer on policy grounds. */
    private static final Set<String> FILTERED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
            "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION");

    private FinishReasons() {
    }

    /** The gateway's stop reason for a Gemini finish reason. */
    static String fromGemini(String finishReason, boolean calledTools) {
        if (calledTools) {
            return "tool_calls";
        }
        if (finishReason.equals("MAX_TOKENS")) {
            return "length";
        }
        return FILTERED.contains(finishReason) ? "content_filter" : "stop";
    }

    /** Gemini's finish reason for a gateway stop reason. */
    static String toGemini(String stopReason) {
        return switch (stopReason) {
            case "stop", "tool_calls" -> "STOP";
            case "length" -> "MAX_TOKENS";
            case "content_filter" -> "SAFETY";
            default -> "OTHER";
        };
    }
}
