package io.odock.plugin.gemini;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.GatewayException;

import java.util.Map;

/**
 * Google's error shape, {@code {"error":{"code","message","status","details":[...]}}}: the HTTP status, its
 * {@code google.rpc.Code} name, and details Google's clients know how to read — an {@code ErrorInfo} whose
 * {@code reason} is the gateway's stable error code, a {@code BadRequest} naming the offending field, and a
 * {@code RetryInfo} when the client should wait.
 */
final class GeminiErrors {
    static final String DOMAIN = "odock.io";
    private final ObjectMapper json;

    GeminiErrors(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode body(GatewayException error) {
        ObjectNode root = json.createObjectNode();
        ObjectNode body = root.putObject("error");
        body.put("code", error.status());
        body.put("message", error.getMessage());
        body.put("status", status(error.status()));
        ArrayNode details = body.putArray("details");
        ObjectNode info = details.addObject();
        info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
        info.put("reason", error.code());
        info.put("domain", DOMAIN);
        if (!error.details().isEmpty()) {
            // ErrorInfo.metadata is a map of strings.
            ObjectNode metadata = info.putObject("metadata");
            for (Map.Entry<String, Object> detail : error.details().entrySet()) {
                metadata.put(detail.getKey(), String.valueOf(detail.getValue()));
            }
        }
        Object param = error.details().get("param");
        if (param != null) {
            details.addObject().put("@type", "type.googleapis.com/google.rpc.BadRequest")
                    .putArray("fieldViolations").addObject()
                    .put("field", param.toString()).put("description", error.getMessage());
        }
        error.retryAfter().ifPresent(delay -> details.addObject()
                .put("@type", "type.googleapis.com/google.rpc.RetryInfo")
                .put("retryDelay", delay.toSeconds() + "s"));
        return root;
    }

    /** The {@code google.rpc.Code} name Google's APIs answer with for an HTTP status. */
    static String status(int httpStatus) {
        return switch (httpStatus) {
            case 400, 406, 413, 415, 422 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 402 -> "FAILED_PRECONDITION";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            // Google has no "method not allowed": the method is not implemented for that resource.
            case 405, 501 -> "UNIMPLEMENTED";
            case 408, 504 -> "DEADLINE_EXCEEDED";
            case 409 -> "ABORTED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 499 -> "CANCELLED";
            case 502, 503 -> "UNAVAILABLE";
            default -> httpStatus >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }
}
