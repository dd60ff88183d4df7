package io.odock.core.http;

/**
 * Which dialect answers on a path, including paths no resource matched (a 404 on {@code /v1/messages/x} is still
 * answered in Anthropic's shape). One place, so that errors and routes agree.
 */
public final class Dialects {
    /** OpenAI-compatible routes. */
    public static final String OPENAI = "openai";
    /** Anthropic-compatible routes. */
    public static final String ANTHROPIC = "anthropic";
    /** Gemini-compatible routes. */
    public static final String GEMINI = "gemini";
    /** vLLM-compatible routes ({@code /v1/vllm/...}): OpenAI's wire format, vLLM's endpoints. */
    public static final String VLLM = "vllm";
    /** Odock's own routes: the unified endpoint, the admin API, health. */
    public static final String ODOCK = "odock";

    /** Gemini's actions under {@code /v1/models/}, where current Google SDKs call. */
    private static final java.util.regex.Pattern GEMINI_ON_V1 = java.util.regex.Pattern.compile(
            "/v1/models/[^/]+:(" + GeminiRoutes.ACTIONS + ")");

    private Dialects() {
    }

    /** The dialect of a request path (with or without a leading slash). */
    public static String forPath(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        if (p.startsWith("/v1/messages")) {
            return ANTHROPIC;
        }
        // The prefix first: every answer asks (for its headers), and the expression showed in profiles.
        if (p.startsWith("/v1beta/") || p.equals("/v1beta")
                || p.startsWith("/v1/models/") && GEMINI_ON_V1.matcher(p).matches()) {
            return GEMINI;
        }
        if (p.startsWith("/v1/vllm/") || p.equals("/v1/vllm")) {
            return VLLM;
        }
        if (p.startsWith("/v1/llm/") || p.startsWith("/v1/mcp/") || p.startsWith("/admin/") || !p.startsWith("/v1")) {
            return ODOCK;
        }
        return OPENAI;
    }
}
