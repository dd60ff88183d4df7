package io.odock.core.usage;

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

    /** Writes attempts as JSON objects ({@code provider, model, outcome, error, latency_ms}), as records store them. */
    public static void writeAll(java.util.List<Attempt> attempts, com.fasterxml.jackson.databind.node.ArrayNode into) {
        for (Attempt attempt : attempts) {
            com.fasterxml.jackson.databind.node.ObjectNode node = into.addObject();
            node.put("provider", attempt.provider());
            node.put("model", attempt.model());
            node.put("outcome", attempt.succeeded() ? "ok" : "error");
            node.put("error", attempt.error().orElse(null));
            node.put("latency_ms", attempt.latencyMs());
        }
    }
}
