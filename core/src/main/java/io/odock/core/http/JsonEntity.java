package io.odock.core.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;

/**
 * Serializes response bodies with the gateway's own mapper straight to bytes, which {@link ResponseBody} sends in one
 * write with an exact {@code Content-Length}. Keeping JSON out of Jersey's providers means one mapper and one error
 * path.
 */
public final class JsonEntity {
    private JsonEntity() {
    }

    /** The tree as UTF-8 JSON bytes. */
    public static byte[] of(ObjectMapper json, JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
