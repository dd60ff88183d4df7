package io.odock.core.auth;

/**
 * Where a route's clients may put their Odock key. {@code Authorization: Bearer} works everywhere; the Anthropic
 * route also takes {@code x-api-key} (what Anthropic's SDKs send), the Gemini routes {@code x-goog-api-key} and
 * {@code ?key=} (what Google's SDKs and REST examples send).
 *
 * @param xApiKey      accept {@code x-api-key}
 * @param xGoogApiKey  accept {@code x-goog-api-key}
 * @param queryKey     accept {@code ?key=}
 */
public record CredentialSources(boolean xApiKey, boolean xGoogApiKey, boolean queryKey) {
    /** Bearer only (OpenAI-compatible and Odock routes). */
    public static final CredentialSources BEARER = new CredentialSources(false, false, false);
    /** Bearer or {@code x-api-key}. */
    public static final CredentialSources ANTHROPIC = new CredentialSources(true, false, false);
    /** Bearer, {@code x-goog-api-key} or {@code ?key=}. */
    public static final CredentialSources GEMINI = new CredentialSources(false, true, true);
}
