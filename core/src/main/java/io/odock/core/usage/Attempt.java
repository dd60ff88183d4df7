package io.odock.core.usage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * One try of a call on one deployment.
 *
 * @param provider  the provider entry's id
 * @param model     the upstream model name
 * @param succeeded whether the deployment answered
 * @param error     the error code when it did not
 * @param latencyMs how long the try took (to the first byte, for streams)
 */
public record Attempt(String provider, String model, boolean succeeded, Optional<String> error, long latencyMs) {

    /**
     * Adds attempts to an answer's tree as JSON objects ({@code provider, model, outcome, error, latency_ms}), the shape
     * {@link #write} gives the usage table.
     */
    public static void writeAll(List<Attempt> attempts, ArrayNode into) {
        for (Attempt attempt : attempts) {
            ObjectNode node = into.addObject();
            node.put("provider", attempt.provider());
            node.put("model", attempt.model());
            node.put("outcome", outcome(attempt));
            node.put("error", attempt.error().orElse(null));
            node.put("latency_ms", attempt.latencyMs());
        }
    }

    /**
     * Writes attempts as an array of the objects {@link #writeAll} adds to a tree, straight to a generator: the usage
     * writer makes one per call, and building a tree first showed in its profile (0.7% of the gateway's samples).
     */
    static void write(List<Attempt> attempts, JsonGenerator json) throws IOException {
        json.writeStartArray();
        for (Attempt attempt : attempts) {
            json.writeStartObject();
            json.writeStringField("provider", attempt.provider());
            json.writeStringField("model", attempt.model());
            json.writeStringField("outcome", outcome(attempt));
            json.writeStringField("error", attempt.error().orElse(null));
            json.writeNumberField("latency_ms", attempt.latencyMs());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static String outcome(Attempt attempt) {
        return attempt.succeeded() ? "ok" : "error";
    }
}
