package io.odock.plugin.safetysec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Base64;

/** Confirms JWT candidates: the first part must decode to a JSON object naming an {@code alg}. */
final class JsonWebTokens {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonWebTokens() {
    }

    /** Whether the candidate's header is a JSON object with a text {@code alg}. */
    static boolean hasJwtHeader(String candidate) {
        int dot = candidate.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        try {
            byte[] header = Base64.getUrlDecoder().decode(candidate.substring(0, dot));
            JsonNode json = JSON.readTree(header);
            return json != null && json.isObject() && json.path("alg").isTextual();
        } catch (IllegalArgumentException | IOException e) {
            // Not base64url or not JSON: a look-alike, not a token.
            return false;
        }
    }
}
