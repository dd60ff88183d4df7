package io.odock.core.auth;

import java.util.ArrayList;
import java.util.List;

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

    /** The places a key may go, as a client reads them in an error: {@code 'Authorization: Bearer KEY' or ...}. */
    public String describe() {
        List<String> places = new ArrayList<>(List.of("'Authorization: Bearer KEY'"));
        if (xApiKey) {
            places.add("'x-api-key: KEY'");
        }
        if (xGoogApiKey) {
            places.add("'x-goog-api-key: KEY'");
        }
        if (queryKey) {
            places.add("'?key=KEY'");
        }
        return places.size() == 1 ? places.getFirst()
                : String.join(", ", places.subList(0, places.size() - 1)) + " or " + places.getLast();
    }
}
