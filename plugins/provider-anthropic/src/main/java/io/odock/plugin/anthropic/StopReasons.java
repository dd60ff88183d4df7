package io.odock.plugin.anthropic;

/**
 * Anthropic's {@code stop_reason} values and the gateway's (OpenAI's) vocabulary, both ways. A {@code pause_turn}
 * (a server tool paused a long turn) is a normal stop for a client that cannot resume it.
 */
final class StopReasons {
    private StopReasons() {
    }

    static String fromAnthropic(String reason) {
        return switch (reason == null ? "" : reason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }

    static String toAnthropic(String reason) {
        return switch (reason == null ? "" : reason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }
}
