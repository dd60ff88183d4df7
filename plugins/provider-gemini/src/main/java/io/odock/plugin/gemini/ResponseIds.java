package io.odock.plugin.gemini;

import java.security.SecureRandom;
import java.util.Base64;

/** Response ids in the style of Gemini's {@code responseId} (a short URL-safe token), for answers that had none. */
final class ResponseIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ResponseIds() {
    }

    static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
